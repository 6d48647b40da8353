/* SPDX-License-Identifier: MIT */
/* CPU identification from CPUID (SDM Vol. 2A, CPUID: leaves 0, 1, 80000002-4). */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/cpuinfo.h"
#include "lib/string.h"

struct cpuinfo boot_cpuinfo;

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

void cpuinfo_read(struct cpuinfo *ci)
{
	struct cpuid_regs r;

	memset(ci, 0, sizeof(*ci));
	cpuid(0, &r);
	ci->max_leaf = r.eax;
	memcpy(ci->vendor + 0, &r.ebx, 4);
	memcpy(ci->vendor + 4, &r.edx, 4);
	memcpy(ci->vendor + 8, &r.ecx, 4);

	cpuid(1, &r);
	/* Family/model per SDM: extended fields count only for family 6 and 15. */
	uint32_t fam = (r.eax >> 8) & 0xf, mod = (r.eax >> 4) & 0xf;
	if (fam == 0xf)
		fam += (r.eax >> 20) & 0xff;
	if (fam == 0x6 || fam >= 0xf)
		mod |= ((r.eax >> 16) & 0xf) << 4;
	ci->family = fam;
	ci->model = mod;
	ci->stepping = r.eax & 0xf;
	ci->vmx = r.ecx & CPUID_1_ECX_VMX;
	ci->smx = r.ecx & CPUID_1_ECX_SMX;
	ci->x2apic = r.ecx & CPUID_1_ECX_X2APIC;
	ci->hypervisor = r.ecx & CPUID_1_ECX_HYPERVISOR;

	cpuid(0x80000000, &r);
	ci->max_ext_leaf = r.eax;
	if (ci->max_ext_leaf >= 0x80000001) {
		cpuid(0x80000001, &r);
		ci->nx = r.edx & CPUID_80000001_EDX_NX;
		ci->pdpe1gb = r.edx & CPUID_80000001_EDX_PDPE1GB;
	}
	if (ci->max_ext_leaf >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			cpuid(0x80000002 + i, &r);
			memcpy(ci->brand + 16 * i + 0, &r.eax, 4);
			memcpy(ci->brand + 16 * i + 4, &r.ebx, 4);
			memcpy(ci->brand + 16 * i + 8, &r.ecx, 4);
			memcpy(ci->brand + 16 * i + 12, &r.edx, 4);
		}
		trim(ci->brand);
	}
	if (ci->max_ext_leaf >= 0x80000007) {
		cpuid(0x80000007, &r);
		ci->tsc_invariant = r.edx & BIT(8);
	}
}
