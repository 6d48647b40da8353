/* SPDX-License-Identifier: MIT */
/*
 * A fresh check guest (docs/checks.md): its memory, page tables, EPT, GDT
 * and IDT, bitmaps and a VMCS of its own, rebuilt from scratch for every
 * check so no check sees another's state.
 *
 * Guest memory is CHK_MEM_SIZE bytes (guest/checks.h), built by the
 * harness there. The EPT maps [0, CHK_MEM_SIZE) with 4 KiB pages only (so
 * each page has its own A/D flags and permissions, and the rows find the
 * tables at fixed places: PML4, PDPT, PD, PT from the pool in that order),
 * plus what a row adds (a 2 MiB page in PD[1], a 1 GiB page in PDPT[1]).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/msrbitmap.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define EPT_POOL_PAGES		8	/* PML4, PDPT, PD, PT; the same again for a second EPTP */
#define EPT_MAIN_PAGES		4
#define EXIT_STACK_PAGES	2
#define EPT_LEAF_WB		((uint64_t)EPT_MT_WB << EPT_MT_SHIFT)
/* Access rights (SDM 25.4.1): code execute/read accessed, S, P, L, G. */
#define AR_CODE64		(0xbU | BIT(4) | BIT(7) | BIT(13) | BIT(15))
#define AR_L			BIT(13)
static void fill_page(void *page, uint8_t byte)
{
	chk_fill(page, PAGE_SIZE, byte);
}

struct vchk *vchk_env_create(struct percpu *p)
{
	size_t pages = ALIGN_UP(sizeof(struct vchk), PAGE_SIZE) / PAGE_SIZE;
	struct vchk *c = (struct vchk *)(uintptr_t)kalloc_pages(pages, "check state");
	const struct guest *main_guest = p->hv_priv;
	size_t code = (size_t)(vchk_image_end - vchk_image);

	if (code > GUEST_CODE_MAX)
		panic("check guests: %zu bytes of code, at most %u fit", code, GUEST_CODE_MAX);
	c->cpu = p;
	c->mem = (uint8_t *)(uintptr_t)kalloc_pages(CHK_MEM_SIZE / PAGE_SIZE, "check guest memory");
	c->vmcs_pa = kalloc_pages(1, "check VMCS");
	c->ept_pool_pa = kalloc_pages(EPT_POOL_PAGES, "check EPT");
	c->host_pages_pa = kalloc_pages(CHK_HOST_PAGES, "check host pages");
	c->io.a = (uint8_t *)(uintptr_t)kalloc_pages(1, "check I/O bitmap A");
	c->io.b = (uint8_t *)(uintptr_t)kalloc_pages(1, "check I/O bitmap B");
	c->msr_bitmap = (uint8_t *)(uintptr_t)kalloc_pages(1, "check MSR bitmap");
	c->g.exit_stack_top = kalloc_pages(EXIT_STACK_PAGES, "check VM-exit stack") +
			      EXIT_STACK_PAGES * PAGE_SIZE;
	c->main_mem_pa = main_guest ? main_guest->mem_pa : 0;
	return c;
}

static uint64_t mem_pa(const struct vchk *c)
{
	return (uint64_t)(uintptr_t)c->mem;
}

void vchk_map_linear_4m(struct vchk *c, uint32_t linear)
{
	uint32_t *pd = (uint32_t *)(void *)(c->mem + GUEST_PD_GPA);
	uint32_t *pt = (uint32_t *)(void *)(c->mem + CHK_PT2_GPA);
	uint32_t first = linear & ~(uint32_t)(4 * 1024 * 1024 - 1);

	pd[linear >> 22] = (uint32_t)CHK_PT2_GPA | PTE_W | PTE_P;
	for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
		pt[i] = (first + i * (uint32_t)PAGE_SIZE) | PTE_W | PTE_P;
}

uint64_t vchk_build_paging64(struct vchk *c)
{
	uint64_t *pml4 = (uint64_t *)(void *)(c->mem + CHK_PT64_PML4_GPA);
	uint64_t *pdpt = (uint64_t *)(void *)(c->mem + CHK_PT64_PDPT_GPA);
	uint64_t *pd = (uint64_t *)(void *)(c->mem + CHK_PT64_PD_GPA);
	uint64_t *pt = (uint64_t *)(void *)(c->mem + CHK_PT64_PT_GPA);
	uint64_t base = c->g.ept ? 0 : mem_pa(c);

	pml4[0] = (base + CHK_PT64_PDPT_GPA) | PTE_W | PTE_P;
	pdpt[0] = (base + CHK_PT64_PD_GPA) | PTE_W | PTE_P;
	pd[0] = (base + CHK_PT64_PT_GPA) | PTE_W | PTE_P;
	for (unsigned i = 0; i < CHK_MEM_SIZE / PAGE_SIZE; i++)
		pt[i] = (base + (uint64_t)i * PAGE_SIZE) | PTE_W | PTE_P;
	return base + CHK_PT64_PML4_GPA;
}

