/* SPDX-License-Identifier: MIT */
/*
 * Platform facts: hypervisor signature decoding, the microcode revision from
 * MSR 0x8b, IA32_FEATURE_CONTROL enables, the DMAR/IVRS choice, and the
 * console section and report object built from them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "pure/platform_facts.h"

/* ---- hypervisor signatures ------------------------------------------------- */

/* Little-endian register from its 4 signature bytes, as CPUID returns them. */
#define R(s) ((uint32_t)(uint8_t)(s)[0] | (uint32_t)(uint8_t)(s)[1] << 8 | \
	      (uint32_t)(uint8_t)(s)[2] << 16 | (uint32_t)(uint8_t)(s)[3] << 24)

struct sig_case {
	const char *name;
	const char bytes[12];           /* EBX, ECX, EDX */
	const char *text;
	const char *product;            /* hv_name(), NULL: unknown */
};

static const struct sig_case sig_cases[] = {
	{ "hv_kvm_trailing_nuls", "KVMKVMKVM\0\0\0", "KVMKVMKVM", "KVM" },
	{ "hv_qemu_tcg", { 'T','C','G','T','C','G','T','C','G','T','C','G' }, "TCGTCGTCGTCG", "QEMU TCG" },
	{ "hv_hyper_v", { 'M','i','c','r','o','s','o','f','t',' ','H','v' }, "Microsoft Hv",
	  "Microsoft Hyper-V interface" },
	{ "hv_vmware", { 'V','M','w','a','r','e','V','M','w','a','r','e' }, "VMwareVMware", "VMware" },
	{ "hv_xen", { 'X','e','n','V','M','M','X','e','n','V','M','M' }, "XenVMMXenVMM", "Xen" },
	{ "hv_bhyve_trailing_space", { 'b','h','y','v','e',' ','b','h','y','v','e',' ' },
	  "bhyve bhyve ", "bhyve" },
	{ "hv_all_zero", "\0\0\0\0\0\0\0\0\0\0\0", "", NULL },
	{ "hv_interior_nul_and_control", "AB\0D\x01" "FGHIJ\0\0", "AB?D?FGHIJ", NULL },
	{ "hv_high_bytes", "\xff\x80xyz\0\0\0\0\0\0", "??xyz", NULL },
	{ "hv_unknown_printable", "picovisor\0\0", "picovisor", NULL },
};

static void run_sig(void **state)
{
	const struct sig_case *c = *state;
	char out[13];

	memset(out, 0x55, sizeof(out));
	hv_signature(R(c->bytes), R(c->bytes + 4), R(c->bytes + 8), out);
	assert_string_equal(out, c->text);
	if (c->product)
		assert_string_equal(hv_name(out), c->product);
	else
		assert_null(hv_name(out));
}

/* ---- small decoders ------------------------------------------------------- */

static void test_vendor(void **state)
{
	(void)state;
	assert_int_equal(platform_vendor("GenuineIntel"), PLATFORM_VENDOR_INTEL);
	assert_int_equal(platform_vendor("AuthenticAMD"), PLATFORM_VENDOR_AMD);
	assert_int_equal(platform_vendor("HygonGenuine"), PLATFORM_VENDOR_AMD);
	assert_int_equal(platform_vendor("CentaurHauls"), PLATFORM_VENDOR_OTHER);
	assert_int_equal(platform_vendor(""), PLATFORM_VENDOR_OTHER);
}

/* Intel: bits 63:32 after the write-0 / CPUID procedure; AMD: bits 31:0. */
static void test_microcode(void **state)
{
	(void)state;
	/* QEMU's defaults: 0x100000000 for Intel models, 0x01000065 for AMD ones. */
	assert_int_equal(microcode_revision(PLATFORM_VENDOR_INTEL, 0x100000000ull), 0x1);
	assert_int_equal(microcode_revision(PLATFORM_VENDOR_AMD, 0x01000065ull), 0x01000065);
	assert_int_equal(microcode_revision(PLATFORM_VENDOR_INTEL, 0xde00000000ull), 0xde);
	assert_int_equal(microcode_revision(PLATFORM_VENDOR_INTEL, 0x00000000ffffffffull), 0);
	assert_int_equal(microcode_revision(PLATFORM_VENDOR_AMD, 0x12345678a0011d5ull), 0x8a0011d5);
}

