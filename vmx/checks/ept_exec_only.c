/* SPDX-License-Identifier: MIT */
/*
 * Execute-only EPT translations (SDM Vol. 3C 29.3.2, 29.3.3.2;
 * IA32_VMX_EPT_VPID_CAP bit 0): an EPT leaf with X = 1 and R = W = 0 is
 * valid when the CPU supports it (otherwise a misconfiguration): code runs
 * from the page, a data read of it is an EPT violation.
 *
 * A small function is copied into the execute-only page. Expected: the
 * guest calls it (it returns 0x600d), then reading the page exits with a
 * read, not readable, not writable, executable qualification at the MOV.
 * Broken: the page is R/W/X, so the read does not exit.
 */
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define FUNC_RESULT	0x600d

extern const char vchk_g_xo[], vchk_g_xo_read[], vchk_xo_func[], vchk_xo_func_end[];

static void setup(struct vchk *c)
{
	memcpy(c->mem + CHK_PAGE_X_GPA, vchk_xo_func, (size_t)(vchk_xo_func_end - vchk_xo_func));
	c->ept.pt[CHK_PAGE_X_GPA / PAGE_SIZE] =
		vchk_ept_leaf(c->g.mem_pa + CHK_PAGE_X_GPA, c->broken ? EPT_RWX : EPT_EXEC, false);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	struct ept_qual q;

	if (vchk_call(c, CHK_CALL_DONE))
		return vchk_fail(c, "reading the execute-only page did not exit");
	if (c->reason != EXIT_REASON_EPT_VIOLATION)
		return vchk_unexpected(c);
	if (vchk_word(c, CHK_D0) != FUNC_RESULT)
		return vchk_fail(c, "the function in the execute-only page returned 0x%x",
				 vchk_word(c, CHK_D0));
	exit_decode_ept(c->qual, &q);
	if (!q.read || q.write || q.fetch || q.readable || q.writable || !q.executable ||
	    vmcs_read64(GUEST_PHYSICAL_ADDRESS) != CHK_PAGE_X_GPA ||
	    c->rip != vchk_ga(vchk_g_xo_read))
		return vchk_fail(c,
				 "EPT violation qualification 0x%llx at guest-physical 0x%llx, rip "
				 "0x%llx; expected a read of 0x%x, execute-only, at 0x%llx",
				 (unsigned long long)c->qual,
				 (unsigned long long)vmcs_read64(GUEST_PHYSICAL_ADDRESS),
				 (unsigned long long)c->rip, CHK_PAGE_X_GPA,
				 (unsigned long long)vchk_ga(vchk_g_xo_read));
	return vchk_pass(c, "code ran from an execute-only page; reading it made an EPT violation");
}

const struct vmx_check vchk_ept_exec_only = {
	.name = "ept_exec_only",
	.sdm = "SDM Vol. 3C 29.3.2, 29.3.3.2",
	.need = { .ept = true, .ept_cap = VMX_EPT_EXECUTE_ONLY_BIT },
	.entry = vchk_g_xo,
	.setup = setup,
	.exit = on_exit,
};
