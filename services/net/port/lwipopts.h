/*
 * lwIP's configuration for the net service (docs/net.md, "lwIP").  One
 * thread, no operating system layer (NO_SYS): the service calls lwIP's
 * raw API from its IPC loop and runs lwIP's timeouts when the timer
 * service signals.  IPv4 with ARP, ICMP, DHCP, UDP, TCP and DNS.
 */
#ifndef CAIRN_LWIPOPTS_H
#define CAIRN_LWIPOPTS_H

#define NO_SYS		     1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_NETCONN	     0
#define LWIP_SOCKET	     0
#define LWIP_TIMERS	     1

/* Memory: lwIP's heap and pools, in the service's own data. */
#define MEM_ALIGNMENT		8
#define MEM_SIZE		(512 * 1024)
#define MEMP_NUM_PBUF		64
#define PBUF_POOL_SIZE		256
#define PBUF_POOL_BUFSIZE	1536
#define MEMP_NUM_RAW_PCB	4
#define MEMP_NUM_UDP_PCB	20
#define MEMP_NUM_TCP_PCB	192
#define MEMP_NUM_TCP_PCB_LISTEN 16
#define MEMP_NUM_TCP_SEG	512
#define MEMP_NUM_REASSDATA	8
#define MEMP_NUM_ARP_QUEUE	32
#define MEMP_NUM_SYS_TIMEOUT	(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4)

/* Protocols. */
#define LWIP_ARP	    1
#define LWIP_ETHERNET	    1
#define LWIP_IPV4	    1
#define LWIP_IPV6	    0
#define LWIP_ICMP	    1
#define LWIP_RAW	    1
#define LWIP_DHCP	    1
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_AUTOIP	    0
#define LWIP_IGMP	    0
#define LWIP_UDP	    1
#define LWIP_TCP	    1
#define LWIP_DNS	    1
/* DNS (resolve.c): names asked for at once, and retries that outlast
 * the longest wait a caller may ask (1+1+2+3+4+5 s > 10 s), so that
 * lwIP's "not found" always means a server's answer. */
#define DNS_TABLE_SIZE		      16
#define DNS_MAX_SOURCE_PORTS	      4
#define DNS_MAX_RETRIES		      6
#define IP_REASSEMBLY		      1
#define IP_FRAG			      1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0

/* TCP: a full-size segment, windows of 16 of them. */
#define TCP_MSS		   1460
#define TCP_WND		   (16 * TCP_MSS)
#define TCP_SND_BUF	   (16 * TCP_MSS)
#define TCP_SND_QUEUELEN   (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ	   1
#define LWIP_TCP_KEEPALIVE 1
/* A listener's backlog counts connections not yet accepted by the
 * program (sock.c): the SYNs beyond it are dropped, not reset. */
#define TCP_LISTEN_BACKLOG 1
/* SO_REUSEADDR: a server started again binds its port while the last
 * one's connections wait out TIME_WAIT. */
#define SO_REUSE 1

/* The Ethernet header is 14 bytes: 2 before it align the IP header. */
#define ETH_PAD_SIZE 2

/* 127.0.0.1, and frames to our own address, loop back in the stack
 * (netif_poll_all in the serve loop's after hook). */
#define LWIP_HAVE_LOOPIF	1
#define LWIP_NETIF_LOOPBACK	1
#define LWIP_LOOPBACK_MAX_PBUFS 128

#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK   1
#define LWIP_NETIF_HOSTNAME	   1
#define LWIP_STATS		   1
#define LWIP_STATS_DISPLAY	   0
#define MIB2_STATS		   1
#define LWIP_CHKSUM_ALGORITHM	   3

/*
 * lwIP 2.1.3's bug #60681: pbuf_init_alloced_pbuf does not initialise
 * LWIP_PBUF_CUSTOM_DATA.  The service stores no custom data on pbufs, so
 * it is not met; refuse to build if that ever changes.
 */
#ifdef LWIP_PBUF_CUSTOM_DATA
#error "LWIP_PBUF_CUSTOM_DATA meets lwIP 2.1.3's bug #60681"
#endif

#endif
