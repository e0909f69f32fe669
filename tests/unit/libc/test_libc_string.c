/*
 * Host unit tests for Cairn's string.h (lib/cstring.c, which the kernel
 * shares, and lib/libc/string.c, strdup.c, errno.c).  The libc's names are
 * renamed for the host build (libc_names.h), so strlen here is Cairn's; the
 * host's own functions, where a test compares against them, are the ref_ ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/include/errno.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "hooks.h"
#include "host_ref.h"
#include "test_rand.h"

static int
setup(void **state)
{
	(void)state;
	hook_heap_reset(0);
	return 0;
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
test_memcpy_sizes_and_alignments(void **state)
{
	unsigned char src[80];
	unsigned char dst[80];

	(void)state;
	for (int i = 0; i < 80; i++) {
		src[i] = (unsigned char)(i * 7 + 1);
	}
	for (size_t so = 0; so < 9; so++) {
		for (size_t d_o = 0; d_o < 9; d_o++) {
			for (size_t n = 0; n <= 64; n++) {
				memset(dst, 0xee, sizeof(dst));
				assert_ptr_equal(memcpy(dst + d_o, src + so, n),
						 dst + d_o);
				for (size_t i = 0; i < sizeof(dst); i++) {
					int in = i >= d_o && i < d_o + n;
					assert_int_equal(dst[i],
							 in ? src[so + i - d_o]
							    : 0xee);
				}
			}
		}
	}
}

/* Every overlap of an 8..40 byte move in a 64-byte buffer. */
static void
test_memmove_overlap(void **state)
{
	unsigned char buf[64];
	unsigned char want[64];

	(void)state;
	for (size_t n = 0; n <= 40; n += 4) {
		for (size_t from = 0; from + n <= 64; from += 3) {
			for (size_t to = 0; to + n <= 64; to += 5) {
				for (int i = 0; i < 64; i++) {
					buf[i] = want[i] = (unsigned char)i;
				}
				for (size_t i = 0; i < n; i++) {
					want[to + i] =
					    (unsigned char)(from + i);
				}
				assert_ptr_equal(
				    memmove(buf + to, buf + from, n), buf + to);
				assert_memory_equal(buf, want, sizeof(buf));
			}
		}
	}
}

static void
test_memset(void **state)
{
	unsigned char buf[48];

	(void)state;
	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n + off <= 40; n++) {
			for (size_t i = 0; i < sizeof(buf); i++) {
				buf[i] = 0x11;
			}
			/* The value is cut to an unsigned char. */
			assert_ptr_equal(memset(buf + off, 0x1a5, n),
					 buf + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				int in = i >= off && i < off + n;
				assert_int_equal(buf[i], in ? 0xa5 : 0x11);
			}
		}
	}
}

static void
test_memcmp_memchr(void **state)
{
	const unsigned char a[] = {1, 2, 3, 0x80, 5};
	const unsigned char b[] = {1, 2, 3, 0x7f, 5};

	(void)state;
	assert_int_equal(memcmp(a, b, 0), 0);
	assert_int_equal(memcmp(a, b, 3), 0);
	/* Bytes compare as unsigned char: 0x80 > 0x7f. */
	assert_true(memcmp(a, b, 4) > 0);
	assert_true(memcmp(b, a, 5) < 0);
	assert_ptr_equal(memchr(a, 0x80, 5), a + 3);
	assert_ptr_equal(memchr(a, 0x180, 5), a + 3);
	assert_null(memchr(a, 0x80, 3));
	assert_null(memchr(a, 9, 5));
	assert_null(memchr(NULL, 1, 0));
	assert_ptr_equal(memchr("ab\0cd", 'c', 5), (const char *)"ab\0cd" + 3);
}

static void
test_lengths(void **state)
{
	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("cairn"), 5);
	assert_int_equal(strnlen("cairn", 3), 3);
	assert_int_equal(strnlen("cairn", 9), 5);
	assert_int_equal(strnlen("cairn", 0), 0);
	/* strnlen must not read past max: this array has no NUL. */
	const char nonul[4] = {'a', 'b', 'c', 'd'};
	assert_int_equal(strnlen(nonul, 4), 4);
}

static void
test_compare(void **state)
{
	(void)state;
	assert_int_equal(strcmp("", ""), 0);
	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abd", "abc") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("abc", "ab") > 0);
	assert_true(strcmp("\x80", "\x7f") > 0);
	assert_int_equal(strncmp("abcx", "abcy", 3), 0);
	assert_true(strncmp("abcx", "abcy", 4) < 0);
	assert_int_equal(strncmp("abc", "abd", 0), 0);
	assert_int_equal(strncmp("ab", "ab", 100), 0);
	assert_true(strncmp("ab", "abc", 100) < 0);
}

