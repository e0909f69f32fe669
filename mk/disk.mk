# The disk `make run` attaches (issue 11; README, docs/storage.md): an
# ext2 image made by mke2fs -d from disk/ and the programs (bin/), built
# once and kept between runs, so that what is written to it stays.
# Included by the Makefile.
#
#	make disk		build $(BUILD)/disk.img if there is none
#	make clean-disk		remove it: the next make disk makes it anew
#	make run DISK=path	attach an image of your own instead
DISK_IMG := $(BUILD)/disk.img
DISK_MIB := 64

.PHONY: disk clean-disk
disk: $(DISK_IMG)

# Order-only prerequisites: the image is made when missing, never
# remade because a program changed (it holds what was written to it).
# Where the arch has the Linux personality, its tests go in /ptest, and
# busybox in /bin with a link for each applet where Linux has it (/bin/ls,
# /usr/bin/wc, ...), after the programs: a Cairn program keeps its name.
DISK_LINUX := $(if $(filter services/posix,$(ARCH_PROGRAMS)),$(POSIX_BINS))
DISK_BUSYBOX := $(if $(DISK_LINUX),$(BUSYBOX))
$(DISK_IMG): | $(PROG_BINS) $(DISK_LINUX) $(DISK_BUSYBOX) \
		$(shell find disk -type f)
	rm -rf $(BUILD)/disk-root
	mkdir -p $(BUILD)/disk-root/bin
	cp -R disk/. $(BUILD)/disk-root/
	cp $(PROG_BINS) $(BUILD)/disk-root/bin/
	$(if $(DISK_LINUX),mkdir -p $(BUILD)/disk-root/ptest && \
		cp $(DISK_LINUX) $(BUILD)/disk-root/ptest/)
	$(if $(DISK_BUSYBOX),tools/busybox.sh $(BUSYBOX_DIR) $(BUILD)/disk-root)
	rm -f $@.tmp
	truncate -s $(DISK_MIB)M $@.tmp
	mke2fs -q -t ext2 -L cairn -d $(BUILD)/disk-root $@.tmp
	mv $@.tmp $@

clean-disk:
	rm -f $(DISK_IMG)
