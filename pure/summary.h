/* SPDX-License-Identifier: MIT */
/*
 * The run's summary in one short line, "PV1 s=pass;n=4/4;hv=svm:on;...", the
 * text of the QR code on the final screen and of the console line
 * "picovisor-qr: PV1 ..." (docs/report.md, "The QR summary"). At most
 * SUMMARY_MAX bytes: what a version 7 QR code holds in byte mode at error
 * correction level L, the largest that fits the 80x25 text screen with a
 * quiet zone (2 modules per text row: 45 modules + 2 + 2 = 49 of 50). Fields
 * come in a fixed order, which is also their priority: a field that does not
 * fit in what is left is cut ("~" ends a cut text, "+N" counts the items of a
 * list left out) or left out. Pure code.
 */
#ifndef PV_PURE_SUMMARY_H
#define PV_PURE_SUMMARY_H

#include <stddef.h>
#include "pure/kvm_verdict.h"

#define SUMMARY_MAX		154
#define SUMMARY_PREFIX		"PV1 "
#define SUMMARY_MAX_FAILS	32

struct summary_fail {
	const char *name;
	const char *cpus;		/* Linux cpulist */
};

/* What the summary says; NULL or "" strings and zero counts leave their field out. */
struct summary_in {
	const char *status;		/* "pass" | "fail" | "unsupported" */
	unsigned listed, tested;	/* CPUs the firmware lists / that ran the whole work */
	const char *hv;			/* backend key "vmx" | "svm", NULL when none ran */
	const char *hv_state;		/* "on", or the states with counts: "on*3,off*1" */
	const struct kvm_verdict *kvm;	/* NULL when no verdict */
	const char *crashed;		/* Linux cpulist */
	unsigned nfail;
	struct summary_fail fail[SUMMARY_MAX_FAILS];
	const char *sys_vendor, *sys_product, *sys_serial;	/* SMBIOS type 1 */
	const char *vendor, *brand;	/* CPUID */
	unsigned family, model, stepping;
};

/* Writes the summary into buf (at least SUMMARY_MAX + 1 bytes); returns its length. */
size_t summary_format(const struct summary_in *in, char *buf, size_t n);

#endif
