/* SPDX-License-Identifier: MIT */
/*
 * Capability MSRs: reading only what the CPU enumerates (SDM Vol. 3D A.1-A.12),
 * the raw-MSR text form, and the IA32_VMX_BASIC checks. Pure code.
 */
#include "vmx/pure/caps.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/vmx_defs.h"
#include "lib/string.h"

void vmx_caps_init(struct vmx_caps *c)
{
	memset(c, 0, sizeof(*c));
}

int vmx_caps_slot(uint32_t msr)
{
	if (msr >= MSR_IA32_VMX_BASIC && msr <= MSR_IA32_VMX_EXIT_CTLS2)
		return (int)(msr - MSR_IA32_VMX_BASIC);
	if (msr == MSR_IA32_FEATURE_CONTROL)
		return VMX_CAPS_FEAT_CTL_SLOT;
	return -1;
}

uint32_t vmx_caps_slot_msr(unsigned slot)
{
	return slot == VMX_CAPS_FEAT_CTL_SLOT ? MSR_IA32_FEATURE_CONTROL
					      : MSR_IA32_VMX_BASIC + slot;
}

bool vmx_caps_has(const struct vmx_caps *c, uint32_t msr)
{
	int s = vmx_caps_slot(msr);

	return s >= 0 && (c->present & (1u << s));
}

uint64_t vmx_caps_get(const struct vmx_caps *c, uint32_t msr)
{
	return vmx_caps_has(c, msr) ? c->val[vmx_caps_slot(msr)] : 0;
}

void vmx_caps_set(struct vmx_caps *c, uint32_t msr, uint64_t val)
{
	int s = vmx_caps_slot(msr);

	if (s < 0)
		return;
	c->val[s] = val;
	c->present |= 1u << s;
	c->faulted &= ~(1u << s);
}

static int read_one(struct vmx_caps *c, vmx_rdmsr_fn rd, void *ctx, uint32_t msr)
{
	uint64_t v = 0;

	if (rd(ctx, msr, &v)) {
		c->faulted |= 1u << vmx_caps_slot(msr);
		c->fault_msr = msr;
		return VMX_CAPS_E_FAULT;
	}
	vmx_caps_set(c, msr, v);
	return 0;
}

/* Present on every CPU with CPUID.1:ECX.VMX[5] = 1. */
static const uint32_t always_msrs[] = {
	MSR_IA32_VMX_BASIC, MSR_IA32_VMX_PINBASED_CTLS,
	MSR_IA32_VMX_PROCBASED_CTLS, MSR_IA32_VMX_EXIT_CTLS,
	MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_MISC,
	MSR_IA32_VMX_CR0_FIXED0, MSR_IA32_VMX_CR0_FIXED1,
	MSR_IA32_VMX_CR4_FIXED0, MSR_IA32_VMX_CR4_FIXED1,
	MSR_IA32_VMX_VMCS_ENUM,
};

static const uint32_t true_msrs[] = {
	MSR_IA32_VMX_TRUE_PINBASED_CTLS, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
	MSR_IA32_VMX_TRUE_EXIT_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS,
};

int vmx_caps_read(struct vmx_caps *c, vmx_rdmsr_fn rd, void *ctx)
{
	uint32_t proc1, proc2, exit1;
	unsigned i;

	vmx_caps_init(c);
	(void)read_one(c, rd, ctx, MSR_IA32_FEATURE_CONTROL);
	c->fault_msr = 0;
	for (i = 0; i < ARRAY_SIZE(always_msrs); i++)
		if (read_one(c, rd, ctx, always_msrs[i]))
			return VMX_CAPS_E_FAULT;

	/* A.1: the TRUE_* MSRs exist only when IA32_VMX_BASIC[55] = 1. */
	if (vmx_caps_get(c, MSR_IA32_VMX_BASIC) & VMX_BASIC_TRUE_CTLS)
		for (i = 0; i < ARRAY_SIZE(true_msrs); i++)
			if (read_one(c, rd, ctx, true_msrs[i]))
				return VMX_CAPS_E_FAULT;

	/* Allowed-1 settings (high halves) enumerate the optional MSRs. */
	proc1 = (uint32_t)(vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS) >> 32);
	exit1 = (uint32_t)(vmx_caps_get(c, MSR_IA32_VMX_EXIT_CTLS) >> 32);
	if ((proc1 & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	    read_one(c, rd, ctx, MSR_IA32_VMX_PROCBASED_CTLS2))
		return VMX_CAPS_E_FAULT;
	if ((proc1 & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS) &&
	    read_one(c, rd, ctx, MSR_IA32_VMX_PROCBASED_CTLS3))
		return VMX_CAPS_E_FAULT;
	if ((exit1 & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS) &&
	    read_one(c, rd, ctx, MSR_IA32_VMX_EXIT_CTLS2))
		return VMX_CAPS_E_FAULT;

	proc2 = (uint32_t)(vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS2) >> 32);
	if ((proc2 & (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID)) &&
	    read_one(c, rd, ctx, MSR_IA32_VMX_EPT_VPID_CAP))
		return VMX_CAPS_E_FAULT;
	if ((proc2 & SECONDARY_EXEC_ENABLE_VMFUNC) &&
	    read_one(c, rd, ctx, MSR_IA32_VMX_VMFUNC))
		return VMX_CAPS_E_FAULT;
	return 0;
}

