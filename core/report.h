/* SPDX-License-Identifier: MIT */
/*
 * The final PICOVISOR-REPORT line (docs/report.md, shared report contract).
 * Every stage records its results in global state (struct sysinfo, struct
 * percpu); report_print() turns them into one JSON line at the very end.
 */
#ifndef PV_CORE_REPORT_H
#define PV_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/json.h"

struct percpu;

struct sysinfo {
	const char *firmware;           /* "bios" | "uefi" */
	uint64_t tsc_khz;
	uint64_t usable_kib;
	bool smp_done;                  /* the SMP stage ran: cpus/percpu are meaningful */
	bool hv_done;                   /* the backend stage ran on every online CPU */
	bool hv_setup;                  /* the backend's hardware_setup ran (boot CPU) */
	bool guest_stage;               /* some CPU reached the guest stage (report "guest") */
	bool guest_done;                /* guests were run */
	uint64_t bringup_us;
	unsigned cpus_listed;           /* usable CPUs the MADT lists, the boot CPU included */
	unsigned cpus_left_user;        /* ... not set up: the user's cpus=N */
	unsigned cpus_left_oom;         /* ... not set up: no memory below 4 GiB for them */
	uint64_t checkin_ms;            /* the APs' check-in deadline used (core/smp.c) */
	uint64_t smp_alloc_kib;         /* allocated when the APs were set up (mem.per_cpu_kib) */
	uint64_t kmain_tsc;             /* TSC at kernel entry */
	char reason[200];               /* first global failure, "" if none */
};

extern struct sysinfo sys;

/* The report's "status" (report contract: pass | fail | unsupported). */
enum report_status {
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_UNSUPPORTED,
};
extern const char *const report_status_names[];

/*
 * Why CPU p keeps the run from passing (written to buf), or NULL when it does
 * not. *weight orders problems so the report names the most basic one: a
 * crash, a CPU that never came online, one that did not finish, the backend,
 * the guest. Used by the report and the screen alike.
 */
const char *cpu_problem(const struct percpu *p, char *buf, size_t n, int *weight);

struct kvm_verdict;
/*
 * Print the summary line "picovisor-qr: PV1 ..." and, on a screen, show it as
 * a QR code and pin the verdict and per-CPU lines or the CPU map
 * (core/screen_final.c). kvm: the verdict, NULL when none was computed.
 */
void screen_final(enum report_status st, const struct kvm_verdict *kvm);

/* CPUs that ran the whole per-CPU work (report cpus.tested). */
unsigned report_cpus_tested(void);

/* Record a global failure (first one wins). */
__attribute__((format(printf, 1, 2))) void report_fail(const char *fmt, ...);
/* Compute status, print the human summary and the PICOVISOR-REPORT line. */
void report_print(void);

#endif
