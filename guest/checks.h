/* SPDX-License-Identifier: MIT */
/*
 * The check guests' interface (docs/checks.md), the same under VT-x and
 * AMD-V: their guest-physical layout, GDT, hypercall ABI and data words,
 * shared by the guest programs (guest/vmx_checks.S, guest/svm_checks.S,
 * guest/check_progs.inc), the rows for both vendors (guest/checks/) and
 * each backend's own (vmx/checks/, svm/checks/); and the harness both
 * backends build a check guest with (guest/checks.c): its memory, GDT,
 * IDT gates, 32-bit paging and the recording of its outcome.
 *
 * A check guest runs in 32-bit protected mode with paging (flat segments,
 * linear = guest-physical), or in 64-bit mode for VT-x's IA-32e row. Code,
 * stack and the 32-bit paging structures sit where the main guest has
 * them (guest/guest.h).
 */
#ifndef PV_GUEST_CHECKS_H
#define PV_GUEST_CHECKS_H

#include "arch/x86/x86.h"
#include "guest/guest.h"

#define CHK_MEM_SIZE		0x20000		/* 128 KiB, mapped with 4 KiB EPT/NPT pages */
#define CHK_PT64_PML4_GPA	0xb000		/* IA-32e guest: 4-level paging */
#define CHK_PT64_PDPT_GPA	0xc000
#define CHK_PT64_PD_GPA		0xd000
#define CHK_PT64_PT_GPA		0xe000
#define CHK_PT2_GPA		0xb000		/* 32-bit guest: a second page table */
#define CHK_GDT_GPA		0xf000
#define CHK_IDT_GPA		0xf800		/* 256 gates of 8 bytes */
#define CHK_IDT_LIMIT		(256 * 8 - 1)
#define CHK_DATA_GPA		0x10000		/* parameters and results, host <-> guest */
#define CHK_PAGE_R_GPA		0x11000		/* A/D rows: read by the guest */
#define CHK_PAGE_W_GPA		0x12000		/* written by the guest */
#define CHK_PAGE_U_GPA		0x13000		/* never touched */
#define CHK_PAGE_X_GPA		0x14000		/* VT-x ept_exec_only: execute-only */
#define CHK_PAGE_RO_GPA		0x14000		/* AMD-V npf: read-only in the nested tables */
#define CHK_PAGE_A_GPA		0x15000		/* AMD-V flush_by_asid: the first target of V */
#define CHK_PAGE_B_GPA		0x16000		/* the second */
#define CHK_PAGE_V		0x17000		/* a linear page, remapped */
#define CHK_BIG_GPA		0x200000	/* a 2 MiB EPT page */
#define CHK_HUGE_GPA		0x40000000	/* a 1 GiB EPT page */
/* Guest pages the common set-up clears: page tables through the last check page. */
#define CHK_CLEAR_FIRST		GUEST_PD_GPA
#define CHK_CLEAR_END		(CHK_PAGE_V + PAGE_SIZE)

/* The check guests' GDT (SDM Vol. 3A 3.4.5, APM Vol. 2 4.7): flat 32-bit code and data, 64-bit code. */
#define CHK_SEL_CODE32		GUEST_SEL_CODE32
#define CHK_SEL_DATA		GUEST_SEL_DATA
#define CHK_SEL_CODE64		GUEST_SEL_CODE64
#define CHK_GDT_LIMIT		(CHK_SEL_CODE64 + 7)

/* Hypercalls: VMCALL (VT-x) or VMMCALL (AMD-V), both 3 bytes, with EAX = one of these. */
#define CHK_CALL_DONE		0x43484b00	/* "CHK": the guest program ended */
#define CHK_CALL_REPORT		0x43484b01	/* a stage reached (values in registers), go on */
#define CHK_CALL_LEN		3

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

/* I/O list entry (io_bitmap): port (16 bits), size (8), 1 = IN (8); size 0 ends it. */
#define CHK_IO_ENTRY_SIZE	4
/* MSR list entry (msr_bitmap): MSR (32 bits), 1 = WRMSR (8), the data word a read's result goes
 * to (8, 0xff: none), 1 = EDX's half (8), 1 = valid (8; 0 ends the list). */
