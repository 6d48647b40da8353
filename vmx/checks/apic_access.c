/* SPDX-License-Identifier: MIT */
/*
 * Virtualized APIC accesses (SDM Vol. 3C 30.4, 30.4.1, Table 28-6 (exit
 * qualification), 25.6.8; secondary control "virtualize APIC accesses"):
 * without "use TPR shadow", every linear access to the APIC-access page (a
 * physical address: after EPT translation where EPT is on) exits, reason
 * 44, fault-like, with the page offset in qualification bits 11:0 and the
 * access type in 15:12 (0 linear read, 1 linear write).
 *
 * The APIC-access page is the page behind guest page U. The guest reads
 * offset 0x30 and writes offset 0x80. Expected: two exits, 44, at those
 * instructions, qualifications 0x030 and 0x1080. Broken: the APIC-access
 * address is page R's, so the guest's accesses go to plain memory.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define APIC_QUAL_WRITE		(1U << 12)	/* access type 1: linear write */

extern const char vchk_g_apic[], vchk_g_apic_read[], vchk_g_apic_write[];

static void setup(struct vchk *c)
{
	uint64_t page = c->broken ? CHK_PAGE_R_GPA : CHK_PAGE_U_GPA;

	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_TPR_SHADOW);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0);
	vmcs_write64(APIC_ACCESS_ADDR, c->g.mem_pa + page);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	static const char *const labels[2] = { vchk_g_apic_read, vchk_g_apic_write };
	static const uint32_t quals[2] = { CHK_APIC_READ_OFF, APIC_QUAL_WRITE | CHK_APIC_WRITE_OFF };

	if (c->step < 2 && vchk_call(c, CHK_CALL_DONE))
		return vchk_fail(c, "%u APIC-access exits instead of 2: the guest reached the page",
				 c->step);
	if (c->step >= 2) {
		if (!vchk_call(c, CHK_CALL_DONE))
			return vchk_unexpected(c);
		return vchk_pass(c,
				 "a read and a write of the APIC-access page exited (44) with "
				 "qualifications 0x%x and 0x%x",
				 quals[0], quals[1]);
	}
	if (c->reason != EXIT_REASON_APIC_ACCESS)
		return vchk_unexpected(c);
	if (c->rip != vchk_ga(labels[c->step]) || (uint32_t)c->qual != quals[c->step])
		return vchk_fail(c,
				 "APIC-access exit %u at rip 0x%llx, qualification 0x%llx (offset "
				 "0x%llx, type %llu); expected rip 0x%llx, 0x%x",
				 c->step + 1, (unsigned long long)c->rip,
				 (unsigned long long)c->qual, (unsigned long long)(c->qual & 0xfff),
				 (unsigned long long)((c->qual >> 12) & 0xf),
				 (unsigned long long)vchk_ga(labels[c->step]), quals[c->step]);
	vchk_skip_insn(c);
	c->step++;
	return CHK_RESUME;
}

const struct vmx_check vchk_apic_access = {
	.name = "apic_access",
	.sdm = "SDM Vol. 3C 30.4, Table 28-6, 25.6.8",
	.need = { .proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES },
	.entry = vchk_g_apic,
	.setup = setup,
	.exit = on_exit,
};
