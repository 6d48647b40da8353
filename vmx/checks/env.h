/* SPDX-License-Identifier: MIT */
/* A fresh check guest per check (vmx/checks/env.c). */
#ifndef PV_VMX_CHECKS_ENV_H
#define PV_VMX_CHECKS_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/checks.h"

/* This CPU's check state: guest memory, VMCS, EPT pool, bitmaps, exit stack (once). */
struct vchk *vchk_env_create(struct percpu *p);
/*
 * Everything for row k from scratch: code, page tables, EPT, GDT, IDT
 * (no gates), bitmaps intercepting everything, a new current VMCS filled
 * by vmcs_setup() with the checks' exit stub, the VMX-preemption timer as
 * a watchdog where it exists, stale translations invalidated. False (and
 * the check failed) when a VMX instruction failed.
 */
bool vchk_env_prepare(struct vchk *c, const struct vmx_check *k);

/* The VMX-preemption timer is each check's watchdog (else run.c arms the LAPIC timer). */
bool vchk_env_timer_watchdog(void);

/* A 32-bit guest: map the 4 MiB around linear (= guest-physical) through CHK_PT2_GPA. */
void vchk_map_linear_4m(struct vchk *c, uint32_t linear);
/* An IA-32e guest's 4-level paging over its memory; returns the CR3 value. */
uint64_t vchk_build_paging64(struct vchk *c);
/* Enter in 64-bit mode (4-level paging, EFER.LME/LMA, CS.L = long_cs): SDM Vol. 3C 27.3.1. */
void vchk_enter_ia32e(struct vchk *c, bool long_cs);
/*
 * A second EPT hierarchy, a copy of the check's (its last level in *pt,
 * to change leaves); returns its EPTP (same memory type, walk length, A/D).
 */
uint64_t vchk_ept_second(struct vchk *c, uint64_t **pt);
/* RDMSR and WRMSR of msr pass (its bits in the MSR bitmap clear, "use MSR bitmaps" set). */
void vchk_msr_passthrough(struct vchk *c, uint32_t msr);
/*
 * load_save_pat, load_save_efer (vmx/checks/msrstate.c): the guest (vchk_g_msrstate) reads msr,
 * which the entry loads with entry, and writes wrote; the row sets the controls and the
 * VMCS fields. The exit's verdict: the host's value back (restored if not), the guest read
 * entry, guest_field holds wrote.
 */
void vchk_msrstate_setup(struct vchk *c, uint32_t msr, uint64_t entry, uint64_t wrote);
enum chk_verdict vchk_msrstate_exit(struct vchk *c, uint32_t msr, const char *name,
				    uint32_t guest_field);
/* Host page i (< CHK_HOST_PAGES) of this CPU's check state, every byte fill. */
void *vchk_host_page(struct vchk *c, unsigned i, uint8_t fill);

/*
 * invept, invvpid: the guest (vchk_g_reread) rereads the word at page R's
 * guest-linear = guest-physical address and reports it; before each further
 * round remap() points that address at the next page of chk_remap_page()
 * (broken: at the same page again) and invalidates. The round's page holds
 * a word of its own, so the guest's value tells which mapping it used.
 */
#define CHK_REMAP_MAX		5
struct vchk_remap {
	unsigned rounds;			/* remaps, at most CHK_REMAP_MAX - 1 */
	const char *what[CHK_REMAP_MAX];	/* each remap's invalidation, for the detail */
	unsigned type[CHK_REMAP_MAX];		/* each remap's INVEPT / INVVPID type */
	/* Point address R, now at page from, at page to and invalidate; false: failed (recorded). */
	bool (*remap)(struct vchk *c, unsigned type, uint64_t from, uint64_t to);
};
void vchk_remap_setup(struct vchk *c);
enum chk_verdict vchk_remap_exit(struct vchk *c, const struct vchk_remap *r);
/* FAIL naming a VMX instruction that failed (VMfailInvalid / VMfailValid with the error). */
enum chk_verdict vchk_insn_failed(struct vchk *c, const char *insn, int r);
/* An EPT leaf entry, write-back, with perms (EPT_READ | ...), large for 2 MiB / 1 GiB. */
uint64_t vchk_ept_leaf(uint64_t hpa, uint64_t perms, bool large);

#endif
