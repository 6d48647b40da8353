/* SPDX-License-Identifier: MIT */
/*
 * IDT for the 32 architectural exceptions (SDM Vol. 3A 6.3.1, 6.14.1) and
 * the local APIC's spurious vector. Interrupts stay disabled in picovisor
 * but for one instruction of the boot CPU's sleep (kernel/idle.c), which
 * takes its wake-up vector, the guest watchdog's left-over timer vector or
 * whatever else is requested: every vector from 32 up has an EOI-only gate.
 * NMIs, machine checks and spurious interrupts are real events, not faults:
 * kernel/events.c counts them and the run goes on. They are told apart by
 * vector before the fixup table is searched (an NMI may arrive just as RIP
 * is at an rdmsr_safe). An expected fault (rdmsr_safe and friends) resumes
 * at its fixup. Anything else on an AP marks that CPU crashed and parks it
 * (the run goes on and reports it); on the boot CPU it prints
 * PICOVISOR-PANIC and ends the run.
 */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "kernel/trap.h"
#include "arch/x86/lapic.h"
#include "arch/x86/x86.h"
#include "kernel/events.h"
#include "kernel/idle.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"

struct idt_entry {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_entry) == 16, "64-bit IDT gate (SDM 6.14.1)");

struct extable_entry {
	uint64_t fault_rip;
	uint64_t fixup_rip;
};

#define GATE_INTR       0x8e    /* P, DPL0, 64-bit interrupt gate */
#define NR_VECTORS      256
#define VECTOR_NMI      2
#define VECTOR_DF       8
#define VECTOR_MC       18

extern const uint64_t isr_table[NR_EXCEPTIONS], isr_spurious, isr_wake, isr_watchdog;
extern const struct extable_entry __extable_start[], __extable_end[];

static struct idt_entry idt[NR_VECTORS] __attribute__((aligned(16)));

static struct idt_entry gate(uint64_t h, uint8_t ist)
{
	return (struct idt_entry){
		.off_lo = (uint16_t)h,
		.sel = GDT_SEL_CODE64,
		.ist = ist,
		.type_attr = GATE_INTR,
		.off_mid = (uint16_t)(h >> 16),
		.off_hi = (uint32_t)(h >> 32),
		.zero = 0,
	};
}

void trap_init(void)
{
	for (unsigned v = 0; v < NR_EXCEPTIONS; v++)
		idt[v] = gate(isr_table[v], v == VECTOR_NMI ? IST_NMI : v == VECTOR_DF ? IST_FAULT :
			      v == VECTOR_MC ? IST_MCE : 0);
	/* Every other vector: the wake-up's EOI-only handler, for whatever the
	 * firmware left requested in the IRR (OVMF's timer tick, say) when the
	 * boot CPU's sleep opens interrupts (kernel/idle.c). */
	for (unsigned v = NR_EXCEPTIONS; v < APIC_SPURIOUS_VECTOR; v++)
		idt[v] = gate(isr_wake, 0);
	idt[WATCHDOG_VECTOR] = gate(isr_watchdog, 0);
	idt[APIC_SPURIOUS_VECTOR] = gate(isr_spurious, 0);
}

void trap_load(void)
{
	struct desc_ptr d = { .limit = sizeof(idt) - 1, .base = (uint64_t)(uintptr_t)idt };
	lidt(&d);
}

void trap_handler(struct trap_frame *f)
{
	switch (f->vector) {
	case VECTOR_NMI:
		events_nmi(f);
		return;
	case VECTOR_MC:
		events_mce(f);
		return;
	case APIC_SPURIOUS_VECTOR:
		events_spurious();
		return;
	case IDLE_WAKE_VECTOR:
	case WATCHDOG_VECTOR:
		idle_interrupt();
		return;
	}
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		if (e->fault_rip == f->rip) {
			/* The fixup finds the vector in RAX (Linux ex_handler_fault does the same). */
			f->rip = e->fixup_rip;
			f->rax = f->vector;
			return;
		}
	}
	struct percpu *p = this_cpu();

	/* A fault on a CPU in its crash path: stay parked. */
	if (p->crashing)
		crash_park(f);
	/* On an AP the fault is contained; only the boot CPU's ends the run. */
	if (p->index != 0)
		crash_trap(f);
	panic_trap(f);
}
