/*
 * reply: response heads, content types, error pages and listings
 * (reply.h).
 */
#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

size_t
reply_head(char *buf, size_t n, const struct reply_head *h)
{
	char url[HTTP_PATH_MAX * 3 + 1] = "";

	if (h->location != NULL &&
	    reply_url(url, sizeof(url), h->location) == 0) {
		return 0;
	}
	int k = snprintf(
	    buf, n,
	    "HTTP/1.1 %d %s\r\nServer: cairn-httpd\r\n%s%s%s"
	    "Content-Length: %llu\r\n%s%s%s%sConnection: %s\r\n\r\n",
	    h->status, http_reason(h->status),
	    h->type != NULL ? "Content-Type: " : "",
	    h->type != NULL ? h->type : "", h->type != NULL ? "\r\n" : "",
	    (unsigned long long)h->length,
	    h->location != NULL ? "Location: " : "", url,
	    h->location != NULL ? "\r\n" : "",
	    h->allow ? "Allow: GET, HEAD\r\n" : "",
	    h->keep_alive ? "keep-alive" : "close");
	return k < 0 || (size_t)k >= n ? 0 : (size_t)k;
}

const char *
reply_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {"html", "text/html; charset=utf-8"},
	    {"htm", "text/html; charset=utf-8"},
	    {"txt", "text/plain; charset=utf-8"},
	    {"md", "text/plain; charset=utf-8"},
	    {"c", "text/plain; charset=utf-8"},
	    {"h", "text/plain; charset=utf-8"},
	    {"css", "text/css"},
	    {"js", "text/javascript"},
	    {"json", "application/json"},
	    {"xml", "application/xml"},
	    {"svg", "image/svg+xml"},
	    {"png", "image/png"},
	    {"jpg", "image/jpeg"},
	    {"jpeg", "image/jpeg"},
	    {"gif", "image/gif"},
	    {"ico", "image/x-icon"},
	    {"webp", "image/webp"},
	    {"pdf", "application/pdf"},
	    {"wasm", "application/wasm"},
	    {"tar", "application/x-tar"},
	    {"gz", "application/gzip"},
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash != NULL ? slash : path, '.');

	for (size_t i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]);
	     i++) {
		const char *e = dot + 1, *t = types[i].ext;
		while (*e != '\0' && (*e | 0x20) == *t) {
			e++, t++;
		}
		if (*e == '\0' && *t == '\0') {
			return types[i].type;
		}
	}
	return "application/octet-stream";
}

size_t
reply_error_page(char *buf, size_t n, int status)
{
	int k =
	    snprintf(buf, n,
		     "<!DOCTYPE html>\n<html><head><title>%d %s</title>"
		     "</head>\n<body><h1>%d %s</h1></body></html>\n",
		     status, http_reason(status), status, http_reason(status));
	return k < 0 ? 0 : (size_t)k >= n ? n - 1 : (size_t)k;
}

static int
url_safe(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || strchr("-._~/!$&'()*,=:@", c) != NULL;
}

size_t
reply_url(char *buf, size_t n, const char *s)
{
	size_t o = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (url_safe(c)) {
			if (o + 1 >= n) {
				return 0;
			}
			buf[o++] = (char)c;
		} else {
			if (o + 3 >= n) {
				return 0;
			}
			buf[o++] = '%';
			buf[o++] = "0123456789ABCDEF"[c >> 4];
			buf[o++] = "0123456789ABCDEF"[c & 15];
		}
	}
	if (n == 0) {
		return 0;
	}
	buf[o] = '\0';
	return o;
}

/* s with HTML's special characters escaped, into buf (n bytes): its
 * length, or 0 if it does not fit. */
static size_t
html_text(char *buf, size_t n, const char *s)
{
	size_t o = 0;

	for (; *s != '\0'; s++) {
		const char *e = *s == '<'    ? "&lt;"
				: *s == '>'  ? "&gt;"
				: *s == '&'  ? "&amp;"
				: *s == '"'  ? "&quot;"
				: *s == '\'' ? "&#39;"
					     : NULL;
		size_t k = e != NULL ? strlen(e) : 1;
		if (o + k >= n) {
			return 0;
		}
		memcpy(buf + o, e != NULL ? e : s, k);
		o += k;
	}
	if (n == 0) {
		return 0;
	}
	buf[o] = '\0';
	return o;
}

/* Room kept at the end of a listing for its last lines. */
#define LISTING_TAIL 96

/* Append the formatted text to l if it fits with the tail's room. */
static int
put(struct listing *l, const char *fmt, ...)
{
	size_t room = l->cap >= l->len + LISTING_TAIL
			  ? l->cap - l->len - LISTING_TAIL
			  : 0;
	va_list ap;

	va_start(ap, fmt);
	int k = room > 0 ? vsnprintf(l->buf + l->len, room, fmt, ap) : -1;
	va_end(ap);
	if (k < 0 || (size_t)k >= room) {
		return 0;
	}
	l->len += (size_t)k;
	return 1;
}

void
listing_start(struct listing *l, char *buf, size_t cap, const char *path)
{
	char name[HTTP_PATH_MAX * 6];

	*l = (struct listing){buf, cap, 0, 0};
	html_text(name, sizeof(name), path);
	if (!put(l,
		 "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		 "<title>Index of %s</title></head>\n<body>\n"
		 "<h1>Index of %s</h1>\n<ul>\n",
		 name, name)) {
		l->omitted++;
	}
}

void
listing_add(struct listing *l, const char *name, int dir)
{
	char url[256 * 3 + 2], href[sizeof(url) * 5], text[256 * 6 + 2];
	const char *slash = dir ? "/" : "";

	/* "./" first: a name like "a:b" is not read as a scheme. */
	if (reply_url(url, sizeof(url), name) == 0 ||
	    html_text(href, sizeof(href), url) == 0 ||
	    html_text(text, sizeof(text), name) == 0 ||
	    !put(l, "<li><a href=\"./%s%s\">%s%s</a></li>\n", href, slash, text,
		 slash)) {
		l->omitted++;
	}
}

size_t
listing_end(struct listing *l)
{
	char line[LISTING_TAIL];
	int k = l->omitted
		    ? snprintf(line, sizeof(line),
			       "</ul>\n<p>%d more not shown</p>\n"
			       "</body></html>\n",
			       l->omitted)
		    : snprintf(line, sizeof(line), "</ul>\n</body></html>\n");

	if (k > 0 && l->len + (size_t)k <= l->cap) {
		memcpy(l->buf + l->len, line, (size_t)k);
		l->len += (size_t)k;
	}
	return l->len;
}
