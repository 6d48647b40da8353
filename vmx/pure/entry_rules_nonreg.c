/* SPDX-License-Identifier: MIT */
/*
 * VM-entry rules on guest non-register state (SDM Vol. 3C "Checks on Guest
 * Non-Register State": activity state, interruptibility state, pending
 * debug exceptions, VMCS link pointer), the PDPTEs ("Checks on Guest
 * Page-Directory-Pointer-Table Entries") and the VM-entry MSR-load area
 * ("Loading MSRs"). Exit 33 (qualification 4 for the link pointer, 2 for a
 * PDPTE), exit 34 for an MSR entry.
 */
#include "vmx/pure/entry_rules_int.h"

#define ACT_HLT		1
#define ACT_SHUTDOWN	2
#define ACT_SIPI	3
#define INTR_STI	BIT(0)
#define INTR_MOVSS	BIT(1)
#define INTR_SMI	BIT(2)
#define INTR_NMI	BIT(3)
#define INTR_ENCLAVE	BIT(4)
#define RFLAGS_TF	BIT(8)
#define RFLAGS_IF	BIT(9)
#define DBG_BS		BIT(14)
#define DBG_ENABLED_BP	BIT(12)
#define DBG_RTM		BIT(16)
#define DEBUGCTL_BTF	BIT(1)

static uint64_t misc(const struct er_env *e)
{
	return vmx_caps_get(e->caps, MSR_IA32_VMX_MISC);
}
static bool act_ok(const struct er_env *e, unsigned s)
{
	return s == 0 || (s <= 3 && (misc(e) & BIT(5 + s)));
}

#define ACT	F(c, GUEST_ACTIVITY_STATE)
#define INTR	F(c, GUEST_INTERRUPTIBILITY_INFO)
#define PDBG	F(c, GUEST_PENDING_DBG_EXCEPTIONS)

/* ---- activity state ----------------------------------------------------------- */
BROKEN(act_value, ACT > 3)
MAKE(act_value_m, FV(v, GUEST_ACTIVITY_STATE) = 4; return true;)
BROKEN(act_sup, ACT >= 1 && ACT <= 3 && !act_ok(c->e, (unsigned)ACT))
MAKE(act_sup_m, for (unsigned s = 1; s <= 3; s++) if (!act_ok(e, s)) {
	FV(v, GUEST_ACTIVITY_STATE) = s; return true; } return false;)
BROKEN(act_hlt_dpl, ACT == ACT_HLT && AR_DPL(F(c, GUEST_SS_AR_BYTES)))
MAKE(act_hlt_dpl_m, if (!act_ok(e, ACT_HLT)) return false; FV(v, GUEST_ACTIVITY_STATE) = ACT_HLT;
     FV(v, GUEST_CS_SELECTOR) |= 3; FV(v, GUEST_CS_AR_BYTES) |= 3 << 5;
     FV(v, GUEST_SS_SELECTOR) |= 3; FV(v, GUEST_SS_AR_BYTES) |= 3 << 5; return true;)
BROKEN(act_blocking, (INTR & (INTR_STI | INTR_MOVSS)) && ACT != 0)
MAKE(act_blocking_m, if (!act_ok(e, ACT_HLT)) return false; FV(v, GUEST_ACTIVITY_STATE) = ACT_HLT;
     FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_STI; FV(v, GUEST_RFLAGS) |= RFLAGS_IF; return true;)
BROKEN(act_ev_hlt, ACT == ACT_HLT && c->inj && !(c->inj_type == ER_INJ_EXT ||
       c->inj_type == ER_INJ_NMI || (c->inj_type == ER_INJ_HW && (c->inj_vec == 1 || c->inj_vec == 18)) ||
       (c->inj_type == ER_INJ_OTHER && c->inj_vec == 0)))
MAKE(act_ev_hlt_m, if (!act_ok(e, ACT_HLT)) return false; FV(v, GUEST_ACTIVITY_STATE) = ACT_HLT;
     er_inject(v, ER_INJ_HW, 13, true); return true;)
BROKEN(act_ev_shut, ACT == ACT_SHUTDOWN && c->inj && !(c->inj_type == ER_INJ_NMI ||
       (c->inj_type == ER_INJ_HW && c->inj_vec == 18)))
