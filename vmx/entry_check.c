/* SPDX-License-Identifier: MIT */
/*
 * The software VM-entry check in the kernel (docs/entry-rules.md). The rules
 * are pure code (vmx/pure/entry_rules*.c); this file reads the current VMCS
 * into their image with VMREAD and prints what they find. A VMREAD of a field
 * this CPU lacks fails with VMfailValid and leaves 0 in the image (it also
 * overwrites the VM-instruction error field: read that first after a failed
 * entry).
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "vmx/entry_check.h"
#include "vmx/pure/vmstate.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define IDENTITY_MAPPED_TOP	(1ULL << 32)	/* kernel/paging.c maps at least 4 GiB */

void vmx_entry_env(struct er_env *e)
{
	struct cpuid_regs r;
	uint32_t max;

	er_env_init(e, &boot_vmx_caps);
	cpuid(0x80000000, &r);
	if (r.eax >= 0x80000008) {
		cpuid(0x80000008, &r);
		e->maxphyaddr = r.eax & 0xff;
		e->linear_bits = (r.eax >> 8) & 0xff;
	}
	cpuid(0, &r);
	max = r.eax;
	if (max >= 7) {
		cpuid_count(7, 0, &r);
		e->sgx = r.ebx & BIT(2);
		e->rtm = r.ebx & BIT(11);
	}
	e->perf_global_valid = 0;
	if (max >= 0xa) {
		cpuid(0xa, &r);
		e->perf_global_valid = pmu_global_ctrl_valid(max, r.eax, r.edx);
	}
}

void vmx_entry_image_read(struct er_vmcs *v, const struct er_env *e)
{
	uint8_t present[ERF_NR];

	memset(v, 0, sizeof(*v));
	er_fields_present(e, present);
	for (unsigned i = 0; i < ERF_NR; i++) {
		uint64_t x;

		if (present[i] && __vmread(er_field_encoding(i), &x) == VMX_SUCCEED)
			v->v[i] = x;
	}
	vmx_entry_image_memory(v);
}

void vmx_entry_image_memory(struct er_vmcs *v)
{
	uint64_t link, addr, count;

	v->link_known = false;
	v->link_word = 0;
	v->msr_load_known = 0;
	memset(v->msr_load, 0, sizeof(v->msr_load));
	link = v->v[ERF_VMCS_LINK_POINTER];
	if (link != ~0ULL && !(link & 0xfff) && link < IDENTITY_MAPPED_TOP) {
		v->link_known = true;
		v->link_word = *(volatile uint32_t *)(uintptr_t)link;
	}
	addr = v->v[ERF_VM_ENTRY_MSR_LOAD_ADDR];
	count = v->v[ERF_VM_ENTRY_MSR_LOAD_COUNT];
	if (count > ER_MSR_AREA_MAX)
		count = ER_MSR_AREA_MAX;
	if (count && !(addr & 0xf) && addr + 16 * count <= IDENTITY_MAPPED_TOP) {
		memcpy(v->msr_load, (const void *)(uintptr_t)addr, 16 * count);
		v->msr_load_known = (unsigned)count;
	}
}

unsigned vmx_entry_check_current(struct er_vmcs *v, struct er_env *e, struct er_result *r)
{
	vmx_entry_env(e);
	vmx_entry_image_read(v, e);
	return er_check(v, e, r);
}

void vmx_entry_describe(char *why, size_t n, const struct er_result *r)
{
	struct er_outcome oc;
	struct out_buf b;
	const struct er_rule *ru;

	er_outcome(r, &oc);
	out_buf_init(&b, why, n);
	if (oc.first < 0) {
		oprintf(&b.out, "no rule of %u is broken", er_rule_count());
		return;
	}
	ru = er_rule((unsigned)oc.first);
	oprintf(&b.out, "rule %s: %s; the CPU would give ", ru->id, ru->text);
	er_outcome_print(&b.out, &oc);
	if (r->count > 1)
		oprintf(&b.out, " (+%u more rules)", r->count - 1);
}

void vmx_entry_print(const struct er_vmcs *v, const struct er_env *e, const struct er_result *r)
{
	struct con_cpu_out c;

	con_cpu_out_init(&c);
	er_print_broken(&c.out, r);
	er_print_env(&c.out, e);
	er_print_image(&c.out, v);
}

void vmx_entry_explain_failure(char *note, size_t n)
{
	struct er_vmcs v;
	struct er_env e;
	struct er_result r;
	struct er_outcome oc;
	char why[200];

	if (!vmx_entry_check_current(&v, &e, &r)) {
		pr_err("vmx: the CPU rejected a state that passes all %u rules; the fields "
		       "the rules read:\n", er_rule_count());
		snfmt(note, n, "the CPU rejected a state that passes all %u rules",
		      er_rule_count());
	} else {
		vmx_entry_describe(why, sizeof(why), &r);
		pr_err("vmx: the VM-entry rules explain it: %s\n", why);
		er_outcome(&r, &oc);
		if (r.count > 1)
			snfmt(note, n, "the VM-entry rules say: rule %s (+%u more)",
			      er_rule((unsigned)oc.first)->id, r.count - 1);
		else
			snfmt(note, n, "the VM-entry rules say: rule %s",
			      er_rule((unsigned)oc.first)->id);
	}
	vmx_entry_print(&v, &e, &r);
}
