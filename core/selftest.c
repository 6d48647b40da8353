/* SPDX-License-Identifier: MIT */
#include "pure/cmdline.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "core/selftest.h"

void selftest_run(int which)
{
	switch (which) {
	case OPT_SELFTEST_UD:
		pr_info("selftest: raising #UD on purpose\n");
		__asm__ volatile("ud2");
		break;
	case OPT_SELFTEST_PF:
		pr_info("selftest: touching an unmapped address on purpose\n");
		(void)*(volatile uint64_t *)0xffff800000000000ULL;
		break;
	case OPT_SELFTEST_OOM:
		pr_info("selftest: exhausting the allocator on purpose\n");
		for (;;)
			kalloc_aligned(4096, 4096, "selftest oom");
	default:
		break;
	}
}
