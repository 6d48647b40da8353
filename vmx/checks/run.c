/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery on one CPU (docs/checks.md): after its main guest,
 * every CPU runs every selected row of vmx/checks/table.c in table order,
 * each as a fresh small guest, the other CPUs doing the same at the same
 * time. A row whose needs are unmet is skipped with the reason.
 *
 * The loop takes one VM exit at a time and hands it to the row. Exits no
 * row can want are judged here: a failed VM entry, an NMI (the host's:
 * only panic sends them), external interrupts (left pending for the host,
 * as in the main guest), the VMX-preemption timer when the row did not arm
 * it itself (the watchdog: reported as a timeout), and too many exits.
 * CPUs without the VMX-preemption timer (Core 2) arm the one-shot LAPIC
 * timer of kernel/watchdog.h around each check instead: its interrupt
 * exits the guest (external-interrupt exiting), is acknowledged on the
 * exit where the CPU allows it and ended with an EOI, and the check is
 * reported as a timeout.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "kernel/checkrun.h"
#include "kernel/console.h"
#include "kernel/events.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/entry_check.h"
#include "vmx/redeliver.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/msrbitmap.h"
#include "vmx/pure/names.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"


bool vchk_call(const struct vchk *c, uint32_t call)
{
	return c->reason == EXIT_REASON_VMCALL && (uint32_t)c->g.regs.rax == call;
}

void vchk_ctl(uint32_t field, uint32_t set, uint32_t clear)
{
	vmcs_write32(field, (vmcs_read32(field) | set) & ~clear);
}

void vchk_skip_insn(struct vchk *c)
{
	vmcs_writenat(GUEST_RIP, c->rip + vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
}

enum chk_verdict vchk_next(struct vchk *c, unsigned step)
{
	c->step = step;
	vchk_skip_insn(c);
	return CHK_RESUME;
}

uint64_t vchk_ga(const char *sym)
{
	return GUEST_CODE_GPA + (uint64_t)(sym - vchk_image);
}

enum chk_verdict vchk_unexpected(struct vchk *c)
{
	char what[96] = "";

	if (c->reason == EXIT_REASON_EXCEPTION_NMI) {
		struct out_buf b;

		out_buf_init(&b, what, sizeof(what));
		oputs(&b.out, ": ");
		intr_describe(&b.out, vmcs_read32(VM_EXIT_INTR_INFO),
			      vmcs_read32(VM_EXIT_INTR_ERROR_CODE));
	} else if (vchk_call(c, CHK_CALL_DONE)) {
		snfmt(what, sizeof(what), ": the guest program ended");
	}
	return vchk_fail(c, "unexpected exit %u (%s%s) at rip 0x%llx, qualification 0x%llx",
			 c->reason, vmx_exit_reason_name(c->reason), what,
			 (unsigned long long)c->rip, (unsigned long long)c->qual);
}

/* A row for both vendors (guest/checks.h) through VT-x. */
static bool ops_call(const struct chk_run *r, uint32_t call)
{
	return vchk_call(r->hw, call);
}

static void ops_decode(const struct chk_run *r, struct chk_exit *e)
{
	const struct vchk *c = r->hw;

	*e = (struct chk_exit){ .rip = c->rip, .info = c->qual, .info_name = "qualification" };
	snfmt(e->name, sizeof(e->name), "exit %u", c->reason);
	switch (c->reason) {
	case EXIT_REASON_VMCALL:
		e->kind = CHK_EXIT_CALL;
		e->call = (uint32_t)c->g.regs.rax;
		break;
	case EXIT_REASON_EXCEPTION_NMI: {
		struct intr_info i;

		exit_decode_intr_info(vmcs_read32(VM_EXIT_INTR_INFO), &i);
		if (!i.valid || i.type == INTR_TYPE_NMI)
			break;
		e->kind = CHK_EXIT_EXCEPTION;
		e->vector = i.vector;
		e->software = i.type == INTR_TYPE_SOFT_EXCEPTION;
		e->error_valid = i.error_valid;
		e->error = i.error_valid ? vmcs_read32(VM_EXIT_INTR_ERROR_CODE) : 0;
		snfmt(e->name, sizeof(e->name), "exit %u (vector %u, %s)", c->reason, i.vector,
		      intr_type_name(i.type));
		break;
	}
	case EXIT_REASON_IO_INSTRUCTION: {
		struct io_qual q;

		exit_decode_io(c->qual, &q);
		e->kind = CHK_EXIT_IO;
		e->port = q.port;
		e->size = (uint8_t)q.size;
		e->in = q.in;
		e->string = q.string;
		break;
	}
	case EXIT_REASON_CR_ACCESS: {
		struct cr_qual q;
		struct out_buf b;

		exit_decode_cr(c->qual, &q);
		if (q.type != CR_ACCESS_MOV_TO_CR && q.type != CR_ACCESS_MOV_FROM_CR)
			break;
		e->kind = CHK_EXIT_CR;
		e->cr = q.cr;
		e->write = q.type == CR_ACCESS_MOV_TO_CR;
		e->gpr = (int)q.gpr;
		out_buf_init(&b, e->name, sizeof(e->name));
		oprintf(&b.out, "exit %u (", c->reason);
		cr_access_describe(&b.out, c->qual);
		oputs(&b.out, ")");
		break;
	}
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
		e->kind = CHK_EXIT_MSR;
		e->msr = (uint32_t)c->g.regs.rcx;
		e->write = c->reason == EXIT_REASON_MSR_WRITE;
		break;
	case EXIT_REASON_EPT_VIOLATION:
		e->kind = CHK_EXIT_GPA_FAULT;
		e->gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
		snfmt(e->name, sizeof(e->name), "exit %u (EPT violation)", c->reason);
		break;
	}
}

static void ops_skip(struct chk_run *r, unsigned len)
{
	(void)len;
	vchk_skip_insn(r->hw);
}

static void ops_tsc_around(const struct chk_run *r, uint64_t *entry, uint64_t *exit)
{
	const struct vchk *c = r->hw;

	*entry = c->tsc_entry;
	*exit = c->tsc_exit;
}

static void ops_set_tsc_offset(struct chk_run *r, uint64_t offset)
{
	(void)r;
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_TSC_OFFSETTING, CPU_BASED_RDTSC_EXITING);
	vmcs_write64(TSC_OFFSET, offset);
}

