/* SPDX-License-Identifier: MIT */
/*
 * Nested page tables (APM Vol. 2 15.25 "Nested Paging") for one guest:
 * guest-physical [0, size) -> host-physical [host_base, host_base + size).
 * The nested walk uses the host's paging format, here 4-level long-mode
 * tables (15.25.3: the nested paging mode is the host's at VMRUN), and
 * treats every access as a user access (15.25.5), so each level carries
 * U = 1 as well as P and R/W. Built by the 4-level builder of pure/pt4.h
 * (which the EPT shares). Pure code.
 */
#ifndef PV_SVM_PURE_NPT_H
#define PV_SVM_PURE_NPT_H

#include <stdbool.h>
#include <stdint.h>
#include "pure/pt4.h"

/* The builder's format: P, R/W, U/S on every level, PS on a 2 MiB leaf. */
extern const struct pt4_format npt_format;

/* 2 MiB leaves wherever guest and host addresses are both 2 MiB aligned; N_CR3 = pml4_pa. */
static inline enum pt4_err npt_build(struct pt4 *n, uint64_t host_base, uint64_t size,
				     pt4_alloc_fn alloc, void *ctx)
{
	return pt4_build(n, &npt_format, host_base, size, PT4_ALLOW_2M, alloc, ctx);
}

static inline const char *npt_err_name(enum pt4_err err)
{
	return pt4_err_name(&npt_format, err);
}

#endif
