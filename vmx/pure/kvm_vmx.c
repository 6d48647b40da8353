/* SPDX-License-Identifier: MIT */
/*
 * Would Linux 6.12's kvm_intel load on this CPU, and what would it turn on?
 * The rules below were read from v6.12's arch/x86/kvm/vmx/{vmx.c,vmx.h,
 * capabilities.h,nested.c}, arch/x86/kvm/x86.c and arch/x86/kernel/cpu/
 * feat_ctl.c for a 64-bit kernel with default module parameters; this is an
 * independent implementation of them. Pure code.
 */
#include "vmx/pure/kvm_vmx.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/names.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_defs.h"
#include "lib/bits.h"
#include "lib/scan.h"
#include "lib/string.h"

/* ---- the controls kvm_intel asks for (64-bit kernel) ---------------------- */
#define K_PIN_REQ	(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING)
#define K_PIN_OPT	(PIN_BASED_VIRTUAL_NMIS | PIN_BASED_POSTED_INTR | \
			 PIN_BASED_VMX_PREEMPTION_TIMER)

#define K_PROC_REQ	(CPU_BASED_INTR_WINDOW_EXITING | CPU_BASED_USE_TSC_OFFSETTING | \
			 CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING | \
			 CPU_BASED_MWAIT_EXITING | CPU_BASED_RDPMC_EXITING | \
			 CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING | \
			 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING | \
			 CPU_BASED_MOV_DR_EXITING | CPU_BASED_UNCOND_IO_EXITING | \
			 CPU_BASED_MONITOR_EXITING)
#define K_PROC_OPT	(CPU_BASED_RDTSC_EXITING | CPU_BASED_TPR_SHADOW | \
			 CPU_BASED_USE_IO_BITMAPS | CPU_BASED_MONITOR_TRAP_FLAG | \
			 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_NMI_WINDOW_EXITING | \
			 CPU_BASED_PAUSE_EXITING | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS | \
			 CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)

#define K_PROC2_OPT	(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | \
			 SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | \
			 SECONDARY_EXEC_WBINVD_EXITING | SECONDARY_EXEC_ENABLE_VPID | \
			 SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST | \
			 SECONDARY_EXEC_PAUSE_LOOP_EXITING | SECONDARY_EXEC_DESC | \
			 SECONDARY_EXEC_ENABLE_RDTSCP | SECONDARY_EXEC_ENABLE_INVPCID | \
			 SECONDARY_EXEC_APIC_REGISTER_VIRT | \
			 SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY | SECONDARY_EXEC_SHADOW_VMCS | \
			 SECONDARY_EXEC_ENABLE_XSAVES | SECONDARY_EXEC_RDSEED_EXITING | \
			 SECONDARY_EXEC_RDRAND_EXITING | SECONDARY_EXEC_ENABLE_PML | \
			 SECONDARY_EXEC_TSC_SCALING | SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE | \
			 SECONDARY_EXEC_PT_USE_GPA | SECONDARY_EXEC_PT_CONCEAL_VMX | \
			 SECONDARY_EXEC_ENABLE_VMFUNC | SECONDARY_EXEC_BUS_LOCK_DETECTION | \
			 SECONDARY_EXEC_NOTIFY_VM_EXITING | SECONDARY_EXEC_ENCLS_EXITING | \
			 SECONDARY_EXEC_EPT_VIOLATION_VE)
#define K_PROC3_OPT	TERTIARY_EXEC_IPI_VIRT

#define K_EXIT_REQ	(VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_ACK_INTR_ON_EXIT | \
			 VM_EXIT_HOST_ADDR_SPACE_SIZE)
#define K_EXIT_OPT	(VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL | VM_EXIT_SAVE_IA32_PAT | \
			 VM_EXIT_LOAD_IA32_PAT | VM_EXIT_SAVE_IA32_EFER | \
			 VM_EXIT_SAVE_VMX_PREEMPTION_TIMER | VM_EXIT_LOAD_IA32_EFER | \
			 VM_EXIT_CLEAR_BNDCFGS | VM_EXIT_PT_CONCEAL_PIP | \
			 VM_EXIT_CLEAR_IA32_RTIT_CTL)

