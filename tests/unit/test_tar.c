/*
 * Host unit tests for lib/tar.c.  Archives are written in memory by a
 * small ustar writer that lays out headers as GNU tar --format=ustar does;
 * tests then damage what they test and check the verdict.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tar.h"

enum {
	B = TAR_BLOCK,
	H_MODE = 100,
	H_UID = 108,
	H_GID = 116,
	H_SIZE = 124,
	H_MTIME = 136,
	H_CHKSUM = 148,
	H_TYPE = 156,
	H_MAGIC = 257,
	H_UNAME = 265,
	H_DEVMAJOR = 329,
	H_DEVMINOR = 337,
	H_PREFIX = 345,
};

/* The archive under test and how much of it is written. */
static uint8_t ar[64 * B];
static size_t used;

static void
reset(void)
{
	memset(ar, 0, sizeof(ar));
	used = 0;
}

/* Write v in octal into the n-byte field at p: n - 1 digits and a NUL. */
static void
put_octal(uint8_t *p, int n, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%0*llo", n - 1, v);
	memcpy(p, buf, (size_t)n);
}

/* Compute and store h's checksum as GNU tar does: six digits, NUL, ' '. */
static void
seal(uint8_t *h)
{
	unsigned sum = 0;
	char buf[16];

	memset(h + H_CHKSUM, ' ', 8);
	for (int i = 0; i < B; i++) {
		sum += h[i];
	}
	snprintf(buf, sizeof(buf), "%06o", sum);
	memcpy(h + H_CHKSUM, buf, 7);
	h[H_CHKSUM + 7] = ' ';
}

/* Copy up to n bytes of s into the field at p, without a NUL if full. */
static void
put_str(uint8_t *p, const char *s, size_t n)
{
	size_t len = strlen(s);

	memcpy(p, s, len < n ? len : n);
}

/*
 * Append an entry: a sealed header (prefix may be NULL) and size bytes of
 * data (zeros if data is NULL), padded to whole blocks.  Returns the
 * header, for tests that change it.
 */
static uint8_t *
add(const char *prefix, const char *name, char type, const void *data,
    size_t size)
{
	uint8_t *h = ar + used;

	put_str(h, name, 100);
	put_octal(h + H_MODE, 8, type == '5' ? 0755 : 0644);
	put_octal(h + H_UID, 8, 0);
	put_octal(h + H_GID, 8, 0);
	put_octal(h + H_SIZE, 12, size);
	put_octal(h + H_MTIME, 12, 015300515172ull);
	h[H_TYPE] = (uint8_t)type;
	memcpy(h + H_MAGIC,
	       "ustar\0"
	       "00",
	       8);
	put_octal(h + H_DEVMAJOR, 8, 0);
	put_octal(h + H_DEVMINOR, 8, 0);
	if (prefix != NULL) {
		put_str(h + H_PREFIX, prefix, 155);
	}
	seal(h);
	used += B;
	if (data != NULL) {
		memcpy(ar + used, data, size);
	}
	used += (size + B - 1) / B * B;
	return h;
}

static void
add_end(int zero_blocks)
{
	used += (size_t)zero_blocks * B;
}

/* The layout `tar -C initramfs -cf x .` gives, ending in its 20 blocks. */
static size_t
build_tree(void)
{
	reset();
	add(NULL, "./", '5', NULL, 0);
	add(NULL, "./README", '0', "Cairn's initramfs.\n", 19);
	add(NULL, "./bin/", '5', NULL, 0);
	add(NULL, "./bin/hello", '0', "hi\n", 3);
	add_end(2);
	return 20 * B;
}

/* Iterate, expecting n entries then the end (or err); returns the last. */
static int
walk(size_t size, int *n, struct tar_iter *it)
{
	struct tar_entry e;
	int r;

	*n = 0;
	tar_begin(it, ar, size);
	while ((r = tar_next(it, &e)) == 1) {
		(*n)++;
	}
	return r;
}

/* The verdict of the first header alone, as the whole archive. */
static int
first(size_t size)
{
	struct tar_iter it;
	struct tar_entry e;

	tar_begin(&it, ar, size);
	return tar_next(&it, &e);
}

