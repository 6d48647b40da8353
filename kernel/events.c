/* SPDX-License-Identifier: MIT */
/*
 * Real events (kernel/events.h). Whatever a machine's operator, BMC or
 * firmware sends -- an NMI ("chassis power diag", a watchdog pre-timeout,
 * a PCI SERR#), a machine check, a spurious interrupt -- is counted and
 * logged on the CPU that took it and the run goes on.
 *
 * NMI: on every CPU, in the host or a guest. VT-x guests run with "NMI
 * exiting": the exit re-raises it here by INT 2 (events_nmi_reraise). SVM
 * guests intercept NMI: the #VMEXIT leaves GIF = 0, which holds the NMI
 * until the STGI after it, where it arrives here (svm/entry.S). panic()
 * on the boot CPU stops the others by NMI (panic_in_progress: they halt),
 * and a crashing AP parks itself by one (kernel/panic.c); everything else
 * is counted, and the first NMI_LOG_MAX of each CPU are logged with the
 * NMI status port 0x61 (bit 7 PCI SERR#, bit 6 I/O channel check), whose
 * latches are left as they are. The handler takes no lock it could wait
 * for: its line is written only if the console comes free
 * (console_try_write), and runs on its own IST stack (kernel/trap.h).
 *
 * Machine checks (SDM Vol. 3B 16.2-16.3, 17.10; Linux mce/core.c): every
 * CPU sets CR4.MCE (without it a #MC shuts the CPU down) and, with MCA,
 * enables every bank (IA32_MCG_CTL, MCi_CTL all ones) after recording
 * and clearing what the banks held from before this boot. The #MC handler
 * reads each bank, records the errors, clears them and IA32_MCG_STATUS
 * (MCIP: a second #MC while it is set shuts the CPU down). A corrected
 * error is counted; an uncorrected one crashes that CPU like any fault
 * (the others go on); on the boot CPU it is recorded the same way and the
 * run goes on when RIPV says the interrupted code may resume, otherwise
 * the report is printed from the handler. Corrected errors raise no #MC:
 * each CPU polls its banks when its work is done, the boot CPU again
 * before the report.
 *
 * Spurious interrupts (SDM Vol. 3A 10.9): the local APIC's spurious
 * vector, delivered without ISR bit and so without EOI, is counted.
 */
#include <stdarg.h>
#include "arch/x86/cpu.h"
#include "arch/x86/msr-index.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/events.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/trap.h"
#include "lib/json.h"
#include "lib/string.h"
#include "pure/mce.h"
#include "pure/platform_facts.h"

#define NMI_LOG_MAX		3	/* NMIs logged per CPU; all are counted */
#define PORT_NMI_SC		0x61	/* NMI status and control (ISA system control port B) */
#define NMI_SC_SERR		BIT(7)
#define NMI_SC_IOCHK		BIT(6)
#define VECTOR_MC		18

extern char _image_start[], _image_end[];

void (*events_final_report)(void);

/* A line from NMI or #MC context: written whole if the console is free, else dropped. */
static __attribute__((format(printf, 1, 2))) bool try_log(const char *fmt, ...)
{
	char buf[240];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	return console_try_write(buf, (size_t)n);
}

static void keep_record(struct cpu_events *e, const struct mce_record *r)
{
	if (e->nrec < MCE_RECORDS_MAX)
		e->mce_rec[e->nrec++] = *r;
}

/* Bank b's error (status already read), its ADDR and MISC where valid. */
static struct mce_record read_bank(unsigned b, uint64_t status, enum mce_found found)
{
	struct mce_record r = { .status = status, .bank = (uint8_t)b, .found = (uint8_t)found };

	if (status & MCI_STATUS_ADDRV)
		rdmsr_safe(MSR_IA32_MCx_ADDR(b), &r.addr);
	if (status & MCI_STATUS_MISCV)
		rdmsr_safe(MSR_IA32_MCx_MISC(b), &r.misc);
	return r;
}

static void describe(char *buf, size_t n, const struct mce_record *r)
{
	struct out_buf b;

	out_buf_init(&b, buf, n);
	mce_describe(&b.out, r);
}

/*
 * Bank b's error, if it holds one: read, kept in this CPU's records and
 * described into what (the bank is not cleared). False when it holds none.
 */
static bool take_bank(struct cpu_events *e, unsigned b, enum mce_found found,
		      struct mce_record *r, char *what, size_t n)
{
	uint64_t status = 0;