static void ops_set_tsc_multiplier(struct chk_run *r, unsigned factor)
{
	ops_set_tsc_offset(r, 0);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_TSC_SCALING, 0);
	vmcs_write64(TSC_MULTIPLIER, (uint64_t)factor << VMX_TSC_MULTIPLIER_SHIFT);
}

static void ops_second_level_ad(struct chk_run *r)
{
	const struct vchk *c = r->hw;

	vmcs_write64(EPT_POINTER, c->g.eptp | EPTP_AD_ENABLE);
}

static uint64_t ops_guest_cr(const struct chk_run *r, unsigned cr)
{
	(void)r;
	return vmcs_readnat(cr == 0 ? GUEST_CR0 : GUEST_CR4);
}

static void ops_intercept_exception(struct chk_run *r, unsigned vector, bool intercept)
{
	uint32_t bitmap = vmcs_read32(EXCEPTION_BITMAP), bit = (uint32_t)BIT(vector & 31);

	(void)r;
	vmcs_write32(EXCEPTION_BITMAP, intercept ? bitmap | bit : bitmap & ~bit);
}

static void ops_intercept_io(struct chk_run *r, uint16_t port, bool intercept)
{
	struct vchk *c = r->hw;

	iobitmap_set_range(&c->io, port, 1, intercept);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_IO_BITMAPS, CPU_BASED_UNCOND_IO_EXITING);
	vmcs_write64(IO_BITMAP_A, c->g.io_bitmap_a);
	vmcs_write64(IO_BITMAP_B, c->g.io_bitmap_b);
}

static bool ops_io_exits(const struct chk_run *r, uint16_t port, unsigned size)
{
	const struct vchk *c = r->hw;

	return iobitmap_access_exits(&c->io, port, size);
}

static void ops_intercept_msr(struct chk_run *r, uint32_t msr, bool write, bool intercept)
{
	struct vchk *c = r->hw;

	msrbitmap_set(c->msr_bitmap, msr, write, intercept);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_MSR_BITMAPS, 0);
	vmcs_write64(MSR_BITMAP, c->g.msr_bitmap);
}

static bool ops_msr_exits(const struct chk_run *r, uint32_t msr, bool write)
{
	const struct vchk *c = r->hw;

	return msrbitmap_exits(c->msr_bitmap, msr, write);
}

static bool ops_set_guest_msr(struct chk_run *r, uint32_t msr, uint64_t value)
{
	(void)r;
	if (msr != MSR_IA32_SYSENTER_CS)
		return false;
	vmcs_write32(GUEST_SYSENTER_CS, (uint32_t)value);
	return true;
}

static bool ops_own_cr(struct chk_run *r, unsigned cr, uint64_t bits)
{
	uint32_t mask = cr == 0 ? CR0_GUEST_HOST_MASK : CR4_GUEST_HOST_MASK;
	uint32_t shadow = cr == 0 ? CR0_READ_SHADOW : CR4_READ_SHADOW;

	vmcs_writenat(mask, bits ? vmcs_readnat(mask) | bits : 0);
	vmcs_writenat(shadow, ops_guest_cr(r, cr) & ~bits);
	return false;
}

