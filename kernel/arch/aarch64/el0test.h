/*
 * el0test: the bring-up's trip to user mode (el0test.c, user.S).
 */
#ifndef CAIRN_A64_EL0TEST_H
#define CAIRN_A64_EL0TEST_H

/*
 * Build two user address spaces (ASIDs 1 and 2) and run user.S's
 * program in the first; the program's last access faults and the fault
 * powers the machine off with the verdict.  Never returns.
 */
_Noreturn void el0_test(void);

#endif
