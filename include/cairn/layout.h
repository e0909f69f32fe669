/*
 * The virtual address layout (docs/memory.md).  User space is the lower
 * half below CAIRN_USER_TOP; the kernel owns the upper half.
 */
#ifndef CAIRN_LAYOUT_H
#define CAIRN_LAYOUT_H

/*
 * The top of user space.  The last page below the canonical hole is left
 * out, so that no SYSCALL can return to a non-canonical address.
 */
#define CAIRN_USER_TOP 0x00007ffffffff000ull

/* The root task's bootinfo page and IPC buffer. */
#define CAIRN_BOOTINFO_ADDR   0x00007fffffff1000ull
#define CAIRN_IPC_BUFFER_ADDR 0x00007fffffff2000ull

/* The root task's stack: 32 KiB below this address. */
#define CAIRN_USER_STACK_TOP  0x00007fffffff0000ull
#define CAIRN_USER_STACK_SIZE 0x8000ull

#endif