static void
test_tree(void **state)
{
	struct tar_iter it;
	struct tar_entry e;
	size_t size = build_tree();

	(void)state;
	tar_begin(&it, ar, size);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "");
	assert_int_equal(e.type, TAR_DIR);
	assert_int_equal(e.mode, 0755);
	assert_int_equal(e.size, 0);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "README");
	assert_int_equal(e.type, TAR_FILE);
	assert_int_equal(e.mode, 0644);
	assert_int_equal(e.size, 19);
	assert_ptr_equal(e.data, ar + 2 * B);
	assert_memory_equal(e.data, "Cairn's initramfs.\n", 19);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "bin");
	assert_int_equal(e.type, TAR_DIR);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "bin/hello");
	assert_int_equal(e.size, 3);
	assert_memory_equal(e.data, "hi\n", 3);
	assert_int_equal(tar_next(&it, &e), 0);
	assert_int_equal(it.terminated, 1);
	assert_string_equal(e.name, "");
	assert_null(e.data);
	/* The end stays the end. */
	assert_int_equal(tar_next(&it, &e), 0);
}

/* A header exactly as GNU tar 1.34 wrote it for ./bin/hello ("hi\n"). */
static void
test_real_gnu_header(void **state)
{
	struct tar_iter it;
	struct tar_entry e;

	(void)state;
	reset();
	memcpy(ar, "./bin/hello", 11);
	memcpy(ar + 100,
	       "0000644\0"
	       "0000000\0"
	       "0000000\0"
	       "00000000003\0"
	       "15300515172\0"
	       "011167\0 0",
	       57);
	memcpy(ar + 257,
	       "ustar\0"
	       "00",
	       8);
	memcpy(ar + 329,
	       "0000000\0"
	       "0000000",
	       16);
	memcpy(ar + B, "hi\n", 3);
	tar_begin(&it, ar, 4 * B);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "bin/hello");
	assert_int_equal(e.type, TAR_FILE);
	assert_int_equal(e.size, 3);
	assert_int_equal(tar_next(&it, &e), 0);
	assert_int_equal(it.terminated, 1);
}

static void
test_find(void **state)
{
	struct tar_entry e;
	size_t size = build_tree();

	(void)state;
	assert_int_equal(tar_find(ar, size, "bin/hello", &e), TAR_OK);
	assert_memory_equal(e.data, "hi\n", 3);
	assert_int_equal(tar_find(ar, size, "./bin/hello", &e), TAR_OK);
	assert_string_equal(e.name, "bin/hello");
	assert_int_equal(tar_find(ar, size, "README", &e), TAR_OK);
	assert_int_equal(e.size, 19);
	/* Directories, prefixes of names and absent names are not files. */
	assert_int_equal(tar_find(ar, size, "bin", &e), TAR_E_NOT_FOUND);
	assert_string_equal(e.name, "");
	assert_int_equal(tar_find(ar, size, "bin/", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, size, "bin/hell", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, size, "bin/hello2", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, size, "", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, 0, "bin/hello", &e), TAR_E_NOT_FOUND);
}

static void
test_find_last_and_whole_archive(void **state)
{
	struct tar_entry e;

	(void)state;
	reset();
	add(NULL, "a", '0', "one", 3);
	add(NULL, "./a", '0', "second", 6);
	add(NULL, "a", '5', NULL, 0);
	add_end(2);
	/* The last regular file of that name counts. */
	assert_int_equal(tar_find(ar, used, "a", &e), TAR_OK);
	assert_int_equal(e.size, 6);
	assert_memory_equal(e.data, "second", 6);
	/* A damaged header after the file spoils the find. */
	reset();
	add(NULL, "a", '0', "one", 3);
	uint8_t *h = add(NULL, "b", '0', "two", 3);
	h[0] = 'c';
	add_end(2);
	assert_int_equal(tar_find(ar, used, "a", &e), TAR_E_CHECKSUM);
	assert_null(e.data);
}

static void
test_long_names(void **state)
{
	struct tar_iter it;
	struct tar_entry e;
	char prefix[156], name[101], want[300];

	(void)state;
	/* A full name field (no NUL) and a full prefix: 256 characters. */
	memset(prefix, 'p', 155);
	prefix[155] = '\0';
	memset(name, 'n', 100);
	name[100] = '\0';
	reset();
	add(prefix, name, '0', "x", 1);
	assert_int_equal(first(used), TAR_E_NAME);
	/* One shorter: 255, the longest allowed. */
	prefix[154] = '\0';
	reset();
	add(prefix, name, '0', "x", 1);
	add_end(2);
	tar_begin(&it, ar, used);
	assert_int_equal(tar_next(&it, &e), 1);
	snprintf(want, sizeof(want), "%s/%s", prefix, name);
	assert_int_equal(strlen(e.name), TAR_NAME_MAX);
	assert_string_equal(e.name, want);
	assert_int_equal(tar_find(ar, used, want, &e), TAR_OK);
	/* 256 before "./" is stripped, 254 after. */
	prefix[0] = '.';
	prefix[1] = '/';
	prefix[154] = 'p';
	reset();
	add(prefix, name, '0', "x", 1);
	assert_int_equal(first(used), 1);
	/* The usual split: a directory prefix and a short name. */
	reset();
	add("usr/share/doc", "README", '0', "x", 1);
	add_end(2);
	assert_int_equal(tar_find(ar, used, "usr/share/doc/README", &e),
			 TAR_OK);
}

