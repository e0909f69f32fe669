/*
 * fmt: a small, complete-enough printf engine.  One pass over the format;
 * numbers are converted into a local buffer, then padded into the sink.
 */
#include "fmt.h"

#include <stdint.h>

enum {
	F_LEFT = 1 << 0,
	F_ZERO = 1 << 1,
	F_PLUS = 1 << 2,
	F_SPACE = 1 << 3,
	F_ALT = 1 << 4,
	F_UPPER = 1 << 5,
};

struct out {
	fmt_sink sink;
	void *ctx;
	int count;
};

struct spec {
	int flags;
	int width;
	int prec; /* -1 when absent */
};

static void
emit(struct out *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0) {
		emit(o, c);
	}
}

/* Write a string of length len inside the field described by sp. */
static void
put_str(struct out *o, const struct spec *sp, const char *s, int len)
{
	if (!(sp->flags & F_LEFT)) {
		pad(o, ' ', sp->width - len);
	}
	for (int i = 0; i < len; i++) {
		emit(o, s[i]);
	}
	if (sp->flags & F_LEFT) {
		pad(o, ' ', sp->width - len);
	}
}

/*
 * Write an unsigned magnitude v in base with an optional sign or prefix,
 * honouring precision (minimum digits), zero padding and alignment.
 */
static void
put_num(struct out *o, const struct spec *sp, uint64_t v, unsigned base,
	const char *prefix)
{
	const char *digits =
	    (sp->flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0;

	while (v != 0) {
		/* cppcheck-suppress zerodivcond ; base is 8, 10 or 16 */
		buf[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && sp->prec != 0) {
		buf[n++] = '0';
	}
	int plen = 0;
	while (prefix[plen] != '\0') {
		plen++;
	}
	int zeros = sp->prec > n ? sp->prec - n : 0;
	int total = plen + zeros + n;
	int fill = sp->width > total ? sp->width - total : 0;
	if ((sp->flags & F_ZERO) && sp->prec < 0 && !(sp->flags & F_LEFT)) {
		zeros += fill;
		fill = 0;
	}
	if (!(sp->flags & F_LEFT)) {
		pad(o, ' ', fill);
	}
	for (int i = 0; i < plen; i++) {
		emit(o, prefix[i]);
	}
	pad(o, '0', zeros);
	while (n > 0) {
		emit(o, buf[--n]);
	}
	if (sp->flags & F_LEFT) {
		pad(o, ' ', fill);
	}
}

/* Parse flags, width and precision at *fp; advance *fp past them. */
static void
parse_spec(const char **fp, va_list *ap, struct spec *sp)
{
	const char *f = *fp;

	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-') {
			sp->flags |= F_LEFT;
		} else if (*f == '0') {
			sp->flags |= F_ZERO;
		} else if (*f == '+') {
			sp->flags |= F_PLUS;
		} else if (*f == ' ') {
			sp->flags |= F_SPACE;
		} else if (*f == '#') {
			sp->flags |= F_ALT;
		} else {
			break;
		}
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= F_LEFT;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9') {
		sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0) {
				sp->prec = -1;
			}
			f++;
		}
		while (*f >= '0' && *f <= '9') {
			sp->prec = sp->prec * 10 + (*f++ - '0');
		}
	}
	*fp = f;
}

/* Parse a length modifier; return the argument size in bytes. */
static int
parse_length(const char **fp)
{
	const char *f = *fp;
	int size = sizeof(int);

	if (f[0] == 'h' && f[1] == 'h') {
		size = 1, f += 2;
	} else if (f[0] == 'h') {
		size = 2, f++;
	} else if (f[0] == 'l' && f[1] == 'l') {
		size = 8, f += 2;
	} else if (f[0] == 'l' || f[0] == 'z' || f[0] == 't' || f[0] == 'j') {
		size = 8, f++;
	}
	*fp = f;
	return size;
}

static uint64_t
arg_unsigned(va_list *ap, int size)
{
	uint64_t v = size == 8 ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);

	if (size == 1) {
		v = (uint8_t)v;
	} else if (size == 2) {
		v = (uint16_t)v;
	}
	return v;
}

static int64_t
arg_signed(va_list *ap, int size)
{
	int64_t v = size == 8 ? va_arg(*ap, int64_t) : va_arg(*ap, int);

	if (size == 1) {
		v = (int64_t)(int8_t)v; /* sign-extend the low byte */
	} else if (size == 2) {
		v = (int16_t)v;
	}
	return v;
}

/* Convert one directive whose conversion character is c. */
static void
convert(struct out *o, struct spec *sp, char c, int size, va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(ap, size);
		const char *sign = v < 0		   ? "-"
				   : (sp->flags & F_PLUS)  ? "+"
				   : (sp->flags & F_SPACE) ? " "
							   : "";
		put_num(o, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, sign);
		break;
	}
	case 'u':
		put_num(o, sp, arg_unsigned(ap, size), 10, "");
		break;
	case 'X':
		sp->flags |= F_UPPER;
		/* FALLTHROUGH */
	case 'x': {
		uint64_t v = arg_unsigned(ap, size);
		const char *pre = (sp->flags & F_ALT) && v != 0
				      ? ((sp->flags & F_UPPER) ? "0X" : "0x")
				      : "";
		put_num(o, sp, v, 16, pre);
		break;
	}
	case 'o': {
		uint64_t v = arg_unsigned(ap, size);
		/* '#' raises the precision just enough to lead with a 0. */
		if (sp->flags & F_ALT) {
			int digits = 0;
			for (uint64_t t = v; t != 0; t >>= 3) {
				digits++;
			}
			if (sp->prec <= digits) {
				sp->prec = digits + 1;
			}
		}
		put_num(o, sp, v, 8, "");
		break;
	}
	case 'p':
		put_num(o, sp, (uintptr_t)va_arg(*ap, void *), 16, "0x");
		break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		put_str(o, sp, &ch, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		int len = 0;
		if (s == NULL) {
			s = "(null)";
		}
		while (s[len] != '\0' && (sp->prec < 0 || len < sp->prec)) {
			len++;
		}
		put_str(o, sp, s, len);
		break;
	}
	default:
		/* Unknown conversion: print it as written, so it shows. */
		emit(o, '%');
		if (c != '\0') {
			emit(o, c);
		}
		break;
	}
}

int
fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap)
{
	struct out o = {sink, ctx, 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*f != '\0') {
		if (*f != '%') {
			emit(&o, *f++);
			continue;
		}
		f++;
		if (*f == '%') {
			emit(&o, *f++);
			continue;
		}
		parse_spec(&f, &args, &sp);
		int size = parse_length(&f);
		char c = *f;
		if (c != '\0') {
			f++;
		}
		convert(&o, &sp, c, size, &args);
	}
	va_end(args);
	return o.count;
}

struct bufctx {
	char *buf;
	size_t size;
	size_t len;
};

static void
buf_sink(void *ctx, char c)
{
	struct bufctx *b = ctx;

	if (b->len + 1 < b->size) {
		b->buf[b->len] = c;
	}
	b->len++;
}

int
fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct bufctx b = {buf, size, 0};
	int n = fmt_vformat(buf_sink, &b, f, ap);

	if (size > 0) {
		buf[b.len < size ? b.len : size - 1] = '\0';
	}
	return n;
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
