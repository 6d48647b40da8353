/* SPDX-License-Identifier: MIT */
/*
 * The fleet table (pure/fleet.c) over crafted serial logs: schema 1 and 2
 * reports, a log without a report, a panic, a report cut short, garbage,
 * machines that gave the same answer; the three outputs and the exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pure/fleet.h"

/* A schema-1 report as picovisor 0.1 prints it (trimmed): cpu1 failed pml, cpu2 crashed. */
#define S1 "{\"schema\":1,\"version\":\"0.1.0\",\"status\":\"fail\",\"reason\":\"check pml failed\"," \
	"\"firmware\":\"bios\",\"vendor\":\"GenuineIntel\",\"brand\":\"Intel(R) Core(TM) i7\"," \
	"\"family\":6,\"model\":85,\"stepping\":4,\"cpus\":{\"expected\":4,\"online\":4}," \
	"\"percpu\":[{\"cpu\":0,\"online\":true,\"vmx\":\"on\",\"stage\":\"done\"}," \
	"{\"cpu\":1,\"online\":true,\"vmx\":\"on\",\"stage\":\"done\"}," \
	"{\"cpu\":2,\"online\":true,\"vmx\":\"on\",\"stage\":\"guest\",\"crashed\":{\"vector\":14}}," \
	"{\"cpu\":3,\"online\":true,\"vmx\":\"on\",\"stage\":\"done\"}]," \
	"\"platform\":{\"hypervisor\":null,\"smbios\":\"3.0\",\"sys_vendor\":\"Acme\"," \
	"\"product_name\":\"Rack, 7\",\"product_serial\":\"SN\\\"1\",\"product_uuid\":null}," \
	"\"vmx\":{\"ept\":true},\"checks\":[{\"name\":\"msrs\",\"result\":\"pass\",\"cpus_failed\":[]}," \
	"{\"name\":\"pml\",\"result\":\"fail\",\"cpus_failed\":[0,1,3],\"detail\":\"x\"}," \
	"{\"name\":\"mtf\",\"result\":\"skip\",\"cpus_failed\":[]}]," \
	"\"kvm\":{\"module\":\"kvm_intel\",\"kernel\":\"6.12\",\"loads\":true," \
	"\"enable\":{\"ept\":true,\"vpid\":false,\"pml\":true}}}"

/* Schema 2: cpulists, cpus.listed / tested / crashed, folded per-CPU records. */
#define S2 "{\"schema\":2,\"status\":\"fail\",\"vendor\":\"AuthenticAMD\",\"brand\":\"EPYC\"," \
	"\"family\":25,\"model\":1,\"stepping\":1,\"cpus\":{\"expected\":64,\"listed\":64," \
	"\"online\":64,\"tested\":60,\"untested\":[{\"cpus\":\"60-63\",\"reason\":\"cpus=60\"}]," \
	"\"crashed\":\"7,9-10\"},\"percpu_common\":{\"cpus\":\"0-63\",\"record\":{\"svm\":\"on\"},\"each\":{}}," \
	"\"percpu\":[{\"cpu\":0,\"apic_id\":0}],\"svm\":{\"npt\":true,\"state\":\"on\"}," \
	"\"checks\":[{\"name\":\"vintr\",\"result\":\"fail\",\"cpus_failed\":\"0-59\"}," \
	"{\"name\":\"npf\",\"result\":\"pass\",\"cpus_failed\":\"\"}]," \
	"\"kvm\":{\"module\":\"kvm_amd\",\"loads\":true,\"enable\":{\"npt\":true,\"nested\":true}}}"

#define PASS1 "{\"schema\":1,\"status\":\"pass\",\"vendor\":\"GenuineIntel\",\"brand\":\"B\"," \
	"\"family\":6,\"model\":1,\"stepping\":0,\"cpus\":{\"expected\":2,\"online\":2}," \
	"\"percpu\":[{\"cpu\":0,\"vmx\":\"on\",\"stage\":\"done\"},{\"cpu\":1,\"vmx\":\"on\"," \
	"\"stage\":\"done\"}],\"vmx\":{},\"checks\":[],\"kvm\":{\"module\":\"kvm_intel\"," \
	"\"loads\":true,\"enable\":{\"ept\":true}}}"

static struct fleet_machine read_log(const char *name, const char *text)
{
	struct fleet_machine m;
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	struct jr_node *nodes = malloc(fleet_nodes_for(len) * sizeof(*nodes));

	assert_non_null(copy);
	assert_non_null(nodes);
	memcpy(copy, text, len);
	memset(&m, 0x5a, sizeof(m));
	snprintf(m.log, sizeof(m.log), "%s", name);
	fleet_read(copy, len, nodes, fleet_nodes_for(len), &m);
	free(nodes);
	free(copy);
	return m;
}

