/*
 * lspci: the PCI functions the pci service found, one lspci line each
 * (lib/pci_name's pci_format), e.g. "00:03.0 SCSI storage controller
 * 1af4:1042".  Over the shell's `needs pci` endpoint (PCI_LIST); on a
 * machine without a pci service (the Raspberry Pi) nobody would answer,
 * so it asks init's process list first.
 */
#include <stdio.h>
#include <string.h>

#include "pci_name.h"
#include "proto/pci.h"
#include "shell.h"

/* Is a process called pci running? */
static int
pci_running(void)
{
	struct cairn_ps_entry e;

	for (word_t from = 1; cairn_init_ps(from, &e) == CAIRN_OK;
	     from = e.pid + 1) {
		if (strcmp(e.name, "pci") == 0 && e.state == CAIRN_PS_RUNNING) {
			return 1;
		}
	}
	return 0;
}

static int
cmd_lspci(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "pci");
	struct pci_device d;
	char line[PCI_FORMAT_MAX];
	word_t i = 0;

	(void)argv;
	if (argc != 1) {
		printf("lspci: usage: lspci\n");
		return 1;
	}
	if (g == NULL || !pci_running()) {
		printf("lspci: no pci service\n");
		return 1;
	}
	for (; cairn_pci_list(g->slot, i, &d) == CAIRN_OK; i++) {
		pci_format(&d, line, sizeof(line));
		printf("%s\n", line);
	}
	return 0;
}

const struct command pci_commands[] = {
    {"lspci", "", "the PCI devices", cmd_lspci},
    {NULL, NULL, NULL, NULL},
};
