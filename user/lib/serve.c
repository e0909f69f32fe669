/*
 * serve: the loop every service runs (serve.h).
 */
#include "serve.h"

#include <stdbool.h>

#include "procrt.h"
#include "proto/init.h"
#include "proto/timer.h"

void
cairn_serve_init(struct cairn_server *s, cptr_t ep, const struct cairn_op *ops,
		 size_t nops)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_REPLIES, NULL);

	*s = (struct cairn_server){.ep = ep, .ops = ops, .nops = nops};
	s->cur = CAIRN_PROC_REPLY;
	s->pool[s->npool++] = CAIRN_PROC_REPLY2;
	for (word_t i = 0; g != NULL && i < g->a; i++) {
		if (s->npool < CAIRN_SERVE_POOL) {
			s->pool[s->npool++] = g->slot + i;
		}
	}
}

cptr_t
cairn_serve_keep(struct cairn_server *s)
{
	if (s->npool == 0) {
		return 0;
	}
	cptr_t kept = s->cur;
	s->cur = s->pool[--s->npool];
	return kept;
}

void
cairn_serve_answer(struct cairn_server *s, cptr_t r, word_t status, word_t len,
		   struct cairn_msg *m)
{
	cairn_reply(r, status, len, m);
	if (s->npool < CAIRN_SERVE_POOL) {
		s->pool[s->npool++] = r;
	}
}

/* The call in m through the table: its status; *len the answer's. */
static word_t
dispatch(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	*len = 0;
	for (size_t i = 0; i < s->nops; i++) {
		const struct cairn_op *op = &s->ops[i];
		if (op->label != m->label) {
			continue;
		}
		if (m->len < op->min_len) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		return op->fn(s, m, len);
	}
	return CAIRN_E_ILLEGAL_OPERATION;
}

void
cairn_serve(struct cairn_server *s)
{
	struct cairn_msg m = {0};
	word_t status = 0, len = 0;
	bool answer = false;

	for (;;) {
		int st = answer
			     ? cairn_reply_recv(s->ep, s->cur, status, len, &m)
			     : cairn_recv(s->ep, s->cur, &m);
		answer = false;
		if (st == CAIRN_E_IN_USE) {
			/* cur still has a caller nobody answered: answer it. */
			cairn_reply(s->cur, CAIRN_E_ILLEGAL_OPERATION, 0, &m);
			continue;
		}
		if (st != CAIRN_OK) {
			continue;
		}
		if (m.label == CAIRN_LABEL_NOTIFICATION &&
		    (m.badge & s->irq_badges) != 0 && s->irq != NULL) {
			s->irq(s, m.badge);
		} else {
			status = dispatch(s, &m, &len);
			answer = status != CAIRN_SERVE_KEPT &&
				 status != CAIRN_SERVE_NONE;
		}
		if (s->after != NULL) {
			s->after(s);
		}
	}
}

int
cairn_serve_tick(cptr_t timer, word_t id, word_t ns, word_t badge)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	cptr_t sig = g != NULL ? cairn_ntfn_badged(g->slot, badge) : 0;

	if (sig == 0) {
		return CAIRN_E_NO_FREE_SLOT;
	}
	int st = cairn_timer_arm(timer, id, ns, ns);
	if (st == CAIRN_OK) {
		st = cairn_timer_signal(timer, id, sig);
	}
	cairn_cnode_delete(CAIRN_PROC_CNODE, sig); /* the service has its own */
	cairn_slot_free(sig);
	return st;
}

int
cairn_serve_map_region(cptr_t recv, const struct cairn_msg *m, word_t *addr,
		       word_t *size)
{
	int st = CAIRN_E_INVALID_CAP;

	if (m->caps >= 1 && (m->unwrapped & 1) == 0) {
		st = cairn_shm_map(recv, addr, size);
	}
	cairn_cnode_delete(CAIRN_PROC_CNODE, recv);
	if (st == CAIRN_OK || st == CAIRN_E_NO_MEMORY) {
		return st;
	}
	return CAIRN_E_INVALID_CAP;
}
