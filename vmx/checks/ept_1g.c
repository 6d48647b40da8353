/* SPDX-License-Identifier: MIT */
/*
 * 1 GiB EPT pages and EPT write protection (SDM Vol. 3C 29.3.2, table
 * 29-2; 29.3.3.2; IA32_VMX_EPT_VPID_CAP bit 17): a PDPTE with bit 7 set
 * maps 1 GiB; a write to a page without write permission is an EPT
 * violation (reason 48) with the access and the entry's permissions in
 * the qualification (Table 28-7) and the guest-physical address.
 *
 * Guest-physical [1 GiB, 2 GiB) is one read-only 1 GiB page onto the host
 * gigabyte holding the main guest's memory. The host writes a word there;
 * the guest reads it through the 1 GiB page, then writes it back.
 * Expected: the read returns the word; the write exits: a write, readable
 * but not writable, at that guest-physical address and at the MOV.
 * Broken: the 1 GiB page is writable, so the write goes through (to the
 * word the host wrote: harmless).
 */
#include "kernel/percpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PDPT_INDEX_HUGE	(CHK_HUGE_GPA >> 30)

extern const char vchk_g_huge[], vchk_g_huge_write[];

static void setup(struct vchk *c)
{
	uint64_t base = ALIGN_DOWN(c->main_mem_pa, PT4_1G);
	uint64_t gpa = CHK_HUGE_GPA + (c->main_mem_pa - base) + CHK_BIG_OFF_HIGH;
	uint32_t tag = 0x1c000000 | c->cpu->index << 8 | 1;

	*(volatile uint32_t *)(uintptr_t)(c->main_mem_pa + CHK_BIG_OFF_HIGH) = tag;
	c->val[0] = tag;
	c->val[1] = gpa;
	c->ept.pdpt[PDPT_INDEX_HUGE] =
		vchk_ept_leaf(base, c->broken ? EPT_READ | EPT_WRITE : EPT_READ, true);
	vchk_map_linear_4m(c, (uint32_t)gpa);
	c->g.regs.rcx = gpa;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t gpa = c->val[1];
	struct ept_qual q;

	if (vchk_call(c, CHK_CALL_DONE))
		return vchk_fail(c, "the write to the read-only 1 GiB page did not exit");
	if (c->reason != EXIT_REASON_EPT_VIOLATION)
		return vchk_unexpected(c);
	exit_decode_ept(c->qual, &q);
	if (vchk_word(c, CHK_D0) != (uint32_t)c->val[0])
		return vchk_fail(c, "read 0x%x through the 1 GiB page, expected 0x%x",
				 vchk_word(c, CHK_D0), (uint32_t)c->val[0]);
	if (!q.write || q.read || !q.readable || q.writable ||
	    vmcs_read64(GUEST_PHYSICAL_ADDRESS) != gpa || c->rip != vchk_ga(vchk_g_huge_write)) {
		char what[CHECK_DETAIL_MAX];
		struct out_buf b;

		out_buf_init(&b, what, sizeof(what));
		ept_violation_describe(&b.out, vmcs_read64(GUEST_PHYSICAL_ADDRESS),
				       vmcs_readnat(GUEST_LINEAR_ADDRESS), c->qual);
		return vchk_fail(c,
				 "EPT violation %s at rip 0x%llx; expected a write at 0x%llx to a "
				 "readable, not writable page",
				 what, (unsigned long long)c->rip, (unsigned long long)gpa);
	}
	return vchk_pass(c, "read through a 1 GiB page; its write protection made an EPT violation "
			    "with the right qualification");
}

const struct vmx_check vchk_ept_1g = {
	.name = "ept_1g",
	.sdm = "SDM Vol. 3C 29.3.2, 29.3.3.2, Table 28-7",
	.need = { .ept = true, .ept_cap = VMX_EPT_1GB_PAGE_BIT },
	.entry = vchk_g_huge,
	.setup = setup,
	.exit = on_exit,
};