/* Random short strings from a small alphabet, compared with the host. */
static void
test_compare_random(void **state)
{
	uint64_t seed = 0x1234567;
	char a[12];
	char b[12];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		for (int i = 0; i < 11; i++) {
			a[i] = "ab\x80\x01"[test_below(&seed, 4)];
			b[i] = "ab\x80\x01"[test_below(&seed, 4)];
		}
		a[test_below(&seed, 12)] = '\0';
		b[test_below(&seed, 12)] = '\0';
		a[11] = b[11] = '\0';
		size_t n = test_below(&seed, 14);
		assert_int_equal(sign(strncmp(a, b, n)),
				 sign(ref_strncmp(a, b, n)));
		assert_int_equal(sign(strcmp(a, b)),
				 sign(ref_strncmp(a, b, SIZE_MAX)));
		assert_int_equal(sign(memcmp(a, b, n < 12 ? n : 12)),
				 sign(ref_memcmp(a, b, n < 12 ? n : 12)));
	}
}

/* Buffers up to 80 bytes at every alignment, equal or differing at one
 * random byte: memcmp's words, then its bytes, agree with the host's. */
static void
test_memcmp_words(void **state)
{
	uint64_t seed = 0x9e3779b9;
	unsigned char a[96];
	unsigned char b[96];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t ao = test_below(&seed, 8), bo = test_below(&seed, 8);
		size_t n = test_below(&seed, 81);
		for (size_t i = 0; i < n; i++) {
			a[ao + i] = b[bo + i] = (unsigned char)(i * 13 + 5);
		}
		if (n > 0 && test_below(&seed, 4) != 0) {
			size_t at = test_below(&seed, n);
			b[bo + at] = (unsigned char)test_below(&seed, 256);
		}
		assert_int_equal(sign(memcmp(a + ao, b + bo, n)),
				 sign(ref_memcmp(a + ao, b + bo, n)));
	}
}

static void
test_copy_and_concatenate(void **state)
{
	char buf[16];

	(void)state;
	assert_ptr_equal(strcpy(buf, "cairn"), buf);
	assert_string_equal(buf, "cairn");
	assert_ptr_equal(strcat(buf, "-os"), buf);
	assert_string_equal(buf, "cairn-os");
	strcpy(buf, "");
	strcat(buf, "");
	assert_string_equal(buf, "");

	/* strncpy pads with NULs, and leaves no NUL when src is long. */
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(strncpy(buf, "ab", 6), buf);
	assert_memory_equal(buf, "ab\0\0\0\0xx", 8);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "abcdef", 3);
	assert_memory_equal(buf, "abcx", 4);
	strncpy(buf, "zz", 0);
	assert_int_equal(buf[0], 'a');

	/* strncat appends at most n and always a NUL. */
	strcpy(buf, "ab");
	assert_ptr_equal(strncat(buf, "cdef", 2), buf);
	assert_string_equal(buf, "abcd");
	strncat(buf, "xy", 10);
	assert_string_equal(buf, "abcdxy");
	strncat(buf, "q", 0);
	assert_string_equal(buf, "abcdxy");
}

static void
test_search_chars(void **state)
{
	const char *s = "a/b/c";

	(void)state;
	assert_ptr_equal(strchr(s, '/'), s + 1);
	assert_ptr_equal(strrchr(s, '/'), s + 3);
	assert_ptr_equal(strchr(s, '\0'), s + 5);
	assert_ptr_equal(strrchr(s, '\0'), s + 5);
	assert_null(strchr(s, 'z'));
	assert_null(strrchr(s, 'z'));
	assert_ptr_equal(strchr(s, 'a'), s);
	assert_ptr_equal(strrchr(s, 'a'), s);
	assert_ptr_equal(strchr("x\xe9y", 0xe9), (const char *)"x\xe9y" + 1);
	assert_ptr_equal(strpbrk(s, "cb"), s + 2);
	assert_null(strpbrk(s, "xyz"));
	assert_null(strpbrk(s, ""));
	assert_int_equal(strspn("aabbc", "ab"), 4);
	assert_int_equal(strspn("aabbc", ""), 0);
	assert_int_equal(strspn("", "ab"), 0);
	assert_int_equal(strcspn("aabbc", "c"), 4);
	assert_int_equal(strcspn("aabbc", ""), 5);
	assert_int_equal(strcspn("aabbc", "xa"), 0);
}

