/* SPDX-License-Identifier: MIT */
/*
 * Every check VM entry makes (Intel SDM Vol. 3C, chapter "VM Entries":
 * "Checks on VMX Controls and Host-State Area", "Checking and Loading Guest
 * State", "Loading MSRs"), one named row each, evaluated in software over a
 * VMCS image and the capability MSRs. Pure code (docs/entry-rules.md lists
 * every row).
 *
 * A VMCS image holds the value of every field the rules read, indexed by the
 * ER_FIELDS list below (so a rule reads a field in one load); the kernel
 * fills it by VMREAD, tools/vmxdecode from "vmcs: 0xENC = 0xVAL" log lines,
 * tests by hand. A field the CPU does not implement reads 0. Three things
 * VM entry reads from memory are part of the image when known: the first
 * 32 bits at the VMCS link pointer, and the VM-entry MSR-load area.
 *
 * The hardware reports only the class of the first failure (SDM order):
 * VMfailValid 7 (controls), then 8 (host state), then VM exit 33 (guest state; qualification 2 PDPTE, 4 VMCS link
 * pointer, else 0), then VM exit 34 (MSR loading; qualification = index
 * of the entry, from 1). er_outcome() gives that for a set of broken rules.
 */
#ifndef PV_VMX_ENTRY_RULES_H
#define PV_VMX_ENTRY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/vmcs_fields.h"

/* The fields the rules read (and the dump prints), in SDM Appendix B order. */
#define ER_FIELDS(X) \
	X(VIRTUAL_PROCESSOR_ID) X(POSTED_INTR_NV) X(LAST_PID_POINTER_INDEX) \
	X(GUEST_ES_SELECTOR) X(GUEST_CS_SELECTOR) X(GUEST_SS_SELECTOR) X(GUEST_DS_SELECTOR) \
	X(GUEST_FS_SELECTOR) X(GUEST_GS_SELECTOR) X(GUEST_LDTR_SELECTOR) X(GUEST_TR_SELECTOR) \
	X(GUEST_UINV) \
	X(HOST_ES_SELECTOR) X(HOST_CS_SELECTOR) X(HOST_SS_SELECTOR) X(HOST_DS_SELECTOR) \
	X(HOST_FS_SELECTOR) X(HOST_GS_SELECTOR) X(HOST_TR_SELECTOR) \
	X(IO_BITMAP_A) X(IO_BITMAP_B) X(MSR_BITMAP) X(VM_EXIT_MSR_STORE_ADDR) \
	X(VM_EXIT_MSR_LOAD_ADDR) X(VM_ENTRY_MSR_LOAD_ADDR) X(PML_ADDRESS) X(TSC_OFFSET) \
	X(VIRTUAL_APIC_PAGE_ADDR) X(APIC_ACCESS_ADDR) X(POSTED_INTR_DESC_ADDR) \
	X(VM_FUNCTION_CONTROL) X(EPT_POINTER) X(EPTP_LIST_ADDRESS) X(VMREAD_BITMAP) \
	X(VMWRITE_BITMAP) X(VE_INFORMATION_ADDRESS) X(SPP_TABLE_POINTER) \
	X(TERTIARY_VM_EXEC_CONTROL) X(LOW_PASID_DIRECTORY_ADDR) X(HIGH_PASID_DIRECTORY_ADDR) \
	X(HLAT_POINTER) X(PID_POINTER_TABLE) X(SECONDARY_VM_EXIT_CONTROLS) \
	X(VMCS_LINK_POINTER) X(GUEST_IA32_DEBUGCTL) X(GUEST_IA32_PAT) X(GUEST_IA32_EFER) \
	X(GUEST_IA32_PERF_GLOBAL_CTRL) X(GUEST_PDPTR0) X(GUEST_PDPTR1) X(GUEST_PDPTR2) \
	X(GUEST_PDPTR3) X(GUEST_BNDCFGS) X(GUEST_IA32_LBR_CTL) X(GUEST_IA32_PKRS) \
	X(HOST_IA32_PAT) X(HOST_IA32_EFER) X(HOST_IA32_PERF_GLOBAL_CTRL) X(HOST_IA32_PKRS) \
	X(PIN_BASED_VM_EXEC_CONTROL) X(CPU_BASED_VM_EXEC_CONTROL) X(EXCEPTION_BITMAP) \
	X(CR3_TARGET_COUNT) X(VM_EXIT_CONTROLS) X(VM_EXIT_MSR_STORE_COUNT) \
	X(VM_EXIT_MSR_LOAD_COUNT) X(VM_ENTRY_CONTROLS) X(VM_ENTRY_MSR_LOAD_COUNT) \
	X(VM_ENTRY_INTR_INFO_FIELD) X(VM_ENTRY_EXCEPTION_ERROR_CODE) \
	X(VM_ENTRY_INSTRUCTION_LEN) X(TPR_THRESHOLD) X(SECONDARY_VM_EXEC_CONTROL) \
	X(GUEST_ES_LIMIT) X(GUEST_CS_LIMIT) X(GUEST_SS_LIMIT) X(GUEST_DS_LIMIT) \
	X(GUEST_FS_LIMIT) X(GUEST_GS_LIMIT) X(GUEST_LDTR_LIMIT) X(GUEST_TR_LIMIT) \
	X(GUEST_GDTR_LIMIT) X(GUEST_IDTR_LIMIT) \
	X(GUEST_ES_AR_BYTES) X(GUEST_CS_AR_BYTES) X(GUEST_SS_AR_BYTES) X(GUEST_DS_AR_BYTES) \
	X(GUEST_FS_AR_BYTES) X(GUEST_GS_AR_BYTES) X(GUEST_LDTR_AR_BYTES) X(GUEST_TR_AR_BYTES) \
	X(GUEST_INTERRUPTIBILITY_INFO) X(GUEST_ACTIVITY_STATE) X(GUEST_SYSENTER_CS) \
	X(VMX_PREEMPTION_TIMER_VALUE) X(HOST_IA32_SYSENTER_CS) \
	X(CR0_GUEST_HOST_MASK) X(CR4_GUEST_HOST_MASK) X(CR0_READ_SHADOW) X(CR4_READ_SHADOW) \
	X(GUEST_CR0) X(GUEST_CR3) X(GUEST_CR4) X(GUEST_ES_BASE) X(GUEST_CS_BASE) \
	X(GUEST_SS_BASE) X(GUEST_DS_BASE) X(GUEST_FS_BASE) X(GUEST_GS_BASE) \
	X(GUEST_LDTR_BASE) X(GUEST_TR_BASE) X(GUEST_GDTR_BASE) X(GUEST_IDTR_BASE) \
	X(GUEST_DR7) X(GUEST_RSP) X(GUEST_RIP) X(GUEST_RFLAGS) \
	X(GUEST_PENDING_DBG_EXCEPTIONS) X(GUEST_SYSENTER_ESP) X(GUEST_SYSENTER_EIP) \
	X(GUEST_S_CET) X(GUEST_SSP) X(GUEST_INTR_SSP_TABLE) \
	X(HOST_CR0) X(HOST_CR3) X(HOST_CR4) X(HOST_FS_BASE) X(HOST_GS_BASE) X(HOST_TR_BASE) \
	X(HOST_GDTR_BASE) X(HOST_IDTR_BASE) X(HOST_IA32_SYSENTER_ESP) \
	X(HOST_IA32_SYSENTER_EIP) X(HOST_RSP) X(HOST_RIP) X(HOST_S_CET) X(HOST_SSP) \
	X(HOST_INTR_SSP_TABLE)

