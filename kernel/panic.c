/* SPDX-License-Identifier: MIT */
/*
 * Fatal errors. On the boot CPU the first line always starts
 * "PICOVISOR-PANIC" (the report contract's marker for a run that cannot
 * print its report), followed by the registers and every CPU's last known
 * stage; the other CPUs are stopped with an NMI and, when the command line
 * asked for it, the emulator is told to exit.
 *
 * On an AP the fault is contained: the CPU records what it took (vector,
 * error code, RIP, the stage it was in) in its struct percpu, says so on
 * the console, and parks. The boot CPU stops waiting for it and prints the
 * report with that CPU "crashed".
 */
#include <stdarg.h>
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "kernel/trap.h"
#include "kernel/console.h"
#include "kernel/emuexit.h"
#include "lib/out.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "lib/bits.h"
#include "lib/string.h"

void (*panic_stop_others)(void);
static volatile int panicking;

bool panic_in_progress(void)
{
	return panicking != 0;
}

static void emit(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	console_emergency(buf, (size_t)n);
}

/* Where every CPU was when the boot CPU died. */
static void emit_stages(void)
{
	for (unsigned i = 0; i < ncpus; i++) {
		const struct percpu *c = cpus[i];

		if (!c)
			continue;
		emit("  cpu%u apic_id=%u stage=%s%s%s\n", i, c->apic_id, cpu_stage_name(c->stage),
		     c->crashed ? " crashed" : i && !c->online ? " offline" : "",
		     i == this_cpu()->index ? " (this CPU)" : "");
	}
}

static __attribute__((noreturn)) void stop_all(void)
{
	panicking = 1;
	if (panic_stop_others)
		panic_stop_others();
	emu_exit(EMU_EXIT_PANIC);
	halt_forever();
}

/*
 * A trap on a CPU already in its crash path (a fault while it reports, or
 * an NMI): stay parked. Not returning from an NMI keeps NMIs blocked (SDM
 * Vol. 3A 6.7.1). A fault while reporting still publishes the crash, whose
 * record was filled before the printing began.
 */
void crash_park(const struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	crash_release_locks(f, NULL, 0);
	if (!p->crashed)
		__atomic_store_n(&p->crashed, true, __ATOMIC_RELEASE);
	halt_forever();
}

/* Vectors that push an error code (SDM Vol. 3A table 6-1). */
#define ERROR_CODE_VECTORS	(BIT(8) | BIT(10) | BIT(11) | BIT(12) | BIT(13) | BIT(14) | \
				 BIT(17) | BIT(21) | BIT(29) | BIT(30))

/*
 * Publish the crash and park. The NMI this CPU sends itself ends in
 * events_nmi (kernel/events.c), which parks without IRET once crashed is
 * set: from then on NMIs stay blocked, so neither a stray NMI nor a
 * panic's can wake it. An NMI that comes while the crash is still being
 * printed (crashing, not yet crashed) is only counted.
 */
static __attribute__((noreturn)) void crash_finish(struct percpu *p)
{
	__atomic_store_n(&p->crashed, true, __ATOMIC_RELEASE);
	lapic_send_ipi(p->apic_id, APIC_DM_NMI);
	halt_forever();
}

void crash_release_locks(const struct trap_frame *f, char *what, size_t size)
{
	char none[1];

	if (!what || !size) {
		what = none;
		size = sizeof(none);
	}
	locks_crash_fixup(f);
	console_crash_release();
	locks_crash_release(what, size);
}

#define LOCKS_NOTE_SIZE 96

/* What crash_release_locks gave back: a line for whoever debugs a hang that did not happen. */
static void print_locks(const struct percpu *p, const char *locks)
{
	if (locks[0])
		kprintf("[cpu%u]   gave back the %s\n", p->index, locks);
}

/* Common part of an AP's crash: free the console and the other locks, note the stage. */
static void crash_begin(struct percpu *p, const struct trap_frame *f, char *locks, size_t size)
{
	cli();
	p->crashing = true;
	crash_release_locks(f, locks, size);
	p->crash.stage = p->stage;
}

