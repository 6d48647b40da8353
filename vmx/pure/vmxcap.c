/* SPDX-License-Identifier: MIT */
/*
 * vmxcap-compatible capability listing. Mirrors the behaviour of QEMU's
 * scripts/kvm/vmxcap (newest version with secondary VM-exit controls and
 * IA32_VMX_BASIC[58]) so the block diffs clean against it on Linux:
 *  - an MSR that was not read (absent: RDMSR #GP) counts as 0, as vmxcap's
 *    read(..., default=0) does; every section is always printed;
 *  - control rows: allowed-0 (bits 31:0) and allowed-1 (63:32) of the legacy
 *    MSR give no / yes / forced, "?" for must-be-1-but-cannot-be-1; a
 *    default-1 bit the TRUE_* MSR lets be 0 prints "default";
 *  - tertiary and secondary VM-exit controls: all 64 bits are allowed-1;
 *  - information rows: one bit -> yes/no, a bit range -> decimal.
 * Titles and row names are vmxcap's (its wording, not always the SDM's).
 */
#include "vmx/pure/vmxcap.h"
#include "arch/x86/msr-index.h"

enum kind { INFO, CTL, ALLOWED1 };

struct row {
	unsigned char lo, hi;	/* lo == hi: a flag */
	const char *name;
};

struct section {
	const char *title;
	enum kind kind;
	uint32_t msr, true_msr;	/* true_msr 0: none */
	const struct row *rows;
	unsigned nrows;
};

#define F(b, n)		{ b, b, n }
#define R(l, h, n)	{ l, h, n }

