/* SPDX-License-Identifier: MIT */
/*
 * Next RIP save on every intercept class the battery uses (APM Vol. 2
 * 15.7.1, "State Saved on Exit"): the CPU with NRIPS stores the next
 * sequential RIP in the VMCB (0C8h) on #VMEXITs from the instruction
 * intercepts of Table 15-7 (15.9), from MSR and IOIO intercepts and from
 * exceptions raised by INT3, INTO and BOUND; on every other intercept it
 * writes nRIP as zero.
 *
 * One guest program, exits in order: CPUID, IN DX, OUT imm8, RDMSR, WRMSR,
 * MOV from CR0, MOV to CR0, INVLPG, PAUSE (filter count 0), HLT, INT3 (#BP
 * intercepted), each with nRIP at its end; UD2 (#UD intercepted), a write
 * to a nested read-only page (NPF, with NPT only) and a VINTR window (STI;
 * NOP with V_IRQ pending), each with nRIP 0; VMMCALL with nRIP at its end.
 * RIP must be the instruction's address every time. A wrong nRIP does not
 * stop the row: every class is tried and the detail names each wrong one.
 * The host moves the guest on by the addresses it knows, never by nRIP.
 * Broken: the NOP before CPUID becomes a DS prefix (nrip_save's break).
 */
#include "svm/checks.h"

#define OP_DS_PREFIX	0x3e
#define V_INTR_PRIO_SHIFT 16

extern const char schk_g_nc[], schk_g_nc_cpuid[], schk_g_nc_cpuid_end[], schk_g_nc_in[],
	schk_g_nc_in_end[], schk_g_nc_out[], schk_g_nc_out_end[], schk_g_nc_rdmsr[],
	schk_g_nc_rdmsr_end[], schk_g_nc_wrmsr[], schk_g_nc_wrmsr_end[], schk_g_nc_crr[],
	schk_g_nc_crr_end[], schk_g_nc_crw[], schk_g_nc_crw_end[], schk_g_nc_invlpg[],
	schk_g_nc_invlpg_end[], schk_g_nc_pause[], schk_g_nc_pause_end[], schk_g_nc_hlt[],
	schk_g_nc_hlt_end[], schk_g_nc_int3[], schk_g_nc_int3_end[], schk_g_nc_ud[],
	schk_g_nc_ud_end[], schk_g_nc_npf[], schk_g_nc_npf_end[], schk_g_nc_vintr[],
	schk_g_nc_vintr_end[], schk_g_nc_call[], schk_g_nc_call_end[];

/* What happens after the exit: skip to the end, or enter again at the same RIP. */
enum nc_then { NC_SKIP, NC_NPF_FIX, NC_VINTR_OFF };

static const struct nc_step {
	uint64_t code;
	const char *name, *start, *end;
	bool saved;		/* the APM defines nRIP for this class (else it is 0) */
	bool npt;		/* only with nested paging (else the instruction runs) */
	enum nc_then then;
} seq[] = {
	{ SVM_EXIT_CPUID, "CPUID", schk_g_nc_cpuid, schk_g_nc_cpuid_end, true, false, NC_SKIP },
	{ SVM_EXIT_IOIO, "IN DX", schk_g_nc_in, schk_g_nc_in_end, true, false, NC_SKIP },
	{ SVM_EXIT_IOIO, "OUT imm8", schk_g_nc_out, schk_g_nc_out_end, true, false, NC_SKIP },
	{ SVM_EXIT_MSR, "RDMSR", schk_g_nc_rdmsr, schk_g_nc_rdmsr_end, true, false, NC_SKIP },
	{ SVM_EXIT_MSR, "WRMSR", schk_g_nc_wrmsr, schk_g_nc_wrmsr_end, true, false, NC_SKIP },
	{ SVM_EXIT_READ_CR0, "MOV from CR0", schk_g_nc_crr, schk_g_nc_crr_end, true, false,
	  NC_SKIP },
	{ SVM_EXIT_WRITE_CR0, "MOV to CR0", schk_g_nc_crw, schk_g_nc_crw_end, true, false,
	  NC_SKIP },
	{ SVM_EXIT_INVLPG, "INVLPG", schk_g_nc_invlpg, schk_g_nc_invlpg_end, true, false,
	  NC_SKIP },
	{ SVM_EXIT_PAUSE, "PAUSE", schk_g_nc_pause, schk_g_nc_pause_end, true, false, NC_SKIP },
	{ SVM_EXIT_HLT, "HLT", schk_g_nc_hlt, schk_g_nc_hlt_end, true, false, NC_SKIP },
	{ SVM_EXIT_EXCP_BASE + X86_TRAP_BP, "INT3 (#BP)", schk_g_nc_int3, schk_g_nc_int3_end, true,
	  false, NC_SKIP },
	{ SVM_EXIT_EXCP_BASE + X86_TRAP_UD, "UD2 (#UD)", schk_g_nc_ud, schk_g_nc_ud_end, false,
	  false, NC_SKIP },
	{ SVM_EXIT_NPF, "NPF", schk_g_nc_npf, schk_g_nc_npf_end, false, true, NC_NPF_FIX },
	{ SVM_EXIT_VINTR, "VINTR", schk_g_nc_vintr, schk_g_nc_vintr_end, false, false,
	  NC_VINTR_OFF },
	{ SVM_EXIT_VMMCALL, "VMMCALL", schk_g_nc_call, schk_g_nc_call_end, true, false, NC_SKIP },
};

