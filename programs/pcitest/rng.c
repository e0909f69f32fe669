/*
 * pcitest rng: the entropy device driven through its INTx line, which it
 * may share with other devices (QEMU's virtio-rng-pci with vectors=0 has
 * no MSI-X).  It sets virtio's one queue up in DMA memory, asks for
 * random bytes again and again, and takes each answer at an interrupt:
 * the ISR says whether the device raised it (on a shared line the other
 * drivers' devices raise it too), and every interrupt is acked, ours or
 * not, so that the line opens again for all.
 */
#include <stdio.h>

#include "pcitest.h"
#include "virtio_caps.h"
#include "virtio_pci.h"
#include "virtio_ring.h"

#define QSIZE	   8
#define BYTES	   64
#define SHARED_MAX 1000000 /* requests, at most, waiting for another's */

static struct virtio_pci vp;
static struct virtq q;

/* Set the device up: 0, or why not. */
static const char *
bring_up(const struct cairn_pci_dev *dev, struct pci_config *cfg,
	 struct cairn_dma *mem, uint32_t *notify_off)
{
	struct virtio_bar bars[6] = {0};
	struct virtio_mapped map;
	static struct virtio_io io;
	uint32_t mul;

	for (word_t i = 0; i < cairn_procinfo->ngrants; i++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[i];
		if (g->kind == CAIRN_GRANT_PCI_BAR && g->slot == 0 &&
		    g->slot2 < 6) {
			bars[g->slot2] = (struct virtio_bar){g->a, g->b};
		}
	}
	uint8_t header = pci_read8(cfg, dev->addr, PCI_HEADER) & 0x7f;
	if (virtio_find_regions(cfg, dev->addr, header, bars, &map, &mul) !=
	    0) {
		return "no virtio registers in its BARs";
	}
	word_t rid =
	    (word_t)dev->addr.bus << 8 | dev->addr.dev << 3 | dev->addr.fn;
	if (cairn_dma_alloc(rid, 4096, mem) != CAIRN_OK) {
		return "no DMA memory";
	}
	pci_command(cfg, dev->addr, PCI_CMD_MEMORY | PCI_CMD_MASTER,
		    PCI_CMD_INTX_OFF);
	virtio_io_mapped(&io, &map);
	int r = virtio_pci_init(&vp, &io, mul);
	if (r == VIRTIO_OK) {
		r = virtio_pci_begin(&vp);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_negotiate(&vp, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	}
	if (r == VIRTIO_OK) {
		r = virtq_init(&q, QSIZE, (void *)mem->addr, mem->bus, 2048, 0);
	}
	if (r == VIRTIO_OK) {
		struct virtio_queue_addr a = {q.desc_bus, q.avail_bus,
					      q.used_bus};
		r = virtio_pci_queue_setup(&vp, 0, QSIZE, &a, VIRTIO_NO_VECTOR,
					   notify_off);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_config_vector(&vp, VIRTIO_NO_VECTOR);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_driver_ok(&vp);
	}
	return r == VIRTIO_OK ? NULL : virtio_strerror(r);
}

int
rng_run(const struct cairn_pci_dev *dev, struct pci_config *cfg, int rounds,
	int shared)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_INTX, NULL);
	struct cairn_dma mem;
	uint32_t notify_off = 0;
	int ours = 0, others = 0, got = 0;

	if (g == NULL) {
		printf("pcitest: rng: no INTx line granted\n");
		return 1;
	}
	printf("pcitest: INTx irq %lu, INT%c\n", (unsigned long)g->a,
	       (char)('A' + g->b - 1));
	const char *why = bring_up(dev, cfg, &mem, &notify_off);
	if (why != NULL) {
		printf("pcitest: rng: %s\n", why);
		return 1;
	}
	/* The buffer the device fills: after the queue, in the same page. */
	struct virtq_buf b = {mem.bus + 2048, BYTES, 1};
	cairn_irq_ack(g->slot);
	for (int i = 0; i < rounds || (shared && others == 0 && i < SHARED_MAX);
	     i++) {
		uint32_t token, len = 0;
		word_t bits;
		int r = virtq_add(&q, &b, 1, (uint32_t)i, NULL);
		if (r < 0) {
			printf("pcitest: rng: %s\n", virtio_strerror(r));
			return 1;
		}
		if (virtq_publish(&q)) {
			virtio_pci_notify(&vp, notify_off, 0);
		}
		do {
			cairn_wait(g->slot2, &bits);
			unsigned isr = virtio_pci_isr(&vp);
			ours += isr != 0;
			others += isr == 0;
			r = virtq_get(&q, &token, &len);
			cairn_irq_ack(g->slot);
		} while (r == 0);
		if (r < 0 || token != (uint32_t)i || len != BYTES) {
			printf("pcitest: rng: round %d: WRONG answer\n", i);
			return 1;
		}
		got++;
	}
	printf("pcitest: rng: %d requests answered by INTx: %d interrupts "
	       "its device raised, %d on the line it did not\n",
	       got, ours, others);
	return got < rounds || ours == 0 || (shared && others == 0);
}