uint32_t vmx_caps_ctl_msr_number(const struct vmx_caps *c, enum vmx_word w)
{
	bool use_true = vmx_caps_get(c, MSR_IA32_VMX_BASIC) & VMX_BASIC_TRUE_CTLS;

	switch (w) {
	case VMX_WORD_PIN:
		return use_true ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS;
	case VMX_WORD_PROC:
		return use_true ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS;
	case VMX_WORD_EXIT:
		return use_true ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS;
	case VMX_WORD_ENTRY:
		return use_true ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS;
	case VMX_WORD_PROC2:
		return MSR_IA32_VMX_PROCBASED_CTLS2;
	case VMX_WORD_PROC3:
		return MSR_IA32_VMX_PROCBASED_CTLS3;
	case VMX_WORD_EXIT2:
		return MSR_IA32_VMX_EXIT_CTLS2;
	default:
		return 0;
	}
}

uint64_t vmx_caps_ctl_msr(const struct vmx_caps *c, enum vmx_word w)
{
	return vmx_caps_get(c, vmx_caps_ctl_msr_number(c, w));
}

unsigned vmx_caps_for_each(const struct vmx_caps *c, vmx_msr_iter_fn fn, void *ctx)
{
	unsigned n = 0;

	for (unsigned s = 0; s < VMX_CAPS_NR; s++) {
		if (!(c->present & (1u << s)))
			continue;
		fn(ctx, vmx_caps_slot_msr(s), c->val[s]);
		n++;
	}
	return n;
}

void vmx_caps_print_log(struct out *o, const struct vmx_caps *c)
{
	for (unsigned i = 0; i < VMX_CAPS_NR; i++) {
		unsigned s = (i + VMX_CAPS_FEAT_CTL_SLOT) % VMX_CAPS_NR;
		uint32_t msr = vmx_caps_slot_msr(s);

		if (c->present & (1u << s))
			oprintf(o, "vmx: msr 0x%08x = 0x%016llx\n", msr,
				(unsigned long long)c->val[s]);
		else if (c->faulted & (1u << s))
			oprintf(o, "vmx: msr 0x%08x #GP\n", msr);
	}
}

unsigned vmx_basic_check(uint64_t basic, struct out *log)
{
	uint64_t size = (basic & VMX_BASIC_VMCS_SIZE_MASK) >> VMX_BASIC_VMCS_SIZE_SHIFT;
	uint64_t type = (basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT;
	unsigned err = 0;

	/* A.1: size is at most 4096; the regions are one 4-KiB page here. */
	if (size == 0 || size > 4096) {
		err |= VMX_BASIC_ERR_SIZE;
		if (log)
			oprintf(log, "vmx: IA32_VMX_BASIC: VMCS region size %llu, need 1..4096\n",
				(unsigned long long)size);
	}
	if (type != VMX_BASIC_MEM_TYPE_WB) {
		err |= VMX_BASIC_ERR_MEMTYPE;
		if (log)
			oprintf(log, "vmx: IA32_VMX_BASIC: VMCS memory type %llu, need 6 (write-back)\n",
				(unsigned long long)type);
	}
	/* Always 0 on Intel 64 CPUs; set, VMXON/VMCS/bitmaps must be < 4 GiB. */
	if (basic & VMX_BASIC_32BIT_PHYS_ADDR_ONLY) {
		err |= VMX_BASIC_ERR_32BIT;
		if (log)
			oprintf(log, "vmx: IA32_VMX_BASIC[48]: VMXON region, VMCS and bitmaps must be below 4 GiB\n");
	}
	if (basic & BIT(31)) {
		err |= VMX_BASIC_ERR_REVISION;
		if (log)
			oprintf(log, "vmx: IA32_VMX_BASIC[31] set: reserved, must be 0\n");
	}
	return err;
}

const char *vmx_basic_err_name(unsigned errbit)
{
	switch (errbit) {
	case VMX_BASIC_ERR_SIZE:	return "VMCS region size above 4096";
	case VMX_BASIC_ERR_MEMTYPE:	return "VMCS memory type not write-back";
	case VMX_BASIC_ERR_32BIT:	return "32-bit physical address restriction";
	case VMX_BASIC_ERR_REVISION:	return "revision identifier bit 31 set";
	default:			return "unknown";
	}
}
