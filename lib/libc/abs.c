/*
 * abs: absolute values.  Like C's, they are undefined for the most
 * negative value, which has no positive counterpart.
 */
#include <stdlib.h>

int
abs(int v)
{
	return v < 0 ? -v : v;
}

long
labs(long v)
{
	return v < 0 ? -v : v;
}

long long
llabs(long long v)
{
	return v < 0 ? -v : v;
}