static void test_feature_control_enabled(void **state)
{
	(void)state;
	/* Bochs' VMX models: locked, VMX outside SMX, nothing else. */
	assert_true(feature_control_enabled(0x5, FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX));
	assert_false(feature_control_enabled(0x5, FEAT_CTL_SGX_ENABLED));
	/* Enable bits without the lock enable nothing yet. */
	assert_false(feature_control_enabled(FEAT_CTL_SGX_ENABLED | FEAT_CTL_LMCE_ENABLED,
					     FEAT_CTL_SGX_ENABLED));
	assert_true(feature_control_enabled(0x140005, FEAT_CTL_SGX_ENABLED));
	assert_true(feature_control_enabled(0x140005, FEAT_CTL_LMCE_ENABLED));
	assert_false(feature_control_enabled(0x140005, FEAT_CTL_SENTER_ENABLE));
	assert_true(feature_control_enabled(0xff07, FEAT_CTL_SENTER_ENABLE));
}

/* ---- IOMMU choice -------------------------------------------------------------- */

static uint8_t dmar_tbl[64], ivrs_tbl[76];

static void checksum(uint8_t *t, size_t n)
{
	uint8_t sum = 0;

	t[9] = 0;
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	t[9] = (uint8_t)-sum;
}

/* A DMAR with one DRHD and an IVRS with one IVHD 10h + 4-byte entry. */
static void build_tables(void)
{
	uint32_t dl = sizeof(dmar_tbl), il = sizeof(ivrs_tbl);
	uint64_t dbase = 0xfed90000, ibase = 0xfeb80000;

	memset(dmar_tbl, 0, sizeof(dmar_tbl));
	memcpy(dmar_tbl, "DMAR", 4);
	memcpy(dmar_tbl + 4, &dl, 4);
	dmar_tbl[36] = 38;
	dmar_tbl[37] = DMAR_FLAG_INTR_REMAP;
	dmar_tbl[50] = 16;
	dmar_tbl[52] = DRHD_FLAG_INCLUDE_PCI_ALL;
	memcpy(dmar_tbl + 56, &dbase, 8);
	checksum(dmar_tbl, sizeof(dmar_tbl));

	memset(ivrs_tbl, 0, sizeof(ivrs_tbl));
	memcpy(ivrs_tbl, "IVRS", 4);
	memcpy(ivrs_tbl + 4, &il, 4);
	ivrs_tbl[37] = 0x28;
	ivrs_tbl[48] = IVRS_TYPE_IVHD_10;
	ivrs_tbl[50] = 28;
	ivrs_tbl[52] = 0x02;
	memcpy(ivrs_tbl + 56, &ibase, 8);
	ivrs_tbl[72] = 1;
	checksum(ivrs_tbl, sizeof(ivrs_tbl));
}

struct iommu_case {
	const char *name;
	bool dmar, ivrs;                /* table present */
	bool bad_dmar, bad_ivrs;        /* ... with a broken checksum */
	enum platform_iommu want;
	const char *invalid;
};

static const struct iommu_case iommu_cases[] = {
	{ "iommu_none", .want = PLATFORM_IOMMU_NONE },
	{ "iommu_dmar", .dmar = true, .want = PLATFORM_IOMMU_DMAR },
	{ "iommu_ivrs", .ivrs = true, .want = PLATFORM_IOMMU_IVRS },
	{ "iommu_both_dmar_wins", .dmar = true, .ivrs = true, .want = PLATFORM_IOMMU_DMAR },
	{ "iommu_bad_dmar", .dmar = true, .bad_dmar = true, .want = PLATFORM_IOMMU_NONE,
	  .invalid = "DMAR" },
	{ "iommu_bad_dmar_good_ivrs", .dmar = true, .bad_dmar = true, .ivrs = true,
	  .want = PLATFORM_IOMMU_IVRS, .invalid = "DMAR" },
	{ "iommu_bad_ivrs", .ivrs = true, .bad_ivrs = true, .want = PLATFORM_IOMMU_NONE,
	  .invalid = "IVRS" },
};

static void run_iommu(void **state)
{
	const struct iommu_case *c = *state;
	static struct platform_facts pf;
	char logbuf[512];
	struct out_buf log;

	build_tables();
	if (c->bad_dmar)
		dmar_tbl[9] ^= 1;
	if (c->bad_ivrs)
		ivrs_tbl[9] ^= 1;
	memset(&pf, 0xa5, sizeof(pf));
	out_buf_init(&log, logbuf, sizeof(logbuf));
	platform_facts_iommu(&pf, c->dmar ? dmar_tbl : NULL, c->dmar ? sizeof(dmar_tbl) : 0,
			     c->ivrs ? ivrs_tbl : NULL, c->ivrs ? sizeof(ivrs_tbl) : 0, &log.out);
	assert_int_equal(pf.iommu, c->want);
	if (c->invalid) {
		assert_non_null(pf.iommu_invalid);
		assert_string_equal(pf.iommu_invalid, c->invalid);
		assert_non_null(strstr(logbuf, "bad checksum"));
	} else {
		assert_null(pf.iommu_invalid);
		assert_int_equal(log.len, 0);
	}
	if (c->want == PLATFORM_IOMMU_DMAR)
		assert_int_equal(pf.dmar.drhd[0].base, 0xfed90000);
	if (c->want == PLATFORM_IOMMU_IVRS)
		assert_int_equal(pf.ivrs.ivhd[0].base, 0xfeb80000);
}

