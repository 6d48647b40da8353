/* SPDX-License-Identifier: MIT */
/*
 * TLB control, flush this guest's ASID (APM Vol. 2 15.16.1): with
 * FlushByAsid, TLB_CONTROL = 3 makes VMRUN flush the TLB entries of the
 * VMCB's ASID, so a guest page-table change the hypervisor made while the
 * guest was out is seen at once.
 *
 * Linear page V maps page A (marker 0xaaaa0001). The guest reads V (the
 * translation is now cached) and reports; the host points V's guest PTE at
 * page B (marker 0xbbbb0002) and enters again with TLB_CONTROL = 3; the
 * guest reads V again. Expected: A's marker, then B's. Broken: the PTE is
 * left on A.
 */
#include "svm/checks.h"

#define MARK_A		0xaaaa0001u
#define MARK_B		0xbbbb0002u

extern const char schk_g_flush[];

static void setup(struct schk *c)
{
	schk_set_word(c, CHK_PAGE_A_GPA, MARK_A);
	schk_set_word(c, CHK_PAGE_B_GPA, MARK_B);
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->step == 0 && schk_call(c, CHK_CALL_REPORT)) {
		if (schk_word(c, CHK_D0) != MARK_A)
			return schk_fail(c, "the first read of page V gave 0x%x, expected page A's "
					 "0x%x", schk_word(c, CHK_D0), MARK_A);
		if (!c->broken)
			*schk_gpte(c, CHK_PAGE_V) = schk_gpte_value(c, CHK_PAGE_B_GPA);
		c->vmcb->control.tlb_control = TLB_CONTROL_FLUSH_ASID;
		c->step = 1;
		schk_skip(c, 3);
		return CHK_RESUME;
	}
	if (c->step == 1 && schk_call(c, CHK_CALL_DONE)) {
		if (schk_word(c, CHK_D1) != MARK_B)
			return schk_fail(c, "after the guest PTE moved to page B and VMRUN with "
					 "TLB_CONTROL 3 (flush ASID %u), page V still read 0x%x, "
					 "expected 0x%x", c->g.asid, schk_word(c, CHK_D1), MARK_B);
		return schk_pass(c, "after TLB_CONTROL 3 the guest saw its remapped page (ASID %u)",
				 c->g.asid);
	}
	return schk_unexpected(c);
}

const struct svm_check schk_flush_by_asid = {
	.name = "flush_by_asid",
	.apm = "APM Vol. 2 15.16.1",
	.feat = SVM_FEAT_FLUSH_BY_ASID,
	.entry = schk_g_flush,
	.setup = setup,
	.exit = on_exit,
};