#define CHK_MSR_ENTRY_SIZE	8

/* The run loops' limits: exits a row may take, interrupt exits nobody services. */
#define CHK_MAX_EXITS		256
#define CHK_MAX_INTR		10000

/* cr_access: the control register and the bit the host owns (VT-x: CR4.VMXE, whose guest/host
 * mask the CPU has; AMD-V: CR0.TS, under the CR0 intercepts). */
#define CHK_CR_VMX		4
#define CHK_CR_VMX_BIT		X86_CR4_VMXE
#define CHK_CR_SVM		0
#define CHK_CR_SVM_BIT		X86_CR0_TS

/* Vectors of the guests' own handlers. */
#define CHK_VEC_EXT		0x41		/* event_injection: an external interrupt */
#define CHK_VEC_VIRQ		0x42		/* AMD-V vintr, vgif: the virtual interrupt */
#define CHK_VEC_SOFT		0x43		/* event_redelivery: the guest's INT n */

#ifndef __ASSEMBLER__
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/checks.h"
#include "pure/pt4.h"

_Static_assert(CHK_CLEAR_END <= CHK_MEM_SIZE, "check pages inside check memory");
_Static_assert(CHK_IDT_GPA + CHK_IDT_LIMIT < CHK_DATA_GPA, "IDT below the data page");
_Static_assert(GUEST_CODE_GPA + GUEST_CODE_MAX <= GUEST_STACK_TOP - PAGE_SIZE,
	       "check code below the stack page");

/* What a row's exit handler answers. */
enum chk_verdict {
	CHK_RESUME,		/* enter the guest again */
	CHK_DONE,		/* the result is recorded (chk_record) */
};

/* Record the run's result and its detail (both backends' vchk_pass/vchk_fail); CHK_DONE. */
__attribute__((format(printf, 3, 4)))
enum chk_verdict chk_record(struct check_record *rec, enum check_result r, const char *fmt, ...);

/* Every byte of [p, p + bytes) (a multiple of 8), 8 bytes a store: bytewise would dominate a
 * check's time in an emulator. */
void chk_fill(void *p, size_t bytes, uint8_t byte);
/*
 * A fresh check guest's memory: the program image at GUEST_CODE_GPA, the
 * check pages cleared, the GDT, 32-bit paging of `pages` pages from linear
 * 0 onto physical `base` (guest-physical 0 with EPT/NPT, else host-physical).
 */
void chk_guest_memory(uint8_t *mem, const char *image, size_t image_size, uint64_t base,
		      unsigned pages);
/*
 * A check guest's second-level tables (EPT or NPT: fmt, pure/pt4.h) over
 * [0, CHK_MEM_SIZE) -> host-physical mem_pa, 4 KiB leaves only (each page
 * its own A/D bits and permissions), from the pool of `pages` pages at
 * pool_pa; *tables names them for the rows to change entries in.
 */
struct chk_tables {
	uint64_t *pml4, *pdpt, *pd, *pt;	/* the ones mapping guest-physical 0; NULL: none */
	const struct pt4_format *fmt;		/* their entries' bits */
};
void chk_build_tables(struct pt4 *t, const struct pt4_format *fmt, uint64_t pool_pa,
		      unsigned pages, uint64_t mem_pa, struct chk_tables *tables);

/* A 32-bit interrupt gate for vector in the guest's IDT, to guest address handler. */
void chk_guest_gate(uint8_t *mem, unsigned vector, uint64_t handler);
/* A 32-bit word of guest memory. */
static inline uint32_t chk_guest_word(const uint8_t *mem, uint64_t gpa)
{
	return *(const volatile uint32_t *)(const void *)(mem + gpa);
}
static inline void chk_guest_set_word(uint8_t *mem, uint64_t gpa, uint32_t v)
{
	*(volatile uint32_t *)(void *)(mem + gpa) = v;
}

