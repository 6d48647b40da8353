/* SPDX-License-Identifier: MIT */
/*
 * The VM-entry rule table (vmx/pure/entry_rules*.c): on every Bochs model's
 * capability MSRs (tests/unit/data/vmx-msrs) and on a synthetic CPU that
 * allows every control, the known-good state breaks no rule, and each rule's
 * crafted state breaks exactly that rule (plus the rules its row names as
 * broken together), with the hardware outcome of its class. Every rule must
 * be broken on at least one of these CPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "test_vmx_common.h"
#include "arch/x86/msr-index.h"
#include "lib/string.h"
#include "vmx/pure/entry_rules.h"
#include "vmx/pure/vmx_defs.h"

#define MAX_CPUS (MAX_MODELS + 3)

struct cpu {
	char name[64];
	struct vmx_caps caps;
};

static struct cpu cpus[MAX_CPUS];
static int ncpus;

/* Every control allowed, every activity state, every EPT feature but A/D, CET in CR4. */
static void make_max(struct cpu *dst, const struct vmx_caps *base, bool ad)
{
	static const uint32_t ctl[] = { MSR_IA32_VMX_TRUE_PINBASED_CTLS,
		MSR_IA32_VMX_TRUE_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS,
		MSR_IA32_VMX_TRUE_ENTRY_CTLS, MSR_IA32_VMX_PROCBASED_CTLS2 };
	struct vmx_caps *c = &dst->caps;

	*c = *base;
	for (unsigned i = 0; i < ARRAY_SIZE(ctl); i++)
		vmx_caps_set(c, ctl[i], (vmx_caps_get(c, ctl[i]) & 0xffffffffULL) | 0xffffffff00000000ULL);
	vmx_caps_set(c, MSR_IA32_VMX_PROCBASED_CTLS3, 0xff);
	vmx_caps_set(c, MSR_IA32_VMX_EXIT_CTLS2, 0x3);
	vmx_caps_set(c, MSR_IA32_VMX_VMFUNC, 1);
	vmx_caps_set(c, MSR_IA32_VMX_MISC, vmx_caps_get(c, MSR_IA32_VMX_MISC) | 0x1c0);
	vmx_caps_set(c, MSR_IA32_VMX_CR4_FIXED1, vmx_caps_get(c, MSR_IA32_VMX_CR4_FIXED1) | BIT(23));
	vmx_caps_set(c, MSR_IA32_VMX_EPT_VPID_CAP, 0xf0106334141ULL |
		     (ad ? VMX_EPT_AD_BIT : 0));
	snprintf(dst->name, sizeof(dst->name), "synthetic-max%s", ad ? "-ad" : "");
}

static int setup(void **state)
{
	struct model m[MAX_MODELS];
	int n = list_models(m, MAX_MODELS);

	(void)state;
	for (int i = 0; i < n; i++) {
		vmx_caps_init(&cpus[ncpus].caps);
		if (load_model(m[i].path, &cpus[ncpus].caps))
			continue;
		/* Yonah has no long mode: picovisor never runs VMX there. */
		if (!strcmp(m[i].name, "core_duo_t2400_yonah"))
			continue;
		snprintf(cpus[ncpus].name, sizeof(cpus[ncpus].name), "%.60s", m[i].name);
		ncpus++;
	}
	for (int i = 0; i < ncpus; i++) {
		if (strcmp(cpus[i].name, "corei7_skylake_x"))
			continue;
		make_max(&cpus[ncpus], &cpus[i].caps, false);
		make_max(&cpus[ncpus + 1], &cpus[i].caps, true);
		/* No activity state but active, no CR3-target values. */
		cpus[ncpus + 2] = cpus[i];
		vmx_caps_set(&cpus[ncpus + 2].caps, MSR_IA32_VMX_MISC,
			     vmx_caps_get(&cpus[i].caps, MSR_IA32_VMX_MISC) & ~0x1ff01c0ULL);
		snprintf(cpus[ncpus + 2].name, sizeof(cpus[ncpus + 2].name), "synthetic-min");
		ncpus += 3;
		break;
	}
	return ncpus < 3 ? -1 : 0;
}

static void print_broken(const struct er_result *r)
{
	char buf[8192];
	struct out_buf b;

	out_buf_init(&b, buf, sizeof(buf));
	er_print_broken(&b.out, r);
	fprintf(stderr, "%s", buf);
}

