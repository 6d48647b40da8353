/* SPDX-License-Identifier: MIT */
/*
 * APIC-register virtualization (SDM Vol. 3C 30.4.2, 30.4.3, 30.5 is its
 * x2APIC side; 27.2.1.1 (entry checks); secondary controls "virtualize APIC
 * accesses" and "APIC-register virtualization", with "use TPR shadow"):
 * a read of the APIC-access page at the offset of a virtualized register
 * (APIC ID, version, TPR, EOI, LDR, DFR, SVR, ISR, TMR, IRR, ESR, ICR, the
 * LVT, initial count, divide configuration) returns the virtual-APIC page's
 * value without an exit; any other offset (PPR, APR, RRD, the current
 * count) exits (44, fault-like, Table 28-6 qualification: offset, type 0).
 * A write of a virtualized register other than TPR, EOI and ICR low goes to
 * the virtual-APIC page and is then emulated by an APIC-write VM exit (56,
 * trap-like, qualification the offset: 30.4.3.3).
 *
 * The APIC-access page is the page behind guest page U; the virtual-APIC
 * page a host page holding a value of its own at each offset. The guest
 * reads ID, version, SVR and ICR low, then the current count, then writes
 * the LDR. Expected: the four values, one exit 44 at the current-count read
 * with qualification 0x390, one exit 56 after the LDR write with
 * qualification 0x0d0 and the value in the virtual-APIC page, no other
 * exit. Broken: "APIC-register virtualization" off, so the first read exits.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/checks/vapic.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VAPIC_FILL	0xa5		/* every other byte of the virtual-APIC page */

extern const char vchk_g_areg[], vchk_g_areg_ccr[], vchk_g_areg_after[];

static const uint32_t reads[4] = { CHK_APIC_ID, CHK_APIC_VERSION, CHK_APIC_SVR, CHK_APIC_ICR_LOW };

/* The virtual-APIC page's value at offset: its own, so a read shows where it came from. */
static uint32_t vapic_value(uint32_t offset)
{
	return 0x5a000000U | offset << 8 | offset >> 4;
}

static void setup(struct vchk *c)
{
	uint8_t *vapic = vchk_host_page(c, 0, VAPIC_FILL);

	c->val[0] = (uint64_t)(uintptr_t)vapic;
	for (unsigned i = 0; i < 4; i++)
		*vchk_vapic_reg(c->val[0], reads[i]) = vapic_value(reads[i]);
	*vchk_vapic_reg(c->val[0], CHK_APIC_TPR) = 0;
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW, 0);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL,
		 SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
			 (c->broken ? 0 : SECONDARY_EXEC_APIC_REGISTER_VIRT),
		 SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
	vmcs_write64(VIRTUAL_APIC_PAGE_ADDR, c->val[0]);
	vmcs_write64(APIC_ACCESS_ADDR, c->g.mem_pa + CHK_PAGE_U_GPA);
	vmcs_write32(TPR_THRESHOLD, 0);
}

static enum chk_verdict at_done(struct vchk *c)
{
	for (unsigned i = 0; i < 4; i++) {
		uint32_t got = vchk_word(c, CHK_D0 + 4 * i);

		if (got != vapic_value(reads[i]))
			return vchk_fail(c,
					 "the read of offset 0x%03x returned 0x%08x, expected the "
					 "virtual-APIC page's 0x%08x",
					 reads[i], got, vapic_value(reads[i]));
	}
	if (c->step != 2)
		return vchk_fail(c, "the guest ended after %u of the 2 expected exits (44, 56)",
				 c->step);
	return vchk_pass(c, "reads of 0x020, 0x030, 0x0f0, 0x300 served by the virtual-APIC page; "
			    "0x390 exited (44, qualification 0x390); the LDR write exited (56, "
			    "qualification 0x0d0) after reaching the page");
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t ldr = *vchk_vapic_reg(c->val[0], CHK_APIC_LDR);

	if (vchk_call(c, CHK_CALL_DONE))
		return at_done(c);
	if (c->reason == EXIT_REASON_APIC_ACCESS && c->step == 0) {
		if (c->rip != vchk_ga(vchk_g_areg_ccr) || (uint32_t)c->qual != CHK_APIC_TMCCT)
			return vchk_fail(
				c,
				"APIC-access exit at rip 0x%llx, qualification 0x%llx "
				"(offset 0x%03llx, type %llu); expected only the current-count "
				"read's at rip 0x%llx, 0x%x",
				(unsigned long long)c->rip, (unsigned long long)c->qual,
				(unsigned long long)(c->qual & 0xfff),
				(unsigned long long)((c->qual >> 12) & 0xf),
				(unsigned long long)vchk_ga(vchk_g_areg_ccr), CHK_APIC_TMCCT);
		return vchk_next(c, 1);
	}
	if (c->reason == EXIT_REASON_APIC_WRITE && c->step == 1) {
		if (c->rip != vchk_ga(vchk_g_areg_after) || (uint32_t)c->qual != CHK_APIC_LDR ||
		    ldr != CHK_AREG_LDR_VAL)
			return vchk_fail(
				c,
				"APIC-write exit at rip 0x%llx, qualification 0x%llx, "
				"virtual LDR 0x%08x; expected rip 0x%llx (after the write), "
				"0x%x, 0x%08x",
				(unsigned long long)c->rip, (unsigned long long)c->qual, ldr,
				(unsigned long long)vchk_ga(vchk_g_areg_after), CHK_APIC_LDR,
				CHK_AREG_LDR_VAL);
		c->step = 2;
		return CHK_RESUME;
	}
	return vchk_unexpected(c);
}

const struct vmx_check vchk_apic_register_virtualization = {
	.name = "apic_register_virtualization",
	.sdm = "SDM Vol. 3C 30.4.2, 30.4.3, Table 28-6",
	.need = { .proc = CPU_BASED_TPR_SHADOW,
		  .proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
			   SECONDARY_EXEC_APIC_REGISTER_VIRT },
	.entry = vchk_g_areg,
	.setup = setup,
	.exit = on_exit,
};
