/*
 * devtree: the boot's questions to the device tree (devtree.h).
 */
#include "devtree.h"

#include "cstring.h"

/* The cell counts a bus gives its children's reg. */
struct cells {
	uint32_t addr;
	uint32_t size;
};

/* Property name of node as a cell count, or def if it has none. */
static int
cell_count(const struct fdt *f, int node, const char *name, uint32_t def,
	   uint32_t *v)
{
	int err = fdt_prop_u32(f, node, name, v);

	if (err == FDT_ERR_NOTFOUND) {
		*v = def;
		return FDT_OK;
	}
	return err;
}

/* The cells of bus, with the specification's defaults (2 and 1). */
static int
bus_cells(const struct fdt *f, int bus, struct cells *c)
{
	int err = cell_count(f, bus, "#address-cells", 2, &c->addr);

	if (err == FDT_OK) {
		err = cell_count(f, bus, "#size-cells", 1, &c->size);
	}
	if (err == FDT_OK && (c->addr < 1 || c->addr > 2 || c->size > 2)) {
		err = FDT_ERR_CELLS;
	}
	return err;
}

/* Read n (0 to 2) cells at *p as one number and move *p past them. */
static uint64_t
take(const uint8_t **p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++) {
		v = v << 32 | fdt_be32(*p);
		*p += 4;
	}
	return v;
}

/*
 * Translate *addr, an address on bus, to the address space of bus's
 * parent up through bus's ranges (child address, parent address, size).
 * An empty ranges maps one to one; none at all does not map.
 */
static int
translate_once(const struct fdt *f, int bus, int up, uint64_t *addr)
{
	struct cells child, parent;
	const uint8_t *p, *end;
	const void *val;
	uint32_t len;
	int err;

	if (fdt_prop(f, bus, "ranges", &val, &len) != FDT_OK) {
		return FDT_ERR_RANGES;
	}
	err = bus_cells(f, bus, &child);
	if (err == FDT_OK) {
		err = bus_cells(f, up, &parent);
	}
	if (err != FDT_OK || len == 0) {
		return err;
	}
	if (len % (4 * (child.addr + parent.addr + child.size)) != 0) {
		return FDT_ERR_LENGTH;
	}
	for (p = val, end = p + len; p < end;) {
		uint64_t c = take(&p, child.addr);
		uint64_t a = take(&p, parent.addr);
		uint64_t s = take(&p, child.size);

		if (*addr >= c && *addr - c < s) {
			*addr = *addr - c + a;
			return FDT_OK;
		}
	}
	return FDT_ERR_RANGES;
}

/* Translate *addr, an address on bus, to a CPU address. */
static int
translate(const struct fdt *f, int bus, uint64_t *addr)
{
	int up;

	while ((up = fdt_parent(f, bus)) >= 0) {
		int err = translate_once(f, bus, up, addr);

		if (err != FDT_OK) {
			return err;
		}
		bus = up;
	}
	return up == -FDT_ERR_NOTFOUND ? FDT_OK : -up;
}

/*
 * Append node's reg, read with bus's cells, to out[*n..max); translate
 * each base through the buses above it if asked.
 */
static int
read_reg(const struct fdt *f, int node, int bus, int xlate,
	 struct devtree_range *out, int max, int *n)
{
	struct cells c;
	const uint8_t *p, *end;
	const void *val;
	uint32_t len;
	int err = fdt_prop(f, node, "reg", &val, &len);

	if (err == FDT_OK) {
		err = bus_cells(f, bus, &c);
	}
	if (err != FDT_OK) {
		return err;
	}
	if (len == 0 || len % (4 * (c.addr + c.size)) != 0) {
		return FDT_ERR_LENGTH;
	}
	for (p = val, end = p + len; p < end; (*n)++) {
		if (*n >= max) {
			return FDT_ERR_FULL;
		}
		out[*n].base = take(&p, c.addr);
		out[*n].size = take(&p, c.size);
		err = xlate ? translate(f, bus, &out[*n].base) : FDT_OK;
		if (err != FDT_OK) {
			return err;
		}
	}
	return FDT_OK;
}