static void
test_strstr(void **state)
{
	const char *s = "abababc";

	(void)state;
	assert_ptr_equal(strstr(s, ""), s);
	assert_ptr_equal(strstr("", ""), (const char *)"");
	assert_ptr_equal(strstr(s, "ababc"), s + 2);
	assert_ptr_equal(strstr(s, "c"), s + 6);
	assert_ptr_equal(strstr(s, s), s);
	assert_null(strstr(s, "abababcd"));
	assert_null(strstr(s, "abc "));
	assert_null(strstr("", "a"));
}

/* strstr, strspn and strcspn against the host on random strings. */
static void
test_search_random(void **state)
{
	uint64_t seed = 99;
	char hay[24];
	char pat[5];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t hn = test_below(&seed, sizeof(hay));
		size_t pn = test_below(&seed, sizeof(pat));
		for (size_t i = 0; i < hn; i++) {
			hay[i] = "abc"[test_below(&seed, 3)];
		}
		for (size_t i = 0; i < pn; i++) {
			pat[i] = "abc"[test_below(&seed, 3)];
		}
		hay[hn] = '\0';
		pat[pn] = '\0';
		assert_ptr_equal(strstr(hay, pat), ref_strstr(hay, pat));
		assert_int_equal(strspn(hay, pat), ref_strspn(hay, pat));
		assert_int_equal(strcspn(hay, pat), ref_strcspn(hay, pat));
	}
}

static void
test_strtok_r(void **state)
{
	char s[] = ",,ab,,c d,";
	char *save = NULL;

	(void)state;
	assert_string_equal(strtok_r(s, ", ", &save), "ab");
	assert_string_equal(strtok_r(NULL, ", ", &save), "c");
	/* The separators may change from call to call. */
	assert_string_equal(strtok_r(NULL, ",", &save), "d");
	assert_null(strtok_r(NULL, ",", &save));
	assert_null(strtok_r(NULL, ",", &save));

	char only[] = ",,,";
	assert_null(strtok_r(only, ",", &save));
	char empty[] = "";
	assert_null(strtok_r(empty, ",", &save));
	char whole[] = "word";
	assert_string_equal(strtok_r(whole, "", &save), "word");
	assert_null(strtok_r(NULL, "", &save));
}

static void
test_strdup(void **state)
{
	(void)state;
	char *d = strdup("cairn");
	assert_non_null(d);
	assert_string_equal(d, "cairn");
	free(d);
	d = strdup("");
	assert_string_equal(d, "");
	free(d);
	d = strndup("cairn", 3);
	assert_string_equal(d, "cai");
	free(d);
	d = strndup("ab", 10);
	assert_string_equal(d, "ab");
	free(d);
	const char nonul[3] = {'x', 'y', 'z'};
	d = strndup(nonul, 3);
	assert_string_equal(d, "xyz");
	free(d);
}

/* A heap that can never grow: strdup and strndup fail cleanly. */
static void
test_strdup_out_of_memory(void **state)
{
	(void)state;
	hook_heap_reset(LIBC_MORECORE_UNIT);
	errno = 0;
	assert_null(strdup("x"));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(strndup("abc", 2));
	assert_int_equal(errno, ENOMEM);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(strerror(0), "Success");
	assert_string_equal(strerror(ENOMEM), "Out of memory");
	assert_string_equal(strerror(EINVAL), "Invalid argument");
	assert_string_equal(strerror(ERANGE), "Result out of range");
	const int all[] = {EDOM,  ERANGE, EINVAL, ENOMEM,  ENOENT, EIO,
			   EBADF, EEXIST, ENOSPC, ENOSYS,  EPERM,  EAGAIN,
			   ESRCH, EINTR,  E2BIG,  ENOEXEC, ECHILD, ENOTTY};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		assert_int_equal(strncmp(strerror(all[i]), "Unknown", 7) != 0,
				 1);
	}
	assert_string_equal(strerror(-1), "Unknown error -1");
	assert_string_equal(strerror(3), "No such process");
	assert_string_equal(strerror(6), "No such device or address");
	assert_string_equal(strerror(15), "Unknown error 15");
	assert_string_equal(strerror(100000), "Unknown error 100000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memcpy_sizes_and_alignments),
	    cmocka_unit_test(test_memmove_overlap),
	    cmocka_unit_test(test_memset),
	    cmocka_unit_test(test_memcmp_memchr),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_compare),
	    cmocka_unit_test(test_compare_random),
	    cmocka_unit_test(test_memcmp_words),
	    cmocka_unit_test(test_copy_and_concatenate),
	    cmocka_unit_test(test_search_chars),
	    cmocka_unit_test(test_strstr),
	    cmocka_unit_test(test_search_random),
	    cmocka_unit_test(test_strtok_r),
	    cmocka_unit_test_setup(test_strdup, setup),
	    cmocka_unit_test_setup(test_strdup_out_of_memory, setup),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
