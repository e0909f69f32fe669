# The aarch64 bring-up (docs/aarch64.md): the machine layer of
# kernel/arch/aarch64 with a bring-up main, as an ELF file and a Linux
# arm64 Image, built with clang and lld whatever CC is.  Included by the
# Makefile.
#
#   make aarch64-bringup        build $(BUILD)/aarch64/{cairn-bringup.elf,Image}
#   make aarch64-bringup-test   boot it and the portable kernel (make
#                               ARCH=aarch64 kernel) in qemu-system-aarch64
#                               and check them
#   make aarch64-ktest          the in-OS kernel suite on virt (make
#                               ARCH=aarch64 kernel ktest)
#   make aarch64-rpi3-ktest     the in-OS kernel suite on raspi3b (with
#                               rpi3.dtb: the initrd in its /chosen)
#   make aarch64-shell          user land on virt: the shell's system
#                               tests (make ARCH=aarch64 run boots it)
#   make aarch64-rpi3-shell     the same on raspi3b, from make rpi3's files
#   make aarch64-run            boot it for a person (Ctrl-a x leaves);
#                               BOARD=raspi3b for QEMU's Raspberry Pi 3
#   make rpi3                   Cairn for a Raspberry Pi 3's SD card:
#                               BUILD/rpi3/{kernel8.img,cairn-boot.img,
#                               cairn-rpi3.dtb,config.txt}
#   make aarch64-debug          QEMU halted, its GDB stub on localhost:1234

# ARCH=aarch64 moves BUILD to BUILD/aarch64 (mk/arch/aarch64.mk); the
# bring-up's files are in the same place either way.
A64_BASE ?= $(BUILD)
A64_BUILD := $(A64_BASE)/aarch64
A64_CC := clang
A64_LD := ld.lld
A64_OBJCOPY := llvm-objcopy
# Freestanding, no FP/SIMD in the kernel (user state stays untouched),
# no unaligned accesses (the boot path runs with the MMU off, where all
# memory is Device), frame pointers for backtraces.
A64_CFLAGS := --target=aarch64-unknown-none-elf -std=c11 -O2 -g $(WARN) \
	-ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-mgeneral-regs-only -mstrict-align -mcmodel=small \
	-fno-omit-frame-pointer \
	-Iinclude -Iinclude/arch/aarch64 -Ilib -Ikernel -Ikernel/arch/aarch64 \
	-DCAIRN_VERSION='"$(VERSION)"' -DCONFIG_FASTPATH=$(FASTPATH)
# The machine layer's files that only the portable kernel uses (its
# threads, address spaces, root task and boot sequence); the bring-up
# has the rest, with its own main and EL0 program.
A64_KERNEL_ONLY := $(addprefix kernel/arch/aarch64/,context.c kmain.c \
	objarch.c rootarch.c vspace.c backtrace.c fpu.c fpu.S irqcap.c \
	fastentry.S)
