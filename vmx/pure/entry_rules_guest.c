/* SPDX-License-Identifier: MIT */
/*
 * VM-entry rules on guest registers (SDM Vol. 3C "Checks on Guest Control
 * Registers, Debug Registers, and MSRs", "Checks on Guest Descriptor-Table
 * Registers", "Checks on Guest RIP, RFLAGS, and SSP"). A broken one ends
 * VM entry in a VM exit with reason 33 (invalid guest state).
 */
#include "vmx/pure/entry_rules_int.h"

static bool code64(const struct er_ctx *c)
{
	return c->ia32e && (F(c, GUEST_CS_AR_BYTES) & AR_L);
}

/* ---- control registers --------------------------------------------------------- */
static uint64_t cr0_fixed0(const struct er_ctx *c)
{
	return cap(c->e, MSR_IA32_VMX_CR0_FIXED0) & ~(c->ug ? X86_CR0_PE | X86_CR0_PG : 0);
}
BROKEN(cr0_f0, ~c->cr0 & cr0_fixed0(c))
MAKE(cr0_f0_m, uint64_t m = cap(e, MSR_IA32_VMX_CR0_FIXED0) & ~(X86_CR0_PE | X86_CR0_PG);
     if (!m) return false; FV(v, GUEST_CR0) &= ~top_bit(m); return true;)
BROKEN(cr0_f1, c->cr0 & ~(cap(c->e, MSR_IA32_VMX_CR0_FIXED1) | cap(c->e, MSR_IA32_VMX_CR0_FIXED0)))
MAKE(cr0_f1_m, FV(v, GUEST_CR0) |= BIT(32); return true;)
BROKEN(cr0_pg_pe, (c->cr0 & X86_CR0_PG) && !(c->cr0 & X86_CR0_PE))
MAKE(cr0_pg_pe_m, if (!er_ug(v, e)) return false; FV(v, GUEST_CR0) &= ~X86_CR0_PE; return true;)
BROKEN(cr4_f0, ~c->cr4 & cap(c->e, MSR_IA32_VMX_CR4_FIXED0))
MAKE(cr4_f0_m, uint64_t m = cap(e, MSR_IA32_VMX_CR4_FIXED0); if (!m) return false;
     FV(v, GUEST_CR4) &= ~top_bit(m); return true;)
BROKEN(cr4_f1, c->cr4 & ~(cap(c->e, MSR_IA32_VMX_CR4_FIXED1) | cap(c->e, MSR_IA32_VMX_CR4_FIXED0)))
MAKE(cr4_f1_m, uint64_t m = ~(cap(e, MSR_IA32_VMX_CR4_FIXED1) | cap(e, MSR_IA32_VMX_CR4_FIXED0));
     FV(v, GUEST_CR4) |= top_bit(m & 0xffffffffULL) ? top_bit(m & 0xffffffffULL) : BIT(32);
     return true;)
BROKEN(cet_wp, (c->cr4 & CR4_CET_BIT) && !(c->cr0 & X86_CR0_WP))
MAKE(cet_wp_m, if (!(cap(e, MSR_IA32_VMX_CR4_FIXED1) & CR4_CET_BIT)) return false;
     FV(v, GUEST_CR4) |= CR4_CET_BIT; FV(v, GUEST_CR0) &= ~X86_CR0_WP; return true;)
BROKEN(cr3_width, er_beyond(c, F(c, GUEST_CR3)))
MAKE(cr3_width_m, if (!er_bad_addr(e)) return false; FV(v, GUEST_CR3) = er_bad_addr(e); return true;)
BROKEN(ia32e_pg, c->ia32e && !(c->cr0 & X86_CR0_PG))
MAKE(ia32e_pg_m, if (!er_ug(v, e) || !er_ia32e_guest(v, e)) return false;
     FV(v, GUEST_CR0) &= ~X86_CR0_PG; return true;)
BROKEN(ia32e_pae, c->ia32e && !(c->cr4 & X86_CR4_PAE))
MAKE(ia32e_pae_m, if ((cap(e, MSR_IA32_VMX_CR4_FIXED0) & X86_CR4_PAE) || !er_ia32e_guest(v, e))
     return false; FV(v, GUEST_CR4) &= ~X86_CR4_PAE; return true;)
BROKEN(pcide, !c->ia32e && (c->cr4 & X86_CR4_PCIDE))
MAKE(pcide_m, if (!(cap(e, MSR_IA32_VMX_CR4_FIXED1) & X86_CR4_PCIDE)) return false;
     FV(v, GUEST_CR4) |= X86_CR4_PCIDE; return true;)