#define K_ENTRY_REQ	(VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_IA32E_MODE)
#define K_ENTRY_OPT	(VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL | VM_ENTRY_LOAD_IA32_PAT | \
			 VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_BNDCFGS | \
			 VM_ENTRY_PT_CONCEAL_PIP | VM_ENTRY_LOAD_IA32_RTIT_CTL)

/* A VM-entry "load" control and the VM-exit control that must match it. */
static const struct {
	uint32_t entry, exit;
} entry_exit_pairs[] = {
	{ VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL },
	{ VM_ENTRY_LOAD_IA32_PAT, VM_EXIT_LOAD_IA32_PAT },
	{ VM_ENTRY_LOAD_IA32_EFER, VM_EXIT_LOAD_IA32_EFER },
	{ VM_ENTRY_LOAD_BNDCFGS, VM_EXIT_CLEAR_BNDCFGS },
	{ VM_ENTRY_LOAD_IA32_RTIT_CTL, VM_EXIT_CLEAR_IA32_RTIT_CTL },
};

/*
 * CPUID.1:EAX of parts whose VMX-preemption timer does not count at the
 * IA32_VMX_MISC rate (spec-update errata BA86, AAX65, AAT59, AAU65, AAO95,
 * AAN92, AAP86, AAM126, AAJ124, AAK139; and the Xeon E3-1220 V2).
 */
static const uint32_t preemption_timer_errata[] = {
	0x000206e6, 0x00020652, 0x00020655, 0x000106e5, 0x000106a0,
	0x000106a1, 0x000106a4, 0x000106a5, 0x000306a8,
};

bool kvm_vmx_preemption_timer_erratum(uint32_t signature)
{
	/* Bits 15:14 and 31:28 of CPUID.1:EAX are reserved: not compared. */
	uint32_t sig = signature & ~(GENMASK(15, 14) | GENMASK(31, 28));

	for (unsigned i = 0; i < ARRAY_SIZE(preemption_timer_errata); i++)
		if (sig == preemption_timer_errata[i])
			return true;
	return false;
}

/*
 * CPUs whose VM exit may clear IA32_PERF_GLOBAL_CTRL[34:32] although they
 * offer the "load IA32_PERF_GLOBAL_CTRL" controls: Linux's
 * cpu_has_perf_global_ctrl_bug(), family 6 models Nehalem-EP 0x1a (AAK155),
 * Nehalem 0x1e (AAP115), Westmere 0x25 (AAT100), Westmere-EP 0x2c (BC86,
 * AAY89, BD102), Nehalem-EX 0x2e (BA97).
 */
static const uint8_t perf_global_ctrl_bug_models[] = { 0x1a, 0x1e, 0x25, 0x2c, 0x2e };

/* Display family and model of a CPUID.1:EAX signature (SDM Vol. 2A CPUID, figure 3-6). */
static unsigned sig_family(uint32_t sig)
{
	unsigned fam = (sig >> 8) & 0xf;

	return fam == 0xf ? fam + ((sig >> 20) & 0xff) : fam;
}

static unsigned sig_model(uint32_t sig)
{
	unsigned fam = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;

	return fam == 6 || fam == 0xf ? model | ((sig >> 16) & 0xf) << 4 : model;
}

bool kvm_vmx_perf_global_ctrl_bug(uint32_t signature)
{
	if (sig_family(signature) != 6)
		return false;
	for (unsigned i = 0; i < ARRAY_SIZE(perf_global_ctrl_bug_models); i++)
		if (sig_model(signature) == perf_global_ctrl_bug_models[i])
			return true;
	return false;
}

/*
 * The errata kvm_intel works around on this CPU, named in the verdict:
 * the preemption timer is never used on vmx_preemption_cpu_tfms[] (so its
 * enable entry is off, preemption_timer_unusable); on the PERF_GLOBAL_CTRL
 * models every vCPU's VMCS leaves both load controls clear
 * (vmx_vmentry_ctrl/vmx_vmexit_ctrl) and the MSR goes through the VM-entry
 * and VM-exit MSR-load lists instead; vmcs_config itself keeps the bits.
 */