enum er_field {
#define ER_ENUM(f) ERF_##f,
	ER_FIELDS(ER_ENUM)
#undef ER_ENUM
	ERF_NR
};

#define ER_MSR_AREA_MAX	8	/* VM-entry MSR-load entries kept in an image */

struct er_msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

struct er_vmcs {
	uint64_t v[ERF_NR];
	bool link_known;		/* link_word holds the first 32 bits at the link pointer */
	uint32_t link_word;
	unsigned msr_load_known;	/* entries of the VM-entry MSR-load area read */
	struct er_msr_entry msr_load[ER_MSR_AREA_MAX];
};

/*
 * The pages a broken state points at where a rule needs a valid address
 * (an EPT PML4, a virtual-APIC page, a linked VMCS, ...): er_env_init puts
 * them low (0x10000 up); the battery row (vmx/checks/entry_rules.c) points
 * them at pages of its own, so that a CPU that enters anyway reads zeros.
 */
enum er_page {
	ER_PAGE_EPT,		/* the EPT PML4 of er_ept() */
	ER_PAGE_VAPIC,		/* the virtual-APIC page */
	ER_PAGE_PIDESC,		/* the posted-interrupt descriptor */
	ER_PAGE_MSR_AREA,	/* a misaligned MSR area lies 8 bytes into it */
	ER_PAGE_LINK,		/* a linked VMCS (its first word is the image's link_word) */
	ER_PAGE_PDPTE,		/* what a broken PDPTE points at */
	ER_PAGE_MSR_LOAD,	/* the VM-entry MSR-load area (the image's msr_load) */
	ER_PAGE_ALIGN,		/* a misaligned 4-KiB address lies in it */
	ER_PAGE_NR,
};

