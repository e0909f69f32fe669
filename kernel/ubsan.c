/*
 * ubsan: the handlers that code built with -fsanitize=undefined calls when
 * a check fails (`make ubsan`, mk/ubsan.mk).  Each prints one line,
 * "ubsan: FILE:LINE:COLUMN: what happened", and panics.  Of the checks
 * that could go on after a report only the _abort forms are here: the
 * build uses -fno-sanitize-recover, so no check expects its handler to
 * return.  The normal kernel has none of this.
 *
 * The names and the layouts of the data the compiler passes are clang's
 * (and gcc's) UBSan runtime ABI.  A value arrives as one word: the value
 * itself when its type fits in a word, else its address.
 */
#ifdef CAIRN_UBSAN

#include <stdarg.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "fmt.h"

struct ubsan_loc {
	const char *file;
	uint32_t line;
	uint32_t column;
};

/* kind 0 is an integer: info bit 0 says signed, info >> 1 is log2(bits). */
struct ubsan_type {
	uint16_t kind;
	uint16_t info;
	char name[];
};

struct ubsan_type_mismatch {
	struct ubsan_loc loc;
	const struct ubsan_type *type;
	uint8_t log_align;
	uint8_t check_kind;
};

struct ubsan_align_assumption {
	struct ubsan_loc loc;
	struct ubsan_loc assumption_loc;
	const struct ubsan_type *type;
};

/* Overflow, negation, division, VLA bounds and invalid loads. */
struct ubsan_typed {
	struct ubsan_loc loc;
	const struct ubsan_type *type;
};

/* Shifts (left, right operand), array indexes (array, index), casts. */
struct ubsan_two_types {
	struct ubsan_loc loc;
	const struct ubsan_type *a;
	const struct ubsan_type *b;
};

struct ubsan_where {
	struct ubsan_loc loc;
};

struct ubsan_invalid_builtin {
	struct ubsan_loc loc;
	uint8_t kind;
};

struct ubsan_nonnull_arg {
	struct ubsan_loc loc;
	struct ubsan_loc attr_loc;
	int arg_index;
};

enum { UBSAN_INTEGER = 0 };

/* How the compiler names the access that a type check guarded. */
static const char *const accesses[] = {
    "load of",
    "store to",
    "reference to",
    "member access within",
    "member call on",
    "constructor call on",
    "downcast of",
    "downcast of",
    "upcast of",
    "virtual base cast of",
    "non-null binding of",
    "dynamic operation on",
};

/* Set by the first report: a check failing inside one stops at once. */
static int reporting;

/*
 * Print "ubsan: FILE:LINE:COLUMN: " and the detail, then panic.  Needs
 * nothing set up beyond the serial line.
 */
__attribute__((format(printf, 2, 3))) static _Noreturn void
report(const struct ubsan_loc *loc, const char *fmt, ...)
{
	static const char nested[] =
	    "\nubsan: a check failed while reporting another\n";
	char detail[192];
	va_list ap;

	if (reporting) {
		kwrite(nested, sizeof(nested) - 1);
		arch_halt_after_panic();
	}
	reporting = 1;
	va_start(ap, fmt);
	fmt_vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	kprintf("\nubsan: %s:%u:%u: %s\n", loc->file, loc->line, loc->column,
		detail);
	panic("ubsan: undefined behaviour");
}

/* The width of an integer type in bits; 0 for any other type. */
static unsigned
type_bits(const struct ubsan_type *t)
{
	unsigned log2 = t->info >> 1;

	return t->kind == UBSAN_INTEGER && log2 < 16 ? 1u << log2 : 0;
}

static int
type_signed(const struct ubsan_type *t)
{
	return t->kind == UBSAN_INTEGER && (t->info & 1);
}

/* Write the value v of type t into buf, in decimal; "?" if not at hand. */
static const char *
value_str(char *buf, size_t n, const struct ubsan_type *t, uintptr_t v)
{
	unsigned bits = type_bits(t);

	if (bits == 0 || bits > 64) {
		fmt_snprintf(buf, n, "?");
	} else if (type_signed(t)) {
		/* Sign-extend from the type's width, in unsigned arithmetic. */
		if (bits < 64 && (v >> (bits - 1)) & 1) {
			v |= ~(uintptr_t)0 << bits;
		}
		fmt_snprintf(buf, n, "%ld", (long)v);
	} else {
		fmt_snprintf(buf, n, "%lu", (unsigned long)v);
	}
	return buf;
}

