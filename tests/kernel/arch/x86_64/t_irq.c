/*
 * IRQ handlers of ISA lines (the RTC's interrupt) and I/O ports, both
 * x86_64's; the debug capability's tests are t_debug.c.  Handler and port
 * capabilities are roots of their own (not made from the test's Untyped): each
 * test deletes them whatever happens, so that a failure does not leave a line
 * or a port taken for the next test.
 */
#include "kt_space.h"

static cptr_t owned[8];
static int nowned;
static cptr_t cmos_port; /* set while the RTC interrupts */
static word_t rtc_old_b;

/* A slot the test's wrapper empties after the test. */
static cptr_t
own(void)
{
	cptr_t s = kt_slot();

	if (nowned < 8) {
		owned[nowned++] = s;
	}
	return s;
}

static void cmos_write(cptr_t port, word_t reg, word_t v);
static word_t cmos_read(cptr_t port, word_t reg);

static void
release(void)
{
	if (cmos_port != 0) {
		/* Periodic interrupts off, the pending flags read. */
		cmos_write(cmos_port, 0x0B, rtc_old_b);
		cmos_read(cmos_port, 0x0C);
		cmos_port = 0;
	}
	for (int i = 0; i < nowned; i++) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, owned[i]);
	}
	nowned = 0;
}

/* A test whose handler and port capabilities are deleted after it. */
#define KTEST_OWNING(n)                                                        \
	static void body_##n(void);                                            \
	KTEST(n)                                                               \
	{                                                                      \
		nowned = 0;                                                    \
		cmos_port = 0;                                                 \
		body_##n();                                                    \
		release();                                                     \
	}                                                                      \
	static void body_##n(void)

static int
issue(word_t first, word_t last, cptr_t dst)
{
	return cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, first, last,
				  CAIRN_ROOT_CNODE, dst);
}

static void
cmos_write(cptr_t port, word_t reg, word_t v)
{
	cairn_ioport_out(port, 0x70, 1, reg);
	cairn_ioport_out(port, 0x71, 1, v);
}

static word_t
cmos_read(cptr_t port, word_t reg)
{
	word_t v = 0;

	cairn_ioport_out(port, 0x70, 1, reg);
	cairn_ioport_in(port, 0x71, 1, &v);
	return v;
}

/* A badged capability to n in a new slot. */
static cptr_t
badged(cptr_t n, word_t rights, word_t badge)
{
	cptr_t s = kt_slot();

	if (cairn_cnode_mint(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE, n, rights,
			     badge, NULL) != CAIRN_OK) {
		kt_failed = 1;
	}
	return s;
}

/* Start the RTC's periodic interrupt (ISA IRQ 8, 1024 Hz) through port. */
static void
rtc_start(cptr_t port)
{
	cmos_read(port, 0x0C);
	rtc_old_b = cmos_read(port, 0x0B) & ~0x70ull;
	cmos_port = port;
	cmos_write(port, 0x0B, rtc_old_b | 0x40);
}

/*
 * Let about 8 of the RTC's periods pass, reading its flags after each so
 * that the next raises its line again; return the bits signalled on n
 * meanwhile.  *ran: the periodic flag was seen, so the RTC did run.
 */
static word_t
rtc_periods(cptr_t port, cptr_t n, int *ran)
{
	word_t hz = kt_bi->tsc_hz != 0 ? kt_bi->tsc_hz : 1000000000;
	word_t bits = 0, flags = 0;

	for (int i = 0; i < 8; i++) {
		word_t t0 = cairn_rdtsc(), b = 0;
		while (cairn_rdtsc() - t0 < hz / 1000) {
		}
		flags |= cmos_read(port, 0x0C);
		if (cairn_poll(n, &b) == CAIRN_OK) {
			bits |= b;
		}
	}
	*ran = (flags & 0x40) != 0;
	return bits;
}

/*
 * Bound, the RTC's interrupts signal the notification, again after each
 * ack; cleared, none comes, not even after an ack (nothing is bound, so
 * nothing is unmasked); bound again, they come again.  (The RTC's line is
 * edge-triggered: the kernel never masks it while it is bound, so ack's
 * unmasking shows only on a level-triggered line, which this machine has
 * no device to raise at will.)
 */
