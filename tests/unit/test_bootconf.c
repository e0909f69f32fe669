/*
 * Host unit tests for lib/bootconf.c: every directive, quoting, the fixed
 * limits, each refusal with its message, and the check of manifests
 * (filled in by hand here) against the rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bootconf.h"

static struct bootconf conf;
static char err[160];

static int
parse(const char *s)
{
	memset(&conf, 0xA5, sizeof(conf));
	memset(err, 'X', sizeof(err));
	return bootconf_parse(s, strlen(s), &conf, err, sizeof(err));
}

static void
refused(const char *s, int code, const char *want)
{
	static const struct bootconf zero;

	assert_int_equal(parse(s), code);
	assert_string_equal(err, want);
	assert_memory_equal(&conf, &zero, sizeof(conf));
}

static const char example[] =
    "start serial                    # start a program from bin/<name>\n"
    "start timer\n"
    "start shell --motd \"hello\"      # arguments follow\n"
    "allow serial ioport 0x3f8 8     # what each program may be granted\n"
    "allow serial irq 4\n"
    "allow timer ioport 0x40 4\n"
    "allow timer irq 0\n"
    "allow shell spawn               # may ask to start programs\n"
    "allow * needs serial            # '*' = every program\n"
    "allow vga mmio 0xb8000 0x8000\n"
    "allow serial provides console\n";

static void
test_example(void **state)
{
	(void)state;
	assert_int_equal(parse(example), BOOTCONF_OK);
	assert_string_equal(err, "");
	assert_int_equal(conf.nstart, 3);
	assert_string_equal(conf.start[0].name, "serial");
	assert_int_equal(conf.start[0].argc, 0);
	assert_int_equal(conf.start[0].argsize, 0);
	assert_string_equal(conf.start[1].name, "timer");
	assert_string_equal(conf.start[2].name, "shell");
	assert_int_equal(conf.start[2].argc, 2);
	assert_string_equal(bootconf_arg(&conf.start[2], 0), "--motd");
	assert_string_equal(bootconf_arg(&conf.start[2], 1), "hello");
	assert_int_equal(conf.start[2].argsize, 13);
	assert_memory_equal(conf.start[2].args, "--motd\0hello", 13);
	assert_null(bootconf_arg(&conf.start[2], 2));
	assert_null(bootconf_arg(&conf.start[2], -1));
	assert_int_equal(conf.nallow, 8);
	const struct bootconf_allow *a = conf.allow;
	assert_string_equal(a[0].program, "serial");
	assert_int_equal(a[0].what, BOOTCONF_IOPORT);
	assert_int_equal(a[0].base, 0x3f8);
	assert_int_equal(a[0].len, 8);
	assert_int_equal(a[1].what, BOOTCONF_IRQ);
	assert_int_equal(a[1].base, 4);
	assert_int_equal(a[1].len, 1);
	assert_string_equal(a[2].program, "timer");
	assert_int_equal(a[3].base, 0);
	assert_string_equal(a[4].program, "shell");
	assert_int_equal(a[4].what, BOOTCONF_SPAWN);
	assert_string_equal(a[5].program, "*");
	assert_int_equal(a[5].what, BOOTCONF_NEEDS);
	assert_string_equal(a[5].service, "serial");
	assert_int_equal(a[6].what, BOOTCONF_MMIO);
	assert_int_equal(a[6].base, 0xb8000);
	assert_int_equal(a[6].len, 0x8000);
	assert_int_equal(a[7].what, BOOTCONF_PROVIDES);
	assert_string_equal(a[7].service, "console");
}

static void
test_layout_of_text(void **state)
{
	(void)state;
	assert_int_equal(parse(""), BOOTCONF_OK);
	assert_int_equal(conf.nstart + conf.nallow, 0);
	assert_int_equal(parse("# nothing\n\n \t \n#start x\n"), BOOTCONF_OK);
	assert_int_equal(conf.nstart, 0);
	/* Tabs, no final newline, a comment glued to nothing. */
	assert_int_equal(parse("\tstart\ta\t#c\nstart b"), BOOTCONF_OK);
	assert_int_equal(conf.nstart, 2);
	assert_string_equal(conf.start[1].name, "b");
	assert_int_equal(conf.start[0].argc, 0);
	refused("start a\r\n", BOOTCONF_E_TEXT,
		"line 1: a byte that is not printable ASCII");
	refused("\nstart a \"caf\xc3\xa9\"\n", BOOTCONF_E_TEXT,
		"line 2: a byte that is not printable ASCII");
	assert_int_equal(
	    bootconf_parse("start a\0", 8, &conf, err, sizeof(err)),
	    BOOTCONF_E_TEXT);
}

