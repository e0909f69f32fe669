/*
 * fuzz_tar: the input is an initramfs.  Every entry is listed, as init's
 * `ls` does, and each regular file is looked up by name, as init looks
 * up a program or etc/boot.conf.
 */
#include <string.h>

#include "fuzz.h"
#include "tar.h"

enum { MAX_LOOKUPS = 32 }; /* lookups per input: each reads the whole */

/* Check what tar_next said about one entry of the archive a (n bytes). */
static void
check_entry(const struct tar_entry *e, const uint8_t *a, size_t n)
{
	size_t len = strlen(e->name);

	fuzz_check(len <= TAR_NAME_MAX, "name too long");
	fuzz_check(e->type == TAR_FILE || e->type == TAR_DIR ||
		       e->type == TAR_OTHER,
		   "unknown type");
	fuzz_check(len > 0 || e->type == TAR_DIR, "empty name");
	fuzz_check(strncmp(e->name, "./", 2) != 0, "name starts ./");
	fuzz_check(e->type != TAR_DIR || len == 0 || e->name[len - 1] != '/',
		   "directory name ends /");
	if (e->data == NULL) {
		fuzz_check(e->size == 0, "size without data");
	} else {
		fuzz_check(e->size <= n &&
			       fuzz_inside(e->data, (size_t)e->size, a, n),
			   "data outside the archive");
		fuzz_check((size_t)(e->data - a) % TAR_BLOCK == 0,
			   "data not on a block");
	}
}

/* Look up the file e names; the last entry of that name must be found. */
static void
check_lookup(const struct tar_entry *e, const uint8_t *a, size_t n)
{
	struct tar_entry f;
	char dotted[TAR_NAME_MAX + 3] = "./";

	fuzz_check(tar_find(a, n, e->name, &f) == TAR_OK,
		   "a listed file is not found");
	fuzz_check(strcmp(f.name, e->name) == 0 && f.type == TAR_FILE,
		   "found another entry");
	fuzz_check(f.data >= e->data, "found an earlier entry of the name");
	strcpy(dotted + 2, e->name);
	fuzz_check(tar_find(a, n, dotted, &f) == TAR_OK &&
		       strcmp(f.name, e->name) == 0,
		   "./name is not name");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tar_iter it;
	struct tar_entry e;
	struct tar_entry *files = calloc(MAX_LOOKUPS, sizeof(*files));
	int nfiles = 0;
	int r;

	tar_begin(&it, data, size);
	while ((r = tar_next(&it, &e)) == 1) {
		check_entry(&e, data, size);
		if (e.type == TAR_FILE && nfiles < MAX_LOOKUPS) {
			files[nfiles++] = e;
		}
	}
	fuzz_check(r <= 0 && r >= TAR_E_ZERO, "tar_next: unknown result");
	fuzz_check(tar_next(&it, &e) == r, "tar_next: the end changed");
	fuzz_check(tar_strerror(r) != NULL, "no error text");
	if (r == 0) {
		for (int i = 0; i < nfiles; i++) {
			check_lookup(&files[i], data, size);
		}
	}
	/* A damaged archive is refused whole, whatever is asked for. */
	int found = tar_find(data, size, "etc/boot.conf", &e);
	fuzz_check(r == 0 ? found == TAR_OK || found == TAR_E_NOT_FOUND
			  : found == r,
		   "tar_find and tar_next disagree");
	fuzz_check(found == TAR_OK || (e.data == NULL && e.size == 0),
		   "not found, yet described");
	free(files);
	return 0;
}
