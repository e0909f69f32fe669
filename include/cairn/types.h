/*
 * Scalar types of the Cairn ABI.  Kernel and user space include this file.
 */
#ifndef CAIRN_TYPES_H
#define CAIRN_TYPES_H

#include <stdint.h>

typedef uint64_t word_t; /* a machine word */
typedef uint64_t cptr_t; /* a capability address in a CSpace */

#define CAIRN_WORD_BITS 64

#endif
