/* SPDX-License-Identifier: MIT */
/*
 * What load_save_pat and load_save_efer share (vmx/checks/env.h): an MSR
 * the VM entry loads from its guest field, the guest reads and rewrites
 * (vchk_g_msrstate, RDMSR and WRMSR passed through), the VM exit saves to
 * the guest field and restores from the host field (SDM Vol. 3C 27.3.2.1,
 * 28.3.1, 28.5.1).
 */
#include "arch/x86/cpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

/* c->val[]: what the entry loads, what the guest writes, the host's value before the entry. */
enum { ENTRY, WROTE, HOST };

void vchk_msrstate_setup(struct vchk *c, uint32_t msr, uint64_t entry, uint64_t wrote)
{
	c->val[ENTRY] = entry;
	c->val[WROTE] = wrote;
	c->val[HOST] = rdmsr(msr);
	vchk_msr_passthrough(c, msr);
	c->g.regs.rcx = msr;
	c->g.regs.rbx = 1;
	c->g.regs.rsi = (uint32_t)wrote;
	c->g.regs.rdi = wrote >> 32;
}

enum chk_verdict vchk_msrstate_exit(struct vchk *c, uint32_t msr, const char *name,
				    uint32_t guest_field)
{
	uint64_t host_now = rdmsr(msr), saved = vmcs_read64(guest_field);
	uint64_t read = (uint64_t)vchk_word(c, CHK_D1) << 32 | vchk_word(c, CHK_D0);
	uint64_t readback = (uint64_t)vchk_word(c, CHK_D3) << 32 | vchk_word(c, CHK_D2);

	if (host_now != c->val[HOST])
		wrmsr(msr, c->val[HOST]);
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (host_now != c->val[HOST])
		return vchk_fail(c, "host %s 0x%llx after the exit, 0x%llx before the entry", name,
				 (unsigned long long)host_now, (unsigned long long)c->val[HOST]);
	if (read != c->val[ENTRY])
		return vchk_fail(c, "the guest read %s 0x%llx, the VMCS loaded 0x%llx", name,
				 (unsigned long long)read, (unsigned long long)c->val[ENTRY]);
	if (saved != c->val[WROTE])
		return vchk_fail(
			c,
			"VMCS guest %s 0x%llx after the exit, the guest wrote 0x%llx (read "
			"back 0x%llx)",
			name, (unsigned long long)saved, (unsigned long long)c->val[WROTE],
			(unsigned long long)readback);
	return vchk_pass(c, "guest read 0x%llx as loaded, wrote 0x%llx, saved; host's 0x%llx back",
			 (unsigned long long)c->val[ENTRY], (unsigned long long)c->val[WROTE],
			 (unsigned long long)c->val[HOST]);
}
