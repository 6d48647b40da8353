/* SPDX-License-Identifier: MIT */
/*
 * IA32_PAT (SDM Vol. 3A 13.12.2, APM Vol. 2 7.8.1): its entries, their
 * memory types and whether every entry is defined. Used by the VT-x
 * set-up (the VMX regions must be write-back) and by the VMCB check
 * (G_PAT). Pure code.
 */
#include "pure/pat.h"
#include "arch/x86/msr-index.h"

unsigned pat_entry(uint64_t pat, unsigned i)
{
	return (unsigned)(pat >> (8 * (i & 7))) & 0xff;
}

/* Types 2 and 3 are reserved, as is anything with bits 7:3 set. */
static bool pat_type_defined(unsigned type)
{
	return type <= X86_MEMTYPE_UC_MINUS && type != 2 && type != 3;
}

const char *pat_type_name(unsigned type)
{
	switch (type) {
	case X86_MEMTYPE_UC:		return "UC";
	case X86_MEMTYPE_WC:		return "WC";
	case X86_MEMTYPE_WT:		return "WT";
	case X86_MEMTYPE_WP:		return "WP";
	case X86_MEMTYPE_WB:		return "WB";
	case X86_MEMTYPE_UC_MINUS:	return "UC-";
	}
	return "reserved";
}

bool pat_valid(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++)
		if (!pat_type_defined(pat_entry(pat, i)))
			return false;
	return true;
}

bool pat_entry0_is_wb(uint64_t pat)
{
	return pat_entry(pat, 0) == X86_MEMTYPE_WB;
}

uint64_t pat_with_entry0_wb(uint64_t pat)
{
	return (pat & ~(uint64_t)0xff) | X86_MEMTYPE_WB;
}

void pat_print(struct out *o, uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = pat_entry(pat, i);

		oprintf(o, "%sPA%u %s", i ? ", " : "", i, pat_type_name(t));
		if (!pat_type_defined(t))
			oprintf(o, " (%u)", t);
	}
}
