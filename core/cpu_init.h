/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_CPU_INIT_H
#define PV_CORE_CPU_INIT_H

struct percpu;

/*
 * The per-CPU initialisation every CPU runs, the boot CPU and each AP alike,
 * once it is online: the backend on (kernel/backend.h), then its guest.
 * Sets p->done at the end.
 */
void cpu_init(struct percpu *p);

#endif
