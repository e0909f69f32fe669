/*
 * Host unit tests for lib/manifest_parse.c: the manifest language, every
 * refusal with its message, and the search for the section in an ELF file
 * built in a byte buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "manifest_parse.h"

/* The macro programs use, here in a host object file. */
CAIRN_MANIFEST("name hello\n"
	       "description says hello\n"
	       "needs serial\n");

static struct manifest m;
static char err[128];

/* Parse s with its NUL. */
static int
parse(const char *s)
{
	memset(&m, 0xA5, sizeof(m));
	memset(err, 'X', sizeof(err));
	return manifest_parse(s, strlen(s) + 1, &m, err, sizeof(err));
}

/* Parse s, expect code, and expect err to be want. */
static void
refused(const char *s, int code, const char *want)
{
	static const struct manifest zero;

	assert_int_equal(parse(s), code);
	assert_string_equal(err, want);
	assert_memory_equal(&m, &zero, sizeof(m));
}

static void
test_receive(void **state)
{
	(void)state;
	assert_int_equal(parse("name a\n"), MANIFEST_OK);
	assert_int_equal(m.receive, 0);
	assert_int_equal(parse("name a\nreceive\n"), MANIFEST_OK);
	assert_int_equal(m.receive, 1);
	assert_int_not_equal(parse("name a\nreceive 1\n"), MANIFEST_OK);
	assert_int_equal(parse("name a\nreceive\nreceive\n"),
			 MANIFEST_E_DUPLICATE);
	assert_int_equal(parse("name a\nreplies 8\n"), MANIFEST_OK);
	assert_int_equal(m.replies, 8);
	refused("name a\nreplies 33\n", MANIFEST_E_RANGE,
		"line 2: replies 33: out of range 1-32");
	refused("name a\nreplies 0\n", MANIFEST_E_RANGE,
		"line 2: replies 0: out of range 1-32");
}

static void
test_full(void **state)
{
	(void)state;
	assert_int_equal(parse("name serial                      # required\n"
			       "description 16550 UART driver    # optional\n"
			       "cspace 8\n"
			       "quota 256K\n"
			       "restart always 3 20\n"
			       "ioport 0x3f8 8\n"
			       "ioport 0x2f8 8\n"
			       "irq 4\n"
			       "irq 3\n"
			       "mmio 0xfebd0000 0x1000\n"
			       "needs timer\n"
			       "provides console\n"
			       "provides serial\n"),
			 MANIFEST_OK);
	assert_string_equal(err, "");
	assert_string_equal(m.name, "serial");
	assert_string_equal(m.description, "16550 UART driver");
	assert_int_equal(m.cspace_bits, 8);
	assert_int_equal(m.quota, 256 * 1024);
	assert_int_equal(m.restart, MANIFEST_RESTART_ALWAYS);
	assert_int_equal(m.max_crashes, 3);
	assert_int_equal(m.crash_window, 20);
	assert_int_equal(m.nioports, 2);
	assert_int_equal(m.ioport[0].base, 0x3f8);
	assert_int_equal(m.ioport[0].len, 8);
	assert_int_equal(m.ioport[1].base, 0x2f8);
	assert_int_equal(m.nirqs, 2);
	assert_int_equal(m.irq[0], 4);
	assert_int_equal(m.irq[1], 3);
	assert_int_equal(m.nmmio, 1);
	assert_int_equal(m.mmio[0].base, 0xfebd0000);
	assert_int_equal(m.mmio[0].len, 0x1000);
	assert_int_equal(m.nneeds, 1);
	assert_string_equal(m.needs[0], "timer");
	assert_int_equal(m.nprovides, 2);
	assert_string_equal(m.provides[0], "console");
	assert_string_equal(m.provides[1], "serial");
}

static void
test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("name x"), MANIFEST_OK);
	assert_string_equal(m.name, "x");
	assert_string_equal(m.description, "");
	assert_int_equal(m.cspace_bits, MANIFEST_CSPACE_DEFAULT);
	assert_int_equal(m.quota, 1 << 20);
	assert_int_equal(m.restart, MANIFEST_RESTART_NEVER);
	assert_int_equal(m.max_crashes, 5);
	assert_int_equal(m.crash_window, 10);
	assert_int_equal(m.nioports + m.nirqs + m.nmmio, 0);
	assert_int_equal(m.nneeds + m.nprovides, 0);
}

