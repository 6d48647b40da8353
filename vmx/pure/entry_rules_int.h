/* SPDX-License-Identifier: MIT */
/*
 * Shared by the entry_rules_*.c tables: the evaluation context (the control
 * words as VM entry sees them, computed once per check), field access, and
 * the helpers the rows' "make" functions build a broken state with.
 */
#ifndef PV_VMX_ENTRY_RULES_INT_H
#define PV_VMX_ENTRY_RULES_INT_H

#include "vmx/pure/entry_rules.h"
#include "vmx/pure/vmx_defs.h"
#include "arch/x86/msr-index.h"
#include "lib/bits.h"

struct er_ctx {
	const struct er_vmcs *v;
	const struct er_env *e;
	uint32_t pin, proc, proc2, exit, entry;	/* proc2 is 0 unless activated */
	uint64_t proc3, exit2;			/* 0 unless activated */
	uint64_t cr0, cr4, rflags;
	bool ia32e;		/* "IA-32e mode guest" VM-entry control */
	bool ug;		/* unrestricted guest */
	bool v86;		/* RFLAGS.VM: the guest will be in virtual-8086 mode */
	bool host64;		/* "host address-space size" VM-exit control */
	bool inj;		/* VM-entry interruption information valid */
	unsigned inj_type, inj_vec;
	unsigned width;		/* physical-address width for VMX structures */
};

#define F(c, name)	((c)->v->v[ERF_##name])
#define FV(v, name)	((v)->v[ERF_##name])

/* Table rows: RULE(id, section, class, text, broken-fn, make-fn, also). */
#define ER_ROW(id, sec, cls, text, fn, mk, also) \
	{ id, ER_SEC_##sec, ER_CLASS_##cls, text, fn, mk, also }

/* Injected event types (SDM "VM-Entry Controls for Event Injection"). */
#define ER_INJ_EXT	0
#define ER_INJ_NMI	2
#define ER_INJ_HW	3
#define ER_INJ_SOFT_INT	4
#define ER_INJ_PRIV_SW	5
#define ER_INJ_SW_EXC	6
#define ER_INJ_OTHER	7
#define ER_INJ_VALID	BIT(31)
#define ER_INJ_ERRCODE	BIT(11)

/* Segment access rights (the VMCS format: descriptor bits 47:40, 55:52, bit 16 unusable). */
#define AR_TYPE(a)	((unsigned)(a) & 0xf)
#define AR_S		BIT(4)
#define AR_DPL(a)	(((unsigned)(a) >> 5) & 3)
#define AR_P		BIT(7)
#define AR_L		BIT(13)
#define AR_DB		BIT(14)
#define AR_G		BIT(15)
#define AR_UNUSABLE	BIT(16)
#define AR_RSVD_11_8	GENMASK(11, 8)
#define AR_RSVD_31_17	GENMASK(31, 17)

#define CR4_CET_BIT	BIT(23)
#define CR4_LA57_BIT	BIT(12)

/* Evaluation helpers. */
bool er_canonical(const struct er_env *e, uint64_t a);
bool er_beyond(const struct er_ctx *c, uint64_t a);	/* bits at or above the width */
bool er_pat_bad(uint64_t pat);
uint64_t er_allowed0(const struct er_env *e, enum vmx_word w);	/* must-be-1 bits */
uint64_t er_allowed1(const struct er_env *e, enum vmx_word w);	/* may-be-1 bits */
void er_ctx_init(struct er_ctx *c, const struct er_vmcs *v, const struct er_env *e);
unsigned er_width(const struct er_env *e);

/* Helpers for the make functions: they refuse (false) what the CPU cannot do. */
uint32_t er_ctl_field(enum vmx_word w);
bool er_can1(const struct er_env *e, enum vmx_word w, uint64_t bit);
bool er_can0(const struct er_env *e, enum vmx_word w, uint64_t bit);
bool er_on(struct er_vmcs *v, const struct er_env *e, enum vmx_word w, uint64_t bit);
bool er_off(struct er_vmcs *v, const struct er_env *e, enum vmx_word w, uint64_t bit);
bool er_ept(struct er_vmcs *v, const struct er_env *e);		/* EPT with a valid EPTP */
bool er_ug(struct er_vmcs *v, const struct er_env *e);		/* EPT + unrestricted guest */
bool er_tpr(struct er_vmcs *v, const struct er_env *e);		/* TPR shadow + virtual-APIC page */
bool er_vid(struct er_vmcs *v, const struct er_env *e);		/* + VID + external-interrupt exiting */
bool er_pi(struct er_vmcs *v, const struct er_env *e);		/* + posted interrupts, all valid */
bool er_vnmi(struct er_vmcs *v, const struct er_env *e);	/* NMI exiting + virtual NMIs */
bool er_ia32e_guest(struct er_vmcs *v, const struct er_env *e);	/* a 64-bit guest */
uint64_t er_bad_addr(const struct er_env *e);			/* page-aligned, beyond the width */
/* RFLAGS.VM 1 and the six segments as virtual-8086 mode wants them. */
void er_v86_segments(struct er_vmcs *v);
void er_inject(struct er_vmcs *v, unsigned type, unsigned vec, bool errcode);

/*
 * A rule file's two halves: BROKEN(name, expr) the predicate over the
 * context c (true: the rule is broken), MAKE(name, body) the function that
 * breaks exactly that rule in a known-good state v for the CPU e.
 */
#define BROKEN(name, expr) \
	static bool name(const struct er_ctx *c) { return (expr); }
#define MAKE(name, body) \
	static bool name(struct er_vmcs *v, struct er_env *e) { (void)v; (void)e; body }

/* A capability MSR of the CPU the rules check against. */
static inline uint64_t cap(const struct er_env *e, uint32_t msr)
{
	return vmx_caps_get(e->caps, msr);
}

/* The highest set bit of m alone (0 for 0). */
static inline uint64_t top_bit(uint64_t m)
{
	uint64_t t = 0;

	for (unsigned b = 0; b < 64; b++)
		if (m & BIT(b))
			t = BIT(b);
	return t;
}

/* A non-canonical linear address for this CPU: bit N-1 set, bits 63:N clear. */
static inline uint64_t noncanon(const struct er_env *e)
{
	unsigned n = e->linear_bits ? e->linear_bits : 48;

	return n < 64 ? 1ULL << (n - 1) : 0;
}

extern const struct er_rule er_rules_ctrl[], er_rules_host[], er_rules_guest[],
	er_rules_seg[], er_rules_nonreg[];
extern const unsigned er_rules_ctrl_nr, er_rules_host_nr, er_rules_guest_nr,
	er_rules_seg_nr, er_rules_nonreg_nr;

#endif
