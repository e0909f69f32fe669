/*
 * invariant: the checked invariants of a debug build (kdebug.h).  Each
 * check panics with the name of the invariant that broke; a normal build
 * compiles this file to nothing.
 *
 * Thread queues and states are checked at every kernel exit, over every
 * thread.  The derivation tree is checked after each operation on a
 * slot, over a window of its list around the slot (the list of one boot
 * Untyped's descendants can be long).
 */
#include "kdebug.h"

#if CONFIG_KDEBUG

#include "kobject.h"

#define WINDOW	  256  /* list entries checked on each side of a slot */
#define MAX_DEPTH 64   /* nested descendants followed */
#define SEEN_SIZE 1024 /* the table of objects whose run ended */

static void
check(bool ok, const char *invariant, const void *where)
{
	if (!ok) {
		panic("invariant broken: %s (at %p)", invariant, where);
	}
}

/* ---- the derivation tree ---- */

/* Objects whose run of capabilities has ended, in this check. */
static struct {
	uint64_t key0, key1;
	uint32_t gen;
} seen[SEEN_SIZE];
static uint32_t seen_gen;

/* Two words that tell capabilities to different objects apart. */
static void
object_key(const struct cap *c, uint64_t *k0, uint64_t *k1)
{
	unsigned t = cap_type(c);

	*k0 = (c->w0 & ~(0x1Full << 5)); /* type, size, address */
	*k1 = cap_kind(t) == CAP_KIND_KEYED ? c->w1 : 0;
}

/* Record c's object as ended; false if it had ended before. */
static bool
seen_add(const struct cap *c)
{
	uint64_t k0, k1;

	object_key(c, &k0, &k1);
	uint64_t h = (k0 ^ (k0 >> 17) ^ k1 * 0x9E3779B97F4A7C15ull);
	for (unsigned n = 0; n < SEEN_SIZE; n++) {
		unsigned i = (unsigned)((h + n) % SEEN_SIZE);
		if (seen[i].gen != seen_gen) {
			seen[i].key0 = k0;
			seen[i].key1 = k1;
			seen[i].gen = seen_gen;
			return true;
		}
		if (seen[i].key0 == k0 && seen[i].key1 == k1) {
			return false;
		}
	}
	return true; /* full: no more checks of this kind */
}

static void
check_links(const struct cte *x)
{
	const struct cte *n = cte_next(x);

	check(!cap_is_null(&x->cap), "cdt: an empty slot is in a list", x);
	check(x->prev == NULL || cte_next(x->prev) == x,
	      "cdt: prev's next is the slot", x);
	check(n == NULL || n->prev == x, "cdt: next's prev is the slot", x);
}

/*
 * Walk the list from first for at most 2 * WINDOW entries: links, every
 * object's capabilities in one run, and descendants nested (a
 * descendant of a capability descends from all its ancestors too).
 */
static void
check_list(const struct cte *first)
{
	const struct cte *stack[MAX_DEPTH];
	int depth = 0, n = 0;

	seen_gen++;
	for (const struct cte *x = first, *prev = NULL;
	     x != NULL && n < 2 * WINDOW; prev = x, x = cte_next(x), n++) {
		check_links(x);
		if (prev != NULL && !cap_same_object(&prev->cap, &x->cap) &&
		    cap_type(&prev->cap) != CAP_ZOMBIE) {
			check(seen_add(&prev->cap),
			      "cdt: capabilities to one object lie together",
			      x);
		}
		while (depth > 0 && !cte_is_parent(stack[depth - 1], x)) {
			depth--;
		}
		for (int i = 0; i < depth; i++) {
			check(cte_is_parent(stack[i], x),
			      "cdt: children nest in their ancestors", x);
		}
		if (cte_flag(x, MDB_REVOCABLE) && depth < MAX_DEPTH) {
			stack[depth++] = x;
		}
	}
}

void
invariant_cdt(const struct cte *s)
{
	if (cap_is_null(&s->cap)) {
		check(s->prev == NULL && s->next == 0,
		      "cdt: an empty slot has no links", s);
		return;
	}
	const struct cte *first = s;
	for (int i = 0; i < WINDOW && first->prev != NULL; i++) {
		check_links(first);
		first = first->prev;
	}
	check_list(first);
}

/* ---- threads ---- */

/* Is t on q, and is q well formed with members in state, on owner? */
static void
check_queue(const struct tcb *t, const struct tqueue *q, const void *owner)
{
	bool found = false;

	check(q->head == NULL || q->head->q_prev == NULL,
	      "queue: the head has no prev", q);
	check(q->tail == NULL || q->tail->q_next == NULL,
	      "queue: the tail has no next", q);
	for (const struct tcb *x = q->head; x != NULL; x = x->q_next) {
		check(x->q_next != NULL || x == q->tail,
		      "queue: the last member is the tail", x);
		check(x->q_next == NULL || x->q_next->q_prev == x,
		      "queue: next's prev is the thread", x);
		check(x->blocked_on == owner, "queue: blocked_on is the queue",
		      x);
		check(x->state == t->state,
		      "queue: members' states match the queue", x);
		found |= x == t;
	}
	check(found, "queue: a blocked thread is on its queue", t);
}

static void
check_thread(const struct tcb *t)
{
	check(t->state <= TS_BLOCKED_NTFN, "thread: a known state", t);
	if (t->bound != NULL) {
		check(t->bound->bound == t, "thread: its notification's bound",
		      t);
	}
	switch (t->state) {
	case TS_BLOCKED_SEND:
	case TS_BLOCKED_RECV: {
		const struct endpoint *ep = t->blocked_on;
		check(ep != NULL, "thread: blocked in IPC on an endpoint", t);
		check(ep->state ==
			  (t->state == TS_BLOCKED_SEND ? EP_SEND : EP_RECV),
		      "endpoint: its state matches its waiters", ep);
		check_queue(t, &ep->q, ep);
		check(t->state != TS_BLOCKED_RECV || t->reply == NULL ||
			  t->reply->receiver == t,
		      "thread: its reply object's receiver", t);
		break;
	}
	case TS_BLOCKED_NTFN: {
		const struct notification *n = t->blocked_on;
		check(n != NULL, "thread: waits on a notification", t);
		check_queue(t, &n->q, n);
		break;
	}
	case TS_BLOCKED_REPLY: {
		const struct reply *rp = t->blocked_on;
		check(rp != NULL && t->reply == rp && rp->caller == t,
		      "thread: its reply object's caller", t);
		check(t->q_next == NULL && t->q_prev == NULL,
		      "thread: a caller is on no queue", t);
		break;
	}
	default:
		check(t->blocked_on == NULL,
		      "thread: running or inactive is blocked on nothing", t);
		check(t->q_next == NULL && t->q_prev == NULL,
		      "thread: running or inactive is on no queue", t);
		break;
	}
}

void
invariant_threads(const struct tcb *t)
{
	if (t == NULL) {
		return;
	}
	while (t->all_prev != NULL) {
		t = t->all_prev;
	}
	for (; t != NULL; t = t->all_next) {
		check_thread(t);
	}
}

#endif
