/* SPDX-License-Identifier: MIT */
/*
 * VM-entry rules on the guest segment registers (SDM Vol. 3C "Checks on
 * Guest Segment Registers": selectors, bases, limits, access rights, with
 * the virtual-8086 and unrestricted-guest cases). A broken one ends VM entry
 * in a VM exit with reason 33. "Usable" means access-rights bit 16 is 0;
 * the checks on SS, DS, ES, FS, GS and LDTR apply to usable ones only.
 */
#include "vmx/pure/entry_rules_int.h"

/* G and the limit agree: bits 11:0 all 1 unless G is 0, bits 31:20 all 0 unless G is 1. */
static bool g_low(uint64_t lim, uint64_t ar)
{
	return (lim & 0xfff) != 0xfff && (ar & AR_G);
}
static bool g_high(uint64_t lim, uint64_t ar)
{
	return (lim & 0xfff00000) && !(ar & AR_G);
}

/* Rules every segment register of the six shares, outside virtual-8086 mode. */
#define SEG_COMMON(s, S, usable) \
	BROKEN(s##_v86_base, c->v86 && F(c, GUEST_##S##_BASE) != F(c, GUEST_##S##_SELECTOR) << 4) \
	BROKEN(s##_v86_limit, c->v86 && F(c, GUEST_##S##_LIMIT) != 0xffff) \
	BROKEN(s##_v86_ar, c->v86 && F(c, GUEST_##S##_AR_BYTES) != 0xf3) \
	BROKEN(s##_s, !c->v86 && (usable) && !(F(c, GUEST_##S##_AR_BYTES) & AR_S)) \
	BROKEN(s##_p, !c->v86 && (usable) && !(F(c, GUEST_##S##_AR_BYTES) & AR_P)) \
	BROKEN(s##_r118, !c->v86 && (usable) && (F(c, GUEST_##S##_AR_BYTES) & AR_RSVD_11_8)) \
	BROKEN(s##_r3117, !c->v86 && (usable) && (F(c, GUEST_##S##_AR_BYTES) & AR_RSVD_31_17)) \
	BROKEN(s##_glow, !c->v86 && (usable) && g_low(F(c, GUEST_##S##_LIMIT), F(c, GUEST_##S##_AR_BYTES))) \
	BROKEN(s##_ghigh, !c->v86 && (usable) && g_high(F(c, GUEST_##S##_LIMIT), F(c, GUEST_##S##_AR_BYTES))) \
	MAKE(s##_v86_base_m, er_v86_segments(v); FV(v, GUEST_##S##_BASE) += 16; return true;) \
	MAKE(s##_v86_limit_m, er_v86_segments(v); FV(v, GUEST_##S##_LIMIT) = 0xfffe; return true;) \
	MAKE(s##_v86_ar_m, er_v86_segments(v); FV(v, GUEST_##S##_AR_BYTES) = 0xf1; return true;) \
	MAKE(s##_s_m, FV(v, GUEST_##S##_AR_BYTES) &= ~AR_S; return true;) \
	MAKE(s##_p_m, FV(v, GUEST_##S##_AR_BYTES) &= ~AR_P; return true;) \
	MAKE(s##_r118_m, FV(v, GUEST_##S##_AR_BYTES) |= BIT(8); return true;) \
	MAKE(s##_r3117_m, FV(v, GUEST_##S##_AR_BYTES) |= BIT(17); return true;) \
	MAKE(s##_glow_m, FV(v, GUEST_##S##_LIMIT) = 0xfffff000; return true;) \
	MAKE(s##_ghigh_m, FV(v, GUEST_##S##_AR_BYTES) &= ~AR_G; return true;)

/* DS, ES, FS, GS: accessed, readable if code, DPL at least RPL. */
#define SEG_DATA(s, S) \
	BROKEN(s##_acc, !c->v86 && USABLE(S) && !(F(c, GUEST_##S##_AR_BYTES) & 1)) \
	BROKEN(s##_rd, !c->v86 && USABLE(S) && (F(c, GUEST_##S##_AR_BYTES) & 8) && \
	       !(F(c, GUEST_##S##_AR_BYTES) & 2)) \
	BROKEN(s##_dpl, !c->v86 && !c->ug && USABLE(S) && AR_TYPE(F(c, GUEST_##S##_AR_BYTES)) <= 11 && \
	       AR_DPL(F(c, GUEST_##S##_AR_BYTES)) < (F(c, GUEST_##S##_SELECTOR) & 3)) \
	MAKE(s##_acc_m, FV(v, GUEST_##S##_AR_BYTES) &= ~1ULL; return true;) \
	MAKE(s##_rd_m, FV(v, GUEST_##S##_AR_BYTES) = 0xc099; return true;) \
	MAKE(s##_dpl_m, FV(v, GUEST_##S##_SELECTOR) |= 3; return true;)

#define USABLE(S) (!(F(c, GUEST_##S##_AR_BYTES) & AR_UNUSABLE))
SEG_COMMON(cs, CS, 1)
SEG_COMMON(ss, SS, USABLE(SS))
SEG_COMMON(ds, DS, USABLE(DS))
SEG_COMMON(es, ES, USABLE(ES))
SEG_COMMON(fs, FS, USABLE(FS))
SEG_COMMON(gs, GS, USABLE(GS))
SEG_DATA(ds, DS)
SEG_DATA(es, ES)
SEG_DATA(fs, FS)
SEG_DATA(gs, GS)

/* ---- selectors and bases ---------------------------------------------------------- */
BROKEN(tr_ti, F(c, GUEST_TR_SELECTOR) & 4)
MAKE(tr_ti_m, FV(v, GUEST_TR_SELECTOR) |= 4; return true;)
static void ldtr_usable(struct er_vmcs *v)
{
	FV(v, GUEST_LDTR_SELECTOR) = 0x20;
	FV(v, GUEST_LDTR_LIMIT) = 0xff;
	FV(v, GUEST_LDTR_AR_BYTES) = 0x82;
}
BROKEN(ldtr_ti, USABLE(LDTR) && (F(c, GUEST_LDTR_SELECTOR) & 4))
MAKE(ldtr_ti_m, ldtr_usable(v); FV(v, GUEST_LDTR_SELECTOR) |= 4; return true;)
BROKEN(ss_rpl, !c->v86 && !c->ug && (F(c, GUEST_SS_SELECTOR) & 3) != (F(c, GUEST_CS_SELECTOR) & 3))
MAKE(ss_rpl_m, FV(v, GUEST_CS_SELECTOR) |= 3; return true;)
#define BASE_CANON(s, S, cond, mk) \
	BROKEN(s##_base, (cond) && !er_canonical(c->e, F(c, GUEST_##S##_BASE))) \
	MAKE(s##_base_m, mk FV(v, GUEST_##S##_BASE) = noncanon(e); return true;)
BASE_CANON(tr, TR, 1, )
BASE_CANON(fs, FS, 1, )
BASE_CANON(gs, GS, 1, )
BASE_CANON(ldtr, LDTR, USABLE(LDTR), ldtr_usable(v);)
#define BASE_HIGH(s, S, cond) \
	BROKEN(s##_bhigh, (cond) && (F(c, GUEST_##S##_BASE) >> 32)) \
	MAKE(s##_bhigh_m, FV(v, GUEST_##S##_BASE) = 1ULL << 32; return true;)
BASE_HIGH(cs, CS, 1)
BASE_HIGH(ss, SS, USABLE(SS))
BASE_HIGH(ds, DS, USABLE(DS))
BASE_HIGH(es, ES, USABLE(ES))

/* ---- CS and SS types and privilege levels ----------------------------------------- */
#define CS_AR	F(c, GUEST_CS_AR_BYTES)
#define SS_AR	F(c, GUEST_SS_AR_BYTES)
BROKEN(cs_type, !c->v86 && !(AR_TYPE(CS_AR) == 9 || AR_TYPE(CS_AR) == 11 || AR_TYPE(CS_AR) == 13 ||
			     AR_TYPE(CS_AR) == 15 || (c->ug && AR_TYPE(CS_AR) == 3)))
MAKE(cs_type_m, FV(v, GUEST_CS_AR_BYTES) = 0xc09a; return true;)
BROKEN(ss_type, !c->v86 && USABLE(SS) && AR_TYPE(SS_AR) != 3 && AR_TYPE(SS_AR) != 7)
MAKE(ss_type_m, FV(v, GUEST_SS_AR_BYTES) = 0xc091; return true;)
BROKEN(cs_dpl_ug, !c->v86 && AR_TYPE(CS_AR) == 3 && AR_DPL(CS_AR) != 0)
MAKE(cs_dpl_ug_m, if (!er_ug(v, e)) return false; FV(v, GUEST_CS_AR_BYTES) = 0xc0f3; return true;)
BROKEN(cs_dpl_nc, !c->v86 && (AR_TYPE(CS_AR) == 9 || AR_TYPE(CS_AR) == 11) &&
       AR_DPL(CS_AR) != AR_DPL(SS_AR))
MAKE(cs_dpl_nc_m, FV(v, GUEST_CS_AR_BYTES) = 0xc0fb; return true;)
BROKEN(cs_dpl_c, !c->v86 && (AR_TYPE(CS_AR) == 13 || AR_TYPE(CS_AR) == 15) &&
       AR_DPL(CS_AR) > AR_DPL(SS_AR))
MAKE(cs_dpl_c_m, FV(v, GUEST_CS_AR_BYTES) = 0xc0ff; return true;)
BROKEN(ss_dpl_rpl, !c->v86 && !c->ug && AR_DPL(SS_AR) != (F(c, GUEST_SS_SELECTOR) & 3))
MAKE(ss_dpl_rpl_m, FV(v, GUEST_SS_SELECTOR) |= 3; FV(v, GUEST_CS_SELECTOR) |= 3; return true;)
BROKEN(ss_dpl_real, !c->v86 && (AR_TYPE(CS_AR) == 3 || !(c->cr0 & X86_CR0_PE)) && AR_DPL(SS_AR))
MAKE(ss_dpl_real_m, if (!er_ug(v, e)) return false; FV(v, GUEST_CS_AR_BYTES) = 0xc093;
     FV(v, GUEST_SS_AR_BYTES) = 0xc0f3; return true;)
BROKEN(cs_db, !c->v86 && c->ia32e && (CS_AR & AR_L) && (CS_AR & AR_DB))
MAKE(cs_db_m, if (!er_ia32e_guest(v, e)) return false; FV(v, GUEST_CS_AR_BYTES) |= AR_DB; return true;)

/* ---- TR and LDTR ------------------------------------------------------------------- */
#define TR_AR	F(c, GUEST_TR_AR_BYTES)
BROKEN(tr_type, c->ia32e ? AR_TYPE(TR_AR) != 11 : AR_TYPE(TR_AR) != 3 && AR_TYPE(TR_AR) != 11)
MAKE(tr_type_m, FV(v, GUEST_TR_AR_BYTES) = 0x89; return true;)
#define SYS_SEG(s, S, usable, prep) \
	BROKEN(s##_s, (usable) && (F(c, GUEST_##S##_AR_BYTES) & AR_S)) \
	BROKEN(s##_p, (usable) && !(F(c, GUEST_##S##_AR_BYTES) & AR_P)) \
	BROKEN(s##_r118, (usable) && (F(c, GUEST_##S##_AR_BYTES) & AR_RSVD_11_8)) \
	BROKEN(s##_r3117, (usable) && (F(c, GUEST_##S##_AR_BYTES) & AR_RSVD_31_17)) \
	BROKEN(s##_glow, (usable) && g_low(F(c, GUEST_##S##_LIMIT), F(c, GUEST_##S##_AR_BYTES))) \
	BROKEN(s##_ghigh, (usable) && g_high(F(c, GUEST_##S##_LIMIT), F(c, GUEST_##S##_AR_BYTES))) \
	MAKE(s##_s_m, prep FV(v, GUEST_##S##_AR_BYTES) |= AR_S; return true;) \
	MAKE(s##_p_m, prep FV(v, GUEST_##S##_AR_BYTES) &= ~AR_P; return true;) \
	MAKE(s##_r118_m, prep FV(v, GUEST_##S##_AR_BYTES) |= BIT(9); return true;) \
	MAKE(s##_r3117_m, prep FV(v, GUEST_##S##_AR_BYTES) |= BIT(20); return true;) \
	MAKE(s##_glow_m, prep FV(v, GUEST_##S##_AR_BYTES) |= AR_G; return true;) \
	MAKE(s##_ghigh_m, prep FV(v, GUEST_##S##_LIMIT) = 0x100000; return true;)
SYS_SEG(tr, TR, 1, )
SYS_SEG(ldtr, LDTR, USABLE(LDTR), ldtr_usable(v);)
BROKEN(tr_unusable, TR_AR & AR_UNUSABLE)
MAKE(tr_unusable_m, FV(v, GUEST_TR_AR_BYTES) |= AR_UNUSABLE; return true;)
BROKEN(ldtr_type, USABLE(LDTR) && AR_TYPE(F(c, GUEST_LDTR_AR_BYTES)) != 2)
MAKE(ldtr_type_m, ldtr_usable(v); FV(v, GUEST_LDTR_AR_BYTES) = 0x83; return true;)

#define R(id, text, fn, also) ER_ROW(id, GUEST_SEG, GUEST, text, fn, fn##_m, also)
#define SEGROWS(s, N) \
	R("guest." #s ".v86_base", "in virtual-8086 mode, " N " base is its selector times 16", s##_v86_base, NULL), \
	R("guest." #s ".v86_limit", "in virtual-8086 mode, " N " limit is 0xffff", s##_v86_limit, NULL), \
	R("guest." #s ".v86_ar", "in virtual-8086 mode, " N " access rights are 0xf3", s##_v86_ar, NULL), \
	R("guest." #s ".s", N " (when usable) is a code or data segment (S = 1)", s##_s, NULL), \
	R("guest." #s ".present", N " (when usable) is present (P = 1)", s##_p, NULL), \
	R("guest." #s ".ar_11_8", N " access-rights bits 11:8 are 0", s##_r118, NULL), \
	R("guest." #s ".ar_31_17", N " access-rights bits 31:17 are 0", s##_r3117, NULL), \
	R("guest." #s ".g_low", N " G is 0 unless limit bits 11:0 are all 1", s##_glow, NULL), \
	R("guest." #s ".g_high", N " G is 1 when a limit bit 31:20 is 1", s##_ghigh, NULL)
#define DATAROWS(s, N) \
	R("guest." #s ".accessed", N " (when usable) is accessed (type bit 0)", s##_acc, NULL), \
	R("guest." #s ".readable", N " (when usable), if code, is readable (type bit 1)", s##_rd, NULL), \
	R("guest." #s ".dpl", N " (usable, data or non-conforming code, no unrestricted guest): DPL >= RPL", s##_dpl, NULL)

const struct er_rule er_rules_seg[] = {
	R("guest.tr.ti", "TR selector TI flag is 0", tr_ti, NULL),
	R("guest.ldtr.ti", "LDTR selector (when usable) TI flag is 0", ldtr_ti, NULL),
	R("guest.ss.rpl", "outside virtual-8086 mode and without unrestricted guest, SS.RPL equals CS.RPL", ss_rpl, NULL),
	R("guest.tr.base", "TR base is canonical", tr_base, NULL),
	R("guest.fs.base", "FS base is canonical", fs_base, NULL),
	R("guest.gs.base", "GS base is canonical", gs_base, NULL),
	R("guest.ldtr.base", "LDTR base (when usable) is canonical", ldtr_base, NULL),
	R("guest.cs.base_high", "CS base bits 63:32 are 0", cs_bhigh, NULL),
	R("guest.ss.base_high", "SS base (when usable) bits 63:32 are 0", ss_bhigh, NULL),
	R("guest.ds.base_high", "DS base (when usable) bits 63:32 are 0", ds_bhigh, NULL),
	R("guest.es.base_high", "ES base (when usable) bits 63:32 are 0", es_bhigh, NULL),
	SEGROWS(cs, "CS"), SEGROWS(ss, "SS"), SEGROWS(ds, "DS"), SEGROWS(es, "ES"),
	SEGROWS(fs, "FS"), SEGROWS(gs, "GS"),
	DATAROWS(ds, "DS"), DATAROWS(es, "ES"), DATAROWS(fs, "FS"), DATAROWS(gs, "GS"),
	R("guest.cs.type", "CS type is 9, 11, 13 or 15 (or 3 with unrestricted guest)", cs_type, NULL),
	R("guest.ss.type", "SS type (when usable) is 3 or 7", ss_type, NULL),
	R("guest.cs.dpl_type3", "CS of type 3 (unrestricted guest) has DPL 0", cs_dpl_ug, NULL),
	R("guest.cs.dpl_nonconforming", "non-conforming CS (type 9, 11) DPL equals SS.DPL", cs_dpl_nc, NULL),
	R("guest.cs.dpl_conforming", "conforming CS (type 13, 15) DPL is at most SS.DPL", cs_dpl_c, NULL),
	R("guest.ss.dpl_rpl", "without unrestricted guest, SS.DPL equals SS.RPL", ss_dpl_rpl, NULL),
	R("guest.ss.dpl_real", "SS.DPL is 0 when CS type is 3 or guest CR0.PE is 0", ss_dpl_real, NULL),
	R("guest.cs.db_long", "with IA-32e mode guest and CS.L 1, CS.D is 0", cs_db, NULL),
	R("guest.tr.type", "TR type is 11 (busy 64-bit TSS) in IA-32e mode, else 3 or 11 (busy TSS)", tr_type, NULL),
	R("guest.tr.s", "TR is a system segment (S = 0)", tr_s, NULL),
	R("guest.tr.present", "TR is present (P = 1)", tr_p, NULL),
	R("guest.tr.ar_11_8", "TR access-rights bits 11:8 are 0", tr_r118, NULL),
	R("guest.tr.g_low", "TR G is 0 unless limit bits 11:0 are all 1", tr_glow, NULL),
	R("guest.tr.g_high", "TR G is 1 when a limit bit 31:20 is 1", tr_ghigh, NULL),
	R("guest.tr.unusable", "TR is usable (access-rights bit 16 is 0)", tr_unusable, NULL),
	R("guest.tr.ar_31_17", "TR access-rights bits 31:17 are 0", tr_r3117, NULL),
	R("guest.ldtr.type", "LDTR (when usable) type is 2 (LDT)", ldtr_type, NULL),
	R("guest.ldtr.s", "LDTR (when usable) is a system segment (S = 0)", ldtr_s, NULL),
	R("guest.ldtr.present", "LDTR (when usable) is present (P = 1)", ldtr_p, NULL),
	R("guest.ldtr.ar_11_8", "LDTR (when usable) access-rights bits 11:8 are 0", ldtr_r118, NULL),
	R("guest.ldtr.g_low", "LDTR (when usable) G is 0 unless limit bits 11:0 are all 1", ldtr_glow, NULL),
	R("guest.ldtr.g_high", "LDTR (when usable) G is 1 when a limit bit 31:20 is 1", ldtr_ghigh, NULL),
	R("guest.ldtr.ar_31_17", "LDTR (when usable) access-rights bits 31:17 are 0", ldtr_r3117, NULL),
};
const unsigned er_rules_seg_nr = ARRAY_SIZE(er_rules_seg);
