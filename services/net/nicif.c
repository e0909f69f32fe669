/*
 * nicif: lwIP's network interface over the NIC driver (proto/nic.h).
 * The shared region is split in two: frames to send are copied out of
 * lwIP's pbufs into its first part and TX'd; received frames come as
 * records into its second part, each copied into a pbuf of lwIP's pool.
 */
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "net.h"
#include "netif/ethernet.h"

#define TX_AREA 2048 /* one frame at a time */

static uint8_t *
tx_area(void)
{
	return (uint8_t *)net_nic.addr;
}

static uint8_t *
rx_area(word_t *room)
{
	*room = net_nic.size - TX_AREA;
	return (uint8_t *)net_nic.addr + TX_AREA;
}

/* lwIP's linkoutput: the frame in p (ETH_PAD_SIZE bytes before it). */
static err_t
nicif_output(struct netif *n, struct pbuf *p)
{
	uint16_t len = (uint16_t)(p->tot_len - ETH_PAD_SIZE);

	if (!net_have_nic || len > CAIRN_NIC_MAX_FRAME) {
		MIB2_STATS_NETIF_INC(n, ifoutdiscards);
		return ERR_IF;
	}
	pbuf_copy_partial(p, tx_area(), len, ETH_PAD_SIZE);
	int st = cairn_nic_tx(&net_nic, tx_area(), len);
	for (int tries = 0; st == CAIRN_E_WOULD_BLOCK && tries < 100; tries++) {
		cairn_yield(); /* the ring drains as the device sends */
		st = cairn_nic_tx(&net_nic, tx_area(), len);
	}
	if (st != CAIRN_OK) {
		MIB2_STATS_NETIF_INC(n, ifoutdiscards);
		return ERR_IF;
	}
	MIB2_STATS_NETIF_ADD(n, ifoutoctets, len);
	MIB2_STATS_NETIF_INC(n, ifoutucastpkts);
	return ERR_OK;
}

/* One received frame of len bytes at f into lwIP. */
static void
take(const uint8_t *f, uint16_t len)
{
	if (len < CAIRN_NIC_MIN_FRAME || len > CAIRN_NIC_MAX_FRAME) {
		MIB2_STATS_NETIF_INC(&net_if, ifindiscards);
		return;
	}
	struct pbuf *p =
	    pbuf_alloc(PBUF_RAW, (u16_t)(len + ETH_PAD_SIZE), PBUF_POOL);
	if (p == NULL) {
		MIB2_STATS_NETIF_INC(&net_if, ifindiscards);
		return;
	}
	pbuf_take_at(p, f, len, ETH_PAD_SIZE);
	MIB2_STATS_NETIF_ADD(&net_if, ifinoctets, len);
	MIB2_STATS_NETIF_INC(&net_if, ifinucastpkts);
	if (net_if.input(p, &net_if) != ERR_OK) {
		pbuf_free(p);
	}
}

void
nicif_poll(void)
{
	word_t more = 1;

	for (int rounds = 0; net_have_nic && more != 0 && rounds < 64;
	     rounds++) {
		word_t room, frames = 0, used = 0;
		uint8_t *buf = rx_area(&room);
		more = 0;
		if (cairn_nic_rx(&net_nic, buf, room, &frames, &used, &more) !=
		    CAIRN_OK) {
			return;
		}
		/* Records as proto/nic.h lays them out, never past used. */
		word_t at = 0;
		for (word_t i = 0; i < frames && at + CAIRN_NIC_REC_HDR <= used;
		     i++) {
			uint16_t len = (uint16_t)(buf[at] | buf[at + 1] << 8);
			if (at + CAIRN_NIC_REC_HDR + len > used) {
				break;
			}
			take(buf + at + CAIRN_NIC_REC_HDR, len);
			at += CAIRN_NIC_REC_SIZE(len);
		}
	}
}

err_t
nicif_init(struct netif *n)
{
	n->name[0] = 'e';
	n->name[1] = 'n';
	n->output = etharp_output;
	n->linkoutput = nicif_output;
	n->mtu = net_have_nic && net_nic.mtu ? (u16_t)net_nic.mtu : 1500;
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, net_nic.mac, ETH_HWADDR_LEN);
	n->flags =
	    NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	MIB2_INIT_NETIF(n, snmp_ifType_ethernet_csmacd, 0);
	return ERR_OK;
}
