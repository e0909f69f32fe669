/*
 * sha256: SHA-256 as FIPS 180-4 specifies it (sections 4.1.2, 4.2.2,
 * 5.1.1, 5.3.3, 6.2).  Words are big-endian; the message is padded with
 * a 1 bit, zeros, and its length in bits as 64 bits, to a multiple of
 * 512 bits.
 */
#include "sha256.h"

/* The first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (4.2.2). */
static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t
rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t
ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static inline uint32_t
maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t
big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static inline uint32_t
big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static inline uint32_t
small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t
small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/* The message schedule (6.2.2 step 1) of one 64-byte block. */
static void
schedule(const uint8_t *b, uint32_t w[64])
{
	for (int t = 0; t < 16; t++) {
		w[t] = (uint32_t)b[4 * t] << 24 | (uint32_t)b[4 * t + 1] << 16 |
		       (uint32_t)b[4 * t + 2] << 8 | (uint32_t)b[4 * t + 3];
	}
	for (int t = 16; t < 64; t++) {
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] +
		       small_sigma0(w[t - 15]) + w[t - 16];
	}
}

/* Take one 64-byte block into the hash value (6.2.2 steps 2-4). */
static void
compress(uint32_t h[8], const uint8_t *block)
{
	uint32_t w[64], v[8];

	schedule(block, w);
	for (int i = 0; i < 8; i++) {
		v[i] = h[i];
	}
	for (int t = 0; t < 64; t++) {
		uint32_t t1 = v[7] + big_sigma1(v[4]) + ch(v[4], v[5], v[6]) +
			      k[t] + w[t];
		uint32_t t2 = big_sigma0(v[0]) + maj(v[0], v[1], v[2]);
		for (int i = 7; i > 0; i--) {
			v[i] = v[i - 1];
		}
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++) {
		h[i] += v[i];
	}
}

void
sha256_init(struct sha256 *s)
{
	/* The first 32 bits of the fractional parts of the square roots of
	 * the first 8 primes (5.3.3). */
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};

	for (int i = 0; i < 8; i++) {
		s->h[i] = h0[i];
	}
	s->bytes = 0;
	s->fill = 0;
}

void
sha256_update(struct sha256 *s, const void *p, size_t n)
{
	const uint8_t *b = p;

	s->bytes += n;
	while (n > 0) {
		if (s->fill == 0 && n >= 64) {
			compress(s->h, b);
			b += 64;
			n -= 64;
			continue;
		}
		size_t take = 64 - s->fill < n ? 64 - s->fill : n;
		for (size_t i = 0; i < take; i++) {
			s->block[s->fill + i] = b[i];
		}
		s->fill += take;
		b += take;
		n -= take;
		if (s->fill == 64) {
			compress(s->h, s->block);
			s->fill = 0;
		}
	}
}

void
sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST])
{
	uint64_t bits = s->bytes * 8;

	/* The 1 bit, zeros up to 56 bytes into a block, the length. */
	s->block[s->fill++] = 0x80;
	if (s->fill > 56) {
		while (s->fill < 64) {
			s->block[s->fill++] = 0;
		}
		compress(s->h, s->block);
		s->fill = 0;
	}
	while (s->fill < 56) {
		s->block[s->fill++] = 0;
	}
	for (int i = 0; i < 8; i++) {
		s->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	}
	compress(s->h, s->block);
	for (int i = 0; i < 32; i++) {
		out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
	}
	s->fill = 0;
}

void
sha256_hex(const uint8_t digest[SHA256_DIGEST], char hex[SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * SHA256_DIGEST] = '\0';
}

void
sha256(const void *p, size_t n, uint8_t out[SHA256_DIGEST])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, out);
}