MAKE(act_ev_shut_m, if (!act_ok(e, ACT_SHUTDOWN)) return false;
     FV(v, GUEST_ACTIVITY_STATE) = ACT_SHUTDOWN; er_inject(v, ER_INJ_EXT, 0x20, false);
     FV(v, GUEST_RFLAGS) |= RFLAGS_IF; return true;)
BROKEN(act_ev_sipi, ACT == ACT_SIPI && c->inj)
MAKE(act_ev_sipi_m, if (!act_ok(e, ACT_SIPI)) return false; FV(v, GUEST_ACTIVITY_STATE) = ACT_SIPI;
     er_inject(v, ER_INJ_NMI, 2, false); return true;)
BROKEN(act_smm_sipi, (c->entry & VM_ENTRY_SMM) && ACT == ACT_SIPI)
MAKE(act_smm_sipi_m, if (!act_ok(e, ACT_SIPI) || !er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_SMM))
     return false; FV(v, GUEST_ACTIVITY_STATE) = ACT_SIPI; return true;)

/* ---- interruptibility state ------------------------------------------------------ */
BROKEN(in_rsvd, INTR & GENMASK(31, 5))
MAKE(in_rsvd_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = BIT(5); return true;)
BROKEN(in_sti_movss, (INTR & 3) == 3)
MAKE(in_sti_movss_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = 3; FV(v, GUEST_RFLAGS) |= RFLAGS_IF;
     return true;)
BROKEN(in_sti_if, (INTR & INTR_STI) && !(c->rflags & RFLAGS_IF))
MAKE(in_sti_if_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_STI; return true;)
BROKEN(in_ext, c->inj && c->inj_type == ER_INJ_EXT && (INTR & 3))
MAKE(in_ext_m, er_inject(v, ER_INJ_EXT, 0x20, false); FV(v, GUEST_RFLAGS) |= RFLAGS_IF;
     FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_STI; return true;)
BROKEN(in_nmi_movss, c->inj && c->inj_type == ER_INJ_NMI && (INTR & INTR_MOVSS))
MAKE(in_nmi_movss_m, er_inject(v, ER_INJ_NMI, 2, false);
     FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_MOVSS; return true;)
BROKEN(in_smi, !c->e->in_smm && (INTR & INTR_SMI))
MAKE(in_smi_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_SMI; return true;)
BROKEN(in_smi_smm, (c->entry & VM_ENTRY_SMM) && !(INTR & INTR_SMI))
MAKE(in_smi_smm_m, return er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_SMM);)
BROKEN(in_nmi_vnmi, (c->pin & PIN_BASED_VIRTUAL_NMIS) && c->inj && c->inj_type == ER_INJ_NMI &&
       (INTR & INTR_NMI))
MAKE(in_nmi_vnmi_m, if (!er_vnmi(v, e)) return false; er_inject(v, ER_INJ_NMI, 2, false);
     FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_NMI; return true;)
BROKEN(in_encl_movss, (INTR & INTR_ENCLAVE) && (INTR & INTR_MOVSS))
MAKE(in_encl_movss_m, e->sgx = true; FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_ENCLAVE | INTR_MOVSS;
     return true;)
BROKEN(in_encl_sgx, (INTR & INTR_ENCLAVE) && !c->e->sgx)
MAKE(in_encl_sgx_m, e->sgx = false; FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_ENCLAVE; return true;)

