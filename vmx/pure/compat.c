/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU compatibility: every CPU negotiates on its own MSRs and must arrive
 * at the boot CPU's vmcs_config (Linux vmx_check_processor_compat, Xen
 * "Capabilities fatally differ between CPU%d and CPU0"). Pure code.
 */
#include "vmx/pure/negotiate.h"

struct cfg_word {
	const char *name;
	enum vmx_word bits;	/* VMX_WORD_NR: no per-bit names */
	uint64_t boot, cpu;
};

static void print_word_diff(struct out *log, const struct cfg_word *w)
{
	uint64_t only_boot = w->boot & ~w->cpu, only_cpu = w->cpu & ~w->boot;

	oprintf(log, "vmx: %s differs: boot CPU 0x%llx, this CPU 0x%llx", w->name,
		(unsigned long long)w->boot, (unsigned long long)w->cpu);
	if (w->bits == VMX_WORD_NR) {
		oputs(log, "\n");
		return;
	}
	if (only_boot) {
		oputs(log, "; only on boot CPU: ");
		vmx_print_bits(log, w->bits, only_boot);
	}
	if (only_cpu) {
		oputs(log, "; only on this CPU: ");
		vmx_print_bits(log, w->bits, only_cpu);
	}
	oputs(log, "\n");
}

int vmcs_config_compare(const struct vmcs_config *boot, const struct vmcs_config *cpu,
			const struct vmx_capability *boot_cap,
			const struct vmx_capability *cpu_cap, struct out *log)
{
	const struct cfg_word words[] = {
		{ "VMCS revision identifier", VMX_WORD_NR, boot->revision_id, cpu->revision_id },
		{ "VMCS region size", VMX_WORD_NR, boot->size, cpu->size },
		{ "IA32_VMX_BASIC[63:32]", VMX_WORD_NR, boot->basic_cap_hi, cpu->basic_cap_hi },
		{ vmx_word_name(VMX_WORD_PIN), VMX_WORD_PIN,
		  boot->pin_based_exec_ctrl, cpu->pin_based_exec_ctrl },
		{ vmx_word_name(VMX_WORD_PROC), VMX_WORD_PROC,
		  boot->cpu_based_exec_ctrl, cpu->cpu_based_exec_ctrl },
		{ vmx_word_name(VMX_WORD_PROC2), VMX_WORD_PROC2,
		  boot->cpu_based_2nd_exec_ctrl, cpu->cpu_based_2nd_exec_ctrl },
		{ vmx_word_name(VMX_WORD_PROC3), VMX_WORD_PROC3,
		  boot->cpu_based_3rd_exec_ctrl, cpu->cpu_based_3rd_exec_ctrl },
		{ vmx_word_name(VMX_WORD_EXIT), VMX_WORD_EXIT, boot->vmexit_ctrl, cpu->vmexit_ctrl },
		{ vmx_word_name(VMX_WORD_EXIT2), VMX_WORD_EXIT2,
		  boot->vmexit_2nd_ctrl, cpu->vmexit_2nd_ctrl },
		{ vmx_word_name(VMX_WORD_ENTRY), VMX_WORD_ENTRY, boot->vmentry_ctrl, cpu->vmentry_ctrl },
		{ "IA32_VMX_MISC", VMX_WORD_NR, boot->misc, cpu->misc },
		{ "IA32_VMX_CR0_FIXED0", VMX_WORD_CR0, boot->cr0_fixed0, cpu->cr0_fixed0 },
		{ "IA32_VMX_CR0_FIXED1", VMX_WORD_CR0, boot->cr0_fixed1, cpu->cr0_fixed1 },
		{ "IA32_VMX_CR4_FIXED0", VMX_WORD_CR4, boot->cr4_fixed0, cpu->cr4_fixed0 },
		{ "IA32_VMX_CR4_FIXED1", VMX_WORD_CR4, boot->cr4_fixed1, cpu->cr4_fixed1 },
		{ "IA32_VMX_VMCS_ENUM", VMX_WORD_NR, boot->vmcs_enum, cpu->vmcs_enum },
		{ "EPT capabilities", VMX_WORD_NR,
		  boot_cap ? boot_cap->ept : 0, cpu_cap ? cpu_cap->ept : 0 },
		{ "VPID capabilities", VMX_WORD_NR,
		  boot_cap ? boot_cap->vpid : 0, cpu_cap ? cpu_cap->vpid : 0 },
	};
	int n = 0;

	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (words[i].boot == words[i].cpu)
			continue;
		n++;
		if (log)
			print_word_diff(log, &words[i]);
	}
	return n;
}

unsigned vmx_cpu_compat_check(const struct vmx_caps *c, const struct vmcs_config *boot,
			      const struct vmx_capability *boot_cap, struct vmcs_config *cfg,
			      struct vmx_capability *cap, int *ndiff, struct out *log)
{
	unsigned r = 0;

	if (setup_vmcs_config(c, cfg, cap, log))
		r |= VMX_COMPAT_NEGOTIATION_FAILED;
	*ndiff = vmcs_config_compare(boot, cfg, boot_cap, cap, log);
	if (*ndiff)
		r |= VMX_COMPAT_DIFFERS;
	if (r && log)
		oprintf(log, "vmx: this CPU is incompatible with the boot CPU: %s%s%d word(s) differ\n",
			(r & VMX_COMPAT_NEGOTIATION_FAILED) ? "negotiation failed on its own MSRs"
							    : "",
			(r & VMX_COMPAT_NEGOTIATION_FAILED) ? "; " : "", *ndiff);
	return r;
}

int vmx_caps_diff(const struct vmx_caps *a, const struct vmx_caps *b, struct out *log)
{
	int n = 0;

	for (unsigned s = 0; s < VMX_CAPS_NR; s++) {
		uint32_t bit = 1u << s, msr = vmx_caps_slot_msr(s);
		bool pa = a->present & bit, pb = b->present & bit;

		if (pa == pb && (!pa || a->val[s] == b->val[s]))
			continue;
		n++;
		if (!log)
			continue;
		oprintf(log, "vmx: MSR 0x%x %s: ", msr, vmx_msr_name(msr));
		if (pa)
			oprintf(log, "0x%016llx", (unsigned long long)a->val[s]);
		else
			oputs(log, "absent");
		oputs(log, " vs ");
		if (pb)
			oprintf(log, "0x%016llx\n", (unsigned long long)b->val[s]);
		else
			oputs(log, "absent\n");
	}
	return n;
}
