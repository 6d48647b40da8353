/* SPDX-License-Identifier: MIT */
/*
 * VMFUNC EPTP switching (SDM Vol. 3C 26.5.6.3, 25.6.14; IA32_VMX_VMFUNC bit
 * 0, A.11): with "enable VM functions" and function 0 enabled, VMFUNC with
 * EAX = 0 loads EPTP list entry ECX as the EPTP without a VM exit; ECX >=
 * 512 exits (reason 59) at the VMFUNC.
 *
 * The list's entry 0 is the check's EPTP, entry 1 a second EPT hierarchy in
 * which guest-physical page R maps the host page behind page W. The guest
 * reads R, switches to entry 1, reads R again, then calls VMFUNC with ECX
 * = 512. Expected: the second read returns W's word, no exit until the
 * bad index, whose exit is reason 59 at that VMFUNC with the EPTP field
 * now entry 1. Broken: both list entries hold the same EPTP.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VMFUNC_EPTP_SWITCHING	BIT(0)	/* VM-function controls (25.6.14) */
#define TAG_R			0x4f000001U
#define TAG_W			0x4f000002U

extern const char vchk_g_vmfunc[], vchk_g_vmfunc_bad[];

static void setup(struct vchk *c)
{
	uint64_t *list = vchk_host_page(c, 0, 0), *pt;
	uint64_t eptp1 = vchk_ept_second(c, &pt);

	vchk_set_word(c, CHK_PAGE_R_GPA, TAG_R);
	vchk_set_word(c, CHK_PAGE_W_GPA, TAG_W);
	pt[CHK_PAGE_R_GPA / PAGE_SIZE] =
		vchk_ept_leaf(c->g.mem_pa + CHK_PAGE_W_GPA, EPT_RWX, false);
	list[0] = c->g.eptp;
	list[1] = c->broken ? c->g.eptp : eptp1;
	c->val[0] = list[1];
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VMFUNC, 0);
	vmcs_write64(VM_FUNCTION_CONTROL, VMFUNC_EPTP_SWITCHING);
	vmcs_write64(EPTP_LIST_ADDRESS, (uint64_t)(uintptr_t)list);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t before = vchk_word(c, CHK_D0), after = vchk_word(c, CHK_D1);
	uint64_t eptp = vmcs_read64(EPT_POINTER);

	if (c->reason != EXIT_REASON_VMFUNC || c->rip != vchk_ga(vchk_g_vmfunc_bad))
		return vchk_unexpected(c);
	if (before != TAG_R || after != TAG_W)
		return vchk_fail(
			c,
			"read 0x%x, then 0x%x after VMFUNC(0, 1); expected 0x%x, then 0x%x "
			"(the second EPTP's page)",
			before, after, TAG_R, TAG_W);
	if (eptp != c->val[0])
		return vchk_fail(c, "EPTP 0x%llx after the switch, expected list entry 1 0x%llx",
				 (unsigned long long)eptp, (unsigned long long)c->val[0]);
	return vchk_pass(c, "VMFUNC(0, 1) switched the EPTP without an exit; index %u exited (59)",
			 CHK_VMFUNC_BAD_INDEX);
}

const struct vmx_check vchk_vmfunc = {
	.name = "vmfunc",
	.sdm = "SDM Vol. 3C 26.5.6.3, 25.6.14",
	.need = { .ept = true, .vmfunc = BIT(0) },
	.entry = vchk_g_vmfunc,
	.setup = setup,
	.exit = on_exit,
};
