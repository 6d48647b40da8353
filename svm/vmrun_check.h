/* SPDX-License-Identifier: MIT */
/*
 * The software VMRUN check (svm/pure/vmcb_check.h, docs/entry-rules.md):
 * before VMRUN picovisor checks the VMCB it wrote against every consistency
 * rule of the APM and refuses to run one that breaks a rule.
 */
#ifndef PV_SVM_VMRUN_CHECK_H
#define PV_SVM_VMRUN_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "svm/pure/vmcb_check.h"

/* This CPU as the rules see it: the boot CPU's CPUID leaves, host CR0.PG. */
void svm_vmrun_env(struct svm_check_env *env);
/*
 * The check a harness calls before VMRUN of v: fills env, returns the
 * bitmask of broken rules (bit n: enum vmcb_rule n; 0: run it) and writes
 * the first broken rule as "rule ID: TEXT (values)" into why (when n > 0).
 */
uint32_t svm_vmrun_check(const struct vmcb *v, struct svm_check_env *env, char *why, size_t n);
/* "[cpuN] vmcb: ..." lines: the broken rules, the environment and every non-zero quadword. */
void svm_vmrun_print(const struct vmcb *v, const struct svm_check_env *env, uint32_t broken);

#endif
