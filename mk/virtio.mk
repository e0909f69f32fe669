# The virtio library (lib/virtio*.c, docs/virtio.md): its host tests link
# the parts each needs and the simulated device (tests/unit/virtio_sim.c),
# and its fuzz target links all of it.  Included by the Makefile, before
# mk/fuzz.mk.

VIRTIO_SRC := $(wildcard lib/virtio*.c)
VIRTIO_SIM := tests/unit/virtio_sim.c
UNIT_EXTRA_virtio_blk := lib/virtio_blk_req.c lib/virtio_pci.c \
	lib/virtio_ring.c lib/virtio.c $(VIRTIO_SIM)
UNIT_EXTRA_virtio_pci := lib/virtio.c $(VIRTIO_SIM)
UNIT_EXTRA_virtio_ring := lib/virtio.c
$(patsubst %,$(BUILD)/tests/test_%,virtio_blk virtio_pci) \
$(patsubst %,$(BUILD)/san/test_%,virtio_blk virtio_pci): $(VIRTIO_SRC) \
	$(VIRTIO_SIM) tests/unit/virtio_sim.h
$(BUILD)/fuzz/fuzz_virtio: tests/unit/virtio_sim.h