/* The CPU beyond the capability MSRs. */
struct er_env {
	const struct vmx_caps *caps;
	unsigned maxphyaddr;		/* CPUID 0x80000008 EAX[7:0] */
	unsigned linear_bits;		/* CPUID 0x80000008 EAX[15:8]: 48, or 57 with LA57 */
	bool host_ia32e;		/* VM entry is made from IA-32e mode (always, for picovisor) */
	bool in_smm;			/* VM entry is made in SMM (never, for picovisor) */
	bool sgx;			/* CPUID.(7,0):EBX.SGX */
	bool rtm;			/* CPUID.(7,0):EBX.RTM */
	bool ept_sss;			/* EPTP bit 7 (supervisor shadow-stack control) is allowed */
	uint64_t perf_global_valid;	/* IA32_PERF_GLOBAL_CTRL bits that are not reserved */
	uint64_t debugctl_valid;	/* IA32_DEBUGCTL bits that are not reserved */
	uint64_t page[ER_PAGE_NR];	/* physical addresses, 4 KiB aligned */
};

/* Defaults for what the capability MSRs do not say (maxphyaddr 36, 48-bit linear). */
void er_env_init(struct er_env *e, const struct vmx_caps *caps);

/* Where the SDM lists a rule: section titles, as chapter numbers moved between editions. */
enum er_section {
	ER_SEC_EXEC,		/* "VM-Execution Control Fields" */
	ER_SEC_EXIT,		/* "VM-Exit Control Fields" */
	ER_SEC_ENTRY,		/* "VM-Entry Control Fields" */
	ER_SEC_HOST_CR,		/* "Checks on Host Control Registers, MSRs, and SSP" */
	ER_SEC_HOST_SEG,	/* "Checks on Host Segment and Descriptor-Table Registers" */
	ER_SEC_HOST_ASZ,	/* "Checks Related to Address-Space Size" */
	ER_SEC_GUEST_CR,	/* "Checks on Guest Control Registers, Debug Registers, and MSRs" */
	ER_SEC_GUEST_SEG,	/* "Checks on Guest Segment Registers" */
	ER_SEC_GUEST_DT,	/* "Checks on Guest Descriptor-Table Registers" */
	ER_SEC_GUEST_RIPFL,	/* "Checks on Guest RIP, RFLAGS, and SSP" */
	ER_SEC_GUEST_NONREG,	/* "Checks on Guest Non-Register State" */
	ER_SEC_GUEST_PDPTE,	/* "Checks on Guest Page-Directory-Pointer-Table Entries" */
	ER_SEC_MSR_LOAD,	/* "Loading MSRs" */
	ER_SEC_NR,
};
const char *er_section_title(enum er_section s);

/* What the CPU does when a rule of this class is the first broken. */
enum er_class {
	ER_CLASS_CTRL,		/* VMfailValid, VM-instruction error 7 */
	ER_CLASS_HOST,		/* VMfailValid, VM-instruction error 8 */
	ER_CLASS_GUEST,		/* VM exit 33 (invalid guest state), qualification 0 */
	ER_CLASS_PDPTE,		/* VM exit 33, qualification 2 (PDPTE) */
	ER_CLASS_LINK,		/* VM exit 33, qualification 4 (VMCS link pointer) */
	ER_CLASS_MSR,		/* VM exit 34 (MSR loading), qualification = entry index */
	ER_CLASS_NR,
};
const char *er_class_name(enum er_class c);

struct er_ctx;

struct er_rule {
	const char *id;			/* stable short name, e.g. "guest.tr.busy" */
	uint8_t section;		/* enum er_section */
	uint8_t class;			/* enum er_class */
	const char *text;		/* the rule in one line: what must hold */
	bool (*broken)(const struct er_ctx *c);
	/*
	 * Turns a state that breaks no rule (er_good_image) into one that breaks
	 * exactly this rule, plus the rules named in also; false when these
	 * capabilities cannot express it (the control is not allowed-1, ...).
	 */
	bool (*make)(struct er_vmcs *v, struct er_env *e);
	const char *also;		/* comma-separated ids broken together with it, or NULL */
};

#define ER_RULES_MAX	384
unsigned er_rule_count(void);
const struct er_rule *er_rule(unsigned i);
int er_rule_find(const char *id);	/* index, or -1 */

struct er_result {
	uint32_t bits[ER_RULES_MAX / 32];
	unsigned count;
	unsigned msr_index;		/* first failing MSR-load entry (1-based), 0 if none */
};

static inline bool er_result_has(const struct er_result *r, unsigned i)
{
	return r->bits[i / 32] & (1u << (i % 32));
}

/* Evaluates every rule; returns how many are broken. */
unsigned er_check(const struct er_vmcs *v, const struct er_env *e, struct er_result *r);

