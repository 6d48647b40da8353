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

extern const char chk_g_rdtsc[], chk_g_rdtsc_insn[];

static void setup(struct chk *c)
{
	if (!c->broken)
		chk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_RDTSC_EXITING, 0);
}

static enum chk_verdict on_exit(struct chk *c)
{
	uint64_t seen = chk_word(c, CHK_D0) | (uint64_t)chk_word(c, CHK_D1) << 32;

	if (c->reason == EXIT_REASON_RDTSC && c->step == 0) {
		if (c->rip != chk_ga(chk_g_rdtsc_insn) || vmcs_read32(VM_EXIT_INSTRUCTION_LEN) != RDTSC_LEN)
			return chk_fail(c, "RDTSC exit at rip 0x%llx, length %u; expected 0x%llx, %u",
					(unsigned long long)c->rip, vmcs_read32(VM_EXIT_INSTRUCTION_LEN),
					(unsigned long long)chk_ga(chk_g_rdtsc_insn), RDTSC_LEN);
		c->g.regs.rax = (uint32_t)FAKE_TSC;
		c->g.regs.rdx = FAKE_TSC >> 32;
		return chk_next(c, 1);
	}
	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (!c->step)
		return chk_fail(c, "RDTSC did not exit: the guest read 0x%llx",
				(unsigned long long)seen);
	if (seen != FAKE_TSC)
		return chk_fail(c, "the guest read 0x%llx, the hypervisor returned 0x%llx",
				(unsigned long long)seen, FAKE_TSC);
	return chk_pass(c, "RDTSC exited (length 2) and returned the hypervisor's value");
}

const struct vmx_check chk_rdtsc_exiting = {
	.name = "rdtsc_exiting",
	.sdm = "SDM Vol. 3C 25.6.2, 26.1.3",
	.need = { .proc = CPU_BASED_RDTSC_EXITING },
	.entry = chk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
