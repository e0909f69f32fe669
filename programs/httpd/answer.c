/*
 * answer: what httpd answers to a request (conn.h): a file of the served
 * folder, a folder's index.html or its listing, a redirect to a folder's
 * name with its slash, or an error page.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conn.h"
#include "reply.h"

#define LISTING_MAX	65536 /* a listing's page; entries beyond are left out */
#define LISTING_ENTRIES 512

static const char *const method_names[] = {"GET", "HEAD", "-"};

/* The head h into c->out: 0, or -1 if it does not fit (it always does:
 * the longest is a redirect to a path of HTTP_PATH_MAX). */
static int
head(struct conn *c, const struct reply_head *h)
{
	size_t n = reply_head(c->out, CONN_OUT, h);

	c->out_at = 0;
	c->out_n = n;
	return n > 0 ? 0 : -1;
}

void
answer_error(struct conn *c, int status, int head_only, int keep)
{
	char page[256];
	size_t n = reply_error_page(page, sizeof(page), status);
	struct reply_head h = {
	    status, "text/html; charset=utf-8", n, keep, NULL, status == 405};

	c->keep = keep;
	if (head(c, &h) == 0 && !head_only) {
		memcpy(c->out + c->out_n, page, n);
		c->out_n += n;
	}
}

/* The status that a failed stat or open with errno e deserves. */
static int
failed(int e)
{
	return e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG ? 404
	       : e == EACCES || e == EPERM			? 403
	       : e == EMFILE || e == ENFILE			? 503
								: 500;
}

/* The file at path, of st's size. */
static int
send_file(struct conn *c, const char *path, const struct stat *st,
	  int head_only)
{
	struct reply_head h = {
	    200, reply_type(path), (uint64_t)st->st_size, c->keep, NULL, 0};

	if (!head_only) {
		c->file = open(path, O_RDONLY);
		if (c->file < 0) {
			return failed(errno);
		}
		c->file_left = (uint64_t)st->st_size;
	}
	head(c, &h);
	return 200;
}

struct entry {
	char name[256];
	int dir;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

/* The entries of the folder at path, sorted, into e (LISTING_ENTRIES):
 * how many, or -1 with errno set. */
static int
entries(const char *path, struct entry *e, int *more)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (d == NULL) {
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			continue;
		}
		if (n == LISTING_ENTRIES) {
			(*more)++;
			continue;
		}
		snprintf(e[n].name, sizeof(e[n].name), "%s", de->d_name);
		e[n].dir = de->d_type == DT_DIR;
		n++;
	}
	closedir(d);
	qsort(e, (size_t)n, sizeof(e[0]), by_name);
	return n;
}

/* The listing of the folder at fs path, whose URL path is url. */
static int
send_listing(struct conn *c, const char *path, const char *url, int head_only)
{
	struct entry *e = malloc(LISTING_ENTRIES * sizeof(*e));
	char *page = malloc(LISTING_MAX);
	struct listing l;
	int more = 0, n = e != NULL && page != NULL ? entries(path, e, &more)
						    : (errno = ENOMEM, -1);

	if (n < 0) {
		free(e);
		free(page);
		return failed(errno);
	}
	listing_start(&l, page, LISTING_MAX, url);
	for (int i = 0; i < n; i++) {
		listing_add(&l, e[i].name, e[i].dir);
	}
	l.omitted += more;
	free(e);
	struct reply_head h = {
	    200, "text/html; charset=utf-8", listing_end(&l), c->keep, NULL, 0};
	head(c, &h);
	if (head_only) {
		free(page);
	} else {
		c->mem = page;
		c->mem_n = l.len;
	}
	return 200;
}

/* A folder: to its name with a slash, its index.html, or its listing. */
static int
send_folder(struct conn *c, char *path, size_t cap, const char *url,
	    int head_only)
{
	struct stat st;
	size_t n = strlen(path);

	if (url[strlen(url) - 1] != '/') {
		char to[HTTP_PATH_MAX + 1];
		snprintf(to, sizeof(to), "%s/", url);
		struct reply_head h = {301, NULL, 0, c->keep, to, 0};
		return head(c, &h) == 0 ? 301 : 414;
	}
	if (snprintf(path + n, cap - n, "%sindex.html",
		     path[n - 1] == '/' ? "" : "/") < (int)(cap - n) &&
	    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		return send_file(c, path, &st, head_only);
	}
	path[n] = '\0';
	return send_listing(c, path, url, head_only);
}

void
answer(struct httpd *h, struct conn *c, const struct http_req *r)
{
	int head_only = r->method == HTTP_HEAD, status = 405;

	c->keep = r->keep_alive;
	if (r->method != HTTP_OTHER) {
		char path[HTTP_PATH_MAX + 256];
		struct stat st;
		snprintf(path, sizeof(path), "%s%s", h->root, r->path);
		status =
		    stat(path, &st) != 0 ? failed(errno)
		    : S_ISDIR(st.st_mode)
			? send_folder(c, path, sizeof(path), r->path, head_only)
		    : S_ISREG(st.st_mode) ? send_file(c, path, &st, head_only)
					  : 403;
	}
	if (status >= 400) {
		h->errors++;
		answer_error(c, status, head_only, c->keep && status < 500);
	}
	if (h->verbose) {
		printf("httpd: %s %s %d\n", method_names[r->method], r->path,
		       status);
	}
}
