/* SPDX-License-Identifier: MIT */
/*
 * CR-access exits (SDM Vol. 3C 25.6.6, 26.1.3, qualification Table 28-3):
 * MOV to CR4 exits (reason 28) when it would change a bit the CR4
 * guest/host mask gives the host; MOV from CR4 reads the read shadow for
 * those bits. The qualification is decoded by vmx/pure/exitinfo.c.
 *
 * CR4.VMXE is host-owned, its shadow 0. The guest reads CR4, then writes
 * it back with VMXE set, from ESI. Expected: the read shows VMXE clear
 * (although the real CR4 has it); the write exits with CR 4, type "MOV to
 * CR", register 6 (ESI), at the MOV. Broken: an empty mask, so the guest
 * owns CR4: it reads the real value and its write does not exit.
 */
#include "arch/x86/x86.h"
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define GPR_ESI		6

extern const char chk_g_cr[], chk_g_cr_write[];

static void setup(struct chk *c)
{
	vmcs_writenat(CR4_GUEST_HOST_MASK, c->broken ? 0 :
		      vmcs_readnat(CR4_GUEST_HOST_MASK) | X86_CR4_VMXE);
	vmcs_writenat(CR4_READ_SHADOW, vmcs_readnat(GUEST_CR4) & ~(uint64_t)X86_CR4_VMXE);
}

static enum chk_verdict on_exit(struct chk *c)
{
	if (c->reason == EXIT_REASON_CR_ACCESS && c->step == 0) {
		struct cr_qual q;
		char what[48];
		struct out_buf b;

		exit_decode_cr(c->qual, &q);
		out_buf_init(&b, what, sizeof(what));
		cr_access_describe(&b.out, c->qual);
		if (q.cr != 4 || q.type != CR_ACCESS_MOV_TO_CR || q.gpr != GPR_ESI ||
		    c->rip != chk_ga(chk_g_cr_write) || !(c->g.regs.rsi & X86_CR4_VMXE))
			return chk_fail(c, "CR-access exit \"%s\" (qualification 0x%llx) at rip 0x%llx; "
					"expected MOV to CR4 from RSI at 0x%llx", what,
					(unsigned long long)c->qual, (unsigned long long)c->rip,
					(unsigned long long)chk_ga(chk_g_cr_write));
		c->step = 1;
		c->val[0] = c->qual;
		chk_skip_insn(c);
		return CHK_RESUME;
	}
	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (!c->step)
		return chk_fail(c, "MOV to CR4 changing the host-owned VMXE did not exit");
	if (chk_word(c, CHK_D0) & X86_CR4_VMXE)
		return chk_fail(c, "MOV from CR4 read 0x%x: VMXE set, not the read shadow's 0",
				chk_word(c, CHK_D0));
	return chk_pass(c, "MOV to CR4 from RSI exited with that qualification (0x%llx); MOV "
			"from CR4 read the shadow", (unsigned long long)c->val[0]);
}

const struct vmx_check chk_cr_access = {
	.name = "cr_access",
	.sdm = "SDM Vol. 3C 25.6.6, 26.1.3, Table 28-3",
	.entry = chk_g_cr,
	.setup = setup,
	.exit = on_exit,
};