static void
test_layout_of_text(void **state)
{
	(void)state;
	/* Comments, blank lines, tabs, no final newline. */
	assert_int_equal(parse("# a driver\n"
			       "\n"
			       "   \t\n"
			       "\tname\t\tdrv  # its name\n"
			       "#irq 99\n"
			       "irq\t7\t"),
			 MANIFEST_OK);
	assert_string_equal(m.name, "drv");
	assert_int_equal(m.nirqs, 1);
	assert_int_equal(m.irq[0], 7);
	/* A comment right after a word. */
	assert_int_equal(parse("name a#b\n"), MANIFEST_OK);
	assert_string_equal(m.name, "a");
	/* The section may be padded with NULs. */
	assert_int_equal(
	    manifest_parse("name x\n\0\0\0", 10, &m, err, sizeof(err)),
	    MANIFEST_OK);
}

static void
test_macro(void **state)
{
	(void)state;
	assert_int_equal(manifest_parse(cairn_manifest_,
					sizeof(cairn_manifest_), &m, err,
					sizeof(err)),
			 MANIFEST_OK);
	assert_string_equal(m.name, "hello");
	assert_string_equal(m.description, "says hello");
	assert_string_equal(m.needs[0], "serial");
}

static void
test_text_framing(void **state)
{
	char big[MANIFEST_TEXT_MAX + 1];

	(void)state;
	assert_int_equal(manifest_parse("name x", 6, &m, err, sizeof(err)),
			 MANIFEST_E_TEXT);
	assert_string_equal(err, "manifest: not NUL-terminated");
	assert_int_equal(manifest_parse("", 0, &m, err, sizeof(err)),
			 MANIFEST_E_TEXT);
	assert_int_equal(
	    manifest_parse("name x\0name y", 14, &m, err, sizeof(err)),
	    MANIFEST_E_TEXT);
	assert_string_equal(err, "manifest: text after the terminating NUL");
	/* 4096 bytes with the NUL is the most. */
	memset(big, ' ', sizeof(big));
	memcpy(big, "name x\n", 7);
	big[MANIFEST_TEXT_MAX - 1] = '\0';
	assert_int_equal(
	    manifest_parse(big, MANIFEST_TEXT_MAX, &m, err, sizeof(err)),
	    MANIFEST_OK);
	big[MANIFEST_TEXT_MAX - 1] = ' ';
	big[MANIFEST_TEXT_MAX] = '\0';
	assert_int_equal(manifest_parse(big, sizeof(big), &m, err, sizeof(err)),
			 MANIFEST_E_TEXT);
	assert_string_equal(err, "manifest: longer than 4096 bytes");
	/* Control characters and bytes above ASCII. */
	refused("name x\r\n", MANIFEST_E_TEXT,
		"manifest: a byte that is not printable ASCII");
	refused("name x\ndescription caf\xc3\xa9\n", MANIFEST_E_TEXT,
		"manifest: a byte that is not printable ASCII");
	refused("name x\x7f\n", MANIFEST_E_TEXT,
		"manifest: a byte that is not printable ASCII");
}

static void
test_name(void **state)
{
	(void)state;
	assert_int_equal(parse("name abcdefghijklmno\n"), MANIFEST_OK);
	assert_int_equal(parse("name a-b_c9\n"), MANIFEST_OK);
	refused("name abcdefghijklmnop\n", MANIFEST_E_SYNTAX,
		"line 1: name abcdefghijklmnop: a name is 1-15 of a-z 0-9 _ -");
	refused("name Serial\n", MANIFEST_E_SYNTAX,
		"line 1: name Serial: a name is 1-15 of a-z 0-9 _ -");
	refused("name a.b\n", MANIFEST_E_SYNTAX,
		"line 1: name a.b: a name is 1-15 of a-z 0-9 _ -");
	refused("name\n", MANIFEST_E_SYNTAX, "line 1: name: missing value");
	refused("name a b\n", MANIFEST_E_SYNTAX,
		"line 1: name a: unexpected 'b'");
	refused("name a\nname b\n", MANIFEST_E_DUPLICATE,
		"line 2: name: declared twice");
	refused("name a\nname a\n", MANIFEST_E_DUPLICATE,
		"line 2: name: declared twice");
	refused("irq 4\n", MANIFEST_E_NO_NAME, "manifest: no name declaration");
	refused("", MANIFEST_E_NO_NAME, "manifest: no name declaration");
}

static void
test_description(void **state)
{
	char line[128];

	(void)state;
	assert_int_equal(parse("name x\ndescription \t a  b\t c \t\n"),
			 MANIFEST_OK);
	assert_string_equal(m.description, "a  b\t c");
	snprintf(line, sizeof(line), "name x\ndescription %063d\n", 7);
	assert_int_equal(parse(line), MANIFEST_OK);
	assert_int_equal(strlen(m.description), 63);
	snprintf(line, sizeof(line), "name x\ndescription %064d # ok\n", 7);
	refused(line, MANIFEST_E_RANGE,
		"line 2: description: longer than 63 characters");
	refused("name x\ndescription   # nothing\n", MANIFEST_E_SYNTAX,
		"line 2: description: missing text");
	refused("description a\ndescription b\nname x\n", MANIFEST_E_DUPLICATE,
		"line 2: description: declared twice");
}

