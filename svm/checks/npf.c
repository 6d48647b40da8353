/* SPDX-License-Identifier: MIT */
/*
 * Nested page fault (APM Vol. 2 15.25.6): an access the nested tables do
 * not allow exits 0x400 with a #PF-style error code in EXITINFO1 (P: the
 * entry was present; R/W: a write; U/S: always set, nested walks are user
 * accesses, 15.25.5; bit 32: while translating the final guest-physical
 * address, bit 33: a guest page-table access) and the faulting
 * guest-physical address in EXITINFO2.
 *
 * The nested leaf of page RO is present and read-only: the guest reads it
 * (no exit), then writes it: exit 0x400 at the write, EXITINFO1 P | R/W |
 * U/S | final address, EXITINFO2 = RO + 8. Broken: the leaf is writable.
 */
#include "svm/checks.h"
#include "svm/checks/env.h"
#include "svm/pure/svm_names.h"

#define RO_OFFSET	8

extern const char schk_g_npf[], schk_g_npf_write[];

static void setup(struct schk *c)
{
	if (!c->broken)
		*schk_npte(c, CHK_PAGE_RO_GPA) &= ~PTE_W;
}

static enum chk_verdict on_exit(struct schk *c)
{
	const uint64_t want = SVM_NPF_P | SVM_NPF_RW | SVM_NPF_US | SVM_NPF_GUEST_FINAL;
	const uint64_t looked = want | SVM_NPF_RSV | SVM_NPF_ID | SVM_NPF_GUEST_TABLE;

	if (c->code == SVM_EXIT_NPF) {
		if (c->rip != schk_ga(schk_g_npf_write) || (c->info1 & looked) != want ||
		    c->info2 != CHK_PAGE_RO_GPA + RO_OFFSET)
			return schk_fail(c, "NPF at rip 0x%llx, EXITINFO1 0x%llx, EXITINFO2 0x%llx; "
					 "expected rip 0x%llx, EXITINFO1 0x%llx (P, R/W, U/S, final "
					 "address), EXITINFO2 0x%x", (unsigned long long)c->rip,
					 (unsigned long long)c->info1, (unsigned long long)c->info2,
					 (unsigned long long)schk_ga(schk_g_npf_write),
					 (unsigned long long)want, CHK_PAGE_RO_GPA + RO_OFFSET);
		return schk_pass(c, "write to a nested read-only page exited (0x400) with "
				 "EXITINFO1 0x%llx at guest-physical 0x%llx",
				 (unsigned long long)c->info1, (unsigned long long)c->info2);
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "the guest wrote the nested read-only page without an exit");
	return schk_unexpected(c);
}

const struct svm_check schk_npf = {
	.name = "npf",
	.apm = "APM Vol. 2 15.25.6",
	.npt = true,
	.entry = schk_g_npf,
	.setup = setup,
	.exit = on_exit,
};