	if (rdmsr_safe(MSR_IA32_MCx_STATUS(b), &status) || mce_grade(status) == MCE_GRADE_NONE)
		return false;
	*r = read_bank(b, status, found);
	keep_record(e, r);
	describe(what, n, r);
	return true;
}

void events_cpu_init(struct percpu *p)
{
	const struct cpuinfo *ci = &boot_cpuinfo;
	bool intel = !strcmp(ci->vendor, "GenuineIntel");
	struct cpu_events *e = &p->events;
	struct cpuid_regs r;
	uint64_t cap = 0, status;
	unsigned n = 0, b;

	cpuid(1, &r);
	if (!(r.edx & CPUID_1_EDX_MCE)) {
		pr_debug("mce: no machine-check exception (CPUID.1:EDX[7])\n");
		return;
	}
	if ((r.edx & CPUID_1_EDX_MCA) && rdmsr_safe(MSR_IA32_MCG_CAP, &cap) == 0) {
		n = mce_bank_count(cap);
		if (cap & MCG_CTL_P)
			wrmsr_safe(MSR_IA32_MCG_CTL, ~0ULL);
		for (b = 0; b < n; b++) {
			if (rdmsr_safe(MSR_IA32_MCx_STATUS(b), &status))
				break;
			if (mce_grade(status) != MCE_GRADE_NONE) {
				struct mce_record rec = read_bank(b, status, MCE_FOUND_BOOT);
				char what[160];

				keep_record(e, &rec);
				describe(what, sizeof(what), &rec);
				pr_info("mce: from before this boot: %s\n", what);
				wrmsr_safe(MSR_IA32_MCx_STATUS(b), 0);
			}
			if (!mce_bank_ctl_keep(intel, ci->family, ci->model, b))
				wrmsr_safe(MSR_IA32_MCx_CTL(b), ~0ULL);
		}
		n = b;
	}
	e->mce_banks = (uint8_t)n;
	write_cr4(read_cr4() | X86_CR4_MCE);
	if (p->index == 0)
		pr_info("mce: CR4.MCE set, %u banks (IA32_MCG_CAP 0x%llx)\n", n,
			(unsigned long long)cap);
	else
		pr_debug("mce: CR4.MCE set, %u banks\n", n);
}

/* The NMI arrived right after an STGI: GIF = 0 held it through a world switch. */
static bool after_stgi(uint64_t rip)
{
	static const uint8_t stgi[3] = { 0x0f, 0x01, 0xdc };

	return rip >= (uint64_t)(uintptr_t)_image_start + sizeof(stgi) &&
	       rip <= (uint64_t)(uintptr_t)_image_end &&
	       !memcmp((const void *)(uintptr_t)(rip - sizeof(stgi)), stgi, sizeof(stgi));
}

void events_nmi(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct cpu_events *e = &p->events;
	bool vmexit = e->nmi_from_guest, gif = !vmexit && after_stgi(f->rip);
	uint8_t sc;

	e->nmi_from_guest = false;
	/* The NMI a crashed AP sent itself: park, NMIs blocked (no IRET). */
	if (p->crashing && p->crashed)
		crash_park(f);
	/* panic() on the boot CPU stops the others with an NMI: stop here, quietly. */
	if (panic_in_progress())
		halt_forever();
	e->nmi++;
	if (vmexit || gif)
		e->nmi_guest++;
	/* Only the first few try to log: a line costs a busy console's bounded wait
	 * and the UART's time, which a guest measuring its own TSC would see. */
	if (p->crashing || e->nmi_log_tries >= NMI_LOG_MAX)
		return;
	e->nmi_log_tries++;
	sc = inb(PORT_NMI_SC);
	if (try_log("[cpu%u] NMI %u: %s, rip 0x%lx, port 0x61 = 0x%02x%s%s%s\n", p->index, e->nmi,
		    vmexit ? "in guest (NMI exit)" : gif ?
		    "in guest or at its world switch (held by GIF until STGI)" : "in host",
		    f->rip, sc, sc & NMI_SC_SERR ? " (PCI SERR#)" : "",
		    sc & NMI_SC_IOCHK ? " (I/O channel check)" : "",
		    e->nmi_log_tries == NMI_LOG_MAX ? "; further NMIs are counted, not logged" : ""))
		e->nmi_logged++;
}

