/* SPDX-License-Identifier: MIT */
/*
 * Bit helpers usable from both C and assembly (.S) sources.
 * In assembly the constants must stay plain integers, so no casts there.
 */
#ifndef PV_LIB_BITS_H
#define PV_LIB_BITS_H

#ifdef __ASSEMBLER__
#define _UL(x)  x
#define _ULL(x) x
#else
#define _UL(x)  (x##UL)
#define _ULL(x) (x##ULL)
#endif

#define BIT(n)          (_ULL(1) << (n))
/* Mask of bits h..l inclusive (h >= l). */
#define GENMASK(h, l)   (((~_ULL(0)) >> (63 - (h))) & ((~_ULL(0)) << (l)))

#ifndef __ASSEMBLER__
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)  (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))
#endif

#endif
