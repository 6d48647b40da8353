/* SPDX-License-Identifier: MIT */
/*
 * VMSAVE and VMLOAD virtualization (APM Vol. 2 15.33.1): with
 * V_VMSAVE_VMLOAD (CPUID 0x8000000a EDX[15]) and VMCB 0B8h bit 1 set, a
 * 64-bit hypervisor using nested paging lets its guest run VMLOAD and
 * VMSAVE without a #VMEXIT: RAX is a guest-physical address, translated
 * through the nested tables. A nested hypervisor's world switch then costs
 * no exits.
 *
 * Page A (guest-physical CHK_PAGE_A_GPA) holds a copy of the guest's save
 * area with STAR, LSTAR, CSTAR, SFMASK, KernelGSbase, SYSENTER_CS/ESP/EIP
 * and the FS and GS bases changed. The VMLOAD and VMSAVE intercepts are
 * clear; the guest does VMLOAD from A, then VMSAVE to page B. Expected: no
 * exit until the program's end; page B holds A's values (VMSAVE wrote the
 * guest-physical page) and so does the VMCB after the #VMEXIT (the host's
 * VMSAVE there saved the guest's live state: VMLOAD loaded them). Broken:
 * bit 1 clear, with the intercepts kept (without the enable, an
 * unintercepted guest VMSAVE writes host-physical memory): VMLOAD exits.
 */
#include <stddef.h>
#include "lib/string.h"
#include "svm/checks.h"

extern const char schk_g_vls[];

static const struct vls_field {
	const char *name;
	size_t off;		/* in struct vmcb */
	uint64_t value;
} fields[] = {
	{ "STAR", offsetof(struct vmcb, save.star), 0x0023001000084242ULL },
	{ "LSTAR", offsetof(struct vmcb, save.lstar), 0xffff800011110000ULL },
	{ "CSTAR", offsetof(struct vmcb, save.cstar), 0xffff800022220000ULL },
	{ "SFMASK", offsetof(struct vmcb, save.sfmask), 0x47700 },
	{ "KernelGSbase", offsetof(struct vmcb, save.kernel_gs_base), 0xffff800033330000ULL },
	{ "SYSENTER_CS", offsetof(struct vmcb, save.sysenter_cs), 0x10 },
	{ "SYSENTER_ESP", offsetof(struct vmcb, save.sysenter_esp), 0x44440000 },
	{ "SYSENTER_EIP", offsetof(struct vmcb, save.sysenter_eip), 0x55550000 },
	{ "FS.base", offsetof(struct vmcb, save.fs.base), 0x66660000 },
	{ "GS.base", offsetof(struct vmcb, save.gs.base), 0x77770000 },
};

static uint64_t field(const void *vmcb, const struct vls_field *f)
{
	uint64_t v;

	memcpy(&v, (const uint8_t *)vmcb + f->off, sizeof(v));
	return v;
}

static void setup(struct schk *c)
{
	struct vmcb *a = (struct vmcb *)(void *)(c->mem + CHK_PAGE_A_GPA);
	unsigned i;

	_Static_assert(sizeof(struct vmcb) <= PAGE_SIZE, "a VMCB fits page A");
	memcpy(a, c->vmcb, sizeof(*a));
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		memcpy((uint8_t *)a + fields[i].off, &fields[i].value, sizeof(uint64_t));
	if (c->broken)
		return;
	c->vmcb->control.virt_ext |= SVM_VIRTUAL_VMLOAD_VMSAVE;
	c->vmcb->control.intercept_misc2 &= ~(uint32_t)(INTERCEPT_VMLOAD | INTERCEPT_VMSAVE);
}

/* The first field of vmcb that is not A's value, or NULL. */
static const struct vls_field *differs(const void *vmcb)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (field(vmcb, &fields[i]) != fields[i].value)
			return &fields[i];
	return NULL;
}

static enum chk_verdict on_exit(struct schk *c)
{
	const void *b = c->mem + CHK_PAGE_B_GPA;
	const struct vls_field *f;

	if (c->code == SVM_EXIT_VMLOAD || c->code == SVM_EXIT_VMSAVE)
		return schk_fail(c, "the guest's %s exited (0x%llx) at rip 0x%llx with "
				 "virtualization %s", c->code == SVM_EXIT_VMLOAD ? "VMLOAD" :
				 "VMSAVE", (unsigned long long)c->code, (unsigned long long)c->rip,
				 c->vmcb->control.virt_ext & SVM_VIRTUAL_VMLOAD_VMSAVE ?
				 "enabled and the intercepts clear" : "off");
	if (!schk_call(c, CHK_CALL_DONE))
		return schk_unexpected(c);
	f = differs(b);
	if (f)
		return schk_fail(c, "after VMLOAD from guest-physical 0x%x and VMSAVE to 0x%x: "
				 "page B's %s is 0x%llx, expected 0x%llx", CHK_PAGE_A_GPA,
				 CHK_PAGE_B_GPA, f->name, (unsigned long long)field(b, f),
				 (unsigned long long)f->value);
	f = differs(c->vmcb);
	if (f)
		return schk_fail(c, "page B holds page A's state, but the guest's live %s after "
				 "the exit is 0x%llx, expected 0x%llx", f->name,
				 (unsigned long long)field(c->vmcb, f),
				 (unsigned long long)f->value);
	return schk_pass(c, "the guest's VMLOAD (guest-physical 0x%x) and VMSAVE (0x%x) ran "
			 "without exits: %u fields loaded into the CPU and saved to the guest's "
			 "page", CHK_PAGE_A_GPA, CHK_PAGE_B_GPA, (unsigned)ARRAY_SIZE(fields));
}

const struct svm_check schk_vmload_vmsave_virt = {
	.name = "vmload_vmsave_virt",
	.apm = "APM Vol. 2 15.33.1",
	.feat = SVM_FEAT_V_VMSAVE_VMLOAD,
	.npt = true,
	.entry = schk_g_vls,
	.setup = setup,
	.exit = on_exit,
};
