/*
 * Faults only x86_64 has: a far jump to a 32-bit code segment, divide
 * error, HLT and INT n from user mode (general protection), a
 * non-canonical address.  The portable fault tests are t_fault.c.
 */
#include "kt_space.h"

static cptr_t ep, rep;
static volatile word_t progress, value;

static void
setup(void)
{
	progress = 0;
	value = 0;
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
}

static void
reader(word_t va)
{
	progress = 1;
	value = *(volatile word_t *)va;
	progress = 2;
}

/*
 * A far jump to selector 0x1b, where SYSRET's 32-bit user code segment
 * would be: no such segment exists (a thread in 32-bit mode could make a
 * SYSCALL through CSTAR, which the kernel does not take), so it faults.
 * (A far return would do too, but QEMU reads its stack as the kernel, so
 * SMAP makes that a page fault.)
 */
static void
compat_jumper(word_t arg)
{
	static volatile struct __attribute__((packed)) {
		uint32_t offset;
		uint16_t selector;
	} far;

	(void)arg;
	progress = 1;
	far.offset = (uint32_t)(word_t)compat_jumper;
	far.selector = 0x1b;
	__asm__ volatile("ljmpl *%0" ::"m"(far) : "memory");
	progress = 2;
}

KTEST(fault_no_32bit_user_code_segment)
{
	struct cairn_msg m = {0};

	setup();
	ks_thread(compat_jumper, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 13);
	KT_EQ(m.w[CAIRN_FAULT_CODE], 0x18); /* the selector's index */
	KT_EQ(progress, 1);
}

static void
divider(word_t d)
{
	word_t q;

	progress = 1;
	__asm__ volatile("xor %%edx, %%edx\n\tdivq %2"
			 : "=a"(q)
			 : "a"(100ull), "r"(d)
			 : "rdx", "cc");
	value = q;
	progress = 2;
}

KTEST(fault_divide_by_zero_handler_fixes_registers)
{
	struct cairn_msg m = {0};
	word_t regs[4];

	setup();
	cptr_t t = ks_thread(divider, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 0);
	const uint8_t *ip = (const uint8_t *)m.w[CAIRN_FAULT_IP];
	/* divq reg: REX.W F7 /6, three bytes. */
	KT_TRUE((ip[0] & 0xF8) == 0x48);
	KT_EQ(ip[1], 0xF7);
	KT_EQ(ip[2] >> 3, (3 << 3 | 6));
	KT_OK(cairn_tcb_read_registers(t, 4, regs));
	KT_EQ(regs[CAIRN_REG_RIP], (word_t)ip);
	KT_EQ(regs[CAIRN_REG_RAX], 100);
	regs[CAIRN_REG_RIP] += 3;
	regs[CAIRN_REG_RAX] = 77; /* the quotient */
	KT_OK(cairn_tcb_write_registers(t, 0, 4, regs));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 77);
}

static void
hlt_thread(word_t arg)
{
	(void)arg;
	progress = 1;
	__asm__ volatile("hlt");
	progress = 2;
}

KTEST(fault_privileged_instruction_is_general_protection)
{
	struct cairn_msg m = {0};

	setup();
	cptr_t t = ks_thread(hlt_thread, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 13);
	KT_EQ(m.w[CAIRN_FAULT_CODE], 0);
	KT_EQ(*(const uint8_t *)m.w[CAIRN_FAULT_IP], 0xF4);
	word_t rip = m.w[CAIRN_FAULT_IP] + 1;
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &rip));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

static void
int_thread(word_t arg)
{
	progress = 1;
	if (arg == 3) {
		__asm__ volatile("int3");
	} else {
		__asm__ volatile("int $0x30"); /* an IRQ's vector */
	}
	progress = 2;
}

/*
 * INT n from user mode: every gate is ring 0 only (idt.c), so #GP at the
 * INT itself, its error code naming the IDT gate (bit 1; the index is n,
 * scaled by 8 or, as QEMU does in long mode, by 16).
 */
static void
int_body(word_t n, word_t len)
{
	struct cairn_msg m = {0};

	setup();
	cptr_t t = ks_thread(int_thread, n, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 13);
	word_t code = m.w[CAIRN_FAULT_CODE];
	KT_EQ(code & 3, 2);
	KT_TRUE(code >> 3 == n || code >> 4 == n);
	const uint8_t *ip = (const uint8_t *)m.w[CAIRN_FAULT_IP];
	KT_EQ(ip[0], len == 1 ? 0xCC : 0xCD);
	word_t rip = (word_t)ip + len;
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &rip));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

KTEST(fault_int3_from_user_is_general_protection)
{
	int_body(3, 1);
}

KTEST(fault_int_irq_vector_from_user_is_refused)
{
	int_body(0x30, 2);
}

KTEST(fault_non_canonical_access_is_general_protection)
{
	struct cairn_msg m = {0};

	setup();
	ks_thread(reader, 0x0000800000000000ull, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 13);
	KT_EQ(progress, 1);
}
