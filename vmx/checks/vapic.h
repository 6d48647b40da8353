/* SPDX-License-Identifier: MIT */
/*
 * The virtual-APIC page of the APIC-virtualization rows (SDM Vol. 3C 30.1.1):
 * a host page laid out as the xAPIC's registers, 32 bits at every 16-byte
 * offset; VIRR, VISR and TMR are 256-bit registers of eight such words
 * (vector v: word v / 32 at base + 0x10 * (v / 32), bit v % 32).
 */
#ifndef PV_VMX_CHECKS_VAPIC_H
#define PV_VMX_CHECKS_VAPIC_H

#include <stdbool.h>
#include <stdint.h>

static inline volatile uint32_t *vchk_vapic_reg(uint64_t page, uint32_t offset)
{
	return (volatile uint32_t *)(uintptr_t)(page + offset);
}

/* Vector's bit of the 256-bit register at base (APIC_IRR, APIC_ISR). */
static inline bool vchk_vapic_bit(uint64_t page, uint32_t base, unsigned vector)
{
	return *vchk_vapic_reg(page, base + 0x10 * (vector / 32)) & (1U << (vector % 32));
}

static inline void vchk_vapic_set_bit(uint64_t page, uint32_t base, unsigned vector)
{
	*vchk_vapic_reg(page, base + 0x10 * (vector / 32)) |= 1U << (vector % 32);
}

/* Any of the 256 bits set? */
static inline bool vchk_vapic_any(uint64_t page, uint32_t base)
{
	for (unsigned i = 0; i < 8; i++)
		if (*vchk_vapic_reg(page, base + 0x10 * i))
			return true;
	return false;
}

#endif