static void build_ept(struct vchk *c)
{
	struct pt4 e;

	chk_build_tables(&e, &ept_format, c->ept_pool_pa, EPT_MAIN_PAGES, mem_pa(c), &c->ept);
	c->g.eptp = ept_eptp(&e);
}

uint64_t vchk_ept_second(struct vchk *c, uint64_t **pt)
{
	uint64_t pool = c->ept_pool_pa + EPT_MAIN_PAGES * PAGE_SIZE;
	uint64_t *copy[EPT_MAIN_PAGES];

	for (unsigned i = 0; i < EPT_MAIN_PAGES; i++) {
		copy[i] = (uint64_t *)(uintptr_t)(pool + i * PAGE_SIZE);
		memcpy(copy[i], (void *)(uintptr_t)(c->ept_pool_pa + i * PAGE_SIZE), PAGE_SIZE);
	}
	for (unsigned i = 0; i + 1 < EPT_MAIN_PAGES; i++)
		copy[i][0] = (pool + (i + 1) * PAGE_SIZE) | EPT_RWX;
	*pt = copy[EPT_MAIN_PAGES - 1];
	return pool | (c->g.eptp & (PAGE_SIZE - 1));
}

void vchk_msr_passthrough(struct vchk *c, uint32_t msr)
{
	msrbitmap_set(c->msr_bitmap, msr, false, false);
	msrbitmap_set(c->msr_bitmap, msr, true, false);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_MSR_BITMAPS, 0);
	vmcs_write64(MSR_BITMAP, c->g.msr_bitmap);
}

void *vchk_host_page(struct vchk *c, unsigned i, uint8_t fill)
{
	void *page = (void *)(uintptr_t)(c->host_pages_pa + (i % CHK_HOST_PAGES) * PAGE_SIZE);

	fill_page(page, fill);
	return page;
}

void vchk_enter_ia32e(struct vchk *c, bool long_cs)
{
	uint64_t cr3 = vchk_build_paging64(c);

	vmcs_write32(VM_ENTRY_CONTROLS, vmcs_read32(VM_ENTRY_CONTROLS) | VM_ENTRY_IA32E_MODE);
	vmcs_writenat(GUEST_CR3, cr3);
	vmcs_writenat(GUEST_CR4, vmcs_readnat(GUEST_CR4) | X86_CR4_PAE);
	vmcs_writenat(GUEST_CR0, vmcs_readnat(GUEST_CR0) | X86_CR0_PE | X86_CR0_PG);
	if (vmcs_config.vmentry_ctrl & VM_ENTRY_LOAD_IA32_EFER)
		vmcs_write64(GUEST_IA32_EFER, EFER_LME | EFER_LMA);
	vmcs_write16(GUEST_CS_SELECTOR, CHK_SEL_CODE64);
	vmcs_write32(GUEST_CS_AR_BYTES, long_cs ? AR_CODE64 : AR_CODE64 & ~(uint32_t)AR_L);
}

uint64_t vchk_ept_leaf(uint64_t hpa, uint64_t perms, bool large)
{
	return hpa | perms | EPT_LEAF_WB | (large ? EPT_LARGE_PAGE : 0);
}

void vchk_set_gate(struct vchk *c, unsigned vector, const char *handler)
{
	chk_guest_gate(c->mem, vector, vchk_ga(handler));
}

/* A VMCS of its own, in the clear launch state (SDM Vol. 3C 25.2, 25.11.3). */
static bool fresh_vmcs(struct vchk *c)
{
	uint32_t *region = (uint32_t *)(uintptr_t)c->vmcs_pa;
	enum vmx_result r;

	fill_page(region, 0);
	region[0] = vmcs_config.revision_id;
	r = vmclear(c->vmcs_pa);
	if (r == VMX_SUCCEED)
		r = vmptrld(c->vmcs_pa);
	if (r != VMX_SUCCEED) {
		vchk_fail(c, "VMCLEAR/VMPTRLD of the check's VMCS failed (%s)",
			  r == VMX_FAIL_INVALID ? "VMfailInvalid" : "VMfailValid");
		return false;
	}
	return true;
}

