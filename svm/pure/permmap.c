/* SPDX-License-Identifier: MIT */
/* The SVM permission maps' bit positions (svm/pure/permmap.h). */
#include "svm/pure/permmap.h"

#define MSRPM_RANGE_MSRS	0x2000	/* MSRs per vector */
#define MSRPM_RANGE_BYTES	0x800

static const uint32_t msr_range_base[] = { 0x00000000, 0xc0000000, 0xc0010000 };

bool svm_msrpm_pos(uint32_t msr, bool write, uint32_t *byte, unsigned *bit)
{
	for (unsigned r = 0; r < sizeof(msr_range_base) / sizeof(msr_range_base[0]); r++) {
		uint32_t off = msr - msr_range_base[r];

		if (msr < msr_range_base[r] || off >= MSRPM_RANGE_MSRS)
			continue;
		*byte = r * MSRPM_RANGE_BYTES + off / 4;
		*bit = (off % 4) * 2 + (write ? 1 : 0);
		return true;
	}
	return false;
}

bool svm_msrpm_set(uint8_t *map, uint32_t msr, bool write, bool intercept)
{
	uint32_t byte;
	unsigned bit;

	if (!svm_msrpm_pos(msr, write, &byte, &bit))
		return false;
	if (intercept)
		map[byte] |= (uint8_t)(1u << bit);
	else
		map[byte] &= (uint8_t)~(1u << bit);
	return true;
}

bool svm_msrpm_intercepts(const uint8_t *map, uint32_t msr, bool write)
{
	uint32_t byte;
	unsigned bit;

	return !svm_msrpm_pos(msr, write, &byte, &bit) || (map[byte] >> bit & 1);
}

void svm_iopm_set(uint8_t *map, uint32_t port, bool intercept)
{
	if (intercept)
		map[port / 8] |= (uint8_t)(1u << (port % 8));
	else
		map[port / 8] &= (uint8_t)~(1u << (port % 8));
}

bool svm_iopm_intercepts(const uint8_t *map, uint32_t port, unsigned size)
{
	for (uint32_t p = port; p < port + size; p++)
		if (map[p / 8] >> (p % 8) & 1)
			return true;
	return false;
}
