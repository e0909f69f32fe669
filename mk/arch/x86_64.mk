# x86_64, the PC: what the Makefile's portable rules take from the arch.
# No red zone in the kernel (interrupts would clobber it), no x87, MMX or
# SSE in the kernel or in libcairn (the kernel never touches user FPU
# state; programs may), the kernel linked in the top 2 GiB.
ARCH_TRIPLE := x86_64-unknown-none-elf
ARCH_CFLAGS := -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-3dnow \
	-mno-80387
ARCH_KCFLAGS := $(ARCH_CFLAGS) -mcmodel=kernel
# The boot protocol and firmware tables the PC's boot code parses.
ARCH_KLIB := lib/multiboot.c lib/acpi.c
# What `make all` builds.
ARCH_ALL = kernel user $(BUILD)/initramfs.tar compdb posix-tests
# Programs only this arch has: the Linux personality (its system-call
# table is x86_64's so far).
ARCH_PROGRAMS := services/posix
# The kernel's link script, and the check of the linked image (QEMU's
# -kernel loads it through Multiboot1's address fields).
ARCH_LDS := kernel/kernel.ld
ARCH_KCHECK = $(PYTHON) tools/checkimage.py $@
# Files of kernel/arch/x86_64 that are not the kernel's: none.
ARCH_KEXCLUDE :=
# The programs' strip, and what goes over initramfs/ in the initramfs:
# nothing.
ARCH_STRIP := strip
ARCH_INITRAMFS :=
# One board: no board part in the programs (mk/programs.mk).
ARCH_BOARD :=
# `make run`: the PC, with init and the initramfs as Multiboot modules,
# the disk, and a NIC on QEMU's restricted user network (run-qemu.sh).
ARCH_RUN = tools/run-qemu.sh --accel "$(ACCEL)" --build $(BUILD) \
	--disk $(DISK) --net --netdev-opts ",hostfwd=tcp:127.0.0.1:$(HTTP_PORT)-:80"
ARCH_RUN_DEPS = $(DISK)
# `make debug`: the same, halted, with QEMU's GDB stub on :1234.
ARCH_DEBUG = tools/run-qemu.sh --accel tcg --build $(BUILD) --gdb
ARCH_GDB = gdb $(BUILD)/cairn.elf -x tools/gdbinit
