# The ext2 library (lib/ext2*.c, docs/storage.md): its host tests link all
# of it and the fixture that makes images with mke2fs and checks them
# with e2fsck and debugfs (tests/unit/ext2_fixture.c).  Included by the
# Makefile.

EXT2_SRC := $(wildcard lib/ext2*.c)
EXT2_FIXTURE := tests/unit/ext2_fixture.c
UNIT_EXTRA_ext2 := $(filter-out lib/ext2.c,$(EXT2_SRC)) $(EXT2_FIXTURE)
UNIT_EXTRA_ext2_ops := $(filter-out lib/ext2_ops.c,$(EXT2_SRC)) \
	$(EXT2_FIXTURE)
$(patsubst %,$(BUILD)/tests/test_%,ext2 ext2_ops) \
$(patsubst %,$(BUILD)/san/test_%,ext2 ext2_ops): $(EXT2_SRC) \
	$(EXT2_FIXTURE) tests/unit/ext2_fixture.h
