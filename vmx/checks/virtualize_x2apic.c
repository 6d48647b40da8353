/* SPDX-License-Identifier: MIT */
/*
 * Virtualize x2APIC mode (SDM Vol. 3C 30.5, 27.2.1.1 (entry checks),
 * 25.6.9 (MSR bitmaps); secondary control "virtualize x2APIC mode" with
 * "use TPR shadow", "virtualize APIC accesses" 0): an RDMSR or WRMSR of the
 * x2APIC range that the MSR bitmap lets through is treated specially. With
 * "APIC-register virtualization" 0 only MSR 0x808 (TPR) is: RDMSR returns
 * the virtual-APIC page's 8 bytes at offset 0x80, WRMSR stores EAX[7:0]
 * into VTPR (clearing the rest of those 8 bytes) and performs TPR
 * virtualization. The MSR bitmap is consulted first: a set bit exits (31,
 * 32) as for any MSR.
 *
 * Set-up: VTPR 0x30, the MSR bitmap lets RDMSR and WRMSR of 0x808 through
 * and keeps everything else exiting, TPR threshold 0. The guest reads 0x808,
 * writes 0x50 to it, reads it again, then reads 0x803 (version). Expected:
 * 0x30, then 0x50 (EDX 0 both times), VTPR 0x50, and one exit, 31 for
 * 0x803. Broken: the bitmap makes 0x808 exit too, so the first RDMSR exits.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/checks/vapic.h"
#include "vmx/pure/msrbitmap.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VTPR_START	0x30

extern const char vchk_g_x2apic[], vchk_g_x2apic_ver[];

static void setup(struct vchk *c)
{
	c->val[0] = (uint64_t)(uintptr_t)vchk_host_page(c, 0, 0);
	*vchk_vapic_reg(c->val[0], CHK_APIC_TPR) = VTPR_START;
	if (!c->broken) {
		msrbitmap_set(c->msr_bitmap, CHK_X2APIC_TPR_MSR, false, false);
		msrbitmap_set(c->msr_bitmap, CHK_X2APIC_TPR_MSR, true, false);
	}
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS, 0);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE,
		 SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | SECONDARY_EXEC_APIC_REGISTER_VIRT |
			 SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
	vmcs_write64(MSR_BITMAP, c->g.msr_bitmap);
	vmcs_write64(VIRTUAL_APIC_PAGE_ADDR, c->val[0]);
	vmcs_write32(TPR_THRESHOLD, 0);
}

static enum chk_verdict at_done(struct vchk *c)
{
	uint32_t vtpr = *vchk_vapic_reg(c->val[0], CHK_APIC_TPR);

	if (vchk_word(c, CHK_D0) != VTPR_START || vchk_word(c, CHK_D1) != 0 ||
	    vchk_word(c, CHK_D2) != CHK_X2APIC_TPR_VAL || vchk_word(c, CHK_D3) != 0 ||
	    vtpr != CHK_X2APIC_TPR_VAL)
		return vchk_fail(c,
				 "RDMSR 0x808 returned 0x%x:%08x, after WRMSR 0x%x 0x%x:%08x, VTPR "
				 "0x%x; expected 0:%08x, 0:%08x, 0x%x",
				 vchk_word(c, CHK_D1), vchk_word(c, CHK_D0), CHK_X2APIC_TPR_VAL,
				 vchk_word(c, CHK_D3), vchk_word(c, CHK_D2), vtpr, VTPR_START,
				 CHK_X2APIC_TPR_VAL, CHK_X2APIC_TPR_VAL);
	if (c->step != 1)
		return vchk_fail(c, "RDMSR 0x%x, set in the MSR bitmap, did not exit",
				 CHK_X2APIC_VER_MSR);
	return vchk_pass(c,
			 "RDMSR/WRMSR 0x808 served by VTPR without exit (0x%x, then 0x%x); "
			 "RDMSR 0x803 exited (31) as the MSR bitmap says",
			 VTPR_START, CHK_X2APIC_TPR_VAL);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t ecx = (uint32_t)c->g.regs.rcx;

	if (vchk_call(c, CHK_CALL_DONE))
		return at_done(c);
	if (c->reason == EXIT_REASON_MSR_READ && ecx == CHK_X2APIC_VER_MSR && c->step == 0 &&
	    c->rip == vchk_ga(vchk_g_x2apic_ver))
		return vchk_next(c, 1);
	if ((c->reason == EXIT_REASON_MSR_READ || c->reason == EXIT_REASON_MSR_WRITE) &&
	    ecx == CHK_X2APIC_TPR_MSR)
		return vchk_fail(c, "%s of MSR 0x808 exited (%u) at rip 0x%llx: not virtualized",
				 c->reason == EXIT_REASON_MSR_READ ? "RDMSR" : "WRMSR", c->reason,
				 (unsigned long long)c->rip);
	return vchk_unexpected(c);
}

const struct vmx_check vchk_virtualize_x2apic = {
	.name = "virtualize_x2apic",
	.sdm = "SDM Vol. 3C 30.5, 25.6.9",
	.need = { .proc = CPU_BASED_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS,
		  .proc2 = SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE },
	.entry = vchk_g_x2apic,
	.setup = setup,
	.exit = on_exit,
};
