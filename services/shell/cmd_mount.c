/*
 * cmd_mount: the shell's commands about file systems as a whole (df,
 * mount, sync) and stat.  Two are mounted: the initramfs at /, read-only
 * (init's tar archive), and the ext2 disk at /disk, through the fs
 * service, when the machine has one.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell.h"

/* A mount's size and use in KiB, and its files (0 if not known): 0, or
 * -1 with errno. */
static int
use(const char *dir, const char *type, uint64_t *size, uint64_t *used,
    unsigned *files)
{
	struct cairn_fs_statfs st;

	*files = 0;
	if (strcmp(type, "initramfs") == 0) {
		char name[129];
		word_t bytes;
		/* The archive's files, read-only: full by definition. */
		*size = 0;
		for (word_t i = 0; cairn_init_ls(i, &bytes, name) == CAIRN_OK;
		     i++) {
			*size += bytes;
			(*files)++;
		}
		*size = (*size + 1023) >> 10;
		*used = *size;
		return 0;
	}
	if (cairn_fs_statfs(dir, &st) != 0) {
		return -1;
	}
	*size = st.blocks * st.block_size >> 10;
	*used = *size - (st.free_blocks * st.block_size >> 10);
	return 0;
}

/* used of size as df's Use%: rounded up, 0 for an empty size. */
static unsigned
percent(uint64_t used, uint64_t size)
{
	return size == 0 ? 0 : (unsigned)((used * 100 + size - 1) / size);
}

/* Where a mount's bytes come from: the initramfs, or the disk. */
static const char *
source(const char *type)
{
	return strcmp(type, "initramfs") == 0 ? "initramfs" : "virtio-blk";
}

int
cmd_df(int argc, char **argv)
{
	const char *dir, *type;
	uint64_t size, used;
	unsigned files;
	int status = 0;

	(void)argc;
	(void)argv;
	printf("%-12s %10s %10s %10s %4s  %s\n", "Filesystem", "1K-blocks",
	       "Used", "Available", "Use%", "Mounted on");
	for (int i = 0; cairn_fs_mounts(i, &dir, &type) == 0; i++) {
		if (use(dir, type, &size, &used, &files) != 0) {
			status = fs_fail("df", dir);
			continue;
		}
		printf("%-12s %10lu %10lu %10lu %3u%%  %s\n", source(type),
		       size, used, size - used, percent(used, size), dir);
	}
	return status;
}

int
cmd_mount(int argc, char **argv)
{
	const char *dir, *type;
	uint64_t size, used;
	unsigned files;

	(void)argc;
	(void)argv;
	for (int i = 0; cairn_fs_mounts(i, &dir, &type) == 0; i++) {
		printf("%s on %s type %s ", source(type), dir, type);
		if (use(dir, type, &size, &used, &files) != 0) {
			printf("(%s)\n", strerror(errno));
		} else if (strcmp(type, "initramfs") == 0) {
			printf("(ro, %lu KiB in %u files)\n", size, files);
		} else {
			printf("(rw, %lu KiB of %lu KiB used, %u%%, %lu KiB "
			       "free)\n",
			       used, size, percent(used, size), size - used);
		}
	}
	return 0;
}

int
cmd_sync(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sync();
	return 0;
}

/* Seconds since 1970 as "YYYY-MM-DD hh:mm:ss" (UTC), into out. */
static void
utc_time(uint64_t t, char out[64])
{
	/* Days to a civil date: years of 365.2425 days in eras of 400,
	 * counted from 1 March so that the leap day ends a year. */
	int64_t z = (int64_t)(t / 86400) + 719468;
	int64_t era = z / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	uint64_t s = t % 86400;

	snprintf(out, 64, "%04ld-%02ld-%02ld %02lu:%02lu:%02lu", (long)y,
		 (long)m, (long)d, s / 3600, s / 60 % 60, s % 60);
}

static const char *
kind(unsigned mode)
{
	return S_ISDIR(mode)   ? "directory"
	       : S_ISLNK(mode) ? "symbolic link"
	       : S_ISREG(mode) ? "regular file"
			       : "other";
}

int
cmd_stat(int argc, char **argv)
{
	struct stat st;
	char mode[11], at[64], mt[64], ct[64];

	if (argc != 2) {
		printf("stat: usage: stat <path>\n");
		return 1;
	}
	if (lstat(argv[1], &st) != 0) {
		return fs_fail("stat", argv[1]);
	}
	fs_mode_string((unsigned)st.st_mode, mode);
	utc_time((uint64_t)st.st_atime, at);
	utc_time((uint64_t)st.st_mtime, mt);
	utc_time((uint64_t)st.st_ctime, ct);
	printf("  File: %s\n", argv[1]);
	printf("  Size: %lu  Blocks: %lu  %s\n", (unsigned long)st.st_size,
	       (unsigned long)st.st_blocks, kind((unsigned)st.st_mode));
	printf(" Inode: %lu  Links: %lu  Mode: (%04o/%s)\n",
	       (unsigned long)st.st_ino, (unsigned long)st.st_nlink,
	       (unsigned)st.st_mode & 07777, mode);
	printf("Access: %s\nModify: %s\nChange: %s\n", at, mt, ct);
	return 0;
}
