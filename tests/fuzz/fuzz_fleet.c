/* SPDX-License-Identifier: MIT */
/*
 * pure/fleet.c: a serial log read into a machine row (the report line found,
 * parsed and interpreted), twice with the row of a passing machine to group,
 * then the table, CSV and JSON printers. Input: the log's bytes.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/fleet.h"

static const char pass_log[] =
	"PICOVISOR-REPORT {\"schema\":1,\"status\":\"pass\",\"vendor\":\"GenuineIntel\","
	"\"cpus\":{\"expected\":1},\"percpu\":[{\"cpu\":0,\"vmx\":\"on\",\"stage\":\"done\"}],"
	"\"kvm\":{\"module\":\"kvm_intel\",\"loads\":true,\"enable\":{\"ept\":true}}}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fleet_machine ms[3];
	uint8_t *t = fuzz_copy(data, size);
	size_t nn = fleet_nodes_for(size > sizeof(pass_log) ? size : sizeof(pass_log));
	struct jr_node *nodes = malloc(nn * sizeof(*nodes));

	if (!nodes)
		abort();
	memset(ms, 0, sizeof(ms));
	strcpy(ms[0].log, "fuzz");
	strcpy(ms[1].log, "pass");
	strcpy(ms[2].log, "fuzz-again");
	fleet_read((const char *)t, size, nodes, nn, &ms[0]);
	fleet_read(pass_log, sizeof(pass_log) - 1, nodes, nn, &ms[1]);
	fleet_read((const char *)t, size, nodes, nn, &ms[2]);
	if (fleet_group(ms, 3) > 2 || ms[0].group != ms[2].group)
		abort();        /* the same log gives the same answer */
	(void)fleet_exit_status(ms, 3);
	fleet_print_table(ms, 3, fuzz_out());
	fleet_print_csv(ms, 3, fuzz_out());
	fleet_print_json(ms, 3, fuzz_out());
	free(nodes);
	free(t);
	return 0;
}
