/* SPDX-License-Identifier: MIT */
/*
 * The run's summary line for the QR code (pure/summary.h) filled from the
 * kernel's state: report status, CPUs, backend, KVM verdict, check battery,
 * crashes, CPUID and the machine's identity.
 */
#ifndef PV_CORE_SUMMARY_H
#define PV_CORE_SUMMARY_H

#include <stddef.h>
#include "core/report.h"
#include "pure/kvm_verdict.h"

/* kvm: the verdict report_print() computed, or NULL. Returns the length written to buf. */
size_t report_summary(enum report_status st, const struct kvm_verdict *kvm, char *buf, size_t n);

#endif
