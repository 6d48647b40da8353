/* SPDX-License-Identifier: MIT */
/* A fresh check guest per check (vmx/checks/env.c). */
#ifndef PV_VMX_CHECKS_ENV_H
#define PV_VMX_CHECKS_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/checks.h"

/* This CPU's check state: guest memory, VMCS, EPT pool, bitmaps, exit stack (once). */
struct chk *chk_env_create(struct percpu *p);
/*
 * Everything for row k from scratch: code, page tables, EPT, GDT, IDT
 * (no gates), bitmaps intercepting everything, a new current VMCS filled
 * by vmcs_setup() with the checks' exit stub, the VMX-preemption timer as
 * a watchdog where it exists, stale translations invalidated. False (and
 * the check failed) when a VMX instruction failed.
 */
bool chk_env_prepare(struct chk *c, const struct vmx_check *k);

/* A 32-bit guest: map the 4 MiB around linear (= guest-physical) through CHK_PT2_GPA. */
void chk_map_linear_4m(struct chk *c, uint32_t linear);
/* An IA-32e guest's 4-level paging over its memory; returns the CR3 value. */
uint64_t chk_build_paging64(struct chk *c);
/* An EPT leaf entry, write-back, with perms (EPT_READ | ...), large for 2 MiB / 1 GiB. */
uint64_t chk_ept_leaf(uint64_t hpa, uint64_t perms, bool large);

#endif
