/* SPDX-License-Identifier: MIT */
/*
 * Fatal errors. The first line always starts "PICOVISOR-PANIC" (the report
 * contract's marker for a run that cannot print its report). On the boot CPU
 * the other CPUs are stopped with an NMI and, when the command line asked for
 * it, the emulator is told to exit. On an AP only that CPU stops: the boot
 * CPU sees it as crashed and still prints the report.
 */
#include <stdarg.h>
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "kernel/trap.h"
#include "kernel/console.h"
#include "kernel/emuexit.h"
#include "lib/out.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
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

static __attribute__((noreturn)) void stop(const char *what)
{
	struct percpu *p = this_cpu();

	if (p->index == 0) {
		panicking = 1;
		if (panic_stop_others)
			panic_stop_others();
		emu_exit(EMU_EXIT_PANIC);
	} else {
		snfmt(p->error, sizeof(p->error), "%s", what);
		p->crashed = true;
	}
	halt_forever();
}

void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	cli();
	va_start(ap, fmt);
	vsnfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit("PICOVISOR-PANIC cpu=%u apic_id=%u: %s\n", this_cpu()->index,
	     this_cpu()->apic_id, msg);
	stop(msg);
}

void panic_trap(const struct trap_frame *f)
{
	char what[128];
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
	snfmt(what, sizeof(what), "exception %lu (%s) at rip 0x%lx", f->vector,
	      exception_name((unsigned)f->vector), f->rip);
	stop(what);
}
