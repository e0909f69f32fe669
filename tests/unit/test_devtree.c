/*
 * Host unit tests for lib/devtree.c and lib/fdt.c.  The device trees are
 * the tests/unit/dts files, built by dtc into DTB_DIR at test time (virt:
 * shaped like QEMU's virt machine; rpi3: like a Raspberry Pi 3; odd: one
 * fault per node), and the one QEMU's virt machine makes (qemu-virt,
 * dumped by QEMU at test time).  The refusals of broken blobs change a copy of
 * virt's or build a small blob by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "devtree.h"

/* mk/devtree.mk passes the folder of the built trees. */
#ifndef DTB_DIR
#define DTB_DIR "build/dtb"
#endif

static uint8_t blob[2 << 20]; /* QEMU's tree is 1 MiB */
static size_t blob_len;

/* Read DTB_DIR/name.dtb into blob and open it as f. */
static void
load(const char *name, struct fdt *f)
{
	char path[256];
	FILE *in;

	snprintf(path, sizeof(path), "%s/%s.dtb", DTB_DIR, name);
	in = fopen(path, "rb");
	assert_non_null(in);
	blob_len = fread(blob, 1, sizeof(blob), in);
	fclose(in);
	assert_true(blob_len > 40 && blob_len < sizeof(blob));
	assert_int_equal(fdt_open(f, blob, blob_len), FDT_OK);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * Build in blob a device tree of version 17 whose structure block is the
 * n words at words, with one string "compatible", and open it.
 */
static int
build(const uint32_t *words, size_t n, struct fdt *f)
{
	const char strings[] = "compatible";
	uint32_t off_struct = 56, size_struct = 4 * n;
	uint32_t off_strings = off_struct + size_struct;

	memset(blob, 0, sizeof(blob));
	put32(blob, FDT_MAGIC);
	blob_len = off_strings + sizeof(strings);
	put32(blob + 4, blob_len);
	put32(blob + 8, off_struct);
	put32(blob + 12, off_strings);
	put32(blob + 16, 40); /* an empty reservation map at 40 */
	put32(blob + 20, 17);
	put32(blob + 24, 16);
	put32(blob + 32, sizeof(strings));
	put32(blob + 36, size_struct);
	for (size_t i = 0; i < n; i++) {
		put32(blob + off_struct + 4 * i, words[i]);
	}
	memcpy(blob + off_strings, strings, sizeof(strings));
	return fdt_open(f, blob, blob_len);
}

/* Find the first enabled device compatible with compat in *dev. */
static int
find(const struct fdt *f, const char *compat, struct devtree_device *dev)
{
	return devtree_find(f, compat, -1, dev);
}

static void
test_virt_memory(void **state)
{
	struct devtree_range r[4];
	struct fdt f;
	int n;

	(void)state;
	load("virt", &f);
	assert_int_equal(devtree_memory(&f, r, 4, &n), FDT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].base, 0x40000000);
	assert_int_equal(r[0].size, 0x8000000);
	assert_int_equal(r[1].base, 0x100000000ull);
	assert_int_equal(r[1].size, 0x40000000);
	assert_int_equal(devtree_memory(&f, r, 1, &n), FDT_ERR_FULL);
}

static void
test_virt_reserved(void **state)
{
	struct devtree_range r[4];
	uint64_t a, s;
	struct fdt f;
	int n;

	(void)state;
	load("virt", &f);
	assert_int_equal(fdt_memreserve(&f, 0, &a, &s), FDT_OK);
	assert_int_equal(a, 0x48000000);
	assert_int_equal(fdt_memreserve(&f, 1, &a, &s), FDT_ERR_NOTFOUND);
	assert_int_equal(devtree_reserved(&f, r, 4, &n), FDT_OK);
	assert_int_equal(n, 2); /* the size-only pool is no reservation */
	assert_int_equal(r[0].base, 0x48000000);
	assert_int_equal(r[0].size, 0x10000);
	assert_int_equal(r[1].base, 0x4ff00000);
	assert_int_equal(r[1].size, 0x100000);
	assert_int_equal(devtree_reserved(&f, r, 1, &n), FDT_ERR_FULL);
}

