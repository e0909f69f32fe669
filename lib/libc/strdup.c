/*
 * strdup: the string.h functions that allocate.
 */
#include <stdlib.h>
#include <string.h>

char *
strdup(const char *s)
{
	return strndup(s, strlen(s));
}

char *
strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *d = malloc(n + 1);

	if (d == NULL) {
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
