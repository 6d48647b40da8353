/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_GDT_H
#define PV_KERNEL_GDT_H

struct percpu;
void gdt_setup(struct percpu *p);
void gdt_load(struct percpu *p);

#endif
