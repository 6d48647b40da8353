/* SPDX-License-Identifier: MIT */
/*
 * CR3-target controls (SDM Vol. 3C 25.6.7; 26.1.3 MOV to CR3; qualification
 * Table 28-3): with "CR3-load exiting" set, MOV to CR3 exits (reason 28)
 * unless its value equals one of the first n CR3-target values, n the
 * CR3-target count (at most IA32_VMX_MISC[24:16], Vol. 3D A.6).
 *
 * Targets: 0 = the guest's page directory A, 1 = a copy of it B (page B of
 * the check memory); count 2, and where the CPU has a third value, value 2
 * = C (A with PWT, bit 3), outside the count. The guest loads B, reports,
 * loads A, loads C from EDI. Expected: no exit at B (the guest's CR3 is B
 * at the report) nor at A; C exits with qualification 0x703 (CR3, MOV to
 * CR, EDI) at that MOV, the guest's CR3 still A. Broken: count 0, so the
 * load of B exits.
 */
#include "arch/x86/x86.h"
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define CR3_TARGETS_USED	2
#define GPR_EDI			7
#define CR3_PWT			BIT(3)

extern const char vchk_g_cr3[], vchk_g_cr3_b[], vchk_g_cr3_a[], vchk_g_cr3_c[];

static unsigned cr3_target_max(void)
{
	return (unsigned)((vmcs_config.misc & VMX_MISC_CR3_TARGET_COUNT_MASK) >>
			  VMX_MISC_CR3_TARGET_COUNT_SHIFT);
}

static void setup(struct vchk *c)
{
	uint64_t base = c->g.ept ? 0 : c->g.mem_pa;
	uint64_t a = base + GUEST_PD_GPA, b = base + CHK_PAGE_B_GPA, cv = a | CR3_PWT;
	unsigned max = cr3_target_max(), n = MIN(max, CR3_TARGETS_USED);

	memcpy(c->mem + CHK_PAGE_B_GPA, c->mem + GUEST_PD_GPA, PAGE_SIZE);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_CR3_LOAD_EXITING, 0);
	if (n > 0)
		vmcs_writenat(CR3_TARGET_VALUE0, a);
	if (n > 1)
		vmcs_writenat(CR3_TARGET_VALUE1, b);
	if (max > n)
		vmcs_writenat(CR3_TARGET_VALUE0 + 2 * n, cv);
	vmcs_write32(CR3_TARGET_COUNT, c->broken ? 0 : n);
	c->val[0] = a;
	c->val[1] = b;
	c->val[2] = cv;
	c->val[3] = n;
	c->g.regs.rbx = b;
	c->g.regs.rsi = a;
	c->g.regs.rdi = cv;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t cr3 = vmcs_readnat(GUEST_CR3);

	if (vchk_call(c, CHK_CALL_REPORT) && c->step == 0) {
		if (cr3 != c->val[1])
			return vchk_fail(
				c, "after MOV to CR3 of target 0x%llx the guest's CR3 is 0x%llx",
				(unsigned long long)c->val[1], (unsigned long long)cr3);
		return vchk_next(c, 1);
	}
	if (c->reason == EXIT_REASON_CR_ACCESS && c->step <= 1) {
		struct cr_qual q;

		if (c->rip == vchk_ga(vchk_g_cr3_b) || c->rip == vchk_ga(vchk_g_cr3_a))
			return vchk_fail(c, "MOV to CR3 of target value 0x%llx exited (count %llu)",
					 (unsigned long long)(c->rip == vchk_ga(vchk_g_cr3_b)
								      ? c->val[1]
								      : c->val[0]),
					 (unsigned long long)c->val[3]);
		exit_decode_cr(c->qual, &q);
		if (c->rip != vchk_ga(vchk_g_cr3_c) || q.cr != 3 || q.type != CR_ACCESS_MOV_TO_CR ||
		    q.gpr != GPR_EDI || cr3 != c->val[0])
			return vchk_fail(
				c,
				"CR-access exit, qualification 0x%llx, at rip 0x%llx, guest "
				"CR3 0x%llx; expected MOV to CR3 from EDI at 0x%llx, CR3 0x%llx",
				(unsigned long long)c->qual, (unsigned long long)c->rip,
				(unsigned long long)cr3, (unsigned long long)vchk_ga(vchk_g_cr3_c),
				(unsigned long long)c->val[0]);
		c->val[3] |= c->qual << 8;
		return vchk_next(c, 2);
	}
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (c->step < 2)
		return vchk_fail(c, "MOV to CR3 of 0x%llx, not a target, did not exit",
				 (unsigned long long)c->val[2]);
	return vchk_pass(c,
			 "%llu targets: loads of 0x%llx and 0x%llx did not exit; 0x%llx%s exited "
			 "with qualification 0x%llx",
			 (unsigned long long)(c->val[3] & 0xff), (unsigned long long)c->val[1],
			 (unsigned long long)c->val[0], (unsigned long long)c->val[2],
			 cr3_target_max() > (c->val[3] & 0xff) ? " (target value past the count)"
							       : "",
			 (unsigned long long)(c->val[3] >> 8));
}

const struct vmx_check vchk_cr3_target = {
	.name = "cr3_target",
	.sdm = "SDM Vol. 3C 25.6.7, 26.1.3, Table 28-3",
	.need = { .proc = CPU_BASED_CR3_LOAD_EXITING },
	.entry = vchk_g_cr3,
	.setup = setup,
	.exit = on_exit,
};
