/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery (docs/checks.md): every advertised feature
 * exercised by a small guest of its own, on every CPU that ran its main
 * guest. One row per check (vmx/checks/<name>.c, listed in
 * vmx/checks/table.c): name, SDM section, needs, set-up, guest program
 * (guest/vmx_checks.S), expected outcome (the exit handler). vmx/checks/run.c
 * runs the rows with the harness of guest/checks.h (the check guests'
 * layout and hypercalls, shared with AMD-V); pure/checks.c aggregates the
 * results.
 *
 * The constants are shared with the guest programs (guest/vmx_checks.S).
 */
#ifndef PV_VMX_CHECKS_H
#define PV_VMX_CHECKS_H

#include "guest/checks.h"
#include "vmx/guest.h"

/* Offsets the ept_2m guest reads inside its 2 MiB page (first and last 4 KiB). */
#define CHK_BIG_OFF_LOW		0x3008
#define CHK_BIG_OFF_HIGH	0x1ff008

#define CHK_HOST_PAGES 4 /* per CPU, for bitmaps, lists and logs (vchk_host_page) */

/* Parameters of the programs of the newer rows (docs/checks.md). */
#define CHK_VMFUNC_BAD_INDEX	512		/* vmfunc: past the 512-entry EPTP list */
#define CHK_PML_OFF		0x10		/* pml: each write's offset in its page */
#define CHK_PML_PAGES		4		/* pages R, W, U, X */
#define CHK_VE_OFF		0x24		/* ept_ve: the read's offset in page U */
#define CHK_APIC_READ_OFF	0x30		/* apic_access: APIC version register */
#define CHK_APIC_WRITE_OFF	0x80		/* TPR */
#define CHK_SHADOW_FIELD	0x4800		/* vmcs_shadowing: GUEST_ES_LIMIT, from the shadow */
#define CHK_EXIT_FIELD		0x4802		/* GUEST_CS_LIMIT, whose VMREAD exits */
#define CHK_EPTPERM_OFF		0x8		/* ept_permissions: the read and write's offset in page U */
#define CHK_REAL_VEC		0x40		/* unrestricted_real_mode: INT n, not an exception */
#define CHK_REAL_MAGIC		0x4e494e54	/* what its handler leaves in EBX */
#define CHK_MWAIT_LINE		(CHK_DATA_GPA + 0x40)	/* monitor_mwait_exiting: the monitored line */
/* APIC virtualization (SDM Vol. 3C chapter 30): xAPIC page offsets and the rows' values. */
#define CHK_APIC_ID		0x020
#define CHK_APIC_VERSION	0x030
#define CHK_APIC_TPR		0x080
#define CHK_APIC_EOI		0x0b0
#define CHK_APIC_LDR		0x0d0
#define CHK_APIC_SVR		0x0f0
#define CHK_APIC_ICR_LOW	0x300
#define CHK_APIC_TMCCT		0x390		/* current count: never virtualized */
#define CHK_AREG_LDR_VAL	0x03000000	/* apic_register_virtualization: the LDR write */
#define CHK_VID_VEC_HI		0x62		/* virtual_interrupt_delivery: first, EOI without exit */
#define CHK_VID_VEC_LO		0x51		/* second, its EOI exits (EOI-exit bitmap) */
#define CHK_VID_TPR_MID		0x50		/* a TPR between the two priority classes */
#define CHK_X2APIC_TPR_MSR	0x808		/* virtualize_x2apic: the x2APIC TPR */
#define CHK_X2APIC_VER_MSR	0x803		/* the x2APIC version, left to the MSR bitmap */
#define CHK_X2APIC_TPR_VAL	0x50		/* what the guest writes to 0x808 */
#define CHK_PI_VEC		0x56		/* posted_interrupts: the posted vector */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "pure/checks.h"
#include "vmx/pure/check_needs.h"
#include "vmx/pure/iobitmap.h"

struct percpu;

/* One check run on one CPU: the state its set-up and exit handler share. */
struct vchk {
	struct percpu *cpu;
	struct guest g;			/* what vmcs_setup() reads: memory, EPT, bitmaps, entry */
	uint8_t *mem;			/* guest memory (identity-mapped host pointer) */
	uint64_t vmcs_pa;
	struct chk_tables ept;		/* NULL without EPT */
	uint64_t ept_pool_pa;		/* pages for the EPT tables */
	uint64_t host_pages_pa;		/* CHK_HOST_PAGES pages outside guest memory */
	struct io_bitmaps io;
	uint8_t *msr_bitmap;
	uint64_t main_mem_pa;		/* the main guest's 2 MiB (done; the checks reuse it) */
	bool broken;			/* selftest=break-<this check>: set-up broken on purpose */