KTEST_OWNING(irq_set_notification_ack_and_clear)
{
	cptr_t h = own(), port = own();
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t bits = 0;
	int ran = 0;

	KT_OK(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, 8, CAIRN_ROOT_CNODE, h));
	KT_OK(issue(0x70, 0x71, port));
	/* The notification must be one, with WRITE. */
	KT_EQ(cairn_irq_set_notification(h, badged(n, CAIRN_RIGHT_READ, 1)),
	      CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_irq_set_notification(h, e), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_irq_set_notification(h, kt_slot()), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_irq_set_notification(h, ~0ull), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_invoke(h, CAIRN_IRQ_SET_NOTIFICATION, 0, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_OK(cairn_irq_set_notification(h, badged(n, CAIRN_RIGHT_WRITE, 8)));
	ks_guard();
	rtc_start(port);
	for (int i = 0; i < 3; i++) {
		KT_OK(cairn_wait(n, &bits));
		KT_EQ(bits, 8);
		KT_OK(cairn_irq_ack(h));
		cmos_read(port, 0x0C);
	}
	KT_OK(cairn_irq_clear(h));
	cairn_poll(n, &bits); /* what came before the clear */
	KT_EQ(rtc_periods(port, n, &ran), 0);
	KT_TRUE(ran);
	KT_OK(cairn_irq_ack(h));
	KT_EQ(rtc_periods(port, n, &ran), 0);
	KT_TRUE(ran);
	KT_OK(cairn_irq_clear(h));
	/* Bound again after a clear. */
	KT_OK(cairn_irq_set_notification(h, badged(n, CAIRN_RIGHT_WRITE, 4)));
	KT_OK(cairn_wait(n, &bits));
	KT_EQ(bits, 4);
	KT_OK(cairn_irq_clear(h));
}

/*
 * Deleting the bound notification unbinds the line: the RTC's interrupts,
 * still running, must not signal the freed memory, which a notification
 * made afresh from the same Untyped now holds.
 */
KTEST_OWNING(irq_deleting_the_notification_unbinds_the_line)
{
	cptr_t h = own(), port = own();
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 12);
	cptr_t n = kt_slot(), n2 = kt_slot();
	word_t bits = 0;
	int ran = 0;

	KT_OK(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, 8, CAIRN_ROOT_CNODE, h));
	KT_OK(issue(0x70, 0x71, port));
	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_NOTIFICATION, 0,
				   CAIRN_ROOT_CNODE, n, 1, NULL));
	KT_OK(cairn_irq_set_notification(h, badged(n, CAIRN_RIGHT_WRITE, 1)));
	ks_guard();
	rtc_start(port);
	KT_OK(cairn_wait(n, &bits)); /* the line does signal n */
	KT_EQ(bits, 1);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, n));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, n));
	/* u has no child left: the next object starts at its base again. */
	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_NOTIFICATION, 0,
				   CAIRN_ROOT_CNODE, n2, 1, NULL));
	KT_EQ(rtc_periods(port, n2, &ran), 0);
	KT_TRUE(ran);
	KT_OK(cairn_irq_ack(h));
	KT_EQ(rtc_periods(port, n2, &ran), 0);
	KT_OK(cairn_irq_clear(h));
	/* The line can be bound again, to the new one. */
	KT_OK(cairn_irq_set_notification(h, badged(n2, CAIRN_RIGHT_WRITE, 2)));
	KT_OK(cairn_wait(n2, &bits));
	KT_EQ(bits, 2);
	KT_OK(cairn_irq_clear(h));
}

/*
 * A real interrupt: the RTC's periodic interrupt (ISA IRQ 8, 1024 Hz),
 * programmed through its ports.  It signals the bound notification with
 * its badge, and again only after the handler acknowledges it.
 */
KTEST_OWNING(irq_rtc_interrupt_signals_notification)
{
	cptr_t h = own(), port = own();
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t bits = 0;

	KT_OK(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, 8, CAIRN_ROOT_CNODE, h));
	KT_OK(issue(0x70, 0x71, port));
	KT_OK(
	    cairn_irq_set_notification(h, badged(n, CAIRN_RIGHT_WRITE, 0x800)));
	ks_guard();
	cmos_read(port, 0x0C);
	rtc_old_b = cmos_read(port, 0x0B) & ~0x70ull;
	cmos_port = port;
	cmos_write(port, 0x0B, rtc_old_b | 0x40); /* periodic interrupts */
	word_t flags = 0;
	for (int i = 0; i < 3; i++) {
		KT_OK(cairn_wait(n, &bits));
		KT_EQ(bits, 0x800);
		/*
		 * Ack, then read the flags: reading them lowers the RTC's
		 * line, and an edge that came while the line was still
		 * masked (between the read and the ack) would be lost for
		 * good.  The periodic flag says the RTC was the source; under
		 * a loaded host a period can pass between a read and the
		 * next interrupt's, so at least once in three, not every time.
		 */
		KT_OK(cairn_irq_ack(h));
		flags |= cmos_read(port, 0x0C);
	}
	KT_TRUE(flags & 0x40);
	KT_OK(cairn_irq_clear(h));
}

/* I/O ports. */

KTEST_OWNING(ioport_issue_a_free_range)
{
	cptr_t p = own();
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	KT_OK(issue(0x2F8, 0x2FF, p)); /* COM2 */
	KT_OK(cairn_debug_cap_info(p, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_CAP_IOPORT);
	KT_EQ(w1, 0x2F8 | 0x2FF << 16);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, p));
	KT_OK(issue(0x2F8, 0x2FF, p)); /* free again */
}