static void table_shape(void **state)
{
	unsigned n = er_rule_count();

	(void)state;
	assert_true(n >= 200);
	assert_true(n <= ER_RULES_MAX);
	for (unsigned i = 0; i < n; i++) {
		const struct er_rule *r = er_rule(i);

		assert_non_null(r->broken);
		assert_non_null(r->make);
		assert_true(r->section < ER_SEC_NR);
		assert_true(r->class < ER_CLASS_NR);
		assert_true(strlen(r->text) > 10);
		assert_int_equal(er_rule_find(r->id), (int)i);	/* ids are unique */
	}
	assert_null(er_rule(n));
	assert_int_equal(er_rule_find("no.such.rule"), -1);
}

static void good_image_passes(void **state)
{
	(void)state;
	for (int i = 0; i < ncpus; i++) {
		struct er_env e;
		struct er_vmcs v;
		struct er_result r;

		er_env_init(&e, &cpus[i].caps);
		er_good_image(&v, &e);
		if (er_check(&v, &e, &r)) {
			fprintf(stderr, "%s: the good image breaks:\n", cpus[i].name);
			print_broken(&r);
			fail();
		}
	}
}

/* The set a row's crafted state must break: itself and its "also" list. */
static void expected_set(unsigned i, struct er_result *want)
{
	const char *also = er_rule(i)->also;

	memset(want, 0, sizeof(*want));
	want->bits[i / 32] |= 1u << (i % 32);
	want->count = 1;
	while (also && *also) {
		char id[64];
		size_t k = 0;
		int j;

		while (*also && *also != ',' && k < sizeof(id) - 1)
			id[k++] = *also++;
		id[k] = '\0';
		if (*also == ',')
			also++;
		j = er_rule_find(id);
		assert_true(j >= 0);
		want->bits[j / 32] |= 1u << (j % 32);
		want->count++;
	}
}

