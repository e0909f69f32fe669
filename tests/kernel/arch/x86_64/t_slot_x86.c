/*
 * Destination slots of x86_64's capability-making methods: IRQ control
 * GET of an ISA line and I/O port control ISSUE, automatic slots and
 * their refusals (the portable part is t_slot.c).
 */
#include "ktest.h"

/* IRQ control GET of ISA IRQ irq into (cnode, index); *got: the index. */
static int
irq_get_at(word_t irq, cptr_t cnode, word_t index, word_t *got)
{
	word_t w[3] = {irq, cnode, index};
	int err =
	    cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IRQ_CONTROL_GET, 3, w);

	*got = w[0];
	return err;
}

/* I/O port control ISSUE of port into (cnode, index); *got: the index. */
static int
port_issue_at(word_t port, cptr_t cnode, word_t index, word_t *got)
{
	word_t w[4] = {port, port, cnode, index};
	int err = cairn_invoke(CAIRN_ROOT_IOPORT_CONTROL,
			       CAIRN_IOPORT_CONTROL_ISSUE, 4, w);

	*got = w[0];
	return err;
}

/*
 * IRQ and port capabilities go into a CNode of the test's own: revoking
 * the test's Untyped deletes it and them, and frees the line and port.
 */
KTEST(slot_auto_for_irq_and_ioport)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 2);
	cptr_t back = kt_slot();
	word_t got = 99;

	KT_OK(irq_get_at(7, cn, CAIRN_SLOT_AUTO, &got));
	KT_EQ(got, 0);
	KT_OK(port_issue_at(0x80, cn, CAIRN_SLOT_AUTO, &got));
	KT_EQ(got, 1);
	KT_OK(port_issue_at(0x81, cn, CAIRN_SLOT_AUTO_FROM(3), &got));
	KT_EQ(got, 3);
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 0, NULL));
	KT_EQ(kt_type(back), CAIRN_CAP_IRQ_HANDLER);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, back));
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 1, NULL));
	KT_EQ(kt_type(back), CAIRN_CAP_IOPORT);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, back));
}

KTEST(slot_refusals_for_irq_and_ioport)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 1);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t got = 0;

	KT_OK(cairn_cnode_copy(cn, 0, CAIRN_ROOT_CNODE, e, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_copy(cn, 1, CAIRN_ROOT_CNODE, e, CAIRN_RIGHTS_ALL,
			       NULL));
	/* Full: no slot, and the line and port stay free. */
	KT_EQ(irq_get_at(7, cn, CAIRN_SLOT_AUTO, &got), CAIRN_E_NO_FREE_SLOT);
	KT_EQ(port_issue_at(0x80, cn, CAIRN_SLOT_AUTO, &got),
	      CAIRN_E_NO_FREE_SLOT);
	KT_EQ(irq_get_at(7, cn, 1, &got), CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(port_issue_at(0x80, cn, 0, &got), CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(irq_get_at(7, cn, 2, &got), CAIRN_E_RANGE);
	KT_EQ(port_issue_at(0x80, cn, CAIRN_SLOT_AUTO_MIN - 1, &got),
	      CAIRN_E_RANGE);
	KT_EQ(irq_get_at(7, e, 0, &got), CAIRN_E_INVALID_CAP);
	KT_OK(cairn_cnode_delete(cn, 1));
	KT_OK(irq_get_at(7, cn, CAIRN_SLOT_AUTO, &got));
	KT_EQ(got, 1);
	KT_OK(cairn_cnode_delete(cn, 1));
	KT_OK(port_issue_at(0x80, cn, CAIRN_SLOT_AUTO, &got));
	KT_EQ(got, 1);
}
