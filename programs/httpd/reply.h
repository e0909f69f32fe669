/*
 * reply: the parts of httpd's answers that need no system call: the
 * response head, content types, error pages and directory listings.
 * Unit-tested on the host (tests/unit/test_httpd.c).
 */
#ifndef CAIRN_HTTPD_REPLY_H
#define CAIRN_HTTPD_REPLY_H

#include <stddef.h>
#include <stdint.h>

/* What a response head says besides its status. */
struct reply_head {
	int status;
	const char *type;     /* Content-Type, or NULL for none */
	uint64_t length;      /* Content-Length */
	int keep_alive;	      /* Connection: keep-alive, else close */
	const char *location; /* a redirect's target path, or NULL */
	int allow;	      /* 405: name the methods allowed */
};

/* The head h into buf (n bytes): its length, or 0 if it does not fit. */
size_t reply_head(char *buf, size_t n, const struct reply_head *h);

/* The Content-Type for path, by its extension. */
const char *reply_type(const char *path);

/* The small HTML page that explains status, into buf (n bytes): its
 * length. */
size_t reply_error_page(char *buf, size_t n, int status);

/*
 * s with the characters that are not safe in a URL path (RFC 3986's
 * unreserved characters, '/' and the sub-delims but '+' and ';')
 * percent-encoded, into buf (n bytes): its length, or 0 if it does not
 * fit.
 */
size_t reply_url(char *buf, size_t n, const char *s);

/*
 * A directory listing, built into a buffer of a fixed size: an entry that
 * does not fit is left out and the page says so.
 */
struct listing {
	char *buf;
	size_t cap, len;
	int omitted; /* entries left out */
};

/* Start the listing of the folder at URL path (ends in '/'). */
void listing_start(struct listing *l, char *buf, size_t cap, const char *path);
/* One entry: name, and whether it is a folder. */
void listing_add(struct listing *l, const char *name, int dir);
/* The end of the page: the listing's length. */
size_t listing_end(struct listing *l);

#endif
