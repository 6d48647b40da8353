/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU AMD-V enable, run by every CPU in cpu_init (APM Vol. 2 15.4
 * "Enabling SVM", 15.30 "SVM-Related MSRs"; KVM's is_disabled,
 * svm_check_processor_compat and svm_hardware_enable): VM_CR and EFER,
 * the comparison with the boot CPU, then EFER.SVME, VM_HSAVE_PA, this CPU's
 * VMCB and host VMSAVE area, and its ASID. Pages come from the bump
 * allocator (zeroed, 4 KiB aligned, write-back in the identity map).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "svm/pure/svm_defs.h"
#include "svm/svm.h"

struct svm_cpu *svm_cpus;
static struct svm_caps *cpu_caps;	/* read by disabled_by_firmware */
static unsigned ncaps;

void svm_percpu_alloc(unsigned n)
{
	size_t bytes = (size_t)n * (sizeof(*svm_cpus) + sizeof(*cpu_caps));
	uint64_t pa = kalloc_pages(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, "SVM per-CPU table");

	cpu_caps = (struct svm_caps *)(uintptr_t)pa;
	svm_cpus = (struct svm_cpu *)(uintptr_t)(pa + (size_t)n * sizeof(*cpu_caps));
	ncaps = n;
}

const struct svm_caps *svm_cpu_caps(unsigned index)
{
	return index < ncaps && cpu_caps[index].leaf_present ? &cpu_caps[index] : NULL;
}

int svm_disabled_by_firmware(struct percpu *p)
{
	struct svm_caps *c = &cpu_caps[p->index];
	struct svm_decision d;
	enum svm_support s;

	svm_read_caps(c);
	s = svm_decide(c, &d);
	if (d.note[0] && p->index)
		pr_debug("svm: %s\n", d.note);	/* the boot CPU printed it in setup */
	switch (s) {
	case SVM_OK:
		return 0;
	case SVM_DISABLED_LOCKED:
	case SVM_DISABLED_UNLOCKED:
		hv_fail(p, HV_DISABLED_BY_FIRMWARE, "%s", d.reason);
		return -1;
	case SVM_IN_USE:
		hv_fail(p, HV_ERROR, "%s", d.reason);
		return -1;
	default:
		hv_fail(p, HV_UNSUPPORTED, "%s", d.reason);
		return -1;
	}
}

int svm_check_processor_compat(struct percpu *p)
{
	unsigned n;

	if (!svm_config.ok) {
		hv_fail(p, HV_ERROR, "no usable SVM configuration on the boot CPU (see its log)");
		return -1;
	}
	if (p->index == 0)
		return 0;
	if (!svm_caps_compare(&boot_svm_caps, &cpu_caps[p->index], NULL)) {
		pr_info("svm: CPUID 0x8000000a, 0x8000001f and VM_CR identical to cpu0\n");
		return 0;
	}
	kprintf("[cpu%u] svm: differences from cpu0:\n", p->index);
	n = svm_caps_compare(&boot_svm_caps, &cpu_caps[p->index], con());
	hv_fail(p, HV_INCOMPATIBLE, "%u SVM capability word%s differ%s from cpu0's (named above)",
		n, n == 1 ? "" : "s", n == 1 ? "s" : "");
	return -1;
}

/*
 * ASID 0 is the host's; a guest's must lie in [1, nasid) (15.16.1). ASIDs
 * tag this CPU's TLB only, so CPUs may share a number: with more CPUs than
 * guest ASIDs (QEMU TCG has 16) they are reused modulo nasid - 1.
 */
static uint32_t pick_asid(const struct percpu *p)
{
	uint32_t guest_asids = svm_config.nasid - 1;
	uint32_t asid = 1 + p->index % guest_asids;

	if (p->index >= guest_asids)
		pr_info("svm: ASID %u shared with cpu%u: the CPU offers %u guest ASIDs "
			"(TLB tags are per CPU, so sharing is harmless)\n", asid, asid - 1,
			guest_asids);
	return asid;
}

int svm_hardware_enable(struct percpu *p)
{
	struct svm_cpu *sc = &svm_cpus[p->index];
	uint64_t efer;

	if (rdmsr_safe(MSR_EFER, &efer) || wrmsr_safe(MSR_EFER, efer | EFER_SVME)) {
		hv_fail(p, HV_ERROR, "setting EFER.SVME raised #GP (EFER 0x%llx)",
			(unsigned long long)efer);
		return -1;
	}
	sc->hsave_pa = kalloc_pages(1, "SVM host save area (VM_HSAVE_PA)");
	if (wrmsr_safe(MSR_VM_HSAVE_PA, sc->hsave_pa)) {
		hv_fail(p, HV_ERROR, "WRMSR VM_HSAVE_PA 0x%llx raised #GP",
			(unsigned long long)sc->hsave_pa);
		return -1;
	}
	sc->host_save_pa = kalloc_pages(1, "SVM host VMSAVE area");
	sc->vmcb_pa = kalloc_pages(1, "VMCB");
	sc->asid = pick_asid(p);
	pr_info("svm: on (EFER.SVME set, VM_HSAVE_PA 0x%llx, VMCB 0x%llx, ASID %u)\n",
		(unsigned long long)sc->hsave_pa, (unsigned long long)sc->vmcb_pa, sc->asid);
	return 0;
}
