/*
 * fuzz_http: the input is what a client sends httpd (programs/httpd/
 * http.c), read as httpd reads it: into a buffer of HTTP_HEAD_MAX bytes,
 * one request head after another, as pipelined requests are.  The
 * buffer is allocated to size, so a read past it is caught.  Checked:
 * a request's length is inside what was given; its path starts with '/'
 * and holds no ".." segment, no NUL and no control character, so no
 * request can name a file outside the served folder or split a header.
 * A listing and a redirect are built for the path as answer.c does.
 */
#include <string.h>

#include "../../programs/httpd/http.h"
#include "../../programs/httpd/reply.h"
#include "fuzz.h"

static void
check_path(const char *p)
{
	size_t n = strlen(p);

	fuzz_check(n > 0 && n < HTTP_PATH_MAX && p[0] == '/',
		   "a path starts with '/' and fits");
	for (size_t i = 0; i < n; i++) {
		fuzz_check((unsigned char)p[i] >= ' ' && p[i] != 0x7f,
			   "no control character in a path");
		if (p[i] == '/') {
			fuzz_check(strncmp(p + i, "/../", 4) != 0 &&
				       strcmp(p + i, "/..") != 0,
				   "no '..' segment");
			fuzz_check(i + 1 == n || p[i + 1] != '/',
				   "no empty segment");
		}
	}
}

/* What answer.c makes of a path: a redirect head and a listing. */
static void
answers(const char *path)
{
	char head[HTTP_PATH_MAX * 3 + 256], page[4096];
	struct reply_head h = {301, NULL, 0, 1, path, 0};
	struct listing l;

	size_t n = reply_head(head, sizeof(head), &h);
	fuzz_check(n > 0 && n < sizeof(head), "a redirect head fits");
	fuzz_check(strstr(head, "\r\n\r\n") == head + n - 4,
		   "the head ends once, at its end");
	listing_start(&l, page, sizeof(page), path);
	listing_add(&l, path + 1, 1);
	fuzz_check(listing_end(&l) <= sizeof(page), "a listing fits");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t at = 0;

	while (at < size) {
		size_t n =
		    size - at < HTTP_HEAD_MAX ? size - at : HTTP_HEAD_MAX;
		char *buf = malloc(n);
		struct http_req r;
		memcpy(buf, data + at, n);
		long st = http_parse(buf, n, &r);
		free(buf);
		if (st <= 0) {
			fuzz_check(st == 0 || st == -400 || st == -413 ||
				       st == -414 || st == -431 || st == -501 ||
				       st == -505,
				   "a refusal is one of the statuses");
			return 0;
		}
		fuzz_check((size_t)st <= n, "a head lies inside the buffer");
		fuzz_check(r.method >= HTTP_GET && r.method <= HTTP_OTHER,
			   "a method is one of three");
		fuzz_check(r.body <= HTTP_BODY_MAX, "a body within the limit");
		check_path(r.path);
		answers(r.path);
		at += (size_t)st + (size_t)r.body;
	}
	return 0;
}
