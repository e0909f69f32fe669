/*
 * Invocation labels: the methods of each kernel object, called with
 * CAIRN_SYS_CALL on a capability to the object (docs/abi.md).
 */
#ifndef CAIRN_INVOCATION_H
#define CAIRN_INVOCATION_H

#include <cairn/arch/registers.h>

/*
 * A destination index that lets the kernel choose a free slot: the first
 * free one.  CAIRN_SLOT_AUTO_FROM(i) takes the first free one at or after
 * slot i; the kernel writes it back into the caller's message when a long
 * search stops at a preemption point, so that the call, made again,
 * resumes there.  Every index at or above CAIRN_SLOT_AUTO_MIN is
 * automatic.
 */
#define CAIRN_SLOT_AUTO		(~0ull)
#define CAIRN_SLOT_AUTO_FROM(i) (~(unsigned long long)(i))
#define CAIRN_SLOT_AUTO_MIN	(~0ull << 32)

enum cairn_label {
	/* Untyped */
	CAIRN_UNTYPED_RETYPE = 1,
	/* CNode (invoked on the destination CNode) */
	CAIRN_CNODE_COPY = 16,
	CAIRN_CNODE_MINT,
	CAIRN_CNODE_MOVE,
	CAIRN_CNODE_MUTATE,
	CAIRN_CNODE_DELETE,
	CAIRN_CNODE_REVOKE,
	/* TCB */
	CAIRN_TCB_CONFIGURE = 32,
	CAIRN_TCB_SET_PRIORITY,
	CAIRN_TCB_SET_MCP,
	CAIRN_TCB_READ_REGISTERS,
	CAIRN_TCB_WRITE_REGISTERS,
	CAIRN_TCB_RESUME,
	CAIRN_TCB_SUSPEND,
	CAIRN_TCB_BIND_NOTIFICATION,
	CAIRN_TCB_UNBIND_NOTIFICATION,
	CAIRN_TCB_SET_NAME,
	CAIRN_TCB_SET_FAULT_HANDLER,
	CAIRN_TCB_READ_FPU,
	CAIRN_TCB_WRITE_FPU,
	/* Debug */
	CAIRN_DEBUG_PUTC = 64,
	CAIRN_DEBUG_WRITE,
	CAIRN_DEBUG_LIST_THREADS,
	CAIRN_DEBUG_POWEROFF,
	CAIRN_DEBUG_CAP_INFO,
	CAIRN_DEBUG_MAX_STRETCH,
	CAIRN_DEBUG_FASTPATH,
	CAIRN_DEBUG_REBOOT,
	/* VSpace objects and frames */
	CAIRN_PAGE_TABLE_MAP = 80,
	CAIRN_PAGE_TABLE_UNMAP,
	CAIRN_FRAME_MAP,
	CAIRN_FRAME_UNMAP,
	CAIRN_FRAME_ADDRESS,
	/* Interrupts, and I/O ports (x86_64) */
	CAIRN_IRQ_CONTROL_GET = 96,
	CAIRN_IRQ_SET_NOTIFICATION,
	CAIRN_IRQ_ACK,
	CAIRN_IRQ_CLEAR,
	CAIRN_IOPORT_CONTROL_ISSUE,
	CAIRN_IOPORT_IN,
	CAIRN_IOPORT_OUT,
	CAIRN_IRQ_SET_TIMER, /* a timer's handler: arm it (aarch64's CNTV) */
	CAIRN_IRQ_CONTROL_GET_MSI, /* a message-signalled interrupt's handler */
	CAIRN_IRQ_MSI_MESSAGE, /* an MSI handler: its message and requester */
	CAIRN_IRQ_CONTROL_GET_SHARED, /* a level line, shared (PCI INTx) */
};

#endif
