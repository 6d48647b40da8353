/* SPDX-License-Identifier: MIT */
/*
 * The VM-entry rules confirmed on the CPU (docs/entry-rules.md; SDM Vol. 3C
 * "Checks on VMX Controls and Host-State Area", "Checking and Loading Guest
 * State", "Loading MSRs"; the failures in "VM-Entry Failures During or After
 * Loading Guest State" and VM-instruction errors 7 and 8).
 *
 * Set-up reads the check guest's known-good VMCS once (every field the
 * rules read) and breaks, one at a time, each rule of vmx/pure/entry_rules*.c
 * that can be broken without harm (er_try_break: never host state, never a
 * VM-exit MSR area) in that image, writing the fields the break changed.
 * It checks that the software check of the VMCS as the CPU holds it names
 * exactly that rule: the written fields are read back and compared, the
 * others hold what set-up read (restore writes them back), so when all of
 * them read back as written that image is the broken image er_try_break
 * already checked; otherwise the VMCS is read back (in full when a written
 * field reads back otherwise) and checked again (held_as_written). It then
 * enters (VMLAUNCH: these entries bypass run.c's entry_rules_hold on purpose)
 * and compares the CPU's answer with the architected one: VMfailValid 7 or 8,
 * or VM exit 33 / 34 with its qualification. A CPU that enters anyway runs
 * the guest program, which exits at once (VMCALL; the VMX-preemption timer
 * or the LAPIC timer behind it). After each try the fields the break wrote
 * are written back, after a VM exit every field the rules read (VMCLEAR and
 * VMPTRLD first: the launch state is clear again), and the pages the break
 * pointed at are zeroed.
 * The harness then enters the restored VMCS (its own software check first)
 * and the program ends: the row's result was recorded by set-up.
 *
 * PASS: the CPU agreed on every rule tried. FAIL names each rule it did not
 * enforce or enforced differently (console: one line each). Broken
 * (selftest=break-entry_rules): the first rule tried is entered unbroken.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "kernel/console.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/entry_check.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

extern const char vchk_g_entry_rules[];

/* Host pages of vchk_host_page: the pages a break points at, and the work images. */
#define PG_ZERO		0	/* EPT PML4, virtual-APIC page, PI descriptor, PDPTE target, misaligned */
#define PG_LINK		1	/* the linked VMCS */
#define PG_MSR		2	/* the VM-entry MSR-load area, a misaligned MSR area */
#define PG_WORK		3

struct work {
	struct er_vmcs base;		/* the known-good VMCS, as read */
	struct er_vmcs out;		/* the broken one: wanted, then as read back */
	unsigned ndirty;		/* the fields apply wrote (out differs from base) */
	uint16_t dirty[ERF_NR];
};
_Static_assert(sizeof(struct work) <= PAGE_SIZE, "work images fit a host page");

/* What VM entry did: VMfail (error), a failed entry (exit 33/34) or an entry. */
struct got {
	int insn;			/* VMX_SUCCEED, VMX_FAIL_VALID, VMX_FAIL_INVALID */
	uint32_t error;			/* VM-instruction error after VMfailValid */
	uint32_t reason;		/* full exit reason */
	uint64_t qual;
};

struct tally {
	unsigned tried, agreed, differed, software;
	unsigned rechecked;		/* tries checked again on the VMCS as read back */
	unsigned skipped[ER_TRY_NR];
	uint16_t differ[ER_RULES_MAX];	/* the rules the CPU or the read-back disagreed on */
	unsigned ndiffer;
};

