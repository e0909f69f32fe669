/*
 * host_ref: the host C library's functions, under names of their own,
 * as the reference the tests compare Cairn's libc against.  The test
 * files cannot call them by their usual names, which the libc headers
 * give to Cairn's functions (libc_names.h).
 */
#ifndef CAIRN_TEST_LIBC_HOST_REF_H
#define CAIRN_TEST_LIBC_HOST_REF_H

#include <stdarg.h>
#include <stddef.h>

int ref_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/* strto*: *erange is set to whether the host set errno to ERANGE. */
long ref_strtol(const char *s, char **end, int base, int *erange);
unsigned long ref_strtoul(const char *s, char **end, int base, int *erange);
long long ref_strtoll(const char *s, char **end, int base, int *erange);
unsigned long long ref_strtoull(const char *s, char **end, int base,
				int *erange);

/* The host's ctype function number i (in the order of ref_ctype_names). */
int ref_ctype(int i, int c);
extern const char *const ref_ctype_names[];
extern const int ref_ctype_count;

int ref_memcmp(const void *a, const void *b, size_t n);
int ref_strncmp(const char *a, const char *b, size_t n);
char *ref_strstr(const char *hay, const char *needle);
size_t ref_strspn(const char *s, const char *accept);
size_t ref_strcspn(const char *s, const char *reject);

#endif
