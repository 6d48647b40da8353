/* SPDX-License-Identifier: MIT */
/*
 * Names for AMD-V values: #VMEXIT codes (APM Vol. 2 Appendix C), the
 * decoding of EXITINFO1 for nested page faults (15.25.6) and IOIO
 * intercepts (15.10.2), event-injection words (15.20), and the SVM feature
 * bits of CPUID 0x8000000a EDX with Linux's /proc/cpuinfo names. Pure code.
 */
#ifndef PV_SVM_SVM_NAMES_H
#define PV_SVM_SVM_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

/*
 * EXITCODE is 64 bits; QEMU TCG stores VMEXIT_INVALID as 0x00000000FFFFFFFF,
 * so every test of a negative code compares the low 32 bits only.
 */
bool svm_exit_is_invalid(uint64_t exit_code);

/* APM name without the "VMEXIT_" prefix, e.g. "CPUID", "NPF", "EXCP14",
 * "CR3_WRITE", "INVALID"; "UNKNOWN" for codes the APM does not define. */
const char *svm_exit_name(uint64_t exit_code);
/* The same into buf for the numbered ranges ("CR3_READ", "EXCP14"). */
const char *svm_exit_name_buf(uint64_t exit_code, char *buf, size_t n);
/* Short lower-case key for the report's exit counts: "cpuid", "io",
 * "vmmcall", "hlt", "npf", "shutdown", "intr", "exception", "invalid", "other". */
const char *svm_exit_key(uint64_t exit_code);

/* Nested page fault: EXITINFO1 bits and EXITINFO2 (guest-physical address). */
struct svm_npf {
	uint64_t gpa;
	bool present;		/* the nested entry was present: a permission fault */
	bool write, user, rsvd, fetch;
	bool final;		/* while translating the final guest-physical address */
	bool table;		/* while translating a guest page-table access */
};
void svm_npf_decode(uint64_t exit_info_1, uint64_t exit_info_2, struct svm_npf *f);
/* "NPF: write at guest-physical 0x200000 (not present, final address)". */
void svm_npf_print(struct out *o, const struct svm_npf *f);

/* IOIO intercept: EXITINFO1. */
struct svm_ioio {
	uint16_t port;
	unsigned size;		/* 1, 2 or 4; 0 if no size bit is set */
	unsigned addr_size;	/* 16, 32 or 64 for string forms; 0 if none */
	bool in, string, rep;
};
void svm_ioio_decode(uint64_t exit_info_1, struct svm_ioio *io);
/* "IOIO: out 1 byte to port 0x3f8" */
void svm_ioio_print(struct out *o, const struct svm_ioio *io);

/* EVENTINJ / EXITINTINFO: "exception 14 (#PF) error code 0x2", "none". */
void svm_event_print(struct out *o, uint64_t event);
const char *svm_event_type_name(unsigned type);

/*
 * CPUID 0x8000000a EDX bits: Linux's /proc/cpuinfo name (NULL where Linux
 * hides or lacks the flag) and a short name for every bit the APM defines
 * (NULL for reserved bits).
 */
const char *svm_feature_linux_name(unsigned bit);
const char *svm_feature_name(unsigned bit);
/* "npt lbrv bit 8": feature names (Linux's where it has one) of the set bits. */
void svm_print_features(struct out *o, uint32_t mask);

#endif
