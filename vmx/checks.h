/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery (docs/checks.md): every advertised feature
 * exercised by a small guest of its own, on every CPU that ran its main
 * guest. One row per check (vmx/checks/<name>.c, listed in
 * vmx/checks/table.c): name, SDM section, needs, set-up, guest program
 * (guest/checks.S), expected outcome (the exit handler). vmx/checks/run.c
 * runs the rows; pure/checks.c aggregates the results.
 *
 * The constants are shared with the guest programs (guest/checks.S).
 */
#ifndef PV_VMX_CHECKS_H
#define PV_VMX_CHECKS_H

#include "vmx/guest.h"

/*
 * Guest-physical layout of a check guest. Code, stack and the 32-bit
 * paging structures sit where the main guest has them (vmx/guest.h).
 */
#define CHK_MEM_SIZE		0x20000		/* 128 KiB, mapped with 4 KiB EPT pages */
#define CHK_PT64_PML4_GPA	0xb000		/* IA-32e guest: 4-level paging */
#define CHK_PT64_PDPT_GPA	0xc000
#define CHK_PT64_PD_GPA		0xd000
#define CHK_PT64_PT_GPA		0xe000
#define CHK_PT2_GPA		0xb000		/* 32-bit guest: a second page table */
#define CHK_GDT_GPA		0xf000
#define CHK_IDT_GPA		0xf800		/* 256 gates of 8 bytes */
#define CHK_DATA_GPA		0x10000		/* parameters and results, host <-> guest */
#define CHK_PAGE_R_GPA		0x11000		/* EPT A/D: read by the guest */
#define CHK_PAGE_W_GPA		0x12000		/* written by the guest */
#define CHK_PAGE_U_GPA		0x13000		/* never touched */
#define CHK_PAGE_X_GPA		0x14000		/* EPT execute-only */
#define CHK_BIG_GPA		0x200000	/* a 2 MiB EPT page */
#define CHK_HUGE_GPA		0x40000000	/* a 1 GiB EPT page */

/* The check guests' GDT (SDM Vol. 3A 3.4.5): flat 32-bit code and data, 64-bit code. */
#define CHK_SEL_CODE32		0x08
#define CHK_SEL_DATA		0x10
#define CHK_SEL_CODE64		0x18

/* Hypercalls: VMCALL with EAX = one of these. */
#define CHK_CALL_DONE		0x43484b00	/* "CHK": the guest program ended */
#define CHK_CALL_REPORT		0x43484b01	/* values in EBX ECX EDX ESI EDI, go on */

/* 32-bit words of the data page (CHK_DATA_GPA) the guests write. */
#define CHK_D0			(CHK_DATA_GPA + 0x00)
#define CHK_D1			(CHK_DATA_GPA + 0x04)
#define CHK_D2			(CHK_DATA_GPA + 0x08)
#define CHK_D3			(CHK_DATA_GPA + 0x0c)
#define CHK_D4			(CHK_DATA_GPA + 0x10)
#define CHK_D5			(CHK_DATA_GPA + 0x14)
#define CHK_D6			(CHK_DATA_GPA + 0x18)
#define CHK_D7			(CHK_DATA_GPA + 0x1c)
#define CHK_DLIST		(CHK_DATA_GPA + 0x100)	/* lists the host hands in */

/* Offsets the ept_2m guest reads inside its 2 MiB page (first and last 4 KiB). */
#define CHK_BIG_OFF_LOW		0x3008
#define CHK_BIG_OFF_HIGH	0x1ff008

#define CHK_HOST_PAGES		4	/* per CPU, for bitmaps, lists and logs (chk_host_page) */