static void
test_gnu_magic_has_no_prefix(void **state)
{
	struct tar_iter it;
	struct tar_entry e;

	(void)state;
	reset();
	/* GNU's own header keeps times, not a prefix, in that space. */
	uint8_t *h = add("12345670123", "file", '0', "x", 1);
	memcpy(h + H_MAGIC, "ustar  \0", 8);
	seal(h);
	tar_begin(&it, ar, used);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "file");
	/* The same header with POSIX magic does join the prefix. */
	memcpy(h + H_MAGIC,
	       "ustar\0"
	       "00",
	       8);
	seal(h);
	tar_begin(&it, ar, used);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "12345670123/file");
}

static void
test_directories_and_others(void **state)
{
	struct tar_iter it;
	struct tar_entry e;

	(void)state;
	reset();
	/* A directory's size field does not count data blocks. */
	uint8_t *h = add(NULL, "etc//", '5', NULL, 0);
	put_octal(h + H_SIZE, 12, 4096);
	seal(h);
	add(NULL, "etc/link", '2', NULL, 0);
	add(NULL, "pax", 'x', "20 path=whatever\n", 17);
	add(NULL, "old", '\0', "o", 1);
	add(NULL, "contig", '7', "c", 1);
	add(NULL, ".", '5', NULL, 0);
	add_end(2);
	tar_begin(&it, ar, used);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "etc");
	assert_int_equal(e.type, TAR_DIR);
	assert_int_equal(e.size, 0);
	assert_null(e.data);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "etc/link");
	assert_int_equal(e.type, TAR_OTHER);
	assert_int_equal(e.size, 0);
	/* Unknown types carry data, which is skipped. */
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "pax");
	assert_int_equal(e.type, TAR_OTHER);
	assert_int_equal(e.size, 17);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "old");
	assert_int_equal(e.type, TAR_FILE);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "contig");
	assert_int_equal(e.type, TAR_FILE);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_string_equal(e.name, "");
	assert_int_equal(tar_next(&it, &e), 0);
	assert_int_equal(tar_find(ar, used, "etc", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, used, "etc/link", &e), TAR_E_NOT_FOUND);
	assert_int_equal(tar_find(ar, used, "contig", &e), TAR_OK);
}

static void
test_empty_name(void **state)
{
	(void)state;
	reset();
	add(NULL, "", '0', "x", 1);
	assert_int_equal(first(used), TAR_E_NAME);
	reset();
	add(NULL, "./", '0', "x", 1);
	assert_int_equal(first(used), TAR_E_NAME);
	reset();
	add(NULL, "./", '2', NULL, 0);
	assert_int_equal(first(used), TAR_E_NAME);
}

static void
test_bad_checksum(void **state)
{
	(void)state;
	reset();
	uint8_t *h = add(NULL, "file", '0', "x", 1);
	h[1] = 'I';
	assert_int_equal(first(used), TAR_E_CHECKSUM);
	seal(h);
	assert_int_equal(first(used), 1);
	/* Off by one. */
	h[H_CHKSUM + 5]++;
	assert_int_equal(first(used), TAR_E_CHECKSUM);
	/* Not octal, no digits, no terminator. */
	memcpy(h + H_CHKSUM, "01x167\0 ", 8);
	assert_int_equal(first(used), TAR_E_CHECKSUM);
	memset(h + H_CHKSUM, ' ', 8);
	assert_int_equal(first(used), TAR_E_CHECKSUM);
	memcpy(h + H_CHKSUM, "00001234", 8);
	assert_int_equal(first(used), TAR_E_CHECKSUM);
}

