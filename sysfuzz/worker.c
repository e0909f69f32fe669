/*
 * The worker: random system calls, drawn mostly from values that get past
 * the first checks (its own slots, real labels, object types and sizes,
 * page-aligned addresses) and partly from noise, so that both the decode
 * steps and the invoke steps behind them are reached.
 */
#include "sysfuzz.h"

struct fuzz_state fz;

/* xorshift64*: fast, and the whole stream follows from the seed. */
uint64_t
fuzz_next(void)
{
	fz.rng ^= fz.rng >> 12;
	fz.rng ^= fz.rng << 25;
	fz.rng ^= fz.rng >> 27;
	return fz.rng * 0x2545F4914F6CDD1Dull;
}

static word_t
below(word_t n)
{
	return fuzz_next() % n;
}

/* The worker's slots: mostly its first few, sometimes anywhere. */
static word_t
pick_index(void)
{
	switch (below(8)) {
	case 0:
		return below(1u << WRADIX);
	case 1:
		return CAIRN_SLOT_AUTO;
	default:
		return below(WSLOTS);
	}
}

/* A capability address: a slot, or two levels deep, or garbage. */
static word_t
pick_cap(void)
{
	word_t r = below(32);

	if (r == 0) {
		return 0;
	} else if (r == 1) {
		return fuzz_next();
	} else if (r == 2) {
		return WCPTR(below(WSLOTS)) | below(1u << WSHIFT);
	} else if (r == 3) {
		return WCPTR(below(1u << WRADIX));
	} else if (r < 10) {
		return WCPTR(1 + below(WSLOTS - 1));
	}
	return WCPTR(1 + below(W_FIRST_FREE - 1)); /* its objects */
}

/* Every label some object has, and a few no object has. */
static const word_t labels[] = {
    CAIRN_UNTYPED_RETYPE,
    CAIRN_CNODE_COPY,
    CAIRN_CNODE_MINT,
    CAIRN_CNODE_MOVE,
    CAIRN_CNODE_MUTATE,
    CAIRN_CNODE_DELETE,
    CAIRN_CNODE_REVOKE,
    CAIRN_TCB_CONFIGURE,
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
    CAIRN_DEBUG_PUTC,
    CAIRN_DEBUG_POWEROFF,
    CAIRN_PAGE_TABLE_MAP,
    CAIRN_PAGE_TABLE_UNMAP,
    CAIRN_FRAME_MAP,
    CAIRN_FRAME_UNMAP,
    CAIRN_FRAME_ADDRESS,
    CAIRN_IRQ_CONTROL_GET,
    CAIRN_IRQ_ACK,
    CAIRN_IOPORT_CONTROL_ISSUE,
    CAIRN_IOPORT_OUT,
    0,
    127,
};

static word_t
pick_label(void)
{
	switch (below(8)) {
	case 0:
		return below(128);
	case 1:
		return fuzz_next() >> 12;
	default:
		return labels[below(sizeof(labels) / sizeof(labels[0]))];
	}
}

/* An address: the worker's window, its own memory, the kernel's, none. */
static word_t
pick_address(void)
{
	switch (below(8)) {
	case 0:
		return 0x400000 + below(64) * 4096; /* its image */
	case 1:
		return 0xFFFFFFFF80000000ull + below(1024) * 4096;
	case 2:
		return 0x0000800000000000ull; /* the canonical hole */
	case 3:
		return CAIRN_USER_TOP - 4096 * below(4);
	case 4:
		return fuzz_next();
	default:
		/* Page- or large-page-aligned, in a window of its own. */
		return 0x200000000ull +
		       below(512) * (below(2) ? 4096 : 0x200000);
	}
}

