/*
 * init's client stubs (init.h): every call a process makes to init goes
 * through one of these.
 */
#include "proto/init.h"

#include <errno.h>

#include "cstring.h"
#include "procrt.h"
#include "proto/fs.h"

int
cairn_init_call(word_t label, word_t len, struct cairn_msg *m)
{
	int st = cairn_call(CAIRN_PROC_INIT, label, len, m);

	return st != CAIRN_OK ? st : (int)m->label;
}

/* A refusal's reason, from the answer's words, into why. */
static void
take_why(const struct cairn_msg *m, char *why, size_t len)
{
	if (why == NULL || len == 0) {
		return;
	}
	size_t n = m->w[0] < CAIRN_INIT_WHY_MAX ? m->w[0] : CAIRN_INIT_WHY_MAX;
	n = n < len - 1 ? n : len - 1;
	memcpy(why, &m->w[1], n);
	why[n] = '\0';
}

/* SPAWN's words: MR0 flags, MR1 the arguments' length, the arguments
 * from MR<skip>.  The message's length, or 0 if they do not fit. */
static word_t
spawn_words(struct cairn_msg *m, word_t skip, int argc, const char *const *argv,
	    word_t flags)
{
	size_t at = 0;
	char *b = (char *)&m->w[skip];

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (at + n > CAIRN_PROC_ARGS_BYTES) {
			return 0;
		}
		memcpy(b + at, argv[i], n);
		at += n;
	}
	m->w[0] = flags;
	m->w[1] = at;
	return skip + (at + 7) / 8;
}

long
cairn_spawn(int argc, const char *const *argv, word_t flags, char *why,
	    size_t len)
{
	struct cairn_msg m = {0};
	word_t words = spawn_words(&m, 2, argc, argv, flags);

	if (words == 0) {
		return -CAIRN_E_RANGE;
	}
	int st = cairn_init_call(CAIRN_INIT_SPAWN, words, &m);
	if (st != CAIRN_OK) {
		take_why(&m, why, len);
		return -st;
	}
	return (long)m.w[0];
}

