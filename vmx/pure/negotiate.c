/* SPDX-License-Identifier: MIT */
/*
 * Control negotiation: the boot CPU turns its capability MSRs into the
 * vmcs_config every CPU must match (as KVM's setup_vmcs_config()). Pure code.
 */
#include "vmx/pure/negotiate.h"
#include "arch/x86/msr-index.h"
#include "lib/bits.h"
#include "lib/string.h"

int adjust_vmx_controls(uint32_t required, uint32_t optional, uint64_t msr,
			uint32_t *result)
{
	uint32_t allowed0 = (uint32_t)msr, allowed1 = (uint32_t)(msr >> 32);

	*result = ((required | optional) & allowed1) | allowed0;
	return (required & ~allowed1) ? -1 : 0;
}

int adjust_vmx_controls64(uint64_t required, uint64_t optional, uint64_t msr,
			  uint64_t *result)
{
	*result = (required | optional) & msr;
	return (required & ~msr) ? -1 : 0;
}

static bool is_64bit_word(enum vmx_word w)
{
	return w == VMX_WORD_PROC3 || w == VMX_WORD_EXIT2;
}

int vmx_adjust_named(enum vmx_word w, uint64_t required, uint64_t optional,
		     uint64_t msr, uint64_t *result, struct out *log)
{
	uint64_t allowed1 = is_64bit_word(w) ? msr : msr >> 32;
	uint64_t missing = required & ~allowed1;

	if (is_64bit_word(w)) {
		(void)adjust_vmx_controls64(required, optional, msr, result);
	} else {
		uint32_t r;

		(void)adjust_vmx_controls((uint32_t)required, (uint32_t)optional, msr, &r);
		*result = r;
	}
	if (!missing)
		return 0;
	if (log) {
		oprintf(log, "vmx: %s: required control(s) not supported: ", vmx_word_name(w));
		vmx_print_bits(log, w, missing);
		oprintf(log, " (capability MSR 0x%016llx)\n", (unsigned long long)msr);
	}
	return -1;
}

static int warned_once;

void vmx_negotiate_reset_warn_once(void)
{
	__atomic_store_n(&warned_once, 0, __ATOMIC_RELAXED);
}

/*
 * KVM's rule: EPT_VPID_CAP bits mean nothing for a feature the secondary
 * controls cannot enable (e.g. VPID without EPT); clear them so nothing
 * later trusts them, and say so once per boot, not once per CPU.
 */
static void sanitize_ept_vpid(uint32_t proc2, struct vmx_capability *cap,
			      struct out *log)
{
	uint32_t ept = 0, vpid = 0;

	if (!(proc2 & SECONDARY_EXEC_ENABLE_EPT) && cap->ept) {
		ept = cap->ept;
		cap->ept = 0;
	}
	if (!(proc2 & SECONDARY_EXEC_ENABLE_VPID) && cap->vpid) {
		vpid = cap->vpid;
		cap->vpid = 0;
	}
	if (!(ept | vpid) || __atomic_exchange_n(&warned_once, 1, __ATOMIC_RELAXED))
		return;
	if (log)
		oprintf(log, "vmx: warning: EPT/VPID capabilities reported without the "
			"secondary control to use them; cleared EPT caps 0x%08x, VPID caps 0x%08x\n",
			ept, vpid);
}

/* IA32_VMX_EPT_VPID_CAP bits a usable EPT / VPID needs (KVM hardware_setup). */
struct cap_need {
	uint64_t bits;		/* all of them, or */
	uint64_t any;		/* at least one of them */
	const char *what;
};

static const struct cap_need ept_needs[] = {
	{ VMX_EPT_PAGE_WALK_4_BIT, 0, "a 4-level page walk (bit 6)" },
	{ VMX_EPTP_WB_BIT, 0, "write-back paging structures (bit 14)" },
	{ VMX_EPT_INVEPT_BIT, 0, "INVEPT (bit 20)" },
	{ 0, VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT,
	  "INVEPT single- or all-context (bits 25, 26)" },
};

static const struct cap_need vpid_needs[] = {
	{ (uint64_t)VMX_VPID_INVVPID_BIT << 32, 0, "INVVPID (bit 32)" },
	{ 0, (uint64_t)(VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT | VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT) << 32,
	  "INVVPID single- or all-context (bits 41, 42)" },
};

static bool need_met(const struct cap_need *n, uint64_t evc)
{
	return (evc & n->bits) == n->bits && (!n->any || (evc & n->any));
}

