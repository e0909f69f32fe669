/*
 * virtio_dev: a virtio driver's PCI function (virtio_dev.h).
 */
#include "virtio_dev.h"
#include "pci_msi.h"
#include "virtio_caps.h"

/* The memory BARs granted, by index. */
static void
granted_bars(struct virtio_bar bars[6], struct pci_bar pb[6], int *npb)
{
	*npb = 0;
	for (word_t k = 0; k < cairn_procinfo->ngrants; k++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[k];
		if (g->kind != CAIRN_GRANT_PCI_BAR || g->slot != 0 ||
		    g->slot2 >= 6) {
			continue;
		}
		bars[g->slot2] = (struct virtio_bar){g->a, g->b};
		pb[(*npb)++] = (struct pci_bar){.index = (uint8_t)g->slot2,
						.kind = PCI_BAR_MEM64,
						.base = g->a,
						.size = g->b};
	}
}

/* Point MSI-X entry 0 at the granted message and turn MSI-X on. */
static int
setup_msix(struct virtio_dev *d, const struct cairn_grant *msi, uint8_t header,
	   const struct virtio_bar bars[6], const struct pci_bar *pb, int npb)
{
	struct pci_msix x;

	if (pci_msix_probe(&d->cfg, d->dev.addr, header, pb, npb, &x) != 0) {
		return -1;
	}
	volatile uint8_t *table =
	    (volatile uint8_t *)(uintptr_t)(bars[x.table_bar].addr +
					    x.table_off);
	if (pci_msix_set(table, &x, 0, msi->a, (uint32_t)msi->b) != 0) {
		return -1;
	}
	pci_msix_mask(table, &x, 0, 0);
	pci_msix_control(&d->cfg, d->dev.addr, &x, 1, 0);
	d->irq = msi->slot;
	return 0;
}

/*
 * The device's interrupt: MSI-X if it has a table and init gave a
 * message, its INTx line otherwise (cleared when unused, so that the
 * line's other drivers do not wait on us).  0, or -1: neither.
 */
static int
setup_irq(struct virtio_dev *d, uint8_t header, const struct virtio_bar bars[6],
	  const struct pci_bar *pb, int npb)
{
	const struct cairn_grant *msi = cairn_grant_find(CAIRN_GRANT_MSI, NULL);
	const struct cairn_grant *intx =
	    cairn_grant_find(CAIRN_GRANT_INTX, NULL);

	if (msi != NULL && setup_msix(d, msi, header, bars, pb, npb) == 0) {
		if (intx != NULL) {
			cairn_irq_clear(intx->slot);
		}
		d->irq_badge = CAIRN_IRQ_BADGE(msi->reserved);
		return 0;
	}
	if (intx == NULL) {
		return -1;
	}
	d->irq = intx->slot;
	d->intx = 1;
	d->intx_line = intx->a;
	d->irq_badge = CAIRN_IRQ_BADGE(intx->reserved);
	return 0;
}

const char *
virtio_dev_open(struct virtio_dev *d)
{
	struct virtio_bar bars[6] = {0};
	struct pci_bar pb[6];
	uint32_t mul;
	int npb;

	if (cairn_pci_dev(0, &d->dev) != CAIRN_OK) {
		return "no PCI function granted";
	}
	cairn_pci_config(&d->cfg, &d->dev);
	uint8_t header = pci_read8(&d->cfg, d->dev.addr, PCI_HEADER) & 0x7f;
	granted_bars(bars, pb, &npb);
	if (virtio_find_regions(&d->cfg, d->dev.addr, header, bars, &d->map,
				&mul) != 0) {
		return "no virtio registers in the BARs granted";
	}
	if (setup_irq(d, header, bars, pb, npb) != 0) {
		return "no usable MSI-X table, and no INTx line";
	}
	pci_command(&d->cfg, d->dev.addr,
		    PCI_CMD_MEMORY | PCI_CMD_MASTER |
			(d->intx ? 0 : PCI_CMD_INTX_OFF),
		    d->intx ? PCI_CMD_INTX_OFF : 0);
	virtio_io_mapped(&d->io, &d->map);
	if (virtio_pci_init(&d->vp, &d->io, mul) != VIRTIO_OK) {
		return "virtio registers too small";
	}
	return NULL;
}

int
virtio_dev_dma(const struct virtio_dev *d, word_t bytes, struct cairn_dma *m)
{
	word_t req = (word_t)d->dev.addr.bus << 8 | d->dev.addr.dev << 3 |
		     d->dev.addr.fn;

	return cairn_dma_alloc(req, bytes, m);
}
