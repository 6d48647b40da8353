/* SPDX-License-Identifier: MIT */
/*
 * Loading and saving IA32_PAT (SDM Vol. 3C 25.7.1, 25.8.1; 27.3.2.1: VM
 * entry with "load IA32_PAT" loads the guest field; 28.3.1: VM exit with
 * "save IA32_PAT" stores the guest's value; 28.5.1: "load IA32_PAT" loads
 * the host field).
 *
 * The guest is entered with a PAT of its own (valid, distinct from the
 * host's, PA0 write-back as everywhere); RDMSR and WRMSR of IA32_PAT pass
 * (MSR bitmap). It reads the PAT, writes a second distinct valid PAT and
 * reads it back. Expected: it read the entry value; after the exit the
 * VMCS guest field holds the value it wrote, and the host's PAT is the one
 * it had before the entry. Broken: "save IA32_PAT" left clear, so the
 * guest field keeps the entry value.
 */
#include "arch/x86/cpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char vchk_g_msrstate[];

/* Valid PATs (every entry 0, 1, 4, 5, 6 or 7; PA0 WB), two of them differing from the host's. */
static const uint64_t candidates[] = {
	0x0007050600070506ULL,	/* PA1, PA5 WP */
	0x0407050600070106ULL,	/* PA1 WC, PA5 WP, PA7 WT */
	0x0000000100000006ULL,	/* PA4 WC, the rest UC */
};

static void setup(struct vchk *c)
{
	uint64_t host = rdmsr(MSR_IA32_PAT), pat[2];
	unsigned n = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(candidates) && n < 2; i++)
		if (candidates[i] != host)
			pat[n++] = candidates[i];
	vchk_msrstate_setup(c, MSR_IA32_PAT, pat[0], pat[1]);
	vchk_ctl(VM_ENTRY_CONTROLS, VM_ENTRY_LOAD_IA32_PAT, 0);
	vchk_ctl(VM_EXIT_CONTROLS, VM_EXIT_LOAD_IA32_PAT | (c->broken ? 0 : VM_EXIT_SAVE_IA32_PAT),
		 c->broken ? VM_EXIT_SAVE_IA32_PAT : 0);
	vmcs_write64(GUEST_IA32_PAT, pat[0]);
	vmcs_write64(HOST_IA32_PAT, host);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	return vchk_msrstate_exit(c, MSR_IA32_PAT, "IA32_PAT", GUEST_IA32_PAT);
}

const struct vmx_check vchk_load_save_pat = {
	.name = "load_save_pat",
	.sdm = "SDM Vol. 3C 27.3.2.1, 28.3.1, 28.5.1",
	.need = { .proc = CPU_BASED_USE_MSR_BITMAPS,
		  .entry_ctl = VM_ENTRY_LOAD_IA32_PAT,
		  .exit_ctl = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT },
	.entry = vchk_g_msrstate,
	.setup = setup,
	.exit = on_exit,
};
