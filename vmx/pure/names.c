/* SPDX-License-Identifier: MIT */
/*
 * Name tables: control bits (SDM Vol. 3C Tables 25-5..25-15), CR0/CR4 and
 * IA32_FEATURE_CONTROL bits, exit reasons (Vol. 3D Appendix C), VM-instruction
 * errors (Vol. 3C Table 31-1), Linux "vmx flags". Pure code.
 */
#include "vmx/pure/names.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/caps.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/vmx_defs.h"
#include "lib/bits.h"

static const char *const pin_names[32] = {
	[0] = "External-interrupt exiting", [3] = "NMI exiting",
	[5] = "Virtual NMIs", [6] = "Activate VMX-preemption timer",
	[7] = "Process posted interrupts",
};

static const char *const proc_names[32] = {
	[2] = "Interrupt-window exiting", [3] = "Use TSC offsetting",
	[7] = "HLT exiting", [9] = "INVLPG exiting", [10] = "MWAIT exiting",
	[11] = "RDPMC exiting", [12] = "RDTSC exiting",
	[15] = "CR3-load exiting", [16] = "CR3-store exiting",
	[17] = "Activate tertiary controls", [19] = "CR8-load exiting",
	[20] = "CR8-store exiting", [21] = "Use TPR shadow",
	[22] = "NMI-window exiting", [23] = "MOV-DR exiting",
	[24] = "Unconditional I/O exiting", [25] = "Use I/O bitmaps",
	[27] = "Monitor trap flag", [28] = "Use MSR bitmaps",
	[29] = "MONITOR exiting", [30] = "PAUSE exiting",
	[31] = "Activate secondary controls",
};

static const char *const proc2_names[32] = {
	[0] = "Virtualize APIC accesses", [1] = "Enable EPT",
	[2] = "Descriptor-table exiting", [3] = "Enable RDTSCP",
	[4] = "Virtualize x2APIC mode", [5] = "Enable VPID",
	[6] = "WBINVD exiting", [7] = "Unrestricted guest",
	[8] = "APIC-register virtualization", [9] = "Virtual-interrupt delivery",
	[10] = "PAUSE-loop exiting", [11] = "RDRAND exiting",
	[12] = "Enable INVPCID", [13] = "Enable VM functions",
	[14] = "VMCS shadowing", [15] = "Enable ENCLS exiting",
	[16] = "RDSEED exiting", [17] = "Enable PML",
	[18] = "EPT-violation #VE", [19] = "Conceal VMX from PT",
	[20] = "Enable XSAVES/XRSTORS", [21] = "PASID translation",
	[22] = "Mode-based execute control for EPT",
	[23] = "Sub-page write permissions for EPT",
	[24] = "Intel PT uses guest physical addresses",
	[25] = "Use TSC scaling", [26] = "Enable user wait and pause",
	[27] = "Enable PCONFIG", [28] = "Enable ENCLV exiting",
	[30] = "VMM bus-lock detection", [31] = "Instruction timeout",
};

static const char *const proc3_names[64] = {
	[0] = "LOADIWKEY exiting", [1] = "Enable HLAT",
	[2] = "EPT paging-write control", [3] = "Guest-paging verification",
	[4] = "IPI virtualization", [7] = "Virtualize IA32_SPEC_CTRL",
};

static const char *const exit_names[32] = {
	[2] = "Save debug controls", [9] = "Host address-space size",
	[12] = "Load IA32_PERF_GLOBAL_CTRL", [15] = "Acknowledge interrupt on exit",
	[18] = "Save IA32_PAT", [19] = "Load IA32_PAT",
	[20] = "Save IA32_EFER", [21] = "Load IA32_EFER",
	[22] = "Save VMX-preemption timer value", [23] = "Clear IA32_BNDCFGS",
	[24] = "Conceal VMX from PT", [25] = "Clear IA32_RTIT_CTL",
	[26] = "Clear IA32_LBR_CTL", [27] = "Clear UINV",
	[28] = "Load CET state", [29] = "Load PKRS",
	[30] = "Save IA32_PERF_GLOBAL_CTL",
	[31] = "Activate secondary controls",
};