/*
 * True when evc has everything in needs; else one line
 * "vmx: <feature> not used: IA32_VMX_EPT_VPID_CAP 0x... lacks <what>, ...;
 * <consequence>".
 */
static bool cap_usable(const char *feature, const struct cap_need *needs, unsigned n,
		       uint64_t evc, const char *consequence, struct out *log)
{
	unsigned missing = 0;

	for (unsigned i = 0; i < n; i++)
		missing += !need_met(&needs[i], evc);
	if (!missing)
		return true;
	if (log) {
		oprintf(log, "vmx: %s not used: IA32_VMX_EPT_VPID_CAP 0x%016llx lacks ", feature,
			(unsigned long long)evc);
		for (unsigned i = 0, k = 0; i < n; i++)
			if (!need_met(&needs[i], evc))
				oprintf(log, "%s%s", k++ ? ", " : "", needs[i].what);
		oprintf(log, "; %s\n", consequence);
	}
	return false;
}

const char *vmx_inv_type_name(unsigned type)
{
	/* INVEPT and INVVPID number single- and all-context alike. */
	switch (type) {
	case VMX_EPT_EXTENT_CONTEXT:	return "single-context";
	case VMX_EPT_EXTENT_GLOBAL:	return "all-context";
	}
	return "none";
}

/*
 * KVM's hardware_setup: the EPT and VPID controls alone do not make them
 * usable. Clears what cannot be used and picks the INVEPT / INVVPID type:
 * all-context INVEPT needs no EPTP (ept_sync_global), single-context INVVPID
 * flushes only this guest's VPID (vpid_sync_context).
 */
static void ept_vpid_usable(struct vmcs_config *cfg, struct vmx_capability *cap,
			    struct out *log)
{
	uint64_t evc = ((uint64_t)cap->vpid << 32) | cap->ept;
	uint32_t *proc2 = &cfg->cpu_based_2nd_exec_ctrl;

	if (*proc2 & SECONDARY_EXEC_ENABLE_EPT) {
		if (cap_usable("EPT", ept_needs, ARRAY_SIZE(ept_needs), evc,
			       "the guest runs without EPT", log))
			cap->invept_type = (cap->ept & VMX_EPT_EXTENT_GLOBAL_BIT)
						   ? VMX_EPT_EXTENT_GLOBAL : VMX_EPT_EXTENT_CONTEXT;
		else
			*proc2 &= ~(uint32_t)SECONDARY_EXEC_ENABLE_EPT;
	}
	if (*proc2 & SECONDARY_EXEC_ENABLE_VPID) {
		if (cap_usable("VPID", vpid_needs, ARRAY_SIZE(vpid_needs), evc,
			       "every VM entry and exit flushes the TLB instead", log))
			cap->invvpid_type = (cap->vpid & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT)
						    ? VMX_VPID_EXTENT_SINGLE_CONTEXT
						    : VMX_VPID_EXTENT_ALL_CONTEXT;
		else
			*proc2 &= ~(uint32_t)SECONDARY_EXEC_ENABLE_VPID;
	}
	/* SDM 26.2.1.1: unrestricted guest with EPT off fails VM entry. */
	if (!(*proc2 & SECONDARY_EXEC_ENABLE_EPT) && (*proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST)) {
		*proc2 &= ~(uint32_t)SECONDARY_EXEC_UNRESTRICTED_GUEST;
		if (log)
			oputs(log, "vmx: unrestricted guest not used: it needs EPT\n");
	}
}

int setup_vmcs_config(const struct vmx_caps *c, struct vmcs_config *cfg,
		      struct vmx_capability *cap, struct out *log)
{
	uint64_t basic = vmx_caps_get(c, MSR_IA32_VMX_BASIC);
	uint64_t evc = vmx_caps_get(c, MSR_IA32_VMX_EPT_VPID_CAP);
	uint64_t proc_msr = vmx_caps_ctl_msr(c, VMX_WORD_PROC), v;
	uint64_t proc_req = PV_PROC_REQUIRED, proc_opt = PV_PROC_OPTIONAL;
	int err = 0;

