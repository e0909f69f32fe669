/*
 * libcairn for processes started by init: the procinfo page, the
 * capabilities its manifest granted, and calls to init and to the
 * serial driver.  Programs link pcrt0.S and define main(argc, argv).
 */
#ifndef CAIRN_USER_PROCRT_H
#define CAIRN_USER_PROCRT_H

#include <cairn/proc.h>
#include <cairn/service.h>

#include "cairn.h"

extern const struct cairn_procinfo *cairn_procinfo;

/* The grant of that kind (and name, for NEEDS and PROVIDES; NULL else,
 * the first of the kind), or NULL. */
const struct cairn_grant *cairn_grant_find(unsigned kind, const char *name);

/* Call init: the status (a CAIRN_E_*, or 0) and the answer in m. */
int cairn_init_call(word_t label, word_t len, struct cairn_msg *m);

/* Put bytes in the message's words from word `at` on. */
void cairn_msg_put(struct cairn_msg *m, word_t at, const void *s, size_t n);

/* Start a program with arguments (argv[0] its name): pid, or -status;
 * why gets init's reason on failure; flags: CAIRN_SPAWN_DETACHED. */
long cairn_spawn(int argc, const char *const *argv, word_t flags, char *why,
		 size_t len);
/* Wait for a child: its exit status, or -status. */
long cairn_wait_pid(word_t pid);

/* The serial driver: write n bytes; read at least one (at most n). */
int cairn_serial_write(const char *s, size_t n);
long cairn_serial_read(char *buf, size_t n);

/*
 * Capabilities that arrive in a message go to this slot of the process's
 * own CNode (its manifest must say "receive"); 0: nowhere.
 */
void cairn_recv_slot(cptr_t slot);

/*
 * Shared regions (docs/services.md): make one of bytes, mapped here; its
 * capability lands in slot.  Map one given to you (its capability).
 * Both give the region's address and size; 0 or a CAIRN_E_* status.
 */
int cairn_shm_create(word_t bytes, cptr_t slot, word_t *addr, word_t *size);
int cairn_shm_map(cptr_t region, word_t *addr, word_t *size);

/*
 * Slots of the process's own CNode: a free one (above its grants), or 0;
 * give one back.  Only this allocator hands them out.
 */
cptr_t cairn_slot_alloc(void);
void cairn_slot_free(cptr_t slot);

/* An endpoint, notification or reply object made for this process by
 * init, from its quota: the slot it is in, or 0 (errno-like in *st). */
cptr_t cairn_make(word_t type, int *st);

_Noreturn void cairn_proc_exit(int status);

#endif
