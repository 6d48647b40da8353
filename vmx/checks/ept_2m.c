/* SPDX-License-Identifier: MIT */
/*
 * 2 MiB EPT pages (SDM Vol. 3C 29.3.2, table 29-4; IA32_VMX_EPT_VPID_CAP
 * bit 16): a PDE with bit 7 set maps 2 MiB, guest-physical bits 20:0
 * being the offset into it.
 *
 * Guest-physical [2 MiB, 4 MiB) is one 2 MiB page onto the main guest's
 * memory (done by now), beside the 4 KiB pages of the check guest. The
 * host writes a word at 0x3008 and at 0x1ff008 of the 2 MiB page and one
 * into a 4 KiB page. Expected: the guest reads all three back. Broken:
 * the 2 MiB page points 2 MiB further.
 */
#include "kernel/percpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PD_INDEX_BIG	(CHK_BIG_GPA >> 21)

extern const char vchk_g_big[];

static void setup(struct vchk *c)
{
	uint8_t *big = (uint8_t *)(uintptr_t)c->main_mem_pa;
	uint32_t tag = 0x2b000000 | c->cpu->index << 8;

	*(volatile uint32_t *)(void *)(big + CHK_BIG_OFF_HIGH) = tag | 1;
	*(volatile uint32_t *)(void *)(big + CHK_BIG_OFF_LOW) = tag | 2;
	vchk_set_word(c, CHK_PAGE_R_GPA + 8, tag | 3);
	c->val[0] = tag;
	c->ept.pd[PD_INDEX_BIG] =
		vchk_ept_leaf(c->main_mem_pa + (c->broken ? PT4_2M : 0), EPT_RWX, true);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t tag = (uint32_t)c->val[0];

	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (vchk_word(c, CHK_D0) != (tag | 1) || vchk_word(c, CHK_D1) != (tag | 2) ||
	    vchk_word(c, CHK_D2) != (tag | 3))
		return vchk_fail(c,
				 "read 0x%x 0x%x through the 2 MiB page, 0x%x through a 4 KiB "
				 "page; expected 0x%x 0x%x, 0x%x",
				 vchk_word(c, CHK_D0), vchk_word(c, CHK_D1), vchk_word(c, CHK_D2),
				 tag | 1, tag | 2, tag | 3);
	return vchk_pass(c, "both ends of a 2 MiB page and a 4 KiB page read back");
}

const struct vmx_check vchk_ept_2m = {
	.name = "ept_2m",
	.sdm = "SDM Vol. 3C 29.3.2",
	.need = { .ept = true, .ept_cap = VMX_EPT_2MB_PAGE_BIT },
	.entry = vchk_g_big,
	.setup = setup,
	.exit = on_exit,
};
