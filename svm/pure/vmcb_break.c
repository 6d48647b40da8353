/* SPDX-License-Identifier: MIT */
/*
 * Confirming the VMRUN rules on the CPU (the battery row vmrun_rules,
 * svm/checks/vmrun_rules.c): how to break each rule of vmcb_check.c alone
 * in a VMCB that breaks none, and which rules the row may break at all.
 *
 * VMRUN checks the whole VMCB before it loads anything, so a refused VMCB
 * harms nothing; a CPU that runs it anyway runs the check guest, which
 * exits at once (VMMCALL). Not tried:
 * - vmrun.asid.zero: an entry let through would fill the host's ASID with
 *   the guest's translations (of addresses the host maps elsewhere);
 * - vmrun.long.pe: an entry let through would run long mode with CR0.PE 0,
 *   a state no instruction can reach and nothing defines (Bochs 2.7 ends
 *   the emulator there: docs/entry-rules.md);
 * - without nested paging, the breaks that change the guest's paging (CR3
 *   beyond the width, long mode without PAE or PE, CS.L with CS.D, a 64-bit
 *   guest): the guest would walk host-physical memory with tables that were
 *   never built for that mode. With nested paging its walks stay in the
 *   nested page tables (a bad walk is a nested page fault).
 */
#include "svm/pure/vmcb_check.h"
#include "arch/x86/x86.h"
#include "lib/bits.h"
#include "lib/string.h"

static const char *const try_name[VMCB_TRY_NR] = {
	[VMCB_TRY_YES] = "tried",
	[VMCB_TRY_TLB] = "tlb",
	[VMCB_TRY_MODE] = "mode",
	[VMCB_TRY_PAGING] = "paging",
	[VMCB_TRY_CPU] = "cpu",
	[VMCB_TRY_BASE] = "base",
	[VMCB_TRY_SKIP] = "skip",
};

static const char *const try_reason[VMCB_TRY_NR] = {
	[VMCB_TRY_YES] = "broken alone in the check VMCB and run",
	[VMCB_TRY_TLB] = "an entry let through would put guest translations into the host's ASID",
	[VMCB_TRY_MODE] = "a VMRUN let through would run long mode with CR0.PE 0, a state that "
			  "cannot exist",
	[VMCB_TRY_PAGING] = "without nested paging, an entry let through would walk host memory "
			    "with the broken paging state",
	[VMCB_TRY_CPU] = "the break needs another CPU (one without long mode or nested paging, "
			 "or a host without paging)",
	[VMCB_TRY_BASE] = "in the check VMCB the break does not hold alone",
	[VMCB_TRY_SKIP] = "left out by the command line (entryskip=)",
};

const char *vmcb_try_name(enum vmcb_try t)
{
	return (unsigned)t < VMCB_TRY_NR ? try_name[t] : "?";
}

const char *vmcb_try_reason(enum vmcb_try t)
{
	return (unsigned)t < VMCB_TRY_NR ? try_reason[t] : "?";
}

enum vmcb_try vmcb_rule_safety(enum vmcb_rule r)
{
	if (r == VMCB_RULE_ASID_ZERO)
		return VMCB_TRY_TLB;
	return r == VMCB_RULE_LONG_NO_PE ? VMCB_TRY_MODE : VMCB_TRY_YES;
}

/* The rules whose break changes the guest's paging (tried only under nested paging). */
static bool paging_break(enum vmcb_rule r)
{
	return r == VMCB_RULE_CR3_MBZ || r == VMCB_RULE_LONG_NO_PAE || r == VMCB_RULE_LONG_NO_PE ||
	       r == VMCB_RULE_LONG_CS_L_D || r == VMCB_RULE_EVENT_EXC_64;
}

/* The lowest bit that mask does not allow, or 0. */
static uint64_t lowest_clear(uint64_t mask)
{
	return ~mask & -(~mask);
}

static void inject(struct vmcb *v, unsigned type, unsigned vec)
{
	v->control.event_inj = SVM_EVTINJ_VALID | (uint64_t)type << SVM_EVTINJ_TYPE_SHIFT | vec;
}

/* 64-bit mode: EFER.LME/LMA, CR4.PAE, CS.L (CS.D clear). */
static void long_mode(struct vmcb *v)
{
	v->save.efer |= EFER_LME | EFER_LMA;
	v->save.cr4 |= X86_CR4_PAE;
	v->save.cs.attrib = (uint16_t)((v->save.cs.attrib | SVM_SELECTOR_L_MASK) &
				       ~SVM_SELECTOR_DB_MASK);
}