struct er_outcome {
	enum er_class class;		/* ER_CLASS_NR: every rule holds */
	unsigned number;		/* VM-instruction error or basic exit reason */
	unsigned qualification;		/* exit qualification for 33 / 34 */
	int first;			/* index of the first broken rule of that class, -1 */
};
void er_outcome(const struct er_result *r, struct er_outcome *o);
/* "VMfailValid 7 (...)" / "VM exit 33 (invalid guest state), qualification 0". */
void er_outcome_print(struct out *o, const struct er_outcome *oc);

/*
 * One line per broken rule: "  rule ID [class]: TEXT (SECTION)". Returns
 * the count printed.
 */
unsigned er_print_broken(struct out *o, const struct er_result *r);

/* A state that breaks no rule under these capabilities: a 64-bit host, a
 * 32-bit paged protected-mode guest, every optional control off. */
void er_good_image(struct er_vmcs *v, const struct er_env *e);

/*
 * The environment as one log line, "vmcs: env maxphyaddr=N linear=N ia32e=B
 * smm=B sgx=B rtm=B perf=0xM debugctl=0xM", and back (the caps pointer is
 * left alone); er_parse_env returns true when the line was found.
 */
void er_print_env(struct out *o, const struct er_env *e);
bool er_parse_env(struct er_env *e, const char *text, size_t len);

/* The image slot of a field encoding, or -1 (also the reverse). */
int er_field_slot(uint32_t encoding);
uint32_t er_field_encoding(unsigned slot);
const char *er_field_name(unsigned slot);
/*
 * The field exists on this CPU: false for a field that exists only with a
 * control the capability MSRs do not allow (its VMREAD would fail; it reads 0).
 */
bool er_field_exists(const struct er_env *e, unsigned slot);
/* The same for every slot at once (1: exists), the fast form for a whole image. */
void er_fields_present(const struct er_env *e, uint8_t present[ERF_NR]);

/* "vmcs: 0xENCODING = 0xVALUE" lines for every field of the image (the log form). */
void er_print_image(struct out *o, const struct er_vmcs *v);
/*
 * Takes the "vmcs: 0x... = 0x..." lines of a log (any prefix) into v (zeroed
 * first); also "vmcs: link-word = 0x..." and "vmcs: msr-load N = 0xINDEX 0xVALUE".
 * Returns the number of field lines taken.
 */
unsigned er_parse_image(struct er_vmcs *v, const char *text, size_t len);
/* The same for the lines that start with prefix (e.g. "[cpu1] "); NULL: every line. */
unsigned er_parse_image_cpu(struct er_vmcs *v, const char *text, size_t len, const char *prefix);

/*
 * tools/vmxdecode --entry-check: a picovisor log with its capability lines
 * ("vmx: msr ..."), its "vmcs: env" line and one or more CPUs' "[cpuN] vmcs:"
 * blocks; prints, per CPU, every broken rule and the CPU's would-be outcome,
 * or that every rule holds. Returns 0 when every rule holds, 3 when one is
 * broken, 1 (message printed) when the log has no capability MSRs or no VMCS.
 */
int er_decode_log(struct out *o, const char *text, size_t len);

/*
 * Confirming the rules on the CPU (the battery rows entry_rules): which rules
 * the row breaks on purpose and enters, and why it leaves a rule out.
 */
enum er_try {
	ER_TRY_YES,		/* broken alone in the check VMCS and entered */
	ER_TRY_HOST,		/* host state: a CPU that let the entry through would load it at the exit */
	ER_TRY_EXIT_AREA,	/* a VM-exit MSR area: the exit of an entry let through would use it */
	ER_TRY_EVENT,		/* an entry let through would deliver an event type the CPU lacks */
	ER_TRY_CAPS,		/* the capability MSRs cannot express the break (make refused) */
	ER_TRY_CPU,		/* the break needs another CPU (one with or without SGX, RTM) */
	ER_TRY_BASE,		/* in the check VMCS the break does not hold alone */
	ER_TRY_SKIP,		/* named by entryskip= on the command line */
	ER_TRY_NR,
};
const char *er_try_name(enum er_try t);		/* "host", "exit-area", "event", "caps", ... */
const char *er_try_reason(enum er_try t);	/* one line */
/* The reason the rule is never tried on any CPU (host, exit-area, event), else ER_TRY_YES. */
enum er_try er_rule_safety(unsigned i);
/* The rules rule i breaks by design: itself and those its row names in also. */
void er_expected_set(unsigned i, struct er_result *want);
/*
 * Rule i broken alone in base (a state that breaks no rule on the CPU e):
 * out gets the state, want the rules it breaks (and the MSR-load entry index
 * of the outcome); ER_TRY_YES, or why not.
 */
enum er_try er_try_break(const struct er_vmcs *base, const struct er_env *e, unsigned i,
			 struct er_vmcs *out, struct er_result *want);
/* The same sets of broken rules (the MSR-load entry index aside). */
bool er_result_same(const struct er_result *a, const struct er_result *b);

#endif