static void
test_cspace(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\ncspace 4\n"), MANIFEST_OK);
	assert_int_equal(m.cspace_bits, 4);
	assert_int_equal(parse("name x\ncspace 0xc\n"), MANIFEST_OK);
	assert_int_equal(m.cspace_bits, 12);
	refused("name x\ncspace 3\n", MANIFEST_E_RANGE,
		"line 2: cspace 3: out of range 4-14");
	refused("name x\ncspace 15\n", MANIFEST_E_RANGE,
		"line 2: cspace 15: out of range 4-14");
	refused("name x\ncspace six\n", MANIFEST_E_SYNTAX,
		"line 2: cspace six: not a number");
	refused("name x\ncspace 99999999999999999999\n", MANIFEST_E_RANGE,
		"line 2: cspace 99999999999999999999: out of range 4-14");
	refused("name x\ncspace 6\ncspace 6\n", MANIFEST_E_DUPLICATE,
		"line 3: cspace: declared twice");
}

static void
test_quota(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nquota 1M\n"), MANIFEST_OK);
	assert_int_equal(m.quota, 1 << 20);
	assert_int_equal(parse("name x\nquota 1024M\n"), MANIFEST_OK);
	assert_int_equal(m.quota, 1 << 30);
	assert_int_equal(parse("name x\nquota 1073741824\n"), MANIFEST_OK);
	assert_int_equal(m.quota, 1 << 30);
	assert_int_equal(parse("name x\nquota 0x10K\n"), MANIFEST_OK);
	assert_int_equal(m.quota, 16 << 10);
	assert_int_equal(parse("name x\nquota 0\n"), MANIFEST_OK);
	assert_int_equal(m.quota, 0);
	refused("name x\nquota 1025M\n", MANIFEST_E_RANGE,
		"line 2: quota 1025M: more than 1G");
	refused("name x\nquota 1073741825\n", MANIFEST_E_RANGE,
		"line 2: quota 1073741825: more than 1G");
	refused("name x\nquota 18014398509481984K\n", MANIFEST_E_RANGE,
		"line 2: quota 18014398509481984K: more than 1G");
	refused("name x\nquota 99999999999999999999M\n", MANIFEST_E_RANGE,
		"line 2: quota 99999999999999999999M: more than 1G");
	refused("name x\nquota 1G\n", MANIFEST_E_SYNTAX,
		"line 2: quota 1G: not a number with optional K or M");
	refused("name x\nquota 4k\n", MANIFEST_E_SYNTAX,
		"line 2: quota 4k: not a number with optional K or M");
	refused("name x\nquota K\n", MANIFEST_E_SYNTAX,
		"line 2: quota K: not a number with optional K or M");
	refused("name x\nquota 1M\nquota 2M\n", MANIFEST_E_DUPLICATE,
		"line 3: quota: declared twice");
}

static void
test_restart(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nrestart never\n"), MANIFEST_OK);
	assert_int_equal(m.restart, MANIFEST_RESTART_NEVER);
	assert_int_equal(parse("name x\nrestart on-failure\n"), MANIFEST_OK);
	assert_int_equal(m.restart, MANIFEST_RESTART_ON_FAILURE);
	assert_int_equal(m.max_crashes, 5);
	assert_int_equal(m.crash_window, 10);
	assert_int_equal(parse("name x\nrestart always 1\n"), MANIFEST_OK);
	assert_int_equal(m.max_crashes, 1);
	assert_int_equal(m.crash_window, 10);
	assert_int_equal(parse("name x\nrestart always 1000 86400\n"),
			 MANIFEST_OK);
	assert_int_equal(m.max_crashes, 1000);
	assert_int_equal(m.crash_window, 86400);
	refused("name x\nrestart sometimes\n", MANIFEST_E_SYNTAX,
		"line 2: restart sometimes: expected never, always or "
		"on-failure");
	refused("name x\nrestart never 5\n", MANIFEST_E_SYNTAX,
		"line 2: restart never 5: never takes no limits");
	refused("name x\nrestart always 0\n", MANIFEST_E_RANGE,
		"line 2: restart always 0: crashes out of range 1-1000");
	refused("name x\nrestart always 1001\n", MANIFEST_E_RANGE,
		"line 2: restart always 1001: crashes out of range 1-1000");
	refused("name x\nrestart always 5 0\n", MANIFEST_E_RANGE,
		"line 2: restart always 5 0: window out of range 1-86400 "
		"seconds");
	refused("name x\nrestart always 5 86401\n", MANIFEST_E_RANGE,
		"line 2: restart always 5 86401: window out of range "
		"1-86400 seconds");
	refused("name x\nrestart always 5 x\n", MANIFEST_E_SYNTAX,
		"line 2: restart always 5 x: not a number");
	refused("name x\nrestart always 5 10 20\n", MANIFEST_E_SYNTAX,
		"line 2: restart always 5 10: unexpected '20'");
	refused("name x\nrestart always 5 10 20 30\n", MANIFEST_E_SYNTAX,
		"line 2: restart always 5 10: unexpected '20'");
	refused("name x\nrestart\n", MANIFEST_E_SYNTAX,
		"line 2: restart: missing value");
	refused("name x\nrestart never\nrestart always\n", MANIFEST_E_DUPLICATE,
		"line 3: restart: declared twice");
}

