# Host fuzzing of the parsers of untrusted input (tests/fuzz/), and the
# host unit tests under AddressSanitizer and UBSan.  Included by the
# Makefile; docs/testing.md says how to use them.
#
#	make fuzz-host [FUZZ_TIME=s]	fuzz each parser FUZZ_TIME seconds
#	make fuzz-regress		run each target over its seeds and
#					the inputs that once crashed it
#	make unit-san			the host unit tests, sanitized

FUZZ_TARGETS := elf tar manifest bootconf cmdline acpi devtree ext2 virtio pci \
	virtio_net http lwip dns
FUZZ_TIME ?= 60
SANCC ?= clang
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := $(HOSTCFLAGS) $(SANFLAGS) -fsanitize=fuzzer
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))

# The lib/ sources each target links: a manifest is judged against a
# boot.conf and the other way round, as init does.
FUZZ_SRC_elf := lib/elf.c
FUZZ_SRC_tar := lib/tar.c
FUZZ_SRC_manifest := lib/manifest_parse.c lib/bootconf.c lib/pci_match.c
FUZZ_SRC_bootconf := lib/bootconf.c lib/manifest_parse.c lib/pci_match.c
FUZZ_SRC_cmdline := lib/cmdline.c
FUZZ_SRC_acpi := lib/acpi.c
FUZZ_SRC_devtree := $(DEVTREE_SRC)
FUZZ_SRC_ext2 := $(EXT2_SRC)
FUZZ_SRC_virtio := $(VIRTIO_SRC) $(VIRTIO_SIM)
FUZZ_SRC_virtio_net := $(VIRTIO_SRC) $(VIRTIO_SIM)
FUZZ_SRC_pci := $(PCI_SRC) tests/unit/pci_sim.c
FUZZ_SRC_http := programs/httpd/http.c programs/httpd/reply.c
FUZZ_SRC_dns := lib/dns.c
# lwIP from Debian's source (mk/lwip.mk) with the net service's options;
# lwIP's own code is not held to our warnings.
FUZZ_SRC_lwip := $(LWIP_SRCS)
FUZZ_FLAGS_lwip := $(LWIP_INC) -Wno-unused-parameter

.PHONY: fuzz-build fuzz-host fuzz-regress unit-san

define fuzz_target
$(BUILD)/fuzz/fuzz_$(1): tests/fuzz/fuzz_$(1).c tests/fuzz/fuzz.h \
		$(FUZZ_SRC_$(1)) $(wildcard lib/*.h)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$<"
	$(Q)$(SANCC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -o $$@ $$< \
		$(FUZZ_SRC_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target,$(t))))

# ELF seeds made at build time: small hand-shaped files from
# tests/fuzz/mkelf.py, and two real programs without their symbols (an
# executable, and a PIE with relocations and a manifest).  The manifest
# target reads them too.
FUZZ_ELF_SEEDS := $(BUILD)/fuzz/seeds/elf
$(FUZZ_ELF_SEEDS)/.done: tests/fuzz/mkelf.py $(BUILD)/user/hello.elf \
		$(BUILD)/rootfs/bin/serial
	@rm -rf $(dir $@)
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tests/fuzz/mkelf.py $(dir $@)
	$(Q)objcopy --strip-all $(BUILD)/user/hello.elf $(dir $@)/real-exec
	$(Q)objcopy --strip-all $(BUILD)/rootfs/bin/serial $(dir $@)/real-pie
	@touch $@

# Device-tree seeds: the trees of the unit test (mk/devtree.mk).
FUZZ_DTB_SEEDS := $(BUILD)/fuzz/seeds/devtree
$(FUZZ_DTB_SEEDS)/.done: $(DEVTREE_DTBS)
	@rm -rf $(dir $@)
	@mkdir -p $(dir $@)
	$(Q)cp $(DEVTREE_DTBS) $(dir $@)
	@touch $@

fuzz-build: $(FUZZ_BINS) $(FUZZ_ELF_SEEDS)/.done $(FUZZ_DTB_SEEDS)/.done

fuzz-host: fuzz-build
	@tests/fuzz/run.sh fuzz $(BUILD) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-regress: fuzz-build
	@tests/fuzz/run.sh regress $(BUILD) 0 $(FUZZ_TARGETS)

# The same tests as `make unit`, built with the sanitizers into
# $(BUILD)/san/.  A report stops the binary, so rununit.py counts it.
SAN_UNITS := $(patsubst %,$(BUILD)/san/test_%,$(UNIT_TESTS) \
	$(LIBC_UNIT_TESTS)) $(patsubst %,$(BUILD)/san/init/test_%,$(INIT_UNIT_TESTS))
unit-san: $(SAN_UNITS)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(PYTHON) tools/rununit.py $^

$(BUILD)/san/test_%: tests/unit/test_%.c lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -o $@ $< lib/$*.c \
		$(UNIT_EXTRA_$*) -lcmocka

$(BUILD)/san/init/test_%: tests/unit/init/test_%.c services/init/%.c \
		$(wildcard services/init/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -Iservices/init -o $@ $< \
		services/init/$*.c $(INIT_UNIT_EXTRA_$*) -lcmocka

$(BUILD)/san/libc/%.o: lib/%.c $(LIBC_HDR)
	@mkdir -p $(dir $@)
	$(SANCC) $(LIBC_HOSTCFLAGS) $(SANFLAGS) -Ilib/libc/include -c $< -o $@
$(BUILD)/san/test_libc_%: tests/unit/libc/test_libc_%.c \
		$(patsubst lib/%.c,$(BUILD)/san/libc/%.o,$(LIBC_SRC)) \
		$(LIBC_TEST_SUPPORT) $(wildcard tests/unit/libc/*.h) $(LIBC_HDR)
	@mkdir -p $(dir $@)
	$(SANCC) $(LIBC_HOSTCFLAGS) $(SANFLAGS) -o $@ $< \
		$(LIBC_TEST_SUPPORT) \
		$(patsubst lib/%.c,$(BUILD)/san/libc/%.o,$(LIBC_SRC)) \
		-lcmocka
