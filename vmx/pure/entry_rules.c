/* SPDX-License-Identifier: MIT */
/*
 * The VM-entry rule table's engine: evaluation, the hardware outcome of a
 * set of broken rules, the known-good state, the image's log form, and the
 * helpers the rows build broken states with. The rows are in
 * entry_rules_{ctrl,host,guest,seg,nonreg}.c.
 */
#include "vmx/pure/entry_rules_int.h"
#include "lib/scan.h"
#include "lib/string.h"

static const uint32_t field_enc[ERF_NR] = {
#define ER_ENC(f) f,
	ER_FIELDS(ER_ENC)
#undef ER_ENC
};

static const char *const field_name[ERF_NR] = {
#define ER_NAME(f) #f,
	ER_FIELDS(ER_NAME)
#undef ER_NAME
};

int er_field_slot(uint32_t encoding)
{
	for (unsigned i = 0; i < ERF_NR; i++)
		if (field_enc[i] == encoding)
			return (int)i;
	return -1;
}

uint32_t er_field_encoding(unsigned slot)
{
	return slot < ERF_NR ? field_enc[slot] : 0;
}

const char *er_field_name(unsigned slot)
{
	return slot < ERF_NR ? field_name[slot] : "?";
}

void er_env_init(struct er_env *e, const struct vmx_caps *caps)
{
	memset(e, 0, sizeof(*e));
	e->caps = caps;
	e->maxphyaddr = 36;
	e->linear_bits = 48;
	e->host_ia32e = true;
	e->perf_global_valid = GENMASK(1, 0) | GENMASK(34, 32);	/* 2 GP, 3 fixed counters */
	e->debugctl_valid = GENMASK(1, 0) | GENMASK(15, 6);
	for (unsigned i = 0; i < ER_PAGE_NR; i++)
		e->page[i] = 0x10000 + 0x1000 * i;
	e->page[ER_PAGE_ALIGN] = 0x20000;
}

static const char *const section_title[ER_SEC_NR] = {
	[ER_SEC_EXEC] = "VM-Execution Control Fields",
	[ER_SEC_EXIT] = "VM-Exit Control Fields",
	[ER_SEC_ENTRY] = "VM-Entry Control Fields",
	[ER_SEC_HOST_CR] = "Checks on Host Control Registers, MSRs, and SSP",
	[ER_SEC_HOST_SEG] = "Checks on Host Segment and Descriptor-Table Registers",
	[ER_SEC_HOST_ASZ] = "Checks Related to Address-Space Size",
	[ER_SEC_GUEST_CR] = "Checks on Guest Control Registers, Debug Registers, and MSRs",
	[ER_SEC_GUEST_SEG] = "Checks on Guest Segment Registers",
	[ER_SEC_GUEST_DT] = "Checks on Guest Descriptor-Table Registers",
	[ER_SEC_GUEST_RIPFL] = "Checks on Guest RIP, RFLAGS, and SSP",
	[ER_SEC_GUEST_NONREG] = "Checks on Guest Non-Register State",
	[ER_SEC_GUEST_PDPTE] = "Checks on Guest Page-Directory-Pointer-Table Entries",
	[ER_SEC_MSR_LOAD] = "Loading MSRs",
};

const char *er_section_title(enum er_section s)
{
	return (unsigned)s < ER_SEC_NR ? section_title[s] : "?";
}

static const char *const class_name[ER_CLASS_NR] = {
	[ER_CLASS_CTRL] = "VMfailValid 7",
	[ER_CLASS_HOST] = "VMfailValid 8",
	[ER_CLASS_GUEST] = "exit 33",
	[ER_CLASS_PDPTE] = "exit 33 qual 2",
	[ER_CLASS_LINK] = "exit 33 qual 4",
	[ER_CLASS_MSR] = "exit 34",
};

const char *er_class_name(enum er_class c)
{
	return (unsigned)c < ER_CLASS_NR ? class_name[c] : "?";
}

static const struct {
	const struct er_rule *rows;
	const unsigned *nr;
} tables[] = {
	{ er_rules_ctrl, &er_rules_ctrl_nr }, { er_rules_host, &er_rules_host_nr },
	{ er_rules_guest, &er_rules_guest_nr }, { er_rules_seg, &er_rules_seg_nr },
	{ er_rules_nonreg, &er_rules_nonreg_nr },
};

unsigned er_rule_count(void)
{
	unsigned n = 0;

	for (unsigned t = 0; t < ARRAY_SIZE(tables); t++)
		n += *tables[t].nr;
	return n;
}

