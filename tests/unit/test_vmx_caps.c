/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/caps.c + vmx/pure/caps_parse.c: parsing the testdata and log forms, reading
 * only enumerated MSRs through a strict fake RDMSR, IA32_VMX_BASIC checks.
 * One named case per testdata model, plus synthetic cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_vmx_common.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/vmx_defs.h"

/*
 * Fake RDMSR backed by a parsed model: an MSR the model does not have raises
 * #GP. Reading one is a reader bug (the CPU does not enumerate it) unless it
 * is IA32_FEATURE_CONTROL, which the reader tolerates.
 */
struct fake_cpu {
	const struct vmx_caps *src;
	uint32_t reads[32];
	unsigned nreads;
	uint32_t bad_read;	/* first non-enumerated MSR read, 0 if none */
};

static int fake_rdmsr(void *ctx, uint32_t msr, uint64_t *val)
{
	struct fake_cpu *f = ctx;

	if (f->nreads < 32)
		f->reads[f->nreads++] = msr;
	if (!vmx_caps_has(f->src, msr)) {
		if (msr != MSR_IA32_FEATURE_CONTROL && !f->bad_read)
			f->bad_read = msr;
		return 1;
	}
	*val = vmx_caps_get(f->src, msr);
	return 0;
}

static void model_case(void **state)
{
	const struct model *m = *state;
	struct vmx_caps parsed, rd;
	struct fake_cpu f = { 0 };

	assert_int_equal(load_model(m->path, &parsed), 0);
	f.src = &parsed;
	assert_int_equal(vmx_caps_read(&rd, fake_rdmsr, &f), 0);
	if (f.bad_read)
		fail_msg("%s: reader read non-enumerated MSR 0x%x", m->name, f.bad_read);
	/* Everything the model has was read, with the same value. */
	assert_int_equal(rd.present, parsed.present);
	for (unsigned s = 0; s < VMX_CAPS_NR; s++)
		if (parsed.present & (1u << s))
			assert_int_equal(rd.val[s], parsed.val[s]);
	/* Every #GP line in the testdata is an MSR the reader did not touch. */
	for (unsigned i = 0; i < f.nreads; i++) {
		int s = vmx_caps_slot(f.reads[i]);

		assert_true(s >= 0);
		assert_false(parsed.faulted & (1u << s));
	}
	/* Yonah is 32-bit only: IA32_VMX_BASIC[48] = 1 there, 0 on the rest. */
	assert_int_equal(vmx_basic_check(vmx_caps_get(&parsed, MSR_IA32_VMX_BASIC), NULL),
			 strstr(m->name, "yonah") ? VMX_BASIC_ERR_32BIT : 0);
}

/* The log lines round-trip, with serial-log noise and CR LF around them. */
static void model_log_roundtrip(void **state)
{
	const struct model *m = *state;
	struct vmx_caps a, b;
	struct vmx_parse_result r;
	char buf[8192];
	struct out_buf ob;

	assert_int_equal(load_model(m->path, &a), 0);
	out_buf_init(&ob, buf, sizeof(buf));
	oprintf(&ob.out, "GRUB loading...\r\npicovisor 0.1 booting\r\n[cpu0] ");
	vmx_caps_print_log(&ob.out, &a);
	oprintf(&ob.out, "BEGIN VMXCAP\nBasic VMX Information\n  Hex: 0x1\nEND VMXCAP\n");
	assert_int_equal(ob.lost, 0);
	assert_int_equal(vmx_caps_parse_text(&b, buf, ob.len, &r), 0);
	assert_int_equal(a.present, b.present);
	assert_int_equal(a.faulted, b.faulted);
	assert_memory_equal(a.val, b.val, sizeof(a.val));
}

static void parse_text(const char *t, struct vmx_caps *c, struct vmx_parse_result *r, int want)
{
	int rc = vmx_caps_parse_text(c, t, strlen(t), r);

	if (rc != want)
		fail_msg("parse of '%s' returned %d (%s), wanted %d", t, rc, r->msg, want);
}