static void
test_ioport(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nioport 0xfff8 8\nioport 0 1\n"),
			 MANIFEST_OK);
	assert_int_equal(m.ioport[0].base, 0xfff8);
	assert_int_equal(m.ioport[0].len, 8);
	assert_int_equal(parse("name x\nioport 0 0x10000\n"), MANIFEST_OK);
	refused("name x\nioport 0xfff8 9\n", MANIFEST_E_RANGE,
		"line 2: ioport 0xfff8 9: ends past port 0xffff");
	refused("name x\nioport 0x10000 1\n", MANIFEST_E_RANGE,
		"line 2: ioport 0x10000 1: base out of range 0-0xffff");
	refused("name x\nioport 0x3f8 0\n", MANIFEST_E_RANGE,
		"line 2: ioport 0x3f8 0: count out of range 1-0x10000");
	refused("name x\nioport 0x3f8\n", MANIFEST_E_SYNTAX,
		"line 2: ioport 0x3f8: missing value");
	refused("name x\nioport 0x3f8 8 9\n", MANIFEST_E_SYNTAX,
		"line 2: ioport 0x3f8 8: unexpected '9'");
	refused("name x\nioport 0x3fg 8\n", MANIFEST_E_SYNTAX,
		"line 2: ioport 0x3fg 8: not a number");
	refused("name x\nioport 0x3f8 8\nioport 0x3ff 1\n",
		MANIFEST_E_DUPLICATE,
		"line 3: ioport 0x3ff 1: overlaps an earlier ioport range");
	refused("name x\nioport 0x3f8 8\nioport 0x3f0 9\n",
		MANIFEST_E_DUPLICATE,
		"line 3: ioport 0x3f0 9: overlaps an earlier ioport range");
	/* Adjacent ranges do not overlap. */
	assert_int_equal(parse("name x\nioport 0x3f8 8\nioport 0x3f0 8\n"),
			 MANIFEST_OK);
}

static void
test_irq(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nirq 0\nirq 23\n"), MANIFEST_OK);
	assert_int_equal(m.irq[1], 23);
	refused("name x\n\nirq 99\n", MANIFEST_E_RANGE,
		"line 3: irq 99: out of range 0-23");
	refused("name x\nirq 24\n", MANIFEST_E_RANGE,
		"line 2: irq 24: out of range 0-23");
	refused("name x\nirq -1\n", MANIFEST_E_SYNTAX,
		"line 2: irq -1: not a number");
	refused("name x\nirq 4\nirq 4\n", MANIFEST_E_DUPLICATE,
		"line 3: irq 4: declared twice");
	refused("name x\nirq\n", MANIFEST_E_SYNTAX,
		"line 2: irq: missing value");
}

static void
test_mmio(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nmmio 0 0x1000\n"
			       "mmio 0xffffffffff000 4096\n"),
			 MANIFEST_OK);
	assert_int_equal(m.mmio[1].base, 0xffffffffff000ull);
	refused("name x\nmmio 0xfebd0800 0x1000\n", MANIFEST_E_RANGE,
		"line 2: mmio 0xfebd0800 0x1000: base and length must be "
		"page-aligned");
	refused("name x\nmmio 0xfebd0000 0x800\n", MANIFEST_E_RANGE,
		"line 2: mmio 0xfebd0000 0x800: length out of range");
	refused("name x\nmmio 0xfebd0000 0x1800\n", MANIFEST_E_RANGE,
		"line 2: mmio 0xfebd0000 0x1800: base and length must be "
		"page-aligned");
	refused("name x\nmmio 0xfebd0000 0\n", MANIFEST_E_RANGE,
		"line 2: mmio 0xfebd0000 0: length out of range");
	refused("name x\nmmio 0x10000000000000 0x1000\n", MANIFEST_E_RANGE,
		"line 2: mmio 0x10000000000000 0x1000: base out of range");
	refused("name x\nmmio 0xffffffffff000 0x2000\n", MANIFEST_E_RANGE,
		"line 2: mmio 0xffffffffff000 0x2000: ends past the physical "
		"address limit");
	refused("name x\nmmio 0x1000 0x2000\nmmio 0x2000 0x1000\n",
		MANIFEST_E_DUPLICATE,
		"line 3: mmio 0x2000 0x1000: overlaps an earlier mmio range");
}