/* Cached EPT and VPID translations of an earlier check with the same EPTP / VPID. */
static bool invalidate(struct vchk *c)
{
	enum vmx_result r = VMX_SUCCEED;

	if (c->g.ept && vmx_capability.invept_type)
		r = invept(vmx_capability.invept_type, c->g.eptp);
	if (r == VMX_SUCCEED && c->g.vpid && vmx_capability.invvpid_type)
		r = invvpid(vmx_capability.invvpid_type, (uint16_t)(c->cpu->index + 1));
	if (r != VMX_SUCCEED) {
		char what[CHECK_DETAIL_MAX];

		vmx_report_insn_error("INVEPT/INVVPID", r, what, sizeof(what));
		vchk_fail(c, "%s", what);
		return false;
	}
	return true;
}

bool vchk_env_timer_watchdog(void)
{
	uint32_t allowed1 = (uint32_t)(vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_PIN) >> 32);

	return allowed1 & PIN_BASED_VMX_PREEMPTION_TIMER;
}

/*
 * The VMX-preemption timer as a watchdog where it exists: a stuck guest exits (52). Its budget
 * is the guests' one (watchdog=), as the LAPIC timer's where it stands in; the timer starts
 * again from it at every VM entry (SDM Vol. 3C 26.5.1).
 */
static void arm_watchdog(struct vchk *c)
{
	unsigned rate = (unsigned)(vmcs_config.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);

	if (!vchk_env_timer_watchdog())
		return;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL,
		     vmcs_read32(PIN_BASED_VM_EXEC_CONTROL) | PIN_BASED_VMX_PREEMPTION_TIMER);
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
		     watchdog_preemption_value(c->cpu, rate, kopts.watchdog_ms));
}

bool vchk_env_prepare(struct vchk *c, const struct vmx_check *k)
{
	uint32_t proc2 = vmcs_config.cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS
			 ? vmcs_config.cpu_based_2nd_exec_ctrl : 0;
	uint64_t t0 = rdtsc();

	c->launched = c->expect_timer = false;
	c->exits = c->step = 0;
	c->ept = (struct chk_tables){ 0 };
	memset(c->val, 0, sizeof(c->val));
	memset(&c->g.regs, 0, sizeof(c->g.regs));
	c->g.cpu = c->cpu;
	c->g.mode = GUEST_MODE_PAGED32;
	c->g.ept = proc2 & SECONDARY_EXEC_ENABLE_EPT;
	c->g.vpid = proc2 & SECONDARY_EXEC_ENABLE_VPID;
	c->g.mem_pa = mem_pa(c);
	c->g.mem_size = CHK_MEM_SIZE;
	c->g.touch_outside = false;
	c->g.io_bitmap_a = (uint64_t)(uintptr_t)c->io.a;
	c->g.io_bitmap_b = (uint64_t)(uintptr_t)c->io.b;
	c->g.msr_bitmap = (uint64_t)(uintptr_t)c->msr_bitmap;
	c->g.entry_rip = vchk_ga(k->row ? k->row->entry.vmx : k->entry);

	/* 32-bit paging: with EPT linear [0, 4 MiB) = guest-physical, else the guest's pages. */
	chk_guest_memory(c->mem, vchk_image, (size_t)(vchk_image_end - vchk_image),
			 c->g.ept ? 0 : mem_pa(c),
			 c->g.ept ? PAGE_SIZE / 4 : CHK_MEM_SIZE / PAGE_SIZE);
	fill_page(c->io.a, 0xff);		/* every port and MSR exits (iobitmap_intercept_all) */
	fill_page(c->io.b, 0xff);
	fill_page(c->msr_bitmap, 0xff);
	if (c->g.ept)
		build_ept(c);

	if (!fresh_vmcs(c))
		return false;
	pr_debug("checks: %s: guest ready after %llu TSC ticks\n", vmx_check_name(k),
		 (unsigned long long)(rdtsc() - t0));
	vmcs_setup(&c->g);
	vmcs_writenat(HOST_RIP, (uint64_t)(uintptr_t)vchk_exit_stub);
	vmcs_writenat(GUEST_GDTR_BASE, CHK_GDT_GPA);
	vmcs_write32(GUEST_GDTR_LIMIT, CHK_GDT_LIMIT);
	vmcs_writenat(GUEST_IDTR_BASE, CHK_IDT_GPA);
	vmcs_write32(GUEST_IDTR_LIMIT, CHK_IDT_LIMIT);
	arm_watchdog(c);
	return invalidate(c);
}
