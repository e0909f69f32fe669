/*
 * IRQ control and handler capabilities without a device: GET of a line
 * (KT_IRQ_LINE, KT_IRQ_LINE2 of kt_regs.h: an ISA line, a GIC SPI), the
 * lines refused, destinations refused, copies, wrong methods.  Interrupts
 * that really arrive are each arch's (arch/x86_64/t_irq.c: the CMOS RTC;
 * arch/aarch64/t_vtimer.c: the virtual timer; and
 * tests/system/aarch64_irq.c: virt's PL031 RTC).  Handler
 * capabilities are roots of their own (not made from the test's
 * Untyped): each test deletes them whatever happens, so that a failure
 * does not leave a line taken for the next test.
 */
#include "ktest.h"

static cptr_t owned[8];
static int nowned;

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

static void
release(void)
{
	for (int i = 0; i < nowned; i++) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, owned[i]);
	}
	nowned = 0;
}

/* A test whose handler capabilities are deleted after it. */
#define KTEST_OWNING(n)                                                        \
	static void body_##n(void);                                            \
	KTEST(n)                                                               \
	{                                                                      \
		nowned = 0;                                                    \
		body_##n();                                                    \
		release();                                                     \
	}                                                                      \
	static void body_##n(void)

static int
irq_get(word_t irq, cptr_t dst)
{
	return cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, irq, CAIRN_ROOT_CNODE,
			     dst);
}

/* How many more handlers GET_SHARED gives for line (each deleted
 * again): 0 when it has as many as it may, which it then says (IN_USE);
 * -1 if it said anything else. */
static int
more_shared(word_t line)
{
	cptr_t h[8];
	int n = 0, st = CAIRN_OK;

	while (n < 8 && st == CAIRN_OK) {
		h[n] = kt_slot();
		st = cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, line,
					  CAIRN_ROOT_CNODE, h[n]);
		n += st == CAIRN_OK;
	}
	for (int i = 0; i < n; i++) {
		if (cairn_cnode_delete(CAIRN_ROOT_CNODE, h[i]) != CAIRN_OK) {
			st = CAIRN_E_INVALID_CAP;
		}
	}
	return st == CAIRN_E_IN_USE ? n : -1;
}

KTEST_OWNING(irq_get_a_line)
{
	cptr_t h = own();
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	KT_OK(irq_get(KT_IRQ_LINE, h));
	KT_OK(cairn_debug_cap_info(h, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_CAP_IRQ_HANDLER);
	KT_EQ(rights, CAIRN_RIGHTS_ALL);
	/* Deleting the handler frees the line. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	KT_OK(irq_get(KT_IRQ_LINE, h));
}

KTEST_OWNING(irq_get_twice_is_in_use)
{
	cptr_t h = own(), h2 = own();

	KT_OK(irq_get(KT_IRQ_LINE2, h));
	KT_EQ(irq_get(KT_IRQ_LINE2, h2), CAIRN_E_IN_USE);
	KT_EQ(kt_type(h2), CAIRN_OBJ_NULL);
	/* Nor does GET_SHARED share a line GET took (IN_USE; an edge
	 * line: ILLEGAL_OPERATION). */
	KT_TRUE(cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LINE2,
				     CAIRN_ROOT_CNODE, h2) != CAIRN_OK);
	KT_EQ(kt_type(h2), CAIRN_OBJ_NULL);
	/* Another line is free. */
	KT_OK(irq_get(KT_IRQ_LINE, h2));
	KT_EQ(irq_get(KT_IRQ_LINE, own()), CAIRN_E_IN_USE);
}

/*
 * GET_SHARED: a level line, up to four handlers (fewer if the machine's
 * drivers hold some already: the counts here are relative), each its own
 * (binds, acks, clears); plain GET then finds it in use; the line is
 * free again when the last goes.  An edge line is never shared.
 */
KTEST_OWNING(irq_shared_handlers_are_separate)
{
	cptr_t h = own(), h2 = own(), n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t type = 0, rights = 0, size = 0, w1 = 0, w1b = 0;
	int free0 = more_shared(KT_IRQ_LEVEL_LINE);

	KT_TRUE(free0 >= 2 && free0 <= 4);
	KT_OK(cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LEVEL_LINE,
				   CAIRN_ROOT_CNODE, h));
	KT_OK(cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LEVEL_LINE,
				   CAIRN_ROOT_CNODE, h2));
	KT_EQ(more_shared(KT_IRQ_LEVEL_LINE), free0 - 2);
	KT_EQ(irq_get(KT_IRQ_LEVEL_LINE, own()), CAIRN_E_IN_USE);
	KT_OK(cairn_debug_cap_info(h, &type, &rights, &size, &w1));
	KT_OK(cairn_debug_cap_info(h2, &type, &rights, &size, &w1b));
	KT_EQ(type, CAIRN_CAP_IRQ_HANDLER);
	KT_TRUE(w1 != w1b); /* two handlers, not copies of one */
	KT_OK(cairn_irq_set_notification(h, n));
	KT_OK(cairn_irq_set_notification(h2, n));
	KT_OK(cairn_irq_ack(h));
	KT_OK(cairn_irq_ack(h2));
	KT_OK(cairn_irq_clear(h));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	KT_EQ(more_shared(KT_IRQ_LEVEL_LINE), free0 - 1);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h2));
	KT_EQ(more_shared(KT_IRQ_LEVEL_LINE), free0);
