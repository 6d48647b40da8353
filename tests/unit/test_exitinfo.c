/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/exitinfo.c and the exit-reason / VM-instruction-error name tables:
 * exit qualifications (SDM 28.2.1) and interruption information (25.9.2)
 * decoded and described, one named case per input. The EPT-violation
 * qualification 0x182 is what Bochs reported for the ept-violation guest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "lib/bits.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/names.h"
#include "vmx/pure/vmx_defs.h"

enum kind { IO, EPT, INTR, ENTRY, REASON, INSN_ERR };

struct info_case {
	const char *name;
	enum kind kind;
	uint64_t a, b, c;	/* qualification / info, then gpa & gla or error code */
	const char *want;
};

static const struct info_case cases[] = {
	{ "io_out_dx_byte_com1", IO, 0x03f80000, 0, 0, "out 0x3f8, 1 byte" },
	{ "io_in_imm_dword", IO, 0x00600000 | EXIT_QUAL_IO_IN | EXIT_QUAL_IO_IMM | 3, 0, 0,
	  "in 0x60, 4 bytes" },
	{ "io_rep_outsw", IO, 0x00800000 | EXIT_QUAL_IO_STRING | EXIT_QUAL_IO_REP | 1, 0, 0,
	  "rep outs 0x80, 2 bytes" },
	{ "io_ins_byte", IO, 0xffff0000 | EXIT_QUAL_IO_IN | EXIT_QUAL_IO_STRING, 0, 0,
	  "ins 0xffff, 1 byte" },
	{ "ept_write_not_present_bochs", EPT, 0x182, 0x200000, 0x200000,
	  "write at guest-physical 0x200000 (linear 0x200000), EPT entry: not present" },
	{ "ept_fetch_on_read_only", EPT, EPT_VIOL_FETCH | EPT_VIOL_READABLE | EPT_VIOL_GLA_VALID |
	  EPT_VIOL_GLA_TRANSLATED, 0x5000, 0x401000,
	  "fetch at guest-physical 0x5000 (linear 0x401000), EPT entry allows r--" },
	{ "ept_paging_structure_read", EPT, EPT_VIOL_READ | EPT_VIOL_GLA_VALID, 0x9000, 0x1000,
	  "read at guest-physical 0x9000 (linear 0x1000, a guest paging-structure access), "
	  "EPT entry: not present" },
	{ "ept_read_write_no_gla", EPT, EPT_VIOL_READ | EPT_VIOL_WRITE | EPT_VIOL_READABLE |
	  EPT_VIOL_EXECUTABLE, 0xfee00000, 0, "read/write at guest-physical 0xfee00000, "
	  "EPT entry allows r-x" },
	{ "intr_page_fault", INTR, 0x80000b0e, 2, 0,
	  "#PF (hardware exception, vector 14) error code 0x2" },
	{ "intr_invalid_opcode", INTR, 0x80000306, 0, 0, "#UD (hardware exception, vector 6)" },
	{ "intr_general_protection", INTR, 0x80000b0d, 0, 0,
	  "#GP (hardware exception, vector 13) error code 0x0" },
	{ "intr_breakpoint_int3", INTR, 0x80000603, 0, 0, "#BP (software exception, vector 3)" },
	{ "intr_nmi", INTR, 0x80000202, 0, 0, "NMI, vector 2" },
	{ "intr_external", INTR, 0x80000020, 0, 0, "external interrupt, vector 32" },
	{ "intr_not_valid", INTR, 0x00000b0e, 0, 0, "no event (interruption information not valid)" },
	{ "entry_invalid_guest_state", ENTRY, EXIT_REASON_INVALID_STATE, 0, 0,
	  "VM entry failed: invalid guest state" },
	{ "entry_link_pointer", ENTRY, EXIT_REASON_INVALID_STATE, ENTRY_FAIL_VMCS_LINK_PTR, 0,
	  "VM entry failed: invalid guest state (invalid VMCS link pointer)" },
	{ "entry_pdpte", ENTRY, EXIT_REASON_INVALID_STATE, ENTRY_FAIL_PDPTE, 0,
	  "VM entry failed: invalid guest state (loading a PDPTE)" },
	{ "entry_msr_load", ENTRY, EXIT_REASON_MSR_LOAD_FAIL, 3, 0,
	  "VM entry failed: loading MSR entry 3 of the VM-entry MSR-load area" },
	{ "entry_machine_check", ENTRY, EXIT_REASON_MCE_DURING_VMENTRY, 0, 0,
	  "VM entry failed: machine-check event during VM entry" },
	{ "reason_cpuid", REASON, EXIT_REASON_CPUID, 0, 0, "cpuid" },
	{ "reason_io", REASON, EXIT_REASON_IO_INSTRUCTION, 0, 0, "io" },
	{ "reason_hlt", REASON, EXIT_REASON_HLT, 0, 0, "hlt" },
	{ "reason_vmcall", REASON, EXIT_REASON_VMCALL, 0, 0, "vmcall" },
	{ "reason_ept_violation", REASON, EXIT_REASON_EPT_VIOLATION, 0, 0, "ept_violation" },
	{ "reason_triple_fault", REASON, EXIT_REASON_TRIPLE_FAULT, 0, 0, "triple_fault" },
	{ "reason_35_unassigned", REASON, 35, 0, 0, NULL },
	{ "reason_beyond_table", REASON, EXIT_REASON_MAX + 1, 0, 0, NULL },
	{ "insn_error_7", INSN_ERR, VMXERR_ENTRY_INVALID_CONTROL_FIELD, 0, 0,
	  "VM entry with invalid control field(s)" },
	{ "insn_error_8", INSN_ERR, VMXERR_ENTRY_INVALID_HOST_STATE_FIELD, 0, 0,
	  "VM entry with invalid host-state field(s)" },
	{ "insn_error_5", INSN_ERR, VMXERR_VMRESUME_NONLAUNCHED_VMCS, 0, 0,
	  "VMRESUME with non-launched VMCS" },
};

