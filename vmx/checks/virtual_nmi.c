/* SPDX-License-Identifier: MIT */
/*
 * Virtual NMIs (SDM Vol. 3C 25.6.1 pin controls, 25.4.2 Table 25-3 bit 3,
 * 27.6.1.1 injection, 27.7.1 blocking after entry, 26.3 IRET, 27.7.6
 * NMI-window exiting): with "NMI exiting" and "virtual NMIs" set, VM entry
 * can inject an NMI (type 2, vector 2) through the guest's IDT; its
 * delivery sets virtual-NMI blocking, which the guest's IRET removes, and
 * the interruptibility-state bit 3 then reports virtual-NMI blocking, not
 * the blocking of real NMIs.
 *
 * The guest's NMI handler records its return EIP, reports (VMCALL), marks
 * D1 and IRETs. At the report the host sets "NMI-window exiting". Expected:
 * the handler runs before the first instruction of the program and returns
 * to it; at the report the saved interruptibility state has bit 3 set and
 * the injection is no longer valid; no NMI-window exit until the IRET, and
 * then one (reason 8) right after it, at the program's first instruction,
 * with bit 3 clear, D1 set and D2 (the program's mark) still 0. Broken: no
 * NMI injected, so the handler never runs.
 */
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define INTERRUPTIBILITY_NMI	BIT(3)

extern const char vchk_g_vnmi[], vchk_h_vnmi[], vchk_h_vnmi_report[];

enum { VNMI_START, VNMI_HANDLER_REPORTED, VNMI_WINDOW_SEEN };

static void setup(struct vchk *c)
{
	vchk_ctl(PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS, 0);
	vchk_set_gate(c, X86_TRAP_NMI, vchk_h_vnmi);
	if (!c->broken)
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID |
			     INTR_TYPE_NMI << INTR_INFO_TYPE_SHIFT | X86_TRAP_NMI);
}

static enum chk_verdict on_report(struct vchk *c)
{
	uint32_t intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (c->rip != vchk_ga(vchk_h_vnmi_report))
		return vchk_fail(c, "report at rip 0x%llx, not the NMI handler's",
				 (unsigned long long)c->rip);
	if (vchk_word(c, CHK_D0) != vchk_ga(vchk_g_vnmi))
		return vchk_fail(c,
				 "the NMI handler returns to 0x%x, expected the first "
				 "instruction 0x%llx",
				 vchk_word(c, CHK_D0), (unsigned long long)vchk_ga(vchk_g_vnmi));
	if (vmcs_read32(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID)
		return vchk_fail(c, "the NMI injection is still marked valid after the exit");
	if (!(intr & INTERRUPTIBILITY_NMI))
		return vchk_fail(c,
				 "in the NMI handler the interruptibility state is 0x%x: no "
				 "virtual-NMI blocking (bit 3)",
				 intr);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_NMI_WINDOW_EXITING, 0);
	return vchk_next(c, VNMI_HANDLER_REPORTED);
}

static enum chk_verdict on_window(struct vchk *c)
{
	uint32_t intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (!vchk_word(c, CHK_D1))
		return vchk_fail(c,
				 "NMI-window exit at rip 0x%llx before the handler's IRET: "
				 "virtual-NMI blocking did not hold",
				 (unsigned long long)c->rip);
	if (c->rip != vchk_ga(vchk_g_vnmi) || vchk_word(c, CHK_D2))
		return vchk_fail(c,
				 "NMI-window exit at rip 0x%llx (program mark %u), expected right "
				 "after the IRET, at 0x%llx",
				 (unsigned long long)c->rip, vchk_word(c, CHK_D2),
				 (unsigned long long)vchk_ga(vchk_g_vnmi));
	if (intr & INTERRUPTIBILITY_NMI)
		return vchk_fail(c,
				 "NMI-window exit with interruptibility state 0x%x: virtual-NMI "
				 "blocking still reported",
				 intr);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_NMI_WINDOW_EXITING);
	c->val[0] = c->rip;
	c->step = VNMI_WINDOW_SEEN;
	return CHK_RESUME;
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (vchk_call(c, CHK_CALL_REPORT) && c->step == VNMI_START)
		return on_report(c);
	if (c->reason == EXIT_REASON_NMI_WINDOW && c->step == VNMI_HANDLER_REPORTED)
		return on_window(c);
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (c->step == VNMI_START)
		return vchk_fail(c, "the guest's NMI handler never ran: no virtual NMI delivered");
	if (c->step == VNMI_HANDLER_REPORTED)
		return vchk_fail(c, "no NMI-window exit after the handler's IRET");
	return vchk_pass(c,
			 "injected NMI ran the guest's handler with virtual-NMI blocking; the "
			 "NMI-window exit came right after its IRET, at 0x%llx",
			 (unsigned long long)c->val[0]);
}

const struct vmx_check vchk_virtual_nmi = {
	.name = "virtual_nmi",
	.sdm = "SDM Vol. 3C 25.6.1, 26.3, 27.6.1.1, 27.7.1, 27.7.6",
	.need = { .pin = PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS,
		  .proc = CPU_BASED_NMI_WINDOW_EXITING },
	.entry = vchk_g_vnmi,
	.setup = setup,
	.exit = on_exit,
};
