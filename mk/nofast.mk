# `make nofast`: the kernel built without the fast path (FASTPATH=0, see
# kernel/fastpath.h), booted under TCG with the in-OS kernel test suite.
# The fast path must change no behaviour, so the suite must pass on both
# kernels.  The build goes to a directory of its own, $(BUILD)/nofast.
# Included by the Makefile.
NOFAST_BUILD := $(BUILD)/nofast

.PHONY: nofast
nofast: deps
	$(MAKE) BUILD=$(NOFAST_BUILD) FASTPATH=0 \
		kernel $(NOFAST_BUILD)/user/ktest.elf
	@if nm $(NOFAST_BUILD)/cairn.elf | grep -q ' fastpath_call$$'; then \
		echo "make nofast: the kernel still has a fast path"; exit 1; fi
	@tools/ktest.sh $(NOFAST_BUILD) "make nofast"
