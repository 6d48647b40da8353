/* SPDX-License-Identifier: MIT */
/*
 * The software VMRUN check in the kernel (docs/entry-rules.md): the rules are
 * pure code (svm/pure/vmcb_check.c); this file gives them the CPU and prints
 * the VMCB in the log form tools/svmdecode --entry-check reads.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/out.h"
#include "svm/svm.h"
#include "svm/vmrun_check.h"

void svm_vmrun_env(struct svm_check_env *env)
{
	svm_check_env_from_caps(env, &boot_svm_caps);
	env->host_paging = read_cr0() & X86_CR0_PG;
}

uint32_t svm_vmrun_check(const struct vmcb *v, struct svm_check_env *env, char *why, size_t n)
{
	uint32_t broken;
	struct out_buf b;
	char all[160];

	svm_vmrun_env(env);
	broken = vmcb_check_rules(v, env);
	if (!broken || !why || !n)
		return broken;
	/* vmcb_check names them in rule order with their values; the first gets the id. */
	vmcb_check(v, env, all, sizeof(all));
	out_buf_init(&b, why, n);
	for (int r = 0; r < VMCB_RULE_NR; r++) {
		if (broken & (1u << r)) {
			oprintf(&b.out, "rule %s: %s", vmcb_rule_id((enum vmcb_rule)r), all);
			break;
		}
	}
	return broken;
}

void svm_vmrun_print(const struct vmcb *v, const struct svm_check_env *env, uint32_t broken)
{
	struct con_cpu_out c;

	con_cpu_out_init(&c);
	for (int r = 0; r < VMCB_RULE_NR; r++)
		if (broken & (1u << r))
			oprintf(&c.out, "  rule %s [VMEXIT_INVALID]: %s (APM \"%s\")\n",
				vmcb_rule_id((enum vmcb_rule)r), vmcb_rule_text((enum vmcb_rule)r),
				vmcb_section_title(vmcb_rule_section((enum vmcb_rule)r)));
	vmcb_print_env(&c.out, env);
	vmcb_print_words(&c.out, v);
}
