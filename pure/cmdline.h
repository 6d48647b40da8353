/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line options (docs/cmdline.md). Pure code.
 */
#ifndef PV_PURE_CMDLINE_H
#define PV_PURE_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"
#include "pure/checks.h"

#define CMDLINE_BAUD_CLOCK      115200U /* UART divisor latch base rate */
#define CMDLINE_CPUS_MAX        8192U   /* cpus=: Linux x86 MAXSMP's NR_CPUS */
#define CMDLINE_WATCHDOG_MS     1000U   /* the guest watchdog's default budget */
#define CMDLINE_WATCHDOG_MAX_MS 60000U

enum opt_tristate { OPT_AUTO, OPT_ON, OPT_OFF };
enum opt_exit { OPT_EXIT_NONE, OPT_EXIT_QEMU, OPT_EXIT_BOCHS };
enum opt_selftest { OPT_SELFTEST_NONE, OPT_SELFTEST_UD, OPT_SELFTEST_PF,
		    OPT_SELFTEST_OOM, OPT_SELFTEST_NOSIPI,
		    /* cpu1 faults (or hangs) in one stage of its per-CPU work */
		    OPT_SELFTEST_AP_FAULT_ONLINE, OPT_SELFTEST_AP_FAULT_SETUP,
		    OPT_SELFTEST_AP_FAULT_ENABLE, OPT_SELFTEST_AP_FAULT_GUEST,
		    OPT_SELFTEST_AP_HANG_SETUP,
		    /* the boot CPU faults after its guest ran: the panic lists every CPU's stage */
		    OPT_SELFTEST_BSP_FAULT_GUEST,
		    /* cpu1 is left out of the AP start-up table; cpu1's VMXON raises #GP */
		    OPT_SELFTEST_NOTABLE, OPT_SELFTEST_VMXON_GP,
		    /* cpu1's main-guest VMCS/VMCB breaks one VM-entry rule (docs/entry-rules.md) */
		    OPT_SELFTEST_ENTRY_RULE_CPU1,
		    /* the last CPU sends NMIs to the others while they work */
		    OPT_SELFTEST_NMI_STORM, OPT_SELFTEST_NMI_STORM_FAST,
		    /* cpu1 faults holding the allocator and console locks */
		    OPT_SELFTEST_AP_FAULT_LOCKED };
enum opt_apic { OPT_APIC_AUTO, OPT_APIC_XAPIC, OPT_APIC_X2APIC };
enum opt_guest { OPT_GUEST_NORMAL, OPT_GUEST_EPT_VIOLATION, OPT_GUEST_NONE,
		 OPT_GUEST_NULL, OPT_GUEST_BAD_ENTRY, OPT_GUEST_SPIN };
enum opt_log { OPT_LOG_QUIET, OPT_LOG_INFO, OPT_LOG_DEBUG };
enum opt_sipi { OPT_SIPI_AUTO, OPT_SIPI_SDM, OPT_SIPI_FAST };
/* How the boot CPU waits for the APs (pure/idle.h): auto picks MWAIT or HLT. */
enum opt_wait { OPT_WAIT_AUTO, OPT_WAIT_MWAIT, OPT_WAIT_HLT, OPT_WAIT_SPIN };

struct options {
	bool serial_given;      /* serial= given; else the kernel decides (SPCR, COM1) */
	uint16_t serial_port;   /* with serial_given: I/O port, 0 for "none" */
	uint32_t baud;          /* 115200 */
	uint16_t baud_divisor;  /* CMDLINE_BAUD_CLOCK / baud */
	enum opt_tristate e9;   /* OPT_AUTO: the kernel probes port 0xE9 */
	enum opt_exit exit;
	enum opt_selftest selftest;
	enum opt_apic apic;
	enum opt_guest guest;
	enum opt_log log;       /* OPT_LOG_INFO */
	unsigned cpus;          /* 0: all */
	unsigned watchdog_ms;   /* guest watchdog budget, 1 to CMDLINE_WATCHDOG_MAX_MS */
	enum opt_sipi sipi;     /* OPT_SIPI_AUTO: short on CPUs known not to need the 10 ms INIT wait */
	enum opt_wait wait;     /* OPT_WAIT_AUTO: MWAIT where usable, else HLT (pure/idle.h) */
	enum opt_tristate entrycheck; /* OPT_ON: the software VM-entry check before each entry */
	char checks[CHECKS_LIST_MAX];   /* checks=: "all", "none" or names (pure/checks.h) */
	char check_break[CHECKS_LIST_MAX]; /* selftest=break-<checks>: their set-up broken */
	char entryskip[CHECKS_LIST_MAX]; /* entryskip=: VM-entry rules entry_rules leaves out */
};

void cmdline_defaults(struct options *o);
/*
 * Fill *o with the defaults, then apply s (may be NULL). Returns the number
 * of errors; each is reported on log (may be NULL) naming the option and
 * what it accepts, and leaves that option at its previous value.
 */
int cmdline_parse(const char *s, struct options *o, struct out *log);
/* One line: every option's effective value, in command-line syntax. */
void cmdline_print(const struct options *o, struct out *out);

#endif