static void
test_quoting(void **state)
{
	const struct bootconf_start *s;

	(void)state;
	assert_int_equal(parse("start sh \"two  words\" \"q\\\"x\" "
			       "\"back\\\\slash\" \"\" --x=\"y z\"w a#b "
			       "a\\b \"#\" # the end\n"),
			 BOOTCONF_OK);
	s = &conf.start[0];
	assert_int_equal(s->argc, 8);
	assert_string_equal(bootconf_arg(s, 0), "two  words");
	assert_string_equal(bootconf_arg(s, 1), "q\"x");
	assert_string_equal(bootconf_arg(s, 2), "back\\slash");
	assert_string_equal(bootconf_arg(s, 3), "");
	assert_string_equal(bootconf_arg(s, 4), "--x=y zw");
	assert_string_equal(bootconf_arg(s, 5), "a#b");
	assert_string_equal(bootconf_arg(s, 6), "a\\b");
	assert_string_equal(bootconf_arg(s, 7), "#");
	/* A quoted program name is still a name. */
	assert_int_equal(parse("start \"sh\"\n"), BOOTCONF_OK);
	assert_string_equal(conf.start[0].name, "sh");
	refused("start sh \"open\n", BOOTCONF_E_SYNTAX,
		"line 1: unterminated quote");
	refused("start sh \"a\\nb\"\n", BOOTCONF_E_SYNTAX,
		"line 1: only \\\" and \\\\ may be escaped");
	refused("start sh \"a\\", BOOTCONF_E_SYNTAX,
		"line 1: only \\\" and \\\\ may be escaped");
	refused("start sh \"a\\\"\n", BOOTCONF_E_SYNTAX,
		"line 1: unterminated quote");
}

static void
test_start_refusals(void **state)
{
	(void)state;
	refused("start Serial\n", BOOTCONF_E_SYNTAX,
		"line 1: start Serial: a name is 1-15 of a-z 0-9 _ -");
	refused("start bin/x\n", BOOTCONF_E_SYNTAX,
		"line 1: start bin/x: a name is 1-15 of a-z 0-9 _ -");
	refused("start \"\"\n", BOOTCONF_E_SYNTAX,
		"line 1: start : a name is 1-15 of a-z 0-9 _ -");
	refused("start\n", BOOTCONF_E_SYNTAX, "line 1: start: missing program");
	refused("start a\nstart b\nstart a x\n", BOOTCONF_E_DUPLICATE,
		"line 3: start a x: started twice");
	refused("run a\n", BOOTCONF_E_SYNTAX,
		"line 1: run a: unknown directive");
	refused("Start a\n", BOOTCONF_E_SYNTAX,
		"line 1: Start a: unknown directive");
}