bool vmcb_break(struct vmcb *v, const struct svm_check_env *env, enum vmcb_rule r)
{
	struct vmcb_save *s = &v->save;
	struct vmcb_control *c = &v->control;
	uint64_t top = env->maxphyaddr < 64 ? 1ULL << env->maxphyaddr : 0;
	bool np = c->nested_ctl & SVM_NESTED_CTL_NP_ENABLE;

	switch (r) {
	case VMCB_RULE_EFER_SVME:
		s->efer &= ~EFER_SVME;
		return true;
	case VMCB_RULE_CR0_CD_NW:
		s->cr0 = (s->cr0 & ~X86_CR0_CD) | X86_CR0_NW;
		return true;
	case VMCB_RULE_CR0_HIGH:
		s->cr0 |= BIT(32);
		return true;
	case VMCB_RULE_CR3_MBZ:
		s->cr3 |= top;
		return top;
	case VMCB_RULE_CR4_MBZ:
		/* From bit 15 up: bits 14:0 are the original features, which CPUID may not list
		 * though the CPU accepts them (QEMU TCG: no VME in CPUID, CR4.VME allowed). */
		s->cr4 |= lowest_clear(env->cr4_valid | GENMASK(14, 0));
		return lowest_clear(env->cr4_valid | GENMASK(14, 0));
	case VMCB_RULE_DR6_HIGH:
		s->dr6 |= BIT(32);
		return true;
	case VMCB_RULE_DR7_HIGH:
		s->dr7 |= BIT(32);
		return true;
	case VMCB_RULE_EFER_MBZ:
		s->efer |= lowest_clear(env->efer_valid);
		return lowest_clear(env->efer_valid);
	case VMCB_RULE_EFER_NO_LM:
		s->efer |= EFER_LMA;	/* not LME: with CR0.PG that would be long mode without PAE */
		return !env->long_mode;
	case VMCB_RULE_LONG_NO_PAE:
		s->efer |= EFER_LME | EFER_LMA;
		s->cr4 &= ~X86_CR4_PAE;
		return env->long_mode && (s->cr0 & X86_CR0_PG);
	case VMCB_RULE_LONG_NO_PE:
		long_mode(v);
		s->cr0 &= ~X86_CR0_PE;
		return env->long_mode && (s->cr0 & X86_CR0_PG);
	case VMCB_RULE_LONG_CS_L_D:
		long_mode(v);
		s->cs.attrib |= SVM_SELECTOR_DB_MASK;
		return env->long_mode && (s->cr0 & X86_CR0_PG);
	case VMCB_RULE_VMRUN_INTERCEPT:
		c->intercept_misc2 &= ~INTERCEPT_VMRUN;
		return true;
	case VMCB_RULE_MSRPM_ADDR:
		c->msrpm_base_pa = top - 0x1000;
		return top;
	case VMCB_RULE_IOPM_ADDR:
		c->iopm_base_pa = top - 0x1000;
		return top;
	case VMCB_RULE_EVENT_TYPE:
		inject(v, 1, 0x20);
		return true;
	case VMCB_RULE_EVENT_EXC_NMI:
		inject(v, SVM_EVTINJ_TYPE_EXEPT, 2);
		return true;
	case VMCB_RULE_EVENT_EXC_VEC:
		inject(v, SVM_EVTINJ_TYPE_EXEPT, 32);
		return true;
	case VMCB_RULE_EVENT_EXC_64:
		long_mode(v);
		inject(v, SVM_EVTINJ_TYPE_EXEPT, 4);
		return env->long_mode && (s->cr0 & X86_CR0_PG);
	case VMCB_RULE_ASID_ZERO:
		c->asid = 0;
		return true;
	case VMCB_RULE_NP_UNSUPPORTED:
		c->nested_ctl |= SVM_NESTED_CTL_NP_ENABLE;
		return !env->npt;
	case VMCB_RULE_NCR3_MBZ:
		c->nested_cr3 |= top;
		return np && top;
	case VMCB_RULE_GPAT:
		s->g_pat = (s->g_pat & ~0xffULL) | 2;	/* type 2 is reserved */
		return np;
	case VMCB_RULE_NP_HOST_PG:
		c->nested_ctl |= SVM_NESTED_CTL_NP_ENABLE;
		return env->npt && !env->host_paging;
	default:
		return false;
	}
}

enum vmcb_try vmcb_try_break(const struct vmcb *base, const struct svm_check_env *env,
			     enum vmcb_rule r, struct vmcb *out)
{
	enum vmcb_try t = vmcb_rule_safety(r);

	if (t != VMCB_TRY_YES)
		return t;
	if (paging_break(r) && !(base->control.nested_ctl & SVM_NESTED_CTL_NP_ENABLE))
		return VMCB_TRY_PAGING;
	memcpy(out, base, sizeof(*out));
	if (!vmcb_break(out, env, r))
		return VMCB_TRY_CPU;
	return vmcb_check_rules(out, env) == 1u << r ? VMCB_TRY_YES : VMCB_TRY_BASE;
}
