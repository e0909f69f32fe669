# `make ubsan`: the kernel built with clang's undefined-behaviour checks,
# booted under TCG with the in-OS kernel test suite.  It fails unless
# every test passes and no check fired.  Included by the Makefile.
#
# -fsanitize=undefined is every check that is undefined behaviour in C;
# the float checks find nothing to check in a kernel without floats, and
# implicit-conversion and unsigned-integer-overflow are left out because
# they are not undefined behaviour (the kernel wraps unsigned values on
# purpose).  -fno-sanitize-recover makes the compiler call the handlers'
# _abort forms, which do not return: kernel/ubsan.c prints one line and
# panics.  The build goes to a directory of its own, $(BUILD)/ubsan.
UBSAN_BUILD := $(BUILD)/ubsan
UBSAN_CFLAGS := -fsanitize=undefined -fno-sanitize-recover=all \
	-DCAIRN_UBSAN

# In the checked build, every kernel object depends on the flags above.
ifeq ($(KCFLAGS_EXTRA),$(UBSAN_CFLAGS))
$(KOBJ) $(BUILD)/ksyms0.o $(BUILD)/ksyms.o: mk/ubsan.mk
endif

# Every test must pass, no "ubsan:" report may appear, and the kernel must
# power off with status 0; otherwise the reports and failed tests are
# shown and the whole log is kept.
.PHONY: ubsan
ubsan: deps
	$(MAKE) BUILD=$(UBSAN_BUILD) KCFLAGS_EXTRA="$(UBSAN_CFLAGS)" \
		kernel $(UBSAN_BUILD)/user/ktest.elf
	@size $(UBSAN_BUILD)/cairn.elf
	@tools/ktest.sh $(UBSAN_BUILD) "make ubsan"