const struct er_rule *er_rule(unsigned i)
{
	for (unsigned t = 0; t < ARRAY_SIZE(tables); t++) {
		if (i < *tables[t].nr)
			return &tables[t].rows[i];
		i -= *tables[t].nr;
	}
	return NULL;
}

int er_rule_find(const char *id)
{
	unsigned n = er_rule_count();

	for (unsigned i = 0; i < n; i++)
		if (!strcmp(er_rule(i)->id, id))
			return (int)i;
	return -1;
}

/* ---- evaluation ------------------------------------------------------------ */

unsigned er_width(const struct er_env *e)
{
	if (vmx_caps_get(e->caps, MSR_IA32_VMX_BASIC) & VMX_BASIC_32BIT_PHYS_ADDR_ONLY)
		return 32;
	return e->maxphyaddr ? e->maxphyaddr : 36;
}

bool er_canonical(const struct er_env *e, uint64_t a)
{
	unsigned n = e->linear_bits ? e->linear_bits : 48;
	int64_t s = (int64_t)(a << (64 - n)) >> (64 - n);

	return (uint64_t)s == a;
}

bool er_beyond(const struct er_ctx *c, uint64_t a)
{
	return c->width < 64 && (a >> c->width);
}

bool er_pat_bad(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = (unsigned)(pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return true;
	}
	return false;
}

uint64_t er_allowed0(const struct er_env *e, enum vmx_word w)
{
	if (w == VMX_WORD_PROC3 || w == VMX_WORD_EXIT2)
		return 0;
	return (uint32_t)vmx_caps_ctl_msr(e->caps, w);
}

uint64_t er_allowed1(const struct er_env *e, enum vmx_word w)
{
	uint64_t m = vmx_caps_ctl_msr(e->caps, w);

	if (w == VMX_WORD_PROC3 || w == VMX_WORD_EXIT2)
		return m;
	return m >> 32;
}

