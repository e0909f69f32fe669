# aarch64 (QEMU virt, the Raspberry Pi 3): what the Makefile's portable
# rules take from the arch.  `make ARCH=aarch64` builds the portable
# kernel on the aarch64 machine layer and the bring-up image
# (mk/aarch64.mk, docs/aarch64.md) and, of the user land, libcairn
# (user/lib/arch/aarch64) and the in-OS kernel suite (ktest.elf).
# Everything goes to $(BUILD)/aarch64, beside x86_64's files:
# build/aarch64/cairn.elf, build/aarch64/cairn.img (the kernel as a Linux
# arm64 Image), build/aarch64/Image (the bring-up),
# build/aarch64/user/ktest.elf.
#
# BOARD (virt, the default, or raspi3b) picks the board's part of the
# user land: the manifests of the programs that drive its devices
# (<program>/arch/aarch64/<board>/) and the initramfs's etc/boot.conf
# (initramfs-aarch64/<board>).  The kernel is the same on both; the
# Pi's build goes to $(BUILD)/raspi3b.
BOARD ?= virt
ifeq ($(filter $(BOARD),virt raspi3b),)
$(error BOARD must be virt or raspi3b, not '$(BOARD)')
endif
A64_BASE := $(BUILD)
A64_DIR_virt := aarch64
A64_DIR_raspi3b := raspi3b
override BUILD := $(BUILD)/$(A64_DIR_$(BOARD))
ARCH_BOARD := $(BOARD)
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
	$(BUILD)/boot.img $(BUILD)/rpi3.dtb
# GNU strip knows the host's machine only; llvm-strip knows them all.
ARCH_STRIP := llvm-strip
# The initramfs's etc/boot.conf for the board (its devices, not the PC's).
ARCH_INITRAMFS := initramfs-aarch64/$(BOARD)
# `make run`: the board with init and the initramfs as its boot bundle
# (mk/aarch64.mk): virt with 256 MiB as x86_64's; the Pi (1 GiB) with
# Cairn's device tree for it, which names the bundle (QEMU 7.2 passes
# raspi3b none of its own).  Ctrl-a x leaves.
A64_RUN_virt = -M virt -cpu cortex-a53 -m 256M \
	-drive file=$(DISK),format=raw,if=none,id=disk0 \
	-device virtio-blk-pci,drive=disk0,disable-legacy=on \
	-netdev user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:$(HTTP_PORT)-:80 \
	-device virtio-net-pci,netdev=net0,disable-legacy=on
A64_RUN_raspi3b = -M raspi3b -dtb $(BUILD)/rpi3.dtb
# The disk goes on virt's PCIe; the Pi has no PCI, and keeps none.
A64_RUN_DEPS_virt = $(DISK)
ARCH_RUN_DEPS = $(A64_RUN_DEPS_$(BOARD))
ARCH_RUN = qemu-system-aarch64 $(A64_RUN_$(BOARD)) -nographic -nic none \
	-semihosting -kernel $(BUILD)/cairn.img -initrd $(BUILD)/boot.img
# `make debug`: the same, halted, with QEMU's GDB stub on :1234 (bound
# to 127.0.0.1), for gdb-multiarch with tools/gdbinit-aarch64.
ARCH_DEBUG = $(ARCH_RUN) -S -gdb tcp:127.0.0.1:1234
ARCH_GDB = gdb-multiarch $(BUILD)/cairn.elf -x tools/gdbinit-aarch64
