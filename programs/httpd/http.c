/*
 * http: reading an HTTP/1.x request head (http.h).  Strict where
 * leniency could let two readers of one request disagree (folded lines,
 * a space before a field's colon, two different lengths, a transfer
 * coding), lenient where RFC 9112 allows it (a bare LF ends a line,
 * empty lines before the request line).
 */
#include "http.h"

#include <string.h>

/* RFC 9110's tchar: the characters of a method or a field name. */
static int
is_tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Do the n bytes at s equal the word w, ignoring case? */
static int
same(const char *s, size_t n, const char *w)
{
	size_t i = 0;

	for (; i < n && w[i] != '\0'; i++) {
		if (lower((unsigned char)s[i]) != w[i]) {
			return 0;
		}
	}
	return i == n && w[i] == '\0';
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A line of the head: [s, s + n), without its LF or CRLF. */
struct line {
	const char *s;
	size_t n;
};

/* The line starting at buf[at], its end at *next: 1, or 0 if the buffer
 * ends first. */
static int
next_line(const char *buf, size_t n, size_t at, struct line *l, size_t *next)
{
	const char *nl = memchr(buf + at, '\n', n - at);

	if (nl == NULL) {
		return 0;
	}
	l->s = buf + at;
	l->n = (size_t)(nl - l->s);
	if (l->n > 0 && l->s[l->n - 1] == '\r') {
		l->n--;
	}
	*next = (size_t)(nl - buf) + 1;
	return 1;
}

/*
 * The request line so far has no end: -414 if its target is already too
 * long, -400 if its method already cannot be one, else 0.
 */
static long
partial_request_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_tchar((unsigned char)s[i])) {
		i++;
	}
	if (i < n && s[i] != ' ') {
		return -400;
	}
	const char *sp = i < n ? memchr(s + i + 1, ' ', n - i - 1) : NULL;
	if (i < n && sp == NULL && n - i - 1 > HTTP_URI_MAX) {
		return -414;
	}
	return 0;
}

/* The path of target (origin or absolute form), percent-decoded, into
 * out (HTTP_PATH_MAX): its length, or a negated status. */
static long
decode_target(const char *t, size_t n, char *out)
{
	size_t o = 0;

	if (n > 7 && (same(t, 7, "http://") || same(t, 8, "https://"))) {
		size_t skip = same(t, 7, "http://") ? 7 : 8;
		const char *slash = memchr(t + skip, '/', n - skip);
		if (slash == NULL) {
			return (out[0] = '/', 1);
		}
		n -= (size_t)(slash - t);
		t = slash;
	}
	if (n == 0 || t[0] != '/') {
		return -400;
	}
	for (size_t i = 0; i < n && t[i] != '?' && t[i] != '#'; i++) {
		int c = (unsigned char)t[i];
		if (c == '%') {
			int h = i + 2 < n ? hex(t[i + 1]) : -1;
			int l = h >= 0 ? hex(t[i + 2]) : -1;
			if (l < 0) {
				return -400;
			}
			c = h << 4 | l;
			i += 2;
		}
		if (c < ' ' || c == 0x7f) {
			return -400; /* no NUL, and nothing to split a header */
		}
		if (o + 1 >= HTTP_PATH_MAX) {
			return -414;
		}
		out[o++] = (char)c;
	}
	return (long)o;
}

/*
 * The decoded path p (n bytes, starting with '/') without empty and "."
 * segments, into r->path; a ".." segment is refused (-400) rather than
 * resolved, so no path can climb out of the served folder.
 */
static long
clean_path(const char *p, size_t n, char *out)
{
	size_t o = 0, i = 0;

	out[o++] = '/';
	while (i < n) {
		while (i < n && p[i] == '/') {
			i++;
		}
		size_t s = i;
		while (i < n && p[i] != '/') {
			i++;
		}
		size_t len = i - s;
		if (len == 0 || (len == 1 && p[s] == '.')) {
			continue;
		}
		if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
			return -400;
		}
		if (o + len + 2 > HTTP_PATH_MAX) {
			return -414;
		}
		memcpy(out + o, p + s, len);
		o += len;
		out[o++] = '/';
	}
	/* The last segment keeps its slash only if the target had one. */
	int slash = n > 0 && (p[n - 1] == '/' ||
			      (p[n - 1] == '.' && (n == 1 || p[n - 2] == '/')));
	if (o > 1 && !slash) {
		o--;
	}
	out[o] = '\0';
	return 0;
}

/* The request line l: method, target, version into r. */
static long
request_line(struct line l, struct http_req *r)
{
	const char *s = l.s, *end = l.s + l.n;
	const char *m = s;

	while (s < end && is_tchar((unsigned char)*s)) {
		s++;
	}
	size_t mlen = (size_t)(s - m);
	if (mlen == 0 || s == end || *s != ' ') {
		return -400;
	}
	/* Methods are case-sensitive. */
	r->method = mlen == 3 && memcmp(m, "GET", 3) == 0    ? HTTP_GET
		    : mlen == 4 && memcmp(m, "HEAD", 4) == 0 ? HTTP_HEAD
							     : HTTP_OTHER;
	const char *t = ++s;
	while (s < end && *s != ' ') {
		if ((unsigned char)*s <= ' ' || *s == 0x7f) {
			return -400;
		}
		s++;
	}
	size_t tlen = (size_t)(s - t);
	if (tlen > HTTP_URI_MAX) {
		return -414;
	}
	if (tlen == 0 || s == end || end - s != 9 ||
	    strncmp(s + 1, "HTTP/", 5) != 0 || s[6] < '0' || s[6] > '9' ||
	    s[7] != '.' || s[8] < '0' || s[8] > '9') {
		return -400;
	}
	if (s[6] != '1') {
		return -505;
	}
	r->minor = s[8] == '0' ? 0 : 1;
	if (tlen == 1 && t[0] == '*') {
		/* OPTIONS *: only a method we refuse may name no path. */
		return r->method == HTTP_OTHER ? (strcpy(r->path, "/"), 0)
					       : -400;
	}
	char raw[HTTP_PATH_MAX];
	long n = decode_target(t, tlen, raw);
	return n < 0 ? n : clean_path(raw, (size_t)n, r->path);
}

