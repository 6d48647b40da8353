/* SPDX-License-Identifier: MIT */
/*
 * MSR bitmaps (SDM Vol. 3C 25.6.9, 26.1.3): RDMSR/WRMSR exit (reasons 31,
 * 32) exactly for the MSRs whose bit is set in the read or write quarter
 * of their range. The model is vmx/pure/msrbitmap.c.
 *
 * The guest makes the accesses below in this order (guest/vmx_checks.S
 * chk_g_msr). Expected: exactly the accesses the model says exit, in
 * order, ECX naming the MSR; the passed-through RDMSR of IA32_SYSENTER_CS
 * returns the guest's own value (the VMCS guest field, loaded at entry).
 * Broken: the read bit of IA32_SYSENTER_CS set too, so it exits.
 */
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/pure/msrbitmap.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define GUEST_SYSENTER_CS_VAL	0x5a
#define EMULATED_READ		0xc0de0000U

static const struct {
	uint32_t msr;
	bool write;
} accesses[] = {
	{ MSR_IA32_SYSENTER_CS, false },	/* read bit clear: passes */
	{ MSR_IA32_SYSENTER_ESP, false },	/* read bit set */
	{ MSR_IA32_SYSENTER_CS, true },	/* write bit set */
	{ MSR_KERNEL_GS_BASE, false },	/* read-high bit set */
};

extern const char chk_g_msr[];

static void setup(struct chk *c)
{
	memset(c->msr_bitmap, 0, MSRBITMAP_BYTES);
	msrbitmap_set(c->msr_bitmap, MSR_IA32_SYSENTER_ESP, false, true);
	msrbitmap_set(c->msr_bitmap, MSR_IA32_SYSENTER_CS, true, true);
	msrbitmap_set(c->msr_bitmap, MSR_KERNEL_GS_BASE, false, true);
	/* The expected outcome is the model's, before any deliberate break. */
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++)
		if (msrbitmap_exits(c->msr_bitmap, accesses[i].msr, accesses[i].write))
			c->val[0] |= 1u << i;
	if (c->broken)
		msrbitmap_set(c->msr_bitmap, MSR_IA32_SYSENTER_CS, false, true);
	chk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_MSR_BITMAPS, 0);
	vmcs_write64(MSR_BITMAP, c->g.msr_bitmap);
	vmcs_write32(GUEST_SYSENTER_CS, GUEST_SYSENTER_CS_VAL);
}

/* The next access (from c->step) the model says exits, or ARRAY_SIZE. */
static unsigned next_exiting(const struct chk *c)
{
	unsigned i = c->step;

	while (i < ARRAY_SIZE(accesses) && !(c->val[0] & (1u << i)))
		i++;
	return i;
}

static enum chk_verdict on_exit(struct chk *c)
{
	unsigned i = next_exiting(c);

	if (c->reason == EXIT_REASON_MSR_READ || c->reason == EXIT_REASON_MSR_WRITE) {
		uint32_t msr = (uint32_t)c->g.regs.rcx;
		bool write = c->reason == EXIT_REASON_MSR_WRITE;

		if (i == ARRAY_SIZE(accesses) || accesses[i].msr != msr || accesses[i].write != write)
			return chk_fail(c, "%s of MSR 0x%x exited at rip 0x%llx, but its bitmap bit "
					"is clear", write ? "WRMSR" : "RDMSR", msr,
					(unsigned long long)c->rip);
		if (!write) {
			c->g.regs.rax = EMULATED_READ | i;
			c->g.regs.rdx = 0;
		}
		return chk_next(c, i + 1);
	}
	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (i < ARRAY_SIZE(accesses))
		return chk_fail(c, "%s of MSR 0x%x did not exit although its bitmap bit is set",
				accesses[i].write ? "WRMSR" : "RDMSR", accesses[i].msr);
	if (chk_word(c, CHK_D0) != GUEST_SYSENTER_CS_VAL || chk_word(c, CHK_D1) != (EMULATED_READ | 1))
		return chk_fail(c, "RDMSR results 0x%x / 0x%x, expected the guest's 0x%x (passed "
				"through) / 0x%x (emulated)", chk_word(c, CHK_D0), chk_word(c, CHK_D1),
				GUEST_SYSENTER_CS_VAL, EMULATED_READ | 1);
	return chk_pass(c, "RDMSR 0x174 passed through; RDMSR 0x175, WRMSR 0x174, RDMSR "
			"0xc0000102 exited");
}

const struct vmx_check chk_msr_bitmap = {
	.name = "msr_bitmap",
	.sdm = "SDM Vol. 3C 25.6.9, 26.1.3",
	.need = { .proc = CPU_BASED_USE_MSR_BITMAPS },
	.entry = chk_g_msr,
	.setup = setup,
	.exit = on_exit,
};
