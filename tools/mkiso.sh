#!/bin/sh
# Write BUILD/cairn.iso: GRUB (BIOS and UEFI) loading the kernel by
# Multiboot2 with the first program and the initramfs as modules.
set -eu
build=${1:-build}
root=$build/iso
rm -rf "$root"
mkdir -p "$root/boot/grub"
cp "$build/cairn.elf" "$root/boot/cairn.elf"
cp "$build/user/init.elf" "$root/boot/init.elf"
cp "$build/initramfs.tar" "$root/boot/initramfs.tar"
cat > "$root/boot/grub/grub.cfg" <<'CFG'
set timeout=0
set default=0
menuentry "Cairn" {
	multiboot2 /boot/cairn.elf
	module2 /boot/init.elf init
	module2 /boot/initramfs.tar initramfs.tar
	boot
}
CFG
grub-mkrescue -o "$build/cairn.iso" "$root" >"$build/mkiso.log" 2>&1 ||
	{ cat "$build/mkiso.log" >&2; exit 1; }
echo "  ISO     $build/cairn.iso"