static void ops_inject(struct chk_run *r, enum chk_inject type, unsigned vector, bool has_error,
		       uint32_t error)
{
	uint32_t t = type == CHK_INJECT_EXCEPTION ? INTR_TYPE_HARD_EXCEPTION : INTR_TYPE_EXT_INTR;

	(void)r;
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID |
		     (has_error ? INTR_INFO_ERROR_VALID : 0) | t << INTR_INFO_TYPE_SHIFT | vector);
	if (has_error)
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
}

static bool ops_injection_pending(const struct chk_run *r)
{
	(void)r;
	return vmcs_read32(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID;
}

static bool ops_delivering(const struct chk_run *r, struct chk_event *ev)
{
	uint32_t info = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	struct intr_info i;

	(void)r;
	exit_decode_intr_info(info, &i);
	*ev = (struct chk_event){ .type = i.type, .vector = i.vector, .error_valid = i.error_valid,
				  .raw = info, .field = "IDT-vectoring information" };
	ev->hardware_exception = i.type == INTR_TYPE_HARD_EXCEPTION;
	ev->external_interrupt = i.type == INTR_TYPE_EXT_INTR;
	ev->software_interrupt = i.type == INTR_TYPE_SOFT_INTR;
	if (i.error_valid)
		ev->error = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	if (i.type == INTR_TYPE_SOFT_INTR || i.type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	    i.type == INTR_TYPE_SOFT_EXCEPTION)
		ev->length = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	return i.valid;
}

static void ops_rflags_set(struct chk_run *r, uint64_t set)
{
	(void)r;
	vmcs_writenat(GUEST_RFLAGS, vmcs_readnat(GUEST_RFLAGS) | set);
}

static uint64_t ops_ga(const struct chk_prog *p)
{
	return vchk_ga(p->vmx);
}

static enum chk_verdict ops_unexpected(struct chk_run *r)
{
	return vchk_unexpected(r->hw);
}

static const struct chk_ops vmx_chk_ops = {
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
	.injection_pending = ops_injection_pending,
	.delivering = ops_delivering,
	.rflags_set = ops_rflags_set,
	.ga = ops_ga,
	.unexpected = ops_unexpected,
};

/* The exits the loop judges itself; CHK_RESUME / CHK_DONE, or -1 for the row's handler. */
static int common_exit(struct vchk *c, uint32_t full_reason)
{
	if (full_reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		char what[96];
		struct out_buf b;

		out_buf_init(&b, what, sizeof(what));
		entry_failure_describe(&b.out, c->reason, c->qual);
		return vchk_fail(c, "%s", what);
	}
	if (c->reason == EXIT_REASON_EXCEPTION_NMI &&
	    (vmcs_read32(VM_EXIT_INTR_INFO) & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT ==
	    INTR_TYPE_NMI) {
		events_nmi_reraise();	/* the host's NMI: kernel/events.c counts it */
		c->exits--;		/* not the guest's doing: no step toward "runaway" */
		return CHK_RESUME;
	}
	if (c->reason == EXIT_REASON_EXTERNAL_INTERRUPT) {
		/* Acknowledged by the exit (VM_EXIT_ACK_INTR_ON_EXIT): in service until EOI. */
		if (vmcs_read32(VM_EXIT_INTR_INFO) & INTR_INFO_VALID)
			lapic_eoi();
		if (c->lapic_watchdog && watchdog_lapic_fired(c->cpu))
			return vchk_fail(c,
					 "timeout: stopped by the watchdog (LAPIC timer, %u ms) at "
					 "rip 0x%llx after %u exits",
					 c->cpu->watchdog_ms, (unsigned long long)c->rip, c->exits);
		if (++c->ext_intr < CHK_MAX_INTR)
			return CHK_RESUME;
		return vchk_fail(c,
				 "%u external-interrupt exits: an interrupt source nobody services",
				 CHK_MAX_INTR);
	}
	if (c->reason == EXIT_REASON_PREEMPTION_TIMER && !c->expect_timer)
		return vchk_fail(c,
				 "timeout: stopped by the watchdog (VMX-preemption timer) at rip "
				 "0x%llx after %u exits",
				 (unsigned long long)c->rip, c->exits);
	if (c->exits > CHK_MAX_EXITS)
		return vchk_fail(c, "runaway: %u exits, the last %u (%s) at rip 0x%llx", c->exits,
				 c->reason, vmx_exit_reason_name(c->reason),
				 (unsigned long long)c->rip);
	return -1;
}

/*
 * The software VM-entry check (docs/entry-rules.md) on the check guest's VMCS
 * before its VMLAUNCH: a state that breaks a rule is not entered, the row
 * FAILs naming the rule, and the VMCS is printed. entrycheck=off skips it.
 */
static bool entry_rules_hold(struct vchk *c)
{
	struct er_vmcs v;
	struct er_env e;
	struct er_result r;
	char why[CHECK_DETAIL_MAX - 24];

	if (kopts.entrycheck == OPT_OFF || !vmx_entry_check_current(&v, &e, &r))
		return true;
	vmx_entry_describe(why, sizeof(why), &r);
	vmx_entry_print(&v, &e, &r);
	vchk_fail(c, "VM entry refused: %s", why);
	return false;
}

/*
 * Resuming: the event the exit cut short in its delivery goes into the
 * next entry (vmx/redeliver.c), except under event_redelivery's break. A
 * field no VM entry could take FAILs the row.
 */
static bool redeliver(struct vchk *c, const struct vmx_check *k)
{
	char why[REDELIVER_WHY_MAX];

	if ((k->row && c->run.no_redelivery) || vmx_redeliver_resume(c->reason, why, sizeof(why)))
		return true;
	vchk_fail(c, "%s", why);
	return false;
}

static void run_loop(struct vchk *c, const struct vmx_check *k)
{
	for (;;) {
		uint32_t full;
		int r, v;

		if (!c->launched && !entry_rules_hold(c))
			return;
		c->tsc_entry = rdtsc();
		if (!c->launched)
			c->first_entry_tsc = c->tsc_entry;
		r = vchk_vmenter(&c->g.regs, c->g.exit_stack_top, c->launched);
		c->tsc_exit = rdtsc();
		if (r != VMX_SUCCEED) {
			vmx_report_insn_error(c->launched ? "VMRESUME" : "VMLAUNCH", r,
					      c->rec->detail, sizeof(c->rec->detail));
			c->rec->result = CHECK_FAIL;
			return;
		}
		c->launched = true;
		c->exits++;
		full = vmcs_read32(VM_EXIT_REASON);
		c->reason = full & VMX_EXIT_REASON_BASIC_MASK;
		c->qual = vmcs_readnat(EXIT_QUALIFICATION);
		c->rip = vmcs_readnat(GUEST_RIP);
		v = common_exit(c, full);
		if (v == -1)
			v = k->row ? k->row->exit(&c->run) : k->exit(c);
		if (v == CHK_DONE) {
			pr_debug("checks: %s: %u exits, %llu TSC ticks from the first entry\n",
				 vmx_check_name(k), c->exits, (unsigned long long)(c->tsc_exit - c->first_entry_tsc));
			return;
		}
		if (!redeliver(c, k))
			return;
	}
}

static void run_one(struct vchk *c, const struct vmx_check *k)
{
	c->ext_intr = 0;
	c->lapic_watchdog = false;
	if (!vchk_env_prepare(c, k))
		return;
	if (k->row) {
		c->run = (struct chk_run){ .ops = &vmx_chk_ops, .hw = c, .mem = c->mem,
					   .rec = c->rec, .broken = c->broken, .vendor = CHK_VMX,
					   .regs = &c->g.regs, .tables = &c->ept };
		k->row->setup(&c->run);
	} else if (k->setup) {
		k->setup(c);
	}
	/* No VMX-preemption timer: the LAPIC timer, its interrupt acknowledged by the exit. */
	if (!vchk_env_timer_watchdog()) {
		uint32_t exit1 = (uint32_t)(vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_EXIT) >> 32);

		vchk_ctl(VM_EXIT_CONTROLS, exit1 & VM_EXIT_ACK_INTR_ON_EXIT, 0);
		c->lapic_watchdog = true;
		watchdog_lapic_arm(c->cpu);
	}
	run_loop(c, k);
	if (c->lapic_watchdog)
		watchdog_lapic_disarm(c->cpu);
}

static const char *row_name(unsigned row)
{
	return vmx_check_name(vmx_checks[row]);
}

static bool row_unmet(void *ctx, unsigned row, char *why, size_t n)
{
	const struct vmx_check *k = vmx_checks[row];

	(void)ctx;
	return vmx_need_unmet(&k->need, &boot_vmx_caps, &vmcs_config, &vmx_capability, why, n) ||
	       (k->unmet && k->unmet(why, n));
}

static void row_run(void *ctx, unsigned row, bool broken, struct check_record *r)
{
	struct vchk *c = ctx;
	struct desc_ptr gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	c->broken = broken;
	c->rec = r;
	run_one(c, vmx_checks[row]);
	/* A VM exit left both limits at 0xFFFF (SDM 28.5.2). */
	lgdt(&gdtr);
	lidt(&idtr);
}

void vmx_run_checks(struct percpu *p)
{
	struct check_battery b = {
		.count = vmx_checks_count,
		.name = row_name,
		.unmet = row_unmet,
		.run = row_run,
	};

	if (!checks_wanted(p))
		return;
	b.ctx = vchk_env_create(p);
	checks_run_battery(p, &b);
}
