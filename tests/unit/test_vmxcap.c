/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/vmxcap.c and vmx/pure/dump.c: the capability block must equal QEMU's
 * scripts/kvm/vmxcap output byte for byte. The golden files in
 * tests/unit/data/ are the OUTPUT of the real vmxcap logic run on the testdata
 * MSRs (see tests/unit/data/README.md); the script itself is not in the tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_vmx_common.h"
#include "vmx/pure/dump.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmxcap.h"

static char outbuf[65536];
static struct out_buf ob;

static struct out *out_reset(void)
{
	out_buf_init(&ob, outbuf, sizeof(outbuf));
	return &ob.out;
}

struct golden {
	const char *model;	/* testdata file */
	const char *file;	/* expected output */
};

static const struct golden goldens[] = {
	{ "corei7_skylake_x", "tests/unit/data/vmxcap_skylake_x.txt" },
	{ "core2_penryn_t9600", "tests/unit/data/vmxcap_penryn.txt" },
	{ "corei5_lynnfield_750", "tests/unit/data/vmxcap_lynnfield.txt" },
};

static void golden_case(void **state)
{
	const struct golden *g = *state;
	char path[600];
	struct vmx_caps c;
	char *want;

	snprintf(path, sizeof(path), "%s/vmx-msrs/%s.txt", testdata_dir(), g->model);
	assert_int_equal(load_model(path, &c), 0);
	want = read_file_text(g->file, NULL);
	if (!want)
		fail_msg("cannot read %s (run from the repository root)", g->file);
	vmxcap_dump(out_reset(), &c);
	assert_int_equal(ob.lost, 0);
	if (strcmp(outbuf, want)) {
		const char *a = outbuf, *b = want;
		unsigned line = 1;

		for (; *a && *a == *b; a++, b++)
			line += *a == '\n';
		free(want);
		fail_msg("%s: output differs from %s at line %u", g->model, g->file, line);
	}
	free(want);
}

/* Absent MSRs read as 0 (vmxcap's default): all sections still printed. */
static void absent_msrs(void **state)
{
	struct vmx_caps c;

	(void)state;
	vmx_caps_init(&c);
	vmx_caps_set(&c, MSR_IA32_VMX_BASIC, 0xd910000000002bULL);
	vmxcap_print(out_reset(), &c);
	assert_non_null(strstr(outbuf, "secondary processor-based controls\n"
				       "  Virtualize APIC accesses                 no\n"));
	assert_non_null(strstr(outbuf, "VPID and EPT capabilities\n  Hex: 0x0\n"));
	assert_non_null(strstr(outbuf, "VM Functions\n  Hex: 0x0\n"
				       "  EPTP Switching                           no\n"));
	assert_non_null(strstr(outbuf, "  VMCS restricted to 32 bit addresses      yes\n"));
	assert_null(strstr(outbuf, "BEGIN"));
}

/* The four control states, and "?" for must-be-1 but not allowed-1. */
static void control_states(void **state)
{
	struct vmx_caps c;

	(void)state;
	vmx_caps_init(&c);
	vmx_caps_set(&c, MSR_IA32_VMX_BASIC, 0xd810000000002bULL);
	/* bit 0: yes; bit 3: forced; bit 5: no; bit 6: ?; bit 7: default */
	vmx_caps_set(&c, MSR_IA32_VMX_PINBASED_CTLS, (0x89ULL << 32) | 0xc8);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PINBASED_CTLS, (0x89ULL << 32) | 0x48);
	vmxcap_print(out_reset(), &c);
	assert_non_null(strstr(outbuf,
		"pin-based controls\n"
		"  External interrupt exiting               yes\n"
		"  NMI exiting                              forced\n"
		"  Virtual NMIs                             no\n"
		"  Activate VMX-preemption timer            ?\n"
		"  Process posted interrupts                default\n"));
	/* Without a TRUE MSR value there is no "default". */
	c.present &= ~(1u << vmx_caps_slot(MSR_IA32_VMX_TRUE_PINBASED_CTLS));
	vmxcap_print(out_reset(), &c);
	assert_non_null(strstr(outbuf, "  Process posted interrupts                forced\n"));
}