/* ---- pending debug exceptions ------------------------------------------------------ */
static bool bs_matters(const struct er_ctx *c)
{
	return (INTR & (INTR_STI | INTR_MOVSS)) || ACT == ACT_HLT;
}
static bool single_step(const struct er_ctx *c)
{
	return (c->rflags & RFLAGS_TF) && !(F(c, GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF);
}
BROKEN(pd_rsvd, PDBG & (GENMASK(63, 17) | BIT(15) | BIT(13) | GENMASK(11, 4)))
MAKE(pd_rsvd_m, FV(v, GUEST_PENDING_DBG_EXCEPTIONS) = BIT(4); return true;)
BROKEN(pd_bs_set, bs_matters(c) && single_step(c) && !(PDBG & DBG_BS))
MAKE(pd_bs_set_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_STI;
     FV(v, GUEST_RFLAGS) |= RFLAGS_IF | RFLAGS_TF; return true;)
BROKEN(pd_bs_clear, bs_matters(c) && !single_step(c) && (PDBG & DBG_BS))
MAKE(pd_bs_clear_m, FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_STI; FV(v, GUEST_RFLAGS) |= RFLAGS_IF;
     FV(v, GUEST_PENDING_DBG_EXCEPTIONS) = DBG_BS; return true;)
BROKEN(pd_rtm_bits, (PDBG & DBG_RTM) && ((PDBG & (GENMASK(11, 0) | DBG_BS)) || !(PDBG & DBG_ENABLED_BP)))
MAKE(pd_rtm_bits_m, e->rtm = true; FV(v, GUEST_PENDING_DBG_EXCEPTIONS) = DBG_RTM; return true;)
BROKEN(pd_rtm_cpu, (PDBG & DBG_RTM) && !c->e->rtm)
MAKE(pd_rtm_cpu_m, e->rtm = false; FV(v, GUEST_PENDING_DBG_EXCEPTIONS) = DBG_RTM | DBG_ENABLED_BP;
     return true;)
BROKEN(pd_rtm_movss, (PDBG & DBG_RTM) && (INTR & INTR_MOVSS))
MAKE(pd_rtm_movss_m, e->rtm = true; FV(v, GUEST_PENDING_DBG_EXCEPTIONS) = DBG_RTM | DBG_ENABLED_BP;
     FV(v, GUEST_INTERRUPTIBILITY_INFO) = INTR_MOVSS; return true;)

/* ---- VMCS link pointer -------------------------------------------------------------- */
#define LNK	F(c, VMCS_LINK_POINTER)
static uint32_t revision(const struct er_env *e)
{
	return (uint32_t)vmx_caps_get(e->caps, MSR_IA32_VMX_BASIC) & VMX_BASIC_REVISION_MASK;
}
static void link_to(struct er_vmcs *v, const struct er_env *e, uint64_t pa)
{
	FV(v, VMCS_LINK_POINTER) = pa;
	v->link_known = true;
	v->link_word = revision(e);
}
BROKEN(ln_align, LNK != ~0ULL && (LNK & 0xfff))
MAKE(ln_align_m, link_to(v, e, e->page[ER_PAGE_LINK] + 8); return true;)
BROKEN(ln_width, LNK != ~0ULL && er_beyond(c, LNK))
MAKE(ln_width_m, if (!er_bad_addr(e)) return false; link_to(v, e, er_bad_addr(e)); return true;)
BROKEN(ln_rev, LNK != ~0ULL && c->v->link_known &&
       (c->v->link_word & VMX_BASIC_REVISION_MASK) != revision(c->e))
MAKE(ln_rev_m, link_to(v, e, e->page[ER_PAGE_LINK]); v->link_word ^= 1; return true;)
BROKEN(ln_shadow, LNK != ~0ULL && c->v->link_known &&
       !(c->v->link_word & BIT(31)) != !(c->proc2 & SECONDARY_EXEC_SHADOW_VMCS))
MAKE(ln_shadow_m, link_to(v, e, e->page[ER_PAGE_LINK]); v->link_word |= (uint32_t)BIT(31); return true;)

/* ---- PDPTEs: PAE paging with EPT (without EPT they come from memory) -------------- */
static bool pae_ept(const struct er_ctx *c)
{
	return !c->ia32e && (c->cr0 & X86_CR0_PG) && (c->cr4 & X86_CR4_PAE) &&
	       (c->proc2 & SECONDARY_EXEC_ENABLE_EPT);
}
static bool pae_make(struct er_vmcs *v, struct er_env *e)
{
	if (!(vmx_caps_get(e->caps, MSR_IA32_VMX_CR4_FIXED1) & X86_CR4_PAE) || !er_ept(v, e))
		return false;
	FV(v, GUEST_CR4) |= X86_CR4_PAE;
	return true;
}
#define PDPTE(i) \
	BROKEN(pdpte##i##_rsvd, pae_ept(c) && (F(c, GUEST_PDPTR##i) & 1) && \
	       (F(c, GUEST_PDPTR##i) & (GENMASK(2, 1) | GENMASK(8, 5)))) \
	BROKEN(pdpte##i##_width, pae_ept(c) && (F(c, GUEST_PDPTR##i) & 1) && \
	       er_beyond(c, F(c, GUEST_PDPTR##i) & ~BIT(63))) \
	MAKE(pdpte##i##_rsvd_m, if (!pae_make(v, e)) return false; \
	     FV(v, GUEST_PDPTR##i) = e->page[ER_PAGE_PDPTE] | BIT(1) | 1; return true;) \
	MAKE(pdpte##i##_width_m, if (!pae_make(v, e) || !er_bad_addr(e)) return false; \
	     FV(v, GUEST_PDPTR##i) = er_bad_addr(e) | 1; return true;)
PDPTE(0)
PDPTE(1)
PDPTE(2)
PDPTE(3)

/* ---- VM-entry MSR-load area (the entries picovisor's image holds) ------------------ */
static bool any_msr(const struct er_ctx *c, bool (*bad)(const struct er_msr_entry *m))
{
	unsigned n = (unsigned)F(c, VM_ENTRY_MSR_LOAD_COUNT);

	for (unsigned k = 0; k < n && k < c->v->msr_load_known; k++)
		if (bad(&c->v->msr_load[k]))
			return true;
	return false;
}
static bool m_rsvd(const struct er_msr_entry *m) { return m->reserved; }
static bool m_x2apic(const struct er_msr_entry *m) { return (m->index >> 8) == 0x8; }
static bool m_fsgs(const struct er_msr_entry *m)
{
	return m->index == MSR_FS_BASE || m->index == MSR_GS_BASE;
}
static bool m_smm(const struct er_msr_entry *m) { return m->index == 0x9b; }
static bool m_ucode(const struct er_msr_entry *m) { return m->index == 0x79; }
static void one_msr(struct er_vmcs *v, const struct er_env *e, uint32_t index, uint32_t rsvd)
{
	FV(v, VM_ENTRY_MSR_LOAD_COUNT) = 1;
	FV(v, VM_ENTRY_MSR_LOAD_ADDR) = e->page[ER_PAGE_MSR_LOAD];
	v->msr_load_known = 1;
	v->msr_load[0].index = index;
	v->msr_load[0].reserved = rsvd;
	v->msr_load[0].value = 0;
}
BROKEN(msr_rsvd, any_msr(c, m_rsvd))
MAKE(msr_rsvd_m, one_msr(v, e, 0x174, 1); return true;)
BROKEN(msr_x2apic, any_msr(c, m_x2apic))
MAKE(msr_x2apic_m, one_msr(v, e, 0x808, 0); return true;)
BROKEN(msr_fsgs, any_msr(c, m_fsgs))
MAKE(msr_fsgs_m, one_msr(v, e, MSR_FS_BASE, 0); return true;)
BROKEN(msr_smm, !(c->entry & VM_ENTRY_SMM) && any_msr(c, m_smm))
MAKE(msr_smm_m, one_msr(v, e, 0x9b, 0); return true;)
BROKEN(msr_ucode, any_msr(c, m_ucode))
MAKE(msr_ucode_m, one_msr(v, e, 0x79, 0); return true;)

#define R(id, sec, cls, text, fn, also) ER_ROW(id, sec, cls, text, fn, fn##_m, also)
#define N(id, text, fn, also) R(id, GUEST_NONREG, GUEST, text, fn, also)
#define PD(i) \
	R("guest.pdpte" #i ".reserved", GUEST_PDPTE, PDPTE, "with PAE paging and EPT, a present PDPTE" #i " has bits 2:1 and 8:5 0", pdpte##i##_rsvd, NULL), \
	R("guest.pdpte" #i ".width", GUEST_PDPTE, PDPTE, "with PAE paging and EPT, a present PDPTE" #i " sets no address bit beyond the width", pdpte##i##_width, NULL)

const struct er_rule er_rules_nonreg[] = {
	N("guest.activity.value", "the activity state is 0-3 (active, HLT, shutdown, wait-for-SIPI)", act_value, NULL),
	N("guest.activity.supported", "the activity state is one IA32_VMX_MISC[8:6] supports", act_sup, NULL),
	N("guest.activity.hlt_dpl", "HLT activity state only with SS.DPL 0", act_hlt_dpl, NULL),
	N("guest.activity.blocking", "with blocking by STI or MOV SS the activity state is active", act_blocking, NULL),
	N("guest.activity.hlt_event", "in HLT only an external interrupt, NMI, #DB, #MC or pending MTF is injected", act_ev_hlt, NULL),
	N("guest.activity.shutdown_event", "in shutdown only an NMI or #MC is injected", act_ev_shut, NULL),
	N("guest.activity.sipi_event", "in wait-for-SIPI no event is injected", act_ev_sipi, NULL),
	N("guest.activity.smm_sipi", "with entry to SMM the activity state is not wait-for-SIPI", act_smm_sipi, "ctrl.entry.smm,guest.intr.smi_smm"),
	N("guest.intr.reserved", "interruptibility-state bits 31:5 are 0", in_rsvd, NULL),
	N("guest.intr.sti_movss", "blocking by STI and blocking by MOV SS are not both 1", in_sti_movss, NULL),
	N("guest.intr.sti_if", "blocking by STI only with RFLAGS.IF 1", in_sti_if, NULL),
	N("guest.intr.ext_blocking", "an injected external interrupt has no blocking by STI or MOV SS", in_ext, NULL),
	N("guest.intr.nmi_movss", "an injected NMI has no blocking by MOV SS", in_nmi_movss, NULL),
	N("guest.intr.smi", "blocking by SMI is 0 outside SMM", in_smi, NULL),
	N("guest.intr.smi_smm", "with entry to SMM, blocking by SMI is 1", in_smi_smm, "ctrl.entry.smm"),
	N("guest.intr.nmi_vnmi", "with virtual NMIs, an injected NMI has no blocking by NMI", in_nmi_vnmi, NULL),
	N("guest.intr.enclave_movss", "enclave interruption only without blocking by MOV SS", in_encl_movss, NULL),
	N("guest.intr.enclave_sgx", "enclave interruption only on a CPU with SGX", in_encl_sgx, NULL),
	N("guest.pending_dbg.reserved", "pending debug exceptions bits 63:17, 15, 13, 11:4 are 0", pd_rsvd, NULL),
	N("guest.pending_dbg.bs_set", "with STI/MOV SS blocking or HLT, BS is 1 when RFLAGS.TF is 1 and DEBUGCTL.BTF 0", pd_bs_set, NULL),
	N("guest.pending_dbg.bs_clear", "with STI/MOV SS blocking or HLT, BS is 0 unless RFLAGS.TF is 1 and DEBUGCTL.BTF 0", pd_bs_clear, NULL),
	N("guest.pending_dbg.rtm_bits", "with the RTM bit, bits 11:0 and 14 are 0 and bit 12 is 1", pd_rtm_bits, NULL),
	N("guest.pending_dbg.rtm_cpu", "the RTM bit only on a CPU with RTM", pd_rtm_cpu, NULL),
	N("guest.pending_dbg.rtm_movss", "the RTM bit only without blocking by MOV SS", pd_rtm_movss, NULL),
	R("guest.link.align", GUEST_NONREG, LINK, "a VMCS link pointer other than all ones is 4 KiB aligned", ln_align, NULL),
	R("guest.link.width", GUEST_NONREG, LINK, "a VMCS link pointer other than all ones sets no bit beyond the width", ln_width, NULL),
	R("guest.link.revision", GUEST_NONREG, LINK, "the VMCS the link pointer names holds this CPU's VMCS revision identifier", ln_rev, NULL),
	R("guest.link.shadow", GUEST_NONREG, LINK, "the linked VMCS's shadow-VMCS indicator equals VMCS shadowing", ln_shadow, NULL),
	PD(0), PD(1), PD(2), PD(3),
	R("msr.load.reserved", MSR_LOAD, MSR, "a VM-entry MSR-load entry has bits 63:32 of its first quadword 0", msr_rsvd, NULL),
	R("msr.load.x2apic", MSR_LOAD, MSR, "no VM-entry MSR-load entry names an x2APIC MSR (0x800-0x8ff)", msr_x2apic, NULL),
	R("msr.load.fs_gs_base", MSR_LOAD, MSR, "no VM-entry MSR-load entry names IA32_FS_BASE or IA32_GS_BASE", msr_fsgs, NULL),
	R("msr.load.smm_only", MSR_LOAD, MSR, "no VM-entry MSR-load entry names IA32_SMM_MONITOR_CTL outside an entry to SMM", msr_smm, NULL),
	R("msr.load.model", MSR_LOAD, MSR, "no VM-entry MSR-load entry names IA32_BIOS_UPDT_TRIG (not loadable for model-specific reasons)", msr_ucode, NULL),
};
const unsigned er_rules_nonreg_nr = ARRAY_SIZE(er_rules_nonreg);