static void
test_virt_chosen(void **state)
{
	struct devtree_chosen c;
	struct fdt f;
	int node;

	(void)state;
	load("virt", &f);
	assert_int_equal(devtree_chosen(&f, &c), FDT_OK);
	assert_string_equal(c.bootargs, "cairn.test=1 console=ttyAMA0");
	assert_string_equal(c.stdout_path, "/pl011@9000000");
	assert_int_equal(devtree_stdout(&f, &node), FDT_OK);
	assert_string_equal(fdt_name(&f, node), "pl011@9000000");
}

static void
test_virt_uart(void **state)
{
	struct devtree_device dev;
	struct devtree_gic_irq g;
	struct fdt f;

	(void)state;
	load("virt", &f);
	assert_int_equal(find(&f, "arm,pl011", &dev), FDT_OK);
	assert_string_equal(fdt_name(&f, dev.node), "pl011@9000000");
	assert_int_equal(dev.nreg, 1);
	assert_int_equal(dev.reg[0].base, 0x9000000);
	assert_int_equal(dev.reg[0].size, 0x1000);
	assert_true(dev.has_irq);
	assert_string_equal(fdt_name(&f, dev.irq.controller), "intc@8000000");
	assert_int_equal(devtree_gic_irq(&dev.irq, &g), FDT_OK);
	assert_int_equal(g.kind, DEVTREE_GIC_SPI);
	assert_int_equal(g.number, 1);
	assert_int_equal(g.intid, 33);
	assert_int_equal(g.flags, 4);
	/* The second PL011 is disabled: the search skips it. */
	assert_int_equal(devtree_find(&f, "arm,pl011", dev.node, &dev),
			 FDT_ERR_NOTFOUND);
	assert_int_equal(find(&f, "arm,primecell", &dev), FDT_OK);
	assert_int_equal(devtree_find(&f, "arm,primecell", dev.node, &dev),
			 FDT_OK);
	assert_string_equal(fdt_name(&f, dev.node), "pl031@9010000");
}

static void
test_virt_gic_timer_psci(void **state)
{
	struct devtree_device dev;
	struct devtree_gic_irq g;
	struct fdt f;
	int method;

	(void)state;
	load("virt", &f);
	assert_int_equal(find(&f, "arm,cortex-a15-gic", &dev), FDT_OK);
	assert_int_equal(dev.nreg, 2);
	assert_int_equal(dev.reg[1].base, 0x8010000);
	assert_int_equal(find(&f, "arm,armv8-timer", &dev), FDT_OK);
	assert_int_equal(dev.nreg, 0);
	assert_int_equal(devtree_gic_irq(&dev.irq, &g), FDT_OK);
	assert_int_equal(g.kind, DEVTREE_GIC_PPI);
	assert_int_equal(g.intid, 29);
	assert_int_equal(g.flags, 0xf04);
	assert_int_equal(devtree_psci(&f, &method), FDT_OK);
	assert_int_equal(method, DEVTREE_PSCI_HVC);
}

static void
test_pci_ecam(void **state)
{
	struct devtree_pci p;
	struct fdt f;

	(void)state;
	load("virt", &f);
	assert_int_equal(devtree_pci_ecam(&f, &p), FDT_OK);
	assert_string_equal(fdt_name(&f, p.node), "pcie@10000000");
	assert_int_equal(p.ecam, 0x4010000000);
	assert_int_equal(p.size, 0x10000000);
	assert_int_equal(p.bus_first, 0);
	assert_int_equal(p.bus_last, 255);
	/* QEMU virt's windows: ports at 0x3eff0000, 32-bit memory at its own
	 * address. */
	assert_int_equal(p.io.cpu, 0x3eff0000);
	assert_int_equal(p.io.bus, 0);
	assert_int_equal(p.io.size, 0x10000);
	assert_int_equal(p.mem.cpu, 0x10000000);
	assert_int_equal(p.mem.bus, 0x10000000);
	assert_int_equal(p.mem.size, 0x2eff0000);
	/* The hand-written tree has no interrupt-map: no INTx. */
	assert_int_equal(p.nintx, 0);
	assert_int_equal(devtree_pci_intx_line(&p, 1, 1), -1);
	/* QEMU's own: sixteen entries, four devices (the mask keeps the
	 * device number's low two bits) by four pins, SPIs 3-6 rotating
	 * with the device, level-high. */
	load("qemu-virt", &f);
	assert_int_equal(devtree_pci_ecam(&f, &p), FDT_OK);
	assert_int_equal(p.nintx, 16);
	assert_int_equal(p.dev_mask, 3);
	assert_int_equal(p.pin_mask, 7);
	assert_int_equal(devtree_pci_intx_line(&p, 0, 1), 35);
	assert_int_equal(devtree_pci_intx_line(&p, 1, 1), 36);
	assert_int_equal(devtree_pci_intx_line(&p, 3, 2), 35);
	assert_int_equal(devtree_pci_intx_line(&p, 5, 1), 36);
	assert_int_equal(devtree_pci_intx_line(&p, 2, 4), 36);
	assert_int_equal(devtree_pci_intx_line(&p, 1, 0), -1);
	load("rpi3", &f);
	assert_int_equal(devtree_pci_ecam(&f, &p), FDT_ERR_NOTFOUND);
	/* Four buses in 2 MiB of configuration space: refused. */
	load("odd", &f);
	assert_int_equal(devtree_pci_ecam(&f, &p), FDT_ERR_VALUE);
}

