/*
 * virtio_barrier: the memory barriers a virtio driver needs between its
 * stores and loads to ring memory that a device reads and writes by DMA,
 * and before the store to the notify register.  One set per arch:
 *
 *	virtio_wmb()	ring stores before a later ring store (the
 *			descriptors and avail entries before avail->idx)
 *	virtio_rmb()	a ring load before later ring loads (used->idx
 *			before the used entries and the buffers they name)
 *	virtio_mb()	stores before later loads and stores, to ring memory
 *			and to the device's registers (avail->idx before
 *			reading avail_event or used->flags, used_event
 *			before re-reading used->idx, all of it before a
 *			notify)
 *
 * x86_64 keeps stores in order with stores and loads with loads for
 * write-back memory that devices snoop, so only the compiler needs telling
 * for wmb and rmb; a store then a load may pass, so mb is mfence.  aarch64
 * orders nothing by itself: DMB over the outer shareable domain, where
 * devices are, for each; a notify to Device memory after a DMB OSH is
 * ordered after the ring stores.
 */
#ifndef CAIRN_LIB_VIRTIO_BARRIER_H
#define CAIRN_LIB_VIRTIO_BARRIER_H

#if defined(__x86_64__)
static inline void
virtio_wmb(void)
{
	__asm__ volatile("" ::: "memory");
}

static inline void
virtio_rmb(void)
{
	__asm__ volatile("" ::: "memory");
}

static inline void
virtio_mb(void)
{
	__asm__ volatile("mfence" ::: "memory");
}
#elif defined(__aarch64__)
static inline void
virtio_wmb(void)
{
	__asm__ volatile("dmb oshst" ::: "memory");
}

static inline void
virtio_rmb(void)
{
	__asm__ volatile("dmb oshld" ::: "memory");
}

static inline void
virtio_mb(void)
{
	__asm__ volatile("dmb osh" ::: "memory");
}
#else
/* cppcheck-suppress preprocessorErrorDirective ; it tries every arch */
#error "virtio_barrier.h: no barriers for this architecture"
#endif

#endif