static void
test_needs_provides(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nneeds a\nneeds b\nprovides a\n"),
			 MANIFEST_OK);
	assert_int_equal(m.nneeds, 2);
	assert_string_equal(m.needs[1], "b");
	assert_string_equal(m.provides[0], "a");
	refused("name x\nneeds Console\n", MANIFEST_E_SYNTAX,
		"line 2: needs Console: a name is 1-15 of a-z 0-9 _ -");
	refused("name x\nprovides a\nprovides a\n", MANIFEST_E_DUPLICATE,
		"line 3: provides a: declared twice");
	refused("name x\nneeds a b\n", MANIFEST_E_SYNTAX,
		"line 2: needs a: unexpected 'b'");
	refused("name x\nprovides\n", MANIFEST_E_SYNTAX,
		"line 2: provides: missing value");
}

/* The ninth of a kind is refused, for every kind. */
static void
test_too_many(void **state)
{
	static const char *const fmt[] = {
	    "ioport %d 1\n", "irq %d\n",       "mmio 0x%d000 0x1000\n",
	    "needs s%d\n",   "provides p%d\n",
	};
	static const char *const want[] = {
	    "line 10: ioport: more than 8",   "line 10: irq: more than 8",
	    "line 10: mmio: more than 8",     "line 10: needs: more than 8",
	    "line 10: provides: more than 8",
	};
	char text[512];

	(void)state;
	for (int k = 0; k < 5; k++) {
		int n = snprintf(text, sizeof(text), "name x\n");
		for (int i = 0; i < 8; i++) {
			n += snprintf(text + n, sizeof(text) - (size_t)n,
				      fmt[k], i + 1);
		}
		assert_int_equal(parse(text), MANIFEST_OK);
		snprintf(text + n, sizeof(text) - (size_t)n, fmt[k], 9);
		refused(text, MANIFEST_E_TOO_MANY, want[k]);
	}
}

static void
test_unknown_keyword(void **state)
{
	(void)state;
	refused("name x\nirqs 4\n", MANIFEST_E_SYNTAX,
		"line 2: irqs: unknown keyword");
	refused("name x\nName y\n", MANIFEST_E_SYNTAX,
		"line 2: Name: unknown keyword");
	refused("name x\nspawn\n", MANIFEST_E_SYNTAX,
		"line 2: spawn: unknown keyword");
}

