/* SPDX-License-Identifier: MIT */
/*
 * EPT accessed and dirty flags (SDM Vol. 3C 29.3.5; EPTP bit 6, 25.6.11;
 * IA32_VMX_EPT_VPID_CAP bit 21): with A/D enabled, the processor sets bit
 * 8 (accessed) of every EPT entry a translation uses and bit 9 (dirty) of
 * the leaf on a write; accesses to guest paging structures count as
 * writes.
 *
 * The guest reads page R, writes page W and leaves page U alone (4 KiB EPT
 * pages, fresh entries with A = D = 0). Expected: R accessed and clean, W
 * accessed and dirty, U neither; the guest's page-table page accessed and
 * dirty (the walk writes its accessed flags, and A/D counts guest
 * paging-structure accesses as writes anyway); the PML4, PDPT and PD
 * entries accessed. Broken: A/D left disabled in the EPTP, so nothing is
 * set.
 */
#include "vmx/checks.h"
#include "vmx/pure/ept.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char chk_g_ad[];

static void setup(struct chk *c)
{
	if (!c->broken)
		vmcs_write64(EPT_POINTER, c->g.eptp | EPTP_AD_ENABLE);
}

static const char *ad(uint64_t e)
{
	static const char *const names[4] = { "neither", "A", "D only", "A+D" };

	return names[((e & EPT_ACCESSED) ? 1 : 0) | ((e & EPT_DIRTY) ? 2 : 0)];
}

static enum chk_verdict on_exit(struct chk *c)
{
	uint64_t r = c->ept.pt[CHK_PAGE_R_GPA / PAGE_SIZE], w = c->ept.pt[CHK_PAGE_W_GPA / PAGE_SIZE];
	uint64_t u = c->ept.pt[CHK_PAGE_U_GPA / PAGE_SIZE], pt = c->ept.pt[GUEST_PT_GPA / PAGE_SIZE];
	uint64_t upper = c->ept.pml4[0] & c->ept.pdpt[0] & c->ept.pd[0];

	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (!(r & EPT_ACCESSED) || (r & EPT_DIRTY) || (w & (EPT_ACCESSED | EPT_DIRTY)) !=
	    (EPT_ACCESSED | EPT_DIRTY) || (u & (EPT_ACCESSED | EPT_DIRTY)) ||
	    (pt & (EPT_ACCESSED | EPT_DIRTY)) != (EPT_ACCESSED | EPT_DIRTY) || !(upper & EPT_ACCESSED))
		return chk_fail(c, "flags: read page %s, written page %s, untouched page %s, guest "
				"page table %s, upper levels %s; expected A, A+D, neither, A+D, A",
				ad(r), ad(w), ad(u), ad(pt), ad(upper));
	return chk_pass(c, "read page A, written page A+D, untouched page neither, guest page "
			"table A+D, upper levels A");
}

const struct vmx_check chk_ept_ad = {
	.name = "ept_ad",
	.sdm = "SDM Vol. 3C 29.3.5, 25.6.11",
	.need = { .ept = true, .ept_cap = VMX_EPT_AD_BIT },
	.entry = chk_g_ad,
	.setup = setup,
	.exit = on_exit,
};