static void skylake_extra(void **state)
{
	char path[600];
	struct vmx_caps c, back;
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_parse_result r;

	(void)state;
	snprintf(path, sizeof(path), "%s/vmx-msrs/corei7_skylake_x.txt", testdata_dir());
	assert_int_equal(load_model(path, &c), 0);
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	vmx_dump_extra(out_reset(), &c, &cfg, &cap);
	assert_int_equal(ob.lost, 0);
	assert_non_null(strstr(outbuf, "vmx: IA32_FEATURE_CONTROL = 0x5: Lock, VMX outside SMX -> enabled\n"));
	assert_non_null(strstr(outbuf, "vmx:   CR0 must be 1: PE, NE, PG\n"));
	assert_non_null(strstr(outbuf, "vmx:   CR4 must be 1: VMXE\n"));
	assert_non_null(strstr(outbuf, "highest VMCS field index 26\n"));
	assert_non_null(strstr(outbuf, "vmx: secondary VM-exit controls: not enumerated\n"));
	assert_non_null(strstr(outbuf, "vmx: ept yes vpid yes unrestricted_guest yes\n"));
	assert_non_null(strstr(outbuf,
		"vmx flags\t: vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb "
		"flexpriority eptp_switching tsc_offset vtpr vapic ept vpid "
		"unrestricted_guest vapic_reg vid ple shadow_vmcs pml ept_violation_ve "
		"tsc_scaling\n"));
	assert_non_null(strstr(outbuf, "vmx: msr 0x00000480 = 0x00d810000000002b\n"));
	/* The whole dump, fed back, yields the same MSRs. */
	assert_int_equal(vmx_caps_parse_text(&back, outbuf, ob.len, &r), 0);
	assert_memory_equal(back.val, c.val, sizeof(c.val));
	assert_int_equal(back.present, c.present);
}

/*
 * Penryn enumerates neither IA32_VMX_EPT_VPID_CAP nor IA32_VMX_VMFUNC, so the
 * image never reads them and the testdata (harvested from its log) lacks them;
 * a raw rdmsr probe of the same CPU adds "# 0x48c raises #GP on rdmsr" lines.
 */
static void penryn_gp_lines(void **state)
{
	static const char probe[] = "# 0x48c raises #GP on rdmsr\n# 0x491 raises #GP on rdmsr\n";
	char path[600], text[4096];
	struct vmx_caps c;
	struct vmx_parse_result r;
	size_t len = 0;
	char *file;

	(void)state;
	snprintf(path, sizeof(path), "%s/vmx-msrs/core2_penryn_t9600.txt", testdata_dir());
	file = read_file_text(path, &len);
	assert_non_null(file);
	assert_true(len + sizeof(probe) <= sizeof(text));
	memcpy(text, file, len);
	memcpy(text + len, probe, sizeof(probe));
	free(file);
	assert_int_equal(vmx_caps_parse_text(&c, text, strlen(text), &r), 0);
	assert_false(vmx_caps_has(&c, MSR_IA32_VMX_EPT_VPID_CAP));
	assert_false(vmx_caps_has(&c, MSR_IA32_VMX_VMFUNC));
	vmx_caps_print_log(out_reset(), &c);
	assert_non_null(strstr(outbuf, "vmx: msr 0x0000048c #GP\n"));
	assert_non_null(strstr(outbuf, "vmx: msr 0x00000491 #GP\n"));
	vmx_print_linux_flags(out_reset(), &c);
	assert_string_equal(outbuf, "vmx flags\t: vnmi flexpriority tsc_offset vtpr vapic\n");
}

int main(void)
{
	static struct CMUnitTest tests[ARRAY_SIZE(goldens) + 8];
	static char tnames[ARRAY_SIZE(goldens)][96];
	int t = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(goldens); i++) {
		snprintf(tnames[i], sizeof(tnames[0]), "golden_%s", goldens[i].model);
		tests[t++] = (struct CMUnitTest){ tnames[i], golden_case, NULL, NULL,
						  (void *)&goldens[i] };
	}
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(absent_msrs);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(control_states);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(skylake_extra);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(penryn_gp_lines);
	return _cmocka_run_group_tests("vmxcap", tests, (size_t)t, NULL, NULL);
}
