/*
 * The virtual timer's line (virt's INTID 27, the Pi's 75): its handler
 * arms CNTV by SET_TIMER and the interrupt arrives, on both boards; and
 * EL0 may not program CNTV itself, whoever holds the line.  In place
 * under init the timer service holds the line (IN_USE): the interrupt's
 * test is then the root-task run's (make aarch64-ktest, -rpi3-ktest).
 */
#include "kt_space.h"

#define VTIMER_VIRT 27
#define VTIMER_PI   75 /* kernel/arch/aarch64/bcm2836.h */
#define BADGE	    0x40

/*
 * Take the virtual timer's line into h: the candidate whose handler
 * takes SET_TIMER (each number is a device line on the other board:
 * 27 a BCM2835 line, 75 a GIC SPI).  CAIRN_OK, or IN_USE if it is held.
 */
static int
vtimer_get(cptr_t h)
{
	static const word_t lines[] = {VTIMER_VIRT, VTIMER_PI};
	int held = 0;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int r = cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, lines[i],
				      CAIRN_ROOT_CNODE, h);
		if (r == CAIRN_OK &&
		    cairn_irq_set_timer(h, ~0ull) == CAIRN_OK) {
			return CAIRN_OK;
		}
		if (r == CAIRN_OK) {
			cairn_cnode_delete(CAIRN_ROOT_CNODE, h);
		}
		held |= r == CAIRN_E_IN_USE;
	}
	return held ? CAIRN_E_IN_USE : CAIRN_E_RANGE;
}

/* Arm, wait, check; then off: the old deadline passes and nothing comes. */
static void
vtimer_fires(cptr_t h)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = kt_slot();
	word_t bits = 0;

	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, n,
			       CAIRN_RIGHT_WRITE, BADGE, NULL));
	KT_OK(cairn_irq_set_timer(h, ~0ull));
	KT_OK(cairn_irq_set_notification(h, b));
	for (int i = 0; i < 3; i++) {
		word_t at = cairn_rdtsc() + 200;
		KT_OK(cairn_irq_set_timer(h, at));
		KT_OK(cairn_wait(n, &bits));
		KT_EQ(bits, BADGE);
		KT_TRUE(cairn_rdtsc() >= at); /* never early */
		KT_OK(cairn_irq_set_timer(h, ~0ull));
		KT_OK(cairn_irq_ack(h));
	}
	/* Off before it is due: the deadline passes and nothing comes (a
	 * host that stalled the guest past it is tried again, later, once
	 * what that try may have signalled is taken away). */
	for (word_t ahead = 62500;; ahead *= 4) { /* 1 ms at 62.5 MHz */
		word_t at = cairn_rdtsc() + ahead;
		KT_OK(cairn_irq_set_timer(h, at));
		KT_OK(cairn_irq_set_timer(h, ~0ull));
		if (cairn_rdtsc() < at || ahead > 62500 * 64) {
			while (cairn_rdtsc() < at + 1000) {
			}
			break;
		}
		(void)cairn_poll(n, &bits);
		KT_OK(cairn_irq_ack(h));
	}
	KT_EQ(cairn_poll(n, &bits), CAIRN_E_WOULD_BLOCK);
	KT_OK(cairn_irq_clear(h));
}

KTEST(vtimer_set_timer_interrupts_its_holder)
{
	cptr_t h = kt_slot();
	int r = vtimer_get(h);

	KT_TRUE(r == CAIRN_OK || r == CAIRN_E_IN_USE);
	if (r == CAIRN_OK) {
		vtimer_fires(h);
		KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	}
}

static volatile word_t progress;

/* Reads CNTV's control at EL0: CNTKCTL_EL1.EL0VTEN is 0, so it traps. */
static void
cntv_reader(word_t arg)
{
	word_t v;

	(void)arg;
	progress = 1;
	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(v)::"memory");
	progress = 2;
}

KTEST(vtimer_el0_may_not_program_cntv)
{
	struct cairn_msg m = {0};
	cptr_t ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t rep = kt_make(CAIRN_OBJ_REPLY, 0);
	cptr_t h = kt_slot();
	int r = vtimer_get(h); /* held: by this test, or the timer service */

	KT_TRUE(r == CAIRN_OK || r == CAIRN_E_IN_USE);
	progress = 0;
	ks_guard();
	cptr_t t = ks_thread(cntv_reader, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR] >> 26, 0x18); /* a trapped MRS */
	KT_EQ(progress, 1);
	KT_OK(cairn_tcb_suspend(t));
	if (r == CAIRN_OK) {
		KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	}
}
