/*
 * aarch64's registers in TCB READ_REGISTERS and WRITE_REGISTERS: the
 * round trip of every one, the SPSR bits a thread may set (NZCV only),
 * kernel addresses refused for the pc and TPIDRRO_EL0 (the IPC buffer's
 * register), and a privileged instruction at EL0.  The portable TCB
 * tests are t_tcb.c; x86_64's own are arch/x86_64/t_tcb_x86.c.
 */
#include "kt_space.h"

#define SPSR_NZCV 0xF0000000ul

KTEST(tcb_registers_round_trip)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t in[CAIRN_REG_COUNT], out[CAIRN_REG_COUNT];

	for (int i = 0; i < CAIRN_REG_COUNT; i++) {
		in[i] = 0x1111111111111111ul * (word_t)(i % 15 + 1);
		out[i] = 0;
	}
	in[CAIRN_REG_PC] = 0x401000;
	in[CAIRN_REG_SPSR] = 0x20000000; /* C */
	in[CAIRN_REG_TPIDRRO_EL0] = 0x7000000;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, in));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	for (int i = 0; i < CAIRN_REG_COUNT; i++) {
		KT_EQ(out[i], in[i]);
	}
	/* A shorter write changes only the first registers. */
	word_t two[2] = {0x402000, 0x5000};
	KT_OK(cairn_tcb_write_registers(t, 0, 2, two));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_PC], 0x402000);
	KT_EQ(out[CAIRN_REG_SP_EL0], 0x5000);
	KT_EQ(out[CAIRN_REG_X0], in[CAIRN_REG_X0]);
	KT_EQ(out[CAIRN_REG_X30], in[CAIRN_REG_X30]);
	KT_EQ(out[CAIRN_REG_TPIDR_EL0], in[CAIRN_REG_TPIDR_EL0]);
	KT_EQ(out[CAIRN_REG_TPIDRRO_EL0], 0x7000000);
}

KTEST(tcb_spsr_keeps_only_the_condition_flags)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[3] = {0x401000, 0x5000, 0};

	KT_OK(cairn_tcb_write_registers(t, 0, 3, regs));
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	KT_EQ(regs[CAIRN_REG_SPSR], 0); /* EL0t, interrupts unmasked */
	regs[CAIRN_REG_SPSR] = ~0ul;
	KT_OK(cairn_tcb_write_registers(t, 0, 3, regs));
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	/* No mode, no DAIF masks, no single step or illegal state. */
	KT_EQ(regs[CAIRN_REG_SPSR], SPSR_NZCV);
}

KTEST(tcb_write_registers_refuses_kernel_addresses)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[CAIRN_REG_COUNT] = {0}, out[CAIRN_REG_COUNT];

	regs[CAIRN_REG_PC] = 0x401000;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs));
	regs[CAIRN_REG_X0] = 0x1234; /* must not land: the write fails */
	regs[CAIRN_REG_PC] = CAIRN_USER_TOP;
	KT_EQ(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	regs[CAIRN_REG_PC] = 0xFFFFFFFF80000000ul;
	KT_EQ(cairn_tcb_write_registers(t, 0, 1, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	regs[CAIRN_REG_PC] = 0x401000;
	regs[CAIRN_REG_TPIDRRO_EL0] = 0xFFFF800000000000ul;
	KT_EQ(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_PC], 0x401000);
	KT_EQ(out[CAIRN_REG_X0], 0);
	KT_EQ(out[CAIRN_REG_TPIDRRO_EL0], 0);
	/* The last user page is fine; TPIDR_EL0 may hold anything. */
	regs[CAIRN_REG_PC] = CAIRN_USER_TOP - 4;
	regs[CAIRN_REG_TPIDRRO_EL0] = CAIRN_USER_TOP - 4096;
	regs[CAIRN_REG_TPIDR_EL0] = ~0ul;
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, out));
	KT_EQ(out[CAIRN_REG_PC], CAIRN_USER_TOP - 4);
	KT_EQ(out[CAIRN_REG_TPIDRRO_EL0], CAIRN_USER_TOP - 4096);
	KT_EQ(out[CAIRN_REG_TPIDR_EL0], ~0ul);
}

static volatile word_t progress;

/* Masks IRQs at EL0 (msr daifset): SCTLR_EL1.UMA is 0, so it traps. */
static void
daif_setter(word_t arg)
{
	(void)arg;
	progress = 1;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	progress = 2;
}

KTEST(fault_privileged_instruction_is_an_exception)
{
	struct cairn_msg m = {0};
	cptr_t ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t rep = kt_make(CAIRN_OBJ_REPLY, 0);

	progress = 0;
	ks_guard();
	cptr_t t = ks_thread(daif_setter, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR] >> 26, 0x18); /* a trapped MSR */
	KT_EQ(progress, 1);
	word_t pc = m.w[CAIRN_FAULT_IP] + 4;
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &pc));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	/* The thread's interrupts stayed unmasked. */
	word_t regs[3];
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	KT_TRUE(kt_user_flags(regs[CAIRN_REG_SPSR]));
}