/* ---- the report object and the console section ------------------------------- */

struct out_case {
	const char *name;
	void (*fill)(struct platform_facts *pf);
	const char *json;               /* the whole "platform" object */
	const char *lines[4];           /* expected console lines */
};

/* Bochs corei7_skylake_x: no hypervisor bit, MSR 0x8b reads 0, FC 0x5. */
static void f_bochs(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_INTEL;
	pf->microcode_msr = PLATFORM_MSR_OK;
	pf->microcode = 0;
	pf->feature_control_msr = PLATFORM_MSR_OK;
	pf->feature_control = 0x5;
}

/* QEMU TCG, default CPU (AMD vendor) with -device intel-iommu. */
static void f_qemu_tcg(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_AMD;
	pf->hypervisor = true;
	pf->hv_max_leaf = 0x40000001;
	memcpy(pf->hv_sig, "TCGTCGTCGTCG", 13);
	pf->microcode_msr = PLATFORM_MSR_OK;
	pf->microcode = 0x01000065;
	build_tables();
	platform_facts_iommu(pf, dmar_tbl, sizeof(dmar_tbl), NULL, 0, NULL);
}

/* A server whose firmware enabled SGX and LMCE and allows TXT, under KVM. */
static void f_server(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_INTEL;
	pf->hypervisor = true;
	pf->hv_max_leaf = 0x40000010;
	memcpy(pf->hv_sig, "KVMKVMKVM", 10);
	pf->microcode_msr = PLATFORM_MSR_OK;
	pf->microcode = 0x2b000461;
	pf->feature_control_msr = PLATFORM_MSR_OK;
	pf->feature_control = 0x16ff07;
	pf->smx = pf->sgx = pf->lmce = true;
	build_tables();
	platform_facts_iommu(pf, NULL, 0, ivrs_tbl, sizeof(ivrs_tbl), NULL);
}

/* An Intel CPU whose MSRs fault (an emulator), SGX present but unlocked register. */
static void f_faults(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_INTEL;
	pf->microcode_msr = PLATFORM_MSR_GP;
	pf->feature_control_msr = PLATFORM_MSR_GP;
	pf->sgx = true;
	pf->iommu_invalid = "DMAR";
}

/* Unlocked IA32_FEATURE_CONTROL with the SGX bit: not enabled yet. */
static void f_unlocked(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_INTEL;
	pf->feature_control_msr = PLATFORM_MSR_OK;
	pf->feature_control = FEAT_CTL_SGX_ENABLED;
	pf->sgx = true;
}

static void f_other_vendor(struct platform_facts *pf)
{
	pf->vendor = PLATFORM_VENDOR_OTHER;
}

