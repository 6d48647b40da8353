/* SPDX-License-Identifier: MIT */
/*
 * VM-entry rules on the VMX controls (SDM Vol. 3C "Checks on VMX Controls":
 * "VM-Execution Control Fields", "VM-Exit Control Fields", "VM-Entry Control
 * Fields"). A broken one fails VMLAUNCH/VMRESUME with VMfailValid 7.
 */
#include "vmx/pure/entry_rules_int.h"

/* ---- reserved bits of each control word -------------------------------------- */
#define WORD_RULES(pfx, W, FIELD, val) \
	BROKEN(pfx##_must1, ~(val) & er_allowed0(c->e, W)) \
	BROKEN(pfx##_must0, (val) & ~er_allowed1(c->e, W)) \
	MAKE(pfx##_must1_m, uint64_t m = er_allowed0(e, W); if (!m) return false; \
	     v->v[ERF_##FIELD] &= ~top_bit(m); return true;) \
	MAKE(pfx##_must0_m, uint64_t m = ~er_allowed1(e, W) & 0xffffffffULL; if (!m) return false; \
	     v->v[ERF_##FIELD] |= top_bit(m); return true;)

WORD_RULES(pin, VMX_WORD_PIN, PIN_BASED_VM_EXEC_CONTROL, c->pin)
WORD_RULES(proc, VMX_WORD_PROC, CPU_BASED_VM_EXEC_CONTROL, c->proc)
WORD_RULES(exit, VMX_WORD_EXIT, VM_EXIT_CONTROLS, c->exit)
WORD_RULES(entry, VMX_WORD_ENTRY, VM_ENTRY_CONTROLS, c->entry)

BROKEN(proc2_rsvd, (c->proc2 & ~er_allowed1(c->e, VMX_WORD_PROC2)) ||
       (~(uint64_t)c->proc2 & er_allowed0(c->e, VMX_WORD_PROC2)))
MAKE(proc2_rsvd_m, uint64_t m = ~er_allowed1(e, VMX_WORD_PROC2) & 0xffffffffULL;
     if (!m || !er_on(v, e, VMX_WORD_PROC, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)) return false;
     FV(v, SECONDARY_VM_EXEC_CONTROL) |= top_bit(m); return true;)
BROKEN(proc3_rsvd, c->proc3 & ~er_allowed1(c->e, VMX_WORD_PROC3))
MAKE(proc3_rsvd_m, uint64_t m = ~er_allowed1(e, VMX_WORD_PROC3);
     if (!m || !er_on(v, e, VMX_WORD_PROC, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)) return false;
     FV(v, TERTIARY_VM_EXEC_CONTROL) |= top_bit(m); return true;)
BROKEN(exit2_rsvd, c->exit2 & ~er_allowed1(c->e, VMX_WORD_EXIT2))
MAKE(exit2_rsvd_m, uint64_t m = ~er_allowed1(e, VMX_WORD_EXIT2);
     if (!m || !er_on(v, e, VMX_WORD_EXIT, VM_EXIT_ACTIVATE_SECONDARY_CONTROLS)) return false;
     FV(v, SECONDARY_VM_EXIT_CONTROLS) |= top_bit(m); return true;)

static unsigned cr3_targets(const struct er_env *e)
{
	return (unsigned)((vmx_caps_get(e->caps, MSR_IA32_VMX_MISC) &
			   VMX_MISC_CR3_TARGET_COUNT_MASK) >> VMX_MISC_CR3_TARGET_COUNT_SHIFT);
}
BROKEN(cr3_count, F(c, CR3_TARGET_COUNT) > cr3_targets(c->e))
MAKE(cr3_count_m, FV(v, CR3_TARGET_COUNT) = cr3_targets(e) + 1; return true;)

/* ---- addresses: alignment and the physical-address width --------------------- */
#define ADDR_RULES(pfx, FIELD, mask, cond, enable) \
	BROKEN(pfx##_align, (cond) && (c->v->v[ERF_##FIELD] & (mask))) \
	BROKEN(pfx##_width, (cond) && er_beyond(c, c->v->v[ERF_##FIELD])) \
	MAKE(pfx##_align_m, if (!(enable)) return false; \
	     v->v[ERF_##FIELD] = e->page[ER_PAGE_ALIGN] | ((mask) & -(uint64_t)(mask)); return true;) \
	MAKE(pfx##_width_m, if (!(enable) || !er_bad_addr(e)) return false; \
	     v->v[ERF_##FIELD] = er_bad_addr(e); return true;)

ADDR_RULES(iob_a, IO_BITMAP_A, 0xfff, c->proc & CPU_BASED_USE_IO_BITMAPS,
	   er_on(v, e, VMX_WORD_PROC, CPU_BASED_USE_IO_BITMAPS))
ADDR_RULES(iob_b, IO_BITMAP_B, 0xfff, c->proc & CPU_BASED_USE_IO_BITMAPS,
	   er_on(v, e, VMX_WORD_PROC, CPU_BASED_USE_IO_BITMAPS))
ADDR_RULES(msrb, MSR_BITMAP, 0xfff, c->proc & CPU_BASED_USE_MSR_BITMAPS,
	   er_on(v, e, VMX_WORD_PROC, CPU_BASED_USE_MSR_BITMAPS))
ADDR_RULES(vapic, VIRTUAL_APIC_PAGE_ADDR, 0xfff, c->proc & CPU_BASED_TPR_SHADOW, er_tpr(v, e))
ADDR_RULES(apicacc, APIC_ACCESS_ADDR, 0xfff,
	   c->proc2 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES,
	   er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES))
ADDR_RULES(pidesc, POSTED_INTR_DESC_ADDR, 0x3f, c->pin & PIN_BASED_POSTED_INTR, er_pi(v, e))
ADDR_RULES(pml, PML_ADDRESS, 0xfff, c->proc2 & SECONDARY_EXEC_ENABLE_PML,
	   er_ept(v, e) && er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_PML))
ADDR_RULES(ve, VE_INFORMATION_ADDRESS, 0xfff, c->proc2 & SECONDARY_EXEC_EPT_VIOLATION_VE,
	   er_ept(v, e) && er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_EPT_VIOLATION_VE))
ADDR_RULES(spp, SPP_TABLE_POINTER, 0xfff, c->proc2 & SECONDARY_EXEC_SUBPAGE_WRITE_PERM,
	   er_ept(v, e) && er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_SUBPAGE_WRITE_PERM))
ADDR_RULES(eptpl, EPTP_LIST_ADDRESS, 0xfff, (c->proc2 & SECONDARY_EXEC_ENABLE_VMFUNC) &&
	   (F(c, VM_FUNCTION_CONTROL) & VMX_VMFUNC_EPTP_SWITCHING),
	   er_ept(v, e) && er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC) &&
	   (vmx_caps_get(e->caps, MSR_IA32_VMX_VMFUNC) & VMX_VMFUNC_EPTP_SWITCHING) &&
	   (FV(v, VM_FUNCTION_CONTROL) = VMX_VMFUNC_EPTP_SWITCHING))
ADDR_RULES(vmrd, VMREAD_BITMAP, 0xfff, c->proc2 & SECONDARY_EXEC_SHADOW_VMCS,
	   er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_SHADOW_VMCS))
ADDR_RULES(vmwr, VMWRITE_BITMAP, 0xfff, c->proc2 & SECONDARY_EXEC_SHADOW_VMCS,
	   er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_SHADOW_VMCS))
ADDR_RULES(pasid_lo, LOW_PASID_DIRECTORY_ADDR, 0xfff, c->proc2 & SECONDARY_EXEC_PASID_TRANSLATION,
	   er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_PASID_TRANSLATION))
ADDR_RULES(pasid_hi, HIGH_PASID_DIRECTORY_ADDR, 0xfff,
	   c->proc2 & SECONDARY_EXEC_PASID_TRANSLATION,
	   er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_PASID_TRANSLATION))
ADDR_RULES(pidtab, PID_POINTER_TABLE, 0x7, c->proc3 & TERTIARY_EXEC_IPI_VIRT,
	   er_on(v, e, VMX_WORD_PROC3, TERTIARY_EXEC_IPI_VIRT))
ADDR_RULES(hlat, HLAT_POINTER, 0x7, c->proc3 & TERTIARY_EXEC_ENABLE_HLAT,
	   er_ept(v, e) && er_on(v, e, VMX_WORD_PROC3, TERTIARY_EXEC_ENABLE_HLAT))

/* ---- dependencies between controls ------------------------------------------- */
#define NEEDS(pfx, cond, need, enable) \
	BROKEN(pfx, (cond) && !(need)) \
	MAKE(pfx##_m, return enable;)

BROKEN(tpr_thresh, (c->proc & CPU_BASED_TPR_SHADOW) &&
       !(c->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) && (F(c, TPR_THRESHOLD) & ~0xfULL))
MAKE(tpr_thresh_m, FV(v, TPR_THRESHOLD) = 0x10; return er_tpr(v, e);)
NEEDS(x2apic_tpr, c->proc2 & SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE,
      c->proc & CPU_BASED_TPR_SHADOW,
      er_off(v, e, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW) &&
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE))
NEEDS(apicreg_tpr, c->proc2 & SECONDARY_EXEC_APIC_REGISTER_VIRT,
      c->proc & CPU_BASED_TPR_SHADOW,
      er_off(v, e, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW) &&
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_APIC_REGISTER_VIRT))
NEEDS(vid_tpr, c->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY, c->proc & CPU_BASED_TPR_SHADOW,
      er_off(v, e, VMX_WORD_PROC, CPU_BASED_TPR_SHADOW) &&
      er_on(v, e, VMX_WORD_PIN, PIN_BASED_EXT_INTR_MASK) &&
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
NEEDS(vnmi_nmi, c->pin & PIN_BASED_VIRTUAL_NMIS, c->pin & PIN_BASED_NMI_EXITING,
      er_off(v, e, VMX_WORD_PIN, PIN_BASED_NMI_EXITING) &&
      er_on(v, e, VMX_WORD_PIN, PIN_BASED_VIRTUAL_NMIS))
NEEDS(nmiwin_vnmi, c->proc & CPU_BASED_NMI_WINDOW_EXITING, c->pin & PIN_BASED_VIRTUAL_NMIS,
      er_off(v, e, VMX_WORD_PIN, PIN_BASED_VIRTUAL_NMIS) &&
      er_on(v, e, VMX_WORD_PROC, CPU_BASED_NMI_WINDOW_EXITING))
BROKEN(x2apic_apicacc, (c->proc2 & SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE) &&
       (c->proc2 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES))
MAKE(x2apic_apicacc_m, return er_tpr(v, e) &&
     er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE) &&
     er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES);)
NEEDS(vid_extint, c->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY,
      c->pin & PIN_BASED_EXT_INTR_MASK,
      er_vid(v, e) && er_off(v, e, VMX_WORD_PIN, PIN_BASED_EXT_INTR_MASK))
NEEDS(pi_vid, c->pin & PIN_BASED_POSTED_INTR, c->proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY,
      er_pi(v, e) && er_off(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
NEEDS(pi_ack, c->pin & PIN_BASED_POSTED_INTR, c->exit & VM_EXIT_ACK_INTR_ON_EXIT,
      er_pi(v, e) && er_off(v, e, VMX_WORD_EXIT, VM_EXIT_ACK_INTR_ON_EXIT))
BROKEN(pi_nv, (c->pin & PIN_BASED_POSTED_INTR) && (F(c, POSTED_INTR_NV) & 0xff00))
MAKE(pi_nv_m, if (!er_pi(v, e)) return false; FV(v, POSTED_INTR_NV) = 0x1f2; return true;)
BROKEN(vpid_zero, (c->proc2 & SECONDARY_EXEC_ENABLE_VPID) && !F(c, VIRTUAL_PROCESSOR_ID))
MAKE(vpid_zero_m, return er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VPID);)

/* ---- EPT and the controls that need it ------------------------------------- */
static uint64_t ept_cap(const struct er_ctx *c)
{
	return vmx_caps_get(c->e->caps, MSR_IA32_VMX_EPT_VPID_CAP);
}
static bool ept_on(const struct er_ctx *c)
{
	return c->proc2 & SECONDARY_EXEC_ENABLE_EPT;
}
BROKEN(ept_type, ept_on(c) && !((F(c, EPT_POINTER) & 7) == 0 ? ept_cap(c) & VMX_EPTP_UC_BIT :
				(F(c, EPT_POINTER) & 7) == 6 ? ept_cap(c) & VMX_EPTP_WB_BIT : 0))
MAKE(ept_type_m, if (!er_ept(v, e)) return false; FV(v, EPT_POINTER) = (FV(v, EPT_POINTER) & ~7ULL) | 1;
     return true;)
BROKEN(ept_walk, ept_on(c) && !(((F(c, EPT_POINTER) >> 3) & 7) == 3 ?
				ept_cap(c) & VMX_EPT_PAGE_WALK_4_BIT :
				((F(c, EPT_POINTER) >> 3) & 7) == 4 ?
				ept_cap(c) & VMX_EPT_PAGE_WALK_5_BIT : 0))
MAKE(ept_walk_m, if (!er_ept(v, e)) return false; FV(v, EPT_POINTER) &= ~(7ULL << 3);
     FV(v, EPT_POINTER) |= 2 << 3; return true;)
BROKEN(ept_ad, ept_on(c) && (F(c, EPT_POINTER) & BIT(6)) && !(ept_cap(c) & VMX_EPT_AD_BIT))
MAKE(ept_ad_m, if ((vmx_caps_get(e->caps, MSR_IA32_VMX_EPT_VPID_CAP) & VMX_EPT_AD_BIT) ||
		   !er_ept(v, e)) return false; FV(v, EPT_POINTER) |= BIT(6); return true;)
BROKEN(ept_rsvd, ept_on(c) && (F(c, EPT_POINTER) & (c->e->ept_sss ? GENMASK(11, 8) : GENMASK(11, 7))))
MAKE(ept_rsvd_m, if (!er_ept(v, e)) return false; FV(v, EPT_POINTER) |= BIT(11); return true;)
BROKEN(ept_width, ept_on(c) && er_beyond(c, F(c, EPT_POINTER)))
MAKE(ept_width_m, if (!er_ept(v, e) || !er_bad_addr(e)) return false;
     FV(v, EPT_POINTER) |= er_bad_addr(e); return true;)

#define NEEDS_EPT(pfx, W, bit, extra) \
	NEEDS(pfx, (W == VMX_WORD_PROC3 ? c->proc3 : c->proc2) & (bit), ept_on(c), \
	      extra er_on(v, e, W, bit))
NEEDS_EPT(ug_ept, VMX_WORD_PROC2, SECONDARY_EXEC_UNRESTRICTED_GUEST, )
NEEDS_EPT(pml_ept, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_PML, )
NEEDS_EPT(spp_ept, VMX_WORD_PROC2, SECONDARY_EXEC_SUBPAGE_WRITE_PERM, )
NEEDS_EPT(mbec_ept, VMX_WORD_PROC2, SECONDARY_EXEC_MODE_BASED_EPT_EXEC, )
NEEDS_EPT(ptgpa_ept, VMX_WORD_PROC2, SECONDARY_EXEC_PT_USE_GPA,
	  er_on(v, e, VMX_WORD_EXIT, VM_EXIT_CLEAR_IA32_RTIT_CTL) &&
	  er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_RTIT_CTL) &&)
NEEDS_EPT(hlat_ept, VMX_WORD_PROC3, TERTIARY_EXEC_ENABLE_HLAT, )
NEEDS_EPT(pw_ept, VMX_WORD_PROC3, TERTIARY_EXEC_EPT_PAGING_WRITE, )
NEEDS_EPT(gpv_ept, VMX_WORD_PROC3, TERTIARY_EXEC_GUEST_PAGING_VERIFY, )
NEEDS(ptgpa_exit, c->proc2 & SECONDARY_EXEC_PT_USE_GPA, c->exit & VM_EXIT_CLEAR_IA32_RTIT_CTL,
      er_ept(v, e) && er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_LOAD_IA32_RTIT_CTL) &&
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_PT_USE_GPA))
NEEDS(ptgpa_entry, c->proc2 & SECONDARY_EXEC_PT_USE_GPA, c->entry & VM_ENTRY_LOAD_IA32_RTIT_CTL,
      er_ept(v, e) && er_on(v, e, VMX_WORD_EXIT, VM_EXIT_CLEAR_IA32_RTIT_CTL) &&
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_PT_USE_GPA))
BROKEN(vmfunc_rsvd, (c->proc2 & SECONDARY_EXEC_ENABLE_VMFUNC) &&
       (F(c, VM_FUNCTION_CONTROL) & ~vmx_caps_get(c->e->caps, MSR_IA32_VMX_VMFUNC)))
