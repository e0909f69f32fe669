/*
 * Host unit tests for httpd's request reading (programs/httpd/http.c)
 * and answers (programs/httpd/reply.c): every refusal with its status,
 * paths that try to climb out of the served folder, kept connections,
 * pipelined requests, and the escaping of listings and redirects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../programs/httpd/http.h"
#include "../../programs/httpd/reply.h"

static struct http_req r;

/* http_parse over the whole string s. */
static long
parse(const char *s)
{
	return http_parse(s, strlen(s), &r);
}

static void
test_get_and_head(void **state)
{
	const char *get = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";

	(void)state;
	assert_int_equal(parse(get), (long)strlen(get));
	assert_int_equal(r.method, HTTP_GET);
	assert_int_equal(r.minor, 1);
	assert_true(r.keep_alive);
	assert_string_equal(r.path, "/index.html");
	assert_int_equal(r.body, 0);
	assert_true(parse("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	assert_int_equal(r.method, HTTP_HEAD);
	assert_string_equal(r.path, "/");
	/* Methods are case-sensitive; others are the caller's 405. */
	assert_true(parse("get / HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	assert_int_equal(r.method, HTTP_OTHER);
	assert_true(parse("POST /f HTTP/1.1\r\nHost: x\r\n"
			  "Content-Length: 5\r\n\r\nhello") > 0);
	assert_int_equal(r.method, HTTP_OTHER);
	assert_int_equal(r.body, 5);
	assert_true(parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	assert_int_equal(parse("GET * HTTP/1.1\r\nHost: x\r\n\r\n"), -400);
}

static void
test_lines_and_versions(void **state)
{
	(void)state;
	/* Bare LFs end lines, and empty lines may come first. */
	const char *lf = "\r\n\nGET /a HTTP/1.0\nAccept: */*\n\n";
	assert_int_equal(parse(lf), (long)strlen(lf));
	assert_int_equal(r.minor, 0);
	assert_false(r.keep_alive);
	assert_true(parse("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") >
		    0);
	assert_true(r.keep_alive);
	assert_true(parse("GET /a HTTP/1.1\r\nHost: x\r\nConnection: "
			  "upgrade, close\r\n\r\n") > 0);
	assert_false(r.keep_alive);
	assert_int_equal(parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), -505);
	assert_int_equal(parse("GET / HTTP/1.1x\r\nHost: x\r\n\r\n"), -400);
	assert_int_equal(parse("GET / HTTP/1\r\nHost: x\r\n\r\n"), -400);
	assert_int_equal(parse("GET /\r\n\r\n"), -400); /* HTTP/0.9 */
	assert_int_equal(parse("GET  / HTTP/1.1\r\nHost: x\r\n\r\n"), -400);
	assert_int_equal(parse("GET / HTTP/1.1 \r\nHost: x\r\n\r\n"), -400);
	assert_int_equal(parse("\x01GET / HTTP/1.1\r\n\r\n"), -400);
	assert_int_equal(parse("GET relative HTTP/1.1\r\nHost: x\r\n\r\n"),
			 -400);
}

static void
test_incomplete(void **state)
{
	const char *full = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

	(void)state;
	/* Every prefix of a good request waits for more. */
	for (size_t n = 0; n < strlen(full); n++) {
		assert_int_equal(http_parse(full, n, &r), 0);
	}
	/* A pipelined second request is left for the next call. */
	char two[128];
	snprintf(two, sizeof(two), "%sHEAD /y HTTP/1.1\r\nHost: a\r\n\r\n",
		 full);
	long n = parse(two);
	assert_int_equal(n, (long)strlen(full));
	assert_true(http_parse(two + n, strlen(two) - (size_t)n, &r) > 0);
	assert_string_equal(r.path, "/y");
	/* A method that cannot be one is refused before its line ends. */
	assert_int_equal(parse("G(T /x"), -400);
}

static void
test_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("GET / HTTP/1.1\r\n\r\n"), -400); /* no Host */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
			 -400);
	assert_true(parse("GET / HTTP/1.0\r\n\r\n") > 0); /* 1.0 needs none */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), -400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"),
			 -400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"),
			 -400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n"),
			 -400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n"), -400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\n"
			       "Content-Length: 1x\r\n\r\n"),
			 -400);
	assert_int_equal(
	    parse("GET / HTTP/1.1\r\nHost: a\r\n"
		  "Content-Length: 3\r\nContent-Length: 4\r\n\r\n"),
	    -400);
	assert_true(parse("GET / HTTP/1.1\r\nHost: a\r\n"
			  "Content-Length: 3\r\nContent-Length: 3\r\n\r\n") >
		    0);
	assert_int_equal(r.body, 3);
	assert_int_equal(
	    parse("GET / HTTP/1.1\r\nHost: a\r\n"
		  "Content-Length: 99999999999999999999999\r\n\r\n"),
	    -413);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\n"
			       "Transfer-Encoding: chunked\r\n\r\n"),
			 -501);
}

