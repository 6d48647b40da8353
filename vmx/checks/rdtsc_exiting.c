/* SPDX-License-Identifier: MIT */
/*
 * RDTSC exiting (SDM Vol. 3C 25.6.2, 26.1.3): with the control set, RDTSC
 * causes a VM exit (reason 16) and returns what the VMM puts in EDX:EAX.
 *
 * Expected: one exit at the RDTSC, instruction length 2, and the guest
 * reads back the hypervisor's value. Broken: the control is left clear, so
 * the guest reads the TSC.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define FAKE_TSC	0x0123456789abcdefULL
#define RDTSC_LEN	2

extern const char vchk_g_rdtsc[], vchk_g_rdtsc_insn[];

static void setup(struct vchk *c)
{
	if (!c->broken)
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_RDTSC_EXITING, 0);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint64_t seen = vchk_word(c, CHK_D0) | (uint64_t)vchk_word(c, CHK_D1) << 32;

	if (c->reason == EXIT_REASON_RDTSC && c->step == 0) {
		if (c->rip != vchk_ga(vchk_g_rdtsc_insn) ||
		    vmcs_read32(VM_EXIT_INSTRUCTION_LEN) != RDTSC_LEN)
			return vchk_fail(
				c, "RDTSC exit at rip 0x%llx, length %u; expected 0x%llx, %u",
				(unsigned long long)c->rip, vmcs_read32(VM_EXIT_INSTRUCTION_LEN),
				(unsigned long long)vchk_ga(vchk_g_rdtsc_insn), RDTSC_LEN);
		c->g.regs.rax = (uint32_t)FAKE_TSC;
		c->g.regs.rdx = FAKE_TSC >> 32;
		return vchk_next(c, 1);
	}
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (!c->step)
		return vchk_fail(c, "RDTSC did not exit: the guest read 0x%llx",
				 (unsigned long long)seen);
	if (seen != FAKE_TSC)
		return vchk_fail(c, "the guest read 0x%llx, the hypervisor returned 0x%llx",
				 (unsigned long long)seen, FAKE_TSC);
	return vchk_pass(c, "RDTSC exited (length 2) and returned the hypervisor's value");
}

const struct vmx_check vchk_rdtsc_exiting = {
	.name = "rdtsc_exiting",
	.sdm = "SDM Vol. 3C 25.6.2, 26.1.3",
	.need = { .proc = CPU_BASED_RDTSC_EXITING },
	.entry = vchk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
