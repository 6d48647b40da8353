/* SPDX-License-Identifier: MIT */
/*
 * Boot-CPU AMD-V setup, once, before the APs start (the bare-metal
 * counterpart of KVM's svm_hardware_setup): read CPUID 0x8000000a and
 * 0x8000001f, VM_CR and EFER, print them raw and as the SVMCAP block, and
 * decide what the guests use. The report's "svm" object and kvm_amd's
 * verdict come from here too.
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "pure/kvm_verdict.h"
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_defs.h"
#include "svm/pure/svm_json.h"
#include "svm/pure/svm_names.h"
#include "svm/pure/svmcap.h"
#include "svm/svm.h"

struct svm_config svm_config;
struct svm_caps boot_svm_caps;

static void cpuid_cb(void *ctx, uint32_t function, struct svm_cpuid *out)
{
	struct cpuid_regs r;

	(void)ctx;
	cpuid_count(function, 0, &r);
	*out = (struct svm_cpuid){ r.eax, r.ebx, r.ecx, r.edx };
}

static int rdmsr_cb(void *ctx, uint32_t msr, uint64_t *val)
{
	(void)ctx;
	return rdmsr_safe(msr, val);
}

void svm_read_caps(struct svm_caps *c)
{
	svm_caps_init(c);
	svm_caps_read(c, cpuid_cb, rdmsr_cb, NULL);
}

bool svm_has_support(char *why, size_t n)
{
	struct svm_caps c;
	struct svm_decision d;

	svm_read_caps(&c);
	switch (svm_decide(&c, &d)) {
	case SVM_NOT_AMD:
	case SVM_NO_SVM:
	case SVM_NO_LEAF:
		snfmt(why, n, "%s", d.reason);
		return false;
	default:
		return true;	/* firmware state and ownership: disabled_by_firmware */
	}
}

const char *svm_feature_summary(void)
{
	static char buf[80];

	if (!svm_config.ok)
		return "no usable SVM";
	snfmt(buf, sizeof(buf), "%s, %s, %u ASIDs",
	      svm_config.npt ? "NPT" : "no NPT (guests not isolated)",
	      svm_config.nrips ? "NRIPS" : "no NRIPS", svm_config.nasid);
	return buf;
}

/* The report's "svm" object (svm/pure/svm_json.c, shared with tools/svmdecode). */
void svm_report(struct json *j)
{
	svm_report_json(j, &boot_svm_caps);
}

/*
 * kvm_amd's verdict: the boot CPU's capabilities (read here when
 * hardware_setup did not run: no SVM), then every other CPU's part as its
 * disabled_by_firmware read it.
 */
void svm_kvm_verdict(struct kvm_verdict *v)
{
	if (!boot_svm_caps.leaf_present)
		svm_read_caps(&boot_svm_caps);
	if (kvm_svm_evaluate(&boot_svm_caps, v))
		return;
	for (unsigned i = 1; i < ncpus; i++) {
		const struct svm_caps *c = svm_cpu_caps(i);

		if (c && kvm_svm_check_cpu(c, i, v))
			return;
	}
}

void svm_hardware_setup(void)
{
	struct svm_caps *c = &boot_svm_caps;
	struct out *o = con();
	struct svm_decision d;

	svm_read_caps(c);
	svm_caps_print_log(o, c);
	svmcap_dump(o, c);
	svm_decide(c, &d);
	if (d.note[0])
		pr_info("svm: %s\n", d.note);

	svm_config.npt = svm_caps_has(c, SVM_FEAT_NP);
	svm_config.nrips = svm_caps_has(c, SVM_FEAT_NRIPS);
	svm_config.nasid = c->nasid;
	/* ASID 0 is the host's: a guest needs at least one more (15.16). */
	if (c->nasid < 2) {
		pr_err("svm: CPUID 0x8000000a EBX reports %u ASIDs: none left for a guest\n",
		       c->nasid);
		return;
	}
	svm_config.ok = true;
	pr_info("svm: revision %u, %u ASIDs; guests use %s\n", c->revision, c->nasid,
		svm_feature_summary());
}
