/* SPDX-License-Identifier: MIT */
/*
 * One table for many machines (tools/fleet.c): each serial log (or bare
 * report line) is read into one struct fleet_machine; machines that gave
 * the same answer are grouped. Reads report schema 1 and 2 (docs/report.md):
 * schema 2's cpus.listed / cpus.tested / cpus.crashed and cpulist strings in
 * checks[].cpus_failed; from schema 1 the same is derived (listed = expected,
 * tested = CPUs whose stage is "done", crashed = CPUs with a "crashed" record,
 * cpus_failed arrays turned into cpulists).
 * Pure code: the caller reads the files and gives the node array.
 */
#ifndef PV_PURE_FLEET_H
#define PV_PURE_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/jread.h"
#include "lib/out.h"

#define FLEET_REPORT_PREFIX "PICOVISOR-REPORT "
#define FLEET_PANIC_PREFIX  "PICOVISOR-PANIC"

enum fleet_result {
	FLEET_REPORT,           /* a report line was read */
	FLEET_NO_REPORT,        /* no report line (maybe a panic line: panic[] holds it) */
	FLEET_BAD_REPORT,       /* a report line that is not valid JSON (cut short, garbage) */
};

struct fleet_machine {
	char log[128];                  /* the log's file name */
	enum fleet_result result;
	char why[160];                  /* FLEET_NO_REPORT / FLEET_BAD_REPORT: what was seen */
	unsigned schema;
	char status[16];                /* pass | fail | unsupported | panic | no-report | bad-report */
	char reason[160];
	/* platform's identity (empty when absent) */
	char sys_vendor[48], product_name[48], product_serial[48], product_uuid[40];
	/* CPU */
	char vendor[16], brand[64];
	uint64_t family, model, stepping;
	bool has_fms;
	uint64_t listed, tested;
	bool has_cpus;
	/* backend: "vmx" | "svm" | "" and its state ("on", "unsupported", "mixed", ...) */
	char backend[4], backend_state[32];
	/* KVM's verdict */
	char kvm_module[16];
	char kvm[16];                   /* "loads" | "refused" | "" (no kvm object) */
	char kvm_flags[256];            /* enable flags that are on, space-separated */
	char failed[512];               /* "name:cpulist name:cpulist" */
	char crashed[128];              /* cpulist */
	unsigned group;                 /* 1-based, fleet_group() */
};

/*
 * The size of the node array fleet_read() needs for a text of len bytes
 * (every JSON value takes at least one byte and one separator).
 */
static inline size_t fleet_nodes_for(size_t len)
{
	return len / 2 + 2;
}

/*
 * Read one log (its bytes, any line endings, no NUL needed) into *m (whose
 * `log` the caller set). The last report line wins. Never fails: the
 * result says what was found.
 */
void fleet_read(const char *text, size_t len, struct jr_node *nodes, size_t nnodes,
		struct fleet_machine *m);

/* Read one report's JSON text (the line without its prefix) into *m. */
void fleet_read_report(const char *json, size_t len, struct jr_node *nodes, size_t nnodes,
		       struct fleet_machine *m);

/* Number the groups of machines that gave the same answer (status, backend
 * and its state, KVM's verdict and flags, the names of the failed checks), in
 * order of first appearance. Returns the number of groups. */
unsigned fleet_group(struct fleet_machine *ms, size_t n);

/* 0 when every machine passed, 1 when one did not, 2 when a log held no
 * (readable) report. */
int fleet_exit_status(const struct fleet_machine *ms, size_t n);

/* The outputs: an aligned table then the groups; CSV (RFC 4180, a header
 * row); JSON {"machines": [...], "groups": [...]}. Call fleet_group() first. */
void fleet_print_table(const struct fleet_machine *ms, size_t n, struct out *o);
void fleet_print_csv(const struct fleet_machine *ms, size_t n, struct out *o);
void fleet_print_json(const struct fleet_machine *ms, size_t n, struct out *o);

/* A Linux cpulist ("0-3,8") of the n sorted numbers in v (sorted in place,
 * duplicates dropped), cut with "..." to fit cap. */
void fleet_cpulist(uint64_t *v, size_t n, char *buf, size_t cap);

#endif
