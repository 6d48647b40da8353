/* SPDX-License-Identifier: MIT */
/*
 * A 64-bit guest (SDM Vol. 3C 27.3.1.1-27.3.1.2 guest-state checks for
 * IA-32e mode, 27.3.2.1 loading IA32_EFER; 28.2: on VM exit the "IA-32e
 * mode guest" entry control reflects the guest's EFER.LMA): VM entry with
 * "IA-32e mode guest", CR0.PG, CR4.PAE, EFER.LME/LMA and a 64-bit code
 * segment (L = 1) lands in 64-bit mode.
 *
 * The guest (4-level paging over its memory) loads a 64-bit immediate and
 * a RIP-relative address, then ends. Expected: RBX holds all 64 bits, RCX
 * the guest-physical address of its label, and "IA-32e mode guest" is
 * still set after the exit. Broken: CS.L = 0 (compatibility mode), so the
 * 64-bit code is decoded as 32-bit code.
 */
#include "arch/x86/x86.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define MAGIC64		0x0123456789abcdefULL

extern const char vchk_g_64[], vchk_g_64_here[];

static void setup(struct vchk *c)
{
	vchk_enter_ia32e(c, !c->broken);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (c->g.regs.rbx != MAGIC64 || c->g.regs.rcx != vchk_ga(vchk_g_64_here))
		return vchk_fail(
			c, "RBX 0x%llx, RCX 0x%llx; expected 0x%llx and 0x%llx: not 64-bit mode",
			(unsigned long long)c->g.regs.rbx, (unsigned long long)c->g.regs.rcx,
			MAGIC64, (unsigned long long)vchk_ga(vchk_g_64_here));
	if (!(vmcs_read32(VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE))
		return vchk_fail(c, "\"IA-32e mode guest\" cleared by the VM exit: the guest had "
				    "EFER.LMA = 0");
	return vchk_pass(c, "64-bit registers and RIP-relative addressing in the guest");
}

const struct vmx_check vchk_ia32e_guest = {
	.name = "ia32e_guest",
	.sdm = "SDM Vol. 3C 27.3.1, 27.3.2.1, 28.2",
	.need = { .entry = VM_ENTRY_IA32E_MODE },
	.entry = vchk_g_64,
	.setup = setup,
	.exit = on_exit,
};