static void quirks(const struct kvm_vmx_config *k, const struct kvm_vmx_host *host,
		   struct kvm_verdict *v)
{
	uint32_t sig = host->signature;

	if (!host->cpuid_known)
		return;
	if (kvm_vmx_preemption_timer_erratum(sig))
		kvm_verdict_quirk(v, "preemption_timer_erratum", "CPUID.1:EAX 0x%08x is in "
				  "vmx_preemption_cpu_tfms[]: the VMX-preemption timer does not count "
				  "at the IA32_VMX_MISC rate, so preemption_timer is not used (guest "
				  "timers run on host hrtimers)", sig);
	if (kvm_vmx_perf_global_ctrl_bug(sig))
		kvm_verdict_quirk(v, "perf_global_ctrl_erratum", "family 6 model 0x%x (Nehalem/"
				  "Westmere): a VM exit may clear IA32_PERF_GLOBAL_CTRL[34:32], so "
				  "the load IA32_PERF_GLOBAL_CTRL entry/exit controls (%s) are never "
				  "set; the MSR is switched through the VM-entry/VM-exit MSR-load lists",
				  sig_model(sig), (k->entry & VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL) &&
				  (k->exit & VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL) ? "offered here" :
				  "not offered here anyway");
}

/*
 * kvm_intel's adjust step on the LEGACY capability MSR (it never reads the
 * TRUE_* ones, so default-1 controls stay forced): ((req | opt) & allowed-1)
 * | allowed-0. Every required bit left out is named in the reason.
 */
static uint32_t adjust(struct kvm_verdict *v, const struct vmx_caps *c,
		       enum vmx_word w, uint32_t msr, uint32_t req, uint32_t opt)
{
	uint32_t ctl;
	struct kvm_reason_out r;

	(void)adjust_vmx_controls(req, opt, vmx_caps_get(c, msr), &ctl);
	if (req & ~ctl) {
		kvm_verdict_reason_begin(&r, v);
		oprintf(&r.out, "%s lacks required ", vmx_msr_name(msr));
		vmx_print_bits(&r.out, w, req & ~ctl);
	}
	return ctl;
}

/* vmx_init -> kvm_is_vmx_supported(), with feat_ctl.c's locking rule. */
static void check_feature_control(const struct vmx_caps *c, struct kvm_verdict *v)
{
	uint64_t fc = vmx_caps_get(c, MSR_IA32_FEATURE_CONTROL);

	if (c->faulted & BIT(VMX_CAPS_FEAT_CTL_SLOT)) {
		kvm_verdict_fail(v, "IA32_FEATURE_CONTROL cannot be read, so Linux clears the VMX feature");
		return;
	}
	/* Unlocked: Linux locks it itself with VMX outside SMX enabled. */
	if (vmx_caps_has(c, MSR_IA32_FEATURE_CONTROL) && (fc & FEAT_CTL_LOCKED) &&
	    !(fc & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX))
		kvm_verdict_fail(v, "VMX disabled by the firmware (IA32_FEATURE_CONTROL = 0x%llx: "
				 "locked, VMX outside SMX clear)", (unsigned long long)fc);
}

/* setup_vmcs_config(): the control words, or reasons for -EIO. */
static void setup_config(const struct vmx_caps *c, const struct kvm_vmx_host *host,
			 struct kvm_vmx_config *k, struct kvm_verdict *v)
{
	uint64_t evc = vmx_caps_get(c, MSR_IA32_VMX_EPT_VPID_CAP);
	uint32_t size;

