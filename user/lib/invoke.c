/* libcairn: one function per kernel invocation (cairn.h). */
#include "cairn.h"

#include "cstring.h"

/* Invoke with the words given; put result word 0 in *out if asked. */
static int
inv(cptr_t cap, word_t label, word_t n, word_t *w, word_t *out)
{
	int st = cairn_invoke(cap, label, n, w);

	if (st == CAIRN_OK && out != NULL) {
		*out = w[0];
	}
	return st;
}

int
cairn_untyped_retype(cptr_t ut, word_t type, word_t size, cptr_t cnode,
		     word_t index, word_t count, word_t *first)
{
	word_t w[6] = {type, size, cnode, index, count, 0};

	return cairn_call_long(ut, cairn_msginfo(CAIRN_UNTYPED_RETYPE, 0, 5), w,
			       first);
}

int
cairn_cnode_copy(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		 word_t rights, word_t *slot)
{
	word_t w[4] = {dest, src_cnode, src, rights};

	return inv(cnode, CAIRN_CNODE_COPY, 4, w, slot);
}

int
cairn_cnode_mint(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		 word_t rights, word_t badge, word_t *slot)
{
	word_t w[5] = {dest, src_cnode, src, rights, badge};

	return inv(cnode, CAIRN_CNODE_MINT, 5, w, slot);
}

int
cairn_cnode_move(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		 word_t *slot)
{
	word_t w[3] = {dest, src_cnode, src};

	return inv(cnode, CAIRN_CNODE_MOVE, 3, w, slot);
}

int
cairn_cnode_mutate(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		   word_t badge, word_t *slot)
{
	word_t w[4] = {dest, src_cnode, src, badge};

	return inv(cnode, CAIRN_CNODE_MUTATE, 4, w, slot);
}

int
cairn_cnode_delete(cptr_t cnode, word_t index)
{
	word_t w[1] = {index};

	return inv(cnode, CAIRN_CNODE_DELETE, 1, w, NULL);
}

int
cairn_cnode_revoke(cptr_t cnode, word_t index)
{
	word_t w[1] = {index};

	return inv(cnode, CAIRN_CNODE_REVOKE, 1, w, NULL);
}

int
cairn_tcb_configure(cptr_t tcb, cptr_t fault_ep, cptr_t cspace, word_t guard,
		    cptr_t vspace, word_t ipc_buffer, cptr_t ipc_frame)
{
	word_t w[6] = {fault_ep, cspace, guard, vspace, ipc_buffer, ipc_frame};

	return cairn_call_long(tcb, cairn_msginfo(CAIRN_TCB_CONFIGURE, 0, 6), w,
			       NULL);
}

int
cairn_tcb_set_priority(cptr_t tcb, cptr_t authority, word_t prio)
{
	return cairn_call_short(tcb,
				cairn_msginfo(CAIRN_TCB_SET_PRIORITY, 0, 2),
				authority, prio, 0, 0);
}

int
cairn_tcb_set_mcp(cptr_t tcb, cptr_t authority, word_t mcp)
{
	word_t w[2] = {authority, mcp};

	return inv(tcb, CAIRN_TCB_SET_MCP, 2, w, NULL);
}

int
cairn_tcb_read_registers(cptr_t tcb, word_t n, word_t *regs)
{
	word_t w[CAIRN_MSG_MAX_LENGTH] = {n};
	int st = cairn_invoke(tcb, CAIRN_TCB_READ_REGISTERS, 1, w);

	for (word_t i = 0; st == CAIRN_OK && i < n; i++) {
		regs[i] = w[i];
	}
	return st;
}

int
cairn_tcb_read_fpu(cptr_t tcb, word_t first, word_t n, word_t *words)
{
	word_t w[CAIRN_MSG_MAX_LENGTH] = {first, n};
	int st = n <= CAIRN_MSG_MAX_LENGTH - 2
		     ? cairn_invoke(tcb, CAIRN_TCB_READ_FPU, 2, w)
		     : CAIRN_E_RANGE;

	for (word_t i = 0; st == CAIRN_OK && i < n; i++) {
		words[i] = w[i];
	}
	return st;
}

int
cairn_tcb_write_fpu(cptr_t tcb, word_t first, word_t n, const word_t *words)
{
	word_t w[CAIRN_MSG_MAX_LENGTH] = {first, n};

	if (n > CAIRN_MSG_MAX_LENGTH - 2) {
		return CAIRN_E_RANGE;
	}
	for (word_t i = 0; i < n; i++) {
		w[2 + i] = words[i];
	}
	return cairn_invoke(tcb, CAIRN_TCB_WRITE_FPU, 2 + n, w);
}

int
cairn_tcb_write_registers(cptr_t tcb, int resume, word_t n, const word_t *regs)
{
	word_t w[CAIRN_MSG_MAX_LENGTH];

	w[0] = (word_t)resume;
	w[1] = n;
	/* Up to four registers travel in the message registers alone. */
	if (n <= 4) {
		for (word_t i = 0; i < 4; i++) {
			w[2 + i] = i < n ? regs[i] : 0;
		}
		return cairn_call_long(
		    tcb, cairn_msginfo(CAIRN_TCB_WRITE_REGISTERS, 0, 2 + n), w,
		    NULL);
	}
	for (word_t i = 0; i < n && i + 2 < CAIRN_MSG_MAX_LENGTH; i++) {
		w[2 + i] = regs[i];
	}
	return cairn_invoke(tcb, CAIRN_TCB_WRITE_REGISTERS, 2 + n, w);
}