	memset(cfg, 0, sizeof(*cfg));
	memset(cap, 0, sizeof(*cap));
	if (!vmx_caps_has(c, MSR_IA32_VMX_BASIC)) {
		if (log)
			oprintf(log, "vmx: IA32_VMX_BASIC was not read\n");
		return -1;
	}
	/* Bit 48 only constrains where the caller allocates VMX regions. */
	if (vmx_basic_check(basic, log) & ~VMX_BASIC_ERR_32BIT)
		err = -1;
	cfg->revision_id = (uint32_t)(basic & VMX_BASIC_REVISION_MASK);
	cfg->size = (uint32_t)((basic & VMX_BASIC_VMCS_SIZE_MASK) >> VMX_BASIC_VMCS_SIZE_SHIFT);
	cfg->basic_cap_hi = (uint32_t)(basic >> 32);
	cfg->misc = vmx_caps_get(c, MSR_IA32_VMX_MISC);
	cfg->cr0_fixed0 = vmx_caps_get(c, MSR_IA32_VMX_CR0_FIXED0);
	cfg->cr0_fixed1 = vmx_caps_get(c, MSR_IA32_VMX_CR0_FIXED1);
	cfg->cr4_fixed0 = vmx_caps_get(c, MSR_IA32_VMX_CR4_FIXED0);
	cfg->cr4_fixed1 = vmx_caps_get(c, MSR_IA32_VMX_CR4_FIXED1);
	cfg->vmcs_enum = vmx_caps_get(c, MSR_IA32_VMX_VMCS_ENUM);

	err |= vmx_adjust_named(VMX_WORD_PIN, PV_PIN_REQUIRED, PV_PIN_OPTIONAL,
				vmx_caps_ctl_msr(c, VMX_WORD_PIN), &v, log);
	cfg->pin_based_exec_ctrl = (uint32_t)v;

	/* No I/O bitmaps: every IN/OUT must exit unconditionally instead. */
	if (!((proc_msr >> 32) & CPU_BASED_USE_IO_BITMAPS)) {
		proc_req |= PV_PROC_IO_FALLBACK;
		proc_opt &= ~(uint64_t)CPU_BASED_USE_IO_BITMAPS;
	}
	err |= vmx_adjust_named(VMX_WORD_PROC, proc_req, proc_opt, proc_msr, &v, log);
	cfg->cpu_based_exec_ctrl = (uint32_t)v;

	if (cfg->cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		err |= vmx_adjust_named(VMX_WORD_PROC2, 0, PV_PROC2_OPTIONAL,
					vmx_caps_ctl_msr(c, VMX_WORD_PROC2), &v, log);
		cfg->cpu_based_2nd_exec_ctrl = (uint32_t)v;
	}
	if (cfg->cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		err |= vmx_adjust_named(VMX_WORD_PROC3, 0, 0,
					vmx_caps_ctl_msr(c, VMX_WORD_PROC3),
					&cfg->cpu_based_3rd_exec_ctrl, log);

	cap->ept = (uint32_t)evc;
	cap->vpid = (uint32_t)(evc >> 32);
	sanitize_ept_vpid(cfg->cpu_based_2nd_exec_ctrl, cap, log);
	ept_vpid_usable(cfg, cap, log);

	err |= vmx_adjust_named(VMX_WORD_EXIT, PV_EXIT_REQUIRED, PV_EXIT_OPTIONAL,
				vmx_caps_ctl_msr(c, VMX_WORD_EXIT), &v, log);
	cfg->vmexit_ctrl = (uint32_t)v;
	if (cfg->vmexit_ctrl & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS)
		err |= vmx_adjust_named(VMX_WORD_EXIT2, 0, 0,
					vmx_caps_ctl_msr(c, VMX_WORD_EXIT2),
					&cfg->vmexit_2nd_ctrl, log);

	err |= vmx_adjust_named(VMX_WORD_ENTRY, PV_ENTRY_REQUIRED, PV_ENTRY_OPTIONAL,
				vmx_caps_ctl_msr(c, VMX_WORD_ENTRY), &v, log);
	cfg->vmentry_ctrl = (uint32_t)v;

	/* Load guest EFER on entry only together with loading host EFER on exit. */
	if (!(cfg->vmentry_ctrl & VM_ENTRY_LOAD_IA32_EFER) ||
	    !(cfg->vmexit_ctrl & VM_EXIT_LOAD_IA32_EFER)) {
		cfg->vmentry_ctrl &= ~(uint32_t)VM_ENTRY_LOAD_IA32_EFER;
		cfg->vmexit_ctrl &= ~(uint32_t)VM_EXIT_LOAD_IA32_EFER;
	}
	return err ? -1 : 0;
}
