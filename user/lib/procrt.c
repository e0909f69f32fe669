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
cairn_init_call(word_t label, word_t len, struct cairn_msg *m)
{
	int st = cairn_call(CAIRN_PROC_INIT, label, len, m);

	return st != CAIRN_OK ? st : (int)m->label;
}

long
cairn_spawn(int argc, const char *const *argv, word_t flags, char *why,
	    size_t len)
{
	struct cairn_msg m = {0};
	size_t at = 0;
	char *b = (char *)&m.w[2];

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (at + n > CAIRN_PROC_ARGS_BYTES) {
			return -CAIRN_E_RANGE;
		}
		memcpy(b + at, argv[i], n);
		at += n;
	}
	m.w[0] = flags;
	m.w[1] = at;
	int st = cairn_init_call(CAIRN_INIT_SPAWN, 2 + (at + 7) / 8, &m);
	if (st != CAIRN_OK) {
		if (why != NULL && len > 0) {
			size_t n = m.w[0] < len - 1 ? m.w[0] : len - 1;
			memcpy(why, &m.w[1], n);
			why[n] = '\0';
		}
		return -st;
	}
	return (long)m.w[0];
}

long
cairn_wait_pid(word_t pid)
{
	struct cairn_msg m = {0};

	m.w[0] = pid;
	int st = cairn_init_call(CAIRN_INIT_WAIT, 1, &m);
	return st != CAIRN_OK ? -st : (long)m.w[0];
}

int
cairn_serial_write(const char *s, size_t n)
{
	while (n > 0) {
		struct cairn_msg m = {0};
		size_t k =
		    n < CAIRN_SERIAL_MAX_WRITE ? n : CAIRN_SERIAL_MAX_WRITE;
		m.w[0] = k;
		cairn_msg_put(&m, 1, s, k);
		int st =
		    cairn_call(serial, CAIRN_SERIAL_WRITE, 1 + (k + 7) / 8, &m);
		if (st == CAIRN_E_DELETED) {
			continue; /* the driver restarted: again */
		}
		if (st != CAIRN_OK) {
			return st;
		}
		s += k;
		n -= k;
	}
	return CAIRN_OK;
}

long
cairn_serial_read(char *buf, size_t n)
{
	for (;;) {
		struct cairn_msg m = {0};
		m.w[0] = n;
		int st = cairn_call(serial, CAIRN_SERIAL_READ, 1, &m);
		if (st == CAIRN_E_DELETED) {
			continue;
		}
		if (st != CAIRN_OK) {
			return -st;
		}
		if (m.label != CAIRN_OK) {
			return -(long)m.label;
		}
		size_t k = m.w[0] < n ? m.w[0] : n;
		memcpy(buf, &m.w[1], k);
		return (long)k;
	}
}

static uint64_t slot_used[4096 / 64]; /* a CNode has at most 2^12 slots */

static cptr_t
first_free_slot(void)
{
	cptr_t after = CAIRN_PROC_FIRST_GRANT;

	for (word_t i = 0; i < cairn_procinfo->ngrants; i++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[i];
		cptr_t end = g->slot + (g->kind == CAIRN_GRANT_REPLIES ? g->a
					: g->kind == CAIRN_GRANT_IRQ   ? 2
								       : 1);
		after = end > after ? end : after;
	}
	return after;
}

cptr_t
cairn_slot_alloc(void)
{
	word_t n = cairn_procinfo->cspace_slots;

	for (cptr_t s = first_free_slot(); s < n && s < 4096; s++) {
		if (!(slot_used[s / 64] >> (s % 64) & 1)) {
			slot_used[s / 64] |= 1ull << (s % 64);
			return s;
		}
	}
	return 0;
}

void
cairn_slot_free(cptr_t s)
{
	if (s < 4096) {
		slot_used[s / 64] &= ~(1ull << (s % 64));
	}
}

cptr_t
cairn_make(word_t type, int *st)
{
	struct cairn_msg m = {0};
	cptr_t s = cairn_slot_alloc();

	if (s == 0) {
		*st = CAIRN_E_NO_FREE_SLOT;
		return 0;
	}
	m.w[0] = type;
	m.w[1] = s;
	*st = cairn_init_call(CAIRN_INIT_MAKE, 2, &m);
	if (*st != CAIRN_OK) {
		cairn_slot_free(s);
		return 0;
	}
	return s;
}

void
cairn_recv_slot(cptr_t slot)
{
	cairn_ipcbuf()->recv_cnode = slot != 0 ? CAIRN_PROC_CNODE : 0;
	cairn_ipcbuf()->recv_index = slot;
}

int
cairn_shm_create(word_t bytes, cptr_t slot, word_t *addr, word_t *size)
{
	struct cairn_msg m = {0};

	m.w[0] = bytes;
	cairn_recv_slot(slot);
	int st = cairn_init_call(CAIRN_INIT_SHM_CREATE, 1, &m);
	cairn_recv_slot(0);
	if (st == CAIRN_OK && m.caps != 1) {
		st = CAIRN_E_EMPTY_SLOT; /* the capability did not come */
	}
	if (st == CAIRN_OK) {
		*addr = m.w[0];
		*size = m.w[1];
	}
	return st;
}

int
cairn_shm_map(cptr_t region, word_t *addr, word_t *size)
{
	struct cairn_msg m = {0};

	/* Our init capability goes along: init learns who asks. */
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = CAIRN_PROC_INIT;
	int st = cairn_call(region, CAIRN_REGION_MAP, 0, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		*addr = m.w[0];
		*size = m.w[1];
	}
	return st;
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
	struct cairn_msg m = {0};

	m.w[0] = n;
	if (cairn_init_call(CAIRN_INIT_MORECORE, 1, &m) != CAIRN_OK) {
		return NULL;
	}
	return (void *)m.w[0];
}

void
cairn_proc_exit(int status)
{
	struct cairn_msg m = {0};

	m.w[0] = (word_t)status;
	for (;;) {
		cairn_send(CAIRN_PROC_INIT, CAIRN_INIT_EXIT, 1, &m);
	}
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
