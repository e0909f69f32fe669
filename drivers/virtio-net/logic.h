/*
 * The virtio-net driver's logic, pure C that the host tests reach
 * (tests/unit/test_nicdrv.c): its clients and their regions, which of
 * them the NIC serves, the checks every TX and RX passes, the records
 * RX writes, and when a client's notification is signalled.  main.c is
 * the glue (the device, the serve loop); docs/net.md has the protocol.
 */
#ifndef CAIRN_DRIVERS_VIRTIO_NET_LOGIC_H
#define CAIRN_DRIVERS_VIRTIO_NET_LOGIC_H

#include <stddef.h>
#include <stdint.h>

#include <cairn/error.h>

/* proto/nic.h's frame sizes and records (main.c checks they agree;
 * that header is user space's, this one builds on the host too). */
#define NIC_MIN_FRAME	  14
#define NIC_MAX_FRAME	  1514
#define NIC_REC_HDR	  2
#define NIC_REC_SIZE(len) (((uint64_t)(len) + NIC_REC_HDR + 7) & ~(uint64_t)7)

/* Clients known at once; a fifth attaching forgets the oldest. */
#define NIC_CLIENTS 4

/*
 * A client, by its badge (its pid; 0: a free entry): the region it
 * attached and what it has been told.  The NIC serves one of them, the
 * newest (highest pid) still there: the others' TX and RX are refused
 * with IN_USE until it ends (the net service gives way to a test
 * program while that runs, and a restarted one takes over).
 */
struct nic_client {
	uint64_t badge;
	uint64_t addr, size;
	int listening; /* it gave a notification (LISTEN) */
	int told;      /* signalled since its last RX that emptied the
			  queue */
};

struct nic_clients {
	struct nic_client c[NIC_CLIENTS];
};

/*
 * Client badge attached [addr, addr + size): its entry's index, not yet
 * listening (the same region again changes nothing), or -1 for badge 0,
 * no bytes or a region that wraps.
 */
int nic_attach(struct nic_clients *t, uint64_t badge, uint64_t addr,
	       uint64_t size);

/* The entry of badge, or NULL. */
struct nic_client *nic_find(struct nic_clients *t, uint64_t badge);

/* The client the NIC serves (the highest badge), or NULL. */
struct nic_client *nic_active(struct nic_clients *t);

/* Forget the client of badge (it ended). */
void nic_forget(struct nic_clients *t, uint64_t badge);

/*
 * May badge move n bytes at addr?  0 if it is the client served and
 * they lie in its region; CAIRN_E_INVALID_CAP if it attached nothing
 * (or was forgotten: a restarted driver); CAIRN_E_IN_USE if another is
 * served; CAIRN_E_RANGE if they lie outside its region.
 */
int nic_check(struct nic_clients *t, uint64_t badge, uint64_t addr, uint64_t n);

/* A TX of len bytes at addr by badge, the device's MTU being mtu. */
int nic_tx_check(struct nic_clients *t, uint64_t badge, uint64_t addr,
		 uint64_t len, uint64_t mtu);

/* An RX into room bytes at addr: at least one largest record's room. */
int nic_rx_check(struct nic_clients *t, uint64_t badge, uint64_t addr,
		 uint64_t room);

/*
 * Write the frame of len bytes as a record (proto/nic.h: a 16-bit
 * length, the frame, zeros to a multiple of 8) at dst, which has room
 * bytes.  Returns the record's bytes, or 0 if it does not fit.
 */
size_t nic_put_record(uint8_t *dst, size_t room, const uint8_t *frame,
		      uint32_t len);

/*
 * Frames wait (waiting of them): should client c be signalled now?  Yes
 * once per batch: if it listens and has not been told since its last
 * RX that emptied the queue.  Notes that it was.
 */
int nic_should_signal(struct nic_client *c, unsigned waiting);

/* An RX left waiting frames behind: with none, the next arrival is
 * signalled again. */
void nic_rx_done(struct nic_client *c, unsigned waiting);

#endif
