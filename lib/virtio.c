/*
 * virtio: the library's error texts and register access through mapped
 * windows (virtio.h).
 */
#include "virtio.h"

const char *
virtio_strerror(int e)
{
	static const char *const text[] = {
	    "ok",
	    "bad argument",
	    "device lacks VIRTIO_F_VERSION_1",
	    "device refused the features",
	    "device broke the protocol",
	    "device needs a reset",
	    "queue full",
	    "memory too small",
	    "queue absent or unusable",
	    "device reset timed out",
	    "device is read-only",
	    "not supported by the device",
	    "overlaps a request in flight",
	    "sectors past the end of the device",
	    "I/O error",
	    "lost to a reset; retry",
	};

	if (e > 0 || -e >= (int)(sizeof(text) / sizeof(text[0]))) {
		return "unknown error";
	}
	return text[-e];
}

/* The address of an access of size bytes at off of region, or 0. */
static volatile uint8_t *
mapped_at(const struct virtio_mapped *m, int region, uint32_t off, int size)
{
	if (region < 0 || region >= VIRTIO_NREGIONS ||
	    (size != 1 && size != 2 && size != 4) || off % (uint32_t)size) {
		return 0;
	}
	const struct virtio_window *w = &m->w[region];
	if (w->base == 0 || off > w->len || w->len - off < (uint32_t)size) {
		return 0;
	}
	return w->base + off;
}

static uint32_t
mapped_read(void *ctx, int region, uint32_t off, int size)
{
	volatile uint8_t *p = mapped_at(ctx, region, off, size);

	if (p == 0) {
		return 0xffffffff;
	}
	if (size == 1) {
		return *p;
	}
	if (size == 2) {
		return *(volatile uint16_t *)p;
	}
	return *(volatile uint32_t *)p;
}

static void
mapped_write(void *ctx, int region, uint32_t off, int size, uint32_t v)
{
	volatile uint8_t *p = mapped_at(ctx, region, off, size);

	if (p == 0) {
		return;
	}
	if (size == 1) {
		*p = (uint8_t)v;
	} else if (size == 2) {
		*(volatile uint16_t *)p = (uint16_t)v;
	} else {
		*(volatile uint32_t *)p = v;
	}
}

void
virtio_io_mapped(struct virtio_io *io, struct virtio_mapped *m)
{
	io->read = mapped_read;
	io->write = mapped_write;
	io->ctx = m;
	for (int i = 0; i < VIRTIO_NREGIONS; i++) {
		io->len[i] = m->w[i].base ? m->w[i].len : 0;
	}
}
