/* SPDX-License-Identifier: MIT */
/*
 * VMRUN's consistency checks (APM Vol. 2 15.5.1) on a VMCB in memory, each
 * named. Where the APM is short on detail the rule follows what Bochs 2.7
 * (cpu/svm.cc) and Linux's nested VMRUN (nested_vmcb_check_*) check, and
 * says so. Not checked: the SEV, SEV-ES, CET and AVIC rules (picovisor uses
 * none of them) and the host-state checks #VMEXIT does.
 */
#include "svm/pure/vmcb_check.h"
#include "svm/pure/svm_names.h"
#include "pure/pat.h"
#include "arch/x86/x86.h"
#include "lib/bits.h"
#include "lib/out.h"
#include "lib/scan.h"
#include "lib/string.h"

static const char *const rule_text[VMCB_RULE_NR] = {
	[VMCB_RULE_EFER_SVME] = "EFER.SVME is zero",
	[VMCB_RULE_CR0_CD_NW] = "CR0.CD is zero and CR0.NW is set",
	[VMCB_RULE_CR0_HIGH] = "CR0[63:32] are not zero",
	[VMCB_RULE_CR3_MBZ] = "a must-be-zero bit of CR3 is set",
	[VMCB_RULE_CR4_MBZ] = "a must-be-zero bit of CR4 is set",
	[VMCB_RULE_DR6_HIGH] = "DR6[63:32] are not zero",
	[VMCB_RULE_DR7_HIGH] = "DR7[63:32] are not zero",
	[VMCB_RULE_EFER_MBZ] = "a must-be-zero bit of EFER is set",
	[VMCB_RULE_EFER_NO_LM] = "EFER.LMA or EFER.LME is set and the CPU has no long mode",
	[VMCB_RULE_LONG_NO_PAE] = "EFER.LME and CR0.PG are set and CR4.PAE is zero",
	[VMCB_RULE_LONG_NO_PE] = "EFER.LME and CR0.PG are set and CR0.PE is zero",
	[VMCB_RULE_LONG_CS_L_D] = "EFER.LME, CR0.PG, CR4.PAE, CS.L and CS.D are all set",
	[VMCB_RULE_VMRUN_INTERCEPT] = "the VMRUN intercept bit is clear",
	[VMCB_RULE_MSRPM_ADDR] = "the MSR permission map reaches beyond the maximum physical address",
	[VMCB_RULE_IOPM_ADDR] = "the I/O permission map reaches beyond the maximum physical address",
	[VMCB_RULE_EVENT_TYPE] = "illegal event injection: EVENTINJ type is reserved",
	[VMCB_RULE_EVENT_EXC_NMI] = "illegal event injection: an exception with vector 2 (NMI)",
	[VMCB_RULE_EVENT_EXC_VEC] = "illegal event injection: an exception with a vector above 31",
	[VMCB_RULE_EVENT_EXC_64] = "illegal event injection: #OF or #BR into 64-bit mode",
	[VMCB_RULE_ASID_ZERO] = "guest ASID is zero (the host's)",
	[VMCB_RULE_NP_UNSUPPORTED] = "nested paging is enabled but the CPU has no nested paging",
	[VMCB_RULE_NCR3_MBZ] = "N_CR3 has bits set beyond the maximum physical address",
	[VMCB_RULE_GPAT] = "G_PAT holds a reserved memory type",
	[VMCB_RULE_NP_HOST_PG] = "nested paging is enabled while the host has paging off",
};

/*
 * Ids, APM section, and whether the emulators refuse VMRUN for the rule, as
 * read in their sources: Bochs 2.7 (tag REL_2_7_FINAL, bochs/cpu/svm.cc: the
 * line of its check, or "no") and QEMU (target/i386/tcg/system/svm_helper.c,
 * helper_vmrun: "yes"/"no"); docs/entry-rules.md.
 */
