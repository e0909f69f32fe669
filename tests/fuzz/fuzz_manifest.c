/*
 * fuzz_manifest: the input is a program file, or, if it does not start
 * with the ELF magic, the bytes of a manifest section.  As init does
 * (services/init/grant.c), the section is found, parsed, and checked
 * against boot.conf.  The parsed manifest must keep every rule of
 * lib/manifest_parse.h, and written back as text must parse to itself.
 */
#include <string.h>

#include "bootconf.h"
#include "fuzz.h"
#include "manifest_parse.h"

/* The rules of initramfs/etc/boot.conf. */
static const char boot_conf[] = "start serial\n"
				"start timer\n"
				"start shell\n"
				"allow serial ioport 0x3f8 8\n"
				"allow serial irq 4\n"
				"allow serial provides serial\n"
				"allow timer ioport 0x40 4\n"
				"allow timer irq 0\n"
				"allow timer provides timer\n"
				"allow shell spawn\n"
				"allow shell control\n"
				"allow mmiotest mmio 0xfd000000 0x1000\n"
				"allow * needs serial\n"
				"allow * needs timer\n";

static struct bootconf conf;

static int
overlap(const struct manifest_range *a, const struct manifest_range *b)
{
	return a->base < b->base + b->len && b->base < a->base + a->len;
}

static void
check_ranges(const struct manifest_range *r, int n, int mmio)
{
	fuzz_check(n >= 0 && n <= MANIFEST_MAX_ITEMS, "too many ranges");
	for (int i = 0; i < n; i++) {
		fuzz_check(mmio ? manifest_mmio_ok(r[i].base, r[i].len)
				: manifest_ioport_ok(r[i].base, r[i].len),
			   "a bad range");
		for (int j = 0; j < i; j++) {
			fuzz_check(!overlap(&r[i], &r[j]), "ranges overlap");
		}
	}
}

static void
check_names(char (*names)[MANIFEST_NAME_MAX + 1], int n)
{
	fuzz_check(n >= 0 && n <= MANIFEST_MAX_ITEMS, "too many names");
	for (int i = 0; i < n; i++) {
		fuzz_check(manifest_name_ok(names[i], strlen(names[i])),
			   "a bad name");
		for (int j = 0; j < i; j++) {
			fuzz_check(strcmp(names[i], names[j]) != 0,
				   "a name twice");
		}
	}
}

/* Check an accepted manifest against the rules of lib/manifest_parse.h. */
static void
check_manifest(struct manifest *m)
{
	fuzz_check(manifest_name_ok(m->name, strlen(m->name)), "bad name");
	fuzz_check(strlen(m->description) <= MANIFEST_DESC_MAX,
		   "description too long");
	fuzz_check(m->cspace_bits >= MANIFEST_CSPACE_MIN &&
		       m->cspace_bits <= MANIFEST_CSPACE_MAX,
		   "cspace out of range");
	fuzz_check(m->quota <= MANIFEST_QUOTA_MAX, "quota out of range");
	fuzz_check(m->restart >= MANIFEST_RESTART_NEVER &&
		       m->restart <= MANIFEST_RESTART_ON_FAILURE,
		   "restart out of range");
	fuzz_check(
	    m->max_crashes >= 1 && m->max_crashes <= MANIFEST_CRASHES_MAX &&
		m->crash_window >= 1 && m->crash_window <= MANIFEST_WINDOW_MAX,
	    "restart limits out of range");
	check_ranges(m->ioport, m->nioports, 0);
	check_ranges(m->mmio, m->nmmio, 1);
	fuzz_check(m->nirqs >= 0 && m->nirqs <= MANIFEST_MAX_ITEMS,
		   "too many irqs");
	for (int i = 0; i < m->nirqs; i++) {
		fuzz_check(m->irq[i] <= MANIFEST_IRQ_MAX, "irq out of range");
		for (int j = 0; j < i; j++) {
			fuzz_check(m->irq[i] != m->irq[j], "an irq twice");
		}
	}
	check_names(m->needs, m->nneeds);
	check_names(m->provides, m->nprovides);
	fuzz_check(m->replies >= 0 && m->replies <= MANIFEST_REPLIES_MAX &&
		       (m->receive == 0 || m->receive == 1),
		   "replies or receive out of range");
}

/* A text buffer being filled, as snprintf fills it. */
struct text {
	char buf[MANIFEST_TEXT_MAX];
	size_t len;
};

static void
add(struct text *t, const char *fmt, unsigned long long a, unsigned long long b)
{
	int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, a, b);

	fuzz_check(n >= 0 && (size_t)n < sizeof(t->buf) - t->len,
		   "the canonical text is too long");
	t->len += (size_t)n;
}

