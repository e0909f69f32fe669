/*
 * legacy: the pci service on the PC.  Its manifest asks for ports
 * 0xCF8-0xCFF as well, the way into configuration space on a machine
 * without ECAM (QEMU's i440fx `pc`, which has no MCFG).
 */
#include <cairn/manifest.h>

#include "../../svc.h"
#include "procrt.h"

CAIRN_MANIFEST("name pci\n"
	       "description PCI configuration space, the device table\n"
	       "quota 512K\n"
	       "restart on-failure 3 10\n"
	       "pciconfig\n"
	       "ioport 0xcf8 8\n"
	       "provides pci\n"
	       "receive\n"
	       "needs serial\n");

static uint32_t
in(void *ctx, uint16_t port, unsigned width)
{
	word_t v = ~0ull;

	cairn_ioport_in(*(cptr_t *)ctx, port, width, &v);
	return (uint32_t)v;
}

static void
out(void *ctx, uint16_t port, unsigned width, uint32_t v)
{
	cairn_ioport_out(*(cptr_t *)ctx, port, width, v);
}

int
pci_arch_legacy(struct pci_config *cfg)
{
	static cptr_t cap;
	static struct pci_ports ports = {in, out, &cap};
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_IOPORT, NULL);

	if (g == NULL) {
		return -1;
	}
	cap = g->slot;
	pci_legacy_config(cfg, &ports);
	return 0;
}
