/* SPDX-License-Identifier: MIT */
/*
 * VMCS shadowing (SDM Vol. 3C 25.10, 25.6.15, 27.3.1.5, 31.3 VMREAD;
 * secondary control "VMCS shadowing"): in VMX non-root operation at CPL 0
 * (any protected mode but compatibility mode), VMREAD of a field whose bit
 * in the VMREAD bitmap is 0 reads the shadow VMCS the VMCS link pointer
 * names (shadow-VMCS indicator, bit 31 of its revision identifier) without
 * a VM exit; with the bit set it exits (reason 23).
 *
 * The host writes a value into GUEST_ES_LIMIT of a shadow VMCS (made
 * current, written, cleared), links it, and clears that field's bit in an
 * all-ones VMREAD bitmap. The 32-bit guest reads that field, then
 * GUEST_CS_LIMIT. Expected: the first VMREAD returns the value with CF =
 * ZF = 0 and no exit; the second exits (23) at its VMREAD. Broken: the
 * field's bit stays set, so the first VMREAD exits.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define SHADOW_VMCS_INDICATOR	BIT(31)
#define SHADOW_VALUE		0x5bad0123U

extern const char vchk_g_vmread[], vchk_g_vmread_exit[];

static void setup(struct vchk *c)
{
	uint32_t *shadow = vchk_host_page(c, 0, 0);
	uint8_t *vmread_bm = vchk_host_page(c, 1, 0xff), *vmwrite_bm = vchk_host_page(c, 2, 0xff);
	uint64_t pa = (uint64_t)(uintptr_t)shadow;
	int r;

	shadow[0] = vmcs_config.revision_id | (uint32_t)SHADOW_VMCS_INDICATOR;
	r = vmclear(pa);
	if (r == VMX_SUCCEED)
		r = vmptrld(pa);
	if (r == VMX_SUCCEED)
		r = __vmwrite(CHK_SHADOW_FIELD, SHADOW_VALUE);
	if (r == VMX_SUCCEED)
		r = vmclear(pa);
	if (vmptrld(c->vmcs_pa) != VMX_SUCCEED || r != VMX_SUCCEED)
		c->val[0] = 1;		/* on_exit reports it */
	if (!c->broken)
		vmread_bm[CHK_SHADOW_FIELD / 8] &= (uint8_t)~(1U << (CHK_SHADOW_FIELD % 8));
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_SHADOW_VMCS, 0);
	vmcs_write64(VMCS_LINK_POINTER, pa);
	vmcs_write64(VMREAD_BITMAP, (uint64_t)(uintptr_t)vmread_bm);
	vmcs_write64(VMWRITE_BITMAP, (uint64_t)(uintptr_t)vmwrite_bm);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t got = vchk_word(c, CHK_D0), flags = vchk_word(c, CHK_D1);

	if (c->val[0])
		return vchk_fail(c, "writing the shadow VMCS failed (VMCLEAR/VMPTRLD/VMWRITE)");
	if (c->reason != EXIT_REASON_VMREAD)
		return vchk_unexpected(c);
	if (c->rip != vchk_ga(vchk_g_vmread_exit))
		return vchk_fail(c,
				 "the VMREAD of 0x%x (bitmap bit clear) exited at rip 0x%llx: not "
				 "served from the shadow VMCS",
				 CHK_SHADOW_FIELD, (unsigned long long)c->rip);
	if (got != SHADOW_VALUE || flags)
		return vchk_fail(c,
				 "VMREAD of 0x%x returned 0x%x with CF/ZF 0x%x; expected 0x%x from "
				 "the shadow VMCS, 0",
				 CHK_SHADOW_FIELD, got, flags, SHADOW_VALUE);
	return vchk_pass(c,
			 "VMREAD of 0x%x served from the shadow VMCS without an exit; 0x%x "
			 "exited (23)",
			 CHK_SHADOW_FIELD, CHK_EXIT_FIELD);
}

const struct vmx_check vchk_vmcs_shadowing = {
	.name = "vmcs_shadowing",
	.sdm = "SDM Vol. 3C 25.10, 27.3.1.5, 31.3 (VMREAD)",
	.need = { .proc2 = SECONDARY_EXEC_SHADOW_VMCS },
	.entry = vchk_g_vmread,
	.setup = setup,
	.exit = on_exit,
};
