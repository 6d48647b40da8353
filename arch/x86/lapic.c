/* SPDX-License-Identifier: MIT */
/*
 * Local APIC in xAPIC (MMIO, mapped uncached by kernel/paging.c) or x2APIC (MSR)
 * mode (SDM Vol. 3A chapter 10). Interrupts stay masked in picovisor; the APIC
 * sends INIT, STARTUP and NMI IPIs, and its timer is the guest watchdog where
 * VT-x has no VMX-preemption timer (kernel/watchdog.c).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/x86.h"

#define ICR_IDLE_SPINS  1000000

static enum lapic_mode mode;
static uintptr_t mmio;

static uint32_t reg_read(uint32_t off)
{
	if (mode == LAPIC_X2APIC)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + (off >> 4));
	return *(volatile uint32_t *)(mmio + off);
}

static void reg_write(uint32_t off, uint32_t v)
{
	if (mode == LAPIC_X2APIC)
		wrmsr(X2APIC_MSR_BASE + (off >> 4), v);
	else
		*(volatile uint32_t *)(mmio + off) = v;
}

void lapic_set_mode(enum lapic_mode m, uint64_t mmio_base)
{
	mode = m;
	mmio = (uintptr_t)mmio_base;
}

enum lapic_mode lapic_mode(void)
{
	return mode;
}

void lapic_cpu_init(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	/* xAPIC -> x2APIC is allowed directly; x2APIC -> xAPIC needs a disable
	 * first (SDM 10.12.5): firmware may leave either. */
	if (mode == LAPIC_X2APIC) {
		if (!(base & APIC_BASE_X2APIC_ENABLE))
			wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_GLOBAL_ENABLE | APIC_BASE_X2APIC_ENABLE);
	} else {
		if (base & APIC_BASE_X2APIC_ENABLE) {
			wrmsr(MSR_IA32_APIC_BASE, base & ~(APIC_BASE_GLOBAL_ENABLE | APIC_BASE_X2APIC_ENABLE));
			base &= ~APIC_BASE_X2APIC_ENABLE;
		}
		wrmsr(MSR_IA32_APIC_BASE, (base & ~APIC_BASE_ADDR_MASK) | APIC_BASE_GLOBAL_ENABLE | mmio);
	}
	reg_write(APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	/*
	 * Firmware leaves the BSP in virtual-wire mode (LINT0 = ExtINT). With
	 * "external-interrupt exiting" an interrupt exits a guest whatever its
	 * RFLAGS.IF (SDM 26.2), and one nobody acknowledges exits it forever:
	 * mask every local source picovisor does not use.
	 * LINT1 is the NMI input on every processor of a PC (the MADT's Local
	 * APIC NMI structure names processor 0xff, LINT1, in QEMU, Bochs and
	 * firmware alike): NMI, edge, on every CPU, so that an NMI from the
	 * platform (an operator, a BMC, SERR#) reaches each one and is counted
	 * there (kernel/events.c). INIT left an AP's LINT1 masked.
	 */
	reg_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	reg_write(APIC_LVT_LINT1, APIC_DM_NMI);
	reg_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	reg_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
}

#define PIC1_DATA       0x21
#define PIC2_DATA       0xa1

void pic_mask_all(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

uint32_t lapic_id(void)
{
	uint32_t id = reg_read(APIC_ID);
	return mode == LAPIC_X2APIC ? id : id >> 24;
}

/* WRMSR to the x2APIC ICR from its two halves: no 64-bit value built and split. */
static inline void x2apic_icr_write(uint32_t dest, uint32_t icr_low)
{
	__asm__ volatile("wrmsr" : : "c"(X2APIC_MSR_ICR), "a"(icr_low), "d"(dest) : "memory");
}

/*
 * xAPIC: destination into ICR[63:56], then the low half, whose write sends
 * the IPI; then wait until the delivery status reads idle, i.e. the target
 * accepted it (SDM 10.6.1), so the next write never meets a pending one.
 */
static inline bool xapic_icr_send(volatile uint32_t *icr, uint32_t dest, uint32_t icr_low)
{
	unsigned spins = ICR_IDLE_SPINS;

	icr[(APIC_ICR_HIGH - APIC_ICR_LOW) / 4] = dest << 24;
	icr[0] = icr_low;
	while (icr[0] & APIC_ICR_BUSY) {
		if (!--spins)
			return false;
		cpu_relax();
	}
	return true;
}

bool lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	if (mode == LAPIC_X2APIC) {
		/* One 64-bit write, no delivery status (SDM 10.12.9). */
		x2apic_icr_write(apic_id, icr_low);
		return true;
	}
	return xapic_icr_send((volatile uint32_t *)(mmio + APIC_ICR_LOW), apic_id, icr_low);
}

unsigned lapic_send_ipi_each(const uint32_t *apic_id, unsigned n, uint32_t icr_low,
			     unsigned *failed)
{
	unsigned nfailed = 0;

	if (mode == LAPIC_X2APIC) {
		for (unsigned k = 0; k < n; k++)
			x2apic_icr_write(apic_id[k], icr_low);
		return 0;
	}
	volatile uint32_t *icr = (volatile uint32_t *)(mmio + APIC_ICR_LOW);
	for (unsigned k = 0; k < n; k++)
		if (!xapic_icr_send(icr, apic_id[k], icr_low))
			failed[nfailed++] = k;
	return nfailed;
}

/* Divide configuration register encodings (SDM figure 10-10): bits 3, 1:0. */
static uint32_t divide_bits(unsigned divide)
{
	switch (divide) {
	case 1: return 0xb;
	case 2: return 0x0;
	case 4: return 0x1;
	case 8: return 0x2;
	case 16: return 0x3;
	case 32: return 0x8;
	case 64: return 0x9;
	default: return 0xa;    /* 128 */
	}
}

void lapic_timer_oneshot(uint8_t vector, uint32_t count, unsigned divide)
{
	reg_write(APIC_TIMER_INITIAL, 0);
	reg_write(APIC_TIMER_DIVIDE, divide_bits(divide));
	reg_write(APIC_LVT_TIMER, vector);              /* one-shot, not masked */
	reg_write(APIC_TIMER_INITIAL, count);           /* starts counting */
}

uint32_t lapic_timer_current(void)
{
	return reg_read(APIC_TIMER_CURRENT);
}

bool lapic_vector_set(uint32_t base, uint8_t vector)
{
	return reg_read(base + 0x10 * (vector / 32U)) & (1U << (vector % 32U));
}

void lapic_eoi(void)
{
	reg_write(APIC_EOI, 0);
}

void lapic_timer_stop(void)
{
	reg_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	reg_write(APIC_TIMER_INITIAL, 0);
}
