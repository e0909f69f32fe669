# `make kdebug`: the kernel's debug build (CONFIG_KDEBUG=1, kernel/kdebug.h),
# booted under TCG with the in-OS kernel test suite.  It checks the
# invariants of kernel/invariant.c (thread queues and states at every
# kernel exit, the derivation tree after every slot operation) and logs
# the reason for every refused invocation.  It fails unless every test
# passes and the kernel powers off with status 0 (a broken invariant
# panics).  The build goes to a directory of its own, $(BUILD)/kdebug.
# Included by the Makefile.
KDEBUG_BUILD := $(BUILD)/kdebug
KDEBUG_CFLAGS := -DCONFIG_KDEBUG=1

# In the debug build, every kernel object depends on the flags above.
ifeq ($(KCFLAGS_EXTRA),$(KDEBUG_CFLAGS))
$(KOBJ) $(BUILD)/ksyms0.o $(BUILD)/ksyms.o: mk/kdebug.mk
endif

.PHONY: kdebug
kdebug: deps
	$(MAKE) BUILD=$(KDEBUG_BUILD) KCFLAGS_EXTRA="$(KDEBUG_CFLAGS)" \
		kernel $(KDEBUG_BUILD)/user/ktest.elf
	@tools/ktest.sh $(KDEBUG_BUILD) "make kdebug"
