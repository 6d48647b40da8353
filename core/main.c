/* SPDX-License-Identifier: MIT */
/*
 * kmain: the boot CPU's path from the long-mode entry to the report.
 * Order matters: the multiboot2 information is copied before anything is
 * written below 1 MiB, and the allocator excludes every range still in use.
 */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "kernel/trap.h"
#include "kernel/events.h"
#include "pure/cmdline.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "pure/mb2.h"
#include "kernel/paging.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "core/report.h"
#include "kernel/screen.h"
#include "core/selftest.h"
#include "core/stages.h"

#define MB2_INFO_MAX    (1024 * 1024)   /* sanity bound on total_size */

extern char _image_start[], _image_end[];

struct options kopts;
static struct mb2_info mbi;

static uint32_t initial_apic_id(void)
{
	struct cpuid_regs r;
	cpuid(1, &r);
	return r.ebx >> 24;
}

/* Serial, 0xE9 and log level from the command line. */
static void console_setup(void)
{
	uint16_t port = kopts.serial_given ? kopts.serial_port : COM1_PORT;

	/* kmain started COM1 at 115200: change only what the command line changes. */
	if (!port)
		serial_init(0, 0);                      /* serial=none */
	else if ((port != COM1_PORT || kopts.baud != 115200) && !serial_init(port, kopts.baud))
		kprintf("picovisor: no UART answers at port 0x%x (serial=)\n", port);
	/* Port 0xE9 reads back 0xE9 only where an emulator implements it (a read is harmless). */
	if (kopts.e9 == OPT_ON || (kopts.e9 == OPT_AUTO && inb(DEBUGCON_PORT) == DEBUGCON_PORT))
		console_set_e9(true);
	console_level = kopts.log == OPT_LOG_DEBUG ? LOG_DEBUG
		      : kopts.log == OPT_LOG_QUIET ? LOG_QUIET : LOG_INFO;
}

static void memory_setup(void)
{
	struct mem_range ex[2 + MB2_MODULES_MAX];
	unsigned n = 0;

	ex[n++] = (struct mem_range){ (uint64_t)(uintptr_t)_image_start,
				      (uint64_t)(_image_end - _image_start), MEM_RESERVED };
	ex[n++] = (struct mem_range){ mbi.info_phys, mbi.info_size, MEM_RESERVED };
	if (mbi.mod_hi > mbi.mod_lo)
		ex[n++] = (struct mem_range){ mbi.mod_lo, mbi.mod_hi - mbi.mod_lo, MEM_RESERVED };
	bump_init(&kernel_bump, &mbi.mmap, ex, n);
	/* Everything the kernel allocates stays below 4 GiB: the AP trampoline
	 * loads CR3 in 32-bit mode, and VMX_BASIC[48] may restrict VMX regions. */
	bump_set_limit(&kernel_bump, 1ULL << 32);
	if (console_level >= LOG_DEBUG)
		memmap_print(&mbi.mmap, con());
	pr_info("memory: %llu KiB usable, %llu KiB free for the allocator\n",
		(unsigned long long)(memmap_usable_bytes(&mbi.mmap) / 1024),
		(unsigned long long)bump_usable_kib(&kernel_bump));
}

/* End of the highest usable RAM: reserved windows far above (QEMU puts one
 * at 1 TiB) need no mapping, and mapping them would cost page tables. */
static uint64_t usable_top(void)
{
	uint64_t top = 0;
	for (unsigned i = 0; i < mbi.mmap.n; i++)
		if (mbi.mmap.r[i].type == MEM_USABLE)
			top = MAX(top, mbi.mmap.r[i].base + mbi.mmap.r[i].len);
	return top;
}

void kmain(uint32_t magic, uint64_t info_pa);

void kmain(uint32_t magic, uint64_t info_pa)
{
	struct percpu *bsp = percpu_bsp();

	sys.kmain_tsc = rdtsc();

	percpu_setup(bsp, 0, initial_apic_id());
	trap_init();
	percpu_load(bsp);
	events_final_report = report_print;
	bsp->online = true;
	serial_init(COM1_PORT, 115200);
	kprintf("\npicovisor %s: bare-metal VT-x / AMD-V capability check\n", PV_VERSION);

	cmdline_defaults(&kopts);
	(void)magic; /* checked by boot/entry.S */
	uint32_t total = *(volatile uint32_t *)(uintptr_t)info_pa;
	if (mb2_parse((const void *)(uintptr_t)info_pa, total < MB2_INFO_MAX ? total : MB2_INFO_MAX,
		      &mbi, con()) < 0) {
		sys.firmware = "bios";
		report_fail("malformed multiboot2 boot information (see the message above)");
		report_print();
		halt_forever();
	}
	screen_init(&mbi.fb);
	cmdline_parse(mbi.cmdline, &kopts, con());
	console_setup();
	if (console_level >= LOG_DEBUG)
		cmdline_print(&kopts, con());
	sys.firmware = mbi.firmware == MB2_FW_UEFI ? "uefi" : "bios";
	mb2_print(&mbi, con());
	if (mbi.mmap_source == MB2_MMAP_NONE) {
		report_fail("the boot loader gave no memory map");
		report_print();
		halt_forever();
	}
	memory_setup();

	cpuinfo_read(&boot_cpuinfo);
	pr_info("cpu: %s \"%s\" family %u model %u stepping %u\n", boot_cpuinfo.vendor,
		boot_cpuinfo.brand, boot_cpuinfo.family, boot_cpuinfo.model, boot_cpuinfo.stepping);
	uint64_t top = usable_top();
	paging_init(top, boot_cpuinfo.nx, boot_cpuinfo.pdpe1gb, LAPIC_DEFAULT_BASE);
	selftest_run(kopts.selftest);

	stages_run(&mbi, MAX(ALIGN_UP(top, 1ULL << 30), 1ULL << 32));
	events_poll(bsp);
	events_summary();
	report_print();
	halt_forever();
}
