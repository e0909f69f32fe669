# init, the root task of `make run`, and the programs it starts from the
# initramfs.  Included by the Makefile.

# init: a static root task like the others, with the parsers it needs.
INIT_SRC := $(wildcard services/init/*.c) lib/tar.c lib/elf.c \
	lib/manifest_parse.c lib/bootconf.c lib/pci_match.c lib/pci_name.c \
	user/lib/proto/timer.c
INIT_OBJ := $(patsubst %,$(BUILD)/u/%.o,$(INIT_SRC))
$(BUILD)/user/init.elf: $(INIT_OBJ) $(UOBJ_LIB) user/lib/user.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -z max-page-size=0x1000 -T user/lib/user.ld \
		-o $@ $(UOBJ_LIB) $(INIT_OBJ)

# Programs started by init: static position-independent executables
# (init places each at an address of its own), linked with the process
# runtime and the libc, each carrying its manifest.
PCFLAGS := $(TARGET_FLAGS) -std=c11 -O2 -g $(WARN) -ffreestanding \
	-fno-stack-protector -fPIE $(ARCH_CFLAGS) \
	-ffunction-sections -fdata-sections \
	$(ABI_INC) -Ilib/libc/include -Ilib -Iuser/lib -Iuser/lib/arch/$(ARCH)
PLIB := user/lib/arch/$(ARCH)/pcrt0.S user/lib/procrt.c user/lib/ipc.c user/lib/invoke.c \
	user/lib/space.c user/lib/serve.c $(wildcard user/lib/proto/*.c) \
	user/lib/virtio_dev.c \
	lib/cmdline.c $(wildcard lib/pci*.c lib/virtio*.c) $(LIBC_SRC)
PLIB += user/lib/files.c user/lib/sockets.c $(wildcard lib/ext2*.c)
# SHA-256, for the shell's sha256; DNS names and messages (net, dnsd).
PLIB += lib/sha256.c lib/dns.c
PLIB_OBJ := $(patsubst %,$(BUILD)/p/%.o,$(PLIB))
PROGRAMS := drivers/serial services/shell programs/hello programs/fault \
	programs/wait programs/greedy programs/shmdemo programs/shmpeer \
	services/timer programs/ticker programs/initfuzz programs/mmiotest \
	programs/nosy programs/spawnbench programs/dmatest programs/serialtest \
	drivers/virtio-blk programs/blktest services/pci programs/pcitest \
	programs/pcideny programs/msitest
PROGRAMS += services/fs programs/fstest programs/fscrash
PROGRAMS += programs/fsbench
PROGRAMS += drivers/virtio-net programs/nictest programs/socktest programs/echod
PROGRAMS += programs/httpd programs/dnsd programs/netbench
# The net service, with lwIP (mk/lwip.mk).
PROGRAMS += services/net
PROGRAMS += $(ARCH_PROGRAMS)
EXTRA_OBJ_net := $(LWIP_OBJ)
PROG_BINS := $(foreach d,$(PROGRAMS),$(BUILD)/rootfs/bin/$(notdir $(d)))

$(BUILD)/p/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (process)"
	$(Q)$(CC) $(PCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/p/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $< (process)"
	$(Q)$(CC) $(PCFLAGS) -MMD -MP -c $< -o $@

# Each is linked with its debugging information into BUILD/progs (for
# GDB), and goes into the initramfs without it.  A program's machine
# part (its device's registers, its manifest) is in its arch/$(ARCH),
# and what differs by board (ARCH_BOARD: a manifest naming the board's
# device) in arch/$(ARCH)/$(ARCH_BOARD).
prog_src = $(wildcard $(1)/*.c $(1)/arch/$(ARCH)/*.c \
	$(if $(ARCH_BOARD),$(1)/arch/$(ARCH)/$(ARCH_BOARD)/*.c))
define program
$(BUILD)/progs/$(notdir $(1)): \
		$(patsubst %,$(BUILD)/p/%.o,$(call prog_src,$(1))) \
		$(EXTRA_OBJ_$(notdir $(1))) $(PLIB_OBJ) user/lib/proc.ld
	@mkdir -p $$(dir $$@)
	$(LD) -nostdlib -pie --no-dynamic-linker -z max-page-size=0x1000 \
		--gc-sections -T user/lib/proc.ld -o $$@ $(PLIB_OBJ) \
		$(patsubst %,$(BUILD)/p/%.o,$(call prog_src,$(1))) \
		$(EXTRA_OBJ_$(notdir $(1)))
$(BUILD)/rootfs/bin/$(notdir $(1)): $(BUILD)/progs/$(notdir $(1))
	@mkdir -p $$(dir $$@)
	$(ARCH_STRIP) --strip-debug -o $$@ $$<
endef
$(foreach d,$(PROGRAMS),$(eval $(call program,$(d))))

# The kernel test suite, the benchmarks and the system-call fuzzer, for
# the shell's `test`, `bench` and `fuzz` (init runs them in place).
$(BUILD)/rootfs/bin/%: $(BUILD)/user/%.elf
	@mkdir -p $(dir $@)
	$(ARCH_STRIP) --strip-debug -o $@ $<

# The initramfs: the programs in bin/ and initramfs/ (etc/boot.conf),
# then what the arch puts over it (ARCH_INITRAMFS: aarch64's boot.conf).
$(BUILD)/initramfs.tar: $(PROG_BINS) $(BUILD)/rootfs/bin/ktest \
		$(BUILD)/rootfs/bin/bench $(BUILD)/rootfs/bin/sysfuzz \
		$(shell find initramfs $(ARCH_INITRAMFS) -type f)
	@mkdir -p $(BUILD)/rootfs
	cp -R initramfs/. $(BUILD)/rootfs/
	$(if $(ARCH_INITRAMFS),cp -R $(ARCH_INITRAMFS)/. $(BUILD)/rootfs/)
	tar --format=ustar --owner=0 --group=0 --numeric-owner --sort=name \
		--mtime=@0 -C $(BUILD)/rootfs -cf $@ .

-include $(INIT_OBJ:.o=.d) $(PLIB_OBJ:.o=.d)

# httpd's request reading and answers (programs/httpd/http.c, reply.c):
# pure C, their host test needs nothing else.  Not in lib/, so the rules
# are their own.
HTTPD_SRC := programs/httpd/http.c programs/httpd/reply.c
$(BUILD)/tests/test_httpd: tests/unit/test_httpd.c $(HTTPD_SRC) \
		programs/httpd/http.h programs/httpd/reply.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< $(HTTPD_SRC) -lcmocka
$(BUILD)/san/test_httpd: tests/unit/test_httpd.c $(HTTPD_SRC) \
		programs/httpd/http.h programs/httpd/reply.h
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -o $@ $< $(HTTPD_SRC) -lcmocka
