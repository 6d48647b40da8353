/* SPDX-License-Identifier: MIT */
/*
 * Filling the current VMCS for one guest (SDM Vol. 3C 25.3 guest state,
 * 25.5 host state, 25.6-25.8 controls; the VM-entry checks of 27.2-27.3).
 * Controls come from the negotiated vmcs_config; a field the CPU does not
 * have (EPTP, VPID on Core 2) is written only when its control is on, since
 * VMWRITE to an unsupported field fails (VM-instruction error 12).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "vmx/guest.h"
#include "arch/x86/msr-index.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

/* Segment access rights (SDM 25.4.1, table 25-2). */
#define AR_TYPE_DATA_RW_ACCESSED	0x3
#define AR_TYPE_CODE_RX_ACCESSED	0xb
#define AR_TYPE_TSS_BUSY		0xb	/* 32-bit busy TSS (16-bit busy: 0x3) */
#define AR_S				BIT(4)	/* code/data, not system */
#define AR_P				BIT(7)
#define AR_DB				BIT(14)
#define AR_G				BIT(15)
#define AR_UNUSABLE			BIT(16)

#define EXCEPTION_BITMAP_ALL	0xffffffffU

static void setup_controls(const struct guest *g)
{
	const struct vmcs_config *c = &vmcs_config;
	uint32_t proc = c->cpu_based_exec_ctrl;
	/* "IA-32e mode guest" was negotiated as possible; these guests are 16/32-bit. */
	uint32_t entry = c->vmentry_ctrl & ~(uint32_t)VM_ENTRY_IA32E_MODE;

	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, c->pin_based_exec_ctrl);
	/* The guest watchdog: counts down while the guest runs, exits at 0, and
	 * starts again from this value at every VM entry (SDM 26.5.1). */
	if (c->pin_based_exec_ctrl & PIN_BASED_VMX_PREEMPTION_TIMER)
		vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, watchdog_preemption_value(g->cpu,
			     (unsigned)(c->misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK),
			     kopts.watchdog_ms));
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, proc);
	if (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		vmcs_write32(SECONDARY_VM_EXEC_CONTROL, c->cpu_based_2nd_exec_ctrl);
	if (proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		vmcs_write64(TERTIARY_VM_EXEC_CONTROL, c->cpu_based_3rd_exec_ctrl);
	vmcs_write32(VM_EXIT_CONTROLS, c->vmexit_ctrl);
	if (c->vmexit_ctrl & VM_EXIT_ACTIVATE_SECONDARY_CONTROLS)
		vmcs_write64(SECONDARY_VM_EXIT_CONTROLS, c->vmexit_2nd_ctrl);
	vmcs_write32(VM_ENTRY_CONTROLS, entry);

	/* Every exception exits: a guest fault is reported, never silently a triple fault.
	 * With #PF in the bitmap, mask = match = 0 makes every page fault exit (SDM 26.2). */
	vmcs_write32(EXCEPTION_BITMAP, EXCEPTION_BITMAP_ALL);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write64(TSC_OFFSET, 0);

	if (proc & CPU_BASED_USE_IO_BITMAPS) {
		vmcs_write64(IO_BITMAP_A, g->io_bitmap_a);
		vmcs_write64(IO_BITMAP_B, g->io_bitmap_b);
	}
	if (proc & CPU_BASED_USE_MSR_BITMAPS)
		vmcs_write64(MSR_BITMAP, g->msr_bitmap);
	if (g->ept)
		vmcs_write64(EPT_POINTER, g->eptp);
	/* VPID 0 is the host's; with "enable VPID" a guest's must be non-zero (SDM 27.2.1.1). */
	if (g->vpid)
		vmcs_write16(VIRTUAL_PROCESSOR_ID, (uint16_t)(g->cpu->index + 1));
	/* Without a shadow VMCS the link pointer must be all ones (SDM 27.3.1.5);
	 * guest=bad-entry breaks that on purpose to prove the failed-entry path. */
	vmcs_write64(VMCS_LINK_POINTER, kopts.guest == OPT_GUEST_BAD_ENTRY ? 0 : ~0ULL);
}

/*
 * What a VM exit loads (SDM 28.5). The selectors must have RPL = TI = 0, TR
 * and SS non-zero in a 64-bit host; GS base is this CPU's percpu pointer.
 * The GDTR and IDTR limits are not in the VMCS: an exit sets both to 0xFFFF,
 * guest_run restores them when the guest is over.
 */
static void setup_host(const struct guest *g)
{
	const struct vmcs_config *c = &vmcs_config;
	struct desc_ptr gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	vmcs_writenat(HOST_CR0, read_cr0());
	vmcs_writenat(HOST_CR3, read_cr3());
	vmcs_writenat(HOST_CR4, read_cr4());
	vmcs_write16(HOST_CS_SELECTOR, read_cs());
	vmcs_write16(HOST_SS_SELECTOR, read_ss());
	vmcs_write16(HOST_DS_SELECTOR, read_ds());
	vmcs_write16(HOST_ES_SELECTOR, read_es());
	vmcs_write16(HOST_FS_SELECTOR, read_fs());
	vmcs_write16(HOST_GS_SELECTOR, read_gs());
	vmcs_write16(HOST_TR_SELECTOR, read_tr());
	vmcs_writenat(HOST_FS_BASE, rdmsr(MSR_FS_BASE));
	vmcs_writenat(HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmcs_writenat(HOST_TR_BASE, (uint64_t)(uintptr_t)&g->cpu->tss);
	vmcs_writenat(HOST_GDTR_BASE, gdtr.base);
	vmcs_writenat(HOST_IDTR_BASE, idtr.base);
	vmcs_write32(HOST_IA32_SYSENTER_CS, 0);
	vmcs_writenat(HOST_IA32_SYSENTER_ESP, 0);
	vmcs_writenat(HOST_IA32_SYSENTER_EIP, 0);
	if (c->vmexit_ctrl & VM_EXIT_LOAD_IA32_EFER)
		vmcs_write64(HOST_IA32_EFER, rdmsr(MSR_EFER));
	if (c->vmexit_ctrl & VM_EXIT_LOAD_IA32_PAT)
		vmcs_write64(HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_writenat(HOST_RSP, g->exit_stack_top - 16);
	vmcs_writenat(HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_stub);
}

static void guest_seg(uint32_t sel_field, uint16_t sel, uint64_t base, uint32_t limit,
		      uint32_t ar)
{
	/* Encodings: selector 0x08xx, limit 0x48xx, AR 0x48xx + 0x14, base 0x68xx + 6. */
	unsigned i = (sel_field - GUEST_ES_SELECTOR) / 2;

	vmcs_write16(sel_field, sel);
	vmcs_write32(GUEST_ES_LIMIT + 2 * i, limit);
	vmcs_write32(GUEST_ES_AR_BYTES + 2 * i, ar);
	vmcs_writenat(GUEST_ES_BASE + 2 * i, base);
}

static void setup_cr(const struct guest *g, bool ug)
{
	uint64_t cr0_fixed0 = vmx_guest_cr0_fixed0(vmx_caps_get(&boot_vmx_caps,
						   MSR_IA32_VMX_CR0_FIXED0), ug);
	uint64_t cr0_fixed1 = vmx_caps_get(&boot_vmx_caps, MSR_IA32_VMX_CR0_FIXED1);
	uint64_t cr4_fixed0 = vmx_caps_get(&boot_vmx_caps, MSR_IA32_VMX_CR4_FIXED0);
	uint64_t cr4_fixed1 = vmx_caps_get(&boot_vmx_caps, MSR_IA32_VMX_CR4_FIXED1);
	uint64_t cr0 = X86_CR0_ET | X86_CR0_NE;

	if (g->mode == GUEST_MODE_PAGED32)
		cr0 |= X86_CR0_PE | X86_CR0_PG | X86_CR0_WP;
	cr0 = (cr0 | cr0_fixed0) & cr0_fixed1;
	vmcs_writenat(GUEST_CR0, cr0);
	vmcs_writenat(GUEST_CR4, cr4_fixed0 & cr4_fixed1);
	/* The host owns the bits VMX fixes to 1: a guest write changing one exits
	 * (CR access), reads return the shadow. CR4.VMXE reads as 0. */
	vmcs_writenat(CR0_GUEST_HOST_MASK, cr0_fixed0);
	vmcs_writenat(CR0_READ_SHADOW, cr0);
	vmcs_writenat(CR4_GUEST_HOST_MASK, cr4_fixed0);
	vmcs_writenat(CR4_READ_SHADOW, 0);
	/* CR3: guest-physical with EPT; without EPT the hypervisor-built tables' host address. */
	vmcs_writenat(GUEST_CR3, g->mode == GUEST_MODE_PAGED32
		      ? (g->ept ? GUEST_PD_GPA : g->mem_pa + GUEST_PD_GPA) : 0);
}

static void setup_guest(const struct guest *g)
{
	bool real = g->mode == GUEST_MODE_REAL;
	uint32_t limit = real ? 0xffff : 0xffffffff;
	uint32_t code_ar = AR_P | AR_S | AR_TYPE_CODE_RX_ACCESSED | (real ? 0 : AR_DB | AR_G);
	uint32_t data_ar = AR_P | AR_S | AR_TYPE_DATA_RW_ACCESSED | (real ? 0 : AR_DB | AR_G);
	uint16_t cs = real ? 0 : GUEST_SEL_CODE32, ds = real ? 0 : GUEST_SEL_DATA;
	/* The test variant's FS: based at the first byte past guest memory. */
	uint64_t fs_base = g->touch_outside ? g->mem_size : 0;

	setup_cr(g, real);
	/* Real mode under "unrestricted guest": base = selector << 4 is not checked
	 * (only in virtual-8086 mode), SS.DPL must be 0 (SDM 27.3.1.2). */
	guest_seg(GUEST_CS_SELECTOR, cs, 0, limit, code_ar);
	guest_seg(GUEST_SS_SELECTOR, ds, 0, limit, data_ar);
	guest_seg(GUEST_DS_SELECTOR, ds, 0, limit, data_ar);
	guest_seg(GUEST_ES_SELECTOR, ds, 0, limit, data_ar);
	guest_seg(GUEST_FS_SELECTOR, ds, fs_base, limit, data_ar);
	guest_seg(GUEST_GS_SELECTOR, ds, 0, limit, data_ar);
	/* TR must be usable and busy; LDTR may be unusable (SDM 27.3.1.2). */
	guest_seg(GUEST_TR_SELECTOR, 0, 0, TSS32_LIMIT, AR_P | AR_TYPE_TSS_BUSY);
	guest_seg(GUEST_LDTR_SELECTOR, 0, 0, 0, AR_UNUSABLE);
	vmcs_writenat(GUEST_GDTR_BASE, 0);
	vmcs_write32(GUEST_GDTR_LIMIT, 0);
	vmcs_writenat(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, real ? 0x3ff : 0);

	vmcs_writenat(GUEST_RIP, g->entry_rip);
	vmcs_writenat(GUEST_RSP, GUEST_STACK_TOP);
	vmcs_writenat(GUEST_RFLAGS, X86_EFLAGS_FIXED);	/* IF = 0 */
	vmcs_writenat(GUEST_DR7, DR7_INIT);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writenat(GUEST_SYSENTER_ESP, 0);
	vmcs_writenat(GUEST_SYSENTER_EIP, 0);
	if (vmcs_config.vmentry_ctrl & VM_ENTRY_LOAD_IA32_EFER)
		vmcs_write64(GUEST_IA32_EFER, 0);
	if (vmcs_config.vmentry_ctrl & VM_ENTRY_LOAD_IA32_PAT)
		vmcs_write64(GUEST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	/* Active, not HLT: entering in the HLT activity state with nothing to wake
	 * the guest hangs Bochs for good. */
	vmcs_write32(GUEST_ACTIVITY_STATE, 0);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_writenat(GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

void vmcs_setup(struct guest *g)
{
	setup_controls(g);
	setup_host(g);
	setup_guest(g);
}
