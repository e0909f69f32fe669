#!/bin/sh
# Boot Cairn in QEMU with the serial console on this terminal.
#
#   run-qemu.sh [--arch x86_64|aarch64] [--board virt|raspi3b]
#               [--build DIR] [--accel kvm|tcg]
#               [--iso bios|uefi] [--append "KERNEL OPTIONS"] [--root NAME]
#               [--args "PROGRAM ARGS"] [--modules "FILE ARGS,FILE ARGS"]
#               [--machine pc|q35] [--cpu MODEL] [--icount] [--gdb] [--test]
#               [--disk IMAGE] [--disk-opts ,PROPERTY=VALUE...]
#               [--net] [--net-opts ,PROPERTY=VALUE...]
#               [--netdev-opts ,OPTION=VALUE...]
#               [-- EXTRA QEMU ARGUMENTS]
#
# KVM is used when /dev/kvm works on real VT-x/AMD-V (not the emulated
# kvm_pvm), TCG otherwise.  --test adds QEMU's isa-debug-exit device and
# exits with the kernel's power-off status (docs/boot.md); without it QEMU
# exits when the kernel powers off by ACPI.  --gdb starts QEMU halted with
# its GDB stub on 127.0.0.1:1234 (see tools/gdbinit).  The modules are the root
# task (BUILD/user/NAME.elf, init unless --root says otherwise) with
# --args, and the initramfs; --modules replaces both.  --disk attaches
# IMAGE (raw) as a virtio block device on PCI (virtio 1.x only:
# disable-legacy=on), on either arch but the Pi; --disk-opts adds to its
# -device (",vectors=0": no MSI-X, so its driver takes INTx; ",addr=5":
# its slot).  --net attaches a virtio NIC (virtio-net-pci, virtio 1.x
# only) on QEMU's user network, restricted: the guest (10.0.2.15) reaches
# the gateway 10.0.2.2 and nothing beyond, so no frame leaves this
# machine; --net-opts adds to its -device as --disk-opts does,
# --netdev-opts to its -netdev (",hostfwd=tcp:127.0.0.1:8080-:80": a
# forward from this machine's loopback; a guestfwd only to
# tcp:127.0.0.1; any other forward, or restrict=, is refused).
#
# --arch aarch64 boots BUILD/aarch64/cairn.img on qemu-system-aarch64
# -M virt (cortex-a53 unless --cpu; TCG): --modules FILE is its one
# -initrd (default BUILD/aarch64/boot.img, init and the initramfs in one
# boot bundle; none: no initrd), --append its -append, --icount and --gdb
# as above.  --test adds -semihosting, by which the kernel powers off
# with its status as QEMU's exit status; without it the kernel powers
# off by PSCI (docs/aarch64.md, "Console and power").  --root, --args,
# --iso, --machine and --accel are x86_64's.  --board raspi3b boots
# QEMU's Raspberry Pi 3 instead, from the files `make rpi3` writes for an
# SD card, as the Pi's firmware would: BUILD/rpi3/kernel8.img, with
# cairn-boot.img (or --modules FILE) as -initrd and cairn-rpi3.dtb as
# -dtb; without --test its watchdog powers off.
set -eu

build=build accel="" iso="" append="" args="" machine=pc cpu=""
modules="" icount=0 gdb=0 test=0 root=init arch=x86_64 board=virt disk=""
disk_opts="" net=0 net_opts="" netdev_opts=""
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift ;;
	--board) board=$2; shift ;;
	--disk) disk=$2; shift ;;
	--disk-opts) disk_opts=$2; shift ;;
	--net) net=1 ;;
	--net-opts) net_opts=$2; shift ;;
	--netdev-opts) netdev_opts=$2; shift ;;
	--build) build=$2; shift ;;
	--accel) accel=$2; shift ;;
	--iso) iso=$2; shift ;;
	--append) append=$2; shift ;;
	--args) args=$2; shift ;;
	--root) root=$2; shift ;;
	--modules) modules=$2; shift ;;
	--machine) machine=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--icount) icount=1 ;;
	--gdb) gdb=1 ;;
	--test) test=1 ;;
	--) shift; break ;;
	*) echo "run-qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

if [ -n "$disk" ]; then
	[ -r "$disk" ] || { echo "run-qemu.sh: no disk image $disk" >&2; exit 2; }
	[ "$board" = raspi3b ] &&
		{ echo "run-qemu.sh: raspi3b has no PCI for a disk" >&2; exit 2; }
	set -- -drive "file=$disk,format=raw,if=none,id=disk0" \
		-device "virtio-blk-pci,drive=disk0,disable-legacy=on$disk_opts" "$@"
fi

