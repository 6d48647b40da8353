/* SPDX-License-Identifier: MIT */
/*
 * Platform facts a user needs besides VT-x: the hypervisor picovisor runs
 * under (if any), the microcode revision, what the firmware enabled in
 * IA32_FEATURE_CONTROL (SMX, SGX, LMCE), and the IOMMU described by ACPI.
 * Pure code: kernel/platform.c reads CPUID, the MSRs and the ACPI tables into
 * struct platform_facts; printing, the report keys and the decoding are here.
 */
#ifndef PV_PURE_PLATFORM_FACTS_H
#define PV_PURE_PLATFORM_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86/msr-index.h"
#include "lib/bits.h"
#include "lib/json.h"
#include "lib/out.h"
#include "pure/dmar.h"
#include "pure/ivrs.h"
#include "pure/smbios.h"

/*
 * Microcode revision (SDM Vol. 3A 10.11.7.1): write 0 to IA32_BIOS_SIGN_ID,
 * execute CPUID(1), read IA32_BIOS_SIGN_ID: the revision is bits 63:32.
 * AMD (APM / BKDG): PATCH_LEVEL at the same number, revision in bits 31:0.
 */
/* IA32_MCG_CAP (SDM Vol. 3B 16.3.1.1); present when CPUID.1:EDX.MCA. */

#define CPUID_1_EDX_MCA         BIT(14)
#define CPUID_7_0_EBX_SGX       BIT(2)
/* Hypervisor CPUID leaves (present when CPUID.1:ECX[31] is set). */
#define CPUID_HV_BASE           0x40000000u

enum platform_vendor { PLATFORM_VENDOR_OTHER, PLATFORM_VENDOR_INTEL, PLATFORM_VENDOR_AMD };

/* Outcome of one MSR read. */
enum platform_msr { PLATFORM_MSR_SKIPPED, PLATFORM_MSR_OK, PLATFORM_MSR_GP };

enum platform_iommu { PLATFORM_IOMMU_NONE, PLATFORM_IOMMU_DMAR, PLATFORM_IOMMU_IVRS };

struct platform_facts {
	bool collected;
	enum platform_vendor vendor;
	/* CPUID.1:ECX[31] and leaf 40000000h */
	bool hypervisor;
	uint32_t hv_max_leaf;           /* CPUID.40000000h:EAX */
	char hv_sig[13];                /* EBX, ECX, EDX as text: hv_signature() */
	/* Microcode: MSR 0x8b (Intel IA32_BIOS_SIGN_ID, AMD PATCH_LEVEL). */
	enum platform_msr microcode_msr;
	uint32_t microcode;             /* valid when microcode_msr == PLATFORM_MSR_OK */
	/* IA32_FEATURE_CONTROL (Intel only), as the firmware left it. */
	enum platform_msr feature_control_msr;
	uint64_t feature_control;
	/* What the CPU offers: CPUID.1:ECX.SMX, CPUID.(7,0):EBX.SGX, MCG_CAP.LMCE_P. */
	bool smx, sgx, lmce;
	/* The IOMMU table: DMAR, else IVRS. */
	enum platform_iommu iommu;
	const char *iommu_invalid;      /* "DMAR" / "IVRS": present but rejected */
	struct dmar_info dmar;
	struct ivrs_info ivrs;
	/* The SMBIOS identity (pure/smbios.h); NULL: not looked for. */
	const struct smbios_info *smbios;
};

/* The CPUID vendor string's family of MSRs: Intel, AMD (and Hygon), other. */
enum platform_vendor platform_vendor(const char *vendor);

/*
 * The 12 signature bytes of CPUID leaf 40000000h (EBX, ECX, EDX) as text:
 * trailing NULs dropped ("KVMKVMKVM\0\0\0" -> "KVMKVMKVM"), any other byte
 * outside printable ASCII shown as '?'.
 */
void hv_signature(uint32_t ebx, uint32_t ecx, uint32_t edx, char out[13]);

/* The product behind a known signature ("KVM", "QEMU TCG", ...), or NULL. */
const char *hv_name(const char *sig);

/* The revision in an MSR 0x8b value read as the vendor's procedure says. */
uint32_t microcode_revision(enum platform_vendor v, uint64_t msr);

/*
 * Whether the firmware enabled a feature in IA32_FEATURE_CONTROL: the
 * register is locked (bit 0) with the feature's enable bit set. An unlocked
 * register enables nothing yet (the OS may still set and lock it).
 */
bool feature_control_enabled(uint64_t fc, uint64_t enable_bit);

/*
 * Parse the DMAR and IVRS tables (NULL when absent; len is the readable
 * length) into pf->iommu and pf->dmar / pf->ivrs. A table that fails
 * validation is reported on `log` and named in pf->iommu_invalid.
 */
void platform_facts_iommu(struct platform_facts *pf, const void *dmar, size_t dmar_len,
			  const void *ivrs, size_t ivrs_len, struct out *log);

/* The console section: lines starting "platform: ". */
void platform_facts_print(const struct platform_facts *pf, struct out *o);

/* The report's "platform" object (docs/report.md). */
void platform_facts_json(const struct platform_facts *pf, struct json *j);

#endif
