/* SPDX-License-Identifier: MIT */
/*
 * SDM names for VMX control bits, CR0/CR4 bits, IA32_FEATURE_CONTROL bits,
 * exit reasons and VM-instruction errors, and Linux's "vmx flags" names.
 */
#ifndef PV_VMX_NAMES_H
#define PV_VMX_NAMES_H

#include <stdint.h>
#include "lib/out.h"

struct vmx_caps;

/* Bit-named words. The first VMX_CTL_NR are the VMX control words. */
enum vmx_word {
	VMX_WORD_PIN,		/* pin-based VM-execution controls */
	VMX_WORD_PROC,		/* primary processor-based */
	VMX_WORD_PROC2,		/* secondary processor-based */
	VMX_WORD_PROC3,		/* tertiary processor-based (64 bit) */
	VMX_WORD_EXIT,		/* primary VM-exit controls */
	VMX_WORD_EXIT2,		/* secondary VM-exit controls (64 bit) */
	VMX_WORD_ENTRY,		/* VM-entry controls */
	VMX_CTL_NR,
	VMX_WORD_CR0 = VMX_CTL_NR,
	VMX_WORD_CR4,
	VMX_WORD_FEAT_CTL,	/* IA32_FEATURE_CONTROL */
	VMX_WORD_NR,
};

/* "pin-based VM-execution controls", ... */
const char *vmx_word_name(enum vmx_word w);
/* SDM name of one bit, or NULL when the SDM reserves it. */
const char *vmx_bit_name(enum vmx_word w, unsigned bit);
/* Bits that have a name in w. */
uint64_t vmx_word_named_mask(enum vmx_word w);
/* Prints "Name, Name, bit 12" for every set bit; "none" when mask is 0. */
void vmx_print_bits(struct out *o, enum vmx_word w, uint64_t mask);

/* "IA32_VMX_BASIC" etc. for IA32_FEATURE_CONTROL and 0x480..0x493. */
const char *vmx_msr_name(uint32_t msr);

/* SDM Table 31-1 text, e.g. "VMCALL executed in VMX root operation". */
const char *vmx_insn_error_name(unsigned err);
/* SDM Appendix C text of a basic exit reason (bits 15:0). */
const char *vmx_exit_reason_name(unsigned reason);

/*
 * Linux's /proc/cpuinfo "vmx flags" (arch/x86/include/asm/vmxfeatures.h and
 * feat_ctl.c init_vmx_capabilities()): five 32-bit words computed from the
 * capability MSRs' allowed-1 settings, printed in word/bit order.
 */
#define VMX_LINUX_NWORDS 5
void vmx_linux_flag_words(const struct vmx_caps *c, uint32_t w[VMX_LINUX_NWORDS]);
void vmx_print_linux_flags(struct out *o, const struct vmx_caps *c);

#endif
