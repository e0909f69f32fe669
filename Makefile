# Cairn: the top-level build.  `make run` boots Cairn in QEMU, `make test`
# runs every test; both install missing host packages first (tools/deps.sh).

VERSION := 0.1.0
BUILD ?= build
ACCEL ?=
# The machine: x86_64 (the default) or aarch64; mk/arch/$(ARCH).mk says
# what differs.
ARCH ?= x86_64
ifeq ($(filter $(ARCH),x86_64 aarch64),)
$(error ARCH must be x86_64 or aarch64, not '$(ARCH)')
endif
include mk/arch/$(ARCH).mk
# The disk `make run` attaches (mk/disk.mk): BUILD/disk.img, or your own.
DISK ?= $(BUILD)/disk.img
# The host port (on 127.0.0.1) `make run` forwards to httpd's port 80.
HTTP_PORT ?= 8080

# clang and lld by default; `make CC=gcc` builds with gcc and GNU ld.
ifeq ($(origin CC),default)
CC := clang
endif
ifneq ($(findstring clang,$(CC)),)
ifeq ($(origin LD),default)
LD := ld.lld
endif
TARGET_FLAGS := --target=$(ARCH_TRIPLE)
else
LD := ld
TARGET_FLAGS :=
endif
HOSTCC ?= cc
PYTHON ?= python3

# Quiet by default; `make V=1` shows every command.
Q := $(if $(V),,@)

WARN := -Wall -Wextra -Werror
# The IPC and fault fast path (kernel/fastpath.c); `make FASTPATH=0`
# builds a kernel that takes the slow path always, into a build
# directory of its own (mk/nofast.mk runs the in-OS suite on it).
FASTPATH ?= 1
# The ABI headers: the generic ones and the arch's (<cairn/arch/...>).
ABI_INC := -Iinclude -Iinclude/arch/$(ARCH)
# The kernel: freestanding, the arch's flags (mk/arch), frame pointers
# kept for the backtrace.  KCFLAGS_EXTRA is for builds of another kind
# (mk/ubsan.mk), each into a build directory of its own.
KCFLAGS := $(TARGET_FLAGS) -std=c11 -O2 -g $(WARN) -ffreestanding \
	-fno-stack-protector -fno-pic -fno-pie $(ARCH_KCFLAGS) \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls \
	$(ABI_INC) -Ilib -Ikernel -Ikernel/arch/$(ARCH) \
	-DCAIRN_VERSION='"$(VERSION)"' -DCONFIG_FASTPATH=$(FASTPATH) \
	$(KCFLAGS_EXTRA)
# User programs: freestanding, static, at the user link address.
UCFLAGS := $(TARGET_FLAGS) -std=c11 -O2 -g $(WARN) -ffreestanding \
	-fno-stack-protector -fno-pic -fno-pie $(ARCH_CFLAGS) \
	$(ABI_INC) -Ilib -Iuser/lib -Iuser/lib/arch/$(ARCH)
HOSTCFLAGS := -std=c11 -O1 -g $(WARN) -Ilib $(ABI_INC)

