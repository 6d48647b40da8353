/* SPDX-License-Identifier: MIT */
/*
 * The VMX MSR bitmap (SDM Vol. 3C 25.6.9, 26.1.3): one 4 KiB page, four
 * 1 KiB quarters: read bitmap for MSRs 0x00000000-0x00001FFF, read bitmap
 * for 0xC0000000-0xC0001FFF, then the two write bitmaps in the same order.
 * A set bit makes RDMSR (WRMSR) of that MSR exit; an MSR outside both
 * ranges always exits. Pure code: the caller supplies the page.
 */
#ifndef PV_VMX_MSRBITMAP_H
#define PV_VMX_MSRBITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define MSRBITMAP_BYTES		4096
#define MSRBITMAP_LOW_FIRST	0x00000000U
#define MSRBITMAP_HIGH_FIRST	0xc0000000U
#define MSRBITMAP_RANGE		0x2000U		/* MSRs per range */

/* Byte offset of the quarter for (msr, write), or -1 outside both ranges. */
int msrbitmap_quarter(uint32_t msr, bool write);
/* Set or clear the exit for RDMSR (write = false) or WRMSR of msr; false outside the ranges. */
bool msrbitmap_set(uint8_t *bm, uint32_t msr, bool write, bool intercept);
/* Whether RDMSR/WRMSR of msr exits under bm. */
bool msrbitmap_exits(const uint8_t *bm, uint32_t msr, bool write);

#endif
