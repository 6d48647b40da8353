/* SPDX-License-Identifier: MIT */
/*
 * MSR permission map (APM Vol. 2 15.11): with the MSR_PROT intercept, an
 * RDMSR/WRMSR exits (0x7c, EXITINFO1 0 = read, 1 = write) exactly when its
 * bit in the map is set; the map's three vectors are modelled by
 * svm/pure/permmap.c.
 *
 * Map all ones but the read bits of 0x174 (IA32_SYSENTER_CS) and
 * 0xc0000081 (STAR): the guest reads both without an exit and sees its own
 * values (VMLOAD state the host put in the VMCB); RDMSR 0x175, WRMSR 0x174,
 * RDMSR 0xc0000102 and WRMSR 0xc0010117 (one per vector) then exit in that
 * order with ECX naming the MSR. Broken: the 0x174 read bit stays set.
 */
#include "svm/checks.h"
#include "svm/pure/permmap.h"

#define SYSENTER_CS_VALUE	0x5a
#define STAR_HIGH_VALUE		0x00230010u

extern const char schk_g_msr[];

static const struct {
	uint32_t msr;
	bool write;
} expected[] = {
	{ 0x175, false }, { 0x174, true }, { 0xc0000102, false }, { 0xc0010117, true },
};

static void setup(struct schk *c)
{
	if (!c->broken)
		svm_msrpm_set(c->msrpm, 0x174, false, false);
	svm_msrpm_set(c->msrpm, 0xc0000081, false, false);
	c->vmcb->save.sysenter_cs = SYSENTER_CS_VALUE;
	c->vmcb->save.star = (uint64_t)STAR_HIGH_VALUE << 32;
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->code == SVM_EXIT_MSR && c->step < ARRAY_SIZE(expected)) {
		uint32_t ecx = (uint32_t)c->g.regs.rcx;

		if (ecx != expected[c->step].msr || c->info1 != expected[c->step].write)
			return schk_fail(c, "MSR exit %u: ECX 0x%x, EXITINFO1 %llu; expected 0x%x, %u "
					 "(rip 0x%llx)", c->step + 1, ecx,
					 (unsigned long long)c->info1, expected[c->step].msr,
					 expected[c->step].write, (unsigned long long)c->rip);
		c->step++;
		c->g.regs.rax = 0;
		c->g.regs.rdx = 0;
		schk_skip(c, 2);
		return CHK_RESUME;
	}
	if (schk_call(c, CHK_CALL_DONE) && c->step == ARRAY_SIZE(expected)) {
		if (schk_word(c, CHK_D0) != SYSENTER_CS_VALUE ||
		    schk_word(c, CHK_D1) != STAR_HIGH_VALUE)
			return schk_fail(c, "the non-intercepted reads returned 0x%x (SYSENTER_CS) and "
					 "0x%x (STAR[63:32]), expected 0x%x and 0x%x",
					 schk_word(c, CHK_D0), schk_word(c, CHK_D1),
					 SYSENTER_CS_VALUE, STAR_HIGH_VALUE);
		return schk_pass(c, "reads of 0x174 and 0xc0000081 passed; 0x175 read, 0x174 write, "
				 "0xc0000102 read, 0xc0010117 write exited (0x7c) in order");
	}
	if (c->code == SVM_EXIT_MSR)
		return schk_fail(c, "an extra MSR exit: ECX 0x%x, EXITINFO1 %llu at rip 0x%llx",
				 (uint32_t)c->g.regs.rcx, (unsigned long long)c->info1,
				 (unsigned long long)c->rip);
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "the guest ended after %u of %u MSR exits", c->step,
				 (unsigned)ARRAY_SIZE(expected));
	return schk_unexpected(c);
}

const struct svm_check schk_msrpm = {
	.name = "msrpm",
	.apm = "APM Vol. 2 15.11",
	.entry = schk_g_msr,
	.setup = setup,
	.exit = on_exit,
};
