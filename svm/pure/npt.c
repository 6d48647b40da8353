/* SPDX-License-Identifier: MIT */
/*
 * The nested page tables' format (APM Vol. 2 15.25; entry format 5.3.3
 * "4-Kbyte page translation" and 5.3.4 "2-Mbyte page translation" in long
 * mode) for the 4-level builder (pure/pt4.c). PML4E and PDPTE point to the
 * next table; a PDE with PS = 1 maps 2 MiB, else it points to a PT of
 * 4 KiB PTEs. Every entry: P, R/W, U/S (nested accesses are user
 * accesses); PWT = PCD = 0 with the host's PAT entry 0 is write-back. NX
 * is left clear: guest code runs from this memory.
 */
#include "arch/x86/x86.h"
#include "svm/pure/npt.h"

#define NPT_ENTRY_BITS		(PTE_P | PTE_W | PTE_U)

const struct pt4_format npt_format = {
	.table = NPT_ENTRY_BITS,
	.leaf = NPT_ENTRY_BITS,
	.large = PTE_PS,
	.present = PTE_P,
	.accessed = PTE_A,		/* the host's long-mode format (15.25.5, 5.4.2) */
	.dirty = PTE_D,
	.nomem = "out of memory for nested page tables",
};
