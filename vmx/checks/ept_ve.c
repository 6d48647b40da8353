/* SPDX-License-Identifier: MIT */
/*
 * EPT-violation #VE (SDM Vol. 3C 26.5.7, 25.6.15, 29.3.3.2; secondary
 * control "EPT-violation #VE"): an EPT violation through a leaf whose
 * "suppress #VE" bit (63) is clear becomes a virtualization exception
 * (vector 20) delivered in the guest, no VM exit, when the dword at offset
 * 4 of the virtualization-exception information area is 0; the processor
 * fills the area (exit reason 48, 0xFFFFFFFF at offset 4, qualification,
 * guest-linear and guest-physical address, EPTP index).
 *
 * Page U's EPT leaf is not present (all zero: suppress #VE clear); #VE is
 * not in the exception bitmap and has a gate in the guest's IDT. The guest
 * reads U; its handler records vector and return EIP and ends. Expected:
 * no exit before that, the handler saw EIP at the read, and the area holds
 * 48, 0xFFFFFFFF, a data-read qualification, the address read (linear =
 * guest-physical here) and the EPTP-index field's value (5). Broken: suppress #VE set in the
 * leaf, so the violation exits (48).
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VE_VECTOR		20
#define EPT_SUPPRESS_VE		BIT(63)
#define EPTP_INDEX_SET		5	/* any: the area gets the field's value */

extern const char vchk_g_ve[], vchk_g_ve_read[], vchk_h_ve[];

/* The virtualization-exception information area (SDM Table 26-1 / 25.5.7). */
struct ve_info {
	uint32_t reason, busy;
	uint64_t qual, linear, gpa;
	uint16_t eptp_index;
} __attribute__((packed));

static void setup(struct vchk *c)
{
	struct ve_info *ve = vchk_host_page(c, 0, 0);

	c->val[0] = (uint64_t)(uintptr_t)ve;
	c->ept.pt[CHK_PAGE_U_GPA / PAGE_SIZE] = c->broken ? EPT_SUPPRESS_VE : 0;
	vchk_set_gate(c, VE_VECTOR, vchk_h_ve);
	vchk_ctl(EXCEPTION_BITMAP, 0, BIT(VE_VECTOR));
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_EPT_VIOLATION_VE, 0);
	vmcs_write64(VE_INFORMATION_ADDRESS, c->val[0]);
	vmcs_write16(EPTP_INDEX, EPTP_INDEX_SET);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	const volatile struct ve_info *ve = (const volatile struct ve_info *)(uintptr_t)c->val[0];
	uint64_t gpa = CHK_PAGE_U_GPA + CHK_VE_OFF;
	struct ept_qual q;

	if (c->reason == EXIT_REASON_EPT_VIOLATION)
		return vchk_fail(c,
				 "the EPT violation at 0x%llx exited (48) instead of raising #VE "
				 "in the guest",
				 (unsigned long long)vmcs_read64(GUEST_PHYSICAL_ADDRESS));
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (vchk_word(c, CHK_D0) != VE_VECTOR)
		return vchk_fail(c, "the read of a not-present page neither exited nor raised #VE");
	exit_decode_ept(ve->qual, &q);
	if (vchk_word(c, CHK_D1) != vchk_ga(vchk_g_ve_read) || c->exits != 1)
		return vchk_fail(c,
				 "#VE handler saw EIP 0x%x after %u exits; expected 0x%llx, none",
				 vchk_word(c, CHK_D1), c->exits - 1,
				 (unsigned long long)vchk_ga(vchk_g_ve_read));
	if (ve->reason != EXIT_REASON_EPT_VIOLATION || ve->busy != 0xffffffffU || !q.read ||
	    q.write || ve->gpa != gpa || ve->linear != gpa || ve->eptp_index != EPTP_INDEX_SET)
		return vchk_fail(
			c,
			"#VE information: reason %u, word 0x%x, qualification 0x%llx, "
			"linear 0x%llx, GPA 0x%llx, EPTP index %u; expected 48, 0xffffffff, a "
			"read, 0x%llx twice, %u",
			ve->reason, ve->busy, (unsigned long long)ve->qual,
			(unsigned long long)ve->linear, (unsigned long long)ve->gpa, ve->eptp_index,
			(unsigned long long)gpa, EPTP_INDEX_SET);
	return vchk_pass(c,
			 "#VE (vector 20) in the guest at the read, no exit, information area "
			 "right (GPA 0x%llx)",
			 (unsigned long long)gpa);
}

const struct vmx_check vchk_ept_ve = {
	.name = "ept_ve",
	.sdm = "SDM Vol. 3C 26.5.7, 25.6.15, 29.3.3.2",
	.need = { .ept = true, .proc2 = SECONDARY_EXEC_EPT_VIOLATION_VE },
	.entry = vchk_g_ve,
	.setup = setup,
	.exit = on_exit,
};