static void
test_signed_checksum(void **state)
{
	char buf[16];
	int sum = 0;

	(void)state;
	reset();
	uint8_t *h = add(NULL, "file", '0', "x", 1);
	/* A byte above 0x7f: old tars summed signed chars. */
	h[H_UNAME] = 0xE9;
	memset(h + H_CHKSUM, ' ', 8);
	for (int i = 0; i < B; i++) {
		sum += (int8_t)h[i];
	}
	snprintf(buf, sizeof(buf), "%06o", sum);
	memcpy(h + H_CHKSUM, buf, 7);
	assert_int_equal(first(used), 1);
	/* And the unsigned sum of the same header. */
	seal(h);
	assert_int_equal(first(used), 1);
}

/* Put s into the field at off of a fresh one-file archive; check it. */
static int
with_field(int off, const char *s, size_t n)
{
	reset();
	uint8_t *h = add(NULL, "file", '0', "x", 1);
	memcpy(h + off, s, n);
	seal(h);
	add_end(2);
	return first(used);
}

static void
test_bad_octal(void **state)
{
	static const int fields[] = {H_MODE, H_UID, H_GID, H_DEVMAJOR,
				     H_DEVMINOR};

	(void)state;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		int f = fields[i];
		assert_int_equal(with_field(f, "0000644", 8), 1);
		assert_int_equal(with_field(f, "   644 ", 8), 1);
		assert_int_equal(with_field(f, "0000648", 8), TAR_E_NUMBER);
		assert_int_equal(with_field(f, "00006x4", 8), TAR_E_NUMBER);
		assert_int_equal(with_field(f, "-000644", 8), TAR_E_NUMBER);
		/* Garbage after the terminator; no terminator at all. */
		assert_int_equal(with_field(f, "644\0x\0\0", 8), TAR_E_NUMBER);
		assert_int_equal(with_field(f, "00000644", 8), TAR_E_NUMBER);
		/* GNU's base-256 form is not ustar. */
		assert_int_equal(with_field(f, "\x80\0\0\0\0\0\0\1", 8),
				 TAR_E_NUMBER);
	}
	/* Only the device numbers may be empty. */
	assert_int_equal(with_field(H_DEVMAJOR, "\0\0\0\0\0\0\0", 8), 1);
	assert_int_equal(with_field(H_DEVMINOR, "       ", 8), 1);
	assert_int_equal(with_field(H_MODE, "\0\0\0\0\0\0\0", 8), TAR_E_NUMBER);
	assert_int_equal(with_field(H_UID, "       ", 8), TAR_E_NUMBER);
	assert_int_equal(with_field(H_SIZE, "           ", 12), TAR_E_NUMBER);
	assert_int_equal(with_field(H_SIZE, "0000000001z", 12), TAR_E_NUMBER);
	assert_int_equal(with_field(H_SIZE, "000000000001", 12), TAR_E_NUMBER);
	assert_int_equal(with_field(H_MTIME, "1530051517x", 12), TAR_E_NUMBER);
	assert_int_equal(with_field(H_MTIME, "153005151720", 12), TAR_E_NUMBER);
}

static void
test_size_past_end(void **state)
{
	(void)state;
	reset();
	uint8_t *h = add(NULL, "file", '0', NULL, 1000);
	/* Two data blocks: the file fits in 3 blocks, not in 2.5. */
	assert_int_equal(first(3 * B), 1);
	assert_int_equal(first(3 * B - 1), TAR_E_SIZE);
	assert_int_equal(first(2 * B), TAR_E_SIZE);
	put_octal(h + H_SIZE, 12, 1025);
	seal(h);
	assert_int_equal(first(3 * B), TAR_E_SIZE);
	assert_int_equal(first(4 * B), 1);
	/* The largest size a field holds. */
	put_octal(h + H_SIZE, 12, 077777777777ull);
	seal(h);
	assert_int_equal(first(sizeof(ar)), TAR_E_SIZE);
}

static void
test_truncated(void **state)
{
	struct tar_iter it;
	int n;

	(void)state;
	build_tree();
	/* Inside the first header, and inside a later one. */
	assert_int_equal(first(100), TAR_E_SHORT);
	assert_int_equal(first(B - 1), TAR_E_SHORT);
	assert_int_equal(walk(3 * B + 300, &n, &it), TAR_E_SHORT);
	assert_int_equal(n, 2);
	/* Inside the first zero block, and inside the second. */
	assert_int_equal(walk(6 * B + 1, &n, &it), TAR_E_SHORT);
	assert_int_equal(n, 4);
	assert_int_equal(walk(7 * B + 100, &n, &it), TAR_E_SHORT);
	assert_int_equal(n, 4);
}

