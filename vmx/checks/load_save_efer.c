/* SPDX-License-Identifier: MIT */
/*
 * Loading and saving IA32_EFER (SDM Vol. 3C 27.3.1.1: with "load IA32_EFER"
 * the guest field's reserved bits are 0, LMA equals "IA-32e mode guest" and,
 * with CR0.PG, LME equals LMA; 27.3.2.1 loads it; 28.3.1: "save IA32_EFER"
 * stores the guest's value; 28.5.1: "load IA32_EFER" loads the host field).
 *
 * The 32-bit paged guest (no IA-32e mode: LME = LMA = 0) is entered with
 * EFER.SCE and EFER.NXE (NXE only where CPUID 0x80000001 EDX[20] has NX);
 * RDMSR and WRMSR of IA32_EFER pass. It reads EFER and writes it with NXE
 * toggled (SCE toggled without NX). Expected: it read the entry value; the
 * VMCS guest field holds what it wrote; the host's EFER (long mode, so LME
 * and LMA set) is the one it had before the entry. Broken: "save
 * IA32_EFER" left clear, so the guest field keeps the entry value.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char vchk_g_msrstate[];

static void setup(struct vchk *c)
{
	struct cpuid_regs r;
	uint64_t toggle = EFER_SCE;

	cpuid(0x80000000, &r);
	if (r.eax >= 0x80000001) {
		cpuid(0x80000001, &r);
		if (r.edx & CPUID_80000001_EDX_NX)
			toggle = EFER_NXE;
	}
	vchk_msrstate_setup(c, MSR_EFER, EFER_SCE | toggle, (EFER_SCE | toggle) ^ toggle);
	vchk_ctl(VM_EXIT_CONTROLS,
		 VM_EXIT_LOAD_IA32_EFER | (c->broken ? 0 : VM_EXIT_SAVE_IA32_EFER),
		 c->broken ? VM_EXIT_SAVE_IA32_EFER : 0);
	vmcs_write64(GUEST_IA32_EFER, EFER_SCE | toggle);
	vmcs_write64(HOST_IA32_EFER, rdmsr(MSR_EFER));
}

static enum chk_verdict on_exit(struct vchk *c)
{
	return vchk_msrstate_exit(c, MSR_EFER, "IA32_EFER", GUEST_IA32_EFER);
}

const struct vmx_check vchk_load_save_efer = {
	.name = "load_save_efer",
	.sdm = "SDM Vol. 3C 27.3.1.1, 27.3.2.1, 28.3.1, 28.5.1",
	.need = { .proc = CPU_BASED_USE_MSR_BITMAPS,
		  .entry = VM_ENTRY_LOAD_IA32_EFER,
		  .exit_ctl = VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER },
	.entry = vchk_g_msrstate,
	.setup = setup,
	.exit = on_exit,
};