static void parse_errors(void **state)
{
	struct vmx_caps c;
	struct vmx_parse_result r;

	(void)state;
	parse_text("0x480 zz\n", &c, &r, -1);
	assert_int_equal(r.line, 1);
	parse_text("0x480 0x1 0x2\n", &c, &r, -1);
	parse_text("0x480 0x12345678901234567\n", &c, &r, -1);
	parse_text("vmx: msr 0x480 0x5\n", &c, &r, -1);
	parse_text("vmx: msr 0x480 = 0x1\nvmx: msr 0x480 = 0x2\n", &c, &r, -1);
	assert_int_equal(r.line, 2);
	assert_non_null(strstr(r.msg, "twice"));
	parse_text("vmx: msr 0x48c #GP\nvmx: msr 0x48c = 0x2\nvmx: msr 0x480 = 0x1\n", &c, &r, -1);
	parse_text("hello\nworld\n", &c, &r, -1);
	assert_non_null(strstr(r.msg, "IA32_VMX_BASIC"));
	parse_text("", &c, &r, -1);
	/* Accepted forms: no 0x on the value, repeats with the same value, CR. */
	parse_text("0x480 d810000000002b\r\n0x480 0xd810000000002b\n0x10 0x5\n", &c, &r, 0);
	assert_int_equal(vmx_caps_get(&c, MSR_IA32_VMX_BASIC), 0xd810000000002bULL);
	assert_int_equal(r.ignored, 1);	/* 0x10 is not a capability MSR */
	parse_text("x vmx: msr 0x0000048c #GP\nvmx: msr 0x480 = 0x1\n", &c, &r, 0);
	assert_true(c.faulted & (1u << vmx_caps_slot(MSR_IA32_VMX_EPT_VPID_CAP)));
	assert_false(vmx_caps_has(&c, MSR_IA32_VMX_EPT_VPID_CAP));
}

/* A required MSR that faults stops the reader and names the MSR. */
static void read_fault(void **state)
{
	struct vmx_caps src, rd;
	struct fake_cpu f = { 0 };

	(void)state;
	vmx_caps_init(&src);
	vmx_caps_set(&src, MSR_IA32_VMX_BASIC, 0xd810000000002bULL);
	vmx_caps_set(&src, MSR_IA32_VMX_PINBASED_CTLS, 0x7f00000016ULL);
	f.src = &src;
	assert_int_equal(vmx_caps_read(&rd, fake_rdmsr, &f), VMX_CAPS_E_FAULT);
	assert_int_equal(rd.fault_msr, MSR_IA32_VMX_PROCBASED_CTLS);
}

/* Enumeration: which optional MSRs get read for which allowed-1 bits. */
static void read_enumeration(void **state)
{
	static const uint32_t base[] = { 0x480, 0x481, 0x482, 0x483, 0x484, 0x485,
					 0x486, 0x487, 0x488, 0x489, 0x48a };
	struct vmx_caps src, rd;
	struct fake_cpu f = { 0 };

	(void)state;
	vmx_caps_init(&src);
	for (unsigned i = 0; i < ARRAY_SIZE(base); i++)
		vmx_caps_set(&src, base[i], 0);
	/* No TRUE (bit 55 clear), primary allows secondary + tertiary. */
	vmx_caps_set(&src, MSR_IA32_VMX_BASIC, 0x00d810000000002bULL & ~VMX_BASIC_TRUE_CTLS);
	vmx_caps_set(&src, MSR_IA32_VMX_PROCBASED_CTLS,
		     (uint64_t)(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |
				CPU_BASED_ACTIVATE_TERTIARY_CONTROLS) << 32);
	vmx_caps_set(&src, MSR_IA32_VMX_EXIT_CTLS,
		     (uint64_t)VM_EXIT_ACTIVATE_SECONDARY_CONTROLS << 32);
	/* Secondary allows VPID only and VM functions. */
	vmx_caps_set(&src, MSR_IA32_VMX_PROCBASED_CTLS2,
		     (uint64_t)(SECONDARY_EXEC_ENABLE_VPID | SECONDARY_EXEC_ENABLE_VMFUNC) << 32);
	vmx_caps_set(&src, MSR_IA32_VMX_PROCBASED_CTLS3, TERTIARY_EXEC_IPI_VIRT);
	vmx_caps_set(&src, MSR_IA32_VMX_EXIT_CTLS2, SECONDARY_VM_EXIT_LOAD_IA32_FRED);
	vmx_caps_set(&src, MSR_IA32_VMX_EPT_VPID_CAP, 0xf0100000000ULL);
	vmx_caps_set(&src, MSR_IA32_VMX_VMFUNC, 1);
	f.src = &src;
	assert_int_equal(vmx_caps_read(&rd, fake_rdmsr, &f), 0);
	assert_int_equal(f.bad_read, 0);
	assert_true(vmx_caps_has(&rd, MSR_IA32_VMX_PROCBASED_CTLS3));
	assert_true(vmx_caps_has(&rd, MSR_IA32_VMX_EXIT_CTLS2));
	assert_true(vmx_caps_has(&rd, MSR_IA32_VMX_EPT_VPID_CAP));
	assert_true(vmx_caps_has(&rd, MSR_IA32_VMX_VMFUNC));
	assert_false(vmx_caps_has(&rd, MSR_IA32_VMX_TRUE_PROCBASED_CTLS));

	/* Same CPU claiming TRUE MSRs it lacks: the reader must try and fail. */
	vmx_caps_set(&src, MSR_IA32_VMX_BASIC, 0x00d810000000002bULL);
	memset(&f, 0, sizeof(f));
	f.src = &src;
	assert_int_equal(vmx_caps_read(&rd, fake_rdmsr, &f), VMX_CAPS_E_FAULT);
	assert_int_equal(rd.fault_msr, MSR_IA32_VMX_TRUE_PINBASED_CTLS);
}