static const struct {
	const char *id;
	uint8_t sec;
	const char *bochs, *qemu;
} rule_info[VMCB_RULE_NR] = {
	[VMCB_RULE_EFER_SVME] = { "vmrun.efer.svme", VMCB_SEC_CONSISTENCY, "443", "yes" },
	[VMCB_RULE_CR0_CD_NW] = { "vmrun.cr0.cd_nw", VMCB_SEC_CONSISTENCY, "no", "yes" },
	[VMCB_RULE_CR0_HIGH] = { "vmrun.cr0.high", VMCB_SEC_CONSISTENCY, "450", "yes" },
	[VMCB_RULE_CR3_MBZ] = { "vmrun.cr3.mbz", VMCB_SEC_CONSISTENCY, "no", "yes" },
	[VMCB_RULE_CR4_MBZ] = { "vmrun.cr4.mbz", VMCB_SEC_CONSISTENCY, "463, 468", "yes" },
	[VMCB_RULE_DR6_HIGH] = { "vmrun.dr6.high", VMCB_SEC_CONSISTENCY, "475", "yes" },
	[VMCB_RULE_DR7_HIGH] = { "vmrun.dr7.high", VMCB_SEC_CONSISTENCY, "482", "yes" },
	[VMCB_RULE_EFER_MBZ] = { "vmrun.efer.mbz", VMCB_SEC_CONSISTENCY, "433, 438", "yes" },
	[VMCB_RULE_EFER_NO_LM] = { "vmrun.efer.no_long_mode", VMCB_SEC_CONSISTENCY, "438", "yes" },
	[VMCB_RULE_LONG_NO_PAE] = { "vmrun.long.pae", VMCB_SEC_CONSISTENCY, "no", "yes" },
	[VMCB_RULE_LONG_NO_PE] = { "vmrun.long.pe", VMCB_SEC_CONSISTENCY, "no", "yes" },
	[VMCB_RULE_LONG_CS_L_D] = { "vmrun.long.cs_l_d", VMCB_SEC_CONSISTENCY, "493", "yes" },
	[VMCB_RULE_VMRUN_INTERCEPT] = { "vmrun.intercept", VMCB_SEC_CONSISTENCY, "345", "yes" },
	[VMCB_RULE_MSRPM_ADDR] = { "vmrun.msrpm.addr", VMCB_SEC_CONSISTENCY, "361 (the base only)", "yes" },
	[VMCB_RULE_IOPM_ADDR] = { "vmrun.iopm.addr", VMCB_SEC_CONSISTENCY, "354 (the base only)", "yes" },
	[VMCB_RULE_EVENT_TYPE] = { "vmrun.event.type", VMCB_SEC_EVENT, "747", "yes" },
	[VMCB_RULE_EVENT_EXC_NMI] = { "vmrun.event.exception_nmi", VMCB_SEC_EVENT, "734", "yes" },
	[VMCB_RULE_EVENT_EXC_VEC] = { "vmrun.event.exception_vector", VMCB_SEC_EVENT, "734", "yes" },
	[VMCB_RULE_EVENT_EXC_64] = { "vmrun.event.of_br_64bit", VMCB_SEC_EVENT, "no", "no" },
	[VMCB_RULE_ASID_ZERO] = { "vmrun.asid.zero", VMCB_SEC_CONSISTENCY, "367", "yes" },
	[VMCB_RULE_NP_UNSUPPORTED] = { "vmrun.np.unsupported", VMCB_SEC_NPT, "387", "no" },
	[VMCB_RULE_NCR3_MBZ] = { "vmrun.np.ncr3", VMCB_SEC_NPT, "407", "no" },
	[VMCB_RULE_GPAT] = { "vmrun.np.gpat", VMCB_SEC_NPT, "400", "no" },
	[VMCB_RULE_NP_HOST_PG] = { "vmrun.np.host_paging", VMCB_SEC_NPT, "394", "no" },
};

