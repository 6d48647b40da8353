/* SPDX-License-Identifier: MIT */
/*
 * The checks VMRUN makes on a VMCB before it enters the guest (APM Vol. 2
 * 15.5.1 "Basic Operation", "Canonicalization and Consistency Checks"; a
 * failure is #VMEXIT with EXITCODE VMEXIT_INVALID), plus the nested-paging
 * checks of 15.25.3. Pure code.
 *
 * Why a software copy: on a failed VMRUN the hardware says only "invalid",
 * and Bochs 2.7 even writes guest state over the VMCB, so picovisor checks
 * its VMCB itself (before VMRUN, or on a saved copy after the failure) and
 * names the rule that is broken.
 */
#ifndef PV_SVM_VMCB_CHECK_H
#define PV_SVM_VMCB_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "svm/pure/svm_defs.h"
#include "svm/pure/svm_caps.h"

/* What the checks need to know about the CPU. */
struct svm_check_env {
	unsigned maxphyaddr;	/* physical address width (CPUID 0x80000008 EAX[7:0]) */
	bool long_mode;		/* CPUID 0x80000001 EDX[29] */
	bool npt;		/* CPUID 0x8000000a EDX[0] */
	uint64_t cr4_valid;	/* CR4 bits the CPU implements; the rest are MBZ */
	uint64_t efer_valid;	/* EFER bits the CPU implements; the rest are MBZ */
	bool host_paging;	/* the host runs with CR0.PG 1 (always, for picovisor) */
};

/*
 * Fills env from the CPUID leaves in caps. Without leaves 1 and 7 the CR4
 * mask is every bit AMD64 defines; without 0x80000008 the width is 52.
 */
void svm_check_env_from_caps(struct svm_check_env *env, const struct svm_caps *c);

/* The rules, in the APM's order; the names are vmcb_rule_text(). */
enum vmcb_rule {
	VMCB_RULE_EFER_SVME,		/* EFER.SVME is zero */
	VMCB_RULE_CR0_CD_NW,		/* CR0.CD is zero and CR0.NW is set */
	VMCB_RULE_CR0_HIGH,		/* CR0[63:32] are not zero */
	VMCB_RULE_CR3_MBZ,		/* a must-be-zero bit of CR3 is set */
	VMCB_RULE_CR4_MBZ,		/* a must-be-zero bit of CR4 is set */
	VMCB_RULE_DR6_HIGH,		/* DR6[63:32] are not zero */
	VMCB_RULE_DR7_HIGH,		/* DR7[63:32] are not zero */
	VMCB_RULE_EFER_MBZ,		/* a must-be-zero bit of EFER is set */
	VMCB_RULE_EFER_NO_LM,		/* EFER.LMA/LME set, CPU without long mode */
	VMCB_RULE_LONG_NO_PAE,		/* EFER.LME and CR0.PG set, CR4.PAE zero */
	VMCB_RULE_LONG_NO_PE,		/* EFER.LME and CR0.PG set, CR0.PE zero */
	VMCB_RULE_LONG_CS_L_D,		/* EFER.LME, CR0.PG, CR4.PAE, CS.L, CS.D all set */
	VMCB_RULE_VMRUN_INTERCEPT,	/* the VMRUN intercept bit is clear */
	VMCB_RULE_MSRPM_ADDR,		/* MSR map reaches the max physical address */
	VMCB_RULE_IOPM_ADDR,		/* I/O map reaches the max physical address */
	VMCB_RULE_EVENT_TYPE,		/* EVENTINJ type is reserved (1, 5-7) (15.20) */
	VMCB_RULE_EVENT_EXC_NMI,	/* an injected exception has vector 2 */
	VMCB_RULE_EVENT_EXC_VEC,	/* an injected exception has a vector above 31 */
	VMCB_RULE_EVENT_EXC_64,		/* #OF or #BR injected into 64-bit mode (Bochs 2.7) */
	VMCB_RULE_ASID_ZERO,		/* guest ASID is zero (the host's) */
	VMCB_RULE_NP_UNSUPPORTED,	/* NP_ENABLE set, CPU without nested paging */
	VMCB_RULE_NCR3_MBZ,		/* N_CR3 above the max physical address */
	VMCB_RULE_GPAT,			/* G_PAT holds a reserved memory type (with NP) */
	VMCB_RULE_NP_HOST_PG,		/* NP_ENABLE set while the host has paging off */
	VMCB_RULE_NR,
};