void er_ctx_init(struct er_ctx *c, const struct er_vmcs *v, const struct er_env *e)
{
	uint64_t info;

	memset(c, 0, sizeof(*c));
	c->v = v;
	c->e = e;
	c->pin = (uint32_t)F(c, PIN_BASED_VM_EXEC_CONTROL);
	c->proc = (uint32_t)F(c, CPU_BASED_VM_EXEC_CONTROL);
	if (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		c->proc2 = (uint32_t)F(c, SECONDARY_VM_EXEC_CONTROL);
	if (c->proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		c->proc3 = F(c, TERTIARY_VM_EXEC_CONTROL);
	c->exit = (uint32_t)F(c, VM_EXIT_CONTROLS);
	if (c->exit & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS)
		c->exit2 = F(c, SECONDARY_VM_EXIT_CONTROLS);
	c->entry = (uint32_t)F(c, VM_ENTRY_CONTROLS);
	c->cr0 = F(c, GUEST_CR0);
	c->cr4 = F(c, GUEST_CR4);
	c->rflags = F(c, GUEST_RFLAGS);
	c->ia32e = c->entry & VM_ENTRY_IA32E_MODE;
	c->ug = c->proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST;
	c->v86 = c->rflags & BIT(17);
	c->host64 = c->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	info = F(c, VM_ENTRY_INTR_INFO_FIELD);
	c->inj = info & ER_INJ_VALID;
	c->inj_type = (unsigned)(info >> 8) & 7;
	c->inj_vec = (unsigned)info & 0xff;
	c->width = er_width(e);
}

unsigned er_check(const struct er_vmcs *v, const struct er_env *e, struct er_result *r)
{
	struct er_ctx c;
	unsigned i = 0;

	memset(r, 0, sizeof(*r));
	er_ctx_init(&c, v, e);
	/* Rule i of er_rule(i), table by table (er_rule walks the tables per call). */
	for (unsigned t = 0; t < ARRAY_SIZE(tables); t++) {
		for (unsigned k = 0; k < *tables[t].nr && i < ER_RULES_MAX; k++, i++) {
			if (!tables[t].rows[k].broken(&c))
				continue;
			r->bits[i / 32] |= 1u << (i % 32);
			r->count++;
		}
	}
	/* The qualification of an MSR-loading failure: the first bad entry. */
	for (unsigned k = 0; k < v->msr_load_known && k < v->v[ERF_VM_ENTRY_MSR_LOAD_COUNT] &&
			     !r->msr_index; k++) {
		const struct er_msr_entry *m = &v->msr_load[k];

		if (m->reserved || (m->index >> 8) == 0x8 || m->index == MSR_FS_BASE ||
		    m->index == MSR_GS_BASE || m->index == 0x9b || m->index == 0x79)
			r->msr_index = k + 1;
	}
	return r->count;
}

void er_outcome(const struct er_result *r, struct er_outcome *o)
{
	static const unsigned number[ER_CLASS_NR] = {
		[ER_CLASS_CTRL] = 7, [ER_CLASS_HOST] = 8, [ER_CLASS_GUEST] = 33,
		[ER_CLASS_PDPTE] = 33, [ER_CLASS_LINK] = 33, [ER_CLASS_MSR] = 34,
	};
	unsigned n = er_rule_count();

	o->class = ER_CLASS_NR;
	o->number = 0;
	o->qualification = 0;
	o->first = -1;
	/* Controls before host state before guest state before MSR loading. */
	for (unsigned cls = 0; cls < ER_CLASS_NR && o->first < 0; cls++) {
		bool guest = cls == ER_CLASS_GUEST || cls == ER_CLASS_PDPTE || cls == ER_CLASS_LINK;

		for (unsigned i = 0; i < n; i++) {
			unsigned rc = er_rule(i)->class;
			bool match = guest ? (rc == ER_CLASS_GUEST || rc == ER_CLASS_PDPTE ||
					      rc == ER_CLASS_LINK) : rc == cls;

			if (!r->bits[i / 32]) {
				i |= 31;	/* no broken rule in this word */
				continue;
			}
			if (!er_result_has(r, i) || !match)
				continue;
			o->class = (enum er_class)rc;
			o->first = (int)i;
			break;
		}
	}
	if (o->first < 0)
		return;
	o->number = number[o->class];
	if (o->class == ER_CLASS_PDPTE)
		o->qualification = 2;
	else if (o->class == ER_CLASS_LINK)
		o->qualification = 4;
	else if (o->class == ER_CLASS_MSR)
		o->qualification = r->msr_index;
}

void er_outcome_print(struct out *o, const struct er_outcome *oc)
{
	switch (oc->class) {
	case ER_CLASS_CTRL:
		oputs(o, "VMfailValid 7 (invalid control field)");
		break;
	case ER_CLASS_HOST:
		oputs(o, "VMfailValid 8 (invalid host-state field)");
		break;
	case ER_CLASS_GUEST:
	case ER_CLASS_PDPTE:
	case ER_CLASS_LINK:
		oprintf(o, "VM exit 33 (invalid guest state), qualification %u", oc->qualification);
		break;
	case ER_CLASS_MSR:
		oprintf(o, "VM exit 34 (MSR loading), qualification %u", oc->qualification);
		break;
	default:
		oputs(o, "VM entry (no rule broken)");
		break;
	}
}

unsigned er_print_broken(struct out *o, const struct er_result *r)
{
	unsigned n = er_rule_count(), printed = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct er_rule *ru = er_rule(i);

		if (!er_result_has(r, i))
			continue;
		oprintf(o, "  rule %s [%s]: %s (SDM \"%s\")\n", ru->id, er_class_name(ru->class),
			ru->text, er_section_title(ru->section));
		printed++;
	}
	return printed;
}

/* ---- the known-good state ---------------------------------------------------- */

#define GOOD_CODE_AR	0xc09b	/* execute/read accessed, S, P, D, G */
#define GOOD_DATA_AR	0xc093	/* read/write accessed, S, P, B, G */
#define GOOD_TSS_AR	0x008b	/* busy 32-bit TSS, P */
#define GOOD_PAT	0x0007040600070406ULL

void er_good_image(struct er_vmcs *v, const struct er_env *e)
{
	uint64_t f0 = vmx_caps_get(e->caps, MSR_IA32_VMX_CR0_FIXED0);
	uint64_t f1 = vmx_caps_get(e->caps, MSR_IA32_VMX_CR0_FIXED1);
	uint64_t g0 = vmx_caps_get(e->caps, MSR_IA32_VMX_CR4_FIXED0);
	uint64_t g1 = vmx_caps_get(e->caps, MSR_IA32_VMX_CR4_FIXED1);

	memset(v, 0, sizeof(*v));
	FV(v, PIN_BASED_VM_EXEC_CONTROL) = er_allowed0(e, VMX_WORD_PIN);
	FV(v, CPU_BASED_VM_EXEC_CONTROL) = er_allowed0(e, VMX_WORD_PROC);
	FV(v, VM_EXIT_CONTROLS) = er_allowed0(e, VMX_WORD_EXIT) |
				  (e->host_ia32e ? VM_EXIT_HOST_ADDR_SPACE_SIZE : 0);
	FV(v, VM_ENTRY_CONTROLS) = er_allowed0(e, VMX_WORD_ENTRY);
	FV(v, VMCS_LINK_POINTER) = ~0ULL;

	FV(v, GUEST_CR0) = (f0 | X86_CR0_PE | X86_CR0_NE | X86_CR0_PG) & (f1 | f0);
	FV(v, GUEST_CR3) = 0x3000;
	FV(v, GUEST_CR4) = g0 & (g1 | g0);
	FV(v, GUEST_DR7) = 0x400;
	FV(v, GUEST_RFLAGS) = 0x2;
	FV(v, GUEST_RIP) = 0x1000;
	FV(v, GUEST_RSP) = 0x2000;
	FV(v, GUEST_IA32_PAT) = GOOD_PAT;
	FV(v, GUEST_CS_SELECTOR) = 0x08;
	FV(v, GUEST_CS_LIMIT) = 0xffffffff;
	FV(v, GUEST_CS_AR_BYTES) = GOOD_CODE_AR;
	for (unsigned s = 0; s < 5; s++) {
		static const unsigned sel[] = { ERF_GUEST_ES_SELECTOR, ERF_GUEST_SS_SELECTOR,
			ERF_GUEST_DS_SELECTOR, ERF_GUEST_FS_SELECTOR, ERF_GUEST_GS_SELECTOR };
		static const unsigned lim[] = { ERF_GUEST_ES_LIMIT, ERF_GUEST_SS_LIMIT,
			ERF_GUEST_DS_LIMIT, ERF_GUEST_FS_LIMIT, ERF_GUEST_GS_LIMIT };
		static const unsigned ar[] = { ERF_GUEST_ES_AR_BYTES, ERF_GUEST_SS_AR_BYTES,
			ERF_GUEST_DS_AR_BYTES, ERF_GUEST_FS_AR_BYTES, ERF_GUEST_GS_AR_BYTES };

		v->v[sel[s]] = 0x10;
		v->v[lim[s]] = 0xffffffff;
		v->v[ar[s]] = GOOD_DATA_AR;
	}
	FV(v, GUEST_TR_SELECTOR) = 0x18;
	FV(v, GUEST_TR_BASE) = 0x4000;
	FV(v, GUEST_TR_LIMIT) = 0x67;
	FV(v, GUEST_TR_AR_BYTES) = GOOD_TSS_AR;
	FV(v, GUEST_LDTR_AR_BYTES) = AR_UNUSABLE;
	FV(v, GUEST_GDTR_BASE) = 0x5000;
	FV(v, GUEST_GDTR_LIMIT) = 0x1f;
	FV(v, GUEST_IDTR_BASE) = 0x6000;
	FV(v, GUEST_IDTR_LIMIT) = 0xff;

	FV(v, HOST_CR0) = (f0 | X86_CR0_PE | X86_CR0_NE | X86_CR0_PG) & (f1 | f0);
	FV(v, HOST_CR3) = 0x7000;
	FV(v, HOST_CR4) = (g0 | (e->host_ia32e ? X86_CR4_PAE : 0)) & (g1 | g0);
	FV(v, HOST_CS_SELECTOR) = 0x08;
	FV(v, HOST_SS_SELECTOR) = 0x10;
	FV(v, HOST_DS_SELECTOR) = 0x10;
	FV(v, HOST_ES_SELECTOR) = 0x10;
	FV(v, HOST_TR_SELECTOR) = 0x18;
	FV(v, HOST_TR_BASE) = 0x8000;
	FV(v, HOST_GDTR_BASE) = 0x9000;
	FV(v, HOST_IDTR_BASE) = 0xa000;
	FV(v, HOST_RIP) = 0x100000;
	FV(v, HOST_RSP) = 0x200000;
	FV(v, HOST_IA32_PAT) = GOOD_PAT;
	FV(v, HOST_IA32_EFER) = e->host_ia32e ? (EFER_LME | EFER_LMA | EFER_SCE) : 0;
}

/* ---- helpers for the rows' make functions ------------------------------------ */

uint32_t er_ctl_field(enum vmx_word w)
{
	static const uint32_t f[VMX_CTL_NR] = {
		[VMX_WORD_PIN] = ERF_PIN_BASED_VM_EXEC_CONTROL,
		[VMX_WORD_PROC] = ERF_CPU_BASED_VM_EXEC_CONTROL,
		[VMX_WORD_PROC2] = ERF_SECONDARY_VM_EXEC_CONTROL,
		[VMX_WORD_PROC3] = ERF_TERTIARY_VM_EXEC_CONTROL,
		[VMX_WORD_EXIT] = ERF_VM_EXIT_CONTROLS,
		[VMX_WORD_EXIT2] = ERF_SECONDARY_VM_EXIT_CONTROLS,
		[VMX_WORD_ENTRY] = ERF_VM_ENTRY_CONTROLS,
	};
	return f[w];
}

static uint64_t activator(enum vmx_word w, enum vmx_word *parent)
{
	*parent = w == VMX_WORD_EXIT2 ? VMX_WORD_EXIT : VMX_WORD_PROC;
	if (w == VMX_WORD_PROC2)
		return CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	if (w == VMX_WORD_PROC3)
		return CPU_BASED_ACTIVATE_TERTIARY_CONTROLS;
	if (w == VMX_WORD_EXIT2)
		return VM_EXIT_ACTIVATE_SECONDARY_CONTROLS;
	return 0;
}

bool er_can1(const struct er_env *e, enum vmx_word w, uint64_t bit)
{
	enum vmx_word parent;
	uint64_t act = activator(w, &parent);

	if (act && !(er_allowed1(e, parent) & act))
		return false;
	return (er_allowed1(e, w) & bit) == bit;
}

bool er_can0(const struct er_env *e, enum vmx_word w, uint64_t bit)
{
	return !(er_allowed0(e, w) & bit);
}

bool er_on(struct er_vmcs *v, const struct er_env *e, enum vmx_word w, uint64_t bit)
{
	enum vmx_word parent;
	uint64_t act = activator(w, &parent);

	if (!er_can1(e, w, bit))
		return false;
	if (act)
		v->v[er_ctl_field(parent)] |= act;
	v->v[er_ctl_field(w)] |= bit;
	return true;
}

bool er_off(struct er_vmcs *v, const struct er_env *e, enum vmx_word w, uint64_t bit)
{
	if (!er_can0(e, w, bit))
		return false;
	v->v[er_ctl_field(w)] &= ~bit;
	return true;
}

bool er_ept(struct er_vmcs *v, const struct er_env *e)
{
	uint64_t cap = vmx_caps_get(e->caps, MSR_IA32_VMX_EPT_VPID_CAP);

	if (!(cap & VMX_EPT_PAGE_WALK_4_BIT) || !(cap & (VMX_EPTP_WB_BIT | VMX_EPTP_UC_BIT)))
		return false;
	if (!er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT))
		return false;
	FV(v, EPT_POINTER) = e->page[ER_PAGE_EPT] | (3 << 3) | (cap & VMX_EPTP_WB_BIT ? 6 : 0);
	return true;
}