#ifdef KT_IRQ_EDGE_LINE
	KT_EQ(cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_EDGE_LINE,
				   CAIRN_ROOT_CNODE, h),
	      CAIRN_E_ILLEGAL_OPERATION);
#endif
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, n));
}

KTEST_OWNING(irq_get_out_of_range)
{
	static const word_t bad[] = KT_IRQ_BAD_LINES;
	cptr_t h = own();

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KT_EQ(irq_get(bad[i], h), CAIRN_E_RANGE);
	}
	KT_EQ(kt_type(h), CAIRN_OBJ_NULL);
#ifdef KT_IRQ_GIC_PROBE
	/*
	 * An arch with two controllers (aarch64: a GIC on virt, the BCM2835
	 * on the Pi): the probe line is a device line of the GIC only, and
	 * where it is, the GIC's other refused lines are checked too.  The
	 * line says which board ran (the system tests check it).
	 */
	static const word_t gic_bad[] = KT_IRQ_GIC_BAD_LINES;
	int gic = irq_get(KT_IRQ_GIC_PROBE, h) == CAIRN_OK;

	printf("# irq: %s lines\n", gic ? "GIC" : "BCM2835");
	if (gic) {
		KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	}
	for (size_t i = 0; gic && i < sizeof(gic_bad) / sizeof(gic_bad[0]);
	     i++) {
		KT_EQ(irq_get(gic_bad[i], h), CAIRN_E_RANGE);
	}
	static const word_t bcm_bad[] = KT_IRQ_BCM_BAD_LINES;

	for (size_t i = 0; !gic && i < sizeof(bcm_bad) / sizeof(bcm_bad[0]);
	     i++) {
		KT_EQ(irq_get(bcm_bad[i], h), CAIRN_E_RANGE);
	}
	/* A device line: free, or (in place, under init) the timer
	 * service's already. */
	int cntv = gic ? CAIRN_OK : irq_get(KT_IRQ_BCM_CNTV, h);
	KT_TRUE(cntv == CAIRN_OK || cntv == CAIRN_E_IN_USE);
	if (!gic && cntv == CAIRN_OK) {
		KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	}
#endif
}

KTEST_OWNING(irq_get_refused_destinations)
{
	cptr_t h = own();
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t w[3] = {KT_IRQ_LINE, CAIRN_ROOT_CNODE, 0};

	/* An occupied slot: refused, and the line stays free. */
	KT_EQ(irq_get(KT_IRQ_LINE, e), CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LINE, e, 0),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LINE,
			    CAIRN_ROOT_CNODE, 1u << CAIRN_ROOT_CNODE_RADIX),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LINE,
			    CAIRN_ROOT_CNODE, CAIRN_SLOT_AUTO_MIN - 1),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, KT_IRQ_LINE, ~0ull, 1),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IRQ_CONTROL_GET, 2, w),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_OK(irq_get(KT_IRQ_LINE, h));
}

KTEST_OWNING(irq_copy_of_handler_keeps_the_line)
{
	cptr_t h = own(), c = own(), h2 = own();

	KT_OK(irq_get(KT_IRQ_LINE, h));
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE, h,
			       CAIRN_RIGHTS_ALL, NULL));
	KT_EQ(kt_type(c), CAIRN_CAP_IRQ_HANDLER);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h));
	KT_OK(cairn_irq_ack(c));
	KT_EQ(irq_get(KT_IRQ_LINE, h2), CAIRN_E_IN_USE);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_OK(irq_get(KT_IRQ_LINE, h2));
}

