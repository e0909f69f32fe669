/*
 * lwIP's compiler and platform header for Cairn (docs/net.md, "lwIP"):
 * types from the compiler's freestanding headers, diagnostics to the
 * serial console, a failed assertion ends the service (its supervisor
 * starts it again).
 */
#ifndef CAIRN_LWIP_ARCH_CC_H
#define CAIRN_LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The libc has no inttypes.h or a full ctype.h: lwIP's own are used. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H	   1
#define X8_F		   "02x"
#define U16_F		   "u"
#define S16_F		   "d"
#define X16_F		   "x"
#define U32_F		   "u"
#define S32_F		   "d"
#define X32_F		   "x"
#define SZT_F		   "lu"

#define BYTE_ORDER LITTLE_ENDIAN

typedef int sys_prot_t;

_Noreturn void net_assert_failed(const char *what, const char *file, int line);
uint32_t net_random(void);

#define LWIP_PLATFORM_DIAG(x)                                                  \
	do {                                                                   \
		printf x;                                                      \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) net_assert_failed((x), __FILE__, __LINE__)
#define LWIP_RAND()		net_random()

#endif