bool er_ug(struct er_vmcs *v, const struct er_env *e)
{
	return er_ept(v, e) && er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_UNRESTRICTED_GUEST);
}

bool er_tpr(struct er_vmcs *v, const struct er_env *e)
{
	FV(v, VIRTUAL_APIC_PAGE_ADDR) = e->page[ER_PAGE_VAPIC];
	return er_on(v, e, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW);
}

bool er_vid(struct er_vmcs *v, const struct er_env *e)
{
	return er_tpr(v, e) && er_on(v, e, VMX_WORD_PIN, PIN_BASED_EXT_INTR_MASK) &&
	       er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
}

bool er_pi(struct er_vmcs *v, const struct er_env *e)
{
	FV(v, POSTED_INTR_NV) = 0xf2;
	FV(v, POSTED_INTR_DESC_ADDR) = e->page[ER_PAGE_PIDESC];
	return er_vid(v, e) && er_on(v, e, VMX_WORD_EXIT, VM_EXIT_ACK_INTR_ON_EXIT) &&
	       er_on(v, e, VMX_WORD_PIN, PIN_BASED_POSTED_INTR);
}

bool er_vnmi(struct er_vmcs *v, const struct er_env *e)
{
	return er_on(v, e, VMX_WORD_PIN, PIN_BASED_NMI_EXITING) &&
	       er_on(v, e, VMX_WORD_PIN, PIN_BASED_VIRTUAL_NMIS);
}

