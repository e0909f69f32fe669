/*
 * pci_cap: the bounded walk of the capability list (PCI Local Bus 3.0,
 * 6.7).  The low two bits of every pointer are reserved and masked off,
 * so every access the walk makes is an aligned one inside the 256 bytes.
 */
#include "pci_cap.h"

enum {
	CAP_LIST_CARDBUS = 0x14, /* CardBus bridges keep the pointer here */
	CAP_FIRST = 0x40,
};

void
pci_cap_begin(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	      struct pci_cap_iter *it)
{
	unsigned ptr = (header & 0x7f) == PCI_HEADER_CARDBUS ? CAP_LIST_CARDBUS
							     : PCI_CAP_PTR;

	it->addr = a;
	it->steps = 0;
	it->next = 0;
	if (pci_read16(cfg, a, PCI_STATUS) & PCI_STATUS_CAPS) {
		it->next = pci_read8(cfg, a, ptr) & 0xfc;
	}
}

unsigned
pci_cap_next(const struct pci_config *cfg, struct pci_cap_iter *it, uint8_t *id)
{
	unsigned off = it->next;

	if (off < CAP_FIRST || it->steps >= PCI_CAP_MAX_STEPS) {
		it->next = 0;
		return 0;
	}
	uint16_t head = pci_read16(cfg, it->addr, off);
	*id = (uint8_t)head;
	it->next = (uint8_t)(head >> 8) & 0xfc;
	it->steps++;
	return off;
}

unsigned
pci_cap_find_next(const struct pci_config *cfg, struct pci_cap_iter *it,
		  uint8_t id)
{
	unsigned off;
	uint8_t got = 0;

	while ((off = pci_cap_next(cfg, it, &got)) != 0) {
		if (got == id) {
			return off;
		}
	}
	return 0;
}

unsigned
pci_cap_find(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	     uint8_t id)
{
	struct pci_cap_iter it;

	pci_cap_begin(cfg, a, header, &it);
	return pci_cap_find_next(cfg, &it, id);
}
