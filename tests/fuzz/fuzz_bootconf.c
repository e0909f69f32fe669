/*
 * fuzz_bootconf: the input is etc/boot.conf.  As init does
 * (services/init/boot.c, grant.c, serve.c), it is parsed, each program's
 * arguments are read, and manifests are judged against it: the real
 * programs' manifests, and for each allow rule one that asks for exactly
 * what the rule allows, which must be permitted.  Written back as text,
 * the configuration must parse to itself.
 */
#include <string.h>

#include "bootconf.h"
#include "fuzz.h"
#include "manifest_parse.h"

/* Manifests of programs in the tree (drivers/, services/, programs/). */
static const char *const manifests[] = {
    ("name serial\ndescription 16550 UART driver for COM1\ncspace 5\n"
     "quota 256K\nrestart always 100 10\nioport 0x3f8 8\nirq 4\n"
     "provides serial\n"),
    ("name timer\nquota 256K\nrestart always 5 10\nioport 0x40 4\n"
     "irq 0\nreplies 16\nprovides timer\n"),
    "name shell\nquota 512K\nrestart always 5 10\nneeds serial\n",
    "name shmdemo\nquota 4M\nreceive\nneeds serial\nneeds shmpeer\n",
    "name greedy\nquota 128K\nioport 0x2f8 8\nneeds serial\n",
};

enum { NMANIFESTS = sizeof(manifests) / sizeof(manifests[0]) };

static struct manifest real[NMANIFESTS];
static int parsed;

/* Check a started program: a good name and arguments inside args. */
static void
check_start(const struct bootconf *c, int k)
{
	const struct bootconf_start *s = &c->start[k];

	fuzz_check(manifest_name_ok(s->name, strlen(s->name)), "bad name");
	for (int j = 0; j < k; j++) {
		fuzz_check(strcmp(s->name, c->start[j].name) != 0,
			   "started twice");
	}
	fuzz_check(s->argc >= 0 && s->argc <= BOOTCONF_MAX_ARGS &&
		       s->argsize <= BOOTCONF_ARGS_SIZE,
		   "too many arguments");
	fuzz_check(bootconf_arg(s, -1) == NULL &&
		       bootconf_arg(s, s->argc) == NULL,
		   "an argument that is not there");
	for (int i = 0; i < s->argc; i++) {
		const char *a = bootconf_arg(s, i);
		fuzz_check(a != NULL && fuzz_inside(a, 1, s->args, s->argsize),
			   "an argument outside args");
		size_t off = (size_t)(a - s->args);
		fuzz_check(fuzz_terminated(a, s->argsize - off),
			   "an argument not terminated");
	}
	bootconf_may_spawn(c, s->name);
	bootconf_may_control(c, s->name);
}

/* The manifest of a program that asks for exactly what rule r allows. */
static void
asking_for(const struct bootconf_allow *r, struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->name, strcmp(r->program, "*") == 0 ? "any" : r->program);
	switch (r->what) {
	case BOOTCONF_IOPORT:
		m->ioport[m->nioports++] =
		    (struct manifest_range){r->base, r->len};
		break;
	case BOOTCONF_IRQ:
		m->irq[m->nirqs++] = (uint8_t)r->base;
		break;
	case BOOTCONF_MMIO:
		m->mmio[m->nmmio++] = (struct manifest_range){r->base, r->len};
		break;
	case BOOTCONF_NEEDS:
		strcpy(m->needs[m->nneeds++], r->service);
		break;
	case BOOTCONF_PROVIDES:
		strcpy(m->provides[m->nprovides++], r->service);
		break;
	default:
		break;
	}
}

/* Check an allow rule; what it allows must be permitted. */
static void
check_allow(const struct bootconf *c, const struct bootconf_allow *r)
{
	struct manifest m;
	char msg[96];

	fuzz_check(strcmp(r->program, "*") == 0 ||
		       manifest_name_ok(r->program, strlen(r->program)),
		   "a rule for a bad name");
	fuzz_check(r->what >= BOOTCONF_IOPORT && r->what <= BOOTCONF_CONTROL,
		   "a rule of no kind");
	fuzz_check(r->what != BOOTCONF_IOPORT ||
		       manifest_ioport_ok(r->base, r->len),
		   "bad ports");
	fuzz_check(r->what != BOOTCONF_MMIO ||
		       manifest_mmio_ok(r->base, r->len),
		   "bad device memory");
	fuzz_check(r->what != BOOTCONF_IRQ || r->base <= MANIFEST_IRQ_MAX,
		   "bad irq");
	fuzz_check(
	    (r->what != BOOTCONF_NEEDS && r->what != BOOTCONF_PROVIDES) ||
		manifest_name_ok(r->service, strlen(r->service)),
	    "bad service");
	asking_for(r, &m);
	fuzz_check(bootconf_permits(c, &m, msg, sizeof(msg)) == BOOTCONF_OK,
		   "what a rule allows is refused");
	fuzz_check(r->what != BOOTCONF_SPAWN || bootconf_may_spawn(c, m.name),
		   "spawn refused");
	fuzz_check(r->what != BOOTCONF_CONTROL ||
		       bootconf_may_control(c, m.name),
		   "control refused");
}

