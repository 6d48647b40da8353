/* SPDX-License-Identifier: MIT */
/*
 * #VMEXIT dispatch (APM Vol. 2 15.6 "#VMEXIT", 15.7 "Intercept Operation",
 * Appendix C codes). Called by svm/entry.S on the exit path with the
 * guest's GPRs (RAX in the VMCB); returns true to VMRUN again. Every exit
 * is counted by code. An exit that resumes the guest re-injects the event
 * whose delivery it cut short (EXITINTINFO, APM 15.7.2; the decision is
 * svm/pure/redeliver.c): the guest program itself never has one in
 * delivery (every exception is intercepted, no virtual interrupt is
 * injected), but an exit the host caused during an injected event's
 * delivery must not lose it. The hot path's exits (CPUID, IOIO, VMMCALL)
 * are instruction intercepts, which never happen during event delivery,
 * so only the slow path looks.
 *
 * RIP past an intercepted instruction: nRIP (VMCB 0C8h) when the CPU has
 * NRIPS; otherwise EXITINFO2 for IOIO (always the next RIP, 15.10.2), and
 * the instruction's own length for CPUID and VMMCALL after checking its
 * bytes in guest memory (Bochs phenom/turion and QEMU TCG lack NRIPS).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/events.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "pure/exceptions.h"
#include "svm/guest.h"
#include "svm/pure/redeliver.h"
#include "svm/pure/svm_names.h"
#include "svm/pure/vmcb_check.h"
#include "svm/svm.h"
#include "svm/vmrun_check.h"

#define INTR_LIMIT		100000	/* that many in one run: a source nobody services */
#define EXCP_PF			14
#define EXCP_MC			18

/* Opcodes of the instructions whose length is needed without NRIPS. */
static const uint8_t op_cpuid[] = { 0x0f, 0xa2 };
static const uint8_t op_vmmcall[] = { 0x0f, 0x01, 0xd9 };

/* Without NRIPS: the instruction's length, once its bytes are checked. */
static __attribute__((noinline, cold)) bool skip_by_opcode(struct svm_guest *g, const uint8_t *op,
							    unsigned len)
{
	struct vmcb_save *s = &g->vmcb->save;
	uint64_t gpa = s->cs.base + s->rip;

	/* Both guest modes map linear = guest-physical over guest memory. */
	if (gpa + len <= g->mem_size && !memcmp((const void *)(uintptr_t)(g->mem_pa + gpa), op, len)) {
		s->rip += len;
		return true;
	}
	svm_guest_stop(g, false, "no NRIPS and the instruction at rip 0x%llx is not the "
		       "%u-byte form expected for exit %s", (unsigned long long)s->rip, len,
		       svm_exit_name(g->vmcb->control.exit_code));
	return false;
}

static inline bool skip_instruction(struct svm_guest *g, const uint8_t *op, unsigned len)
{
	if (!g->nrips)
		return skip_by_opcode(g, op, len);
	g->vmcb->save.rip = g->vmcb->control.next_rip;
	return true;
}

static bool handle_cpuid(struct svm_guest *g, struct guest_regs *r)
{
	uint32_t leaf = (uint32_t)r->rax, sub = (uint32_t)r->rcx;
	struct cpuid_regs c;

	if (!guest_cpuid_hv(r, leaf, g->null_handler)) {
		cpuid_count(leaf, sub, &c);
		if (leaf & 0x80000000) {	/* one test for the common basic leaves */
			if (leaf == 0x80000001)
				c.ecx &= ~(uint32_t)CPUID_80000001_ECX_SVM;
			else if (leaf == SVM_CPUID_FUNC)
				c.eax = c.ebx = c.ecx = c.edx = 0;	/* no nested SVM offered */
		} else if (leaf == 1) {
			c.ecx |= CPUID_1_ECX_HYPERVISOR;
		}
		guest_set_regs32(r, c.eax, c.ebx, c.ecx, c.edx);
	}
	return skip_instruction(g, op_cpuid, sizeof(op_cpuid));
}

static __attribute__((noinline, cold)) bool io_unsupported(struct svm_guest *g,
							     const struct svm_ioio *io)
{
	char what[64];
	struct out_buf b;

	out_buf_init(&b, what, sizeof(what));
	svm_ioio_print(&b.out, io);
	svm_guest_stop(g, false, "string I/O is not emulated: %s at rip 0x%llx", what,
		       (unsigned long long)g->vmcb->save.rip);
	return false;
}

