/* SPDX-License-Identifier: MIT */
/*
 * The VMCB fields VMRUN's consistency checks read (APM Vol. 2 15.5.1,
 * 15.25.3), printed by name after a failed VMRUN, from the copy taken
 * before it (Bochs 2.7 writes over the VMCB itself).
 */
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "svm/guest.h"

static void seg_line(const char *name, const struct vmcb_seg *s)
{
	kprintf("[cpu%u] vmcb save: %s selector=0x%x attrib=0x%x limit=0x%x base=0x%llx\n",
		this_cpu()->index, name, s->selector, s->attrib, s->limit,
		(unsigned long long)s->base);
}

void vmcb_dump(const struct vmcb *v)
{
	const struct vmcb_control *c = &v->control;
	const struct vmcb_save *s = &v->save;
	unsigned cpu = this_cpu()->index;

	kprintf("[cpu%u] vmcb control: intercept_cr=0x%x intercept_dr=0x%x exceptions=0x%x "
		"misc1=0x%x misc2=0x%x misc3=0x%x\n", cpu, c->intercept_cr, c->intercept_dr,
		c->intercept_exceptions, c->intercept_misc1, c->intercept_misc2,
		c->intercept_misc3);
	kprintf("[cpu%u] vmcb control: IOPM_BASE_PA=0x%llx MSRPM_BASE_PA=0x%llx ASID=%u "
		"TLB_CONTROL=%u int_ctl=0x%x EVENTINJ=0x%llx NP_ENABLE=0x%llx N_CR3=0x%llx\n", cpu,
		(unsigned long long)c->iopm_base_pa, (unsigned long long)c->msrpm_base_pa,
		c->asid, c->tlb_control, c->int_ctl, (unsigned long long)c->event_inj,
		(unsigned long long)c->nested_ctl, (unsigned long long)c->nested_cr3);
	kprintf("[cpu%u] vmcb save: EFER=0x%llx CR0=0x%llx CR3=0x%llx CR4=0x%llx DR6=0x%llx "
		"DR7=0x%llx RFLAGS=0x%llx RIP=0x%llx RSP=0x%llx CPL=%u G_PAT=0x%llx\n", cpu,
		(unsigned long long)s->efer, (unsigned long long)s->cr0,
		(unsigned long long)s->cr3, (unsigned long long)s->cr4,
		(unsigned long long)s->dr6, (unsigned long long)s->dr7,
		(unsigned long long)s->rflags, (unsigned long long)s->rip,
		(unsigned long long)s->rsp, s->cpl, (unsigned long long)s->g_pat);
	seg_line("CS", &s->cs);
	seg_line("SS", &s->ss);
	seg_line("DS", &s->ds);
	seg_line("ES", &s->es);
	seg_line("FS", &s->fs);
	seg_line("GS", &s->gs);
	seg_line("TR", &s->tr);
	seg_line("LDTR", &s->ldtr);
	kprintf("[cpu%u] vmcb save: GDTR limit=0x%x base=0x%llx IDTR limit=0x%x base=0x%llx\n",
		cpu, s->gdtr.limit, (unsigned long long)s->gdtr.base, s->idtr.limit,
		(unsigned long long)s->idtr.base);
}
