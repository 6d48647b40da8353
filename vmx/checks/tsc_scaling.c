/* SPDX-License-Identifier: MIT */
/*
 * TSC scaling (SDM Vol. 3C 25.6.5, 26.3): with "use TSC scaling" (and TSC
 * offsetting), RDTSC in the guest returns ((TSC * multiplier) >> 48) +
 * offset: the multiplier is a fixed-point number with 48 fraction bits.
 *
 * Multiplier 3.0, offset 0. Expected: the guest's value lies between three
 * times the host TSC read right before the VM entry and right after the
 * VM exit. Broken: multiplier 1.0.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define MULT_SHIFT	48
#define FACTOR		3ULL

extern const char chk_g_rdtsc[];

static void setup(struct chk *c)
{
	chk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_TSC_OFFSETTING, CPU_BASED_RDTSC_EXITING);
	chk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_TSC_SCALING, 0);
	vmcs_write64(TSC_OFFSET, 0);
	vmcs_write64(TSC_MULTIPLIER, (c->broken ? 1ULL : FACTOR) << MULT_SHIFT);
}

static enum chk_verdict on_exit(struct chk *c)
{
	uint64_t seen = chk_word(c, CHK_D0) | (uint64_t)chk_word(c, CHK_D1) << 32;

	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (seen < FACTOR * c->tsc_entry || seen > FACTOR * c->tsc_exit)
		return chk_fail(c, "the guest read 0x%llx, expected 3 x host TSC in [0x%llx, 0x%llx]",
				(unsigned long long)seen, (unsigned long long)(FACTOR * c->tsc_entry),
				(unsigned long long)(FACTOR * c->tsc_exit));
	return chk_pass(c, "RDTSC returned 3 x the host TSC (multiplier 3.0)");
}

const struct vmx_check chk_tsc_scaling = {
	.name = "tsc_scaling",
	.sdm = "SDM Vol. 3C 25.6.5, 26.3",
	.need = { .proc = CPU_BASED_USE_TSC_OFFSETTING, .proc2 = SECONDARY_EXEC_TSC_SCALING },
	.entry = chk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
