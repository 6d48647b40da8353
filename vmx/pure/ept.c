/* SPDX-License-Identifier: MIT */
/*
 * The EPT format (SDM Vol. 3C 29.3) for the 4-level builder (pure/pt4.c).
 * Non-leaf entries carry R/W/X = 1 so that only the leaf decides access;
 * their bits 7:3 are reserved (must be 0). Leaves carry the memory type
 * (WB) in bits 5:3 and leave "ignore PAT" clear, so the guest's PAT still
 * combines with it (SDM 29.3.7.2); bit 7 marks a 2 MiB or 1 GiB leaf.
 */
#include "vmx/pure/ept.h"

const struct pt4_format ept_format = {
	.table = EPT_RWX,
	.leaf = EPT_RWX | ((uint64_t)EPT_MT_WB << EPT_MT_SHIFT),
	.large = EPT_LARGE_PAGE,
	.present = EPT_RWX,
	.accessed = EPT_ACCESSED,	/* with EPTP bit 6 (SDM 29.3.5) */
	.dirty = EPT_DIRTY,
	.nomem = "out of memory for EPT paging structures",
};

uint64_t ept_eptp(const struct pt4 *e)
{
	return e->pml4_pa | EPTP_MT_WB | EPTP_PWL_4;
}