bool er_ia32e_guest(struct er_vmcs *v, const struct er_env *e)
{
	if (!er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_IA32E_MODE))
		return false;
	FV(v, GUEST_CR4) |= X86_CR4_PAE;
	if (!(vmx_caps_get(e->caps, MSR_IA32_VMX_CR4_FIXED1) & X86_CR4_PAE))
		return false;
	FV(v, GUEST_CS_AR_BYTES) = (GOOD_CODE_AR & ~AR_DB) | AR_L;
	/* The field exists only where the load IA32_EFER VM-entry control may be 1. */
	if (er_can1(e, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_EFER))
		FV(v, GUEST_IA32_EFER) = EFER_LME | EFER_LMA;
	return true;
}

uint64_t er_bad_addr(const struct er_env *e)
{
	unsigned w = er_width(e);

	return w < 64 ? 1ULL << w : 0;
}

void er_inject(struct er_vmcs *v, unsigned type, unsigned vec, bool errcode)
{
	FV(v, VM_ENTRY_INTR_INFO_FIELD) = ER_INJ_VALID | (type << 8) | vec |
					  (errcode ? ER_INJ_ERRCODE : 0);
	if (type >= ER_INJ_SOFT_INT && type <= ER_INJ_SW_EXC)
		FV(v, VM_ENTRY_INSTRUCTION_LEN) = 2;
}

