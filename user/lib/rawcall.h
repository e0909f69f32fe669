/*
 * The raw system calls: what each arch's rawcall_arch.h
 * (user/lib/arch/<arch>) defines, with the registers of its convention
 * (include/cairn/syscall.h; docs/abi.md).  The contracts are here, once.
 */
#ifndef CAIRN_USER_RAWCALL_H
#define CAIRN_USER_RAWCALL_H

#include <cairn/error.h>
#include <cairn/message.h>
#include <cairn/syscall.h>
#include <cairn/types.h>

/* The registers of one system call. */
struct cairn_regs {
	word_t cap;   /* in: the capability; out: the badge */
	word_t info;  /* message info, in and out */
	word_t reply; /* in: the reply object of a receive */
	word_t mr[CAIRN_MSG_REGS];
};

/* Make system call n with r, every register of the ABI in and out;
 * return the status. */
static inline word_t cairn_syscall(word_t n, struct cairn_regs *r);

/*
 * A system call with a capability and no message (signal, wait, yield):
 * only the number and the capability are loaded, the message info and
 * the reply object are zero (an empty message, no reply object).
 * Returns the status; the badge goes to *badge.  What a kernel might
 * write to the other registers of the ABI is clobbered, not stored.
 */
static inline word_t cairn_syscall_cap(word_t n, word_t cap, word_t *badge);

/*
 * Invoke cap (CALL) with message info info and up to four message words
 * w0-w3 (info says how many) when no word is wanted back: only these
 * registers are loaded, as seL4's invocation stubs do, where
 * cairn_syscall() moves every register of the ABI through memory.  The
 * other message registers are declared written, since the ABI lets the
 * answer change them.  Returns the status.
 */
static inline int cairn_call_short(word_t cap, word_t info, word_t w0,
				   word_t w1, word_t w2, word_t w3);

/*
 * cairn_call_short for up to six message words, w[0]-w[5] (info says
 * how many), giving back result word 0 in *mr0 when the call succeeds
 * and mr0 is not NULL.  Returns the status.
 */
static inline int cairn_call_long(word_t cap, word_t info, const word_t w[6],
				  word_t *mr0);

#include "rawcall_arch.h"

#endif
