/*
 * virtio_pci: the virtio 1.x PCI transport (virtio_pci.h).
 */
#include "virtio_pci.h"

static uint32_t
rd(struct virtio_pci *t, int region, uint32_t off, int size)
{
	return t->io.read(t->io.ctx, region, off, size);
}

static void
wr(struct virtio_pci *t, int region, uint32_t off, int size, uint32_t v)
{
	t->io.write(t->io.ctx, region, off, size, v);
}

static uint8_t
status(struct virtio_pci *t)
{
	return (uint8_t)rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_DEVICE_STATUS, 1);
}

/* Add bits to device_status, as the handshake does step by step. */
static void
status_add(struct virtio_pci *t, uint8_t bits)
{
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_DEVICE_STATUS, 1, status(t) | bits);
}

/* Write a 64-bit field of the common structure as two halves. */
static void
wr64(struct virtio_pci *t, uint32_t off, uint64_t v)
{
	wr(t, VIRTIO_R_COMMON, off, 4, (uint32_t)v);
	wr(t, VIRTIO_R_COMMON, off + 4, 4, (uint32_t)(v >> 32));
}

int
virtio_pci_init(struct virtio_pci *t, const struct virtio_io *io,
		uint32_t notify_mul)
{
	if (io->read == 0 || io->write == 0 ||
	    io->len[VIRTIO_R_COMMON] < VIRTIO_PCI_COMMON_LEN ||
	    io->len[VIRTIO_R_NOTIFY] < 2) {
		return VIRTIO_E_ARG;
	}
	t->io = *io;
	t->notify_mul = notify_mul;
	t->features = 0;
	t->nqueues = 0;
	return VIRTIO_OK;
}

int
virtio_pci_reset(struct virtio_pci *t)
{
	t->features = 0;
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_DEVICE_STATUS, 1, 0);
	for (long i = 0; i < VIRTIO_PCI_RESET_POLLS; i++) {
		if (status(t) == 0) {
			return VIRTIO_OK;
		}
	}
	return VIRTIO_E_TIMEOUT;
}

int
virtio_pci_begin(struct virtio_pci *t)
{
	int r = virtio_pci_reset(t);

	if (r != VIRTIO_OK) {
		return r;
	}
	status_add(t, VIRTIO_S_ACKNOWLEDGE);
	status_add(t, VIRTIO_S_DRIVER);
	return VIRTIO_OK;
}

uint64_t
virtio_pci_device_features(struct virtio_pci *t)
{
	uint64_t f = 0;

	for (uint32_t half = 0; half < 2; half++) {
		wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_DEVICE_FEATURE_SELECT, 4,
		   half);
		f |= (uint64_t)rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_DEVICE_FEATURE,
				  4)
		     << (32 * half);
	}
	return f;
}

int
virtio_pci_negotiate(struct virtio_pci *t, uint64_t want)
{
	uint64_t offered = virtio_pci_device_features(t);
	uint64_t f = offered & want & ~VIRTIO_BIT(VIRTIO_F_RING_PACKED);

	if (!(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		virtio_pci_fail(t);
		return VIRTIO_E_VERSION;
	}
	for (uint32_t half = 0; half < 2; half++) {
		wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_DRIVER_FEATURE_SELECT, 4,
		   half);
		wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_DRIVER_FEATURE, 4,
		   (uint32_t)(f >> (32 * half)));
	}
	status_add(t, VIRTIO_S_FEATURES_OK);
	if (!(status(t) & VIRTIO_S_FEATURES_OK)) {
		virtio_pci_fail(t);
		return VIRTIO_E_FEATURES;
	}
	t->features = f;
	t->nqueues = (uint16_t)rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_NUM_QUEUES, 2);
	return VIRTIO_OK;
}

int
virtio_pci_queue_max(struct virtio_pci *t, uint16_t q, uint16_t *max)
{
	if (q >= t->nqueues) {
		return VIRTIO_E_QUEUE;
	}
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_SELECT, 2, q);
	*max = (uint16_t)rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_SIZE, 2);
	return *max ? VIRTIO_OK : VIRTIO_E_QUEUE;
}

