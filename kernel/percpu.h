/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU state: one structure per CPU, reached through GS base (gs:0 holds
 * the structure's own address). The boot CPU's is static; each AP's comes
 * from the bump allocator before it is started. Page-aligned pieces inside:
 * the control page (this header), the kernel stack, the IST stacks (#DF,
 * NMI, #MC: one each, so an NMI during a #MC handler keeps its frame).
 */
#ifndef PV_KERNEL_PERCPU_H
#define PV_KERNEL_PERCPU_H

#include <stdint.h>
#include <stdbool.h>
#include "lib/out.h"
#include "arch/x86/x86.h"
#include "kernel/backend.h"
#include "kernel/lock.h"
#include "pure/mce.h"

struct check_cpu;

/* Where a CPU sits (pure/topology.h fills it from CPUID; node from ACPI SRAT). */
struct cpu_topo {
	uint32_t pkg, core, thread, node;
};

#define KSTACK_SIZE     (4 * PAGE_SIZE)
#define ISTACK_SIZE     (2 * PAGE_SIZE)

/* 64-bit TSS (SDM Vol. 3A 8.7, figure 8-11). */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "TSS layout (SDM 8.7)");

#define LINEBUF_SIZE    512
#define DEFERRED_LINE_SIZE 240
#define ERRBUF_SIZE     256

/*
 * Where a CPU is in its own work, set by core/cpu_init.c as it goes. The
 * boot CPU waits for each stage with a deadline (core/watch.c); a crash
 * records the stage it happened in; a panic prints every CPU's.
 */
enum cpu_stage {
	STAGE_BOOT = 0,         /* starting: not yet in cpu_init */
	STAGE_ONLINE,           /* checked in, before the backend's steps */
	STAGE_HV_SETUP,         /* CPUID, firmware and compatibility checks */
	STAGE_HV_ENABLE,        /* VMXON / EFER.SVME and the per-CPU regions */
	STAGE_GUEST,            /* building and running the guest */
	STAGE_CHECKS,           /* per-CPU feature checks */
	STAGE_DONE,             /* finished cpu_init */
	NR_CPU_STAGES
};

static inline const char *cpu_stage_name(enum cpu_stage s)
{
	switch (s) {
	case STAGE_BOOT: return "boot";
	case STAGE_ONLINE: return "online";
	case STAGE_HV_SETUP: return "hv-setup";
	case STAGE_HV_ENABLE: return "hv-enable";
	case STAGE_GUEST: return "guest";
	case STAGE_CHECKS: return "checks";
	case STAGE_DONE: return "done";
	default: return "?";
	}
}

/* What an AP died of (kernel/panic.c), valid once crashed is set. */
struct cpu_crash {
	bool exception;                 /* an exception; else panic() (error has the message) */
	uint8_t vector;
	uint64_t error_code;            /* 0 for vectors without one */
	uint64_t rip;
	uint64_t cr2;                   /* #PF: the faulting address */
	enum cpu_stage stage;
};

#define MCE_RECORDS_MAX		4

/*
 * Real events this CPU took (kernel/events.c): counted from NMI and #MC
 * context, never ending the run by themselves.
 */
struct cpu_events {
	uint32_t nmi, mce, spurious;    /* mce: errors found during this run */
	uint32_t nmi_guest;             /* NMIs that came in a guest (or its world switch) */
	uint32_t nmi_logged;            /* NMIs given a console line (of the first few) */
	uint32_t nmi_log_tries;         /* NMIs that tried to log (the console may be busy) */
	volatile bool nmi_from_guest;   /* the backend re-raises a guest's NMI (INT 2) */
	uint8_t mce_banks;              /* machine-check banks in use (0: no MCA) */
	uint8_t nrec;                   /* records kept (mce_rec), at most MCE_RECORDS_MAX */
	struct mce_record mce_rec[MCE_RECORDS_MAX];
};

struct percpu_out {
	struct out out;
	char line[LINEBUF_SIZE];
	unsigned len;
	volatile uint32_t deferred_state;       /* a line from NMI/#MC context left for later */
	unsigned deferred_len;
	char deferred[DEFERRED_LINE_SIZE];
	bool keep;                      /* this line goes out even when quiet (pr_err, pr_warn) */
};

struct percpu {
	/* Control page. */
	struct percpu *self;            /* gs:0 */
	uint32_t index;                 /* logical CPU number, 0 = boot CPU */
	uint32_t apic_id;
	volatile bool online;
	volatile bool crashed;          /* took an unexpected exception: see crash */
	volatile bool done;             /* finished cpu_init, result below is final */
	volatile bool crashing;         /* in the crash path: a further trap just parks */
	volatile bool late;             /* missed a stage deadline: the boot CPU went on */
	volatile enum cpu_stage stage;
	volatile uint64_t stage_tsc;    /* TSC when it entered that stage */
	struct cpu_crash crash;
	uint64_t online_tsc;            /* TSC when it checked in */
	uint64_t online_us;             /* microseconds after the first INIT */
	struct cpu_topo topo;           /* package, core, thread (CPUID), NUMA node (SRAT) */

	enum hv_state hv;               /* the backend's outcome on this CPU */
	enum guest_state guest;
	uint32_t watchdog_ms;           /* the guest watchdog's budget (kernel/watchdog.c) */
	bool watchdog_lapic;            /* ... kept by the LAPIC timer, not the backend's own */
	uint64_t lapic_timer_hz;        /* this CPU's LAPIC timer rate, measured once (0: not yet) */
	char error[ERRBUF_SIZE];        /* human text for the report */

	/*
	 * Quiet (many CPUs, not log=debug: kernel/console.c): this CPU's
	 * lines other than errors and warnings go to log, not the console;
	 * the boot CPU prints the log of a CPU that differs from the rest.
	 */
	volatile bool quiet;
	char *log;
	uint32_t log_len, log_cap, log_lost;

	void *hv_priv;                  /* the backend's per-CPU data (regions, guest) */
	struct check_cpu *checks;       /* the check battery's results (pure/checks.h), or NULL */
	struct cpu_events events;

	uint64_t gdt[8] __attribute__((aligned(16)));
	struct tss64 tss __attribute__((aligned(16)));
	struct percpu_out con;
	struct locks_held locks;        /* kernel/lock.h: for a crash to give back */

	uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));
	uint8_t istack[ISTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));	/* #DF */
	uint8_t nmi_stack[ISTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));
	uint8_t mce_stack[ISTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));
} __attribute__((aligned(PAGE_SIZE)));

_Static_assert(sizeof(struct percpu) ==
	       PAGE_SIZE * (1 + (KSTACK_SIZE + 3 * ISTACK_SIZE) / PAGE_SIZE),
	       "percpu: one control page followed by the stacks");

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

/*
 * cpus[0 .. ncpus-1]: one entry per CPU picovisor set up, the boot CPU
 * first; the table itself is allocated at start-up for the CPUs the MADT
 * lists (percpu_table_init): no limit of its own.
 */
extern struct percpu **cpus;
extern unsigned ncpus;          /* CPUs set up (cpus[]), >= 1 */

/* A table for n CPUs (the boot CPU's entry is kept); before any AP is set up. */
void percpu_table_init(unsigned n);

void percpu_setup(struct percpu *p, uint32_t index, uint32_t apic_id);
void percpu_load(struct percpu *p);     /* GDT, TSS, GS base, IDT on this CPU */
struct percpu *percpu_bsp(void);

#endif
