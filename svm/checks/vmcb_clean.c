/* SPDX-License-Identifier: MIT */
/*
 * VMCB clean bits (APM Vol. 2 15.15.3): a set clean bit lets the CPU use
 * its cached copy of that VMCB area; a clear one obliges it to read the
 * area again. The meaningful outcome: a change the hypervisor marks as
 * changed (bit clear) is honoured, every other area being marked clean.
 *
 * First VMRUN with clean = 0 (everything read): CPUID exits. The host then
 * drops the CPUID intercept and enters with every clean bit set but
 * intercepts' (bit 0): the second CPUID must run without an exit. Broken:
 * the intercept is not dropped.
 */
#include "svm/checks.h"

#define CLEAN_ALL	0xffffffffu
#define CPUID_LEN	2

extern const char schk_g_clean[], schk_g_clean_second[];

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->step == 0 && c->code == SVM_EXIT_CPUID) {
		if (!c->broken)
			c->vmcb->control.intercept_misc1 &= ~(uint32_t)INTERCEPT_CPUID;
		c->vmcb->control.clean = CLEAN_ALL & ~(uint32_t)VMCB_CLEAN_INTERCEPTS;
		c->step = 1;
		schk_skip(c, CPUID_LEN);
		return CHK_RESUME;
	}
	if (c->step == 1 && schk_call(c, CHK_CALL_DONE))
		return schk_pass(c, "with the intercepts' clean bit clear, dropping the CPUID "
				 "intercept took effect (all other areas marked clean)");
	if (c->step == 1 && c->code == SVM_EXIT_CPUID)
		return schk_fail(c, "CPUID at rip 0x%llx exited although its intercept was "
				 "dropped and the intercepts' clean bit cleared",
				 (unsigned long long)c->rip);
	return schk_unexpected(c);
}

const struct svm_check schk_vmcb_clean = {
	.name = "vmcb_clean",
	.apm = "APM Vol. 2 15.15.3",
	.feat = SVM_FEAT_VMCB_CLEAN,
	.entry = schk_g_clean,
	.exit = on_exit,
};
