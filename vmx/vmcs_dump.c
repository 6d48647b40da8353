/* SPDX-License-Identifier: MIT */
/*
 * What a failed VM entry prints. VMLAUNCH/VMRESUME fail in two ways:
 *  - VMfailValid with a VM-instruction error (SDM 31.4): 7 = a control field
 *    fails the checks of SDM 27.2.1, 8 = a host-state field fails 27.2.2-27.2.4;
 *  - a VM exit with reason bit 31 set (invalid guest state 33, MSR loading 34,
 *    machine check 41; SDM 27.3, 27.4, 27.8), handled in vmx/exit.c.
 * Neither names the failing check, so this dumps every field those checks
 * read. Raw __vmread: a field this CPU does not support prints as "-"
 * instead of panicking. (Bochs names the check in its log: "VMFAIL:",
 * "VMENTER FAIL:" lines.)
 */
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "vmx/entry_check.h"
#include "vmx/guest.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

struct named_field {
	const char *name;
	uint32_t field;
};

#define F(x) { #x, x }

/* SDM 27.2.1: VM-execution, VM-exit and VM-entry control fields. */
static const struct named_field control_fields[] = {
	F(PIN_BASED_VM_EXEC_CONTROL), F(CPU_BASED_VM_EXEC_CONTROL), F(SECONDARY_VM_EXEC_CONTROL),
	F(VM_EXIT_CONTROLS), F(VM_ENTRY_CONTROLS), F(EXCEPTION_BITMAP), F(CR3_TARGET_COUNT),
	F(IO_BITMAP_A), F(IO_BITMAP_B), F(MSR_BITMAP), F(TSC_OFFSET),
	F(VM_EXIT_MSR_STORE_COUNT), F(VM_EXIT_MSR_LOAD_COUNT), F(VM_ENTRY_MSR_LOAD_COUNT),
	F(VM_ENTRY_INTR_INFO_FIELD), F(VM_ENTRY_EXCEPTION_ERROR_CODE),
	F(VM_ENTRY_INSTRUCTION_LEN), F(EPT_POINTER), F(VIRTUAL_PROCESSOR_ID),
	F(CR0_GUEST_HOST_MASK), F(CR0_READ_SHADOW),
	F(CR4_GUEST_HOST_MASK), F(CR4_READ_SHADOW),
};

/* SDM 27.2.2-27.2.4: host control registers, MSRs, segment and descriptor-table registers. */
static const struct named_field host_fields[] = {
	F(HOST_CR0), F(HOST_CR3), F(HOST_CR4), F(HOST_RSP), F(HOST_RIP),
	F(HOST_CS_SELECTOR), F(HOST_SS_SELECTOR), F(HOST_DS_SELECTOR), F(HOST_ES_SELECTOR),
	F(HOST_FS_SELECTOR), F(HOST_GS_SELECTOR), F(HOST_TR_SELECTOR),
	F(HOST_FS_BASE), F(HOST_GS_BASE), F(HOST_TR_BASE), F(HOST_GDTR_BASE), F(HOST_IDTR_BASE),
	F(HOST_IA32_SYSENTER_CS), F(HOST_IA32_SYSENTER_ESP), F(HOST_IA32_SYSENTER_EIP),
	F(HOST_IA32_EFER), F(HOST_IA32_PAT),
};

/* SDM 27.3.1: guest registers, segments, descriptor tables, non-register state. */
static const struct named_field guest_fields[] = {
	F(GUEST_CR0), F(GUEST_CR3), F(GUEST_CR4), F(GUEST_DR7),
	F(GUEST_RSP), F(GUEST_RIP), F(GUEST_RFLAGS),
	F(GUEST_CS_SELECTOR), F(GUEST_CS_BASE), F(GUEST_CS_LIMIT), F(GUEST_CS_AR_BYTES),
	F(GUEST_SS_SELECTOR), F(GUEST_SS_BASE), F(GUEST_SS_LIMIT), F(GUEST_SS_AR_BYTES),
	F(GUEST_DS_SELECTOR), F(GUEST_DS_BASE), F(GUEST_DS_LIMIT), F(GUEST_DS_AR_BYTES),
	F(GUEST_ES_SELECTOR), F(GUEST_ES_BASE), F(GUEST_ES_LIMIT), F(GUEST_ES_AR_BYTES),
	F(GUEST_FS_SELECTOR), F(GUEST_FS_BASE), F(GUEST_FS_LIMIT), F(GUEST_FS_AR_BYTES),
	F(GUEST_GS_SELECTOR), F(GUEST_GS_BASE), F(GUEST_GS_LIMIT), F(GUEST_GS_AR_BYTES),
	F(GUEST_TR_SELECTOR), F(GUEST_TR_BASE), F(GUEST_TR_LIMIT), F(GUEST_TR_AR_BYTES),
	F(GUEST_LDTR_SELECTOR), F(GUEST_LDTR_BASE), F(GUEST_LDTR_LIMIT), F(GUEST_LDTR_AR_BYTES),
	F(GUEST_GDTR_BASE), F(GUEST_GDTR_LIMIT), F(GUEST_IDTR_BASE), F(GUEST_IDTR_LIMIT),
	F(GUEST_IA32_DEBUGCTL), F(GUEST_IA32_EFER), F(GUEST_IA32_PAT),
	F(GUEST_SYSENTER_CS), F(GUEST_SYSENTER_ESP), F(GUEST_SYSENTER_EIP),
	F(GUEST_ACTIVITY_STATE), F(GUEST_INTERRUPTIBILITY_INFO), F(GUEST_PENDING_DBG_EXCEPTIONS),
	F(VMCS_LINK_POINTER),
	F(GUEST_PDPTR0), F(GUEST_PDPTR1), F(GUEST_PDPTR2), F(GUEST_PDPTR3),
};

#define PER_LINE 3

static void dump_group(const char *title, const struct named_field *f, unsigned n)
{
	struct percpu *p = this_cpu();

	for (unsigned i = 0; i < n; i += PER_LINE) {
		char line[200];
		struct out_buf b;

		out_buf_init(&b, line, sizeof(line));
		for (unsigned k = i; k < n && k < i + PER_LINE; k++) {
			uint64_t v;

			if (__vmread(f[k].field, &v) == VMX_SUCCEED)
				oprintf(&b.out, "  %s=0x%llx", f[k].name, (unsigned long long)v);
			else
				oprintf(&b.out, "  %s=-", f[k].name);
		}
		kprintf("[cpu%u] vmcs %s:%s\n", p->index, title, line);
	}
}

void vmcs_dump_state(void)
{
	dump_group("control", control_fields, ARRAY_SIZE(control_fields));
	dump_group("host", host_fields, ARRAY_SIZE(host_fields));
	dump_group("guest", guest_fields, ARRAY_SIZE(guest_fields));
}

void vmcs_report_entry_failure(struct guest *g, const char *insn, int result)
{
	struct percpu *p = g->cpu;

	vmx_report_insn_error(insn, result, p->error, sizeof(p->error));
	p->guest = GUEST_FAILED;
	pr_err("guest: %s; VMCS fields the VM-entry checks read:\n", p->error);
	if (result == VMX_FAIL_VALID) {
		char note[100];
		size_t len = strnlen(p->error, sizeof(p->error));

		vmcs_dump_state();
		vmx_entry_explain_failure(note, sizeof(note));
		snfmt(p->error + len, sizeof(p->error) - len, "; %s", note);
	}
}
