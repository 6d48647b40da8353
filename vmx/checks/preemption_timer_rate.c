/* SPDX-License-Identifier: MIT */
/*
 * The VMX-preemption timer's rate (SDM Vol. 3C 26.5.1, 27.7.4; Vol. 3D
 * A.6): it counts down by one each time bit X of the TSC changes, X =
 * IA32_VMX_MISC[4:0]. Linux does not trust the timer on the CPUs of
 * vmx_preemption_cpu_tfms[] (errata: another rate than MISC says; the kvm
 * verdict's quirk preemption_timer_erratum): this row measures it.
 *
 * Four runs of the preemption_timer guest (it spins reading the TSC),
 * loaded with 50, 100, 200 and 400 us worth of TSC ticks >> X, each
 * entered afresh at the program's start. Expected: every run ends in exit
 * 52 before its spin ends, and the slope between the shortest and the
 * longest run, TSC ticks per timer tick, is 2^X within 1/8
 * (vmx/pure/timer_rate.c says why). A run that an interrupt exit
 * re-entered (its timer restarted: the guest's first TSC reading is older
 * than the last entry) is run again, up to 20 times: short runs and many
 * tries let the row measure under a host NMI every 2 ms (selftest=nmi-storm). The detail names the
 * measured rate, and where CPUID.1:EAX is on Linux's list, that Linux would
 * not use the timer. Broken: every run loads twice the value the row judges
 * it by, as a timer keyed to TSC bit X + 1 would count: "too slow".
 */
#include "arch/x86/cpu.h"
#include "kernel/tsc.h"
#include "lib/out.h"
#include "vmx/checks.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/timer_rate.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PTR_RUNS		4
#define PTR_FIRST_US		50
#define PTR_SPIN_FACTOR		4	/* spin passes per expected tick, as preemption_timer */
#define PTR_SLACK_TICKS		1000
#define PTR_RETRIES		20

extern const char vchk_g_preempt[];

static unsigned misc_rate(void)
{
	return (unsigned)(vmcs_config.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
}

/* The timer value of run i, as judged (the break loads twice it). */
static uint64_t run_value(unsigned i)
{
	uint64_t us = (uint64_t)PTR_FIRST_US << i;

	return MIN(MAX(us_to_tsc(us) >> misc_rate(), 1ULL), 0x7fffffffULL);
}

/* Enter run c->step afresh: timer value, spin limit, RIP at the program's start. */
static void start_run(struct vchk *c)
{
	uint64_t value = run_value(c->step) << (c->broken ? 1 : 0);

	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, (uint32_t)value);
	vmcs_writenat(GUEST_RIP, vchk_ga(vchk_g_preempt));
	vchk_set_word(c, CHK_D0, 0);
	vchk_set_word(c, CHK_D1, 0);
	c->g.regs.rcx = MIN((value << misc_rate()) * PTR_SPIN_FACTOR + PTR_SLACK_TICKS,
			    0xffffffffULL);
}

static void setup(struct vchk *c)
{
	c->expect_timer = true;
	c->retries = 0;
	vchk_ctl(PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VMX_PREEMPTION_TIMER, 0);
	c->step = 0;
	start_run(c);
}

static enum chk_verdict judge(struct vchk *c)
{
	struct ptimer_run runs[PTR_RUNS];
	struct cpuid_regs id;
	enum ptimer_rate_verdict v;
	uint64_t pm;
	unsigned rate = misc_rate();
	bool listed;
	char linux_says[96] = "";

	for (unsigned i = 0; i < PTR_RUNS; i++)
		runs[i] = (struct ptimer_run){ .value = run_value(i), .span = c->val[i] };
	v = ptimer_rate_judge(runs, PTR_RUNS, rate, &pm);
	cpuid(1, &id);
	listed = kvm_vmx_preemption_timer_erratum(id.eax);
	if (listed)
		snfmt(linux_says, sizeof(linux_says), "; CPUID.1:EAX 0x%08x is in Linux's "
		      "vmx_preemption_cpu_tfms[]: Linux would not use the timer", id.eax);
	if (v != PTIMER_RATE_MATCHES)
		return vchk_fail(
			c,
			"rate %s: %llu.%03llu x 2^%u TSC ticks per timer tick (spans %llu, "
			"%llu for values %llu, %llu), tolerance 1/%u%s",
			ptimer_rate_verdict_name(v), (unsigned long long)(pm / 1000),
			(unsigned long long)(pm % 1000), rate, (unsigned long long)runs[0].span,
			(unsigned long long)runs[PTR_RUNS - 1].span,
			(unsigned long long)runs[0].value,
			(unsigned long long)runs[PTR_RUNS - 1].value, PTIMER_RATE_TOL_DIV,
			linux_says);
	return vchk_pass(c,
			 "%u runs, values %llu..%llu: %llu.%03llu x 2^%u TSC ticks a tick, "
			 "matches IA32_VMX_MISC[4:0] = %u (1/%u)%s",
			 PTR_RUNS, (unsigned long long)runs[0].value,
			 (unsigned long long)runs[PTR_RUNS - 1].value,
			 (unsigned long long)(pm / 1000), (unsigned long long)(pm % 1000), rate,
			 rate, PTIMER_RATE_TOL_DIV, linux_says);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t first = vchk_guest_tsc(c, CHK_D0), span = vchk_guest_tsc(c, CHK_D2) - first;

	if (vchk_call(c, CHK_CALL_DONE))
		return vchk_fail(c,
				 "run %u: the timer (value %llu, rate %u) never fired: the guest "
				 "spun %llu TSC ticks",
				 c->step + 1, (unsigned long long)run_value(c->step), misc_rate(),
				 (unsigned long long)span);
	if (c->reason != EXIT_REASON_PREEMPTION_TIMER)
		return vchk_unexpected(c);
	if (!first || first < c->tsc_entry) {
		/* Not one uninterrupted run from a fresh timer: again. */
		if (++c->retries > PTR_RETRIES)
			return vchk_fail(c,
					 "run %u interrupted %u times (the timer restarts at every "
					 "entry)",
					 c->step + 1, c->retries);
		start_run(c);
		return CHK_RESUME;
	}
	c->val[c->step] = span;
	if (++c->step < PTR_RUNS) {
		start_run(c);
		return CHK_RESUME;
	}
	return judge(c);
}

const struct vmx_check vchk_preemption_timer_rate = {
	.name = "preemption_timer_rate",
	.sdm = "SDM Vol. 3C 26.5.1, 27.7.4; Vol. 3D A.6",
	.need = { .pin = PIN_BASED_VMX_PREEMPTION_TIMER },
	.entry = vchk_g_preempt,
	.setup = setup,
	.exit = on_exit,
};
