/*
 * sha256: the SHA-256 hash of FIPS 180-4, streaming (init, update any
 * number of times, final) and freestanding: no allocation, no libc.
 */
#ifndef CAIRN_LIB_SHA256_H
#define CAIRN_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST 32 /* bytes in a digest */
#define SHA256_HEX    65 /* its hex form and a NUL */

struct sha256 {
	uint32_t h[8];	   /* the hash value so far */
	uint64_t bytes;	   /* message bytes taken in */
	uint8_t block[64]; /* the block being filled */
	size_t fill;	   /* bytes of it filled, 0..63 */
};

/* Start a hash of a new message in s. */
void sha256_init(struct sha256 *s);

/* Add n bytes at p (p may be NULL when n is 0) to the message. */
void sha256_update(struct sha256 *s, const void *p, size_t n);

/* Finish the message: its digest into out (SHA256_DIGEST bytes).  s must
 * be started again with sha256_init before it is used again. */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST]);

/* A digest in lower-case hex into hex (SHA256_HEX bytes, NUL-ended). */
void sha256_hex(const uint8_t digest[SHA256_DIGEST], char hex[SHA256_HEX]);

/* The digest of n bytes at p, in one call. */
void sha256(const void *p, size_t n, uint8_t out[SHA256_DIGEST]);

#endif
