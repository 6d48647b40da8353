/* SPDX-License-Identifier: MIT */
/*
 * The software VM-entry check on the current VMCS (vmx/pure/entry_rules.h,
 * docs/entry-rules.md): read back what picovisor wrote, check every rule,
 * refuse to enter a state that breaks one, and explain a failed entry.
 */
#ifndef PV_VMX_ENTRY_CHECK_H
#define PV_VMX_ENTRY_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmx/pure/entry_rules.h"

/* This CPU as the rules see it: the boot CPU's capability MSRs plus CPUID. */
void vmx_entry_env(struct er_env *e);
/*
 * VMREAD of every field the rules read into v (a field this CPU lacks,
 * er_field_exists, reads 0), the first 32 bits at the VMCS link pointer and the VM-entry MSR-load
 * entries (when they lie in the identity-mapped first 4 GiB).
 */
void vmx_entry_image_read(struct er_vmcs *v, const struct er_env *e);
/*
 * The memory part of vmx_entry_image_read alone: link_known/link_word and
 * the MSR-load entries, read from where v's link pointer and MSR-load
 * address/count point (everything else of v is left as it is).
 */
void vmx_entry_image_memory(struct er_vmcs *v);
/*
 * The check a harness calls before VMLAUNCH/VMRESUME of the current VMCS:
 * fills v, e and r (any may be used afterwards to print), returns the number
 * of broken rules (0: enter).
 */
unsigned vmx_entry_check_current(struct er_vmcs *v, struct er_env *e, struct er_result *r);
/*
 * One line into why: "rule ID: TEXT; the CPU would give OUTCOME" (and
 * "(+N more)" when more rules are broken).
 */
void vmx_entry_describe(char *why, size_t n, const struct er_result *r);
/*
 * Prints, prefixed "[cpuN] ", every broken rule, the environment line and
 * every field as "vmcs: 0xENC = 0xVAL" (the form tools/vmxdecode --entry-check
 * reads).
 */
void vmx_entry_print(const struct er_vmcs *v, const struct er_env *e, const struct er_result *r);
/*
 * After the CPU refused an entry (VMfailValid 7/8, exit 33/34): reads the
 * current VMCS again, prints it and says which rules explain the failure or,
 * when none is broken, that the CPU rejected a state that passes all of them;
 * the same in short into note (for the report's error): "the VM-entry rules
 * say: rule ID (+N more)" or "the CPU rejected a state that passes all N rules".
 */
void vmx_entry_explain_failure(char *note, size_t n);

#endif