static const char *const exit2_names[64] = {
	[0] = "Save FRED MSRs", [1] = "Load FRED MSRs",
};

static const char *const entry_names[32] = {
	[2] = "Load debug controls", [9] = "IA-32e mode guest",
	[10] = "Entry to SMM", [11] = "Deactivate dual-monitor treatment",
	[13] = "Load IA32_PERF_GLOBAL_CTRL", [14] = "Load IA32_PAT",
	[15] = "Load IA32_EFER", [16] = "Load IA32_BNDCFGS",
	[17] = "Conceal VMX from PT", [18] = "Load IA32_RTIT_CTL",
	[19] = "Load UINV", [20] = "Load CET state",
	[21] = "Load guest IA32_LBR_CTL", [22] = "Load PKRS",
	[23] = "Load FRED MSRs",
};

static const char *const cr0_names[64] = {
	[0] = "PE", [1] = "MP", [2] = "EM", [3] = "TS", [4] = "ET", [5] = "NE",
	[16] = "WP", [18] = "AM", [29] = "NW", [30] = "CD", [31] = "PG",
};

static const char *const cr4_names[64] = {
	[0] = "VME", [1] = "PVI", [2] = "TSD", [3] = "DE", [4] = "PSE",
	[5] = "PAE", [6] = "MCE", [7] = "PGE", [8] = "PCE", [9] = "OSFXSR",
	[10] = "OSXMMEXCPT", [11] = "UMIP", [12] = "LA57", [13] = "VMXE",
	[14] = "SMXE", [16] = "FSGSBASE", [17] = "PCIDE", [18] = "OSXSAVE",
	[19] = "KL", [20] = "SMEP", [21] = "SMAP", [22] = "PKE", [23] = "CET",
	[24] = "PKS", [25] = "UINTR", [27] = "LASS", [28] = "LAM_SUP",
	[32] = "FRED",
};

static const char *const feat_ctl_names[64] = {
	[0] = "Lock", [1] = "VMX inside SMX", [2] = "VMX outside SMX",
	[8] = "SENTER local function 0", [9] = "SENTER local function 1",
	[10] = "SENTER local function 2", [11] = "SENTER local function 3",
	[12] = "SENTER local function 4", [13] = "SENTER local function 5",
	[14] = "SENTER local function 6", [15] = "SENTER global enable",
	[17] = "SGX launch control enable", [18] = "SGX global enable",
	[20] = "LMCE on",
};

static const struct {
	const char *title;
	const char *const *names;
	unsigned nbits;
} words[VMX_WORD_NR] = {
	[VMX_WORD_PIN] = { "pin-based VM-execution controls", pin_names, 32 },
	[VMX_WORD_PROC] = { "primary processor-based VM-execution controls", proc_names, 32 },
	[VMX_WORD_PROC2] = { "secondary processor-based VM-execution controls", proc2_names, 32 },
	[VMX_WORD_PROC3] = { "tertiary processor-based VM-execution controls", proc3_names, 64 },
	[VMX_WORD_EXIT] = { "primary VM-exit controls", exit_names, 32 },
	[VMX_WORD_EXIT2] = { "secondary VM-exit controls", exit2_names, 64 },
	[VMX_WORD_ENTRY] = { "VM-entry controls", entry_names, 32 },
	[VMX_WORD_CR0] = { "CR0", cr0_names, 64 },
	[VMX_WORD_CR4] = { "CR4", cr4_names, 64 },
	[VMX_WORD_FEAT_CTL] = { "IA32_FEATURE_CONTROL", feat_ctl_names, 64 },
};

const char *vmx_word_name(enum vmx_word w)
{
	return (unsigned)w < VMX_WORD_NR ? words[w].title : "?";
}

