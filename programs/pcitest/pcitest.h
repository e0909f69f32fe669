/* pcitest's parts (main.c, rng.c). */
#ifndef CAIRN_PROGRAMS_PCITEST_H
#define CAIRN_PROGRAMS_PCITEST_H

#include "pci.h"
#include "procrt.h"
#include "proto/pci.h"

/*
 * Drive the entropy device through INTx, rounds requests, and with
 * shared more until an interrupt on its line came from another device:
 * 0 if every request was answered (and one such came).
 */
int rng_run(const struct cairn_pci_dev *dev, struct pci_config *cfg, int rounds,
	    int shared);

#endif
