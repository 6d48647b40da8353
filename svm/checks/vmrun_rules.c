/* SPDX-License-Identifier: MIT */
/*
 * The VMRUN rules confirmed on the CPU (docs/entry-rules.md; APM Vol. 2
 * 15.5.1 "Canonicalization and Consistency Checks", 15.20 "Event
 * Injection", 15.25.3): a VMCB that breaks one must end VMRUN at once with
 * #VMEXIT VMEXIT_INVALID (-1).
 *
 * Set-up breaks, one at a time, each rule of svm/pure/vmcb_check.c that can
 * be broken without harm (vmcb_try_break: never vmrun.asid.zero or
 * vmrun.long.pe, paging breaks only under nested paging) in the check
 * guest's known-good VMCB,
 * checks that the software check of the VMCB (svm_vmrun_check, the one
 * run.c's vmrun_rules_hold calls) names exactly that rule, runs it (these
 * VMRUNs bypass vmrun_rules_hold on purpose) and compares: VMEXIT_INVALID
 * agrees, any other exit means the CPU ran the broken VMCB; the guest
 * program exits at once (VMMCALL; the LAPIC watchdog behind it). The VMCB
 * is copied back after every try. The harness then runs the restored VMCB
 * (its software check first) and the program ends: the result was recorded
 * by set-up.
 *
 * PASS: the CPU agreed on every rule tried. FAIL names each rule it ran.
 * Broken (selftest=break-vmrun_rules): the first rule tried is run unbroken.
 */
#include "kernel/console.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "svm/checks.h"
#include "svm/pure/svm_names.h"
#include "svm/vmrun_check.h"

extern const char schk_g_vmrun_rules[];

struct tally {
	unsigned tried, agreed, differed;
	unsigned skipped[VMCB_TRY_NR];
	uint32_t differ;		/* the rules the CPU (or the software check) disagreed on */
};

/* One rule: break, check in software, VMRUN, compare, restore. */
static void try_rule(struct schk *c, const struct svm_check_env *env, enum vmcb_rule r,
		     bool unbroken, struct tally *t)
{
	const char *id = vmcb_rule_id(r);
	struct svm_check_env env2;
	enum vmcb_try why = checks_list_has(kopts.entryskip, id) ? VMCB_TRY_SKIP :
			    vmcb_try_break(c->vmcb_copy, env, r, c->vmcb);
	uint32_t named;
	uint64_t code;
	bool fired;
	char detail[160];

	if (why != VMCB_TRY_YES) {
		memcpy(c->vmcb, c->vmcb_copy, sizeof(*c->vmcb));
		t->skipped[why]++;
		pr_debug("vmrun_rules: %s: not tried (%s)\n", id, vmcb_try_name(why));
		return;
	}
	if (unbroken)
		memcpy(c->vmcb, c->vmcb_copy, sizeof(*c->vmcb));
	t->tried++;
	named = svm_vmrun_check(c->vmcb, &env2, detail, sizeof(detail));
	if (!unbroken && named != 1u << r) {
		pr_info("vmrun_rules: rule %s: the software check names rules 0x%x, not exactly "
			"this one\n", id, named);
		t->differed++;
		t->differ |= 1u << r;
		memcpy(c->vmcb, c->vmcb_copy, sizeof(*c->vmcb));
		return;
	}
	memset(&c->g.regs, 0, sizeof(c->g.regs));
	c->vmcb->save.rax = 0;
	watchdog_lapic_arm(c->cpu);
	svm_chk_vmrun(&c->g.regs, c->g.vmcb_pa, c->g.host_save_pa);
	fired = watchdog_lapic_fired(c->cpu);
	watchdog_lapic_disarm(c->cpu);
	if (fired)
		schk_drain_interrupts(c);
	code = c->vmcb->control.exit_code;
	if (svm_exit_is_invalid(code)) {
		t->agreed++;
		pr_debug("vmrun_rules: %s: VMEXIT_INVALID, agreed\n", id);
	} else {
		t->differed++;
		t->differ |= 1u << r;
		pr_info("vmrun_rules: rule %s: the CPU gave entered (exit 0x%llx %s), the APM says "
			"VMEXIT_INVALID\n", id, (unsigned long long)code, svm_exit_name(code));
		if (detail[0])
			pr_info("vmrun_rules: (%s)\n", detail);
	}
	memcpy(c->vmcb, c->vmcb_copy, sizeof(*c->vmcb));
	memset(&c->g.regs, 0, sizeof(c->g.regs));
}

static void setup(struct schk *c)
{
	struct svm_check_env env;
	struct tally t;
	char detail[CHECK_DETAIL_MAX - 32];	/* room for the harness's [selftest=...] */
	struct out_buf b;
	unsigned not_tried = 0, listed = 0;
	bool first = true;

	memset(&t, 0, sizeof(t));
	memcpy(c->vmcb_copy, c->vmcb, sizeof(*c->vmcb));
	if (svm_vmrun_check(c->vmcb_copy, &env, detail, sizeof(detail))) {
		schk_fail(c, "the check VMCB breaks a rule before any break: %s", detail);
		return;
	}
	for (int r = 0; r < VMCB_RULE_NR; r++) {
		bool unbroken = false;

		if (c->broken && first && !checks_list_has(kopts.entryskip, vmcb_rule_id(r)) &&
		    vmcb_try_break(c->vmcb_copy, &env, r, c->vmcb) == VMCB_TRY_YES) {
			unbroken = true;
			first = false;
		}
		try_rule(c, &env, (enum vmcb_rule)r, unbroken, &t);
	}
	out_buf_init(&b, detail, sizeof(detail));
	oprintf(&b.out, "tried %u, agreed %u, differed %u; not tried ", t.tried, t.agreed,
		t.differed);
	for (unsigned k = VMCB_TRY_YES + 1; k < VMCB_TRY_NR; k++)
		not_tried += t.skipped[k];
	oprintf(&b.out, "%u", not_tried);
	for (unsigned k = VMCB_TRY_YES + 1; k < VMCB_TRY_NR; k++) {
		if (!t.skipped[k])
			continue;
		oprintf(&b.out, "%s%s %u", listed++ ? ", " : " (", vmcb_try_name((enum vmcb_try)k),
			t.skipped[k]);
	}
	oputs(&b.out, listed ? ")" : "");
	listed = 0;
	for (int r = 0; r < VMCB_RULE_NR; r++) {
		if (!(t.differ & (1u << r)))
			continue;
		if (strlen(detail) + strlen(vmcb_rule_id((enum vmcb_rule)r)) + 16 >= sizeof(detail)) {
			unsigned more = 0;

			for (int k = r; k < VMCB_RULE_NR; k++)
				more += (t.differ >> k) & 1;
			oprintf(&b.out, " +%u more", more);
			break;
		}
		oprintf(&b.out, "%s%s", listed++ ? ", " : ": ", vmcb_rule_id((enum vmcb_rule)r));
	}
	if (t.differ)
		schk_fail(c, "%s", detail);
	else
		schk_pass(c, "%s", detail);
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (schk_call(c, CHK_CALL_DONE))
		return CHK_DONE;	/* set-up recorded the result */
	return schk_unexpected(c);
}

const struct svm_check schk_vmrun_rules = {
	.name = "vmrun_rules",
	.apm = "APM Vol. 2 15.5.1, 15.20, 15.25.3",
	.entry = schk_g_vmrun_rules,
	.setup = setup,
	.exit = on_exit,
};
