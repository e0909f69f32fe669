/*
 * Host unit tests for lib/sha256.c.  The expected digests were computed
 * on the host when the test was written (python3's hashlib, checked
 * against sha256sum for "abc"): the FIPS 180-2 example messages, a
 * million 'a', and pseudo-random buffers around the padding's edges
 * (55, 56, 63, 64 bytes...) from an xorshift generator that the test and
 * the script that computed them share.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

/* The hex digest of n bytes at p, hashed in one update. */
static void
hex_of(const void *p, size_t n, char hex[SHA256_HEX])
{
	uint8_t d[SHA256_DIGEST];

	sha256(p, n, d);
	sha256_hex(d, hex);
}

/* n bytes of xorshift32 from seed: each step's low byte. */
static uint8_t *
xorshift_bytes(uint32_t seed, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);
	uint32_t x = seed;

	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)x;
	}
	return b;
}

static void
test_fips_examples(void **state)
{
	static const struct {
		const char *msg, *digest;
	} v[] = {
	    {"",
	     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"
	     "55"},
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
		    "0015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c"
	     "1"},
	    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d"
	     "1"},
	};
	char hex[SHA256_HEX];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		hex_of(v[i].msg, strlen(v[i].msg), hex);
		assert_string_equal(hex, v[i].digest);
	}
}

/* A million 'a', in updates of 1,000 and then byte by byte. */
static void
test_million_a(void **state)
{
	static const char want[] =
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char a[1000], hex[SHA256_HEX];
	uint8_t d[SHA256_DIGEST];
	struct sha256 s;

	(void)state;
	memset(a, 'a', sizeof(a));
	sha256_init(&s);
	for (int i = 0; i < 1000; i++) {
		sha256_update(&s, a, sizeof(a));
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, want);

	sha256_init(&s);
	for (int i = 0; i < 1000000; i++) {
		sha256_update(&s, "a", 1);
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, want);
}

static const struct {
	uint32_t seed;
	size_t n;
	const char *digest;
} random_vectors[] = {
    {1, 55, "3020b562b62b40ce6e0d45b7019c329be7bcc48dac360e35dc408d34cb5fff11"},
    {2, 56, "409e4d3d203027eb14d8aa838e07ea515e7f72f6be5f1cf1c49fa15b3ad70c0e"},
    {3, 63, "2b44b400b93fc4346079a2aa08270ec7bb811a687204d00f3c7c003a7a9688e2"},
    {4, 64, "8b748b8d30fc0d0d0134998ae3de658885b03200c7975038cf0bb3a2b6c99554"},
    {5, 65, "baf62de46398eb021e28d798d808850e54ab171e9c9bd1b634fc2401bd2f4eeb"},
    {6, 119,
     "bf28d0016ffda1d67cc709f87c8d4b5916bd358b138b63387460fa1eb356b430"},
    {7, 120,
     "df44054b1fcc8297650a73388d21e273b9c96de2c6396883d7a8c3c116f87fde"},
    {8, 128,
     "d81856413c92988ab33590927e266a9bdb0d04129be6ced6beb1ad10431345d1"},
    {9, 1000,
     "c83a765e3fda07ba2c178c64a4db3d898040f48b784addc37fdf59b267e370a8"},
    {10, 100000,
     "707b71d7999256c12a8de8e620ef849c02af65c17077623c87306c963e17c6c3"},
};

/* Pseudo-random buffers against hashlib's digests, in one update. */
static void
test_random_buffers(void **state)
{
	char hex[SHA256_HEX];

	(void)state;
	for (size_t i = 0;
	     i < sizeof(random_vectors) / sizeof(random_vectors[0]); i++) {
		uint8_t *b =
		    xorshift_bytes(random_vectors[i].seed, random_vectors[i].n);
		hex_of(b, random_vectors[i].n, hex);
		assert_string_equal(hex, random_vectors[i].digest);
		free(b);
	}
}

/* The same buffers in updates of every size from 0 to 130 in turn: the
 * streaming must not depend on where the message is cut. */
static void
test_random_buffers_in_pieces(void **state)
{
	char hex[SHA256_HEX];
	uint8_t d[SHA256_DIGEST];

	(void)state;
	for (size_t i = 0;
	     i < sizeof(random_vectors) / sizeof(random_vectors[0]); i++) {
		size_t n = random_vectors[i].n;
		uint8_t *b = xorshift_bytes(random_vectors[i].seed, n);
		struct sha256 s;
		size_t off = 0, piece = 0;

		sha256_init(&s);
		while (off < n) {
			size_t take = piece < n - off ? piece : n - off;
			sha256_update(&s, b + off, take);
			off += take;
			piece = (piece + 1) % 131;
		}
		sha256_update(&s, NULL, 0);
		sha256_final(&s, d);
		sha256_hex(d, hex);
		assert_string_equal(hex, random_vectors[i].digest);
		free(b);
	}
}

/* One changed bit changes the digest; the test can fail. */
static void
test_one_bit_differs(void **state)
{
	uint8_t *b = xorshift_bytes(4, 64);
	char hex[SHA256_HEX];

	(void)state;
	b[17] ^= 0x10;
	hex_of(b, 64, hex);
	assert_string_not_equal(hex, random_vectors[3].digest);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fips_examples),
	    cmocka_unit_test(test_million_a),
	    cmocka_unit_test(test_random_buffers),
	    cmocka_unit_test(test_random_buffers_in_pieces),
	    cmocka_unit_test(test_one_bit_differs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