static void
test_qemu_virt(void **state)
{
	struct devtree_range r[4];
	struct devtree_device dev;
	struct devtree_gic_irq g;
	struct fdt f;
	int n, method;

	(void)state;
	load("qemu-virt", &f);
	assert_int_equal(devtree_memory(&f, r, 4, &n), FDT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].base, 0x40000000);
	assert_int_equal(r[0].size, 128 << 20);
	assert_int_equal(devtree_stdout(&f, &n), FDT_OK);
	assert_string_equal(fdt_name(&f, n), "pl011@9000000");
	assert_int_equal(find(&f, "arm,pl011", &dev), FDT_OK);
	assert_int_equal(dev.reg[0].base, 0x9000000);
	assert_int_equal(devtree_gic_irq(&dev.irq, &g), FDT_OK);
	assert_int_equal(g.intid, 33);
	assert_int_equal(find(&f, "arm,cortex-a15-gic", &dev), FDT_OK);
	assert_int_equal(dev.nreg, 2);
	assert_int_equal(dev.reg[0].base, 0x8000000);
	assert_int_equal(dev.reg[1].base, 0x8010000);
	assert_int_equal(find(&f, "arm,armv8-timer", &dev), FDT_OK);
	assert_int_equal(devtree_gic_irq(&dev.irq, &g), FDT_OK);
	assert_int_equal(g.kind, DEVTREE_GIC_PPI);
	assert_int_equal(devtree_psci(&f, &method), FDT_OK);
	assert_int_equal(method, DEVTREE_PSCI_HVC);
}

static void
test_gic_irq_refusals(void **state)
{
	struct devtree_irq irq = {0, 3, {0, 988, 4}};
	struct devtree_gic_irq g;

	(void)state;
	assert_int_equal(devtree_gic_irq(&irq, &g), FDT_ERR_VALUE);
	irq.cells[0] = 1;
	irq.cells[1] = 16;
	assert_int_equal(devtree_gic_irq(&irq, &g), FDT_ERR_VALUE);
	irq.cells[0] = 2;
	irq.cells[1] = 1;
	assert_int_equal(devtree_gic_irq(&irq, &g), FDT_ERR_VALUE);
	irq.ncells = 2;
	assert_int_equal(devtree_gic_irq(&irq, &g), FDT_ERR_CELLS);
}