/* The value v is negative (as its type reads it). */
static int
value_negative(const struct ubsan_type *t, uintptr_t v)
{
	unsigned bits = type_bits(t);

	return type_signed(t) && bits != 0 && bits <= 64 &&
	       (v >> (bits - 1)) & 1;
}

/* A null, misaligned or too small pointer used for an access. */
_Noreturn void
__ubsan_handle_type_mismatch_v1_abort(struct ubsan_type_mismatch *d,
				      uintptr_t ptr)
{
	const char *what = d->check_kind < sizeof(accesses) / sizeof(*accesses)
			       ? accesses[d->check_kind]
			       : "access to";
	uintptr_t align = (uintptr_t)1 << d->log_align;

	if (ptr == 0) {
		report(&d->loc, "%s null pointer of type %s", what,
		       d->type->name);
	}
	if (ptr & (align - 1)) {
		report(&d->loc,
		       "%s misaligned address 0x%lx for type %s, which "
		       "needs %lu-byte alignment",
		       what, ptr, d->type->name, align);
	}
	report(&d->loc, "%s address 0x%lx with too little space for type %s",
	       what, ptr, d->type->name);
}

/* A pointer lacks the alignment __builtin_assume_aligned promised. */
_Noreturn void
__ubsan_handle_alignment_assumption_abort(struct ubsan_align_assumption *d,
					  uintptr_t ptr, uintptr_t align,
					  uintptr_t offset)
{
	report(&d->loc,
	       "pointer 0x%lx (offset %lu) lacks the assumed %lu-byte "
	       "alignment of %s",
	       ptr, offset, align, d->type->name);
}

/* Report lhs OP rhs overflowing the type in d. */
static _Noreturn void
arith_overflow(struct ubsan_typed *d, uintptr_t lhs, char op, uintptr_t rhs)
{
	char a[24], b[24];

	report(&d->loc, "%s integer overflow: %s %c %s in type %s",
	       type_signed(d->type) ? "signed" : "unsigned",
	       value_str(a, sizeof(a), d->type, lhs), op,
	       value_str(b, sizeof(b), d->type, rhs), d->type->name);
}

/* lhs + rhs overflowed its signed type. */
_Noreturn void
__ubsan_handle_add_overflow_abort(struct ubsan_typed *d, uintptr_t lhs,
				  uintptr_t rhs)
{
	arith_overflow(d, lhs, '+', rhs);
}

/* lhs - rhs overflowed its signed type. */
_Noreturn void
__ubsan_handle_sub_overflow_abort(struct ubsan_typed *d, uintptr_t lhs,
				  uintptr_t rhs)
{
	arith_overflow(d, lhs, '-', rhs);
}

/* lhs * rhs overflowed its signed type. */
_Noreturn void
__ubsan_handle_mul_overflow_abort(struct ubsan_typed *d, uintptr_t lhs,
				  uintptr_t rhs)
{
	arith_overflow(d, lhs, '*', rhs);
}

/* -old overflowed (old is the type's minimum). */
_Noreturn void
__ubsan_handle_negate_overflow_abort(struct ubsan_typed *d, uintptr_t old)
{
	char a[24];

	report(&d->loc, "negating %s overflows type %s",
	       value_str(a, sizeof(a), d->type, old), d->type->name);
}

/* lhs / rhs or lhs % rhs: rhs is 0, or the minimum is divided by -1. */
_Noreturn void
__ubsan_handle_divrem_overflow_abort(struct ubsan_typed *d, uintptr_t lhs,
				     uintptr_t rhs)
{
	char a[24];

	if (rhs == 0) {
		report(&d->loc, "division by zero in type %s", d->type->name);
	}
	report(&d->loc, "division overflow: %s / -1 in type %s",
	       value_str(a, sizeof(a), d->type, lhs), d->type->name);
}

/*
 * lhs << rhs or lhs >> rhs: rhs negative or not below the width, or a left
 * shift of a negative value or out of range.  d->a is lhs's type, d->b
 * rhs's.
 */
