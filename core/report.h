/* SPDX-License-Identifier: MIT */
/*
 * The final PICOVISOR-REPORT line (docs/report.md, shared report contract).
 * Every stage records its results in global state (struct sysinfo, struct
 * percpu); report_print() turns them into one JSON line at the very end.
 */
#ifndef PV_CORE_REPORT_H
#define PV_CORE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/json.h"

struct sysinfo {
	const char *firmware;           /* "bios" | "uefi" */
	uint64_t tsc_khz;
	uint64_t usable_kib;
	bool smp_done;                  /* the SMP stage ran: cpus/percpu are meaningful */
	bool vmx_done;                  /* the VMX stage ran on every online CPU */
	bool guest_done;                /* the guest stage ran */
	uint64_t bringup_us;
	uint64_t kmain_tsc;             /* TSC at kernel entry */
	char reason[200];               /* first global failure, "" if none */
	/* Hooks from later stages; NULL until built. */
	void (*vmx_json)(struct json *j);
	void (*percpu_json)(struct json *j, unsigned cpu);
};

extern struct sysinfo sys;

/* The report's spelling of enum vmx_state / enum guest_state (percpu[]). */
extern const char *const vmx_state_names[];
extern const char *const guest_state_names[];

/* Record a global failure (first one wins). */
__attribute__((format(printf, 1, 2))) void report_fail(const char *fmt, ...);
/* Compute status, print the human summary and the PICOVISOR-REPORT line. */
void report_print(void);

#endif
