/* SPDX-License-Identifier: MIT */
/*
 * Machine-check architecture decisions (SDM Vol. 3B chapter 16; AMD APM
 * Vol. 2 chapter 9): how many banks to use, which banks' control registers
 * to leave alone, how bad an error a bank reports, and its text. The MSR
 * accesses are kernel/events.c's. Pure code.
 */
#ifndef PV_PURE_MCE_H
#define PV_PURE_MCE_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"

/* IA32_MCG_CAP[7:0] can name 255 banks; Linux's MAX_NR_BANKS is 64, real parts have < 32. */
#define MCE_BANKS_MAX		32

/* How a bank's error came to light. */
enum mce_found {
	MCE_FOUND_BOOT,		/* in the bank at start-up: from before this boot */
	MCE_FOUND_EXCEPTION,	/* read by the #MC handler (host or guest) */
	MCE_FOUND_POLL,		/* found by polling (corrected errors raise no #MC) */
};

enum mce_grade {
	MCE_GRADE_NONE,		/* MCi_STATUS.VAL clear */
	MCE_GRADE_CORRECTED,	/* VAL, neither UC nor PCC */
	MCE_GRADE_UNCORRECTED,	/* VAL and UC or PCC */
};

/* One error as a bank reported it; addr and misc are 0 unless ADDRV / MISCV. */
struct mce_record {
	uint64_t status, addr, misc;
	uint8_t bank;
	uint8_t found;		/* enum mce_found */
};

/* Banks to use: IA32_MCG_CAP[7:0], at most MCE_BANKS_MAX. */
unsigned mce_bank_count(uint64_t mcg_cap);
/*
 * Whether bank `bank`'s MCi_CTL must be left as the firmware set it. Linux
 * (mce/core.c, __mcheck_cpu_apply_quirks): on Intel family 6 before model
 * 0x1A (Nehalem) bank 0 is the firmware's (writing it can signal spurious
 * errors); K7's bank-0 quirk concerns 32-bit CPUs only.
 */
bool mce_bank_ctl_keep(bool intel, unsigned family, unsigned model, unsigned bank);
enum mce_grade mce_grade(uint64_t status);
/* Whether the interrupted code may resume after the #MC (IA32_MCG_STATUS.RIPV). */
bool mce_can_resume(uint64_t mcg_status);
/* "bank 1: status 0x... (uncorrected, PCC, ADDRV, MISCV), addr 0x..., misc 0x..." */
void mce_describe(struct out *o, const struct mce_record *r);
const char *mce_found_name(enum mce_found f);

#endif