MAKE(vmfunc_rsvd_m, if (!er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC) ||
			(vmx_caps_get(e->caps, MSR_IA32_VMX_VMFUNC) & BIT(63))) return false;
     FV(v, VM_FUNCTION_CONTROL) = BIT(63); return true;)
NEEDS(eptsw_ept, (c->proc2 & SECONDARY_EXEC_ENABLE_VMFUNC) &&
      (F(c, VM_FUNCTION_CONTROL) & VMX_VMFUNC_EPTP_SWITCHING), ept_on(c),
      er_on(v, e, VMX_WORD_PROC2, SECONDARY_EXEC_ENABLE_VMFUNC) &&
      (vmx_caps_get(e->caps, MSR_IA32_VMX_VMFUNC) & VMX_VMFUNC_EPTP_SWITCHING) &&
      (FV(v, VM_FUNCTION_CONTROL) = VMX_VMFUNC_EPTP_SWITCHING))

/* ---- VM-exit controls ----------------------------------------------------------- */
NEEDS(preempt_save, c->exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER,
      c->pin & PIN_BASED_VMX_PREEMPTION_TIMER,
      er_off(v, e, VMX_WORD_PIN, PIN_BASED_VMX_PREEMPTION_TIMER) &&
      er_on(v, e, VMX_WORD_EXIT, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER))

