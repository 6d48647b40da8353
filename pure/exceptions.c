/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include "pure/exceptions.h"

/* One row a vector: the mnemonic, the name printed in a panic; NULL name = reserved. */
static const struct {
	const char *mnemonic, *name;
} exc[NR_EXCEPTIONS] = {
	{ "#DE", "#DE divide error" },		{ "#DB", "#DB debug" },
	{ "NMI", "NMI" },			{ "#BP", "#BP breakpoint" },
	{ "#OF", "#OF overflow" },		{ "#BR", "#BR bound range" },
	{ "#UD", "#UD invalid opcode" },	{ "#NM", "#NM device not available" },
	{ "#DF", "#DF double fault" },		{ "#CSO", "coprocessor segment overrun" },
	{ "#TS", "#TS invalid TSS" },		{ "#NP", "#NP segment not present" },
	{ "#SS", "#SS stack fault" },		{ "#GP", "#GP general protection" },
	{ "#PF", "#PF page fault" },		{ "vector 15", NULL },
	{ "#MF", "#MF x87 error" },		{ "#AC", "#AC alignment check" },
	{ "#MC", "#MC machine check" },		{ "#XM", "#XM SIMD exception" },
	{ "#VE", "#VE virtualization exception" }, { "#CP", "#CP control protection" },
	{ "vector 22", NULL },			{ "vector 23", NULL },
	{ "vector 24", NULL },			{ "vector 25", NULL },
	{ "vector 26", NULL },			{ "vector 27", NULL },
	{ "#HV", "#HV hypervisor injection" },	{ "#VC", "#VC VMM communication" },
	{ "#SX", "#SX security exception" },	{ "vector 31", NULL },
};

bool exception_defined(unsigned vector)
{
	return vector < NR_EXCEPTIONS && exc[vector].name;
}

bool exception_has_error_code(unsigned vector)
{
	return vector < NR_EXCEPTIONS && (BIT(8) | BIT(10) | BIT(11) | BIT(12) | BIT(13) | BIT(14) |
					  BIT(17) | BIT(21) | BIT(29) | BIT(30)) & BIT(vector);
}

const char *exception_mnemonic(unsigned vector)
{
	return vector < NR_EXCEPTIONS ? exc[vector].mnemonic : "interrupt vector";
}

const char *exception_name(unsigned vector)
{
	if (vector >= NR_EXCEPTIONS)
		return "interrupt";
	return exc[vector].name ? exc[vector].name : "reserved vector";
}
