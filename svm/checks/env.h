/* SPDX-License-Identifier: MIT */
/* A fresh check guest per check (svm/checks/env.c). */
#ifndef PV_SVM_CHECKS_ENV_H
#define PV_SVM_CHECKS_ENV_H

#include "svm/checks.h"

/* This CPU's check state: guest memory, VMCB, NPT pool, maps (once). */
struct schk *schk_env_create(struct percpu *p);
/*
 * Everything for row k from scratch: code, 32-bit paging, GDT, IDT (no
 * gates), nested page tables with 4 KiB leaves (A/D clear), permission
 * maps intercepting everything, a VMCB filled by vmcb_setup() for a 32-bit
 * paged guest at k's entry point.
 */
void schk_env_prepare(struct schk *c, const struct svm_check *k);

#endif