const char *vmcb_rule_text(enum vmcb_rule r)
{
	return (unsigned)r < VMCB_RULE_NR ? rule_text[r] : "?";
}

const char *vmcb_rule_id(enum vmcb_rule r)
{
	return (unsigned)r < VMCB_RULE_NR ? rule_info[r].id : "?";
}

enum vmcb_section vmcb_rule_section(enum vmcb_rule r)
{
	return (unsigned)r < VMCB_RULE_NR ? (enum vmcb_section)rule_info[r].sec : VMCB_SEC_NR;
}

const char *vmcb_section_title(enum vmcb_section s)
{
	static const char *const t[VMCB_SEC_NR] = {
		[VMCB_SEC_CONSISTENCY] = "Canonicalization and Consistency Checks",
		[VMCB_SEC_EVENT] = "Event Injection",
		[VMCB_SEC_NPT] = "Enabling Nested Paging",
	};
	return (unsigned)s < VMCB_SEC_NR ? t[s] : "?";
}

int vmcb_rule_find(const char *id)
{
	for (int r = 0; r < VMCB_RULE_NR; r++)
		if (!strcmp(rule_info[r].id, id))
			return r;
	return -1;
}

const char *vmcb_rule_bochs(enum vmcb_rule r)
{
	return (unsigned)r < VMCB_RULE_NR ? rule_info[r].bochs : "?";
}

const char *vmcb_rule_qemu(enum vmcb_rule r)
{
	return (unsigned)r < VMCB_RULE_NR ? rule_info[r].qemu : "?";
}

/* Every CR4 bit AMD64 defines (APM Vol. 2 3.1.3). VMXE (13), SMXE (14) are not. */
#define CR4_AMD64_DEFINED	(GENMASK(12, 0) | GENMASK(18, 16) | GENMASK(23, 20))
/* CR4 bits arch/x86/x86.h does not name. */
#define CR4_UMIP		BIT(11)
#define CR4_LA57		BIT(12)
#define CR4_SMEP		BIT(20)
#define CR4_SMAP		BIT(21)
#define CR4_PKE		BIT(22)
#define CR4_CET		BIT(23)

static uint64_t cr4_from_cpuid(const struct svm_caps *c)
{
	const struct svm_cpuid *l1 = &c->leaf[SVM_LEAF_1], *l7 = &c->leaf[SVM_LEAF_7];
	bool has7 = svm_caps_has_leaf(c, SVM_LEAF_7) && c->leaf[SVM_LEAF_0].eax >= 7;
	uint64_t m = X86_CR4_PCE;	/* RDPMC at CPL > 0: no feature bit */

	if (!svm_caps_has_leaf(c, SVM_LEAF_1) || !svm_caps_has_leaf(c, SVM_LEAF_0) ||
	    c->leaf[SVM_LEAF_0].eax < 1)
		return CR4_AMD64_DEFINED;
	if (l1->edx & BIT(1))
		m |= X86_CR4_VME | X86_CR4_PVI;
	if (l1->edx & BIT(2))
		m |= X86_CR4_DE;
	if (l1->edx & BIT(3))
		m |= X86_CR4_PSE;
	if (l1->edx & BIT(4))
		m |= X86_CR4_TSD;
	if (l1->edx & BIT(6))
		m |= X86_CR4_PAE;
	if (l1->edx & BIT(7))
		m |= X86_CR4_MCE;
	if (l1->edx & BIT(13))
		m |= X86_CR4_PGE;
	if (l1->edx & BIT(24))
		m |= X86_CR4_OSFXSR;
	if (l1->edx & BIT(25))
		m |= X86_CR4_OSXMMEXCPT;
	if (l1->ecx & BIT(17))
		m |= X86_CR4_PCIDE;
	if (l1->ecx & BIT(26))
		m |= X86_CR4_OSXSAVE;
	if (has7) {
		if (l7->ebx & BIT(0))
			m |= X86_CR4_FSGSBASE;
		if (l7->ebx & BIT(7))
			m |= CR4_SMEP;
		if (l7->ebx & BIT(20))
			m |= CR4_SMAP;
		if (l7->ecx & BIT(2))
			m |= CR4_UMIP;
		if (l7->ecx & BIT(3))
			m |= CR4_PKE;
		if (l7->ecx & BIT(7))
			m |= CR4_CET;
		if (l7->ecx & BIT(16))
			m |= CR4_LA57;
	}
	return m;
}

