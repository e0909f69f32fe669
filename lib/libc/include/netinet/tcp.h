/*
 * netinet/tcp.h: TCP's socket options.
 */
#ifndef CAIRN_LIBC_NETINET_TCP_H
#define CAIRN_LIBC_NETINET_TCP_H

#define TCP_NODELAY 1

#endif
