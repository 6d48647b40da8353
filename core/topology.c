/* SPDX-License-Identifier: MIT */
/* Package, core, thread and NUMA node of every CPU (core/topology.h). */
#include "core/topology.h"
#include "kernel/console.h"
#include "kernel/percpu.h"

void topology_cpu(struct percpu *p)
{
	(void)p;
}

void topology_nodes(void)
{
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
