/*
 * host_ref: the host C library, for comparison.  This file includes the
 * host's headers only, so the names here are the host's own.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_ref.h"

int
ref_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	return vsnprintf(buf, n, fmt, ap);
}

long
ref_strtol(const char *s, char **end, int base, int *erange)
{
	errno = 0;
	long v = strtol(s, end, base);
	*erange = errno == ERANGE;
	return v;
}

unsigned long
ref_strtoul(const char *s, char **end, int base, int *erange)
{
	errno = 0;
	unsigned long v = strtoul(s, end, base);
	*erange = errno == ERANGE;
	return v;
}

long long
ref_strtoll(const char *s, char **end, int base, int *erange)
{
	errno = 0;
	long long v = strtoll(s, end, base);
	*erange = errno == ERANGE;
	return v;
}

unsigned long long
ref_strtoull(const char *s, char **end, int base, int *erange)
{
	errno = 0;
	unsigned long long v = strtoull(s, end, base);
	*erange = errno == ERANGE;
	return v;
}

const char *const ref_ctype_names[] = {
    "isalnum", "isalpha",  "isblank", "iscntrl", "isdigit",
    "isgraph", "islower",  "isprint", "ispunct", "isspace",
    "isupper", "isxdigit", "tolower", "toupper",
};
const int ref_ctype_count =
    (int)(sizeof(ref_ctype_names) / sizeof(ref_ctype_names[0]));

int
ref_ctype(int i, int c)
{
	switch (i) {
	case 0:
		return isalnum(c);
	case 1:
		return isalpha(c);
	case 2:
		return isblank(c);
	case 3:
		return iscntrl(c);
	case 4:
		return isdigit(c);
	case 5:
		return isgraph(c);
	case 6:
		return islower(c);
	case 7:
		return isprint(c);
	case 8:
		return ispunct(c);
	case 9:
		return isspace(c);
	case 10:
		return isupper(c);
	case 11:
		return isxdigit(c);
	case 12:
		return tolower(c);
	default:
		return toupper(c);
	}
}

int
ref_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

int
ref_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

char *
ref_strstr(const char *hay, const char *needle)
{
	return strstr(hay, needle);
}

size_t
ref_strspn(const char *s, const char *accept)
{
	return strspn(s, accept);
}

size_t
ref_strcspn(const char *s, const char *reject)
{
	return strcspn(s, reject);
}