long
cairn_spawn_file(cptr_t region, word_t size, int argc, const char *const *argv,
		 word_t flags, char *why, size_t len)
{
	struct cairn_msg m = {0};
	word_t words = spawn_words(&m, 3, argc, argv, flags);

	if (words == 0) {
		return -CAIRN_E_RANGE;
	}
	m.w[2] = size;
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = CAIRN_PROC_INIT;
	int st = cairn_call(region, CAIRN_REGION_SPAWN, words, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st != CAIRN_OK) {
		take_why(&m, why, len);
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
cairn_init_kill(word_t pid, word_t *outcome, word_t *delay_ms, char *why,
		size_t len)
{
	struct cairn_msg m = {0};

	m.w[0] = pid;
	int st = cairn_init_call(CAIRN_INIT_KILL, 1, &m);
	if (st == CAIRN_E_IN_USE) {
		take_why(&m, why, len);
	} else if (why != NULL && len > 0) {
		why[0] = '\0';
	}
	if (st == CAIRN_OK) {
		*outcome = m.w[0];
		*delay_ms = m.w[1];
	}
	return st;
}

int
cairn_init_ps(word_t from, struct cairn_ps_entry *e)
{
	struct cairn_msg m = {0};

	m.w[0] = from;
	int st = cairn_init_call(CAIRN_INIT_PS, 1, &m);
	if (st == CAIRN_OK) {
		e->pid = m.w[0];
		e->state = m.w[1];
		e->used = m.w[2];
		e->quota = m.w[3];
		e->restarts = m.w[4];
		e->caps = m.w[5];
		memcpy(e->name, &m.w[6], 15);
		e->name[15] = '\0';
	}
	return st;
}

static int
live(const struct cairn_ps_entry *e)
{
	return e->state == CAIRN_PS_RUNNING || e->state == CAIRN_PS_BACKOFF;
}

int
cairn_init_alive(word_t pid)
{
	struct cairn_ps_entry e;

	return cairn_init_ps(pid, &e) == CAIRN_OK && e.pid == pid && live(&e);
}

int
cairn_init_running(const char *name)
{
	struct cairn_ps_entry e;
	word_t from = 1;

	for (int i = 0; i < 256 && cairn_init_ps(from, &e) == CAIRN_OK; i++) {
		if (strcmp(e.name, name) == 0 && live(&e)) {
			return 1;
		}
		from = e.pid + 1;
	}
	return 0;
}

int
cairn_init_mem(struct cairn_mem_info *mi)
{
	struct cairn_msg m = {0};

	int st = cairn_init_call(CAIRN_INIT_MEM, 0, &m);
	if (st == CAIRN_OK) {
		memcpy(mi, &m.w[0], sizeof(*mi));
	}
	return st;
}

int
cairn_init_caps(word_t pid, word_t i, word_t *slot, char what[65])
{
	struct cairn_msg m = {0};

	m.w[0] = pid;
	m.w[1] = i;
	int st = cairn_init_call(CAIRN_INIT_CAPS, 2, &m);
	if (st == CAIRN_OK) {
		*slot = m.w[0];
		memcpy(what, &m.w[1], 64);
		what[64] = '\0';
	}
	return st;
}

int
cairn_init_ls(word_t i, word_t *size, char name[129])
{
	struct cairn_msg m = {0};

	m.w[0] = i;
	int st = cairn_init_call(CAIRN_INIT_LS, 1, &m);
	if (st == CAIRN_OK) {
		*size = m.w[0];
		memcpy(name, &m.w[1], 128);
		name[128] = '\0';
	}
	return st;
}

long
cairn_init_read(const char *path, word_t off, char *buf, size_t n)
{
	struct cairn_msg m = {0};
	size_t plen = strlen(path);

	if (plen > 120) {
		return -CAIRN_E_RANGE;
	}
	m.w[0] = off;
	m.w[1] = n < CAIRN_INIT_READ_MAX ? n : CAIRN_INIT_READ_MAX;
	m.w[2] = plen;
	cairn_msg_put(&m, 3, path, plen);
	int st = cairn_init_call(CAIRN_INIT_READ, 3 + (plen + 7) / 8, &m);
	if (st != CAIRN_OK) {
		return -st;
	}
	size_t k = m.w[0] < n ? m.w[0] : n;
	memcpy(buf, &m.w[1], k);
	return (long)k;
}

int
cairn_init_log(word_t level)
{
	struct cairn_msg m = {0};

	m.w[0] = level;
	return cairn_init_call(CAIRN_INIT_LOG, 1, &m);
}

int
cairn_init_crash(const char *service)
{
	struct cairn_msg m = {0};
	size_t n = strlen(service);

	if (n > 15) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	m.w[0] = n;
	cairn_msg_put(&m, 1, service, n);
	return cairn_init_call(CAIRN_INIT_CRASH, 3, &m);
}

int
cairn_init_suite(word_t label, const word_t *args, word_t *pid, char *why,
		 size_t len)
{
	struct cairn_msg m = {0};

	if (args != NULL) {
		m.w[0] = args[0];
		m.w[1] = args[1];
	}
	int st = cairn_init_call(label, 2, &m);
	if (st != CAIRN_OK) {
		take_why(&m, why, len);
		return st;
	}
	*pid = m.w[0];
	return st;
}

int
cairn_init_poweroff(word_t status)
{
	struct cairn_msg m = {0};

	cairn_fs_before_poweroff(); /* the disk unmounted clean first */
	m.w[0] = status;
	return cairn_init_call(CAIRN_INIT_POWEROFF, 1, &m);
}

int
cairn_init_reboot(void)
{
	struct cairn_msg m = {0};

	cairn_fs_before_poweroff();
	return cairn_init_call(CAIRN_INIT_REBOOT, 0, &m);
}

int
cairn_init_boot_times(word_t *kernel, word_t *init, word_t *hz)
{
	struct cairn_msg m = {0};

	int st = cairn_init_call(CAIRN_INIT_BOOT_TIMES, 0, &m);
	if (st == CAIRN_OK) {
		*kernel = m.w[0];
		*init = m.w[1];
		*hz = m.w[2];
	}
	return st;
}

word_t
cairn_init_morecore(word_t n)
{
	struct cairn_msg m = {0};

	m.w[0] = n;
	if (cairn_init_call(CAIRN_INIT_MORECORE, 1, &m) != CAIRN_OK) {
		return 0;
	}
	return m.w[0];
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

int
cairn_dma_alloc(word_t requester, word_t bytes, struct cairn_dma *d)
{
	struct cairn_msg m = {0};

	m.w[0] = requester;
	m.w[1] = bytes;
	int st = cairn_init_call(CAIRN_INIT_DMA_ALLOC, 2, &m);
	if (st == CAIRN_OK) {
		d->addr = m.w[0];
		d->bus = m.w[1];
		d->size = m.w[2];
	}
	return st;
}

int
cairn_shm_create(word_t bytes, cptr_t slot, word_t *addr, word_t *size)
{
	struct cairn_msg m = {0};

	m.w[0] = bytes;
	/* The capability comes into slot; the caller's own receive slot (a
	 * service's, for what its clients send) is put back after. */
	cptr_t was = cairn_ipcbuf()->recv_index;
	cairn_recv_slot(slot);
	int st = cairn_init_call(CAIRN_INIT_SHM_CREATE, 1, &m);
	cairn_recv_slot(was);
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
cairn_region_attach(struct cairn_client_region *r, word_t label, word_t bytes,
		    int tries)
{
	if (r->broken != 0) {
		return r->broken;
	}
	if (r->region == 0) {
		cptr_t slot = cairn_slot_alloc();
		if (slot == 0) {
			return -ENOMEM;
		}
		int st = cairn_shm_create(bytes, slot, &r->addr, &r->size);
		if (st != CAIRN_OK) {
			/* Without "receive" the capability cannot come, and
			 * init has made the region all the same: never ask
			 * again (each try would cost another). */
			cairn_slot_free(slot);
			r->broken = st == CAIRN_E_EMPTY_SLOT ? -EPERM : 0;
			return st == CAIRN_E_EMPTY_SLOT ? -EPERM : -ENOMEM;
		}
		r->region = slot;
	}
	for (int i = 0; i < tries; i++) {
		struct cairn_msg m = {0};
		m.caps = 1;
		cairn_ipcbuf()->caps[0] = r->region;
		int st = cairn_call(r->ep, label, 0, &m);
		st = st == CAIRN_OK ? (int)m.label : st;
		if (st == CAIRN_E_DELETED) {
			continue;
		}
		if (st != CAIRN_OK || (int64_t)m.w[0] < 0) {
			return st != CAIRN_OK ? -EIO : (int)m.w[0];
		}
		return 0;
	}
	return -EIO;
}

int
cairn_shm_map(cptr_t region, word_t *addr, word_t *size)
{
	struct cairn_msg m = {0};

	/* Sent to init, which checks it is a region's: a capability a
	 * client passed us is never called itself (it might not answer). */
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = region;
	int st = cairn_init_call(CAIRN_INIT_SHM_MAP, 0, &m);
	if (st == CAIRN_OK) {
		*addr = m.w[0];
		*size = m.w[1];
	}
	return st;
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