	/* The run. */
	bool launched;
	bool expect_timer;		/* the check itself arms the VMX-preemption timer */
	bool lapic_watchdog;		/* the LAPIC timer is this check's watchdog */
	unsigned exits;
	unsigned ext_intr;		/* external-interrupt exits (left pending for the host) */
	unsigned step;			/* the check's own progress */
	uint64_t tsc_entry, tsc_exit;	/* host TSC around the last entry and exit */
	uint64_t first_entry_tsc;
	uint64_t val[4];		/* check-private values */
	unsigned retries;		/* a row's reruns of an interrupted measurement */

	/* The last VM exit. */
	uint32_t reason;		/* basic exit reason */
	uint64_t qual, rip;

	struct check_record *rec;	/* this run's outcome (kernel/checkrun.c owns it) */
	struct chk_run run;		/* what a row for both vendors sees (guest/checks.h) */
};

/* A row: VT-x's own, or one for both vendors (row, with VT-x's needs). */
struct vmx_check {
	const struct chk_row *row;	/* a row for both vendors: the rest but need unused */
	const char *name;
	const char *sdm;		/* "SDM Vol. 3C 26.5.1" */
	struct vmx_need need;		/* else SKIP with the reason */
	/* A need outside the VMX capabilities (CPUID): NULL when met, else the reason in why. */
	const char *(*unmet)(char *why, size_t len);
	const char *entry;		/* the guest program (guest/vmx_checks.S) */
	/* VMCS and memory changes after the common set-up; c->broken breaks it on purpose. */
	void (*setup)(struct vchk *c);
	/* One VM exit (c->reason, c->qual, c->rip): the expected outcome. */
	enum chk_verdict (*exit)(struct vchk *c);
};

/* The table's entry of a row for both vendors (guest/checks/<name>.c), with VT-x's needs. */
#define VMX_CHECK_BOTH(r, ...)	(&(const struct vmx_check){ .row = &(r), __VA_ARGS__ })

static inline const char *vmx_check_name(const struct vmx_check *k)
{
	return k->row ? chk_row_name(k->row, CHK_VMX) : k->name;
}

extern const struct vmx_check *const vmx_checks[];
extern const unsigned vmx_checks_count;

/* The backend's run_checks (kernel/backend.h). */
void vmx_run_checks(struct percpu *p);

/* Helpers for the rows (vmx/checks/run.c). */
/* Record the result and its detail (guest/checks.h); return CHK_DONE. */
#define vchk_pass(c, ...) chk_record((c)->rec, CHECK_PASS, __VA_ARGS__)
#define vchk_fail(c, ...) chk_record((c)->rec, CHECK_FAIL, __VA_ARGS__)
/* FAIL naming an exit the check did not expect (reason, qualification, RIP, event). */
enum chk_verdict vchk_unexpected(struct vchk *c);
/* A VMCALL with EAX = call? */
bool vchk_call(const struct vchk *c, uint32_t call);
/* A 32-bit control field: set, then clear bits. */
void vchk_ctl(uint32_t field, uint32_t set, uint32_t clear);
/* Past the exiting instruction (VM-exit instruction length). */
void vchk_skip_insn(struct vchk *c);
/* The check's progress is now step: past the exiting instruction, enter again. */
enum chk_verdict vchk_next(struct vchk *c, unsigned step);
/* Guest-physical address of a symbol of guest/vmx_checks.S. */
uint64_t vchk_ga(const char *sym);
/* A 32-bit interrupt gate for vector in the guest's IDT. */
void vchk_set_gate(struct vchk *c, unsigned vector, const char *handler);
/* A 32-bit word of guest memory. */
static inline uint32_t vchk_word(const struct vchk *c, uint64_t gpa)
{
	return chk_guest_word(c->mem, gpa);
}
static inline void vchk_set_word(struct vchk *c, uint64_t gpa, uint32_t v)
{
	chk_guest_set_word(c->mem, gpa, v);
}
/* A 64-bit TSC value the guest stored as two words (EAX at lo_gpa, EDX after it). */
static inline uint64_t vchk_guest_tsc(const struct vchk *c, uint64_t lo_gpa)
{
	return vchk_word(c, lo_gpa) | (uint64_t)vchk_word(c, lo_gpa + 4) << 32;
}

/* vmx/checks/entry.S: VMLAUNCH (launched = 0) or VMRESUME; returns at the next VM exit (0)
 * or when the instruction fails (VMX_FAIL_INVALID / VMX_FAIL_VALID). */
int vchk_vmenter(struct guest_regs *regs, uint64_t exit_stack_top, int launched);
void vchk_exit_stub(void);

/* guest/vmx_checks.S */
extern const char vchk_image[], vchk_image_end[];
#endif

#endif
