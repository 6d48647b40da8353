/* SPDX-License-Identifier: MIT */
/*
 * Platform facts: decoding, the console section and the report's "platform"
 * object (docs/report.md). Pure code; kernel/platform.c collects the values.
 */
#include <stdint.h>
#include "pure/platform_facts.h"
#include "lib/string.h"

enum platform_vendor platform_vendor(const char *vendor)
{
	if (strcmp(vendor, "GenuineIntel") == 0)
		return PLATFORM_VENDOR_INTEL;
	/* Hygon's Dhyana is AMD family 17h: the same MSR 0x8b. */
	if (strcmp(vendor, "AuthenticAMD") == 0 || strcmp(vendor, "HygonGenuine") == 0)
		return PLATFORM_VENDOR_AMD;
	return PLATFORM_VENDOR_OTHER;
}

void hv_signature(uint32_t ebx, uint32_t ecx, uint32_t edx, char out[13])
{
	uint32_t regs[3] = { ebx, ecx, edx };
	int n = 12;

	memcpy(out, regs, 12);
	out[12] = '\0';
	while (n > 0 && out[n - 1] == '\0')
		n--;
	out[n] = '\0';
	for (int i = 0; i < n; i++)
		if (out[i] < 0x20 || out[i] > 0x7e)
			out[i] = '?';
}

/* Leaf 40000000h signatures, as hv_signature() prints them. */
static const struct {
	const char *sig, *name;
} hv_names[] = {
	{ "KVMKVMKVM", "KVM" },
	{ "TCGTCGTCGTCG", "QEMU TCG" },
	/* Hyper-V, and KVM or QEMU offering Hyper-V enlightenments. */
	{ "Microsoft Hv", "Microsoft Hyper-V interface" },
	{ "VMwareVMware", "VMware" },
	{ "XenVMMXenVMM", "Xen" },
	{ "VBoxVBoxVBox", "VirtualBox" },
	{ "bhyve bhyve ", "bhyve" },
	{ "ACRNACRNACRN", "ACRN" },
	{ "Jailhouse", "Jailhouse" },
};

const char *hv_name(const char *sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(hv_names); i++)
		if (strcmp(sig, hv_names[i].sig) == 0)
			return hv_names[i].name;
	return NULL;
}

uint32_t microcode_revision(enum platform_vendor v, uint64_t msr)
{
	return v == PLATFORM_VENDOR_INTEL ? (uint32_t)(msr >> 32) : (uint32_t)msr;
}

bool feature_control_enabled(uint64_t fc, uint64_t enable_bit)
{
	return (fc & FEAT_CTL_LOCKED) && (fc & enable_bit);
}

void platform_facts_iommu(struct platform_facts *pf, const void *dmar, size_t dmar_len,
			  const void *ivrs, size_t ivrs_len, struct out *log)
{
	pf->iommu = PLATFORM_IOMMU_NONE;
	pf->iommu_invalid = NULL;
	if (dmar) {
		if (dmar_parse(dmar, dmar_len, &pf->dmar, log) == 0) {
			pf->iommu = PLATFORM_IOMMU_DMAR;
			return;
		}
		pf->iommu_invalid = "DMAR";
	}
	if (ivrs) {
		if (ivrs_parse(ivrs, ivrs_len, &pf->ivrs, log) == 0) {
			pf->iommu = PLATFORM_IOMMU_IVRS;
			return;
		}
		if (!pf->iommu_invalid)
			pf->iommu_invalid = "IVRS";
	}
}

/* Bit 15 SENTER Global Enable: GETSEC[SENTER], Intel TXT's measured launch. */
static bool smx_enabled(const struct platform_facts *pf)
{
	return pf->smx && pf->feature_control_msr == PLATFORM_MSR_OK &&
	       feature_control_enabled(pf->feature_control, FEAT_CTL_SENTER_ENABLE);
}

static bool sgx_enabled(const struct platform_facts *pf)
{
	return pf->sgx && pf->feature_control_msr == PLATFORM_MSR_OK &&
	       feature_control_enabled(pf->feature_control, FEAT_CTL_SGX_ENABLED);
}

static bool lmce_enabled(const struct platform_facts *pf)
{
	return pf->lmce && pf->feature_control_msr == PLATFORM_MSR_OK &&
	       feature_control_enabled(pf->feature_control, FEAT_CTL_LMCE_ENABLED);
}

static const char *state(bool supported, bool enabled)
{
	return !supported ? "not supported" : enabled ? "enabled" : "supported, not enabled";
}