static bool handle_ioio(struct svm_guest *g, struct guest_regs *r)
{
	const struct vmcb_control *c = &g->vmcb->control;
	struct svm_ioio io;

	svm_ioio_decode(c->exit_info_1, &io);
	if (io.string || !io.size)
		return io_unsupported(g, &io);
	guest_port_io(&g->io, io.in, io.port, io.size, &r->rax);
	g->vmcb->save.rip = c->exit_info_2;	/* the next RIP, with or without NRIPS */
	return true;
}

static bool handle_vmmcall(struct svm_guest *g, struct guest_regs *r)
{
	guest_hypercall(&g->io, r);
	return skip_instruction(g, op_vmmcall, sizeof(op_vmmcall));
}

static bool handle_exception(struct svm_guest *g, unsigned vector)
{
	const struct vmcb_control *c = &g->vmcb->control;
	char addr[40] = "";

	if (vector == EXCP_MC) {
		/* An intercepted #MC is not delivered to the host (APM 15.12): handle it here. */
		events_mce_in_guest(g->vmcb->save.rip);
		return true;
	}
	if (vector == EXCP_PF)		/* EXITINFO2: the faulting linear address */
		snfmt(addr, sizeof(addr), ", address 0x%llx", (unsigned long long)c->exit_info_2);
	svm_guest_stop(g, false, "guest exception %s, error code 0x%llx%s at rip 0x%llx",
		       exception_name(vector), (unsigned long long)c->exit_info_1, addr,
		       (unsigned long long)g->vmcb->save.rip);
	return false;
}

static bool handle_npf(struct svm_guest *g)
{
	const struct vmcb_control *c = &g->vmcb->control;
	struct svm_npf f;

	svm_npf_decode(c->exit_info_1, c->exit_info_2, &f);
	svm_guest_stop(g, false, "NPT violation: %s at guest-physical 0x%llx (%s%s), rip 0x%llx",
		       f.fetch ? "fetch" : f.write ? "write" : "read", (unsigned long long)f.gpa,
		       f.present ? "present, not permitted" : "not present",
		       f.table ? ", guest page-table walk" : "",
		       (unsigned long long)g->vmcb->save.rip);
	return false;
}

/*
 * VMRUN refused the VMCB: EXITCODE VMEXIT_INVALID and nothing else from the
 * hardware. The software check of the copy taken before VMRUN names the rule.
 */
static bool vmrun_failed(struct svm_guest *g)
{
	struct svm_check_env env;
	char why[ERRBUF_SIZE - 64];
	uint64_t vmruns = 0;		/* VMRUNs that returned, this one included */
	bool first;

	for (unsigned i = 0; i < SVM_EXIT_SLOTS; i++)
		vmruns += g->exits[i];
	first = vmruns == 1;

	kprintf("[cpu%u] guest: VMRUN refused the VMCB; the VMCB given to the first VMRUN:\n",
		g->cpu->index);
	vmcb_dump(g->vmcb_at_entry);
	svm_vmrun_env(&env);
	svm_vmrun_print(g->vmcb_at_entry, &env, vmcb_check_rules(g->vmcb_at_entry, &env));
	if (vmcb_check(g->vmcb_at_entry, &env, why, sizeof(why)) == 0)
		snfmt(why, sizeof(why), "the CPU rejected a VMCB that passes all %u VMRUN rules%s",
		      VMCB_RULE_NR, first ? "" : " (the VMCB given to the first VMRUN)");
	svm_guest_stop(g, false, "VMRUN failed: VMEXIT_INVALID (EXITCODE 0x%llx)%s: %s",
		       (unsigned long long)g->vmcb->control.exit_code,
		       first ? "" : " after earlier exits", why);
	return false;
}