static void
test_paths(void **state)
{
	struct fdt f;
	int root, n, depth = 0;

	(void)state;
	load("virt", &f);
	root = fdt_path(&f, "/");
	assert_int_equal(root, fdt_next_node(&f, -1, &depth));
	assert_int_equal(depth, 0);
	assert_string_equal(fdt_name(&f, root), "");
	n = fdt_path(&f, "/memory");
	assert_string_equal(fdt_name(&f, n), "memory@40000000");
	assert_int_equal(fdt_path(&f, "/memory@100000000"),
			 fdt_child(&f, root, n));
	n = fdt_path(&f, "/reserved-memory/firmware");
	assert_string_equal(fdt_name(&f, n), "firmware@4ff00000");
	assert_int_equal(fdt_parent(&f, n), fdt_path(&f, "/reserved-memory"));
	assert_int_equal(fdt_parent(&f, root), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(&f, "/nope"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(&f, "/memory@4"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(&f, "memory"), -FDT_ERR_NOTFOUND);
	assert_null(fdt_name(&f, 3));
	assert_int_equal(fdt_phandle_node(&f, 0x12345), -FDT_ERR_NOTFOUND);
}

static void
test_rpi3(void **state)
{
	struct devtree_range r[2];
	struct devtree_device dev;
	struct devtree_gic_irq g;
	struct devtree_chosen c;
	struct fdt f;
	int n, node, method;

	(void)state;
	load("rpi3", &f);
	assert_int_equal(devtree_memory(&f, r, 2, &n), FDT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].base, 0);
	assert_int_equal(r[0].size, 0x3b400000);
	assert_int_equal(devtree_reserved(&f, r, 2, &n), FDT_OK);
	assert_int_equal(n, 0);
	assert_int_equal(devtree_chosen(&f, &c), FDT_OK);
	assert_null(c.bootargs);
	assert_string_equal(c.stdout_path, "serial0:115200n8");
	assert_int_equal(devtree_stdout(&f, &node), FDT_OK);
	assert_string_equal(fdt_name(&f, node), "serial@7e201000");
	/* The bus address 0x7e201000 is the CPU's 0x3f201000. */
	assert_int_equal(find(&f, "arm,pl011", &dev), FDT_OK);
	assert_int_equal(dev.reg[0].base, 0x3f201000);
	assert_int_equal(dev.reg[0].size, 0x200);
	assert_int_equal(dev.irq.ncells, 2);
	assert_int_equal(dev.irq.cells[0], 2);
	assert_int_equal(dev.irq.cells[1], 25);
	assert_string_equal(fdt_name(&f, dev.irq.controller),
			    "interrupt-controller@7e00b200");
	assert_int_equal(devtree_gic_irq(&dev.irq, &g), FDT_ERR_CELLS);
	assert_int_equal(find(&f, "brcm,bcm2836-l1-intc", &dev), FDT_OK);
	assert_int_equal(dev.reg[0].base, 0x40000000);
	assert_int_equal(find(&f, "cairn,test-unmapped", &dev), FDT_ERR_RANGES);
	assert_int_equal(devtree_psci(&f, &method), FDT_ERR_NOTFOUND);
}

static void
test_missing_and_bad_nodes(void **state)
{
	struct devtree_range r[2];
	struct devtree_device dev;
	struct devtree_chosen c;
	struct fdt f;
	int n, method;

	(void)state;
	load("odd", &f);
	assert_int_equal(devtree_memory(&f, r, 2, &n), FDT_ERR_NOTFOUND);
	assert_int_equal(devtree_chosen(&f, &c), FDT_ERR_NOTFOUND);
	assert_int_equal(devtree_stdout(&f, &n), FDT_ERR_NOTFOUND);
	assert_int_equal(find(&f, "cairn,test-wide", &dev), FDT_ERR_CELLS);
	assert_int_equal(find(&f, "cairn,test-short", &dev), FDT_ERR_LENGTH);
	assert_int_equal(find(&f, "cairn,test-closed", &dev), FDT_ERR_RANGES);
	assert_int_equal(find(&f, "cairn,test-orphan", &dev), FDT_ERR_NOTFOUND);
	assert_int_equal(find(&f, "cairn,none", &dev), FDT_ERR_NOTFOUND);
	assert_int_equal(devtree_psci(&f, &method), FDT_ERR_VALUE);
}

static void
test_truncated(void **state)
{
	struct fdt f;
	size_t len;

	(void)state;
	load("virt", &f);
	len = blob_len;
	for (size_t i = 0; i < len; i++) {
		assert_int_equal(fdt_open(&f, blob, i), FDT_ERR_TRUNCATED);
	}
}

static void
test_bad_header(void **state)
{
	struct fdt f;

	(void)state;
	load("virt", &f);
	blob[0] ^= 0xff;
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_MAGIC);
	load("virt", &f);
	put32(blob + 20, 15); /* version */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_VERSION);
	load("virt", &f);
	put32(blob + 24, 18); /* last compatible version */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_VERSION);
	load("virt", &f);
	put32(blob + 20, 16); /* version 16 has no size_dt_struct: fine */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_OK);
	load("virt", &f);
	put32(blob + 8, (uint32_t)blob_len + 4); /* structure block */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_LAYOUT);
	load("virt", &f);
	put32(blob + 36, 0xfffffff0u); /* its size */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_LAYOUT);
	load("virt", &f);
	put32(blob + 16, 44); /* a misaligned reservation map */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_LAYOUT);
	load("virt", &f);
	put32(blob + 32, 0xffffffffu); /* strings size */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_LAYOUT);
}

