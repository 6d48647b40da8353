/* SPDX-License-Identifier: MIT */
/*
 * An event whose delivery a VM exit cut short is delivered again (SDM Vol.
 * 3C 28.2.4 "Information for VM Exits During Event Delivery", 27.6; APM
 * Vol. 2 15.7.2 "Intercepts During IDT Interrupt Delivery", 15.20): the
 * exit records the event (IDT-vectoring information, its error code and,
 * for a software event, the instruction length; EXITINTINFO), the run loop
 * delivers it again at the next entry (vmx/redeliver.c,
 * svm/pure/redeliver.c), and the guest's handler runs once, as if the exit
 * had never happened.
 *
 * The page with the guest's GDT and IDT (CHK_GDT_GPA) is taken out of the
 * EPT / nested page tables twice, so that reading the IDT gate exits (EPT
 * violation / NPF) during delivery:
 * 1. of a #GP with error code 0x1e58 injected at the first entry. Expected:
 *    the exit records it exactly so (hardware exception 13, error code
 *    0x1e58); with the page back, the #GP handler runs once (D0 counts)
 *    with that error code (D1) and returns (D2) to the program's first
 *    instruction, which reports.
 * 2. of the guest's own INT 0x43. Expected: the exit, at the INT (VT-x:
 *    software interrupt 0x43, instruction length 2; AMD-V: type 4, vector
 *    0x43), then the handler runs once (D3) and returns (D4) past the INT,
 *    where the program ends. VT-x re-injects it with the length; AMD-V runs
 *    the INT again (svm/pure/redeliver.h says why).
 * Broken: the run loop does not deliver the cut-short event again
 * (chk_run.no_redelivery), so the #GP handler never runs.
 */
#include "guest/checks.h"

#define GP_ERROR	0x1e58
#define INT_LEN		2				/* CD ib */
#define TABLE_PAGE	(CHK_GDT_GPA / PAGE_SIZE)	/* also holds the IDT (CHK_IDT_GPA) */
_Static_assert(CHK_IDT_GPA / PAGE_SIZE == TABLE_PAGE, "the GDT and IDT share one page");

enum { STEP_GP, STEP_GP_RAN, STEP_INT, STEP_INT_RAN };
enum { VAL_PTE, VAL_GPAS, VAL_RAW, VAL_INT_RAW };	/* VAL_GPAS: #GP's in 31:0, INT's above */

CHK_PROG_EXTERN(g_redeliver);
CHK_PROG_EXTERN(g_redeliver_int);
CHK_PROG_EXTERN(g_redeliver_end);
CHK_PROG_EXTERN(h_redeliver_gp);
CHK_PROG_EXTERN(h_redeliver_int);

static const char *fault_name(const struct chk_run *r)
{
	return r->vendor == CHK_VMX ? "EPT violation" : "NPF";
}

static void unmap_tables(struct chk_run *r)
{
	r->tables->pt[TABLE_PAGE] = 0;
}

static void setup(struct chk_run *r)
{
	chk_run_gate(r, X86_TRAP_GP, CHK_PROG(h_redeliver_gp));
	chk_run_gate(r, CHK_VEC_SOFT, CHK_PROG(h_redeliver_int));
	r->no_redelivery = r->broken;
	if (!r->tables->pt)	/* the row's need (EPT / NPT) keeps this from happening */
		return;
	r->val[VAL_PTE] = r->tables->pt[TABLE_PAGE];
	unmap_tables(r);
	r->ops->inject(r, CHK_INJECT_EXCEPTION, X86_TRAP_GP, true, GP_ERROR);
}

/* The event the exit recorded is the one expected (what: "#GP", "INT 0x43"), else the FAIL. */
static bool recorded(struct chk_run *r, const struct chk_exit *e, const char *what, bool valid,
		     bool ok, const struct chk_event *ev)
{
	if (e->gpa / PAGE_SIZE != TABLE_PAGE)
		chk_run_fail(r, "%s at guest-physical 0x%llx during the %s, outside the IDT's page "
			     "0x%x", fault_name(r), (unsigned long long)e->gpa, what, CHK_GDT_GPA);
	else if (!valid)
		chk_run_fail(r, "%s at 0x%llx during the %s, but %s is not valid (0x%llx)",
			     fault_name(r), (unsigned long long)e->gpa, what, ev->field,
			     (unsigned long long)ev->raw);
	else if (!ok)
		chk_run_fail(r, "%s at 0x%llx during the %s: %s 0x%llx (type %u, vector 0x%x, "
			     "error code %s0x%x%s)", fault_name(r), (unsigned long long)e->gpa,
			     what, ev->field, (unsigned long long)ev->raw, ev->type, ev->vector,
			     ev->error_valid ? "" : "none, ", ev->error,
			     r->vendor != CHK_VMX ? "" : ev->length == INT_LEN ? ", length 2" :
			     ", length not 2");
	else
		return true;
	return false;
}

/* The exit during a delivery: what it recorded, then the page back. */
static enum chk_verdict on_fault(struct chk_run *r, const struct chk_exit *e)
{
	struct chk_event ev;
	bool valid = r->ops->delivering(r, &ev);
	uint64_t at = chk_run_ga(r, CHK_PROG(g_redeliver_int));