static void print_hypervisor(const struct platform_facts *pf, struct out *o)
{
	const char *name;

	if (!pf->hypervisor) {
		oprintf(o, "platform: hypervisor: none (CPUID.1:ECX[31] clear)\n");
		return;
	}
	name = hv_name(pf->hv_sig);
	oprintf(o, "platform: hypervisor: \"%s\"%s%s%s, leaves up to 0x%x\n", pf->hv_sig,
		name ? " (" : "", name ? name : "", name ? ")" : "", pf->hv_max_leaf);
}

static void print_microcode(const struct platform_facts *pf, struct out *o)
{
	const char *msr = pf->vendor == PLATFORM_VENDOR_INTEL ? "IA32_BIOS_SIGN_ID"
			: "PATCH_LEVEL";

	if (pf->microcode_msr == PLATFORM_MSR_OK)
		oprintf(o, "platform: microcode: revision 0x%x (%s)\n", pf->microcode, msr);
	else if (pf->microcode_msr == PLATFORM_MSR_GP)
		oprintf(o, "platform: microcode: unknown (%s, MSR 0x%x, raised #GP)\n", msr,
			MSR_IA32_BIOS_SIGN_ID);
	else
		oprintf(o, "platform: microcode: unknown (no revision MSR known for this vendor)\n");
}

static void print_feature_control(const struct platform_facts *pf, struct out *o)
{
	uint64_t fc = pf->feature_control;

	if (pf->feature_control_msr == PLATFORM_MSR_OK)
		oprintf(o, "platform: IA32_FEATURE_CONTROL = 0x%llx (%s)\n", (unsigned long long)fc,
			fc & FEAT_CTL_LOCKED ? "locked" : "not locked: nothing enabled yet");
	else if (pf->feature_control_msr == PLATFORM_MSR_GP)
		oprintf(o, "platform: IA32_FEATURE_CONTROL: RDMSR 0x%x raised #GP\n",
			MSR_IA32_FEATURE_CONTROL);
	else
		oprintf(o, "platform: IA32_FEATURE_CONTROL: not read (not an Intel CPU)\n");
	oprintf(o, "platform: SMX (TXT): %s; SGX: %s; LMCE: %s\n",
		state(pf->smx, smx_enabled(pf)), state(pf->sgx, sgx_enabled(pf)),
		state(pf->lmce, lmce_enabled(pf)));
}

void platform_facts_print(const struct platform_facts *pf, struct out *o)
{
	print_hypervisor(pf, o);
	print_microcode(pf, o);
	print_feature_control(pf, o);
	if (pf->iommu == PLATFORM_IOMMU_DMAR)
		dmar_print(&pf->dmar, o);
	else if (pf->iommu == PLATFORM_IOMMU_IVRS)
		ivrs_print(&pf->ivrs, o);
	else if (pf->iommu_invalid)
		oprintf(o, "platform: IOMMU: the ACPI %s table is malformed (see above): not used\n",
			pf->iommu_invalid);
	else
		oprintf(o, "platform: IOMMU: none described by ACPI (no DMAR or IVRS table)\n");
	if (pf->smbios)
		smbios_print(pf->smbios, o);
}

void platform_facts_json(const struct platform_facts *pf, struct json *j)
{
	json_obj_begin(j, "platform");
	if (pf->hypervisor)
		json_str(j, "hypervisor", pf->hv_sig);
	else
		json_null(j, "hypervisor");
	if (pf->microcode_msr == PLATFORM_MSR_OK)
		json_hex(j, "microcode", pf->microcode);
	else
		json_null(j, "microcode");
	if (pf->feature_control_msr == PLATFORM_MSR_OK)
		json_hex(j, "feature_control", pf->feature_control);
	else
		json_null(j, "feature_control");
	json_bool(j, "smx", pf->smx);
	json_bool(j, "smx_enabled", smx_enabled(pf));
	json_bool(j, "sgx", pf->sgx);
	json_bool(j, "sgx_enabled", sgx_enabled(pf));
	json_bool(j, "lmce", pf->lmce);
	json_bool(j, "lmce_enabled", lmce_enabled(pf));
	switch (pf->iommu) {
	case PLATFORM_IOMMU_DMAR:
		json_str(j, "iommu", "dmar");
		json_u64(j, "iommu_units", pf->dmar.ndrhd);
		break;
	case PLATFORM_IOMMU_IVRS:
		json_str(j, "iommu", "ivrs");
		json_u64(j, "iommu_units", pf->ivrs.niommu);
		break;
	default:
		json_null(j, "iommu");
		json_u64(j, "iommu_units", 0);
		break;
	}
	if (pf->iommu_invalid)
		json_str(j, "iommu_invalid", pf->iommu_invalid);
	if (pf->smbios)
		smbios_json(pf->smbios, j);
	json_obj_end(j);
}