void svm_check_env_from_caps(struct svm_check_env *env, const struct svm_caps *c)
{
	uint32_t e1d = svm_caps_has_leaf(c, SVM_LEAF_EXT1) ? c->leaf[SVM_LEAF_EXT1].edx : 0;
	uint32_t e1c = svm_caps_has_leaf(c, SVM_LEAF_EXT1) ? c->leaf[SVM_LEAF_EXT1].ecx : 0;

	memset(env, 0, sizeof(*env));
	env->host_paging = true;
	env->maxphyaddr = c->maxphyaddr ? c->maxphyaddr : 52;
	env->long_mode = e1d & CPUID_80000001_EDX_LM;
	env->npt = svm_caps_has(c, SVM_FEAT_NP);
	env->cr4_valid = cr4_from_cpuid(c);
	/* EFER bits by their CPUID bits (APM Vol. 2 3.1.7). */
	env->efer_valid = 0;
	if (e1d & CPUID_80000001_EDX_SYSCALL)
		env->efer_valid |= EFER_SCE;
	if (e1d & CPUID_80000001_EDX_LM)
		env->efer_valid |= EFER_LME | EFER_LMA | EFER_LMSLE;
	if (e1d & CPUID_80000001_EDX_NX)
		env->efer_valid |= EFER_NXE;
	if (e1c & CPUID_80000001_ECX_SVM)
		env->efer_valid |= EFER_SVME;
	if (e1d & CPUID_80000001_EDX_FFXSR)
		env->efer_valid |= EFER_FFXSR;
	if (e1c & CPUID_80000001_ECX_TCE)
		env->efer_valid |= EFER_TCE;
}

static uint64_t above(unsigned maxphy)
{
	return maxphy >= 64 ? 0 : ~0ULL << maxphy;
}

/* The map's last byte (low 12 bits of the base are ignored) is addressable. */
static bool map_fits(uint64_t base, uint64_t size, unsigned maxphy)
{
	uint64_t first = base & ~0xfffULL, last = first + size - 1;

	return last >= first && !(last & above(maxphy));
}

/* 15.20: which rule an EVENTINJ breaks, VMCB_RULE_NR for none. Reserved types,
 * an exception with the NMI vector or above 31, and #OF/#BR into 64-bit mode
 * (those instructions do not exist there; neither Bochs 2.7 nor QEMU refuses
 * it: docs/entry-rules.md). */