/* Check the arguments of a queue setup; changes nothing. */
static int
queue_args_ok(uint16_t size, uint16_t max, const struct virtio_queue_addr *a)
{
	return size != 0 && (size & (size - 1)) == 0 && size <= max &&
	       a->desc % 16 == 0 && a->avail % 2 == 0 && a->used % 4 == 0;
}

int
virtio_pci_queue_setup(struct virtio_pci *t, uint16_t q, uint16_t size,
		       const struct virtio_queue_addr *a, uint16_t vector,
		       uint32_t *notify_off)
{
	uint16_t max;
	int r = virtio_pci_queue_max(t, q, &max);

	if (r != VIRTIO_OK) {
		return r;
	}
	if (!queue_args_ok(size, max, a)) {
		return VIRTIO_E_ARG;
	}
	if (rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_ENABLE, 2) != 0) {
		return VIRTIO_E_QUEUE;
	}
	uint64_t off =
	    (uint64_t)rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_NOTIFY_OFF, 2) *
	    t->notify_mul;
	if (off % 2 || off > t->io.len[VIRTIO_R_NOTIFY] - 2) {
		return VIRTIO_E_DEVICE;
	}
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_SIZE, 2, size);
	wr64(t, VIRTIO_PCI_QUEUE_DESC, a->desc);
	wr64(t, VIRTIO_PCI_QUEUE_DRIVER, a->avail);
	wr64(t, VIRTIO_PCI_QUEUE_DEVICE, a->used);
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_MSIX_VECTOR, 2, vector);
	if (rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_MSIX_VECTOR, 2) != vector) {
		return VIRTIO_E_DEVICE;
	}
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_QUEUE_ENABLE, 2, 1);
	*notify_off = (uint32_t)off;
	return VIRTIO_OK;
}

int
virtio_pci_config_vector(struct virtio_pci *t, uint16_t vector)
{
	wr(t, VIRTIO_R_COMMON, VIRTIO_PCI_CONFIG_MSIX_VECTOR, 2, vector);
	if (rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_CONFIG_MSIX_VECTOR, 2) !=
	    vector) {
		return VIRTIO_E_DEVICE;
	}
	return VIRTIO_OK;
}

int
virtio_pci_driver_ok(struct virtio_pci *t)
{
	status_add(t, VIRTIO_S_DRIVER_OK);
	return virtio_pci_check(t);
}

void
virtio_pci_fail(struct virtio_pci *t)
{
	status_add(t, VIRTIO_S_FAILED);
}

int
virtio_pci_check(struct virtio_pci *t)
{
	uint8_t s = status(t);

	if (s == 0xff || !(s & VIRTIO_S_DRIVER_OK)) {
		return VIRTIO_E_DEVICE;
	}
	if (s & VIRTIO_S_NEEDS_RESET) {
		return VIRTIO_E_NEEDS_RESET;
	}
	return VIRTIO_OK;
}

void
virtio_pci_notify(struct virtio_pci *t, uint32_t notify_off, uint16_t q)
{
	wr(t, VIRTIO_R_NOTIFY, notify_off, 2, q);
}

unsigned
virtio_pci_isr(struct virtio_pci *t)
{
	if (t->io.len[VIRTIO_R_ISR] == 0) {
		return 0;
	}
	return rd(t, VIRTIO_R_ISR, 0, 1) &
	       (VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG);
}

uint64_t
virtio_pci_config(struct virtio_pci *t, uint32_t off, int size)
{
	if (size == 8) {
		uint64_t lo = rd(t, VIRTIO_R_DEVICE, off, 4);
		return lo | (uint64_t)rd(t, VIRTIO_R_DEVICE, off + 4, 4) << 32;
	}
	return rd(t, VIRTIO_R_DEVICE, off, size);
}

uint32_t
virtio_pci_generation(struct virtio_pci *t)
{
	return rd(t, VIRTIO_R_COMMON, VIRTIO_PCI_CONFIG_GENERATION, 1);
}
