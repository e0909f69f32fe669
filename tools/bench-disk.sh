#!/bin/sh
# The disk the storage benchmarks run on, Cairn's (tools/bench.sh) and
# Linux's (tools/bench-linux-storage.sh) alike: a fresh 64 MiB ext2 image
# made by mke2fs -t ext2 from disk/, as mk/disk.mk makes build/disk.img,
# with a fixed UUID and directory hash seed so that every run starts from
# the same bytes.
#
#   tools/bench-disk.sh IMAGE
set -eu
img=$1
rm -f "$img"
truncate -s 64M "$img"
E2FSPROGS_FAKE_TIME=1 mke2fs -q -t ext2 -L cairn -d disk \
	-U 6361726e-0000-4000-8000-000000000001 \
	-E hash_seed=6361726e-0000-4000-8000-000000000002 "$img"