static void
test_start_limits(void **state)
{
	char text[2048];
	int n = 0;

	(void)state;
	/* Sixteen programs, the last with sixteen arguments. */
	for (int i = 0; i < BOOTCONF_MAX_START; i++) {
		n += snprintf(text + n, sizeof(text) - (size_t)n, "start p%d\n",
			      i);
	}
	n += snprintf(text + n, sizeof(text) - (size_t)n, "start last");
	for (int i = 0; i < BOOTCONF_MAX_ARGS; i++) {
		n += snprintf(text + n, sizeof(text) - (size_t)n, " a%d", i);
	}
	/* The seventeenth program. */
	refused(text, BOOTCONF_E_LIMIT,
		"line 17: start last a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 "
		"a12 a13 a14 a15: more than 16 programs");
	/* Without the first: sixteen, and sixteen arguments. */
	assert_int_equal(parse(strchr(text, '\n') + 1), BOOTCONF_OK);
	assert_int_equal(conf.nstart, 16);
	assert_int_equal(conf.start[15].argc, 16);
	assert_string_equal(bootconf_arg(&conf.start[15], 15), "a15");
	/* Seventeen arguments, and then one word too many. */
	snprintf(text + n, sizeof(text) - (size_t)n, " x");
	assert_int_equal(parse(strchr(text, '\n') + 1), BOOTCONF_E_LIMIT);
	assert_non_null(strstr(err, ": more than 16 arguments"));
	snprintf(text + n, sizeof(text) - (size_t)n, " x y");
	assert_int_equal(parse(strchr(text, '\n') + 1), BOOTCONF_E_LIMIT);
	assert_string_equal(err, "line 16: too many words");
}

static void
test_argument_bytes(void **state)
{
	char text[1200];
	char word[300];
	char big[400];

	(void)state;
	/* 255 characters and a NUL: exactly the room there is. */
	memset(word, 'a', 255);
	word[255] = '\0';
	snprintf(text, sizeof(text), "start x %s\n", word);
	assert_int_equal(parse(text), BOOTCONF_OK);
	assert_int_equal(conf.start[0].argsize, 256);
	assert_string_equal(bootconf_arg(&conf.start[0], 0), word);
	word[255] = 'a';
	word[256] = '\0';
	snprintf(text, sizeof(text), "start x %s\n", word);
	assert_int_equal(
	    bootconf_parse(text, strlen(text), &conf, big, sizeof(big)),
	    BOOTCONF_E_LIMIT);
	assert_non_null(strstr(big, ": arguments longer than 256 bytes"));
	/* Words past the line's buffer. */
	snprintf(text, sizeof(text), "start x %s %s\n", word, word);
	refused(text, BOOTCONF_E_LIMIT, "line 1: words too long");
	snprintf(text, sizeof(text), "start x \"%s%s\"\n", word, word);
	refused(text, BOOTCONF_E_LIMIT, "line 1: words too long");
}

static void
test_allow_kinds(void **state)
{
	(void)state;
	assert_int_equal(parse("allow a ioport 0 0x10000\n"
			       "allow a ioport 0xffff 1\n"
			       "allow b irq 23\n"
			       "allow * mmio 0xffffffffff000 0x1000\n"
			       "allow c needs x-y_z\n"
			       "allow * provides log\n"
			       "allow * spawn\n"),
			 BOOTCONF_OK);
	assert_int_equal(conf.nallow, 7);
	assert_int_equal(conf.allow[0].len, 0x10000);
	assert_int_equal(conf.allow[1].base, 0xffff);
	assert_int_equal(conf.allow[2].base, 23);
	assert_int_equal(conf.allow[3].base, 0xffffffffff000ull);
	assert_string_equal(conf.allow[4].service, "x-y_z");
	assert_int_equal(conf.allow[6].what, BOOTCONF_SPAWN);
	assert_string_equal(conf.allow[6].service, "");
}

