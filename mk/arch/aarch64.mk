# aarch64 (QEMU virt, the Raspberry Pi 3): what the Makefile's portable
# rules take from the arch.  `make ARCH=aarch64` builds the portable
# kernel on the aarch64 machine layer and the bring-up image
# (mk/aarch64.mk, docs/aarch64.md) and, of the user land, libcairn
# (user/lib/arch/aarch64) and the in-OS kernel suite (ktest.elf).
# Everything goes to $(BUILD)/aarch64, beside x86_64's files:
# build/aarch64/cairn.elf, build/aarch64/cairn.img (the kernel as a Linux
# arm64 Image), build/aarch64/Image (the bring-up),
# build/aarch64/user/ktest.elf.
A64_BASE := $(BUILD)
override BUILD := $(BUILD)/aarch64
ARCH_TRIPLE := aarch64-unknown-none-elf
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align
ARCH_KCFLAGS := $(ARCH_CFLAGS) -mcmodel=small
# The device-tree reader: memory, devices and the boot module; the
# command-line lookup and struct boot_info of lib/multiboot.
ARCH_KLIB := lib/fdt.c lib/devtree.c lib/multiboot.c
ARCH_LDS := kernel/arch/aarch64/kernel.ld
ARCH_KCHECK :=
# The bring-up's own files (its main and its EL0 program), not the kernel's.
ARCH_KEXCLUDE := kernel/arch/aarch64/bringup.c kernel/arch/aarch64/el0test.c \
	kernel/arch/aarch64/user.S
ARCH_ALL = aarch64-bringup kernel user $(BUILD)/initramfs.tar \
	$(BUILD)/boot.img
# GNU strip knows the host's machine only; llvm-strip knows them all.
ARCH_STRIP := llvm-strip
# The initramfs's etc/boot.conf for virt (its devices, not the PC's).
ARCH_INITRAMFS := initramfs-aarch64
# `make run`: virt with init and the initramfs as its boot bundle
# (mk/aarch64.mk), 256 MiB as x86_64's; Ctrl-a x leaves.
ARCH_RUN = qemu-system-aarch64 -M virt -cpu cortex-a53 -m 256M \
	-nographic -nic none -semihosting -kernel $(BUILD)/cairn.img \
	-initrd $(BUILD)/boot.img
