/*
 * manifest_parse: the parser of program manifests, and the search for their
 * section in an ELF64 file (System V ABI, section headers).
 */
#include "manifest_parse.h"

#include "cstring.h"

/* A message being written into the caller's buffer, always terminated. */
struct msg {
	char *buf;
	size_t cap;
	size_t len;
};

static void
put_n(struct msg *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n && m->len + 1 < m->cap; i++) {
		m->buf[m->len++] = s[i];
	}
	if (m->cap > 0) {
		m->buf[m->len] = '\0';
	}
}

static void
put(struct msg *m, const char *s)
{
	put_n(m, s, strlen(s));
}

static void
put_dec(struct msg *m, uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		put_n(m, &d[--n], 1);
	}
}

/* A word of a line: n bytes at s. */
struct word {
	const char *s;
	size_t n;
};

enum { MAX_WORDS = 4 }; /* a keyword and up to three values */

/* One declaration, split into words, with its message for errors. */
struct decl {
	int line;
	int nwords; /* words stored, at most MAX_WORDS */
	int extra;  /* index of the first word that did not fit, or 0 */
	struct word w[MAX_WORDS + 1];
	struct word rest; /* everything after the keyword, trimmed */
	struct msg *msg;
};

/*
 * Report a refusal: "line N: <the declaration>: why".  The declaration is
 * its words as written, or just the keyword if whole is 0.
 */
static int
fail(const struct decl *d, int whole, int code, const char *why)
{
	struct msg *m = d->msg;

	m->len = 0;
	put(m, "line ");
	put_dec(m, (uint64_t)d->line);
	put(m, ": ");
	put_n(m, d->w[0].s, d->w[0].n);
	for (int i = 1; whole && i < d->nwords; i++) {
		put(m, " ");
		put_n(m, d->w[i].s, d->w[i].n);
	}
	put(m, ": ");
	put(m, why);
	return code;
}

/* Parse word i of d as a number in [lo, hi]. */
static int
number(const struct decl *d, int i, uint64_t lo, uint64_t hi, const char *range,
       uint64_t *v)
{
	int r = manifest_number(d->w[i].s, d->w[i].n, v);

	if (r == MANIFEST_NUM_BAD) {
		return fail(d, 1, MANIFEST_E_SYNTAX, "not a number");
	}
	if (r == MANIFEST_NUM_OVERFLOW || *v < lo || *v > hi) {
		return fail(d, 1, MANIFEST_E_RANGE, range);
	}
	return MANIFEST_OK;
}

/* Copy word i of d into a name buffer, checking the name rule. */
static int
name(const struct decl *d, int i, char *dst)
{
	if (!manifest_name_ok(d->w[i].s, d->w[i].n)) {
		return fail(d, 1, MANIFEST_E_SYNTAX,
			    "a name is 1-15 of a-z 0-9 _ -");
	}
	memcpy(dst, d->w[i].s, d->w[i].n);
	dst[d->w[i].n] = '\0';
	return MANIFEST_OK;
}

/* Is there room for one more in a list that holds n? */
static int
room(int n, const struct decl *d)
{
	if (n == MANIFEST_MAX_ITEMS) {
		return fail(d, 0, MANIFEST_E_TOO_MANY, "more than 8");
	}
	return MANIFEST_OK;
}

static int
do_name(struct manifest *m, const struct decl *d)
{
	return name(d, 1, m->name);
}

static int
do_description(struct manifest *m, const struct decl *d)
{
	if (d->rest.n > MANIFEST_DESC_MAX) {
		return fail(d, 0, MANIFEST_E_RANGE,
			    "longer than 63 characters");
	}
	memcpy(m->description, d->rest.s, d->rest.n);
	m->description[d->rest.n] = '\0';
	return MANIFEST_OK;
}

