/* SPDX-License-Identifier: MIT */
/*
 * TSC frequency. CPUID 0x15 (TSC/crystal ratio and crystal Hz) or 0x16 (base
 * MHz) where the CPU states them; always cross-checked against the PIT
 * (8254 channel 2, gate through port 0x61, mode 0: OUT2 goes high when the
 * count reaches zero), which wins when they disagree by more than 10% (a
 * hypervisor or emulator may report numbers its TSC does not follow).
 */
#include "arch/x86/cpu.h"
#include "kernel/tsc.h"
#include "kernel/console.h"
#include "kernel/percpu.h"

#define PIT_HZ          1193182ULL
#define PIT_MS          10
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PORT_61         0x61
#define PORT_61_GATE2   0x01
#define PORT_61_SPKR    0x02
#define PORT_61_OUT2    0x20
#define FALLBACK_KHZ    1000000ULL      /* 1 GHz: only when no PIT answers */

static uint64_t khz;

uint64_t tsc_khz(void)
{
	return khz;
}

static uint64_t pit_khz(void)
{
	uint16_t latch = (uint16_t)(PIT_HZ * PIT_MS / 1000);
	uint8_t p61 = inb(PORT_61);

	outb(PORT_61, (uint8_t)((p61 & ~PORT_61_SPKR) | PORT_61_GATE2));
	outb(PIT_CMD, 0xb0);    /* channel 2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CH2, (uint8_t)latch);
	outb(PIT_CH2, (uint8_t)(latch >> 8));
	uint64_t t0 = rdtsc(), t1 = t0;
	/* Bounded: ~4e9 TSC ticks is seconds on any real CPU. */
	while (!(inb(PORT_61) & PORT_61_OUT2)) {
		t1 = rdtsc();
		if (t1 - t0 > 4000000000ULL)
			return 0;
	}
	t1 = rdtsc();
	outb(PORT_61, p61);
	return (t1 - t0) / PIT_MS;
}

static uint64_t cpuid_khz(const char **src)
{
	struct cpuid_regs r;

	cpuid(0, &r);
	uint32_t max = r.eax;
	if (max >= 0x15) {
		cpuid(0x15, &r);
		if (r.eax && r.ebx && r.ecx) {
			*src = "CPUID 0x15";
			return (uint64_t)r.ecx * r.ebx / r.eax / 1000;
		}
	}
	if (max >= 0x16) {
		cpuid(0x16, &r);
		if (r.eax & 0xffff) {
			*src = "CPUID 0x16";
			return (uint64_t)(r.eax & 0xffff) * 1000;
		}
	}
	return 0;
}

uint64_t tsc_calibrate(void)
{
	const char *src = NULL;
	uint64_t c = cpuid_khz(&src), p = pit_khz();

	if (c && p && (c > p + p / 10 || c < p - p / 10)) {
		pr_info("tsc: %s says %llu kHz but the PIT measures %llu kHz: using the PIT\n",
			src, (unsigned long long)c, (unsigned long long)p);
		c = 0;
	}
	if (c) {
		khz = c;
	} else if (p) {
		khz = p;
		src = "PIT calibration";
	} else {
		khz = FALLBACK_KHZ;
		src = "nothing (no PIT answered): assumed";
	}
	pr_info("tsc: %llu kHz from %s\n", (unsigned long long)khz, src);
	return khz;
}

uint64_t tsc_to_us(uint64_t ticks)
{
	return khz ? ticks * 1000 / khz : 0;
}

uint64_t us_to_tsc(uint64_t us)
{
	return us * khz / 1000;
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us_to_tsc(us);
	while ((int64_t)(rdtsc() - end) < 0)
		cpu_relax();
}