static void
test_limits(void **state)
{
	static char big[HTTP_HEAD_MAX + 64];

	(void)state;
	/* A target one byte too long: 414, even before its line ends. */
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	assert_int_equal(http_parse(big, HTTP_URI_MAX + 6, &r), -414);
	big[5] = '?'; /* a long query: the path stays short */
	snprintf(big + 4 + HTTP_URI_MAX, 40, " HTTP/1.1\r\nHost: a\r\n\r\n");
	assert_true(parse(big) > 0); /* exactly the limit */
	big[4] = '/';
	memset(big + 5, 'a', HTTP_URI_MAX);
	snprintf(big + 5 + HTTP_URI_MAX, 40, " HTTP/1.1\r\nHost: a\r\n\r\n");
	assert_int_equal(parse(big), -414);
	/* A head that does not end within the limit: 431. */
	int k = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	memset(big + k, 'b', sizeof(big) - (size_t)k);
	assert_int_equal(http_parse(big, HTTP_HEAD_MAX, &r), -431);
	assert_int_equal(http_parse(big, HTTP_HEAD_MAX - 1, &r), 0);
	memcpy(big + HTTP_HEAD_MAX, "\r\n\r\n", 4);
	assert_int_equal(http_parse(big, HTTP_HEAD_MAX + 4, &r), -431);
	/* Empty lines alone cannot hold the buffer for ever. */
	for (size_t i = 0; i < HTTP_HEAD_MAX; i += 2) {
		memcpy(big + i, "\r\n", 2);
	}
	assert_int_equal(http_parse(big, HTTP_HEAD_MAX, &r), -431);
	/* A body over the limit: 413. */
	snprintf(big, sizeof(big),
		 "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n",
		 HTTP_BODY_MAX + 1);
	assert_int_equal(parse(big), -413);
}

/* The path that target becomes, or NULL if it is refused (status). */
static const char *
path_of(const char *target, long *status)
{
	char req[HTTP_URI_MAX + 64];

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: a\r\n\r\n",
		 target);
	*status = parse(req);
	return *status > 0 ? r.path : NULL;
}

static void
test_paths(void **state)
{
	static const struct {
		const char *target, *path;
	} good[] = {
	    {"/", "/"},
	    {"/a/b", "/a/b"},
	    {"/a/b/", "/a/b/"},
	    {"//a///b", "/a/b"},
	    {"/a/./b/.", "/a/b/"},
	    {"/./", "/"},
	    {"/a%20b%2Fc", "/a b/c"},
	    {"/%7euser/?q=1#f", "/~user/"},
	    {"/a?../../etc", "/a"},
	    {"http://host:80/x/y", "/x/y"},
	    {"HTTP://host", "/"},
	    {"/.hidden", "/.hidden"},
	    {"/a..b", "/a..b"},
	};
	static const char *const bad[] = {
	    "/..",	   "/../etc/passwd",
	    "/a/../../b",  "/a/..",
	    "/%2e%2e/x",   "/a%2F..%2Fb",
	    "/%2E%2E",	   "/a%00b",
	    "/a%0d%0aX:y", "/a%",
	    "/a%4",	   "/a%zz",
	    "/a%7f",	   "x/y",
	};
	long st;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *p = path_of(good[i].target, &st);
		if (p == NULL || strcmp(p, good[i].path) != 0) {
			fail_msg("%s: %s (status %ld), expected %s",
				 good[i].target, p ? p : "refused", st,
				 good[i].path);
		}
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (path_of(bad[i], &st) != NULL || st != -400) {
			fail_msg("%s: not refused with 400 (%ld)", bad[i], st);
		}
	}
	/* A decoded path longer than the limit. */
	static char t[HTTP_URI_MAX];
	t[0] = '/';
	memset(t + 1, 'a', HTTP_PATH_MAX + 10);
	assert_null(path_of(t, &st));
	assert_int_equal(st, -414);
}

