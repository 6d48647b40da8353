/* SPDX-License-Identifier: MIT */
/*
 * CR intercepts (APM Vol. 2 15.7, exit codes in Appendix C): a MOV from/to CRn whose read/write
 * intercept bit is set exits (0x00 + n / 0x10 + n) with RIP at the MOV;
 * with decode assists EXITINFO1 bit 63 says "MOV CRx" and bits 3:0 name the
 * GPR (section "Decode Assists").
 *
 * CR0 reads and writes intercepted: MOV EDX <- CR0 exits 0x00 (the host
 * puts the guest's CR0 into EDX), MOV CR0 <- EDX exits 0x10 at its RIP,
 * EXITINFO1 = bit 63 | 2 where decode assists are advertised. Broken: the
 * CR0 write intercept left clear.
 */
#include "svm/checks.h"
#include "svm/svm.h"

#define DA_MOV_CR	(1ULL << 63)
#define DA_GPR_MASK	0xfULL
#define GPR_EDX		2
#define MOV_CR_LEN	3

extern const char schk_g_cr[], schk_g_cr_write[];

static void setup(struct schk *c)
{
	c->vmcb->control.intercept_cr |= INTERCEPT_CR_READ(0) |
					 (c->broken ? 0 : INTERCEPT_CR_WRITE(0));
}

static bool decode_assists(void)
{
	return boot_svm_caps.features & SVM_FEAT_DECODE_ASSISTS;
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->step == 0 && c->code == SVM_EXIT_READ_CR0) {
		if (c->rip != schk_ga(schk_g_cr))
			return schk_fail(c, "CR0 read exit at rip 0x%llx, expected 0x%llx",
					 (unsigned long long)c->rip,
					 (unsigned long long)schk_ga(schk_g_cr));
		c->g.regs.rdx = c->vmcb->save.cr0;
		c->step = 1;
		schk_skip(c, MOV_CR_LEN);
		return CHK_RESUME;
	}
	if (c->step == 1 && c->code == SVM_EXIT_WRITE_CR0) {
		if (c->rip != schk_ga(schk_g_cr_write))
			return schk_fail(c, "CR0 write exit at rip 0x%llx, expected 0x%llx",
					 (unsigned long long)c->rip,
					 (unsigned long long)schk_ga(schk_g_cr_write));
		if (decode_assists() && c->info1 != (DA_MOV_CR | GPR_EDX))
			return schk_fail(c, "CR0 write exit EXITINFO1 0x%llx, expected 0x%llx (MOV "
					 "CRx, GPR 2 = EDX: decode assists)",
					 (unsigned long long)c->info1,
					 (unsigned long long)(DA_MOV_CR | GPR_EDX));
		return schk_pass(c, "CR0 read and write exited (0x00, 0x10) at their MOVs%s",
				 decode_assists() ? ", EXITINFO1 named EDX" : "");
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "the guest ended after %u of 2 CR0 exits", c->step);
	return schk_unexpected(c);
}

const struct svm_check schk_cr_access = {
	.name = "cr_access",
	.apm = "APM Vol. 2 15.7, Appendix C, \"Decode Assists\"",
	.entry = schk_g_cr,
	.setup = setup,
	.exit = on_exit,
};
