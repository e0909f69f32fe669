/*
 * `run /disk/bin/<name>`: a program from a file rather than the
 * initramfs.  The shell reads the file into a shared region of its own
 * and asks init to start it from there (cairn_spawn_file): init reads the
 * region where it lies, so the file crosses no IPC.  The region is kept
 * for the next such run and replaced by a bigger one only when a file
 * does not fit (a region's frames are never given back before the shell
 * ends).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell.h"

#define FILE_MAX   (2u << 20) /* init loads images of up to 2 MiB */
#define REGION_MIN (128u << 10)

static cptr_t region;
static word_t region_addr, region_size;

/* A region of at least bytes; 0 or an errno. */
static int
region_for(word_t bytes)
{
	word_t want = REGION_MIN;

	if (region != 0 && region_size >= bytes) {
		return 0;
	}
	while (want < bytes) {
		want <<= 1;
	}
	cptr_t slot = cairn_slot_alloc();
	word_t addr, size;
	if (slot == 0 || cairn_shm_create(want, slot, &addr, &size) != 0) {
		if (slot != 0) {
			cairn_slot_free(slot);
		}
		return ENOMEM;
	}
	region = slot; /* the old one stays mapped until the shell ends */
	region_addr = addr;
	region_size = size;
	return 0;
}

/* Read path whole into the region: its size, or -1 with *what set to
 * why not. */
static long
load(const char *path, const char **what)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		*what = strerror(errno);
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	*what = S_ISDIR(st.st_mode)	      ? strerror(EISDIR)
		: !S_ISREG(st.st_mode)	      ? "not a regular file"
		: st.st_size == 0	      ? "an empty file"
		: st.st_size > FILE_MAX	      ? "larger than 2 MiB"
		: region_for(st.st_size) != 0 ? strerror(ENOMEM)
					      : NULL;
	long done = 0;
	while (*what == NULL && done < st.st_size) {
		ssize_t n = read(fd, (char *)region_addr + done,
				 (size_t)(st.st_size - done));
		if (n <= 0) {
			*what = strerror(n < 0 ? errno : EIO);
		}
		done += n > 0 ? n : 0;
	}
	close(fd);
	return *what == NULL ? done : -1;
}

long
run_file(int argc, char **argv, word_t flags, char *why, size_t whylen)
{
	const char *what = NULL;
	long size = load(argv[0], &what);

	if (size < 0) {
		snprintf(why, whylen, "%s: %s", argv[0], what);
		return -CAIRN_E_INVALID_ARGUMENT;
	}
	return cairn_spawn_file(region, (word_t)size, argc,
				(const char *const *)argv, flags, why, whylen);
}
