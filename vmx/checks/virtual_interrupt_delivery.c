/* SPDX-License-Identifier: MIT */
/*
 * Virtual-interrupt delivery with EOI virtualization (SDM Vol. 3C 30.1.3
 * (PPR virtualization), 30.1.4 (EOI virtualization), 30.2 (evaluation and
 * delivery of virtual interrupts), 30.4.3 (the writes of TPR and EOI to the
 * APIC-access page), 27.3.2.5 (VM entry evaluates), 25.4.2 (guest interrupt
 * status: RVI bits 7:0, SVI 15:8), 25.6.8 (EOI-exit bitmap); secondary
 * control "virtual-interrupt delivery" with "use TPR shadow",
 * "virtualize APIC accesses" and external-interrupt exiting): a virtual
 * interrupt is delivered through the guest's IDT when RVI[7:4] > VPPR[7:4]
 * and the guest is interruptible; delivery moves the vector from VIRR to
 * VISR (SVI = vector, RVI = the next VIRR vector, VPPR = vector & 0xf0).
 * An EOI write clears the vector from VISR without an exit, unless the
 * vector's bit in the EOI-exit bitmap is set: then an EOI-induced exit
 * (45, trap-like) with the vector in the qualification.
 *
 * Set-up: VIRR holds 0x62 and 0x51, RVI 0x62, SVI 0, VTPR 0x70, the
 * EOI-exit bitmap has 0x51 only. The guest (IF = 1) lowers its TPR to
 * 0x50, then to 0 (writes of offset 0x80). Expected: nothing under 0x70;
 * 0x62 alone under 0x50, whose handler reports (VMCALL: guest interrupt
 * status 0x6251, VISR 0x62, VIRR 0x51, VPPR 0x60) and EOIs without an exit;
 * 0x51 under 0, whose EOI exits (45, qualification 0x51) after the write
 * with RVI = SVI = 0 and VISR, VIRR empty. Broken: 0x51 not in the
 * EOI-exit bitmap, so its EOI is virtualized without an exit.
 */
#include "arch/x86/lapic.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/checks/vapic.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VTPR_START	0x70

_Static_assert(CHK_VID_VEC_LO / 64 == 1, "0x51 is in EOI_EXIT_BITMAP1");

extern const char vchk_g_vid[], vchk_h_vid_hi[], vchk_h_vid_lo[], vchk_h_vid_lo_eoi[];

static void setup(struct vchk *c)
{
	uint64_t eoi_exit[4] = { 0 };

	c->val[0] = (uint64_t)(uintptr_t)vchk_host_page(c, 0, 0);
	*vchk_vapic_reg(c->val[0], CHK_APIC_TPR) = VTPR_START;
	vchk_vapic_set_bit(c->val[0], APIC_IRR, CHK_VID_VEC_HI);
	vchk_vapic_set_bit(c->val[0], APIC_IRR, CHK_VID_VEC_LO);
	if (!c->broken)
		eoi_exit[CHK_VID_VEC_LO / 64] |= 1ULL << (CHK_VID_VEC_LO % 64);
	vchk_set_gate(c, CHK_VID_VEC_HI, vchk_h_vid_hi);
	vchk_set_gate(c, CHK_VID_VEC_LO, vchk_h_vid_lo);

	vchk_ctl(PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK, 0);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW, 0);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL,
		 SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY,
		 SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | SECONDARY_EXEC_APIC_REGISTER_VIRT);
	vmcs_write64(VIRTUAL_APIC_PAGE_ADDR, c->val[0]);
	vmcs_write64(APIC_ACCESS_ADDR, c->g.mem_pa + CHK_PAGE_U_GPA);
	vmcs_write32(TPR_THRESHOLD, 0);
	vmcs_write64(EOI_EXIT_BITMAP0, eoi_exit[0]);
	vmcs_write64(EOI_EXIT_BITMAP1, eoi_exit[1]);
	vmcs_write64(EOI_EXIT_BITMAP2, eoi_exit[2]);
	vmcs_write64(EOI_EXIT_BITMAP3, eoi_exit[3]);
	vmcs_write16(GUEST_INTR_STATUS, CHK_VID_VEC_HI);	/* SVI 0, RVI 0x62 */
}

/* In 0x62's handler, before its EOI. */
static enum chk_verdict at_report(struct vchk *c)
{
	uint16_t status = vmcs_read16(GUEST_INTR_STATUS);
	uint32_t ppr = *vchk_vapic_reg(c->val[0], APIC_PPR);
	uint16_t want = CHK_VID_VEC_HI << 8 | CHK_VID_VEC_LO;

