/* SPDX-License-Identifier: MIT */
/*
 * A real-mode guest under "unrestricted guest" (SDM Vol. 3C 25.6.2
 * secondary control bit 7; 27.3.1.1: CR0.PE and CR0.PG may then be 0, and
 * unrestricted guest needs EPT; 27.3.1.2: real-mode segments, SS.DPL 0;
 * Vol. 3A "8086 Emulation": real-mode interrupts go through the IVT at IDTR.base,
 * 4 bytes a vector, pushing FLAGS, CS and IP).
 *
 * The guest is entered with CR0.PE = PG = 0, CS = SS = DS = 0 (base 0,
 * limit 0xffff), IDTR 0/0x3ff, a BIOS-style IVT at guest-physical 0 whose
 * entry CHK_REAL_VEC points at a handler (0000:offset). The 16-bit program
 * executes INT CHK_REAL_VEC (a software interrupt, not an exception: no
 * exit); the handler reads its return frame and IRETs; the program makes
 * its VMCALL. Expected: the VMCALL at its address, the handler's EBX, its
 * return frame naming the instruction after the INT and CS 0, SP back at
 * the stack top, and CR0.PE still 0. Broken: the IVT entry points at a
 * bare IRET, so the handler's work is missing.
 */
#include "arch/x86/x86.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/negotiate.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

/* Access rights (SDM 25.4.1): present, code/data, accessed; no D/B, no G (real mode). */
#define AR_REAL_CODE	(0xbU | BIT(4) | BIT(7))
#define AR_REAL_DATA	(0x3U | BIT(4) | BIT(7))
#define REAL_LIMIT	0xffff
#define IVT_LIMIT	0x3ff

extern const char vchk_g_real[], vchk_g_real_ret[], vchk_g_real_done[], vchk_h_real[],
	vchk_h_real_bare[];

static void real_seg(uint32_t sel_field, uint32_t ar)
{
	unsigned i = (sel_field - GUEST_ES_SELECTOR) / 2;

	vmcs_write16(sel_field, 0);
	vmcs_write32(GUEST_ES_LIMIT + 2 * i, REAL_LIMIT);
	vmcs_write32(GUEST_ES_AR_BYTES + 2 * i, ar);
	vmcs_writenat(GUEST_ES_BASE + 2 * i, 0);
}

static void setup(struct vchk *c)
{
	uint64_t fixed0 = vmx_guest_cr0_fixed0(vmx_caps_get(&boot_vmx_caps,
						MSR_IA32_VMX_CR0_FIXED0), true);
	uint64_t fixed1 = vmx_caps_get(&boot_vmx_caps, MSR_IA32_VMX_CR0_FIXED1);
	uint64_t cr0 = ((X86_CR0_ET | X86_CR0_NE) | fixed0) & fixed1;
	uint64_t handler = vchk_ga(c->broken ? vchk_h_real_bare : vchk_h_real);
	uint32_t *ivt = (uint32_t *)(void *)c->mem;

	/* Real-mode IVT entry: offset (low word), segment (high word); segment 0. */
	ivt[CHK_REAL_VEC] = (uint32_t)handler;
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_UNRESTRICTED_GUEST, 0);
	vmcs_writenat(GUEST_CR0, cr0);
	vmcs_writenat(CR0_READ_SHADOW, cr0);
	vmcs_writenat(GUEST_CR3, 0);
	real_seg(GUEST_CS_SELECTOR, AR_REAL_CODE);
	real_seg(GUEST_SS_SELECTOR, AR_REAL_DATA);
	real_seg(GUEST_DS_SELECTOR, AR_REAL_DATA);
	real_seg(GUEST_ES_SELECTOR, AR_REAL_DATA);
	real_seg(GUEST_FS_SELECTOR, AR_REAL_DATA);
	real_seg(GUEST_GS_SELECTOR, AR_REAL_DATA);
	vmcs_writenat(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, IVT_LIMIT);
	vmcs_writenat(GUEST_RIP, vchk_ga(vchk_g_real));
	vmcs_writenat(GUEST_RSP, GUEST_STACK_TOP);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	const struct guest_regs *r = &c->g.regs;
	uint64_t cr0 = vmcs_readnat(GUEST_CR0);

	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (c->rip != vchk_ga(vchk_g_real_done) || (cr0 & X86_CR0_PE))
		return vchk_fail(
			c, "VMCALL at rip 0x%llx with CR0 0x%llx, expected 0x%llx in real mode",
			(unsigned long long)c->rip, (unsigned long long)cr0,
			(unsigned long long)vchk_ga(vchk_g_real_done));
	if ((uint32_t)r->rbx != CHK_REAL_MAGIC)
		return vchk_fail(c, "INT 0x%x returned, but its IVT handler did not run (EBX 0x%x)",
				 CHK_REAL_VEC, (uint32_t)r->rbx);
	if ((uint16_t)r->rcx != vchk_ga(vchk_g_real_ret) || (uint16_t)r->rdi != 0 ||
	    (uint16_t)r->rdx != GUEST_STACK_TOP)
		return vchk_fail(
			c,
			"the handler's frame was 0x%x:0x%x (expected 0000:0x%llx), SP after "
			"IRET 0x%x (expected 0x%x)",
			(uint16_t)r->rdi, (uint16_t)r->rcx,
			(unsigned long long)vchk_ga(vchk_g_real_ret), (uint16_t)r->rdx,
			GUEST_STACK_TOP);
	return vchk_pass(c,
			 "CR0 0x%llx (PE = PG = 0): INT 0x%x through the IVT at 0 to 0000:0x%llx "
			 "and back to 0x%llx, then VMCALL",
			 (unsigned long long)cr0, CHK_REAL_VEC,
			 (unsigned long long)vchk_ga(vchk_h_real),
			 (unsigned long long)vchk_ga(vchk_g_real_ret));
}

const struct vmx_check vchk_unrestricted_real_mode = {
	.name = "unrestricted_real_mode",
	.sdm = "SDM Vol. 3C 25.6.2, 27.3.1.1, 27.3.1.2; 8086 Emulation (real-mode IVT)",
	.need = { .ept = true, .proc2 = SECONDARY_EXEC_UNRESTRICTED_GUEST },
	.entry = vchk_g_real,
	.setup = setup,
	.exit = on_exit,
};