static void
test_allow_refusals(void **state)
{
	(void)state;
	refused("allow\n", BOOTCONF_E_SYNTAX, "line 1: allow: missing program");
	refused("allow Serial irq 4\n", BOOTCONF_E_SYNTAX,
		"line 1: allow Serial irq 4: a program is '*' or 1-15 of "
		"a-z 0-9 _ -");
	refused("allow ** irq 4\n", BOOTCONF_E_SYNTAX,
		"line 1: allow ** irq 4: a program is '*' or 1-15 of a-z "
		"0-9 _ -");
	refused("allow a\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a: expected ioport, irq, mmio, needs, "
		"provides, spawn, control, pci, pciconfig or untyped");
	refused("allow a port 1 2\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a port 1 2: expected ioport, irq, mmio, "
		"needs, provides, spawn, control, pci, pciconfig or untyped");
	refused("allow a ioport 0x3f8\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a ioport 0x3f8: missing value");
	refused("allow a irq 4 5\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a irq 4 5: too many values");
	refused("allow a spawn now\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a spawn now: too many values");
	refused("allow a needs\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a needs: missing value");
	refused("allow a irq 24\n", BOOTCONF_E_RANGE,
		"line 1: allow a irq 24: out of range 0-23");
	refused("allow a irq four\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a irq four: not a number");
	refused("allow a irq 0x10000000000000000\n", BOOTCONF_E_RANGE,
		"line 1: allow a irq 0x10000000000000000: number too large");
	refused("allow a ioport 0xfff8 9\n", BOOTCONF_E_RANGE,
		"line 1: allow a ioport 0xfff8 9: ports must lie within "
		"0-0xffff, count >= 1");
	refused("allow a ioport 0x3f8 0\n", BOOTCONF_E_RANGE,
		"line 1: allow a ioport 0x3f8 0: ports must lie within "
		"0-0xffff, count >= 1");
	refused("allow a ioport 0x10000 1\n", BOOTCONF_E_RANGE,
		"line 1: allow a ioport 0x10000 1: ports must lie within "
		"0-0xffff, count >= 1");
	refused("allow a mmio 0xb8800 0x1000\n", BOOTCONF_E_RANGE,
		"line 1: allow a mmio 0xb8800 0x1000: base and length must "
		"be page-aligned, length >= 0x1000, below 1 << 52");
	refused("allow a mmio 0xb8000 0\n", BOOTCONF_E_RANGE,
		"line 1: allow a mmio 0xb8000 0: base and length must be "
		"page-aligned, length >= 0x1000, below 1 << 52");
	refused("allow a mmio 0xffffffffff000 0x2000\n", BOOTCONF_E_RANGE,
		"line 1: allow a mmio 0xffffffffff000 0x2000: base and "
		"length must be page-aligned, length >= 0x1000, below 1 << "
		"52");
	refused("allow a needs *\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a needs *: a name is 1-15 of a-z 0-9 _ -");
	refused("allow a provides Console\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a provides Console: a name is 1-15 of a-z "
		"0-9 _ -");
}

static void
test_allow_limit(void **state)
{
	char text[2048];
	int n = 0;

	(void)state;
	for (int i = 0; i < BOOTCONF_MAX_ALLOW; i++) {
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "allow a irq %d\n", i % 24);
	}
	assert_int_equal(parse(text), BOOTCONF_OK);
	assert_int_equal(conf.nallow, BOOTCONF_MAX_ALLOW);
	snprintf(text + n, sizeof(text) - (size_t)n, "allow * spawn\n");
	refused(text, BOOTCONF_E_LIMIT,
		"line 65: allow * spawn: more than 64 allow rules");
}

/* A manifest as lib/manifest_parse.c would fill it, for program name. */
static struct manifest
manifest(const char *name)
{
	struct manifest m;

	memset(&m, 0, sizeof(m));
	strcpy(m.name, name);
	return m;
}

static int
permits(const struct manifest *m)
{
	memset(err, 'X', sizeof(err));
	return bootconf_permits(&conf, m, err, sizeof(err));
}

static void
test_permits(void **state)
{
	struct manifest m = manifest("serial");

	(void)state;
	assert_int_equal(parse(example), BOOTCONF_OK);
	/* Nothing asked, nothing to refuse. */
	assert_int_equal(permits(&m), BOOTCONF_OK);
	assert_string_equal(err, "");
	m.nioports = 2;
	m.ioport[0] = (struct manifest_range){0x3f8, 8};
	m.ioport[1] = (struct manifest_range){0x3fa, 2}; /* inside */
	m.nirqs = 1;
	m.irq[0] = 4;
	m.nneeds = 1;
	strcpy(m.needs[0], "serial"); /* through '*' */
	m.nprovides = 1;
	strcpy(m.provides[0], "console");
	assert_int_equal(permits(&m), BOOTCONF_OK);
	assert_string_equal(err, "");
	/* Device memory inside the allowed range, for vga. */
	struct manifest v = manifest("vga");
	v.nmmio = 2;
	v.mmio[0] = (struct manifest_range){0xb8000, 0x8000};
	v.mmio[1] = (struct manifest_range){0xbf000, 0x1000};
	assert_int_equal(permits(&v), BOOTCONF_OK);
	/* The same rules grant another program nothing. */
	v = m;
	strcpy(v.name, "serial2");
	assert_int_equal(permits(&v), BOOTCONF_E_DENIED);
	assert_string_equal(err,
			    "serial2: ioport 0x3f8+8 not allowed by boot.conf");
}