static void
test_heads(void **state)
{
	char buf[512];
	struct reply_head h = {200, "text/plain", 1024, 1, NULL, 0};

	(void)state;
	size_t n = reply_head(buf, sizeof(buf), &h);
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "HTTP/1.1 200 OK\r\nServer: cairn-httpd\r\n"
				 "Content-Type: text/plain\r\n"
				 "Content-Length: 1024\r\n"
				 "Connection: keep-alive\r\n\r\n");
	h = (struct reply_head){301, NULL, 0, 0, "/a b\r\n/", 0};
	assert_true(reply_head(buf, sizeof(buf), &h) > 0);
	assert_non_null(strstr(buf, "Location: /a%20b%0D%0A/\r\n"));
	assert_non_null(strstr(buf, "Connection: close\r\n"));
	assert_null(strstr(buf, "Content-Type"));
	h = (struct reply_head){405, "text/html", 0, 1, NULL, 1};
	assert_true(reply_head(buf, sizeof(buf), &h) > 0);
	assert_non_null(strstr(buf, "HTTP/1.1 405 Method Not Allowed\r\n"));
	assert_non_null(strstr(buf, "Allow: GET, HEAD\r\n"));
	assert_int_equal(reply_head(buf, 20, &h), 0); /* does not fit */
	assert_true(reply_error_page(buf, sizeof(buf), 404) > 0);
	assert_non_null(strstr(buf, "<h1>404 Not Found</h1>"));
	assert_string_equal(http_reason(414), "URI Too Long");
	assert_string_equal(http_reason(999), "Unknown");
}

static void
test_types(void **state)
{
	(void)state;
	assert_string_equal(reply_type("/a/index.html"),
			    "text/html; charset=utf-8");
	assert_string_equal(reply_type("/A.HTM"), "text/html; charset=utf-8");
	assert_string_equal(reply_type("/s.css"), "text/css");
	assert_string_equal(reply_type("/p.png"), "image/png");
	assert_string_equal(reply_type("/x.tar.gz"), "application/gzip");
	assert_string_equal(reply_type("/noext"), "application/octet-stream");
	assert_string_equal(reply_type("/dir.html/file"),
			    "application/octet-stream");
	assert_string_equal(reply_type("/x.htmlx"), "application/octet-stream");
}

static void
test_listing(void **state)
{
	char buf[4096];
	struct listing l;

	(void)state;
	listing_start(&l, buf, sizeof(buf), "/d<ir>/");
	listing_add(&l, "a&b.txt", 0);
	listing_add(&l, "sub dir", 1);
	listing_add(&l, "x:y", 0);
	size_t n = listing_end(&l);
	buf[n] = '\0'; /* listing_end promises no NUL */
	assert_non_null(strstr(buf, "<title>Index of /d&lt;ir&gt;/</title>"));
	assert_non_null(
	    strstr(buf, "<a href=\"./a&amp;b.txt\">a&amp;b.txt</a>"));
	assert_non_null(strstr(buf, "<a href=\"./sub%20dir/\">sub dir/</a>"));
	assert_non_null(strstr(buf, "<a href=\"./x:y\">x:y</a>"));
	assert_true(strstr(buf, "</body></html>\n") != NULL);
	assert_int_equal(l.omitted, 0);
	/* A page too small for all: the rest are counted, the end is
	 * whole. */
	char small[400];
	listing_start(&l, small, sizeof(small), "/");
	for (int i = 0; i < 50; i++) {
		listing_add(&l, "a-rather-long-file-name.txt", 0);
	}
	n = listing_end(&l);
	assert_true(n <= sizeof(small));
	assert_true(l.omitted > 0);
	assert_memory_equal(small + n - 15, "</body></html>\n", 15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_and_head),
	    cmocka_unit_test(test_lines_and_versions),
	    cmocka_unit_test(test_incomplete),
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_heads),
	    cmocka_unit_test(test_types),
	    cmocka_unit_test(test_listing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
