/*
 * firmware: calls out of the kernel to what lies below it: PSCI (power,
 * through HVC or SMC as the board says) and Arm semihosting (QEMU's
 * -semihosting, which gives the host an exit status).  firmware.S.
 */
#ifndef CAIRN_A64_FIRMWARE_H
#define CAIRN_A64_FIRMWARE_H

#include <stdint.h>

/* PSCI 0.2 function numbers (SMC calling convention, 32-bit). */
#define PSCI_VERSION	  0x84000000u
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

/* Call PSCI function fid through HVC or SMC; returns x0. */
int64_t psci_hvc(uint64_t fid);
int64_t psci_smc(uint64_t fid);

/* Semihosting operations. */
#define SEMIHOST_SYS_EXIT 0x18
/* ADP_Stopped_ApplicationExit: SYS_EXIT's reason for a normal exit. */
#define SEMIHOST_APP_EXIT 0x20026

/*
 * Semihosting call op with parameter block arg.  Without semihosting the
 * hlt instruction (at semihost_hlt) is undefined; trap.c then returns
 * SEMIHOST_ABSENT in x0 and skips it.
 */
#define SEMIHOST_ABSENT ((uint64_t)-0x5e41)
uint64_t semihost_call(uint64_t op, const void *arg);
extern const char semihost_hlt[];

#endif