/* ---- debug registers and MSRs (each only when its VM-entry control loads it) ---- */
#define ENTRY_MSR(pfx, ctl, bad_expr, mk) \
	BROKEN(pfx, (c->entry & (ctl)) && (bad_expr)) \
	MAKE(pfx##_m, if (!er_on(v, e, VMX_WORD_ENTRY, ctl)) return false; mk return true;)
ENTRY_MSR(debugctl, VM_ENTRY_LOAD_DEBUG_CONTROLS, F(c, GUEST_IA32_DEBUGCTL) & ~c->e->debugctl_valid,
	  FV(v, GUEST_IA32_DEBUGCTL) = BIT(2);)
ENTRY_MSR(dr7, VM_ENTRY_LOAD_DEBUG_CONTROLS, F(c, GUEST_DR7) >> 32,
	  FV(v, GUEST_DR7) |= BIT(32);)
ENTRY_MSR(scet_rsvd, VM_ENTRY_LOAD_CET_STATE, F(c, GUEST_S_CET) & GENMASK(9, 6),
	  FV(v, GUEST_S_CET) = BIT(6);)
ENTRY_MSR(scet_canon, VM_ENTRY_LOAD_CET_STATE, !er_canonical(c->e, F(c, GUEST_S_CET)),
	  FV(v, GUEST_S_CET) = noncanon(e);)
ENTRY_MSR(ssptab, VM_ENTRY_LOAD_CET_STATE, !er_canonical(c->e, F(c, GUEST_INTR_SSP_TABLE)),
	  FV(v, GUEST_INTR_SSP_TABLE) = noncanon(e);)
ENTRY_MSR(perf, VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL,
	  F(c, GUEST_IA32_PERF_GLOBAL_CTRL) & ~c->e->perf_global_valid,
	  FV(v, GUEST_IA32_PERF_GLOBAL_CTRL) = BIT(63);)
ENTRY_MSR(pat, VM_ENTRY_LOAD_IA32_PAT, er_pat_bad(F(c, GUEST_IA32_PAT)),
	  FV(v, GUEST_IA32_PAT) = 0x0007040600070403ULL;)
ENTRY_MSR(efer_rsvd, VM_ENTRY_LOAD_IA32_EFER,
	  F(c, GUEST_IA32_EFER) & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE),
	  FV(v, GUEST_IA32_EFER) |= BIT(1);)
ENTRY_MSR(efer_lma, VM_ENTRY_LOAD_IA32_EFER, !(F(c, GUEST_IA32_EFER) & EFER_LMA) != !c->ia32e,
	  FV(v, GUEST_IA32_EFER) = EFER_LMA | EFER_LME; FV(v, GUEST_CR0) &= ~X86_CR0_PG;
	  if (!er_ug(v, e)) return false;)
ENTRY_MSR(efer_lme, VM_ENTRY_LOAD_IA32_EFER, (c->cr0 & X86_CR0_PG) &&
	  !(F(c, GUEST_IA32_EFER) & EFER_LME) != !(F(c, GUEST_IA32_EFER) & EFER_LMA),
	  FV(v, GUEST_IA32_EFER) = EFER_LME;)
ENTRY_MSR(bnd_rsvd, VM_ENTRY_LOAD_BNDCFGS, F(c, GUEST_BNDCFGS) & GENMASK(11, 2),
	  FV(v, GUEST_BNDCFGS) = BIT(2);)
ENTRY_MSR(bnd_canon, VM_ENTRY_LOAD_BNDCFGS, !er_canonical(c->e, F(c, GUEST_BNDCFGS) & ~0xfffULL),
	  FV(v, GUEST_BNDCFGS) = noncanon(e);)
ENTRY_MSR(lbr, VM_ENTRY_LOAD_IA32_LBR_CTL,
	  F(c, GUEST_IA32_LBR_CTL) & (GENMASK(63, 23) | GENMASK(15, 4)),
	  FV(v, GUEST_IA32_LBR_CTL) = BIT(4);)
ENTRY_MSR(pkrs, VM_ENTRY_LOAD_PKRS, F(c, GUEST_IA32_PKRS) >> 32, FV(v, GUEST_IA32_PKRS) = BIT(32);)
ENTRY_MSR(uinv, VM_ENTRY_LOAD_UINV, F(c, GUEST_UINV) & 0xff00, FV(v, GUEST_UINV) = 0x100;)

