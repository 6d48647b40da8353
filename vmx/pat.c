/* SPDX-License-Identifier: MIT */
/*
 * IA32_PAT and the VMX regions. The processor reads the VMXON region, the
 * VMCS and what the VMCS points to with the memory type IA32_VMX_BASIC[53:50]
 * reports (write-back, checked in negotiation), and software should map them
 * with that type too (SDM Vol. 3D A.1). The identity map (kernel/paging.c)
 * uses 2-MiB pages with PWT = PCD = PAT = 0, i.e. PAT entry PA0, so PA0 must
 * be WB. It is at power-on and under every firmware seen so far; if it is
 * not, this CPU programs PA0 = WB rather than give up VT-x, following the
 * SDM's procedure for changing memory types (Vol. 3A 13.12.4 -> 13.11.8):
 * caches in no-fill mode, WBINVD, TLB flush, WRMSR, WBINVD, TLB flush,
 * caches back on. IA32_PAT is per logical processor: every CPU checks its
 * own before VMXON.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "arch/x86/msr-index.h"
#include "vmx/vmx.h"

/* All TLB entries, global ones included (SDM Vol. 3A 4.10.4.1). */
static void flush_tlb_all(void)
{
	uint64_t cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~(uint64_t)X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

static int write_pat(uint64_t pat)
{
	uint64_t cr0 = read_cr0();
	int rc;

	write_cr0((cr0 | X86_CR0_CD) & ~(uint64_t)X86_CR0_NW);
	wbinvd();
	flush_tlb_all();
	rc = wrmsr_safe(MSR_IA32_PAT, pat);
	wbinvd();
	flush_tlb_all();
	write_cr0(cr0);
	return rc;
}

void vmx_pat_print(void)
{
	struct out_buf b;
	char text[160];
	uint64_t pat;

	if (rdmsr_safe(MSR_IA32_PAT, &pat)) {
		pr_info("vmx: IA32_PAT: RDMSR raised #GP\n");
		return;
	}
	out_buf_init(&b, text, sizeof(text));
	pat_print(&b.out, pat);
	pr_info("vmx: IA32_PAT = 0x%016llx (%s): PA0 %s\n", (unsigned long long)pat, text,
		pat_entry0_is_wb(pat) ? "is write-back, as the VMX regions need"
				      : "is not write-back: each CPU programs PA0 = WB");
}

int vmx_pat_check(struct percpu *p)
{
	const char *was;
	uint64_t pat, nv;

	if (rdmsr_safe(MSR_IA32_PAT, &pat)) {
		hv_fail(p, HV_ERROR, "RDMSR IA32_PAT raised #GP: cannot tell the VMX regions' "
			"memory type");
		return -1;
	}
	if (pat_entry0_is_wb(pat))
		return 0;
	was = pat_type_name(pat_entry(pat, 0));
	nv = pat_with_entry0_wb(pat);
	if (write_pat(nv)) {
		hv_fail(p, HV_ERROR, "IA32_PAT = 0x%016llx has PA0 %s and WRMSR 0x%016llx raised "
			"#GP: the VMX regions would not be write-back", (unsigned long long)pat,
			was, (unsigned long long)nv);
		return -1;
	}
	pr_info("vmx: IA32_PAT = 0x%016llx had PA0 %s: programmed 0x%016llx (PA0 WB) so the "
		"VMX regions are write-back\n", (unsigned long long)pat, was,
		(unsigned long long)nv);
	return 0;
}