static const struct row basic_rows[] = {
	R(0, 30, "Revision"), R(32, 44, "VMCS size"),
	F(48, "VMCS restricted to 32 bit addresses"), F(49, "Dual-monitor support"),
	R(50, 53, "VMCS memory type"), F(54, "INS/OUTS instruction information"),
	F(55, "IA32_VMX_TRUE_*_CTLS support"), F(56, "Skip checks on event error code"),
	F(58, "VMX nested exception support"),
};
static const struct row pin_rows[] = {
	F(0, "External interrupt exiting"), F(3, "NMI exiting"), F(5, "Virtual NMIs"),
	F(6, "Activate VMX-preemption timer"), F(7, "Process posted interrupts"),
};
static const struct row proc_rows[] = {
	F(2, "Interrupt window exiting"), F(3, "Use TSC offsetting"), F(7, "HLT exiting"),
	F(9, "INVLPG exiting"), F(10, "MWAIT exiting"), F(11, "RDPMC exiting"),
	F(12, "RDTSC exiting"), F(15, "CR3-load exiting"), F(16, "CR3-store exiting"),
	F(17, "Activate tertiary controls"), F(19, "CR8-load exiting"),
	F(20, "CR8-store exiting"), F(21, "Use TPR shadow"), F(22, "NMI-window exiting"),
	F(23, "MOV-DR exiting"), F(24, "Unconditional I/O exiting"),
	F(25, "Use I/O bitmaps"), F(27, "Monitor trap flag"), F(28, "Use MSR bitmaps"),
	F(29, "MONITOR exiting"), F(30, "PAUSE exiting"),
	F(31, "Activate secondary control"),
};
static const struct row proc2_rows[] = {
	F(0, "Virtualize APIC accesses"), F(1, "Enable EPT"),
	F(2, "Descriptor-table exiting"), F(3, "Enable RDTSCP"),
	F(4, "Virtualize x2APIC mode"), F(5, "Enable VPID"), F(6, "WBINVD exiting"),
	F(7, "Unrestricted guest"), F(8, "APIC register emulation"),
	F(9, "Virtual interrupt delivery"), F(10, "PAUSE-loop exiting"),
	F(11, "RDRAND exiting"), F(12, "Enable INVPCID"), F(13, "Enable VM functions"),
	F(14, "VMCS shadowing"), F(15, "Enable ENCLS exiting"), F(16, "RDSEED exiting"),
	F(17, "Enable PML"), F(18, "EPT-violation #VE"),
	F(19, "Conceal non-root operation from PT"), F(20, "Enable XSAVES/XRSTORS"),
	F(22, "Mode-based execute control (XS/XU)"), F(23, "Sub-page write permissions"),
	F(24, "GPA translation for PT"), F(25, "TSC scaling"),
	F(26, "User wait and pause"), F(28, "ENCLV exiting"),
};
static const struct row proc3_rows[] = {
	F(4, "Enable IPI virtualization"),
};
static const struct row exit_rows[] = {
	F(2, "Save debug controls"), F(9, "Host address-space size"),
	F(12, "Load IA32_PERF_GLOBAL_CTRL"), F(15, "Acknowledge interrupt on exit"),
	F(18, "Save IA32_PAT"), F(19, "Load IA32_PAT"), F(20, "Save IA32_EFER"),
	F(21, "Load IA32_EFER"), F(22, "Save VMX-preemption timer value"),
	F(23, "Clear IA32_BNDCFGS"), F(24, "Conceal VM exits from PT"),
	F(25, "Clear IA32_RTIT_CTL"), F(31, "Activate secondary VM-exit controls"),
};
static const struct row exit2_rows[] = {
	F(0, "Save IA32 FRED MSRs"), F(1, "Load IA32 FRED MSRs"),
};
static const struct row entry_rows[] = {
	F(2, "Load debug controls"), F(9, "IA-32e mode guest"), F(10, "Entry to SMM"),
	F(11, "Deactivate dual-monitor treatment"), F(13, "Load IA32_PERF_GLOBAL_CTRL"),
	F(14, "Load IA32_PAT"), F(15, "Load IA32_EFER"), F(16, "Load IA32_BNDCFGS"),
	F(17, "Conceal VM entries from PT"), F(18, "Load IA32_RTIT_CTL"),
	F(23, "Load IA32 FRED MSRs"),
};
static const struct row misc_rows[] = {
	R(0, 4, "VMX-preemption timer scale (log2)"),
	F(5, "Store EFER.LMA into IA-32e mode guest control"),
	F(6, "HLT activity state"), F(7, "Shutdown activity state"),
	F(8, "Wait-for-SIPI activity state"), F(14, "PT in VMX operation"),
	F(15, "IA32_SMBASE support"), R(16, 24, "Number of CR3-target values"),
	R(25, 27, "MSR-load/store count recommendation"),
	F(28, "IA32_SMM_MONITOR_CTL[2] can be set to 1"),
	F(29, "VMWRITE to VM-exit information fields"),
	F(30, "Inject event with insn length=0"), R(32, 63, "MSEG revision identifier"),
};
static const struct row ept_rows[] = {
	F(0, "Execute-only EPT translations"), F(6, "Page-walk length 4"),
	F(7, "Page-walk length 5"), F(8, "Paging-structure memory type UC"),
	F(14, "Paging-structure memory type WB"), F(16, "2MB EPT pages"),
	F(17, "1GB EPT pages"), F(20, "INVEPT supported"),
	F(21, "EPT accessed and dirty flags"),
	F(22, "Advanced VM-exit information for EPT violations"),
	F(25, "Single-context INVEPT"), F(26, "All-context INVEPT"),
	F(32, "INVVPID supported"), F(40, "Individual-address INVVPID"),
	F(41, "Single-context INVVPID"), F(42, "All-context INVVPID"),
	F(43, "Single-context-retaining-globals INVVPID"),
};
static const struct row vmfunc_rows[] = {
	F(0, "EPTP Switching"),
};

#define SECT(t, k, m, tm, r) { t, k, m, tm, r, sizeof(r) / sizeof(r[0]) }

