/*
 * nictest's frames: ARP and ICMP echo over Ethernet and IPv4, built and
 * checked byte by byte (network order), for talking to QEMU's user
 * network (slirp: the guest 10.0.2.15, the gateway 10.0.2.2).
 */
#ifndef CAIRN_PROGRAMS_NICTEST_FRAMES_H
#define CAIRN_PROGRAMS_NICTEST_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define ETH_HDR	     14
#define ETH_MIN	     60 /* a frame's least bytes, without its FCS */
#define ETH_ARP	     0x0806
#define ETH_IP	     0x0800
#define PING_PAYLOAD 56

/* The guest's and the gateway's addresses, and the Ethernet broadcast. */
extern const uint8_t guest_ip[4], gateway_ip[4];

/* Build an ARP request from mac (at guest_ip) for ip in f: its bytes. */
size_t arp_request(uint8_t *f, const uint8_t mac[6], const uint8_t ip[4]);

/*
 * Is f (len bytes) the answer to our ARP request for ip, sent to mac?
 * Then its sender's address goes to who.  1 or 0.
 */
int arp_is_reply(const uint8_t *f, size_t len, const uint8_t mac[6],
		 const uint8_t ip[4], uint8_t who[6]);

/*
 * Is f an ARP request for guest_ip?  Then turn it into our reply (from
 * mac) in place: 1, its length in *out.  Else 0.
 */
int arp_answer(uint8_t *f, size_t len, const uint8_t mac[6], size_t *out);

/* Build an echo request from (mac, guest_ip) to (to, gateway_ip) with
 * id and seq and PING_PAYLOAD bytes of a pattern of seq: its bytes. */
size_t echo_request(uint8_t *f, const uint8_t mac[6], const uint8_t to[6],
		    uint16_t id, uint16_t seq);

/*
 * Is f (len bytes) the echo reply to request (id, seq) sent to mac?
 * 1 if so, -1 if it is one but wrong (why says how: checksums,
 * payload), 0 if it is something else.
 */
int echo_is_reply(const uint8_t *f, size_t len, const uint8_t mac[6],
		  uint16_t id, uint16_t seq, const char **why);

/* The Internet checksum of n bytes (RFC 1071). */
uint16_t inet_sum(const uint8_t *p, size_t n);

#endif