/* Where the APM lists a rule (docs/entry-rules.md cites them by title). */
enum vmcb_section {
	VMCB_SEC_CONSISTENCY,	/* 15.5.1 "Canonicalization and Consistency Checks" */
	VMCB_SEC_EVENT,		/* 15.20 "Event Injection" */
	VMCB_SEC_NPT,		/* 15.25.3 "Enabling Nested Paging" */
	VMCB_SEC_NR,
};

const char *vmcb_rule_text(enum vmcb_rule r);
/* Stable short name, e.g. "vmrun.efer.svme"; "?" out of range. */
const char *vmcb_rule_id(enum vmcb_rule r);
enum vmcb_section vmcb_rule_section(enum vmcb_rule r);
const char *vmcb_section_title(enum vmcb_section s);
/* Rule index of an id, or -1. */
int vmcb_rule_find(const char *id);
/* What the emulators do with a rule (docs/entry-rules.md): "yes", "no", "?" */
const char *vmcb_rule_bochs(enum vmcb_rule r);
const char *vmcb_rule_qemu(enum vmcb_rule r);

/* Bit n set: rule n is broken. */
uint32_t vmcb_check_rules(const struct vmcb *v, const struct svm_check_env *env);

/*
 * Checks every rule; returns how many are broken (0: VMRUN should accept the
 * VMCB) and writes into why (if n > 0) every broken rule with the values
 * involved, "; "-separated, in rule order, e.g. "the VMRUN intercept bit is
 * clear (misc2 intercepts 0x0); guest ASID is zero". Empty when none.
 */
int vmcb_check(const struct vmcb *v, const struct svm_check_env *env, char *why, size_t n);

/*
 * The log form of a VMCB, read back by tools/svmdecode --entry-check: one
 * "vmcb: 0xOFFSET = 0xVALUE" line per non-zero quadword of the control and
 * state-save areas (a quadword not printed is 0), and the environment as
 * "vmcb: env maxphyaddr=N long_mode=B npt=B host_paging=B cr4=0xM efer=0xM".
 */
struct out;
void vmcb_print_words(struct out *o, const struct vmcb *v);
void vmcb_print_env(struct out *o, const struct svm_check_env *env);
/* Zeroes v, then takes every quadword line; returns the count taken. */
unsigned vmcb_parse_words(struct vmcb *v, const char *text, size_t len);
/* The same for the lines that start with prefix (e.g. "[cpu1] "); NULL: every line. */
unsigned vmcb_parse_words_cpu(struct vmcb *v, const char *text, size_t len, const char *prefix);
/*
 * tools/svmdecode --entry-check: a picovisor log with a "vmcb: env" line and
 * one or more CPUs' "[cpuN] vmcb: 0x..." blocks; prints per CPU every broken
 * VMRUN rule, or that every rule holds. 0: every rule holds, 3: one is
 * broken, 1 (message printed): no env line or no VMCB.
 */
int vmcb_decode_log(struct out *o, const char *text, size_t len);
/* True when the env line was found (env unchanged otherwise). */
bool vmcb_parse_env(struct svm_check_env *env, const char *text, size_t len);

/*
 * Confirming the rules on the CPU (the battery row vmrun_rules): why a rule
 * is not tried (svm/pure/vmcb_break.c).
 */
enum vmcb_try {
	VMCB_TRY_YES,		/* broken alone in the check VMCB and run */
	VMCB_TRY_TLB,		/* vmrun.asid.zero: guest translations in the host's ASID */
	VMCB_TRY_MODE,		/* vmrun.long.pe: long mode with protection off cannot exist */
	VMCB_TRY_PAGING,	/* a paging break without nested paging */
	VMCB_TRY_CPU,		/* the break needs another CPU */
	VMCB_TRY_BASE,		/* the break does not hold alone in the check VMCB */
	VMCB_TRY_SKIP,		/* named by entryskip= */
	VMCB_TRY_NR,
};
const char *vmcb_try_name(enum vmcb_try t);	/* "tlb", "paging", "cpu", "base", "skip" */
const char *vmcb_try_reason(enum vmcb_try t);
/* VMCB_TRY_TLB or VMCB_TRY_MODE for a rule never tried on any CPU, else VMCB_TRY_YES. */
enum vmcb_try vmcb_rule_safety(enum vmcb_rule r);
/* Breaks rule r in v; false when this CPU cannot have it broken (v then undefined). */
bool vmcb_break(struct vmcb *v, const struct svm_check_env *env, enum vmcb_rule r);
/* Rule r broken alone in a copy of base (which breaks none) into out; VMCB_TRY_YES or why not. */
enum vmcb_try vmcb_try_break(const struct vmcb *base, const struct svm_check_env *env,
			     enum vmcb_rule r, struct vmcb *out);

#endif