/*
 * Rows for both vendors (guest/checks/<name>.c): one verdict and one guest
 * program (guest/check_progs.inc, assembled into each vendor's image where
 * only the hypercall instruction differs), run by either backend through
 * its struct chk_ops. A vendor-only row stays in its backend.
 */

enum chk_vendor {
	CHK_VMX,		/* VT-x: vmx/checks/run.c */
	CHK_SVM,		/* AMD-V: svm/checks/run.c */
};

/*
 * Names: chk_ is this harness (guest/), vchk_ the VT-x backend's rows and
 * helpers (vmx/checks/), schk_ the AMD-V backend's (svm/checks/). A guest
 * program symbol is in the VT-x image (vchk_*) and in the AMD-V one (schk_*).
 */
struct chk_prog {
	const char *vmx, *svm;
};
#define CHK_PROG(name) ((struct chk_prog){ vchk_##name, schk_##name })
#define CHK_PROG_EXTERN(name) extern const char vchk_##name[], schk_##name[]

enum chk_inject {
	CHK_INJECT_EXCEPTION,	/* a hardware exception */
	CHK_INJECT_EXTINT,	/* an external interrupt */
};

/* What an exit was, in the terms both vendors report it (struct chk_ops.decode). */
enum chk_exit_kind {
	CHK_EXIT_OTHER,		/* none of the below: r->ops->unexpected() names it */
	CHK_EXIT_CALL,		/* the hypercall (VMCALL / VMMCALL); call = EAX */
	CHK_EXIT_EXCEPTION,	/* an intercepted exception (not an NMI) */
	CHK_EXIT_IO,		/* IN / OUT */
	CHK_EXIT_MSR,		/* RDMSR / WRMSR */
	CHK_EXIT_CR,		/* MOV to / from CRn */
	CHK_EXIT_GPA_FAULT,	/* an EPT violation / nested page fault (NPF); gpa */
};

#define CHK_GPR_NONE		-1	/* CR: the exit names no GPR (AMD-V without decode assists) */
#define CHK_GPR_UNNAMED		-2	/* CR: decode assists, but EXITINFO1 does not say MOV CRx */

struct chk_exit {
	enum chk_exit_kind kind;
	uint64_t rip;		/* the guest's RIP at the exit: the exiting instruction */
	uint64_t next_rip;	/* the next RIP the exit reports (AMD-V's IOIO EXITINFO2); 0: none */
	char name[40];		/* the exit in the vendor's words: "exit 0 (vector 6, hardware
				 * exception)", "#VMEXIT 0x46 (excp6)" */
	uint32_t call;		/* CALL: EAX */
	unsigned vector;	/* EXCEPTION */
	bool software;		/* EXCEPTION: from INT3 / INTO (VT-x reports it; AMD-V: false) */
	bool error_valid;	/* EXCEPTION: an error code was pushed */
	uint32_t error;
	uint16_t port;		/* IO */
	uint8_t size;		/* IO: 1, 2 or 4 bytes */
	bool in, string;	/* IO */
	uint32_t msr;		/* MSR: ECX */
	bool write;		/* MSR: WRMSR; CR: MOV to CR */
	unsigned cr;		/* CR */
	uint64_t gpa;		/* GPA_FAULT: the guest-physical address */
	int gpr;		/* CR: the GPR (0 EAX ... 6 ESI ...), or CHK_GPR_NONE / _UNNAMED */
	uint64_t info;		/* the exit's qualification (VT-x) / EXITINFO1 (AMD-V) */
	const char *info_name;	/* "qualification", "EXITINFO1" */
};

/* The event an exit cut short in its delivery (VT-x IDT-vectoring information, SDM 28.2.4;
 * AMD-V EXITINTINFO, APM 15.7.2), which the run loops deliver again at the next entry. */
struct chk_event {
	bool hardware_exception;	/* type 3 (both vendors' code for it) */
	bool external_interrupt;	/* type 0 */
	bool software_interrupt;	/* type 4: INT n */
	unsigned type, vector;		/* in the vendor's encoding */
	bool error_valid;
	uint32_t error;
	unsigned length;		/* VT-x software events: VM-exit instruction length; else 0 */
	uint64_t raw;			/* the field as saved, error code in 63:32 on AMD-V */
	const char *field;		/* "IDT-vectoring information", "EXITINTINFO" */
};

