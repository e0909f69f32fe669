/*
 * procrt: the runtime of a process started by init (procrt.h), and the libc
 * hooks: output through the serial driver, heap from init, exit to init.
 */
#include "procrt.h"

#include "cairn_libc.h"
#include "cstring.h"

const struct cairn_procinfo *cairn_procinfo;
static cptr_t serial;

int main(int argc, char **argv);
_Noreturn void cairn_proc_main(const struct cairn_procinfo *info);

const struct cairn_grant *
cairn_grant_find(unsigned kind, const char *name)
{
	for (word_t i = 0; i < cairn_procinfo->ngrants; i++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[i];
		if (g->kind == kind &&
		    (name == NULL || strcmp(g->name, name) == 0)) {
			return g;
		}
	}
	return NULL;
}

void
cairn_msg_put(struct cairn_msg *m, word_t at, const void *s, size_t n)
{
	memset(&m->w[at], 0, (n + 7) / 8 * 8);
	memcpy(&m->w[at], s, n);
}

int
cairn_serial_write(const char *s, size_t n)
{
	return cairn_serial_write_to(serial, s, n);
}

long
cairn_serial_read(char *buf, size_t n)
{
	return cairn_serial_read_from(serial, buf, n);
}

/* A CNode has at most 2^MANIFEST_CSPACE_MAX (14) slots; hint: no free
 * slot lies in a word below it. */
#define SLOTS_MAX (1u << 14)
static uint64_t slot_used[SLOTS_MAX / 64];
static word_t slot_hint;

/* The slot after the last one grant g names. */
static cptr_t
grant_end(const struct cairn_grant *g)
{
	switch (g->kind) {
	case CAIRN_GRANT_REPLIES:
		return g->slot + g->a;
	case CAIRN_GRANT_IRQ:
	case CAIRN_GRANT_MSI:
	case CAIRN_GRANT_INTX:
		return g->slot + 2;
	case CAIRN_GRANT_UNTYPED: /* two Untypeds, its VSpace, its TCB */
		return g->reserved + 1;
	default:
		return g->slot + 1;
	}
}

/* The first slot above the grants: they never change, so once. */
static cptr_t
first_free_slot(void)
{
	static cptr_t after;

	if (after == 0) {
		after = CAIRN_PROC_FIRST_GRANT;
		for (word_t i = 0; i < cairn_procinfo->ngrants; i++) {
			cptr_t end = grant_end(&cairn_procinfo->grants[i]);
			after = end > after ? end : after;
		}
	}
	return after;
}

cptr_t
cairn_slot_alloc(void)
{
	word_t n = cairn_procinfo->cspace_slots;
	cptr_t first = first_free_slot();

	n = n < SLOTS_MAX ? n : SLOTS_MAX;
	if (slot_hint == 0) {
		/* The grants' slots are taken for good. */
		/* cppcheck-suppress knownConditionTrueFalse ; procinfo's */
		for (cptr_t s = 0; s < first && s < n; s++) {
			slot_used[s / 64] |= 1ull << (s % 64);
		}
	}
	/* A word at a time: a process that makes objects (the posix
	 * server) takes thousands. */
	for (word_t w = slot_hint; w < n / 64 + (n % 64 != 0); w++) {
		if (slot_used[w] == ~0ull) {
			continue;
		}
		cptr_t s = w * 64 + (cptr_t)__builtin_ctzll(~slot_used[w]);
		/* cppcheck-suppress knownConditionTrueFalse ; procinfo's */
		if (s >= n) {
			break;
		}
		slot_used[w] |= 1ull << (s % 64);
		slot_hint = w;
		return s;
	}
	return 0;
}

cptr_t
cairn_ntfn_badged(cptr_t ntfn, word_t badge)
{
	cptr_t slot = cairn_slot_alloc();

	if (slot != 0 &&
	    cairn_cnode_mint(CAIRN_PROC_CNODE, slot, CAIRN_PROC_CNODE, ntfn,
			     CAIRN_RIGHT_WRITE, badge, NULL) != CAIRN_OK) {
		cairn_slot_free(slot);
		slot = 0;
	}
	return slot;
}

void
cairn_slot_free(cptr_t s)
{
	if (s >= first_free_slot() && s < SLOTS_MAX) {
		slot_used[s / 64] &= ~(1ull << (s % 64));
		slot_hint = s / 64 < slot_hint ? s / 64 : slot_hint;
	}
}

void
cairn_recv_slot(cptr_t slot)
{
	cairn_ipcbuf()->recv_cnode = slot != 0 ? CAIRN_PROC_CNODE : 0;
	cairn_ipcbuf()->recv_index = slot;
}

void
libc_write(const char *s, size_t n)
{
	if (serial != 0) {
		cairn_serial_write(s, n);
	}
}

void *
libc_morecore(size_t n)
{
	return (void *)cairn_init_morecore(n);
}

void
libc_exit(int status)
{
	cairn_proc_exit(status);
}

void
cairn_proc_main(const struct cairn_procinfo *info)
{
	char *argv[CAIRN_PROC_MAX_ARGS + 1];

	cairn_procinfo = info;
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "serial");
	serial = g != NULL ? g->slot : 0;
	for (word_t i = 0; i < info->argc; i++) {
		argv[i] = (char *)info->args + info->argv[i];
	}
	argv[info->argc] = NULL;
	cairn_proc_exit(main((int)info->argc, argv));
}
