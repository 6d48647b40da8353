/* SPDX-License-Identifier: MIT */
#include "core/cpu_init.h"
#include "core/report.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"

/* Linux's per-CPU order: support, firmware, compatibility, enable; then our guest. */
void cpu_init(struct percpu *p)
{
	char why[ERRBUF_SIZE];

	if (!hv->has_support(why, sizeof(why)))
		hv_fail(p, HV_UNSUPPORTED, "%s", why);
	else if (hv->disabled_by_firmware(p) == 0 && hv->check_processor_compat(p) == 0 &&
		 hv->hardware_enable(p) == 0) {
		p->hv = HV_ON;
		sys.guest_stage = true;
		if (kopts.guest == OPT_GUEST_NONE) {
			pr_info("guest: not run (guest=none)\n");
		} else {
			sys.guest_done = true;
			hv->run_guest(p);
		}
		if (hv->run_checks)
			hv->run_checks(p);
	}
	__atomic_store_n(&p->done, true, __ATOMIC_RELEASE);
}
