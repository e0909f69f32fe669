/*
 * bootconf: the parser of etc/boot.conf and the check of a program's
 * manifest against it.
 */
#include "bootconf.h"

#include "cstring.h"

/*
 * A message being written into the caller's buffer, always terminated.
 * (lib/manifest_parse.c has the same few lines; each file stays self-contained
 * so that its unit test links it alone.)
 */
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

/* Write v in base 10 or 16 (with "0x"). */
static void
put_num(struct msg *m, uint64_t v, unsigned base)
{
	char d[20];
	int n = 0;

	if (base == 16) {
		put(m, "0x");
	}
	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	while (n > 0) {
		put_n(m, &d[--n], 1);
	}
}

/*
 * The words of one line, decoded (quotes and escapes removed), each
 * NUL-terminated in buf.  A start line has its directive, the program and
 * up to BOOTCONF_MAX_ARGS arguments; one word more is kept so that the
 * directive can say there were too many.
 */
enum {
	MAX_WORDS = 2 + BOOTCONF_MAX_ARGS + 1,
	WORDS_SIZE = 2 * BOOTCONF_ARGS_SIZE,
};

struct line {
	int no;
	int n;
	uint16_t off[MAX_WORDS];
	size_t used;
	char buf[WORDS_SIZE];
	struct msg *msg;
};

static const char *
word(const struct line *l, int i)
{
	return l->buf + l->off[i];
}

