/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V check battery on one CPU (docs/checks.md): after its main
 * guest, every CPU runs every selected row of svm/checks/table.c in table
 * order, each as a fresh small guest, the other CPUs doing the same at the
 * same time. A row whose needs are unmet is skipped with the reason.
 *
 * The loop takes one #VMEXIT at a time (svm/checks/entry.S) and hands it to
 * the row. Exits no row can want are judged here: VMEXIT_INVALID (the
 * APM rule the VMCB breaks named by svm/pure/vmcb_check.c), the host's NMI
 * (only panic sends them), INTR (the watchdog's LAPIC timer: a guest that
 * never exits is stopped and FAILs "timeout"; any other interrupt is left
 * pending for the host, as in the main guest), and too many exits.
 *
 * The watchdog's interrupt is never acknowledged by the guest run, so once
 * it fired it stays requested in the IRR and would exit every later VMRUN
 * at once: the loop takes it in the host through a private IDT whose gates
 * 32-255 only send EOI (svm_chk_drain_isr), then goes on.
 */
#include "arch/x86/cpu.h"
#include "kernel/checkrun.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "pure/exceptions.h"
#include "svm/checks.h"
#include "svm/checks/env.h"
#include "svm/pure/permmap.h"
#include "svm/pure/redeliver.h"
#include "svm/pure/svm_names.h"
#include "svm/pure/vmcb_check.h"
#include "svm/vmrun_check.h"
#include "svm/svm.h"

#define HOST_IDT_BYTES		(256 * 16)

bool schk_call(const struct schk *c, uint32_t call)
{
	return c->code == SVM_EXIT_VMMCALL && (uint32_t)c->g.regs.rax == call;
}

void schk_skip(struct schk *c, unsigned len)
{
	c->vmcb->save.rip = c->g.nrips ? c->vmcb->control.next_rip : c->rip + len;
}

uint64_t schk_ga(const char *sym)
{
	return GUEST_CODE_GPA + (uint64_t)(sym - schk_image);
}

enum chk_verdict schk_unexpected(struct schk *c)
{
	char name[24];
	const char *what = schk_call(c, CHK_CALL_DONE) ? ": the guest program ended" : "";

	return schk_fail(c, "unexpected #VMEXIT 0x%llx (%s%s) at rip 0x%llx, EXITINFO1 0x%llx, "
			 "EXITINFO2 0x%llx", (unsigned long long)c->code,
			 svm_exit_name_buf(c->code, name, sizeof(name)), what,
			 (unsigned long long)c->rip, (unsigned long long)c->info1,
			 (unsigned long long)c->info2);
}

/* A row for both vendors (guest/checks.h) through AMD-V. */
static bool ops_call(const struct chk_run *r, uint32_t call)
{
	return schk_call(r->hw, call);
}

