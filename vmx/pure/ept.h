/* SPDX-License-Identifier: MIT */
/*
 * EPT paging structures (SDM Vol. 3C 29.3.2, tables 29-1..29-6) for one
 * guest: [0, size) guest-physical -> [host_base, host_base + size)
 * host-physical, write-back, read/write/execute, built by the 4-level
 * builder of pure/pt4.h (which the nested page tables share). Pure code.
 */
#ifndef PV_VMX_PURE_EPT_H
#define PV_VMX_PURE_EPT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/bits.h"
#include "pure/pt4.h"

/* EPT paging-structure entry bits (SDM 29.3.2). */
#define EPT_READ		BIT(0)
#define EPT_WRITE		BIT(1)
#define EPT_EXEC		BIT(2)	/* supervisor-mode execute with MBEC */
#define EPT_RWX			(EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MT_SHIFT		3	/* leaf: EPT memory type, bits 5:3 */
#define EPT_MT_MASK		GENMASK(5, 3)
#define EPT_IGNORE_PAT		BIT(6)
#define EPT_LARGE_PAGE		BIT(7)	/* PDPTE: 1 GiB page, PDE: 2 MiB page */
#define EPT_ACCESSED		BIT(8)
#define EPT_DIRTY		BIT(9)
#define EPT_ADDR_MASK		GENMASK(51, 12)

/* EPT memory types (SDM 29.3.7) and the EPTP (SDM 25.6.11). */
#define EPT_MT_UC		0
#define EPT_MT_WB		6
#define EPTP_MT_WB		6
#define EPTP_PWL_SHIFT		3	/* page-walk length - 1, bits 5:3 */
#define EPTP_PWL_4		(3 << EPTP_PWL_SHIFT)
#define EPTP_AD_ENABLE		BIT(6)

/* The builder's format (pure/pt4.h): non-leaf R/W/X, leaves R/W/X and write-back. */
extern const struct pt4_format ept_format;

/* [0, size) -> [host_base, host_base + size), leaves as allow (PT4_ALLOW_*) permits. */
static inline enum pt4_err ept_build(struct pt4 *e, uint64_t host_base, uint64_t size,
				     unsigned allow, pt4_alloc_fn alloc, void *ctx)
{
	return pt4_build(e, &ept_format, host_base, size, allow, alloc, ctx);
}

static inline const char *ept_err_name(enum pt4_err err)
{
	return pt4_err_name(&ept_format, err);
}

/* EPTP: PML4 address | WB | 4-level walk (SDM 25.6.11). */
uint64_t ept_eptp(const struct pt4 *e);

#endif