void er_v86_segments(struct er_vmcs *v)
{
	static const unsigned sel[] = { ERF_GUEST_ES_SELECTOR, ERF_GUEST_CS_SELECTOR,
		ERF_GUEST_SS_SELECTOR, ERF_GUEST_DS_SELECTOR, ERF_GUEST_FS_SELECTOR,
		ERF_GUEST_GS_SELECTOR };
	static const unsigned base[] = { ERF_GUEST_ES_BASE, ERF_GUEST_CS_BASE, ERF_GUEST_SS_BASE,
		ERF_GUEST_DS_BASE, ERF_GUEST_FS_BASE, ERF_GUEST_GS_BASE };
	static const unsigned lim[] = { ERF_GUEST_ES_LIMIT, ERF_GUEST_CS_LIMIT, ERF_GUEST_SS_LIMIT,
		ERF_GUEST_DS_LIMIT, ERF_GUEST_FS_LIMIT, ERF_GUEST_GS_LIMIT };
	static const unsigned ar[] = { ERF_GUEST_ES_AR_BYTES, ERF_GUEST_CS_AR_BYTES,
		ERF_GUEST_SS_AR_BYTES, ERF_GUEST_DS_AR_BYTES, ERF_GUEST_FS_AR_BYTES,
		ERF_GUEST_GS_AR_BYTES };

	FV(v, GUEST_RFLAGS) |= BIT(17);
	for (unsigned s = 0; s < ARRAY_SIZE(sel); s++) {
		v->v[sel[s]] = 0x1000;
		v->v[base[s]] = 0x10000;
		v->v[lim[s]] = 0xffff;
		v->v[ar[s]] = 0xf3;
	}
}

/*
 * Fields that exist only with a control (SDM Vol. 3D Appendix B: "exists only on
 * processors that support the 1-setting of ..."): VMREAD of them elsewhere fails.
 */
