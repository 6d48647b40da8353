/* SPDX-License-Identifier: MIT */
/*
 * Loading IA32_PERF_GLOBAL_CTRL (SDM Vol. 3C 27.3.1.1: with the entry
 * control its reserved bits are 0; 27.3.2.1: VM entry loads the guest
 * field; 28.5.1: VM exit with "load IA32_PERF_GLOBAL_CTRL" loads the host
 * field). Runs only where CPUID 0xa has an architectural PMU of version 2
 * or later with a general-purpose counter, and not on the models of
 * Linux's cpu_has_perf_global_ctrl_bug() (vmx/pure/vmstate.c).
 *
 * The guest is entered with the host's value with bit 0 (PMC0 enable)
 * flipped: PMC0's event select stays 0, so nothing counts. RDMSR of the MSR
 * passes. Expected: the guest reads the VMCS value, and after the exit the
 * host's value is the one it had before the entry. Broken: the entry
 * control left clear, so the guest reads the host's value.
 */
#include "arch/x86/cpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/vmstate.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define HOST_GP		1	/* c->val[2]: RDMSR raised #GP in the host */

extern const char vchk_g_msrstate[];

static const char *unmet(char *why, size_t len)
{
	struct cpuid_regs r, a = { 0 };
	uint32_t max;

	cpuid(0, &r);
	max = r.eax;
	if (max >= 0xa)
		cpuid(0xa, &a);
	cpuid(1, &r);
	return pmu_global_ctrl_unmet(max, a.eax, r.eax, why, len);
}

static void setup(struct vchk *c)
{
	uint64_t host = 0;

	if (rdmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, &host))
		c->val[2] = HOST_GP;
	c->val[0] = host;
	c->val[1] = host ^ BIT(0);
	vchk_msr_passthrough(c, MSR_IA32_PERF_GLOBAL_CTRL);
	vchk_ctl(VM_ENTRY_CONTROLS, c->broken ? 0 : VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL,
		 c->broken ? VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL : 0);
	vchk_ctl(VM_EXIT_CONTROLS, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL, 0);
	vmcs_write64(GUEST_IA32_PERF_GLOBAL_CTRL, c->val[1]);
	vmcs_write64(HOST_IA32_PERF_GLOBAL_CTRL, host);
	c->g.regs.rcx = MSR_IA32_PERF_GLOBAL_CTRL;
	c->g.regs.rbx = 0;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t host = c->val[0], entry = c->val[1], host_now = 0;
	uint64_t read = (uint64_t)vchk_word(c, CHK_D1) << 32 | vchk_word(c, CHK_D0);

	if (c->val[2] == HOST_GP)
		return vchk_fail(c, "RDMSR IA32_PERF_GLOBAL_CTRL raised #GP in the host, although "
				    "CPUID 0xa advertises it");
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (rdmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, &host_now) || host_now != host) {
		wrmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, host);
		return vchk_fail(c,
				 "host IA32_PERF_GLOBAL_CTRL 0x%llx after the exit, 0x%llx before "
				 "the entry",
				 (unsigned long long)host_now, (unsigned long long)host);
	}
	if (read != entry)
		return vchk_fail(c,
				 "the guest read IA32_PERF_GLOBAL_CTRL 0x%llx, the VMCS loaded "
				 "0x%llx",
				 (unsigned long long)read, (unsigned long long)entry);
	return vchk_pass(c, "guest read 0x%llx as loaded; host's 0x%llx back",
			 (unsigned long long)entry, (unsigned long long)host);
}

const struct vmx_check vchk_load_perf_global_ctrl = {
	.name = "load_perf_global_ctrl",
	.sdm = "SDM Vol. 3C 27.3.1.1, 27.3.2.1, 28.5.1",
	.need = { .proc = CPU_BASED_USE_MSR_BITMAPS,
		  .entry_ctl = VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL,
		  .exit_ctl = VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL },
	.unmet = unmet,
	.entry = vchk_g_msrstate,
	.setup = setup,
	.exit = on_exit,
};