	if (status != want || !vchk_vapic_bit(c->val[0], APIC_ISR, CHK_VID_VEC_HI) ||
	    vchk_vapic_bit(c->val[0], APIC_IRR, CHK_VID_VEC_HI) ||
	    !vchk_vapic_bit(c->val[0], APIC_IRR, CHK_VID_VEC_LO) || ppr != (CHK_VID_VEC_HI & 0xf0))
		return vchk_fail(
			c,
			"in 0x%x's handler: guest interrupt status 0x%04x, VISR[0x%x] %d, "
			"VIRR[0x%x] %d, VIRR[0x%x] %d, VPPR 0x%x; expected 0x%04x, 1, 0, 1, "
			"0x%x",
			CHK_VID_VEC_HI, status, CHK_VID_VEC_HI,
			vchk_vapic_bit(c->val[0], APIC_ISR, CHK_VID_VEC_HI), CHK_VID_VEC_HI,
			vchk_vapic_bit(c->val[0], APIC_IRR, CHK_VID_VEC_HI), CHK_VID_VEC_LO,
			vchk_vapic_bit(c->val[0], APIC_IRR, CHK_VID_VEC_LO), ppr, want,
			CHK_VID_VEC_HI & 0xf0);
	c->step = 1;
	vchk_skip_insn(c);
	return CHK_RESUME;
}

static enum chk_verdict at_eoi_exit(struct vchk *c)
{
	uint16_t status = vmcs_read16(GUEST_INTR_STATUS);

	if ((uint32_t)c->qual != CHK_VID_VEC_LO || c->rip != vchk_ga(vchk_h_vid_lo_eoi) ||
	    status != 0 || vchk_vapic_any(c->val[0], APIC_ISR) ||
	    vchk_vapic_any(c->val[0], APIC_IRR))
		return vchk_fail(
			c,
			"EOI-induced exit at rip 0x%llx, qualification 0x%llx, guest "
			"interrupt status 0x%04x, VISR %s, VIRR %s; expected rip 0x%llx (after "
			"the EOI write), 0x%x, 0, both empty",
			(unsigned long long)c->rip, (unsigned long long)c->qual, status,
			vchk_vapic_any(c->val[0], APIC_ISR) ? "not empty" : "empty",
			vchk_vapic_any(c->val[0], APIC_IRR) ? "not empty" : "empty",
			(unsigned long long)vchk_ga(vchk_h_vid_lo_eoi), CHK_VID_VEC_LO);
	c->step = 2;
	return CHK_RESUME;
}

static enum chk_verdict at_done(struct vchk *c)
{
	uint32_t n = vchk_word(c, CHK_D4), first = vchk_word(c, CHK_DLIST),
		 second = vchk_word(c, CHK_DLIST + 4);

	if (vchk_word(c, CHK_D5) != 0 || vchk_word(c, CHK_D6) != 1 || n != 2 ||
	    first != CHK_VID_VEC_HI || second != CHK_VID_VEC_LO)
		return vchk_fail(c,
				 "interrupts taken: %u under VTPR 0x%x, %u under 0x%x, %u in all "
				 "(first 0x%x, second 0x%x); expected 0, 1, 2 (0x%x, 0x%x)",
				 vchk_word(c, CHK_D5), VTPR_START, vchk_word(c, CHK_D6),
				 CHK_VID_TPR_MID, n, first, second, CHK_VID_VEC_HI, CHK_VID_VEC_LO);
	if (c->step != 2)
		return vchk_fail(c,
				 "no EOI-induced exit: the EOI of 0x%x was virtualized without one "
				 "(its EOI-exit bitmap bit %llu)",
				 CHK_VID_VEC_LO,
				 (unsigned long long)(vmcs_read64(EOI_EXIT_BITMAP1) >>
							      (CHK_VID_VEC_LO % 64) &
						      1));
	return vchk_pass(
		c,
		"0x%x then 0x%x delivered through the IDT as the TPR fell below their "
		"class; RVI/SVI 0x%x/0x%x in the handler; EOI of 0x%x without exit, of 0x%x "
		"exited (45, qualification 0x%x)",
		CHK_VID_VEC_HI, CHK_VID_VEC_LO, CHK_VID_VEC_LO, CHK_VID_VEC_HI, CHK_VID_VEC_HI,
		CHK_VID_VEC_LO, CHK_VID_VEC_LO);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (vchk_call(c, CHK_CALL_REPORT) && c->step == 0)
		return at_report(c);
	if (c->reason == EXIT_REASON_EOI_INDUCED && c->step == 1)
		return at_eoi_exit(c);
	if (vchk_call(c, CHK_CALL_DONE))
		return at_done(c);
	return vchk_unexpected(c);
}

const struct vmx_check vchk_virtual_interrupt_delivery = {
	.name = "virtual_interrupt_delivery",
	.sdm = "SDM Vol. 3C 30.1.3, 30.1.4, 30.2, 27.3.2.5",
	.need = { .pin = PIN_BASED_EXT_INTR_MASK,
		  .proc = CPU_BASED_TPR_SHADOW,
		  .proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
			   SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY },
	.entry = vchk_g_vid,
	.setup = setup,
	.exit = on_exit,
};