A64_SRC := $(filter-out $(A64_KERNEL_ONLY), \
	$(wildcard kernel/arch/aarch64/*.c kernel/arch/aarch64/*.S)) \
	kernel/console.c lib/fmt.c lib/cstring.c lib/fdt.c lib/devtree.c
A64_OBJ := $(patsubst %,$(A64_BUILD)/%.o,$(A64_SRC))

BOARD ?= virt
A64_QEMU_virt := -M virt -cpu cortex-a53 -m 128M
A64_QEMU_raspi3b := -M raspi3b

.PHONY: aarch64-bringup aarch64-bringup-test aarch64-run rpi3 \
	aarch64-debug aarch64-ktest aarch64-rpi3-ktest aarch64-shell \
	aarch64-rpi3-shell
aarch64-bringup: $(A64_BUILD)/cairn-bringup.elf $(A64_BUILD)/Image

$(A64_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (aarch64)"
	$(Q)$(A64_CC) $(A64_CFLAGS) -MMD -MP -c $< -o $@
$(A64_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (aarch64)"
	$(Q)$(A64_CC) $(A64_CFLAGS) -MMD -MP -c $< -o $@

$(A64_BUILD)/cairn-bringup.elf: $(A64_OBJ) kernel/arch/aarch64/kernel.ld
	$(A64_LD) -nostdlib -z max-page-size=0x1000 \
		-T kernel/arch/aarch64/kernel.ld -o $@ $(A64_OBJ)
$(A64_BUILD)/Image: $(A64_BUILD)/cairn-bringup.elf
	$(A64_OBJCOPY) -O binary $< $@

aarch64-bringup-test: aarch64-bringup $(A64_BUILD)/root-test.elf \
	$(A64_BUILD)/root-irq.elf
	$(MAKE) --no-print-directory ARCH=aarch64 BUILD=$(A64_BASE) kernel
	$(PYTHON) tests/system/aarch64.py --build $(A64_BASE)

aarch64-run: aarch64-bringup
	qemu-system-aarch64 $(A64_QEMU_$(BOARD)) -nographic -nic none \
		-semihosting -kernel $(A64_BUILD)/Image

aarch64-debug: aarch64-bringup
	@echo "aarch64-debug: QEMU waits; in another terminal:"
	@echo "  gdb-multiarch $(A64_BUILD)/cairn-bringup.elf -ex 'target remote :1234'"
	qemu-system-aarch64 $(A64_QEMU_$(BOARD)) -nographic -nic none \
		-semihosting -kernel $(A64_BUILD)/Image -S -gdb tcp:127.0.0.1:1234

# The portable kernel for aarch64 (make ARCH=aarch64 kernel): the
# Makefile links $(BUILD)/cairn.elf; cairn.img is the same as a Linux
# arm64 Image, which QEMU's -kernel enters with the DTB in x0 (and the
# DTB names an -initrd: the boot module).
ifeq ($(ARCH),aarch64)
.PHONY: ktest
ktest: $(BUILD)/user/ktest.elf
kernel: $(BUILD)/cairn.img
$(BUILD)/cairn.img: $(BUILD)/cairn.elf
	$(A64_OBJCOPY) -O binary $< $@
# The Pi's device tree for QEMU's raspi3b (-dtb), which passes none of
# its own: QEMU's loader writes the initrd into its /chosen.
$(BUILD)/rpi3.dtb: kernel/arch/aarch64/rpi3.dts
	dtc -q -I dts -O dtb -o $@ $<
# init and the initramfs in one -initrd, a boot bundle: init's ELF file,
# padded to a page, then the tar (kernel/arch/aarch64/kmain.c splits it).
$(BUILD)/boot.img: $(BUILD)/user/init.elf $(BUILD)/initramfs.tar
	cp $(BUILD)/user/init.elf $@
	truncate -s %4096 $@
	cat $(BUILD)/initramfs.tar >> $@
endif

# The in-OS kernel suite on virt (tests/system/aarch64_ktest.py): the
# kernel and ktest.elf built for aarch64 (make ARCH=aarch64 ktest), the
# suite as its root task.
aarch64-ktest:
	$(MAKE) --no-print-directory ARCH=aarch64 BUILD=$(A64_BASE) kernel ktest
	$(PYTHON) tests/system/aarch64_ktest.py --build $(A64_BASE)

# The in-OS kernel suite on raspi3b (tests/system/aarch64_ktest.py): the
# same kernel and suite, with the Pi's device tree naming the initrd.
aarch64-rpi3-ktest:
	$(MAKE) --no-print-directory ARCH=aarch64 BUILD=$(A64_BASE) kernel ktest \
		$(A64_BASE)/aarch64/rpi3.dtb
	$(PYTHON) tests/system/aarch64_ktest.py --build $(A64_BASE) \
		--board raspi3b

# User land on virt: the system tests of tests/system/systests.py on
# aarch64 ("aarch64: ..."), the shell driven over serial; tests/run.py
# builds the kernel and the boot bundle (init and the initramfs) first.
aarch64-shell:
	$(PYTHON) tests/run.py --build $(A64_BASE) --system-only \
		--only "aarch64: "

# The same on the Raspberry Pi 3 ("raspi3b: ..."), booted from the files
# make rpi3 writes for an SD card (tests/run.py runs make rpi3 first).
aarch64-rpi3-shell:
	$(PYTHON) tests/run.py --build $(A64_BASE) --system-only \
		--only "raspi3b: "

# The root task of the kernel's boot test (tests/system/aarch64.py), at
# the root task's address; FP/SIMD allowed (it tries the lazy trap).
A64_ROOT_CFLAGS := --target=aarch64-unknown-none-elf -std=c11 -O2 $(WARN) \
	-ffreestanding -fno-stack-protector -fno-pic -fno-pie -mstrict-align \
	-Iinclude -Iinclude/arch/aarch64
$(A64_BUILD)/root-test.elf: tests/system/aarch64_root.c $(wildcard include/cairn/*.h)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_ROOT_CFLAGS) -c $< -o $@.o
	$(A64_LD) -nostdlib -static -e _start -Ttext=0x400000 -o $@ $@.o

# The root task of the kernel's IRQ test (tests/system/aarch64_irq.c).
$(A64_BUILD)/root-irq.elf: tests/system/aarch64_irq.c $(wildcard include/cairn/*.h)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_ROOT_CFLAGS) -c $< -o $@.o
	$(A64_LD) -nostdlib -static -e _start -Ttext=0x400000 -o $@ $@.o

# Cairn for a Raspberry Pi 3's SD card, beside the Pi's firmware
# (README, docs/aarch64.md "On a real Pi 3"): the Pi's build
# (BOARD=raspi3b) as the firmware takes it.  It loads kernel8.img at
# 0x80000 in AArch64 state at EL2, as QEMU does, the boot bundle
# (init and the initramfs) after it and the device tree, whose /chosen
# it fills with the bundle's place; config.txt names them and moves the
# PL011 to GPIO 14/15.  The raspi3b system tests boot these files.
RPI3_FILES := kernel8.img cairn-boot.img cairn-rpi3.dtb config.txt
rpi3:
	$(MAKE) --no-print-directory ARCH=aarch64 BOARD=raspi3b \
		BUILD=$(A64_BASE) all $(addprefix $(A64_BASE)/rpi3/,$(RPI3_FILES))
ifeq ($(ARCH)$(BOARD),aarch64raspi3b)
$(A64_BASE)/rpi3/kernel8.img: $(BUILD)/cairn.img
$(A64_BASE)/rpi3/cairn-boot.img: $(BUILD)/boot.img
$(A64_BASE)/rpi3/cairn-rpi3.dtb: $(BUILD)/rpi3.dtb
$(A64_BASE)/rpi3/config.txt: kernel/arch/aarch64/config.txt
$(addprefix $(A64_BASE)/rpi3/,$(RPI3_FILES)):
	@mkdir -p $(dir $@)
	cp $< $@
endif