static void
test_bad_structure(void **state)
{
	struct fdt f;

	(void)state;
	load("virt", &f);
	put32(blob + f.off_struct, 7); /* no such token */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_STRUCTURE);
	load("virt", &f);
	/* The root's first property: its name offset past the strings. */
	put32(blob + f.off_struct + 8 + 8, f.size_strings);
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_STRUCTURE);
	load("virt", &f);
	blob[f.off_strings + f.size_strings - 1] = 'x'; /* unterminated */
	assert_int_equal(fdt_open(&f, blob, blob_len), FDT_ERR_STRUCTURE);
}

static void
test_built_blobs(void **state)
{
	const uint32_t good[] = {1, 0, 3, 4, 0, 0x61626300, 2, 9};
	const uint32_t unterminated[] = {1, 0, 3, 4, 0, 0x61626364, 2, 9};
	const uint32_t two_roots[] = {1, 0, 2, 1, 0, 2, 9};
	const uint32_t unclosed[] = {1, 0, 1, 0, 2, 9};
	const uint32_t prop_outside[] = {3, 0, 0, 1, 0, 2, 9};
	const uint32_t no_end[] = {1, 0, 2, 4};
	const uint32_t long_prop[] = {1, 0, 3, 64, 0, 2, 9};
	uint32_t deep[2 * (FDT_MAX_DEPTH + 1) * 2 + 1];
	const char *s;
	struct fdt f;
	size_t n = 0;

	(void)state;
	assert_int_equal(build(good, 8, &f), FDT_OK);
	assert_int_equal(fdt_prop_string(&f, 0, "compatible", &s), FDT_OK);
	assert_string_equal(s, "abc");
	assert_true(fdt_compatible(&f, 0, "abc"));
	assert_false(fdt_compatible(&f, 0, "ab"));
	assert_int_equal(build(unterminated, 8, &f), FDT_OK);
	assert_int_equal(fdt_prop_string(&f, 0, "compatible", &s),
			 FDT_ERR_VALUE);
	assert_false(fdt_compatible(&f, 0, "abcd"));
	assert_int_equal(build(two_roots, 7, &f), FDT_ERR_STRUCTURE);
	assert_int_equal(build(unclosed, 6, &f), FDT_ERR_STRUCTURE);
	assert_int_equal(build(prop_outside, 7, &f), FDT_ERR_STRUCTURE);
	assert_int_equal(build(no_end, 4, &f), FDT_ERR_TRUNCATED);
	assert_int_equal(build(long_prop, 7, &f), FDT_ERR_TRUNCATED);
	/* FDT_MAX_DEPTH nodes nest; one more is refused. */
	for (int i = 0; i <= FDT_MAX_DEPTH; i++) {
		deep[n++] = 1;
		deep[n++] = 0;
	}
	for (int i = 0; i <= FDT_MAX_DEPTH; i++) {
		deep[n++] = 2;
	}
	deep[n++] = 9;
	assert_int_equal(build(deep, n, &f), FDT_ERR_STRUCTURE);
	assert_int_equal(build(deep + 2, n - 3, &f), FDT_ERR_STRUCTURE);
	deep[n - 2] = 9;
	assert_int_equal(build(deep + 2, n - 3, &f), FDT_OK);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = 0; e < FDT_NERRORS; e++) {
		assert_non_null(fdt_strerror(e));
		assert_true(strlen(fdt_strerror(e)) > 0);
		assert_string_equal(fdt_strerror(e), fdt_strerror(-e));
	}
	assert_string_equal(fdt_strerror(FDT_NERRORS), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_virt_memory),
	    cmocka_unit_test(test_virt_reserved),
	    cmocka_unit_test(test_virt_chosen),
	    cmocka_unit_test(test_virt_uart),
	    cmocka_unit_test(test_virt_gic_timer_psci),
	    cmocka_unit_test(test_pci_ecam),
	    cmocka_unit_test(test_qemu_virt),
	    cmocka_unit_test(test_gic_irq_refusals),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_rpi3),
	    cmocka_unit_test(test_missing_and_bad_nodes),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_bad_header),
	    cmocka_unit_test(test_bad_structure),
	    cmocka_unit_test(test_built_blobs),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
