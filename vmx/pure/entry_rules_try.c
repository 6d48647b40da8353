/* SPDX-License-Identifier: MIT */
/*
 * Confirming the VM-entry rules on the CPU (the battery row entry_rules,
 * vmx/checks/entry_rules.c): which rules the row may break on purpose, and
 * the state that breaks one rule alone in the check guest's VMCS.
 *
 * A rule is tried only when the CPU cannot come to harm whatever it does
 * with the broken state. Control and guest-state rules fail the entry
 * before anything is loaded (VMfailValid 7, VM exit 33/34); a CPU that
 * enters anyway runs the check guest, which exits at once. Two kinds are
 * left out on every CPU:
 * - host-state rules: a CPU that let the entry through would load the
 *   broken host state at the next VM exit (a host with a bad CR0, CS, RIP);
 * - the VM-exit MSR-store and MSR-load areas: the exit of an entry let
 *   through would store to or load from the bad area, and a failure there
 *   is a VMX abort (SDM "VMX Aborts"), which ends the logical processor;
 * - ctrl.event.other (type 7 injected where monitor trap flag is not
 *   supported): a CPU that let the entry through would go on to deliver an
 *   event of a type it does not implement, with no defined outcome (Bochs
 *   2.7 ends the emulator there: docs/entry-rules.md).
 */
#include "vmx/pure/entry_rules_int.h"
#include "lib/string.h"

static const char *const try_name[ER_TRY_NR] = {
	[ER_TRY_YES] = "tried",
	[ER_TRY_HOST] = "host",
	[ER_TRY_EXIT_AREA] = "exit-area",
	[ER_TRY_EVENT] = "event",
	[ER_TRY_CAPS] = "caps",
	[ER_TRY_CPU] = "cpu",
	[ER_TRY_BASE] = "base",
	[ER_TRY_SKIP] = "skip",
};

static const char *const try_reason[ER_TRY_NR] = {
	[ER_TRY_YES] = "broken alone in the check VMCS and entered",
	[ER_TRY_HOST] = "host state: a CPU that let the entry through would load it at the exit",
	[ER_TRY_EXIT_AREA] = ("a VM-exit MSR area: the exit of an entry let through would use "
			      "it (a failure there is a VMX abort)"),
	[ER_TRY_EVENT] = "an entry let through would inject an event type the CPU does not implement",
	[ER_TRY_CAPS] = "the capability MSRs cannot express the break",
	[ER_TRY_CPU] = "the break needs another CPU (with or without SGX or RTM)",
	[ER_TRY_BASE] = "in the check VMCS the break does not hold alone",
	[ER_TRY_SKIP] = "left out by the command line (entryskip=)",
};

const char *er_try_name(enum er_try t)
{
	return (unsigned)t < ER_TRY_NR ? try_name[t] : "?";
}

const char *er_try_reason(enum er_try t)
{
	return (unsigned)t < ER_TRY_NR ? try_reason[t] : "?";
}

enum er_try er_rule_safety(unsigned i)
{
	const struct er_rule *r = er_rule(i);

	if (!r)
		return ER_TRY_NR;
	if (r->class == ER_CLASS_HOST)
		return ER_TRY_HOST;
	if (!strncmp(r->id, "ctrl.exit.msr_store.", 20) || !strncmp(r->id, "ctrl.exit.msr_load.", 19))
		return ER_TRY_EXIT_AREA;
	if (!strcmp(r->id, "ctrl.event.other"))
		return ER_TRY_EVENT;
	return ER_TRY_YES;
}

void er_expected_set(unsigned i, struct er_result *want)
{
	const struct er_rule *r = er_rule(i);
	const char *p = r->also;

	memset(want, 0, sizeof(*want));
	want->bits[i / 32] |= 1u << (i % 32);
	want->count = 1;
	while (p && *p) {
		char id[64];
		size_t n = 0;
		int j;

		while (p[n] && p[n] != ',' && n < sizeof(id) - 1) {
			id[n] = p[n];
			n++;
		}
		id[n] = 0;
		p += n;
		if (*p == ',')
			p++;
		j = er_rule_find(id);
		if (j < 0 || er_result_has(want, (unsigned)j))
			continue;
		want->bits[j / 32] |= 1u << (j % 32);
		want->count++;
	}
}

bool er_result_same(const struct er_result *a, const struct er_result *b)
{
	/* msr_index aside: the sets alone */
	return a->count == b->count && !memcmp(a->bits, b->bits, sizeof(a->bits));
}

enum er_try er_try_break(const struct er_vmcs *base, const struct er_env *e, unsigned i,
			 struct er_vmcs *out, struct er_result *want)
{
	enum er_try t = er_rule_safety(i);
	struct er_env ec = *e;
	struct er_result r;

	memset(want, 0, sizeof(*want));
	if (t != ER_TRY_YES)
		return t;
	*out = *base;
	if (!er_rule(i)->make(out, &ec))
		return ER_TRY_CAPS;
	if (ec.sgx != e->sgx || ec.rtm != e->rtm || ec.in_smm != e->in_smm)
		return ER_TRY_CPU;
	er_check(out, e, &r);
	er_expected_set(i, want);
	if (!er_result_same(&r, want))
		return ER_TRY_BASE;
	want->msr_index = r.msr_index;
	return ER_TRY_YES;
}
