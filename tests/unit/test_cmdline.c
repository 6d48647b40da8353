/* SPDX-License-Identifier: MIT */
/*
 * Command line: each named case is a command line, the number of errors, the
 * effective options (as cmdline_print() shows them) and a message expected
 * in the log.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "pure/cmdline.h"
#include "lib/bits.h"

#define DEF_SERIAL "serial=auto"
#define DEF_REST "e9=auto exit=none selftest=none apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n"
#define DEFAULTS "options: " DEF_SERIAL " baud=115200 " DEF_REST

struct cl_case {
	const char *name;
	const char *in;
	int errors;
	const char *want;       /* cmdline_print() output */
	const char *msg;        /* substring of the log, or NULL: log empty */
};

static struct cl_case cases[] = {
	{ "null", NULL, 0, DEFAULTS, NULL },
	{ "empty", "", 0, DEFAULTS, NULL },
	{ "only_spaces", "   \t  \n", 0, DEFAULTS, NULL },
	{ "extra_spaces", "  exit=qemu   \t cpus=2  ", 0,
	  "options: serial=auto baud=115200 e9=auto exit=qemu selftest=none "
	  "apic=auto guest=normal log=info cpus=2 sipi=auto watchdog=1000\n", NULL },
	{ "kernel_path_first_word_ignored", "/boot/picovisor.elf log=debug", 0,
	  "options: serial=auto baud=115200 e9=auto exit=none selftest=none "
	  "apic=auto guest=normal log=debug cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "grub_device_path_ignored", "(hd0,msdos1)/boot/pv.elf", 0, DEFAULTS, NULL },
	{ "path_not_first_is_an_error", "log=debug /boot/pv.elf", 1,
	  "options: serial=auto baud=115200 e9=auto exit=none selftest=none "
	  "apic=auto guest=normal log=debug cpus=0 sipi=auto watchdog=1000\n",
	  "unknown option \"/boot/pv.elf\"" },

	{ "watchdog_ms", "watchdog=5000", 0,
	  "options: serial=auto baud=115200 e9=auto exit=none selftest=none "
	  "apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=5000\n", NULL },
	{ "watchdog_zero_refused", "watchdog=0", 1, DEFAULTS, "watchdog" },
	{ "watchdog_too_long_refused", "watchdog=60001", 1, DEFAULTS, "1 to 60000" },
	{ "serial_com1", "serial=com1", 0, "options: serial=com1 baud=115200 " DEF_REST, NULL },
	{ "serial_com2", "serial=com2", 0, "options: serial=com2 baud=115200 " DEF_REST, NULL },
	{ "serial_com3", "serial=com3", 0, "options: serial=com3 baud=115200 " DEF_REST, NULL },
	{ "serial_com4", "serial=com4", 0, "options: serial=com4 baud=115200 " DEF_REST, NULL },
	{ "serial_none", "serial=none", 0, "options: serial=none baud=115200 " DEF_REST, NULL },
	{ "serial_hex_port", "serial=0xE010", 0, "options: serial=0xe010 baud=115200 " DEF_REST, NULL },
	{ "serial_hex_com1_shown_by_name", "serial=0x3f8", 0,
	  "options: serial=com1 baud=115200 " DEF_REST, NULL },
	{ "serial_bad_name", "serial=com5", 1, DEFAULTS,
	  "cmdline: serial=com5: not accepted; accepted: serial=com1|com2|com3|com4|0xPORT|none\n" },
	{ "serial_port_zero", "serial=0x0", 1, DEFAULTS, "serial=0x0: not accepted" },
	{ "serial_port_too_big", "serial=0x10000", 1, DEFAULTS, "serial=0x10000: not accepted" },
	{ "serial_port_last_8_ports_wrap", "serial=0xfffc", 1, DEFAULTS, "serial=0xfffc: not accepted" },
	{ "serial_decimal_port", "serial=1016", 1, DEFAULTS, "serial=1016: not accepted" },
	{ "serial_hex_no_digits", "serial=0x", 1, DEFAULTS, "serial=0x: not accepted" },
	{ "serial_empty_value", "serial=", 1, DEFAULTS,
	  "cmdline: serial=: empty value; accepted: serial=com1|" },
	{ "serial_bare", "serial", 1, DEFAULTS, "cmdline: \"serial\" needs a value: serial=com1|" },

	{ "baud_57600", "baud=57600", 0, "options: " DEF_SERIAL " baud=57600 " DEF_REST, NULL },
	{ "baud_9600", "baud=9600", 0, "options: " DEF_SERIAL " baud=9600 " DEF_REST, NULL },
	{ "baud_not_divisor", "baud=56000", 1, DEFAULTS, "baud=56000: not accepted; accepted: baud=N where 115200/N is whole" },
	{ "baud_above_clock", "baud=230400", 1, DEFAULTS, "baud=230400: not accepted" },
	{ "baud_zero", "baud=0", 1, DEFAULTS, "baud=0: not accepted" },
	{ "baud_divisor_too_big", "baud=1", 1, DEFAULTS, "baud=1: not accepted" },
	{ "baud_not_number", "baud=fast", 1, DEFAULTS, "baud=fast: not accepted" },
	{ "baud_negative", "baud=-9600", 1, DEFAULTS, "baud=-9600: not accepted" },
	{ "baud_overflow", "baud=99999999999999999999", 1, DEFAULTS, "not accepted" },

	{ "e9_on", "e9=on", 0, "options: serial=auto baud=115200 e9=on exit=none selftest=none "
	  "apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "e9_off", "e9=off", 0, "options: serial=auto baud=115200 e9=off exit=none selftest=none "
	  "apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "e9_bare_means_on", "e9", 0, "options: serial=auto baud=115200 e9=on exit=none "
	  "selftest=none apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "e9_bad", "e9=yes", 1, DEFAULTS, "cmdline: e9=yes: not accepted; accepted: e9=on|off|auto\n" },

	{ "exit_qemu", "exit=qemu", 0, "options: serial=auto baud=115200 e9=auto exit=qemu "
	  "selftest=none apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "exit_bochs", "exit=bochs", 0, "options: serial=auto baud=115200 e9=auto exit=bochs "
	  "selftest=none apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "exit_bad_case", "exit=QEMU", 1, DEFAULTS, "exit=QEMU: not accepted; accepted: exit=none|qemu|bochs" },

	{ "selftest_ud", "selftest=ud", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=ud apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_pf", "selftest=pf", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=pf apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_oom", "selftest=oom", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=oom apic=auto guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_bad", "selftest=gp", 1, DEFAULTS, "selftest=gp: not accepted; accepted: selftest=none|ud|pf|oom" },
	{ "selftest_ap_fault_online", "selftest=ap-fault-online", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=ap-fault-online apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_ap_fault_setup", "selftest=ap-fault-setup", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=ap-fault-setup apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_ap_fault_enable", "selftest=ap-fault-enable", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=ap-fault-enable apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_ap_fault_guest", "selftest=ap-fault-guest", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=ap-fault-guest apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_ap_hang_setup", "selftest=ap-hang-setup", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=ap-hang-setup apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "selftest_ap_fault_no_stage", "selftest=ap-fault", 1, DEFAULTS, "selftest=ap-fault: not "
	  "accepted; accepted: selftest=none|ud|pf|oom|nosipi|ap-fault-online|ap-fault-setup|"
	  "ap-fault-enable|ap-fault-guest|ap-hang-setup|bsp-fault-guest" },
	{ "selftest_bsp_fault_guest", "selftest=bsp-fault-guest", 0, "options: serial=auto "
	  "baud=115200 e9=auto exit=none selftest=bsp-fault-guest apic=auto guest=normal log=info "
	  "cpus=0 sipi=auto watchdog=1000\n", NULL },

	{ "apic_x2apic", "apic=x2apic", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=x2apic guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "apic_xapic", "apic=xapic", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=xapic guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "apic_bad", "apic=x3apic", 1, DEFAULTS, "apic=x3apic: not accepted; accepted: apic=auto|xapic|x2apic" },

	{ "guest_ept_violation", "guest=ept-violation", 0, "options: serial=auto baud=115200 "
	  "e9=auto exit=none selftest=none apic=auto guest=ept-violation log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "guest_none", "guest=none", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=none log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "guest_prefix_not_enough", "guest=ept", 1, DEFAULTS, "guest=ept: not accepted" },
	{ "guest_spin", "guest=spin", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=spin log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "guest_bad_lists_spin", "guest=loop", 1, DEFAULTS,
	  "accepted: guest=normal|ept-violation|none|null|bad-entry|spin" },

	{ "log_quiet", "log=quiet", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=normal log=quiet cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "log_bad", "log=verbose", 1, DEFAULTS, "log=verbose: not accepted; accepted: log=quiet|info|debug" },

	{ "cpus_1", "cpus=1", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=normal log=info cpus=1 sipi=auto watchdog=1000\n", NULL },
	{ "cpus_max", "cpus=8192", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=normal log=info cpus=8192 sipi=auto watchdog=1000\n", NULL },
	{ "cpus_too_many", "cpus=8193", 1, DEFAULTS, "cpus=8193: not accepted; accepted: cpus=N, 0 (all) to 8192" },
	{ "cpus_hex_refused", "cpus=0x2", 1, DEFAULTS, "cpus=0x2: not accepted" },
	{ "cpus_bare", "cpus", 1, DEFAULTS, "\"cpus\" needs a value" },

	{ "sipi_sdm", "sipi=sdm", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=normal log=info cpus=0 sipi=sdm watchdog=1000\n", NULL },
	{ "sipi_fast", "sipi=fast", 0, "options: serial=auto baud=115200 e9=auto exit=none "
	  "selftest=none apic=auto guest=normal log=info cpus=0 sipi=fast watchdog=1000\n", NULL },
	{ "sipi_bad", "sipi=slow", 1, DEFAULTS, "sipi=slow: not accepted; accepted: sipi=auto|sdm|fast" },

	{ "unknown_option", "foo=bar", 1, DEFAULTS,
	  "cmdline: unknown option \"foo=bar\"; known: serial baud e9 exit selftest apic "
	  "guest log cpus sipi checks entrycheck entryskip wait (docs/cmdline.md)\n" },
	{ "entrycheck_off", "entrycheck=off", 0, DEFAULTS "options: entrycheck=off\n", NULL },
	{ "entrycheck_on", "entrycheck=off entrycheck", 0, DEFAULTS, NULL },
	{ "entryskip", "entryskip=ctrl.event.other,vmrun.np.ncr3", 0,
	  DEFAULTS "options: entryskip=ctrl.event.other,vmrun.np.ncr3\n", NULL },
	{ "entryskip_empty_id", "entryskip=a,,b", 1, DEFAULTS, "entryskip" },
	{ "entryskip_trailing_comma", "entryskip=a,", 1, DEFAULTS, "entryskip" },
	{ "entryskip_upper", "entryskip=Ctrl", 1, DEFAULTS, "entryskip" },
	{ "wait_hlt", "wait=hlt", 0, DEFAULTS "options: wait=hlt\n", NULL },
	{ "wait_spin", "wait=mwait wait=spin", 0, DEFAULTS "options: wait=spin\n", NULL },
	{ "wait_auto", "wait=hlt wait=auto", 0, DEFAULTS, NULL },
	{ "wait_bad", "wait=pause", 1, DEFAULTS, "wait=pause: not accepted; accepted: wait=auto|mwait|hlt|spin" },
	{ "entrycheck_bad", "entrycheck=maybe", 1, DEFAULTS, "entrycheck=maybe: not accepted; accepted: entrycheck=on|off" },
	{ "selftest_entry_rule", "selftest=entry-rule-cpu1", 0,
	  "options: serial=auto baud=115200 e9=auto exit=none selftest=entry-rule-cpu1 apic=auto "
	  "guest=normal log=info cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "unknown_bare_word", "quiet", 1, DEFAULTS, "unknown option \"quiet\"" },
	{ "key_prefix_is_unknown", "seria=com1", 1, DEFAULTS, "unknown option \"seria=com1\"" },
	{ "empty_key", "=x", 1, DEFAULTS, "unknown option \"=x\"" },
	{ "value_with_second_equals", "log=info=debug", 1, DEFAULTS, "log=info=debug: not accepted" },
	{ "long_token_clipped",
	  "serial=com1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	  1, DEFAULTS, "xxxx...: not accepted" },

	{ "errors_counted_parsing_continues", "foo apic=x2apic baud=7 cpus=2 bar=1", 3,
	  "options: serial=auto baud=115200 e9=auto exit=none selftest=none apic=x2apic "
	  "guest=normal log=info cpus=2 sipi=auto watchdog=1000\n", "baud=7: not accepted" },
	{ "last_value_wins", "log=quiet log=debug", 0, "options: serial=auto baud=115200 "
	  "e9=auto exit=none selftest=none apic=auto guest=normal log=debug cpus=0 sipi=auto watchdog=1000\n", NULL },
	{ "bad_value_keeps_previous", "cpus=3 cpus=x", 1, "options: serial=auto baud=115200 "
	  "e9=auto exit=none selftest=none apic=auto guest=normal log=info cpus=3 sipi=auto watchdog=1000\n",
	  "cpus=x: not accepted" },
	{ "everything", "serial=com2 baud=38400 e9=on exit=bochs selftest=pf apic=xapic "
	  "guest=ept-violation log=debug cpus=4 sipi=fast", 0,
	  "options: serial=com2 baud=38400 e9=on exit=bochs selftest=pf apic=xapic "
	  "guest=ept-violation log=debug cpus=4 sipi=fast watchdog=1000\n", NULL },
};

static void run_case(void **state)
{
	const struct cl_case *c = *state;
	struct options o;
	char log[512], got[256];
	struct out_buf lb, gb;

	memset(&o, 0xa5, sizeof(o));    /* cmdline_parse() sets every field */
	out_buf_init(&lb, log, sizeof(log));
	out_buf_init(&gb, got, sizeof(got));
	int errors = cmdline_parse(c->in, &o, &lb.out);
	cmdline_print(&o, &gb.out);
	if (errors != c->errors)
		print_message("log:\n%s", log);
	assert_int_equal(errors, c->errors);
	assert_string_equal(got, c->want);
	if (c->msg) {
		if (!strstr(log, c->msg))
			print_message("log:\n%s", log);
		assert_non_null(strstr(log, c->msg));
	} else {
		assert_string_equal(log, "");
	}
}

static void fields_match_print(void **state)
{
	struct options o;

	(void)state;
	assert_int_equal(cmdline_parse("serial=0x2f8 baud=19200 cpus=7", &o, NULL), 0);
	assert_true(o.serial_given);
	assert_int_equal(o.serial_port, 0x2f8);
	assert_int_equal(o.baud, 19200);
	assert_int_equal(o.baud_divisor, 6);
	assert_int_equal(o.cpus, 7);

	assert_int_equal(cmdline_parse("serial=none", &o, NULL), 0);
	assert_true(o.serial_given);
	assert_int_equal(o.serial_port, 0);

	assert_int_equal(cmdline_parse("", &o, NULL), 0);
	assert_false(o.serial_given);
	assert_int_equal(o.baud_divisor, 1);
	assert_int_equal(o.e9, OPT_AUTO);
	assert_int_equal(o.log, OPT_LOG_INFO);
	assert_int_equal(o.sipi, OPT_SIPI_AUTO);
	/* Each selftest and guest word sets its own value. */
	assert_int_equal(cmdline_parse("selftest=ap-fault-online", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_AP_FAULT_ONLINE);
	assert_int_equal(cmdline_parse("selftest=ap-fault-setup", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_AP_FAULT_SETUP);
	assert_int_equal(cmdline_parse("selftest=ap-fault-enable", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_AP_FAULT_ENABLE);
	assert_int_equal(cmdline_parse("selftest=ap-fault-guest", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_AP_FAULT_GUEST);
	assert_int_equal(cmdline_parse("selftest=ap-hang-setup", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_AP_HANG_SETUP);
	assert_int_equal(cmdline_parse("selftest=bsp-fault-guest", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_BSP_FAULT_GUEST);
	assert_int_equal(cmdline_parse("selftest=notable", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_NOTABLE);
	assert_int_equal(cmdline_parse("selftest=vmxon-gp", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_VMXON_GP);
	assert_int_equal(cmdline_parse("selftest=nmi-storm", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_NMI_STORM);
	assert_int_equal(cmdline_parse("selftest=nmi-storm-fast", &o, NULL), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_NMI_STORM_FAST);
	assert_int_equal(cmdline_parse("guest=spin", &o, NULL), 0);
	assert_int_equal(o.guest, OPT_GUEST_SPIN);
	/* A NULL log is allowed. */
	assert_int_equal(cmdline_parse("bogus", &o, NULL), 1);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 1];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(fields_match_print);
	return _cmocka_run_group_tests("cmdline", t, n, NULL, NULL);
}
