# The device-tree reader (lib/fdt.c, lib/devtree.c), which the aarch64
# boot uses to learn memory and devices.  Included by the Makefile, before
# mk/fuzz.mk (its fuzz target seeds from the trees below).
#
# Its host test, tests/unit/test_devtree.c, reads device trees that dtc
# builds from tests/unit/dts/*.dts into $(BUILD)/dtb/.  `make all` also
# compiles both files with the kernel's flags, freestanding.

# The aarch64 kernel links DEVTREE_SRC; both files are pure C with no
# machine in them.
DEVTREE_SRC := lib/fdt.c lib/devtree.c
DEVTREE_DTBS := $(patsubst tests/unit/dts/%.dts,$(BUILD)/dtb/%.dtb, \
	$(wildcard tests/unit/dts/*.dts))

$(BUILD)/dtb/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

# And the tree QEMU's virt machine makes for itself (128 MiB, a
# Cortex-A53, as mk/aarch64.mk boots it), dumped by QEMU.  QEMU's
# raspi3b makes none: rpi3.dts stands for it.
DEVTREE_QEMU_DTB := $(BUILD)/dtb/qemu-virt.dtb
$(DEVTREE_QEMU_DTB):
	@mkdir -p $(dir $@)
	qemu-system-aarch64 -M virt,dumpdtb=$@ -cpu cortex-a53 -m 128M \
		-display none -serial none -monitor none -nic none >/dev/null

UNIT_EXTRA_devtree := lib/fdt.c -DDTB_DIR='"$(BUILD)/dtb"'
$(BUILD)/tests/test_devtree $(BUILD)/san/test_devtree: $(DEVTREE_DTBS) \
	$(DEVTREE_QEMU_DTB)

all: $(patsubst %,$(BUILD)/k/%.o,$(DEVTREE_SRC))