static void
test_numbers(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(manifest_number("0", 1, &v), MANIFEST_NUM_OK);
	assert_int_equal(v, 0);
	assert_int_equal(manifest_number("010", 3, &v), MANIFEST_NUM_OK);
	assert_int_equal(v, 10);
	assert_int_equal(manifest_number("0XfF", 4, &v), MANIFEST_NUM_OK);
	assert_int_equal(v, 255);
	assert_int_equal(manifest_number("18446744073709551615", 20, &v),
			 MANIFEST_NUM_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(manifest_number("0xffffffffffffffff", 18, &v),
			 MANIFEST_NUM_OK);
	assert_int_equal(manifest_number("18446744073709551616", 20, &v),
			 MANIFEST_NUM_OVERFLOW);
	assert_int_equal(manifest_number("0x10000000000000000", 19, &v),
			 MANIFEST_NUM_OVERFLOW);
	assert_int_equal(manifest_number("", 0, &v), MANIFEST_NUM_BAD);
	assert_int_equal(manifest_number("0x", 2, &v), MANIFEST_NUM_BAD);
	assert_int_equal(manifest_number("1a", 2, &v), MANIFEST_NUM_BAD);
	assert_int_equal(manifest_number("+1", 2, &v), MANIFEST_NUM_BAD);
	assert_int_equal(manifest_number("0x1g", 4, &v), MANIFEST_NUM_BAD);
	/* Only n bytes are read. */
	assert_int_equal(manifest_number("12x", 2, &v), MANIFEST_NUM_OK);
	assert_int_equal(v, 12);
	assert_true(manifest_name_ok("a", 1));
	assert_false(manifest_name_ok("", 0));
	assert_false(manifest_name_ok("a/b", 3));
}

static void
test_error_buffer(void **state)
{
	char small[12];

	(void)state;
	/* No buffer at all, or one of no size. */
	assert_int_equal(manifest_parse("irq 99\n", 8, &m, NULL, 0),
			 MANIFEST_E_RANGE);
	small[0] = 'X';
	assert_int_equal(manifest_parse("irq 99\n", 8, &m, small, 0),
			 MANIFEST_E_RANGE);
	assert_int_equal(small[0], 'X');
	/* A short buffer is cut and terminated. */
	assert_int_equal(
	    manifest_parse("irq 99\n", 8, &m, small, sizeof(small)),
	    MANIFEST_E_RANGE);
	assert_string_equal(small, "line 1: irq");
	/* Success leaves an empty message. */
	assert_int_equal(
	    manifest_parse("name x\n", 8, &m, small, sizeof(small)),
	    MANIFEST_OK);
	assert_string_equal(small, "");
}

/* An ELF64 file with sections: null, .text, the manifest, .shstrtab. */
static uint8_t elf[2048];

enum {
	SH_OFF = 0x400,
	STR_OFF = 0x300,
	MAN_OFF = 0x200,
	NSECT = 4,
};

static const char strtab[] = "\0.text\0.cairn.manifest\0.shstrtab";

static void
put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void
put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void
put_shdr(int i, uint32_t name, uint32_t type, uint64_t off, uint64_t size)
{
	uint8_t *p = elf + SH_OFF + 64 * i;

	memset(p, 0, 64);
	put32(p, name);
	put32(p + 4, type);
	put64(p + 24, off);
	put64(p + 32, size);
}

static size_t
build_elf(void)
{
	static const char text[] = "name drv\nirq 4\n";

	memset(elf, 0, sizeof(elf));
	memcpy(elf, "\177ELF\2\1\1", 7);
	put16(elf + 16, 2);
	put16(elf + 18, 62);
	put64(elf + 40, SH_OFF);
	put16(elf + 58, 64);
	put16(elf + 60, NSECT);
	put16(elf + 62, 3);
	memcpy(elf + MAN_OFF, text, sizeof(text));
	memcpy(elf + STR_OFF, strtab, sizeof(strtab));
	put_shdr(0, 0, 0, 0, 0);
	put_shdr(1, 1, 1, 0x100, 0x10);		     /* .text */
	put_shdr(2, 7, 1, MAN_OFF, sizeof(text));    /* manifest */
	put_shdr(3, 23, 3, STR_OFF, sizeof(strtab)); /* .shstrtab */
	return SH_OFF + 64 * NSECT;
}

static int
find(size_t size)
{
	const char *text = (const char *)1;
	size_t len = 99;
	int r = manifest_find_section(elf, size, &text, &len);

	if (r != MANIFEST_OK) {
		assert_null(text);
		assert_int_equal(len, 0);
		return r;
	}
	assert_int_equal(manifest_parse(text, len, &m, err, sizeof(err)),
			 MANIFEST_OK);
	return r;
}

static void
test_find_section(void **state)
{
	(void)state;
	size_t size = build_elf();
	assert_int_equal(find(size), MANIFEST_OK);
	assert_string_equal(m.name, "drv");
	assert_int_equal(m.irq[0], 4);
	/* The manifest section last; the name table first. */
	put_shdr(3, 7, 1, MAN_OFF, 16);
	put_shdr(2, 23, 3, STR_OFF, sizeof(strtab));
	put16(elf + 62, 2);
	assert_int_equal(find(size), MANIFEST_OK);
}

static void
test_no_section(void **state)
{
	(void)state;
	size_t size = build_elf();
	/* Renamed: ".text" and a name that is a prefix of the manifest's. */
	put_shdr(2, 1, 1, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	memcpy(elf + STR_OFF + 7, ".cairn.manifes\0", 15);
	put_shdr(2, 7, 1, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	/* No section headers, or no name table. */
	build_elf();
	put64(elf + 40, 0);
	put16(elf + 60, 0);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	build_elf();
	put16(elf + 62, 0);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	/* A name at the very end of the table, cut by its end. */
	build_elf();
	put_shdr(3, 23, 3, STR_OFF, 22);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	/* A name offset past the table. */
	build_elf();
	put_shdr(2, 1000, 1, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
	put_shdr(2, 0xFFFFFFFF, 1, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_NO_SECTION);
}

static void
test_bad_elf(void **state)
{
	(void)state;
	size_t size = build_elf();
	assert_int_equal(find(63), MANIFEST_E_ELF);
	elf[0] = 0;
	assert_int_equal(find(size), MANIFEST_E_ELF);
	build_elf();
	elf[4] = 1;
	assert_int_equal(find(size), MANIFEST_E_ELF);
	build_elf();
	elf[5] = 2;
	assert_int_equal(find(size), MANIFEST_E_ELF);
	/* Section headers past the end, wrapping, or of the wrong size. */
	build_elf();
	assert_int_equal(find(size - 1), MANIFEST_E_ELF);
	put64(elf + 40, ~0ull - 64);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	build_elf();
	put16(elf + 58, 40);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	/* Extended numbering. */
	build_elf();
	put16(elf + 60, 0);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	/* The name table: out of range, not a string table, past the end. */
	build_elf();
	put16(elf + 62, NSECT);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	put16(elf + 62, 0xFFFF);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	build_elf();
	put_shdr(3, 23, 1, STR_OFF, sizeof(strtab));
	assert_int_equal(find(size), MANIFEST_E_ELF);
	put_shdr(3, 23, 3, STR_OFF, size);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	put_shdr(3, 23, 3, ~0ull - 2, 8);
	assert_int_equal(find(size), MANIFEST_E_ELF);
}

static void
test_bad_manifest_section(void **state)
{
	(void)state;
	size_t size = build_elf();
	/* Past the end of the file; wrapping; with no file bytes. */
	put_shdr(2, 7, 1, MAN_OFF, size - MAN_OFF + 1);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	put_shdr(2, 7, 1, ~0ull, 2);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	put_shdr(2, 7, 8, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	/* Two of them. */
	build_elf();
	put_shdr(1, 7, 1, MAN_OFF, 16);
	assert_int_equal(find(size), MANIFEST_E_ELF);
	/* An empty one is found, and then refused by the parser. */
	build_elf();
	put_shdr(2, 7, 1, MAN_OFF, 0);
	const char *text;
	size_t len;
	assert_int_equal(manifest_find_section(elf, size, &text, &len),
			 MANIFEST_OK);
	assert_int_equal(len, 0);
	assert_int_equal(manifest_parse(text, len, &m, err, sizeof(err)),
			 MANIFEST_E_TEXT);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = MANIFEST_OK; e >= MANIFEST_E_NO_SECTION; e--) {
		const char *s = manifest_strerror(e);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (int f = MANIFEST_OK; f > e; f--) {
			assert_string_not_equal(s, manifest_strerror(f));
		}
	}
	assert_string_equal(manifest_strerror(MANIFEST_E_NO_SECTION - 1),
			    "unknown error");
	assert_string_equal(manifest_strerror(1), "unknown error");
}

static void
test_pci(void **state)
{
	(void)state;
	assert_int_equal(parse("name a\npci 1af4:1042\npci class 01:08\n"
			       "pci 8086:*\n"),
			 MANIFEST_OK);
	assert_int_equal(m.npci, 3);
	assert_int_equal(m.pci[0].kind, PCI_MATCH_ID);
	assert_int_equal(m.pci[0].vendor, 0x1af4);
	assert_int_equal(m.pci[0].device, 0x1042);
	assert_int_equal(m.pci[1].kind, PCI_MATCH_CLASS);
	assert_int_equal(m.pci[1].depth, 2);
	assert_int_equal(m.pci[1].subclass, 8);
	assert_int_equal(m.pci[2].any_device, 1);
	assert_int_equal(m.pciconfig, 0);
	assert_int_equal(parse("name pci\npciconfig\n"), MANIFEST_OK);
	assert_int_equal(m.pciconfig, 1);
	assert_int_equal(m.npci, 0);
	assert_int_equal(m.notify, 0);
	assert_int_equal(parse("name net\nnotify\n"), MANIFEST_OK);
	assert_int_equal(m.notify, 1);
}

static void
test_pci_refusals(void **state)
{
	(void)state;
	refused("name a\npci\n", MANIFEST_E_SYNTAX,
		"line 2: pci: missing value");
	refused("name a\npci 1af4:10\n", MANIFEST_E_SYNTAX,
		"line 2: pci 1af4:10: expected vendor:device, as 1af4:1042 "
		"or 1af4:*");
	refused("name a\npci 0000:1042\n", MANIFEST_E_SYNTAX,
		"line 2: pci 0000:1042: not a vendor");
	refused("name a\npci class 01 02\n", MANIFEST_E_SYNTAX,
		"line 2: pci class 01: unexpected '02'");
	refused("name a\npci 1af4:1042 x\n", MANIFEST_E_SYNTAX,
		"line 2: pci 1af4:1042 x: unexpected words after the "
		"device");
	refused("name a\npci 1af4:1042\npci 1af4:1042\n", MANIFEST_E_DUPLICATE,
		"line 3: pci 1af4:1042: declared twice");
	refused("name a\npci 1af4:0001\npci 1af4:0002\npci 1af4:0003\n"
		"pci 1af4:0004\npci 1af4:0005\npci 1af4:0006\n"
		"pci 1af4:0007\npci 1af4:0008\npci 1af4:0009\n",
		MANIFEST_E_TOO_MANY, "line 10: pci: more than 8");
	refused("name a\npciconfig 1\n", MANIFEST_E_SYNTAX,
		"line 2: pciconfig: unexpected '1'");
	refused("name a\nnotify 1\n", MANIFEST_E_SYNTAX,
		"line 2: notify: unexpected '1'");
	refused("name a\npciconfig\npciconfig\n", MANIFEST_E_DUPLICATE,
		"line 3: pciconfig: declared twice");
}

static void
test_untyped(void **state)
{
	(void)state;
	assert_int_equal(parse("name a\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, 0);
	assert_int_equal(parse("name posix\nuntyped 32M\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, 32ull << 20);
	assert_int_equal(m.quota, MANIFEST_QUOTA_DEFAULT); /* apart */
	assert_int_equal(parse("name a\nuntyped 1M\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, MANIFEST_UNTYPED_MIN);
	assert_int_equal(parse("name a\nuntyped 256M\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, MANIFEST_UNTYPED_MAX);
	assert_int_equal(parse("name a\nuntyped 2048K\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, 2ull << 20);
	assert_int_equal(parse("name a\nuntyped 0x400000\n"), MANIFEST_OK);
	assert_int_equal(m.untyped, 4ull << 20);
}

static void
test_untyped_refusals(void **state)
{
	(void)state;
	refused("name a\nuntyped 512K\n", MANIFEST_E_RANGE,
		"line 2: untyped 512K: not a power of two from 1M to 256M");
	refused("name a\nuntyped 512M\n", MANIFEST_E_RANGE,
		"line 2: untyped 512M: not a power of two from 1M to 256M");
	refused("name a\nuntyped 257M\n", MANIFEST_E_RANGE,
		"line 2: untyped 257M: not a power of two from 1M to 256M");
	refused("name a\nuntyped 3M\n", MANIFEST_E_RANGE,
		"line 2: untyped 3M: not a power of two from 1M to 256M");
	refused("name a\nuntyped 1025K\n", MANIFEST_E_RANGE,
		"line 2: untyped 1025K: not a power of two from 1M to 256M");
	refused("name a\nuntyped 0\n", MANIFEST_E_RANGE,
		"line 2: untyped 0: not a power of two from 1M to 256M");
	refused("name a\nuntyped 99999999999999999999M\n", MANIFEST_E_RANGE,
		"line 2: untyped 99999999999999999999M: not a power of two "
		"from 1M to 256M");
	refused("name a\nuntyped 32G\n", MANIFEST_E_SYNTAX,
		"line 2: untyped 32G: not a number with optional K or M");
	refused("name a\nuntyped\n", MANIFEST_E_SYNTAX,
		"line 2: untyped: missing value");
	refused("name a\nuntyped 32M 1\n", MANIFEST_E_SYNTAX,
		"line 2: untyped 32M: unexpected '1'");
	refused("name a\nuntyped 32M\nuntyped 32M\n", MANIFEST_E_DUPLICATE,
		"line 3: untyped: declared twice");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_layout_of_text),
	    cmocka_unit_test(test_macro),
	    cmocka_unit_test(test_text_framing),
	    cmocka_unit_test(test_name),
	    cmocka_unit_test(test_description),
	    cmocka_unit_test(test_cspace),
	    cmocka_unit_test(test_quota),
	    cmocka_unit_test(test_restart),
	    cmocka_unit_test(test_ioport),
	    cmocka_unit_test(test_irq),
	    cmocka_unit_test(test_mmio),
	    cmocka_unit_test(test_needs_provides),
	    cmocka_unit_test(test_too_many),
	    cmocka_unit_test(test_unknown_keyword),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_error_buffer),
	    cmocka_unit_test(test_find_section),
	    cmocka_unit_test(test_no_section),
	    cmocka_unit_test(test_bad_elf),
	    cmocka_unit_test(test_bad_manifest_section),
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_receive),
	    cmocka_unit_test(test_pci),
	    cmocka_unit_test(test_pci_refusals),
	    cmocka_unit_test(test_untyped),
	    cmocka_unit_test(test_untyped_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