static void each_rule_alone(void **state)
{
	unsigned n = er_rule_count();
	unsigned tried[ER_RULES_MAX] = { 0 };
	int bad = 0;

	(void)state;
	for (int m = 0; m < ncpus; m++) {
		for (unsigned i = 0; i < n; i++) {
			const struct er_rule *ru = er_rule(i);
			struct er_result r, want;
			struct er_outcome oc;
			struct er_env e;
			struct er_vmcs v;

			er_env_init(&e, &cpus[m].caps);
			er_good_image(&v, &e);
			if (!ru->make(&v, &e))
				continue;
			tried[i]++;
			er_check(&v, &e, &r);
			expected_set(i, &want);
			if (memcmp(r.bits, want.bits, sizeof(r.bits)) || r.count != want.count) {
				fprintf(stderr, "%s: rule %s: broke %u rule(s):\n", cpus[m].name, ru->id,
					r.count);
				print_broken(&r);
				bad++;
				continue;
			}
			er_outcome(&r, &oc);
			if (!ru->also && (oc.class != ru->class || oc.first != (int)i)) {
				fprintf(stderr, "%s: rule %s: outcome class %d\n", cpus[m].name, ru->id,
					oc.class);
				bad++;
			}
		}
	}
	for (unsigned i = 0; i < n; i++) {
		if (!tried[i]) {
			fprintf(stderr, "rule %s is broken on no CPU of the test set\n", er_rule(i)->id);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void outcome_order(void **state)
{
	struct er_env e;
	struct er_vmcs v;
	struct er_result r;
	struct er_outcome oc;
	char buf[128];
	struct out_buf b;

	(void)state;
	er_env_init(&e, &cpus[0].caps);
	er_good_image(&v, &e);
	v.v[er_field_slot(GUEST_RFLAGS)] = 0;			/* guest state */
	v.v[er_field_slot(HOST_TR_SELECTOR)] = 0;		/* host state */
	assert_int_equal(er_check(&v, &e, &r), 2);
	er_outcome(&r, &oc);
	assert_int_equal(oc.class, ER_CLASS_HOST);
	assert_int_equal(oc.number, 8);
	assert_string_equal(er_rule(oc.first)->id, "host.tr.null");
	v.v[er_field_slot(HOST_TR_SELECTOR)] = 0x18;
	er_check(&v, &e, &r);
	er_outcome(&r, &oc);
	assert_int_equal(oc.number, 33);
	assert_int_equal(oc.qualification, 0);
	out_buf_init(&b, buf, sizeof(buf));
	er_outcome_print(&b.out, &oc);
	assert_string_equal(buf, "VM exit 33 (invalid guest state), qualification 0");
	/* The link pointer's qualification is 4; an MSR entry's is its index. */
	er_good_image(&v, &e);
	v.v[er_field_slot(VMCS_LINK_POINTER)] = 0x1008;
	er_check(&v, &e, &r);
	er_outcome(&r, &oc);
	assert_int_equal(oc.qualification, 4);
	er_good_image(&v, &e);
	v.v[er_field_slot(VM_ENTRY_MSR_LOAD_COUNT)] = 2;
	v.msr_load_known = 2;
	v.msr_load[0].index = 0x174;
	v.msr_load[1].index = 0x808;
	er_check(&v, &e, &r);
	er_outcome(&r, &oc);
	assert_int_equal(oc.number, 34);
	assert_int_equal(oc.qualification, 2);
	er_good_image(&v, &e);
	er_check(&v, &e, &r);
	er_outcome(&r, &oc);
	assert_int_equal(oc.class, ER_CLASS_NR);
	assert_int_equal(oc.first, -1);
}

static void image_roundtrip(void **state)
{
	static char text[65536];
	struct er_env e;
	struct er_vmcs v, w;
	struct out_buf b;
	const char *junk = "[cpu1] vmcs: 0x6820 = 0x2\nnoise vmcs: 0x99999 = 0x1\nvmcs: 0xzz = 1\n"
			   "vmcs: msr-load 9 = 0x1 0x0 0x0\nvmcs: msr-load 1 = 0x1\n";

	(void)state;
	er_env_init(&e, &cpus[0].caps);
	er_good_image(&v, &e);
	v.link_known = true;
	v.link_word = 0x2b;
	v.msr_load_known = 2;
	v.msr_load[0].index = 0x174;
	v.msr_load[1].index = 0x808;
	v.msr_load[1].reserved = 3;
	v.msr_load[1].value = 0x1234;
	out_buf_init(&b, text, sizeof(text));
	er_print_image(&b.out, &v);
	assert_int_equal(b.lost, 0);
	assert_int_equal(er_parse_image(&w, text, strlen(text)), ERF_NR);
	assert_memory_equal(&v, &w, sizeof(v));
	/* Lines that are not a known field are skipped, a prefix is fine. */
	assert_int_equal(er_parse_image(&w, junk, strlen(junk)), 1);
	assert_int_equal(w.v[er_field_slot(GUEST_RFLAGS)], 2);
	assert_int_equal(w.msr_load_known, 0);
	assert_int_equal(er_field_slot(0x99999), -1);
	assert_string_equal(er_field_name((unsigned)er_field_slot(GUEST_RIP)), "GUEST_RIP");
}

static int decode(const char *text, size_t len, char *buf, size_t cap)
{
	struct out_buf b;

	out_buf_init(&b, buf, cap);
	return er_decode_log(&b.out, text, len);
}

/* vmxdecode --entry-check on a real log: cpu1's dump names guest.rflags.bit1. */
static void decode_real_log(void **state)
{
	static char out[8192];
	char path[512];
	size_t len = 0;
	char *t;

	(void)state;
	snprintf(path, sizeof(path), "%s/entry-check/bochs-skylake-x-entry-rule-cpu1.log",
		 testdata_dir());
	t = read_file_text(path, &len);
	assert_non_null(t);
	assert_int_equal(decode(t, len, out, sizeof(out)), 3);
	assert_string_equal(out, "cpu1: 1 VM-entry rule broken; the CPU would give VM exit 33 "
			    "(invalid guest state), qualification 0\n"
			    "  rule guest.rflags.bit1 [exit 33]: guest RFLAGS bit 1 is 1 "
			    "(SDM \"Checks on Guest RIP, RFLAGS, and SSP\")\n");
	free(t);
}

/* A log printed from a state: all rules hold (0); broken (3); no dump or no MSRs (1). */
static void decode_printed_log(void **state)
{
	static char text[65536], out[8192];
	struct er_env e;
	struct er_vmcs v;
	struct out_buf b;
	size_t caps_len;

	(void)state;
	er_env_init(&e, &cpus[0].caps);
	e.maxphyaddr = 39;
	er_good_image(&v, &e);
	out_buf_init(&b, text, sizeof(text));
	vmx_caps_print_log(&b.out, &cpus[0].caps);
	caps_len = b.len;
	assert_int_equal(decode(text, caps_len, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no \"vmcs: 0xENCODING = 0xVALUE\" lines"));
	assert_int_equal(decode("vmcs: 0x6820 = 0x2\n", 19, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no capability MSRs"));
	er_print_env(&b.out, &e);
	er_print_image(&b.out, &v);
	assert_int_equal(decode(text, b.len, out, sizeof(out)), 0);
	assert_true(!strncmp(out, "all 314 VM-entry rules hold", 27) ||
		    strstr(out, "VM-entry rules hold (a CPU that refused"));
	/* The width comes from the env line: an EPTP at bit 38 is fine at 39, not at 36. */
	v.v[er_field_slot(HOST_CR3)] = 1ULL << 38;
	b.len = caps_len;
	er_print_env(&b.out, &e);
	er_print_image(&b.out, &v);
	assert_int_equal(decode(text, b.len, out, sizeof(out)), 0);
	b.len = caps_len;
	er_print_image(&b.out, &v);
	assert_int_equal(decode(text, b.len, out, sizeof(out)), 3);
	assert_non_null(strstr(out, "assuming MAXPHYADDR 36"));
	assert_non_null(strstr(out, "rule host.cr3.width [VMfailValid 8]"));
}

/* Fields that exist only with a control: absent where the control is not allowed-1. */
static void field_existence(void **state)
{
	struct er_env e;

	(void)state;
	for (int i = 0; i < ncpus; i++) {
		bool sky = !strcmp(cpus[i].name, "corei7_skylake_x");
		bool penryn = !strcmp(cpus[i].name, "core2_penryn_t9600");
		bool max = !strncmp(cpus[i].name, "synthetic-max", 13);

		if (!sky && !penryn && !max)
			continue;
		er_env_init(&e, &cpus[i].caps);
		assert_true(er_field_exists(&e, (unsigned)er_field_slot(GUEST_RIP)));
		assert_true(er_field_exists(&e, (unsigned)er_field_slot(VMCS_LINK_POINTER)));
		assert_int_equal(er_field_exists(&e, (unsigned)er_field_slot(EPT_POINTER)), !penryn);
		assert_int_equal(er_field_exists(&e, (unsigned)er_field_slot(TERTIARY_VM_EXEC_CONTROL)),
				 max);
		assert_int_equal(er_field_exists(&e, (unsigned)er_field_slot(POSTED_INTR_DESC_ADDR)),
				 max);
	}
	assert_false(er_field_exists(&e, ERF_NR));
}

/*
 * The battery row's breaks (er_try_break): host-state rules and the VM-exit
 * MSR areas are never tried; every other rule a CPU's make can express
 * breaks alone in the known-good image (no "base" reason there), the set is
 * the table's, and with the pages moved elsewhere the broken state points
 * only at the moved pages (no address of the default layout left).
 */
static void try_break_battery(void **state)
{
	static const unsigned addr_slots[] = { ERF_EPT_POINTER, ERF_VIRTUAL_APIC_PAGE_ADDR,
		ERF_POSTED_INTR_DESC_ADDR, ERF_IO_BITMAP_A, ERF_IO_BITMAP_B, ERF_MSR_BITMAP,
		ERF_VM_EXIT_MSR_STORE_ADDR, ERF_VM_EXIT_MSR_LOAD_ADDR, ERF_VM_ENTRY_MSR_LOAD_ADDR,
		ERF_PML_ADDRESS, ERF_VE_INFORMATION_ADDRESS, ERF_SPP_TABLE_POINTER,
		ERF_EPTP_LIST_ADDRESS, ERF_VMREAD_BITMAP, ERF_VMWRITE_BITMAP, ERF_APIC_ACCESS_ADDR,
		ERF_LOW_PASID_DIRECTORY_ADDR, ERF_HIGH_PASID_DIRECTORY_ADDR, ERF_HLAT_POINTER,
		ERF_PID_POINTER_TABLE, ERF_VMCS_LINK_POINTER, ERF_GUEST_PDPTR0, ERF_GUEST_PDPTR1,
		ERF_GUEST_PDPTR2, ERF_GUEST_PDPTR3 };
	unsigned n = er_rule_count(), yes = 0, host = 0, area = 0, event = 0;
	unsigned tried[ER_RULES_MAX] = { 0 };

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		enum er_try s = er_rule_safety(i);

		assert_int_equal(s == ER_TRY_HOST, er_rule(i)->class == ER_CLASS_HOST);
		host += s == ER_TRY_HOST;
		area += s == ER_TRY_EXIT_AREA;
		event += s == ER_TRY_EVENT;
		assert_string_not_equal(er_try_name(s), "?");
		assert_true(strlen(er_try_reason(s)) > 10);
	}
	assert_int_equal(area, 4);
	assert_int_equal(event, 1);
	assert_int_equal(er_rule_safety((unsigned)er_rule_find("ctrl.event.other")), ER_TRY_EVENT);
	for (int m = 0; m < ncpus; m++) {
		for (unsigned i = 0; i < n; i++) {
			struct er_env e, moved;
			struct er_vmcs good, v, w;
			struct er_result want, want2, test_want, r;
			enum er_try t;

			er_env_init(&e, &cpus[m].caps);
			er_good_image(&good, &e);
			t = er_try_break(&good, &e, i, &v, &want);
			assert_true(t < ER_TRY_NR);
			if (er_rule_safety(i) != ER_TRY_YES) {
				assert_int_equal(t, er_rule_safety(i));
				continue;
			}
			if (t == ER_TRY_BASE)
				fprintf(stderr, "%s: rule %s does not break alone in the good image\n",
					cpus[m].name, er_rule(i)->id);
			assert_int_not_equal(t, ER_TRY_BASE);
			if (t != ER_TRY_YES)
				continue;
			tried[i]++;
			yes++;
			expected_set(i, &test_want);
			assert_true(er_result_same(&want, &test_want));
			er_check(&v, &e, &r);
			assert_true(er_result_same(&r, &want));
			assert_memory_not_equal(&v, &good, sizeof(v));
			/*
			 * The check of an image does not depend on where the break pages
			 * lie (only the breaks use e.page): the row reuses er_try_break's
			 * check of the image it wrote instead of checking the read-back.
			 */
			struct er_env pages = e;
			struct er_result r_pages;

			for (unsigned k = 0; k < ER_PAGE_NR; k++)
				pages.page[k] = 0x7f000000 + 0x1000 * k;
			er_check(&v, &pages, &r_pages);
			assert_memory_equal(&r, &r_pages, sizeof(r));
			/* Only fields this CPU has: the row VMWRITEs each changed one. */
			uint8_t present[ERF_NR];

			er_fields_present(&e, present);
			for (unsigned k = 0; k < ERF_NR; k++) {
				if (v.v[k] != good.v[k] && !present[k])
					fprintf(stderr, "%s: rule %s writes absent field %s\n",
						cpus[m].name, er_rule(i)->id, er_field_name(k));
				assert_false(v.v[k] != good.v[k] && !present[k]);
			}
			/* The same break with the pages elsewhere. */
			moved = e;
			for (unsigned k = 0; k < ER_PAGE_NR; k++)
				moved.page[k] = 0x7f000000 + 0x1000 * k;
			assert_int_equal(er_try_break(&good, &moved, i, &w, &want2), ER_TRY_YES);
			assert_true(er_result_same(&want, &want2));
			for (unsigned k = 0; k < ARRAY_SIZE(addr_slots); k++) {
				uint64_t a = w.v[addr_slots[k]] & ~0xfffULL & ~BIT(63);

				if (w.v[addr_slots[k]] == good.v[addr_slots[k]])
					continue;
				if (a >= 0x10000 && a < 0x21000)
					fprintf(stderr, "%s: rule %s: field %s = 0x%llx\n", cpus[m].name,
						er_rule(i)->id, er_field_name(addr_slots[k]),
						(unsigned long long)w.v[addr_slots[k]]);
				assert_false(a >= 0x10000 && a < 0x21000);
			}
		}
	}
	/* Every rule not left out on principle is tried on some CPU of the set but the few
	 * whose break needs another CPU (SGX, RTM) or an activity state these lack. */
	unsigned never = 0;

	for (unsigned i = 0; i < n; i++)
		never += er_rule_safety(i) == ER_TRY_YES && !tried[i];
	fprintf(stderr, "try_break: %u tries, host %u, exit-area %u, never tried %u\n", yes, host,
		area, never);
	assert_true(never <= 5);
	assert_true(host >= 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_shape),
		cmocka_unit_test(good_image_passes),
		cmocka_unit_test(each_rule_alone),
		cmocka_unit_test(outcome_order),
		cmocka_unit_test(image_roundtrip),
		cmocka_unit_test(decode_real_log),
		cmocka_unit_test(decode_printed_log),
		cmocka_unit_test(field_existence),
		cmocka_unit_test(try_break_battery),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