/* Report a refusal of a whole line: "line N: its words: why". */
static int
fail(const struct line *l, int code, const char *why)
{
	struct msg *m = l->msg;

	m->len = 0;
	put(m, "line ");
	put_num(m, (uint64_t)l->no, 10);
	put(m, ": ");
	for (int i = 0; i < l->n; i++) {
		put(m, i > 0 ? " " : "");
		put(m, word(l, i));
	}
	put(m, l->n > 0 ? ": " : "");
	put(m, why);
	return code;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
append(struct line *l, char c)
{
	if (l->used == WORDS_SIZE) {
		l->n = 0;
		return fail(l, BOOTCONF_E_LIMIT, "words too long");
	}
	l->buf[l->used++] = c;
	return BOOTCONF_OK;
}

/* Decode a quoted part starting at the quote s[*i]; *i moves past it. */
static int
read_quoted(const char *s, size_t n, size_t *i, struct line *l)
{
	for ((*i)++; *i < n && s[*i] != '"'; (*i)++) {
		char c = s[*i];
		if (c == '\\') {
			if (*i + 1 == n ||
			    (s[*i + 1] != '"' && s[*i + 1] != '\\')) {
				l->n = 0;
				return fail(
				    l, BOOTCONF_E_SYNTAX,
				    "only \\\" and \\\\ may be escaped");
			}
			c = s[++*i];
		}
		int err = append(l, c);
		if (err != BOOTCONF_OK) {
			return err;
		}
	}
	if (*i == n) {
		l->n = 0;
		return fail(l, BOOTCONF_E_SYNTAX, "unterminated quote");
	}
	(*i)++;
	return BOOTCONF_OK;
}

/* Decode the word starting at s[*i]; *i moves past it. */
static int
read_word(const char *s, size_t n, size_t *i, struct line *l)
{
	int err = BOOTCONF_OK;

	if (l->n == MAX_WORDS) {
		l->n = 0;
		return fail(l, BOOTCONF_E_LIMIT, "too many words");
	}
	l->off[l->n] = (uint16_t)l->used;
	while (*i < n && !is_blank(s[*i]) && err == BOOTCONF_OK) {
		if (s[*i] == '"') {
			err = read_quoted(s, n, i, l);
		} else {
			err = append(l, s[(*i)++]);
		}
	}
	if (err != BOOTCONF_OK) {
		return err;
	}
	l->n++;
	return append(l, '\0');
}

/* Split line [s, s + n) into l's words; a word starting '#' ends it. */
static int
split(const char *s, size_t n, struct line *l)
{
	size_t i = 0;

	l->n = 0;
	l->used = 0;
	for (;;) {
		while (i < n && is_blank(s[i])) {
			i++;
		}
		if (i == n || s[i] == '#') {
			return BOOTCONF_OK;
		}
		int err = read_word(s, n, &i, l);
		if (err != BOOTCONF_OK) {
			return err;
		}
	}
}

static int
do_start(struct bootconf *c, const struct line *l)
{
	const char *name = word(l, 1);
	int argc = l->n - 2;

	if (!manifest_name_ok(name, strlen(name))) {
		return fail(l, BOOTCONF_E_SYNTAX,
			    "a name is 1-15 of a-z 0-9 _ -");
	}
	for (int i = 0; i < c->nstart; i++) {
		if (strcmp(c->start[i].name, name) == 0) {
			return fail(l, BOOTCONF_E_DUPLICATE, "started twice");
		}
	}
	if (c->nstart == BOOTCONF_MAX_START) {
		return fail(l, BOOTCONF_E_LIMIT, "more than 16 programs");
	}
	if (argc > BOOTCONF_MAX_ARGS) {
		return fail(l, BOOTCONF_E_LIMIT, "more than 16 arguments");
	}
	/* The arguments are back to back in l->buf already. */
	size_t size = argc > 0 ? l->used - l->off[2] : 0;
	if (size > BOOTCONF_ARGS_SIZE) {
		return fail(l, BOOTCONF_E_LIMIT,
			    "arguments longer than 256 bytes");
	}
	struct bootconf_start *s = &c->start[c->nstart++];
	strcpy(s->name, name);
	s->argc = argc;
	s->argsize = (uint16_t)size;
	for (int i = 0; i < argc; i++) {
		s->argoff[i] = (uint16_t)(l->off[i + 2] - l->off[2]);
	}
	if (argc > 0) {
		memcpy(s->args, word(l, 2), size);
	}
	return BOOTCONF_OK;
}

/* Parse word i of l as a number. */
static int
number(const struct line *l, int i, uint64_t *v)
{
	const char *w = word(l, i);
	int r = manifest_number(w, strlen(w), v);

	if (r == MANIFEST_NUM_BAD) {
		return fail(l, BOOTCONF_E_SYNTAX, "not a number");
	}
	if (r == MANIFEST_NUM_OVERFLOW) {
		return fail(l, BOOTCONF_E_RANGE, "number too large");
	}
	return BOOTCONF_OK;
}

/* Fill r's range or line from the values after "allow prog what". */
static int
allow_range(const struct line *l, struct bootconf_allow *r)
{
	int err = number(l, 3, &r->base);

	r->len = 1;
	if (err == BOOTCONF_OK && r->what != BOOTCONF_IRQ) {
		err = number(l, 4, &r->len);
	}
	if (err != BOOTCONF_OK) {
		return err;
	}
	if (r->what == BOOTCONF_IRQ && r->base > MANIFEST_IRQ_MAX) {
		return fail(l, BOOTCONF_E_RANGE, MANIFEST_IRQ_RANGE);
	}
	if (r->what == BOOTCONF_IOPORT &&
	    !manifest_ioport_ok(r->base, r->len)) {
		return fail(l, BOOTCONF_E_RANGE,
			    "ports must lie within 0-0xffff, count >= 1");
	}
	if (r->what == BOOTCONF_MMIO && !manifest_mmio_ok(r->base, r->len)) {
		return fail(l, BOOTCONF_E_RANGE,
			    "base and length must be page-aligned, length "
			    ">= 0x1000, below 1 << 52");
	}
	return BOOTCONF_OK;
}

/* The kinds of grant and how many values follow each. */
static const struct {
	const char *word;
	int nvals;
} grants[] = {
    [BOOTCONF_IOPORT] = {"ioport", 2},
    [BOOTCONF_IRQ] = {"irq", 1},
    [BOOTCONF_MMIO] = {"mmio", 2},
    [BOOTCONF_NEEDS] = {"needs", 1},
    [BOOTCONF_PROVIDES] = {"provides", 1},
    [BOOTCONF_SPAWN] = {"spawn", 0},
    [BOOTCONF_CONTROL] = {"control", 0},
    [BOOTCONF_PCI] = {"pci", 1},
    [BOOTCONF_PCICONFIG] = {"pciconfig", 0},
    [BOOTCONF_UNTYPED] = {"untyped", 0},
};

/*
 * The words after "allow prog pci" (one, or "class" and one), joined
 * again, read as a manifest's pci line.
 */
static int
allow_pci(const struct line *l, struct bootconf_allow *r)
{
	char text[32];
	size_t n = 0;

	for (int i = 3; i < l->n; i++) {
		const char *w = word(l, i);
		size_t k = strlen(w);
		if (n + k + 1 > sizeof(text)) {
			return fail(l, BOOTCONF_E_SYNTAX, "not a pci match");
		}
		memcpy(text + n, w, k);
		n += k;
		text[n++] = ' ';
	}
	const char *why = pci_match_parse(text, n, &r->pci);
	return why == NULL ? BOOTCONF_OK : fail(l, BOOTCONF_E_SYNTAX, why);
}

static int
grant_kind(const char *w)
{
	for (int i = 0; i < (int)(sizeof(grants) / sizeof(grants[0])); i++) {
		if (strcmp(w, grants[i].word) == 0) {
			return i;
		}
	}
	return -1;
}

static int
do_allow(struct bootconf *c, const struct line *l)
{
	struct bootconf_allow r;
	const char *prog = word(l, 1);

	memset(&r, 0, sizeof(r));
	if (strcmp(prog, "*") != 0 && !manifest_name_ok(prog, strlen(prog))) {
		return fail(l, BOOTCONF_E_SYNTAX,
			    "a program is '*' or 1-15 of a-z 0-9 _ -");
	}
	r.what = l->n < 3 ? -1 : grant_kind(word(l, 2));
	if (r.what < 0) {
		return fail(l, BOOTCONF_E_SYNTAX,
			    "expected ioport, irq, mmio, needs, provides, "
			    "spawn, control, pci, pciconfig or untyped");
	}
	int extra = r.what == BOOTCONF_PCI && l->n == 5; /* pci class cc */
	if (l->n != 3 + grants[r.what].nvals + extra) {
		return fail(l, BOOTCONF_E_SYNTAX,
			    l->n < 3 + grants[r.what].nvals
				? "missing value"
				: "too many values");
	}
	if (c->nallow == BOOTCONF_MAX_ALLOW) {
		return fail(l, BOOTCONF_E_LIMIT, "more than 64 allow rules");
	}
	int err = BOOTCONF_OK;
	if (r.what == BOOTCONF_NEEDS || r.what == BOOTCONF_PROVIDES) {
		const char *svc = word(l, 3);
		if (!manifest_name_ok(svc, strlen(svc))) {
			return fail(l, BOOTCONF_E_SYNTAX,
				    "a name is 1-15 of a-z 0-9 _ -");
		}
		strcpy(r.service, svc);
	} else if (r.what == BOOTCONF_PCI) {
		err = allow_pci(l, &r);
	} else if (r.what == BOOTCONF_IOPORT || r.what == BOOTCONF_IRQ ||
		   r.what == BOOTCONF_MMIO) {
		err = allow_range(l, &r);
	}
	if (err == BOOTCONF_OK) {
		strcpy(r.program, prog);
		c->allow[c->nallow++] = r;
	}
	return err;
}

static int
parse_line(struct bootconf *c, const struct line *l)
{
	const char *d = word(l, 0);

	if (strcmp(d, "start") == 0 && l->n >= 2) {
		return do_start(c, l);
	}
	if (strcmp(d, "allow") == 0 && l->n >= 2) {
		return do_allow(c, l);
	}
	if (strcmp(d, "start") == 0 || strcmp(d, "allow") == 0) {
		return fail(l, BOOTCONF_E_SYNTAX, "missing program");
	}
	return fail(l, BOOTCONF_E_SYNTAX, "unknown directive");
}

static int
parse_text(const char *text, size_t len, struct bootconf *c, struct line *l)
{
	size_t pos = 0;

	while (pos < len) {
		const char *s = text + pos;
		size_t n = 0;
		while (pos + n < len && s[n] != '\n') {
			n++;
		}
		pos += n + 1;
		l->no++;
		l->n = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] != '\t' && (s[i] < ' ' || s[i] > '~')) {
				return fail(l, BOOTCONF_E_TEXT,
					    "a byte that is not printable "
					    "ASCII");
			}
		}
		int err = split(s, n, l);
		if (err == BOOTCONF_OK && l->n > 0) {
			err = parse_line(c, l);
		}
		if (err != BOOTCONF_OK) {
			return err;
		}
	}
	return BOOTCONF_OK;
}

