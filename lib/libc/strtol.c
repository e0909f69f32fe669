/*
 * strtol: string to integer conversion.  One scanner reads the sign and
 * the magnitude for all four functions; each then applies the limits of
 * its own type.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

struct scan {
	unsigned long long mag; /* the magnitude, or max when over */
	int neg;
	int over; /* the magnitude was larger than max */
};

/* The value of digit character c, or 36 for anything else. */
static int
digit_value(int c)
{
	if (isdigit(c)) {
		return c - '0';
	}
	if (islower(c)) {
		return c - 'a' + 10;
	}
	if (isupper(c)) {
		return c - 'A' + 10;
	}
	return 36;
}

/* Skip a "0x" or "0X" at *p if a hex digit follows it. */
static int
skip_hex_prefix(const char **p)
{
	const char *s = *p;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value((unsigned char)s[2]) < 16) {
		*p = s + 2;
		return 1;
	}
	return 0;
}

/*
 * Scan s in base; the magnitude may be at most max_pos, or max_neg after
 * a minus sign.  Set *end (if end is not NULL) as strtol must.  Return 0
 * if the number was read, -1 (errno = EINVAL) for a bad base.
 */
static int
scan(const char *s, char **end, int base, unsigned long long max_pos,
     unsigned long long max_neg, struct scan *r)
{
	const char *p = s;

	r->mag = 0;
	r->neg = 0;
	r->over = 0;
	if (end != NULL) {
		*end = (char *)s;
	}
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return -1;
	}
	while (isspace((unsigned char)*p)) {
		p++;
	}
	if (*p == '+' || *p == '-') {
		r->neg = *p == '-';
		p++;
	}
	if ((base == 0 || base == 16) && skip_hex_prefix(&p)) {
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	unsigned long long max = r->neg ? max_neg : max_pos;
	const char *digits = p;
	for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
		if (r->mag > (max - (unsigned)d) / (unsigned)base) {
			r->over = 1;
		} else {
			r->mag = r->mag * (unsigned)base + (unsigned)d;
		}
	}
	if (p != digits && end != NULL) {
		*end = (char *)p;
	}
	if (r->over) {
		r->mag = max;
		errno = ERANGE;
	}
	return 0;
}

/* The signed value of a magnitude no larger than -(min). */
static long long
to_signed(const struct scan *r)
{
	if (!r->neg) {
		return (long long)r->mag;
	}
	if (r->mag == 0) {
		return 0;
	}
	return -(long long)(r->mag - 1) - 1;
}

long long
strtoll(const char *restrict s, char **restrict end, int base)
{
	struct scan r;

	if (scan(s, end, base, LLONG_MAX, (unsigned long long)LLONG_MAX + 1,
		 &r) < 0) {
		return 0;
	}
	return to_signed(&r);
}

long
strtol(const char *restrict s, char **restrict end, int base)
{
	struct scan r;

	if (scan(s, end, base, LONG_MAX, (unsigned long)LONG_MAX + 1, &r) < 0) {
		return 0;
	}
	return (long)to_signed(&r);
}

/*
 * The unsigned ones negate in their own type ("-1" is the largest
 * value) but say ERANGE with the largest value for any magnitude that
 * does not fit, whatever the sign.
 */
unsigned long long
strtoull(const char *restrict s, char **restrict end, int base)
{
	struct scan r;

	if (scan(s, end, base, ULLONG_MAX, ULLONG_MAX, &r) < 0) {
		return 0;
	}
	if (r.over) {
		return ULLONG_MAX;
	}
	return r.neg ? 0 - r.mag : r.mag;
}

unsigned long
strtoul(const char *restrict s, char **restrict end, int base)
{
	struct scan r;

	if (scan(s, end, base, ULONG_MAX, ULONG_MAX, &r) < 0) {
		return 0;
	}
	if (r.over) {
		return ULONG_MAX;
	}
	return r.neg ? 0 - (unsigned long)r.mag : (unsigned long)r.mag;
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}