static int
do_cspace(struct manifest *m, const struct decl *d)
{
	uint64_t v;
	int err = number(d, 1, MANIFEST_CSPACE_MIN, MANIFEST_CSPACE_MAX,
			 "out of range 4-14", &v);

	if (err != MANIFEST_OK) {
		return err;
	}
	m->cspace_bits = (int)v;
	return MANIFEST_OK;
}

/*
 * Parse word 1 of d as bytes, a number with an optional K or M, into *v.
 * Larger than max: MANIFEST_E_RANGE with the reason range.
 */
static int
size_value(const struct decl *d, uint64_t max, const char *range, uint64_t *v)
{
	struct decl num = *d;
	uint64_t unit = 1;
	char last = d->w[1].s[d->w[1].n - 1];

	if (last == 'K' || last == 'M') {
		unit = last == 'K' ? 1ull << 10 : 1ull << 20;
		num.w[1].n--;
	}
	int r = manifest_number(num.w[1].s, num.w[1].n, v);
	if (r == MANIFEST_NUM_BAD) {
		return fail(d, 1, MANIFEST_E_SYNTAX,
			    "not a number with optional K or M");
	}
	if (r == MANIFEST_NUM_OVERFLOW || *v > max / unit) {
		return fail(d, 1, MANIFEST_E_RANGE, range);
	}
	*v *= unit;
	return MANIFEST_OK;
}

static int
do_quota(struct manifest *m, const struct decl *d)
{
	return size_value(d, MANIFEST_QUOTA_MAX, "more than 1G", &m->quota);
}

static int
do_untyped(struct manifest *m, const struct decl *d)
{
	static const char range[] = "not a power of two from 1M to 256M";
	uint64_t v;
	int err = size_value(d, MANIFEST_UNTYPED_MAX, range, &v);

	if (err != MANIFEST_OK) {
		return err;
	}
	if (v < MANIFEST_UNTYPED_MIN || (v & (v - 1)) != 0) {
		return fail(d, 1, MANIFEST_E_RANGE, range);
	}
	m->untyped = v;
	return MANIFEST_OK;
}

static int
do_restart(struct manifest *m, const struct decl *d)
{
	static const char *const modes[] = {"never", "always", "on-failure"};
	const struct word *w = &d->w[1];
	uint64_t v;
	int err;

	m->restart = -1;
	for (int i = 0; i < 3; i++) {
		if (w->n == strlen(modes[i]) &&
		    memcmp(w->s, modes[i], w->n) == 0) {
			m->restart = i;
		}
	}
	if (m->restart < 0) {
		return fail(d, 1, MANIFEST_E_SYNTAX,
			    "expected never, always or on-failure");
	}
	if (m->restart == MANIFEST_RESTART_NEVER && d->nwords > 2) {
		return fail(d, 1, MANIFEST_E_SYNTAX, "never takes no limits");
	}
	if (d->nwords > 2) {
		err = number(d, 2, 1, MANIFEST_CRASHES_MAX,
			     "crashes out of range 1-1000", &v);
		if (err != MANIFEST_OK) {
			return err;
		}
		m->max_crashes = (uint32_t)v;
	}
	if (d->nwords > 3) {
		err = number(d, 3, 1, MANIFEST_WINDOW_MAX,
			     "window out of range 1-86400 seconds", &v);
		if (err != MANIFEST_OK) {
			return err;
		}
		m->crash_window = (uint32_t)v;
	}
	return MANIFEST_OK;
}

static int
overlaps(const struct manifest_range *r, int n, uint64_t base, uint64_t len)
{
	for (int i = 0; i < n; i++) {
		if (base < r[i].base + r[i].len && r[i].base < base + len) {
			return 1;
		}
	}
	return 0;
}

