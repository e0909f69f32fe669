/*
 * The timer service's client stubs (timer.h).
 */
#include "proto/timer.h"

int
cairn_timer_now(cptr_t ep, word_t *ns)
{
	return cairn_call3(ep, CAIRN_TIMER_NOW, 0, 0, 0, ns);
}

int
cairn_timer_sleep(cptr_t ep, word_t ns)
{
	return cairn_call3(ep, CAIRN_TIMER_SLEEP, ns, 0, 0, NULL);
}

int
cairn_timer_arm(cptr_t ep, word_t id, word_t ns, word_t period)
{
	return cairn_call3(ep, CAIRN_TIMER_ARM, id, ns, period, NULL);
}

int
cairn_timer_wait(cptr_t ep, word_t id, word_t *n)
{
	return cairn_call3(ep, CAIRN_TIMER_WAIT, id, 0, 0, n);
}

int
cairn_timer_cancel(cptr_t ep, word_t id)
{
	return cairn_call3(ep, CAIRN_TIMER_CANCEL, id, 0, 0, NULL);
}

int
cairn_timer_wake_init(cptr_t ep, word_t ns)
{
	struct cairn_msg m = {0};

	m.w[0] = ns;
	return cairn_nbsend(ep, CAIRN_TIMER_WAKE_INIT, 1, &m);
}

int
cairn_timer_signal(cptr_t ep, word_t id, cptr_t ntfn)
{
	struct cairn_msg m = {0};

	m.w[0] = id;
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = ntfn;
	int st = cairn_call(ep, CAIRN_TIMER_SIGNAL, 1, &m);
	return st == CAIRN_OK ? (int)m.label : st;
}
