/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line: whitespace-separated `key=value` or bare `key` words.
 * GRUB's multiboot2 loader passes only the words after the kernel path (it
 * skips argv[0]); a first word starting with '/' or '(' is a path anyway and
 * is ignored, so other loaders that include it work too. Pure code.
 */
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "pure/cmdline.h"
#include "arch/x86/platform.h"
#include "lib/bits.h"
#include "lib/string.h"

#define SHOW_MAX 64     /* longest token echoed in a message */


enum opt_id { ID_SERIAL, ID_BAUD, ID_E9, ID_EXIT, ID_SELFTEST, ID_APIC,
	      ID_GUEST, ID_LOG, ID_CPUS, ID_SIPI, ID_CHECKS, ID_WATCHDOG,
	      ID_ENTRYCHECK, ID_ENTRYSKIP, ID_WAIT };

struct word {
	const char *name;
	int val;
};

struct option_desc {
	const char *key;
	enum opt_id id;
	const struct word *words;       /* NULL: numeric (or special) value */
	const char *accepts;            /* for messages */
	const char *bare;               /* value meant by a bare key, or NULL */
};

static const struct word serial_words[] = {
	{ "com1", COM1_PORT }, { "com2", COM2_PORT }, { "com3", COM3_PORT },
	{ "com4", COM4_PORT }, { "none", 0 }, { NULL, 0 },
};
static const struct word e9_words[] = {
	{ "on", OPT_ON }, { "off", OPT_OFF }, { "auto", OPT_AUTO }, { NULL, 0 },
};
static const struct word onoff_words[] = {
	{ "on", OPT_ON }, { "off", OPT_OFF }, { NULL, 0 },
};
static const struct word exit_words[] = {
	{ "none", OPT_EXIT_NONE }, { "qemu", OPT_EXIT_QEMU },
	{ "bochs", OPT_EXIT_BOCHS }, { NULL, 0 },
};
static const struct word selftest_words[] = {
	{ "none", OPT_SELFTEST_NONE }, { "ud", OPT_SELFTEST_UD },
	{ "pf", OPT_SELFTEST_PF }, { "oom", OPT_SELFTEST_OOM },
	{ "nosipi", OPT_SELFTEST_NOSIPI },
	{ "ap-fault-online", OPT_SELFTEST_AP_FAULT_ONLINE },
	{ "ap-fault-setup", OPT_SELFTEST_AP_FAULT_SETUP },
	{ "ap-fault-enable", OPT_SELFTEST_AP_FAULT_ENABLE },
	{ "ap-fault-guest", OPT_SELFTEST_AP_FAULT_GUEST },
	{ "ap-hang-setup", OPT_SELFTEST_AP_HANG_SETUP },
	{ "bsp-fault-guest", OPT_SELFTEST_BSP_FAULT_GUEST },
	{ "notable", OPT_SELFTEST_NOTABLE }, { "vmxon-gp", OPT_SELFTEST_VMXON_GP },
	{ "entry-rule-cpu1", OPT_SELFTEST_ENTRY_RULE_CPU1 },
	{ "nmi-storm", OPT_SELFTEST_NMI_STORM }, { "nmi-storm-fast", OPT_SELFTEST_NMI_STORM_FAST },
	{ "ap-fault-locked", OPT_SELFTEST_AP_FAULT_LOCKED },
	{ NULL, 0 },
};
static const struct word apic_words[] = {
	{ "auto", OPT_APIC_AUTO }, { "xapic", OPT_APIC_XAPIC },
	{ "x2apic", OPT_APIC_X2APIC }, { NULL, 0 },
};
static const struct word guest_words[] = {
	{ "normal", OPT_GUEST_NORMAL }, { "ept-violation", OPT_GUEST_EPT_VIOLATION },
	{ "none", OPT_GUEST_NONE }, { "null", OPT_GUEST_NULL },
	{ "bad-entry", OPT_GUEST_BAD_ENTRY }, { "spin", OPT_GUEST_SPIN }, { NULL, 0 },
};
static const struct word log_words[] = {
	{ "quiet", OPT_LOG_QUIET }, { "info", OPT_LOG_INFO },
	{ "debug", OPT_LOG_DEBUG }, { NULL, 0 },
};
static const struct word sipi_words[] = {
	{ "auto", OPT_SIPI_AUTO }, { "sdm", OPT_SIPI_SDM }, { "fast", OPT_SIPI_FAST }, { NULL, 0 },
};
static const struct word wait_words[] = {
	{ "auto", OPT_WAIT_AUTO }, { "mwait", OPT_WAIT_MWAIT }, { "hlt", OPT_WAIT_HLT },
	{ "spin", OPT_WAIT_SPIN }, { NULL, 0 },
};

