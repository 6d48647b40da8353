/* SPDX-License-Identifier: MIT */
/*
 * Decode assists (APM Vol. 2 chapter 15, "Decode Assists"): on intercepted MOV-to-CR the CPU
 * puts "MOV CRx" (bit 63) and the source GPR (bits 3:0) in EXITINFO1; on
 * an intercepted INVLPG the linear address operand.
 *
 * CR4 writes and INVLPG intercepted: MOV CR4 <- ESI exits 0x14 with
 * EXITINFO1 bit 63 | 6; INVLPG [U + 0x123] exits 0x79 with EXITINFO1 =
 * that address. Broken: the CR4 write intercept left clear (the first exit
 * is then the INVLPG).
 */
#include "svm/checks.h"

#define GPR_ESI		6
#define INVLPG_ADDR	(CHK_PAGE_U_GPA + 0x123)
#define MOV_CR_LEN	3
#define INVLPG_LEN	7	/* 0f 01 3d disp32 */

extern const char schk_g_da[], schk_g_da_cr4[], schk_g_da_invlpg[];

static void setup(struct schk *c)
{
	c->vmcb->control.intercept_cr |= c->broken ? 0 : INTERCEPT_CR_WRITE(4);
	c->vmcb->control.intercept_misc1 |= INTERCEPT_INVLPG;
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->step == 0 && c->code == SVM_EXIT_WRITE_CR0 + 4) {
		if (c->rip != schk_ga(schk_g_da_cr4) || c->info1 != (SVM_EXITINFO1_CR_MOV | GPR_ESI))
			return schk_fail(c, "CR4 write exit at rip 0x%llx, EXITINFO1 0x%llx; expected "
					 "0x%llx, 0x%llx (MOV CRx from ESI)",
					 (unsigned long long)c->rip, (unsigned long long)c->info1,
					 (unsigned long long)schk_ga(schk_g_da_cr4),
					 (unsigned long long)(SVM_EXITINFO1_CR_MOV | GPR_ESI));
		c->step = 1;
		schk_skip(c, MOV_CR_LEN);
		return CHK_RESUME;
	}
	if (c->step == 1 && c->code == SVM_EXIT_INVLPG) {
		if (c->info1 != INVLPG_ADDR)
			return schk_fail(c, "INVLPG exit EXITINFO1 0x%llx, expected the address "
					 "0x%x", (unsigned long long)c->info1, INVLPG_ADDR);
		return schk_pass(c, "EXITINFO1 named ESI for MOV CR4 and 0x%x for INVLPG",
				 INVLPG_ADDR);
	}
	return schk_unexpected(c);
}

const struct svm_check schk_decode_assists = {
	.name = "decode_assists",
	.apm = "APM Vol. 2 \"Decode Assists\"",
	.feat = SVM_FEAT_DECODE_ASSISTS,
	.entry = schk_g_da,
	.setup = setup,
	.exit = on_exit,
};
