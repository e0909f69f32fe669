/*
 * deliberate: faults the kernel commits on purpose when the command line
 * says cairn.test=KIND, so tests can check the crash report and the
 * kernel's memory rights (docs/boot.md).
 */
#ifndef CAIRN_DELIBERATE_H
#define CAIRN_DELIBERATE_H

/*
 * Commit the fault named kind: "panic" (write to an unmapped address),
 * "write-text", "write-rodata", "exec-data", "write-text-alias" (the
 * direct map's view of the text), "stack-overflow", "nmi", "smep" (run
 * code in a user page) or "smap" (read a user page).  Returns if kind
 * names none of them, after an NMI (which the kernel survives), or if the
 * fault did not happen (a broken right, or a CPU without SMEP or SMAP).
 */
void deliberate_fault(const char *kind);

#endif
