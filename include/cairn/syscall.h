/*
 * System call numbers and the register convention (docs/abi.md).
 *
 * SYSCALL with the number in rax and arguments in rdi, rsi, rdx, r10, r8,
 * r9; the status (enum cairn_error) comes back in rax.  rcx and r11 are
 * clobbered, as SYSCALL itself does.  Native numbers are negative; a
 * non-negative number is an unknown-syscall fault.
 */
#ifndef CAIRN_SYSCALL_H
#define CAIRN_SYSCALL_H

enum cairn_syscall {
	/* Write rsi bytes at rdi to the kernel log.  At most 4096. */
	CAIRN_SYS_DEBUG_WRITE = -64,
	/* End the calling program with status rdi (0 to 255). */
	CAIRN_SYS_DEBUG_EXIT = -65,
};

#define CAIRN_DEBUG_WRITE_MAX 4096

#endif