static void
test_permits_refusals(void **state)
{
	struct manifest m = manifest("serial");

	(void)state;
	assert_int_equal(parse(example), BOOTCONF_OK);
	m.nioports = 1;
	m.ioport[0] = (struct manifest_range){0x2f8, 8};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err,
			    "serial: ioport 0x2f8+8 not allowed by boot.conf");
	/* One port past the allowed range; one before it. */
	m.ioport[0] = (struct manifest_range){0x3f9, 8};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	m.ioport[0] = (struct manifest_range){0x3f7, 2};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	/* Timer's ports are not serial's. */
	m.ioport[0] = (struct manifest_range){0x40, 4};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	m.nioports = 0;
	m.nirqs = 2;
	m.irq[0] = 4;
	m.irq[1] = 0;
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err, "serial: irq 0 not allowed by boot.conf");
	m.nirqs = 0;
	m.nmmio = 1;
	m.mmio[0] = (struct manifest_range){0xfebd0000, 0x1000};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(
	    err, "serial: mmio 0xfebd0000+0x1000 not allowed by boot.conf");
	m.nmmio = 0;
	m.nneeds = 2;
	strcpy(m.needs[0], "serial");
	strcpy(m.needs[1], "console");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err,
			    "serial: needs console not allowed by boot.conf");
	m.nneeds = 0;
	m.nprovides = 1;
	strcpy(m.provides[0], "serial"); /* only needs has a '*' rule */
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err,
			    "serial: provides serial not allowed by boot.conf");
	/* With no buffer for the reason. */
	assert_int_equal(bootconf_permits(&conf, &m, NULL, 0),
			 BOOTCONF_E_DENIED);
}

static void
test_permits_ranges(void **state)
{
	struct manifest m = manifest("d");

	(void)state;
	assert_int_equal(parse("allow d ioport 0x100 8\n"
			       "allow d ioport 0x108 8\n"
			       "allow * ioport 0x60 1\n"
			       "allow d mmio 0x1000 0x1000\n"
			       "allow d mmio 0x2000 0x1000\n"
			       "allow * irq 1\n"),
			 BOOTCONF_OK);
	m.nioports = 1;
	/* Each adjacent rule alone is enough; a range across both is not. */
	m.ioport[0] = (struct manifest_range){0x108, 8};
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m.ioport[0] = (struct manifest_range){0x104, 8};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	/* A '*' rule covers every program. */
	m.ioport[0] = (struct manifest_range){0x60, 1};
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m.ioport[0] = (struct manifest_range){0x60, 2};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	m.nioports = 0;
	m.nirqs = 1;
	m.irq[0] = 1;
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m.nirqs = 0;
	m.nmmio = 1;
	m.mmio[0] = (struct manifest_range){0x1000, 0x2000};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	m.mmio[0] = (struct manifest_range){0x2000, 0x1000};
	assert_int_equal(permits(&m), BOOTCONF_OK);
	/* Ranges near the top do not wrap into acceptance. */
	m.mmio[0] = (struct manifest_range){0x2000, ~0ull - 0xfff};
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
}

static void
test_may_spawn(void **state)
{
	(void)state;
	assert_int_equal(parse(example), BOOTCONF_OK);
	assert_true(bootconf_may_spawn(&conf, "shell"));
	assert_false(bootconf_may_spawn(&conf, "serial"));
	assert_false(bootconf_may_spawn(&conf, "*"));
	assert_int_equal(parse("allow * spawn\n"), BOOTCONF_OK);
	assert_true(bootconf_may_spawn(&conf, "serial"));
	assert_int_equal(parse(""), BOOTCONF_OK);
	assert_false(bootconf_may_spawn(&conf, "shell"));
}

