/* SPDX-License-Identifier: MIT */
/*
 * VMX-preemption timer (SDM Vol. 3C 26.5.1, 27.7.4; rate in IA32_VMX_MISC[4:0],
 * Vol. 3D A.6): loaded at VM entry, it counts down by one every 2^rate TSC
 * ticks while the guest runs and causes a VM exit (reason 52) at zero.
 *
 * The guest spins reading the TSC. Expected: exit 52 before the spin ends,
 * with the guest's own TSC span between half and twice value << rate (it
 * can only be shorter than the true time by one loop pass: generous bounds
 * that still tell a wrong rate by a factor of two). Broken: the check's
 * timer is not armed and the guest spins for good, so the battery's
 * watchdog (the same timer, 100 ms) stops it: a FAIL reported as a
 * timeout, which also proves the watchdog.
 */
#include "kernel/tsc.h"
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PT_TARGET_US		1000
#define PT_SPIN_FACTOR		4	/* spin passes per expected tick: ample on any CPU */
#define PT_SLACK_TICKS		1000	/* VM entry and exit around the guest's own readings */

extern const char vchk_g_preempt[];

static void setup(struct vchk *c)
{
	unsigned rate = (unsigned)(vmcs_config.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
	uint64_t value = MIN(MAX(us_to_tsc(PT_TARGET_US) >> rate, 1ULL), 0xffffffffULL);
	uint32_t pin = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL) | PIN_BASED_VMX_PREEMPTION_TIMER;

	c->val[0] = value;
	c->val[1] = value << rate;
	if (c->broken) {
		c->g.regs.rcx = 0;	/* 2^32 passes: longer than the watchdog */
		return;
	}
	c->expect_timer = true;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, (uint32_t)value);
	c->g.regs.rcx = MIN(c->val[1] * PT_SPIN_FACTOR + PT_SLACK_TICKS, 0xffffffffULL);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	unsigned rate = (unsigned)(vmcs_config.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
	uint64_t span = vchk_guest_tsc(c, CHK_D2) - vchk_guest_tsc(c, CHK_D0);
	uint64_t want = c->val[1];

	if (vchk_call(c, CHK_CALL_DONE))
		return vchk_fail(c,
				 "the timer (value %llu, rate %u) never fired: the guest spun "
				 "%llu TSC ticks, expected an exit after about %llu",
				 (unsigned long long)c->val[0], rate, (unsigned long long)span,
				 (unsigned long long)want);
	if (c->reason != EXIT_REASON_PREEMPTION_TIMER)
		return vchk_unexpected(c);
	if (!vchk_guest_tsc(c, CHK_D0) || span < want / 2 ||
	    span > 2 * want + PT_SLACK_TICKS + (1ULL << rate))
		return vchk_fail(c,
				 "fired after %llu TSC ticks of the guest's, expected %llu "
				 "(value %llu at rate %u): wrong rate",
				 (unsigned long long)span, (unsigned long long)want,
				 (unsigned long long)c->val[0], rate);
	return vchk_pass(c,
			 "fired after %llu TSC ticks of the guest's, expected %llu (value %llu, "
			 "rate %u)",
			 (unsigned long long)span, (unsigned long long)want,
			 (unsigned long long)c->val[0], rate);
}

const struct vmx_check vchk_preemption_timer = {
	.name = "preemption_timer",
	.sdm = "SDM Vol. 3C 26.5.1, 27.7.4; Vol. 3D A.6",
	.need = { .pin = PIN_BASED_VMX_PREEMPTION_TIMER },
	.entry = vchk_g_preempt,
	.setup = setup,
	.exit = on_exit,
};
