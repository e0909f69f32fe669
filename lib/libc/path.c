/*
 * path: paths made absolute and plain (the working directory, ".",
 * "..", repeated slashes), and routed to the mount they are under.
 * ".." is resolved by name, before anything is looked up, and stops at
 * "/".
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cairn_libc.h"
#include "libc_impl.h"

static char cwd[PATH_MAX] = "/";

/* Add component c (k bytes) to out (length *len, room n): 0 or -errno. */
static int
add(char *out, size_t *len, size_t n, const char *c, size_t k)
{
	if (k == 0 || (k == 1 && c[0] == '.')) {
		return 0;
	}
	if (k == 2 && c[0] == '.' && c[1] == '.') {
		while (*len > 0 && out[*len - 1] != '/') {
			(*len)--;
		}
		if (*len > 0) {
			(*len)--; /* the slash before it */
		}
		out[*len] = '\0';
		return 0;
	}
	if (*len + 1 + k + 1 > n) {
		return -ENAMETOOLONG;
	}
	out[(*len)++] = '/';
	memcpy(out + *len, c, k);
	*len += k;
	out[*len] = '\0';
	return 0;
}

/* Add every component of p to out. */
static int
add_all(char *out, size_t *len, size_t n, const char *p)
{
	while (*p != '\0') {
		const char *e = p;
		while (*e != '\0' && *e != '/') {
			e++;
		}
		int r = add(out, len, n, p, (size_t)(e - p));
		if (r < 0) {
			return r;
		}
		p = *e == '/' ? e + 1 : e;
	}
	return 0;
}

int
__cairn_path_resolve(const char *dir, const char *path, char *out, size_t n)
{
	size_t len = 0;
	int r = 0;

	if (path == NULL || path[0] == '\0') {
		return -ENOENT;
	}
	if (n < 2) {
		return -ENAMETOOLONG;
	}
	out[0] = '\0';
	if (path[0] != '/') {
		r = add_all(out, &len, n, dir);
	}
	if (r == 0) {
		r = add_all(out, &len, n, path);
	}
	if (r == 0 && len == 0) {
		out[len++] = '/';
		out[len] = '\0';
	}
	return r;
}

const struct libc_mount *
__cairn_route(const char *abs, const char **rest)
{
	const struct libc_mount *m, *best = NULL;
	size_t best_len = 0;
	int n = libc_mounts(&m);

	for (int i = 0; i < n; i++) {
		size_t k = strlen(m[i].dir);
		if (k == 1 && m[i].dir[0] == '/') {
			k = 0; /* the root: a prefix of everything */
		}
		if (strncmp(abs, m[i].dir, k) == 0 &&
		    (abs[k] == '/' || abs[k] == '\0') &&
		    (best == NULL || k > best_len)) {
			best = &m[i];
			best_len = k;
		}
	}
	if (best != NULL) {
		*rest = abs[best_len] == '\0' ? "/" : abs + best_len;
	}
	return best;
}

int
__cairn_path_where(const char *path, char *buf, const char **rest,
		   const struct libc_mount **m)
{
	int r = __cairn_path_resolve(cwd, path, buf, PATH_MAX);

	if (r < 0) {
		return r;
	}
	*m = __cairn_route(buf, rest);
	return *m == NULL ? -ENOENT : 0;
}

int
chdir(const char *path)
{
	static char buf[PATH_MAX];
	struct stat st;
	int r = __cairn_path_resolve(cwd, path, buf, sizeof(buf));

	if (r < 0) {
		errno = -r;
		return -1;
	}
	if (stat(buf, &st) != 0) {
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	strcpy(cwd, buf);
	return 0;
}

char *
getcwd(char *buf, size_t n)
{
	if (buf == NULL || strlen(cwd) + 1 > n) {
		errno = ERANGE;
		return NULL;
	}
	strcpy(buf, cwd);
	return buf;
}
