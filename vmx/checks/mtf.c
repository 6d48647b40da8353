/* SPDX-License-Identifier: MIT */
/*
 * Monitor trap flag (SDM Vol. 3C 25.6.2, 26.5.2): with the control set, a
 * VM exit (reason 37) occurs on the instruction boundary after every guest
 * instruction, the first one after VM entry included.
 *
 * The guest executes NOP, MOV, NOP. Expected: three exits, RIP after each
 * of them; with the control cleared the guest then ends. Broken: the
 * control is left clear. (Bochs 2.7 advertises the control on its
 * icelake_u and tigerlake models but never implements it: see
 * docs/checks.md.)
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define MTF_STEPS	3

extern const char vchk_g_mtf[], vchk_g_mtf_1[], vchk_g_mtf_2[], vchk_g_mtf_3[];

static void setup(struct vchk *c)
{
	if (!c->broken)
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_MONITOR_TRAP_FLAG, 0);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	const char *const after[MTF_STEPS] = { vchk_g_mtf_1, vchk_g_mtf_2, vchk_g_mtf_3 };

	if (c->reason == EXIT_REASON_MONITOR_TRAP_FLAG && c->step < MTF_STEPS) {
		if (c->rip != vchk_ga(after[c->step]))
			return vchk_fail(c, "MTF exit %u at rip 0x%llx, expected 0x%llx",
					 c->step + 1, (unsigned long long)c->rip,
					 (unsigned long long)vchk_ga(after[c->step]));
		if (++c->step == MTF_STEPS)
			vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_MONITOR_TRAP_FLAG);
		return CHK_RESUME;
	}
	if (vchk_call(c, CHK_CALL_DONE)) {
		if (c->step == MTF_STEPS)
			return vchk_pass(c, "an exit after each of 3 instructions");
		return vchk_fail(c,
				 "monitor trap flag set, but %u MTF exits instead of %u: the guest "
				 "ran on to its VMCALL at rip 0x%llx",
				 c->step, MTF_STEPS, (unsigned long long)c->rip);
	}
	return vchk_unexpected(c);
}

const struct vmx_check vchk_mtf = {
	.name = "mtf",
	.sdm = "SDM Vol. 3C 25.6.2, 26.5.2",
	.need = { .proc = CPU_BASED_MONITOR_TRAP_FLAG },
	.entry = vchk_g_mtf,
	.setup = setup,
	.exit = on_exit,
};
