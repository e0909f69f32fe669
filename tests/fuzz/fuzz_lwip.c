/*
 * fuzz_lwip: the net service's input path (services/net/nicif.c's
 * take, docs/net.md): Ethernet frames from the wire into lwIP, built
 * from Debian's source with the service's own lwipopts.h.  The input is
 * a series of frames, each a 2-byte little-endian length and its bytes;
 * between frames time moves on 100 ms and lwIP's timers run.  The stack
 * has what the service has: the address 10.0.2.15/24, a TCP listener on
 * port 80 that accepts and echoes, a UDP socket on port 7 that echoes,
 * ARP, ICMP, DHCP's client and the loopback.  A frame lwIP sends is
 * checked to fit a NIC's frame and dropped.  A failed lwIP assertion,
 * or any memory error, stops the run.
 */
#include <string.h>

#include "fuzz.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "netif/ethernet.h"

#define MAX_FRAME 1514 /* proto/nic.h's CAIRN_NIC_MAX_FRAME */

static uint32_t now_ms;
static struct netif nif;

u32_t
sys_now(void)
{
	return now_ms;
}

uint32_t
net_random(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

_Noreturn void
net_assert_failed(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz: lwIP assertion: %s (%s:%d)\n", what, file, line);
	abort();
}

static err_t
output(struct netif *n, struct pbuf *p)
{
	(void)n;
	fuzz_check(p->tot_len >= ETH_PAD_SIZE &&
		       p->tot_len - ETH_PAD_SIZE <= MAX_FRAME,
		   "a frame sent fits the NIC");
	return ERR_OK;
}

static err_t
if_init(struct netif *n)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->output = etharp_output;
	n->linkoutput = output;
	n->mtu = 1500;
	n->hwaddr_len = 6;
	memcpy(n->hwaddr, mac, 6);
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		   NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

static err_t
on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	(void)arg;
	if (err != ERR_OK || p == NULL) {
		if (p != NULL) {
			pbuf_free(p);
		}
		tcp_close(pcb);
		return ERR_OK;
	}
	tcp_recved(pcb, p->tot_len);
	for (struct pbuf *q = p; q != NULL; q = q->next) {
		tcp_write(pcb, q->payload, q->len, TCP_WRITE_FLAG_COPY);
	}
	pbuf_free(p);
	return ERR_OK;
}

static err_t
on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	if (err != ERR_OK || pcb == NULL) { /* lwIP could make no pcb */
		return ERR_VAL;
	}
	tcp_recv(pcb, on_recv);
	return ERR_OK;
}

static void
on_dgram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
	 u16_t port)
{
	(void)arg;
	udp_sendto(pcb, p, addr, port);
	pbuf_free(p);
}

static void
setup(void)
{
	ip4_addr_t a, m, g;

	lwip_init();
	IP4_ADDR(&a, 10, 0, 2, 15);
	IP4_ADDR(&m, 255, 255, 255, 0);
	IP4_ADDR(&g, 10, 0, 2, 2);
	netif_add(&nif, &a, &m, &g, NULL, if_init, ethernet_input);
	netif_set_default(&nif);
	netif_set_up(&nif);
	dhcp_start(&nif);
	struct tcp_pcb *t = tcp_new();
	tcp_bind(t, IP4_ADDR_ANY, 80);
	t = tcp_listen(t);
	tcp_accept(t, on_accept);
	struct udp_pcb *u = udp_new();
	udp_bind(u, IP4_ADDR_ANY, 7);
	udp_recv(u, on_dgram, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setup();
		ready = 1;
	}
	while (size >= 2) {
		size_t len = (size_t)(data[0] | data[1] << 8) % (MAX_FRAME + 1);
		data += 2;
		size -= 2;
		len = len < size ? len : size;
		struct pbuf *p = pbuf_alloc(
		    PBUF_RAW, (u16_t)(len + ETH_PAD_SIZE), PBUF_POOL);
		if (p != NULL) {
			pbuf_take_at(p, data, (u16_t)len, ETH_PAD_SIZE);
			if (nif.input(p, &nif) != ERR_OK) {
				pbuf_free(p);
			}
		}
		data += len;
		size -= len;
		now_ms += 100;
		sys_check_timeouts();
	}
	return 0;
}
