/* SPDX-License-Identifier: MIT */
/* The VMX MSR bitmap (SDM Vol. 3C 25.6.9, 26.1.3). Pure code. */
#include "vmx/pure/msrbitmap.h"

#define QUARTER		1024

int msrbitmap_quarter(uint32_t msr, bool write)
{
	int base = write ? 2 * QUARTER : 0;

	if (msr - MSRBITMAP_LOW_FIRST < MSRBITMAP_RANGE)
		return base;
	if (msr - MSRBITMAP_HIGH_FIRST < MSRBITMAP_RANGE)
		return base + QUARTER;
	return -1;
}

bool msrbitmap_set(uint8_t *bm, uint32_t msr, bool write, bool intercept)
{
	int q = msrbitmap_quarter(msr, write);
	unsigned idx = msr % MSRBITMAP_RANGE;
	uint8_t bit = (uint8_t)(1u << (idx % 8));

	if (q < 0)
		return false;
	if (intercept)
		bm[q + idx / 8] |= bit;
	else
		bm[q + idx / 8] &= (uint8_t)~bit;
	return true;
}

bool msrbitmap_exits(const uint8_t *bm, uint32_t msr, bool write)
{
	int q = msrbitmap_quarter(msr, write);
	unsigned idx = msr % MSRBITMAP_RANGE;

	return q < 0 || (bm[q + idx / 8] >> (idx % 8)) & 1;
}