const char *vmx_bit_name(enum vmx_word w, unsigned bit)
{
	if ((unsigned)w >= VMX_WORD_NR || bit >= words[w].nbits)
		return NULL;
	return words[w].names[bit];
}

void vmx_print_bits(struct out *o, enum vmx_word w, uint64_t mask)
{
	const char *sep = "";

	if (!mask) {
		oputs(o, "none");
		return;
	}
	for (unsigned bit = 0; bit < 64; bit++) {
		const char *n;

		if (!(mask & BIT(bit)))
			continue;
		n = vmx_bit_name(w, bit);
		if (n)
			oprintf(o, "%s%s", sep, n);
		else
			oprintf(o, "%sbit %u", sep, bit);
		sep = ", ";
	}
}

static const char *const insn_errors[VMXERR_MAX + 1] = {
	[1] = "VMCALL executed in VMX root operation",
	[2] = "VMCLEAR with invalid physical address",
	[3] = "VMCLEAR with VMXON pointer",
	[4] = "VMLAUNCH with non-clear VMCS",
	[5] = "VMRESUME with non-launched VMCS",
	[6] = "VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH and VMRESUME)",
	[7] = "VM entry with invalid control field(s)",
	[8] = "VM entry with invalid host-state field(s)",
	[9] = "VMPTRLD with invalid physical address",
	[10] = "VMPTRLD with VMXON pointer",
	[11] = "VMPTRLD with incorrect VMCS revision identifier",
	[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[13] = "VMWRITE to read-only VMCS component",
	[15] = "VMXON executed in VMX root operation",
	[16] = "VM entry with invalid executive-VMCS pointer",
	[17] = "VM entry with non-launched executive VMCS",
	[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[19] = "VMCALL with non-clear VMCS",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with incorrect MSEG revision identifier",
	[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "Invalid operand to INVEPT/INVVPID",
};

const char *vmx_insn_error_name(unsigned err)
{
	if (err < ARRAY_SIZE(insn_errors) && insn_errors[err])
		return insn_errors[err];
	return "unknown VM-instruction error";
}

/*
 * Basic exit reasons (SDM Vol. 3D Appendix C): the SDM's name, and the
 * report's key (short, lower case, Linux's name where it has one).
 */
static const struct {
	const char *name, *key;
} exit_reasons[EXIT_REASON_MAX + 1] = {
	[EXIT_REASON_EXCEPTION_NMI] = { "Exception or non-maskable interrupt (NMI)", "exception_nmi" },
	[EXIT_REASON_EXTERNAL_INTERRUPT] = { "External interrupt", "external_interrupt" },
	[EXIT_REASON_TRIPLE_FAULT] = { "Triple fault", "triple_fault" },
	[EXIT_REASON_INIT_SIGNAL] = { "INIT signal", "init_signal" },
	[EXIT_REASON_SIPI_SIGNAL] = { "Start-up IPI (SIPI)", "sipi_signal" },
	[EXIT_REASON_IO_SMI] = { "I/O system-management interrupt (SMI)", "io_smi" },
	[EXIT_REASON_OTHER_SMI] = { "Other SMI", "other_smi" },
	[EXIT_REASON_INTERRUPT_WINDOW] = { "Interrupt window", "interrupt_window" },
	[EXIT_REASON_NMI_WINDOW] = { "NMI window", "nmi_window" },
	[EXIT_REASON_TASK_SWITCH] = { "Task switch", "task_switch" },
	[EXIT_REASON_CPUID] = { "CPUID", "cpuid" },
	[EXIT_REASON_GETSEC] = { "GETSEC", "getsec" },
	[EXIT_REASON_HLT] = { "HLT", "hlt" },
	[EXIT_REASON_INVD] = { "INVD", "invd" },
	[EXIT_REASON_INVLPG] = { "INVLPG", "invlpg" },
	[EXIT_REASON_RDPMC] = { "RDPMC", "rdpmc" },
	[EXIT_REASON_RDTSC] = { "RDTSC", "rdtsc" },
	[EXIT_REASON_RSM] = { "RSM", "rsm" },
	[EXIT_REASON_VMCALL] = { "VMCALL", "vmcall" },
	[EXIT_REASON_VMCLEAR] = { "VMCLEAR", "vmclear" },
	[EXIT_REASON_VMLAUNCH] = { "VMLAUNCH", "vmlaunch" },
	[EXIT_REASON_VMPTRLD] = { "VMPTRLD", "vmptrld" },
	[EXIT_REASON_VMPTRST] = { "VMPTRST", "vmptrst" },
	[EXIT_REASON_VMREAD] = { "VMREAD", "vmread" },
	[EXIT_REASON_VMRESUME] = { "VMRESUME", "vmresume" },
	[EXIT_REASON_VMWRITE] = { "VMWRITE", "vmwrite" },
	[EXIT_REASON_VMOFF] = { "VMXOFF", "vmxoff" },
	[EXIT_REASON_VMON] = { "VMXON", "vmxon" },
	[EXIT_REASON_CR_ACCESS] = { "Control-register accesses", "cr_access" },
	[EXIT_REASON_DR_ACCESS] = { "MOV DR", "dr_access" },
	[EXIT_REASON_IO_INSTRUCTION] = { "I/O instruction", "io" },
	[EXIT_REASON_MSR_READ] = { "RDMSR", "msr_read" },
	[EXIT_REASON_MSR_WRITE] = { "WRMSR", "msr_write" },
	[EXIT_REASON_INVALID_STATE] = { "VM-entry failure due to invalid guest state", "invalid_guest_state" },
	[EXIT_REASON_MSR_LOAD_FAIL] = { "VM-entry failure due to MSR loading", "msr_load_fail" },
	[EXIT_REASON_MWAIT_INSTRUCTION] = { "MWAIT", "mwait" },
	[EXIT_REASON_MONITOR_TRAP_FLAG] = { "Monitor trap flag", "monitor_trap_flag" },
	[EXIT_REASON_MONITOR_INSTRUCTION] = { "MONITOR", "monitor" },
	[EXIT_REASON_PAUSE_INSTRUCTION] = { "PAUSE", "pause" },
	[EXIT_REASON_MCE_DURING_VMENTRY] = { "VM-entry failure due to machine-check event", "mce_during_vmentry" },
	[EXIT_REASON_TPR_BELOW_THRESHOLD] = { "TPR below threshold", "tpr_below_threshold" },
	[EXIT_REASON_APIC_ACCESS] = { "APIC access", "apic_access" },
	[EXIT_REASON_EOI_INDUCED] = { "Virtualized EOI", "eoi_induced" },
	[EXIT_REASON_GDTR_IDTR] = { "Access to GDTR or IDTR", "gdtr_idtr" },
	[EXIT_REASON_LDTR_TR] = { "Access to LDTR or TR", "ldtr_tr" },
	[EXIT_REASON_EPT_VIOLATION] = { "EPT violation", "ept_violation" },
	[EXIT_REASON_EPT_MISCONFIG] = { "EPT misconfiguration", "ept_misconfig" },
	[EXIT_REASON_INVEPT] = { "INVEPT", "invept" },
	[EXIT_REASON_RDTSCP] = { "RDTSCP", "rdtscp" },
	[EXIT_REASON_PREEMPTION_TIMER] = { "VMX-preemption timer expired", "preemption_timer" },
	[EXIT_REASON_INVVPID] = { "INVVPID", "invvpid" },
	[EXIT_REASON_WBINVD] = { "WBINVD or WBNOINVD", "wbinvd" },
	[EXIT_REASON_XSETBV] = { "XSETBV", "xsetbv" },
	[EXIT_REASON_APIC_WRITE] = { "APIC write", "apic_write" },
	[EXIT_REASON_RDRAND] = { "RDRAND", "rdrand" },
	[EXIT_REASON_INVPCID] = { "INVPCID", "invpcid" },
	[EXIT_REASON_VMFUNC] = { "VMFUNC", "vmfunc" },
	[EXIT_REASON_ENCLS] = { "ENCLS", "encls" },
	[EXIT_REASON_RDSEED] = { "RDSEED", "rdseed" },
	[EXIT_REASON_PML_FULL] = { "Page-modification log full", "pml_full" },
	[EXIT_REASON_XSAVES] = { "XSAVES", "xsaves" },
	[EXIT_REASON_XRSTORS] = { "XRSTORS", "xrstors" },
	[EXIT_REASON_PCONFIG] = { "PCONFIG", "pconfig" },
	[EXIT_REASON_SPP] = { "SPP-related event", "spp" },
	[EXIT_REASON_UMWAIT] = { "UMWAIT", "umwait" },
	[EXIT_REASON_TPAUSE] = { "TPAUSE", "tpause" },
	[EXIT_REASON_LOADIWKEY] = { "LOADIWKEY", "loadiwkey" },
	[EXIT_REASON_ENCLV] = { "ENCLV", "enclv" },
	[EXIT_REASON_ENQCMD_PASID_FAIL] = { "ENQCMD PASID translation failure", "enqcmd_pasid_fail" },
	[EXIT_REASON_ENQCMDS_PASID_FAIL] = { "ENQCMDS PASID translation failure", "enqcmds_pasid_fail" },
	[EXIT_REASON_BUS_LOCK] = { "Bus lock", "bus_lock" },
	[EXIT_REASON_NOTIFY] = { "Instruction timeout", "notify" },
	[EXIT_REASON_SEAMCALL] = { "SEAMCALL", "seamcall" },
	[EXIT_REASON_TDCALL] = { "TDCALL", "tdcall" },
};

const char *vmx_exit_reason_name(unsigned reason)
{
	reason &= VMX_EXIT_REASON_BASIC_MASK;
	if (reason < ARRAY_SIZE(exit_reasons) && exit_reasons[reason].name)
		return exit_reasons[reason].name;
	return "unknown exit reason";
}

const char *exit_reason_short(unsigned basic_reason)
{
	return basic_reason < ARRAY_SIZE(exit_reasons) ? exit_reasons[basic_reason].key : NULL;
}

/*
 * Linux "vmx flags": name per word*32+bit, the displayed subset of
 * arch/x86/include/asm/vmxfeatures.h. Word 0 gathers pin-based controls
 * (bits 15:0), INVVPID (16), scattered EPT bits (17-20), synthetic APIC
 * features (24-25) and VM functions (28-31); words 1-4 are the primary,
 * secondary and tertiary (low, high) allowed-1 settings.
 */
static const char *const linux_flags[VMX_LINUX_NWORDS * 32] = {
	[5] = "vnmi", [6] = "preemption_timer", [7] = "posted_intr",
	[16] = "invvpid", [17] = "ept_x_only", [18] = "ept_ad",
	[19] = "ept_1gb", [20] = "ept_5level", [24] = "flexpriority",
	[25] = "apicv", [28] = "eptp_switching",
	[32 + 3] = "tsc_offset", [32 + 21] = "vtpr", [32 + 27] = "mtf",
	[64 + 0] = "vapic", [64 + 1] = "ept", [64 + 5] = "vpid",
	[64 + 7] = "unrestricted_guest", [64 + 8] = "vapic_reg",
	[64 + 9] = "vid", [64 + 10] = "ple", [64 + 14] = "shadow_vmcs",
	[64 + 17] = "pml", [64 + 18] = "ept_violation_ve",
	[64 + 22] = "ept_mode_based_exec", [64 + 25] = "tsc_scaling",
	[64 + 26] = "usr_wait_pause", [64 + 31] = "notify_vm_exiting",
	[96 + 4] = "ipi_virt",
};

static uint32_t hi32(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

void vmx_linux_flag_words(const struct vmx_caps *c, uint32_t w[VMX_LINUX_NWORDS])
{
	uint64_t ept_vpid = vmx_caps_get(c, MSR_IA32_VMX_EPT_VPID_CAP);
	uint64_t proc3 = vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS3);
	uint32_t ept = (uint32_t)ept_vpid, vpid = hi32(ept_vpid);
	uint32_t funcs = (uint32_t)vmx_caps_get(c, MSR_IA32_VMX_VMFUNC);

	/* Linux reads the legacy MSRs' allowed-1 halves; absent MSRs read 0. */
	w[1] = hi32(vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS));
	w[2] = hi32(vmx_caps_get(c, MSR_IA32_VMX_PROCBASED_CTLS2));
	w[3] = (uint32_t)proc3;
	w[4] = hi32(proc3);
	w[0] = (hi32(vmx_caps_get(c, MSR_IA32_VMX_PINBASED_CTLS)) & 0xffff) |
	       ((vpid & 1) << 16) | ((funcs & 0xf) << 28);
	if (ept & VMX_EPT_EXECUTE_ONLY_BIT)
		w[0] |= BIT(17);
	if (ept & VMX_EPT_AD_BIT)
		w[0] |= BIT(18);
	if (ept & VMX_EPT_1GB_PAGE_BIT)
		w[0] |= BIT(19);
	if (ept & VMX_EPT_PAGE_WALK_5_BIT)
		w[0] |= BIT(20);
	if ((w[1] & CPU_BASED_TPR_SHADOW) &&
	    (w[2] & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES))
		w[0] |= BIT(24);	/* flexpriority */
	if ((w[1] & CPU_BASED_TPR_SHADOW) &&
	    (w[2] & SECONDARY_EXEC_APIC_REGISTER_VIRT) &&
	    (w[2] & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) &&
	    (w[0] & PIN_BASED_POSTED_INTR))
		w[0] |= BIT(25);	/* apicv */
}

void vmx_print_linux_flags(struct out *o, const struct vmx_caps *c)
{
	uint32_t w[VMX_LINUX_NWORDS];

	vmx_linux_flag_words(c, w);
	oputs(o, "vmx flags\t:");
	for (unsigned i = 0; i < ARRAY_SIZE(linux_flags); i++)
		if (linux_flags[i] && (w[i / 32] & (1u << (i % 32))))
			oprintf(o, " %s", linux_flags[i]);
	oputs(o, "\n");
}

static const char *const cap_msr_names[20] = {
	"IA32_VMX_BASIC", "IA32_VMX_PINBASED_CTLS", "IA32_VMX_PROCBASED_CTLS",
	"IA32_VMX_EXIT_CTLS", "IA32_VMX_ENTRY_CTLS", "IA32_VMX_MISC",
	"IA32_VMX_CR0_FIXED0", "IA32_VMX_CR0_FIXED1", "IA32_VMX_CR4_FIXED0",
	"IA32_VMX_CR4_FIXED1", "IA32_VMX_VMCS_ENUM", "IA32_VMX_PROCBASED_CTLS2",
	"IA32_VMX_EPT_VPID_CAP", "IA32_VMX_TRUE_PINBASED_CTLS",
	"IA32_VMX_TRUE_PROCBASED_CTLS", "IA32_VMX_TRUE_EXIT_CTLS",
	"IA32_VMX_TRUE_ENTRY_CTLS", "IA32_VMX_VMFUNC",
	"IA32_VMX_PROCBASED_CTLS3", "IA32_VMX_EXIT_CTLS2",
};

const char *vmx_msr_name(uint32_t msr)
{
	if (msr == MSR_IA32_FEATURE_CONTROL)
		return "IA32_FEATURE_CONTROL";
	if (msr >= MSR_IA32_VMX_BASIC && msr <= MSR_IA32_VMX_EXIT_CTLS2)
		return cap_msr_names[msr - MSR_IA32_VMX_BASIC];
	return "?";
}

uint64_t vmx_word_named_mask(enum vmx_word w)
{
	uint64_t m = 0;

	for (unsigned bit = 0; bit < 64; bit++)
		if (vmx_bit_name(w, bit))
			m |= BIT(bit);
	return m;
}