	if (r->step == STEP_GP) {
		if (!recorded(r, e, "#GP", valid, ev.hardware_exception && ev.vector == X86_TRAP_GP &&
			      ev.error_valid && ev.error == GP_ERROR, &ev))
			return CHK_DONE;
		r->val[VAL_GPAS] = (uint32_t)e->gpa;
		r->val[VAL_RAW] = ev.raw;
	} else {
		if (!recorded(r, e, "INT 0x43", valid, ev.software_interrupt &&
			      ev.vector == CHK_VEC_SOFT && !ev.error_valid &&
			      (r->vendor != CHK_VMX || ev.length == INT_LEN), &ev))
			return CHK_DONE;
		if (e->rip != at)
			return chk_run_fail(r, "%s during the INT 0x43 at rip 0x%llx, not at the INT "
					    "(0x%llx)", fault_name(r), (unsigned long long)e->rip,
					    (unsigned long long)at);
		r->val[VAL_GPAS] |= e->gpa << 32;
		r->val[VAL_INT_RAW] = ev.raw;
	}
	r->tables->pt[TABLE_PAGE] = r->val[VAL_PTE];	/* a not-present entry is never cached */
	r->step++;
	return CHK_RESUME;
}

/* The handler ran once: runs, and the word it saw (what) against want; else the FAIL. */
static bool ran_once(struct chk_run *r, const char *handler, uint32_t runs, uint32_t ret,
		     uint64_t want_ret, const char *cut)
{
	if (!runs)
		chk_run_fail(r, "the %s handler never ran: the event the %s cut short (%s) was not "
			     "delivered again", handler, cut,
			     r->vendor == CHK_VMX ? "IDT-vectoring information" : "EXITINTINFO");
	else if (runs != 1 || ret != want_ret)
		chk_run_fail(r, "the %s handler ran %u times, returning to 0x%x; expected once, to "
			     "0x%llx", handler, runs, ret, (unsigned long long)want_ret);
	else
		return true;
	return false;
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	struct chk_exit e;

	if (!r->tables->pt)
		return chk_run_fail(r, "no EPT / nested page tables to take the IDT's page from");
	r->ops->decode(r, &e);
	if ((r->step == STEP_GP || r->step == STEP_INT) && e.kind == CHK_EXIT_GPA_FAULT)
		return on_fault(r, &e);
	if (r->step == STEP_GP && (chk_exit_done(&e) || r->ops->call(r, CHK_CALL_REPORT)))
		return chk_run_fail(r, "no exit during the injected #GP's delivery (its handler "
				    "ran %u times)", chk_run_word(r, CHK_D0));
	if (r->step == STEP_GP_RAN && r->ops->call(r, CHK_CALL_REPORT)) {
		if (!ran_once(r, "#GP", chk_run_word(r, CHK_D0), chk_run_word(r, CHK_D2),
			      chk_run_ga(r, CHK_PROG(g_redeliver)), fault_name(r)))
			return CHK_DONE;
		if (chk_run_word(r, CHK_D1) != GP_ERROR)
			return chk_run_fail(r, "the #GP handler popped error code 0x%x, expected "
					    "0x%x", chk_run_word(r, CHK_D1), GP_ERROR);
		unmap_tables(r);
		r->step = STEP_INT;
		r->ops->skip(r, CHK_CALL_LEN);
		return CHK_RESUME;
	}
	if (r->step == STEP_INT && chk_exit_done(&e))
		return chk_run_fail(r, "no exit during the INT 0x43's delivery (its handler ran %u "
				    "times)", chk_run_word(r, CHK_D3));
	if (r->step != STEP_INT_RAN || !chk_exit_done(&e))
		return r->ops->unexpected(r);
	if (!ran_once(r, "INT 0x43", chk_run_word(r, CHK_D3), chk_run_word(r, CHK_D4),
		      chk_run_ga(r, CHK_PROG(g_redeliver_end)), fault_name(r)))
		return CHK_DONE;
	return chk_run_pass(r, "#GP (error code 0x%x) cut short by an %s at 0x%llx (%s 0x%llx), "
			    "INT 0x43 by one at 0x%llx (0x%llx); %s, each handler ran once",
			    GP_ERROR, fault_name(r), (unsigned long long)(uint32_t)r->val[VAL_GPAS],
			    r->vendor == CHK_VMX ? "IDT-vectoring info" : "EXITINTINFO",
			    (unsigned long long)r->val[VAL_RAW],
			    (unsigned long long)(r->val[VAL_GPAS] >> 32),
			    (unsigned long long)r->val[VAL_INT_RAW],
			    r->vendor == CHK_VMX ? "both re-injected (INT length 2)" :
			    "#GP re-injected, INT run again");
}

const struct chk_row chk_row_event_redelivery = {
	.name = "event_redelivery",
	.sdm = "SDM Vol. 3C 28.2.4, 27.6",
	.apm = "APM Vol. 2 15.7.2, 15.20",
	.entry = CHK_PROG(g_redeliver),
	.setup = setup,
	.exit = on_exit,
};
