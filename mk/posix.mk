# The Linux personality's own tests (docs/posix.md): programs built as
# any Linux user builds them, `musl-gcc -static` from Debian's musl-tools,
# unchanged.  Each is built fixed-address; hello also as a static PIE.
# The system tests put them on a disk at /ptest.  Included by the
# Makefile (x86_64 only, as the server is for now).
POSIX_TESTS := $(patsubst tests/posix/%.c,%,$(wildcard tests/posix/*.c))
POSIX_BINS := $(patsubst %,$(BUILD)/posix/%,$(POSIX_TESTS)) \
	$(BUILD)/posix/hello-pie $(BUILD)/posix/dynamic
POSIX_CFLAGS := -static -O2 -Wall -Wextra -Werror -std=c11 \
	-D_DEFAULT_SOURCE

.PHONY: posix-tests
posix-tests: $(POSIX_BINS)

$(BUILD)/posix/%: tests/posix/%.c tests/posix/ptest.h
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc $(POSIX_CFLAGS) -o $@ $<

$(BUILD)/posix/hello-pie: tests/posix/hello.c tests/posix/ptest.h
	@mkdir -p $(dir $@)
	@echo "  MUSL    $< (static PIE)"
	$(Q)musl-gcc $(POSIX_CFLAGS) -static-pie -fPIE -o $@ $<

# A dynamically linked one, which the server must refuse (ENOEXEC).
$(BUILD)/posix/dynamic: tests/posix/hello.c tests/posix/ptest.h
	@mkdir -p $(dir $@)
	@echo "  MUSL    $< (dynamic)"
	$(Q)musl-gcc $(subst -static,,$(POSIX_CFLAGS)) -o $@ $<

# Debian's busybox-static, unchanged (docs/posix.md, "busybox"), fetched
# into BUSYBOX_DIR by tools/busybox.sh, which writes busybox.txt last:
# `make deps` runs it, and so does the first disk that holds busybox
# (mk/disk.mk).
BUSYBOX_DIR ?= deps/busybox
BUSYBOX := $(BUSYBOX_DIR)/busybox.txt

$(BUSYBOX):
	tools/busybox.sh $(BUSYBOX_DIR)