/* An MSR area: 16 bytes an entry, 16-byte aligned, its last byte inside the width. */
#define AREA_RULES(pfx, ADDR, COUNT) \
	BROKEN(pfx##_align, c->v->v[ERF_##COUNT] && (c->v->v[ERF_##ADDR] & 0xf)) \
	BROKEN(pfx##_width, c->v->v[ERF_##COUNT] && (er_beyond(c, c->v->v[ERF_##ADDR]) || \
	       er_beyond(c, c->v->v[ERF_##ADDR] + 16 * c->v->v[ERF_##COUNT] - 1))) \
	MAKE(pfx##_align_m, v->v[ERF_##COUNT] = 1; v->v[ERF_##ADDR] = e->page[ER_PAGE_MSR_AREA] + 8; return true;) \
	MAKE(pfx##_width_m, if (!er_bad_addr(e)) return false; v->v[ERF_##COUNT] = 1; \
	     v->v[ERF_##ADDR] = er_bad_addr(e); return true;)
AREA_RULES(xstore, VM_EXIT_MSR_STORE_ADDR, VM_EXIT_MSR_STORE_COUNT)
AREA_RULES(xload, VM_EXIT_MSR_LOAD_ADDR, VM_EXIT_MSR_LOAD_COUNT)
AREA_RULES(nload, VM_ENTRY_MSR_LOAD_ADDR, VM_ENTRY_MSR_LOAD_COUNT)

/* ---- VM-entry controls: event injection -------------------------------------- */
static bool has_errcode(unsigned vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17;
}
static bool no_errcode_cc(const struct er_env *e)
{
	return vmx_caps_get(e->caps, MSR_IA32_VMX_BASIC) & VMX_BASIC_NO_HW_ERRCODE_CC;
}
#define INJ(pfx, expr, mk) BROKEN(pfx, c->inj && (expr)) MAKE(pfx##_m, mk)
INJ(ev_type, c->inj_type == 1, er_inject(v, 1, 0x20, false); return true;)
INJ(ev_other, c->inj_type == ER_INJ_OTHER &&
    !er_can1(c->e, VMX_WORD_PROC, CPU_BASED_MONITOR_TRAP_FLAG),
    if (er_can1(e, VMX_WORD_PROC, CPU_BASED_MONITOR_TRAP_FLAG)) return false;
    er_inject(v, ER_INJ_OTHER, 0, false); return true;)
INJ(ev_nmi_vec, c->inj_type == ER_INJ_NMI && c->inj_vec != 2,
    er_inject(v, ER_INJ_NMI, 3, false); return true;)
INJ(ev_hw_vec, c->inj_type == ER_INJ_HW && c->inj_vec > 31,
    er_inject(v, ER_INJ_HW, 32, false); return true;)
INJ(ev_other_vec, c->inj_type == ER_INJ_OTHER && c->inj_vec != 0,
    if (!er_can1(e, VMX_WORD_PROC, CPU_BASED_MONITOR_TRAP_FLAG)) return false;
    er_inject(v, ER_INJ_OTHER, 1, false); return true;)
INJ(ev_err_real, (F(c, VM_ENTRY_INTR_INFO_FIELD) & ER_INJ_ERRCODE) && c->ug &&
    !(c->cr0 & X86_CR0_PE),
    if (!er_ug(v, e)) return false; FV(v, GUEST_CR0) &= ~(X86_CR0_PE | X86_CR0_PG);
    er_inject(v, ER_INJ_HW, 13, true); return true;)
INJ(ev_err_extra, (F(c, VM_ENTRY_INTR_INFO_FIELD) & ER_INJ_ERRCODE) && !no_errcode_cc(c->e) &&
    (c->inj_type != ER_INJ_HW || !has_errcode(c->inj_vec)),
    if (no_errcode_cc(e)) return false; er_inject(v, ER_INJ_HW, 6, true); return true;)
INJ(ev_err_missing, !(F(c, VM_ENTRY_INTR_INFO_FIELD) & ER_INJ_ERRCODE) && !no_errcode_cc(c->e) &&
    (!c->ug || (c->cr0 & X86_CR0_PE)) && c->inj_type == ER_INJ_HW && has_errcode(c->inj_vec),
    if (no_errcode_cc(e)) return false; er_inject(v, ER_INJ_HW, 13, false); return true;)
INJ(ev_rsvd, F(c, VM_ENTRY_INTR_INFO_FIELD) & GENMASK(30, 12),
    er_inject(v, ER_INJ_EXT, 0x20, false); FV(v, VM_ENTRY_INTR_INFO_FIELD) |= BIT(12);
    FV(v, GUEST_RFLAGS) |= BIT(9); return true;)
INJ(ev_err_high, (F(c, VM_ENTRY_INTR_INFO_FIELD) & ER_INJ_ERRCODE) &&
    (F(c, VM_ENTRY_EXCEPTION_ERROR_CODE) & GENMASK(31, 16)),
    er_inject(v, ER_INJ_HW, 13, true); FV(v, VM_ENTRY_EXCEPTION_ERROR_CODE) = 0x10000;
    return true;)
INJ(ev_len, c->inj_type >= ER_INJ_SOFT_INT && c->inj_type <= ER_INJ_SW_EXC &&
    (F(c, VM_ENTRY_INSTRUCTION_LEN) > 15 || (F(c, VM_ENTRY_INSTRUCTION_LEN) == 0 &&
     !(vmx_caps_get(c->e->caps, MSR_IA32_VMX_MISC) & VMX_MISC_ZERO_LEN_INS))),
    er_inject(v, ER_INJ_SOFT_INT, 0x80, false); FV(v, VM_ENTRY_INSTRUCTION_LEN) = 16;
    return true;)
BROKEN(smm, !c->e->in_smm && (c->entry & VM_ENTRY_SMM))
MAKE(smm_m, return er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_SMM);)
BROKEN(dual, !c->e->in_smm && (c->entry & VM_ENTRY_DEACT_DUAL_MONITOR))
MAKE(dual_m, return er_on(v, e, VMX_WORD_ENTRY, VM_ENTRY_DEACT_DUAL_MONITOR);)

#define R(id, sec, text, fn, also) ER_ROW(id, sec, CTRL, text, fn, fn##_m, also)
#define RA(pfx, id, sec, what, cond) \
	R(id ".align", sec, what " is aligned (" cond ")", pfx##_align, NULL), \
	R(id ".width", sec, what " sets no bit beyond the physical-address width (" cond ")", \
	  pfx##_width, NULL)

const struct er_rule er_rules_ctrl[] = {
	R("ctrl.pin.must1", EXEC, "pin-based controls: every bit IA32_VMX_(TRUE_)PINBASED_CTLS requires is 1", pin_must1, NULL),
	R("ctrl.pin.must0", EXEC, "pin-based controls: every bit IA32_VMX_(TRUE_)PINBASED_CTLS forbids is 0", pin_must0, NULL),
	R("ctrl.proc.must1", EXEC, "primary processor-based controls: every required bit is 1", proc_must1, NULL),
	R("ctrl.proc.must0", EXEC, "primary processor-based controls: every forbidden bit is 0", proc_must0, NULL),
	R("ctrl.proc2.reserved", EXEC, "secondary processor-based controls (when activated) match IA32_VMX_PROCBASED_CTLS2", proc2_rsvd, NULL),
	R("ctrl.proc3.reserved", EXEC, "tertiary processor-based controls (when activated) set only bits IA32_VMX_PROCBASED_CTLS3 allows", proc3_rsvd, NULL),
	R("ctrl.cr3_target_count", EXEC, "the CR3-target count is at most IA32_VMX_MISC[24:16]", cr3_count, NULL),
	RA(iob_a, "ctrl.io_bitmap_a", EXEC, "I/O-bitmap address A", "4 KiB; with use I/O bitmaps"),
	RA(iob_b, "ctrl.io_bitmap_b", EXEC, "I/O-bitmap address B", "4 KiB; with use I/O bitmaps"),
	RA(msrb, "ctrl.msr_bitmap", EXEC, "the MSR-bitmap address", "4 KiB; with use MSR bitmaps"),
	RA(vapic, "ctrl.tpr_shadow.vapic", EXEC, "the virtual-APIC address", "4 KiB; with use TPR shadow"),
	R("ctrl.tpr_shadow.threshold", EXEC, "with use TPR shadow and no virtual-interrupt delivery, TPR threshold bits 31:4 are 0", tpr_thresh, NULL),
	R("ctrl.x2apic.tpr_shadow", EXEC, "virtualize x2APIC mode requires use TPR shadow", x2apic_tpr, NULL),
	R("ctrl.apic_reg_virt.tpr_shadow", EXEC, "APIC-register virtualization requires use TPR shadow", apicreg_tpr, NULL),
	R("ctrl.vid.tpr_shadow", EXEC, "virtual-interrupt delivery requires use TPR shadow", vid_tpr, NULL),
	R("ctrl.virtual_nmis.nmi_exiting", EXEC, "virtual NMIs requires NMI exiting", vnmi_nmi, NULL),
	R("ctrl.nmi_window.virtual_nmis", EXEC, "NMI-window exiting requires virtual NMIs", nmiwin_vnmi, NULL),
	RA(apicacc, "ctrl.apic_access", EXEC, "the APIC-access address", "4 KiB; with virtualize APIC accesses"),
	R("ctrl.x2apic.apic_access", EXEC, "virtualize x2APIC mode and virtualize APIC accesses are not both 1", x2apic_apicacc, NULL),
	R("ctrl.vid.ext_intr", EXEC, "virtual-interrupt delivery requires external-interrupt exiting", vid_extint, NULL),
	R("ctrl.posted.vid", EXEC, "process posted interrupts requires virtual-interrupt delivery", pi_vid, NULL),
	R("ctrl.posted.ack", EXEC, "process posted interrupts requires the acknowledge interrupt on exit VM-exit control", pi_ack, NULL),
	R("ctrl.posted.vector", EXEC, "with process posted interrupts, notification-vector bits 15:8 are 0", pi_nv, NULL),
	RA(pidesc, "ctrl.posted.desc", EXEC, "the posted-interrupt descriptor address", "64 bytes; with process posted interrupts"),
	R("ctrl.vpid.zero", EXEC, "with enable VPID, the VPID is not 0", vpid_zero, NULL),
	R("ctrl.ept.memtype", EXEC, "EPTP memory type is one IA32_VMX_EPT_VPID_CAP allows (UC bit 8, WB bit 14)", ept_type, NULL),
	R("ctrl.ept.walk", EXEC, "EPTP page-walk length - 1 is 3 (or 4 with 5-level EPT) as IA32_VMX_EPT_VPID_CAP allows", ept_walk, NULL),
	R("ctrl.ept.ad", EXEC, "EPTP bit 6 (accessed/dirty flags) is 0 unless IA32_VMX_EPT_VPID_CAP[21]", ept_ad, NULL),
	R("ctrl.ept.reserved", EXEC, "EPTP bits 11:7 are 0 (bit 7 may be 1 where supervisor shadow-stack control exists)", ept_rsvd, NULL),
	R("ctrl.ept.width", EXEC, "EPTP sets no bit beyond the physical-address width", ept_width, NULL),
	R("ctrl.ug.ept", EXEC, "unrestricted guest requires enable EPT", ug_ept, NULL),
	R("ctrl.pml.ept", EXEC, "enable PML requires enable EPT", pml_ept, NULL),
	RA(pml, "ctrl.pml.addr", EXEC, "the PML address", "4 KiB; with enable PML"),
	RA(ve, "ctrl.ve.addr", EXEC, "the virtualization-exception information address", "4 KiB; with EPT-violation #VE"),
	R("ctrl.spp.ept", EXEC, "sub-page write permissions requires enable EPT", spp_ept, NULL),
	RA(spp, "ctrl.spp.sppt", EXEC, "the SPPTP", "4 KiB; with sub-page write permissions"),
	R("ctrl.mbec.ept", EXEC, "mode-based execute control for EPT requires enable EPT", mbec_ept, NULL),
	R("ctrl.pt_gpa.ept", EXEC, "Intel PT uses guest physical addresses requires enable EPT", ptgpa_ept, NULL),
	R("ctrl.pt_gpa.exit_clear_rtit", EXEC, "Intel PT uses guest physical addresses requires the clear IA32_RTIT_CTL VM-exit control", ptgpa_exit, NULL),
	R("ctrl.pt_gpa.entry_load_rtit", EXEC, "Intel PT uses guest physical addresses requires the load IA32_RTIT_CTL VM-entry control", ptgpa_entry, NULL),
	R("ctrl.vmfunc.reserved", EXEC, "with enable VM functions, VM-function controls set only bits IA32_VMX_VMFUNC allows", vmfunc_rsvd, NULL),
	R("ctrl.vmfunc.eptp_switch.ept", EXEC, "EPTP switching requires enable EPT", eptsw_ept, NULL),
	RA(eptpl, "ctrl.vmfunc.eptp_list", EXEC, "the EPTP-list address", "4 KiB; with EPTP switching"),
	RA(vmrd, "ctrl.shadow.vmread_bitmap", EXEC, "the VMREAD-bitmap address", "4 KiB; with VMCS shadowing"),
	RA(vmwr, "ctrl.shadow.vmwrite_bitmap", EXEC, "the VMWRITE-bitmap address", "4 KiB; with VMCS shadowing"),
	RA(pasid_lo, "ctrl.pasid.low_dir", EXEC, "the low PASID directory address", "4 KiB; with PASID translation"),
	RA(pasid_hi, "ctrl.pasid.high_dir", EXEC, "the high PASID directory address", "4 KiB; with PASID translation"),
	R("ctrl.hlat.ept", EXEC, "enable HLAT requires enable EPT", hlat_ept, NULL),
	RA(hlat, "ctrl.hlat.hlatp", EXEC, "the HLAT pointer", "bits 2:0 are 0; with enable HLAT"),
	R("ctrl.ept_paging_write.ept", EXEC, "EPT paging-write control requires enable EPT", pw_ept, NULL),
	R("ctrl.guest_paging_verify.ept", EXEC, "guest-paging verification requires enable EPT", gpv_ept, NULL),
	RA(pidtab, "ctrl.ipi_virt.pid_table", EXEC, "the PID-pointer table address", "8 bytes; with IPI virtualization"),
	R("ctrl.exit.must1", EXIT, "primary VM-exit controls: every required bit is 1", exit_must1, NULL),
	R("ctrl.exit.must0", EXIT, "primary VM-exit controls: every forbidden bit is 0", exit_must0, NULL),
	R("ctrl.exit2.reserved", EXIT, "secondary VM-exit controls (when activated) set only bits IA32_VMX_EXIT_CTLS2 allows", exit2_rsvd, NULL),
	R("ctrl.exit.save_preempt", EXIT, "save VMX-preemption timer value requires activate VMX-preemption timer", preempt_save, NULL),
	RA(xstore, "ctrl.exit.msr_store", EXIT, "the VM-exit MSR-store area", "16 bytes; when its count is not 0"),
	RA(xload, "ctrl.exit.msr_load", EXIT, "the VM-exit MSR-load area", "16 bytes; when its count is not 0"),
	R("ctrl.entry.must1", ENTRY, "VM-entry controls: every required bit is 1", entry_must1, NULL),
	R("ctrl.entry.must0", ENTRY, "VM-entry controls: every forbidden bit is 0", entry_must0, NULL),
	R("ctrl.event.type", ENTRY, "an injected event's type is not 1 (reserved)", ev_type, NULL),
	R("ctrl.event.other", ENTRY, "type 7 (other event) is injected only where monitor trap flag is supported", ev_other, NULL),
	R("ctrl.event.nmi_vector", ENTRY, "an injected NMI has vector 2", ev_nmi_vec, NULL),
	R("ctrl.event.hw_vector", ENTRY, "an injected hardware exception has a vector of at most 31", ev_hw_vec, NULL),
	R("ctrl.event.other_vector", ENTRY, "an injected other event has vector 0 (pending MTF VM exit)", ev_other_vec, NULL),
	R("ctrl.event.errcode_real", ENTRY, "deliver error code is 0 when unrestricted guest is 1 and guest CR0.PE is 0", ev_err_real, NULL),
	R("ctrl.event.errcode_extra", ENTRY, "deliver error code is 1 only for a hardware exception that has one (8, 10-14, 17)", ev_err_extra, NULL),
	R("ctrl.event.errcode_missing", ENTRY, "deliver error code is 1 for a hardware exception that has one, in protected mode", ev_err_missing, NULL),
	R("ctrl.event.reserved", ENTRY, "interruption-information bits 30:12 are 0", ev_rsvd, NULL),
	R("ctrl.event.errcode_high", ENTRY, "with deliver error code, error-code bits 31:16 are 0", ev_err_high, NULL),
	R("ctrl.event.length", ENTRY, "a software interrupt or exception has an instruction length of 1-15 (0 only with IA32_VMX_MISC[30])", ev_len, NULL),
	RA(nload, "ctrl.entry.msr_load", ENTRY, "the VM-entry MSR-load area", "16 bytes; when its count is not 0"),
	R("ctrl.entry.smm", ENTRY, "entry to SMM is 0 outside SMM", smm, "guest.intr.smi_smm"),
	R("ctrl.entry.dual_monitor", ENTRY, "deactivate dual-monitor treatment is 0 outside SMM", dual, NULL),
};
const unsigned er_rules_ctrl_nr = ARRAY_SIZE(er_rules_ctrl);