/* This CPU's crash record and error text for a trap (why: more detail, or NULL). */
static void crash_fill(struct percpu *p, const struct trap_frame *f, const char *why)
{
	unsigned v = (unsigned)f->vector;
	char code[64] = "";

	p->crash.exception = true;
	p->crash.vector = (uint8_t)v;
	p->crash.error_code = f->error;
	p->crash.rip = f->rip;
	p->crash.cr2 = v == 14 ? read_cr2() : 0;
	if (v < 32 && (ERROR_CODE_VECTORS & BIT(v)))
		snfmt(code, sizeof(code), ", error code 0x%lx", f->error);
	if (v == 14)
		snfmt(code + strlen(code), sizeof(code) - strlen(code), ", address 0x%lx",
		      p->crash.cr2);
	snfmt(p->error, sizeof(p->error), "%s (vector %u%s) at rip 0x%lx in stage %s%s%s",
	      exception_mnemonic(v), v, code, f->rip, cpu_stage_name(p->crash.stage),
	      why ? ": " : "", why ? why : "");
}

void crash_note(const struct trap_frame *f, const char *why)
{
	struct percpu *p = this_cpu();

	p->crash.stage = p->stage;
	crash_fill(p, f, why);
	__atomic_store_n(&p->crashed, true, __ATOMIC_RELEASE);
}

void crash_trap_why(const struct trap_frame *f, const char *why)
{
	struct percpu *p = this_cpu();
	char locks[LOCKS_NOTE_SIZE];

	crash_begin(p, f, locks, sizeof(locks));
	crash_fill(p, f, why);
	kprintf("[cpu%u] error: crashed: %s\n", p->index, p->error);
	kprintf("[cpu%u]   %s, rsp=0x%lx; this CPU is parked, the boot CPU carries on\n",
		p->index, exception_name((unsigned)f->vector), f->rsp);
	print_locks(p, locks);
	kprintf("[cpu%u]   rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", p->index, f->rax, f->rbx,
		f->rcx, f->rdx);
	kprintf("[cpu%u]   rsi=%016lx rdi=%016lx rbp=%016lx r8 =%016lx\n", p->index, f->rsi, f->rdi,
		f->rbp, f->r8);
	kprintf("[cpu%u]   r9 =%016lx r10=%016lx r11=%016lx r12=%016lx\n", p->index, f->r9, f->r10,
		f->r11, f->r12);
	kprintf("[cpu%u]   r13=%016lx r14=%016lx r15=%016lx rflags=%08lx\n", p->index, f->r13,
		f->r14, f->r15, f->rflags);
	crash_finish(p);
}

void crash_trap(const struct trap_frame *f)
{
	crash_trap_why(f, NULL);
}

void panic(const char *fmt, ...)
{
	struct percpu *p = this_cpu();
	char msg[200];
	va_list ap;

	cli();
	va_start(ap, fmt);
	vsnfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->index != 0) {
		char locks[LOCKS_NOTE_SIZE];

		crash_begin(p, NULL, locks, sizeof(locks));
		p->crash.exception = false;
		snfmt(p->error, sizeof(p->error), "panic in stage %s: %s",
		      cpu_stage_name(p->crash.stage), msg);
		kprintf("[cpu%u] error: crashed: %s; parked, the boot CPU carries on\n", p->index,
			p->error);
		print_locks(p, locks);
		crash_finish(p);
	}
	emit("PICOVISOR-PANIC cpu=%u apic_id=%u: %s\n", p->index, p->apic_id, msg);
	emit_stages();
	stop_all();
}

void panic_trap(const struct trap_frame *f)
{
	struct percpu *p = this_cpu();

	emit("PICOVISOR-PANIC cpu=%u apic_id=%u vector=%lu (%s) error=0x%lx rip=0x%lx rsp=0x%lx cr2=0x%lx\n",
	     p->index, p->apic_id, f->vector, exception_name((unsigned)f->vector),
	     f->error, f->rip, f->rsp, read_cr2());
	emit("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	emit("  rsi=%016lx rdi=%016lx rbp=%016lx r8 =%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	emit("  r9 =%016lx r10=%016lx r11=%016lx r12=%016lx\n", f->r9, f->r10, f->r11, f->r12);
	emit("  r13=%016lx r14=%016lx r15=%016lx rflags=%08lx\n", f->r13, f->r14, f->r15, f->rflags);
	emit("  cs=%04lx ss=%04lx cr0=%08lx cr3=%08lx cr4=%08lx\n", f->cs, f->ss, read_cr0(),
	     read_cr3(), read_cr4());
	emit_stages();
	stop_all();
}