static void
test_error_buffer(void **state)
{
	char small[10];

	(void)state;
	assert_int_equal(bootconf_parse("run\n", 4, &conf, NULL, 0),
			 BOOTCONF_E_SYNTAX);
	small[0] = 'X';
	assert_int_equal(bootconf_parse("run\n", 4, &conf, small, 0),
			 BOOTCONF_E_SYNTAX);
	assert_int_equal(small[0], 'X');
	assert_int_equal(
	    bootconf_parse("run\n", 4, &conf, small, sizeof(small)),
	    BOOTCONF_E_SYNTAX);
	assert_string_equal(small, "line 1: r");
	/* Parsing stops at the first bad line. */
	refused("start a\nallow a irq 4\nbad\nstart b\n", BOOTCONF_E_SYNTAX,
		"line 3: bad: unknown directive");
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = BOOTCONF_OK; e >= BOOTCONF_E_DENIED; e--) {
		const char *s = bootconf_strerror(e);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (int f = BOOTCONF_OK; f > e; f--) {
			assert_string_not_equal(s, bootconf_strerror(f));
		}
	}
	assert_string_equal(bootconf_strerror(BOOTCONF_E_DENIED - 1),
			    "unknown error");
	assert_string_equal(bootconf_strerror(1), "unknown error");
}

static void
test_control(void **state)
{
	static struct bootconf c;
	char why[128];
	const char *t = "allow shell control\nallow shell spawn\n"
			"allow demo spawn\n";

	(void)state;
	assert_int_equal(bootconf_parse(t, strlen(t), &c, why, sizeof(why)),
			 BOOTCONF_OK);
	assert_true(bootconf_may_control(&c, "shell"));
	assert_true(bootconf_may_spawn(&c, "demo"));
	assert_false(bootconf_may_control(&c, "demo"));
	t = "allow shell control 1\n";
	assert_int_not_equal(bootconf_parse(t, strlen(t), &c, why, sizeof(why)),
			     BOOTCONF_OK);
}

/* A manifest of name with one pci line, parsed from text. */
static struct manifest
pci_manifest(const char *name, const char *line)
{
	struct manifest m = manifest(name);

	assert_null(pci_match_parse(line, strlen(line), &m.pci[0]));
	m.npci = 1;
	return m;
}

static void
test_pci(void **state)
{
	const char *t = "allow virtio-blk pci 1af4:1042\n"
			"allow disk pci class 01\n"
			"allow any pci 1af4:*\n"
			"allow pci pciconfig\n";

	(void)state;
	assert_int_equal(parse(t), BOOTCONF_OK);
	assert_int_equal(conf.nallow, 4);
	assert_int_equal(conf.allow[0].what, BOOTCONF_PCI);
	assert_int_equal(conf.allow[0].pci.kind, PCI_MATCH_ID);
	assert_int_equal(conf.allow[0].pci.vendor, 0x1af4);
	assert_int_equal(conf.allow[0].pci.device, 0x1042);
	assert_int_equal(conf.allow[1].pci.kind, PCI_MATCH_CLASS);
	assert_int_equal(conf.allow[1].pci.class, 1);
	assert_int_equal(conf.allow[3].what, BOOTCONF_PCICONFIG);

	struct manifest m = pci_manifest("virtio-blk", "1af4:1042");
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m = pci_manifest("virtio-blk", "1af4:1001");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(
	    err, "virtio-blk: pci 1af4:1001 not allowed by boot.conf");
	m = pci_manifest("virtio-blk", "1af4:*");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err,
			    "virtio-blk: pci 1af4:* not allowed by boot.conf");
	m = pci_manifest("disk", "class 01:08:02");
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m = pci_manifest("disk", "class 02");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err, "disk: pci class 02 not allowed by boot.conf");
	m = pci_manifest("disk", "class 0c:03:30");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(
	    err, "disk: pci class 0c:03:30 not allowed by boot.conf");
	m = pci_manifest("any", "1af4:1001");
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m = pci_manifest("other", "1af4:1042");
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);

	m = manifest("pci");
	m.pciconfig = 1;
	assert_int_equal(permits(&m), BOOTCONF_OK);
	m = manifest("shell");
	m.pciconfig = 1;
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err, "shell: pciconfig not allowed by boot.conf");
}