int
devtree_memory(const struct fdt *f, struct devtree_range *out, int max, int *n)
{
	int root = fdt_path(f, "/");
	const char *type;
	int err;

	*n = 0;
	for (int c = fdt_child(f, root, -1); c >= 0;
	     c = fdt_child(f, root, c)) {
		if (fdt_prop_string(f, c, "device_type", &type) != FDT_OK ||
		    strcmp(type, "memory") != 0) {
			continue;
		}
		err = read_reg(f, c, root, 0, out, max, n);
		if (err != FDT_OK) {
			return err;
		}
	}
	return *n > 0 ? FDT_OK : FDT_ERR_NOTFOUND;
}

int
devtree_reserved(const struct fdt *f, struct devtree_range *out, int max,
		 int *n)
{
	int rsv = fdt_path(f, "/reserved-memory");

	*n = 0;
	for (uint32_t i = 0; i < f->nrsv; i++, (*n)++) {
		if (*n >= max) {
			return FDT_ERR_FULL;
		}
		fdt_memreserve(f, i, &out[*n].base, &out[*n].size);
	}
	if (rsv < 0) {
		return FDT_OK;
	}
	for (int c = fdt_child(f, rsv, -1); c >= 0; c = fdt_child(f, rsv, c)) {
		int err = read_reg(f, c, rsv, 0, out, max, n);
		if (err != FDT_OK && err != FDT_ERR_NOTFOUND) {
			return err;
		}
	}
	return FDT_OK;
}

/* Property name of node as a string, or NULL if it has none. */
static int
optional_string(const struct fdt *f, int node, const char *name, const char **s)
{
	int err = fdt_prop_string(f, node, name, s);

	if (err == FDT_ERR_NOTFOUND) {
		*s = NULL;
		return FDT_OK;
	}
	return err;
}

int
devtree_chosen(const struct fdt *f, struct devtree_chosen *c)
{
	int chosen = fdt_path(f, "/chosen");
	int err;

	c->bootargs = NULL;
	c->stdout_path = NULL;
	if (chosen < 0) {
		return FDT_ERR_NOTFOUND;
	}
	err = optional_string(f, chosen, "bootargs", &c->bootargs);
	if (err == FDT_OK) {
		err =
		    optional_string(f, chosen, "stdout-path", &c->stdout_path);
	}
	if (err == FDT_OK && c->stdout_path == NULL) {
		err = optional_string(f, chosen, "linux,stdout-path",
				      &c->stdout_path);
	}
	return err;
}

int
devtree_stdout(const struct fdt *f, int *node)
{
	struct devtree_chosen c;
	char path[128];
	const char *alias;
	size_t n;
	int err = devtree_chosen(f, &c);

	if (err != FDT_OK || c.stdout_path == NULL) {
		return FDT_ERR_NOTFOUND;
	}
	for (n = 0; c.stdout_path[n] != '\0' && c.stdout_path[n] != ':'; n++) {
	}
	if (n >= sizeof(path)) {
		return FDT_ERR_NOTFOUND;
	}
	memcpy(path, c.stdout_path, n);
	path[n] = '\0';
	if (path[0] != '/') {
		if (fdt_prop_string(f, fdt_path(f, "/aliases"), path, &alias) !=
		    FDT_OK) {
			return FDT_ERR_NOTFOUND;
		}
		*node = fdt_path(f, alias);
	} else {
		*node = fdt_path(f, path);
	}
	return *node >= 0 ? FDT_OK : FDT_ERR_NOTFOUND;
}

/* The interrupt parent of node: its own or its nearest ancestor's. */
static int
interrupt_parent(const struct fdt *f, int node)
{
	uint32_t ph;

	for (; node >= 0; node = fdt_parent(f, node)) {
		if (fdt_prop_u32(f, node, "interrupt-parent", &ph) == FDT_OK) {
			return fdt_phandle_node(f, ph);
		}
	}
	return -FDT_ERR_NOTFOUND;
}

/* The first entry of node's interrupts into dev, if it has one. */
static int
read_irq(const struct fdt *f, int node, struct devtree_device *dev)
{
	const void *val;
	uint32_t len, n;
	int ctl, err;

	if (fdt_prop(f, node, "interrupts", &val, &len) != FDT_OK) {
		return FDT_OK;
	}
	ctl = interrupt_parent(f, node);
	if (ctl < 0) {
		return -ctl;
	}
	err = fdt_prop_u32(f, ctl, "#interrupt-cells", &n);
	if (err != FDT_OK) {
		return err;
	}
	if (n < 1 || n > 3) {
		return FDT_ERR_CELLS;
	}
	if (len == 0 || len % (4 * n) != 0) {
		return FDT_ERR_LENGTH;
	}
	dev->has_irq = 1;
	dev->irq.controller = ctl;
	dev->irq.ncells = n;
	for (uint32_t i = 0; i < n; i++) {
		dev->irq.cells[i] = fdt_be32((const uint8_t *)val + 4 * i);
	}
	return FDT_OK;
}

