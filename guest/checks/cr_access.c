/* SPDX-License-Identifier: MIT */
/*
 * Control-register accesses the host owns (VT-x: the CR4 guest/host mask
 * and read shadow, SDM Vol. 3C 25.6.6, 26.1.3, qualification Table 28-3,
 * decoded by vmx/pure/exitinfo.c; AMD-V: the CR0 read and write
 * intercepts, APM Vol. 2 15.7, exit codes in Appendix C, the GPR in
 * EXITINFO1 with decode assists, section "Decode Assists"). A MOV to the
 * register that would set a host-owned bit exits at the MOV naming the
 * register and the source GPR; a MOV from it shows the host's value: the
 * read shadow without an exit on VT-x, the host's emulation of the
 * intercepted read on AMD-V.
 *
 * VT-x: CR4.VMXE (set in the real CR4); AMD-V: CR0.TS. The guest reads the
 * register into EAX, then writes it back with the bit set, from ESI.
 * Expected: the read shows the bit clear (on AMD-V it exits at its MOV and
 * the host writes EAX); the write exits at its MOV, MOV to that register
 * from GPR 6 (ESI) where the exit names one. Broken: the host owns nothing,
 * so the guest reads the real register and its write does not exit.
 */
#include "guest/checks.h"
#include "lib/out.h"

#define GPR_EAX		0
#define GPR_ESI		6
#define MOV_CR_LEN	3	/* 0F 20 /r, 0F 22 /r */

/* The row's values (chk_run.val). */
#define READ_EXITS	0	/* the read exits too (AMD-V's intercept) */
#define READ_EXITED	1
#define WRITE_INFO	2	/* the write exit's qualification / EXITINFO1 */
#define WRITE_NAMED	3	/* the write exit named the GPR */

CHK_PROG_EXTERN(g_cr);
CHK_PROG_EXTERN(g_cr_write);

static unsigned cr(const struct chk_run *r)
{
	return r->vendor == CHK_VMX ? CHK_CR_VMX : CHK_CR_SVM;
}

static uint64_t owned(const struct chk_run *r)
{
	return r->vendor == CHK_VMX ? CHK_CR_VMX_BIT : CHK_CR_SVM_BIT;
}

static void setup(struct chk_run *r)
{
	r->val[READ_EXITS] = r->ops->own_cr(r, cr(r), r->broken ? 0 : owned(r));
}

/* The exit is MOV to / from the row's register, at its MOV, naming gpr where it names one. */
static bool is_mov(const struct chk_run *r, const struct chk_exit *e, bool write, int gpr,
		   struct chk_prog at)
{
	return e->kind == CHK_EXIT_CR && e->cr == cr(r) && e->write == write &&
	       (e->gpr == CHK_GPR_NONE || e->gpr == gpr) && e->rip == chk_run_ga(r, at);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	struct chk_exit e;
	char how[64];

	r->ops->decode(r, &e);
	if (e.kind == CHK_EXIT_CR && !e.write && r->step == 0) {
		if (!r->val[READ_EXITS] || !is_mov(r, &e, false, GPR_EAX, CHK_PROG(g_cr)))
			return chk_run_fail(r, "CR-access exit %s (%s 0x%llx) at rip 0x%llx; expected "
					    "MOV from CR%u to EAX at 0x%llx", e.name, e.info_name,
					    (unsigned long long)e.info, (unsigned long long)e.rip,
					    cr(r), (unsigned long long)chk_run_ga(r, CHK_PROG(g_cr)));
		r->regs->rax = r->ops->guest_cr(r, cr(r)) & ~owned(r);
		r->val[READ_EXITED] = 1;
		r->step = 1;
		r->ops->skip(r, MOV_CR_LEN);
		return CHK_RESUME;
	}
	if (e.kind == CHK_EXIT_CR && r->step < 2) {
		if (!is_mov(r, &e, true, GPR_ESI, CHK_PROG(g_cr_write)) || !(r->regs->rsi & owned(r)))
			return chk_run_fail(r, "CR-access exit %s (%s 0x%llx) at rip 0x%llx; expected "
					    "MOV to CR%u from ESI at 0x%llx", e.name, e.info_name,
					    (unsigned long long)e.info, (unsigned long long)e.rip,
					    cr(r), (unsigned long long)chk_run_ga(r, CHK_PROG(g_cr_write)));
		r->val[WRITE_INFO] = e.info;
		r->val[WRITE_NAMED] = e.gpr != CHK_GPR_NONE;
		r->step = 2;
		r->ops->skip(r, MOV_CR_LEN);
		return CHK_RESUME;
	}
	if (!r->ops->call(r, CHK_CALL_DONE))
		return r->ops->unexpected(r);
	if (r->val[READ_EXITS] && !r->val[READ_EXITED])
		return chk_run_fail(r, "MOV from CR%u did not exit although its read is intercepted",
				    cr(r));
	if (r->step < 2)
		return chk_run_fail(r, "MOV to CR%u setting the host-owned bit 0x%llx did not exit",
				    cr(r), (unsigned long long)owned(r));
	if (chk_run_word(r, CHK_D0) & owned(r))
		return chk_run_fail(r, "MOV from CR%u read 0x%x: the host-owned bit 0x%llx set, not "
				    "the host's 0", cr(r), chk_run_word(r, CHK_D0),
				    (unsigned long long)owned(r));
	if (r->val[WRITE_NAMED])
		snfmt(how, sizeof(how), "with that %s (0x%llx)", e.info_name,
		      (unsigned long long)r->val[WRITE_INFO]);
	else
		snfmt(how, sizeof(how), "at its MOV (the exit names no GPR)");
	return chk_run_pass(r, "MOV to CR%u from ESI exited %s; MOV from CR%u read the host's "
			    "value%s", cr(r), how, cr(r),
			    r->val[READ_EXITED] ? " (its exit emulated)" : " without an exit");
}

const struct chk_row chk_row_cr_access = {
	.name = "cr_access",
	.sdm = "SDM Vol. 3C 25.6.6, 26.1.3, Table 28-3",
	.apm = "APM Vol. 2 15.7, Appendix C, \"Decode Assists\"",
	.entry = CHK_PROG(g_cr),
	.setup = setup,
	.exit = on_exit,
};
