/* SPDX-License-Identifier: MIT */
/* The load/save rows' and the EPT permission matrix's decisions (vmx/pure/vmstate.h). */
#include "lib/bits.h"
#include "lib/out.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/vmstate.h"

#define PMU_VERSION(eax)	((eax) & 0xff)
#define PMU_GP_COUNTERS(eax)	(((eax) >> 8) & 0xff)
#define PMU_FIXED_COUNTERS(edx)	((edx) & 0x1f)

uint64_t pmu_global_ctrl_valid(uint32_t max_leaf, uint32_t eax_a, uint32_t edx_a)
{
	unsigned gp = PMU_GP_COUNTERS(eax_a), fixed = PMU_FIXED_COUNTERS(edx_a);
	uint64_t v = 0;

	if (max_leaf < 0xa || !PMU_VERSION(eax_a))
		return 0;
	if (gp > 32)		/* bits 31:0 at most; a larger count is not architectural */
		gp = 32;
	if (gp)
		v |= GENMASK(gp - 1, 0);
	if (fixed && PMU_VERSION(eax_a) >= 2)
		v |= GENMASK(32 + fixed - 1, 32);
	return v;
}

const char *pmu_global_ctrl_unmet(uint32_t max_leaf, uint32_t eax_a, uint32_t signature,
				  char *why, size_t len)
{
	struct out_buf b;

	out_buf_init(&b, why, len);
	if (max_leaf < 0xa)
		oprintf(&b.out, "not advertised: no architectural PMU (CPUID leaf 0xa above the "
			"maximum leaf 0x%x)", max_leaf);
	else if (PMU_VERSION(eax_a) < 2)
		oprintf(&b.out, "not advertised: no IA32_PERF_GLOBAL_CTRL (CPUID 0xa: architectural "
			"PMU version %u, the MSR exists from version 2)", PMU_VERSION(eax_a));
	else if (!PMU_GP_COUNTERS(eax_a))
		oputs(&b.out, "not advertised: no general-purpose counter (CPUID 0xa EAX[15:8] = 0)");
	else if (kvm_vmx_perf_global_ctrl_bug(signature))
		oprintf(&b.out, "not used on this model (CPUID signature 0x%x): a VM exit may clear "
			"IA32_PERF_GLOBAL_CTRL[34:32] (Linux cpu_has_perf_global_ctrl_bug)", signature);
	else
		return NULL;
	return why;
}

enum ept_outcome ept_access_outcome(unsigned perm, bool exec_only, enum ept_access a)
{
	static const unsigned need[EPT_ACCESS_NR] = {
		[EPT_ACCESS_READ] = EPT_PERM_R,
		[EPT_ACCESS_WRITE] = EPT_PERM_W,
		[EPT_ACCESS_FETCH] = EPT_PERM_X,
	};

	perm &= EPT_PERM_R | EPT_PERM_W | EPT_PERM_X;
	if ((perm & EPT_PERM_W) && !(perm & EPT_PERM_R))
		return EPT_OUTCOME_MISCONFIG;
	if (perm == EPT_PERM_X && !exec_only)
		return EPT_OUTCOME_MISCONFIG;
	return perm & need[a] ? EPT_OUTCOME_ACCESS : EPT_OUTCOME_VIOLATION;
}

uint64_t ept_violation_qual(unsigned perm, enum ept_access a)
{
	return BIT(a) | (uint64_t)(perm & 7u) << 3;
}
