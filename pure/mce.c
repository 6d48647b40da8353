/* SPDX-License-Identifier: MIT */
#include "arch/x86/msr-index.h"
#include "lib/bits.h"
#include "pure/mce.h"

unsigned mce_bank_count(uint64_t mcg_cap)
{
	unsigned n = (unsigned)(mcg_cap & MCG_BANKCNT_MASK);

	return n > MCE_BANKS_MAX ? MCE_BANKS_MAX : n;
}

bool mce_bank_ctl_keep(bool intel, unsigned family, unsigned model, unsigned bank)
{
	return intel && family == 6 && model < 0x1a && bank == 0;
}

enum mce_grade mce_grade(uint64_t status)
{
	if (!(status & MCI_STATUS_VAL))
		return MCE_GRADE_NONE;
	if (status & (MCI_STATUS_UC | MCI_STATUS_PCC))
		return MCE_GRADE_UNCORRECTED;
	return MCE_GRADE_CORRECTED;
}

bool mce_can_resume(uint64_t mcg_status)
{
	return mcg_status & MCG_STATUS_RIPV;
}

const char *mce_found_name(enum mce_found f)
{
	switch (f) {
	case MCE_FOUND_BOOT: return "boot";
	case MCE_FOUND_EXCEPTION: return "exception";
	case MCE_FOUND_POLL: return "poll";
	default: return "?";
	}
}

void mce_describe(struct out *o, const struct mce_record *r)
{
	static const struct { uint64_t bit; const char *name; } flags[] = {
		{ MCI_STATUS_OVER, "OVER" }, { MCI_STATUS_PCC, "PCC" }, { MCI_STATUS_S, "S" },
		{ MCI_STATUS_AR, "AR" }, { MCI_STATUS_ADDRV, "ADDRV" }, { MCI_STATUS_MISCV, "MISCV" },
	};
	enum mce_grade g = mce_grade(r->status);

	oprintf(o, "bank %u: status 0x%llx (%s", r->bank, (unsigned long long)r->status,
		g == MCE_GRADE_UNCORRECTED ? "uncorrected" : g == MCE_GRADE_CORRECTED ?
		"corrected" : "not valid");
	for (unsigned i = 0; i < ARRAY_SIZE(flags); i++)
		if (r->status & flags[i].bit)
			oprintf(o, ", %s", flags[i].name);
	oprintf(o, ")");
	if (r->status & MCI_STATUS_ADDRV)
		oprintf(o, ", addr 0x%llx", (unsigned long long)r->addr);
	if (r->status & MCI_STATUS_MISCV)
		oprintf(o, ", misc 0x%llx", (unsigned long long)r->misc);
}
