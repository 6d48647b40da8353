/* SPDX-License-Identifier: MIT */
/*
 * Event injection (SDM Vol. 3C 25.8.3, 27.6): VM entry delivers the event
 * in the VM-entry interruption-information field through the guest's IDT
 * as if it had occurred right before the first guest instruction, and a
 * VM exit clears the field's valid bit (28.2).
 *
 * First entry: a #GP (hardware exception, vector 13) with error code
 * 0xbad0. Its handler records the error code, the EIP it would return to
 * and its vector, then reports with VMCALL. Second entry, at the
 * instruction after that VMCALL, with RFLAGS.IF set: external interrupt
 * 0x41, whose handler records its return EIP and ends. Expected: both
 * handlers ran with exactly those values. Broken: vector 12 is injected,
 * which has no gate, so delivery faults (#NP) and exits.
 */
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VEC_EXT		0x41
#define GP_ERROR	0xbad0

extern const char chk_g_event[], chk_h_gp[], chk_h_gp_resume[], chk_h_ext[];

static void setup(struct chk *c)
{
	unsigned vec = c->broken ? 12 : X86_TRAP_GP;

	chk_set_gate(c, X86_TRAP_GP, chk_h_gp);
	chk_set_gate(c, VEC_EXT, chk_h_ext);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_INFO_ERROR_VALID |
		     INTR_TYPE_HARD_EXCEPTION << INTR_INFO_TYPE_SHIFT | vec);
	vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, GP_ERROR);
}

static enum chk_verdict on_exit(struct chk *c)
{
	if (vmcs_read32(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID)
		return chk_fail(c, "the VM-entry interruption-information field is still valid "
				"after a VM exit");
	if (c->step == 0 && chk_call(c, CHK_CALL_REPORT)) {
		if (chk_word(c, CHK_D2) != X86_TRAP_GP || chk_word(c, CHK_D0) != GP_ERROR ||
		    chk_word(c, CHK_D1) != chk_ga(chk_g_event))
			return chk_fail(c, "the #GP handler saw error code 0x%x, return EIP 0x%x; "
					"expected 0x%x, 0x%llx", chk_word(c, CHK_D0),
					chk_word(c, CHK_D1), GP_ERROR,
					(unsigned long long)chk_ga(chk_g_event));
		c->step = 1;
		chk_skip_insn(c);
		vmcs_writenat(GUEST_RFLAGS, vmcs_readnat(GUEST_RFLAGS) | X86_EFLAGS_IF);
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID |
			     INTR_TYPE_EXT_INTR << INTR_INFO_TYPE_SHIFT | VEC_EXT);
		return CHK_RESUME;
	}
	if (c->step == 1 && chk_call(c, CHK_CALL_DONE)) {
		if (chk_word(c, CHK_D4) != VEC_EXT || chk_word(c, CHK_D3) != chk_ga(chk_h_gp_resume))
			return chk_fail(c, "the vector 0x41 handler saw return EIP 0x%x, expected "
					"0x%llx", chk_word(c, CHK_D3),
					(unsigned long long)chk_ga(chk_h_gp_resume));
		return chk_pass(c, "injected #GP (error code 0xbad0) and external interrupt 0x41 "
				"reached the guest's handlers");
	}
	return chk_unexpected(c);
}

const struct vmx_check chk_event_injection = {
	.name = "event_injection",
	.sdm = "SDM Vol. 3C 25.8.3, 27.6",
	.entry = chk_g_event,
	.setup = setup,
	.exit = on_exit,
};
