/* SPDX-License-Identifier: MIT */
/*
 * One small guest per CPU (docs/guest.md): its memory, EPT, VMCS, the run
 * loop and its statistics. The constants below are shared with the guest
 * program (guest/guest.S) and the exit stub (vmx/entry.S).
 */
#ifndef PV_VMX_GUEST_H
#define PV_VMX_GUEST_H

#include "arch/x86/frame.h"
#include "lib/bits.h"

/* Guest-physical layout (every address below 64 KiB, reachable in real mode). */
#define GUEST_MEM_SIZE		0x200000	/* 2 MiB: one EPT large page when aligned */
#define GUEST_CODE_GPA		0x1000		/* the guest program is copied here */
#define GUEST_CODE_MAX		0x6000
#define GUEST_STACK_TOP		0x8000
#define GUEST_PD_GPA		0x9000		/* 32-bit paging (guests without UG) */
#define GUEST_PT_GPA		0xa000

/* Entry registers: EBX = CPU number, ECX = flags. */
#define GUEST_FLAG_TOUCH_OUTSIDE 0x1	/* write one byte through FS, based past guest memory */
#define GUEST_FLAG_VMMCALL	0x2	/* hypercall with VMMCALL (AMD SVM) instead of VMCALL */
#define GUEST_FLAG_SPIN		0x4	/* after the greeting, loop forever (the watchdog's test) */

/* Hypercalls (VMCALL with the function in EAX). */
#define GUEST_VMCALL_ROUNDTRIP	1	/* EBX = min, ECX = median ticks, EDX = samples */
#define GUEST_ROUNDTRIP_SAMPLES	64

/* CPUID hypervisor leaves (0x40000000: EAX = highest leaf, EBX ECX EDX = signature). */
#define CPUID_HV_BASE		0x40000000
#define CPUID_HV_MAX		0x40000000
#define CPUID_HV_SIG_EBX	0x6f636970	/* "pico" */
#define CPUID_HV_SIG_ECX	0x6f736976	/* "viso" */
#define CPUID_HV_SIG_EDX	0x00000072	/* "r\0\0\0" */

/*
 * struct guest_regs: the GPR frame (arch/x86/frame.h) and 8 bytes that keep
 * the exit stack 16-byte aligned. GREG_* name its offsets for svm/entry.S.
 */
#define GREG_FRAME	(GPR_FRAME_SIZE + 8)
#define GREG_RAX	GPR_RAX
#define GREG_RCX	GPR_RCX
#define GREG_RDX	GPR_RDX
#define GREG_RBX	GPR_RBX
#define GREG_RBP	GPR_RBP
#define GREG_RSI	GPR_RSI
#define GREG_RDI	GPR_RDI
#define GREG_R8		GPR_R8
#define GREG_R15	GPR_R15

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "lib/json.h"
#include "vmx/pure/vmx_defs.h"

struct percpu;

struct guest_regs {
	GPR_FRAME_MEMBERS;
	uint64_t pad;
};
_Static_assert(sizeof(struct guest_regs) == GREG_FRAME, "exit stub frame (vmx/entry.S)");
_Static_assert(__builtin_offsetof(struct guest_regs, rbx) == GREG_RBX, "exit stub frame");
_Static_assert(__builtin_offsetof(struct guest_regs, r15) == GREG_R15, "exit stub frame");

/* CPUID writes 32-bit registers: the upper halves are zeroed. */
static inline void guest_set_regs32(struct guest_regs *r, uint32_t a, uint32_t b, uint32_t c,
				    uint32_t d)
{
	r->rax = a;
	r->rbx = b;
	r->rcx = c;
	r->rdx = d;
}

/*
 * The answer both backends give a guest's CPUID for the hypervisor leaves
 * 0x40000000-0x400000FF (reserved for this use by Intel and AMD): the
 * "picovisor" signature, or zeros above CPUID_HV_MAX. With null_handler
 * every leaf gets the signature (the benchmark floor, no emulation work).
 * Returns false, touching nothing, for a leaf the caller must answer.
 */
static inline bool guest_cpuid_hv(struct guest_regs *r, uint32_t leaf, bool null_handler)
{
	if (null_handler || leaf == CPUID_HV_BASE)
		guest_set_regs32(r, CPUID_HV_MAX, CPUID_HV_SIG_EBX, CPUID_HV_SIG_ECX,
				 CPUID_HV_SIG_EDX);
	else if ((leaf & 0xffffff00) == CPUID_HV_BASE)
		guest_set_regs32(r, 0, 0, 0, 0);
	else
		return false;
	return true;
}

enum guest_mode {
	GUEST_MODE_REAL,	/* unrestricted guest: 16-bit real mode, EPT */
	GUEST_MODE_PAGED32,	/* protected mode, 32-bit paging built by the hypervisor */
};

#define GUEST_LINE_MAX	120

struct guest {
	struct percpu *cpu;
	enum guest_mode mode;
	bool ept, vpid, null_handler, touch_outside;
	uint64_t mem_pa;		/* host-physical base of guest memory */
	uint64_t mem_size;
	uint64_t eptp;
	uint64_t io_bitmap_a, io_bitmap_b, msr_bitmap;	/* host-physical, 0 when unused */
	uint64_t exit_stack_top;
	uint64_t entry_rip;
	struct guest_regs regs;		/* at launch */

	bool launched;			/* a VM exit happened: the next entry is VMRESUME */
	uint64_t exits[EXIT_REASON_MAX + 1];
	uint64_t exits_other;		/* basic reasons beyond EXIT_REASON_MAX */
	uint64_t io_ignored;		/* port accesses other than the guest's serial output */
	unsigned lines;			/* serial lines forwarded */
	bool greeted;			/* a line starting "hello" was forwarded */
	bool roundtrip_valid;
	uint32_t rt_min, rt_median, rt_samples;
	char line[GUEST_LINE_MAX + 1];
	unsigned line_len;
};

/*
 * The backend's run_guest, on every CPU whose VMX is on (VMCS current): runs
 * the guest to its end and records p->guest, p->error and the statistics.
 */
void guest_run(struct percpu *p);
/* The report's per-CPU guest keys: guest_mode, exits, roundtrip_tsc. */
void guest_report_cpu(struct json *j, const struct percpu *p);

/* vmx/vmcs_setup.c: fill the current VMCS for g. */
void vmcs_setup(struct guest *g);
/* vmx/exit.c: the VM-exit handler; returns true to resume the guest. */
bool vmx_exit_handler(struct guest_regs *r);
/* vmx/vmcs_dump.c: a failed VMLAUNCH/VMRESUME, printed and put into p->error. */
void vmcs_report_entry_failure(struct guest *g, const char *insn, int result);
/* The fields the SDM's VM-entry checks read (26.2, 26.3), printed by name. */
void vmcs_dump_state(void);
/* Stop the guest: record why (also printed). */
__attribute__((format(printf, 3, 4)))
void guest_stop(struct guest *g, bool done, const char *fmt, ...);

/* vmx/entry.S: enter with VMLAUNCH, return when the handler stops the guest
 * (0) or when VMLAUNCH/VMRESUME fail (VMX_FAIL_INVALID / VMX_FAIL_VALID). */
int vmx_run(struct guest_regs *regs, uint64_t exit_stack_top);
void vmx_exit_stub(void);

/* guest/guest.S */
extern const char _guest_start[], _guest_end[];
extern const char guest_image[], guest_entry_real[], guest_entry_paged32[];
#endif

#endif