/* c->val[0]: a bit per step with a wrong RIP or nRIP; val[1], val[2]: the first one's. */
#define WRONG		0
#define FIRST_RIP	1
#define FIRST_NRIP	2

static void setup(struct schk *c)
{
	struct vmcb_control *v = &c->vmcb->control;

	v->intercept_misc1 |= INTERCEPT_PAUSE | INTERCEPT_INVLPG | INTERCEPT_VINTR;
	v->pause_filter_count = 0;
	v->intercept_cr |= INTERCEPT_CR_READ(0) | INTERCEPT_CR_WRITE(0);
	/* A V_IRQ waits for the guest's STI (IF = 0 until then): the VINTR step. */
	v->int_ctl |= V_IRQ_MASK | 0xfu << V_INTR_PRIO_SHIFT | V_IGN_TPR_MASK;
	v->int_vector = CHK_VEC_VIRQ;
	c->vmcb->save.rflags &= ~(uint64_t)X86_EFLAGS_IF;
	if (c->g.npt)
		*schk_npte(c, CHK_PAGE_RO_GPA) &= ~PTE_W;
	if (c->broken)
		c->mem[schk_ga(schk_g_nc_cpuid) - 1] = OP_DS_PREFIX;
}

/* The next step this run takes from index i on (the NPT-only ones left out without NPT). */
static unsigned next_step(const struct schk *c, unsigned i)
{
	while (i < ARRAY_SIZE(seq) && seq[i].npt && !c->g.npt)
		i++;
	return i;
}

static void move_on(struct schk *c, const struct nc_step *s)
{
	struct vmcb_control *v = &c->vmcb->control;

	switch (s->then) {
	case NC_SKIP:
		c->vmcb->save.rip = schk_ga(s->end);
		break;
	case NC_NPF_FIX:
		*schk_npte(c, CHK_PAGE_RO_GPA) |= PTE_W;
		v->tlb_control = TLB_CONTROL_FLUSH_ALL_ASID;
		break;
	case NC_VINTR_OFF:
		v->int_ctl &= ~(uint32_t)V_IRQ_MASK;
		v->intercept_misc1 &= ~(uint32_t)INTERCEPT_VINTR;
		break;
	}
}

static enum chk_verdict verdict(struct schk *c)
{
	char more[CHECK_DETAIL_MAX / 2];
	size_t n = 0;
	unsigned first = ARRAY_SIZE(seq), i;
	uint64_t wrong = c->val[WRONG];

	if (!wrong)
		return schk_pass(c, "RIP the instruction and nRIP its end after CPUID, IN, OUT, "
				 "RDMSR, WRMSR, CR0 read/write, INVLPG, PAUSE, HLT, INT3 and "
				 "VMMCALL exits; nRIP 0 after #UD%s and VINTR exits",
				 c->g.npt ? ", NPF" : "");
	more[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		if (!(wrong & BIT(i)))
			continue;
		if (first == ARRAY_SIZE(seq))
			first = i;
		else
			n += snfmt(more + n, sizeof(more) - n, "%s%s", n ? ", " : "; also ",
				   seq[i].name);
		if (n >= sizeof(more))
			break;
	}
	return schk_fail(c, "%s exit at rip 0x%llx: nRIP 0x%llx; expected rip 0x%llx, nRIP "
			 "0x%llx%s%s", seq[first].name, (unsigned long long)c->val[FIRST_RIP],
			 (unsigned long long)c->val[FIRST_NRIP],
			 (unsigned long long)schk_ga(seq[first].start),
			 (unsigned long long)(seq[first].saved ? schk_ga(seq[first].end) : 0),
			 seq[first].saved ? "" : " (the APM saves none for this class)", more);
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t nrip = c->vmcb->control.next_rip, want;
	const struct nc_step *s;

	c->step = next_step(c, c->step);
	if (c->step >= ARRAY_SIZE(seq) || c->code != seq[c->step].code)
		return schk_unexpected(c);
	s = &seq[c->step];
	want = s->saved ? schk_ga(s->end) : 0;
	if ((c->rip != schk_ga(s->start) || nrip != want) && !c->val[WRONG]) {
		c->val[FIRST_RIP] = c->rip;
		c->val[FIRST_NRIP] = nrip;
	}
	if (c->rip != schk_ga(s->start) || nrip != want)
		c->val[WRONG] |= BIT(c->step);
	if (c->code == SVM_EXIT_VMMCALL)
		return verdict(c);
	if (c->rip != schk_ga(s->start))	/* the program is not where the table is: stop */
		return verdict(c);
	move_on(c, s);
	c->step++;
	return CHK_RESUME;
}

const struct svm_check schk_nrip_save_classes = {
	.name = "nrip_save_classes",
	.apm = "APM Vol. 2 15.7.1, 15.9",
	.feat = SVM_FEAT_NRIPS,
	.entry = schk_g_nc,
	.setup = setup,
	.exit = on_exit,
};