struct chk_run;

/* What a backend does for a row for both vendors. */
struct chk_ops {
	/* The exit was the hypercall (VMCALL / VMMCALL) with EAX = call. */
	bool (*call)(const struct chk_run *r, uint32_t call);
	/* The last exit, decoded (struct chk_exit). */
	void (*decode)(const struct chk_run *r, struct chk_exit *e);
	/* Past the exiting instruction, len bytes long (VT-x: the VM-exit instruction length;
	 * AMD-V: nRIP where the CPU saves it, else len). */
	void (*skip)(struct chk_run *r, unsigned len);
	/* The host TSC right before the last entry and right after its exit. */
	void (*tsc_around)(const struct chk_run *r, uint64_t *entry, uint64_t *exit);
	/* RDTSC in the guest returns the TSC + offset, without an exit (SDM 25.6.5, APM 15.30.5). */
	void (*set_tsc_offset)(struct chk_run *r, uint64_t offset);
	/* RDTSC in the guest returns the TSC x factor, offset 0, without an exit (VT-x: the TSC
	 * multiplier, SDM 25.6.5; AMD-V: TSC_RATIO, APM 15.30.5, back to 1.0 after the row). */
	void (*set_tsc_multiplier)(struct chk_run *r, unsigned factor);
	/* The CPU sets the A/D flags of the second-level tables (VT-x: EPTP bit 6, SDM 29.3.5;
	 * AMD-V: always, APM 15.25.5). */
	void (*second_level_ad)(struct chk_run *r);
	/* Exception vector exits (exception bitmap, APM 15.12 intercept) or reaches the guest. */
	void (*intercept_exception)(struct chk_run *r, unsigned vector, bool intercept);
	/* IN/OUT touching port exits (I/O bitmaps, SDM 25.6.4; IOPM, APM 15.10) or reaches it. */
	void (*intercept_io)(struct chk_run *r, uint16_t port, bool intercept);
	/* An access of size bytes from port exits, by the backend's model of its map. */
	bool (*io_exits)(const struct chk_run *r, uint16_t port, unsigned size);
	/* RDMSR (write false) / WRMSR of msr exits (MSR bitmaps, SDM 25.6.9; MSRPM, APM 15.11). */
	void (*intercept_msr)(struct chk_run *r, uint32_t msr, bool write, bool intercept);
	/* The access exits, by the backend's model of its map. */
	bool (*msr_exits)(const struct chk_run *r, uint32_t msr, bool write);
	/* The guest's own value of msr, loaded at entry; false: not guest state here (VT-x
	 * holds IA32_SYSENTER_CS in the VMCS, AMD-V that and STAR in the VMCB). */
	bool (*set_guest_msr)(struct chk_run *r, uint32_t msr, uint64_t value);
	/* The host owns bits of CRn: the guest's MOV from CRn shows them clear, its MOV to CRn
	 * setting one exits (VT-x: the guest/host mask and read shadow of CR0/CR4, the read
	 * without an exit, SDM 25.6.6; AMD-V: the CRn read and write intercepts, APM 15.7).
	 * bits 0: the host owns none of CRn, the guest the whole register. True: reads exit
	 * too, for the host to emulate. */
	bool (*own_cr)(struct chk_run *r, unsigned cr, uint64_t bits);
	/* The guest's CRn as the control structure holds it. */
	uint64_t (*guest_cr)(const struct chk_run *r, unsigned cr);
	/* The event the next entry delivers through the guest's IDT (SDM 25.8.3, APM 15.20). */
	void (*inject)(struct chk_run *r, enum chk_inject type, unsigned vector, bool has_error,
		       uint32_t error);
	/* The injection is still marked valid after the exit (VT-x clears it, SDM 28.2); NULL:
	 * the backend has nothing to look at. */
	bool (*injection_pending)(const struct chk_run *r);
	/* The event whose delivery the last exit cut short; false: none was in delivery. */
	bool (*delivering)(const struct chk_run *r, struct chk_event *ev);
	/* Guest RFLAGS |= set. */
	void (*rflags_set)(struct chk_run *r, uint64_t set);
	/* The guest-physical address of a program symbol in this backend's image. */
	uint64_t (*ga)(const struct chk_prog *p);
	/* FAIL naming an exit the row did not expect, in the backend's words. */
	enum chk_verdict (*unexpected)(struct chk_run *r);
};