/* Parameters of the programs of the newer rows (docs/checks.md). */
#define CHK_VMFUNC_BAD_INDEX	512		/* vmfunc: past the 512-entry EPTP list */
#define CHK_PML_OFF		0x10		/* pml: each write's offset in its page */
#define CHK_PML_PAGES		4		/* pages R, W, U, X */
#define CHK_VE_OFF		0x24		/* ept_ve: the read's offset in page U */
#define CHK_APIC_READ_OFF	0x30		/* apic_access: APIC version register */
#define CHK_APIC_WRITE_OFF	0x80		/* TPR */
#define CHK_SHADOW_FIELD	0x4800		/* vmcs_shadowing: GUEST_ES_LIMIT, from the shadow */
#define CHK_EXIT_FIELD		0x4802		/* GUEST_CS_LIMIT, whose VMREAD exits */

/* I/O list entry (io_bitmap): port (16 bits), size (8), 1 = IN (8); size 0 ends it. */
#define CHK_IO_ENTRY_SIZE	4

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "pure/checks.h"
#include "vmx/pure/check_needs.h"
#include "vmx/pure/iobitmap.h"

struct percpu;

/* One check run on one CPU: the state its set-up and exit handler share. */
struct chk {
	struct percpu *cpu;
	struct guest g;			/* what vmcs_setup() reads: memory, EPT, bitmaps, entry */
	uint8_t *mem;			/* guest memory (identity-mapped host pointer) */
	uint64_t vmcs_pa;
	uint64_t *ept_pml4, *ept_pdpt, *ept_pd, *ept_pt;	/* NULL without EPT */
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

	/* The last VM exit. */
	uint32_t reason;		/* basic exit reason */
	uint64_t qual, rip;

	struct check_record *rec;	/* this run's outcome (kernel/checkrun.c owns it) */
};

enum chk_verdict {
	CHK_RESUME,		/* enter the guest again */
	CHK_DONE,		/* chk_pass() / chk_fail() recorded the result */
};

struct vmx_check {
	const char *name;
	const char *sdm;		/* "SDM Vol. 3C 26.5.1" */
	struct vmx_need need;		/* else SKIP with the reason */
	const char *entry;		/* the guest program (guest/checks.S) */
	/* VMCS and memory changes after the common set-up; c->broken breaks it on purpose. */
	void (*setup)(struct chk *c);
	/* One VM exit (c->reason, c->qual, c->rip): the expected outcome. */
	enum chk_verdict (*exit)(struct chk *c);
};

extern const struct vmx_check *const vmx_checks[];
extern const unsigned vmx_checks_count;

/* The backend's run_checks (kernel/backend.h). */
void vmx_run_checks(struct percpu *p);

/* Helpers for the rows (vmx/checks/run.c). */
__attribute__((format(printf, 2, 3)))
enum chk_verdict chk_pass(struct chk *c, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
enum chk_verdict chk_fail(struct chk *c, const char *fmt, ...);
/* FAIL naming an exit the check did not expect (reason, qualification, RIP, event). */
enum chk_verdict chk_unexpected(struct chk *c);
/* A VMCALL with EAX = call? */
bool chk_call(const struct chk *c, uint32_t call);
/* A 32-bit control field: set, then clear bits. */
void chk_ctl(uint32_t field, uint32_t set, uint32_t clear);
/* Past the exiting instruction (VM-exit instruction length). */
void chk_skip_insn(struct chk *c);
/* The check's progress is now step: past the exiting instruction, enter again. */
enum chk_verdict chk_next(struct chk *c, unsigned step);
/* Guest-physical address of a symbol of guest/checks.S. */
uint64_t chk_ga(const char *sym);
/* A 32-bit interrupt gate for vector in the guest's IDT. */
void chk_set_gate(struct chk *c, unsigned vector, const char *handler);
/* A 32-bit word of guest memory. */
uint32_t chk_word(const struct chk *c, uint64_t gpa);
void chk_set_word(struct chk *c, uint64_t gpa, uint32_t v);

/* vmx/checks/entry.S: VMLAUNCH (launched = 0) or VMRESUME; returns at the next VM exit (0)
 * or when the instruction fails (VMX_FAIL_INVALID / VMX_FAIL_VALID). */
int chk_vmenter(struct guest_regs *regs, uint64_t exit_stack_top, int launched);
void chk_exit_stub(void);

/* guest/checks.S */
extern const char chk_image[], chk_image_end[];
#endif

#endif
