/* SPDX-License-Identifier: MIT */
/* Topology from CPUID leaves (pure/topology.h). */
#include "pure/topology.h"

#define LEAF_SHIFT(l)   ((l).eax & 0x1f)            /* EAX[4:0]: bits to shift to the next level */
#define LEAF_TYPE(l)    (((l).ecx >> 8) & 0xff)     /* ECX[15:8] */

/* Bits needed for n values (ceil(log2 n)). */
static unsigned order(uint32_t n)
{
	unsigned b = 0;

	while (b < 32 && (1ULL << b) < n)
		b++;
	return b;
}

/*
 * Leaves 0x1F, 0xB and 0x80000026 share a format: subleaf after subleaf until
 * a level of type 0; the SMT level's shift gives the thread bits, the last
 * level's shift the package's (SDM CPUID leaf 0x1F, APM E.4.24). A leaf whose
 * subleaf 0 has EBX = 0 (no logical processors at that level) is not
 * implemented (Linux's cpu_parse_topology_ext).
 */
static bool extended(const struct topo_leaf *l, struct topo_shifts *s)
{
	unsigned smt = 0, pkg = 0;
	bool any = false;

	if (!(l[0].ebx & 0xffff))
		return false;
	for (unsigned i = 0; i < TOPO_MAX_LEVELS; i++) {
		unsigned type = LEAF_TYPE(l[i]);

		if (type == TOPO_TYPE_INVALID)
			break;
		if (type == TOPO_TYPE_SMT)
			smt = LEAF_SHIFT(l[i]);
		if (LEAF_SHIFT(l[i]) >= pkg)
			pkg = LEAF_SHIFT(l[i]);
		any = true;
	}
	if (!any || smt > pkg)
		return false;
	s->smt = smt;
	s->pkg = pkg;
	return true;
}

void topo_decode(const struct topo_cpuid *c, struct topo_shifts *s)
{
	*s = (struct topo_shifts){ .smt = 0, .pkg = 0, .source = "none" };

	if (!c->amd && c->max_leaf >= 0x1f && extended(c->l1f, s)) {
		s->source = "0x1f";
		return;
	}
	if (c->amd && c->max_ext >= 0x80000026 && extended(c->l80000026, s)) {
		s->source = "0x80000026";
		return;
	}
	if (c->max_leaf >= 0xb && extended(c->lb, s)) {
		s->source = "0xb";
		return;
	}
	if (c->amd && c->max_ext >= 0x80000008) {
		/* ECX[15:12] ApicIdSize: package bits (0: legacy, from NC = ECX[7:0] + 1). */
		unsigned size = (c->l80000008.ecx >> 12) & 0xf;
		s->pkg = size ? size : order((c->l80000008.ecx & 0xff) + 1);
		/* 0x8000001E EBX[15:8]: threads per compute unit - 1 (family 17h+: per core). */
		if (c->max_ext >= 0x8000001e)
			s->smt = order(((c->l8000001e.ebx >> 8) & 0xff) + 1);
		if (s->smt > s->pkg)
			s->smt = s->pkg;
		s->source = c->max_ext >= 0x8000001e ? "0x8000001e" : "0x80000008";
		return;
	}
	/* CPUID.1:EDX[28] HTT: EBX[23:16] addressable IDs per package; leaf 4 EAX[31:26]+1 cores. */
	if (c->l1.edx & (1u << 28)) {
		uint32_t logical = (c->l1.ebx >> 16) & 0xff;
		uint32_t cores = c->max_leaf >= 4 && !c->amd ? ((c->l4.eax >> 26) & 0x3f) + 1 : 1;

		s->pkg = order(logical);
		s->smt = order(logical / (cores ? cores : 1));
		if (s->smt > s->pkg)
			s->smt = s->pkg;
	}
	s->source = "legacy";
}

void topo_split(const struct topo_shifts *s, uint32_t apic_id, uint32_t *pkg, uint32_t *core,
		uint32_t *thread)
{
	uint64_t id = apic_id;

	*thread = (uint32_t)(id & ((1ULL << s->smt) - 1));
	*core = (uint32_t)((id >> s->smt) & ((1ULL << (s->pkg - s->smt)) - 1));
	*pkg = (uint32_t)(id >> s->pkg);
}
