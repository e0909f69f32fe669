/*
 * gic: GICv2 (Arm IHI 0048B) without the security extensions in use:
 * every interrupt is Group 0 and arrives as IRQ.
 */
#include "gic.h"

#include <stddef.h>

#include "console.h"
#include "mmio.h"
#include "mmu.h"
#include "plat.h"
#include "timer.h"

enum {
	GICD_CTLR = 0x000,
	GICD_TYPER = 0x004,
	GICD_ISENABLER = 0x100,
	GICD_ICENABLER = 0x180,
	GICD_ICPENDR = 0x280,
	GICD_IPRIORITYR = 0x400,
	GICD_ITARGETSR = 0x800,
	GICD_ICFGR = 0xc00,
	GICC_CTLR = 0x00,
	GICC_PMR = 0x04,
	GICC_BPR = 0x08,
	GICC_IAR = 0x0c,
	GICC_EOIR = 0x10,
	PRIO_DEFAULT = 0xa0,
	PRIO_MASK_NONE = 0xf0,
};

static uintptr_t gicd, gicc;
static unsigned nlines;		      /* INTIDs the distributor implements */
static unsigned v2m_first, v2m_count; /* the MSI frame's SPIs */

enum { V2M_TYPER = 0x8 }; /* 25:16 the first SPI's INTID, 9:0 how many */

/* The MSI frame's SPIs, if there is a frame and they are the GIC's. */
static void
v2m_init(unsigned lines)
{
	if (plat.v2m_base == 0) {
		return;
	}
	uint32_t t =
	    mmio_read32((uintptr_t)phys_to_virt(plat.v2m_base) + V2M_TYPER);
	unsigned first = (t >> 16) & 0x3ff, count = t & 0x3ff;
	if (first >= 32 && count > 0 && first + count <= lines) {
		v2m_first = first;
		v2m_count = count;
		kprintf("gic: GICv2m MSI frame at 0x%lx, SPIs %u-%u\n",
			plat.v2m_base, first, first + count - 1);
	}
}

unsigned
gic_init(void)
{
	gicd = (uintptr_t)phys_to_virt(plat.gicd_base);
	gicc = (uintptr_t)phys_to_virt(plat.gicc_base);
	mmio_write32(gicd + GICD_CTLR, 0);
	unsigned lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	if (lines > 1020) {
		lines = 1020;
	}
	for (unsigned i = 0; i < lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, 0xffffffff);
	}
	for (unsigned i = 0; i < lines; i += 4) {
		mmio_write32(gicd + GICD_IPRIORITYR + i,
			     PRIO_DEFAULT * 0x01010101u);
		if (i >= 32) { /* SPIs: to CPU 0; SGI/PPI targets are fixed */
			mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101u);
		}
	}
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, PRIO_MASK_NONE);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
	nlines = lines;
	v2m_init(lines);
	return lines;
}

unsigned
gic_v2m_lines(unsigned *first)
{
	*first = v2m_first;
	return v2m_count;
}

void
gic_set_edge(unsigned id)
{
	uintptr_t r = gicd + GICD_ICFGR + (id / 16) * 4;

	mmio_write32(r, mmio_read32(r) | 2u << (2 * (id % 16)));
}

unsigned
gic_lines(void)
{
	return nlines;
}

void
gic_enable(unsigned id)
{
	mmio_write32(gicd + GICD_ISENABLER + (id / 32) * 4, 1u << (id % 32));
}

void
gic_disable(unsigned id)
{
	mmio_write32(gicd + GICD_ICENABLER + (id / 32) * 4, 1u << (id % 32));
}

/* Two bits an INTID, sixteen a register; the upper bit set: edge. */
bool
gic_is_level(unsigned id)
{
	uint32_t cfg = mmio_read32(gicd + GICD_ICFGR + (id / 16) * 4);

	return (cfg & (2u << (2 * (id % 16)))) == 0;
}

uint32_t
gic_ack(void)
{
	return mmio_read32(gicc + GICC_IAR);
}

void
gic_eoi(uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

void
gic_dispatch(void (*device)(unsigned id))
{
	for (;;) {
		uint32_t iar = gic_ack();
		unsigned id = iar & 0x3ff;
		if (id >= GIC_SPURIOUS) {
			return;
		}
		if (id == plat.timer_intid) {
			timer_tick();
		} else if (device != NULL) {
			device(id);
		}
		gic_eoi(iar);
	}
}
