/*
 * vcbprintf: the one printf engine.  One pass over the format: literal
 * text goes out in runs, each directive is parsed into a struct spec,
 * its argument fetched by the length modifier, and the result written
 * through the callback with its padding.  stdio.h documents the format.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_PLUS = 1 << 1,  /* '+' */
	F_SPACE = 1 << 2, /* ' ' */
	F_ALT = 1 << 3,	  /* '#' */
	F_ZERO = 1 << 4,  /* '0' */
};

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_J, L_Z, L_T, L_BIG_L };

struct spec {
	int flags;
	size_t width;
	int prec; /* -1 when none was given */
	enum length len;
	char conv;
};

struct sink {
	void (*out)(void *arg, const char *s, size_t n);
	void *arg;
	size_t count;
};

static void
put(struct sink *k, const char *s, size_t n)
{
	if (n > 0) {
		k->out(k->arg, s, n);
		k->count += n;
	}
}

/* Write n copies of c (a space or a '0'), in pieces. */
static void
pad(struct sink *k, char c, size_t n)
{
	static const char spaces[] = "                                "
				     "                                ";
	static const char zeros[] = "00000000000000000000000000000000"
				    "00000000000000000000000000000000";
	const char *run = c == '0' ? zeros : spaces;

	while (n > 0) {
		size_t m = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(k, run, m);
		n -= m;
	}
}

/*
 * Write the parts of a field in order (prefix, zeros, body) inside the
 * width, left or right aligned.  Zero padding is part of zeros already.
 */
static void
field(struct sink *k, const struct spec *sp, const char *prefix, size_t zeros,
      const char *body, size_t n)
{
	size_t plen = strlen(prefix);
	size_t total = plen + zeros + n;
	size_t fill = sp->width > total ? sp->width - total : 0;

	if (!(sp->flags & F_LEFT)) {
		pad(k, ' ', fill);
	}
	put(k, prefix, plen);
	pad(k, '0', zeros);
	put(k, body, n);
	if (sp->flags & F_LEFT) {
		pad(k, ' ', fill);
	}
}

/* Parse a decimal number at *f, saturating at INT_MAX. */
static int
number(const char **f)
{
	int v = 0;

	for (; **f >= '0' && **f <= '9'; (*f)++) {
		int d = **f - '0';
		v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
	}
	return v;
}

/* Parse flags, width, precision and length at *f; advance past them. */
static void
parse(const char **f, va_list *ap, struct spec *sp)
{
	static const char flag_chars[] = "-+ #0";
	const char *fc;

	sp->flags = 0;
	while (**f != '\0' && (fc = strchr(flag_chars, **f)) != NULL) {
		sp->flags |= 1 << (fc - flag_chars);
		(*f)++;
	}
	if (**f == '*') {
		int w = va_arg(*ap, int);
		if (w < 0) {
			sp->flags |= F_LEFT;
		}
		sp->width = w < 0 ? (size_t)(0u - (unsigned)w) : (size_t)w;
		(*f)++;
	} else {
		sp->width = (size_t)number(f);
	}
	sp->prec = -1;
	if (**f == '.') {
		(*f)++;
		if (**f == '*') {
			int p = va_arg(*ap, int);
			sp->prec = p < 0 ? -1 : p;
			(*f)++;
		} else {
			sp->prec = number(f);
		}
	}
	sp->len = L_NONE;
	switch (**f) {
	case 'h':
		sp->len = (*f)[1] == 'h' ? L_HH : L_H;
		break;
	case 'l':
		sp->len = (*f)[1] == 'l' ? L_LL : L_L;
		break;
	case 'j':
		sp->len = L_J;
		break;
	case 'z':
		sp->len = L_Z;
		break;
	case 't':
		sp->len = L_T;
		break;
	case 'L':
		sp->len = L_BIG_L;
		break;
	}
	if (sp->len == L_HH || sp->len == L_LL) {
		(*f) += 2;
	} else if (sp->len != L_NONE) {
		(*f)++;
	}
	sp->conv = **f;
	if (**f != '\0') {
		(*f)++;
	}
}

