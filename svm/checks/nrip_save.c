/* SPDX-License-Identifier: MIT */
/*
 * Next RIP save (APM Vol. 2 15.7.1, "State Saved on Exit"): on a #VMEXIT caused by an
 * instruction intercept (and IOIO, MSR) the CPU with NRIPS stores the
 * address of the next sequential instruction in the VMCB (0C8h), so the
 * hypervisor need not decode the instruction to skip it.
 *
 * CPUID, RDMSR (map bit set), OUT imm8, PAUSE (intercept, filter 0) and
 * VMMCALL exit in order; each time RIP must be the instruction's address
 * and nRIP its end (2, 2, 2, 2 and 3 bytes). Broken: the NOP before CPUID
 * becomes a DS prefix, so the CPUID instruction is 3 bytes long from one
 * byte earlier and the row's expectation does not hold.
 */
#include "svm/checks.h"

#define OP_DS_PREFIX	0x3e

extern const char schk_g_nrip[], schk_g_nrip_cpuid[], schk_g_nrip_cpuid_end[],
	schk_g_nrip_msr[], schk_g_nrip_msr_end[], schk_g_nrip_out[], schk_g_nrip_out_end[],
	schk_g_nrip_pause[], schk_g_nrip_pause_end[], schk_g_nrip_call[],
	schk_g_nrip_call_end[];

static const struct {
	uint64_t code;
	const char *name, *start, *end;
} seq[] = {
	{ SVM_EXIT_CPUID, "CPUID", schk_g_nrip_cpuid, schk_g_nrip_cpuid_end },
	{ SVM_EXIT_MSR, "RDMSR", schk_g_nrip_msr, schk_g_nrip_msr_end },
	{ SVM_EXIT_IOIO, "OUT", schk_g_nrip_out, schk_g_nrip_out_end },
	{ SVM_EXIT_PAUSE, "PAUSE", schk_g_nrip_pause, schk_g_nrip_pause_end },
	{ SVM_EXIT_VMMCALL, "VMMCALL", schk_g_nrip_call, schk_g_nrip_call_end },
};

static void setup(struct schk *c)
{
	c->vmcb->control.intercept_misc1 |= INTERCEPT_PAUSE;
	c->vmcb->control.pause_filter_count = 0;
	if (c->broken)
		c->mem[schk_ga(schk_g_nrip_cpuid) - 1] = OP_DS_PREFIX;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t nrip = c->vmcb->control.next_rip, start, end;

	if (c->step >= ARRAY_SIZE(seq) || c->code != seq[c->step].code)
		return schk_unexpected(c);
	start = schk_ga(seq[c->step].start);
	end = schk_ga(seq[c->step].end);
	if (c->rip != start || nrip != end)
		return schk_fail(c, "%s at rip 0x%llx: nRIP 0x%llx (%lld bytes on); expected rip "
				 "0x%llx, nRIP 0x%llx (%u bytes)", seq[c->step].name,
				 (unsigned long long)c->rip, (unsigned long long)nrip,
				 (long long)(nrip - c->rip), (unsigned long long)start,
				 (unsigned long long)end, (unsigned)(end - start));
	if (++c->step == ARRAY_SIZE(seq))
		return schk_pass(c, "nRIP was the next instruction after CPUID, RDMSR, OUT, PAUSE "
				 "and VMMCALL exits");
	c->vmcb->save.rip = nrip;
	return CHK_RESUME;
}

const struct svm_check schk_nrip_save = {
	.name = "nrip_save",
	.apm = "APM Vol. 2 15.7.1",
	.feat = SVM_FEAT_NRIPS,
	.entry = schk_g_nrip,
	.setup = setup,
	.exit = on_exit,
};