static void schema1(void **state)
{
	(void)state;
	struct fleet_machine m = read_log("a.txt", "SeaBIOS\r\nGRUB loading\r\n"
					  "[cpu0] vmx: on\r\nPICOVISOR-REPORT " S1 "\r\n");

	assert_int_equal(m.result, FLEET_REPORT);
	assert_string_equal(m.log, "a.txt");
	assert_int_equal(m.schema, 1);
	assert_string_equal(m.status, "fail");
	assert_string_equal(m.reason, "check pml failed");
	assert_string_equal(m.sys_vendor, "Acme");
	assert_string_equal(m.product_name, "Rack, 7");
	assert_string_equal(m.product_serial, "SN\"1");
	assert_string_equal(m.product_uuid, "");
	assert_string_equal(m.vendor, "GenuineIntel");
	assert_true(m.has_fms);
	assert_int_equal(m.family, 6);
	assert_int_equal(m.model, 85);
	assert_int_equal(m.stepping, 4);
	assert_true(m.has_cpus);
	assert_int_equal(m.listed, 4);
	assert_int_equal(m.tested, 3);          /* cpu2 stopped in its guest stage */
	assert_string_equal(m.backend, "vmx");
	assert_string_equal(m.backend_state, "on");
	assert_string_equal(m.kvm_module, "kvm_intel");
	assert_string_equal(m.kvm, "loads");
	assert_string_equal(m.kvm_flags, "ept pml");
	assert_string_equal(m.failed, "pml:0-1,3");
	assert_string_equal(m.crashed, "2");
}

static void schema2(void **state)
{
	(void)state;
	struct fleet_machine m = read_log("b.txt", "PICOVISOR-REPORT " S2 "\n");

	assert_int_equal(m.result, FLEET_REPORT);
	assert_int_equal(m.schema, 2);
	assert_int_equal(m.listed, 64);
	assert_int_equal(m.tested, 60);
	assert_string_equal(m.backend, "svm");
	assert_string_equal(m.backend_state, "on");
	assert_string_equal(m.failed, "vintr:0-59");
	assert_string_equal(m.crashed, "7,9-10");
	assert_string_equal(m.kvm_flags, "npt nested");
	assert_string_equal(m.sys_vendor, "");  /* no platform object */
}

/* Without the backend's "state": the per-CPU values, "mixed" when they differ. */
static void backend_from_percpu(void **state)
{
	(void)state;
	struct fleet_machine m = read_log("c", "PICOVISOR-REPORT {\"status\":\"fail\",\"percpu\":"
					  "[{\"cpu\":0,\"svm\":\"on\"},{\"cpu\":1,\"svm\":"
					  "\"disabled-by-firmware\"}],\"svm\":{}}");
	assert_string_equal(m.backend, "svm");
	assert_string_equal(m.backend_state, "mixed");
	assert_string_equal(m.kvm, "");
	m = read_log("c", "PICOVISOR-REPORT {\"status\":\"unsupported\",\"percpu\":"
		     "[{\"cpu\":0,\"online\":true,\"vmx\":\"unsupported\"}],\"vmx\":{},"
		     "\"cpus\":{\"expected\":1},\"kvm\":{\"module\":\"kvm_intel\",\"loads\":false}}");
	assert_string_equal(m.backend_state, "unsupported");
	assert_string_equal(m.kvm, "refused");
	assert_int_equal(m.tested, 1);          /* no stage key: online counts */
	/* Schema 2: the folded record's value (percpu_common.record), then each CPU left out of it. */
	m = read_log("c", "PICOVISOR-REPORT {\"schema\":2,\"status\":\"pass\",\"vmx\":{},"
		     "\"percpu_common\":{\"cpus\":\"0-3\",\"record\":{\"vmx\":\"on\"},"
		     "\"each\":{}},\"percpu\":[]}");
	assert_string_equal(m.backend, "vmx");
	assert_string_equal(m.backend_state, "on");
	m = read_log("c", "PICOVISOR-REPORT {\"schema\":2,\"status\":\"fail\",\"vmx\":{},"
		     "\"percpu_common\":{\"cpus\":\"0-2\",\"record\":{\"vmx\":\"on\"},"
		     "\"each\":{}},\"percpu\":[{\"cpu\":3,\"vmx\":\"error\"}]}");
	assert_string_equal(m.backend_state, "mixed");
}