static enum vmcb_rule event_rule(const struct vmcb *v)
{
	uint64_t ev = v->control.event_inj;
	unsigned vec = (unsigned)(ev & SVM_EVTINJ_VEC_MASK);
	unsigned type = (unsigned)((ev & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT);
	bool long64 = (v->save.efer & EFER_LME) && (v->save.cr0 & X86_CR0_PG) &&
		      (v->save.cs.attrib & SVM_SELECTOR_L_MASK);

	if (!(ev & SVM_EVTINJ_VALID))
		return VMCB_RULE_NR;
	switch (type) {
	case SVM_EVTINJ_TYPE_INTR:
	case SVM_EVTINJ_TYPE_NMI:
	case SVM_EVTINJ_TYPE_SOFT:
		return VMCB_RULE_NR;
	case SVM_EVTINJ_TYPE_EXEPT:
		if (vec == 2)
			return VMCB_RULE_EVENT_EXC_NMI;
		if (vec > 31)
			return VMCB_RULE_EVENT_EXC_VEC;
		return long64 && (vec == 4 || vec == 5) ? VMCB_RULE_EVENT_EXC_64 : VMCB_RULE_NR;
	}
	return VMCB_RULE_EVENT_TYPE;
}

uint32_t vmcb_check_rules(const struct vmcb *v, const struct svm_check_env *env)
{
	const struct vmcb_save *s = &v->save;
	const struct vmcb_control *c = &v->control;
	bool lme_pg = (s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG);
	bool np = c->nested_ctl & SVM_NESTED_CTL_NP_ENABLE;
	uint32_t r = 0;

#define BROKEN(rule, cond) do { if (cond) r |= 1u << (rule); } while (0)
	BROKEN(VMCB_RULE_EFER_SVME, !(s->efer & EFER_SVME));
	BROKEN(VMCB_RULE_CR0_CD_NW, !(s->cr0 & X86_CR0_CD) && (s->cr0 & X86_CR0_NW));
	BROKEN(VMCB_RULE_CR0_HIGH, s->cr0 >> 32);
	BROKEN(VMCB_RULE_CR3_MBZ, s->cr3 & above(env->maxphyaddr));
	BROKEN(VMCB_RULE_CR4_MBZ, s->cr4 & ~env->cr4_valid);
	BROKEN(VMCB_RULE_DR6_HIGH, s->dr6 >> 32);
	BROKEN(VMCB_RULE_DR7_HIGH, s->dr7 >> 32);
	BROKEN(VMCB_RULE_EFER_MBZ, s->efer & ~env->efer_valid);
	BROKEN(VMCB_RULE_EFER_NO_LM, !env->long_mode && (s->efer & (EFER_LME | EFER_LMA)));
	BROKEN(VMCB_RULE_LONG_NO_PAE, lme_pg && !(s->cr4 & X86_CR4_PAE));
	BROKEN(VMCB_RULE_LONG_NO_PE, lme_pg && !(s->cr0 & X86_CR0_PE));
	BROKEN(VMCB_RULE_LONG_CS_L_D, lme_pg && (s->cr4 & X86_CR4_PAE) &&
	       (s->cs.attrib & SVM_SELECTOR_L_MASK) && (s->cs.attrib & SVM_SELECTOR_DB_MASK));
	BROKEN(VMCB_RULE_VMRUN_INTERCEPT, !(c->intercept_misc2 & INTERCEPT_VMRUN));
	BROKEN(VMCB_RULE_MSRPM_ADDR, !map_fits(c->msrpm_base_pa, SVM_MSRPM_SIZE, env->maxphyaddr));
	BROKEN(VMCB_RULE_IOPM_ADDR, !map_fits(c->iopm_base_pa, SVM_IOPM_SIZE, env->maxphyaddr));
	if (event_rule(v) != VMCB_RULE_NR)
		r |= 1u << event_rule(v);
	BROKEN(VMCB_RULE_ASID_ZERO, c->asid == 0);
	BROKEN(VMCB_RULE_NP_UNSUPPORTED, np && !env->npt);
	BROKEN(VMCB_RULE_NCR3_MBZ, np && (c->nested_cr3 & above(env->maxphyaddr)));
	BROKEN(VMCB_RULE_GPAT, np && !pat_valid(s->g_pat));
	BROKEN(VMCB_RULE_NP_HOST_PG, np && !env->host_paging);
#undef BROKEN
	return r;
}

/* The values behind a broken rule, after its name. */
static void detail(struct out *o, const struct vmcb *v, const struct svm_check_env *env,
		   enum vmcb_rule rule)
{
	const struct vmcb_save *s = &v->save;
	const struct vmcb_control *c = &v->control;