/* What a header section says, as it is read. */
struct fields {
	int hosts;
	int close, keep;
	int lengths;
};

/* Does the comma-separated list v (n bytes) hold the token w? */
static int
has_token(const char *v, size_t n, const char *w)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) {
			i++;
		}
		size_t s = i;
		while (i < n && v[i] != ',') {
			i++;
		}
		size_t e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) {
			e--;
		}
		if (e > s && same(v + s, e - s, w)) {
			return 1;
		}
	}
	return 0;
}

/* Content-Length's value v: digits only, and the same if repeated. */
static long
content_length(const char *v, size_t n, struct fields *f, struct http_req *r)
{
	uint64_t x = 0;

	if (n == 0) {
		return -400;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9') {
			return -400;
		}
		x = x > HTTP_BODY_MAX ? x : x * 10 + (uint64_t)(v[i] - '0');
	}
	if (f->lengths++ > 0 && x != r->body) {
		return -400;
	}
	r->body = x;
	return 0;
}

/* One header field line l. */
static long
field(struct line l, struct fields *f, struct http_req *r)
{
	const char *colon = memchr(l.s, ':', l.n);

	if (l.n > 0 && (l.s[0] == ' ' || l.s[0] == '\t')) {
		return -400; /* obsolete line folding */
	}
	if (colon == NULL || colon == l.s) {
		return -400;
	}
	size_t nlen = (size_t)(colon - l.s);
	for (size_t i = 0; i < nlen; i++) {
		if (!is_tchar((unsigned char)l.s[i])) {
			return -400; /* a space before the colon, or worse */
		}
	}
	const char *v = colon + 1, *end = l.s + l.n;
	while (v < end && (*v == ' ' || *v == '\t')) {
		v++;
	}
	while (end > v && (end[-1] == ' ' || end[-1] == '\t')) {
		end--;
	}
	for (const char *c = v; c < end; c++) {
		if (((unsigned char)*c < ' ' && *c != '\t') || *c == 0x7f) {
			return -400;
		}
	}
	size_t vlen = (size_t)(end - v);
	if (same(l.s, nlen, "host")) {
		f->hosts++;
	} else if (same(l.s, nlen, "connection")) {
		f->close |= has_token(v, vlen, "close");
		f->keep |= has_token(v, vlen, "keep-alive");
	} else if (same(l.s, nlen, "content-length")) {
		return content_length(v, vlen, f, r);
	} else if (same(l.s, nlen, "transfer-encoding")) {
		return -501;
	}
	return 0;
}

long
http_parse(const char *buf, size_t n, struct http_req *r)
{
	size_t at = 0, next;
	struct line l;
	struct fields f = {0};

	*r = (struct http_req){0};
	while (at < n && (buf[at] == '\r' || buf[at] == '\n')) {
		at++; /* empty lines before the request line */
	}
	if (!next_line(buf, n, at, &l, &next)) {
		long st = partial_request_line(buf + at, n - at);
		return st != 0 ? st : n >= HTTP_HEAD_MAX ? -431 : 0;
	}
	long st = request_line(l, r);
	while (st == 0) {
		if (next > HTTP_HEAD_MAX) {
			return -431;
		}
		if (!next_line(buf, n, next, &l, &next)) {
			return n >= HTTP_HEAD_MAX ? -431 : 0;
		}
		if (l.n == 0) {
			break;
		}
		st = field(l, &f, r);
	}
	if (st != 0) {
		return st;
	}
	if (next > HTTP_HEAD_MAX) {
		return -431;
	}
	if (r->body > HTTP_BODY_MAX) {
		return -413;
	}
	if (r->minor == 1 && f.hosts != 1) {
		return -400; /* RFC 9112 3.2: exactly one Host */
	}
	r->keep_alive = !f.close && (r->minor == 1 || f.keep);
	return (long)next;
}

const char *
http_reason(int status)
{
	static const struct {
		int status;
		const char *reason;
	} reasons[] = {
	    {200, "OK"},
	    {301, "Moved Permanently"},
	    {400, "Bad Request"},
	    {403, "Forbidden"},
	    {404, "Not Found"},
	    {405, "Method Not Allowed"},
	    {408, "Request Timeout"},
	    {413, "Content Too Large"},
	    {414, "URI Too Long"},
	    {431, "Request Header Fields Too Large"},
	    {500, "Internal Server Error"},
	    {501, "Not Implemented"},
	    {503, "Service Unavailable"},
	    {505, "HTTP Version Not Supported"},
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (reasons[i].status == status) {
			return reasons[i].reason;
		}
	}
	return "Unknown";
}