static int
do_ioport(struct manifest *m, const struct decl *d)
{
	uint64_t base, count;
	int err = room(m->nioports, d);

	if (err == MANIFEST_OK) {
		err = number(d, 1, 0, MANIFEST_PORT_LIMIT - 1,
			     "base out of range 0-0xffff", &base);
	}
	if (err == MANIFEST_OK) {
		err = number(d, 2, 1, MANIFEST_PORT_LIMIT,
			     "count out of range 1-0x10000", &count);
	}
	if (err != MANIFEST_OK) {
		return err;
	}
	if (!manifest_ioport_ok(base, count)) {
		return fail(d, 1, MANIFEST_E_RANGE, "ends past port 0xffff");
	}
	if (overlaps(m->ioport, m->nioports, base, count)) {
		return fail(d, 1, MANIFEST_E_DUPLICATE,
			    "overlaps an earlier ioport range");
	}
	m->ioport[m->nioports].base = base;
	m->ioport[m->nioports++].len = count;
	return MANIFEST_OK;
}

static int
do_irq(struct manifest *m, const struct decl *d)
{
	uint64_t v;
	int err = room(m->nirqs, d);

	if (err == MANIFEST_OK) {
		err = number(d, 1, 0, MANIFEST_IRQ_MAX, MANIFEST_IRQ_RANGE, &v);
	}
	if (err != MANIFEST_OK) {
		return err;
	}
	for (int i = 0; i < m->nirqs; i++) {
		if (m->irq[i] == v) {
			return fail(d, 1, MANIFEST_E_DUPLICATE,
				    "declared twice");
		}
	}
	m->irq[m->nirqs++] = (uint16_t)v;
	return MANIFEST_OK;
}

static int
do_mmio(struct manifest *m, const struct decl *d)
{
	const uint64_t page = 4096;
	uint64_t base, len;
	int err = room(m->nmmio, d);

	if (err == MANIFEST_OK) {
		err = number(d, 1, 0, MANIFEST_PHYS_LIMIT - page,
			     "base out of range", &base);
	}
	if (err == MANIFEST_OK) {
		err = number(d, 2, page, MANIFEST_PHYS_LIMIT,
			     "length out of range", &len);
	}
	if (err != MANIFEST_OK) {
		return err;
	}
	if (base % page != 0 || len % page != 0) {
		return fail(d, 1, MANIFEST_E_RANGE,
			    "base and length must be page-aligned");
	}
	if (!manifest_mmio_ok(base, len)) {
		return fail(d, 1, MANIFEST_E_RANGE,
			    "ends past the physical address limit");
	}
	if (overlaps(m->mmio, m->nmmio, base, len)) {
		return fail(d, 1, MANIFEST_E_DUPLICATE,
			    "overlaps an earlier mmio range");
	}
	m->mmio[m->nmmio].base = base;
	m->mmio[m->nmmio++].len = len;
	return MANIFEST_OK;
}

/* Add a name to a list of names (needs or provides), refusing repeats. */
static int
add_name(char (*list)[MANIFEST_NAME_MAX + 1], int *n, const struct decl *d)
{
	int err = room(*n, d);

	if (err == MANIFEST_OK) {
		err = name(d, 1, list[*n]);
	}
	if (err != MANIFEST_OK) {
		return err;
	}
	for (int i = 0; i < *n; i++) {
		if (strcmp(list[i], list[*n]) == 0) {
			list[*n][0] = '\0';
			return fail(d, 1, MANIFEST_E_DUPLICATE,
				    "declared twice");
		}
	}
	(*n)++;
	return MANIFEST_OK;
}

static int
do_needs(struct manifest *m, const struct decl *d)
{
	return add_name(m->needs, &m->nneeds, d);
}

static int
do_provides(struct manifest *m, const struct decl *d)
{
	return add_name(m->provides, &m->nprovides, d);
}

static int
do_replies(struct manifest *m, const struct decl *d)
{
	uint64_t v = 0;
	int err =
	    number(d, 1, 1, MANIFEST_REPLIES_MAX, "out of range 1-32", &v);

	if (err != MANIFEST_OK) {
		return err;
	}
	m->replies = (int)v;
	return MANIFEST_OK;
}

static int
do_receive(struct manifest *m, const struct decl *d)
{
	(void)d;
	m->receive = 1;
	return MANIFEST_OK;
}

