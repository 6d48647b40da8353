/* SPDX-License-Identifier: MIT */
#ifndef PV_PURE_PAT_H
#define PV_PURE_PAT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"

/*
 * IA32_PAT (SDM Vol. 3A 13.12): entries PA0..PA7, one byte each, memory
 * type in bits 2:0 (X86_MEMTYPE_*), bits 7:3 reserved. The identity map
 * uses PWT = PCD = PAT = 0, i.e. PA0, for the VMX regions, and those must be
 * write-back as IA32_VMX_BASIC[53:50] = 6 says.
 */
unsigned pat_entry(uint64_t pat, unsigned i);
/* "UC", "WC", "WT", "WP", "WB", "UC-", or "reserved" (types 2, 3, 8..255). */
const char *pat_type_name(unsigned type);
/* Every entry a defined type (else WRMSR IA32_PAT raises #GP). */
bool pat_valid(uint64_t pat);
bool pat_entry0_is_wb(uint64_t pat);
/* The same PAT with PA0 = WB. */
uint64_t pat_with_entry0_wb(uint64_t pat);
/* "PA0 WB, PA1 WT, PA2 UC-, PA3 UC, PA4 WB, PA5 WT, PA6 UC-, PA7 UC". */
void pat_print(struct out *o, uint64_t pat);

#endif
