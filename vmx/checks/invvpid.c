/* SPDX-License-Identifier: MIT */
/*
 * INVVPID (SDM Vol. 3C 29.4.3.1, 31.3 INVVPID; IA32_VMX_EPT_VPID_CAP bits
 * 32, 40-43): with VPIDs, linear translations survive VM exits and entries;
 * after the host edits the guest's own page-table entry, INVVPID of each
 * advertised type (individual-address, single-context, all-context,
 * single-context retaining globals) makes the guest see the new mapping.
 * As with INVEPT the check asserts "seen after the invalidation": an
 * emulator that caches nothing passes it too.
 *
 * The guest rereads the word at linear address R (vmx/checks/remap.c);
 * before each further read the host points the guest's PTE for R at
 * another guest page, holding another word, then runs INVVPID for the
 * guest's VPID. Expected: every read returns the new page's word. Broken:
 * the PTE is rewritten with its old page.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char vchk_g_reread[];

/* INVVPID with a linear address (vmx_insn.h's invvpid() has none): CF / ZF as VMX_RESULT. */
static int invvpid_addr(uint64_t type, uint16_t vpid, uint64_t linear)
{
	struct { uint64_t vpid, linear; } d = { vpid, linear };
	uint8_t cf, zf;

	__asm__ volatile("invvpid %2, %3; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "m"(d), "r"(type) : "cc", "memory");
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_SUCCEED;
}

static const char *const type_names[4] = {
	"INVVPID individual-address", "INVVPID single-context", "INVVPID all-context",
	"INVVPID single-context retaining globals",
};

static bool remap(struct vchk *c, unsigned type, uint64_t from, uint64_t to)
{
	uint32_t *pte = (uint32_t *)(void *)(c->mem + GUEST_PT_GPA) + CHK_PAGE_R_GPA / PAGE_SIZE;
	int r;

	*pte = (uint32_t)(*pte - from + to);	/* the same flags and base (EPT or not) */
	r = invvpid_addr(type, vmcs_read16(VIRTUAL_PROCESSOR_ID), CHK_PAGE_R_GPA);
	if (r != VMX_SUCCEED) {
		vchk_insn_failed(c, type_names[type & 3], r);
		return false;
	}
	return true;
}

/* One remap per advertised type (EPT_VPID_CAP bits 40-43, i.e. vpid bits 8-11). */
static enum chk_verdict on_exit(struct vchk *c)
{
	struct vchk_remap r = { .remap = remap };

	for (unsigned t = 0; t < 4 && r.rounds < CHK_REMAP_MAX - 1; t++) {
		if (!(vmx_capability.vpid & (VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT << t)))
			continue;
		r.type[r.rounds] = t;
		r.what[r.rounds++] = type_names[t];
	}
	return vchk_remap_exit(c, &r);
}

const struct vmx_check vchk_invvpid = {
	.name = "invvpid",
	.sdm = "SDM Vol. 3C 29.4.3.1, 31.3 (INVVPID)",
	.need = { .vpid = true },
	.entry = vchk_g_reread,
	.setup = vchk_remap_setup,
	.exit = on_exit,
};