void events_nmi_reraise(void)
{
	this_cpu()->events.nmi_from_guest = true;
	__asm__ volatile("int $2" ::: "memory");
}

void events_spurious(void)
{
	this_cpu()->events.spurious++;
}

void events_mce(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct cpu_events *e = &p->events;
	uint64_t mcg = 0;
	char why[ERRBUF_SIZE - 80] = "";
	bool fatal;

	e->mce++;
	if (e->mce_banks)
		rdmsr_safe(MSR_IA32_MCG_STATUS, &mcg);
	fatal = !mce_can_resume(mcg);
	for (unsigned b = 0; b < e->mce_banks; b++) {
		struct mce_record r;
		char what[160];

		if (!take_bank(e, b, MCE_FOUND_EXCEPTION, &r, what, sizeof(what)))
			continue;
		try_log("[cpu%u] machine check: %s\n", p->index, what);
		if (mce_grade(r.status) == MCE_GRADE_UNCORRECTED) {
			fatal = true;
			if (!why[0])
				snfmt(why, sizeof(why), "machine check %s", what);
		}
		wrmsr_safe(MSR_IA32_MCx_STATUS(b), 0);
	}
	/* MCIP off: a second #MC while it is set would shut this CPU down. */
	if (e->mce_banks)
		wrmsr_safe(MSR_IA32_MCG_STATUS, 0);
	if (!fatal)
		return;
	if (!why[0])
		snfmt(why, sizeof(why), "machine check, IA32_MCG_STATUS 0x%llx (RIPV clear), "
		      "no bank holds an uncorrected error", (unsigned long long)mcg);
	if (p->index != 0)
		crash_trap_why(f, why);
	crash_note(f, why);
	if (mce_can_resume(mcg)) {
		try_log("[cpu%u] error: %s; the interrupted code may resume (RIPV): the run goes on\n",
			p->index, p->error);
		return;
	}
	crash_release_locks(f, NULL, 0);
	kprintf("[cpu%u] error: %s; RIPV clear, the interrupted code cannot resume: the report "
		"follows now\n", p->index, p->error);
	if (events_final_report)
		events_final_report();
	halt_forever();
}

void events_mce_in_guest(uint64_t guest_rip)
{
	struct trap_frame f;

	memset(&f, 0, sizeof(f));
	f.vector = VECTOR_MC;
	f.rip = guest_rip;
	events_mce(&f);
}

void events_poll(struct percpu *p)
{
	struct cpu_events *e = &p->events;

	for (unsigned b = 0; b < e->mce_banks; b++) {
		struct mce_record r;
		char what[160];

		if (!take_bank(e, b, MCE_FOUND_POLL, &r, what, sizeof(what)))
			continue;
		e->mce++;
		pr_info("machine check found by polling: %s\n", what);
		wrmsr_safe(MSR_IA32_MCx_STATUS(b), 0);
	}
}

void events_json(struct json *j, const struct percpu *p)
{
	const struct cpu_events *e = &p->events;

	if (!p->online)
		return;
	json_obj_begin(j, "events");
	json_u64(j, "nmi", e->nmi);
	json_u64(j, "nmi_guest", e->nmi_guest);
	json_u64(j, "mce", e->mce);
	json_u64(j, "spurious", e->spurious);
	json_obj_end(j);
	if (!e->nrec)
		return;
	json_arr_begin(j, "mce_records");
	for (unsigned i = 0; i < e->nrec && i < MCE_RECORDS_MAX; i++) {
		const struct mce_record *r = &e->mce_rec[i];

		json_obj_begin(j, NULL);
		json_u64(j, "bank", r->bank);
		json_hex(j, "status", r->status);
		json_hex(j, "addr", r->addr);
		json_hex(j, "misc", r->misc);
		json_str(j, "found", mce_found_name((enum mce_found)r->found));
		json_obj_end(j);
	}
	json_arr_end(j);
}

void events_summary(void)
{
	console_flush_deferred();
	for (unsigned i = 0; cpus && i < ncpus; i++) {
		const struct percpu *c = cpus[i];
		const struct cpu_events *e;

		if (!c || !c->online)
			continue;
		e = &c->events;
		if (e->nmi || e->mce || e->spurious)
			kprintf("events: cpu%u: %u NMIs (%u in a guest, %u logged), %u machine checks, "
				"%u spurious interrupts\n", i, e->nmi, e->nmi_guest, e->nmi_logged, e->mce,
				e->spurious);
	}
}
