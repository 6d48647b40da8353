/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU VMX enable, run by every CPU in cpu_init (SDM Vol. 3C 24.7 "Enabling
 * and entering VMX operation"; KVM's per-CPU hardware_enable and
 * vmx_check_processor_compat): CPUID, IA32_FEATURE_CONTROL, compatibility
 * with the boot CPU, CR0/CR4 fixed bits, VMXON, then VMCLEAR + VMPTRLD of
 * this CPU's VMCS. Regions come from the bump allocator, below 4 GiB, typed
 * write-back by the identity map (IA32_VMX_BASIC[53:50] must say WB).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "vmx/pure/msr.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"


/* This CPU's VMXON region and VMCS (SDM 25.11.5, 25.2): page-sized, from the bump allocator. */
static struct vmx_regions {
	uint64_t vmxon_pa, vmcs_pa;
} regions[MAX_CPUS];

void vmx_report_insn_error(const char *insn, int result, char *buf, unsigned len)
{
	uint64_t err = 0;

	if (result == VMX_FAIL_VALID && __vmread(VM_INSTRUCTION_ERROR, &err) == VMX_SUCCEED)
		snfmt(buf, len, "%s failed: VMfailValid, VM-instruction error %llu (%s)", insn,
		      (unsigned long long)err, vmx_insn_error_name((unsigned)err));
	else
		snfmt(buf, len, "%s failed: %s", insn,
		      result == VMX_FAIL_INVALID ? "VMfailInvalid" : "VMfailValid");
}

/* IA32_FEATURE_CONTROL as KVM's disabled_by_bios/feature-control path does it. */
static bool feature_control(struct percpu *p)
{
	uint64_t fc, nv = 0;

	if (rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc)) {
		hv_fail(p, HV_ERROR, "RDMSR IA32_FEATURE_CONTROL raised #GP");
		return false;
	}
	switch (vmx_feature_control_decide(fc, &nv)) {
	case VMX_FEAT_CTL_DISABLED_BY_FIRMWARE:
	case VMX_FEAT_CTL_SMX_ONLY:
		hv_fail(p, HV_DISABLED_BY_FIRMWARE, "IA32_FEATURE_CONTROL = 0x%llx: %s",
			(unsigned long long)fc,
			vmx_feat_ctl_advice(vmx_feature_control_decide(fc, &nv)));
		return false;
	case VMX_FEAT_CTL_NEED_ENABLE:
		if (wrmsr_safe(MSR_IA32_FEATURE_CONTROL, nv)) {
			hv_fail(p, HV_ERROR, "WRMSR IA32_FEATURE_CONTROL 0x%llx raised #GP",
			     (unsigned long long)nv);
			return false;
		}
		pr_info("vmx: IA32_FEATURE_CONTROL was 0x%llx (unlocked): wrote 0x%llx "
			"(VMX outside SMX on, locked)\n", (unsigned long long)fc,
			(unsigned long long)nv);
		return true;
	case VMX_FEAT_CTL_ENABLED:
	default:
		pr_debug("vmx: IA32_FEATURE_CONTROL 0x%llx: locked, VMX outside SMX on\n",
			 (unsigned long long)fc);
		return true;
	}
}

/* APs: negotiate again from this CPU's own MSRs and compare (Xen/KVM compat check). */
static bool compatible(struct percpu *p)
{
	static struct vmx_caps caps[MAX_CPUS];
	struct vmx_caps *c = &caps[p->index];
	struct vmcs_config cfg;
	struct vmx_capability cap;

	if (p->index == 0)
		return true;
	vmx_caps_init(c);
	if (vmx_read_caps(c)) {
		hv_fail(p, HV_ERROR, "RDMSR 0x%x faulted although enumerated", c->fault_msr);
		return false;
	}
	memset(&cfg, 0, sizeof(cfg));
	memset(&cap, 0, sizeof(cap));
	if (setup_vmcs_config(c, &cfg, &cap, NULL) ||
	    vmcs_config_compare(&vmcs_config, &cfg, &vmx_capability, &cap, con())) {
		hv_fail(p, HV_INCOMPATIBLE,
		     "VMX capabilities fatally differ from cpu0's (vmcs_config differences above)");
		return false;
	}
	/* Feature control is per CPU state, not a capability: leave it out of the diff. */
	c->val[VMX_CAPS_FEAT_CTL_SLOT] = boot_vmx_caps.val[VMX_CAPS_FEAT_CTL_SLOT];
	if (vmx_caps_diff(&boot_vmx_caps, c, NULL) == 0)
		pr_info("vmx: capability MSRs identical to cpu0\n");
	else {
		kprintf("[cpu%u] vmx: capability MSRs differ from cpu0 (same vmcs_config):\n",
			p->index);
		vmx_caps_diff(&boot_vmx_caps, c, con());
	}
	return true;
}