static void outcome_text(char *buf, size_t n, const struct got *g)
{
	uint32_t basic = g->reason & VMX_EXIT_REASON_BASIC_MASK;

	if (g->insn == VMX_FAIL_VALID)
		snfmt(buf, n, "VMfailValid %u", g->error);
	else if (g->insn != VMX_SUCCEED)
		snfmt(buf, n, "VMfailInvalid");
	else if (g->reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		snfmt(buf, n, "exit %u qual %llu", basic, (unsigned long long)g->qual);
	else
		snfmt(buf, n, "entered (exit %u)", basic);
}

/* The architected answer to a state that breaks the rules in r. */
static void want_of(const struct er_result *r, struct got *w)
{
	struct er_outcome oc;

	er_outcome(r, &oc);
	*w = (struct got){ .insn = VMX_SUCCEED };
	if (oc.class == ER_CLASS_CTRL || oc.class == ER_CLASS_HOST) {
		w->insn = VMX_FAIL_VALID;
		w->error = oc.number;
	} else if (oc.class != ER_CLASS_NR) {
		w->reason = VMX_EXIT_REASONS_FAILED_VMENTRY | oc.number;
		w->qual = oc.qualification;
	}
}

static bool same(const struct got *a, const struct got *b)
{
	if (a->insn != b->insn)
		return false;
	if (a->insn == VMX_FAIL_VALID)
		return a->error == b->error;
	if (a->insn != VMX_SUCCEED)
		return true;
	if (!(a->reason & VMX_EXIT_REASONS_FAILED_VMENTRY))
		return !(b->reason & VMX_EXIT_REASONS_FAILED_VMENTRY);
	return a->reason == b->reason && a->qual == b->qual;
}

static bool in_page(uint64_t a, const void *page)
{
	uint64_t p = (uint64_t)(uintptr_t)page;

	return a >= p && a < p + PAGE_SIZE;
}

/*
 * Writes the fields where out differs from base, and what the state names
 * in memory: the linked VMCS's first word, the MSR-load entries. False (and
 * the field in *bad) when a VMWRITE failed.
 */
static bool apply(struct work *w, const uint8_t present[ERF_NR], void *link_pg,
		  void *msr_pg, unsigned *bad)
{
	const struct er_vmcs *o = &w->out;

	w->ndirty = 0;
	for (unsigned i = 0; i < ERF_NR; i++) {
		if (o->v[i] == w->base.v[i])
			continue;
		if (!present[i] || __vmwrite(er_field_encoding(i), o->v[i]) != VMX_SUCCEED) {
			*bad = i;
			return false;
		}
		w->dirty[w->ndirty++] = (uint16_t)i;
	}
	if (o->link_known && in_page(o->v[ERF_VMCS_LINK_POINTER], link_pg))
		*(volatile uint32_t *)(uintptr_t)o->v[ERF_VMCS_LINK_POINTER] = o->link_word;
	if (o->msr_load_known && in_page(o->v[ERF_VM_ENTRY_MSR_LOAD_ADDR], msr_pg))
		memcpy((void *)(uintptr_t)o->v[ERF_VM_ENTRY_MSR_LOAD_ADDR], o->msr_load,
		       sizeof(o->msr_load[0]) * o->msr_load_known);
	return true;
}

/*
 * The VMCS as the CPU now holds it, for the software check. The fields apply
 * wrote are read back (VMREAD) and compared with what was written, and the
 * link word and MSR-load entries are read again from memory where the fields
 * point. Every other field is not read back: it holds the value VMREAD gave
 * at set-up, because restore writes that value back after each try (all of
 * them after a VM exit) and nothing else writes the check VMCS meanwhile.
 * True: all of it reads back as written, so the image the CPU holds is out
 * itself, and er_try_break has already checked out (against the same CPU:
 * er_check does not look at the break pages of e). False: out is replaced
 * by the VMCS as read back (in full when a written field read back
 * otherwise), for er_check to look at, as every try did before.
 */
static bool held_as_written(struct work *w, const struct er_env *e_read)
{
	struct er_vmcs *o = &w->out;
	struct er_msr_entry msr[ER_MSR_AREA_MAX];
	bool link_known = o->link_known;
	uint32_t link_word = o->link_word;
	unsigned msr_known = o->msr_load_known;

	for (unsigned k = 0; k < w->ndirty; k++) {
		unsigned i = w->dirty[k];
		uint64_t x;

		if (__vmread(er_field_encoding(i), &x) != VMX_SUCCEED || x != o->v[i]) {
			vmx_entry_image_read(o, e_read);
			return false;
		}
	}
	memcpy(msr, o->msr_load, sizeof(msr));
	vmx_entry_image_memory(o);
	return o->link_known == link_known && o->link_word == link_word &&
	       o->msr_load_known == msr_known && !memcmp(o->msr_load, msr, sizeof(msr));
}

/* Back to the known-good VMCS; false (recorded) when a VMX instruction failed. */
static bool restore(struct vchk *c, const struct work *w, const struct er_env *e,
		    const uint8_t present[ERF_NR], bool exited)
{
	enum vmx_result r = VMX_SUCCEED;

	if (exited) {	/* the launch state is clear again, every field the rules read rewritten */
		r = vmclear(c->vmcs_pa);
		if (r == VMX_SUCCEED)
			r = vmptrld(c->vmcs_pa);
	}
	for (unsigned i = 0; i < ERF_NR && r == VMX_SUCCEED; i++) {
		if (!present[i] || (!exited && w->out.v[i] == w->base.v[i]))
			continue;
		r = __vmwrite(er_field_encoding(i), w->base.v[i]);
	}
	chk_fill((void *)(uintptr_t)e->page[ER_PAGE_LINK], 16, 0);
	chk_fill((void *)(uintptr_t)e->page[ER_PAGE_MSR_LOAD], 16 * ER_MSR_AREA_MAX + 16, 0);
	if (exited)
		chk_fill((void *)(uintptr_t)e->page[ER_PAGE_EPT], PAGE_SIZE, 0);
	memset(&c->g.regs, 0, sizeof(c->g.regs));
	if (r != VMX_SUCCEED) {
		vchk_insn_failed(c, "restoring the check VMCS", r);
		return false;
	}
	return true;
}

static void enter(struct vchk *c, struct got *g)
{
	bool lapic = !vchk_env_timer_watchdog();
	uint32_t basic;

	if (lapic)
		watchdog_lapic_arm(c->cpu);
	g->insn = vchk_vmenter(&c->g.regs, c->g.exit_stack_top, 0);
	if (lapic)
		watchdog_lapic_disarm(c->cpu);
	g->error = g->insn == VMX_FAIL_VALID ? vmcs_read32(VM_INSTRUCTION_ERROR) : 0;
	g->reason = g->insn == VMX_SUCCEED ? vmcs_read32(VM_EXIT_REASON) : 0;
	g->qual = g->insn == VMX_SUCCEED ? vmcs_readnat(EXIT_QUALIFICATION) : 0;
	basic = g->reason & VMX_EXIT_REASON_BASIC_MASK;
	if (g->insn == VMX_SUCCEED && basic == EXIT_REASON_EXTERNAL_INTERRUPT &&
	    (vmcs_read32(VM_EXIT_INTR_INFO) & INTR_INFO_VALID))
		lapic_eoi();	/* acknowledged by the exit (the LAPIC watchdog) */
}

static void note_differ(struct tally *t, unsigned i)
{
	if (t->ndiffer < ER_RULES_MAX)
		t->differ[t->ndiffer++] = (uint16_t)i;
}

/* One rule: break, read back, enter, compare, restore. False: stop (recorded). */
static bool try_rule(struct vchk *c, struct work *w, struct er_env *e, const struct er_env *e_read,
		     const uint8_t present[ERF_NR], unsigned i, bool unbroken, struct tally *t)
{
	const struct er_rule *ru = er_rule(i);
	struct er_result want, r;
	struct got wanted, got;
	char a[40], b[40];
	unsigned bad = 0;
	enum er_try why = checks_list_has(kopts.entryskip, ru->id) ? ER_TRY_SKIP :
			  er_try_break(&w->base, e, i, &w->out, &want);

	if (why != ER_TRY_YES) {
		t->skipped[why]++;
		pr_debug("entry_rules: %s: not tried (%s)\n", ru->id, er_try_name(why));
		return true;
	}
	want_of(&want, &wanted);
	if (unbroken)
		w->out = w->base;
	if (!apply(w, present, (void *)(uintptr_t)e->page[ER_PAGE_LINK],
		   (void *)(uintptr_t)e->page[ER_PAGE_MSR_LOAD], &bad)) {
		t->tried++;
		t->software++;
		pr_info("entry_rules: rule %s: VMWRITE of %s refused\n", ru->id, er_field_name(bad));
		note_differ(t, i);
		return restore(c, w, e, present, false);
	}
	/* The software check on the VMCS as it is now: exactly the rule (and its "also"). */
	if (held_as_written(w, e_read)) {
		r = want;	/* er_check of this very image named exactly want in er_try_break */
	} else {
		t->rechecked++;
		er_check(&w->out, e_read, &r);
	}
	t->tried++;
	if (!unbroken && !er_result_same(&r, &want)) {
		t->software++;
		pr_info("entry_rules: rule %s: the software check of the VMCS read back names %u "
			"rule(s), not exactly this one\n", ru->id, r.count);
		note_differ(t, i);
		return restore(c, w, e, present, false);
	}
	enter(c, &got);
	if (same(&got, &wanted)) {
		t->agreed++;
		if (console_level >= LOG_DEBUG) {	/* the text only where it is printed */
			outcome_text(b, sizeof(b), &got);
			pr_debug("entry_rules: %s: %s, agreed\n", ru->id, b);
		}
	} else {
		t->differed++;
		outcome_text(a, sizeof(a), &wanted);
		outcome_text(b, sizeof(b), &got);
		pr_info("entry_rules: rule %s: the CPU gave %s, the SDM says %s\n", ru->id, b, a);
		note_differ(t, i);
	}
	return restore(c, w, e, present, got.insn == VMX_SUCCEED);
}

static void setup(struct vchk *c)
{
	struct work *w = vchk_host_page(c, PG_WORK, 0);
	uint8_t present[ERF_NR];
	struct er_env e, e_read;
	struct er_result r;
	struct tally t;
	char detail[CHECK_DETAIL_MAX - 32];	/* room for the harness's [selftest=...] */
	struct out_buf sb;
	unsigned n = er_rule_count(), not_tried = 0;
	uint64_t t0 = rdtsc();
	bool first = true;

	memset(&t, 0, sizeof(t));
	/* The exit acknowledges the LAPIC watchdog's interrupt where there is no VMX-preemption timer. */
	if (!vchk_env_timer_watchdog())
		vchk_ctl(VM_EXIT_CONTROLS,
			 (uint32_t)(vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_EXIT) >> 32) &
				 VM_EXIT_ACK_INTR_ON_EXIT,
			 0);
	vmx_entry_env(&e);
	vmx_entry_image_read(&w->base, &e);
	if (er_check(&w->base, &e, &r)) {
		char why[CHECK_DETAIL_MAX - 40];

		vmx_entry_describe(why, sizeof(why), &r);
		vchk_fail(c, "the check VMCS breaks a rule before any break: %s", why);
		return;
	}
	er_fields_present(&e, present);
	e_read = e;	/* the CPU as vmx_entry_env gives it, before the pages move */
	for (unsigned k = 0; k < ER_PAGE_NR; k++)
		e.page[k] = (uint64_t)(uintptr_t)vchk_host_page(c, PG_ZERO, 0);
	e.page[ER_PAGE_LINK] = (uint64_t)(uintptr_t)vchk_host_page(c, PG_LINK, 0);
	e.page[ER_PAGE_MSR_LOAD] = (uint64_t)(uintptr_t)vchk_host_page(c, PG_MSR, 0);
	e.page[ER_PAGE_MSR_AREA] = e.page[ER_PAGE_MSR_LOAD];
	for (unsigned i = 0; i < n; i++) {
		bool unbroken = false;

		if (c->broken && first && !checks_list_has(kopts.entryskip, er_rule(i)->id) &&
		    er_try_break(&w->base, &e, i, &w->out, &r) == ER_TRY_YES) {
			unbroken = true;
			first = false;
		}
		if (!try_rule(c, w, &e, &e_read, present, i, unbroken, &t))
			return;
	}
	out_buf_init(&sb, detail, sizeof(detail));
	oprintf(&sb.out, "tried %u, agreed %u, differed %u; not tried ", t.tried, t.agreed,
		t.differed + t.software);
	for (unsigned k = ER_TRY_YES + 1; k < ER_TRY_NR; k++)
		not_tried += t.skipped[k];
	oprintf(&sb.out, "%u", not_tried);
	for (unsigned k = ER_TRY_YES + 1, first_k = 1; k < ER_TRY_NR; k++) {
		if (!t.skipped[k])
			continue;
		oprintf(&sb.out, "%s%s %u", first_k ? " (" : ", ", er_try_name((enum er_try)k),
			t.skipped[k]);
		first_k = 0;
	}
	oputs(&sb.out, not_tried ? ")" : "");
	/* The differing rules, as many as the detail holds (each has its console line). */
	for (unsigned k = 0; k < t.ndiffer; k++) {
		const char *id = er_rule(t.differ[k])->id;

		if (strlen(detail) + strlen(id) + 16 >= sizeof(detail)) {
			oprintf(&sb.out, " +%u more", t.ndiffer - k);
			break;
		}
		oprintf(&sb.out, "%s%s", k ? ", " : ": ", id);
	}
	pr_debug("entry_rules: %u rules, %u entries, %u checked again as read back, %llu TSC ticks\n",
		 n, t.tried - t.software, t.rechecked, (unsigned long long)(rdtsc() - t0));
	if (t.ndiffer)
		vchk_fail(c, "%s", detail);
	else
		vchk_pass(c, "%s", detail);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (vchk_call(c, CHK_CALL_DONE))
		return CHK_DONE; /* set-up recorded the result */
	return vchk_unexpected(c);
}

const struct vmx_check vchk_entry_rules = {
	.name = "entry_rules",
	.sdm = "SDM Vol. 3C 27.2, 27.3, 27.4, 27.8",
	.entry = vchk_g_entry_rules,
	.setup = setup,
	.exit = on_exit,
};