static void no_report_and_panic(void **state)
{
	(void)state;
	struct fleet_machine m = read_log("none", "SeaBIOS\nBooting from DVD\n");

	assert_int_equal(m.result, FLEET_NO_REPORT);
	assert_string_equal(m.status, "no-report");
	assert_string_equal(m.why, "no PICOVISOR-REPORT line");
	m = read_log("panic", "x\r\nPICOVISOR-PANIC vector=14 cpu=0 rip=0x1234\r\nRAX=0\r\n");
	assert_int_equal(m.result, FLEET_NO_REPORT);
	assert_string_equal(m.status, "panic");
	assert_string_equal(m.why, "PICOVISOR-PANIC vector=14 cpu=0 rip=0x1234");
	m = read_log("empty", "");
	assert_string_equal(m.status, "no-report");
}

static void truncated_and_garbage(void **state)
{
	(void)state;
	char cut[200];

	snprintf(cut, sizeof(cut), "boot\nPICOVISOR-REPORT %.120s", S1);
	struct fleet_machine m = read_log("cut", cut);
	assert_int_equal(m.result, FLEET_BAD_REPORT);
	assert_string_equal(m.status, "bad-report");
	assert_non_null(strstr(m.why, "not valid JSON"));
	m = read_log("garbage", "PICOVISOR-REPORT \x01\xff{]]\n");
	assert_int_equal(m.result, FLEET_BAD_REPORT);
	m = read_log("array", "PICOVISOR-REPORT [1,2]\n");
	assert_int_equal(m.result, FLEET_BAD_REPORT);
	assert_string_equal(m.why, "report line is not a JSON object");
	/* Wrong types everywhere: read as absent, not trusted. */
	m = read_log("types", "PICOVISOR-REPORT {\"schema\":\"2\",\"status\":7,\"cpus\":[],"
		     "\"percpu\":{\"cpu\":0},\"checks\":{\"name\":\"x\"},\"kvm\":[true],"
		     "\"platform\":\"Acme\",\"family\":-6}\n");
	assert_int_equal(m.result, FLEET_REPORT);
	assert_int_equal(m.schema, 0);
	assert_string_equal(m.status, "?");
	assert_false(m.has_cpus);
	assert_false(m.has_fms);
	assert_string_equal(m.failed, "");
	assert_string_equal(m.kvm, "");
	/* A report line after a prefix on the same line (BMC noise), and the last report wins. */
	m = read_log("two", "\x1b[0mPICOVISOR-REPORT " PASS1 "\nPICOVISOR-REPORT " S2 "\n");
	assert_int_equal(m.schema, 2);
	m = read_log("noise", "\x1b[0mPICOVISOR-REPORT " PASS1 "  \r\n");
	assert_string_equal(m.status, "pass");
	/* Bare report lines without a trailing newline. */
	m = read_log("bare", "PICOVISOR-REPORT " PASS1);
	assert_string_equal(m.status, "pass");
}

static char outbuf[16384];

static const char *print(void (*fn)(const struct fleet_machine *, size_t, struct out *),
			 const struct fleet_machine *ms, size_t n)
{
	struct out_buf o;

	out_buf_init(&o, outbuf, sizeof(outbuf));
	fn(ms, n, &o.out);
	assert_int_equal(o.lost, 0);
	return outbuf;
}

