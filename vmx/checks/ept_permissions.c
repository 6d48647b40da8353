/* SPDX-License-Identifier: MIT */
/*
 * The EPT permission matrix (SDM Vol. 3C 29.3.2, Table 29-6: the R, W, X
 * bits of a leaf; 29.3.3.1: W without R, or X alone where execute-only is
 * not supported (IA32_VMX_EPT_VPID_CAP[0]), is an EPT misconfiguration,
 * exit 49; 29.3.3.2 and Table 28-7: an access the leaf does not permit is
 * an EPT violation, exit 48, whose qualification gives the access (bits
 * 2:0), the leaf's R/W/X (5:3; the upper levels here are all RWX) and a
 * guest linear address that was translated (bits 7 and 8)).
 *
 * For each of the 8 permission combinations of page U's leaf and each of
 * read, write and fetch (24 entries, INVEPT before each), the guest makes
 * that one access: a read or write of the word at CHK_EPTPERM_OFF, or a
 * call to a RET at offset 0. Expected: the outcome and qualification of
 * vmx/pure/vmstate.c's model (unit-tested by hand-written table): the guest
 * reports (access), exit 48 with that qualification and guest-physical
 * address, or exit 49 with that address. Broken: every readable leaf is
 * writable too, so the write to R-- completes.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/vmstate.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

_Static_assert(EPT_READ == EPT_PERM_R && EPT_WRITE == EPT_PERM_W && EPT_EXEC == EPT_PERM_X,
	       "EPT leaf bits");

#define STEPS		(8 * EPT_ACCESS_NR)
#define RET_OPCODE	0xc3
/* Exit qualification bits compared: 5:0, 7 (linear address valid), 8 (its translation). */
#define QUAL_MASK	0x1bfULL
#define QUAL_LINEAR	0x180ULL

extern const char vchk_g_eptperm[];

static const char *const access_name[EPT_ACCESS_NR] = { "read", "write", "fetch" };
static const char *const outcome_name[] = { "access", "EPT violation", "EPT misconfiguration" };

static void perm_name(unsigned perm, char s[4])
{
	s[0] = perm & EPT_PERM_R ? 'R' : '-';
	s[1] = perm & EPT_PERM_W ? 'W' : '-';
	s[2] = perm & EPT_PERM_X ? 'X' : '-';
	s[3] = '\0';
}

static uint64_t step_gpa(unsigned step)
{
	return CHK_PAGE_U_GPA + (step % EPT_ACCESS_NR == EPT_ACCESS_FETCH ? 0 : CHK_EPTPERM_OFF);
}

/* Page U's leaf for this step, INVEPT, and the guest back at its start. */
static bool arm(struct vchk *c)
{
	unsigned perm = c->step / EPT_ACCESS_NR;
	enum vmx_result r;

	if (c->broken && (perm & EPT_PERM_R))
		perm |= EPT_PERM_W;
	c->ept.pt[CHK_PAGE_U_GPA / PAGE_SIZE] =
		vchk_ept_leaf(c->g.mem_pa + CHK_PAGE_U_GPA, perm, false);
	r = invept(vmx_capability.invept_type, c->g.eptp);
	if (r != VMX_SUCCEED) {
		vchk_insn_failed(c, "INVEPT", (int)r);
		return false;
	}
	vchk_set_word(c, CHK_D0, c->step % EPT_ACCESS_NR);
	vmcs_writenat(GUEST_RIP, vchk_ga(vchk_g_eptperm));
	vmcs_writenat(GUEST_RSP, GUEST_STACK_TOP);
	return true;
}

static void setup(struct vchk *c)
{
	c->mem[CHK_PAGE_U_GPA] = RET_OPCODE;
	c->step = 0;
	arm(c);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	unsigned perm = c->step / EPT_ACCESS_NR;
	enum ept_access a = c->step % EPT_ACCESS_NR;
	bool xo = vmx_capability.ept & VMX_EPT_EXECUTE_ONLY_BIT;
	enum ept_outcome want = ept_access_outcome(perm, xo, a), got;
	uint64_t gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	uint64_t want_qual = ept_violation_qual(perm, a) | QUAL_LINEAR;
	char p[4];

	perm_name(perm, p);
	if (vchk_call(c, CHK_CALL_REPORT))
		got = EPT_OUTCOME_ACCESS;
	else if (c->reason == EXIT_REASON_EPT_VIOLATION)
		got = EPT_OUTCOME_VIOLATION;
	else if (c->reason == EXIT_REASON_EPT_MISCONFIG)
		got = EPT_OUTCOME_MISCONFIG;
	else
		return vchk_unexpected(c);
	if (got != want)
		return vchk_fail(c,
				 "%s page, %s: %s (exit %u, qualification 0x%llx, rip 0x%llx), "
				 "expected %s",
				 p, access_name[a], outcome_name[got], c->reason,
				 (unsigned long long)c->qual, (unsigned long long)c->rip,
				 outcome_name[want]);
	if (got != EPT_OUTCOME_ACCESS && gpa != step_gpa(c->step))
		return vchk_fail(c, "%s page, %s: %s at guest-physical 0x%llx, expected 0x%llx", p,
				 access_name[a], outcome_name[got], (unsigned long long)gpa,
				 (unsigned long long)step_gpa(c->step));
	if (got == EPT_OUTCOME_VIOLATION && (c->qual & QUAL_MASK) != want_qual)
		return vchk_fail(c,
				 "%s page, %s: EPT violation qualification 0x%llx, expected 0x%llx "
				 "in bits 8:7 and 5:0",
				 p, access_name[a], (unsigned long long)c->qual,
				 (unsigned long long)want_qual);
	c->val[got]++;
	if (++c->step < STEPS)
		return arm(c) ? CHK_RESUME : CHK_DONE;
	return vchk_pass(c,
			 "8 R/W/X leaves x read, write, fetch: %llu accesses, %llu EPT violations "
			 "with their qualification, %llu misconfigurations (execute-only %s)",
			 (unsigned long long)c->val[EPT_OUTCOME_ACCESS],
			 (unsigned long long)c->val[EPT_OUTCOME_VIOLATION],
			 (unsigned long long)c->val[EPT_OUTCOME_MISCONFIG],
			 xo ? "supported" : "not supported");
}

const struct vmx_check vchk_ept_permissions = {
	.name = "ept_permissions",
	.sdm = "SDM Vol. 3C 29.3.2, 29.3.3.1, 29.3.3.2",
	.need = { .ept = true },
	.entry = vchk_g_eptperm,
	.setup = setup,
	.exit = on_exit,
};
