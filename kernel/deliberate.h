/*
 * deliberate: faults the kernel commits on purpose when the command line
 * says cairn.test=KIND, so tests can check the crash report and the
 * kernel's memory rights (docs/boot.md).
 */
#ifndef CAIRN_DELIBERATE_H
#define CAIRN_DELIBERATE_H

/*
 * Commit the fault named kind: "panic" (write to an unmapped address),
 * "write-text", "write-rodata" or "exec-data".  Returns only if kind names
 * none of them, or if the fault did not happen (a broken right).
 */
void deliberate_fault(const char *kind);

#endif
