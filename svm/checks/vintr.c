/* SPDX-License-Identifier: MIT */
/*
 * Virtual interrupts (APM Vol. 2 15.21 and the VINTR intercept of 15.13,
 * "Interrupt Intercepts"): with V_INTR_MASKING the guest's RFLAGS.IF gates only
 * virtual interrupts; a pending V_IRQ is taken through the guest's IDT
 * with V_INTR_VECTOR once the guest can take it, and with the VINTR
 * intercept that moment exits (0x64) instead.
 *
 * V_IRQ, vector 0x42, priority 15, V_IGN_TPR, VINTR intercepted; the guest
 * starts with IF = 0, then STI; NOP. Expected: exit 0x64 right after the
 * NOP in STI's shadow. The host then drops the intercept and enters again:
 * the guest's 0x42 handler runs with that address as its return EIP, or
 * the next one (QEMU 7.2 TCG runs one guest instruction after VMRUN before
 * it takes the interrupt; the detail says so).
 * Broken: V_IRQ left clear: no exit, no interrupt; the guest waits for
 * good and the watchdog stops it.
 */
#include "svm/checks.h"

#define V_INTR_PRIO_SHIFT	16

extern const char schk_g_vintr[], schk_g_vintr_open[], schk_h_virq[];

static void setup(struct schk *c)
{
	struct vmcb_control *v = &c->vmcb->control;

	schk_set_gate(c, CHK_VEC_VIRQ, schk_h_virq);
	v->intercept_misc1 |= INTERCEPT_VINTR;
	v->int_ctl |= (c->broken ? 0 : V_IRQ_MASK) | 0xfu << V_INTR_PRIO_SHIFT | V_IGN_TPR_MASK;
	v->int_vector = CHK_VEC_VIRQ;
	c->vmcb->save.rflags &= ~(uint64_t)X86_EFLAGS_IF;
	c->waiting = "no VINTR exit after the guest's STI";
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t open = schk_ga(schk_g_vintr_open);

	if (c->step == 0 && c->code == SVM_EXIT_VINTR) {
		if (c->rip != open || schk_word(c, CHK_D0) != 1)
			return schk_fail(c, "VINTR exit at rip 0x%llx, expected 0x%llx (after the "
					 "instruction in STI's shadow)", (unsigned long long)c->rip,
					 (unsigned long long)open);
		c->vmcb->control.intercept_misc1 &= ~(uint32_t)INTERCEPT_VINTR;
		c->vmcb->control.int_ctl |= V_IRQ_MASK;
		c->step = 1;
		c->waiting = "V_IRQ pending at VMRUN, guest IF = 1, never taken";
		return CHK_RESUME;
	}
	if (c->step == 1 && schk_call(c, CHK_CALL_DONE)) {
		uint32_t ret = schk_word(c, CHK_D1);

		if ((ret != open && ret != open + 1) || schk_word(c, CHK_D2) != CHK_VEC_VIRQ)
			return schk_fail(c, "the virtual interrupt's handler saw return EIP 0x%x, "
					 "expected 0x%llx (or one NOP later)", ret,
					 (unsigned long long)open);
		return schk_pass(c, "VINTR exited (0x64) when the guest opened its window; V_IRQ "
				 "vector 0x42 then reached the guest's handler%s",
				 ret == open ? "" : " after the first guest instruction");
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "the virtual interrupt was delivered (return EIP 0x%x) without "
				 "the VINTR exit", schk_word(c, CHK_D1));
	return schk_unexpected(c);
}

const struct svm_check schk_vintr = {
	.name = "vintr",
	.apm = "APM Vol. 2 15.21, 15.13",
	.entry = schk_g_vintr,
	.setup = setup,
	.exit = on_exit,
};
