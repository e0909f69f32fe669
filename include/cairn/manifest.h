/*
 * Declaring a program's manifest: what it needs from the system (I/O
 * ports, IRQs, device memory, services) and what it provides.  The loader
 * finds the text in the ELF section .cairn.manifest; lib/manifest.h
 * describes the language, one declaration per line:
 *
 *	CAIRN_MANIFEST("name serial\n"
 *		       "description 16550 UART driver\n"
 *		       "ioport 0x3f8 8\n"
 *		       "irq 4\n"
 *		       "provides console\n");
 *
 * A program without a manifest is given no privileges.  Declare at most
 * one per program, at file scope.
 */
#ifndef CAIRN_MANIFEST_H
#define CAIRN_MANIFEST_H

#define CAIRN_MANIFEST_SECTION ".cairn.manifest"

/*
 * Emit text, NUL-terminated, as the manifest section's contents.  The
 * attributes keep the otherwise unreferenced array in the object file and
 * pack it byte-aligned, so the section holds the text and nothing else.
 */
#define CAIRN_MANIFEST(text)                                                   \
	static const char                                                      \
	    __attribute__((section(CAIRN_MANIFEST_SECTION), used, aligned(1))) \
	    cairn_manifest_[] = text;

#endif