_Noreturn void
__ubsan_handle_shift_out_of_bounds_abort(struct ubsan_two_types *d,
					 uintptr_t lhs, uintptr_t rhs)
{
	char a[24], b[24];

	value_str(a, sizeof(a), d->a, lhs);
	value_str(b, sizeof(b), d->b, rhs);
	if (value_negative(d->b, rhs)) {
		report(&d->loc, "shift by the negative amount %s", b);
	}
	if (rhs >= type_bits(d->a)) {
		report(&d->loc, "shift by %s, too far for type %s", b,
		       d->a->name);
	}
	if (value_negative(d->a, lhs)) {
		report(&d->loc, "left shift of the negative value %s by %s", a,
		       b);
	}
	report(&d->loc, "left shift of %s by %s overflows type %s", a, b,
	       d->a->name);
}

/* An array index out of bounds; d->a is the array's type, d->b the index's. */
_Noreturn void
__ubsan_handle_out_of_bounds_abort(struct ubsan_two_types *d, uintptr_t index)
{
	char a[24];

	report(&d->loc, "index %s out of bounds for type %s",
	       value_str(a, sizeof(a), d->b, index), d->a->name);
}

/* A __builtin_unreachable() was reached. */
_Noreturn void
__ubsan_handle_builtin_unreachable(struct ubsan_where *d)
{
	report(&d->loc, "__builtin_unreachable() reached");
}

/* A value-returning function ran off its end (C++ only). */
_Noreturn void
__ubsan_handle_missing_return(struct ubsan_where *d)
{
	report(&d->loc, "the end of a value-returning function reached");
}

/* A variable-length array was declared with a bound below 1. */
_Noreturn void
__ubsan_handle_vla_bound_not_positive_abort(struct ubsan_typed *d,
					    uintptr_t bound)
{
	char a[24];

	report(&d->loc, "variable-length array bound %s is not positive",
	       value_str(a, sizeof(a), d->type, bound));
}

/*
 * A conversion between a float and an integer out of range; d->a is the
 * source type, d->b the destination's.  A float is not shown.
 */
_Noreturn void
__ubsan_handle_float_cast_overflow_abort(struct ubsan_two_types *d,
					 uintptr_t from)
{
	(void)from;
	report(&d->loc, "a %s value out of range of type %s", d->a->name,
	       d->b->name);
}

/* A _Bool (or enum) held a value its type cannot have. */
_Noreturn void
__ubsan_handle_load_invalid_value_abort(struct ubsan_typed *d, uintptr_t val)
{
	char a[24];

	report(&d->loc, "load of %s, not a valid value of type %s",
	       value_str(a, sizeof(a), d->type, val), d->type->name);
}

/* __builtin_ctz or __builtin_clz was passed 0. */
_Noreturn void
__ubsan_handle_invalid_builtin_abort(struct ubsan_invalid_builtin *d)
{
	static const char *const builtins[] = {
	    "__builtin_ctz passed zero",
	    "__builtin_clz passed zero",
	    "__builtin_assume passed false",
	};

	report(&d->loc, "%s",
	       d->kind < 3 ? builtins[d->kind] : "a builtin misused");
}

/* Null passed for a parameter declared nonnull. */
_Noreturn void
__ubsan_handle_nonnull_arg_abort(struct ubsan_nonnull_arg *d)
{
	report(&d->loc,
	       "null passed as argument %d, declared never null at %s:%u",
	       d->arg_index, d->attr_loc.file, d->attr_loc.line);
}

/*
 * A function declared returns_nonnull returned null: d is where it says
 * so, loc the return statement.
 */
_Noreturn void
__ubsan_handle_nonnull_return_v1_abort(struct ubsan_where *d,
				       struct ubsan_loc *loc)
{
	report(loc, "null returned, declared never null at %s:%u", d->loc.file,
	       d->loc.line);
}

/* Pointer arithmetic wrapped, or made or moved a null pointer. */
_Noreturn void
__ubsan_handle_pointer_overflow_abort(struct ubsan_where *d, uintptr_t base,
				      uintptr_t result)
{
	if (base == 0 && result == 0) {
		report(&d->loc, "zero offset applied to a null pointer");
	}
	if (base == 0) {
		report(&d->loc, "offset 0x%lx added to a null pointer", result);
	}
	if (result == 0) {
		report(&d->loc, "pointer 0x%lx offset to null", base);
	}
	report(&d->loc, "pointer arithmetic on 0x%lx wrapped to 0x%lx", base,
	       result);
}

#endif