static void
test_terminator(void **state)
{
	struct tar_iter it;
	int n;

	(void)state;
	build_tree();
	/* No zero blocks: the buffer's end is the end. */
	assert_int_equal(walk(6 * B, &n, &it), 0);
	assert_int_equal(n, 4);
	assert_int_equal(it.terminated, 0);
	/* One zero block, then the buffer's end. */
	assert_int_equal(walk(7 * B, &n, &it), 0);
	assert_int_equal(n, 4);
	assert_int_equal(it.terminated, 0);
	/* Two zero blocks; whatever follows them is not read. */
	memset(ar + 8 * B, 0xFF, B);
	assert_int_equal(walk(9 * B, &n, &it), 0);
	assert_int_equal(n, 4);
	assert_int_equal(it.terminated, 1);
	/* An empty buffer, and an archive of just the end. */
	assert_int_equal(walk(0, &n, &it), 0);
	assert_int_equal(n, 0);
	reset();
	assert_int_equal(walk(2 * B, &n, &it), 0);
	assert_int_equal(n, 0);
	assert_int_equal(it.terminated, 1);
}

static void
test_lone_zero_block(void **state)
{
	struct tar_iter it;
	int n;

	(void)state;
	reset();
	add(NULL, "a", '0', "x", 1);
	add_end(1);
	add(NULL, "b", '0', "y", 1);
	add_end(2);
	assert_int_equal(walk(used, &n, &it), TAR_E_ZERO);
	assert_int_equal(n, 1);
}

static void
test_errors_stick(void **state)
{
	struct tar_iter it;
	struct tar_entry e;

	(void)state;
	reset();
	add(NULL, "a", '0', "x", 1);
	uint8_t *h = add(NULL, "b", '0', "y", 1);
	memcpy(h + H_MAGIC, "ustaR", 5);
	seal(h);
	add_end(2);
	tar_begin(&it, ar, used);
	assert_int_equal(tar_next(&it, &e), 1);
	assert_int_equal(tar_next(&it, &e), TAR_E_MAGIC);
	assert_string_equal(e.name, "");
	assert_int_equal(e.size, 0);
	memcpy(h + H_MAGIC, "ustar", 5);
	seal(h);
	assert_int_equal(tar_next(&it, &e), TAR_E_MAGIC);
}

static void
test_bad_magic(void **state)
{
	(void)state;
	assert_int_equal(with_field(H_MAGIC,
				    "ustar\0"
				    "00",
				    8),
			 1);
	assert_int_equal(with_field(H_MAGIC, "ustar  \0", 8), 1);
	assert_int_equal(with_field(H_MAGIC,
				    "ustar\0"
				    "01",
				    8),
			 TAR_E_MAGIC);
	assert_int_equal(with_field(H_MAGIC, "ustar \0\0", 8), TAR_E_MAGIC);
	assert_int_equal(with_field(H_MAGIC,
				    "USTAR\0"
				    "00",
				    8),
			 TAR_E_MAGIC);
	assert_int_equal(with_field(H_MAGIC, "\0\0\0\0\0\0\0\0", 8),
			 TAR_E_MAGIC);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = TAR_OK; e >= TAR_E_NOT_FOUND; e--) {
		const char *s = tar_strerror(e);
		assert_non_null(s);
		assert_true(s[0] != '\0');
		assert_string_not_equal(s, "unknown error");
		for (int f = TAR_OK; f > e; f--) {
			assert_string_not_equal(s, tar_strerror(f));
		}
	}
	assert_string_equal(tar_strerror(TAR_E_NOT_FOUND - 1), "unknown error");
	assert_string_equal(tar_strerror(1), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tree),
	    cmocka_unit_test(test_real_gnu_header),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_find_last_and_whole_archive),
	    cmocka_unit_test(test_long_names),
	    cmocka_unit_test(test_gnu_magic_has_no_prefix),
	    cmocka_unit_test(test_directories_and_others),
	    cmocka_unit_test(test_empty_name),
	    cmocka_unit_test(test_bad_checksum),
	    cmocka_unit_test(test_signed_checksum),
	    cmocka_unit_test(test_bad_octal),
	    cmocka_unit_test(test_size_past_end),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_terminator),
	    cmocka_unit_test(test_lone_zero_block),
	    cmocka_unit_test(test_errors_stick),
	    cmocka_unit_test(test_bad_magic),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
