/* SPDX-License-Identifier: MIT */
/*
 * Accessed and dirty bits in the nested page tables (APM Vol. 2 15.25.5:
 * nested entries use the host's long-mode format, whose A and D bits the
 * walk sets as in 5.4.2). A guest access sets A in every nested entry on
 * its walk and, for a write, D in the leaf; the guest's own page-table
 * updates are writes through the nested tables too.
 *
 * Fresh nested leaves with A = D = 0; the guest reads page R, writes page
 * W, leaves page U alone. Expected: R accessed and clean, W accessed and
 * dirty, U neither, the guest page-table page accessed and dirty (the CPU
 * set A/D in the guest's PTEs), the upper nested levels accessed. Broken:
 * R's leaf starts out dirty.
 */
#include "svm/checks.h"
#include "svm/checks/env.h"

#define AD	(PTE_A | PTE_D)

extern const char schk_g_ad[];

static void setup(struct schk *c)
{
	if (c->broken)
		*schk_npte(c, CHK_PAGE_R_GPA) |= PTE_D;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t r, w, u, pt;
	bool upper;

	if (!schk_call(c, CHK_CALL_DONE))
		return schk_unexpected(c);
	r = *schk_npte(c, CHK_PAGE_R_GPA) & AD;
	w = *schk_npte(c, CHK_PAGE_W_GPA) & AD;
	u = *schk_npte(c, CHK_PAGE_U_GPA) & AD;
	pt = *schk_npte(c, GUEST_PT_GPA) & AD;
	upper = c->npt.pml4[0] & c->npt.pdpt[0] & c->npt.pd[0] & PTE_A;
	if (r != PTE_A || w != AD || u || pt != AD || !upper)
		return schk_fail(c, "nested A/D after a read of R, a write of W: R %s, W %s, U %s, "
				 "guest page table %s, upper levels %s", r & PTE_D ? "dirty" :
				 r ? "accessed" : "clear", w & PTE_D ? "dirty" :
				 w ? "accessed" : "clear", u ? "touched" : "clear",
				 pt == AD ? "dirty" : pt ? "accessed" : "clear",
				 upper ? "accessed" : "NOT accessed");
	return schk_pass(c, "nested A/D: R accessed, W accessed and dirty, U clear, the "
			 "guest page table dirty, upper levels accessed");
}

const struct svm_check schk_npt_ad = {
	.name = "npt_ad",
	.apm = "APM Vol. 2 15.25.5, 5.4.2",
	.npt = true,
	.entry = schk_g_ad,
	.setup = setup,
	.exit = on_exit,
};