int
bootconf_parse(const char *text, size_t len, struct bootconf *c, char *err,
	       size_t errlen)
{
	struct msg msg = {err, err == NULL ? 0 : errlen, 0};
	struct line l;

	put(&msg, "");
	memset(c, 0, sizeof(*c));
	l.no = 0;
	l.msg = &msg;
	int r = parse_text(text, len, c, &l);
	if (r != BOOTCONF_OK) {
		memset(c, 0, sizeof(*c));
	}
	return r;
}

static int
applies(const struct bootconf_allow *r, const char *name)
{
	return strcmp(r->program, "*") == 0 || strcmp(r->program, name) == 0;
}

/* Is [base, base + len) inside one range of kind what allowed to name? */
static int
range_allowed(const struct bootconf *c, const char *name, int what,
	      uint64_t base, uint64_t len)
{
	for (int i = 0; i < c->nallow; i++) {
		const struct bootconf_allow *r = &c->allow[i];
		if (r->what == what && applies(r, name) && base >= r->base &&
		    len <= r->len && base - r->base <= r->len - len) {
			return 1;
		}
	}
	return 0;
}

static int
name_allowed(const struct bootconf *c, const char *name, int what,
	     const char *service)
{
	for (int i = 0; i < c->nallow; i++) {
		const struct bootconf_allow *r = &c->allow[i];
		if (r->what == what && applies(r, name) &&
		    strcmp(r->service, service) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Write "prog: what " for a refusal; the caller adds the item. */
static void
refusal(struct msg *msg, const struct manifest *m, int what)
{
	put(msg, m->name);
	put(msg, ": ");
	put(msg, grants[what].word);
	put(msg, " ");
}

/* Check m's ranges of kind what (ioport or mmio). */
static int
ranges_permitted(const struct bootconf *c, const struct manifest *m, int what,
		 struct msg *msg)
{
	int n = what == BOOTCONF_IOPORT ? m->nioports : m->nmmio;
	const struct manifest_range *r =
	    what == BOOTCONF_IOPORT ? m->ioport : m->mmio;

	for (int i = 0; i < n; i++) {
		if (!range_allowed(c, m->name, what, r[i].base, r[i].len)) {
			refusal(msg, m, what);
			put_num(msg, r[i].base, 16);
			put(msg, "+");
			put_num(msg, r[i].len,
				what == BOOTCONF_IOPORT ? 10 : 16);
			return BOOTCONF_E_DENIED;
		}
	}
	return BOOTCONF_OK;
}

/* Check m's names of kind what (needs or provides). */
static int
names_permitted(const struct bootconf *c, const struct manifest *m, int what,
		struct msg *msg)
{
	int n = what == BOOTCONF_NEEDS ? m->nneeds : m->nprovides;

	for (int i = 0; i < n; i++) {
		const char *s =
		    what == BOOTCONF_NEEDS ? m->needs[i] : m->provides[i];
		if (!name_allowed(c, m->name, what, s)) {
			refusal(msg, m, what);
			put(msg, s);
			return BOOTCONF_E_DENIED;
		}
	}
	return BOOTCONF_OK;
}

static int
irqs_permitted(const struct bootconf *c, const struct manifest *m,
	       struct msg *msg)
{
	for (int i = 0; i < m->nirqs; i++) {
		if (!range_allowed(c, m->name, BOOTCONF_IRQ, m->irq[i], 1)) {
			refusal(msg, m, BOOTCONF_IRQ);
			put_num(msg, m->irq[i], 10);
			return BOOTCONF_E_DENIED;
		}
	}
	return BOOTCONF_OK;
}

/* Write a pci match as a manifest has it: "1af4:1042", "class 01:08". */
static void
put_match(struct msg *msg, const struct pci_match *p)
{
	const char *hex = "0123456789abcdef";
	const uint8_t parts[3] = {p->class, p->subclass, p->progif};
	char b[16];
	int n = 0;

	if (p->kind == PCI_MATCH_CLASS) {
		put(msg, "class ");
		for (int i = 0; i < p->depth && i < 3; i++) {
			b[n++] = hex[parts[i] >> 4];
			b[n++] = hex[parts[i] & 15];
			b[n++] = ':';
		}
		put_n(msg, b, n > 0 ? (size_t)n - 1 : 0);
		return;
	}
	for (int i = 12; i >= 0; i -= 4) {
		b[n++] = hex[p->vendor >> i & 15];
	}
	b[n++] = ':';
	for (int i = 12; i >= 0 && !p->any_device; i -= 4) {
		b[n++] = hex[p->device >> i & 15];
	}
	if (p->any_device) {
		b[n++] = '*';
	}
	put_n(msg, b, (size_t)n);
}

static int
pci_allowed(const struct bootconf *c, const char *name,
	    const struct pci_match *want)
{
	for (int i = 0; i < c->nallow; i++) {
		const struct bootconf_allow *r = &c->allow[i];
		if (r->what == BOOTCONF_PCI && applies(r, name) &&
		    pci_match_covers(&r->pci, want)) {
			return 1;
		}
	}
	return 0;
}

static int allowed(const struct bootconf *c, int what, const char *name);

/* Check m's pci lines and its pciconfig. */
static int
pci_permitted(const struct bootconf *c, const struct manifest *m,
	      struct msg *msg)
{
	for (int i = 0; i < m->npci; i++) {
		if (!pci_allowed(c, m->name, &m->pci[i])) {
			refusal(msg, m, BOOTCONF_PCI);
			put_match(msg, &m->pci[i]);
			return BOOTCONF_E_DENIED;
		}
	}
	if (m->pciconfig && !allowed(c, BOOTCONF_PCICONFIG, m->name)) {
		put(msg, m->name);
		put(msg, ": pciconfig");
		return BOOTCONF_E_DENIED;
	}
	return BOOTCONF_OK;
}

/* Check m's untyped: a rule names it, whatever the size. */
static int
untyped_permitted(const struct bootconf *c, const struct manifest *m,
		  struct msg *msg)
{
	if (m->untyped != 0 && !allowed(c, BOOTCONF_UNTYPED, m->name)) {
		put(msg, m->name);
		put(msg, ": untyped");
		return BOOTCONF_E_DENIED;
	}
	return BOOTCONF_OK;
}

int
bootconf_permits(const struct bootconf *c, const struct manifest *m, char *err,
		 size_t errlen)
{
	struct msg msg = {err, err == NULL ? 0 : errlen, 0};
	int r;

	put(&msg, "");
	r = ranges_permitted(c, m, BOOTCONF_IOPORT, &msg);
	if (r == BOOTCONF_OK) {
		r = irqs_permitted(c, m, &msg);
	}
	if (r == BOOTCONF_OK) {
		r = ranges_permitted(c, m, BOOTCONF_MMIO, &msg);
	}
	if (r == BOOTCONF_OK) {
		r = names_permitted(c, m, BOOTCONF_NEEDS, &msg);
	}
	if (r == BOOTCONF_OK) {
		r = names_permitted(c, m, BOOTCONF_PROVIDES, &msg);
	}
	if (r == BOOTCONF_OK) {
		r = pci_permitted(c, m, &msg);
	}
	if (r == BOOTCONF_OK) {
		r = untyped_permitted(c, m, &msg);
	}
	if (r != BOOTCONF_OK) {
		put(&msg, " not allowed by boot.conf");
	}
	return r;
}

static int
allowed(const struct bootconf *c, int what, const char *name)
{
	for (int i = 0; i < c->nallow; i++) {
		if (c->allow[i].what == what && applies(&c->allow[i], name)) {
			return 1;
		}
	}
	return 0;
}

int
bootconf_may_spawn(const struct bootconf *c, const char *name)
{
	return allowed(c, BOOTCONF_SPAWN, name);
}

int
bootconf_may_control(const struct bootconf *c, const char *name)
{
	return allowed(c, BOOTCONF_CONTROL, name);
}

const char *
bootconf_arg(const struct bootconf_start *s, int i)
{
	if (i < 0 || i >= s->argc) {
		return NULL;
	}
	return s->args + s->argoff[i];
}

const char *
bootconf_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "boot.conf has a byte that is not printable ASCII",
	    "boot.conf syntax error",
	    "boot.conf value out of range",
	    "boot.conf exceeds a fixed limit",
	    "boot.conf starts a program twice",
	    "not allowed by boot.conf",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0]))) {
		return "unknown error";
	}
	return msg[-err];
}
