/* SPDX-License-Identifier: MIT */
/*
 * entryrules: the VM-entry rule tables (vmx/pure/entry_rules*.c,
 * svm/pure/vmcb_check.c) as tab-separated rows, for tools/entry-rules-doc.py,
 * which writes docs/entry-rules.md from them.
 *
 *   build/tools/entryrules      vmx<TAB>id<TAB>section<TAB>outcome<TAB>text
 *                               svm<TAB>id<TAB>section<TAB>VMEXIT_INVALID<TAB>text<TAB>bochs<TAB>qemu
 */
#include <stdio.h>
#include "svm/pure/vmcb_check.h"
#include "vmx/pure/entry_rules.h"

int main(void)
{
	unsigned n = er_rule_count();

	for (unsigned i = 0; i < n; i++) {
		const struct er_rule *r = er_rule(i);

		printf("vmx\t%s\t%s\t%s\t%s\t%s\n", r->id, er_section_title(r->section),
		       er_class_name(r->class), r->text, er_try_name(er_rule_safety(i)));
	}
	for (int r = 0; r < VMCB_RULE_NR; r++)
		printf("svm\t%s\t%s\tVMEXIT_INVALID\t%s\t%s\t%s\t%s\n", vmcb_rule_id(r),
		       vmcb_section_title(vmcb_rule_section(r)), vmcb_rule_text(r),
		       vmcb_rule_bochs(r), vmcb_rule_qemu(r),
		       vmcb_try_name(vmcb_rule_safety((enum vmcb_rule)r)));
	return 0;
}
