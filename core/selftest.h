/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_SELFTEST_H
#define PV_CORE_SELFTEST_H

#include "kernel/percpu.h"

/* Deliberate faults on the boot CPU (selftest=ud|pf|oom) that prove the panic paths. */
void selftest_run(int which);
/*
 * selftest=ap-fault-<stage>, ap-hang-setup: cpu1 faults (#UD, #GP, #PF) or
 * spins with interrupts off at stage `at` of its per-CPU work;
 * bsp-fault-guest: cpu0 faults (#UD) after its guest ran. core/cpu_init.c
 * calls this at each stage; it does nothing on other CPUs or options.
 */
void selftest_stage(const struct percpu *p, enum cpu_stage at);
/*
 * selftest=notable: true for cpu1, which core/smp.c then leaves out of the
 * AP start-up table, so that AP runs the trampoline, finds no entry for its
 * APIC ID and must be named as halted there (not online, the run goes on).
 * selftest=vmxon-gp lives in vmx/vmx_cpu.c (vmx/ may not include core/):
 * cpu1 clears CR0.NE just before VMXON, which must then raise #GP (SDM
 * VMXON: CR0 outside IA32_VMX_CR0_FIXED0/1), reported as cpu1's VMX error.
 */
bool selftest_notable(const struct percpu *p);
/*
 * selftest=nmi-storm: the last CPU does none of its own work; it sends an
 * NMI (local APIC IPI, delivery mode NMI) to every other CPU still at work
 * every 2 ms (nmi-storm-fast: 100 us), until each is done, so that NMIs
 * arrive in every stage, in the host, the guests and the check guests, also
 * where nothing outside can send one (Bochs). True on that CPU, once the
 * others are done.
 */
bool selftest_nmi_storm(struct percpu *p);

#endif
