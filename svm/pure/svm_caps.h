/* SPDX-License-Identifier: MIT */
/*
 * AMD-V capabilities of one CPU: the CPUID leaves and MSRs that decide
 * whether SVM can be used (APM Vol. 2 15.4 "Enabling SVM"), read through
 * callbacks, decoded, judged, compared between CPUs, and printed as raw log
 * lines that svm_caps_parse_text() and tools/svmdecode read back.
 *
 * Raw log lines (any prefix before "svm: " is ignored):
 *
 *     svm: cpuid 0x8000000a = eax 0x00000001 ebx 0x00000040 ecx 0x00000000 edx 0x0000044f
 *     svm: msr 0xc0010114 = 0x0000000000000000
 *     svm: msr 0xc0010114 unreadable
 *
 * Only the leaves of enum svm_leaf and the MSRs VM_CR, EFER and, when CPUID
 * 0x80000001 ECX[9] says OSVW, OSVW_ID_LENGTH and OSVW_STATUS are logged.
 */
#ifndef PV_SVM_SVM_CAPS_H
#define PV_SVM_SVM_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

enum svm_leaf {
	SVM_LEAF_0,		/* 0x00000000: max standard leaf, vendor */
	SVM_LEAF_1,		/* 0x00000001: feature bits (CR4 checks) */
	SVM_LEAF_7,		/* 0x00000007 subleaf 0: feature bits (CR4 checks) */
	SVM_LEAF_EXT0,		/* 0x80000000: max extended leaf */
	SVM_LEAF_EXT1,		/* 0x80000001: ECX[2] SVM, EDX NX/LM */
	SVM_LEAF_EXT8,		/* 0x80000008: physical address width */
	SVM_LEAF_EXTA,		/* 0x8000000a: SVM revision, ASIDs, features */
	SVM_LEAF_EXT1F,		/* 0x8000001f: SME/SEV */
	SVM_LEAF_NR,
};

struct svm_cpuid {
	uint32_t eax, ebx, ecx, edx;
};

enum svm_msr_state {
	SVM_MSR_NOT_READ,	/* not attempted (or absent from a log) */
	SVM_MSR_OK,
	SVM_MSR_FAULT,		/* RDMSR raised #GP: not implemented (Bochs 2.7 VM_CR) */
};

struct svm_caps {
	/* Raw values, as read or parsed. */
	struct svm_cpuid leaf[SVM_LEAF_NR];
	uint32_t leaf_present;		/* bit n: leaf[n] holds a value */
	uint64_t vm_cr, efer;
	enum svm_msr_state vm_cr_state, efer_state;
	uint64_t osvw_len, osvw_status;		/* OS visible workarounds (kvm_amd's quirks) */
	enum svm_msr_state osvw_len_state, osvw_status_state;

	/* Decoded by svm_caps_decode(). */
	char vendor[13];
	bool amd_or_hygon;		/* "AuthenticAMD" or "HygonGenuine" */
	bool svm;			/* CPUID 0x80000001 ECX[2] */
	bool has_leaf_a, has_leaf_1f;	/* leaf within the max extended leaf */
	uint8_t revision;		/* 0x8000000a EAX[7:0] */
	uint32_t nasid;			/* 0x8000000a EBX: number of ASIDs */
	uint32_t features;		/* 0x8000000a EDX: SVM_FEAT_* */
	uint32_t sev_features;		/* 0x8000001f EAX */
	uint8_t cbit, phys_reduction, nr_vmpl;
	uint32_t nr_enc_guests, min_sev_asid;
	uint8_t maxphyaddr;		/* 0x80000008 EAX[7:0], 0 when unknown */
};

int svm_leaf_index(uint32_t function);		/* -1: not a logged leaf */
bool svm_caps_has_leaf(const struct svm_caps *c, enum svm_leaf l);

void svm_caps_init(struct svm_caps *c);
void svm_caps_set_leaf(struct svm_caps *c, enum svm_leaf l, const struct svm_cpuid *v);

/* CPUID callback (subleaf 0); RDMSR callback: 0 ok, nonzero = #GP. */
typedef void (*svm_cpuid_fn)(void *ctx, uint32_t function, struct svm_cpuid *out);
typedef int (*svm_rdmsr_fn)(void *ctx, uint32_t msr, uint64_t *val);

/*
 * Reads the leaves the CPU enumerates (leaf 0 and 0x80000000 bound the
 * others) and, when CPUID says SVM, VM_CR; EFER always. A VM_CR read that
 * faults is recorded, not an error. Then decodes.
 */
void svm_caps_read(struct svm_caps *c, svm_cpuid_fn cpuid, svm_rdmsr_fn rdmsr, void *ctx);

/* Fills the decoded fields from the raw ones. */
void svm_caps_decode(struct svm_caps *c);

/* has_svm: AMD or Hygon, CPUID 0x80000001 ECX[2], and leaf 0x8000000a. */
bool svm_caps_has_svm(const struct svm_caps *c);
bool svm_caps_has(const struct svm_caps *c, uint32_t svm_feat);

/*
 * The decision before enabling SVM on a CPU, in the order it is checked
 * (Linux's has_svm / is_disabled, APM 15.4 and 15.30.1).
 */
enum svm_support {
	SVM_OK,			/* usable: set EFER.SVME */
	SVM_NOT_AMD,		/* vendor neither AuthenticAMD nor HygonGenuine */
	SVM_NO_SVM,		/* CPUID 0x80000001 ECX[2] clear */
	SVM_NO_LEAF,		/* SVM bit set, CPUID 0x8000000a not enumerated */
	SVM_DISABLED_LOCKED,	/* VM_CR.SVMDIS and LOCK: only the firmware setup helps */
	SVM_DISABLED_UNLOCKED,	/* VM_CR.SVMDIS, LOCK clear: software may clear SVMDIS */
	SVM_IN_USE,		/* EFER.SVME already set: someone else owns SVM */
};

struct svm_decision {
	enum svm_support support;
	const char *state;	/* report state: "on" (when enabling works),
				 * "unsupported", "disabled-by-firmware", "error" */
	char reason[200];	/* empty for SVM_OK */
	char note[160];		/* e.g. VM_CR unreadable, treated as enabled */
};

enum svm_support svm_decide(const struct svm_caps *c, struct svm_decision *d);

/*
 * Per-CPU compatibility (Linux svm_check_processor_compat checks has_svm on
 * every CPU; picovisor also wants the same SVM words everywhere): prints one
 * "svm: ... differs" line per difference; returns how many words differ.
 */
unsigned svm_caps_compare(const struct svm_caps *boot, const struct svm_caps *cpu,
			  struct out *log);

/* Prints the raw log lines above. */
void svm_caps_print_log(struct out *o, const struct svm_caps *c);

struct svm_parse_result {
	unsigned line;		/* line of the error (1-based), 0 if none */
	unsigned values;	/* leaves and MSRs taken */
	char msg[112];
};
/* 0 ok (then decoded); -1 on a malformed line, a conflicting repeat, or no
 * CPUID 0x80000001/0x8000000a line at all. */
int svm_caps_parse_text(struct svm_caps *c, const char *text, size_t len,
			struct svm_parse_result *r);

#endif
