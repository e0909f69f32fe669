/*
 * msitest: plain MSI, the kind a device without MSI-X has, through the
 * pci service (docs/pci.md, "Grants").  Its manifest names QEMU's edu
 * device (1234:11e8), which has an MSI capability and no MSI-X, and
 * raises an interrupt when its interrupt-raise register (0x60) is
 * written, holding it until the value is written to its acknowledge
 * register (0x64).  msitest shows the service its MSI handler
 * (cairn_pci_msi_enable), which programs the handler's message into the
 * device's MSI capability; then it raises N interrupts and takes each at
 * its notification.  The refusals first: no capability, a capability
 * that is no MSI handler (its INTx handler, its notification), and MSI
 * turned on by a configuration write of its own.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>

#include "pci_msi.h"
#include "procrt.h"
#include "proto/pci.h"

CAIRN_MANIFEST("name msitest\n"
	       "description plain MSI through the pci service, on edu\n"
	       "quota 2M\n"
	       "pci 1234:11e8\n"
	       "needs serial\n");

enum {
	EDU_ID = 0x00,	   /* 0x010000ed: version 1.0, "ed" */
	EDU_STATUS = 0x24, /* the interrupt status: the values raised */
	EDU_RAISE = 0x60,
	EDU_ACK = 0x64,
};

static volatile uint32_t *
reg(word_t bar, unsigned off)
{
	return (volatile uint32_t *)(uintptr_t)(bar + off);
}

static int
refused(const char *what, int got, int want)
{
	printf("msitest: %s: %s\n", what, got == want ? "refused" : "WRONG");
	return got != want;
}

/* The refusals: 0 if each came as it should. */
static int
refusals(const struct cairn_pci_dev *dev, const struct cairn_grant *intx,
	 const struct cairn_grant *msi, unsigned cap)
{
	struct cairn_msg m = {0};
	int st = cairn_call(dev->ep, CAIRN_PCI_MSI_ENABLE, 0, &m);
	int bad = refused("MSI_ENABLE with no capability",
			  st == CAIRN_OK ? (int)m.label : st,
			  CAIRN_E_INVALID_ARGUMENT);

	/* Whatever the kernel says of the method on a notification. */
	st = cairn_pci_msi_enable(dev->ep, msi->slot2);
	bad |= refused("MSI_ENABLE with a notification", st != CAIRN_OK, 1);
	if (intx != NULL) {
		bad |= refused("MSI_ENABLE with its INTx handler",
			       cairn_pci_msi_enable(dev->ep, intx->slot),
			       CAIRN_E_ILLEGAL_OPERATION);
	}
	/* Nor may it turn MSI on itself, with whatever address is there. */
	bad |= refused("MSI on by a configuration write",
		       cairn_pci_cfg_write(dev->ep, cap + 2, 2, 1),
		       CAIRN_E_ILLEGAL_OPERATION);
	return bad;
}

int
main(int argc, char **argv)
{
	struct cairn_pci_dev dev;
	struct pci_config cfg;
	struct pci_msi cap;
	const struct cairn_grant *msi = cairn_grant_find(CAIRN_GRANT_MSI, NULL);
	const struct cairn_grant *intx =
	    cairn_grant_find(CAIRN_GRANT_INTX, NULL);
	const struct cairn_grant *bar =
	    cairn_grant_find(CAIRN_GRANT_PCI_BAR, NULL);
	int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100, got = 0;

	if (cairn_pci_dev(0, &dev) != CAIRN_OK || msi == NULL || bar == NULL ||
	    bar->slot != 0) {
		printf("msitest: no device, MSI or memory BAR granted\n");
		return 1;
	}
	cairn_pci_config(&cfg, &dev);
	pci_command(&cfg, dev.addr, PCI_CMD_MEMORY | PCI_CMD_MASTER, 0);
	uint32_t id = *reg(bar->a, EDU_ID);
	printf("msitest: device %02x:%02x.%x, id 0x%08x\n", dev.addr.bus,
	       dev.addr.dev, dev.addr.fn, (unsigned)id);
	if (pci_msi_probe(&cfg, dev.addr,
			  pci_read8(&cfg, dev.addr, PCI_HEADER) & 0x7f,
			  &cap) != 0) {
		printf("msitest: no MSI capability: WRONG\n");
		return 1;
	}
	int bad = (id & 0xff) != 0xed || refusals(&dev, intx, msi, cap.cap);
	if (intx != NULL) {
		cairn_irq_clear(intx->slot); /* MSI it is */
	}
	int st = cairn_pci_msi_enable(dev.ep, msi->slot);
	if (st != CAIRN_OK) {
		printf("msitest: MSI_ENABLE: status %d: WRONG\n", st);
		return 1;
	}
	/* What the service wrote, read back through it. */
	uint16_t ctl = pci_read16(&cfg, dev.addr, cap.cap + 2);
	uint32_t lo = pci_read32(&cfg, dev.addr, cap.cap + 4);
	uint16_t data =
	    pci_read16(&cfg, dev.addr, cap.cap + (cap.is64 ? 12 : 8));
	printf("msitest: MSI %s, address 0x%lx data 0x%x, as granted: %s\n",
	       ctl & 1 ? "on" : "off", (unsigned long)lo, data,
	       lo == (uint32_t)msi->a && data == (uint16_t)msi->b ? "yes"
								  : "WRONG");
	bad |= !(ctl & 1) || lo != (uint32_t)msi->a || data != (uint16_t)msi->b;
	pci_command(&cfg, dev.addr, PCI_CMD_INTX_OFF, 0);
	cairn_irq_ack(msi->slot);
	for (int i = 0; i < rounds; i++) {
		word_t bits;
		*reg(bar->a, EDU_RAISE) = 1u << (i % 8);
		cairn_wait(msi->slot2, &bits);
		uint32_t raised = *reg(bar->a, EDU_STATUS);
		*reg(bar->a, EDU_ACK) = raised;
		cairn_irq_ack(msi->slot);
		got += raised == 1u << (i % 8);
	}
	printf("msitest: %d of %d interrupts by MSI, each the one raised\n",
	       got, rounds);
	bad |= got != rounds;
	printf("msitest: %s\n", bad ? "FAILED" : "done");
	return bad;
}