KTEST_OWNING(ioport_issue_twice_is_in_use)
{
	cptr_t p = own(), q = own();

	KT_OK(issue(0x2F8, 0x2FF, p));
	KT_EQ(issue(0x2F8, 0x2FF, q), CAIRN_E_IN_USE);
	KT_EQ(issue(0x2FF, 0x300, q), CAIRN_E_IN_USE);
	KT_EQ(issue(0x2F0, 0x2F8, q), CAIRN_E_IN_USE);
	KT_EQ(issue(0x2FA, 0x2FA, q), CAIRN_E_IN_USE);
	KT_EQ(kt_type(q), CAIRN_OBJ_NULL);
	KT_OK(issue(0x300, 0x307, q)); /* adjacent */
}

KTEST_OWNING(ioport_kernel_ports_are_never_issued)
{
	static const word_t taken[][2] = {
	    {0x20, 0x20}, {0x21, 0x21}, {0xA0, 0xA1}, {0x61, 0x61},
	    {0xF4, 0xF4}, {0xF7, 0xF7}, {0x1F, 0x22}, {0, 0xFFFF},
	};
	cptr_t p = own();

	for (unsigned i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		KT_EQ(issue(taken[i][0], taken[i][1], p), CAIRN_E_IN_USE);
	}
	KT_EQ(kt_type(p), CAIRN_OBJ_NULL);
	/* A failed issue took nothing: the free part is still free. */
	KT_OK(issue(0x22, 0x23, p));
}

/* COM1 and the PIT go to user-level drivers (once each). */
KTEST_OWNING(ioport_com1_and_pit_are_issued_once)
{
	cptr_t p = own();
	cptr_t q = own();

	if (kt_in_place()) {
		/* The serial driver and the timer service hold them. */
		KT_EQ(issue(0x3F8, 0x3FF, p), CAIRN_E_IN_USE);
		KT_EQ(issue(0x40, 0x43, p), CAIRN_E_IN_USE);
		KT_EQ(kt_type(p), CAIRN_OBJ_NULL);
		return;
	}
	KT_OK(issue(0x3F8, 0x3FF, p));
	KT_EQ(issue(0x3F8, 0x3F8, q), CAIRN_E_IN_USE);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, p));
	KT_OK(issue(0x40, 0x43, p));
	KT_EQ(issue(0x43, 0x43, q), CAIRN_E_IN_USE);
	KT_EQ(kt_type(q), CAIRN_OBJ_NULL);
}

KTEST_OWNING(ioport_issue_bad_ranges)
{
	cptr_t p = own();
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t w[4] = {0x2F8, 0x2FF, CAIRN_ROOT_CNODE, 0};

	KT_EQ(issue(0x2FF, 0x2F8, p), CAIRN_E_RANGE);
	KT_EQ(issue(0xFFFF, 0x10000, p), CAIRN_E_RANGE);
	KT_EQ(issue(0x2F8, ~0ull, p), CAIRN_E_RANGE);
	KT_EQ(issue(~0ull, ~0ull, p), CAIRN_E_RANGE);
	KT_EQ(issue(0x2F8, 0x2FF, e), CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, 0x2F8, 0x2FF, e, 0),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, 0x2F8, 0x2FF,
				 CAIRN_ROOT_CNODE, CAIRN_SLOT_AUTO_MIN - 1),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IOPORT_CONTROL,
			   CAIRN_IOPORT_CONTROL_ISSUE, 3, w),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(kt_type(p), CAIRN_OBJ_NULL);
	/* None of it took the range. */
	KT_OK(issue(0x2F8, 0x2FF, p));
}

KTEST_OWNING(ioport_in_and_out_reach_the_device)
{
	cptr_t p = own();
	word_t saved, v = 0;

	KT_OK(issue(0x70, 0x71, p)); /* the CMOS: index and data */
	saved = cmos_read(p, 0x38);
	KT_OK(cairn_ioport_out(p, 0x70, 1, 0x38));
	KT_OK(cairn_ioport_out(p, 0x71, 1, 0xA5));
	KT_OK(cairn_ioport_out(p, 0x70, 1, 0x38));
	KT_OK(cairn_ioport_in(p, 0x71, 1, &v));
	KT_EQ(v, 0xA5);
	cmos_write(p, 0x38, 0x5A);
	KT_EQ(cmos_read(p, 0x38), 0x5A);
	cmos_write(p, 0x38, saved);
	KT_EQ(cmos_read(p, 0x38), saved);
	/* A 16-bit access within the range is fine too. */
	KT_OK(cairn_ioport_in(p, 0x70, 2, &v));
	KT_TRUE(v <= 0xFFFF);
}

