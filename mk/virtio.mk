# The virtio library (lib/virtio*.c, docs/virtio.md): its host tests link
# the parts each needs and the simulated device (tests/unit/virtio_sim.c),
# and its fuzz targets (virtio: the disk, virtio_net: the NIC) link all
# of it but virtio_caps.c (the registers'
# places in a PCI function, tested with the driver's logic below).
# Included by the Makefile, before mk/fuzz.mk.

VIRTIO_SRC := $(filter-out lib/virtio_caps.c,$(wildcard lib/virtio*.c))
VIRTIO_SIM := tests/unit/virtio_sim.c
UNIT_EXTRA_virtio_blk := lib/virtio_blk_req.c lib/virtio_pci.c \
	lib/virtio_ring.c lib/virtio.c $(VIRTIO_SIM)
UNIT_EXTRA_virtio_pci := lib/virtio.c $(VIRTIO_SIM)
UNIT_EXTRA_virtio_ring := lib/virtio.c
UNIT_EXTRA_virtio_net := lib/virtio_net_io.c lib/virtio_pci.c \
	lib/virtio_ring.c lib/virtio.c $(VIRTIO_SIM)
$(patsubst %,$(BUILD)/tests/test_%,virtio_blk virtio_pci virtio_net) \
$(patsubst %,$(BUILD)/san/test_%,virtio_blk virtio_pci virtio_net): \
	$(VIRTIO_SRC) $(VIRTIO_SIM) tests/unit/virtio_sim.h
$(BUILD)/fuzz/fuzz_virtio $(BUILD)/fuzz/fuzz_virtio_net: \
	tests/unit/virtio_sim.h

# The virtio-blk driver's logic (drivers/virtio-blk/logic.c): its host
# test runs on the simulated q35 of the PCI tests.  Not in lib/, so the
# rules are its own.
BLKDRV_SRC := drivers/virtio-blk/logic.c $(wildcard lib/pci*.c) lib/virtio.c \
	lib/virtio_caps.c \
	tests/unit/pci_sim.c tests/unit/pci_machines.c
$(BUILD)/tests/test_blkdrv: tests/unit/test_blkdrv.c $(BLKDRV_SRC) \
		drivers/virtio-blk/logic.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -Itests/unit -o $@ $< $(BLKDRV_SRC) -lcmocka
$(BUILD)/san/test_blkdrv: tests/unit/test_blkdrv.c $(BLKDRV_SRC) \
		drivers/virtio-blk/logic.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -Itests/unit -o $@ $< \
		$(BLKDRV_SRC) -lcmocka

# The virtio-net driver's logic (drivers/virtio-net/logic.c): pure C, its
# host test needs nothing else.
NICDRV_SRC := drivers/virtio-net/logic.c
$(BUILD)/tests/test_nicdrv: tests/unit/test_nicdrv.c $(NICDRV_SRC) \
		drivers/virtio-net/logic.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< $(NICDRV_SRC) -lcmocka
$(BUILD)/san/test_nicdrv: tests/unit/test_nicdrv.c $(NICDRV_SRC) \
		drivers/virtio-net/logic.h
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -o $@ $< $(NICDRV_SRC) -lcmocka