static void basic_checks(void **state)
{
	char buf[1024];
	struct out_buf ob;
	uint64_t good = 0x00d810000000002bULL;

	(void)state;
	out_buf_init(&ob, buf, sizeof(buf));
	assert_int_equal(vmx_basic_check(good, &ob.out), 0);
	assert_int_equal(ob.len, 0);
	assert_int_equal(vmx_basic_check((good & ~VMX_BASIC_VMCS_SIZE_MASK) | (4097ULL << 32), &ob.out),
			 VMX_BASIC_ERR_SIZE);
	assert_int_equal(vmx_basic_check(good & ~VMX_BASIC_VMCS_SIZE_MASK, NULL), VMX_BASIC_ERR_SIZE);
	assert_int_equal(vmx_basic_check(good & ~VMX_BASIC_MEM_TYPE_MASK, &ob.out),
			 VMX_BASIC_ERR_MEMTYPE);
	assert_int_equal(vmx_basic_check(good | VMX_BASIC_32BIT_PHYS_ADDR_ONLY, &ob.out),
			 VMX_BASIC_ERR_32BIT);
	assert_int_equal(vmx_basic_check(good | BIT(31), NULL), VMX_BASIC_ERR_REVISION);
	assert_non_null(strstr(buf, "size 4097"));
	assert_non_null(strstr(buf, "write-back"));
	assert_non_null(strstr(buf, "below 4 GiB"));
	assert_string_equal(vmx_basic_err_name(VMX_BASIC_ERR_32BIT),
			    "32-bit physical address restriction");
}

struct iter_ctx {
	unsigned n;
	uint32_t last;
};

static void iter_fn(void *ctx, uint32_t msr, uint64_t val)
{
	struct iter_ctx *ic = ctx;

	(void)val;
	ic->n++;
	ic->last = msr;
}

static void for_each(void **state)
{
	struct vmx_caps c;
	struct iter_ctx ic = { 0 };

	(void)state;
	vmx_caps_init(&c);
	vmx_caps_set(&c, MSR_IA32_VMX_BASIC, 1);
	vmx_caps_set(&c, MSR_IA32_FEATURE_CONTROL, 5);
	vmx_caps_set(&c, 0x12345, 5);	/* ignored: not a capability MSR */
	assert_int_equal(vmx_caps_for_each(&c, iter_fn, &ic), 2);
	assert_int_equal(ic.n, 2);
	assert_int_equal(ic.last, MSR_IA32_FEATURE_CONTROL);
}

int main(void)
{
	static struct model models[MAX_MODELS];
	static struct CMUnitTest tests[2 * MAX_MODELS + 8];
	static char names[2 * MAX_MODELS][96];
	int n = list_models(models, MAX_MODELS), t = 0;

	if (n == 0) {
		fprintf(stderr, "no testdata in %s/vmx-msrs (set PV_TESTDATA)\n", testdata_dir());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(names[2 * i], sizeof(names[0]), "read_%.60s", models[i].name);
		snprintf(names[2 * i + 1], sizeof(names[0]), "log_roundtrip_%.60s", models[i].name);
		tests[t++] = (struct CMUnitTest){ names[2 * i], model_case, NULL, NULL, &models[i] };
		tests[t++] = (struct CMUnitTest){ names[2 * i + 1], model_log_roundtrip,
						  NULL, NULL, &models[i] };
	}
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(parse_errors);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(read_fault);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(read_enumeration);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(basic_checks);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(for_each);
	return _cmocka_run_group_tests("vmx_caps", tests, (size_t)t, NULL, NULL);
}