KSRC := $(filter-out $(if $(filter 0,$(FASTPATH)),kernel/fastpath.c) \
	$(ARCH_KEXCLUDE), $(wildcard kernel/*.c kernel/arch/$(ARCH)/*.c)) \
	lib/fmt.c lib/cstring.c lib/pmem.c lib/elf.c lib/ksym.c $(ARCH_KLIB)
KASM := $(filter-out $(ARCH_KEXCLUDE),$(wildcard kernel/arch/$(ARCH)/*.S))
KOBJ := $(patsubst %,$(BUILD)/k/%.o,$(KSRC) $(KASM))

ULIB := user/lib/arch/$(ARCH)/crt0.S user/lib/ipc.c user/lib/invoke.c user/lib/debug.c \
	user/lib/space.c \
	lib/fmt.c lib/cstring.c
USER_PROGS := hello
UOBJ_LIB := $(patsubst %,$(BUILD)/u/%.o,$(ULIB))

UNIT_TESTS := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))

.SECONDARY:
.PHONY: all kernel user iso run debug test unit systest deps clean bench profile fuzz size \
	format format-check compdb gcc-check
all: $(ARCH_ALL)

kernel: $(BUILD)/cairn.elf
user: $(patsubst %,$(BUILD)/user/%.elf,$(USER_PROGS)) $(BUILD)/user/ktest.elf \
	$(BUILD)/user/bench.elf $(BUILD)/user/sysfuzz.elf $(BUILD)/user/init.elf

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

# The kernel is linked twice: the first link gives the addresses that
# tools/gensyms.py turns into the symbol table the second link embeds.
# Text comes before the table, so its addresses do not move.
$(BUILD)/ksyms0.c: tools/gensyms.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gensyms.py /dev/null > $@
$(BUILD)/ksyms.c: $(BUILD)/cairn.pass1.elf tools/gensyms.py
	nm -n --defined-only $< | $(PYTHON) tools/gensyms.py - > $@
$(BUILD)/ksyms%.o: $(BUILD)/ksyms%.c
	$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/ksyms.o: $(BUILD)/ksyms.c
	$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/cairn.pass1.elf: $(KOBJ) $(BUILD)/ksyms0.o $(ARCH_LDS)
	$(LD) -nostdlib -z max-page-size=0x1000 -T $(ARCH_LDS) \
		-o $@ $(KOBJ) $(BUILD)/ksyms0.o
$(BUILD)/cairn.elf: $(KOBJ) $(BUILD)/ksyms.o $(ARCH_LDS)
	$(LD) -nostdlib -z max-page-size=0x1000 -T $(ARCH_LDS) \
		-o $@ $(KOBJ) $(BUILD)/ksyms.o
	nm -n --defined-only $@ | $(PYTHON) tools/gensyms.py --check - $(BUILD)/ksyms.c
	$(ARCH_KCHECK)

$(BUILD)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user)"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user)"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/user/%.elf: $(BUILD)/u/user/%/main.c.o $(UOBJ_LIB) user/lib/user.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -z max-page-size=0x1000 -T user/lib/user.ld \
		-o $@ $(UOBJ_LIB) $<

# The in-OS kernel test suite: a root task of its own.  The tests of one
# machine only are in tests/kernel/arch/$(ARCH), with its kt_regs.h.
KTEST_OBJ := $(patsubst %,$(BUILD)/u/%.o,$(wildcard tests/kernel/*.c \
	tests/kernel/arch/$(ARCH)/*.c))
$(KTEST_OBJ): UCFLAGS += -Itests/kernel -Itests/kernel/arch/$(ARCH)
$(BUILD)/user/ktest.elf: $(KTEST_OBJ) $(UOBJ_LIB) user/lib/user.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -z max-page-size=0x1000 -T user/lib/user.ld \
		-o $@ $(UOBJ_LIB) $(KTEST_OBJ)

# The benchmark suite: a root task of its own too.  What differs by
# machine (its clock, its raw calls, figures of one machine only) is in
# bench/arch/$(ARCH).
BENCH_OBJ := $(patsubst %,$(BUILD)/u/%.o,$(wildcard bench/*.c \
	bench/arch/$(ARCH)/*.c))
$(BENCH_OBJ): UCFLAGS += -Ibench -Ibench/arch/$(ARCH)
$(BUILD)/user/bench.elf: $(BENCH_OBJ) $(UOBJ_LIB) user/lib/user.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -z max-page-size=0x1000 -T user/lib/user.ld \
		-o $@ $(UOBJ_LIB) $(BENCH_OBJ)

# The system-call fuzzer: in place under init too, unprivileged.
SYSFUZZ_OBJ := $(patsubst %,$(BUILD)/u/%.o,$(wildcard sysfuzz/*.c))
$(BUILD)/user/sysfuzz.elf: $(SYSFUZZ_OBJ) $(UOBJ_LIB) user/lib/user.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -z max-page-size=0x1000 -T user/lib/user.ld \
		-o $@ $(UOBJ_LIB) $(SYSFUZZ_OBJ)

iso: $(BUILD)/cairn.iso
$(BUILD)/cairn.iso: $(BUILD)/cairn.elf user $(BUILD)/initramfs.tar tools/mkiso.sh
	tools/mkiso.sh $(BUILD)

deps:
	@tools/deps.sh

run: deps all $(ARCH_RUN_DEPS)
	$(ARCH_RUN)

# QEMU halted with its GDB stub on localhost:1234; ARCH_GDB says how to
# attach (x86_64: gdb -x tools/gdbinit; aarch64: gdb-multiarch).
debug: deps all
	@echo "debug: QEMU waits for GDB; in another terminal: $(ARCH_GDB)"
	$(ARCH_DEBUG)

# Every test: formatting, both builds, host unit tests, system tests in
# QEMU; tests/run.py prints one line per test and the verdict last.
test: deps
	$(PYTHON) tests/run.py --build $(BUILD)

# Benchmarks: in-OS figures, median and minimum, and boot time, in one
# table also kept in build/bench.txt (tools/bench.sh).  TCG with -icount
# shift=0 (exact instruction counts) unless KVM works on real hardware
# (cycles).
bench: deps all $(BUILD)/user/bench.elf
	tools/bench.sh $(BUILD) $(ARCH)

# Where the instructions go: an IPC round trip, a null system call and a
# fault round trip traced instruction by instruction (QEMU's GDB stub),
# as a profile by function and by phase, also kept in build/profile.txt
# (tools/profile.py; docs/kernel.md, "Where the instructions go").
profile: deps all
	$(PYTHON) tools/profile.py --build $(BUILD)

# Footprint: text, data and bss of the kernel and every program.
size: all
	tools/size.sh $(BUILD)

# The in-OS system-call fuzzer: FUZZ_CALLS random calls (a million by
# default) from FUZZ_SEED (0: a new one; the run prints it).
FUZZ_CALLS ?= 1000000
FUZZ_SEED ?= 0
fuzz: deps all
	tools/fuzz.sh $(BUILD) $(FUZZ_CALLS) $(FUZZ_SEED)

unit: $(patsubst %,$(BUILD)/tests/test_%,$(UNIT_TESTS))
	@$(PYTHON) tools/rununit.py $^

$(BUILD)/tests/test_%: tests/unit/test_%.c lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< lib/$*.c $(UNIT_EXTRA_$*) -lcmocka

# Host tests of init's logic (tests/unit/init/test_<file>.c): the
# services/init/<file>.c it tests, with what INIT_UNIT_EXTRA_<file> adds;
# what the kernel would do is faked in the test.
INIT_UNIT_TESTS := $(patsubst tests/unit/init/test_%.c,%, \
	$(wildcard tests/unit/init/test_*.c))
INIT_UNIT_EXTRA_buddy := services/init/slots.c
unit: $(patsubst %,$(BUILD)/tests/init/test_%,$(INIT_UNIT_TESTS))

$(BUILD)/tests/init/test_%: tests/unit/init/test_%.c services/init/%.c \
		$(wildcard services/init/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -Iservices/init -o $@ $< services/init/$*.c \
		$(INIT_UNIT_EXTRA_$*) -lcmocka

# Host tests of the ABI against the kernel's own structures
# (tests/unit/abi/test_*.c), built with the kernel's headers.
ABI_UNIT_TESTS := $(patsubst tests/unit/abi/test_%.c,%, \
	$(wildcard tests/unit/abi/test_*.c))
unit: $(patsubst %,$(BUILD)/tests/abi/test_%,$(ABI_UNIT_TESTS))

$(BUILD)/tests/abi/test_%: tests/unit/abi/test_%.c $(wildcard include/cairn/*.h \
		kernel/*.h kernel/arch/$(ARCH)/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -Ikernel -Ikernel/arch/$(ARCH) -o $@ $< -lcmocka

# The libc for user programs (lib/libc, headers in lib/libc/include).  Its
# host tests, tests/unit/libc/test_libc_*.c, link every libc source built
# with CAIRN_LIBC_HOST_TEST, which renames the libc's public names (malloc
# becomes cl_malloc: lib/libc/include/libc_names.h) so they do not clash
# with the host C library that cmocka uses.
# The libc is built with the lib/ sources it shares with the kernel: the
# printf engine and the string and memory functions.
LIBC_SRC := $(wildcard lib/libc/*.c) lib/fmt.c lib/cstring.c
LIBC_HDR := $(wildcard lib/libc/*.h lib/libc/include/*.h) lib/fmt.h \
	lib/cstring.h
LIBC_UNIT_TESTS := $(patsubst tests/unit/libc/test_%.c,%, \
	$(wildcard tests/unit/libc/test_libc_*.c))
LIBC_HOSTCFLAGS := $(HOSTCFLAGS) -DCAIRN_LIBC_HOST_TEST
LIBC_HOST_OBJ := $(patsubst lib/%.c,$(BUILD)/tests/libc/%.o,$(LIBC_SRC))
LIBC_TEST_SUPPORT := tests/unit/libc/hooks.c tests/unit/libc/host_ref.c
unit: $(patsubst %,$(BUILD)/tests/test_%,$(LIBC_UNIT_TESTS))

$(BUILD)/tests/libc/%.o: lib/%.c $(LIBC_HDR)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(LIBC_HOSTCFLAGS) -Ilib/libc/include -c $< -o $@
$(BUILD)/tests/test_libc_%: tests/unit/libc/test_libc_%.c $(LIBC_HOST_OBJ) \
		$(LIBC_TEST_SUPPORT) $(wildcard tests/unit/libc/*.h) $(LIBC_HDR)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(LIBC_HOSTCFLAGS) -o $@ $< \
		$(LIBC_TEST_SUPPORT) $(LIBC_HOST_OBJ) -lcmocka

include mk/lwip.mk
include mk/programs.mk
include mk/posix.mk
include mk/disk.mk
include mk/devtree.mk
include mk/ext2.mk
include mk/virtio.mk
include mk/pci.mk
include mk/fuzz.mk
include mk/ubsan.mk
include mk/kdebug.mk
include mk/nofast.mk
include mk/analyze.mk
include mk/soak.mk
include mk/aarch64.mk

systest: all iso gcc-check
	$(PYTHON) tests/run.py --build $(BUILD) --system-only

gcc-check:
	$(MAKE) CC=gcc BUILD=$(BUILD)/gcc kernel user $(BUILD)/gcc/initramfs.tar

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

# Each command reaches compdb.py in single quotes, so the quotes inside the
# flags (CAIRN_VERSION's string) survive for its shlex.split.
shq = '$(subst ','\'',$(1))'
compdb: $(BUILD)/compile_commands.json
$(BUILD)/compile_commands.json: Makefile mk/programs.mk mk/aarch64.mk \
		tools/compdb.py
	@mkdir -p $(dir $@)
	ARCH=$(ARCH) KCC_AARCH64=$(call shq,$(A64_CC) $(A64_CFLAGS)) \
	UCC_AARCH64=$(call shq,$(A64_CC) $(A64_ROOT_CFLAGS) -Ilib -Iuser/lib \
		-Iuser/lib/arch/aarch64) \
	$(PYTHON) tools/compdb.py $(call shq,$(CC) $(KCFLAGS)) \
		$(call shq,$(CC) $(UCFLAGS)) \
		$(call shq,$(HOSTCC) $(HOSTCFLAGS) -DCAIRN_LIBC_HOST_TEST) \
		$(call shq,$(CC) $(PCFLAGS)) > $@
	ln -sf $(BUILD)/compile_commands.json compile_commands.json

clean:
	rm -rf $(BUILD) compile_commands.json

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