if [ "$net" = 1 ]; then
	[ "$board" = raspi3b ] &&
		{ echo "run-qemu.sh: raspi3b has no PCI for a NIC" >&2; exit 2; }
	# Traffic never leaves this machine: restrict=on, and a forward
	# only from the loopback.
	case "$netdev_opts" in
	*restrict=*) echo "run-qemu.sh: the user network stays restricted" >&2
		exit 2 ;;
	esac
	for f in $(echo "$netdev_opts" | tr ',' ' '); do
		case "$f" in
		hostfwd=tcp:127.0.0.1:* | hostfwd=udp:127.0.0.1:* | \
			hostfwd=:127.0.0.1:* | guestfwd=*-tcp:127.0.0.1:*) ;;
		*fwd=*)
			echo "run-qemu.sh: $f: forwards only from and to" \
				"127.0.0.1" >&2
			exit 2 ;;
		esac
	done
	set -- -netdev "user,id=net0,restrict=on$netdev_opts" \
		-device "virtio-net-pci,netdev=net0,disable-legacy=on$net_opts" "$@"
fi

# aarch64: QEMU virt under TCG (--accel is x86_64's too).
if [ "$arch" = aarch64 ]; then
	[ "$iso" = "" ] || { echo "run-qemu.sh: no --iso on aarch64" >&2; exit 2; }
	[ "$icount" = 1 ] && set -- -icount shift=0 "$@"
	[ "$gdb" = 1 ] && set -- -S -gdb tcp:127.0.0.1:1234 "$@"
	[ "$test" = 1 ] && set -- -semihosting "$@"
	[ -n "$append" ] && set -- -append "$append" "$@"
	case "$board" in
	virt)
		modules=${modules:-"$build/aarch64/boot.img"}
		[ "$modules" != none ] && set -- -initrd "$modules" "$@"
		set -- -M virt -cpu "${cpu:-cortex-a53}" -m 256M \
			-kernel "$build/aarch64/cairn.img" "$@"
		;;
	raspi3b)
		modules=${modules:-"$build/rpi3/cairn-boot.img"}
		[ "$modules" != none ] && set -- -initrd "$modules" "$@"
		set -- -M raspi3b -kernel "$build/rpi3/kernel8.img" \
			-dtb "$build/rpi3/cairn-rpi3.dtb" "$@"
		;;
	*) echo "run-qemu.sh: --board takes virt or raspi3b" >&2; exit 2 ;;
	esac
	# -nic none: no default NIC on an unrestricted user network (--net's
	# is its own, restricted).
	exec qemu-system-aarch64 -accel tcg -display none -no-reboot -nic none \
		-serial mon:stdio "$@"
fi
[ "$arch" = x86_64 ] ||
	{ echo "run-qemu.sh: --arch takes x86_64 or aarch64" >&2; exit 2; }

kvm_usable() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -e /sys/module/kvm_pvm ] &&
		grep -qwE 'vmx|svm' /proc/cpuinfo
}
if [ -z "$accel" ]; then
	if kvm_usable; then accel=kvm; else accel=tcg; fi
fi
if [ "$accel" = kvm ]; then
	set -- -accel kvm -cpu "${cpu:-host}" "$@"
else
	set -- -accel tcg -cpu "${cpu:-max}" "$@"
fi
[ "$icount" = 1 ] && set -- -icount shift=0 "$@"
[ "$gdb" = 1 ] && set -- -S -gdb tcp:127.0.0.1:1234 "$@"
if [ "$test" = 1 ]; then
	set -- -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@"
	append="cairn.debug_exit $append"
fi

case "$iso" in
"")
	modules=${modules:-"$build/user/$root.elf${args:+ $args},$build/initramfs.tar"}
	[ "$modules" != none ] && set -- -initrd "$modules" "$@"
	set -- -kernel "$build/cairn.elf" -append "$append" "$@"
	;;
bios)
	set -- -cdrom "$build/cairn.iso" "$@"
	;;
uefi)
	cp /usr/share/OVMF/OVMF_VARS.fd "$build/ovmf-vars.fd"
	set -- -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
		-drive if=pflash,format=raw,file="$build/ovmf-vars.fd" \
		-cdrom "$build/cairn.iso" "$@"
	;;
*) echo "run-qemu.sh: --iso takes bios or uefi" >&2; exit 2 ;;
esac

status=0
# -nic none: no default NIC on an unrestricted user network (--net's is
# its own, restricted).
qemu-system-x86_64 -M "$machine" -m 256M -display none -no-reboot -nic none \
	-serial mon:stdio "$@" || status=$?
if [ "$test" = 1 ] && [ "$iso" = "" ]; then
	# isa-debug-exit makes QEMU exit with (status << 1) | 1.
	[ $((status & 1)) = 1 ] && exit $((status >> 1))
	echo "run-qemu.sh: QEMU ended without a verdict (status $status)" >&2
	exit 125
fi
exit $status
