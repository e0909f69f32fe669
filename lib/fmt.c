/*
 * fmt: the printf engine.  One pass over the format: literal text goes
 * out in runs, each directive is parsed into a struct spec, its argument
 * fetched by its length modifier, and the result written through the
 * sink with its padding.  fmt.h documents the format.
 */
#include "fmt.h"

#include <limits.h>
#include <stdint.h>

#include "cstring.h"

/* The flags, in the order of their characters in "-+ #0". */
enum {
	F_LEFT = 1 << 0,
	F_PLUS = 1 << 1,
	F_SPACE = 1 << 2,
	F_ALT = 1 << 3,
	F_ZERO = 1 << 4,
};

/*
 * The length modifiers, by the size of the argument they name.  Every
 * 64-bit modifier (l ll j z t) names an 8-byte type on x86_64; L (for
 * long double) is parsed only to be refused with its conversion.
 */
enum length { L_INT, L_CHAR, L_SHORT, L_LONG, L_64, L_DOUBLE };
_Static_assert(sizeof(long) == 8 && sizeof(long long) == 8 &&
		   sizeof(intmax_t) == 8 && sizeof(size_t) == 8 &&
		   sizeof(ptrdiff_t) == 8,
	       "fmt: l, ll, j, z and t all name 64-bit types");

struct spec {
	int flags;
	size_t width;
	int prec; /* -1 when none was given */
	enum length len;
	char conv;
};

struct out {
	fmt_out fn;
	void *ctx;
	size_t count;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (n > 0) {
		o->fn(o->ctx, s, n);
		o->count += n;
	}
}

/*
 * Write n copies of c (a space or a '0'), in pieces.  Not inlined: its
 * three callers would each carry a copy of the loop.
 */
static __attribute__((noinline)) void
pad(struct out *o, char c, size_t n)
{
	static const char spaces[] = "                                ";
	static const char zeros[] = "00000000000000000000000000000000";
	const char *run = c == '0' ? zeros : spaces;

	while (n > 0) {
		size_t m = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(o, run, m);
		n -= m;
	}
}

/*
 * Write the parts of a field in order (prefix, zeros, body) inside the
 * width, left or right aligned.  Zero padding is part of zeros already.
 */
