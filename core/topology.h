/* SPDX-License-Identifier: MIT */
/*
 * Where each CPU sits: package, core and SMT thread from its own CPUID
 * (pure/topology.h), the NUMA node from ACPI SRAT (pure/srat.h); the
 * report's cpus.packages/cores/threads/nodes and one summary line.
 */
#ifndef PV_CORE_TOPOLOGY_H
#define PV_CORE_TOPOLOGY_H

#include "lib/json.h"

struct percpu;

/* On each CPU as it checks in: its package, core and thread from CPUID. */
void topology_cpu(struct percpu *p);
/* On the boot CPU once every CPU is set up: the NUMA nodes from SRAT. */
void topology_nodes(void);

struct topo_counts {
	unsigned packages, cores, threads, nodes;
};
/* Over the CPUs that came online (the screen may show it too). */
void topology_count(struct topo_counts *c);
/* "topology: 2 packages, 256 cores, 512 threads, 2 NUMA nodes" */
void topology_print(void);
/* cpus.packages, cpus.cores, cpus.threads, cpus.nodes */
void topology_json(struct json *j);

#endif
