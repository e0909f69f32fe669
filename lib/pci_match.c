/*
 * pci_match: the manifest's `pci` words, read strictly: exact digit
 * counts, nothing after the last word, so a typo is refused rather than
 * read as some other device.
 */
#include "pci_match.h"

#include "cstring.h"

/* A cursor over the text. */
struct text {
	const char *s;
	size_t n;
	size_t at;
};

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
skip_blanks(struct text *t)
{
	while (t->at < t->n && blank(t->s[t->at])) {
		t->at++;
	}
}

/* The next word's start and length; 0 length at the end. */
static size_t
word(struct text *t, const char **w)
{
	skip_blanks(t);
	size_t start = t->at;
	while (t->at < t->n && !blank(t->s[t->at])) {
		t->at++;
	}
	*w = t->s + start;
	return t->at - start;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Exactly digits hex digits at w into *v; 0, or -1. */
static int
hex(const char *w, size_t digits, uint16_t *v)
{
	*v = 0;
	for (size_t i = 0; i < digits; i++) {
		int d = hexval(w[i]);
		if (d < 0) {
			return -1;
		}
		*v = (uint16_t)(*v << 4 | d);
	}
	return 0;
}

static const char *
parse_id(const char *w, size_t len, struct pci_match *m)
{
	m->kind = PCI_MATCH_ID;
	if ((len != 9 && len != 6) || w[4] != ':' ||
	    hex(w, 4, &m->vendor) != 0) {
		return "expected vendor:device, as 1af4:1042 or 1af4:*";
	}
	if (m->vendor == 0xffff || m->vendor == 0) {
		return "not a vendor";
	}
	if (len == 6) {
		m->any_device = 1;
		return w[5] == '*' ? NULL : "expected * or four hex digits";
	}
	return hex(w + 5, 4, &m->device) == 0 ? NULL
					      : "expected a four-digit device";
}

static const char *
parse_class(const char *w, size_t len, struct pci_match *m)
{
	uint8_t *part[3] = {&m->class, &m->subclass, &m->progif};
	uint16_t v;

	m->kind = PCI_MATCH_CLASS;
	if (len != 2 && len != 5 && len != 8) {
		return "expected class[:subclass[:prog-if]], two digits each";
	}
	for (size_t i = 0; i * 3 < len; i++) {
		if ((i > 0 && w[3 * i - 1] != ':') || hex(w + 3 * i, 2, &v)) {
			return "expected class[:subclass[:prog-if]], "
			       "two digits each";
		}
		*part[i] = (uint8_t)v;
		m->depth = (uint8_t)(i + 1);
	}
	return NULL;
}

/* Parse the words after the keyword. */
static const char *
parse_words(struct text *t, struct pci_match *m)
{
	const char *w;
	size_t len = word(t, &w);

	if (len == 3 && memcmp(w, "pci", 3) == 0) {
		len = word(t, &w);
	}
	if (len == 0) {
		return "expected vendor:device or class";
	}
	const char *why;
	if (len == 5 && memcmp(w, "class", 5) == 0) {
		len = word(t, &w);
		why = parse_class(w, len, m);
	} else {
		why = parse_id(w, len, m);
	}
	if (why == NULL && word(t, &w) != 0) {
		why = "unexpected words after the device";
	}
	return why;
}

const char *
pci_match_parse(const char *s, size_t n, struct pci_match *m)
{
	struct text t = {s, n, 0};

	memset(m, 0, sizeof(*m));
	const char *why = parse_words(&t, m);
	if (why != NULL) {
		memset(m, 0, sizeof(*m));
	}
	return why;
}

int
pci_match(const struct pci_match *m, const struct pci_device *d)
{
	if (m->kind == PCI_MATCH_ID) {
		return d->vendor == m->vendor &&
		       (m->any_device || d->device == m->device);
	}
	if (m->kind != PCI_MATCH_CLASS || m->depth < 1 || m->depth > 3) {
		return 0;
	}
	return d->class == m->class &&
	       (m->depth < 2 || d->subclass == m->subclass) &&
	       (m->depth < 3 || d->progif == m->progif);
}

int
pci_match_find(const struct pci_match *m, const struct pci_device *devs, int n,
	       int from)
{
	for (int i = from < 0 ? 0 : from; i < n; i++) {
		if (pci_match(m, &devs[i])) {
			return i;
		}
	}
	return -1;
}

int
pci_match_equal(const struct pci_match *a, const struct pci_match *b)
{
	return a->kind == b->kind && a->any_device == b->any_device &&
	       a->depth == b->depth && a->vendor == b->vendor &&
	       a->device == b->device && a->class == b->class &&
	       a->subclass == b->subclass && a->progif == b->progif;
}

/* Do the first depth parts of two class matches agree? */
static int
class_prefix(const struct pci_match *a, const struct pci_match *b, int depth)
{
	return a->class == b->class &&
	       (depth < 2 || a->subclass == b->subclass) &&
	       (depth < 3 || a->progif == b->progif);
}

int
pci_match_covers(const struct pci_match *allow, const struct pci_match *want)
{
	if (allow->kind != want->kind) {
		return 0;
	}
	if (allow->kind == PCI_MATCH_ID) {
		return allow->vendor == want->vendor &&
		       (allow->any_device ||
			(!want->any_device && allow->device == want->device));
	}
	if (allow->kind != PCI_MATCH_CLASS || allow->depth < 1 ||
	    allow->depth > 3 || want->depth < allow->depth || want->depth > 3) {
		return 0;
	}
	return class_prefix(allow, want, allow->depth);
}