int
cairn_tcb_resume(cptr_t tcb)
{
	return cairn_call_short(tcb, cairn_msginfo(CAIRN_TCB_RESUME, 0, 0), 0,
				0, 0, 0);
}

int
cairn_tcb_suspend(cptr_t tcb)
{
	return inv(tcb, CAIRN_TCB_SUSPEND, 0, NULL, NULL);
}

int
cairn_tcb_bind_notification(cptr_t tcb, cptr_t ntfn)
{
	word_t w[1] = {ntfn};

	return inv(tcb, CAIRN_TCB_BIND_NOTIFICATION, 1, w, NULL);
}

int
cairn_tcb_unbind_notification(cptr_t tcb)
{
	return inv(tcb, CAIRN_TCB_UNBIND_NOTIFICATION, 0, NULL, NULL);
}

int
cairn_tcb_set_name(cptr_t tcb, const char *name)
{
	word_t w[2] = {0, 0};
	size_t n = strlen(name);

	memcpy(w, name, n < 15 ? n : 15);
	return inv(tcb, CAIRN_TCB_SET_NAME, 2, w, NULL);
}

int
cairn_tcb_set_fault_handler(cptr_t tcb, cptr_t ep)
{
	word_t w[1] = {ep};

	return inv(tcb, CAIRN_TCB_SET_FAULT_HANDLER, 1, w, NULL);
}

int
cairn_page_table_map(cptr_t table, cptr_t vspace, word_t vaddr)
{
	return cairn_call_short(table,
				cairn_msginfo(CAIRN_PAGE_TABLE_MAP, 0, 2),
				vspace, vaddr, 0, 0);
}

int
cairn_page_table_unmap(cptr_t table)
{
	return inv(table, CAIRN_PAGE_TABLE_UNMAP, 0, NULL, NULL);
}

int
cairn_frame_map(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights)
{
	return cairn_call_short(frame, cairn_msginfo(CAIRN_FRAME_MAP, 0, 3),
				vspace, vaddr, rights, 0);
}

int
cairn_frame_unmap(cptr_t frame)
{
	return cairn_call_short(frame, cairn_msginfo(CAIRN_FRAME_UNMAP, 0, 0),
				0, 0, 0, 0);
}

int
cairn_frame_address(cptr_t frame, word_t *phys)
{
	word_t w[1] = {0};

	return inv(frame, CAIRN_FRAME_ADDRESS, 0, w, phys);
}

int
cairn_irq_get(cptr_t control, word_t irq, cptr_t cnode, word_t index)
{
	word_t w[3] = {irq, cnode, index};

	return inv(control, CAIRN_IRQ_CONTROL_GET, 3, w, NULL);
}

int
cairn_irq_get_shared(cptr_t control, word_t irq, cptr_t cnode, word_t index)
{
	word_t w[3] = {irq, cnode, index};

	return inv(control, CAIRN_IRQ_CONTROL_GET_SHARED, 3, w, NULL);
}

int
cairn_irq_get_msi(cptr_t control, word_t requester, cptr_t cnode, word_t index,
		  struct cairn_msi *msi)
{
	word_t w[3] = {requester, cnode, index};
	int st = cairn_invoke(control, CAIRN_IRQ_CONTROL_GET_MSI, 3, w);

	if (st == CAIRN_OK && msi != NULL) {
		msi->index = w[0];
		msi->addr = w[1];
		msi->data = (uint32_t)w[2];
	}
	return st;
}

int
cairn_irq_msi_message(cptr_t handler, uint64_t *addr, uint32_t *data,
		      word_t *requester)
{
	word_t w[3] = {0};
	int st = cairn_invoke(handler, CAIRN_IRQ_MSI_MESSAGE, 0, w);

	if (st == CAIRN_OK) {
		*addr = w[0];
		*data = (uint32_t)w[1];
		*requester = w[2];
	}
	return st;
}

int
cairn_irq_set_notification(cptr_t handler, cptr_t ntfn)
{
	word_t w[1] = {ntfn};

	return inv(handler, CAIRN_IRQ_SET_NOTIFICATION, 1, w, NULL);
}

int
cairn_irq_ack(cptr_t handler)
{
	return inv(handler, CAIRN_IRQ_ACK, 0, NULL, NULL);
}

int
cairn_irq_clear(cptr_t handler)
{
	return inv(handler, CAIRN_IRQ_CLEAR, 0, NULL, NULL);
}

int
cairn_irq_set_timer(cptr_t handler, uint64_t at)
{
	word_t w[1] = {at};

	return inv(handler, CAIRN_IRQ_SET_TIMER, 1, w, NULL);
}

int
cairn_ioport_issue(cptr_t control, word_t first, word_t last, cptr_t cnode,
		   word_t index)
{
	word_t w[4] = {first, last, cnode, index};

	return inv(control, CAIRN_IOPORT_CONTROL_ISSUE, 4, w, NULL);
}

int
cairn_ioport_in(cptr_t port, word_t addr, word_t size, word_t *value)
{
	word_t w[2] = {addr, size};

	return inv(port, CAIRN_IOPORT_IN, 2, w, value);
}

int
cairn_ioport_out(cptr_t port, word_t addr, word_t size, word_t value)
{
	word_t w[3] = {addr, size, value};

	return inv(port, CAIRN_IOPORT_OUT, 3, w, NULL);
}