	switch (rule) {
	case VMCB_RULE_EFER_SVME:
	case VMCB_RULE_EFER_NO_LM:
		oprintf(o, " (EFER 0x%llx)", (unsigned long long)s->efer);
		break;
	case VMCB_RULE_EFER_MBZ:
		oprintf(o, " (EFER 0x%llx, must-be-zero bits 0x%llx)", (unsigned long long)s->efer,
			(unsigned long long)(s->efer & ~env->efer_valid));
		break;
	case VMCB_RULE_CR0_CD_NW:
	case VMCB_RULE_CR0_HIGH:
		oprintf(o, " (CR0 0x%llx)", (unsigned long long)s->cr0);
		break;
	case VMCB_RULE_CR3_MBZ:
		oprintf(o, " (CR3 0x%llx, physical address width %u)", (unsigned long long)s->cr3,
			env->maxphyaddr);
		break;
	case VMCB_RULE_CR4_MBZ:
		oprintf(o, " (CR4 0x%llx, must-be-zero bits 0x%llx)", (unsigned long long)s->cr4,
			(unsigned long long)(s->cr4 & ~env->cr4_valid));
		break;
	case VMCB_RULE_DR6_HIGH:
		oprintf(o, " (DR6 0x%llx)", (unsigned long long)s->dr6);
		break;
	case VMCB_RULE_DR7_HIGH:
		oprintf(o, " (DR7 0x%llx)", (unsigned long long)s->dr7);
		break;
	case VMCB_RULE_LONG_NO_PAE:
	case VMCB_RULE_LONG_NO_PE:
		oprintf(o, " (EFER 0x%llx, CR0 0x%llx, CR4 0x%llx)", (unsigned long long)s->efer,
			(unsigned long long)s->cr0, (unsigned long long)s->cr4);
		break;
	case VMCB_RULE_LONG_CS_L_D:
		oprintf(o, " (CS attributes 0x%x)", s->cs.attrib);
		break;
	case VMCB_RULE_VMRUN_INTERCEPT:
		oprintf(o, " (intercepts at 010h: 0x%x)", c->intercept_misc2);
		break;
	case VMCB_RULE_MSRPM_ADDR:
		oprintf(o, " (MSRPM_BASE_PA 0x%llx, physical address width %u)",
			(unsigned long long)c->msrpm_base_pa, env->maxphyaddr);
		break;
	case VMCB_RULE_IOPM_ADDR:
		oprintf(o, " (IOPM_BASE_PA 0x%llx, physical address width %u)",
			(unsigned long long)c->iopm_base_pa, env->maxphyaddr);
		break;
	case VMCB_RULE_EVENT_TYPE:
	case VMCB_RULE_EVENT_EXC_NMI:
	case VMCB_RULE_EVENT_EXC_VEC:
	case VMCB_RULE_EVENT_EXC_64:
		oprintf(o, " (EVENTINJ 0x%llx: ", (unsigned long long)c->event_inj);
		svm_event_print(o, c->event_inj);
		oputs(o, ")");
		break;
	case VMCB_RULE_NCR3_MBZ:
		oprintf(o, " (N_CR3 0x%llx, physical address width %u)",
			(unsigned long long)c->nested_cr3, env->maxphyaddr);
		break;
	case VMCB_RULE_GPAT:
		oprintf(o, " (G_PAT 0x%llx)", (unsigned long long)s->g_pat);
		break;
	default:
		break;
	}
}

int vmcb_check(const struct vmcb *v, const struct svm_check_env *env, char *why, size_t n)
{
	uint32_t broken = vmcb_check_rules(v, env);
	struct out_buf b;
	int count = 0;

	if (why && n)
		out_buf_init(&b, why, n);
	for (int r = 0; r < VMCB_RULE_NR; r++) {
		if (!(broken & (1u << r)))
			continue;
		if (why && n) {
			oprintf(&b.out, "%s%s", count ? "; " : "", rule_text[r]);
			detail(&b.out, v, env, (enum vmcb_rule)r);
		}
		count++;
	}
	return count;
}

void vmcb_print_words(struct out *o, const struct vmcb *v)
{
	const uint8_t *b = (const uint8_t *)v;
	size_t end = sizeof(struct vmcb_control) + sizeof(struct vmcb_save);

	for (size_t off = 0; off < end; off += 8) {
		uint64_t q;

		memcpy(&q, b + off, 8);
		if (q)
			oprintf(o, "vmcb: 0x%03x = 0x%llx\n", (unsigned)off, (unsigned long long)q);
	}
}

void vmcb_print_env(struct out *o, const struct svm_check_env *env)
{
	oprintf(o, "vmcb: env maxphyaddr=%u long_mode=%u npt=%u host_paging=%u cr4=0x%llx "
		"efer=0x%llx\n", env->maxphyaddr, env->long_mode, env->npt, env->host_paging,
		(unsigned long long)env->cr4_valid, (unsigned long long)env->efer_valid);
}

/* The lines of text that hold needle, one by one. */
static const char *next_line(const char **p, const char *end, const char *needle,
			     const char **nl_out)
{
	while (*p < end) {
		const char *nl = *p, *at;

		while (nl < end && *nl != '\n')
			nl++;
		at = scan_find(*p, nl, needle);
		*p = nl < end ? nl + 1 : end;
		if (at) {
			*nl_out = nl;
			return at + strlen(needle);
		}
	}
	return NULL;
}

unsigned vmcb_parse_words(struct vmcb *v, const char *text, size_t len)
{
	return vmcb_parse_words_cpu(v, text, len, NULL);
}

unsigned vmcb_parse_words_cpu(struct vmcb *v, const char *text, size_t len, const char *prefix)
{
	const char *p = text, *end = text + len, *nl, *at;
	size_t area = sizeof(struct vmcb_control) + sizeof(struct vmcb_save);
	size_t plen = prefix ? strlen(prefix) : 0;
	unsigned taken = 0;

	memset(v, 0, sizeof(*v));
	while (p < end) {
		const char *line;
		struct scan c;
		uint64_t off, val;

		if (!(at = next_line(&p, end, "vmcb: ", &nl)))
			break;
		/* next_line skipped lines without the needle: find this line's start. */
		line = at - 6;
		while (line > text && line[-1] != '\n')
			line--;
		if (prefix && ((size_t)(nl - line) < plen || memcmp(line, prefix, plen)))
			continue;
		c.p = at;
		c.end = nl;

		if (!scan_hex(&c, true, &off) || !scan_word(&c, "=") ||
		    (scan_skip_space(&c), !scan_hex(&c, true, &val)) || (off & 7) || off >= area)
			continue;
		memcpy((uint8_t *)v + off, &val, 8);
		taken++;
	}
	return taken;
}

/* An env line's "key=N" (decimal, at most 1000) or "key=0x..". */
static bool env_field(struct scan *c, const char *key, uint64_t *v)
{
	return scan_key_number(c, key, 1000, v);
}

bool vmcb_parse_env(struct svm_check_env *env, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *at;

	while ((at = next_line(&p, end, "vmcb: env ", &nl))) {
		struct scan c = { at, nl };
		uint64_t w, lm, npt, pg, cr4, efer;

		if (!env_field(&c, "maxphyaddr=", &w) || !env_field(&c, "long_mode=", &lm) ||
		    !env_field(&c, "npt=", &npt) || !env_field(&c, "host_paging=", &pg) ||
		    !env_field(&c, "cr4=", &cr4) || !env_field(&c, "efer=", &efer) ||
		    w < 32 || w > 64)
			continue;
		env->maxphyaddr = (unsigned)w;
		env->long_mode = lm;
		env->npt = npt;
		env->host_paging = pg;
		env->cr4_valid = cr4;
		env->efer_valid = efer;
		return true;
	}
	return false;
}
