/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS entry points and the structure walk (pure/smbios.h, DSP0134 3.7.0).
 */
#include <stdarg.h>
#include "lib/string.h"
#include "pure/smbios.h"

/* SMBIOS_TABLE_GUID and SMBIOS3_TABLE_GUID (UEFI 2.10 4.6.1) in memory order. */
static const uint8_t guid_smbios[16] = {
	0x31, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
	0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d,
};
static const uint8_t guid_smbios3[16] = {
	0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97, 0x2c, 0x4a,
	0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94,
};

static const void *mem_map(const struct acpi_mem *mem, uint64_t phys, size_t len)
{
	if (!phys || phys + len < phys)
		return NULL;
	return mem->map(mem->ctx, phys, len);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static void __attribute__((format(printf, 3, 4)))
problem(struct smbios_info *si, struct out *log, const char *fmt, ...)
{
	va_list ap;

	si->problems++;
	va_start(ap, fmt);
	ovprintf(log, fmt, ap);
	va_end(ap);
}

int smbios_entry_parse(const void *ep, size_t len, struct smbios_info *si, struct out *log)
{
	const uint8_t *p = ep;

	if (len >= sizeof(struct smbios3_entry) && !memcmp(p, "_SM3_", 5)) {
		const struct smbios3_entry *e = ep;

		if (e->length < sizeof(*e) || e->length > len) {
			oprintf(log, "smbios: _SM3_ entry point length %u is not 24\n", e->length);
			return -1;
		}
		if (sum8(p, e->length)) {
			oprintf(log, "smbios: _SM3_ entry point checksum is wrong\n");
			return -1;
		}
		si->is64 = true;
		si->major = e->major;
		si->minor = e->minor;
		si->docrev = e->docrev;
		si->table_phys = e->table_address;
		si->table_len = e->table_max_size;
		return 0;
	}
	if (len >= sizeof(struct smbios21_entry) && !memcmp(p, "_SM_", 4)) {
		const struct smbios21_entry *e = ep;

		/* 0x1E: SMBIOS 2.1 documents a length one short of the structure. */
		if (e->length < 0x1e || e->length > len) {
			oprintf(log, "smbios: _SM_ entry point length %u is not 31\n", e->length);
			return -1;
		}
		if (sum8(p, e->length)) {
			oprintf(log, "smbios: _SM_ entry point checksum is wrong\n");
			return -1;
		}
		if (memcmp(e->ianchor, "_DMI_", 5) || sum8(p + 0x10, 0x0f)) {
			oprintf(log, "smbios: _SM_ entry point: bad _DMI_ anchor or checksum\n");
			return -1;
		}
		si->is64 = false;
		si->major = e->major;
		si->minor = e->minor;
		si->docrev = 0;
		si->table_phys = e->table_address;
		si->table_len = e->table_length;
		si->nstructs = e->nstructs;     /* the walk's bound; replaced by the count walked */
		return 0;
	}
	oprintf(log, "smbios: no _SM3_ or _SM_ anchor at the entry point\n");
	return -1;
}

int smbios_efi_lookup(const struct acpi_mem *mem, uint64_t systab, uint64_t *sm3,
		      uint64_t *sm2, struct out *log)
{
	const struct efi_system_table64 *st = mem_map(mem, systab, sizeof(*st));
	const struct efi_config_table64 *ct;
	uint64_t n;

	*sm3 = *sm2 = 0;
	if (!st) {
		oprintf(log, "smbios: EFI system table at 0x%llx not mapped\n",
			(unsigned long long)systab);
		return -1;
	}
	if (st->signature != EFI_SYSTEM_TABLE_SIGNATURE) {
		oprintf(log, "smbios: no EFI system table signature at 0x%llx\n",
			(unsigned long long)systab);
		return -1;
	}
	n = st->nr_tables;
	if (n > SMBIOS_EFI_TABLES_MAX) {
		oprintf(log, "smbios: EFI system table lists %llu configuration tables: ignored\n",
			(unsigned long long)n);
		return -1;
	}
	ct = n ? mem_map(mem, st->tables, (size_t)n * sizeof(*ct)) : NULL;
	if (n && !ct) {
		oprintf(log, "smbios: EFI configuration table at 0x%llx not mapped\n",
			(unsigned long long)st->tables);
		return -1;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (!*sm3 && !memcmp(ct[i].guid, guid_smbios3, 16))
			*sm3 = ct[i].table;
		else if (!*sm2 && !memcmp(ct[i].guid, guid_smbios, 16))
			*sm2 = ct[i].table;
	}
	return 0;
}

/* Copy string number idx of the set [set, end) into out ("" for 0 or missing). */
static void get_str(const char *set, const char *end, uint8_t idx, struct smbios_str *out,
		    struct smbios_info *si, struct out *log, uint8_t type)
{
	const char *s = set;
	size_t n = 0;

	out->s[0] = '\0';
	if (!idx)
		return;
	for (unsigned i = 1; i < idx; i++) {
		if (s >= end || !*s)
			break;
		while (s < end && *s)
			s++;
		s++;            /* past the NUL; the set ends with a second one */
	}
	if (s >= end || !*s) {
		problem(si, log, "smbios: type %u structure names string %u, past its strings\n",
			type, idx);
		return;
	}
	/* Printable ASCII only (DSP0134 6.1.3 allows any encoding), trailing blanks dropped. */
	for (; s < end && *s && n < SMBIOS_STR_MAX; s++) {
		unsigned char c = (unsigned char)*s;

		out->s[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	while (n && out->s[n - 1] == ' ')
		n--;
	out->s[n] = '\0';
}

static bool all_bytes(const uint8_t *u, uint8_t v)
{
	for (int i = 0; i < 16; i++)
		if (u[i] != v)
			return false;
	return true;
}

void smbios_uuid_str(const uint8_t u[16], uint8_t major, uint8_t minor, char out[37])
{
	/* DSP0134 7.2.1: since 2.6 the first three fields are little-endian. */
	static const uint8_t le[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const char hex[] = "0123456789abcdef";
	bool little = major > 2 || (major == 2 && minor >= 6);
	size_t n = 0;

	for (int i = 0; i < 16; i++) {
		uint8_t b = u[little ? le[i] : i];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[n++] = '-';
		out[n++] = hex[b >> 4];
		out[n++] = hex[b & 15];
	}
	out[n] = '\0';
}

static void take(const struct smbios_header *h, const char *set, const char *end,
		 struct smbios_info *si, struct out *log)
{
	const uint8_t *f = (const uint8_t *)h;
	uint8_t l = h->length;
#define STR(off, dst) get_str(set, end, l > (off) ? f[off] : 0, &si->dst, si, log, h->type)

	switch (h->type) {
	case SMBIOS_TYPE_BIOS:
		if (si->has_bios)
			return;
		si->has_bios = true;
		STR(SMBIOS0_VENDOR, bios_vendor);
		STR(SMBIOS0_VERSION, bios_version);
		STR(SMBIOS0_DATE, bios_date);
		break;
	case SMBIOS_TYPE_SYSTEM:
		if (si->has_system)
			return;
		si->has_system = true;
		STR(SMBIOS1_MANUFACTURER, sys_vendor);
		STR(SMBIOS1_PRODUCT, product_name);
		STR(SMBIOS1_SERIAL, product_serial);
		si->uuid[0] = '\0';
		if (l >= SMBIOS1_UUID + 16 && !all_bytes(f + SMBIOS1_UUID, 0) &&
		    !all_bytes(f + SMBIOS1_UUID, 0xff))
			smbios_uuid_str(f + SMBIOS1_UUID, si->major, si->minor, si->uuid);
		break;
	case SMBIOS_TYPE_BASEBOARD:
		if (si->has_board)
			return;
		si->has_board = true;
		STR(SMBIOS2_MANUFACTURER, board_vendor);
		STR(SMBIOS2_PRODUCT, board_name);
		break;
	case SMBIOS_TYPE_PROCESSOR:
		si->sockets++;
		if (l > SMBIOS4_STATUS && (f[SMBIOS4_STATUS] & SMBIOS4_STATUS_POPULATED))
			si->sockets_populated++;
		break;
	default:
		break;
	}
#undef STR
}

unsigned smbios_walk(const void *table, size_t len, unsigned max, struct smbios_info *si,
		     struct out *log)
{
	const char *base = table;
	size_t off = 0;
	unsigned n = 0;

	if (!max || max > SMBIOS_STRUCTS_MAX)
		max = SMBIOS_STRUCTS_MAX;
	while (n < max && off + sizeof(struct smbios_header) <= len) {
		const struct smbios_header *h = (const void *)(base + off);
		size_t s, e;

		if (h->length < sizeof(*h) || h->length > len - off) {
			problem(si, log, "smbios: structure %u (type %u, length %u) runs past the "
				"table: walk stopped\n", n, h->type, h->length);
			si->truncated = true;
			break;
		}
		/* The string set: from the formatted area's end to a double NUL. */
		s = off + h->length;
		for (e = s; e + 1 < len; e++)
			if (!base[e] && !base[e + 1])
				break;
		if (e + 1 >= len) {
			problem(si, log, "smbios: structure %u (type %u) has no string-set "
				"terminator: walk stopped\n", n, h->type);
			si->truncated = true;
			break;
		}
		n++;
		take(h, base + s, base + e + 1, si, log);
		if (h->type == SMBIOS_TYPE_END)
			break;
		off = e + 2;
	}
	si->nstructs = n;
	return n;
}

static int entry_at(const struct acpi_mem *mem, uint64_t phys, struct smbios_info *si,
		    struct out *log)
{
	/* The 64-bit structure is the shorter: map it first, then the 32-bit size. */
	const uint8_t *p = mem_map(mem, phys, sizeof(struct smbios3_entry));
	size_t len = sizeof(struct smbios3_entry);

	if (!p) {
		oprintf(log, "smbios: entry point at 0x%llx not mapped\n", (unsigned long long)phys);
		return -1;
	}
	if (!memcmp(p, "_SM_", 4)) {
		p = mem_map(mem, phys, sizeof(struct smbios21_entry));
		len = sizeof(struct smbios21_entry);
		if (!p) {
			oprintf(log, "smbios: entry point at 0x%llx not mapped\n",
				(unsigned long long)phys);
			return -1;
		}
	}
	if (smbios_entry_parse(p, len, si, log) < 0)
		return -1;
	si->entry_phys = phys;
	return 0;
}

/* DSP0134 5.2: the anchor on a 16-byte boundary in 0xF0000-0xFFFFF. */
static uint64_t scan(const struct acpi_mem *mem, const char *anchor, size_t alen)
{
	const uint8_t *area = mem_map(mem, SMBIOS_SCAN_START, SMBIOS_SCAN_END - SMBIOS_SCAN_START);

	if (!area)
		return 0;
	for (uint32_t o = 0; o + 32 <= SMBIOS_SCAN_END - SMBIOS_SCAN_START; o += 16)
		if (!memcmp(area + o, anchor, alen))
			return SMBIOS_SCAN_START + o;
	return 0;
}

int smbios_discover(const struct acpi_mem *mem, uint64_t efi_systab, struct smbios_info *si,
		    struct out *log)
{
	uint64_t cand[2] = { 0, 0 };
	int found = -1;
	const void *t;
	unsigned max;

	memset(si, 0, sizeof(*si));
	if (efi_systab) {
		si->source = "EFI";
		if (smbios_efi_lookup(mem, efi_systab, &cand[0], &cand[1], log) < 0)
			cand[0] = cand[1] = 0;
	}
	if (!cand[0] && !cand[1]) {
		si->source = "BIOS area";
		cand[0] = scan(mem, "_SM3_", 5);
		cand[1] = scan(mem, "_SM_", 4);
	}
	for (int i = 0; i < 2 && found < 0; i++) {
		if (!cand[i])
			continue;
		const char *src = si->source;

		memset(si, 0, sizeof(*si));
		si->source = src;
		found = entry_at(mem, cand[i], si, log);
	}
	if (found < 0) {
		memset(si, 0, sizeof(*si));
		oprintf(log, "smbios: no valid entry point (%s)\n",
			efi_systab ? "EFI configuration table, BIOS area" : "BIOS area 0xf0000-0xfffff");
		return -1;
	}
	if (si->table_len > SMBIOS_TABLE_MAX) {
		oprintf(log, "smbios: structure table length %u clipped to %u\n", si->table_len,
			SMBIOS_TABLE_MAX);
		si->table_len = SMBIOS_TABLE_MAX;
		si->problems++;
	}
	t = mem_map(mem, si->table_phys, si->table_len);
	if (!t) {
		oprintf(log, "smbios: structure table at 0x%llx (%u bytes) not mapped\n",
			(unsigned long long)si->table_phys, si->table_len);
		memset(si, 0, sizeof(*si));
		return -1;
	}
	max = si->is64 ? 0 : si->nstructs;
	si->present = true;
	smbios_walk(t, si->table_len, max, si, log);
	return 0;
}

void smbios_print(const struct smbios_info *si, struct out *o)
{
	if (!si->present) {
		oprintf(o, "smbios: none (no valid SMBIOS entry point)\n");
		return;
	}
	oprintf(o, "smbios: %u.%u, \"%s\" \"%s\", serial \"%s\", uuid %s, BIOS \"%s\" \"%s\" "
		"\"%s\", board \"%s\" \"%s\", %u/%u sockets populated\n",
		si->major, si->minor, si->sys_vendor.s, si->product_name.s, si->product_serial.s,
		si->uuid[0] ? si->uuid : "none", si->bios_vendor.s, si->bios_version.s,
		si->bios_date.s, si->board_vendor.s, si->board_name.s, si->sockets_populated,
		si->sockets);
	oprintf(o, "smbios: %s entry point at 0x%llx (%s), %u structures at 0x%llx%s\n",
		si->is64 ? "_SM3_" : "_SM_", (unsigned long long)si->entry_phys, si->source,
		si->nstructs, (unsigned long long)si->table_phys,
		si->truncated ? ", walk stopped at a malformed structure" : "");
}

static void str_or_null(struct json *j, const char *key, bool have, const struct smbios_str *s)
{
	if (have)
		json_str(j, key, s->s);
	else
		json_null(j, key);
}

void smbios_json(const struct smbios_info *si, struct json *j)
{
	char ver[8];

	static const char *const keys[] = { "smbios", "sys_vendor", "product_name",
		"product_serial", "product_uuid", "bios_vendor", "bios_version", "bios_date",
		"board_vendor", "board_name", "sockets", "sockets_populated" };

	if (!si->present) {
		for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			json_null(j, keys[i]);
		return;
	}
	snfmt(ver, sizeof(ver), "%u.%u", si->major, si->minor);
	json_str(j, "smbios", ver);
	str_or_null(j, "sys_vendor", si->has_system, &si->sys_vendor);
	str_or_null(j, "product_name", si->has_system, &si->product_name);
	str_or_null(j, "product_serial", si->has_system, &si->product_serial);
	if (si->uuid[0])
		json_str(j, "product_uuid", si->uuid);
	else
		json_null(j, "product_uuid");
	str_or_null(j, "bios_vendor", si->has_bios, &si->bios_vendor);
	str_or_null(j, "bios_version", si->has_bios, &si->bios_version);
	str_or_null(j, "bios_date", si->has_bios, &si->bios_date);
	str_or_null(j, "board_vendor", si->has_board, &si->board_vendor);
	str_or_null(j, "board_name", si->has_board, &si->board_name);
	json_u64(j, "sockets", si->sockets);
	json_u64(j, "sockets_populated", si->sockets_populated);
}
