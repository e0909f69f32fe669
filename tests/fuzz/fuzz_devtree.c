/*
 * fuzz_devtree: the input is the blob a boot loader hands the aarch64
 * kernel.  It is opened and, if fdt_open takes it, asked everything the
 * boot asks (memory, reservations, chosen, the console, devices by
 * compatible string, PSCI), then walked node by node.  Every name and
 * string returned must lie inside the blob, NUL-terminated, and every
 * count within the room given.
 */
#include <string.h>

#include "devtree.h"
#include "fuzz.h"

enum { ROOM = 8 };

static const uint8_t *blob;
static size_t blob_size;

/* A string the API returned: inside the blob and terminated there. */
static void
check_string(const char *s, const char *what)
{
	if (s == NULL) {
		return;
	}
	fuzz_check(fuzz_inside(s, 1, blob, blob_size), what);
	fuzz_check(
	    fuzz_terminated(s, blob_size - (size_t)((const uint8_t *)s - blob)),
	    what);
}

static void
ask_ranges(const struct fdt *f)
{
	struct devtree_range r[ROOM];
	int n = -1;

	devtree_memory(f, r, ROOM, &n);
	fuzz_check(n >= 0 && n <= ROOM, "memory count within room");
	n = -1;
	devtree_reserved(f, r, ROOM, &n);
	fuzz_check(n >= 0 && n <= ROOM, "reserved count within room");
}

static void
ask_chosen(const struct fdt *f)
{
	struct devtree_chosen c;
	int node, method;

	if (devtree_chosen(f, &c) == FDT_OK) {
		check_string(c.bootargs, "bootargs inside the blob");
		check_string(c.stdout_path, "stdout-path inside the blob");
	}
	if (devtree_stdout(f, &node) == FDT_OK) {
		check_string(fdt_name(f, node), "console name inside the blob");
	}
	if (devtree_psci(f, &method) == FDT_OK) {
		fuzz_check(method == DEVTREE_PSCI_HVC ||
			       method == DEVTREE_PSCI_SMC,
			   "a known PSCI method");
	}
}

/* Every enabled device compatible with compat, as a driver would. */
static void
ask_devices(const struct fdt *f, const char *compat)
{
	struct devtree_device dev;
	struct devtree_gic_irq g;
	int after = -1;

	for (int i = 0; i < 64; i++) {
		if (devtree_find(f, compat, after, &dev) != FDT_OK) {
			return;
		}
		fuzz_check(dev.node > after, "devices found in order");
		fuzz_check(dev.nreg >= 0 && dev.nreg <= DEVTREE_MAX_REG,
			   "reg count within room");
		check_string(fdt_name(f, dev.node), "device name inside");
		if (dev.has_irq) {
			fuzz_check(dev.irq.ncells >= 1 && dev.irq.ncells <= 3,
				   "interrupt cells 1 to 3");
			if (devtree_gic_irq(&dev.irq, &g) == FDT_OK) {
				fuzz_check(g.intid >= 16 && g.intid < 1020,
					   "GIC interrupt ID in range");
			}
		}
		after = dev.node;
	}
}

/* Walk every node: its name, parent and first child. */
static void
walk(const struct fdt *f)
{
	int depth = 0, node = -1;

	for (int i = 0; i < 256; i++) {
		node = fdt_next_node(f, node, &depth);
		if (node < 0) {
			return;
		}
		fuzz_check(depth >= 0 && depth <= FDT_MAX_DEPTH,
			   "depth within the limit");
		check_string(fdt_name(f, node), "node name inside the blob");
		fuzz_check((fdt_parent(f, node) < 0) == (depth == 0),
			   "only the root has no parent");
		fdt_child(f, node, -1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f;

	blob = data;
	blob_size = size;
	if (fdt_open(&f, data, size) != FDT_OK) {
		return 0;
	}
	fuzz_check(f.size <= size, "totalsize within the input");
	ask_ranges(&f);
	ask_chosen(&f);
	ask_devices(&f, "arm,pl011");
	ask_devices(&f, "arm,cortex-a15-gic");
	ask_devices(&f, "arm,armv8-timer");
	ask_devices(&f, "brcm,bcm2835-system-timer");
	walk(&f);
	return 0;
}
