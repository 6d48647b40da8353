/* SPDX-License-Identifier: MIT */
/*
 * Accessed and dirty flags of the second-level tables (VT-x: EPT, SDM Vol.
 * 3C 29.3.5, EPTP bit 6 25.6.11, IA32_VMX_EPT_VPID_CAP bit 21; AMD-V: the
 * nested tables in the host's long-mode format, APM Vol. 2 15.25.5, 5.4.2):
 * the processor sets A in every entry a translation uses and D in the leaf
 * on a write; the walk's updates of the guest's own paging structures are
 * writes through these tables too.
 *
 * The guest reads page R, writes page W and leaves page U alone (4 KiB
 * leaves, fresh entries with A = D = 0). Expected: R accessed and clean, W
 * accessed and dirty, U neither; the guest's page-table page accessed and
 * dirty; the PML4, PDPT and PD entries accessed. Broken: R's leaf starts
 * out dirty.
 */
#include "guest/checks.h"

CHK_PROG_EXTERN(g_ad);

static void setup(struct chk_run *r)
{
	r->ops->second_level_ad(r);
	if (r->broken)
		r->tables->pt[CHK_PAGE_R_GPA / PAGE_SIZE] |= r->tables->fmt->dirty;
}

static const char *ad(const struct chk_tables *t, uint64_t e)
{
	static const char *const names[4] = { "neither", "A", "D only", "A+D" };

	return names[((e & t->fmt->accessed) ? 1 : 0) | ((e & t->fmt->dirty) ? 2 : 0)];
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	const struct chk_tables *t = r->tables;
	uint64_t a = t->fmt->accessed, ad_bits = t->fmt->accessed | t->fmt->dirty;
	uint64_t rd = t->pt[CHK_PAGE_R_GPA / PAGE_SIZE], w = t->pt[CHK_PAGE_W_GPA / PAGE_SIZE];
	uint64_t u = t->pt[CHK_PAGE_U_GPA / PAGE_SIZE], pt = t->pt[GUEST_PT_GPA / PAGE_SIZE];
	uint64_t upper = t->pml4[0] & t->pdpt[0] & t->pd[0];

	if (!r->ops->call(r, CHK_CALL_DONE))
		return r->ops->unexpected(r);
	if ((rd & ad_bits) != a || (w & ad_bits) != ad_bits || (u & ad_bits) ||
	    (pt & ad_bits) != ad_bits || !(upper & a))
		return chk_run_fail(r, "flags: read page %s, written page %s, untouched page %s, "
				    "guest page table %s, upper levels %s; expected A, A+D, neither, "
				    "A+D, A", ad(t, rd), ad(t, w), ad(t, u), ad(t, pt), ad(t, upper));
	return chk_run_pass(r, "read page A, written page A+D, untouched page neither, guest page "
			    "table A+D, upper levels A");
}

const struct chk_row chk_row_ept_ad = {
	.name = "ept_ad",
	.svm_name = "npt_ad",
	.sdm = "SDM Vol. 3C 29.3.5, 25.6.11",
	.apm = "APM Vol. 2 15.25.5, 5.4.2",
	.entry = CHK_PROG(g_ad),
	.setup = setup,
	.exit = on_exit,
};