static void
field(struct out *o, const struct spec *sp, const char *prefix, size_t zeros,
      const char *body, size_t n)
{
	size_t plen = strlen(prefix);
	size_t total = plen + zeros + n;
	size_t fill = sp->width > total ? sp->width - total : 0;

	if (!(sp->flags & F_LEFT)) {
		pad(o, ' ', fill);
	}
	put(o, prefix, plen);
	pad(o, '0', zeros);
	put(o, body, n);
	if (sp->flags & F_LEFT) {
		pad(o, ' ', fill);
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

/* The flag bit for c, or 0 if c is not a flag. */
static int
flag_bit(char c)
{
	static const char chars[] = "-+ #0";
	const char *p = c != '\0' ? strchr(chars, c) : NULL;

	return p != NULL ? 1 << (p - chars) : 0;
}

/* Parse the flags, width and precision at *f; advance past them. */
static void
parse_field(const char **f, va_list *ap, struct spec *sp)
{
	int bit;

	sp->flags = 0;
	while ((bit = flag_bit(**f)) != 0) {
		sp->flags |= bit;
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
}

/* Parse the length modifier and the conversion at *f; advance past. */
static void
parse_conv(const char **f, struct spec *sp)
{
	/* The one-letter modifiers, and what each (or it doubled) names. */
	static const char letters[] = "hljztL";
	static const unsigned char one[] = {L_SHORT, L_LONG, L_64,
					    L_64,    L_64,   L_DOUBLE};
	static const unsigned char two[] = {L_CHAR, L_64};
	const char *s = *f;
	const char *m = *s != '\0' ? strchr(letters, *s) : NULL;

	sp->len = L_INT;
	if (m != NULL) {
		size_t i = (size_t)(m - letters);
		if (i < sizeof(two) && s[1] == *s) {
			sp->len = two[i];
			s++;
		} else {
			sp->len = one[i];
		}
		s++;
	}
	sp->conv = *s;
	if (*s != '\0') {
		s++;
	}
	*f = s;
}

/*
 * Fetch an integer argument of the size len names, as its bits widened
 * to 64: zero-extended, or sign-extended when is_signed.
 */
static uint64_t
int_arg(va_list *ap, enum length len, int is_signed)
{
	if (len == L_LONG || len == L_64) {
		return va_arg(*ap, uint64_t);
	}
	/* The width of int, char and short: the order of enum length. */
	static const unsigned char width[] = {32, 8, 16};
	unsigned v = va_arg(*ap, unsigned);
	int bits = width[len];
	uint64_t top = (uint64_t)1 << (bits - 1);
	uint64_t x = v & ((top << 1) - 1);

	/* Flip the sign bit and take it away again: two's complement. */
	return is_signed ? (x ^ top) - top : x;
}

/*
 * Write the integer v (a magnitude) in base, after prefix (a sign or
 * "0x"), with the precision as a minimum digit count and the '0' flag
 * filling the width, as C specifies for d i o u x X.
 */
static void
integer(struct out *o, const struct spec *sp, uint64_t v, unsigned base,
	const char *prefix)
{
	const char *digits =
	    sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[sizeof(v) * CHAR_BIT / 3 + 1];
	size_t n = 0;

	for (; v != 0; v /= base) {
		/* cppcheck-suppress zerodivcond ; base is 8, 10 or 16 */
		buf[sizeof(buf) - ++n] = digits[v % base];
	}
	if (n == 0 && sp->prec != 0) {
		buf[sizeof(buf) - ++n] = '0';
	}
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	size_t zeros = prec > n ? prec - n : 0;
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
	field(o, sp, prefix, zeros, buf + sizeof(buf) - n, n);
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
unsupported(struct out *o, char conv)
{
	put(o, "%?", 2);
	if (conv != '\0') {
		put(o, &conv, 1);
	}
}

static void
string(struct out *o, const struct spec *sp, const char *s)
{
	size_t n = 0;

	if (s == NULL) {
		s = "(null)";
	}
	while ((sp->prec < 0 || n < (size_t)sp->prec) && s[n] != '\0') {
		n++;
	}
	field(o, sp, "", 0, s, n);
}

/* The integer conversions; base[i] is the base of conversion ints[i]. */
static const char ints[] = "diuoxX";
static const unsigned char base[] = {10, 10, 10, 8, 16, 16};

/* Convert ints[i], taking the argument from ap. */
static void
convert_integer(struct out *o, const struct spec *sp, size_t i, va_list *ap)
{
	int is_signed = i < 2;
	uint64_t v = int_arg(ap, sp->len, is_signed);
	const char *pre = "";

	if (is_signed) {
		int negative = (int)(v >> 63);
		integer(o, sp, negative ? 0 - v : v, 10, sign(sp, negative));
		return;
	}
	if (base[i] == 16 && (sp->flags & F_ALT) && v != 0) {
		pre = sp->conv == 'X' ? "0X" : "0x";
	}
	integer(o, sp, v, base[i], pre);
}

/* Convert c, s, p and n, taking the argument from ap. */
static void
convert_pointer(struct out *o, const struct spec *sp, va_list *ap)
{
	const void *v = va_arg(*ap, const void *);
	struct spec p = *sp;

	if (sp->conv == 'n') {
		/* Refused: see fmt.h.  The pointer is skipped, unused. */
		return;
	}
	if (sp->conv == 'p') {
		p.conv = 'x';
		integer(o, &p, (uintptr_t)v, 16, "0x");
		return;
	}
	if (sp->len == L_LONG) {
		unsupported(o, sp->conv);
		return;
	}
	string(o, sp, v);
}

/* Convert one parsed directive, taking its argument from ap. */
static void
convert(struct out *o, const struct spec *sp, va_list *ap)
{
	char conv = sp->conv;
	const char *i = conv != '\0' ? strchr(ints, conv) : NULL;

	if (i != NULL) {
		convert_integer(o, sp, (size_t)(i - ints), ap);
	} else if (conv != '\0' && strchr("spn", conv) != NULL) {
		convert_pointer(o, sp, ap);
	} else if (conv == 'c') {
		char c = (char)va_arg(*ap, int);
		if (sp->len == L_LONG) {
			unsupported(o, conv);
		} else {
			field(o, sp, "", 0, &c, 1);
		}
	} else if (conv == '%') {
		put(o, "%", 1);
	} else {
		unsupported(o, conv);
	}
}

size_t
fmt_vprint(fmt_out out, void *ctx, const char *f, va_list ap)
{
	struct out o = {out, ctx, 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*f != '\0') {
		size_t n = 0;
		while (f[n] != '\0' && f[n] != '%') {
			n++;
		}
		put(&o, f, n);
		f += n;
		if (*f == '%') {
			f++;
			parse_field(&f, &args, &sp);
			parse_conv(&f, &sp);
			convert(&o, &sp, &args);
		}
	}
	va_end(args);
	return o.count;
}

/* A count as the int the printf family returns: -1 if too large. */
static int
count_int(size_t n)
{
	return n > INT_MAX ? -1 : (int)n;
}

struct charsink {
	fmt_sink sink;
	void *ctx;
};

static void
each_char(void *ctx, const char *s, size_t n)
{
	struct charsink *c = ctx;

	for (size_t i = 0; i < n; i++) {
		c->sink(c->ctx, s[i]);
	}
}

int
fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap)
{
	struct charsink c = {sink, ctx};

	return count_int(fmt_vprint(each_char, &c, f, ap));
}

struct strbuf {
	char *buf;
	size_t room; /* characters that still fit, not counting the NUL */
	size_t len;  /* characters written so far */
};

/* Copy what fits; the engine counts the rest. */
static void
buf_out(void *ctx, const char *s, size_t n)
{
	struct strbuf *b = ctx;
	size_t m = n < b->room ? n : b->room;

	if (m > 0) {
		memcpy(b->buf + b->len, s, m);
		b->len += m;
		b->room -= m;
	}
}

int
fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct strbuf b = {buf, size > 0 ? size - 1 : 0, 0};
	size_t n = fmt_vprint(buf_out, &b, f, ap);

	if (size > 0) {
		buf[b.len] = '\0';
	}
	return count_int(n);
}

int
fmt_snprintf(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	int n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}
