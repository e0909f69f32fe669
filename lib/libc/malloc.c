/*
 * malloc: a boundary-tag allocator over memory from libc_morecore.
 *
 * The heap is a list of regions, one per run of contiguous memory that
 * libc_morecore gave.  A region is a small header, then chunks that tile
 * it exactly, then an end marker (a chunk header of size 0, in use).
 * Every chunk starts with a 16-byte header holding its own size and that
 * of the chunk just below it, so a chunk finds both neighbours in
 * constant time: free merges a chunk with free neighbours at once (no
 * two free chunks are ever adjacent), and realloc grows a block into the
 * free chunk above it.  The two sizes also let free check a header
 * against its neighbours, which catches most double frees and stray
 * writes over a header.
 *
 * Free chunks wait in bins, one per power of two of their size, as
 * doubly linked lists.  malloc takes the first chunk that fits from the
 * bin of the size asked for, else any chunk from a larger bin, and
 * splits off what it does not need.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn_libc.h"
#include "libc_impl.h"

#define ALIGN	  16
#define HDR	  16 /* sizeof(struct chunk) without the bin links */
#define MIN_CHUNK 32 /* a header and the bin links */
#define GROW_MIN  (64 * 1024)
#define INUSE	  ((size_t)1)
#define FLAGS	  ((size_t)ALIGN - 1)
#define NBINS	  64

struct chunk {
	size_t prev_size; /* size of the chunk below; 0 for a region's first */
	size_t head;	  /* this chunk's size (a multiple of 16) | INUSE */
	/* The rest only while the chunk is free; a block's data otherwise. */
	struct chunk *next;
	struct chunk *prev;
};

struct region {
	struct region *next;
	char *end; /* one past the end marker */
};

_Static_assert(sizeof(struct region) == ALIGN, "region header size");
_Static_assert(sizeof(struct chunk) == MIN_CHUNK, "chunk size");

static struct region *regions; /* the newest first */
static struct chunk *bins[NBINS];

static size_t
csize(const struct chunk *c)
{
	return c->head & ~FLAGS;
}

static struct chunk *
above(const struct chunk *c)
{
	return (struct chunk *)((char *)c + csize(c));
}

static struct chunk *
below(const struct chunk *c)
{
	return (struct chunk *)((char *)c - c->prev_size);
}

static int
is_free(const struct chunk *c)
{
	return !(c->head & INUSE);
}

static struct chunk *
marker(const struct region *r)
{
	return (struct chunk *)(r->end - HDR);
}

/* Print "who: what" and abort; the heap cannot be trusted any more. */
static _Noreturn void
heap_fail(const char *who, const char *what)
{
	__cairn_stdout_flush();
	__cairn_write_str(who);
	__cairn_write_str(": ");
	__cairn_write_str(what);
	__cairn_write_str("\n");
	abort();
}

/* The bin for a chunk of the given size: floor(log2(size)). */
static int
bin_of(size_t size)
{
	return 63 - __builtin_clzll(size);
}

static void
bin_insert(struct chunk *c)
{
	struct chunk **b = &bins[bin_of(csize(c))];

	c->prev = NULL;
	c->next = *b;
	if (*b != NULL) {
		(*b)->prev = c;
	}
	*b = c;
}

static void
bin_remove(struct chunk *c)
{
	if ((c->next != NULL && c->next->prev != c) ||
	    (c->prev != NULL && c->prev->next != c)) {
		heap_fail("malloc", "corrupt free list");
	}
	if (c->prev != NULL) {
		c->prev->next = c->next;
	} else {
		bins[bin_of(csize(c))] = c->next;
	}
	if (c->next != NULL) {
		c->next->prev = c->prev;
	}
}

/* Set c's size, keeping its flags, and tell the chunk above. */
static void
set_size(struct chunk *c, size_t size)
{
	c->head = size | (c->head & FLAGS);
	above(c)->prev_size = size;
}

/*
 * Free the chunk c (marked in use, not in a bin): merge it with free
 * neighbours and put the result in its bin.
 */
static void
release(struct chunk *c)
{
	struct chunk *n = above(c);

	c->head &= ~INUSE;
	if (is_free(n)) {
		bin_remove(n);
		set_size(c, csize(c) + csize(n));
	}
	if (c->prev_size != 0 && is_free(below(c))) {
		struct chunk *p = below(c);
		bin_remove(p);
		set_size(p, csize(p) + csize(c));
		c = p;
	}
	bin_insert(c);
}

/*
 * Cut the in-use chunk c down to size bytes if what is left is worth a
 * chunk of its own, and free that rest.
 */
static void
trim(struct chunk *c, size_t size)
{
	size_t rest = csize(c) - size;

	if (rest < MIN_CHUNK) {
		return;
	}
	set_size(c, size);
	struct chunk *r = above(c);
	r->head = INUSE;
	set_size(r, rest);
	release(r);
}

/*
 * Add n bytes at p to the heap as one free chunk, merged with the free
 * chunk at the top of the newest region when p continues it.  Return
 * that chunk, or NULL if the block is too small to use.
 */
static struct chunk *
add_memory(char *p, size_t n)
{
	struct chunk *c;

	if (regions != NULL && p == regions->end) {
		/* The old end marker becomes the header of the new chunk. */
		c = marker(regions);
		regions->end += n;
	} else {
		if (n < sizeof(struct region) + MIN_CHUNK + HDR) {
			return NULL;
		}
		struct region *r = (struct region *)(void *)p;
		r->end = p + n;
		r->next = regions;
		regions = r;
		c = (struct chunk *)(void *)(p + sizeof(struct region));
		c->prev_size = 0;
	}
	struct chunk *m = marker(regions);
	m->head = INUSE;
	c->head = INUSE;
	set_size(c, (size_t)((char *)m - (char *)c));
	release(c);
	/* c may have merged downward; either way it ends at the marker. */
	return below(m);
}