#define CANON(pfx, FIELD) \
	BROKEN(pfx, !er_canonical(c->e, c->v->v[ERF_##FIELD])) \
	MAKE(pfx##_m, v->v[ERF_##FIELD] = noncanon(e); return true;)
CANON(sysesp, GUEST_SYSENTER_ESP)
CANON(syseip, GUEST_SYSENTER_EIP)
CANON(gdtb, GUEST_GDTR_BASE)
CANON(idtb, GUEST_IDTR_BASE)
BROKEN(gdtl, F(c, GUEST_GDTR_LIMIT) & GENMASK(31, 16))
MAKE(gdtl_m, FV(v, GUEST_GDTR_LIMIT) = 0x10000; return true;)
BROKEN(idtl, F(c, GUEST_IDTR_LIMIT) & GENMASK(31, 16))
MAKE(idtl_m, FV(v, GUEST_IDTR_LIMIT) = 0x10000; return true;)

/* ---- RIP, RFLAGS, SSP --------------------------------------------------------------- */
BROKEN(rip_high, !code64(c) && (F(c, GUEST_RIP) >> 32))
MAKE(rip_high_m, FV(v, GUEST_RIP) = 1ULL << 32; return true;)
BROKEN(rip_canon, code64(c) && !er_canonical(c->e, F(c, GUEST_RIP)))
MAKE(rip_canon_m, if (!er_ia32e_guest(v, e)) return false; FV(v, GUEST_RIP) = noncanon(e);
     return true;)
BROKEN(rfl_rsvd, c->rflags & (GENMASK(63, 22) | BIT(15) | BIT(5) | BIT(3)))
MAKE(rfl_rsvd_m, FV(v, GUEST_RFLAGS) |= BIT(15); return true;)
BROKEN(rfl_bit1, !(c->rflags & BIT(1)))
MAKE(rfl_bit1_m, FV(v, GUEST_RFLAGS) &= ~BIT(1); return true;)
BROKEN(rfl_vm, (c->ia32e || !(c->cr0 & X86_CR0_PE)) && c->v86)
MAKE(rfl_vm_m, if (!er_ug(v, e)) return false;
     FV(v, GUEST_CR0) &= ~(X86_CR0_PE | X86_CR0_PG); er_v86_segments(v); return true;)
BROKEN(rfl_if, c->inj && c->inj_type == ER_INJ_EXT && !(c->rflags & BIT(9)))
MAKE(rfl_if_m, er_inject(v, ER_INJ_EXT, 0x20, false); return true;)
ENTRY_MSR(ssp_high, VM_ENTRY_LOAD_CET_STATE, !code64(c) && (F(c, GUEST_SSP) >> 32),
	  FV(v, GUEST_SSP) = 1ULL << 32;)
ENTRY_MSR(ssp_canon, VM_ENTRY_LOAD_CET_STATE, code64(c) && !er_canonical(c->e, F(c, GUEST_SSP)),
	  if (!er_ia32e_guest(v, e)) return false; FV(v, GUEST_SSP) = noncanon(e);)

#define R(id, sec, text, fn, also) ER_ROW(id, sec, GUEST, text, fn, fn##_m, also)
const struct er_rule er_rules_guest[] = {
	R("guest.cr0.fixed0", GUEST_CR, "guest CR0 has every bit IA32_VMX_CR0_FIXED0 requires (PE, PG excepted with unrestricted guest)", cr0_f0, NULL),
	R("guest.cr0.fixed1", GUEST_CR, "guest CR0 has no bit IA32_VMX_CR0_FIXED1 forbids", cr0_f1, NULL),
	R("guest.cr0.pg_pe", GUEST_CR, "guest CR0.PG is 1 only with CR0.PE 1", cr0_pg_pe, NULL),
	R("guest.cr4.fixed0", GUEST_CR, "guest CR4 has every bit IA32_VMX_CR4_FIXED0 requires", cr4_f0, NULL),
	R("guest.cr4.fixed1", GUEST_CR, "guest CR4 has no bit IA32_VMX_CR4_FIXED1 forbids", cr4_f1, NULL),
	R("guest.cr4.cet_wp", GUEST_CR, "guest CR4.CET is 1 only with guest CR0.WP 1", cet_wp, NULL),
	R("guest.cr3.width", GUEST_CR, "guest CR3 sets no bit beyond the physical-address width", cr3_width, NULL),
	R("guest.ia32e.pg", GUEST_CR, "with IA-32e mode guest, guest CR0.PG is 1", ia32e_pg, NULL),
	R("guest.ia32e.pae", GUEST_CR, "with IA-32e mode guest, guest CR4.PAE is 1", ia32e_pae, NULL),
	R("guest.cr4.pcide", GUEST_CR, "without IA-32e mode guest, guest CR4.PCIDE is 0", pcide, NULL),
	R("guest.debugctl.reserved", GUEST_CR, "with load debug controls, guest IA32_DEBUGCTL reserved bits are 0", debugctl, NULL),
	R("guest.dr7.high", GUEST_CR, "with load debug controls, guest DR7 bits 63:32 are 0", dr7, NULL),
	R("guest.sysenter_esp.canonical", GUEST_CR, "guest IA32_SYSENTER_ESP is canonical", sysesp, NULL),
	R("guest.sysenter_eip.canonical", GUEST_CR, "guest IA32_SYSENTER_EIP is canonical", syseip, NULL),
	R("guest.s_cet.reserved", GUEST_CR, "with load CET state, guest IA32_S_CET bits 9:6 are 0", scet_rsvd, NULL),
	R("guest.s_cet.canonical", GUEST_CR, "with load CET state, guest IA32_S_CET is canonical", scet_canon, NULL),
	R("guest.ssp_table.canonical", GUEST_CR, "with load CET state, guest IA32_INTERRUPT_SSP_TABLE_ADDR is canonical", ssptab, NULL),
	R("guest.perf_global.reserved", GUEST_CR, "with load IA32_PERF_GLOBAL_CTRL, its reserved bits are 0", perf, NULL),
	R("guest.pat", GUEST_CR, "with load IA32_PAT, every PAT entry is 0, 1, 4, 5, 6 or 7", pat, NULL),
	R("guest.efer.reserved", GUEST_CR, "with load IA32_EFER, its reserved bits are 0", efer_rsvd, NULL),
	R("guest.efer.lma", GUEST_CR, "with load IA32_EFER, EFER.LMA equals IA-32e mode guest", efer_lma, NULL),
	R("guest.efer.lme", GUEST_CR, "with load IA32_EFER and guest CR0.PG 1, EFER.LME equals EFER.LMA", efer_lme, NULL),
	R("guest.bndcfgs.reserved", GUEST_CR, "with load IA32_BNDCFGS, its bits 11:2 are 0", bnd_rsvd, NULL),
	R("guest.bndcfgs.canonical", GUEST_CR, "with load IA32_BNDCFGS, its base (bits 63:12) is canonical", bnd_canon, NULL),
	R("guest.lbr_ctl.reserved", GUEST_CR, "with load guest IA32_LBR_CTL, its reserved bits (15:4, 63:23) are 0", lbr, NULL),
	R("guest.pkrs.reserved", GUEST_CR, "with load PKRS, guest IA32_PKRS bits 63:32 are 0", pkrs, NULL),
	R("guest.uinv.reserved", GUEST_CR, "with load UINV, guest UINV bits 15:8 are 0", uinv, NULL),
	R("guest.gdtr.base", GUEST_DT, "guest GDTR base is canonical", gdtb, NULL),
	R("guest.idtr.base", GUEST_DT, "guest IDTR base is canonical", idtb, NULL),
	R("guest.gdtr.limit", GUEST_DT, "guest GDTR limit bits 31:16 are 0", gdtl, NULL),
	R("guest.idtr.limit", GUEST_DT, "guest IDTR limit bits 31:16 are 0", idtl, NULL),
	R("guest.rip.high", GUEST_RIPFL, "outside 64-bit code (IA-32e mode guest and CS.L), guest RIP bits 63:32 are 0", rip_high, NULL),
	R("guest.rip.canonical", GUEST_RIPFL, "in 64-bit code, guest RIP is canonical", rip_canon, NULL),
	R("guest.rflags.reserved", GUEST_RIPFL, "guest RFLAGS bits 63:22, 15, 5 and 3 are 0", rfl_rsvd, NULL),
	R("guest.rflags.bit1", GUEST_RIPFL, "guest RFLAGS bit 1 is 1", rfl_bit1, NULL),
	R("guest.rflags.vm", GUEST_RIPFL, "guest RFLAGS.VM is 0 with IA-32e mode guest or guest CR0.PE 0", rfl_vm, NULL),
	R("guest.rflags.if", GUEST_RIPFL, "guest RFLAGS.IF is 1 when an external interrupt is injected", rfl_if, NULL),
	R("guest.ssp.high", GUEST_RIPFL, "with load CET state outside 64-bit code, guest SSP bits 63:32 are 0", ssp_high, NULL),
	R("guest.ssp.canonical", GUEST_RIPFL, "with load CET state in 64-bit code, guest SSP is canonical", ssp_canon, NULL),
};
const unsigned er_rules_guest_nr = ARRAY_SIZE(er_rules_guest);
