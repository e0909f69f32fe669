/*
 * pci_name: a small class table (from the PCI Code and ID Assignment
 * Specification 1.15), the classes a virtual machine and a small board
 * show, and lspci's names for them.
 */
#include "pci_name.h"

struct class_name {
	uint8_t class;
	uint8_t subclass; /* 0xff: the class's own name */
	const char *name;
};

static const struct class_name names[] = {
    {0x00, 0xff, "Unclassified device"},
    {0x00, 0x01, "VGA compatible unclassified device"},
    {0x01, 0xff, "Mass storage controller"},
    {0x01, 0x00, "SCSI storage controller"},
    {0x01, 0x01, "IDE interface"},
    {0x01, 0x05, "ATA controller"},
    {0x01, 0x06, "SATA controller"},
    {0x01, 0x07, "Serial Attached SCSI controller"},
    {0x01, 0x08, "Non-Volatile memory controller"},
    {0x02, 0xff, "Network controller"},
    {0x02, 0x00, "Ethernet controller"},
    {0x03, 0xff, "Display controller"},
    {0x03, 0x00, "VGA compatible controller"},
    {0x04, 0xff, "Multimedia controller"},
    {0x04, 0x01, "Multimedia audio controller"},
    {0x04, 0x03, "Audio device"},
    {0x05, 0xff, "Memory controller"},
    {0x06, 0xff, "Bridge"},
    {0x06, 0x00, "Host bridge"},
    {0x06, 0x01, "ISA bridge"},
    {0x06, 0x04, "PCI bridge"},
    {0x06, 0x07, "CardBus bridge"},
    {0x07, 0xff, "Communication controller"},
    {0x07, 0x00, "Serial controller"},
    {0x08, 0xff, "Generic system peripheral"},
    {0x09, 0xff, "Input device controller"},
    {0x0c, 0xff, "Serial bus controller"},
    {0x0c, 0x03, "USB controller"},
    {0x0c, 0x05, "SMBus"},
    {0x0d, 0xff, "Wireless controller"},
    {0x10, 0xff, "Encryption controller"},
    {0x11, 0xff, "Signal processing controller"},
    {0xff, 0xff, "Unassigned class"},
};

const char *
pci_class_name(uint8_t class, uint8_t subclass)
{
	const char *own = NULL;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].class != class) {
			continue;
		}
		if (names[i].subclass == subclass && subclass != 0xff) {
			return names[i].name;
		}
		if (names[i].subclass == 0xff) {
			own = names[i].name;
		}
	}
	return own;
}

/* An output buffer that counts what did not fit. */
struct out {
	char *buf;
	size_t n;
	size_t len;
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->n) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void
puts_(struct out *o, const char *s)
{
	while (*s != '\0') {
		put(o, *s++);
	}
}

static void
hex(struct out *o, unsigned v, int digits)
{
	static const char digit[] = "0123456789abcdef";

	while (digits-- > 0) {
		put(o, digit[v >> (4 * digits) & 0xf]);
	}
}

size_t
pci_format(const struct pci_device *d, char *buf, size_t n)
{
	struct out o = {buf, n, 0};
	const char *name = pci_class_name(d->class, d->subclass);

	hex(&o, d->addr.bus, 2);
	put(&o, ':');
	hex(&o, d->addr.dev, 2);
	put(&o, '.');
	hex(&o, d->addr.fn, 1);
	put(&o, ' ');
	if (name != NULL) {
		puts_(&o, name);
	} else {
		puts_(&o, "Class ");
		hex(&o, d->class, 2);
		hex(&o, d->subclass, 2);
	}
	put(&o, ' ');
	hex(&o, d->vendor, 4);
	put(&o, ':');
	hex(&o, d->device, 4);
	if (n > 0) {
		buf[o.len < n ? o.len : n - 1] = '\0';
	}
	return o.len;
}
