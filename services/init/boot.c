/*
 * boot: reading etc/boot.conf from the initramfs and starting what it
 * names, in order.  A program that cannot start is reported and skipped;
 * the rest still start.  A driver of a PCI device waits until the pci
 * service has given init its table (pcidev.c).
 */
#include "bootconf.h"
#include "process.h"
#include "tar.h"

void
boot_start(void)
{
	struct tar_entry e;
	char err[96];

	int st = tar_find(initramfs, initramfs_size, "etc/boot.conf", &e);
	if (st != TAR_OK) {
		logf(0, "init: no etc/boot.conf in the initramfs (%s)\n",
		     tar_strerror(st));
		return;
	}
	if (bootconf_parse((const char *)e.data, e.size, &bootconf, err,
			   sizeof(err)) != BOOTCONF_OK) {
		logf(0, "init: etc/boot.conf: %s\n", err);
		return;
	}
	for (int i = 0; i < bootconf.nstart; i++) {
		boot_start_one(i);
	}
}

void
boot_start_one(int i)
{
	const struct bootconf_start *s = &bootconf.start[i];
	const char *argv[BOOTCONF_MAX_ARGS + 1];
	char err[96];

	argv[0] = s->name;
	for (int k = 0; k < s->argc; k++) {
		argv[k + 1] = bootconf_arg(s, k);
	}
	struct proc *p =
	    proc_spawn(s->name, s->argc + 1, argv, 0, err, sizeof(err));
	if (p != NULL) {
		logf(2, "init: started %s (pid %lu)\n", s->name, p->pid);
	} else if (pcidev_defer(i)) {
		/* A driver: started when the pci service's table comes. */
		logf(2, "init: %s waits for the PCI table\n", s->name);
	} else {
		logf(0, "init: cannot start %s\n", err);
	}
}
