/*
 * pcitest: a driver's PCI grants, checked (docs/pci.md, "Grants").  Its
 * manifest names a modern virtio entropy device (QEMU's virtio-rng-pci,
 * which no driver of ours wants); init gives it that function's
 * endpoint to the pci service, its BARs mapped and an MSI.  It reads its
 * configuration through the service (lib/pci over cairn_pci_config),
 * turns memory decoding on, finds virtio's common configuration in its
 * BAR and reads num_queues and writes and reads device_feature_select
 * there, turns MSI-X on and off, asks for DMA memory for its function,
 * and checks the refusals: a write to a BAR, to a command bit it may not
 * change, a read past the space, DMA memory for another function.  With
 * the argument "hold" it then waits to be killed, holding the device.
 * "rng N [shared]" (rng.c) drives the device through its INTx line
 * instead, N requests (and with "shared", more until another device
 * interrupts on the line), for a device with no MSI-X.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "pci_cap.h"
#include "pcitest.h"
#include "virtio_pci.h"

CAIRN_MANIFEST("name pcitest\n"
	       "description a driver's PCI grants, checked\n"
	       "quota 512K\n"
	       "pci 1af4:1044\n"
	       "needs serial\n");

static struct cairn_pci_dev dev;
static struct pci_config cfg;

static int
refused(const char *what, int got, int want)
{
	printf("pcitest: %s: %s\n", what, got == want ? "refused" : "WRONG");
	return got != want;
}

/* The mapped address of BAR index, or 0. */
static word_t
bar_at(unsigned index, word_t *size)
{
	for (word_t i = 0; i < cairn_procinfo->ngrants; i++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[i];
		if (g->kind == CAIRN_GRANT_PCI_BAR && g->slot2 == index &&
		    g->slot == 0) {
			*size = g->b;
			return g->a;
		}
	}
	return 0;
}

/* virtio's common configuration, through its vendor capability. */
static int
common_cfg(void)
{
	struct pci_cap_iter it;
	unsigned cap;

	pci_cap_begin(&cfg, dev.addr, 0, &it);
	while ((cap = pci_cap_find_next(&cfg, &it, PCI_CAP_VENDOR)) != 0) {
		if (pci_read8(&cfg, dev.addr, cap + 3) != 1) {
			continue; /* not the common configuration */
		}
		unsigned bar = pci_read8(&cfg, dev.addr, cap + 4);
		uint32_t off = pci_read32(&cfg, dev.addr, cap + 8);
		word_t size = 0;
		word_t at = bar_at(bar, &size);
		if (at == 0 || off + VIRTIO_PCI_COMMON_LEN > size) {
			printf("pcitest: BAR %u not granted\n", bar);
			return 1;
		}
		volatile uint8_t *c = (volatile uint8_t *)(at + off);
		uint16_t nq = *(volatile uint16_t *)(c + VIRTIO_PCI_NUM_QUEUES);
		*(volatile uint32_t *)(c + VIRTIO_PCI_DEVICE_FEATURE_SELECT) =
		    1;
		uint32_t sel = *(
		    volatile uint32_t *)(c + VIRTIO_PCI_DEVICE_FEATURE_SELECT);
		*(volatile uint32_t *)(c + VIRTIO_PCI_DEVICE_FEATURE_SELECT) =
		    0;
		printf("pcitest: BAR %u at 0x%lx: num_queues %u, "
		       "device_feature_select %u\n",
		       bar, (unsigned long)at, nq, sel);
		return nq == 0 || sel != 1;
	}
	printf("pcitest: no virtio common configuration\n");
	return 1;
}

/* MSI-X on, seen on, and off again, through the service. */
static int
msix(void)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_MSI, NULL);
	unsigned cap = pci_cap_find(&cfg, dev.addr, 0, PCI_CAP_MSIX);
	uint32_t ctl = 0;

	if (g == NULL || cap == 0) {
		printf("pcitest: no MSI grant or no MSI-X\n");
		return 1;
	}
	printf("pcitest: MSI address 0x%lx data 0x%lx\n", (unsigned long)g->a,
	       (unsigned long)g->b);
	cairn_pci_cfg_read(dev.ep, cap + 2, 2, &ctl);
	int st = cairn_pci_cfg_write(dev.ep, cap + 2, 2, ctl | 0xc000);
	uint32_t on = 0;
	cairn_pci_cfg_read(dev.ep, cap + 2, 2, &on);
	cairn_pci_cfg_write(dev.ep, cap + 2, 2, ctl & ~0xc000u);
	printf("pcitest: MSI-X %s\n",
	       st == CAIRN_OK && (on & 0x8000) ? "on" : "WRONG");
	return st != CAIRN_OK || !(on & 0x8000);
}

static int
refusals(void)
{
	uint32_t v = 0;
	struct cairn_dma d;
	word_t rid =
	    (word_t)dev.addr.bus << 8 | (word_t)dev.addr.dev << 3 | dev.addr.fn;
	uint16_t cmd = pci_read16(&cfg, dev.addr, PCI_COMMAND);
	int bad = 0;

	bad |= refused("write to BAR 0",
		       cairn_pci_cfg_write(dev.ep, PCI_BAR0, 4, 0xffffffff),
		       CAIRN_E_ILLEGAL_OPERATION);
	bad |= refused(
	    "command bit 8 (SERR)",
	    cairn_pci_cfg_write(dev.ep, PCI_COMMAND, 2, cmd ^ (1u << 8)),
	    CAIRN_E_ILLEGAL_OPERATION);
	bad |= refused("read past the space",
		       cairn_pci_cfg_read(dev.ep, 4096, 4, &v), CAIRN_E_RANGE);
	bad |= refused("unaligned read", cairn_pci_cfg_read(dev.ep, 1, 2, &v),
		       CAIRN_E_RANGE);
	bad |= refused("DMA memory for another function",
		       cairn_dma_alloc(rid ^ 8, 4096, &d), CAIRN_E_NO_RIGHTS);
	int st = cairn_dma_alloc(rid, 4096, &d);
	printf("pcitest: DMA memory for its own function: %s\n",
	       st == CAIRN_OK ? "given" : "WRONG");
	return bad | (st != CAIRN_OK);
}

int
main(int argc, char **argv)
{
	int bad = 0;

	if (cairn_pci_dev(0, &dev) != CAIRN_OK) {
		printf("pcitest: no PCI grant\n");
		return 1;
	}
	cairn_pci_config(&cfg, &dev);
	uint16_t vendor = pci_read16(&cfg, dev.addr, PCI_VENDOR);
	uint16_t device = pci_read16(&cfg, dev.addr, PCI_DEVICE);
	printf("pcitest: device %02x:%02x.%x %04x:%04x\n", dev.addr.bus,
	       dev.addr.dev, dev.addr.fn, vendor, device);
	bad |= vendor != dev.vendor || device != dev.device;
	if (argc > 2 && strcmp(argv[1], "rng") == 0) {
		return rng_run(&dev, &cfg, (int)strtol(argv[2], NULL, 10),
			       argc > 3 && strcmp(argv[3], "shared") == 0);
	}
	pci_command(&cfg, dev.addr, PCI_CMD_MEMORY, 0);
	bad |= common_cfg();
	bad |= msix();
	bad |= refusals();
	printf("pcitest: %s\n", bad ? "FAILED" : "done");
	if (argc > 1 && strcmp(argv[1], "hold") == 0) {
		word_t bits;
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_MSI, NULL);
		for (;;) {
			cairn_wait(g != NULL ? g->slot2 : 0, &bits);
			cairn_yield();
		}
	}
	return bad;
}
