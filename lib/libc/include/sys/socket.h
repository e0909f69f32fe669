/*
 * sys/socket.h: BSD sockets, IPv4 only (AF_INET), over the net service
 * (docs/net.md, "Sockets").  The values are Linux's, so that programs
 * built for Linux mean the same.
 */
#ifndef CAIRN_LIBC_SYS_SOCKET_H
#define CAIRN_LIBC_SYS_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

#include "../libc_names.h"

typedef uint32_t socklen_t;
typedef uint16_t sa_family_t;

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

struct sockaddr_storage {
	sa_family_t ss_family;
	char ss_pad[126];
};

#define AF_UNSPEC 0
#define AF_INET	  2
#define PF_UNSPEC AF_UNSPEC
#define PF_INET	  AF_INET

#define SOCK_STREAM   1
#define SOCK_DGRAM    2
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC  02000000

#define SOL_SOCKET   1
#define SO_REUSEADDR 2
#define SO_TYPE	     3
#define SO_ERROR     4
#define SO_KEEPALIVE 9

#define MSG_PEEK     0x2
#define MSG_DONTWAIT 0x40
#define MSG_NOSIGNAL 0x4000

#define SHUT_RD	  0
#define SHUT_WR	  1
#define SHUT_RDWR 2

#define SOMAXCONN 64

int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr *a, socklen_t n);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *a, socklen_t *n);
int connect(int fd, const struct sockaddr *a, socklen_t n);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *a, socklen_t an);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *a,
		 socklen_t *an);
int shutdown(int fd, int how);
int setsockopt(int fd, int level, int opt, const void *v, socklen_t n);
int getsockopt(int fd, int level, int opt, void *v, socklen_t *n);
int getsockname(int fd, struct sockaddr *a, socklen_t *n);
int getpeername(int fd, struct sockaddr *a, socklen_t *n);

#endif
