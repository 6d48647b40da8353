/* SPDX-License-Identifier: MIT */
/*
 * Loading and saving the debug controls (SDM Vol. 3C 25.7.1, 25.8.1; 27.3.2.1:
 * VM entry with "load debug controls" loads DR7 and IA32_DEBUGCTL from the
 * guest fields; 28.3.1: VM exit with "save debug controls" stores them;
 * 28.5.1: every VM exit sets DR7 to 400H and clears IA32_DEBUGCTL).
 *
 * The guest is entered with DR7 = 0x500 (LE) and IA32_DEBUGCTL = LBR (bit
 * 0); "MOV-DR exiting" clear, RDMSR and WRMSR of IA32_DEBUGCTL pass. It
 * reads DR7, writes 0x600 (GE), reads IA32_DEBUGCTL and writes BTF (bit 1).
 * LBR and BTF are the bits every CPU with IA32_DEBUGCTL has; LE, GE and BTF
 * change nothing here (no breakpoint is enabled, TF is clear). Expected:
 * the guest read 0x500 and LBR; after the exit the VMCS holds DR7 0x600 and
 * IA32_DEBUGCTL BTF, and the host has DR7 0x400 and IA32_DEBUGCTL 0.
 * Broken: "save debug controls" left clear, so the fields keep the entry values.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "lib/out.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define DR7_AT_ENTRY	((unsigned)(DR7_INIT | DR7_LE))
#define DR7_WRITTEN	((unsigned)(DR7_INIT | DR7_GE))
#define ENTRY_DEBUGCTL	DEBUGCTL_LBR
#define GUEST_DEBUGCTL	DEBUGCTL_BTF

extern const char vchk_g_dbgctl[];

static void setup(struct vchk *c)
{
	vchk_msr_passthrough(c, MSR_IA32_DEBUGCTL);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_MOV_DR_EXITING);
	vchk_ctl(VM_ENTRY_CONTROLS, VM_ENTRY_LOAD_DEBUG_CONTROLS, 0);
	vchk_ctl(VM_EXIT_CONTROLS, c->broken ? 0 : VM_EXIT_SAVE_DEBUG_CONTROLS,
		 c->broken ? VM_EXIT_SAVE_DEBUG_CONTROLS : 0);
	vmcs_writenat(GUEST_DR7, DR7_AT_ENTRY);
	vmcs_write64(GUEST_IA32_DEBUGCTL, ENTRY_DEBUGCTL);
	vchk_set_word(c, CHK_D7, DR7_WRITTEN);
	c->g.regs.rcx = MSR_IA32_DEBUGCTL;
	c->g.regs.rbx = 1;
	c->g.regs.rsi = GUEST_DEBUGCTL;
	c->g.regs.rdi = 0;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t host_dr7 = read_dr7(), host_dbg = ~0ULL;
	uint64_t dr7 = vmcs_readnat(GUEST_DR7), dbg = vmcs_read64(GUEST_IA32_DEBUGCTL);
	uint32_t guest_dr7 = vchk_word(c, CHK_D4), guest_dbg = vchk_word(c, CHK_D0);
	char what[CHECK_DETAIL_MAX - 48] = "";
	struct out_buf b;

	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (rdmsr_safe(MSR_IA32_DEBUGCTL, &host_dbg))
		return vchk_fail(c, "RDMSR IA32_DEBUGCTL raised #GP in the host");
	/* Every part that went wrong, so a break shows beside a CPU's own defect. */
	out_buf_init(&b, what, sizeof(what));
	if (host_dr7 != DR7_INIT || host_dbg)
		oprintf(&b.out, "; host DR7 0x%llx, IA32_DEBUGCTL 0x%llx after the exit",
			(unsigned long long)host_dr7, (unsigned long long)host_dbg);
	if (guest_dr7 != DR7_AT_ENTRY)
		oprintf(&b.out, "; the guest read DR7 0x%x, loaded 0x%x", guest_dr7, DR7_AT_ENTRY);
	if (guest_dbg != ENTRY_DEBUGCTL)
		oprintf(&b.out, "; the guest read IA32_DEBUGCTL 0x%x, loaded 0x%llx", guest_dbg,
			(unsigned long long)ENTRY_DEBUGCTL);
	if (dr7 != DR7_WRITTEN)
		oprintf(&b.out, "; VMCS DR7 0x%llx after the exit, the guest wrote 0x%x",
			(unsigned long long)dr7, DR7_WRITTEN);
	if (dbg != GUEST_DEBUGCTL)
		oprintf(&b.out, "; VMCS IA32_DEBUGCTL 0x%llx after the exit, the guest wrote 0x%llx",
			(unsigned long long)dbg, (unsigned long long)GUEST_DEBUGCTL);
	if (what[0])
		return vchk_fail(c, "%s", what + 2);
	return vchk_pass(c,
			 "guest read DR7 0x%x, IA32_DEBUGCTL 0x%llx as loaded, wrote 0x%x, "
			 "0x%llx, saved; host DR7 0x400, IA32_DEBUGCTL 0",
			 DR7_AT_ENTRY, (unsigned long long)ENTRY_DEBUGCTL, DR7_WRITTEN,
			 (unsigned long long)GUEST_DEBUGCTL);
}

const struct vmx_check vchk_load_debugctl = {
	.name = "load_debugctl",
	.sdm = "SDM Vol. 3C 27.3.2.1, 28.3.1, 28.5.1",
	.need = { .proc = CPU_BASED_USE_MSR_BITMAPS,
		  .entry_ctl = VM_ENTRY_LOAD_DEBUG_CONTROLS,
		  .exit_ctl = VM_EXIT_SAVE_DEBUG_CONTROLS },
	.entry = vchk_g_dbgctl,
	.setup = setup,
	.exit = on_exit,
};