static const struct option_desc options[] = {
	{ "serial", ID_SERIAL, serial_words, "com1|com2|com3|com4|0xPORT|none", NULL },
	{ "baud", ID_BAUD, NULL,
	  "N where 115200/N is whole (115200, 57600, 38400, 19200, 9600, ...)", NULL },
	{ "e9", ID_E9, e9_words, "on|off|auto", "on" },
	{ "exit", ID_EXIT, exit_words, "none|qemu|bochs", NULL },
	{ "selftest", ID_SELFTEST, selftest_words, "none|ud|pf|oom|nosipi|ap-fault-online|"
	  "ap-fault-setup|ap-fault-enable|ap-fault-guest|ap-hang-setup|bsp-fault-guest|notable|"
	  "vmxon-gp|entry-rule-cpu1|nmi-storm|nmi-storm-fast|ap-fault-locked", NULL },
	{ "apic", ID_APIC, apic_words, "auto|xapic|x2apic", NULL },
	{ "guest", ID_GUEST, guest_words, "normal|ept-violation|none|null|bad-entry|spin", NULL },
	{ "log", ID_LOG, log_words, "quiet|info|debug", NULL },
	{ "cpus", ID_CPUS, NULL, "N, 0 (all) to 8192", NULL },
	{ "sipi", ID_SIPI, sipi_words, "auto|sdm|fast", NULL },
	{ "checks", ID_CHECKS, NULL, "all|none|NAME,NAME,... (docs/checks.md)", NULL },
	{ "watchdog", ID_WATCHDOG, NULL, "milliseconds, 1 to 60000", NULL },
	{ "entrycheck", ID_ENTRYCHECK, onoff_words, "on|off", "on" },
	{ "entryskip", ID_ENTRYSKIP, NULL, "RULE,RULE,... (docs/entry-rules.md)", NULL },
	{ "wait", ID_WAIT, wait_words, "auto|mwait|hlt|spin", NULL },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool tok_eq(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncmp(p, word, n) == 0;
}

static int show_len(size_t n)
{
	return (int)MIN(n, (size_t)SHOW_MAX);
}

/* Decimal digits only; false if empty, not a number or above max. */
static bool parse_dec(const char *p, size_t n, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(p[i] - '0');
		if (x > max)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

/* "0x" and 1.. hex digits; false if malformed or above max. */
static bool parse_hex(const char *p, size_t n, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;

	if (n < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return false;
	for (size_t i = 2; i < n; i++) {
		char c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		x = x * 16 + d;
		if (x > max)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

static bool lookup_word(const struct word *w, const char *p, size_t n, int *val)
{
	for (; w->name; w++) {
		if (tok_eq(p, n, w->name)) {
			*val = w->val;
			return true;
		}
	}
	return false;
}

static void set_word(struct options *o, enum opt_id id, int val)
{
	switch (id) {
	case ID_SERIAL:
		o->serial_given = true;
		o->serial_port = (uint16_t)val;
		break;
	case ID_E9:
		o->e9 = (enum opt_tristate)val;
		break;
	case ID_EXIT:
		o->exit = (enum opt_exit)val;
		break;
	case ID_SELFTEST:
		o->selftest = (enum opt_selftest)val;
		break;
	case ID_APIC:
		o->apic = (enum opt_apic)val;
		break;
	case ID_GUEST:
		o->guest = (enum opt_guest)val;
		break;
	case ID_LOG:
		o->log = (enum opt_log)val;
		break;
	case ID_SIPI:
		o->sipi = (enum opt_sipi)val;
		break;
	case ID_ENTRYCHECK:
		o->entrycheck = (enum opt_tristate)val;
		break;
	case ID_WAIT:
		o->wait = (enum opt_wait)val;
		break;
	case ID_BAUD:
	case ID_CPUS:
	case ID_CHECKS:
	case ID_WATCHDOG:
	case ID_ENTRYSKIP:
		break;
	}
}

/* Values that are not keywords: numbers and serial=0xPORT. */
static bool set_special(struct options *o, enum opt_id id, const char *v, size_t n)
{
	uint32_t x;

	switch (id) {
	case ID_SERIAL:
		/* A UART decodes 8 ports; port 0 is not a UART. */
		if (!parse_hex(v, n, 0x10000 - UART_NPORTS, &x) || x == 0)
			return false;
		o->serial_given = true;
		o->serial_port = (uint16_t)x;
		return true;
	case ID_BAUD:
		/* The divisor latch is 16 bits: 115200 / 65535 rounds up to 2. */
		if (!parse_dec(v, n, CMDLINE_BAUD_CLOCK, &x) || x == 0 ||
		    CMDLINE_BAUD_CLOCK % x || CMDLINE_BAUD_CLOCK / x > 0xffff)
			return false;
		o->baud = x;
		o->baud_divisor = (uint16_t)(CMDLINE_BAUD_CLOCK / x);
		return true;
	case ID_CPUS:
		if (!parse_dec(v, n, CMDLINE_CPUS_MAX, &x))
			return false;
		o->cpus = x;
		return true;
	case ID_WATCHDOG:
		if (!parse_dec(v, n, CMDLINE_WATCHDOG_MAX_MS, &x) || x == 0)
			return false;
		o->watchdog_ms = x;
		return true;
	case ID_CHECKS:
		if (!checks_list_valid(v, n))
			return false;
		memcpy(o->checks, v, n);
		o->checks[n] = '\0';
		return true;
	case ID_ENTRYSKIP:
		/* Rule ids (lower case, digits, '_', '.'), comma-separated, none empty. */
		if (n == 0 || n >= sizeof(o->entryskip) || v[0] == ',' || v[n - 1] == ',')
			return false;
		for (size_t i = 0; i < n; i++)
			if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
			      v[i] == '_' || v[i] == '.' || (v[i] == ',' && v[i - 1] != ',')))
				return false;
		memcpy(o->entryskip, v, n);
		o->entryskip[n] = '\0';
		return true;
	case ID_SELFTEST:
		/* selftest=break-<check>[,<check>...]: set-ups broken on purpose (docs/checks.md). */
		if (n <= 6 || strncmp(v, "break-", 6) || !checks_list_valid(v + 6, n - 6))
			return false;
		memcpy(o->check_break, v + 6, n - 6);
		o->check_break[n - 6] = '\0';
		return true;
	default:
		return false;
	}
}

static int apply(struct options *o, const struct option_desc *d,
		 const char *v, size_t n, bool bare, struct out *log)
{
	int val;

	if (bare) {
		if (!d->bare) {
			oprintf(log, "cmdline: \"%s\" needs a value: %s=%s\n",
			     d->key, d->key, d->accepts);
			return 1;
		}
		v = d->bare;
		n = strlen(v);
	}
	if (d->words && lookup_word(d->words, v, n, &val)) {
		set_word(o, d->id, val);
		return 0;
	}
	if (set_special(o, d->id, v, n))
		return 0;
	if (n == 0)
		oprintf(log, "cmdline: %s=: empty value; accepted: %s=%s\n",
		     d->key, d->key, d->accepts);
	else
		oprintf(log, "cmdline: %s=%.*s%s: not accepted; accepted: %s=%s\n",
		     d->key, show_len(n), v, n > SHOW_MAX ? "..." : "", d->key,
		     d->accepts);
	return 1;
}

static int handle_word(struct options *o, const char *w, size_t n, struct out *log)
{
	const char *eq = NULL;

	for (size_t i = 0; i < n; i++) {
		if (w[i] == '=') {
			eq = w + i;
			break;
		}
	}
	size_t klen = eq ? (size_t)(eq - w) : n;

	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		const struct option_desc *d = &options[i];
		if (!tok_eq(w, klen, d->key))
			continue;
		if (!eq)
			return apply(o, d, NULL, 0, true, log);
		return apply(o, d, eq + 1, n - klen - 1, false, log);
	}
	oprintf(log, "cmdline: unknown option \"%.*s%s\"; known: serial baud e9 "
	     "exit selftest apic guest log cpus sipi checks entrycheck entryskip wait (docs/cmdline.md)\n",
	     show_len(n), w, n > SHOW_MAX ? "..." : "");
	return 1;
}

void cmdline_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->serial_given = false;
	o->baud = CMDLINE_BAUD_CLOCK;
	o->baud_divisor = 1;
	o->e9 = OPT_AUTO;
	o->exit = OPT_EXIT_NONE;
	o->selftest = OPT_SELFTEST_NONE;
	o->apic = OPT_APIC_AUTO;
	o->guest = OPT_GUEST_NORMAL;
	o->log = OPT_LOG_INFO;
	o->cpus = 0;
	o->watchdog_ms = CMDLINE_WATCHDOG_MS;
	o->sipi = OPT_SIPI_AUTO;
	o->entrycheck = OPT_ON;
	o->wait = OPT_WAIT_AUTO;
	memcpy(o->checks, "all", 4);
}

int cmdline_parse(const char *s, struct options *o, struct out *log)
{
	int errors = 0;
	bool first = true;

	cmdline_defaults(o);
	if (!s)
		return 0;
	while (*s) {
		while (is_space(*s))
			s++;
		if (!*s)
			break;
		const char *w = s;
		while (*s && !is_space(*s))
			s++;
		size_t n = (size_t)(s - w);
		bool path = first && (w[0] == '/' || w[0] == '(');
		first = false;
		if (!path)
			errors += handle_word(o, w, n, log);
	}
	return errors;
}

static const char *word_name(const struct word *w, int val)
{
	for (; w->name; w++)
		if (w->val == val)
			return w->name;
	return "?";
}

void cmdline_print(const struct options *o, struct out *out)
{
	oputs(out, "options: serial=");
	if (!o->serial_given)
		oputs(out, "auto");
	else if (strcmp(word_name(serial_words, o->serial_port), "?"))
		oputs(out, word_name(serial_words, o->serial_port));
	else
		oprintf(out, "0x%x", o->serial_port);
	oprintf(out, " baud=%u e9=%s exit=%s selftest=%s apic=%s guest=%s "
		"log=%s cpus=%u sipi=%s watchdog=%u\n", o->baud,
		word_name(e9_words, o->e9), word_name(exit_words, o->exit),
		word_name(selftest_words, o->selftest),
		word_name(apic_words, o->apic), word_name(guest_words, o->guest),
		word_name(log_words, o->log), o->cpus,
		word_name(sipi_words, o->sipi), o->watchdog_ms);
	if (o->entrycheck == OPT_OFF)	/* printed only when not the default */
		oputs(out, "options: entrycheck=off\n");
	if (o->entryskip[0])
		oprintf(out, "options: entryskip=%s\n", o->entryskip);
	if (o->wait != OPT_WAIT_AUTO)	/* likewise */
		oprintf(out, "options: wait=%s\n", word_name(wait_words, o->wait));
}
