/*
 * aarch64_root: a root task for the aarch64 kernel's boot test
 * (tests/system/aarch64.py), until user land builds for aarch64.  It
 * checks what the kernel set up for it (x0 the bootinfo, its magic,
 * TPIDRRO_EL0 the IPC buffer), makes a call by the system-call ABI
 * (docs/abi.md, "aarch64"), uses FP/SIMD (the lazy trap), prints its
 * findings through the debug capability, and powers off with status 0
 * only if every check held.
 */
#include <cairn/bootinfo.h>
#include <cairn/invocation.h>
#include <cairn/layout.h>
#include <cairn/message.h>
#include <cairn/syscall.h>

/* CALL on capability c with label and up to one word; the status. */
static long
call1(unsigned long c, unsigned long label, unsigned long len, unsigned long w0)
{
	register unsigned long x0 __asm__("x0") = c;
	register unsigned long x1 __asm__("x1") = cairn_msginfo(label, 0, len);
	register unsigned long x2 __asm__("x2") = w0;
	register long x8 __asm__("x8") = CAIRN_SYS_CALL;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x8)
			 :
			 : "x3", "x4", "x5", "x6", "x7", "x9", "x10", "x11",
			   "memory");
	return x8;
}

static int ok = 1;

static void
say(const char *s)
{
	for (; *s != '\0'; s++) {
		ok &= call1(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_PUTC, 1,
			    (unsigned char)*s) == 0;
	}
}

static void
check(const char *what, int good)
{
	say(what);
	say(good ? ": ok\n" : ": WRONG\n");
	ok &= good;
}

void _start(const struct cairn_bootinfo *bi);

void
_start(const struct cairn_bootinfo *bi)
{
	unsigned long ro;
	volatile double a = 1.5, b = 2.25;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(ro));
	say("el0: the root task runs\n");
	check("el0: x0 is the bootinfo, with its magic",
	      (unsigned long)bi == CAIRN_BOOTINFO_ADDR &&
		  bi->magic == CAIRN_BOOTINFO_MAGIC);
	check("el0: TPIDRRO_EL0 is the IPC buffer",
	      ro == CAIRN_IPC_BUFFER_ADDR);
	check("el0: FP/SIMD after the lazy trap", a * b == 3.375);
	check("el0: a call on an empty slot is refused",
	      call1(0, 0, 0, 0) != 0);
	call1(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_POWEROFF, 1, ok ? 0 : 1);
	for (;;) {
	}
}
