/* SPDX-License-Identifier: MIT */
/*
 * Boot-CPU VMX setup, once, before the APs start (the bare-metal counterpart
 * of KVM's vmx_init -> hardware_setup -> setup_vmcs_config): read the
 * capability MSRs the CPU enumerates, print them (raw, vmxcap block, the
 * extras vmxcap lacks), negotiate the static vmcs_config, and add the "vmx"
 * object to the report.
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "kernel/tsc.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/vmx_json.h"
#include "arch/x86/msr-index.h"
#include "vmx/vmx.h"
#include "vmx/pure/vmx_defs.h"
#include "vmx/pure/vmxcap.h"

struct vmcs_config vmcs_config;
struct vmx_capability vmx_capability;
struct vmx_caps boot_vmx_caps;
bool vmx_config_ok;

static int rdmsr_cb(void *ctx, uint32_t msr, uint64_t *val)
{
	(void)ctx;
	return rdmsr_safe(msr, val);
}

int vmx_read_caps(struct vmx_caps *c)
{
	return vmx_caps_read(c, rdmsr_cb, NULL);
}

static bool has2(uint32_t bit)
{
	return vmcs_config.cpu_based_2nd_exec_ctrl & bit;
}

const char *vmx_feature_summary(void)
{
	static char buf[80];

	if (!vmx_config_ok)
		return "no usable VMX";
	snfmt(buf, sizeof(buf), "%s, %s, %s",
	      has2(SECONDARY_EXEC_ENABLE_EPT) ? "EPT" : "no EPT",
	      has2(SECONDARY_EXEC_ENABLE_VPID) ? "VPID" : "no VPID",
	      has2(SECONDARY_EXEC_UNRESTRICTED_GUEST) ? "unrestricted guest"
						       : "no unrestricted guest");
	return buf;
}

void vmx_report(struct json *j)
{
	vmx_report_json(j, &boot_vmx_caps, vmx_config_ok ? &vmcs_config : NULL);
}

void vmx_hardware_setup(void)
{
	struct out *o = con();
	int rc;

	/*
	 * The raw-MSR lines come first, before anything that can stop VT-x
	 * set-up, so tools/vmxdecode can replay every log (a faulting MSR
	 * prints as "#GP").
	 */
	vmx_caps_init(&boot_vmx_caps);
	rc = vmx_read_caps(&boot_vmx_caps);
	vmx_caps_print_log(o, &boot_vmx_caps);
	if (rc) {
		pr_err("vmx: RDMSR 0x%x (%s) raised #GP although the CPU enumerates it\n",
		       boot_vmx_caps.fault_msr, vmx_msr_name(boot_vmx_caps.fault_msr));
		return;
	}
	vmx_pat_print();
	vmxcap_dump(o, &boot_vmx_caps);
	if (vmx_basic_check(vmx_caps_get(&boot_vmx_caps, MSR_IA32_VMX_BASIC), o) &
	    ~VMX_BASIC_ERR_32BIT) {
		pr_err("vmx: IA32_VMX_BASIC is unusable (see above)\n");
		return;
	}
	vmx_config_ok = setup_vmcs_config(&boot_vmx_caps, &vmcs_config, &vmx_capability, o) == 0;
	/* vmx_dump_extra() without its raw-MSR lines: they are printed above. */
	vmx_dump_feature_control(o, &boot_vmx_caps);
	vmx_dump_cr_fixed(o, &boot_vmx_caps);
	vmx_dump_vmcs_enum(o, &boot_vmx_caps);
	vmx_dump_exit_ctls2(o, &boot_vmx_caps);
	vmx_dump_vmcs_config(o, &vmcs_config, &vmx_capability);
	vmx_print_linux_flags(o, &boot_vmx_caps);
	if (!vmx_config_ok)
		pr_err("vmx: the boot CPU lacks controls picovisor requires (see above)\n");
	else
		pr_info("vmx: vmcs_config negotiated: %s\n", vmx_feature_summary());
}

void vmx_kvm_verdict(struct kvm_verdict *v)
{
	struct cpuid_regs r;
	struct kvm_vmx_host host = {
		.cpuid_known = true,
		.nx = boot_cpuinfo.nx,
		.lm = true,             /* we run in long mode */
		.tsc_khz = (uint32_t)tsc_khz(),
	};

	cpuid(1, &r);
	host.signature = r.eax;
	/* Without VT-x the capability MSRs were never read: "no VMX capability MSRs". */
	kvm_vmx_evaluate_host(&boot_vmx_caps, &host, v, NULL);
}