static const struct out_case out_cases[] = {
	{ "report_bochs", f_bochs,
	  "{\"platform\":{\"hypervisor\":null,\"microcode\":\"0x0\",\"feature_control\":\"0x5\","
	  "\"smx\":false,\"smx_enabled\":false,\"sgx\":false,\"sgx_enabled\":false,"
	  "\"lmce\":false,\"lmce_enabled\":false,\"iommu\":null,\"iommu_units\":0}}",
	  { "platform: hypervisor: none (CPUID.1:ECX[31] clear)\n",
	    "platform: microcode: revision 0x0 (IA32_BIOS_SIGN_ID)\n",
	    "platform: IA32_FEATURE_CONTROL = 0x5 (locked)\n",
	    "platform: IOMMU: none described by ACPI (no DMAR or IVRS table)\n" } },
	{ "report_qemu_tcg_dmar", f_qemu_tcg,
	  "{\"platform\":{\"hypervisor\":\"TCGTCGTCGTCG\",\"microcode\":\"0x1000065\","
	  "\"feature_control\":null,\"smx\":false,\"smx_enabled\":false,\"sgx\":false,"
	  "\"sgx_enabled\":false,\"lmce\":false,\"lmce_enabled\":false,\"iommu\":\"dmar\","
	  "\"iommu_units\":1}}",
	  { "platform: hypervisor: \"TCGTCGTCGTCG\" (QEMU TCG), leaves up to 0x40000001\n",
	    "platform: microcode: revision 0x1000065 (PATCH_LEVEL)\n",
	    "platform: IA32_FEATURE_CONTROL: not read (not an Intel CPU)\n",
	    "platform: DRHD 0: registers at 0xfed90000, segment 0, 0 device scopes, INCLUDE_PCI_ALL\n" } },
	{ "report_server_enabled", f_server,
	  "{\"platform\":{\"hypervisor\":\"KVMKVMKVM\",\"microcode\":\"0x2b000461\","
	  "\"feature_control\":\"0x16ff07\",\"smx\":true,\"smx_enabled\":true,\"sgx\":true,"
	  "\"sgx_enabled\":true,\"lmce\":true,\"lmce_enabled\":true,\"iommu\":\"ivrs\","
	  "\"iommu_units\":1}}",
	  { "platform: hypervisor: \"KVMKVMKVM\" (KVM), leaves up to 0x40000010\n",
	    "platform: IA32_FEATURE_CONTROL = 0x16ff07 (locked)\n",
	    "platform: SMX (TXT): enabled; SGX: enabled; LMCE: enabled\n",
	    "platform: IVHD 0 (type 0x10): IOMMU at 0xfeb80000, segment 0, device 00:00.2\n" } },
	{ "report_msr_faults", f_faults,
	  "{\"platform\":{\"hypervisor\":null,\"microcode\":null,\"feature_control\":null,"
	  "\"smx\":false,\"smx_enabled\":false,\"sgx\":true,\"sgx_enabled\":false,"
	  "\"lmce\":false,\"lmce_enabled\":false,\"iommu\":null,\"iommu_units\":0,"
	  "\"iommu_invalid\":\"DMAR\"}}",
	  { "platform: microcode: unknown (IA32_BIOS_SIGN_ID, MSR 0x8b, raised #GP)\n",
	    "platform: IA32_FEATURE_CONTROL: RDMSR 0x3a raised #GP\n",
	    "platform: SMX (TXT): not supported; SGX: supported, not enabled; LMCE: not supported\n",
	    "platform: IOMMU: the ACPI DMAR table is malformed (see above): not used\n" } },
	{ "report_unlocked", f_unlocked,
	  "{\"platform\":{\"hypervisor\":null,\"microcode\":null,\"feature_control\":\"0x40000\","
	  "\"smx\":false,\"smx_enabled\":false,\"sgx\":true,\"sgx_enabled\":false,"
	  "\"lmce\":false,\"lmce_enabled\":false,\"iommu\":null,\"iommu_units\":0}}",
	  { "platform: IA32_FEATURE_CONTROL = 0x40000 (not locked: nothing enabled yet)\n",
	    "platform: SMX (TXT): not supported; SGX: supported, not enabled; LMCE: not supported\n" } },
	{ "report_other_vendor", f_other_vendor,
	  "{\"platform\":{\"hypervisor\":null,\"microcode\":null,\"feature_control\":null,"
	  "\"smx\":false,\"smx_enabled\":false,\"sgx\":false,\"sgx_enabled\":false,"
	  "\"lmce\":false,\"lmce_enabled\":false,\"iommu\":null,\"iommu_units\":0}}",
	  { "platform: microcode: unknown (no revision MSR known for this vendor)\n",
	    "platform: IA32_FEATURE_CONTROL: not read (not an Intel CPU)\n" } },
};

static void run_out(void **state)
{
	const struct out_case *c = *state;
	static struct platform_facts pf;
	char buf[2048];
	struct out_buf o;
	struct json j;

	memset(&pf, 0, sizeof(pf));
	c->fill(&pf);
	pf.collected = true;

	out_buf_init(&o, buf, sizeof(buf));
	json_init(&j, &o.out);
	json_obj_begin(&j, NULL);
	platform_facts_json(&pf, &j);
	json_obj_end(&j);
	assert_string_equal(buf, c->json);

	out_buf_init(&o, buf, sizeof(buf));
	platform_facts_print(&pf, &o.out);
	for (size_t i = 0; i < ARRAY_SIZE(c->lines) && c->lines[i]; i++)
		if (!strstr(buf, c->lines[i]))
			fail_msg("console lacks \"%s\":\n%s", c->lines[i], buf);
	for (const char *l = buf; *l; l = strchr(l, '\n') + 1)
		assert_int_equal(strncmp(l, "platform: ", 10), 0);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(sig_cases) + ARRAY_SIZE(iommu_cases) +
				ARRAY_SIZE(out_cases) + 3];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, sig_cases, run_sig);
	tests[n++] = (struct CMUnitTest){ .name = "vendor", .test_func = test_vendor };
	tests[n++] = (struct CMUnitTest){ .name = "microcode", .test_func = test_microcode };
	tests[n++] = (struct CMUnitTest){ .name = "feature_control_enabled",
					  .test_func = test_feature_control_enabled };
	ADD_TABLE_CASES(tests, n, iommu_cases, run_iommu);
	ADD_TABLE_CASES(tests, n, out_cases, run_out);
	return _cmocka_run_group_tests("platform", tests, n, NULL, NULL);
}