/* One run of a row for both vendors: what it sees of the backend's run. */
struct chk_run {
	const struct chk_ops *ops;
	void *hw;			/* the backend's run state */
	uint8_t *mem;			/* guest memory */
	struct check_record *rec;	/* this run's outcome */
	bool broken;			/* selftest=break-<this check>: set-up broken on purpose */
	bool no_redelivery;		/* the run loop does not deliver again an event an exit
					 * cut short (event_redelivery's break) */
	enum chk_vendor vendor;
	struct guest_regs *regs;	/* the guest's GPRs at the exit, loaded at the next entry */
	const struct chk_tables *tables;	/* the EPT / NPT; tables->pt NULL: none */
	unsigned step;			/* the row's own progress */
	uint64_t val[4];		/* the row's own values */
};

struct chk_row {
	const char *name;		/* VT-x's name, and AMD-V's unless svm_name */
	const char *svm_name;		/* AMD-V's name where its term differs (APM), else NULL */
	const char *sdm, *apm;		/* "SDM Vol. 3C 25.8.3", "APM Vol. 2 15.20" */
	struct chk_prog entry;		/* the guest program */
	/* Changes after the backend's common set-up; r->broken breaks it on purpose. */
	void (*setup)(struct chk_run *r);
	/* One exit: the expected outcome. */
	enum chk_verdict (*exit)(struct chk_run *r);
};

/* The row's name under vendor v. */
static inline const char *chk_row_name(const struct chk_row *row, enum chk_vendor v)
{
	return v == CHK_SVM && row->svm_name ? row->svm_name : row->name;
}

#define chk_run_pass(r, ...)	chk_record((r)->rec, CHECK_PASS, __VA_ARGS__)
#define chk_run_fail(r, ...)	chk_record((r)->rec, CHECK_FAIL, __VA_ARGS__)
/* A gate for vector in the guest's IDT to program symbol p. */
void chk_run_gate(struct chk_run *r, unsigned vector, struct chk_prog p);
/*
 * The RDTSC rows (program g_rdtsc: the value in D0, D1): true when the
 * guest read a value in [factor x the host TSC before the entry + add,
 * factor x the one after the exit + add]; else the FAIL is recorded, the
 * range named as what ("host TSC + 2^50"). *seen, *entry: for the PASS.
 */
bool chk_run_tsc_in_range(struct chk_run *r, uint64_t factor, uint64_t add, const char *what,
			  uint64_t *seen, uint64_t *entry);
static inline uint64_t chk_run_ga(const struct chk_run *r, struct chk_prog p)
{
	return r->ops->ga(&p);
}
static inline uint32_t chk_run_word(const struct chk_run *r, uint64_t gpa)
{
	return chk_guest_word(r->mem, gpa);
}
/* The exit is the guest program's end (CHK_CALL_DONE). */
static inline bool chk_exit_done(const struct chk_exit *e)
{
	return e->kind == CHK_EXIT_CALL && e->call == CHK_CALL_DONE;
}
/*
 * Rows that walk a list of n accesses of which some exit (io_bitmap,
 * msr_bitmap): r->val[CHK_VAL_EXITING] has bit i set for each access i
 * that exits by the backend's model; the next one from r->step on, or n.
 */
#define CHK_VAL_EXITING		0
static inline unsigned chk_run_next_exit(const struct chk_run *r, unsigned n)
{
	unsigned i = r->step;

	while (i < n && !(r->val[CHK_VAL_EXITING] & (1ULL << i)))
		i++;
	return i;
}
#endif

#endif
