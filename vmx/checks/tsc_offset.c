/* SPDX-License-Identifier: MIT */
/*
 * TSC offsetting (SDM Vol. 3C 25.6.5, 26.3): with "use TSC offsetting" and
 * without RDTSC exiting, RDTSC in the guest returns the TSC plus the
 * 64-bit TSC offset, without a VM exit.
 *
 * Offset 2^50. Expected: the guest's value lies between the host TSC read
 * right before the VM entry and right after the VM exit, each plus the
 * offset. Broken: offset 0.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define OFFSET	(1ULL << 50)

extern const char chk_g_rdtsc[];

static void setup(struct chk *c)
{
	chk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_TSC_OFFSETTING, CPU_BASED_RDTSC_EXITING);
	vmcs_write64(TSC_OFFSET, c->broken ? 0 : OFFSET);
}

static enum chk_verdict on_exit(struct chk *c)
{
	uint64_t seen = chk_word(c, CHK_D0) | (uint64_t)chk_word(c, CHK_D1) << 32;

	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (seen < c->tsc_entry + OFFSET || seen > c->tsc_exit + OFFSET)
		return chk_fail(c, "the guest read 0x%llx, expected host TSC + 2^50 in [0x%llx, 0x%llx]",
				(unsigned long long)seen, (unsigned long long)(c->tsc_entry + OFFSET),
				(unsigned long long)(c->tsc_exit + OFFSET));
	return chk_pass(c, "RDTSC returned the host TSC + 2^50 without an exit");
}

const struct vmx_check chk_tsc_offset = {
	.name = "tsc_offset",
	.sdm = "SDM Vol. 3C 25.6.5, 26.3",
	.need = { .proc = CPU_BASED_USE_TSC_OFFSETTING },
	.entry = chk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
