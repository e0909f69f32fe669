/*
 * libcairn: the system calls and every kernel invocation as C functions,
 * for user programs (docs/abi.md).  Each returns a status: CAIRN_OK or a
 * CAIRN_E_* code.
 */
#ifndef CAIRN_USER_CAIRN_H
#define CAIRN_USER_CAIRN_H

#include <stddef.h>
#include <stdint.h>

#include <cairn/bootinfo.h>
#include <cairn/error.h>
#include <cairn/fault.h>
#include <cairn/invocation.h>
#include <cairn/layout.h>
#include <cairn/message.h>
#include <cairn/object.h>
#include <cairn/syscall.h>

#include "cairn_cpu.h" /* the arch's: its counter, the IPC buffer */
#include "rawcall.h"   /* the system call itself (and the arch's) */

/* A message: words, and what came with it. */
struct cairn_msg {
	word_t badge;
	word_t label;
	word_t len;	  /* words */
	word_t caps;	  /* capabilities received (or to send) */
	word_t unwrapped; /* bit i: received capability i came as its badge,
			     in cairn_ipcbuf()->badges[i] */
	word_t w[CAIRN_MSG_MAX_LENGTH];
};

/* xorshift64: a quick pseudo-random stream from *state (not zero). */
static inline uint64_t
cairn_xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* IPC.  m gives the words to send and receives the answer. */
int cairn_send(cptr_t ep, word_t label, word_t len, struct cairn_msg *m);
int cairn_nbsend(cptr_t ep, word_t label, word_t len, struct cairn_msg *m);
int cairn_call(cptr_t ep, word_t label, word_t len, struct cairn_msg *m);
/* A call of three words a, b, c (a service's client stubs): the
 * transfer's status, else the answer's label; its MR0 in *w0 (may be
 * NULL). */
int cairn_call3(cptr_t ep, word_t label, word_t a, word_t b, word_t c,
		word_t *w0);
int cairn_recv(cptr_t ep, cptr_t reply, struct cairn_msg *m);
int cairn_nbrecv(cptr_t ep, cptr_t reply, struct cairn_msg *m);
int cairn_reply(cptr_t reply, word_t label, word_t len, struct cairn_msg *m);
int cairn_reply_recv(cptr_t ep, cptr_t reply, word_t label, word_t len,
		     struct cairn_msg *m);
int cairn_signal(cptr_t ntfn);
int cairn_wait(cptr_t ntfn, word_t *bits);
int cairn_poll(cptr_t ntfn, word_t *bits);
void cairn_yield(void);

/*
 * Invoke method label of the object at cap with n words from w; results
 * come back in w.  The general form of every wrapper below.
 */
int cairn_invoke(cptr_t cap, word_t label, word_t n, word_t *w);

/* Untyped. */
int cairn_untyped_retype(cptr_t ut, word_t type, word_t size, cptr_t cnode,
			 word_t index, word_t count, word_t *first);

/* CNode (invoked on the destination CNode). */
int cairn_cnode_copy(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		     word_t rights, word_t *slot);
int cairn_cnode_mint(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		     word_t rights, word_t badge, word_t *slot);
int cairn_cnode_move(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		     word_t *slot);
int cairn_cnode_mutate(cptr_t cnode, word_t dest, cptr_t src_cnode, word_t src,
		       word_t badge, word_t *slot);
int cairn_cnode_delete(cptr_t cnode, word_t index);
int cairn_cnode_revoke(cptr_t cnode, word_t index);

/* TCB. */
int cairn_tcb_configure(cptr_t tcb, cptr_t fault_ep, cptr_t cspace,
			word_t guard, cptr_t vspace, word_t ipc_buffer,
			cptr_t ipc_frame);
int cairn_tcb_set_priority(cptr_t tcb, cptr_t authority, word_t prio);
int cairn_tcb_set_mcp(cptr_t tcb, cptr_t authority, word_t mcp);
int cairn_tcb_read_registers(cptr_t tcb, word_t n, word_t *regs);
/* Words [first, first + n) of a thread's FP and SIMD state
 * (CAIRN_FPU_WORDS, cairn/arch/registers.h); n at most 62. */
int cairn_tcb_read_fpu(cptr_t tcb, word_t first, word_t n, word_t *words);
int cairn_tcb_write_fpu(cptr_t tcb, word_t first, word_t n,
			const word_t *words);