static word_t
pick_word(void)
{
	switch (below(12)) {
	case 0:
		return 0;
	case 1:
		return ~0ull;
	case 2:
		return below(16);
	case 3:
	case 4:
		return pick_cap();
	case 5:
		return pick_index();
	case 6:
		return pick_address();
	case 7:
		return below(2) ? 12 + below(10) : below(64); /* sizes */
	case 8:
		return CAIRN_OBJ_UNTYPED + below(CAIRN_OBJ_RETYPE_MAX + 1);
	case 9:
		return below(32); /* rights */
	case 10:
		return below(300); /* priorities, counts */
	default:
		return fuzz_next();
	}
}

/* Refill part of the IPC buffer: words 8-63, capabilities to send,
 * where a received one goes.  Never its self word, which the kernel set
 * and the thread's %fs reads. */
static void
scramble_buffer(void)
{
	struct cairn_ipc_buffer *b = cairn_ipcbuf();

	for (int i = 8; i < CAIRN_MSG_MAX_LENGTH; i++) {
		b->msg[i] = pick_word();
	}
	for (int i = 0; i < CAIRN_MSG_MAX_CAPS; i++) {
		b->caps[i] = pick_cap();
	}
	b->recv_cnode = below(2) ? WCPTR(W_CNODE) : pick_cap();
	b->recv_index = pick_index();
}

/* A system call number: mostly CALL (an invocation), any of the others. */
static word_t
pick_syscall(void)
{
	static const word_t calls[] = {
	    CAIRN_SYS_SEND,  CAIRN_SYS_NBSEND,	    CAIRN_SYS_NBRECV,
	    CAIRN_SYS_RECV,  CAIRN_SYS_REPLY,	    CAIRN_SYS_REPLY_RECV,
	    CAIRN_SYS_YIELD, CAIRN_SYS_DEBUG_FLOOR,
	};

	word_t r = below(32);

	if (r == 0) {
		return -(word_t)(1 + below(40)); /* numbers no call has, too */
	} else if (r == 1) {
		return below(64); /* an unknown-syscall fault */
	} else if (r < 10) {
		return calls[below(sizeof(calls) / sizeof(calls[0]))];
	}
	return CAIRN_SYS_CALL;
}

static void
one_call(void)
{
	struct cairn_regs r;
	word_t n = pick_syscall();
	word_t len = below(4) == 0 ? below(CAIRN_MSG_MAX_LENGTH + 8) : below(9);

	r.cap = pick_cap();
	word_t label = pick_label(); /* drawn in this order, as ever */
	r.info = cairn_msginfo(label, below(4), len);
	if (below(16) == 0) {
		r.info = fuzz_next();
	}
	r.reply = below(2) ? WCPTR(W_REPLY) : pick_cap();
	for (int i = 0; i < CAIRN_MSG_REGS; i++) {
		r.mr[i] = pick_word();
	}
	if (below(4) == 0) {
		scramble_buffer();
	}
	fz.inflight = 1;
	word_t st = cairn_syscall(n, &r);
	fz.inflight = 0;
	if (n == (word_t)CAIRN_SYS_DEBUG_FLOOR && st == n) {
		st = CAIRN_OK; /* it touches nothing, rax included */
	}
	if (st < CAIRN_E_COUNT) {
		fz.status[st]++;
	} else if (fz.bad++ == 0) {
		fz.bad_call[0] = n;
		fz.bad_call[1] = r.cap;
		fz.bad_call[2] = r.info;
		fz.bad_call[3] = st;
	}
}

/*
 * The worker's loop; the supervisor starts it here again after every
 * block or fault.  At the end of an epoch it parks: it marks itself
 * parked and makes an unknown system call, which stops it either way
 * (a fault message, or no handler left).
 */
void
worker_main(word_t arg)
{
	(void)arg;
	for (;;) {
		if (fz.calls >= fz.epoch_end || fz.calls >= fz.target) {
			fz.parked = 1;
			struct cairn_regs r = {0, 0, 0, {0}};
			cairn_syscall(0, &r);
			continue;
		}
		fz.calls++;
		one_call();
	}
}
