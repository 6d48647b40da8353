/* SPDX-License-Identifier: MIT */
#ifndef PV_ARCH_X86_LAPIC_H
#define PV_ARCH_X86_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

/* IA32_APIC_BASE and its bits: arch/x86/msr-index.h. */

/* Register offsets (xAPIC MMIO); the x2APIC MSR is 0x800 + offset / 16. */
#define APIC_ID                 0x020
#define APIC_VERSION            0x030
#define APIC_PPR                0x0a0
#define APIC_EOI                0x0b0
#define APIC_SVR                0x0f0
#define APIC_ISR                0x100           /* 8 registers of 32 vectors, 16 bytes apart */
#define APIC_IRR                0x200
#define APIC_ESR                0x280
#define APIC_IRR                0x200   /* 8 registers, 0x10 apart: vectors 32 at a time */
#define APIC_ICR_LOW            0x300
#define APIC_ICR_HIGH           0x310
#define APIC_LVT_TIMER          0x320
#define APIC_LVT_LINT0          0x350
#define APIC_LVT_LINT1          0x360
#define APIC_LVT_ERROR          0x370
#define APIC_TIMER_INITIAL      0x380
#define APIC_TIMER_CURRENT      0x390
#define APIC_TIMER_DIVIDE       0x3e0
#define APIC_LVT_MASKED         BIT(16)
#define X2APIC_MSR_BASE         0x800
#define X2APIC_MSR_ICR          0x830

#define APIC_SVR_ENABLE         BIT(8)
#define APIC_SPURIOUS_VECTOR    0xff

/* ICR (SDM Vol. 3A 10.6.1, figure 10-12) */
#define APIC_DM_NMI             (4 << 8)
#define APIC_DM_INIT            (5 << 8)
#define APIC_DM_STARTUP         (6 << 8)
#define APIC_ICR_BUSY           BIT(12)         /* delivery status, xAPIC only */
#define APIC_ICR_LEVEL_ASSERT   BIT(14)
#define APIC_ICR_TRIGGER_LEVEL  BIT(15)

enum lapic_mode { LAPIC_XAPIC, LAPIC_X2APIC };

/* Choose the mode once on the boot CPU; every CPU then calls lapic_cpu_init. */
void lapic_set_mode(enum lapic_mode mode, uint64_t mmio_base);
enum lapic_mode lapic_mode(void);
void lapic_cpu_init(void);
uint32_t lapic_id(void);
/* Mask both 8259 PICs: picovisor takes no interrupts (boot CPU, once). */
void pic_mask_all(void);
/* Send an IPI; false when an xAPIC did not accept it (delivery stayed busy). */
bool lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);
/*
 * The same IPI to apic_id[0..n-1], in that order, as tight as the mode
 * allows (the AP start-up loop): x2APIC one WRMSR each; xAPIC the two ICR
 * writes and the delivery-status wait, no per-IPI dispatch. Stores the
 * indexes of the IPIs an xAPIC did not accept in failed[] (n entries) and
 * returns how many.
 */
unsigned lapic_send_ipi_each(const uint32_t *apic_id, unsigned n, uint32_t icr_low,
			     unsigned *failed);

/*
 * The local APIC timer in one-shot mode (SDM Vol. 3A 10.5.4): counts down
 * from count at the bus (or crystal) clock / divide (1, 2, 4, ... 128) and
 * raises vector once at 0. Stopped by lapic_timer_stop (initial count 0).
 */
void lapic_timer_oneshot(uint8_t vector, uint32_t count, unsigned divide);
uint32_t lapic_timer_current(void);
void lapic_timer_stop(void);
/* Whether vector's bit is set in the 256-bit register at base (APIC_IRR, APIC_ISR: SDM 10.8.4). */
bool lapic_vector_set(uint32_t base, uint8_t vector);
/* End of interrupt: clears the highest in-service bit (SDM Vol. 3A 10.8.5). */
void lapic_eoi(void);

#endif
