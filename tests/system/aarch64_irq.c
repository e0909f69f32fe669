/*
 * aarch64_irq: a root task for the aarch64 kernel's IRQ test
 * (tests/system/aarch64.py), until user land builds for aarch64.  It
 * takes an IRQ handler for QEMU virt's PL031 real-time clock (SPI 2,
 * INTID 34), whose registers it maps from the device memory the kernel
 * gave it, binds a notification, makes the RTC interrupt (a match
 * register equal to the count interrupts at once), waits for the
 * signal, and checks that the level-sensitive line stays masked until
 * IRQ_ACK, that CLEAR unbinds, that deleting the handler frees the line,
 * that deleting a bound notification unbinds it, and the refusals: the timer's
 * PPI, numbers out of range, the same line twice, an occupied slot; the
 * console's line is handed out (user land's serial driver takes it).  First
 * it checks that its device memory is the device tree's devices less the
 * kernel's GIC, the console's UART included, and no RAM.  One line per
 * check; status 0 only if every check held.
 */
#include <cairn/bootinfo.h>
#include <cairn/error.h>
#include <cairn/invocation.h>
#include <cairn/message.h>
#include <cairn/object.h>
#include <cairn/syscall.h>

enum {
	RTC = 0x09010000,    /* QEMU virt's PL031 */
	RTC_INTID = 32 + 2,  /* SPI 2 */
	TIMER_INTID = 30,    /* the kernel's: CNTP, PPI 14 */
	UART_INTID = 32 + 1, /* the console, SPI 1: user land's */
	RTC_VA = 0x5ff000,   /* in the page table of the image at 0x400000 */
	BADGE = 0x40,
	RTCDR = 0x00 / 4,   /* the count, seconds */
	RTCMR = 0x04 / 4,   /* match: interrupt when the count equals it */
	RTCIMSC = 0x10 / 4, /* interrupt mask set: 1 lets it out */
	RTCRIS = 0x14 / 4,  /* raw interrupt status */
	RTCICR = 0x1c / 4,  /* write 1: clear the interrupt */
};

/* The words of a call: x0, x1 in; x8 the number; x2-x7 words 0-5. */
struct sys {
	unsigned long x0, x1, w[6];
	long x8;
};

static void
sys(struct sys *s)
{
	unsigned long a0 = s->x0, a1 = s->x1, w0 = s->w[0], w1 = s->w[1];
	unsigned long w2 = s->w[2], w3 = s->w[3], w4 = s->w[4], w5 = s->w[5];
	long num = s->x8;
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = w0;
	register unsigned long x3 __asm__("x3") = w1;
	register unsigned long x4 __asm__("x4") = w2;
	register unsigned long x5 __asm__("x5") = w3;
	register unsigned long x6 __asm__("x6") = w4;
	register unsigned long x7 __asm__("x7") = w5;
	register long x8 __asm__("x8") = num;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x8)
			 :
			 : "x9", "x10", "x11", "memory");
	s->x0 = x0;
	s->w[0] = x2;
	s->x8 = x8;
}

/* Invoke c with label and n words; the status; *out gets MR0. */
static long
invoke(unsigned long c, unsigned long label, unsigned n, const unsigned long *w,
       unsigned long *out)
{
	struct sys s = {
	    .x0 = c, .x1 = cairn_msginfo(label, 0, n), .x8 = CAIRN_SYS_CALL};

	for (unsigned i = 0; i < n && i < 6; i++) {
		s.w[i] = w[i];
	}
	sys(&s);
	if (out != 0) {
		*out = s.w[0];
	}
	return s.x8;
}

/* Invoke c with label and one word w0; the status. */
static long
invoke1(unsigned long c, unsigned long label, unsigned long w0)
{
	unsigned long w[1] = {w0};

	return invoke(c, label, 1, w, 0);
}

/* Receive on notification c (nb: do not wait); the status, *badge. */
static long
recv(unsigned long c, int nb, unsigned long *badge)
{
	struct sys s = {.x0 = c, .x8 = nb ? CAIRN_SYS_NBRECV : CAIRN_SYS_RECV};

	sys(&s);
	*badge = s.x0;
	return s.x8;
}

static int ok = 1;