KTEST_OWNING(irq_wrong_methods)
{
	cptr_t h = own();
	word_t w[4] = {KT_IRQ_LINE, CAIRN_ROOT_CNODE, 0, 0};

	KT_OK(irq_get(KT_IRQ_LINE, h));
	KT_EQ(cairn_invoke(h, CAIRN_IRQ_CONTROL_GET, 3, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IRQ_ACK, 0, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IOPORT_CONTROL_ISSUE,
			   4, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(h, CAIRN_IOPORT_IN, 2, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(h, 1ull << 50, 0, w), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(h, 0, 0, w), CAIRN_E_ILLEGAL_OPERATION);
	/* SET_TIMER: a timer's handler only (aarch64's virtual timer,
	 * arch/aarch64/t_vtimer.c), and it takes the deadline. */
	KT_EQ(cairn_irq_set_timer(h, 1000), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(h, CAIRN_IRQ_SET_TIMER, 0, w),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_irq_set_timer(CAIRN_ROOT_IRQ_CONTROL, 1000),
	      CAIRN_E_ILLEGAL_OPERATION);
}

/* A PCI function's requester ID: bus << 8 | device << 3 | function. */
#define KT_PCI_RID 0x0018 /* 00:03.0 */
#define KT_MSI_MAX 128

/*
 * GET_MSI hands out every MSI line once, each with a message of its own
 * at one address, then IN_USE; a line whose handler is deleted comes
 * back.  The line says how many the machine has (the system tests check
 * it: x86_64's 24 vectors, virt's GICv2m 64 SPIs, none on the Pi).
 */
KTEST(irq_get_msi_every_line_once)
{
	static cptr_t h[KT_MSI_MAX];
	static uint32_t data[KT_MSI_MAX];
	struct cairn_msi m = {0};
	uint64_t addr = 0;
	int n = 0, r;

	while (n < KT_MSI_MAX &&
	       (r = cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, KT_PCI_RID,
				      CAIRN_ROOT_CNODE, h[n] = kt_slot(),
				      &m)) == CAIRN_OK) {
		KT_EQ(m.index, h[n]);
		KT_EQ(kt_type(h[n]), CAIRN_CAP_IRQ_HANDLER);
		KT_TRUE(n == 0 || m.addr == addr);
		for (int i = 0; i < n; i++) {
			KT_TRUE(data[i] != m.data);
		}
		addr = m.addr;
		data[n++] = m.data;
	}
	printf("# msi: %d lines\n", n);
	if (n == 0) {
		KT_EQ(r, CAIRN_E_ILLEGAL_OPERATION); /* no MSI here */
		return;
	}
	KT_EQ(r, CAIRN_E_IN_USE);
	KT_TRUE(addr != 0);
	/* A handler of an MSI line is a handler like any other. */
	cptr_t nt = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_irq_set_notification(h[0], nt));
	KT_OK(cairn_irq_ack(h[0]));
	KT_OK(cairn_irq_clear(h[0]));
	KT_EQ(cairn_irq_set_timer(h[0], 1000), CAIRN_E_ILLEGAL_OPERATION);
	/* Deleting a handler frees its line, with the same message. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h[n / 2]));
	KT_OK(cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, KT_PCI_RID,
				CAIRN_ROOT_CNODE, h[n / 2], &m));
	KT_EQ(m.data, data[n / 2]);
	KT_EQ(m.addr, addr);
	for (int i = 0; i < n; i++) {
		KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, h[i]));
	}
}

/*
 * MSI_MESSAGE: an MSI handler says its message and the function it was
 * issued for, as GET_MSI gave them (what the pci service programs into
 * that function alone); any other handler: ILLEGAL_OPERATION.
 */
KTEST_OWNING(irq_msi_message_names_its_function)
{
	cptr_t h = own(), l = own();
	struct cairn_msi m;
	uint64_t addr = 0;
	uint32_t data = 0;
	word_t rid = 0;

	KT_OK(irq_get(KT_IRQ_LINE, l));
	KT_EQ(cairn_irq_msi_message(l, &addr, &data, &rid),
	      CAIRN_E_ILLEGAL_OPERATION);
	if (cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, KT_PCI_RID,
			      CAIRN_ROOT_CNODE, h, &m) != CAIRN_OK) {
		return; /* no MSI on this machine (the Pi) */
	}
	KT_OK(cairn_irq_msi_message(h, &addr, &data, &rid));
	KT_EQ(addr, m.addr);
	KT_EQ(data, m.data);
	KT_EQ(rid, KT_PCI_RID);
}

KTEST_OWNING(irq_get_msi_refusals)
{
	cptr_t h = own();
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t w[3] = {KT_PCI_RID, CAIRN_ROOT_CNODE, h};
	struct cairn_msi m;

	KT_EQ(cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IRQ_CONTROL_GET_MSI, 2,
			   w),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, 0x10000,
				CAIRN_ROOT_CNODE, h, &m),
	      CAIRN_E_RANGE);
	int r = cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, KT_PCI_RID,
				  CAIRN_ROOT_CNODE, e, &m);
	KT_TRUE(r == CAIRN_E_SLOT_OCCUPIED || r == CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(kt_type(h), CAIRN_OBJ_NULL);
	/* Not a method of a handler. */
	KT_OK(irq_get(KT_IRQ_LINE, h));
	KT_EQ(cairn_invoke(h, CAIRN_IRQ_CONTROL_GET_MSI, 3, w),
	      CAIRN_E_ILLEGAL_OPERATION);
}
