/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIF (APM Vol. 2 15.33.2): with V_GIF_ENABLE, a guest's CLGI and
 * STGI (not intercepted) clear and set V_GIF in the VMCB instead of the
 * real GIF, and V_GIF = 0 holds virtual interrupts like GIF = 0.
 *
 * V_GIF_ENABLE, V_GIF = 1, a V_IRQ pending (vector 0x42); the guest, IF =
 * 0, does CLGI; STI; NOP; NOP and reports: V_GIF must read 0 and the
 * interrupt must not have been taken. It then does STGI: the interrupt
 * arrives right after it. Broken: V_GIF_ENABLE left clear.
 */
#include "svm/checks.h"

#define V_INTR_PRIO_SHIFT	16

extern const char schk_g_vgif[], schk_g_vgif_after[], schk_h_virq[];

static void setup(struct schk *c)
{
	struct vmcb_control *v = &c->vmcb->control;

	schk_set_gate(c, CHK_VEC_VIRQ, schk_h_virq);
	v->intercept_misc2 &= ~(uint32_t)(INTERCEPT_STGI | INTERCEPT_CLGI);
	v->int_ctl |= V_GIF_MASK | V_IRQ_MASK | 0xfu << V_INTR_PRIO_SHIFT | V_IGN_TPR_MASK |
		      (c->broken ? 0 : V_GIF_ENABLE_MASK);
	v->int_vector = CHK_VEC_VIRQ;
	c->vmcb->save.rflags &= ~(uint64_t)X86_EFLAGS_IF;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t after = schk_ga(schk_g_vgif_after);
	uint32_t ret = schk_word(c, CHK_D1);

	if (c->step == 0 && schk_call(c, CHK_CALL_REPORT)) {
		if (c->vmcb->control.int_ctl & V_GIF_MASK || ret)
			return schk_fail(c, "after the guest's CLGI: V_GIF %u, the virtual interrupt "
					 "%s", !!(c->vmcb->control.int_ctl & V_GIF_MASK),
					 ret ? "was taken" : "held");
		c->step = 1;
		c->waiting = "V_IRQ held after the guest's STGI";
		schk_skip(c, 3);
		return CHK_RESUME;
	}
	if (c->step == 1 && schk_call(c, CHK_CALL_DONE)) {
		if (ret != after && ret != after + 1)
			return schk_fail(c, "after STGI the virtual interrupt's return EIP was 0x%x, "
					 "expected 0x%llx", ret, (unsigned long long)after);
		if (!(c->vmcb->control.int_ctl & V_GIF_MASK))
			return schk_fail(c, "V_GIF still 0 after the guest's STGI");
		return schk_pass(c, "CLGI cleared V_GIF and held V_IRQ; STGI set V_GIF and let it "
				 "in");
	}
	return schk_unexpected(c);
}

const struct svm_check schk_vgif = {
	.name = "vgif",
	.apm = "APM Vol. 2 15.33.2",
	.feat = SVM_FEAT_VGIF,
	.entry = schk_g_vgif,
	.setup = setup,
	.exit = on_exit,
};