static const struct section sections[] = {
	SECT("Basic VMX Information", INFO, MSR_IA32_VMX_BASIC, 0, basic_rows),
	SECT("pin-based controls", CTL, MSR_IA32_VMX_PINBASED_CTLS,
	     MSR_IA32_VMX_TRUE_PINBASED_CTLS, pin_rows),
	SECT("primary processor-based controls", CTL, MSR_IA32_VMX_PROCBASED_CTLS,
	     MSR_IA32_VMX_TRUE_PROCBASED_CTLS, proc_rows),
	SECT("secondary processor-based controls", CTL, MSR_IA32_VMX_PROCBASED_CTLS2,
	     0, proc2_rows),
	SECT("tertiary processor-based controls", ALLOWED1,
	     MSR_IA32_VMX_PROCBASED_CTLS3, 0, proc3_rows),
	SECT("VM-Exit controls", CTL, MSR_IA32_VMX_EXIT_CTLS,
	     MSR_IA32_VMX_TRUE_EXIT_CTLS, exit_rows),
	SECT("secondary VM-Exit controls", ALLOWED1, MSR_IA32_VMX_EXIT_CTLS2, 0, exit2_rows),
	SECT("VM-Entry controls", CTL, MSR_IA32_VMX_ENTRY_CTLS,
	     MSR_IA32_VMX_TRUE_ENTRY_CTLS, entry_rows),
	SECT("Miscellaneous data", INFO, MSR_IA32_VMX_MISC, 0, misc_rows),
	SECT("VPID and EPT capabilities", INFO, MSR_IA32_VMX_EPT_VPID_CAP, 0, ept_rows),
	SECT("VM Functions", INFO, MSR_IA32_VMX_VMFUNC, 0, vmfunc_rows),
};

static const char *ctl_state(const struct section *s, const struct vmx_caps *c,
			     unsigned bit)
{
	uint64_t v = vmx_caps_get(c, s->msr), tv = 0;
	uint64_t must1, may1, tmust1 = 0, tmay1 = 0;

	if (s->kind == ALLOWED1) {
		must1 = 0;
		may1 = v;
	} else {
		must1 = v & 0xffffffffu;
		may1 = v >> 32;
	}
	if (s->true_msr) {
		tv = vmx_caps_get(c, s->true_msr);
		tmust1 = tv & 0xffffffffu;
		tmay1 = tv >> 32;
	}
	bool zero = !((must1 >> bit) & 1), one = (may1 >> bit) & 1;
	bool tzero = !((tmust1 >> bit) & 1), tone = (tmay1 >> bit) & 1;

	if (s->true_msr && tzero && tone && one && !zero)
		return "default";
	if (zero && !one)
		return "no";
	if (one && !zero)
		return "forced";
	if (one && zero)
		return "yes";
	return "?";
}

static void print_section(struct out *o, const struct section *s, const struct vmx_caps *c)
{
	uint64_t v = vmx_caps_get(c, s->msr);

	oprintf(o, "%s\n", s->title);
	if (s->kind == INFO)
		oprintf(o, "  Hex: 0x%llx\n", (unsigned long long)v);
	for (unsigned i = 0; i < s->nrows; i++) {
		const struct row *r = &s->rows[i];

		if (s->kind != INFO) {
			oprintf(o, "  %-40s %s\n", r->name, ctl_state(s, c, r->lo));
		} else if (r->lo == r->hi) {
			oprintf(o, "  %-40s %s\n", r->name, ((v >> r->lo) & 1) ? "yes" : "no");
		} else {
			unsigned w = r->hi - r->lo + 1;
			uint64_t f = (v >> r->lo) & (w == 64 ? ~0ULL : (1ULL << w) - 1);

			oprintf(o, "  %-40s %llu\n", r->name, (unsigned long long)f);
		}
	}
}

void vmxcap_print(struct out *o, const struct vmx_caps *c)
{
	for (unsigned i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		print_section(o, &sections[i], c);
}

void vmxcap_dump(struct out *o, const struct vmx_caps *c)
{
	oputs(o, "BEGIN VMXCAP\n");
	vmxcap_print(o, c);
	oputs(o, "END VMXCAP\n");
}
