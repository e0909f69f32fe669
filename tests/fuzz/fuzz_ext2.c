/*
 * fuzz_ext2: the input is a disk image.  It is mounted writable (or, if
 * refused, read-only) and a fixed set of operations runs on it, as the
 * fs service would: the root is listed and each entry read, then files
 * and directories are made, written, renamed and removed, and the file
 * system is unmounted.  The device checks every sector asked for.
 *
 * The seeds (tests/fuzz/corpus/ext2/) are mke2fs images less their tail
 * of zeros: the device is the input padded with zeros to the size the
 * superblock gives, at most DEV_MAX.
 */
#include <string.h>

#include "ext2.h"
#include "fuzz.h"

enum { DEV_MAX = 1024 * 1024, CACHE = 32 * 4096, LIST_MAX = 64 };

static uint8_t disk[DEV_MAX];
static uint8_t cache[CACHE];
static uint8_t slots[CACHE / 1024 * EXT2_SLOT_BYTES];
static const struct ext2_cachemem mem = {cache, sizeof(cache), slots,
					 sizeof(slots)};
static struct ext2_fs fs;

struct dev {
	uint64_t sectors;
};

static int
dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	const struct dev *d = ctx;

	fuzz_check(sector <= d->sectors && count <= d->sectors - sector,
		   "read outside the device");
	memcpy(buf, disk + sector * EXT2_SECTOR, (size_t)count * EXT2_SECTOR);
	return 0;
}

static int
dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	const struct dev *d = ctx;

	fuzz_check(sector <= d->sectors && count <= d->sectors - sector,
		   "write outside the device");
	memcpy(disk + sector * EXT2_SECTOR, buf, (size_t)count * EXT2_SECTOR);
	return 0;
}

static uint32_t
dev_now(void *ctx)
{
	(void)ctx;
	return 1700000000u;
}

/* The device size for an input of size bytes: padded as the seeds need. */
static size_t
dev_size(const uint8_t *data, size_t size)
{
	size_t want = size;

	if (size >= 2048) {
		uint32_t blocks = (uint32_t)data[1028] | data[1029] << 8 |
				  data[1030] << 16 | (uint32_t)data[1031] << 24;
		uint32_t log = data[1048];
		uint64_t bytes = log <= 2 ? (uint64_t)blocks << (10 + log) : 0;

		if (bytes > want) {
			want = bytes > DEV_MAX ? DEV_MAX : (size_t)bytes;
		}
	}
	return (want > DEV_MAX ? DEV_MAX : want) / EXT2_SECTOR * EXT2_SECTOR;
}

/* List the root; read each file and link it names. */
static void
read_all(void)
{
	static uint8_t buf[8192];
	struct ext2_dirent ent = {0};
	struct ext2_stat st;
	uint64_t pos = 0;
	char path[EXT2_NAME_MAX + 2];

	for (int i = 0; i < LIST_MAX; i++) {
		if (ext2_readdir(&fs, EXT2_ROOT_INO, &pos, &ent) != 1) {
			break;
		}
		fuzz_check(strlen(ent.name) == ent.name_len, "name length");
		if (ext2_stat(&fs, ent.ino, &st) != 0) {
			continue;
		}
		if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
			int64_t n =
			    ext2_read(&fs, ent.ino, 0, buf, sizeof(buf));

			fuzz_check(n <= (int64_t)sizeof(buf), "read too much");
		}
		path[0] = '/';
		memcpy(path + 1, ent.name, ent.name_len + 1u);
		if (ext2_readlink(&fs, path, (char *)buf, sizeof(buf)) >= 0) {
			fuzz_check(fuzz_terminated((char *)buf, sizeof(buf)),
				   "link text not terminated");
		}
	}
}

/* Make, change and remove files and directories. */
static void
write_some(void)
{
	static uint8_t buf[6000];
	uint32_t ino;

	memset(buf, 'z', sizeof(buf));
	if (ext2_create(&fs, "/fz", 0644, &ino) == 0) {
		ext2_write(&fs, ino, 0, buf, sizeof(buf));
		ext2_append(&fs, ino, buf, 100);
		ext2_write(&fs, ino, 70000, buf, 10);
		ext2_truncate(&fs, ino, 2000);
		ext2_fsync(&fs, ino);
	}
	ext2_mkdir(&fs, "/fzd", 0755);
	ext2_rename(&fs, "/fz", "/fzd/moved");
	ext2_link(&fs, "/fzd/moved", "/hard");
	ext2_symlink(&fs, "fzd/moved", "/fl");
	ext2_lookup(&fs, "/fl", 1, &ino);
	ext2_unlink(&fs, "/hard");
	ext2_rename(&fs, "/fzd", "/lost+found/fzd");
	ext2_unlink(&fs, "/lost+found/fzd/moved");
	ext2_rmdir(&fs, "/lost+found/fzd");
	ext2_unlink(&fs, "/a");
	ext2_rmdir(&fs, "/dir");
	ext2_rename(&fs, "/dir", "/renamed");
	ext2_truncate(&fs, EXT2_ROOT_INO + 10, 0);
	ext2_sync(&fs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dev d;
	struct ext2_dev dev;
	size_t n = dev_size(data, size);

	memset(disk, 0, n);
	memcpy(disk, data, size < n ? size : n);
	d.sectors = n / EXT2_SECTOR;
	dev = (struct ext2_dev){&d,   dev_read, dev_write,
				NULL, dev_now,	d.sectors};
	if (ext2_mount(&fs, &dev, &mem, 0) == 0) {
		read_all();
		write_some();
		ext2_unmount(&fs);
	} else if (ext2_mount(&fs, &dev, &mem, EXT2_RDONLY) == 0) {
		read_all();
		ext2_unmount(&fs);
	} else {
		fuzz_check(fs.why != NULL, "refused without a reason");
	}
	return 0;
}