static void groups_and_outputs(void **state)
{
	(void)state;
	struct fleet_machine ms[5];

	ms[0] = read_log("pass-a", "PICOVISOR-REPORT " PASS1 "\n");
	ms[1] = read_log("s1", "PICOVISOR-REPORT " S1 "\n");
	ms[2] = read_log("pass-b", "noise\nPICOVISOR-REPORT " PASS1 "\n");
	ms[3] = read_log("dead", "PICOVISOR-PANIC vector=6\n");
	ms[4] = read_log("s2", "PICOVISOR-REPORT " S2 "\n");
	assert_int_equal(fleet_group(ms, 5), 4);
	assert_int_equal(ms[0].group, 1);
	assert_int_equal(ms[1].group, 2);
	assert_int_equal(ms[2].group, 1);
	assert_int_equal(ms[3].group, 3);
	assert_int_equal(ms[4].group, 4);

	assert_int_equal(fleet_exit_status(ms, 5), 2);
	assert_int_equal(fleet_exit_status(ms, 3), 1);
	assert_int_equal(fleet_exit_status(ms, 1), 0);
	assert_int_equal(fleet_exit_status(&ms[2], 1), 0);
	assert_int_equal(fleet_exit_status(ms, 0), 0);

	const char *t = print(fleet_print_table, ms, 5);
	/* A header and one row per log, then the panic note and the groups. */
	assert_true(!strncmp(t, "LOG     GROUP  STATUS  MACHINE             CPU  ", 47));
	assert_non_null(strstr(t, "\ns1      2      fail    Acme Rack, 7 #SN\"1  "
				  "GenuineIntel 6/85/4 Intel(R) Core(TM) i7  3/4    vmx on   "
				  "kvm_intel loads: ept pml   pml:0-1,3   2\n"));
	assert_non_null(strstr(t, "\ns2      4      fail    -                   AuthenticAMD "
				  "25/1/1 EPYC                  60/64  svm on   kvm_amd loads: "
				  "npt nested  vintr:0-59  7,9-10\n"));
	assert_non_null(strstr(t, "\ndead    3      panic   -"));
	assert_non_null(strstr(t, "\ndead: PICOVISOR-PANIC vector=6\n"));
	assert_non_null(strstr(t, "\n4 groups of machines that gave the same answer:\n"
				  "group 1: 2 machines: pass; vmx on; kvm_intel loads (ept); "
				  "no failed checks\n  pass-a pass-b\n"));
	assert_non_null(strstr(t, "group 2: 1 machine: fail; vmx on; kvm_intel loads (ept pml); "
				  "failed: pml\n  s1\n"));
	assert_non_null(strstr(t, "group 4: 1 machine: fail; svm on; kvm_amd loads (npt nested); "
				  "failed: vintr\n  s2\n"));
	size_t rows = 0;
	for (const char *p = t; *p && *p != '\n'; p = strchr(p, '\n') + 1)
		rows++;
	assert_int_equal(rows, 1 + 5 + 1);      /* header, rows, the panic note */

	const char *c = print(fleet_print_csv, ms, 5);
	assert_true(!strncmp(c, "log,group,status,reason,schema,sys_vendor,", 42));
	assert_non_null(strstr(c, "\r\ns1,2,fail,check pml failed,1,Acme,\"Rack, 7\",\"SN\"\"1\",,"
				  "GenuineIntel,Intel(R) Core(TM) i7,6,85,4,4,3,vmx,on,kvm_intel,"
				  "loads,ept pml,\"pml:0-1,3\",2,"));
	assert_non_null(strstr(c, "\r\ndead,3,panic,PICOVISOR-PANIC vector=6,,,,,,,,,,,,,,,,,,,,"));
	size_t lines = 0;
	for (const char *p = c; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, 6);

	/* The JSON output reads back with the strict reader. */
	const char *j = print(fleet_print_json, ms, 5);
	static struct jr_node nodes[2048];
	struct jr_doc d;
	uint64_t v;
	assert_int_equal(jr_parse(j, strlen(j), nodes, 2048, &d), 0);
	int machines = jr_get(&d, 0, "machines"), groups = jr_get(&d, 0, "groups");
	assert_int_equal(d.nodes[machines].nchild, 5);
	assert_int_equal(d.nodes[groups].nchild, 4);
	int m1 = jr_index(&d, machines, 1);
	assert_true(jr_str_eq(&d, jr_get(&d, m1, "product_serial"), "SN\"1"));
	assert_true(jr_str_eq(&d, jr_get(&d, m1, "checks_failed"), "pml:0-1,3"));
	assert_int_equal(jr_u64(&d, jr_get(&d, m1, "cpus_tested"), &v), 0);
	assert_int_equal(v, 3);
	int m3 = jr_index(&d, machines, 3);
	assert_true(jr_str_eq(&d, jr_get(&d, m3, "result"), "no-report"));
	assert_int_equal(d.nodes[jr_get(&d, m3, "cpus_listed")].type, JR_NULL);
	int g0 = jr_index(&d, groups, 0);
	assert_int_equal(d.nodes[jr_get(&d, g0, "logs")].nchild, 2);
}

static void cpulists(void **state)
{
	(void)state;
	char buf[32];
	uint64_t a[] = { 9, 3, 1, 2, 3, 8, 12, 10 };
	uint64_t many[40];

	fleet_cpulist(a, 8, buf, sizeof(buf));
	assert_string_equal(buf, "1-3,8-10,12");
	fleet_cpulist(a, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	for (int i = 0; i < 40; i++)
		many[i] = (uint64_t)i * 2;
	fleet_cpulist(many, 40, buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_string_equal(buf + sizeof(buf) - 4, "...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schema1),
		cmocka_unit_test(schema2),
		cmocka_unit_test(backend_from_percpu),
		cmocka_unit_test(no_report_and_panic),
		cmocka_unit_test(truncated_and_garbage),
		cmocka_unit_test(groups_and_outputs),
		cmocka_unit_test(cpulists),
	};
	return cmocka_run_group_tests_name("fleet", tests, NULL, NULL);
}
