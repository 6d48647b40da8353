/* SPDX-License-Identifier: MIT */
/*
 * Filling one guest's VMCB (APM Vol. 2 Appendix B; the state VMRUN loads and
 * checks, 15.5.1 "Basic Operation" and "Canonicalization and Consistency
 * Checks"). Everything the guest could use to reach the host is
 * intercepted: every exception, every port and MSR (permission maps all
 * ones), the SVM instructions, INTR/NMI/SMI/INIT, HLT and SHUTDOWN.
 * guest=bad-entry leaves guest EFER.SVME clear, a state VMRUN refuses.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "svm/guest.h"
#include "svm/svm.h"

/* Segment attributes (APM B.2): type, S, DPL, P in 7:0; AVL, L, D/B, G in 11:8. */
#define ATTR_TYPE_DATA_RW_ACCESSED	0x3
#define ATTR_TYPE_CODE_RX_ACCESSED	0xb
#define ATTR_TYPE_LDT			0x2
#define ATTR_TYPE_TSS_BUSY		0xb	/* 32-bit busy TSS */
#define ATTR_CODE	(SVM_SELECTOR_P_MASK | SVM_SELECTOR_S_MASK | ATTR_TYPE_CODE_RX_ACCESSED)
#define ATTR_DATA	(SVM_SELECTOR_P_MASK | SVM_SELECTOR_S_MASK | ATTR_TYPE_DATA_RW_ACCESSED)
#define ATTR_32		(SVM_SELECTOR_DB_MASK | SVM_SELECTOR_G_MASK)

#define REAL_IDT_LIMIT		0x3ff
#define PAT_POWER_ON		0x0007040600070406ULL	/* WB WT UC- UC, twice */
#define INTERCEPT_ALL_EXCEPTIONS 0xffffffffU

static void seg(struct vmcb_seg *s, uint16_t sel, uint64_t base, uint32_t limit, uint16_t attr)
{
	*s = (struct vmcb_seg){ .selector = sel, .attrib = attr, .limit = limit, .base = base };
}

static void setup_control(const struct svm_guest *g)
{
	struct vmcb_control *c = &g->vmcb->control;

	c->intercept_exceptions = INTERCEPT_ALL_EXCEPTIONS;
	c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI | INTERCEPT_INIT |
			     INTERCEPT_CPUID | INTERCEPT_INVD | INTERCEPT_HLT | INTERCEPT_INVLPGA |
			     INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT | INTERCEPT_TASK_SWITCH |
			     INTERCEPT_SHUTDOWN;
	/* VMRUN must be intercepted (a consistency check); the rest would let
	 * the guest use SVM itself. */
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD |
			     INTERCEPT_VMSAVE | INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
			     INTERCEPT_WBINVD | INTERCEPT_MONITOR | INTERCEPT_MWAIT |
			     INTERCEPT_XSETBV;
	c->iopm_base_pa = g->iopm_pa;
	c->msrpm_base_pa = g->msrpm_pa;
	c->tsc_offset = 0;
	c->asid = g->asid;
	/* The first VMRUN flushes every ASID's entries on this CPU (no FlushByAsid needed). */
	c->tlb_control = TLB_CONTROL_FLUSH_ALL_ASID;
	/* Physical interrupts follow the host's RFLAGS.IF at VMRUN (svm/entry.S sets it for
	 * the watchdog's LAPIC timer); the guest's IF gates only virtual interrupts. */
	c->int_ctl = V_INTR_MASKING_MASK;
	if (g->npt) {
		c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
		c->nested_cr3 = g->ncr3;
	}
	c->clean = 0;		/* nothing cached: VMRUN reads the whole VMCB */
}

static void setup_save(const struct svm_guest *g)
{
	struct vmcb_save *s = &g->vmcb->save;
	bool real = g->mode == GUEST_MODE_REAL;
	uint32_t limit = real ? 0xffff : 0xffffffff;
	uint16_t code = ATTR_CODE | (real ? 0 : ATTR_32), data = ATTR_DATA | (real ? 0 : ATTR_32);
	uint16_t cs = real ? 0 : GUEST_SEL_CODE32, ds = real ? 0 : GUEST_SEL_DATA;
	/* The test variant's FS: based at the first byte past guest memory. */
	uint64_t fs_base = g->touch_outside ? g->mem_size : 0;

	/* VMRUN loads the hidden parts as given; real mode does not need base = sel << 4. */
	seg(&s->cs, cs, 0, limit, code);
	seg(&s->ss, ds, 0, limit, data);
	seg(&s->ds, ds, 0, limit, data);
	seg(&s->es, ds, 0, limit, data);
	/* FS, GS, TR, LDTR: loaded by VMLOAD from this VMCB (svm/entry.S). */
	seg(&s->fs, ds, fs_base, limit, data);
	seg(&s->gs, ds, 0, limit, data);
	seg(&s->tr, 0, 0, TSS32_LIMIT, SVM_SELECTOR_P_MASK | ATTR_TYPE_TSS_BUSY);
	seg(&s->ldtr, 0, 0, 0xffff, SVM_SELECTOR_P_MASK | ATTR_TYPE_LDT);
	seg(&s->gdtr, 0, 0, 0, 0);
	seg(&s->idtr, 0, 0, real ? REAL_IDT_LIMIT : 0, 0);
	s->cpl = 0;

	/* EFER.SVME must be set in the guest's EFER (15.5.1); LME = 0: 16/32-bit guests. */
	s->efer = kopts.guest == OPT_GUEST_BAD_ENTRY ? 0 : EFER_SVME;
	s->cr0 = X86_CR0_ET | X86_CR0_NE | (real ? 0 : X86_CR0_PE | X86_CR0_PG | X86_CR0_WP);
	s->cr4 = 0;
	/* CR3: without NPT the hypervisor-built 32-bit tables at their host address. */
	s->cr3 = real ? 0 : g->mem_pa + GUEST_PD_GPA;
	s->dr6 = DR6_INIT;
	s->dr7 = DR7_INIT;
	/* IF = 1, though under V_INTR_MASKING it only gates virtual interrupts and none
	 * are injected: Bochs 2.7 masks physical ones at VMRUN from the guest's IF alone
	 * (it checks before entering guest mode), which would hide the watchdog's INTR. */
	s->rflags = X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	s->rip = g->entry_rip;
	s->rsp = GUEST_STACK_TOP;
	s->rax = g->regs.rax;
	s->g_pat = PAT_POWER_ON;	/* used with nested paging only; must be valid then */
}

void vmcb_setup(struct svm_guest *g)
{
	setup_control(g);
	setup_save(g);
}