static void ops_decode(const struct chk_run *r, struct chk_exit *e)
{
	const struct schk *c = r->hw;
	char name[24];

	*e = (struct chk_exit){ .rip = c->rip, .info = c->info1, .info_name = "EXITINFO1" };
	snfmt(e->name, sizeof(e->name), "#VMEXIT 0x%llx (%s)", (unsigned long long)c->code,
	      svm_exit_name_buf(c->code, name, sizeof(name)));
	if (c->code == SVM_EXIT_VMMCALL) {
		e->kind = CHK_EXIT_CALL;
		e->call = (uint32_t)c->g.regs.rax;
	} else if (c->code >= SVM_EXIT_EXCP_BASE && c->code <= SVM_EXIT_LAST_EXCP) {
		e->kind = CHK_EXIT_EXCEPTION;
		e->vector = (unsigned)(c->code - SVM_EXIT_EXCP_BASE);
		e->error_valid = exception_has_error_code(e->vector);	/* in EXITINFO1 (15.12) */
		e->error = e->error_valid ? (uint32_t)c->info1 : 0;
	} else if (c->code == SVM_EXIT_IOIO) {
		struct svm_ioio io;

		svm_ioio_decode(c->info1, &io);
		e->kind = CHK_EXIT_IO;
		e->port = io.port;
		e->size = (uint8_t)io.size;
		e->in = io.in;
		e->string = io.string;
		e->next_rip = c->info2;
	} else if (c->code <= SVM_EXIT_WRITE_CR0 + 15) {
		e->kind = CHK_EXIT_CR;
		e->cr = (unsigned)(c->code & 15);
		e->write = c->code >= SVM_EXIT_WRITE_CR0;
		e->gpr = !(boot_svm_caps.features & SVM_FEAT_DECODE_ASSISTS) ? CHK_GPR_NONE :
			 c->info1 & SVM_EXITINFO1_CR_MOV ? (int)(c->info1 & SVM_EXITINFO1_CR_GPR) :
			 CHK_GPR_UNNAMED;
	} else if (c->code == SVM_EXIT_MSR) {
		e->kind = CHK_EXIT_MSR;
		e->msr = (uint32_t)c->g.regs.rcx;
		e->write = c->info1 == 1;
	} else if (c->code == SVM_EXIT_NPF) {
		e->kind = CHK_EXIT_GPA_FAULT;
		e->gpa = c->info2;		/* EXITINFO2: the faulting guest-physical address */
	}
}

static void ops_skip(struct chk_run *r, unsigned len)
{
	schk_skip(r->hw, len);
}

static void ops_tsc_around(const struct chk_run *r, uint64_t *entry, uint64_t *exit)
{
	const struct schk *c = r->hw;

	*entry = c->tsc_entry;
	*exit = c->tsc_exit;
}

static void ops_set_tsc_offset(struct chk_run *r, uint64_t offset)
{
	struct schk *c = r->hw;

	c->vmcb->control.intercept_misc1 &= ~INTERCEPT_RDTSC;
	c->vmcb->control.tsc_offset = offset;
}

static void ops_set_tsc_multiplier(struct chk_run *r, unsigned factor)
{
	struct schk *c = r->hw;

	ops_set_tsc_offset(r, 0);
	wrmsr(MSR_AMD64_TSC_RATIO, (uint64_t)factor << SVM_TSC_RATIO_SHIFT);
	c->tsc_ratio_set = true;	/* row_run puts 1.0 back */
}

static void ops_second_level_ad(struct chk_run *r)
{
	(void)r;	/* nested walks set A/D always (APM Vol. 2 15.25.5) */
}

static void ops_intercept_exception(struct chk_run *r, unsigned vector, bool intercept)
{
	struct schk *c = r->hw;
	uint32_t bit = (uint32_t)BIT(vector & 31);

	if (intercept)
		c->vmcb->control.intercept_exceptions |= bit;
	else
		c->vmcb->control.intercept_exceptions &= ~bit;
}

static void ops_intercept_io(struct chk_run *r, uint16_t port, bool intercept)
{
	struct schk *c = r->hw;

	svm_iopm_set(c->iopm, port, intercept);
}

static bool ops_io_exits(const struct chk_run *r, uint16_t port, unsigned size)
{
	const struct schk *c = r->hw;

	return svm_iopm_intercepts(c->iopm, port, size);
}

static void ops_intercept_msr(struct chk_run *r, uint32_t msr, bool write, bool intercept)
{
	struct schk *c = r->hw;

	svm_msrpm_set(c->msrpm, msr, write, intercept);
}

static bool ops_msr_exits(const struct chk_run *r, uint32_t msr, bool write)
{
	const struct schk *c = r->hw;

	return svm_msrpm_intercepts(c->msrpm, msr, write);
}

static bool ops_set_guest_msr(struct chk_run *r, uint32_t msr, uint64_t value)
{
	struct schk *c = r->hw;

	if (msr == MSR_IA32_SYSENTER_CS)
		c->vmcb->save.sysenter_cs = value;
	else if (msr == MSR_STAR)
		c->vmcb->save.star = value;
	else
		return false;
	return true;
}

