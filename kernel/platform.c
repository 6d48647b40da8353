/* SPDX-License-Identifier: MIT */
/*
 * Collects the platform facts on the boot CPU: CPUID, MSR 0x8b (microcode),
 * IA32_FEATURE_CONTROL and IA32_MCG_CAP through the #GP-safe accessors (an
 * emulator may not implement them), the DMAR / IVRS tables, and the SMBIOS
 * identity that smbios_collect() found.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/acpi_discover.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/platform.h"
#include "kernel/smbios_discover.h"
#include "pure/platform_facts.h"

static struct platform_facts facts;

static enum platform_msr read_msr(uint32_t msr, uint64_t *v)
{
	return rdmsr_safe(msr, v) == 0 ? PLATFORM_MSR_OK : PLATFORM_MSR_GP;
}

static void collect_hypervisor(void)
{
	struct cpuid_regs r;

	facts.hypervisor = boot_cpuinfo.hypervisor;
	if (!facts.hypervisor)
		return;
	cpuid(CPUID_HV_BASE, &r);
	facts.hv_max_leaf = r.eax;
	hv_signature(r.ebx, r.ecx, r.edx, facts.hv_sig);
}

static void collect_microcode(void)
{
	struct cpuid_regs r;
	uint64_t v = 0;

	if (facts.vendor == PLATFORM_VENDOR_INTEL) {
		/* SDM Vol. 3A 10.11.7.1: CPUID(1) loads the revision into an MSR cleared before. */
		(void)wrmsr_safe(MSR_IA32_BIOS_SIGN_ID, 0);
		cpuid(1, &r);
	} else if (facts.vendor != PLATFORM_VENDOR_AMD) {
		facts.microcode_msr = PLATFORM_MSR_SKIPPED;
		return;
	}
	facts.microcode_msr = read_msr(MSR_IA32_BIOS_SIGN_ID, &v);
	facts.microcode = microcode_revision(facts.vendor, v);
}

static void collect_features(void)
{
	struct cpuid_regs r;
	uint64_t v;

	facts.smx = boot_cpuinfo.smx;
	if (boot_cpuinfo.max_leaf >= 7) {
		cpuid_count(7, 0, &r);
		facts.sgx = r.ebx & CPUID_7_0_EBX_SGX;
	}
	cpuid(1, &r);
	if ((r.edx & CPUID_1_EDX_MCA) && rdmsr_safe(MSR_IA32_MCG_CAP, &v) == 0)
		facts.lmce = v & MCG_LMCE_P;
	if (facts.vendor == PLATFORM_VENDOR_INTEL)
		facts.feature_control_msr = read_msr(MSR_IA32_FEATURE_CONTROL,
						     &facts.feature_control);
}

static void collect_iommu(void)
{
	const struct acpi_sdt_header *dmar = acpi_table(ACPI_SIG_DMAR);
	const struct acpi_sdt_header *ivrs = acpi_table(ACPI_SIG_IVRS);

	platform_facts_iommu(&facts, dmar, dmar ? dmar->length : 0,
			     ivrs, ivrs ? ivrs->length : 0, con());
}

void platform_collect(void)
{
	facts.vendor = platform_vendor(boot_cpuinfo.vendor);
	collect_hypervisor();
	collect_microcode();
	collect_features();
	collect_iommu();
	facts.smbios = smbios_get();
	facts.collected = true;
}

void platform_print(void)
{
	if (facts.collected)
		platform_facts_print(&facts, con());
}

void platform_json(struct json *j)
{
	if (facts.collected)
		platform_facts_json(&facts, j);
}