static const struct {
	uint16_t slot;
	uint8_t word;
	uint64_t bit;
} field_needs[] = {
	{ ERF_VIRTUAL_PROCESSOR_ID, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VPID },
	{ ERF_POSTED_INTR_NV, VMX_WORD_PIN, PIN_BASED_POSTED_INTR },
	{ ERF_POSTED_INTR_DESC_ADDR, VMX_WORD_PIN, PIN_BASED_POSTED_INTR },
	{ ERF_LAST_PID_POINTER_INDEX, VMX_WORD_PROC3, TERTIARY_EXEC_IPI_VIRT },
	{ ERF_PID_POINTER_TABLE, VMX_WORD_PROC3, TERTIARY_EXEC_IPI_VIRT },
	{ ERF_GUEST_UINV, VMX_WORD_ENTRY, VM_ENTRY_LOAD_UINV },
	{ ERF_PML_ADDRESS, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_PML },
	{ ERF_VIRTUAL_APIC_PAGE_ADDR, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW },
	{ ERF_TPR_THRESHOLD, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW },
	{ ERF_APIC_ACCESS_ADDR, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES },
	{ ERF_VM_FUNCTION_CONTROL, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC },
	{ ERF_EPTP_LIST_ADDRESS, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC },
	{ ERF_EPT_POINTER, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ ERF_GUEST_PDPTR0, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ ERF_GUEST_PDPTR1, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ ERF_GUEST_PDPTR2, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ ERF_GUEST_PDPTR3, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ ERF_VMREAD_BITMAP, VMX_WORD_PROC2, SECONDARY_EXEC_SHADOW_VMCS },
	{ ERF_VMWRITE_BITMAP, VMX_WORD_PROC2, SECONDARY_EXEC_SHADOW_VMCS },
	{ ERF_VE_INFORMATION_ADDRESS, VMX_WORD_PROC2, SECONDARY_EXEC_EPT_VIOLATION_VE },
	{ ERF_SPP_TABLE_POINTER, VMX_WORD_PROC2, SECONDARY_EXEC_SUBPAGE_WRITE_PERM },
	{ ERF_TERTIARY_VM_EXEC_CONTROL, VMX_WORD_PROC, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS },
	{ ERF_LOW_PASID_DIRECTORY_ADDR, VMX_WORD_PROC2, SECONDARY_EXEC_PASID_TRANSLATION },
	{ ERF_HIGH_PASID_DIRECTORY_ADDR, VMX_WORD_PROC2, SECONDARY_EXEC_PASID_TRANSLATION },
	{ ERF_HLAT_POINTER, VMX_WORD_PROC3, TERTIARY_EXEC_ENABLE_HLAT },
	{ ERF_SECONDARY_VM_EXIT_CONTROLS, VMX_WORD_EXIT, VM_EXIT_ACTIVATE_SECONDARY_CONTROLS },
	{ ERF_SECONDARY_VM_EXEC_CONTROL, VMX_WORD_PROC, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS },
	{ ERF_GUEST_IA32_PAT, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_PAT },
	{ ERF_GUEST_IA32_EFER, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_EFER },
	{ ERF_GUEST_IA32_PERF_GLOBAL_CTRL, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL },
	{ ERF_GUEST_BNDCFGS, VMX_WORD_ENTRY, VM_ENTRY_LOAD_BNDCFGS },
	{ ERF_GUEST_IA32_LBR_CTL, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_LBR_CTL },
	{ ERF_GUEST_IA32_PKRS, VMX_WORD_ENTRY, VM_ENTRY_LOAD_PKRS },
	{ ERF_GUEST_S_CET, VMX_WORD_ENTRY, VM_ENTRY_LOAD_CET_STATE },
	{ ERF_GUEST_SSP, VMX_WORD_ENTRY, VM_ENTRY_LOAD_CET_STATE },
	{ ERF_GUEST_INTR_SSP_TABLE, VMX_WORD_ENTRY, VM_ENTRY_LOAD_CET_STATE },
	{ ERF_HOST_IA32_PAT, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_PAT },
	{ ERF_HOST_IA32_EFER, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_EFER },
	{ ERF_HOST_IA32_PERF_GLOBAL_CTRL, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL },
	{ ERF_HOST_IA32_PKRS, VMX_WORD_EXIT, VM_EXIT_LOAD_PKRS },
	{ ERF_HOST_S_CET, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE },
	{ ERF_HOST_SSP, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE },
	{ ERF_HOST_INTR_SSP_TABLE, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE },
	{ ERF_VMX_PREEMPTION_TIMER_VALUE, VMX_WORD_PIN, PIN_BASED_VMX_PREEMPTION_TIMER },
};