static uint64_t ops_guest_cr(const struct chk_run *r, unsigned cr)
{
	const struct schk *c = r->hw;

	return cr == 0 ? c->vmcb->save.cr0 : cr == 3 ? c->vmcb->save.cr3 : c->vmcb->save.cr4;
}

static bool ops_own_cr(struct chk_run *r, unsigned cr, uint64_t bits)
{
	struct schk *c = r->hw;

	/* The intercepts take every access of the register. */
	if (!bits) {
		c->vmcb->control.intercept_cr &= ~(INTERCEPT_CR_READ(cr) | INTERCEPT_CR_WRITE(cr));
		return false;
	}
	c->vmcb->control.intercept_cr |= INTERCEPT_CR_READ(cr) | INTERCEPT_CR_WRITE(cr);
	return true;
}

static void ops_inject(struct chk_run *r, enum chk_inject type, unsigned vector, bool has_error,
		       uint32_t error)
{
	struct schk *c = r->hw;
	uint64_t t = type == CHK_INJECT_EXCEPTION ? SVM_EVTINJ_TYPE_EXEPT : SVM_EVTINJ_TYPE_INTR;

	c->injected = true;
	c->vmcb->control.event_inj = SVM_EVTINJ_VALID | t << SVM_EVTINJ_TYPE_SHIFT | vector |
				     (has_error ? SVM_EVTINJ_VALID_ERR |
				      (uint64_t)error << SVM_EVTINJ_ERRCODE_SHIFT : 0);
}

