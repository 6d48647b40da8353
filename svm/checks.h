/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V check battery (docs/checks.md, "The checks (AMD-V)"): every
 * advertised SVM feature exercised by a small guest of its own, on every
 * CPU that ran its main guest. One row per check (svm/checks/<name>.c,
 * listed in svm/checks/table.c): name, APM Vol. 2 section, needs, set-up,
 * guest program (guest/svm_checks.S), expected outcome (the exit handler).
 * svm/checks/run.c runs the rows with the harness of guest/checks.h (the
 * check guests' layout and hypercalls, shared with VT-x); pure/checks.c
 * aggregates the results.
 *
 * The constants are shared with the guest programs (guest/svm_checks.S).
 */
#ifndef PV_SVM_CHECKS_H
#define PV_SVM_CHECKS_H

#include "guest/checks.h"

/* The check guests' layout, GDT and hypercalls: guest/checks.h. */

/* pause_filter: the filter count and how many PAUSEs the guest tries at most. */
#define SCHK_PAUSE_COUNT	10
#define SCHK_PAUSE_MAX		40

/* pause_filter_threshold: count and threshold (cycles), the PAUSEs of each phase, and the
 * loop iterations (a DEC and a taken JNZ each) between two spaced PAUSEs. */
#define SCHK_PFT_COUNT		10
#define SCHK_PFT_THRESH		1000
#define SCHK_PFT_SPACED		20
#define SCHK_PFT_GAP		20000
#define SCHK_PFT_TIGHT		40

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "pure/checks.h"
#include "svm/guest.h"
#include "svm/pure/svm_defs.h"

struct percpu;

/* One check run on one CPU: the state its set-up and exit handler share. */
struct schk {
	struct percpu *cpu;
	struct svm_guest g;		/* what vmcb_setup() reads: maps, ASID, NPT, entry */
	struct vmcb *vmcb;
	uint8_t *mem;			/* guest memory (identity-mapped host pointer) */
	struct chk_tables npt;		/* NULL without NPT */
	uint64_t npt_pool_pa;
	uint8_t *iopm, *msrpm;
	struct vmcb *vmcb_copy;		/* the VMCB as the first VMRUN got it */
	uint64_t *drain_idt;		/* the host's IDT plus gates 32-255 (run.c) */
	bool broken;			/* selftest=break-<this check>: set-up broken on purpose */
	bool tsc_ratio_set;		/* TSC_RATIO is not 1.0: put it back after the row */

	/* The run. */
	unsigned exits;
	unsigned intr;			/* INTR exits that were not the watchdog */
	unsigned step;			/* the check's own progress */
	const char *waiting;		/* what the guest waits for, named if the watchdog stops it */
	uint64_t tsc_entry, tsc_exit;	/* host TSC around the last VMRUN */
	uint64_t val[4];		/* check-private values */

	/* The last #VMEXIT. */
	uint64_t code, info1, info2, rip;
	bool injected;			/* the row wrote EVENTINJ after it (ops inject) */

	struct check_record *rec;	/* this run's outcome (kernel/checkrun.c owns it) */
	struct chk_run run;		/* what a row for both vendors sees (guest/checks.h) */
};

/* A row: AMD-V's own, or one for both vendors (row, with AMD-V's needs). */
struct svm_check {
	const struct chk_row *row;	/* a row for both vendors: the rest but feat/npt unused */
	const char *name;
	const char *apm;		/* "APM Vol. 2 15.11" */
	uint32_t feat;			/* CPUID 0x8000000a EDX bits it needs (SVM_FEAT_*) */
	bool npt;			/* needs nested paging in use (svm_config.npt) */
	const char *entry;		/* the guest program (guest/svm_checks.S) */
	/* VMCB and memory changes after the common set-up; c->broken breaks it on purpose. */
	void (*setup)(struct schk *c);
	/* One #VMEXIT (c->code, c->info1, c->info2, c->rip): the expected outcome. */
	enum chk_verdict (*exit)(struct schk *c);
};

/* The table's entry of a row for both vendors (guest/checks/<name>.c), with AMD-V's needs. */
#define SVM_CHECK_BOTH(r, ...)	(&(const struct svm_check){ .row = &(r), __VA_ARGS__ })

static inline const char *svm_check_name(const struct svm_check *k)
{
	return k->row ? chk_row_name(k->row, CHK_SVM) : k->name;
}

extern const struct svm_check *const svm_checks[];
extern const unsigned svm_checks_count;

/* The backend's run_checks (kernel/backend.h). */
void svm_run_checks(struct percpu *p);

/* Helpers for the rows (svm/checks/run.c). */
/* Record the result and its detail (guest/checks.h); return CHK_DONE. */
#define schk_pass(c, ...)	chk_record((c)->rec, CHECK_PASS, __VA_ARGS__)
#define schk_fail(c, ...)	chk_record((c)->rec, CHECK_FAIL, __VA_ARGS__)
/* FAIL naming an exit the check did not expect (code, EXITINFO1/2, RIP). */
enum chk_verdict schk_unexpected(struct schk *c);
/* A VMMCALL exit with EAX = call? */
bool schk_call(const struct schk *c, uint32_t call);
/* Past the intercepted instruction of len bytes (nRIP where the CPU saves it, else len). */
void schk_skip(struct schk *c, unsigned len);
/* Guest-physical address of a symbol of guest/svm_checks.S. */
uint64_t schk_ga(const char *sym);
/* A 32-bit interrupt gate for vector in the guest's IDT. */
void schk_set_gate(struct schk *c, unsigned vector, const char *handler);
/* A 32-bit word of guest memory. */
static inline uint32_t schk_word(const struct schk *c, uint64_t gpa)
{
	return chk_guest_word(c->mem, gpa);
}
static inline void schk_set_word(struct schk *c, uint64_t gpa, uint32_t v)
{
	chk_guest_set_word(c->mem, gpa, v);
}
/* The nested-page-table leaf of a guest-physical page (NULL without NPT). */
uint64_t *schk_npte(struct schk *c, uint64_t gpa);
/* The guest's own 32-bit PTE of a linear page below 4 MiB. */
uint32_t *schk_gpte(struct schk *c, uint32_t linear);
/* The value a guest PTE needs to map guest-physical gpa (host-physical without NPT). */
uint32_t schk_gpte_value(const struct schk *c, uint64_t gpa);

/* svm/checks/entry.S: one VMRUN of vmcb_pa; returns at its #VMEXIT. */
void svm_chk_vmrun(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_save_pa);
/* The gate the run loop points vectors 32-255 at to take a stale interrupt (EOI). */
void svm_chk_drain_isr(void);
/* Take an interrupt the LAPIC watchdog left requested in the host (svm/checks/run.c). */
void schk_drain_interrupts(struct schk *c);

/* guest/svm_checks.S */
extern const char schk_image[], schk_image_end[];
#endif

#endif
