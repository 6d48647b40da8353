/* SPDX-License-Identifier: MIT */
/*
 * Control negotiation: the boot CPU turns its capability MSRs into the
 * vmcs_config every CPU must match (as KVM's setup_vmcs_config()). Pure code.
 */
#include "vmx/pure/negotiate.h"
#include "vmx/pure/msr.h"
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
	/* SDM 26.2.1.1: unrestricted guest with EPT off fails VM entry. */
	if (!(cfg->cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_EPT))
		cfg->cpu_based_2nd_exec_ctrl &= ~(uint32_t)SECONDARY_EXEC_UNRESTRICTED_GUEST;
	if (cfg->cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		err |= vmx_adjust_named(VMX_WORD_PROC3, 0, 0,
					vmx_caps_ctl_msr(c, VMX_WORD_PROC3),
					&cfg->cpu_based_3rd_exec_ctrl, log);

	cap->ept = (uint32_t)evc;
	cap->vpid = (uint32_t)(evc >> 32);
	sanitize_ept_vpid(cfg->cpu_based_2nd_exec_ctrl, cap, log);

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
