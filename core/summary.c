/* SPDX-License-Identifier: MIT */
/* The QR summary from the kernel's state (core/summary.h, docs/report.md). */
#include "core/checks.h"
#include "core/report.h"
#include "core/summary.h"
#include "kernel/backend.h"
#include "kernel/cpuinfo.h"
#include "kernel/percpu.h"
#include "kernel/smbios_discover.h"
#include "lib/out.h"
#include "pure/checks.h"
#include "pure/cpulist.h"
#include "pure/summary.h"

#define CPULIST_MAX	96	/* longer lists are cut by the summary's own budget */

/*
 * CPUs the firmware lists and CPUs tested, as the report gives them. Schema 1
 * has cpus.expected and cpus.online; schema 2 (#17) cpus.listed and
 * cpus.tested: this is the one place to switch.
 */
/* The report's cpus.listed and cpus.tested (schema 2). */
static void summary_cpus(unsigned *listed, unsigned *tested)
{
	*listed = sys.cpus_listed;
	*tested = report_cpus_tested();
}

/*
 * The machine's identity from SMBIOS type 1 (manufacturer, product name,
 * serial number), as the report's platform object carries it; NULL without
 * a type 1 structure.
 */
static void summary_machine(const char **vendor, const char **product, const char **serial)
{
	const struct smbios_info *si = smbios_get();

	*vendor = *product = *serial = NULL;
	if (!si->present || !si->has_system)
		return;
	*vendor = si->sys_vendor.s;
	*product = si->product_name.s;
	*serial = si->product_serial.s;
}

#define HV_STATES	(HV_ERROR + 1)

/* "on" when every CPU is in the same backend state, else "on*3,error*1" in state order. */
static void hv_states(char *buf, size_t n)
{
	unsigned count[HV_STATES] = { 0 }, kinds = 0;
	bool first = true;
	struct out_buf b;

	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i] && cpus[i]->hv < HV_STATES)
			count[cpus[i]->hv]++;
	for (unsigned s = 0; s < HV_STATES; s++)
		kinds += count[s] > 0;
	out_buf_init(&b, buf, n);
	for (unsigned s = 0; s < HV_STATES; s++) {
		if (!count[s])
			continue;
		if (kinds == 1)
			oputs(&b.out, hv_state_names[s]);
		else
			oprintf(&b.out, "%s%s*%u", first ? "" : ",", hv_state_names[s], count[s]);
		first = false;
	}
}

static bool crashed(const void *ctx, unsigned i)
{
	(void)ctx;
	return cpus[i] && cpus[i]->crashed;
}

size_t report_summary(enum report_status st, const struct kvm_verdict *kvm, char *buf, size_t n)
{
	static struct summary_in in;
	static char fails[SUMMARY_MAX_FAILS][CPULIST_MAX];
	static char crash[CPULIST_MAX], hv_state[64];
	const struct check_agg *a = checks_agg();
	struct out_buf b;

	in = (struct summary_in){
		.status = report_status_names[st],
		.kvm = kvm,
		.vendor = boot_cpuinfo.vendor,
		.brand = boot_cpuinfo.brand,
		.family = boot_cpuinfo.family,
		.model = boot_cpuinfo.model,
		.stepping = boot_cpuinfo.stepping,
	};
	summary_cpus(&in.listed, &in.tested);
	if (sys.hv_done) {
		hv_states(hv_state, sizeof(hv_state));
		in.hv = hv->key;
		in.hv_state = hv_state;
	}
	out_buf_init(&b, crash, sizeof(crash));
	cpulist_format(&b.out, crashed, NULL, ncpus);
	in.crashed = crash;
	for (unsigned i = 0; a && i < a->n && in.nfail < SUMMARY_MAX_FAILS; i++) {
		if (a->e[i].result != CHECK_FAIL)
			continue;
		out_buf_init(&b, fails[in.nfail], sizeof(fails[in.nfail]));
		cpulist_print_bits(&b.out, a->e[i].failed, a->nbits);
		in.fail[in.nfail].name = a->e[i].name;
		in.fail[in.nfail].cpus = fails[in.nfail];
		in.nfail++;
	}
	summary_machine(&in.sys_vendor, &in.sys_product, &in.sys_serial);
	return summary_format(&in, buf, n);
}
