/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU VMX enable, run by every CPU in cpu_init (SDM Vol. 3C 24.7 "Enabling
 * and entering VMX operation"; KVM's vmx_check_processor_compat and
 * vmx_hardware_enable): compatibility with the boot CPU, CR0/CR4 fixed from
 * this CPU's own IA32_VMX_CRx_FIXED MSRs, PAT entry 0 write-back, VMXON
 * (an exception is reported, not fatal), VMCLEAR + VMPTRLD of this CPU's
 * VMCS, then INVEPT / INVVPID so no stale EPT or VPID-tagged translation
 * survives (KVM's ept_sync_global, vpid_sync_context). IA32_FEATURE_CONTROL
 * is vmx/feat_ctl.c, PAT vmx/pat.c. Regions come from the bump allocator,
 * below 4 GiB, write-back through the identity map.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "pure/exceptions.h"
#include "arch/x86/msr-index.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"


/* This CPU's VMXON region and VMCS (SDM 25.11.5, 25.2): page-sized, from the bump allocator. */
static struct vmx_regions {
	uint64_t vmxon_pa, vmcs_pa;
} *regions;
static struct vmx_caps *caps;		/* each AP's capability MSRs (compatible) */

void vmx_percpu_alloc(unsigned n)
{
	size_t bytes = (size_t)n * (sizeof(*regions) + sizeof(*caps));
	uint64_t pa = kalloc_pages(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, "VMX per-CPU table");

	caps = (struct vmx_caps *)(uintptr_t)pa;
	regions = (struct vmx_regions *)(uintptr_t)(pa + (size_t)n * sizeof(*caps));
}

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

/* A failed VMX instruction as this CPU's error, by number and name. */
static void fail_insn(struct percpu *p, const char *insn, enum vmx_result res)
{
	char why[ERRBUF_SIZE];

	vmx_report_insn_error(insn, res, why, sizeof(why));
	hv_fail(p, HV_ERROR, "%s", why);
}

/* Prints buffered "vmx: ..." lines under this CPU's prefix. */
static void print_lines(const struct percpu *p, const char *text)
{
	while (*text) {
		int n = 0;

		while (text[n] && text[n] != '\n')
			n++;
		kprintf("[cpu%u] %.*s\n", p->index, n, text);
		text += n + (text[n] == '\n');
	}
}

/* APs: negotiate again on this CPU's own MSRs and compare (KVM vmx_check_processor_compat). */
static bool compatible(struct percpu *p)
{
	struct vmx_caps *c = &caps[p->index];
	struct vmcs_config cfg;
	struct vmx_capability cap;
	char text[2048];
	struct out_buf b;
	unsigned r;
	int ndiff;

	if (p->index == 0)
		return true;
	vmx_caps_init(c);
	if (vmx_read_caps(c)) {
		hv_fail(p, HV_ERROR, "RDMSR 0x%x (%s) raised #GP although this CPU enumerates it",
			c->fault_msr, vmx_msr_name(c->fault_msr));
		return false;
	}
	out_buf_init(&b, text, sizeof(text));
	r = vmx_cpu_compat_check(c, &vmcs_config, &vmx_capability, &cfg, &cap, &ndiff, &b.out);
	if (r) {
		print_lines(p, text);
		if (r & VMX_COMPAT_NEGOTIATION_FAILED)
			hv_fail(p, HV_INCOMPATIBLE, "negotiation failed on this CPU's own capability "
				"MSRs; %d word(s) differ from cpu0's (listed above)", ndiff);
		else
			hv_fail(p, HV_INCOMPATIBLE, "VMX capabilities fatally differ from cpu0's: "
				"%d word(s) (listed above)", ndiff);
		return false;
	}
	/* Feature control is per CPU state, not a capability: leave it out of the diff. */
	c->val[VMX_CAPS_FEAT_CTL_SLOT] = boot_vmx_caps.val[VMX_CAPS_FEAT_CTL_SLOT];
	if (vmx_caps_diff(&boot_vmx_caps, c, NULL) == 0) {
		pr_info("vmx: capability MSRs identical to cpu0\n");
		return true;
	}
	pr_info("vmx: capability MSRs differ from cpu0 (same vmcs_config):\n");
	out_buf_init(&b, text, sizeof(text));
	vmx_caps_diff(&boot_vmx_caps, c, &b.out);
	print_lines(p, text);
	return true;
}

/* CR0 or CR4 as THIS CPU's IA32_VMX_CRx_FIXED0/1 demand (SDM A.7, A.8). */
static bool fix_cr(struct percpu *p, enum vmx_word w, uint32_t f0_msr, uint32_t f1_msr)
{
	const char *cr = w == VMX_WORD_CR0 ? "CR0" : "CR4";
	uint64_t cur = w == VMX_WORD_CR0 ? read_cr0() : read_cr4() | X86_CR4_VMXE, nv, f0, f1;
	char text[512];
	struct out_buf b;
	unsigned err;

	if (rdmsr_safe(f0_msr, &f0) || rdmsr_safe(f1_msr, &f1)) {
		hv_fail(p, HV_ERROR, "RDMSR IA32_VMX_%s_FIXED0/1 raised #GP", cr);
		return false;
	}
	out_buf_init(&b, text, sizeof(text));
	err = vmx_fix_cr_named(w, cur, f0, f1, &nv, &b.out);
	print_lines(p, text);
	if (err) {
		hv_fail(p, HV_ERROR, "%s 0x%llx cannot meet this CPU's IA32_VMX_%s_FIXED0 0x%llx / "
			"FIXED1 0x%llx", cr, (unsigned long long)cur, cr, (unsigned long long)f0,
			(unsigned long long)f1);
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

/*
 * VMXON's outcomes (SDM Vol. 3C 31.3 VMXON pseudo-code): #UD and #GP come
 * from the CPU's state (CR0/CR4, IA32_FEATURE_CONTROL, A20M); VMfailInvalid
 * from the operand: the region's address (not 4-KiB aligned, beyond the
 * physical-address width) or its revision identifier; VMfailValid only in
 * VMX root operation already.
 */
static bool do_vmxon(struct percpu *p, uint64_t pa)
{
	unsigned vector = 0;
	uint64_t fc = 0;
	enum vmx_result res = vmxon_safe(pa, &vector);

	switch (res) {
	case VMX_SUCCEED:
		return true;
	case VMX_FAULT:
		(void)rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc);
		hv_fail(p, HV_ERROR, "VMXON raised %s: %s (CR0 0x%llx, CR4 0x%llx, "
			"IA32_FEATURE_CONTROL 0x%llx)", exception_mnemonic(vector),
			vector == 13 ? "CR0/CR4 outside IA32_VMX_CRx_FIXED, IA32_FEATURE_CONTROL not "
				       "locked with VMX outside SMX, or A20M"
				     : exception_name(vector),
			(unsigned long long)read_cr0(), (unsigned long long)read_cr4(),
			(unsigned long long)fc);
		return false;
	case VMX_FAIL_INVALID:
		hv_fail(p, HV_ERROR, "VMXON 0x%llx failed: VMfailInvalid: the region pointer is not "
			"4-KiB aligned or beyond the physical-address width, or its revision "
			"identifier 0x%x is not IA32_VMX_BASIC's", (unsigned long long)pa,
			vmcs_config.revision_id);
		return false;
	case VMX_FAIL_VALID:
		hv_fail(p, HV_ERROR, "VMXON 0x%llx failed: VMfailValid: this CPU is already in VMX "
			"root operation", (unsigned long long)pa);
		return false;
	}
	return false;
}

/*
 * After VMXON (KVM vmx_hardware_enable -> ept_sync_global, and
 * vpid_sync_context for the guest's VPID): drop EPT-derived and VPID-tagged
 * translations someone else (firmware, a previous hypervisor) may have left.
 * With only single-context INVEPT there is no EPTP yet: the guest set-up
 * flushes its own EPTP (vmx_ept_sync_context).
 */
static bool sync_tlbs(struct percpu *p)
{
	uint16_t vpid = VMX_GUEST_VPID(p->index);
	char ept[48] = "no EPT", vp[48] = "no VPID";
	enum vmx_result res;

	if (vmx_capability.invept_type == VMX_EPT_EXTENT_GLOBAL) {
		res = invept(VMX_EPT_EXTENT_GLOBAL, 0);
		if (res != VMX_SUCCEED) {
			fail_insn(p, "INVEPT all-context", res);
			return false;
		}
		snfmt(ept, sizeof(ept), "INVEPT all-context");
	} else if (vmx_capability.invept_type == VMX_EPT_EXTENT_CONTEXT) {
		snfmt(ept, sizeof(ept), "INVEPT single-context at guest set-up");
	}
	if (vmx_capability.invvpid_type) {
		snfmt(vp, sizeof(vp), "INVVPID %s (VPID %u)",
		      vmx_inv_type_name(vmx_capability.invvpid_type), vpid);
		res = invvpid(vmx_capability.invvpid_type, vpid);
		if (res != VMX_SUCCEED) {
			fail_insn(p, vp, res);
			return false;
		}
	}
	if (vmx_capability.invept_type || vmx_capability.invvpid_type)
		pr_info("vmx: TLBs synced after VMXON: %s, %s\n", ept, vp);
	else
		pr_info("vmx: no INVEPT/INVVPID after VMXON: no EPT, no VPID\n");
	return true;
}

int vmx_ept_sync_context(uint64_t eptp, char *err, unsigned n)
{
	enum vmx_result res;

	if (vmx_capability.invept_type != VMX_EPT_EXTENT_CONTEXT)
		return 0;	/* all-context done after VMXON, or no EPT */
	res = invept(VMX_EPT_EXTENT_CONTEXT, eptp);
	if (res == VMX_SUCCEED)
		return 0;
	vmx_report_insn_error("INVEPT single-context", res, err, n);
	return -1;
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
	    !fix_cr(p, VMX_WORD_CR4, MSR_IA32_VMX_CR4_FIXED0, MSR_IA32_VMX_CR4_FIXED1) ||
	    vmx_pat_check(p))
		return -1;

	rg->vmxon_pa = vmx_region("VMXON region");
	rg->vmcs_pa = vmx_region("VMCS");
	/* selftest=vmxon-gp (core/selftest.h): cpu1 clears CR0.NE, which
	 * IA32_VMX_CR0_FIXED0 requires, so its VMXON must raise #GP (SDM VMXON). */
	uint64_t cr0 = read_cr0();
	bool gp_test = kopts.selftest == OPT_SELFTEST_VMXON_GP && p->index == 1;
	if (gp_test) {
		pr_info("selftest: VMXON with CR0.NE clear on purpose\n");
		write_cr0(cr0 & ~X86_CR0_NE);
	}
	bool on = do_vmxon(p, rg->vmxon_pa);
	if (gp_test)
		write_cr0(cr0);
	if (!on)
		return -1;
	res = vmclear(rg->vmcs_pa);
	if (res == VMX_SUCCEED)
		res = vmptrld(rg->vmcs_pa);
	if (res != VMX_SUCCEED) {
		fail_insn(p, "VMCLEAR/VMPTRLD", res);
		return -1;
	}
	if (!sync_tlbs(p))
		return -1;
	pr_info("vmx: on (VMXON region 0x%llx, VMCS 0x%llx current)\n",
		(unsigned long long)rg->vmxon_pa, (unsigned long long)rg->vmcs_pa);
	return 0;
}
