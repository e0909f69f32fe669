/* sysentry: SYSCALL entry set-up. */
#ifndef CAIRN_X86_SYSENTRY_H
#define CAIRN_X86_SYSENTRY_H

/* Point SYSCALL at syscall_entry and set the segments and flag mask. */
void syscall_init(void);

#endif