int cairn_tcb_write_registers(cptr_t tcb, int resume, word_t n,
			      const word_t *regs);
int cairn_tcb_resume(cptr_t tcb);
int cairn_tcb_suspend(cptr_t tcb);
int cairn_tcb_bind_notification(cptr_t tcb, cptr_t ntfn);
int cairn_tcb_unbind_notification(cptr_t tcb);
int cairn_tcb_set_name(cptr_t tcb, const char *name);
int cairn_tcb_set_fault_handler(cptr_t tcb, cptr_t ep);

/* VSpace objects and frames. */
int cairn_page_table_map(cptr_t table, cptr_t vspace, word_t vaddr);
int cairn_page_table_unmap(cptr_t table);
int cairn_frame_map(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights);
int cairn_frame_unmap(cptr_t frame);
int cairn_frame_address(cptr_t frame, word_t *phys);

/*
 * Map frame at vaddr in vspace with rights, first making and mapping the
 * page tables the mapping needs: make(type) makes a table object of that
 * type and returns its cptr, a slot of cnode (where an unneeded one is
 * deleted again).  Returns the frame mapping's status.
 */
int cairn_frame_map_tables(cptr_t frame, cptr_t vspace, word_t vaddr,
			   word_t rights, cptr_t cnode,
			   cptr_t (*make)(word_t type));

/* Interrupts and I/O ports. */
int cairn_irq_get(cptr_t control, word_t irq, cptr_t cnode, word_t index);
/* A level line's handler that others may share (PCI INTx): each holder
 * asks for it by this call; the line opens again when all have acked. */
int cairn_irq_get_shared(cptr_t control, word_t irq, cptr_t cnode,
			 word_t index);
/* A message-signalled interrupt's handler, for the PCI function
 * requester (bus << 8 | device << 3 | function), into slot index of
 * cnode; *msi gets the slot used and what the device writes where. */
struct cairn_msi {
	word_t index;
	uint64_t addr;
	uint32_t data;
};
int cairn_irq_get_msi(cptr_t control, word_t requester, cptr_t cnode,
		      word_t index, struct cairn_msi *msi);
/* An MSI handler's message, and the function it was issued for. */
int cairn_irq_msi_message(cptr_t handler, uint64_t *addr, uint32_t *data,
			  word_t *requester);
int cairn_irq_set_notification(cptr_t handler, cptr_t ntfn);
int cairn_irq_ack(cptr_t handler);
int cairn_irq_clear(cptr_t handler);
/* A timer's handler (aarch64's virtual timer): interrupt when the counter
 * cairn_rdtsc reads reaches at; ~0, never. */
int cairn_irq_set_timer(cptr_t handler, uint64_t at);
int cairn_ioport_issue(cptr_t control, word_t first, word_t last, cptr_t cnode,
		       word_t index);
int cairn_ioport_in(cptr_t port, word_t addr, word_t size, word_t *value);
int cairn_ioport_out(cptr_t port, word_t addr, word_t size, word_t value);

/* Debug (the root task holds the debug capability). */
extern cptr_t cairn_debug_cap;
int cairn_debug_putc(char c);
int cairn_debug_write(const char *s, size_t n);
int cairn_debug_list_threads(void);
/*
 * Turn the kernel's fast path on (on != 0) or off; returns whether it is
 * on now (a kernel built without one keeps it off), or a negative error.
 */
int cairn_debug_fastpath(int on);
_Noreturn void cairn_debug_poweroff(word_t status);
/* Reset the machine; returns a negative error if it could not. */
int cairn_debug_reboot(void);
int cairn_debug_cap_info(cptr_t cap, word_t *type, word_t *rights, word_t *size,
			 word_t *w1);

/* End the program: the root task powers the machine off with status. */
/*
 * A root task run in place by init (the shell's `test` and `bench`) has
 * "inplace SLOT" as its arguments: an endpoint to init.  This gives that
 * slot, or 0 for a root task the kernel started.
 */
cptr_t cairn_in_place(void);

/* End: power the machine off with status, or, run in place, tell init. */
_Noreturn void cairn_exit(word_t status);

/* printf to the kernel log through the debug capability. */
/* NOLINTNEXTLINE(readability-redundant-declaration): stdio.h's, in processes */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
