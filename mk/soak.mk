# make soak: fault injection, then a soak loop (tools/soak.py,
# docs/testing.md).  Included by the Makefile.
#
#	make soak [CRASHES=n] [SOAK_TIME=s]
#
# First one boot in which serial, timer and shell are each crashed
# CRASHES times in a row, then the system checked usable with no memory
# lost; then, for SOAK_TIME seconds, boots running rounds of the kernel
# suite, the system-call fuzzer and programs in place, each followed by a
# full pass of the system tests (which need the ISO and the gcc build).

CRASHES ?= 1000
SOAK_TIME ?= 600

.PHONY: soak
soak: deps all iso gcc-check
	$(PYTHON) tools/soak.py --build $(BUILD) --crashes $(CRASHES) \
		--time $(SOAK_TIME)
