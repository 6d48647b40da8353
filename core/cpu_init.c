/* SPDX-License-Identifier: MIT */
/*
 * The per-CPU work, on the boot CPU and every AP: Linux's order (support,
 * firmware, compatibility, enable), then the guest. Each step is a stage
 * (kernel/percpu.h), recorded with its start time as it begins: the boot CPU
 * holds every AP's stage to a deadline (core/watch.c), and a crash or a panic
 * names the stage it happened in.
 */
#include "arch/x86/cpu.h"
#include "core/cpu_init.h"
#include "core/report.h"
#include "core/selftest.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/events.h"
#include "kernel/idle.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"

static void enter(struct percpu *p, enum cpu_stage s)
{
	/* The boot CPU stopped waiting and reported this CPU as stuck: stay out of the way. */
	if (p->late) {
		pr_warn("reached stage %s after the boot CPU stopped waiting for it; parked\n",
			cpu_stage_name(s));
		halt_forever();
	}
	p->stage_tsc = rdtsc();
	__atomic_store_n(&p->stage, s, __ATOMIC_RELEASE);
}

static void guest_stage(struct percpu *p)
{
	enter(p, STAGE_GUEST);
	sys.guest_stage = true;
	if (kopts.guest == OPT_GUEST_NONE) {
		pr_info("guest: not run (guest=none)\n");
	} else {
		sys.guest_done = true;
		hv->run_guest(p);
	}
	selftest_stage(p, STAGE_GUEST);
}

void cpu_init(struct percpu *p)
{
	char why[ERRBUF_SIZE];

	enter(p, STAGE_ONLINE);
	selftest_stage(p, STAGE_ONLINE);
	if (selftest_nmi_storm(p))
		goto done;
	enter(p, STAGE_HV_SETUP);
	if (!hv->has_support(why, sizeof(why))) {
		hv_fail(p, HV_UNSUPPORTED, "%s", why);
	} else if (hv->disabled_by_firmware(p) == 0 && hv->check_processor_compat(p) == 0) {
		selftest_stage(p, STAGE_HV_SETUP);
		enter(p, STAGE_HV_ENABLE);
		if (hv->hardware_enable(p) == 0) {
			p->hv = HV_ON;
			selftest_stage(p, STAGE_HV_ENABLE);
			guest_stage(p);
			enter(p, STAGE_CHECKS);
			hv->run_checks(p);
		}
	}
done:
	events_poll(p);
	enter(p, STAGE_DONE);
	__atomic_store_n(&p->done, true, __ATOMIC_RELEASE);
	idle_kick();                    /* the boot CPU may be asleep waiting for this */
}
