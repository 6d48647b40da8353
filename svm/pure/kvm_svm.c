/* SPDX-License-Identifier: MIT */
/*
 * Would Linux 6.12's kvm_amd load on this CPU, and what would it turn on?
 * An independent implementation of the rules, for a 64-bit kernel with
 * default module parameters, read from:
 *  - arch/x86/kvm/svm/svm.c (the torvalds/linux snapshot at f9d1b541d057;
 *    kvm_is_svm_supported, svm_hardware_setup and the module parameters are
 *    the same in v6.12, where svm_hardware_enable is named
 *    svm_enable_virtualization_cpu);
 *  - arch/x86/kernel/cpu/amd.c init_amd: VM_CR.SVMDIS clears the SVM
 *    feature flag ("SVM disabled (by BIOS) in MSR_VM_CR"), so kvm_amd then
 *    says "SVM not supported by CPU n". Linux reads VM_CR with a plain RDMSR
 *    whose fault is fixed up to 0, so an unreadable VM_CR counts as enabled;
 *  - arch/x86/kvm/x86.c kvm_x86_vendor_init: FPU and FXSR required;
 *  - virt/kvm/kvm_main.c: since v6.12 kvm.enable_virt_at_load=1 enables SVM
 *    on every CPU at load, so a CPU with EFER.SVME already set (-EBUSY)
 *    fails the load.
 * Not evaluated (not visible from CPUID and these MSRs): running as an SEV
 * guest (refused), host PAT[0] (always WB under Linux), SEV/SEV-ES/SEV-SNP
 * setup (needs the PSP firmware), the CR4 reserved-bit comparison between
 * CPUs.
 */
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_defs.h"

/* Does CPU `index` pass kvm_is_svm_supported() as Linux sees the CPU? */
static bool cpu_supported(const struct svm_caps *c, unsigned index, struct kvm_verdict *v)
{
	if (!c->amd_or_hygon) {
		kvm_verdict_fail(v, "CPU %u isn't AMD or Hygon (vendor \"%s\")", index,
				 c->vendor[0] ? c->vendor : "unknown");
		return false;
	}
	if (!c->svm) {
		kvm_verdict_fail(v, "SVM not supported by CPU %u (CPUID 0x80000001 ECX[2] clear)",
				 index);
		return false;
	}
	if (c->vm_cr_state == SVM_MSR_OK && (c->vm_cr & SVM_VM_CR_SVMDIS)) {
		kvm_verdict_fail(v, "SVM not supported by CPU %u: SVM disabled (by BIOS) in "
				 "MSR_VM_CR (0x%llx)%s", index, (unsigned long long)c->vm_cr,
				 (c->vm_cr & SVM_VM_CR_LOCK) ? ", locked: enable SVM in the firmware setup" :
				 "");
		return false;
	}
	return true;
}

/* svm_enable_virtualization_cpu() at load time (kvm.enable_virt_at_load=1). */
static bool cpu_enables(const struct svm_caps *c, unsigned index, struct kvm_verdict *v)
{
	if (c->efer_state == SVM_MSR_OK && (c->efer & EFER_SVME)) {
		kvm_verdict_fail(v, "enabling SVM on CPU %u fails with -EBUSY: EFER.SVME is "
				 "already set (another hypervisor owns SVM)", index);
		return false;
	}
	return true;
}

int kvm_svm_check_cpu(const struct svm_caps *cpu, unsigned index, struct kvm_verdict *v)
{
	bool ok = cpu_supported(cpu, index, v);

	if (ok)
		ok = cpu_enables(cpu, index, v);
	if (!ok)
		kvm_verdict_all_off(v);
	return ok ? 0 : -1;
}

static void features(const struct svm_caps *c, struct kvm_verdict *v)
{
	bool npt = svm_caps_has(c, SVM_FEAT_NP);
	bool vgif = svm_caps_has(c, SVM_FEAT_VGIF);
	bool pf = svm_caps_has(c, SVM_FEAT_PAUSE_FILTER);

	kvm_verdict_set(v, "npt", npt, "no nested paging (CPUID 0x8000000a EDX[0])");
	kvm_verdict_set(v, "nrips", svm_caps_has(c, SVM_FEAT_NRIPS),
			"no next-RIP save (EDX[3])");
	kvm_verdict_set(v, "avic", false, svm_caps_has(c, SVM_FEAT_AVIC) ?
			"off by default: module parameter avic=0" :
			"no AVIC (EDX[13]); off by default anyway");
	kvm_verdict_set(v, "vls", npt && svm_caps_has(c, SVM_FEAT_V_VMSAVE_VMLOAD),
			!npt ? "needs nested paging" : "no virtual VMLOAD/VMSAVE (EDX[15])");
	kvm_verdict_set(v, "vgif", vgif, "no virtual GIF (EDX[16])");
	kvm_verdict_set(v, "vnmi", vgif && svm_caps_has(c, SVM_FEAT_VNMI),
			!vgif ? "needs virtual GIF" : "no virtual NMI (EDX[25])");
	kvm_verdict_set(v, "pause_filter_count", pf, "no pause filter (EDX[10])");
	kvm_verdict_set(v, "pause_filter_thresh", pf && svm_caps_has(c, SVM_FEAT_PAUSE_FILTER_THRESH),
			!pf ? "no pause filter (EDX[10])" : "no pause filter threshold (EDX[12])");
	kvm_verdict_set(v, "tsc_scaling", svm_caps_has(c, SVM_FEAT_TSC_RATE),
			"no TSC ratio MSR (EDX[4])");
	kvm_verdict_set(v, "lbrv", svm_caps_has(c, SVM_FEAT_LBRV),
			"no LBR virtualization (EDX[1])");
	kvm_verdict_set(v, "nested", true, NULL);
}

