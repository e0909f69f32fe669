/*
 * ping: ICMP echo for NET_PING, on a raw lwIP PCB.  A caller waits on a
 * kept reply object until its echo reply comes or its time runs out
 * (checked at every tick of the timer service).
 */
#include <string.h>

#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"
#include "net.h"

#define MAX_PINGS 8
#define PING_ID	  0xCA1B
#define MAX_BYTES 1400
#define MAX_WAIT  10000

static struct raw_pcb *pcb;
struct cairn_server *ping_server;

static struct ping {
	cptr_t reply; /* the caller's, kept; 0: free */
	uint16_t seq;
	uint32_t addr; /* network order */
	uint64_t sent_us, deadline_us;
} pings[MAX_PINGS];

void
net_answer(cptr_t *reply, word_t status, word_t w0, word_t w1)
{
	struct cairn_msg m = {0};

	m.w[0] = w0;
	m.w[1] = w1;
	cairn_serve_answer(ping_server, *reply, status, 2, &m);
	*reply = 0;
}

static void
answer(struct ping *p, word_t status, word_t rtt, word_t ttl)
{
	net_answer(&p->reply, status, rtt, ttl);
}

/* An ICMP packet arrived (p starts at its IP header): an echo reply of
 * ours answers its caller and is eaten; anything else is lwIP's. */
static u8_t
on_icmp(void *arg, struct raw_pcb *pc, struct pbuf *p, const ip_addr_t *from)
{
	struct ip_hdr ih;
	struct icmp_echo_hdr e;

	(void)arg;
	(void)pc;
	if (pbuf_copy_partial(p, &ih, sizeof(ih), 0) != sizeof(ih)) {
		return 0;
	}
	u16_t hl = (u16_t)(IPH_HL(&ih) * 4);
	if (pbuf_copy_partial(p, &e, sizeof(e), hl) != sizeof(e) ||
	    e.type != ICMP_ER || e.id != PP_HTONS(PING_ID)) {
		return 0;
	}
	for (int i = 0; i < MAX_PINGS; i++) {
		struct ping *q = &pings[i];
		if (q->reply != 0 && q->seq == lwip_ntohs(e.seqno) &&
		    q->addr == ip4_addr_get_u32(ip_2_ip4(from))) {
			answer(q, CAIRN_OK, net_now_us() - q->sent_us,
			       IPH_TTL(&ih));
		}
	}
	pbuf_free(p);
	return 1;
}

void
ping_init(void)
{
	pcb = raw_new(IP_PROTO_ICMP);
	if (pcb != NULL) {
		raw_recv(pcb, on_icmp, NULL);
		raw_bind(pcb, IP_ADDR_ANY);
	}
}

/* Send an echo request of bytes payload to addr: an lwIP error. */
static err_t
send_echo(const ip_addr_t *to, uint16_t seq, uint16_t bytes)
{
	struct pbuf *p = pbuf_alloc(
	    PBUF_IP, (u16_t)(sizeof(struct icmp_echo_hdr) + bytes), PBUF_RAM);

	if (p == NULL) {
		return ERR_MEM;
	}
	struct icmp_echo_hdr *e = p->payload;
	ICMPH_TYPE_SET(e, ICMP_ECHO);
	ICMPH_CODE_SET(e, 0);
	e->id = PP_HTONS(PING_ID);
	e->seqno = lwip_htons(seq);
	e->chksum = 0;
	uint8_t *d = (uint8_t *)(e + 1);
	for (uint16_t i = 0; i < bytes; i++) {
		d[i] = (uint8_t)('a' + i % 26);
	}
	e->chksum = inet_chksum(e, p->len);
	err_t err = raw_sendto(pcb, p, to);
	pbuf_free(p);
	return err;
}

word_t
ping_start(struct cairn_server *s, struct cairn_msg *m)
{
	struct ping *p = NULL;

	if (m->w[2] > MAX_BYTES || m->w[3] == 0 || m->w[3] > MAX_WAIT ||
	    m->w[0] > 0xFFFFFFFFul) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	for (int i = 0; i < MAX_PINGS && p == NULL; i++) {
		p = pings[i].reply == 0 ? &pings[i] : NULL;
	}
	if (pcb == NULL || p == NULL) {
		return CAIRN_E_WOULD_BLOCK;
	}
	ip_addr_t to;
	IP_ADDR4(&to, (m->w[0] >> 24) & 0xFF, (m->w[0] >> 16) & 0xFF,
		 (m->w[0] >> 8) & 0xFF, m->w[0] & 0xFF);
	p->seq = (uint16_t)m->w[1];
	p->addr = ip4_addr_get_u32(ip_2_ip4(&to));
	p->sent_us = net_now_us();
	p->deadline_us = p->sent_us + m->w[3] * 1000u;
	if (send_echo(&to, p->seq, (uint16_t)m->w[2]) != ERR_OK) {
		return CAIRN_E_RANGE; /* no route: no address yet */
	}
	p->reply = cairn_serve_keep(s);
	return p->reply != 0 ? CAIRN_SERVE_KEPT : CAIRN_E_WOULD_BLOCK;
}

void
ping_expire(struct cairn_server *s)
{
	uint64_t now = net_now_us();

	(void)s;
	for (int i = 0; i < MAX_PINGS; i++) {
		if (pings[i].reply != 0 && now >= pings[i].deadline_us) {
			answer(&pings[i], CAIRN_E_WOULD_BLOCK, 0, 0);
		}
	}
}