static bool unexpected(struct svm_guest *g, uint64_t code)
{
	const struct vmcb_control *c = &g->vmcb->control;
	char name[24];

	svm_guest_stop(g, false, "unexpected #VMEXIT 0x%llx (%s): EXITINFO1 0x%llx, EXITINFO2 "
		       "0x%llx, EXITINTINFO 0x%llx, rip 0x%llx", (unsigned long long)code,
		       svm_exit_name_buf(code, name, sizeof(name)),
		       (unsigned long long)c->exit_info_1, (unsigned long long)c->exit_info_2,
		       (unsigned long long)c->exit_int_info, (unsigned long long)g->vmcb->save.rip);
	return false;
}

/* Resuming after a #VMEXIT: the event it cut short goes into EVENTINJ, or the guest stops. */
static bool redeliver(struct svm_guest *g, uint64_t code)
{
	char why[SVM_REDELIVER_WHY_MAX];

	if (svm_redeliver_resume(&g->vmcb->control, code, why, sizeof(why)))
		return true;
	svm_guest_stop(g, false, "%s", why);
	return false;
}

static bool handle_slow(struct svm_guest *g, uint64_t code)
{
	if (svm_exit_is_invalid(code))
		return vmrun_failed(g);
	if (code >= SVM_EXIT_EXCP_BASE && code <= SVM_EXIT_LAST_EXCP)
		return handle_exception(g, (unsigned)(code - SVM_EXIT_EXCP_BASE));
	switch (code) {
	case SVM_EXIT_NPF:
		return handle_npf(g);
	case SVM_EXIT_INTR:
		if (watchdog_lapic_fired(g->cpu)) {
			svm_guest_stop(g, false, WATCHDOG_TIMEOUT_FMT, g->cpu->watchdog_ms,
				       "LAPIC timer");
			return false;
		}
		/* Not acknowledged: it stays pending for the host (IF = 0), the guest goes on. */
		if (g->exits[code] < INTR_LIMIT)
			return true;
		svm_guest_stop(g, false, "%u INTR exits: an interrupt source nobody services",
			       INTR_LIMIT);
		return false;
	case SVM_EXIT_NMI:
		/* The host's NMI, held by GIF = 0 and taken by the host's handler at the
		 * STGI after the #VMEXIT (kernel/events.c counted it there). */
		if (panic_in_progress())
			halt_forever();
		return true;
	case SVM_EXIT_SHUTDOWN:
		svm_guest_stop(g, false, "shutdown (triple fault) at rip 0x%llx (cs 0x%x, cr0 0x%llx)",
			       (unsigned long long)g->vmcb->save.rip, g->vmcb->save.cs.selector,
			       (unsigned long long)g->vmcb->save.cr0);
		return false;
	default:
		return unexpected(g, code);
	}
}

/* The exits the guest program does not make on its normal path: out of line,
 * so the hot path below keeps a small frame (docs/guest.md, the exit path). */
static __attribute__((noinline, cold)) bool exit_slow(struct svm_guest *g, uint64_t code)
{
	return handle_slow(g, code) && redeliver(g, code);
}

static inline void count_exit(struct svm_guest *g, uint64_t code)
{
	if (code < SVM_EXIT_SLOT_NPF)
		g->exits[code]++;
	else if (code == SVM_EXIT_NPF)
		g->exits[SVM_EXIT_SLOT_NPF]++;
	else
		g->exits[svm_exit_is_invalid(code) ? SVM_EXIT_SLOT_INVALID : SVM_EXIT_SLOT_OTHER]++;
}

bool svm_exit_handler(struct guest_regs *r)
{
	struct svm_guest *g = this_cpu()->hv_priv;
	struct vmcb *v = g->vmcb;
	uint64_t code = v->control.exit_code;
	bool resume;

	count_exit(g, code);
	v->control.tlb_control = TLB_CONTROL_DO_NOTHING;	/* flushed by the first VMRUN */
	r->rax = v->save.rax;
	switch (code) {
	case SVM_EXIT_CPUID:
		resume = handle_cpuid(g, r);
		break;
	case SVM_EXIT_IOIO:
		resume = handle_ioio(g, r);
		break;
	case SVM_EXIT_VMMCALL:
		resume = handle_vmmcall(g, r);
		break;
	case SVM_EXIT_HLT:
		guest_flush_line(&g->io);
		svm_guest_stop(g, true, "HLT");
		resume = false;
		break;
	default:
		resume = exit_slow(g, code);
	}
	v->save.rax = r->rax;
	return resume;
}