/* Is node enabled: no status, or "okay" (or the older "ok")? */
static int
enabled(const struct fdt *f, int node)
{
	const char *s;
	int err = fdt_prop_string(f, node, "status", &s);

	if (err == FDT_ERR_NOTFOUND) {
		return 1;
	}
	return err == FDT_OK &&
	       (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

/* Describe node, a device on bus parent, in dev. */
static int
describe(const struct fdt *f, int node, struct devtree_device *dev)
{
	int bus = fdt_parent(f, node);
	int err = FDT_OK;

	memset(dev, 0, sizeof(*dev));
	dev->node = node;
	if (bus < 0) {
		return FDT_OK;
	}
	err = read_reg(f, node, bus, 1, dev->reg, DEVTREE_MAX_REG, &dev->nreg);
	if (err != FDT_OK && err != FDT_ERR_NOTFOUND) {
		return err;
	}
	return read_irq(f, node, dev);
}

int
devtree_find(const struct fdt *f, const char *compat, int after,
	     struct devtree_device *dev)
{
	int depth = 0, n = after;

	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0) {
			return -n;
		}
		if (fdt_compatible(f, n, compat) && enabled(f, n)) {
			return describe(f, n, dev);
		}
	}
}

int
devtree_gic_irq(const struct devtree_irq *irq, struct devtree_gic_irq *out)
{
	if (irq->ncells != 3) {
		return FDT_ERR_CELLS;
	}
	out->kind = irq->cells[0];
	out->number = irq->cells[1];
	out->flags = irq->cells[2];
	if (out->kind == DEVTREE_GIC_SPI && out->number < 988) {
		out->intid = out->number + 32;
	} else if (out->kind == DEVTREE_GIC_PPI && out->number < 16) {
		out->intid = out->number + 16;
	} else {
		return FDT_ERR_VALUE;
	}
	return FDT_OK;
}

int
devtree_psci(const struct fdt *f, int *method)
{
	static const char *const compats[] = {"arm,psci-1.0", "arm,psci-0.2",
					      "arm,psci"};
	struct devtree_device dev = {.node = -1};
	const char *m;
	int err = FDT_ERR_NOTFOUND;

	for (unsigned i = 0; i < 3 && err == FDT_ERR_NOTFOUND; i++) {
		err = devtree_find(f, compats[i], -1, &dev);
	}
	if (err != FDT_OK) {
		return err;
	}
	err = fdt_prop_string(f, dev.node, "method", &m);
	if (err != FDT_OK) {
		return err == FDT_ERR_NOTFOUND ? FDT_ERR_VALUE : err;
	}
	if (strcmp(m, "hvc") == 0) {
		*method = DEVTREE_PSCI_HVC;
	} else if (strcmp(m, "smc") == 0) {
		*method = DEVTREE_PSCI_SMC;
	} else {
		return FDT_ERR_VALUE;
	}
	return FDT_OK;
}

/*
 * The windows of host bridge node (on the root bus) from its ranges: a
 * 3-cell PCI address (phys.hi's bits 25:24 the space), a CPU address in
 * the root's cells, a 2-cell size.
 */
static void
pci_windows(const struct fdt *f, int node, struct devtree_pci *p)
{
	const uint8_t *v;
	const void *val;
	uint32_t len, pcells = 2;

	memset(&p->mem, 0, sizeof(p->mem));
	memset(&p->io, 0, sizeof(p->io));
	if (fdt_parent(f, node) != 0 ||
	    fdt_prop(f, node, "ranges", &val, &len) != FDT_OK) {
		return;
	}
	fdt_prop_u32(f, 0, "#address-cells", &pcells);
	if (pcells != 1 && pcells != 2) {
		return;
	}
	uint32_t entry = 4 * (3 + pcells + 2);
	for (v = val; len >= entry; v += entry, len -= entry) {
		uint32_t space = (fdt_be32(v) >> 24) & 3;
		struct devtree_pci_window w = {
		    pcells == 2 ? fdt_be64(v + 12) : fdt_be32(v + 12),
		    fdt_be64(v + 4), fdt_be64(v + 12 + 4 * pcells)};
		struct devtree_pci_window *to = space == 1   ? &p->io
						: space == 2 ? &p->mem
							     : NULL;
		if (to != NULL && to->size == 0) {
			*to = w;
		}
	}
}

