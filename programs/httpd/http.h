/*
 * http: reading an HTTP/1.x request head (RFC 9112), for httpd.  Pure
 * C over a buffer: no system calls, so the host's unit tests run it
 * (tests/unit/test_httpd.c).
 */
#ifndef CAIRN_HTTPD_HTTP_H
#define CAIRN_HTTPD_HTTP_H

#include <stddef.h>
#include <stdint.h>

/* Limits: a longer request-target is refused with 414, a longer head
 * (request line and header fields) with 431, a longer body with 413. */
#define HTTP_URI_MAX  2048
#define HTTP_HEAD_MAX 8192
#define HTTP_BODY_MAX 65536
#define HTTP_PATH_MAX 1024 /* the decoded path */

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

struct http_req {
	int method;	/* enum http_method */
	int minor;	/* HTTP/1.minor: 0 or 1 */
	int keep_alive; /* the connection stays open after the answer */
	uint64_t body;	/* Content-Length: body bytes that follow */
	char path[HTTP_PATH_MAX]; /* decoded, without dot segments; starts
				     with '/', ends with '/' if the target
				     did */
};

/*
 * Read the request head at the start of buf[0, n).  Returns the head's
 * length in bytes (up to and including its empty line) with *r filled
 * in; 0 if the head is not complete yet and may still be; or the
 * status to refuse it with, negated: -400 malformed, -414 target too
 * long, -431 head too long, -413 body too long, -501 a transfer coding,
 * -505 an HTTP version other than 1.x.  A method other than GET and
 * HEAD is not refused here: r->method says HTTP_OTHER (405 is the
 * caller's, once it has skipped the body).
 */
long http_parse(const char *buf, size_t n, struct http_req *r);

/* The reason phrase of status, or "Unknown". */
const char *http_reason(int status);

#endif
