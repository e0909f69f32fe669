/*
 * sysdefs: the handlers the arch's table names, and the constants of
 * Linux's ABI they use.
 */
#ifndef CAIRN_POSIX_SYSDEFS_H
#define CAIRN_POSIX_SYSDEFS_H

#include "posix.h"

#define LX_TIOCGWINSZ	 0x5413
#define LX_ARCH_SET_FS	 0x1002
#define LX_ARCH_GET_FS	 0x1003
#define LX_MAP_PRIVATE	 0x02
#define LX_MAP_FIXED	 0x10
#define LX_MAP_ANON	 0x20
#define LX_MAP_NOREPLACE 0x100000

#if defined(__aarch64__)
#define LX_MACHINE "aarch64"
#else
#define LX_MACHINE "x86_64"
#endif

#define SYS(name) word_t sys_##name(struct lproc *p, const word_t *a)

/* sys.c */
SYS(write);
SYS(writev);
SYS(ioctl);
SYS(getpid);
SYS(getppid);
SYS(getuid);
SYS(set_tid_address);
SYS(exit_group);
SYS(uname);
/* mem_sys.c */
SYS(brk);
SYS(mmap);
SYS(munmap);
SYS(mprotect);
/* arch/<arch>/sysarch.c */
SYS(arch_prctl);

#endif
