/* SPDX-License-Identifier: MIT */
/*
 * Posted-interrupt processing (SDM Vol. 3C 30.6, 25.6.8 (notification
 * vector, descriptor address), 27.2.1.1 (entry checks: "virtual-interrupt
 * delivery", "acknowledge interrupt on exit", vector bits 15:8 zero, the
 * descriptor 64-byte aligned); pin-based control "process posted
 * interrupts"): an external interrupt recognized in VMX non-root operation
 * whose vector is the notification vector does not exit. The processor
 * acknowledges it, clears the descriptor's outstanding-notification bit
 * (ON, bit 256), writes the local APIC's EOI, ORs the posted-interrupt
 * requests (PIR, bits 255:0) into VIRR and clears them, raises RVI to the
 * highest of them and evaluates pending virtual interrupts: the guest takes
 * the posted vector through its IDT.
 *
 * Made deterministic as KVM does when it posts to a vCPU about to enter:
 * the host (interrupts off) posts vector 0x56 (PIR bit, ON), sends itself
 * the notification IPI and waits until its IRR holds it, then enters; the
 * interrupt is recognized right after VM entry. The guest (IF = 1) waits up
 * to 1000 rounds for its handler. Expected: the handler ran once, PIR and
 * ON clear, VIRR empty, VISR 0x56 (SVI 0x56, RVI 0: the guest sends no
 * EOI), no external-interrupt exit, and neither IRR nor ISR of the real
 * APIC holds the notification vector. Broken: the VMCS names another
 * notification vector, so the IPI exits as an ordinary external interrupt
 * (acknowledged and ended by the loop) and the guest waits in vain.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/checks/vapic.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PI_NOTIFY_VEC	0xf2		/* the notification vector (KVM's choice too) */
#define PI_ON_WORD	4		/* ON is bit 0 of the descriptor's fifth 64-bit word */
#define IRR_SPINS	100000

extern const char vchk_g_pi[], vchk_h_pi[];

static volatile uint64_t *pi_desc(const struct vchk *c)
{
	return (volatile uint64_t *)(uintptr_t)c->val[1];
}

static void setup(struct vchk *c)
{
	uint32_t exit1 = (uint32_t)(vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_EXIT) >> 32);
	unsigned spins = IRR_SPINS;

	c->val[0] = (uint64_t)(uintptr_t)vchk_host_page(c, 0, 0); /* virtual-APIC page */
	c->val[1] = (uint64_t)(uintptr_t)vchk_host_page(c, 1, 0); /* descriptor */
	pi_desc(c)[CHK_PI_VEC / 64] |= 1ULL << (CHK_PI_VEC % 64);
	pi_desc(c)[PI_ON_WORD] |= 1;
	vchk_set_gate(c, CHK_PI_VEC, vchk_h_pi);

	vchk_ctl(PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK | PIN_BASED_POSTED_INTR, 0);
	vchk_ctl(VM_EXIT_CONTROLS, exit1 & VM_EXIT_ACK_INTR_ON_EXIT, 0);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW, 0);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY,
		 SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
			 SECONDARY_EXEC_APIC_REGISTER_VIRT);
	vmcs_write64(VIRTUAL_APIC_PAGE_ADDR, c->val[0]);
	vmcs_write32(TPR_THRESHOLD, 0);
	vmcs_write64(EOI_EXIT_BITMAP0, 0);
	vmcs_write64(EOI_EXIT_BITMAP1, 0);
	vmcs_write64(EOI_EXIT_BITMAP2, 0);
	vmcs_write64(EOI_EXIT_BITMAP3, 0);
	vmcs_write16(GUEST_INTR_STATUS, 0);
	vmcs_write16(POSTED_INTR_NV, c->broken ? PI_NOTIFY_VEC + 1 : PI_NOTIFY_VEC);
	vmcs_write64(POSTED_INTR_DESC_ADDR, c->val[1]);

	/* The notification, pending in this CPU's IRR (interrupts are off) when the guest starts. */
	lapic_send_ipi(lapic_id(), APIC_ICR_LEVEL_ASSERT | PI_NOTIFY_VEC);
	while (!lapic_vector_set(APIC_IRR, PI_NOTIFY_VEC) && --spins)
		cpu_relax();
	c->val[2] = spins != 0;
}

static enum chk_verdict at_done(struct vchk *c)
{
	uint16_t status = vmcs_read16(GUEST_INTR_STATUS);
	bool pir = false, irr = lapic_vector_set(APIC_IRR, PI_NOTIFY_VEC),
	     isr = lapic_vector_set(APIC_ISR, PI_NOTIFY_VEC);
	uint32_t visr = *vchk_vapic_reg(c->val[0], APIC_ISR + 0x10 * (CHK_PI_VEC / 32));

	for (unsigned i = 0; i < 4; i++)
		pir |= pi_desc(c)[i] != 0;
	if (!c->val[2])
		return vchk_fail(c, "the notification IPI (vector 0x%x) never showed in the IRR",
				 PI_NOTIFY_VEC);
	if (vchk_word(c, CHK_D1) != 1 || vchk_word(c, CHK_D0) != CHK_PI_VEC)
		return vchk_fail(c,
				 "the guest took the posted vector 0x%x %u times (expected once); "
				 "PIR %s, ON %llu, %u external-interrupt exits",
				 CHK_PI_VEC, vchk_word(c, CHK_D1), pir ? "still set" : "clear",
				 (unsigned long long)(pi_desc(c)[PI_ON_WORD] & 1), c->ext_intr);
	if (pir || (pi_desc(c)[PI_ON_WORD] & 1) || vchk_vapic_any(c->val[0], APIC_IRR) ||
	    !(visr & (1U << (CHK_PI_VEC % 32))) || status != CHK_PI_VEC << 8 || c->ext_intr ||
	    irr || isr)
		return vchk_fail(
			c,
			"after delivery: PIR %s, ON %llu, VIRR %s, VISR[0x%x] %d, guest "
			"interrupt status 0x%04x, %u external-interrupt exits, real IRR/ISR "
			"of 0x%x %d/%d; expected clear, 0, empty, 1, 0x%04x, 0, 0/0",
			pir ? "set" : "clear", (unsigned long long)(pi_desc(c)[PI_ON_WORD] & 1),
			vchk_vapic_any(c->val[0], APIC_IRR) ? "not empty" : "empty", CHK_PI_VEC,
			!!(visr & (1U << (CHK_PI_VEC % 32))), status, c->ext_intr, PI_NOTIFY_VEC,
			irr, isr, CHK_PI_VEC << 8);
	return vchk_pass(c,
			 "notification 0x%x processed without exit: PIR 0x%x moved to VIRR, "
			 "delivered through the guest's IDT (SVI 0x%x), ON and PIR cleared",
			 PI_NOTIFY_VEC, CHK_PI_VEC, CHK_PI_VEC);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (vchk_call(c, CHK_CALL_DONE))
		return at_done(c);
	return vchk_unexpected(c);
}

const struct vmx_check vchk_posted_interrupts = {
	.name = "posted_interrupts",
	.sdm = "SDM Vol. 3C 30.6, 25.6.8, 27.2.1.1",
	.need = { .pin = PIN_BASED_EXT_INTR_MASK | PIN_BASED_POSTED_INTR,
		  .proc = CPU_BASED_TPR_SHADOW,
		  .exit_ctl = VM_EXIT_ACK_INTR_ON_EXIT,
		  .proc2 = SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY },
	.entry = vchk_g_pi,
	.setup = setup,
	.exit = on_exit,
};
