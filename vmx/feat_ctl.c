/* SPDX-License-Identifier: MIT */
/*
 * IA32_FEATURE_CONTROL on every CPU before VMXON (SDM Vol. 3C 24.7; the
 * decision is vmx/pure/enable_checks.c, after Linux's init_ia32_feat_ctl):
 * locked with VMX outside SMX -> go on; locked otherwise -> the firmware
 * turned VT-x off, or allowed it only inside SMX (Intel TXT); unlocked ->
 * lock it with VMX outside SMX, keeping the firmware's other bits.
 *
 * Hyperthreads of one core may share the MSR (its scope is "Core" on many
 * models, SDM Vol. 4): a sibling can lock it between our RDMSR and WRMSR,
 * and the WRMSR then raises #GP. The MSR is re-read and accepted when it is
 * now locked with VMX outside SMX.
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "arch/x86/msr-index.h"
#include "vmx/vmx.h"

static int refuse(struct percpu *p, uint64_t fc, enum vmx_feat_ctl_action a)
{
	hv_fail(p, HV_DISABLED_BY_FIRMWARE, "IA32_FEATURE_CONTROL = 0x%llx: %s",
		(unsigned long long)fc, vmx_feat_ctl_advice(a));
	return -1;
}

/* The WRMSR of nv raised #GP: a sibling's lock, or a value the MSR refuses. */
static int after_write_fault(struct percpu *p, uint64_t fc, uint64_t nv)
{
	uint64_t now, ignored;
	enum vmx_feat_ctl_action a;

	if (rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &now)) {
		hv_fail(p, HV_ERROR, "WRMSR IA32_FEATURE_CONTROL 0x%llx raised #GP, and so "
			"did the RDMSR after it", (unsigned long long)nv);
		return -1;
	}
	a = vmx_feature_control_decide(now, &ignored);
	if (a == VMX_FEAT_CTL_ENABLED) {
		pr_info("vmx: IA32_FEATURE_CONTROL: WRMSR 0x%llx raised #GP but it now reads "
			"0x%llx, locked with VMX outside SMX by a logical processor sharing it: "
			"accepted\n", (unsigned long long)nv, (unsigned long long)now);
		return 0;
	}
	if (a != VMX_FEAT_CTL_NEED_ENABLE)
		return refuse(p, now, a);
	/* Still unlocked: try the value Linux writes, without the firmware's bits. */
	if (nv != VMX_FEAT_CTL_CLEAN && wrmsr_safe(MSR_IA32_FEATURE_CONTROL, VMX_FEAT_CTL_CLEAN) == 0) {
		pr_info("vmx: IA32_FEATURE_CONTROL was 0x%llx (unlocked): WRMSR 0x%llx raised #GP; "
			"wrote 0x%llx (VMX outside SMX, locked; the firmware's other bits dropped)\n",
			(unsigned long long)fc, (unsigned long long)nv,
			(unsigned long long)VMX_FEAT_CTL_CLEAN);
		return 0;
	}
	hv_fail(p, HV_ERROR, "IA32_FEATURE_CONTROL 0x%llx is unlocked but WRMSR 0x%llx raised #GP",
		(unsigned long long)now, (unsigned long long)nv);
	return -1;
}

int vmx_disabled_by_firmware(struct percpu *p)
{
	uint64_t fc, nv = 0;
	enum vmx_feat_ctl_action a;

	if (rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc)) {
		hv_fail(p, HV_ERROR, "RDMSR IA32_FEATURE_CONTROL raised #GP");
		return -1;
	}
	a = vmx_feature_control_decide(fc, &nv);
	switch (a) {
	case VMX_FEAT_CTL_ENABLED:
		pr_info("vmx: IA32_FEATURE_CONTROL = 0x%llx: locked, VMX outside SMX allowed\n",
			(unsigned long long)fc);
		return 0;
	case VMX_FEAT_CTL_DISABLED_BY_FIRMWARE:
	case VMX_FEAT_CTL_SMX_ONLY:
		return refuse(p, fc, a);
	case VMX_FEAT_CTL_NEED_ENABLE:
		break;
	}
	if (wrmsr_safe(MSR_IA32_FEATURE_CONTROL, nv))
		return after_write_fault(p, fc, nv);
	pr_info("vmx: IA32_FEATURE_CONTROL was 0x%llx (unlocked): wrote 0x%llx (VMX outside "
		"SMX, locked; the firmware's other bits kept)\n", (unsigned long long)fc,
		(unsigned long long)nv);
	return 0;
}
