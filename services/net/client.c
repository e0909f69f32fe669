/*
 * client: the net service's clients, by badge (their pid), and the
 * region each attached (sock.h).  A client that no longer runs loses its
 * sockets when the service next sweeps (every second, and when the
 * table is full); its region went with it (init unmaps a dead owner's
 * region everywhere), and the service touched it only while serving the
 * client's calls.
 */
#include <errno.h>

#include "procrt.h"
#include "proto/init.h"
#include "sock.h"

#define NCLIENT 32

static struct client {
	uint64_t badge; /* 0: free */
	word_t addr, size;
} clients[NCLIENT];

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

/* Forget owner: its sockets, its waiters, its region. */
static void
forget(uint64_t owner)
{
	struct client *c = find(owner);

	sock_free_owner(owner);
	poll_forget(owner);
	if (c != NULL) {
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
				clients[i] = (struct client){badge, addr, size};
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