static bool fix_cr(struct percpu *p, enum vmx_word w, uint32_t f0, uint32_t f1)
{
	uint64_t cur = w == VMX_WORD_CR0 ? read_cr0() : read_cr4() | X86_CR4_VMXE, nv;

	if (vmx_fix_cr_named(w, cur, vmx_caps_get(&boot_vmx_caps, f0),
			     vmx_caps_get(&boot_vmx_caps, f1), &nv, con())) {
		hv_fail(p, HV_ERROR, "%s cannot meet IA32_VMX_%s_FIXED0/1 (0x%llx)",
		     w == VMX_WORD_CR0 ? "CR0" : "CR4", w == VMX_WORD_CR0 ? "CR0" : "CR4",
		     (unsigned long long)cur);
		return false;
	}
	if (w == VMX_WORD_CR0)
		write_cr0(nv);
	else
		write_cr4(nv);
	return true;
}

static uint64_t vmx_region(const char *what)
{
	uint64_t pa = kalloc_pages(1, what);
	/* First 4 bytes: revision identifier, bit 31 clear (SDM 25.2, 25.11.5). */
	*(volatile uint32_t *)(uintptr_t)pa = vmcs_config.revision_id & 0x7fffffff;
	return pa;
}

bool vmx_has_support(char *why, size_t n)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	if (r.ecx & CPUID_1_ECX_VMX)
		return true;
	snfmt(why, n, "CPUID.1:ECX.VMX[bit 5] is clear: no VT-x on this CPU");
	return false;
}

int vmx_disabled_by_firmware(struct percpu *p)
{
	return feature_control(p) ? 0 : -1;
}

int vmx_check_processor_compat(struct percpu *p)
{
	if (!vmx_config_ok) {
		hv_fail(p, HV_ERROR, "no usable vmcs_config on the boot CPU (see its log)");
		return -1;
	}
	return compatible(p) ? 0 : -1;
}

int vmx_hardware_enable(struct percpu *p)
{
	struct vmx_regions *rg = &regions[p->index];
	enum vmx_result res;

	if (!fix_cr(p, VMX_WORD_CR0, MSR_IA32_VMX_CR0_FIXED0, MSR_IA32_VMX_CR0_FIXED1) ||
	    !fix_cr(p, VMX_WORD_CR4, MSR_IA32_VMX_CR4_FIXED0, MSR_IA32_VMX_CR4_FIXED1))
		return -1;

	rg->vmxon_pa = vmx_region("VMXON region");
	rg->vmcs_pa = vmx_region("VMCS");
	res = vmxon(rg->vmxon_pa);
	if (res != VMX_SUCCEED) {
		hv_fail(p, HV_ERROR, "VMXON 0x%llx failed: %s", (unsigned long long)rg->vmxon_pa,
		     res == VMX_FAIL_INVALID ? "VMfailInvalid (bad region or revision, or "
		     "CR0/CR4/feature control not as required)" : "VMfailValid (already in VMX operation)");
		return -1;
	}
	res = vmclear(rg->vmcs_pa);
	if (res == VMX_SUCCEED)
		res = vmptrld(rg->vmcs_pa);
	if (res != VMX_SUCCEED) {
		vmx_report_insn_error("VMCLEAR/VMPTRLD", res, p->error, sizeof(p->error));
		p->hv = HV_ERROR;
		pr_err("vmx: %s\n", p->error);
		return -1;
	}
	pr_info("vmx: on (VMXON region 0x%llx, VMCS 0x%llx current)\n",
		(unsigned long long)rg->vmxon_pa, (unsigned long long)rg->vmcs_pa);
	return 0;
}
