/*
 * x86_64's registers in TCB READ_REGISTERS and WRITE_REGISTERS: the
 * round trip of every one, the RFLAGS a thread may set, kernel and
 * non-canonical addresses refused for rip and the FS base, and an FS
 * base that one thread clears not leaking to the next.  The portable TCB
 * tests are t_tcb.c.
 */
#include "ktest.h"

KTEST(tcb_registers_round_trip)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t in[CAIRN_REG_COUNT], out[CAIRN_REG_COUNT];

	for (int i = 0; i < CAIRN_REG_COUNT; i++) {
		in[i] = 0x1111111111111111ul * (word_t)(i % 15 + 1);
		out[i] = 0;
	}
	in[CAIRN_REG_RIP] = 0x401000;
	in[CAIRN_REG_RFLAGS] = 0x202 | 0x1; /* CF */
	in[CAIRN_REG_FS_BASE] = 0x7000000;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, in));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	for (int i = 0; i < CAIRN_REG_COUNT; i++) {
		KT_EQ(out[i], in[i]);
	}
	/* A shorter write changes only the first registers. */
	word_t two[2] = {0x402000, 0x5000};
	KT_OK(cairn_tcb_write_registers(t, 0, 2, two));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_RIP], 0x402000);
	KT_EQ(out[CAIRN_REG_RSP], 0x5000);
	KT_EQ(out[CAIRN_REG_RAX], in[CAIRN_REG_RAX]);
	KT_EQ(out[CAIRN_REG_FS_BASE], 0x7000000);
}

KTEST(tcb_rflags_keeps_only_allowed_flags)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[3] = {0x401000, 0x5000, 0};

	KT_OK(cairn_tcb_write_registers(t, 0, 3, regs));
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	KT_EQ(regs[CAIRN_REG_RFLAGS], 0x202); /* IF stays on */
	regs[CAIRN_REG_RFLAGS] = ~0ul;
	KT_OK(cairn_tcb_write_registers(t, 0, 3, regs));
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	/* Arithmetic flags, TF, DF, AC, ID: no IOPL, NT, RF, VM, VIF. */
	KT_EQ(regs[CAIRN_REG_RFLAGS], 0x240DD5 | 0x202);
}

KTEST(tcb_write_registers_refuses_kernel_addresses)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[CAIRN_REG_COUNT] = {0}, out[CAIRN_REG_COUNT];

	regs[CAIRN_REG_RIP] = 0x401000;
	regs[CAIRN_REG_RFLAGS] = 0x202;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs));
	regs[CAIRN_REG_RAX] = 0x1234; /* must not land: the write fails */
	regs[CAIRN_REG_RIP] = CAIRN_USER_TOP;
	KT_EQ(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	regs[CAIRN_REG_RIP] = 0xFFFFFFFF80000000ul;
	KT_EQ(cairn_tcb_write_registers(t, 0, 1, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	regs[CAIRN_REG_RIP] = 0x0000800000000000ul; /* not canonical */
	KT_EQ(cairn_tcb_write_registers(t, 0, 1, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	regs[CAIRN_REG_RIP] = 0x401000;
	regs[CAIRN_REG_FS_BASE] = CAIRN_USER_TOP;
	KT_EQ(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_RIP], 0x401000);
	KT_EQ(out[CAIRN_REG_RAX], 0);
	KT_EQ(out[CAIRN_REG_FS_BASE], 0);
	/* The last user page is fine. */
	regs[CAIRN_REG_RIP] = CAIRN_USER_TOP - 1;
	regs[CAIRN_REG_FS_BASE] = CAIRN_USER_TOP - 4096;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_RIP], CAIRN_USER_TOP - 1);
	KT_EQ(out[CAIRN_REG_FS_BASE], CAIRN_USER_TOP - 4096);
}

static volatile word_t fs_seen_g, fs_done_g;

/* Waits on n, reads its IPC buffer's address through FS, waits again. */
static void
fs_checker(word_t n)
{
	word_t b;

	cairn_wait(n, &b);
	fs_seen_g = (word_t)cairn_ipcbuf();
	fs_done_g = 1;
	for (;;) {
		cairn_wait(n, &b);
	}
}

/*
 * Loads the user data selector into FS, which sets the FS base to the
 * descriptor's, 0 (a null selector would too on Intel, not on AMD), then
 * signals n, and waits on it for good.
 */
static void
fs_clobberer(word_t n)
{
	word_t b;

	__asm__ volatile("mov %0, %%fs" ::"r"(0x23) : "memory");
	cairn_signal(n);
	for (;;) {
		cairn_wait(n + 1, &b); /* the next slot: nothing signals it */
	}
}

/*
 * A thread that clears its own FS base must not leave it cleared for the
 * next thread, even one whose FS base has the same value as its own: b
 * (254) waits, a (253, b's FS base written into it) clears its FS and
 * wakes b, which runs at once in a's place and reads its IPC buffer.
 */
KTEST(tcb_fs_base_not_leaked_between_threads)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t nb = kt_mint(n, CAIRN_RIGHTS_ALL, 1);
	cptr_t idle = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t rb[CAIRN_REG_COUNT], ra[CAIRN_REG_COUNT];

	fs_seen_g = fs_done_g = 0;
	KT_EQ(idle, nb + 1);
	cptr_t b = kt_thread(fs_checker, nb, 254, 0);
	cptr_t a = kt_thread(fs_clobberer, nb, 253, 0);
	KT_OK(cairn_tcb_read_registers(b, CAIRN_REG_COUNT, rb));
	KT_OK(cairn_tcb_read_registers(a, CAIRN_REG_COUNT, ra));
	ra[CAIRN_REG_FS_BASE] = rb[CAIRN_REG_FS_BASE];
	KT_OK(cairn_tcb_write_registers(a, 0, CAIRN_REG_COUNT, ra));
	/* Below both while they run; back once both wait or stopped. */
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 100);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
	KT_EQ(fs_done_g, 1);
	KT_EQ(fs_seen_g, rb[CAIRN_REG_FS_BASE]);
	KT_OK(cairn_tcb_suspend(a));
	KT_OK(cairn_tcb_suspend(b));
}