static void
test_pci_refusals(void **state)
{
	(void)state;
	refused("allow a pci\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci: missing value");
	refused("allow a pci 1af4\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci 1af4: expected vendor:device, as "
		"1af4:1042 or 1af4:*");
	refused("allow a pci 1af4:1042 1\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci 1af4:1042 1: unexpected words after "
		"the device");
	refused("allow a pci class 01 02\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci class 01 02: too many values");
	refused("allow a pci class 1\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci class 1: expected class[:subclass"
		"[:prog-if]], two digits each");
	refused("allow a pci ffff:1042\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pci ffff:1042: not a vendor");
	refused("allow a pci "
		"\"0123456789012345678901234567890123456789\"\n",
		BOOTCONF_E_SYNTAX,
		"line 1: allow a pci "
		"0123456789012345678901234567890123456789: not a pci match");
	refused("allow a pciconfig 1\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a pciconfig 1: too many values");
}

static void
test_untyped(void **state)
{
	const char *t = "allow posix untyped\nallow posix spawn\n";

	(void)state;
	assert_int_equal(parse(t), BOOTCONF_OK);
	assert_int_equal(conf.nallow, 2);
	assert_int_equal(conf.allow[0].what, BOOTCONF_UNTYPED);
	assert_string_equal(conf.allow[0].program, "posix");
	assert_int_equal(conf.allow[0].base + conf.allow[0].len, 0);

	struct manifest m = manifest("posix");
	m.untyped = 32ull << 20;
	assert_int_equal(permits(&m), BOOTCONF_OK);
	assert_string_equal(err, "");
	m.untyped = MANIFEST_UNTYPED_MAX; /* the rule has no size */
	assert_int_equal(permits(&m), BOOTCONF_OK);
	/* Another program, and spawn, which is not untyped. */
	m = manifest("shell");
	m.untyped = 1ull << 20;
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err, "shell: untyped not allowed by boot.conf");
	assert_int_equal(parse("allow posix spawn\n"), BOOTCONF_OK);
	m = manifest("posix");
	m.untyped = 32ull << 20;
	assert_int_equal(permits(&m), BOOTCONF_E_DENIED);
	assert_string_equal(err, "posix: untyped not allowed by boot.conf");
	/* Without it in the manifest, no rule is needed. */
	m.untyped = 0;
	assert_int_equal(permits(&m), BOOTCONF_OK);
	/* '*' covers every program (and those of the disk's). */
	assert_int_equal(parse("allow * untyped\n"), BOOTCONF_OK);
	m = manifest("any");
	m.untyped = 1ull << 20;
	assert_int_equal(permits(&m), BOOTCONF_OK);
}

static void
test_untyped_refusals(void **state)
{
	(void)state;
	refused("allow a untyped 32M\n", BOOTCONF_E_SYNTAX,
		"line 1: allow a untyped 32M: too many values");
	refused("allow a untyped\nallow b Untyped\n", BOOTCONF_E_SYNTAX,
		"line 2: allow b Untyped: expected ioport, irq, mmio, needs, "
		"provides, spawn, control, pci, pciconfig or untyped");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_control),
	    cmocka_unit_test(test_example),
	    cmocka_unit_test(test_layout_of_text),
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_start_refusals),
	    cmocka_unit_test(test_start_limits),
	    cmocka_unit_test(test_argument_bytes),
	    cmocka_unit_test(test_allow_kinds),
	    cmocka_unit_test(test_allow_refusals),
	    cmocka_unit_test(test_allow_limit),
	    cmocka_unit_test(test_permits),
	    cmocka_unit_test(test_permits_refusals),
	    cmocka_unit_test(test_permits_ranges),
	    cmocka_unit_test(test_may_spawn),
	    cmocka_unit_test(test_error_buffer),
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_pci),
	    cmocka_unit_test(test_pci_refusals),
	    cmocka_unit_test(test_untyped),
	    cmocka_unit_test(test_untyped_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