/* Text being written, with room for the longest canonical boot.conf. */
struct text {
	char buf[32768];
	size_t len;
};

static void
add(struct text *t, const char *s, size_t n)
{
	fuzz_check(n < sizeof(t->buf) - t->len, "canonical text too long");
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void
add_num(struct text *t, uint64_t v)
{
	char d[24];
	int n = snprintf(d, sizeof(d), " %#llx", (unsigned long long)v);

	add(t, d, (size_t)n);
}

/* Write argument a quoted, with " and \ escaped. */
static void
add_quoted(struct text *t, const char *a)
{
	add(t, " \"", 2);
	for (; *a != '\0'; a++) {
		if (*a == '"' || *a == '\\') {
			add(t, "\\", 1);
		}
		add(t, a, 1);
	}
	add(t, "\"", 1);
}

static void
add_allow(struct text *t, const struct bootconf_allow *r)
{
	static const char *const kinds[] = {
	    "ioport", "irq", "mmio", "needs", "provides", "spawn", "control",
	};

	add(t, "allow ", 6);
	add(t, r->program, strlen(r->program));
	add(t, " ", 1);
	add(t, kinds[r->what], strlen(kinds[r->what]));
	if (r->what == BOOTCONF_NEEDS || r->what == BOOTCONF_PROVIDES) {
		add(t, " ", 1);
		add(t, r->service, strlen(r->service));
	} else if (r->what <= BOOTCONF_MMIO) {
		add_num(t, r->base);
	}
	if (r->what == BOOTCONF_IOPORT || r->what == BOOTCONF_MMIO) {
		add_num(t, r->len);
	}
	add(t, "\n", 1);
}

/* Write c as text, every argument quoted. */
static void
write_text(const struct bootconf *c, struct text *t)
{
	t->len = 0;
	for (int k = 0; k < c->nstart; k++) {
		add(t, "start ", 6);
		add(t, c->start[k].name, strlen(c->start[k].name));
		for (int i = 0; i < c->start[k].argc; i++) {
			add_quoted(t, bootconf_arg(&c->start[k], i));
		}
		add(t, "\n", 1);
	}
	for (int k = 0; k < c->nallow; k++) {
		add_allow(t, &c->allow[k]);
	}
}

/*
 * Write c back as text and parse that: it must give c again, which
 * written as text gives the same text.
 */
static void
round_trip(const struct bootconf *c)
{
	static struct text t, t2;
	static struct bootconf again;

	write_text(c, &t);
	fuzz_check(bootconf_parse(t.buf, t.len, &again, NULL, 0) == BOOTCONF_OK,
		   "the canonical text is refused");
	write_text(&again, &t2);
	fuzz_check(t.len == t2.len && memcmp(t.buf, t2.buf, t.len) == 0,
		   "the canonical text means something else");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootconf *c = malloc(sizeof(*c));
	char *err = malloc(80);
	char msg[96];

	for (int k = 0; !parsed && k < NMANIFESTS; k++) {
		fuzz_check(manifest_parse(manifests[k],
					  strlen(manifests[k]) + 1, &real[k],
					  NULL, 0) == MANIFEST_OK,
			   "a real manifest");
	}
	parsed = 1;
	int r = bootconf_parse((const char *)data, size, c, err, 80);
	fuzz_check(bootconf_strerror(r) != NULL && fuzz_terminated(err, 80),
		   "no error text");
	fuzz_check(r == bootconf_parse((const char *)data, size, c, NULL, 0),
		   "the verdict depends on the message");
	if (r != BOOTCONF_OK) {
		fuzz_check(fuzz_zeroed(c, sizeof(*c)) && err[0] != '\0',
			   "a refused file left values, or no reason");
	}
	fuzz_check(c->nstart >= 0 && c->nstart <= BOOTCONF_MAX_START &&
		       c->nallow >= 0 && c->nallow <= BOOTCONF_MAX_ALLOW,
		   "too many lines");
	for (int k = 0; k < c->nstart; k++) {
		check_start(c, k);
	}
	for (int k = 0; k < c->nallow; k++) {
		check_allow(c, &c->allow[k]);
	}
	round_trip(c);
	for (int k = 0; k < NMANIFESTS; k++) {
		int p = bootconf_permits(c, &real[k], msg, sizeof(msg));
		fuzz_check(p == BOOTCONF_OK || p == BOOTCONF_E_DENIED,
			   "bootconf_permits");
	}
	free(err);
	free(c);
	return 0;
}
