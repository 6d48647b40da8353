/* SPDX-License-Identifier: MIT */
/*
 * MONITOR and MWAIT exiting (SDM Vol. 3C 25.6.2 Table 25-6 bits 10 and
 * 29, 26.1.3; exit reasons 39 and 36; the MWAIT exit qualification, 28.2.1:
 * 1 when the address-range monitoring hardware is armed, else 0). Where
 * CPUID.1:ECX.MONITOR[3] is 0 (absent, or IA32_MISC_ENABLE[18] off) both
 * instructions raise #UD, and an invalid-opcode fault has priority over the
 * VM exit (26.1.1).
 *
 * The guest runs MONITOR, MWAIT, MONITOR, MWAIT (all 3 bytes, ECX = EDX =
 * 0, the line at CHK_MWAIT_LINE) with both controls set; the host drops
 * MONITOR exiting at the first exit. Expected with MONITOR: exit 39 at the
 * first MONITOR (qualification 0), exit 36 at the first MWAIT with
 * qualification 0 (that MONITOR never ran: nothing armed), the second
 * MONITOR runs and arms, exit 36 at the second MWAIT with qualification 1;
 * each exit length 3 (an interrupt exit between the second MONITOR and its
 * MWAIT may disarm the monitor: that pair runs again, up to 3 times).
 * Without MONITOR: exit 0 (#UD, vector 6) at the first
 * MONITOR. Broken: MONITOR exiting cleared (and #UD not intercepted), so the
 * first exit is not at the first MONITOR.
 */
#include "arch/x86/cpu.h"
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define CPUID_1_ECX_MONITOR	BIT(3)
#define MWAIT_INSN_LEN		3

#define MWAIT_REARMS		3

extern const char vchk_g_mwait[], vchk_g_monitor_1[], vchk_g_mwait_1[], vchk_g_rearm[],
	vchk_g_monitor_2[], vchk_g_mwait_2[];

static bool has_monitor(void)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	return r.ecx & CPUID_1_ECX_MONITOR;
}

static void setup(struct vchk *c)
{
	c->val[0] = has_monitor();
	c->retries = 0;
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL,
		 CPU_BASED_MWAIT_EXITING | (c->broken ? 0 : CPU_BASED_MONITOR_EXITING),
		 c->broken ? CPU_BASED_MONITOR_EXITING : 0);
	if (c->broken)
		vchk_ctl(EXCEPTION_BITMAP, 0, BIT(X86_TRAP_UD));
}

static enum chk_verdict no_monitor(struct vchk *c)
{
	uint32_t info = vmcs_read32(VM_EXIT_INTR_INFO);

	if (c->reason == EXIT_REASON_EXCEPTION_NMI &&
	    (info & INTR_INFO_VECTOR_MASK) == X86_TRAP_UD && c->rip == vchk_ga(vchk_g_monitor_1))
		return vchk_pass(c,
				 "CPUID.1:ECX.MONITOR = 0: MONITOR raised #UD before any VM exit");
	if (c->reason == EXIT_REASON_MONITOR_INSTRUCTION)
		return vchk_fail(c,
				 "CPUID.1:ECX.MONITOR = 0, yet MONITOR exited (39) instead of #UD");
	return vchk_unexpected(c);
}

/* The exit expected at this step: reason, where, qualification. */
static const struct {
	uint32_t reason;
	const char *rip;
	uint64_t qual;
} mwait_steps[] = {
	{ EXIT_REASON_MONITOR_INSTRUCTION, vchk_g_monitor_1, 0 },
	{ EXIT_REASON_MWAIT_INSTRUCTION, vchk_g_mwait_1, 0 },
	{ EXIT_REASON_MWAIT_INSTRUCTION, vchk_g_mwait_2, 1 },
};

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t len;

	if (!c->val[0])
		return no_monitor(c);
	if (c->step < ARRAY_SIZE(mwait_steps)) {
		uint64_t want_rip = vchk_ga(mwait_steps[c->step].rip);

		if (c->reason != EXIT_REASON_MONITOR_INSTRUCTION &&
		    c->reason != EXIT_REASON_MWAIT_INSTRUCTION)
			return vchk_unexpected(c);
		len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
		/* Another exit between the second MONITOR and its MWAIT may disarm the monitor: again. */
		if (c->step == 2 && c->reason == EXIT_REASON_MWAIT_INSTRUCTION && !c->qual &&
		    c->exits != c->val[1] + 1 && c->retries++ < MWAIT_REARMS) {
			vmcs_writenat(GUEST_RIP, vchk_ga(vchk_g_rearm));
			c->val[1] = c->exits;
			return CHK_RESUME;
		}
		if (c->reason != mwait_steps[c->step].reason || c->rip != want_rip ||
		    c->qual != mwait_steps[c->step].qual || len != MWAIT_INSN_LEN)
			return vchk_fail(
				c,
				"exit %d of 3: reason %u at rip 0x%llx, qualification 0x%llx, "
				"length %u; expected %u at 0x%llx, 0x%llx, 3",
				c->step + 1, c->reason, (unsigned long long)c->rip,
				(unsigned long long)c->qual, len, mwait_steps[c->step].reason,
				(unsigned long long)want_rip,
				(unsigned long long)mwait_steps[c->step].qual);
		if (c->step == 0)
			vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_MONITOR_EXITING);
		c->val[1] = c->exits;
		return vchk_next(c, c->step + 1);
	}
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	return vchk_pass(c, "MONITOR exited (39); MWAIT exited (36) with qualification 0, then 1 "
			    "after a MONITOR that ran (armed)");
}

const struct vmx_check vchk_monitor_mwait_exiting = {
	.name = "monitor_mwait_exiting",
	.sdm = "SDM Vol. 3C 25.6.2, 26.1.1, 26.1.3, 28.2.1",
	.need = { .proc = CPU_BASED_MONITOR_EXITING | CPU_BASED_MWAIT_EXITING },
	.entry = vchk_g_mwait,
	.setup = setup,
	.exit = on_exit,
};
