/* SPDX-License-Identifier: MIT */
/*
 * Page-modification logging (SDM Vol. 3C 29.3.6, 25.6.8, 26.2.1.1;
 * secondary control "enable PML", EPT A/D flags on): each time a write
 * sets an EPT dirty flag, the processor stores the guest-physical address
 * of the 4-KiB page (bits 11:0 clear) at PML index, then decrements the
 * index (from 511).
 *
 * The guest writes one word at offset CHK_PML_OFF into each of
 * CHK_PML_PAGES pages (fresh EPT entries, dirty clear). Expected: each
 * page's address is logged, every logged address 4-KiB aligned and one of
 * those pages or a guest paging-structure page (A/D counts the guest's
 * page walks as writes), and the index 511 minus the number logged.
 * Broken: A/D left off in the EPTP, so nothing is logged.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PML_ENTRIES	512

extern const char vchk_g_pml[];

static void setup(struct vchk *c)
{
	uint64_t *log = vchk_host_page(c, 0, 0);

	c->val[0] = (uint64_t)(uintptr_t)log;
	if (!c->broken)
		vmcs_write64(EPT_POINTER, c->g.eptp | EPTP_AD_ENABLE);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_PML, 0);
	vmcs_write64(PML_ADDRESS, (uint64_t)(uintptr_t)log);
	vmcs_write16(GUEST_PML_INDEX, PML_ENTRIES - 1);
}

static bool expected_page(uint64_t gpa)
{
	return (gpa >= CHK_PAGE_R_GPA && gpa < CHK_PAGE_R_GPA + CHK_PML_PAGES * PAGE_SIZE) ||
	       gpa == GUEST_PD_GPA || gpa == GUEST_PT_GPA;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	const uint64_t *log = (const uint64_t *)(uintptr_t)c->val[0];
	unsigned index = vmcs_read16(GUEST_PML_INDEX), logged, seen = 0;

	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	logged = index >= PML_ENTRIES ? PML_ENTRIES : PML_ENTRIES - 1 - index;
	for (unsigned i = PML_ENTRIES - logged; i < PML_ENTRIES; i++) {
		if (log[i] & (PAGE_SIZE - 1) || !expected_page(log[i]))
			return vchk_fail(
				c, "PML entry %u is 0x%llx: %s", i, (unsigned long long)log[i],
				log[i] & (PAGE_SIZE - 1) ? "not a 4-KiB page address (bits 11:0 "
							   "set)"
							 : "a page the guest did not write");
		if (log[i] >= CHK_PAGE_R_GPA && log[i] < CHK_PAGE_R_GPA + CHK_PML_PAGES * PAGE_SIZE)
			seen |= 1U << ((log[i] - CHK_PAGE_R_GPA) / PAGE_SIZE);
	}
	if (seen != (1U << CHK_PML_PAGES) - 1)
		return vchk_fail(c, "PML index %u (%u logged): written pages logged 0x%x of 0x%x",
				 index, logged, seen, (1U << CHK_PML_PAGES) - 1);
	return vchk_pass(c,
			 "%u written pages logged with 4-KiB aligned addresses, index %u (%u "
			 "entries)",
			 CHK_PML_PAGES, index, logged);
}

const struct vmx_check vchk_pml = {
	.name = "pml",
	.sdm = "SDM Vol. 3C 29.3.6, 25.6.8",
	.need = { .ept = true, .ept_cap = VMX_EPT_AD_BIT, .proc2 = SECONDARY_EXEC_ENABLE_PML },
	.entry = vchk_g_pml,
	.setup = setup,
	.exit = on_exit,
};
