/* SPDX-License-Identifier: MIT */
/*
 * Decisions of the VT-x rows that load and save guest state and of the
 * EPT permission matrix (docs/checks.md): which IA32_PERF_GLOBAL_CTRL bits
 * exist, when the load_perf_global_ctrl row can run, and what a guest
 * access through an EPT leaf of given permissions must give. Pure code.
 */
#ifndef PV_VMX_VMSTATE_H
#define PV_VMX_VMSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * IA32_PERF_GLOBAL_CTRL bits that name a counter (SDM Vol. 3B 21.2.2, Vol. 2A
 * CPUID leaf 0AH): bits 0..n-1 for the n general-purpose counters of
 * EAX[15:8], bits 32..32+m-1 for the m fixed counters of EDX[4:0] (version
 * 2 and later). 0 without leaf 0AH (max_leaf < 0xa) or with version 0.
 */
uint64_t pmu_global_ctrl_valid(uint32_t max_leaf, uint32_t eax_a, uint32_t edx_a);

/*
 * NULL when load_perf_global_ctrl can run on this CPU: an architectural PMU
 * of version 2 or later (the global control MSR exists from version 2) with
 * at least one general-purpose counter, and not a model of Linux's
 * cpu_has_perf_global_ctrl_bug() (KVM does not use the controls there).
 * Otherwise why (e.g. "no architectural PMU with IA32_PERF_GLOBAL_CTRL
 * (CPUID 0xa: version 0)").
 */
const char *pmu_global_ctrl_unmet(uint32_t max_leaf, uint32_t eax_a, uint32_t signature,
				  char *why, size_t len);

/* EPT leaf permission bits (SDM Vol. 3C Table 29-6): bit 0 R, 1 W, 2 X. */
#define EPT_PERM_R		1u
#define EPT_PERM_W		2u
#define EPT_PERM_X		4u

enum ept_access {
	EPT_ACCESS_READ,
	EPT_ACCESS_WRITE,
	EPT_ACCESS_FETCH,
	EPT_ACCESS_NR,
};

enum ept_outcome {
	EPT_OUTCOME_ACCESS,		/* the access completes */
	EPT_OUTCOME_VIOLATION,		/* exit 48 */
	EPT_OUTCOME_MISCONFIG,		/* exit 49 */
};

/*
 * What a guest access through a present-or-not EPT leaf with permissions perm
 * (bits 2:0) gives (SDM Vol. 3C 29.3.3.1, 29.3.3.2): a misconfiguration when
 * W is set without R, or X alone where execute-only is not supported
 * (IA32_VMX_EPT_VPID_CAP[0]); else a violation when the access's permission
 * is clear (a not-present leaf, perm 0, always violates); else access.
 */
enum ept_outcome ept_access_outcome(unsigned perm, bool exec_only, enum ept_access a);

/*
 * The EPT-violation exit qualification bits 5:0 expected for that access
 * (SDM Vol. 3C Table 29-7): bit 0 read, 1 write, 2 fetch, 3..5 the leaf's
 * R, W, X. Bits 7 and 8 (linear address valid, translation) come from the
 * guest's paging and are not part of it.
 */
uint64_t ept_violation_qual(unsigned perm, enum ept_access a);

#endif
