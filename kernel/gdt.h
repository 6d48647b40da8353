/* SPDX-License-Identifier: MIT */
#ifndef PV_ARCH_X86_GDT_H
#define PV_ARCH_X86_GDT_H

struct percpu;
void gdt_setup(struct percpu *p);
void gdt_load(struct percpu *p);

#endif
