/*
 * pci_machines: the simulated q35 and virt (pci_machines.h).  Addresses
 * and sizes are QEMU's where it matters little; virtio's vendor
 * capabilities follow virtio 1.2, 4.1.4.
 */
#include "pci_machines.h"

#include "pci_cap.h"

/* virtio's vendor capability: its cfg_type, BAR, offset and length. */
static void
virtio_cap(struct pci_sim_fn *f, unsigned off, uint8_t type, uint8_t bar,
	   uint32_t at, uint32_t len)
{
	pci_sim_cap(f, off, PCI_CAP_VENDOR, 16);
	pci_sim_put(f, off + 2, 1, 16);
	pci_sim_put(f, off + 3, 1, type);
	pci_sim_put(f, off + 4, 1, bar);
	pci_sim_put(f, off + 8, 4, at);
	pci_sim_put(f, off + 12, 4, len);
}

static void
q35_disks(struct pci_sim *s)
{
	struct pci_sim_fn *f =
	    pci_sim_add(s, Q35_BLK, 0x1af4, 0x1001, 0x010000, 0);
	pci_sim_put(f, PCI_SUBVENDOR, 2, 0x1af4);
	pci_sim_put(f, PCI_SUBDEVICE, 2, 0x0002);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_put(f, PCI_INT_LINE, 1, 10);
	pci_sim_bar(f, 0, 0xc000, 0x80, 1);
	pci_sim_bar(f, 1, 0xfebd1000, 0x1000, 0);

	f = pci_sim_add(s, Q35_BLK1, 0x1af4, 0x1042, 0x018000, 0);
	pci_sim_put(f, PCI_REVISION, 1, 1);
	pci_sim_put(f, PCI_SUBVENDOR, 2, 0x1af4);
	pci_sim_put(f, PCI_SUBDEVICE, 2, 0x1100);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_bar(f, 1, 0xfebd2000, 0x1000, 0);
	pci_sim_bar(f, 4, 0xfe000000, 0x4000, 0xc); /* 64-bit, prefetch */
	pci_sim_cap(f, Q35_BLK1_MSIX, PCI_CAP_MSIX, 12);
	pci_sim_put(f, Q35_BLK1_MSIX + 2, 2, Q35_BLK1_ENTRIES - 1);
	pci_sim_put(f, Q35_BLK1_MSIX + 4, 4, 0x000 | 1);
	pci_sim_put(f, Q35_BLK1_MSIX + 8, 4, 0x800 | 1);
	virtio_cap(f, 0x84, 1, 4, 0x0000, 0x1000); /* common */
	virtio_cap(f, 0x70, 3, 4, 0x1000, 0x1000); /* ISR */
	virtio_cap(f, 0x60, 4, 4, 0x2000, 0x1000); /* device */
	virtio_cap(f, 0x50, 2, 4, 0x3000, 0x1000); /* notify */
}

static void
q35_bridge(struct pci_sim *s)
{
	struct pci_sim_fn *f =
	    pci_sim_add(s, Q35_PORT, 0x1b36, 0x000c, 0x060400, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 1);
	pci_sim_put(f, PCI_SUBORDINATE, 1, 1);
	pci_sim_bar(f, 0, 0xfebd3000, 0x1000, 0);
	pci_sim_cap(f, 0x40, PCI_CAP_EXP, 0x3c);
	pci_sim_cap(f, 0x80, PCI_CAP_MSIX, 12);

	f = pci_sim_add(s, Q35_NET, 0x1af4, 0x1041, 0x020000, 0);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_bar(f, 4, 0xfe800000, 0x4000, 0xc);
}

static void
q35_lpc(struct pci_sim *s)
{
	pci_sim_add(s, Q35_ISA, 0x8086, 0x2918, 0x060100, 0x80);
	struct pci_sim_fn *f =
	    pci_sim_add(s, Q35_SATA, 0x8086, 0x2922, 0x010601, 0);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_bar(f, 4, 0xc080, 0x20, 1);
	pci_sim_bar(f, 5, 0xfebd4000, 0x1000, 0);
	pci_sim_cap(f, 0x80, PCI_CAP_MSI, 0x18);
	pci_sim_put(f, 0x82, 2, 1u << 7 | 1u << 8 | 2u << 1); /* 64, mask */
	pci_sim_cap(f, 0xa8, 0x12, 8);			      /* SATA */
	f = pci_sim_add(s, Q35_SMBUS, 0x8086, 0x2930, 0x0c0500, 0);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_bar(f, 4, 0x0700, 0x40, 1);
}

void
pci_q35(struct pci_sim *s, struct pci_config *cfg)
{
	pci_sim_init(s, 4096, cfg);
	pci_sim_add(s, Q35_HOST, 0x8086, 0x29c0, 0x060000, 0);
	q35_disks(s);
	q35_bridge(s);
	q35_lpc(s);
}

void
pci_virt(struct pci_sim *s, struct pci_config *cfg)
{
	pci_sim_init(s, 4096, cfg);
	pci_sim_add(s, VIRT_HOST, 0x1b36, 0x0008, 0x060000, 0);
	struct pci_sim_fn *f =
	    pci_sim_add(s, VIRT_NET, 0x1af4, 0x1000, 0x020000, 0);
	pci_sim_put(f, PCI_INT_PIN, 1, 1);
	pci_sim_bar(f, 0, 0x1000, 0x20, 1);
	pci_sim_bar(f, 1, 0x10040000, 0x1000, 0);
}