	k->proc = adjust(v, c, VMX_WORD_PROC, MSR_IA32_VMX_PROCBASED_CTLS, K_PROC_REQ, K_PROC_OPT);
	if (k->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		k->proc2 = adjust(v, c, VMX_WORD_PROC2, MSR_IA32_VMX_PROCBASED_CTLS2, 0,
				  K_PROC2_OPT);
	/* EPT-violation #VE is used only with CONFIG_KVM_INTEL_PROVE_VE (off). */
	k->proc2 &= ~(uint32_t)SECONDARY_EXEC_EPT_VIOLATION_VE;
	if (!(k->proc & CPU_BASED_TPR_SHADOW))
		k->proc2 &= ~(uint32_t)(SECONDARY_EXEC_APIC_REGISTER_VIRT |
					SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
					SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);

	/* error_on_inconsistent_vmcs_config defaults to true: -EIO, not a warning. */
	k->ept_cap = (uint32_t)evc;
	k->vpid_cap = (uint32_t)(evc >> 32);
	if (!(k->proc2 & SECONDARY_EXEC_ENABLE_EPT) && k->ept_cap)
		kvm_verdict_fail(v, "IA32_VMX_EPT_VPID_CAP reports EPT capabilities (0x%x) "
				 "but Enable EPT cannot be set", k->ept_cap);
	if (!(k->proc2 & SECONDARY_EXEC_ENABLE_VPID) && k->vpid_cap)
		kvm_verdict_fail(v, "IA32_VMX_EPT_VPID_CAP reports VPID capabilities (0x%x) "
				 "but Enable VPID cannot be set", k->vpid_cap);

	if (k->proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		k->proc3 = K_PROC3_OPT & vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS3);

	k->exit = adjust(v, c, VMX_WORD_EXIT, MSR_IA32_VMX_EXIT_CTLS, K_EXIT_REQ, K_EXIT_OPT);
	k->pin = adjust(v, c, VMX_WORD_PIN, MSR_IA32_VMX_PINBASED_CTLS, K_PIN_REQ, K_PIN_OPT);
	if (host->cpuid_known && kvm_vmx_preemption_timer_erratum(host->signature))
		k->pin &= ~(uint32_t)PIN_BASED_VMX_PREEMPTION_TIMER;
	if (!(k->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
		k->pin &= ~(uint32_t)PIN_BASED_POSTED_INTR;
	k->entry = adjust(v, c, VMX_WORD_ENTRY, MSR_IA32_VMX_ENTRY_CTLS, K_ENTRY_REQ,
			  K_ENTRY_OPT);

	for (unsigned i = 0; i < ARRAY_SIZE(entry_exit_pairs); i++) {
		uint32_t n = entry_exit_pairs[i].entry, x = entry_exit_pairs[i].exit;

		if (!(k->entry & n) == !(k->exit & x))
			continue;
		kvm_verdict_fail(v, "inconsistent VM-entry/VM-exit pair: entry %s %s, exit %s %s",
				 vmx_bit_name(VMX_WORD_ENTRY, (unsigned)__builtin_ctz(n)),
				 (k->entry & n) ? "allowed" : "not allowed",
				 vmx_bit_name(VMX_WORD_EXIT, (unsigned)__builtin_ctz(x)),
				 (k->exit & x) ? "allowed" : "not allowed");
	}

	k->basic = vmx_caps_get(c, MSR_IA32_VMX_BASIC);
	k->misc = vmx_caps_get(c, MSR_IA32_VMX_MISC);
	size = (uint32_t)((k->basic & VMX_BASIC_VMCS_SIZE_MASK) >> VMX_BASIC_VMCS_SIZE_SHIFT);
	if (size > 4096)
		kvm_verdict_fail(v, "IA32_VMX_BASIC: VMCS size %u exceeds 4096 bytes", size);
	if (k->basic & VMX_BASIC_32BIT_PHYS_ADDR_ONLY)
		kvm_verdict_fail(v, "IA32_VMX_BASIC[48] set: VMX structures limited to 32-bit "
				 "physical addresses, refused by a 64-bit kernel");
	if (((k->basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT) !=
	    VMX_BASIC_MEM_TYPE_WB)
		kvm_verdict_fail(v, "IA32_VMX_BASIC: VMCS memory type %u is not write-back",
				 (unsigned)((k->basic & VMX_BASIC_MEM_TYPE_MASK) >>
					    VMX_BASIC_MEM_TYPE_SHIFT));
}

/* EPT as vmx_hardware_setup() decides it; returns why not, or NULL. */
static const char *ept_unusable(const struct kvm_vmx_config *k)
{
	if (!(k->proc2 & SECONDARY_EXEC_ENABLE_EPT))
		return "no Enable EPT";
	if (!(k->ept_cap & VMX_EPT_PAGE_WALK_4_BIT))
		return "EPT without 4-level page walks";
	if (!(k->ept_cap & VMX_EPTP_WB_BIT))
		return "EPT without write-back paging structures";
	if (!(k->ept_cap & VMX_EPT_EXTENT_GLOBAL_BIT))
		return "no all-context INVEPT";
	return NULL;
}

static const char *vpid_unusable(const struct kvm_vmx_config *k)
{
	if (!(k->proc2 & SECONDARY_EXEC_ENABLE_VPID))
		return "no Enable VPID";
	if (!(k->vpid_cap & VMX_VPID_INVVPID_BIT))
		return "no INVVPID";
	if (!(k->vpid_cap & (VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT |
			     VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT)))
		return "INVVPID without single- or all-context type";
	return NULL;
}

static const char *apicv_unusable(const struct kvm_vmx_config *k)
{
	if (!(k->proc2 & SECONDARY_EXEC_APIC_REGISTER_VIRT))
		return "no APIC-register virtualization";
	if (!(k->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
		return "no virtual-interrupt delivery";
	if (!(k->pin & PIN_BASED_POSTED_INTR))
		return "no posted interrupts";
	return NULL;
}

/*
 * KVM parks an idle preemption timer at its maximum; it keeps the timer only
 * if that cannot expire more often than every 10 s: TSC Hz >> rate must not
 * exceed 0xffffffff / 10. Without a TSC frequency KVM assumes 5 GHz.
 */
static const char *preemption_timer_unusable(const struct kvm_vmx_config *k,
					     const struct kvm_vmx_host *host)
{
	uint64_t hz = host->tsc_khz ? (uint64_t)host->tsc_khz * 1000 : 5000000000ull;

	if (host->cpuid_known && kvm_vmx_preemption_timer_erratum(host->signature))
		return "CPU erratum: the timer does not count at the reported rate";
	if (!(k->pin & PIN_BASED_VMX_PREEMPTION_TIMER))
		return "no Activate VMX-preemption timer";
	hz >>= k->misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;
	if (hz > 0xffffffffu / 10)
		return "timer too fast for the TSC: a parked timer would fire within 10 s";
	return NULL;
}

static void set_from(struct kvm_verdict *v, const char *name, const char *why)
{
	kvm_verdict_set(v, name, why == NULL, why);
}

/* vmx_hardware_setup() (and nested_vmx_hardware_setup() for VMCS shadowing). */
static void hardware_setup(const struct kvm_vmx_config *k, const struct kvm_vmx_host *host,
			   struct kvm_verdict *v)
{
	const char *no_ept = ept_unusable(k);
	const char *no_ad = no_ept ? "EPT off" :
			    !(k->ept_cap & VMX_EPT_AD_BIT) ? "no EPT accessed/dirty flags" : NULL;

	if (no_ept && host->cpuid_known && !host->nx)
		kvm_verdict_fail(v, "no usable EPT (%s) and no NX: shadow paging needs NX", no_ept);

	set_from(v, "ept", no_ept);
	set_from(v, "ept_ad", no_ad);
	set_from(v, "vpid", vpid_unusable(k));
	set_from(v, "unrestricted_guest",
		 !(k->proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST) ? "no Unrestricted guest" :
		 no_ept ? "EPT off" : NULL);
	set_from(v, "flexpriority",
		 !(k->proc & CPU_BASED_TPR_SHADOW) ? "no Use TPR shadow" :
		 !(k->proc2 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES) ?
		 "no Virtualize APIC accesses" : NULL);
	set_from(v, "apicv", apicv_unusable(k));
	set_from(v, "pml", no_ad ? (no_ept ? "EPT off" : "EPT A/D flags off") :
			   !(k->proc2 & SECONDARY_EXEC_ENABLE_PML) ? "no Enable PML" : NULL);
	set_from(v, "shadow_vmcs",
		 !(k->proc2 & SECONDARY_EXEC_SHADOW_VMCS) ? "no VMCS shadowing" :
		 !(k->misc & VMX_MISC_VMWRITE_SHADOW_RO_FIELDS) ?
		 "VMWRITE cannot write VM-exit information fields" : NULL);
	set_from(v, "preemption_timer", preemption_timer_unusable(k, host));
	set_from(v, "tsc_scaling",
		 !(k->proc2 & SECONDARY_EXEC_TSC_SCALING) ? "no Use TSC scaling" : NULL);
	set_from(v, "ple",
		 !(k->proc2 & SECONDARY_EXEC_PAUSE_LOOP_EXITING) ? "no PAUSE-loop exiting" : NULL);
}

int kvm_vmx_evaluate_host(const struct vmx_caps *caps, const struct kvm_vmx_host *host,
			  struct kvm_verdict *v, struct kvm_vmx_config *cfg)
{
	static const struct kvm_vmx_host unknown_host;
	struct kvm_vmx_config k;

	memset(&k, 0, sizeof(k));
	kvm_verdict_init(v, KVM_VMX_MODULE, KVM_VMX_KERNEL);
	if (!host)
		host = &unknown_host;

	if (!vmx_caps_has(caps, MSR_IA32_VMX_BASIC)) {
		kvm_verdict_fail(v, "no VMX capability MSRs (no VT-x)");
	} else {
		if (host->cpuid_known && !host->lm)
			kvm_verdict_fail(v, "no long mode (CPUID.80000001H:EDX.LM = 0): "
					 "the 64-bit kernel cannot run here");
		check_feature_control(caps, v);
		setup_config(caps, host, &k, v);
	}
	hardware_setup(&k, host, v);
	quirks(&k, host, v);
	if (!v->loads)
		kvm_verdict_all_off(v);
	if (cfg)
		*cfg = k;
	return v->loads ? 0 : -1;
}

/* A decimal number after `key` in [p, end), or -1. */
static long dec_after(const char *p, const char *end, const char *key)
{
	const char *k = scan_find(p, end, key);
	long n = 0;

	if (!k)
		return -1;
	k += strlen(key);
	if (k >= end || *k < '0' || *k > '9')
		return -1;
	for (; k < end && *k >= '0' && *k <= '9' && n < 0x10000; k++)
		n = n * 10 + (*k - '0');
	return n;
}

bool kvm_vmx_host_from_log(const char *text, size_t len, struct kvm_vmx_host *h)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = p, *tag;
		long fam, model, step;

		while (nl < end && *nl != '\n')
			nl++;
		tag = scan_find(p, nl, "cpu: GenuineIntel ");
		if (tag && (fam = dec_after(tag, nl, " family ")) >= 0 &&
		    (model = dec_after(tag, nl, " model ")) >= 0 &&
		    (step = dec_after(tag, nl, " stepping ")) >= 0 && step < 16 && model < 256) {
			uint32_t base = fam >= 0xf ? 0xf : (uint32_t)fam;
			bool ext_model = base == 6 || base == 0xf;

			memset(h, 0, sizeof(*h));
			h->cpuid_known = true;
			h->signature = (uint32_t)step | ((uint32_t)model & 0xf) << 4 | base << 8 |
				       (ext_model ? ((uint32_t)model >> 4) << 16 : 0) |
				       (base == 0xf ? ((uint32_t)fam - 0xf) << 20 : 0);
			h->nx = h->lm = true;	/* the 64-bit image ran: long mode; NX assumed */
			return true;
		}
		p = nl + 1;
	}
	return false;
}

int kvm_vmx_evaluate(const struct vmx_caps *caps, struct kvm_verdict *v)
{
	return kvm_vmx_evaluate_host(caps, NULL, v, NULL);
}