static void run_case(void **state)
{
	const struct info_case *c = *state;
	char buf[256];
	struct out_buf b;
	const char *got = buf;

	out_buf_init(&b, buf, sizeof(buf));
	switch (c->kind) {
	case IO:
		io_describe(&b.out, c->a);
		break;
	case EPT:
		ept_violation_describe(&b.out, c->b, c->c, c->a);
		break;
	case INTR:
		intr_describe(&b.out, (uint32_t)c->a, (uint32_t)c->b);
		break;
	case ENTRY:
		entry_failure_describe(&b.out, (unsigned)c->a, c->b);
		break;
	case REASON:
		got = exit_reason_short((unsigned)c->a);
		if (!c->want) {
			assert_null(got);
			return;
		}
		break;
	case INSN_ERR:
		got = vmx_insn_error_name((unsigned)c->a);
		break;
	}
	assert_non_null(got);
	assert_string_equal(got, c->want);
}

/* Every reason Appendix C names has a short key; keys are lower-case and unique. */
static void short_names_cover_sdm_names(void **state)
{
	(void)state;
	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++) {
		const char *s = exit_reason_short(r);

		if (strcmp(vmx_exit_reason_name(r), "unknown exit reason") != 0)
			assert_non_null(s);
		if (!s)
			continue;
		for (const char *p = s; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
		for (unsigned k = 0; k < r; k++)
			if (exit_reason_short(k))
				assert_string_not_equal(exit_reason_short(k), s);
	}
}

static void io_decode_fields(void **state)
{
	struct io_qual q;
	struct intr_info i;

	(void)state;
	exit_decode_io(0x00710000 | EXIT_QUAL_IO_IN | 1, &q);
	assert_int_equal(q.size, 2);
	assert_true(q.in);
	assert_false(q.string || q.rep || q.imm);
	assert_int_equal(q.port, 0x71);
	exit_decode_io(2, &q);			/* size encoding 2 is reserved */
	assert_int_equal(q.size, 0);
	exit_decode_intr_info(0x80001b0e, &i);
	assert_true(i.valid && i.error_valid && i.nmi_unblock);
	assert_int_equal(i.type, INTR_TYPE_HARD_EXCEPTION);
	assert_int_equal(i.vector, 14);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 2];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(short_names_cover_sdm_names);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(io_decode_fields);
	return _cmocka_run_group_tests("exitinfo", t, n, NULL, NULL);
}
