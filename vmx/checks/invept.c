/* SPDX-License-Identifier: MIT */
/*
 * INVEPT (SDM Vol. 3C 29.4.3.1, 31.3 INVEPT; IA32_VMX_EPT_VPID_CAP bits 20,
 * 25, 26): after the host changes an EPT leaf, INVEPT of each advertised
 * type (single-context for this EPTP, all-context) makes the guest see the
 * new mapping. Cached translations are allowed before it, so the check
 * asserts "seen after the invalidation", which an emulator without caches
 * also passes.
 *
 * The guest rereads the word at guest-physical page R (vmx/checks/remap.c);
 * before each further read the host points R's EPT leaf at the host page
 * behind another guest page, holding another word, then runs INVEPT.
 * Expected: every read returns the word of the page the leaf points at.
 * Broken: the leaf is rewritten with its old page, so the guest reads the
 * old word.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char vchk_g_reread[];

static bool remap(struct vchk *c, unsigned type, uint64_t from, uint64_t to)
{
	enum vmx_result r;

	(void)from;
	c->ept.pt[CHK_PAGE_R_GPA / PAGE_SIZE] = vchk_ept_leaf(c->g.mem_pa + to, EPT_RWX, false);
	r = invept(type, vmcs_read64(EPT_POINTER));
	if (r != VMX_SUCCEED) {
		vchk_insn_failed(c,
				 type == VMX_EPT_EXTENT_CONTEXT ? "INVEPT single-context"
								: "INVEPT all-context",
				 r);
		return false;
	}
	return true;
}

/* One remap per advertised type: single-context, then all-context. */
static enum chk_verdict on_exit(struct vchk *c)
{
	struct vchk_remap r = { .remap = remap };

	if (vmx_capability.ept & VMX_EPT_EXTENT_CONTEXT_BIT) {
		r.type[r.rounds] = VMX_EPT_EXTENT_CONTEXT;
		r.what[r.rounds++] = "INVEPT single-context";
	}
	if (vmx_capability.ept & VMX_EPT_EXTENT_GLOBAL_BIT) {
		r.type[r.rounds] = VMX_EPT_EXTENT_GLOBAL;
		r.what[r.rounds++] = "INVEPT all-context";
	}
	return vchk_remap_exit(c, &r);
}

const struct vmx_check vchk_invept = {
	.name = "invept",
	.sdm = "SDM Vol. 3C 29.4.3.1, 31.3 (INVEPT)",
	.need = { .ept = true, .ept_cap = VMX_EPT_INVEPT_BIT },
	.entry = vchk_g_reread,
	.setup = vchk_remap_setup,
	.exit = on_exit,
};