static void
say(const char *s)
{
	for (; *s != '\0'; s++) {
		ok &= invoke1(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_PUTC,
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

static const struct cairn_bootinfo *bi;
static unsigned long next_slot;

/* Retype untyped u into count objects of type and size; the first slot. */
static unsigned long
retype(unsigned long u, unsigned long type, unsigned long size,
       unsigned long count)
{
	unsigned long w[5] = {type, size, CAIRN_ROOT_CNODE, next_slot, count};
	unsigned long first = next_slot;

	if (invoke(u, CAIRN_UNTYPED_RETYPE, 5, w, 0) != CAIRN_OK) {
		return 0;
	}
	next_slot += count;
	return first;
}

/* A notification, minted with BADGE; its slot, or 0. */
static unsigned long
notification(void)
{
	for (unsigned long i = 0; i < bi->nuntyped; i++) {
		if (bi->untyped[i].device || bi->untyped[i].size_bits < 12) {
			continue;
		}
		unsigned long n =
		    retype(bi->untyped_first + i, CAIRN_OBJ_NOTIFICATION, 0, 1);
		unsigned long w[5] = {next_slot, CAIRN_ROOT_CNODE, n,
				      CAIRN_RIGHTS_ALL, BADGE};
		if (n == 0 || invoke(CAIRN_ROOT_CNODE, CAIRN_CNODE_MINT, 5, w,
				     0) != CAIRN_OK) {
			return 0;
		}
		return next_slot++;
	}
	return 0;
}

/* The RTC's registers mapped at RTC_VA from device Untyped, or 0. */
static volatile unsigned *
map_rtc(void)
{
	for (unsigned long i = 0; i < bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &bi->untyped[i];
		if (!u->device || RTC < u->phys ||
		    RTC - u->phys >= 1ul << u->size_bits) {
			continue;
		}
		unsigned long count = (RTC - u->phys) / 4096 + 1;
		if (count > 256 || retype(bi->untyped_first + i,
					  CAIRN_OBJ_FRAME, 12, count) == 0) {
			return 0;
		}
		unsigned long w[3] = {CAIRN_ROOT_VSPACE, RTC_VA,
				      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE};
		if (invoke(next_slot - 1, CAIRN_FRAME_MAP, 3, w, 0) != 0) {
			return 0;
		}
		return (volatile unsigned *)RTC_VA;
	}
	return 0;
}

/* IRQ_CONTROL_GET of line into slot; the status. */
static long
get(unsigned long line, unsigned long slot)
{
	unsigned long w[3] = {line, CAIRN_ROOT_CNODE, slot};

	return invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_IRQ_CONTROL_GET, 3, w, 0);
}

/* Make the RTC interrupt now: the match register at the count. */
static void
rtc_fire(volatile unsigned *rtc)
{
	rtc[RTCIMSC] = 1;
	for (int i = 0; i < 10 && !(rtc[RTCRIS] & 1); i++) {
		rtc[RTCMR] = rtc[RTCDR];
	}
}

/*
 * Does a signal with the badge come (polled a hundred times, so that an
 * interrupt the GIC raises a little late is not missed)?
 */
static int
signalled(unsigned long n)
{
	unsigned long badge = 0;

	for (int i = 0; i < 100; i++) {
		if (recv(n, 1, &badge) == CAIRN_OK) {
			return badge == BADGE;
		}
	}
	return 0;
}

/* Does any device Untyped cover physical address pa? */
static int
device_covers(unsigned long pa)
{
	for (unsigned long i = 0; i < bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &bi->untyped[i];
		if (u->device && pa >= u->phys &&
		    pa - u->phys < 1ul << u->size_bits) {
			return 1;
		}
	}
	return 0;
}

/* Device memory is the tree's devices, less the GIC, and no RAM. */
static void
device_memory(void)
{
	check("dev: device Untyped covers the RTC, GPIO, virtio-mmio, PCI",
	      device_covers(RTC) && device_covers(0x09030000) &&
		  device_covers(0x0a000000) && device_covers(0x10000000));
	check("dev: none covers the GIC (the kernel's), one the console",
	      !device_covers(0x08000000) && !device_covers(0x08010000) &&
		  device_covers(0x09000000));
	check("dev: none covers what the tree does not list, or RAM",
	      !device_covers(0x09040000) && !device_covers(0x0b000000) &&
		  !device_covers(0x40000000) && !device_covers(0x47fff000));
}

static void
refusals(unsigned long h)
{
	check("irq: the timer's PPI is refused",
	      get(TIMER_INTID, next_slot) == CAIRN_E_RANGE);
	check("irq: the console's line is handed out",
	      get(UART_INTID, next_slot++) == CAIRN_OK);
	check("irq: a line past the GIC's is refused",
	      get(1019, next_slot) == CAIRN_E_RANGE &&
		  get(1ul << 40, next_slot) == CAIRN_E_RANGE);
	check("irq: the same line twice is refused",
	      get(RTC_INTID, next_slot) == CAIRN_E_IN_USE);
	check("irq: an occupied slot is refused",
	      get(RTC_INTID + 1, h) == CAIRN_E_SLOT_OCCUPIED);
	check("irq: a handler's unknown method is refused",
	      invoke(h, CAIRN_FRAME_MAP, 0, 0, 0) == CAIRN_E_ILLEGAL_OPERATION);
	unsigned long w = CAIRN_ROOT_DEBUG;
	check("irq: SET_NOTIFICATION of a non-notification is refused",
	      invoke1(h, CAIRN_IRQ_SET_NOTIFICATION, w) == CAIRN_E_INVALID_CAP);
}

/* Deliver, mask until the ack, deliver again while the line is up. */
static void
delivery(unsigned long h, unsigned long n, volatile unsigned *rtc)
{
	unsigned long badge = 0;

	check("irq: SET_NOTIFICATION",
	      invoke1(h, CAIRN_IRQ_SET_NOTIFICATION, n) == CAIRN_OK);
	rtc_fire(rtc);
	check("irq: the RTC's interrupt arrives as the notification's badge",
	      recv(n, 0, &badge) == CAIRN_OK && badge == BADGE);
	check("irq: the line is masked until IRQ_ACK", !signalled(n));
	check("irq: IRQ_ACK with the RTC still asserting: signalled again",
	      invoke(h, CAIRN_IRQ_ACK, 0, 0, 0) == CAIRN_OK && signalled(n));
	rtc[RTCICR] = 1;
	check("irq: the RTC served, IRQ_ACK: no more signals",
	      invoke(h, CAIRN_IRQ_ACK, 0, 0, 0) == CAIRN_OK && !signalled(n));
	check("irq: IRQ_CLEAR", invoke(h, CAIRN_IRQ_CLEAR, 0, 0, 0) == 0);
	rtc_fire(rtc);
	check("irq: after IRQ_CLEAR the interrupt signals nothing",
	      !signalled(n) && invoke(h, CAIRN_IRQ_ACK, 0, 0, 0) == CAIRN_OK &&
		  !signalled(n));
	rtc[RTCICR] = 1;
}

/*
 * A bound notification deleted (its last capabilities, the original and
 * the minted copy): the line is unbound and masked, so an interrupt
 * meanwhile signals nothing, and waits, pending, for the next binding.
 */
static void
ntfn_deleted(unsigned long h, unsigned long n, volatile unsigned *rtc)
{
	unsigned long n2 = notification();

	check("irq: a second notification bound",
	      n2 != 0 && invoke1(h, CAIRN_IRQ_SET_NOTIFICATION, n2) == 0);
	check("irq: deleting the bound notification",
	      invoke1(CAIRN_ROOT_CNODE, CAIRN_CNODE_DELETE, n2) == 0 &&
		  invoke1(CAIRN_ROOT_CNODE, CAIRN_CNODE_DELETE, n2 - 1) == 0);
	rtc_fire(rtc);
	check("irq: then an interrupt signals nothing; bound again, it does",
	      invoke(h, CAIRN_IRQ_ACK, 0, 0, 0) == CAIRN_OK && !signalled(n) &&
		  invoke1(h, CAIRN_IRQ_SET_NOTIFICATION, n) == 0 &&
		  signalled(n));
	rtc[RTCICR] = 1;
}

void _start(const struct cairn_bootinfo *boot);

void
_start(const struct cairn_bootinfo *boot)
{
	bi = boot;
	next_slot = bi->free_first;
	say("el0: the IRQ test's root task runs\n");
	device_memory();
	unsigned long n = notification();
	volatile unsigned *rtc = map_rtc();
	check("irq: a notification and the RTC's registers", n != 0 && rtc);
	unsigned long h = next_slot++;
	check("irq: IRQ_CONTROL_GET of the RTC's SPI",
	      get(RTC_INTID, h) == CAIRN_OK);
	refusals(h);
	if (n != 0 && rtc != 0) {
		delivery(h, n, rtc);
	}
	check("irq: deleting the handler frees the line",
	      invoke1(CAIRN_ROOT_CNODE, CAIRN_CNODE_DELETE, h) == 0 &&
		  get(RTC_INTID, h) == CAIRN_OK);
	if (n != 0 && rtc != 0) {
		ntfn_deleted(h, n, rtc);
	}
	unsigned long st = ok ? 0 : 1;
	invoke1(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_POWEROFF, st);
	for (;;) {
	}
}