static int
do_pci(struct manifest *m, const struct decl *d)
{
	struct pci_match p;
	int err = room(m->npci, d);

	if (err != MANIFEST_OK) {
		return err;
	}
	memset(&p, 0, sizeof(p));
	const char *why = pci_match_parse(d->rest.s, d->rest.n, &p);
	if (why != NULL) {
		return fail(d, 1, MANIFEST_E_SYNTAX, why);
	}
	for (int i = 0; i < m->npci; i++) {
		if (pci_match_equal(&m->pci[i], &p)) {
			return fail(d, 1, MANIFEST_E_DUPLICATE,
				    "declared twice");
		}
	}
	m->pci[m->npci++] = p;
	return MANIFEST_OK;
}

static int
do_notify(struct manifest *m, const struct decl *d)
{
	(void)d;
	m->notify = 1;
	return MANIFEST_OK;
}

static int
do_pciconfig(struct manifest *m, const struct decl *d)
{
	(void)d;
	m->pciconfig = 1;
	return MANIFEST_OK;
}

/*
 * The keywords: how many values each takes, and for those that may appear
 * only once, the bit that says it was seen.
 */
struct keyword {
	const char *word;
	int min, max; /* values after the keyword; -1: the rest of the line */
	int once;
	int (*parse)(struct manifest *m, const struct decl *d);
};

static const struct keyword keywords[] = {
    {"name", 1, 1, 1 << 0, do_name},
    {"description", -1, -1, 1 << 1, do_description},
    {"cspace", 1, 1, 1 << 2, do_cspace},
    {"quota", 1, 1, 1 << 3, do_quota},
    {"restart", 1, 3, 1 << 4, do_restart},
    {"ioport", 2, 2, 0, do_ioport},
    {"irq", 1, 1, 0, do_irq},
    {"mmio", 2, 2, 0, do_mmio},
    {"needs", 1, 1, 0, do_needs},
    {"provides", 1, 1, 0, do_provides},
    {"receive", 0, 0, 1 << 5, do_receive},
    {"replies", 1, 1, 1 << 6, do_replies},
    {"pci", 1, 2, 0, do_pci},
    {"pciconfig", 0, 0, 1 << 7, do_pciconfig},
    {"notify", 0, 0, 1 << 8, do_notify},
    {"untyped", 1, 1, 1 << 9, do_untyped},
};

static const struct keyword *
lookup(const struct word *w)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		if (w->n == strlen(keywords[i].word) &&
		    memcmp(w->s, keywords[i].word, w->n) == 0) {
			return &keywords[i];
		}
	}
	return NULL;
}

/*
 * Check the number of values and that a once-only keyword is new.  Extra
 * words are reported after the words that were expected.
 */
