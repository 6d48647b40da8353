/* SPDX-License-Identifier: MIT */
/*
 * VM-exit dispatch (SDM Vol. 3C 28 VM exits, Appendix C reasons). Runs on
 * the per-CPU exit stack, called by vmx/entry.S with the guest's GPRs;
 * returns true to VMRESUME. Every exit is counted by basic reason. An exit
 * that resumes the guest re-injects the event whose delivery it cut short
 * (IDT-vectoring information, SDM 28.2.4; vmx/redeliver.c): the guest
 * program itself never has one in delivery (all exceptions exit, RFLAGS.IF
 * = 0), but an exit the host caused during an injected event's delivery
 * must not lose it. The hot path's exits (CPUID, I/O, VMCALL) are
 * instructions, which never run during event delivery, so only the slow
 * path looks.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/events.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/entry_check.h"
#include "vmx/guest.h"
#include "vmx/pure/names.h"
#include "vmx/redeliver.h"
#include "vmx/vmx_insn.h"

#define EXCP_MC			18	/* machine check */
#define EXT_INTR_LIMIT		100000	/* that many in one run: a source nobody services */

/* Past an exiting instruction; VM-exit instruction length is valid for
 * CPUID, I/O, VMCALL (SDM 28.2.5). */
static inline __attribute__((always_inline)) void skip_instruction(void)
{
	vmcs_writenat(GUEST_RIP, vmcs_readnat(GUEST_RIP) + vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
}

static bool handle_cpuid(struct guest *g, struct guest_regs *r)
{
	uint32_t leaf = (uint32_t)r->rax, sub = (uint32_t)r->rcx;
	struct cpuid_regs c;

	if (!guest_cpuid_hv(r, leaf, g->null_handler)) {
		cpuid_count(leaf, sub, &c);
		if (leaf == 1) {
			c.ecx |= CPUID_1_ECX_HYPERVISOR;
			c.ecx &= ~(uint32_t)CPUID_1_ECX_VMX;	/* no nested VMX offered */
		}
		guest_set_regs32(r, c.eax, c.ebx, c.ecx, c.edx);
	}
	skip_instruction();
	return true;
}

static __attribute__((noinline, cold)) bool io_unsupported(struct guest *g, uint64_t qual)
{
	char what[48];
	struct out_buf b;

	out_buf_init(&b, what, sizeof(what));
	io_describe(&b.out, qual);
	guest_stop(g, false, "string I/O is not emulated: %s at rip 0x%llx", what,
		   (unsigned long long)vmcs_readnat(GUEST_RIP));
	return false;
}

static bool handle_io(struct guest *g, struct guest_regs *r)
{
	uint64_t qual = vmcs_readnat(EXIT_QUALIFICATION);
	struct io_qual q;

	exit_decode_io(qual, &q);
	if (q.string || !q.size)
		return io_unsupported(g, qual);
	guest_port_io(&g->io, q.in, q.port, q.size, &r->rax);
	skip_instruction();
	return true;
}

static bool handle_vmcall(struct guest *g, struct guest_regs *r)
{
	guest_hypercall(&g->io, r);
	skip_instruction();
	return true;
}

static bool handle_exception_nmi(struct guest *g)
{
	uint32_t info = vmcs_read32(VM_EXIT_INTR_INFO);
	uint32_t err = vmcs_read32(VM_EXIT_INTR_ERROR_CODE);
	struct intr_info i;
	struct out_buf b;
	char what[96];

	exit_decode_intr_info(info, &i);
	if (i.valid && i.type == INTR_TYPE_NMI) {
		/* NMI exiting: the host's NMI ended here instead of in its IDT. */
		events_nmi_reraise();
		return true;
	}
	if (i.valid && i.type == INTR_TYPE_HARD_EXCEPTION && i.vector == EXCP_MC) {
		/* Not delivered to the host: handle it as the #MC handler would. */
		events_mce_in_guest(vmcs_readnat(GUEST_RIP));
		return true;
	}
	out_buf_init(&b, what, sizeof(what));
	intr_describe(&b.out, info, err);
	if (i.valid && i.vector == 14)		/* #PF: the qualification is the would-be CR2 */
		oprintf(&b.out, ", address 0x%llx",
			(unsigned long long)vmcs_readnat(EXIT_QUALIFICATION));
	guest_stop(g, false, "guest exception %s at rip 0x%llx", what,
		   (unsigned long long)vmcs_readnat(GUEST_RIP));
	return false;
}

static bool handle_ept_violation(struct guest *g)
{
	char what[160];
	struct out_buf b;

	out_buf_init(&b, what, sizeof(what));
	ept_violation_describe(&b.out, vmcs_read64(GUEST_PHYSICAL_ADDRESS),
			       vmcs_readnat(GUEST_LINEAR_ADDRESS), vmcs_readnat(EXIT_QUALIFICATION));
	guest_stop(g, false, "EPT violation: %s, rip 0x%llx", what,
		   (unsigned long long)vmcs_readnat(GUEST_RIP));
	return false;
}

static bool entry_failed(struct guest *g, unsigned basic)
{
	char what[120], note[100];
	struct out_buf b;

	out_buf_init(&b, what, sizeof(what));
	entry_failure_describe(&b.out, basic, vmcs_readnat(EXIT_QUALIFICATION));
	kprintf("[cpu%u] guest: %s; the state VM entry checked:\n", g->cpu->index, what);
	vmcs_dump_state();
	vmx_entry_explain_failure(note, sizeof(note));	/* "vmcs:" lines, docs/entry-rules.md */
	guest_stop(g, false, "%s (exit reason 0x%x); %s", what, vmcs_read32(VM_EXIT_REASON), note);
	return false;
}

static bool unexpected(struct guest *g, unsigned basic)
{
	kprintf("[cpu%u] guest: unexpected exit %u (%s): qualification 0x%llx, rip 0x%llx, "
		"instruction length %u, instruction info 0x%x, interruption info 0x%x, "
		"IDT-vectoring info 0x%x\n", g->cpu->index, basic, vmx_exit_reason_name(basic),
		(unsigned long long)vmcs_readnat(EXIT_QUALIFICATION),
		(unsigned long long)vmcs_readnat(GUEST_RIP), vmcs_read32(VM_EXIT_INSTRUCTION_LEN),
		vmcs_read32(VMX_INSTRUCTION_INFO), vmcs_read32(VM_EXIT_INTR_INFO),
		vmcs_read32(IDT_VECTORING_INFO_FIELD));
	vmcs_dump_state();
	guest_stop(g, false, "unexpected VM exit %u (%s) at rip 0x%llx", basic,
		   vmx_exit_reason_name(basic), (unsigned long long)vmcs_readnat(GUEST_RIP));
	return false;
}

/* Resuming after exit `basic`: the event it cut short goes in again, or the guest stops. */
static bool redeliver(struct guest *g, unsigned basic)
{
	char why[REDELIVER_WHY_MAX];

	if (vmx_redeliver_resume(basic, why, sizeof(why)))
		return true;
	guest_stop(g, false, "%s", why);
	return false;
}

static bool handle_slow(struct guest *g, unsigned basic)
{
	switch (basic) {
	case EXIT_REASON_EXCEPTION_NMI:
		return handle_exception_nmi(g);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		if (watchdog_lapic_fired(g->cpu)) {
			guest_stop(g, false, WATCHDOG_TIMEOUT_FMT, g->cpu->watchdog_ms, "LAPIC timer");
			return false;
		}
		/* Not acknowledged on exit: it stays pending for the host, which keeps
		 * interrupts masked; the guest may go on. */
		if (g->exits[basic] < EXT_INTR_LIMIT)
			return true;
		guest_stop(g, false, "%u external-interrupt exits: an interrupt source "
			   "nobody services (interruption info 0x%x)", EXT_INTR_LIMIT,
			   vmcs_read32(VM_EXIT_INTR_INFO));
		return false;
	case EXIT_REASON_PREEMPTION_TIMER:
		guest_stop(g, false, WATCHDOG_TIMEOUT_FMT, g->cpu->watchdog_ms,
			   "VMX-preemption timer");
		return false;
	case EXIT_REASON_EPT_VIOLATION:
		return handle_ept_violation(g);
	case EXIT_REASON_EPT_MISCONFIG:
		guest_stop(g, false, "EPT misconfiguration at guest-physical 0x%llx, rip 0x%llx",
			   (unsigned long long)vmcs_read64(GUEST_PHYSICAL_ADDRESS),
			   (unsigned long long)vmcs_readnat(GUEST_RIP));
		return false;
	case EXIT_REASON_TRIPLE_FAULT:
		guest_stop(g, false, "triple fault at rip 0x%llx (cs 0x%x, cr0 0x%llx)",
			   (unsigned long long)vmcs_readnat(GUEST_RIP), vmcs_read16(GUEST_CS_SELECTOR),
			   (unsigned long long)vmcs_readnat(GUEST_CR0));
		return false;
	default:
		return unexpected(g, basic);
	}
}

/* The exits the guest program does not make on its normal path: out of line,
 * so the hot path below keeps a small frame (docs/guest.md, the exit path). */
static __attribute__((noinline, cold)) bool exit_slow(struct guest *g, uint32_t reason)
{
	unsigned basic = reason & VMX_EXIT_REASON_BASIC_MASK;

	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		/* Exit reason 41: the #MC came during VM entry and is the host's (SDM 27.8). */
		if (basic == EXIT_REASON_MCE_DURING_VMENTRY)
			events_mce_in_guest(vmcs_readnat(GUEST_RIP));
		return entry_failed(g, basic);
	}
	return handle_slow(g, basic) && redeliver(g, basic);
}

bool vmx_exit_handler(struct guest_regs *r)
{
	struct guest *g = this_cpu()->hv_priv;
	uint32_t reason = vmcs_read32(VM_EXIT_REASON);
	unsigned basic = reason & VMX_EXIT_REASON_BASIC_MASK;

	g->launched = true;
	if (basic <= EXIT_REASON_MAX)
		g->exits[basic]++;
	else
		g->exits_other++;
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return exit_slow(g, reason);
	switch (basic) {
	case EXIT_REASON_CPUID:
		return handle_cpuid(g, r);
	case EXIT_REASON_IO_INSTRUCTION:
		return handle_io(g, r);
	case EXIT_REASON_VMCALL:
		return handle_vmcall(g, r);
	case EXIT_REASON_HLT:
		guest_flush_line(&g->io);
		guest_stop(g, true, "HLT");
		return false;
	default:
		return exit_slow(g, reason);
	}
}
