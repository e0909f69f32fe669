/* mmiotest's machine part: its device page and the word it tries there. */
#ifndef MMIOTEST_H
#define MMIOTEST_H

/*
 * The byte offset, in the page its manifest asks for, of a 32-bit
 * register or memory word that may be written and read back, and what
 * that word is.  The manifest (CAIRN_MANIFEST) is in the same file.
 */
extern const unsigned long mmiotest_offset;
extern const char mmiotest_what[];

#endif
