/* SPDX-License-Identifier: MIT */
/*
 * The VMX capability MSRs of one CPU (SDM Vol. 3D Appendix A), how to read
 * exactly the enumerated ones, and a text form for logs, tools and tests.
 *
 * Raw-MSR log line (printed by the kernel, parsed back by vmx_caps_parse_text
 * and tools/vmxdecode; any prefix before "vmx: msr" is ignored):
 *
 *     vmx: msr 0x00000480 = 0x00d810000000002b
 *     vmx: msr 0x0000048c #GP
 *
 * The parser also takes the testdata form, "0x480 0xd810000000002b" per line
 * and "# 0x48c raises #GP on rdmsr"; other "#" lines are comments.
 */
#ifndef PV_VMX_CAPS_H
#define PV_VMX_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"
#include "vmx/pure/names.h"

/* Slots 0..19 are MSRs 0x480..0x493, slot 20 is IA32_FEATURE_CONTROL. */
#define VMX_CAPS_NR		21
#define VMX_CAPS_FEAT_CTL_SLOT	20

struct vmx_caps {
	uint64_t val[VMX_CAPS_NR];
	uint32_t present;	/* bit n: val[n] holds a value read or parsed */
	uint32_t faulted;	/* bit n: RDMSR raised #GP (or the log says so) */
	uint32_t fault_msr;	/* set when vmx_caps_read() fails */
};

void vmx_caps_init(struct vmx_caps *c);
int vmx_caps_slot(uint32_t msr);		/* -1: not a capability MSR */
uint32_t vmx_caps_slot_msr(unsigned slot);
bool vmx_caps_has(const struct vmx_caps *c, uint32_t msr);
uint64_t vmx_caps_get(const struct vmx_caps *c, uint32_t msr);	/* 0 if absent */
void vmx_caps_set(struct vmx_caps *c, uint32_t msr, uint64_t val);

/* RDMSR callback: 0 = ok, nonzero = the RDMSR faulted (#GP). */
typedef int (*vmx_rdmsr_fn)(void *ctx, uint32_t msr, uint64_t *val);

/*
 * Reads IA32_FEATURE_CONTROL and every capability MSR the CPU enumerates, and
 * no other: RDMSR of a non-enumerated one raises #GP (e.g. 0x48c and 0x491 on
 * Core 2). Returns 0, or VMX_CAPS_E_FAULT with c->fault_msr set when an MSR
 * that must exist faulted. A fault of IA32_FEATURE_CONTROL is only recorded.
 */
#define VMX_CAPS_E_FAULT	1
int vmx_caps_read(struct vmx_caps *c, vmx_rdmsr_fn rd, void *ctx);

/*
 * The MSR value that governs a control word: the TRUE_* MSR when
 * IA32_VMX_BASIC[55] is set, else the legacy one; for PROC3 and EXIT2 the
 * whole 64 bits are allowed-1 settings. 0 when the MSR is not enumerated.
 */
uint64_t vmx_caps_ctl_msr(const struct vmx_caps *c, enum vmx_word w);
uint32_t vmx_caps_ctl_msr_number(const struct vmx_caps *c, enum vmx_word w);

/* Iterates present MSRs in slot order (0x480.. then 0x3a); returns count. */
typedef void (*vmx_msr_iter_fn)(void *ctx, uint32_t msr, uint64_t val);
unsigned vmx_caps_for_each(const struct vmx_caps *c, vmx_msr_iter_fn fn, void *ctx);

/* Prints the raw-MSR log lines above, IA32_FEATURE_CONTROL first. */
void vmx_caps_print_log(struct out *o, const struct vmx_caps *c);

struct vmx_parse_result {
	unsigned line;		/* line of the error (1-based), 0 if none */
	unsigned msrs;		/* capability MSR values taken */
	unsigned ignored;	/* lines that were neither comments nor MSRs */
	char msg[112];
};
/* 0 ok; -1 on a malformed MSR line, a conflicting duplicate or no BASIC. */
int vmx_caps_parse_text(struct vmx_caps *c, const char *text, size_t len,
			struct vmx_parse_result *r);

/* IA32_VMX_BASIC checks for a 64-bit host; returns a mask of violations. */
#define VMX_BASIC_ERR_SIZE	(1u << 0)	/* region size 0 or > 4096 */
#define VMX_BASIC_ERR_MEMTYPE	(1u << 1)	/* VMCS memory type not WB */
#define VMX_BASIC_ERR_32BIT	(1u << 2)	/* bit 48: regions below 4 GiB */
#define VMX_BASIC_ERR_REVISION	(1u << 3)	/* bit 31 of the revision set */
#define VMX_BASIC_ERR_NR	4
unsigned vmx_basic_check(uint64_t basic, struct out *log);
const char *vmx_basic_err_name(unsigned errbit);

#endif
