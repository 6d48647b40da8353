/* SPDX-License-Identifier: MIT */
/* Package, core, thread and NUMA node of every CPU (core/topology.h). */
#include "arch/x86/cpu.h"
#include "core/topology.h"
#include "kernel/console.h"
#include "kernel/acpi_discover.h"
#include "kernel/cpuinfo.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "pure/srat.h"
#include "pure/topology.h"

static void leaf(uint32_t l, uint32_t sub, struct topo_leaf *t)
{
	struct cpuid_regs r;

	cpuid_count(l, sub, &r);
	*t = (struct topo_leaf){ r.eax, r.ebx, r.ecx, r.edx };
}

/* Read subleaves until the level type is 0 (the rest stay zero). */
static void levels(uint32_t l, struct topo_leaf *t)
{
	for (uint32_t i = 0; i < TOPO_MAX_LEVELS; i++) {
		leaf(l, i, &t[i]);
		if (!((t[i].ecx >> 8) & 0xff))
			break;
	}
}

/* This CPU's own leaves (a hybrid or odd machine may differ between CPUs). */
void topology_cpu(struct percpu *p)
{
	struct topo_cpuid leaves, *t = &leaves;
	struct topo_shifts s;
	struct cpuid_regs r;

	memset(t, 0, sizeof(*t));
	cpuid(0, &r);
	t->max_leaf = r.eax;
	t->amd = !strcmp(boot_cpuinfo.vendor, "AuthenticAMD") ||
		 !strcmp(boot_cpuinfo.vendor, "HygonGenuine");
	cpuid(0x80000000, &r);
	t->max_ext = r.eax >= 0x80000000 && r.eax < 0x8000ffff ? r.eax : 0;
	leaf(1, 0, &t->l1);
	if (t->max_leaf >= 4)
		leaf(4, 0, &t->l4);
	if (t->max_leaf >= 0x1f)
		levels(0x1f, t->l1f);
	if (t->max_leaf >= 0xb)
		levels(0xb, t->lb);
	if (t->max_ext >= 0x80000026)
		levels(0x80000026, t->l80000026);
	if (t->max_ext >= 0x80000008)
		leaf(0x80000008, 0, &t->l80000008);
	if (t->max_ext >= 0x8000001e)
		leaf(0x8000001e, 0, &t->l8000001e);
	topo_decode(t, &s);
	topo_split(&s, p->apic_id, &p->topo.pkg, &p->topo.core, &p->topo.thread);
	if (!p->index)
		pr_debug("topology: APIC ID bits: %u thread, %u core+thread (CPUID %s)\n", s.smt,
			 s.pkg, s.source);
}

/*
 * NUMA nodes from the SRAT: each CPU's proximity domain, numbered from 0 in
 * the order the domains first appear (a CPU the SRAT does not list, or a
 * machine without one: node 0).
 */
void topology_nodes(void)
{
	const struct acpi_sdt_header *h = acpi_table(ACPI_SIG_SRAT);
	struct srat_info si;

	if (!h)
		return;
	unsigned cap = srat_cpus_max(h->length);
	srat_set_storage(&si, (struct srat_cpu *)(uintptr_t)kalloc_pages(
		ALIGN_UP((size_t)cap * sizeof(struct srat_cpu) + 1, PAGE_SIZE) / PAGE_SIZE,
		"SRAT CPU list"), cap);
	if (srat_parse(h, h->length, &si, con()) < 0) {
		pr_warn("srat: not used (see above): every CPU in node 0\n");
		return;
	}
	srat_print(&si, con());
	for (unsigned i = 0; i < ncpus; i++) {
		int node = cpus[i] ? srat_node(&si, cpus[i]->apic_id) : -1;

		if (cpus[i])
			cpus[i]->topo.node = node < 0 ? 0 : (uint32_t)node;
	}
}

/* Whether an earlier online CPU than i has the same value of what (0 pkg, 1 core, 2 node). */
static bool seen(unsigned i, int what)
{
	const struct cpu_topo *t = &cpus[i]->topo;

	for (unsigned k = 0; k < i; k++) {
		const struct cpu_topo *u;

		if (!cpus[k] || !cpus[k]->online)
			continue;
		u = &cpus[k]->topo;
		if ((what == 0 && u->pkg == t->pkg) ||
		    (what == 1 && u->pkg == t->pkg && u->core == t->core) ||
		    (what == 2 && u->node == t->node))
			return true;
	}
	return false;
}

void topology_count(struct topo_counts *c)
{
	*c = (struct topo_counts){ 0 };
	for (unsigned i = 0; i < ncpus; i++) {
		if (!cpus[i] || !cpus[i]->online)
			continue;
		c->threads++;
		c->packages += !seen(i, 0);
		c->cores += !seen(i, 1);
		c->nodes += !seen(i, 2);
	}
}

void topology_print(void)
{
	struct topo_counts c;

	topology_count(&c);
	pr_info("topology: %u package%s, %u core%s, %u thread%s, %u NUMA node%s\n",
		c.packages, c.packages == 1 ? "" : "s", c.cores, c.cores == 1 ? "" : "s",
		c.threads, c.threads == 1 ? "" : "s", c.nodes, c.nodes == 1 ? "" : "s");
}

void topology_json(struct json *j)
{
	struct topo_counts c;

	topology_count(&c);
	json_u64(j, "packages", c.packages);
	json_u64(j, "cores", c.cores);
	json_u64(j, "threads", c.threads);
	json_u64(j, "nodes", c.nodes);
}
