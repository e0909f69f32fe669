/* libcairn: IPC system calls. */
#include "cairn.h"

/* Load words [0, len) of m: registers, then the IPC buffer. */
static void
load(struct cairn_regs *r, word_t len, const struct cairn_msg *m)
{
	for (word_t i = 0; i < len && i < CAIRN_MSG_MAX_LENGTH; i++) {
		if (i < CAIRN_MSG_REGS) {
			r->mr[i] = m->w[i];
		} else if (cairn_ipcbuf() != NULL) {
			cairn_ipcbuf()->msg[i] = m->w[i];
		}
	}
}

/* Store what came back in r into m. */
static void
store(const struct cairn_regs *r, struct cairn_msg *m)
{
	m->badge = r->cap;
	m->label = cairn_msginfo_label(r->info);
	m->len = cairn_msginfo_length(r->info);
	m->caps = cairn_msginfo_caps(r->info);
	m->unwrapped = cairn_msginfo_unwrapped(r->info);
	for (word_t i = 0; i < m->len && i < CAIRN_MSG_MAX_LENGTH; i++) {
		if (i < CAIRN_MSG_REGS) {
			m->w[i] = r->mr[i];
		} else if (cairn_ipcbuf() != NULL) {
			m->w[i] = cairn_ipcbuf()->msg[i];
		}
	}
}

static int
out(word_t n, cptr_t cap, word_t label, word_t len, struct cairn_msg *m,
    word_t caps)
{
	struct cairn_regs r = {cap, cairn_msginfo(label, caps, len), 0, {0}};

	load(&r, len, m);
	int st = (int)cairn_syscall(n, &r);
	if (n == (word_t)CAIRN_SYS_CALL && st == CAIRN_OK) {
		store(&r, m);
	}
	return st;
}

int
cairn_send(cptr_t ep, word_t label, word_t len, struct cairn_msg *m)
{
	return out((word_t)CAIRN_SYS_SEND, ep, label, len, m, m->caps);
}

int
cairn_nbsend(cptr_t ep, word_t label, word_t len, struct cairn_msg *m)
{
	return out((word_t)CAIRN_SYS_NBSEND, ep, label, len, m, m->caps);
}

int
cairn_call(cptr_t ep, word_t label, word_t len, struct cairn_msg *m)
{
	return out((word_t)CAIRN_SYS_CALL, ep, label, len, m, m->caps);
}

static int
in(word_t n, cptr_t ep, cptr_t reply, struct cairn_msg *m)
{
	struct cairn_regs r = {ep, 0, reply, {0}};
	int st = (int)cairn_syscall(n, &r);

	if (st == CAIRN_OK) {
		store(&r, m);
	}
	return st;
}

int
cairn_recv(cptr_t ep, cptr_t reply, struct cairn_msg *m)
{
	return in((word_t)CAIRN_SYS_RECV, ep, reply, m);
}

int
cairn_nbrecv(cptr_t ep, cptr_t reply, struct cairn_msg *m)
{
	return in((word_t)CAIRN_SYS_NBRECV, ep, reply, m);
}

int
cairn_reply(cptr_t reply, word_t label, word_t len, struct cairn_msg *m)
{
	return out((word_t)CAIRN_SYS_REPLY, reply, label, len, m, m->caps);
}

int
cairn_reply_recv(cptr_t ep, cptr_t reply, word_t label, word_t len,
		 struct cairn_msg *m)
{
	struct cairn_regs r = {
	    ep, cairn_msginfo(label, m->caps, len), reply, {0}};

	load(&r, len, m);
	int st = (int)cairn_syscall((word_t)CAIRN_SYS_REPLY_RECV, &r);
	if (st == CAIRN_OK) {
		store(&r, m);
	}
	return st;
}

int
cairn_signal(cptr_t ntfn)
{
	word_t badge;

	return (int)cairn_syscall_cap((word_t)CAIRN_SYS_SEND, ntfn, &badge);
}

static int
wait_or_poll(word_t n, cptr_t ntfn, word_t *bits)
{
	word_t badge;
	int st = (int)cairn_syscall_cap(n, ntfn, &badge);

	*bits = st == CAIRN_OK ? badge : 0;
	return st;
}

int
cairn_wait(cptr_t ntfn, word_t *bits)
{
	return wait_or_poll((word_t)CAIRN_SYS_RECV, ntfn, bits);
}

int
cairn_poll(cptr_t ntfn, word_t *bits)
{
	return wait_or_poll((word_t)CAIRN_SYS_NBRECV, ntfn, bits);
}

void
cairn_yield(void)
{
	word_t badge;

	cairn_syscall_cap((word_t)CAIRN_SYS_YIELD, 0, &badge);
}

int
cairn_invoke(cptr_t cap, word_t label, word_t n, word_t *w)
{
	struct cairn_regs r = {cap, cairn_msginfo(label, 0, n), 0, {0}};

	for (word_t i = 0; i < n && i < CAIRN_MSG_MAX_LENGTH; i++) {
		if (i < CAIRN_MSG_REGS) {
			r.mr[i] = w[i];
		} else if (cairn_ipcbuf() != NULL) {
			cairn_ipcbuf()->msg[i] = w[i];
		}
	}
	int st = (int)cairn_syscall((word_t)CAIRN_SYS_CALL, &r);
	word_t len = cairn_msginfo_length(r.info);
	for (word_t i = 0; st == CAIRN_OK && i < len; i++) {
		w[i] = i < CAIRN_MSG_REGS	? r.mr[i]
		       : cairn_ipcbuf() != NULL ? cairn_ipcbuf()->msg[i]
						: 0;
	}
	return st;
}

int
cairn_call3(cptr_t ep, word_t label, word_t a, word_t b, word_t c, word_t *w0)
{
	struct cairn_msg m = {0};

	m.w[0] = a;
	m.w[1] = b;
	m.w[2] = c;
	int st = cairn_call(ep, label, 3, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (w0 != NULL) {
		*w0 = m.w[0];
	}
	return st;
}