static void
add_str(struct text *t, const char *word, const char *s)
{
	int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %s\n",
			 word, s);

	fuzz_check(n >= 0 && (size_t)n < sizeof(t->buf) - t->len,
		   "the canonical text is too long");
	t->len += (size_t)n;
}

/* Write m as text, one declaration per value. */
static void
write_text(const struct manifest *m, struct text *t)
{
	static const char *const modes[] = {"never", "always", "on-failure"};

	t->len = 0;
	add_str(t, "name", m->name);
	if (m->description[0] != '\0') {
		add_str(t, "description", m->description);
	}
	add(t, "cspace %llu\nquota %llu\n", (unsigned long long)m->cspace_bits,
	    m->quota);
	add_str(t, "restart", modes[m->restart]);
	if (m->restart != MANIFEST_RESTART_NEVER) {
		t->len--; /* the limits go on the same line */
		add(t, " %llu %llu\n", m->max_crashes, m->crash_window);
	}
	for (int i = 0; i < m->nioports; i++) {
		add(t, "ioport %#llx %llu\n", m->ioport[i].base,
		    m->ioport[i].len);
	}
	for (int i = 0; i < m->nirqs; i++) {
		add(t, "irq %llu\n", m->irq[i], 0);
	}
	for (int i = 0; i < m->nmmio; i++) {
		add(t, "mmio %#llx %#llx\n", m->mmio[i].base, m->mmio[i].len);
	}
	for (int i = 0; i < m->nneeds; i++) {
		add_str(t, "needs", m->needs[i]);
	}
	for (int i = 0; i < m->nprovides; i++) {
		add_str(t, "provides", m->provides[i]);
	}
	if (m->receive) {
		add_str(t, "receive", "");
	}
	if (m->replies > 0) {
		add(t, "replies %llu\n", (unsigned long long)m->replies, 0);
	}
}

/*
 * Write m back as text and parse that: it must give m again, which
 * written as text gives the same text.
 */
static void
round_trip(const struct manifest *m)
{
	static struct text t, t2;
	struct manifest again;

	write_text(m, &t);
	fuzz_check(manifest_parse(t.buf, t.len + 1, &again, NULL, 0) ==
		       MANIFEST_OK,
		   "the canonical text is refused");
	write_text(&again, &t2);
	fuzz_check(t.len == t2.len && memcmp(t.buf, t2.buf, t.len) == 0,
		   "the canonical text means something else");
}

/*
 * Parse the section, with message buffers of several sizes: each gives
 * the same verdict, and the message always ends inside its buffer.
 */
static void
parse(const char *text, size_t len)
{
	static const size_t sizes[] = {0, 1, 17, 160};
	struct manifest m;
	char msg[160] = "";
	int r0 = manifest_parse(text, len, &m, NULL, 0);

	fuzz_check(manifest_strerror(r0) != NULL, "no error text");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *err = sizes[i] > 0 ? malloc(sizes[i]) : msg;
		int r = manifest_parse(text, len, &m, err, sizes[i]);
		fuzz_check(r == r0, "the verdict depends on the message");
		fuzz_check(sizes[i] == 0 || fuzz_terminated(err, sizes[i]),
			   "message not terminated");
		fuzz_check(sizes[i] < 2 || (r == MANIFEST_OK) == (err[0] == 0),
			   "a refusal without a reason, or a reason for none");
		if (sizes[i] > 0) {
			free(err);
		}
	}
	if (r0 != MANIFEST_OK) {
		fuzz_check(fuzz_zeroed(&m, sizeof(m)),
			   "a refused manifest left values");
		return;
	}
	check_manifest(&m);
	round_trip(&m);
	int p = bootconf_permits(&conf, &m, msg, sizeof(msg));
	fuzz_check((p == BOOTCONF_OK || p == BOOTCONF_E_DENIED) &&
		       fuzz_terminated(msg, sizeof(msg)),
		   "bootconf_permits");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	size_t len;

	if (conf.nstart == 0) {
		fuzz_check(bootconf_parse(boot_conf, sizeof(boot_conf) - 1,
					  &conf, NULL, 0) == BOOTCONF_OK,
			   "boot.conf");
	}
	if (size < 4 || memcmp(data, "\177ELF", 4) != 0) {
		parse((const char *)data, size);
		return 0;
	}
	int r = manifest_find_section(data, size, &text, &len);
	fuzz_check(manifest_strerror(r) != NULL, "no error text");
	if (r != MANIFEST_OK) {
		fuzz_check(text == NULL && len == 0, "no section, yet found");
		return 0;
	}
	fuzz_check(fuzz_inside(text, len, data, size),
		   "section outside the file");
	/* A copy of its own size, so reading past the section is caught. */
	char *copy = malloc(len);
	memcpy(copy, text, len);
	parse(copy, len);
	free(copy);
	return 0;
}
