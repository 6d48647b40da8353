/* SPDX-License-Identifier: MIT */
/*
 * The small guest's interface (docs/guest.md), the same under VT-x and
 * AMD-V: its guest-physical layout, entry registers, hypercalls and CPUID
 * leaves (shared with the guest program, guest/guest.S), the register frame
 * the exit paths hand to C, and the host side of the protocol
 * (guest/host.c): the serial lines it prints, the round-trip hypercall, the
 * hypervisor CPUID leaves, its memory and paging, and the per-CPU verdict.
 * A backend (vmx/, svm/) decodes its exits and calls these.
 */
#ifndef PV_GUEST_GUEST_H
#define PV_GUEST_GUEST_H

#include "arch/x86/frame.h"

/* Guest-physical layout (every address below 64 KiB, reachable in real mode). */
#define GUEST_MEM_SIZE		0x200000	/* 2 MiB: one EPT/NPT large page when aligned */
#define GUEST_CODE_GPA		0x1000		/* the guest program is copied here */
#define GUEST_CODE_MAX		0x6000
#define GUEST_STACK_TOP		0x8000
#define GUEST_PD_GPA		0x9000		/* 32-bit paging (guests without UG / NPT) */
#define GUEST_PT_GPA		0xa000

/*
 * Selectors of the 32-bit guests: the main guest pretends to have a GDT
 * with these (vmcs_setup.c, vmcb_setup.c); the check guests' GDT has them
 * (guest/checks.h), and 64-bit code for the IA-32e row.
 */
#define GUEST_SEL_CODE32	0x08
#define GUEST_SEL_DATA		0x10
#define GUEST_SEL_CODE64	0x18

/* Entry registers: EBX = CPU number, ECX = flags. */
#define GUEST_FLAG_TOUCH_OUTSIDE 0x1	/* write one byte through FS, based past guest memory */
#define GUEST_FLAG_VMMCALL	0x2	/* hypercall with VMMCALL (AMD SVM) instead of VMCALL */
#define GUEST_FLAG_SPIN		0x4	/* after the greeting, loop forever (the watchdog's test) */

/* Hypercalls (VMCALL / VMMCALL with the function in EAX). */
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
 * the VT-x exit stack 16-byte aligned (vmx/entry.S).
 */
#define GUEST_REGS_SIZE		(GPR_FRAME_SIZE + 8)

#ifndef __ASSEMBLER__
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "lib/json.h"

struct percpu;

struct guest_regs {
	GPR_FRAME_MEMBERS;
	uint64_t pad;
};
_Static_assert(sizeof(struct guest_regs) == GUEST_REGS_SIZE, "exit stub frame (vmx/entry.S)");

enum guest_mode {
	GUEST_MODE_REAL,	/* real mode: unrestricted guest with EPT, or NPT */
	GUEST_MODE_PAGED32,	/* protected mode, 32-bit paging built by the hypervisor */
};

#define GUEST_LINE_MAX	120

/* What the guest told the host: its serial lines, the round trip it timed. */
struct guest_io {
	uint64_t io_ignored;		/* port accesses other than the guest's serial output */
	unsigned lines;			/* serial lines forwarded */
	bool greeted;			/* a line starting "hello" was forwarded */
	bool roundtrip_valid;
	uint32_t rt_min, rt_median, rt_samples;
	char line[GUEST_LINE_MAX + 1];
	unsigned line_len;
};

/* The exit counts a verdict line names, in the backend's words. */
struct guest_exit_counts {
	uint64_t total, cpuid, io, call, hlt;
	const char *call_name;		/* "vmcall" | "vmmcall" */
};

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
 * The hypervisor leaves 0x40000000-0x400000FF (reserved for this use by
 * Intel and AMD): the "picovisor" signature, or zeros above CPUID_HV_MAX.
 * With null_handler every leaf gets the signature (the benchmark floor, no
 * emulation work). Returns false, touching nothing, for a leaf the caller
 * must answer. Inline: it is on every CPUID exit's path.
 */
static inline bool guest_cpuid_hv(struct guest_regs *r, uint32_t leaf, bool null_handler)
{
	if (!null_handler && (leaf & 0xffffff00) != CPUID_HV_BASE)
		return false;
	if (null_handler || leaf == CPUID_HV_BASE)
		guest_set_regs32(r, CPUID_HV_MAX, CPUID_HV_SIG_EBX, CPUID_HV_SIG_ECX,
				 CPUID_HV_SIG_EDX);
	else
		guest_set_regs32(r, 0, 0, 0, 0);
	return true;
}

/*
 * A decoded, non-string port access: a byte written to COM1 is the guest's
 * console (forwarded a line at a time); no device sits behind any other
 * port: reads float high, writes vanish. *rax is the guest's RAX.
 */
void guest_port_io(struct guest_io *s, bool in, uint16_t port, unsigned size, uint64_t *rax);
/* Forward the partial line (at HLT). */
void guest_flush_line(struct guest_io *s);
/* A VMCALL/VMMCALL: the round-trip figures; RAX = 0, or ~0 for an unknown call. */
void guest_hypercall(struct guest_io *s, struct guest_regs *r);

/* The guest ended: done (HLT), or failed with the reason in p->error (also printed). */
void guest_vstop(struct percpu *p, bool done, const char *fmt, va_list ap);

/*
 * Guest memory for the main guest: GUEST_MEM_SIZE aligned to itself, the
 * program copied to GUEST_CODE_GPA; returns its host-physical base and sets
 * *entry_rip for mode.
 */
uint64_t guest_load(enum guest_mode mode, uint64_t *entry_rip);
/*
 * 32-bit paging (SDM Vol. 3A 4.3, APM Vol. 2 5.2) in guest memory at
 * GUEST_PD_GPA/GUEST_PT_GPA: `pages` 4 KiB pages from linear 0 onto
 * physical `base` upward. False (and the guest failed) when that does not
 * fit 32-bit paging.
 */
bool guest_paging32(struct percpu *p, uint64_t mem_pa, uint64_t base, unsigned pages);
/* A page for the main guest's EPT or NPT (pure/pt4.h's allocator; what: its kalloc name). */
bool guest_table_page(void *what, uint64_t *pa, uint64_t **va);
/* The same, unchecked, in the guest memory at mem (the check guests' too). */
void guest_paging32_fill(uint8_t *mem, uint64_t base, unsigned pages);

const char *guest_mode_name(enum guest_mode mode);
/* The report's "roundtrip_tsc" object, when the guest sent it. */
void guest_report_roundtrip(struct json *j, const struct guest_io *s);
/* The per-CPU verdict line: state, greeting, exit counts, round trip. */
void guest_print_verdict(const struct percpu *p, const struct guest_io *s,
			 const struct guest_exit_counts *n);

/* guest/guest.S */
extern const char _guest_start[], _guest_end[];
extern const char guest_image[], guest_entry_real[], guest_entry_paged32[];
#endif

#endif
