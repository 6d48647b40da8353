/* SPDX-License-Identifier: MIT */
#include "kernel/acpi_discover.h"
#include "kernel/events.h"
#include "kernel/idle.h"
#include "arch/x86/lapic.h"
#include "arch/x86/platform.h"
#include "kernel/tsc.h"
#include "kernel/console.h"
#include "core/cpu_init.h"
#include "kernel/cpuinfo.h"
#include "kernel/kopts.h"
#include "pure/mb2.h"
#include "kernel/percpu.h"
#include "kernel/platform.h"
#include "core/report.h"
#include "kernel/serial_setup.h"
#include "kernel/smbios_discover.h"
#include "core/smp.h"
#include "core/fold.h"
#include "core/stages.h"
#include "core/topology.h"
#include "kernel/backend.h"
#include "lib/string.h"
#include "svm/svm.h"
#include "vmx/vmx.h"

#define DONE_TIMEOUT_US         (60ULL * 1000 * 1000)

static enum lapic_mode choose_lapic_mode(const struct madt_info *mi)
{
	bool x2 = boot_cpuinfo.x2apic;

	if (kopts.apic == OPT_APIC_XAPIC) {
		if (mi->needs_x2apic)
			pr_warn("apic=xapic: CPUs with APIC IDs above 254 cannot be started\n");
		return LAPIC_XAPIC;
	}
	if (kopts.apic == OPT_APIC_X2APIC && !x2)
		pr_warn("apic=x2apic: this CPU has no x2APIC (CPUID.1:ECX[21]); using xAPIC\n");
	if (mi->needs_x2apic && !x2)
		pr_warn("the MADT lists APIC IDs above 254 but the CPU has no x2APIC\n");
	return x2 ? LAPIC_X2APIC : LAPIC_XAPIC;
}

/*
 * The backend for this machine: the first whose CPUID check passes on the
 * boot CPU, the vendor's own first; when none passes, the vendor's, so that
 * every CPU says why it is unsupported in that technology's terms.
 */
static const struct backend *backend_select(void)
{
	static const struct backend *const intel_first[] = { &vmx_backend, &svm_backend };
	/* Bochs' bx_generic says AuthenticAMD but has VMX, no SVM: it gets vmx. */
	static const struct backend *const amd_first[] = { &svm_backend, &vmx_backend };
	bool amd = !strcmp(boot_cpuinfo.vendor, "AuthenticAMD") ||
		   !strcmp(boot_cpuinfo.vendor, "HygonGenuine");
	const struct backend *const *order = amd ? amd_first : intel_first;
	unsigned n = 2;
	char why[ERRBUF_SIZE];

	for (unsigned i = 0; i < n; i++)
		if (order[i]->has_support(why, sizeof(why)))
			return order[i];
	return order[0];
}

void stages_run(const struct mb2_info *mbi, uint64_t mapped_top)
{
	static struct madt_info only_bsp;
	char why[ERRBUF_SIZE];
	const struct acpi_sdt_header *spcr;
	const struct madt_info *mi = acpi_discover(mbi, mapped_top, &spcr);

	serial_follow_spcr(spcr);
	if (!mi) {
		report_fail("no valid ACPI MADT: only the boot CPU could be checked");
		mi = &only_bsp;
	}
	sys.tsc_khz = tsc_calibrate();
	smbios_collect(mbi, mapped_top);
	platform_collect();
	platform_print();

	enum lapic_mode mode = choose_lapic_mode(mi);
	lapic_set_mode(mode, mi->lapic_addr ? mi->lapic_addr : LAPIC_DEFAULT_BASE);
	pic_mask_all();
	lapic_cpu_init();
	events_cpu_init(cpus[0]);
	idle_setup(cpus[0]);
	pr_info("lapic: %s mode, boot CPU APIC ID %u\n", mode == LAPIC_X2APIC ? "x2APIC" : "xAPIC",
		lapic_id());

	hv = backend_select();
	/* The backend's per-CPU tables, for every CPU the MADT lists (and the boot CPU). */
	if (hv == &vmx_backend)
		vmx_percpu_alloc(mi->ncpus + 1);
	else
		svm_percpu_alloc(mi->ncpus + 1);
	sys.hv_done = true;
	if (hv->has_support(why, sizeof(why))) {
		sys.hv_setup = true;
		hv->hardware_setup();
	} else {
		pr_info("%s: the boot CPU has no %s (%s): %s\n", hv->key, hv->name,
			boot_cpuinfo.vendor, why);
	}

	struct mem_range keep = { mbi->info_phys, mbi->info_size, MEM_RESERVED };
	smp_boot(mi, &mbi->mmap, &keep, 1);
	topology_cpu(cpus[0]);
	topology_nodes();
	topology_print();
	cpus[0]->quiet = fold_active(); /* its own work only: core/fold.h */
	cpu_init(cpus[0]);
	cpus[0]->quiet = false;
	smp_wait_done(DONE_TIMEOUT_US);
}