static bool ops_delivering(const struct chk_run *r, struct chk_event *ev)
{
	const struct schk *c = r->hw;
	uint64_t info = c->vmcb->control.exit_int_info;

	*ev = (struct chk_event){
		.type = (unsigned)((info & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT),
		.vector = (unsigned)(info & SVM_EVTINJ_VEC_MASK),
		.error_valid = info & SVM_EVTINJ_VALID_ERR,
		.raw = info,
		.field = "EXITINTINFO",
	};
	ev->hardware_exception = ev->type == SVM_EVTINJ_TYPE_EXEPT;
	ev->external_interrupt = ev->type == SVM_EVTINJ_TYPE_INTR;
	ev->software_interrupt = ev->type == SVM_EVTINJ_TYPE_SOFT;
	if (ev->error_valid)
		ev->error = (uint32_t)(info >> SVM_EVTINJ_ERRCODE_SHIFT);
	return info & SVM_EVTINJ_VALID;
}

static void ops_rflags_set(struct chk_run *r, uint64_t set)
{
	struct schk *c = r->hw;

	c->vmcb->save.rflags |= set;
}

static uint64_t ops_ga(const struct chk_prog *p)
{
	return schk_ga(p->svm);
}

static enum chk_verdict ops_unexpected(struct chk_run *r)
{
	return schk_unexpected(r->hw);
}

static const struct chk_ops svm_chk_ops = {
	.call = ops_call,
	.decode = ops_decode,
	.skip = ops_skip,
	.tsc_around = ops_tsc_around,
	.set_tsc_offset = ops_set_tsc_offset,
	.set_tsc_multiplier = ops_set_tsc_multiplier,
	.second_level_ad = ops_second_level_ad,
	.intercept_exception = ops_intercept_exception,
	.intercept_io = ops_intercept_io,
	.io_exits = ops_io_exits,
	.intercept_msr = ops_intercept_msr,
	.msr_exits = ops_msr_exits,
	.set_guest_msr = ops_set_guest_msr,
	.own_cr = ops_own_cr,
	.guest_cr = ops_guest_cr,
	.inject = ops_inject,
	.delivering = ops_delivering,
	.rflags_set = ops_rflags_set,
	.ga = ops_ga,
	.unexpected = ops_unexpected,
};

/* VMRUN refused the VMCB: the software check of the copy names the rule. */
static enum chk_verdict vmrun_failed(struct schk *c)
{
	struct svm_check_env env;
	char why[CHECK_DETAIL_MAX - 64];

	svm_check_env_from_caps(&env, &boot_svm_caps);
	if (vmcb_check(c->vmcb_copy, &env, why, sizeof(why)) == 0)
		snfmt(why, sizeof(why), "no APM consistency rule is broken in the VMCB");
	return schk_fail(c, "VMRUN failed: VMEXIT_INVALID after %u exits: %s", c->exits - 1, why);
}

/* The exits the loop judges itself; CHK_RESUME / CHK_DONE, or -1 for the row's handler. */
static int common_exit(struct schk *c)
{
	if (svm_exit_is_invalid(c->code))
		return vmrun_failed(c);
	if (c->code == SVM_EXIT_NMI) {
		if (panic_in_progress())
			halt_forever();
		c->exits--;	/* the host's NMI, not the guest's doing: no step toward "runaway" */
		return CHK_RESUME;
	}
	if (c->code == SVM_EXIT_INTR) {
		if (watchdog_lapic_fired(c->cpu))
			return schk_fail(c, "timeout: stopped by the watchdog (LAPIC timer, %u ms) at "
					 "rip 0x%llx after %u exits%s%s", c->cpu->watchdog_ms,
					 (unsigned long long)c->rip, c->exits,
					 c->waiting ? ": " : "", c->waiting ? c->waiting : "");
		if (++c->intr < CHK_MAX_INTR)
			return CHK_RESUME;
		return schk_fail(c, "%u INTR exits: an interrupt source nobody services",
				 CHK_MAX_INTR);
	}
	if (c->exits > CHK_MAX_EXITS)
		return schk_fail(c, "runaway: %u exits, the last 0x%llx at rip 0x%llx", c->exits,
				 (unsigned long long)c->code, (unsigned long long)c->rip);
	return -1;
}

/* Take an interrupt left requested (the watchdog's) in the host: EOI, nothing else. */
void schk_drain_interrupts(struct schk *c)
{
	struct desc_ptr host, drain = { .limit = HOST_IDT_BYTES - 1 };
	uint64_t isr = (uint64_t)(uintptr_t)svm_chk_drain_isr;
	uint16_t cs;

	sidt(&host);
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	memcpy(c->drain_idt, (const void *)(uintptr_t)host.base, MIN((size_t)host.limit + 1,
								     (size_t)HOST_IDT_BYTES));
	for (unsigned v = 32; v < 256; v++) {
		c->drain_idt[2 * v] = (isr & 0xffff) | ((uint64_t)cs << 16) |
				      ((uint64_t)SEG_GATE_INTR << 40) | ((isr & 0xffff0000ULL) << 32);
		c->drain_idt[2 * v + 1] = isr >> 32;
	}
	drain.base = (uint64_t)(uintptr_t)c->drain_idt;
	lidt(&drain);
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	lidt(&host);
}

/*
 * The software VMRUN check (docs/entry-rules.md) on the check guest's VMCB
 * before its first VMRUN: a VMCB that breaks a rule is not run, the row FAILs
 * naming the rule, and the VMCB is printed. entrycheck=off skips it.
 */
static bool vmrun_rules_hold(struct schk *c)
{
	struct svm_check_env env;
	char why[CHECK_DETAIL_MAX - 24];
	uint32_t broken;

	if (kopts.entrycheck == OPT_OFF)
		return true;
	broken = svm_vmrun_check(c->vmcb, &env, why, sizeof(why));
	if (!broken)
		return true;
	svm_vmrun_print(c->vmcb, &env, broken);
	schk_fail(c, "VMRUN refused: %s", why);
	return false;
}

/*
 * Resuming: the event the #VMEXIT cut short in its delivery goes into
 * EVENTINJ (svm/pure/redeliver.c), unless the row injected one of its own
 * on this exit or event_redelivery's break is on. An EXITINTINFO no VMRUN
 * could take FAILs the row.
 */
static bool redeliver(struct schk *c, const struct svm_check *k)
{
	char why[SVM_REDELIVER_WHY_MAX];

	if (c->injected || (k->row && c->run.no_redelivery) ||
	    svm_redeliver_resume(&c->vmcb->control, c->code, why, sizeof(why)))
		return true;
	schk_fail(c, "%s", why);
	return false;
}

static void run_one(struct schk *c, const struct svm_check *k)
{
	struct percpu *p = c->cpu;
	bool fired;

	schk_env_prepare(c, k);
	if (k->row) {
		c->run = (struct chk_run){ .ops = &svm_chk_ops, .hw = c, .mem = c->mem,
					   .rec = c->rec, .broken = c->broken, .vendor = CHK_SVM,
					   .regs = &c->g.regs, .tables = &c->npt };
		k->row->setup(&c->run);
	} else if (k->setup) {
		k->setup(c);
	}
	memcpy(c->vmcb_copy, c->vmcb, sizeof(*c->vmcb));
	if (!vmrun_rules_hold(c))
		return;
	watchdog_lapic_arm(p);
	for (;;) {
		struct vmcb *v = c->vmcb;
		int r;

		v->save.rax = c->g.regs.rax;
		c->tsc_entry = rdtsc();
		svm_chk_vmrun(&c->g.regs, c->g.vmcb_pa, c->g.host_save_pa);
		c->tsc_exit = rdtsc();
		c->exits++;
		c->g.regs.rax = v->save.rax;
		c->code = v->control.exit_code;
		c->info1 = v->control.exit_info_1;
		c->info2 = v->control.exit_info_2;
		c->rip = v->save.rip;
		/* The first VMRUN flushed this ASID (TLB_CONTROL 1); rows ask for more themselves. */
		v->control.tlb_control = TLB_CONTROL_DO_NOTHING;
		c->injected = false;
		r = common_exit(c);
		if (r == -1)
			r = k->row ? k->row->exit(&c->run) : k->exit(c);
		if (r == CHK_DONE || !redeliver(c, k))
			break;
	}
	fired = watchdog_lapic_fired(p);
	watchdog_lapic_disarm(p);
	if (fired)
		schk_drain_interrupts(c);
	pr_debug("checks: %s: %u exits, %llu TSC ticks in the last run\n", svm_check_name(k), c->exits,
		 (unsigned long long)(c->tsc_exit - c->tsc_entry));
}

/* The reason a row cannot run here, or false. */
static bool unmet(const struct svm_check *k, char *why, size_t n)
{
	uint32_t missing = k->feat & ~boot_svm_caps.features;

	if (missing) {
		unsigned bit = (unsigned)__builtin_ctz(missing);
		const char *name = svm_feature_name(bit);

		snfmt(why, n, "not advertised: %s (CPUID 0x8000000a EDX[%u])", name ? name : "?",
		      bit);
		return true;
	}
	if (k->npt && !svm_config.npt) {
		snfmt(why, n, "not enabled: nested paging (the guests run without NPT)");
		return true;
	}
	return false;
}

static const char *row_name(unsigned row)
{
	return svm_check_name(svm_checks[row]);
}

static bool row_unmet(void *ctx, unsigned row, char *why, size_t n)
{
	(void)ctx;
	return unmet(svm_checks[row], why, n);
}

static void row_run(void *ctx, unsigned row, bool broken, struct check_record *r)
{
	struct schk *c = ctx;

	c->broken = broken;
	c->rec = r;
	run_one(c, svm_checks[row]);
	if (c->tsc_ratio_set) {		/* TSC_RATIO scales every later guest's TSC */
		wrmsr(MSR_AMD64_TSC_RATIO, 1ULL << SVM_TSC_RATIO_SHIFT);
		c->tsc_ratio_set = false;
	}
}

void svm_run_checks(struct percpu *p)
{
	struct check_battery b = {
		.count = svm_checks_count,
		.name = row_name,
		.unmet = row_unmet,
		.run = row_run,
	};

	if (!checks_wanted(p))
		return;
	b.ctx = schk_env_create(p);
	checks_run_battery(p, &b);
}
