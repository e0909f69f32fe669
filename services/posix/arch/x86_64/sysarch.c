/*
 * x86_64's own calls.  arch_prctl(ARCH_SET_FS) sets the FS base, Linux's
 * thread pointer: a Linux thread has no IPC buffer, so the register is
 * its own (docs/posix.md).  The registers are written while the thread
 * waits for the answer; the answer then sets only rax.
 */
#include "procrt.h"
#include "../../sysdefs.h"

word_t
sys_arch_prctl(struct lproc *p, const word_t *a)
{
	word_t regs[CAIRN_REG_COUNT];

	switch (a[0]) {
	case LX_ARCH_SET_FS:
		if (a[1] >= LINUX_TOP) {
			return (word_t)-LX_EPERM;
		}
		if (cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT, regs) !=
		    CAIRN_OK) {
			return (word_t)-LX_EINVAL;
		}
		regs[CAIRN_REG_FS_BASE] = a[1];
		if (cairn_tcb_write_registers(p->tcb, 0, CAIRN_REG_COUNT,
					      regs) != CAIRN_OK) {
			return (word_t)-LX_EPERM;
		}
		p->fs_base = a[1];
		return 0;
	case LX_ARCH_GET_FS:
		return copy_out(p, a[1], &p->fs_base, 8) < 0
			   ? (word_t)-LX_EFAULT
			   : 0;
	default:
		return (word_t)-LX_EINVAL;
	}
}