#define KVM_OSVW_LEN	4	/* svm.c: osvw_len's start, the OSVW IDs KVM knows */

/* Display family of CPUID.1:EAX (APM Vol. 3 E.3.2). */
static unsigned cpu_family(const struct svm_caps *c)
{
	uint32_t eax = svm_caps_has_leaf(c, SVM_LEAF_1) ? c->leaf[SVM_LEAF_1].eax : 0;
	unsigned fam = (eax >> 8) & 0xf;

	return fam == 0xf ? fam + ((eax >> 20) & 0xff) : fam;
}

/*
 * The errata kvm_amd works around, named in the verdict:
 *  - erratum 383 (family 0x10; arch/x86/kernel/cpu/amd.c init_amd_gh sets
 *    X86_BUG_AMD_TLB_MMATCH for every family 0x10 part since Linux 6.8):
 *    svm_init_erratum_383 sets DC_CFG[47] and svm_handle_mce turns the
 *    erratum's machine check in a guest into that guest's triple fault;
 *  - OSVW (svm_enable_virtualization_cpu, svm_init_osvw): the host's
 *    OSVW_ID_LENGTH / OSVW_STATUS (the worst case over all CPUs; KVM starts
 *    from a length of 4, the IDs whose meaning it knows, and keeps the
 *    smallest) are what guests see, at least 3 IDs long, with errata 400 and 415 shown fixed
 *    (bits 1 and 2 cleared: KVM intercepts HLT); without OSVW a family 0x10
 *    host shows erratum 298 (bit 0) present.
 */
static void quirks(const struct svm_caps *c, struct kvm_verdict *v)
{
	unsigned fam = cpu_family(c);
	bool osvw = svm_caps_has_leaf(c, SVM_LEAF_EXT1) &&
		    (c->leaf[SVM_LEAF_EXT1].ecx & CPUID_80000001_ECX_OSVW);
	uint64_t len = 0, status = 0;

	if (fam == 0x10)
		kvm_verdict_quirk(v, "erratum_383", "family 0x10: DC_CFG (MSR 0xc0011022) bit 47 "
				  "set on every CPU; a guest machine check with the erratum's "
				  "signature becomes that guest's triple fault, not a host crash");
	if (osvw && c->osvw_len_state == SVM_MSR_OK && c->osvw_status_state == SVM_MSR_OK) {
		len = c->osvw_len < KVM_OSVW_LEN ? c->osvw_len : KVM_OSVW_LEN;
		status = c->osvw_status & ((1ULL << len) - 1);
	}
	if (osvw || fam == 0x10) {
		uint64_t glen = len >= 3 ? len : 3, guest = status & ~6ULL;
		char host[96];

		if (!len && fam == 0x10)
			guest |= 1;	/* erratum 298 */
		if (!osvw)
			snfmt(host, sizeof(host), "no OSVW (CPUID 0x80000001 ECX[9])");
		else if (c->osvw_len_state != SVM_MSR_OK || c->osvw_status_state != SVM_MSR_OK)
			snfmt(host, sizeof(host), "OSVW advertised, its MSRs %s (taken as length 0)",
			      c->osvw_len_state == SVM_MSR_NOT_READ ? "not read" : "unreadable");
		else
			snfmt(host, sizeof(host), "host OSVW_ID_LENGTH %llu, OSVW_STATUS 0x%llx",
			      (unsigned long long)c->osvw_len, (unsigned long long)c->osvw_status);
		kvm_verdict_quirk(v, "osvw", "%s: guests see OSVW_ID_LENGTH %llu, OSVW_STATUS 0x%llx "
				  "(errata 400 and 415 shown fixed%s)", host, (unsigned long long)glen,
				  (unsigned long long)guest, guest & 1 ? ", erratum 298 present" : "");
	}
}

int kvm_svm_evaluate(const struct svm_caps *boot, struct kvm_verdict *v)
{
	uint32_t e1d = svm_caps_has_leaf(boot, SVM_LEAF_EXT1) ? boot->leaf[SVM_LEAF_EXT1].edx : 0;

	kvm_verdict_init(v, KVM_SVM_MODULE, KVM_SVM_KERNEL);
	features(boot, v);
	quirks(boot, v);
	/* svm_init: kvm_is_svm_supported() on the boot CPU. */
	if (!cpu_supported(boot, 0, v))
		goto out;
	/* kvm_x86_vendor_init (CPUID 0x80000001 EDX mirrors FPU and FXSR on AMD). */
	if (!(e1d & CPUID_80000001_EDX_FPU) || !(e1d & CPUID_80000001_EDX_FXSR))
		kvm_verdict_fail(v, "inadequate fpu (x87 FPU and FXSAVE/FXRSTOR required)");
	/* svm_hardware_setup. */
	if (!(e1d & CPUID_80000001_EDX_NX))
		kvm_verdict_fail(v, "NX (Execute Disable) not supported");
	if (v->loads)
		cpu_enables(boot, 0, v);
out:
	if (!v->loads)
		kvm_verdict_all_off(v);
	return v->loads ? 0 : -1;
}
