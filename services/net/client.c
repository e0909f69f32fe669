/*
 * client: the net service's clients, by badge (their pid), and the
 * region each attached (sock.h).  A client that no longer runs loses its
 * sockets when the service next sweeps (every second, and when the
 * table is full); its region went with it (init unmaps a dead owner's
 * region everywhere), and the service touched it only while serving the
 * client's calls.  A client may give a notification (NOTIFY): it is
 * signalled after any message in which one of its sockets may have
 * changed readiness.
 */
#include <errno.h>

#include "procrt.h"
#include "proto/init.h"
#include "sock.h"

#define NCLIENT 32

static struct client {
	uint64_t badge; /* 0: free */
	word_t addr, size;
	cptr_t ntfn;  /* NOTIFY's capability (a slot of ours), or 0 */
	bool changed; /* a socket of its may have changed readiness */
} clients[NCLIENT];

static cptr_t scratch; /* a copy of a notification, to signal it */

static struct client *
find(uint64_t badge)
{
	for (int i = 0; badge != 0 && i < NCLIENT; i++) {
		if (clients[i].badge == badge) {
			return &clients[i];
		}
	}
	return NULL;
}

/* c's notification let go. */
static void
drop_ntfn(struct client *c)
{
	if (c->ntfn != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, c->ntfn);
		cairn_slot_free(c->ntfn);
		c->ntfn = 0;
	}
}

/* Forget owner: its sockets, its waiters, its region, its notification. */
static void
forget(uint64_t owner)
{
	struct client *c = find(owner);

	sock_free_owner(owner);
	poll_forget(owner);
	if (c != NULL) {
		drop_ntfn(c);
		c->badge = 0;
	}
}

void
client_sweep(void)
{
	uint64_t dead[NCLIENT];
	int n = 0;

	for (int i = 0; i < NCLIENT; i++) {
		if (clients[i].badge != 0 &&
		    !cairn_init_alive(clients[i].badge)) {
			dead[n++] = clients[i].badge;
		}
	}
	for (int i = 0; i < n; i++) {
		forget(dead[i]);
	}
}

int
client_attach(uint64_t badge, word_t addr, word_t size)
{
	struct client *c = find(badge);

	if (badge == 0) {
		return -EINVAL;
	}
	if (c != NULL) {
		forget(badge); /* a program started again: it starts clean */
	}
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < NCLIENT; i++) {
			if (clients[i].badge == 0) {
				clients[i] = (struct client){badge, addr, size,
							     0, false};
				return 0;
			}
		}
		client_sweep();
	}
	return -ENFILE;
}

void *
client_ptr(uint64_t badge, word_t p, word_t n)
{
	const struct client *c = find(badge);

	if (c == NULL || p < c->addr || n > c->size ||
	    p - c->addr > c->size - n) {
		return NULL;
	}
	return (void *)p;
}

bool
client_attached(uint64_t badge)
{
	return find(badge) != NULL;
}

struct sock *
client_new_sock(uint64_t owner, int type)
{
	struct sock *k = sock_new(owner, type);

	if (k == NULL) {
		client_sweep();
		k = sock_new(owner, type);
	}
	return k;
}

int
client_notify(uint64_t badge, cptr_t from)
{
	struct client *c = find(badge);

	if (c == NULL) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, from);
		return -EINVAL;
	}
	drop_ntfn(c);
	if ((c->ntfn = cairn_slot_alloc()) == 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, from);
		return -ENOMEM;
	}
	if (cairn_cnode_move(CAIRN_PROC_CNODE, c->ntfn, CAIRN_PROC_CNODE, from,
			     NULL) != CAIRN_OK) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, from);
		drop_ntfn(c);
		return -EINVAL;
	}
	c->changed = true; /* told once at once */
	return 0;
}

void
client_touch(uint64_t badge)
{
	struct client *c = find(badge);

	if (c != NULL) {
		c->changed = true;
	}
}

/*
 * Signal c's notification: 0, or -1 if it is gone.  The client may have
 * deleted it, or sent something else: a send to an empty slot would be
 * our fault, and a blocking send to an endpoint could stop the service.
 * So it is copied first (the copy fails if it is gone), and the copy gets
 * a send that cannot block.
 */
static int
signal_one(struct client *c)
{
	struct cairn_msg m = {0};

	if (scratch == 0 && (scratch = cairn_slot_alloc()) == 0) {
		return 0; /* no slot: not told this time */
	}
	if (cairn_cnode_copy(CAIRN_PROC_CNODE, scratch, CAIRN_PROC_CNODE,
			     c->ntfn, CAIRN_RIGHT_WRITE, NULL) != CAIRN_OK) {
		return -1;
	}
	cairn_nbsend(scratch, 0, 0, &m);
	cairn_cnode_delete(CAIRN_PROC_CNODE, scratch);
	return 0;
}

void
client_signal(void)
{
	for (int i = 0; i < NCLIENT; i++) {
		struct client *c = &clients[i];
		if (c->badge != 0 && c->changed && c->ntfn != 0 &&
		    signal_one(c) != 0) {
			drop_ntfn(c);
		}
		c->changed = false;
	}
}