void er_fields_present(const struct er_env *e, uint8_t present[ERF_NR])
{
	uint64_t can[VMX_CTL_NR];

	for (unsigned w = 0; w < VMX_CTL_NR; w++)
		can[w] = er_allowed1(e, (enum vmx_word)w);
	if (!(can[VMX_WORD_PROC] & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		can[VMX_WORD_PROC2] = 0;
	if (!(can[VMX_WORD_PROC] & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS))
		can[VMX_WORD_PROC3] = 0;
	if (!(can[VMX_WORD_EXIT] & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS))
		can[VMX_WORD_EXIT2] = 0;
	memset(present, 1, ERF_NR);
	for (unsigned i = 0; i < ARRAY_SIZE(field_needs); i++)
		if (!(can[field_needs[i].word] & field_needs[i].bit))
			present[field_needs[i].slot] = 0;
}

bool er_field_exists(const struct er_env *e, unsigned slot)
{
	uint8_t present[ERF_NR];

	if (slot >= ERF_NR)
		return false;
	er_fields_present(e, present);
	return present[slot];
}

/* ---- the log form -------------------------------------------------------------- */

void er_print_image(struct out *o, const struct er_vmcs *v)
{
	for (unsigned i = 0; i < ERF_NR; i++)
		oprintf(o, "vmcs: 0x%08x = 0x%llx\n", field_enc[i], (unsigned long long)v->v[i]);
	if (v->link_known)
		oprintf(o, "vmcs: link-word = 0x%x\n", v->link_word);
	for (unsigned k = 0; k < v->msr_load_known && k < ER_MSR_AREA_MAX; k++)
		oprintf(o, "vmcs: msr-load %u = 0x%x 0x%x 0x%llx\n", k + 1, v->msr_load[k].index,
			v->msr_load[k].reserved, (unsigned long long)v->msr_load[k].value);
}

static void parse_line(struct er_vmcs *v, struct scan *c, unsigned *taken)
{
	uint64_t a, b, d;

	if (scan_word(c, "link-word")) {
		if (scan_word(c, "=") && (scan_skip_space(c), scan_hex(c, true, &a))) {
			v->link_known = true;
			v->link_word = (uint32_t)a;
		}
		return;
	}
	if (scan_word(c, "msr-load")) {
		unsigned k = 0;

		scan_skip_space(c);
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && k < 100)
			k = k * 10 + (unsigned)(*c->p++ - '0');
		if (k < 1 || k > ER_MSR_AREA_MAX || !scan_word(c, "=") ||
		    (scan_skip_space(c), !scan_hex(c, true, &a)) || (scan_skip_space(c), !scan_hex(c, true, &b)) ||
		    (scan_skip_space(c), !scan_hex(c, true, &d)))
			return;
		v->msr_load[k - 1].index = (uint32_t)a;
		v->msr_load[k - 1].reserved = (uint32_t)b;
		v->msr_load[k - 1].value = d;
		if (v->msr_load_known < k)
			v->msr_load_known = k;
		return;
	}
	scan_skip_space(c);
	if (scan_hex(c, true, &a) && scan_word(c, "=") && (scan_skip_space(c), 1) &&
	    scan_hex(c, true, &b)) {
		int s = a >> 32 ? -1 : er_field_slot((uint32_t)a);

		if (s >= 0) {
			v->v[s] = b;
			(*taken)++;
		}
	}
}

unsigned er_parse_image(struct er_vmcs *v, const char *text, size_t len)
{
	return er_parse_image_cpu(v, text, len, NULL);
}

unsigned er_parse_image_cpu(struct er_vmcs *v, const char *text, size_t len, const char *prefix)
{
	const char *p = text, *end = text + len;
	size_t plen = prefix ? strlen(prefix) : 0;
	unsigned taken = 0;

	memset(v, 0, sizeof(*v));
	while (p < end) {
		const char *nl = p;
		const char *at;

		while (nl < end && *nl != '\n')
			nl++;
		at = scan_find(p, nl, "vmcs: ");
		if (at && prefix && ((size_t)(nl - p) < plen || memcmp(p, prefix, plen)))
			at = NULL;
		if (at) {
			struct scan c = { at + 6, nl };

			parse_line(v, &c, &taken);
		}
		p = nl < end ? nl + 1 : end;
	}
	return taken;
}

void er_print_env(struct out *o, const struct er_env *e)
{
	oprintf(o, "vmcs: env maxphyaddr=%u linear=%u ia32e=%u smm=%u sgx=%u rtm=%u perf=0x%llx "
		"debugctl=0x%llx\n", e->maxphyaddr, e->linear_bits, e->host_ia32e, e->in_smm, e->sgx,
		e->rtm, (unsigned long long)e->perf_global_valid,
		(unsigned long long)e->debugctl_valid);
}

/* An env line's "key=N" (decimal, at most 1000000) or "key=0x..". */
static bool env_num(struct scan *c, const char *key, uint64_t *v)
{
	return scan_key_number(c, key, 1000000, v);
}

bool er_parse_env(struct er_env *e, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = p, *at;
		uint64_t a, b, h, smm, sgx, rtm, perf, dbg;

		while (nl < end && *nl != '\n')
			nl++;
		at = scan_find(p, nl, "vmcs: env ");
		p = nl < end ? nl + 1 : end;
		if (!at)
			continue;
		struct scan c = { at + 10, nl };

		if (!env_num(&c, "maxphyaddr=", &a) || !env_num(&c, "linear=", &b) ||
		    !env_num(&c, "ia32e=", &h) || !env_num(&c, "smm=", &smm) ||
		    !env_num(&c, "sgx=", &sgx) || !env_num(&c, "rtm=", &rtm) ||
		    !env_num(&c, "perf=", &perf) || !env_num(&c, "debugctl=", &dbg) ||
		    a < 32 || a > 64 || b < 32 || b > 64)
			continue;
		e->maxphyaddr = (unsigned)a;
		e->linear_bits = (unsigned)b;
		e->host_ia32e = h;
		e->in_smm = smm;
		e->sgx = sgx;
		e->rtm = rtm;
		e->perf_global_valid = perf;
		e->debugctl_valid = dbg;
		return true;
	}
	return false;
}