/*
 * The INTx routing of host bridge node from its interrupt-map and
 * interrupt-map-mask (the PCI bus binding: a 3-cell child address, whose
 * first cell holds the device number in bits 15:11, and a 1-cell pin;
 * then the parent's phandle, its #address-cells of unit address and its
 * #interrupt-cells of specifier).  Kept: entries on bus 0 whose parent
 * is a GIC-style controller with 3-cell specifiers naming an SPI.
 * Anything malformed ends the walk; what came before stays.
 */
static void
pci_intx(const struct fdt *f, int node, struct devtree_pci *p)
{
	const void *val, *mval;
	uint32_t len, mlen;

	p->nintx = 0;
	if (fdt_prop(f, node, "interrupt-map", &val, &len) != FDT_OK ||
	    fdt_prop(f, node, "interrupt-map-mask", &mval, &mlen) != FDT_OK ||
	    mlen != 16) {
		return;
	}
	const uint8_t *m = mval, *v = val;
	p->dev_mask = (uint8_t)(fdt_be32(m) >> 11 & 0x1f);
	p->pin_mask = (uint8_t)(fdt_be32(m + 12) & 7);
	while (len >= 4 * 5 && p->nintx < DEVTREE_PCI_INTX_MAX) {
		uint32_t hi = fdt_be32(v), pin = fdt_be32(v + 12);
		int parent = fdt_phandle_node(f, fdt_be32(v + 16));
		uint32_t acells = 0, icells = 0;
		if (parent < 0 || fdt_prop_u32(f, parent, "#interrupt-cells",
					       &icells) != FDT_OK) {
			return;
		}
		fdt_prop_u32(f, parent, "#address-cells", &acells);
		uint32_t entry = 4 * (5 + acells + icells);
		if (acells > 3 || icells > 4 || len < entry) {
			return;
		}
		const uint8_t *spec = v + 4 * (5 + acells);
		if (icells == 3 && fdt_be32(spec) == 0 &&
		    fdt_be32(spec + 4) < 988 && (hi >> 16 & 0xff) == 0) {
			p->intx[p->nintx++] = (struct devtree_pci_intx){
			    (uint8_t)(hi >> 11 & 0x1f), (uint8_t)(pin & 7),
			    (uint16_t)(32 + fdt_be32(spec + 4))};
		}
		v += entry;
		len -= entry;
	}
}

int
devtree_pci_intx_line(const struct devtree_pci *p, unsigned dev, unsigned pin)
{
	for (unsigned i = 0; i < p->nintx; i++) {
		if (p->intx[i].dev == (dev & p->dev_mask) &&
		    p->intx[i].pin == (pin & p->pin_mask)) {
			return p->intx[i].intid;
		}
	}
	return -1;
}

int
devtree_pci_ecam(const struct fdt *f, struct devtree_pci *p)
{
	struct devtree_device dev = {.node = -1};
	const void *val;
	uint32_t len;

	int err = devtree_find(f, "pci-host-ecam-generic", -1, &dev);
	if (err != FDT_OK) {
		return err;
	}
	if (dev.nreg < 1) {
		return FDT_ERR_VALUE;
	}
	p->node = dev.node;
	p->ecam = dev.reg[0].base;
	p->size = dev.reg[0].size;
	p->bus_first = 0;
	p->bus_last = 255;
	if (fdt_prop(f, dev.node, "bus-range", &val, &len) == FDT_OK) {
		if (len != 8) {
			return FDT_ERR_VALUE;
		}
		p->bus_first = fdt_be32(val);
		p->bus_last = fdt_be32((const uint8_t *)val + 4);
	}
	if (p->bus_first > p->bus_last || p->bus_last > 255 ||
	    p->size >> 20 < p->bus_last - p->bus_first + 1) {
		return FDT_ERR_VALUE;
	}
	pci_windows(f, dev.node, p);
	pci_intx(f, dev.node, p);
	return FDT_OK;
}
