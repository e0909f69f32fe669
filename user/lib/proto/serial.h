/*
 * The serial driver's protocol (the endpoint named "serial";
 * drivers/serial is its server) and its client stubs (serial.c).
 */
#ifndef CAIRN_PROTO_SERIAL_H
#define CAIRN_PROTO_SERIAL_H

#include "cairn.h"

enum cairn_serial_call {
	CAIRN_SERIAL_WRITE = 1,	  /* MR0 bytes (<= 496), MR1... 8 a word */
	CAIRN_SERIAL_READ = 2,	  /* MR0 most -> MR0 n >= 1, MR1... bytes */
	CAIRN_SERIAL_READ_NB = 3, /* MR0 most -> MR0 n >= 0, MR1... bytes,
				     at once; IN_USE while a READ waits */
	CAIRN_SERIAL_NOTIFY = 4,  /* MR0 1 + a notification sent along: it
				     is signalled when input waits; MR0 0:
				     no more */
	CAIRN_SERIAL_UNREAD = 5,  /* MR0 bytes (<= 496), MR1...: given back,
				     read first; NOTIFY's owner only */
};

#define CAIRN_SERIAL_MAX_WRITE 496
#define CAIRN_SERIAL_MAX_READ  480

/*
 * Write n bytes to the driver at ep, in pieces; a piece the driver lost
 * by restarting (CAIRN_E_DELETED) goes again.  0 or a status.
 */
int cairn_serial_write_to(cptr_t ep, const char *s, size_t n);

/* Read at least one byte (at most n), waiting for it: how many, or
 * -status (CAIRN_E_IN_USE: another reader waits). */
long cairn_serial_read_from(cptr_t ep, char *buf, size_t n);

/* Read what input there is now, at most n bytes, never waiting: how
 * many (0: none), or -status (CAIRN_E_IN_USE: a READ waits, and comes
 * first). */
long cairn_serial_read_nb(cptr_t ep, char *buf, size_t n);

/*
 * Have the driver signal ntfn when input waits and nobody reads (once,
 * and again after each cairn_serial_read_nb), or stop it (ntfn 0).  The
 * driver keeps a copy, which a restart of it loses: arm it again.  0 or
 * a status (IN_USE: another client's notification is armed).
 */
int cairn_serial_notify(cptr_t ep, cptr_t ntfn);

/* Give back n bytes of input taken and not used (the notification's
 * owner only), so that the next reader reads them first: 0 or a status
 * (NO_MEMORY: no room; what fitted went back). */
int cairn_serial_unread(cptr_t ep, const char *s, size_t n);

#endif
