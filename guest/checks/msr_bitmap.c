/* SPDX-License-Identifier: MIT */
/*
 * MSR intercepts (VT-x: the MSR bitmaps, SDM Vol. 3C 25.6.9, 26.1.3,
 * modelled by vmx/pure/msrbitmap.c; AMD-V: the MSR permission map with the
 * MSR_PROT intercept, APM Vol. 2 15.11, modelled by svm/pure/permmap.c):
 * RDMSR/WRMSR exit (VT-x reasons 31/32; AMD-V 0x7c, EXITINFO1 0 = read,
 * 1 = write) exactly for the MSRs whose bit is set for that direction, ECX
 * naming the MSR.
 *
 * Every MSR intercepted but the read of IA32_SYSENTER_CS and, on AMD-V,
 * of STAR. The guest makes the accesses of the list below (handed in at
 * CHK_DLIST) in its order: one per range of each vendor's map (AMD-V's
 * third vector, 0xc0010000-0xc0011fff, has no VT-x counterpart: there
 * every access exits). Expected: exactly the accesses the backend's model
 * says exit, in order; the passed-through reads return the guest's own
 * values (the VMCS guest field loaded at entry; the VMCB's VMLOAD state),
 * the intercepted ones the host's emulated value. Broken: the read of
 * IA32_SYSENTER_CS intercepted too, so it exits.
 */
#include "guest/checks.h"
#include "lib/out.h"

#define SYSENTER_CS_VALUE	0x5aULL
#define STAR_VALUE		(0x00230010ULL << 32)	/* SYSRET and SYSCALL selectors */
#define EMULATED_READ		0xc0de0000U		/* | the access's index */
#define NO_SLOT			0xff

static const struct {
	uint32_t msr;
	bool write;
	uint8_t slot;		/* the data word (CHK_D0 + 4 * slot) a read's result goes to */
	bool high;		/* the word is EDX */
	bool svm_only;
	uint64_t value;		/* passed through: the guest's own value (set_guest_msr) */
} accesses[] = {
	{ .msr = MSR_IA32_SYSENTER_CS, .slot = 0, .value = SYSENTER_CS_VALUE },	/* passes */
	{ .msr = MSR_STAR, .slot = 3, .high = true, .svm_only = true, .value = STAR_VALUE },
	{ .msr = MSR_IA32_SYSENTER_ESP, .slot = 1 },			/* intercepted read */
	{ .msr = MSR_IA32_SYSENTER_CS, .write = true, .slot = NO_SLOT },	/* intercepted write */
	{ .msr = MSR_KERNEL_GS_BASE, .slot = 2 },			/* 0xc0000000 range */
	{ .msr = MSR_VM_HSAVE_PA, .write = true, .slot = NO_SLOT, .svm_only = true },	/* 0xc0010000 */
};
_Static_assert(ARRAY_SIZE(accesses) * CHK_MSR_ENTRY_SIZE < PAGE_SIZE, "the list in its page");

CHK_PROG_EXTERN(g_msr);

static bool made(const struct chk_run *r, unsigned i)
{
	return !accesses[i].svm_only || r->vendor == CHK_SVM;
}

static void setup(struct chk_run *r)
{
	uint8_t *list = r->mem + CHK_DLIST;

	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		if (!made(r, i))
			continue;
		if (accesses[i].value) {
			r->ops->set_guest_msr(r, accesses[i].msr, accesses[i].value);
			r->ops->intercept_msr(r, accesses[i].msr, accesses[i].write, false);
		}
		list[0] = (uint8_t)accesses[i].msr;
		list[1] = (uint8_t)(accesses[i].msr >> 8);
		list[2] = (uint8_t)(accesses[i].msr >> 16);
		list[3] = (uint8_t)(accesses[i].msr >> 24);
		list[4] = accesses[i].write;
		list[5] = accesses[i].slot;
		list[6] = accesses[i].high;
		list[7] = 1;
		list += CHK_MSR_ENTRY_SIZE;
	}
	list[7] = 0;	/* the end */
	/* The expected outcome is the model's, before any deliberate break. */
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++)
		if (made(r, i) && r->ops->msr_exits(r, accesses[i].msr, accesses[i].write))
			r->val[CHK_VAL_EXITING] |= 1u << i;
	if (r->broken)
		r->ops->intercept_msr(r, MSR_IA32_SYSENTER_CS, false, true);
}

static const char *insn(unsigned i)
{
	return accesses[i].write ? "WRMSR" : "RDMSR";
}

/* The value access i's read leaves in its data word. */
static uint32_t expected_word(const struct chk_run *r, unsigned i)
{
	uint64_t v = r->val[CHK_VAL_EXITING] & (1u << i) ? EMULATED_READ | i : accesses[i].value;

	return (uint32_t)(accesses[i].high ? v >> 32 : v);
}

static enum chk_verdict verdict(struct chk_run *r)
{
	char exited[112], passed[48];
	struct out_buf x, p;

	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		uint32_t seen;

		if (!made(r, i) || accesses[i].write || accesses[i].slot == NO_SLOT)
			continue;
		seen = chk_run_word(r, CHK_D0 + 4 * accesses[i].slot);
		if (seen != expected_word(r, i))
			return chk_run_fail(r, "RDMSR 0x%x gave the guest 0x%x, expected 0x%x (%s)",
					    accesses[i].msr, seen, expected_word(r, i),
					    r->val[CHK_VAL_EXITING] & (1u << i) ? "emulated" :
					    "its own value, passed through");
	}
	out_buf_init(&x, exited, sizeof(exited));
	out_buf_init(&p, passed, sizeof(passed));
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		struct out_buf *b = r->val[CHK_VAL_EXITING] & (1u << i) ? &x : &p;

		if (made(r, i))
			oprintf(&b->out, "%s%s 0x%x", b->len ? ", " : "", insn(i), accesses[i].msr);
	}
	return chk_run_pass(r, "%s passed through; %s exited", passed, exited);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	unsigned i = chk_run_next_exit(r, ARRAY_SIZE(accesses));
	struct chk_exit e;

	r->ops->decode(r, &e);
	if (e.kind == CHK_EXIT_MSR) {
		if (i == ARRAY_SIZE(accesses) || accesses[i].msr != e.msr ||
		    accesses[i].write != e.write)
			return chk_run_fail(r, "%s of MSR 0x%x exited (%s) at rip 0x%llx, but it is not "
					    "intercepted", e.write ? "WRMSR" : "RDMSR", e.msr, e.name,
					    (unsigned long long)e.rip);
		if (!e.write) {
			r->regs->rax = EMULATED_READ | i;
			r->regs->rdx = 0;
		}
		r->step = i + 1;
		r->ops->skip(r, 2);	/* 0F 32, 0F 30 */
		return CHK_RESUME;
	}
	if (!chk_exit_done(&e))
		return r->ops->unexpected(r);
	if (i < ARRAY_SIZE(accesses))
		return chk_run_fail(r, "%s of MSR 0x%x did not exit although it is intercepted",
				    insn(i), accesses[i].msr);
	return verdict(r);
}

const struct chk_row chk_row_msr_bitmap = {
	.name = "msr_bitmap",
	.svm_name = "msrpm",
	.sdm = "SDM Vol. 3C 25.6.9, 26.1.3",
	.apm = "APM Vol. 2 15.11",
	.entry = CHK_PROG(g_msr),
	.setup = setup,
	.exit = on_exit,
};
