# The ext2 library (lib/ext2*.c, docs/storage.md): its host tests link all
# of it and the fixture that makes images with mke2fs and checks them
# with e2fsck and debugfs (tests/unit/ext2_fixture.c).  Included by the
# Makefile.

EXT2_SRC := $(wildcard lib/ext2*.c)
EXT2_FIXTURE := tests/unit/ext2_fixture.c
UNIT_EXTRA_ext2 := $(filter-out lib/ext2.c,$(EXT2_SRC)) $(EXT2_FIXTURE)
UNIT_EXTRA_ext2_ops := $(filter-out lib/ext2_ops.c,$(EXT2_SRC)) \
	$(EXT2_FIXTURE)
UNIT_EXTRA_ext2_cache := $(filter-out lib/ext2_cache.c,$(EXT2_SRC)) \
	$(EXT2_FIXTURE)
$(patsubst %,$(BUILD)/tests/test_%,ext2 ext2_ops ext2_cache) \
$(patsubst %,$(BUILD)/san/test_%,ext2 ext2_ops ext2_cache): $(EXT2_SRC) \
	$(EXT2_FIXTURE) tests/unit/ext2_fixture.h

# The fs service's logic (services/fs/logic.c) over the library: its host
# test runs the file protocol's calls on mke2fs images.  Not in lib/, so
# the rules are its own.
FSLOGIC_SRC := services/fs/logic.c $(EXT2_SRC) $(EXT2_FIXTURE)
FSLOGIC_DEP := tests/unit/test_fs_logic.c $(FSLOGIC_SRC) \
	services/fs/fs.h user/lib/proto/fs.h tests/unit/ext2_fixture.h
unit: $(BUILD)/tests/test_fs_logic
$(BUILD)/tests/test_fs_logic: $(FSLOGIC_DEP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -Iservices/fs -Iuser/lib -Itests/unit -o $@ \
		$< $(FSLOGIC_SRC) -lcmocka
$(BUILD)/san/test_fs_logic: $(FSLOGIC_DEP)
	@mkdir -p $(dir $@)
	$(SANCC) $(HOSTCFLAGS) $(SANFLAGS) -Iservices/fs -Iuser/lib \
		-Itests/unit -o $@ $< $(FSLOGIC_SRC) -lcmocka
