/*
 * Messages: the message-info word, the registers that carry a message and
 * the IPC buffer that carries the rest (docs/abi.md, "Messages").
 */
#ifndef CAIRN_MESSAGE_H
#define CAIRN_MESSAGE_H

#include <cairn/types.h>

/*
 * The message-info word: bits 0-6 the length in words, 7-8 the number of
 * capabilities sent, 9-11 which received capabilities were unwrapped to
 * their badges, 12-63 the label.
 */
#define CAIRN_MSG_MAX_LENGTH 64
#define CAIRN_MSG_MAX_CAPS   3
#define CAIRN_MSG_REGS	     8 /* words 0-7 travel in registers */

static inline word_t
cairn_msginfo(word_t label, word_t caps, word_t length)
{
	return label << 12 | (caps & 3) << 7 | (length & 0x7F);
}

/*
 * The info word a receiver gets: cairn_msginfo's fields and which of the
 * capabilities that came were unwrapped to their badges (bit i: the i-th).
 */
static inline word_t
cairn_msginfo_recv(word_t label, word_t caps, word_t unwrapped, word_t length)
{
	return cairn_msginfo(label, caps, length) | (unwrapped & 7) << 9;
}

static inline word_t
cairn_msginfo_label(word_t info)
{
	return info >> 12;
}

static inline word_t
cairn_msginfo_length(word_t info)
{
	return info & 0x7F;
}

static inline word_t
cairn_msginfo_caps(word_t info)
{
	return (info >> 7) & 3;
}

static inline word_t
cairn_msginfo_unwrapped(word_t info)
{
	return (info >> 9) & 7;
}

/*
 * The IPC buffer: one per thread, in a frame the thread maps, aligned to
 * its size (a power of two at least sizeof).  msg[0-7] are not used
 * there: those words travel in registers.  The kernel points the thread's
 * FS base at its buffer and fills in self, so a thread finds its own
 * buffer as %fs:self (cairn_ipcbuf() in libcairn).
 */
struct cairn_ipc_buffer {
	word_t msg[CAIRN_MSG_MAX_LENGTH];
	cptr_t caps[CAIRN_MSG_MAX_CAPS];   /* capabilities to send */
	word_t badges[CAIRN_MSG_MAX_CAPS]; /* received: badges unwrapped */
	cptr_t recv_cnode;		   /* where a received capability */
	word_t recv_index;		   /* goes (cnode 0: nowhere) */
	word_t user_data;		   /* the thread's own use */
	word_t self;			   /* this buffer's address */
	word_t reserved[4];
};

#define CAIRN_IPC_BUFFER_BITS 10
_Static_assert(sizeof(struct cairn_ipc_buffer) <= 1 << CAIRN_IPC_BUFFER_BITS,
	       "the IPC buffer fits its alignment");

#endif