static int
check_shape(const struct keyword *k, const struct decl *d, int *seen)
{
	int nvals = d->nwords - 1;

	if (k->min < 0 && d->rest.n == 0) {
		return fail(d, 0, MANIFEST_E_SYNTAX, "missing text");
	}
	if (k->min >= 0 && (d->extra > 0 || nvals > k->max)) {
		struct decl cut = *d;
		const struct word *w = &d->w[k->max + 1];
		cut.nwords = k->max + 1;
		fail(&cut, 1, MANIFEST_E_SYNTAX, "unexpected '");
		put_n(d->msg, w->s, w->n);
		put(d->msg, "'");
		return MANIFEST_E_SYNTAX;
	}
	if (k->min >= 0 && nvals < k->min) {
		return fail(d, 1, MANIFEST_E_SYNTAX, "missing value");
	}
	if (*seen & k->once) {
		return fail(d, 0, MANIFEST_E_DUPLICATE, "declared twice");
	}
	*seen |= k->once;
	return MANIFEST_OK;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Split line [s, s + n) (comment already cut) into d's words. */
static void
split(const char *s, size_t n, struct decl *d)
{
	size_t i = 0;

	d->nwords = 0;
	d->extra = 0;
	d->rest.n = 0;
	while (i < n) {
		while (i < n && is_blank(s[i])) {
			i++;
		}
		if (i == n) {
			break;
		}
		size_t start = i;
		while (i < n && !is_blank(s[i])) {
			i++;
		}
		if (d->nwords == 1) {
			/* The rest of the line, for description. */
			d->rest.s = s + start;
			d->rest.n = n - start;
			while (is_blank(d->rest.s[d->rest.n - 1])) {
				d->rest.n--;
			}
		}
		if (d->nwords <= MAX_WORDS) {
			d->w[d->nwords].s = s + start;
			d->w[d->nwords].n = i - start;
			if (d->nwords == MAX_WORDS) {
				d->extra = MAX_WORDS;
				return;
			}
			d->nwords++;
		}
	}
}

static int
parse_line(struct manifest *m, struct decl *d, int *seen)
{
	const struct keyword *k = lookup(&d->w[0]);

	if (k == NULL) {
		return fail(d, 0, MANIFEST_E_SYNTAX, "unknown keyword");
	}
	int err = check_shape(k, d, seen);
	if (err != MANIFEST_OK) {
		return err;
	}
	return k->parse(m, d);
}

/* Check the section's framing: the NUL, what follows it, the bytes. */
static int
check_text(const char *text, size_t len, struct msg *msg, size_t *n)
{
	size_t i = 0;

	if (len > MANIFEST_TEXT_MAX) {
		put(msg, "manifest: longer than 4096 bytes");
		return MANIFEST_E_TEXT;
	}
	while (i < len && text[i] != '\0') {
		char c = text[i];
		if (c != '\n' && c != '\t' && (c < ' ' || c > '~')) {
			put(msg,
			    "manifest: a byte that is not printable ASCII");
			return MANIFEST_E_TEXT;
		}
		i++;
	}
	if (i == len) {
		put(msg, "manifest: not NUL-terminated");
		return MANIFEST_E_TEXT;
	}
	*n = i;
	for (; i < len; i++) {
		if (text[i] != '\0') {
			put(msg, "manifest: text after the terminating NUL");
			return MANIFEST_E_TEXT;
		}
	}
	return MANIFEST_OK;
}

static void
set_defaults(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->cspace_bits = MANIFEST_CSPACE_DEFAULT;
	m->quota = MANIFEST_QUOTA_DEFAULT;
	m->restart = MANIFEST_RESTART_NEVER;
	m->max_crashes = MANIFEST_CRASHES_DEFAULT;
	m->crash_window = MANIFEST_WINDOW_DEFAULT;
}

static int
parse_text(const char *text, size_t n, struct manifest *m, struct msg *msg)
{
	struct decl d;
	int seen = 0;
	size_t pos = 0;

	d.msg = msg;
	d.line = 0;
	while (pos < n) {
		const char *s = text + pos;
		size_t len = 0;
		while (pos + len < n && s[len] != '\n') {
			len++;
		}
		pos += len + 1;
		d.line++;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '#') {
				len = i;
				break;
			}
		}
		split(s, len, &d);
		if (d.nwords == 0) {
			continue;
		}
		int err = parse_line(m, &d, &seen);
		if (err != MANIFEST_OK) {
			return err;
		}
	}
	if (m->name[0] == '\0') {
		put(msg, "manifest: no name declaration");
		return MANIFEST_E_NO_NAME;
	}
	return MANIFEST_OK;
}

int
manifest_parse(const char *text, size_t len, struct manifest *m, char *err,
	       size_t errlen)
{
	struct msg msg = {err, err == NULL ? 0 : errlen, 0};
	size_t n;

	put(&msg, "");
	set_defaults(m);
	int r = check_text(text, len, &msg, &n);
	if (r == MANIFEST_OK) {
		r = parse_text(text, n, m, &msg);
	}
	if (r != MANIFEST_OK) {
		memset(m, 0, sizeof(*m));
	}
	return r;
}