KTEST_OWNING(ioport_every_size_within_the_range)
{
	cptr_t p = own();
	word_t v = 0;

	/* COM2's ports: nothing there in this machine, but they are ours. */
	KT_OK(issue(0x2F8, 0x2FF, p));
	KT_OK(cairn_ioport_out(p, 0x2FF, 1, 0x5A));
	KT_OK(cairn_ioport_in(p, 0x2FF, 1, &v));
	KT_TRUE(v <= 0xFF);
	KT_OK(cairn_ioport_in(p, 0x2FE, 2, &v));
	KT_TRUE(v <= 0xFFFF);
	KT_OK(cairn_ioport_in(p, 0x2FC, 4, &v));
	KT_TRUE(v <= 0xFFFFFFFF);
	KT_OK(cairn_ioport_out(p, 0x2FC, 4, 0));
	KT_OK(cairn_ioport_out(p, 0x2F8, 2, 0));
}

KTEST_OWNING(ioport_outside_the_range_is_range)
{
	cptr_t p = own();
	word_t v = 0;

	KT_OK(issue(0x2F8, 0x2FF, p));
	KT_EQ(cairn_ioport_in(p, 0x2F7, 1, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, 0x300, 1, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, 0x2FF, 2, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, 0x2FD, 4, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, ~0ull, 1, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, 0x100002F8ull, 1, &v), CAIRN_E_RANGE);
	/* Never reaching devices outside the range. */
	KT_EQ(cairn_ioport_out(p, 0x3F8, 1, 'X'), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_out(p, 0x20, 1, 0x20), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_out(p, 0xF4, 1, 0), CAIRN_E_RANGE);
}

KTEST_OWNING(ioport_bad_size_is_invalid_argument)
{
	static const word_t sizes[] = {0, 3, 5, 8, 1ull << 32, ~0ull};
	cptr_t p = own();
	word_t v = 0, w[3] = {0x2F8, 1, 0};

	KT_OK(issue(0x2F8, 0x2FF, p));
	for (int i = 0; i < 6; i++) {
		KT_EQ(cairn_ioport_in(p, 0x2F8, sizes[i], &v),
		      CAIRN_E_INVALID_ARGUMENT);
		KT_EQ(cairn_ioport_out(p, 0x2F8, sizes[i], 0),
		      CAIRN_E_INVALID_ARGUMENT);
	}
	/* Too few words. */
	KT_EQ(cairn_invoke(p, CAIRN_IOPORT_IN, 1, w), CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_invoke(p, CAIRN_IOPORT_OUT, 2, w),
	      CAIRN_E_INVALID_ARGUMENT);
}

KTEST_OWNING(ioport_copy_keeps_the_range)
{
	cptr_t p = own(), c = own(), q = own();
	word_t v = 0;

	KT_OK(issue(0x2F8, 0x2FF, p));
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE, p,
			       CAIRN_RIGHTS_ALL, NULL));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, p));
	KT_OK(cairn_ioport_in(c, 0x2FF, 1, &v));
	KT_EQ(issue(0x2F8, 0x2FF, q), CAIRN_E_IN_USE);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_OK(issue(0x2F8, 0x2FF, q));
}

KTEST_OWNING(ioport_wrong_methods)
{
	cptr_t p = own();
	word_t w[4] = {0x2F8, 1, 0, 0};

	KT_OK(issue(0x2F8, 0x2FF, p));
	KT_EQ(cairn_invoke(p, CAIRN_IOPORT_CONTROL_ISSUE, 4, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IOPORT_CONTROL, CAIRN_IOPORT_IN, 2, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(p, CAIRN_IRQ_ACK, 0, w), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(p, 1ull << 50, 4, w), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IOPORT_CONTROL, 0, 0, w),
	      CAIRN_E_ILLEGAL_OPERATION);
}

KTEST_OWNING(ioport_top_of_the_port_space)
{
	cptr_t p = own(), q = own();
	word_t v = 0;

	KT_OK(issue(0xFFF8, 0xFFFF, p));
	KT_OK(cairn_ioport_in(p, 0xFFFF, 1, &v));
	KT_OK(cairn_ioport_in(p, 0xFFFE, 2, &v));
	KT_OK(cairn_ioport_in(p, 0xFFFC, 4, &v));
	KT_EQ(cairn_ioport_in(p, 0xFFFE, 4, &v), CAIRN_E_RANGE);
	KT_EQ(cairn_ioport_in(p, 0x10000, 1, &v), CAIRN_E_RANGE);
	KT_EQ(issue(0xFFFF, 0xFFFF, q), CAIRN_E_IN_USE);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, p));
	KT_OK(issue(0xFFFF, 0xFFFF, q));
	/* Port 0 too. */
	KT_OK(issue(0, 0, p));
}