/*
 * Grow the heap so that a chunk of at least need bytes is free at its
 * top; return that chunk (in its bin), or NULL if libc_morecore failed.
 */
static struct chunk *
grow(size_t need)
{
	size_t n = need + sizeof(struct region) + HDR;

	n = n < GROW_MIN ? GROW_MIN : n;
	n = (n + LIBC_MORECORE_UNIT - 1) & ~(size_t)(LIBC_MORECORE_UNIT - 1);
	char *p = libc_morecore(n);
	if (p == NULL || (uintptr_t)p % ALIGN != 0) {
		return NULL;
	}
	struct chunk *c = add_memory(p, n);
	return c != NULL && csize(c) >= need ? c : NULL;
}

/*
 * The chunk size for a request of n bytes, or 0 if n is too large to
 * ever satisfy.
 */
static size_t
chunk_size(size_t n)
{
	if (n > PTRDIFF_MAX / 2) {
		return 0;
	}
	size_t size = (n + HDR + ALIGN - 1) & ~FLAGS;
	return size < MIN_CHUNK ? MIN_CHUNK : size;
}

/* A free chunk of at least size bytes, from the bins; NULL if none. */
static struct chunk *
find_free(size_t size)
{
	int b = bin_of(size);

	for (struct chunk *c = bins[b]; c != NULL; c = c->next) {
		if (csize(c) >= size) {
			return c;
		}
	}
	for (b++; b < NBINS; b++) {
		if (bins[b] != NULL) {
			return bins[b];
		}
	}
	return NULL;
}

void *
malloc(size_t n)
{
	size_t size = chunk_size(n);

	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	struct chunk *c = find_free(size);
	if (c == NULL) {
		c = grow(size);
	}
	if (c == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	bin_remove(c);
	c->head |= INUSE;
	trim(c, size);
	return (char *)c + HDR;
}

/* The region that holds address p, or NULL. */
static struct region *
region_of(const char *p)
{
	for (struct region *r = regions; r != NULL; r = r->next) {
		if (p >= (char *)r && p < r->end) {
			return r;
		}
	}
	return NULL;
}

/*
 * The chunk of block p, which malloc returned and is still in use;
 * abort, naming who, if p or its header is not what it should be.
 */
static struct chunk *
checked_chunk(void *p, const char *who)
{
	struct region *r = region_of(p);
	struct chunk *c = (struct chunk *)(void *)((char *)p - HDR);

	if (r == NULL || (uintptr_t)p % ALIGN != 0 ||
	    (char *)p < (char *)r + sizeof(struct region) + HDR ||
	    c >= marker(r)) {
		heap_fail(who, "invalid pointer");
	}
	char *first = (char *)r + sizeof(struct region);
	/* A freed header has only INUSE clear; other flag bits are damage. */
	if ((c->head & FLAGS & ~INUSE) != 0) {
		heap_fail(who, "corrupt block header");
	}
	if (is_free(c)) {
		heap_fail(who, "double free or invalid pointer");
	}
	size_t size = csize(c);
	if (size < MIN_CHUNK ||
	    size > (size_t)((char *)marker(r) - (char *)c) ||
	    above(c)->prev_size != size || c->prev_size % ALIGN != 0 ||
	    c->prev_size > (size_t)((char *)c - first) ||
	    (c->prev_size == 0) != ((char *)c == first) ||
	    (c->prev_size != 0 && csize(below(c)) != c->prev_size)) {
		heap_fail(who, "corrupt block header");
	}
	return c;
}

void
free(void *p)
{
	if (p != NULL) {
		release(checked_chunk(p, "free"));
	}
}

void *
calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(nmemb * size);
	if (p != NULL) {
		memset(p, 0, nmemb * size);
	}
	return p;
}

/*
 * Grow the in-use chunk c in place to size bytes by taking the free
 * chunk above it, first growing the heap if c is at its top.  Return 0
 * on success, -1 if it cannot (c is then unchanged).
 */
static int
grow_in_place(struct chunk *c, size_t size)
{
	struct chunk *n = above(c);
	size_t have = csize(c) + (is_free(n) ? csize(n) : 0);

	if (have < size && regions != NULL) {
		struct chunk *top = is_free(n) ? above(n) : n;
		if (top == marker(regions)) {
			grow(size - have);
		}
		n = above(c);
		have = csize(c) + (is_free(n) ? csize(n) : 0);
	}
	if (have < size) {
		return -1;
	}
	if (is_free(n)) {
		bin_remove(n);
		set_size(c, have);
	}
	trim(c, size);
	return 0;
}

/* realloc(p, 0) keeps a minimum-size block, as malloc(0) gives one. */
void *
realloc(void *p, size_t n)
{
	if (p == NULL) {
		return malloc(n);
	}
	struct chunk *c = checked_chunk(p, "realloc");
	size_t size = chunk_size(n);
	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (size <= csize(c)) {
		trim(c, size);
		return p;
	}
	if (grow_in_place(c, size) == 0) {
		return p;
	}
	void *q = malloc(n);
	if (q == NULL) {
		return NULL;
	}
	memcpy(q, p, csize(c) - HDR);
	release(c);
	return q;
}

void
__cairn_heap_reset(void)
{
	regions = NULL;
	for (int i = 0; i < NBINS; i++) {
		bins[i] = NULL;
	}
}