static intmax_t
signed_arg(va_list *ap, enum length len)
{
	switch (len) {
	case L_HH:
		return (signed char)va_arg(*ap, int);
	case L_H:
		return (short)va_arg(*ap, int);
	case L_L:
		return va_arg(*ap, long);
	case L_LL:
		return va_arg(*ap, long long);
	case L_J:
		return va_arg(*ap, intmax_t);
	case L_Z:
		/* The signed type of size_t's width. */
		return va_arg(*ap, ptrdiff_t);
	case L_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t
unsigned_arg(va_list *ap, enum length len)
{
	switch (len) {
	case L_HH:
		return (unsigned char)va_arg(*ap, int);
	case L_H:
		return (unsigned short)va_arg(*ap, int);
	case L_L:
		return va_arg(*ap, unsigned long);
	case L_LL:
		return va_arg(*ap, unsigned long long);
	case L_J:
		return va_arg(*ap, uintmax_t);
	case L_Z:
		return va_arg(*ap, size_t);
	case L_T:
		/* The unsigned type of ptrdiff_t's width. */
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

/*
 * Write the integer v (a magnitude) in base, after prefix (a sign or
 * "0x"), with the precision as a minimum digit count and the '0' flag
 * filling the width, as C specifies for d i o u x X.
 */
static void
integer(struct sink *k, const struct spec *sp, uintmax_t v, unsigned base,
	const char *prefix)
{
	const char *digits =
	    sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[sizeof(uintmax_t) * CHAR_BIT / 3 + 1];
	size_t n = 0;
	size_t zeros;

	for (; v != 0; v /= base) {
		buf[sizeof(buf) - ++n] = digits[v % base];
	}
	if (n == 0 && sp->prec != 0) {
		buf[sizeof(buf) - ++n] = '0';
	}
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	zeros = prec > n ? prec - n : 0;
	/* "%#o": raise the precision just enough to lead with a 0. */
	if ((sp->flags & F_ALT) && base == 8 && zeros == 0 &&
	    (n == 0 || buf[sizeof(buf) - n] != '0')) {
		zeros = 1;
	}
	size_t used = strlen(prefix) + zeros + n;
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0 &&
	    sp->width > used) {
		zeros += sp->width - used;
	}
	field(k, sp, prefix, zeros, buf + sizeof(buf) - n, n);
}

static const char *
sign(const struct spec *sp, int negative)
{
	if (negative) {
		return "-";
	}
	if (sp->flags & F_PLUS) {
		return "+";
	}
	return (sp->flags & F_SPACE) ? " " : "";
}

/* A directive we do not support: write "%?" and its conversion. */
static void
unsupported(struct sink *k, char conv)
{
	put(k, "%?", 2);
	if (conv != '\0') {
		put(k, &conv, 1);
	}
}

static void
string(struct sink *k, const struct spec *sp, const char *s)
{
	if (s == NULL) {
		s = "(null)";
	}
	size_t n = strnlen(s, sp->prec < 0 ? SIZE_MAX : (size_t)sp->prec);
	field(k, sp, "", 0, s, n);
}

/* Convert one parsed directive, taking its argument from ap. */
static void
convert(struct sink *k, const struct spec *sp, va_list *ap)
{
	int hex = sp->conv == 'x' || sp->conv == 'X';

	switch (sp->conv) {
	case 'd':
	case 'i': {
		intmax_t v = signed_arg(ap, sp->len);
		uintmax_t mag = v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v;
		integer(k, sp, mag, 10, sign(sp, v < 0));
		break;
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X': {
		uintmax_t v = unsigned_arg(ap, sp->len);
		const char *pre = "";
		if (hex && (sp->flags & F_ALT) && v != 0) {
			pre = sp->conv == 'X' ? "0X" : "0x";
		}
		integer(k, sp, v, sp->conv == 'u' ? 10 : hex ? 16 : 8, pre);
		break;
	}
	case 'p': {
		struct spec p = *sp;
		p.conv = 'x';
		integer(k, &p, (uintptr_t)va_arg(*ap, void *), 16, "0x");
		break;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);
		if (sp->len == L_L) {
			unsupported(k, sp->conv);
			break;
		}
		field(k, sp, "", 0, &c, 1);
		break;
	}
	case 's':
		if (sp->len == L_L) {
			(void)va_arg(*ap, void *);
			unsupported(k, sp->conv);
			break;
		}
		string(k, sp, va_arg(*ap, const char *));
		break;
	case 'n':
		/* Refused: see stdio.h.  The pointer is skipped, unused. */
		(void)va_arg(*ap, void *);
		break;
	case '%':
		put(k, "%", 1);
		break;
	default:
		unsupported(k, sp->conv);
		break;
	}
}

int
vcbprintf(void (*out)(void *arg, const char *s, size_t n), void *arg,
	  const char *fmt, va_list ap)
{
	struct sink k = {out, arg, 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0') {
		const char *pct = strchr(fmt, '%');
		size_t n = pct != NULL ? (size_t)(pct - fmt) : strlen(fmt);
		put(&k, fmt, n);
		fmt += n;
		if (*fmt == '%') {
			fmt++;
			parse(&fmt, &args, &sp);
			convert(&k, &sp, &args);
		}
	}
	va_end(args);
	if (k.count > INT_MAX) {
		errno = ERANGE;
		return -1;
	}
	return (int)k.count;
}
