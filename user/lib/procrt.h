/*
 * libcairn for processes started by init: the procinfo page, the
 * capabilities its manifest granted, and calls to init and to the
 * serial driver.  Programs link pcrt0.S and define main(argc, argv).
 */
#ifndef CAIRN_USER_PROCRT_H
#define CAIRN_USER_PROCRT_H

#include <cairn/proc.h>

#include "cairn.h"
#include "proto/init.h" /* the protocols, and their client stubs */
#include "proto/serial.h"
#include "proto/timer.h"

extern const struct cairn_procinfo *cairn_procinfo;

/* The grant of that kind (and name, for NEEDS and PROVIDES; NULL else,
 * the first of the kind), or NULL. */
const struct cairn_grant *cairn_grant_find(unsigned kind, const char *name);

/* Put bytes in the message's words from word `at` on. */
void cairn_msg_put(struct cairn_msg *m, word_t at, const void *s, size_t n);

/* The serial driver this process needs (its "needs serial" grant):
 * write n bytes; read at least one (at most n). */
int cairn_serial_write(const char *s, size_t n);
long cairn_serial_read(char *buf, size_t n);

/*
 * Capabilities that arrive in a message go to this slot of the process's
 * own CNode (its manifest must say "receive"); 0: nowhere.
 */
void cairn_recv_slot(cptr_t slot);

/*
 * Slots of the process's own CNode: a free one (above its grants), or 0;
 * give one back.  Only this allocator hands them out.
 */
cptr_t cairn_slot_alloc(void);
void cairn_slot_free(cptr_t slot);
/* A copy of notification ntfn that signals badge, in a new slot (write
 * right only): its slot, or 0 if there is no room. */
cptr_t cairn_ntfn_badged(cptr_t ntfn, word_t badge);

#endif
