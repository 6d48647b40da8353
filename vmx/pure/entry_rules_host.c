/* SPDX-License-Identifier: MIT */
/*
 * VM-entry rules on the host-state area (SDM Vol. 3C "Checks on Host
 * Control Registers, MSRs, and SSP", "Checks on Host Segment and
 * Descriptor-Table Registers", "Checks Related to Address-Space Size"). A
 * broken one fails VMLAUNCH/VMRESUME with VMfailValid 8.
 */
#include "vmx/pure/entry_rules_int.h"

/* ---- control registers and MSRs ------------------------------------------- */
#define FIXED_RULES(pfx, FIELD, M0, M1) \
	BROKEN(pfx##_f0, ~c->v->v[ERF_##FIELD] & cap(c->e, M0)) \
	BROKEN(pfx##_f1, c->v->v[ERF_##FIELD] & ~(cap(c->e, M1) | cap(c->e, M0))) \
	MAKE(pfx##_f0_m, uint64_t m = cap(e, M0) & ~X86_CR4_PAE & ~X86_CR0_PE; if (!m) return false; \
	     v->v[ERF_##FIELD] &= ~top_bit(m); return true;) \
	MAKE(pfx##_f1_m, v->v[ERF_##FIELD] |= top_bit(~(cap(e, M1) | cap(e, M0)) & 0xffffffffULL) ? \
	     top_bit(~(cap(e, M1) | cap(e, M0)) & 0xffffffffULL) : BIT(32); return true;)
FIXED_RULES(cr0, HOST_CR0, MSR_IA32_VMX_CR0_FIXED0, MSR_IA32_VMX_CR0_FIXED1)
FIXED_RULES(cr4, HOST_CR4, MSR_IA32_VMX_CR4_FIXED0, MSR_IA32_VMX_CR4_FIXED1)

BROKEN(cet_wp, (F(c, HOST_CR4) & CR4_CET_BIT) && !(F(c, HOST_CR0) & X86_CR0_WP))
MAKE(cet_wp_m, if (!(cap(e, MSR_IA32_VMX_CR4_FIXED1) & CR4_CET_BIT)) return false;
     FV(v, HOST_CR4) |= CR4_CET_BIT; FV(v, HOST_CR0) &= ~X86_CR0_WP; return true;)
BROKEN(cr3_width, er_beyond(c, F(c, HOST_CR3)))
MAKE(cr3_width_m, if (!er_bad_addr(e)) return false; FV(v, HOST_CR3) = er_bad_addr(e); return true;)

#define CANON(pfx, FIELD, cond, enable) \
	BROKEN(pfx, (cond) && !er_canonical(c->e, c->v->v[ERF_##FIELD])) \
	MAKE(pfx##_m, if (!(enable)) return false; v->v[ERF_##FIELD] = noncanon(e); return true;)
CANON(sysesp, HOST_IA32_SYSENTER_ESP, 1, 1)
CANON(syseip, HOST_IA32_SYSENTER_EIP, 1, 1)
CANON(scet_canon, HOST_S_CET, c->exit & VM_EXIT_LOAD_CET_STATE,
      er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE))
CANON(ssptab, HOST_INTR_SSP_TABLE, c->exit & VM_EXIT_LOAD_CET_STATE,
      er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE))
CANON(ssp, HOST_SSP, c->exit & VM_EXIT_LOAD_CET_STATE,
      er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_CET_STATE))
CANON(fsb, HOST_FS_BASE, 1, 1)
CANON(gsb, HOST_GS_BASE, 1, 1)
CANON(trb, HOST_TR_BASE, 1, 1)
CANON(gdtb, HOST_GDTR_BASE, 1, 1)
CANON(idtb, HOST_IDTR_BASE, 1, 1)

#define MSR_RSVD(pfx, FIELD, ctl, bad, mask) \
	BROKEN(pfx, (c->exit & (ctl)) && (c->v->v[ERF_##FIELD] & (mask))) \
	MAKE(pfx##_m, if (!er_on(v, e, VMX_WORD_EXIT, ctl)) return false; \
	     v->v[ERF_##FIELD] |= (bad); return true;)
MSR_RSVD(scet_rsvd, HOST_S_CET, VM_EXIT_LOAD_CET_STATE, BIT(6), GENMASK(9, 6))
MSR_RSVD(perf, HOST_IA32_PERF_GLOBAL_CTRL, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL, BIT(63),
	 ~c->e->perf_global_valid)
MSR_RSVD(efer_rsvd, HOST_IA32_EFER, VM_EXIT_LOAD_IA32_EFER, BIT(1),
	 ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
MSR_RSVD(pkrs, HOST_IA32_PKRS, VM_EXIT_LOAD_PKRS, BIT(32), GENMASK(63, 32))
BROKEN(pat, (c->exit & VM_EXIT_LOAD_IA32_PAT) && er_pat_bad(F(c, HOST_IA32_PAT)))
MAKE(pat_m, if (!er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_PAT)) return false;
     FV(v, HOST_IA32_PAT) = 0x0007040600070402ULL; return true;)
BROKEN(efer_lma, (c->exit & VM_EXIT_LOAD_IA32_EFER) &&
       !(F(c, HOST_IA32_EFER) & EFER_LMA) != !c->host64)
MAKE(efer_lma_m, if (!er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_EFER)) return false;
     FV(v, HOST_IA32_EFER) ^= EFER_LMA; return true;)
BROKEN(efer_lme, (c->exit & VM_EXIT_LOAD_IA32_EFER) &&
       !(F(c, HOST_IA32_EFER) & EFER_LME) != !c->host64)
MAKE(efer_lme_m, if (!er_on(v, e, VMX_WORD_EXIT, VM_EXIT_LOAD_IA32_EFER)) return false;
     FV(v, HOST_IA32_EFER) ^= EFER_LME; return true;)

/* ---- segment selectors --------------------------------------------------------- */
#define SEL(pfx, FIELD) \
	BROKEN(pfx, c->v->v[ERF_##FIELD] & 7) \
	MAKE(pfx##_m, v->v[ERF_##FIELD] |= 3; return true;)
SEL(es_sel, HOST_ES_SELECTOR)
SEL(cs_sel, HOST_CS_SELECTOR)
SEL(ss_sel, HOST_SS_SELECTOR)
SEL(ds_sel, HOST_DS_SELECTOR)
SEL(fs_sel, HOST_FS_SELECTOR)
SEL(gs_sel, HOST_GS_SELECTOR)
SEL(tr_sel, HOST_TR_SELECTOR)
BROKEN(cs_null, !F(c, HOST_CS_SELECTOR))
MAKE(cs_null_m, FV(v, HOST_CS_SELECTOR) = 0; return true;)
BROKEN(tr_null, !F(c, HOST_TR_SELECTOR))
MAKE(tr_null_m, FV(v, HOST_TR_SELECTOR) = 0; return true;)
BROKEN(ss_null, !c->host64 && !F(c, HOST_SS_SELECTOR))
MAKE(ss_null_m, e->host_ia32e = false; FV(v, VM_EXIT_CONTROLS) &= ~VM_EXIT_HOST_ADDR_SPACE_SIZE;
     FV(v, HOST_SS_SELECTOR) = 0; return true;)

/* ---- address-space size ------------------------------------------------------------ */
static bool legacy_host(struct er_vmcs *v, struct er_env *e)
{
	e->host_ia32e = false;
	FV(v, VM_EXIT_CONTROLS) &= ~VM_EXIT_HOST_ADDR_SPACE_SIZE;
	return true;
}
BROKEN(asz_ia32e, c->e->host_ia32e && !c->host64)
MAKE(asz_ia32e_m, FV(v, VM_EXIT_CONTROLS) &= ~VM_EXIT_HOST_ADDR_SPACE_SIZE; return true;)
BROKEN(asz_leg_guest, !c->e->host_ia32e && c->ia32e)
MAKE(asz_leg_guest_m, legacy_host(v, e); return er_ia32e_guest(v, e);)
BROKEN(asz_leg_host, !c->e->host_ia32e && c->host64)
MAKE(asz_leg_host_m, e->host_ia32e = false; return true;)
BROKEN(asz_h0_guest, !c->host64 && c->ia32e)
MAKE(asz_h0_guest_m, legacy_host(v, e); return er_ia32e_guest(v, e);)
BROKEN(asz_h0_pcide, !c->host64 && (F(c, HOST_CR4) & X86_CR4_PCIDE))
MAKE(asz_h0_pcide_m, if (!(cap(e, MSR_IA32_VMX_CR4_FIXED1) & X86_CR4_PCIDE)) return false;
     legacy_host(v, e); FV(v, HOST_CR4) |= X86_CR4_PCIDE; return true;)
BROKEN(asz_h0_rip, !c->host64 && (F(c, HOST_RIP) >> 32))
MAKE(asz_h0_rip_m, legacy_host(v, e); FV(v, HOST_RIP) = 1ULL << 32; return true;)
BROKEN(asz_h1_pae, c->host64 && !(F(c, HOST_CR4) & X86_CR4_PAE))
MAKE(asz_h1_pae_m, if (cap(e, MSR_IA32_VMX_CR4_FIXED0) & X86_CR4_PAE) return false;
     FV(v, HOST_CR4) &= ~X86_CR4_PAE; return true;)
BROKEN(asz_h1_rip, c->host64 && !er_canonical(c->e, F(c, HOST_RIP)))
MAKE(asz_h1_rip_m, FV(v, HOST_RIP) = noncanon(e); return true;)

#define R(id, sec, text, fn, also) ER_ROW(id, sec, HOST, text, fn, fn##_m, also)
const struct er_rule er_rules_host[] = {
	R("host.cr0.fixed0", HOST_CR, "host CR0 has every bit IA32_VMX_CR0_FIXED0 requires", cr0_f0, NULL),
	R("host.cr0.fixed1", HOST_CR, "host CR0 has no bit IA32_VMX_CR0_FIXED1 forbids", cr0_f1, NULL),
	R("host.cr4.fixed0", HOST_CR, "host CR4 has every bit IA32_VMX_CR4_FIXED0 requires", cr4_f0, NULL),
	R("host.cr4.fixed1", HOST_CR, "host CR4 has no bit IA32_VMX_CR4_FIXED1 forbids", cr4_f1, NULL),
	R("host.cr4.cet_wp", HOST_CR, "host CR4.CET is 1 only with host CR0.WP 1", cet_wp, NULL),
	R("host.cr3.width", HOST_CR, "host CR3 sets no bit beyond the physical-address width", cr3_width, NULL),
	R("host.sysenter_esp.canonical", HOST_CR, "host IA32_SYSENTER_ESP is canonical", sysesp, NULL),
	R("host.sysenter_eip.canonical", HOST_CR, "host IA32_SYSENTER_EIP is canonical", syseip, NULL),
	R("host.s_cet.reserved", HOST_CR, "with load CET state, host IA32_S_CET bits 9:6 are 0", scet_rsvd, NULL),
	R("host.s_cet.canonical", HOST_CR, "with load CET state, host IA32_S_CET is canonical", scet_canon, NULL),
	R("host.ssp.canonical", HOST_CR, "with load CET state, host SSP is canonical", ssp, NULL),
	R("host.ssp_table.canonical", HOST_CR, "with load CET state, host IA32_INTERRUPT_SSP_TABLE_ADDR is canonical", ssptab, NULL),
	R("host.perf_global.reserved", HOST_CR, "with load IA32_PERF_GLOBAL_CTRL, its reserved bits are 0", perf, NULL),
	R("host.pat", HOST_CR, "with load IA32_PAT, every PAT entry is 0, 1, 4, 5, 6 or 7", pat, NULL),
	R("host.efer.reserved", HOST_CR, "with load IA32_EFER, its reserved bits are 0", efer_rsvd, NULL),
	R("host.efer.lma", HOST_CR, "with load IA32_EFER, EFER.LMA equals host address-space size", efer_lma, NULL),
	R("host.efer.lme", HOST_CR, "with load IA32_EFER, EFER.LME equals host address-space size", efer_lme, NULL),
	R("host.pkrs.reserved", HOST_CR, "with load PKRS, host IA32_PKRS bits 63:32 are 0", pkrs, NULL),
	R("host.es.selector", HOST_SEG, "host ES selector RPL and TI are 0", es_sel, NULL),
	R("host.cs.selector", HOST_SEG, "host CS selector RPL and TI are 0", cs_sel, NULL),
	R("host.ss.selector", HOST_SEG, "host SS selector RPL and TI are 0", ss_sel, NULL),
	R("host.ds.selector", HOST_SEG, "host DS selector RPL and TI are 0", ds_sel, NULL),
	R("host.fs.selector", HOST_SEG, "host FS selector RPL and TI are 0", fs_sel, NULL),
	R("host.gs.selector", HOST_SEG, "host GS selector RPL and TI are 0", gs_sel, NULL),
	R("host.tr.selector", HOST_SEG, "host TR selector RPL and TI are 0", tr_sel, NULL),
	R("host.cs.null", HOST_SEG, "host CS selector is not 0", cs_null, NULL),
	R("host.tr.null", HOST_SEG, "host TR selector is not 0", tr_null, NULL),
	R("host.ss.null", HOST_SEG, "host SS selector is not 0 when host address-space size is 0", ss_null, NULL),
	R("host.fs.base", HOST_SEG, "host FS base is canonical", fsb, NULL),
	R("host.gs.base", HOST_SEG, "host GS base is canonical", gsb, NULL),
	R("host.tr.base", HOST_SEG, "host TR base is canonical", trb, NULL),
	R("host.gdtr.base", HOST_SEG, "host GDTR base is canonical", gdtb, NULL),
	R("host.idtr.base", HOST_SEG, "host IDTR base is canonical", idtb, NULL),
	R("host.asz.ia32e", HOST_ASZ, "from IA-32e mode, host address-space size is 1", asz_ia32e, NULL),
	R("host.asz.legacy_guest", HOST_ASZ, "outside IA-32e mode, IA-32e mode guest is 0", asz_leg_guest, "host.asz.h0_guest"),
	R("host.asz.legacy_host", HOST_ASZ, "outside IA-32e mode, host address-space size is 0", asz_leg_host, NULL),
	R("host.asz.h0_guest", HOST_ASZ, "with host address-space size 0, IA-32e mode guest is 0", asz_h0_guest, "host.asz.legacy_guest"),
	R("host.asz.h0_pcide", HOST_ASZ, "with host address-space size 0, host CR4.PCIDE is 0", asz_h0_pcide, NULL),
	R("host.asz.h0_rip", HOST_ASZ, "with host address-space size 0, host RIP bits 63:32 are 0", asz_h0_rip, NULL),
	R("host.asz.h1_pae", HOST_ASZ, "with host address-space size 1, host CR4.PAE is 1", asz_h1_pae, NULL),
	R("host.asz.h1_rip", HOST_ASZ, "with host address-space size 1, host RIP is canonical", asz_h1_rip, NULL),
};
const unsigned er_rules_host_nr = ARRAY_SIZE(er_rules_host);
