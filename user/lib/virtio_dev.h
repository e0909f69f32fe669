/*
 * virtio_dev: a virtio driver's PCI function (virtio_dev.c), for the
 * virtio-blk and virtio-net drivers: the grants init gave it turned into
 * virtio's registers, an interrupt (MSI-X entry 0, else the INTx line)
 * and DMA memory (docs/virtio.md, "Bring-up" of the virtio-blk driver).
 */
#ifndef CAIRN_USER_VIRTIO_DEV_H
#define CAIRN_USER_VIRTIO_DEV_H

#include "pci.h"
#include "procrt.h"
#include "proto/pci.h"
#include "virtio_pci.h"

struct virtio_dev {
	struct cairn_pci_dev dev;
	struct pci_config cfg;
	struct virtio_mapped map;
	struct virtio_io io;
	struct virtio_pci vp;
	cptr_t irq;	  /* the handler in use */
	int intx;	  /* by INTx: the ISR says whether it was ours */
	word_t irq_badge; /* the notification's bit for it */
	word_t intx_line; /* the INTx line's number, for the log */
};

/*
 * Reach the function of this process's first PCI grant: its virtio
 * registers, MSI-X entry 0 pointed at the MSI grant's message (else the
 * INTx grant; the INTx grant is cleared when MSI-X is used, so that the
 * line's other drivers do not wait on us), memory and bus mastering on,
 * and d->vp initialised.  Returns NULL, or why not.
 */
const char *virtio_dev_open(struct virtio_dev *d);

/* DMA memory for the function: 0, or a status. */
int virtio_dev_dma(const struct virtio_dev *d, word_t bytes,
		   struct cairn_dma *m);

#endif
