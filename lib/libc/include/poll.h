/*
 * poll.h: waiting on descriptors.  Sockets wait in the net service;
 * files are always ready; the console is ready to write.
 */
#ifndef CAIRN_LIBC_POLL_H
#define CAIRN_LIBC_POLL_H

#include "libc_names.h"

typedef unsigned long nfds_t;

struct pollfd {
	int fd;
	short events, revents;
};

#define POLLIN	 0x001
#define POLLPRI	 0x002
#define POLLOUT	 0x004
#define POLLERR	 0x008
#define POLLHUP	 0x010
#define POLLNVAL 0x020

/* timeout in ms, < 0: for ever. */
int poll(struct pollfd *fds, nfds_t n, int timeout);

#endif