/* ELF64 little-endian readers; the caller has bounds-checked p. */
static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
rd32(const uint8_t *p)
{
	return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t
rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

enum {
	EHDR_SIZE = 64,
	SHDR_SIZE = 64,
	SHT_STRTAB = 3,
	SHT_NOBITS = 8,
};

/* A section's file extent, if it lies inside the file. */
struct extent {
	uint64_t off;
	uint64_t size;
};

static int
section_extent(const uint8_t *sh, size_t size, struct extent *x)
{
	x->off = rd64(sh + 24);
	x->size = rd64(sh + 32);
	return x->off <= size && x->size <= size - x->off;
}

/* Is the name at offset off of the table tab the manifest's? */
static int
is_manifest_name(const uint8_t *f, const struct extent *tab, uint32_t off)
{
	static const char want[] = MANIFEST_SECTION;

	if (off >= tab->size || tab->size - off < sizeof(want)) {
		return 0;
	}
	return memcmp(f + tab->off + off, want, sizeof(want)) == 0;
}

/* Check the ELF and section headers; find the section-name table. */
static int
section_headers(const uint8_t *f, size_t size, uint64_t *shoff, uint16_t *shnum,
		struct extent *names)
{
	if (size < EHDR_SIZE || memcmp(f, "\177ELF", 4) != 0 || f[4] != 2 ||
	    f[5] != 1) {
		return MANIFEST_E_ELF;
	}
	*shoff = rd64(f + 40);
	*shnum = rd16(f + 60);
	uint16_t shstrndx = rd16(f + 62);
	if (*shnum == 0) {
		/* Nothing, or extended numbering, which we do not need. */
		return *shoff == 0 ? MANIFEST_E_NO_SECTION : MANIFEST_E_ELF;
	}
	if (rd16(f + 58) != SHDR_SIZE || *shoff > size ||
	    (uint64_t)*shnum * SHDR_SIZE > size - *shoff ||
	    shstrndx >= *shnum) {
		return MANIFEST_E_ELF;
	}
	if (shstrndx == 0) {
		return MANIFEST_E_NO_SECTION; /* no names, so no manifest */
	}
	const uint8_t *sh = f + *shoff + (uint64_t)shstrndx * SHDR_SIZE;
	if (rd32(sh + 4) != SHT_STRTAB || !section_extent(sh, size, names)) {
		return MANIFEST_E_ELF;
	}
	return MANIFEST_OK;
}

int
manifest_find_section(const void *file, size_t size, const char **text,
		      size_t *len)
{
	const uint8_t *f = file;
	struct extent names, found = {0, 0};
	uint64_t shoff;
	uint16_t shnum;
	int nfound = 0;

	*text = NULL;
	*len = 0;
	int err = section_headers(f, size, &shoff, &shnum, &names);
	if (err != MANIFEST_OK) {
		return err;
	}
	for (uint16_t i = 1; i < shnum; i++) {
		const uint8_t *sh = f + shoff + (uint64_t)i * SHDR_SIZE;
		if (!is_manifest_name(f, &names, rd32(sh))) {
			continue;
		}
		if (rd32(sh + 4) == SHT_NOBITS ||
		    !section_extent(sh, size, &found) || ++nfound > 1) {
			return MANIFEST_E_ELF;
		}
	}
	if (nfound == 0) {
		return MANIFEST_E_NO_SECTION;
	}
	*text = (const char *)f + found.off;
	*len = (size_t)found.size;
	return MANIFEST_OK;
}

const char *
manifest_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "manifest text too long, unterminated or not printable",
	    "manifest syntax error",
	    "manifest value out of range",
	    "manifest declaration repeated or overlapping",
	    "too many manifest declarations of one kind",
	    "manifest has no name",
	    "ELF section headers malformed",
	    "no manifest section",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0]))) {
		return "unknown error";
	}
	return msg[-err];
}
