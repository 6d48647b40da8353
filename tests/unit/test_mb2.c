/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 information parser. Each named case builds an information
 * structure (GRUB's layout: the BIOS and UEFI ones carry the tags GRUB gave
 * under SeaBIOS and OVMF), hands the parser a heap block of exactly `avail`
 * bytes (the sanitizer build catches any read past it) and checks the
 * result, the log and the copied fields.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdlib.h>
#include <string.h>

#include "pure/mb2.h"
#include "lib/bits.h"

/* ---- builder ------------------------------------------------------------------ */

struct mb {
	uint8_t buf[16384] __attribute__((aligned(8)));
	size_t len;
	size_t avail;           /* bytes handed over; 0: len */
	size_t misalign;        /* hand over buf at this offset into the block */
};

static void mb_init(struct mb *m)
{
	memset(m, 0, sizeof(*m));
	m->len = 8;
}

static void put32(struct mb *m, size_t off, uint32_t v)
{
	memcpy(m->buf + off, &v, 4);
}

/* A tag whose size field says `size` (normally 8 + blen); pads to 8. */
static size_t mb_raw(struct mb *m, uint32_t type, uint32_t size, const void *body,
		     size_t blen)
{
	size_t off = m->len;

	put32(m, off, type);
	put32(m, off + 4, size);
	if (blen && body)
		memcpy(m->buf + off + 8, body, blen);
	else if (blen)
		memset(m->buf + off + 8, 0, blen);
	m->len = ALIGN_UP(off + 8 + blen, 8);
	return off;
}

static size_t mb_tag(struct mb *m, uint32_t type, const void *body, size_t blen)
{
	return mb_raw(m, type, (uint32_t)(8 + blen), body, blen);
}

static void mb_str(struct mb *m, uint32_t type, const char *s)
{
	mb_tag(m, type, s, strlen(s) + 1);
}

static void mb_total(struct mb *m, uint32_t total)
{
	put32(m, 0, total);
}

static void mb_end(struct mb *m)
{
	mb_tag(m, MB2_TAG_END, NULL, 0);
	mb_total(m, (uint32_t)m->len);
}

static void mb_u32s(struct mb *m, uint32_t type, const uint32_t *v, size_t n)
{
	mb_tag(m, type, v, n * 4);
}

struct e820 {
	uint64_t base, len;
	uint32_t type, zero;
};

static void mb_mmap(struct mb *m, const struct e820 *e, size_t n, uint32_t entry_size)
{
	uint8_t body[8 + 32 * 16];

	memset(body, 0, sizeof(body));
	memcpy(body, &entry_size, 4);
	for (size_t i = 0; i < n; i++)
		memcpy(body + 8 + i * entry_size, &e[i], sizeof(e[i]));
	mb_tag(m, MB2_TAG_MMAP, body, 8 + n * entry_size);
}

struct efi_desc {
	uint32_t type, pad;
	uint64_t phys, virt, pages, attr;
};

static void mb_efi_mmap(struct mb *m, const struct efi_desc *d, size_t n,
			uint32_t descr_size)
{
	uint8_t body[8 + 48 * 16];
	uint32_t vers = 1;

	memset(body, 0, sizeof(body));
	memcpy(body, &descr_size, 4);
	memcpy(body + 4, &vers, 4);
	for (size_t i = 0; i < n; i++)
		memcpy(body + 8 + i * descr_size, &d[i], sizeof(d[i]));
	mb_tag(m, MB2_TAG_EFI_MMAP, body, 8 + n * descr_size);
}

/* ---- realistic information structures ------------------------------------------ */

/* SeaBIOS, 256 MiB (QEMU pc). */
static const struct e820 seabios_map[] = {
	{ 0, 0x9fc00, 1, 0 }, { 0x9fc00, 0x400, 2, 0 }, { 0xf0000, 0x10000, 2, 0 },
	{ 0x100000, 0xfee0000, 1, 0 }, { 0xffe0000, 0x20000, 2, 0 },
	{ 0xfffc0000, 0x40000, 2, 0 },
};

static const uint8_t rsdp_v1[20] = "RSD PTR \x4e" "BOCHS \x00\x50\xe4\xff\x0f";
static const uint8_t rsdp_v2[36] = "RSD PTR \x9a" "BOCHS \x02\x00\x80\x7f\x7f"
				   "\x24\x00\x00\x00\x00\x81\x7f\x7f\x00\x00\x00\x00"
				   "\x3b\x00\x00\x00";

static void add_common_head(struct mb *m, const char *cmdline)
{
	uint32_t load_base = 0x100000;
	mb_u32s(m, MB2_TAG_LOAD_BASE_ADDR, &load_base, 1);
	mb_str(m, MB2_TAG_CMDLINE, cmdline);
	mb_str(m, MB2_TAG_BOOT_LOADER_NAME, "GRUB 2.06-13+deb12u1");
}

static void add_elf_sections(struct mb *m)
{
	uint8_t body[12 + 2 * 64];
	uint32_t hdr[3] = { 2, 64, 1 };

	memset(body, 0, sizeof(body));
	memcpy(body, hdr, sizeof(hdr));
	mb_tag(m, MB2_TAG_ELF_SECTIONS, body, sizeof(body));
}

static void build_bios(struct mb *m)
{
	uint8_t apm[20] = { 2, 1 };
	uint32_t meminfo[2] = { 639, 261120 };
	uint32_t bootdev[3] = { 0xe0, 0xffffffff, 0xffffffff };
	struct mb2_tag_framebuffer fb = {
		.addr = 0xb8000, .pitch = 160, .width = 80, .height = 25, .bpp = 16,
		.type = MB2_FB_TYPE_EGA_TEXT,
	};

	mb_init(m);
	add_common_head(m, "serial=com1 exit=qemu");
	mb_tag(m, MB2_TAG_APM, apm, sizeof(apm));
	mb_mmap(m, seabios_map, ARRAY_SIZE(seabios_map), 24);
	add_elf_sections(m);
	mb_u32s(m, MB2_TAG_BASIC_MEMINFO, meminfo, 2);
	mb_u32s(m, MB2_TAG_BOOTDEV, bootdev, 3);
	mb_tag(m, MB2_TAG_FRAMEBUFFER, (const uint8_t *)&fb + 8, sizeof(fb) - 8);
	mb_tag(m, MB2_TAG_ACPI_OLD, rsdp_v1, sizeof(rsdp_v1));
	mb_end(m);
}

#define PG(x) ((x) >> 12)
static const struct efi_desc ovmf_map[] = {
	{ EFI_BOOT_SERVICES_CODE, 0, 0, 0, PG(0xa0000), 0xf },
	{ EFI_CONVENTIONAL_MEMORY, 0, 0x100000, 0, PG(0x700000), 0xf },
	{ EFI_ACPI_MEMORY_NVS, 0, 0x800000, 0, PG(0x8000), 0xf },
	{ EFI_CONVENTIONAL_MEMORY, 0, 0x808000, 0, PG(0x8000), 0xf },
	{ EFI_LOADER_DATA, 0, 0x810000, 0, PG(0xf0000), 0xf },
	{ EFI_BOOT_SERVICES_DATA, 0, 0x900000, 0, PG(0x7e700000), 0xf },
	{ EFI_RUNTIME_SERVICES_DATA, 0, 0x7f000000, 0, PG(0x800000), 0x800000000000000fULL },
	{ EFI_ACPI_RECLAIM_MEMORY, 0, 0x7f800000, 0, PG(0x100000), 0xf },
	{ EFI_MEMORY_MAPPED_IO, 0, 0xffc00000, 0, PG(0x400000), 0x8000000000000001ULL },
};

/* What GRUB derived for tag 6: deliberately different (all usable). */
static const struct e820 ovmf_e820[] = {
	{ 0, 0x7f900000, 1, 0 },
};

static void build_uefi_opts(struct mb *m, bool boot_services, uint32_t descr_size)
{
	uint32_t meminfo[2] = { 640, 2086912 };
	uint8_t fb[32 - 8 + 6];
	struct mb2_tag_framebuffer f = {
		.addr = 0x80000000, .pitch = 3200, .width = 800, .height = 600,
		.bpp = 32, .type = MB2_FB_TYPE_RGB,
	};
	const uint8_t rgb[6] = { 16, 8, 8, 8, 0, 8 };
	uint64_t systab = 0x7f9ee018;

	memcpy(fb, (const uint8_t *)&f + 8, 24);
	memcpy(fb + 24, rgb, 6);
	mb_init(m);
	add_common_head(m, "log=debug");
	mb_mmap(m, ovmf_e820, ARRAY_SIZE(ovmf_e820), 24);
	add_elf_sections(m);
	mb_u32s(m, MB2_TAG_BASIC_MEMINFO, meminfo, 2);
	mb_tag(m, MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	mb_tag(m, MB2_TAG_EFI64, &systab, 8);
	mb_tag(m, MB2_TAG_ACPI_OLD, rsdp_v1, sizeof(rsdp_v1));
	mb_tag(m, MB2_TAG_ACPI_NEW, rsdp_v2, sizeof(rsdp_v2));
	mb_efi_mmap(m, ovmf_map, ARRAY_SIZE(ovmf_map), descr_size);
	if (boot_services)
		mb_tag(m, MB2_TAG_EFI_BS, NULL, 0);
	mb_end(m);
}

static void build_uefi(struct mb *m)
{
	build_uefi_opts(m, false, 48);
}

/* ---- running a case ---------------------------------------------------------------- */

struct result {
	int ret;
	struct mb2_info mi;
	char log[4096];
	const void *info;       /* pointer handed to the parser */
};

static void parse(const struct mb *m, struct result *r)
{
	size_t avail = m->avail ? m->avail : m->len;
	uint8_t *block = malloc(avail + m->misalign + 1);
	struct out_buf lb;

	assert_non_null(block);
	memcpy(block + m->misalign, m->buf, MIN(avail, sizeof(m->buf)));
	out_buf_init(&lb, r->log, sizeof(r->log));
	r->info = block + m->misalign;
	r->ret = mb2_parse(block + m->misalign, avail, &r->mi, &lb.out);
	/* Poison the original: the result must be a copy. */
	memset(block, 0xee, avail + m->misalign);
	free(block);
}

struct mb2_case {
	const char *name;
	void (*build)(struct mb *m);
	int ret;
	const char *msg;        /* substring of the log; NULL: log must be empty */
	unsigned warnings;
	void (*check)(const struct result *r);
};

/* ---- checks of the realistic structures ---------------------------------------------- */

static void expect_map(const struct memmap *mm, const struct mem_range *want, unsigned n)
{
	assert_int_equal(mm->n, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(mm->r[i].base, want[i].base);
		assert_int_equal(mm->r[i].len, want[i].len);
		assert_int_equal(mm->r[i].type, want[i].type);
	}
}

static void check_bios(const struct result *r)
{
	const struct mb2_info *mi = &r->mi;
	static const struct mem_range want[] = {
		{ 0, 0x9fc00, MEM_USABLE }, { 0x9fc00, 0x400, MEM_RESERVED },
		{ 0xf0000, 0x10000, MEM_RESERVED }, { 0x100000, 0xfee0000, MEM_USABLE },
		{ 0xffe0000, 0x20000, MEM_RESERVED }, { 0xfffc0000, 0x40000, MEM_RESERVED },
	};

	assert_int_equal(mi->firmware, MB2_FW_BIOS);
	assert_int_equal(mi->info_phys, (uintptr_t)r->info);
	assert_int_equal(mi->ntags, 10);
	assert_int_equal(mi->seen, BIT(1) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(8) |
				   BIT(9) | BIT(10) | BIT(14) | BIT(21));
	assert_true(mi->has_cmdline);
	assert_string_equal(mi->cmdline, "serial=com1 exit=qemu");
	assert_false(mi->cmdline_truncated);
	assert_string_equal(mi->loader_name, "GRUB 2.06-13+deb12u1");
	assert_true(mi->has_meminfo);
	assert_int_equal(mi->mem_lower_kib, 639);
	assert_int_equal(mi->mem_upper_kib, 261120);
	assert_int_equal(mi->mmap_source, MB2_MMAP_BIOS);
	assert_int_equal(mi->mmap_raw_entries, 6);
	expect_map(&mi->mmap, want, ARRAY_SIZE(want));
	assert_int_equal(mi->rsdp_old.len, 20);
	assert_memory_equal(mi->rsdp_old.bytes, rsdp_v1, 20);
	assert_int_equal(mi->rsdp_new.len, 0);
	assert_true(mi->fb.present);
	assert_int_equal(mi->fb.type, MB2_FB_TYPE_EGA_TEXT);
	assert_int_equal(mi->fb.addr, 0xb8000);
	assert_int_equal(mi->fb.width, 80);
	assert_int_equal(mi->fb.height, 25);
	assert_int_equal(mi->fb.pitch, 160);
	assert_int_equal(mi->fb.bpp, 16);
	assert_false(mi->has_efi32);
	assert_false(mi->has_efi64);
	assert_false(mi->efi_boot_services);
	assert_true(mi->has_load_base);
	assert_int_equal(mi->load_base, 0x100000);
	assert_int_equal(mi->nmod, 0);
	assert_int_equal(mi->mod_lo, 0);
	assert_int_equal(mi->mod_hi, 0);
}

static void check_bios_size(const struct result *r)
{
	struct mb m;

	build_bios(&m);
	assert_int_equal(r->mi.info_size, m.len);
}

static void check_bios_all(const struct result *r)
{
	check_bios(r);
	check_bios_size(r);
}

static void check_uefi(const struct result *r)
{
	const struct mb2_info *mi = &r->mi;
	static const struct mem_range want[] = {
		{ 0, 0xa0000, MEM_USABLE }, { 0x100000, 0x700000, MEM_USABLE },
		{ 0x800000, 0x8000, MEM_ACPI_NVS }, { 0x808000, 0x7e7f8000, MEM_USABLE },
		{ 0x7f000000, 0x800000, MEM_EFI_RUNTIME },
		{ 0x7f800000, 0x100000, MEM_ACPI_RECLAIM },
		{ 0xffc00000, 0x400000, MEM_MMIO },
	};

	assert_int_equal(mi->firmware, MB2_FW_UEFI);
	assert_int_equal(mi->seen & (BIT(12) | BIT(15) | BIT(17)), BIT(12) | BIT(15) | BIT(17));
	assert_string_equal(mi->cmdline, "log=debug");
	assert_true(mi->has_efi64);
	assert_int_equal(mi->efi64_systab, 0x7f9ee018);
	assert_int_equal(mi->mmap_source, MB2_MMAP_EFI);
	assert_int_equal(mi->mmap_raw_entries, ARRAY_SIZE(ovmf_map));
	assert_int_equal(mi->efi_descr_size, 48);
	assert_int_equal(mi->efi_descr_version, 1);
	expect_map(&mi->mmap, want, ARRAY_SIZE(want));
	assert_int_equal(mi->rsdp_old.len, 20);
	assert_int_equal(mi->rsdp_new.len, 36);
	assert_memory_equal(mi->rsdp_new.bytes, rsdp_v2, 36);
	assert_false(mi->rsdp_new.truncated);
	assert_true(mi->fb.present);
	assert_int_equal(mi->fb.type, MB2_FB_TYPE_RGB);
	assert_int_equal(mi->fb.addr, 0x80000000);
	assert_int_equal(mi->fb.width, 800);
	assert_int_equal(mi->fb.bpp, 32);
	assert_int_equal(mi->fb.red_pos, 16);
	assert_int_equal(mi->fb.red_size, 8);
	assert_int_equal(mi->fb.green_pos, 8);
	assert_int_equal(mi->fb.blue_pos, 0);
	assert_int_equal(mi->fb.blue_size, 8);
}

static void build_uefi_bs(struct mb *m)
{
	build_uefi_opts(m, true, 48);
}

static void check_uefi_bs(const struct result *r)
{
	const struct memmap *mm = &r->mi.mmap;

	assert_true(r->mi.efi_boot_services);
	assert_false(memmap_is_usable(mm, 0x1000, 0x1000));          /* BS code */
	assert_false(memmap_is_usable(mm, 0x900000, 0x1000));        /* BS data */
	assert_true(memmap_is_usable(mm, 0x100000, 0x700000));       /* conventional */
	assert_true(memmap_is_usable(mm, 0x810000, 0xf0000));        /* loader data */
}

static void build_uefi_descr56(struct mb *m)
{
	build_uefi_opts(m, false, 56);
}

static void check_uefi_descr56(const struct result *r)
{
	assert_int_equal(r->mi.efi_descr_size, 56);
	assert_int_equal(r->mi.mmap_source, MB2_MMAP_EFI);
	assert_int_equal(r->mi.mmap.n, 7);
}

static void build_uefi_descr32(struct mb *m)
{
	build_uefi_opts(m, false, 32);
}

static void check_falls_back_to_bios_map(const struct result *r)
{
	assert_int_equal(r->mi.mmap_source, MB2_MMAP_BIOS);
	assert_int_equal(r->mi.mmap.n, 1);
	assert_int_equal(r->mi.mmap.r[0].len, 0x7f900000);
}

/* ---- structural errors ------------------------------------------------------------------ */

static void build_truncated_tag_list(struct mb *m)
{
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, "log=debug");
	/* 4 bytes after the last tag: no room for a tag header. */
	m->len += 4;
	mb_total(m, (uint32_t)m->len);
}

static void build_tag_size_past_end(struct mb *m)
{
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, "log=debug");
	mb_raw(m, MB2_TAG_MMAP, 4000, NULL, 8);
	mb_end(m);
}

static void build_tag_size_huge(struct mb *m)
{
	mb_init(m);
	mb_raw(m, MB2_TAG_CMDLINE, 0xfffffff8u, "x", 2);
	mb_end(m);
}

static void build_zero_size(struct mb *m)
{
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, "a");
	mb_raw(m, MB2_TAG_BOOT_LOADER_NAME, 0, NULL, 8);
	mb_end(m);
}

static void build_size_below_header(struct mb *m)
{
	mb_init(m);
	mb_raw(m, MB2_TAG_CMDLINE, 7, NULL, 0);
	mb_end(m);
}

static void build_missing_end_tag(struct mb *m)
{
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, "log=debug");
	mb_str(m, MB2_TAG_BOOT_LOADER_NAME, "GRUB");
	mb_total(m, (uint32_t)m->len);
}

static void build_last_tag_unpadded(struct mb *m)
{
	mb_init(m);
	mb_raw(m, MB2_TAG_CMDLINE, 13, "hello", 5);
	/* total_size ends inside the last tag's padding. */
	mb_total(m, 8 + 13);
}

static void build_total_gt_avail(struct mb *m)
{
	build_bios(m);
	m->avail = 64;
}

static void build_total_lt_16(struct mb *m)
{
	mb_init(m);
	mb_end(m);
	mb_total(m, 8);
}

static void build_total_zero(struct mb *m)
{
	mb_init(m);
	mb_end(m);
	mb_total(m, 0);
}

static void build_avail_lt_header(struct mb *m)
{
	mb_init(m);
	mb_end(m);
	m->avail = 4;
}

static void build_misaligned(struct mb *m)
{
	build_bios(m);
	m->misalign = 4;
}

static void build_total_not_multiple_of_8(struct mb *m)
{
	build_bios(m);
	mb_total(m, (uint32_t)m->len + 4);
	m->len += 4;
}

static void build_end_tag_size_16(struct mb *m)
{
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, "x");
	mb_raw(m, MB2_TAG_END, 16, NULL, 8);
	mb_total(m, (uint32_t)m->len);
}

static void build_tags_after_end_ignored(struct mb *m)
{
	mb_init(m);
	mb_tag(m, MB2_TAG_END, NULL, 0);
	mb_str(m, MB2_TAG_CMDLINE, "after");
	mb_total(m, (uint32_t)m->len);
}

static void check_no_cmdline(const struct result *r)
{
	assert_false(r->mi.has_cmdline);
	assert_int_equal(r->mi.ntags, 0);
}

static void build_only_end(struct mb *m)
{
	mb_init(m);
	mb_end(m);
}

static void check_only_end(const struct result *r)
{
	assert_int_equal(r->mi.info_size, 16);
	assert_int_equal(r->mi.ntags, 0);
	assert_int_equal(r->mi.mmap_source, MB2_MMAP_NONE);
	assert_int_equal(r->mi.mmap.n, 0);
}

static void build_unknown_tags_ignored(struct mb *m)
{
	uint8_t junk[13] = { 1, 2, 3 };

	mb_init(m);
	mb_tag(m, 0x1234, junk, sizeof(junk));
	mb_tag(m, 99, NULL, 0);
	mb_str(m, MB2_TAG_CMDLINE, "cpus=2");
	mb_end(m);
}

static void check_unknown_tags(const struct result *r)
{
	assert_int_equal(r->mi.ntags, 3);
	assert_string_equal(r->mi.cmdline, "cpus=2");
}

/* ---- malformed tag contents: warnings ------------------------------------------------------ */

static void build_cmdline_unterminated(struct mb *m)
{
	mb_init(m);
	mb_tag(m, MB2_TAG_CMDLINE, "abcdef", 6);
	mb_end(m);
}

static void check_cmdline_abcdef(const struct result *r)
{
	assert_string_equal(r->mi.cmdline, "abcdef");
}

static void build_cmdline_too_long(struct mb *m)
{
	char s[3000];

	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_init(m);
	mb_str(m, MB2_TAG_CMDLINE, s);
	mb_str(m, MB2_TAG_BOOT_LOADER_NAME, "GRUB with a very very very very very very long name");
	mb_end(m);
}

static void check_cmdline_truncated(const struct result *r)
{
	assert_true(r->mi.cmdline_truncated);
	assert_int_equal(strlen(r->mi.cmdline), MB2_CMDLINE_MAX - 1);
	assert_false(r->mi.loader_name_truncated);
}

static void build_loader_name_too_long(struct mb *m)
{
	char s[200];

	memset(s, 'g', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_init(m);
	mb_str(m, MB2_TAG_BOOT_LOADER_NAME, s);
	mb_end(m);
}

static void check_loader_truncated(const struct result *r)
{
	assert_true(r->mi.loader_name_truncated);
	assert_int_equal(strlen(r->mi.loader_name), MB2_LOADER_NAME_MAX - 1);
}

static void build_mmap_entry_size_small(struct mb *m)
{
	mb_init(m);
	mb_mmap(m, seabios_map, 2, 16);
	mb_end(m);
}

static void check_no_map(const struct result *r)
{
	assert_int_equal(r->mi.mmap_source, MB2_MMAP_NONE);
	assert_int_equal(r->mi.mmap.n, 0);
}

static void build_mmap_entry_size_32(struct mb *m)
{
	mb_init(m);
	mb_mmap(m, seabios_map, ARRAY_SIZE(seabios_map), 32);
	mb_end(m);
}

static void check_mmap_6(const struct result *r)
{
	assert_int_equal(r->mi.mmap_raw_entries, 6);
	assert_int_equal(r->mi.mmap.n, 6);
	assert_int_equal(r->mi.mmap.r[3].base, 0x100000);
	assert_int_equal(r->mi.mmap.r[3].len, 0xfee0000);
}

static void build_mmap_trailing_bytes(struct mb *m)
{
	uint8_t body[8 + 24 + 10] = { 24 };
	struct e820 e = { 0x100000, 0x100000, 1, 0 };

	memcpy(body + 8, &e, sizeof(e));
	mb_init(m);
	mb_tag(m, MB2_TAG_MMAP, body, sizeof(body));
	mb_end(m);
}

static void check_mmap_1(const struct result *r)
{
	assert_int_equal(r->mi.mmap_raw_entries, 1);
	assert_int_equal(r->mi.mmap.n, 1);
}

static void build_mmap_types(struct mb *m)
{
	static const struct e820 e[] = {
		{ 0x100000, 0x1000, 3, 0 }, { 0x101000, 0x1000, 4, 0 },
		{ 0x102000, 0x1000, 5, 0 }, { 0x103000, 0x1000, 7, 0 },
		{ 0x104000, 0x1000, 12, 0 }, { 0x105000, 0, 1, 0 },
		{ 0x106000, 0x1000, 1, 0 },
	};

	mb_init(m);
	mb_mmap(m, e, ARRAY_SIZE(e), 24);
	mb_end(m);
}

static void check_mmap_types(const struct result *r)
{
	const struct memmap *mm = &r->mi.mmap;
	static const uint32_t want[] = { MEM_ACPI_RECLAIM, MEM_ACPI_NVS, MEM_BAD,
					 MEM_PERSISTENT, MEM_RESERVED, MEM_USABLE };

	assert_int_equal(mm->n, ARRAY_SIZE(want));
	for (unsigned i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal(mm->r[i].type, want[i]);
	assert_int_equal(mm->r[5].base, 0x106000);
}

static void build_duplicate_mmap(struct mb *m)
{
	mb_init(m);
	mb_mmap(m, seabios_map, ARRAY_SIZE(seabios_map), 24);
	mb_mmap(m, ovmf_e820, ARRAY_SIZE(ovmf_e820), 24);
	mb_end(m);
}

static void build_efi_pages_overflow(struct mb *m)
{
	static const struct efi_desc d[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0, 0x100000, 0, 0x10000000000000ULL, 0 },
		{ EFI_CONVENTIONAL_MEMORY, 0, 0x200000, 0, 16, 0 },
		{ EFI_CONVENTIONAL_MEMORY, 0, 0xfffffffffff00000ULL, 0, 0x100, 0 },
		{ EFI_UNACCEPTED_MEMORY, 0, 0x300000, 0, 16, 0 },
		{ EFI_PAL_CODE, 0, 0x310000, 0, 16, 0 },
	};

	mb_init(m);
	mb_efi_mmap(m, d, ARRAY_SIZE(d), 48);
	mb_end(m);
}

static void check_efi_pages_overflow(const struct result *r)
{
	const struct memmap *mm = &r->mi.mmap;

	assert_int_equal(r->mi.firmware, MB2_FW_UEFI);
	assert_int_equal(mm->n, 2);
	assert_int_equal(mm->r[0].base, 0x200000);
	assert_int_equal(mm->r[0].type, MEM_USABLE);
	assert_int_equal(mm->r[1].base, 0x300000);
	assert_int_equal(mm->r[1].len, 0x20000);
	assert_int_equal(mm->r[1].type, MEM_RESERVED);
}

static void add_module(struct mb *m, uint32_t start, uint32_t end, const char *cmd)
{
	uint8_t body[256];
	size_t n = strlen(cmd) + 1;

	memcpy(body, &start, 4);
	memcpy(body + 4, &end, 4);
	memcpy(body + 8, cmd, n);
	mb_tag(m, MB2_TAG_MODULE, body, 8 + n);
}

static void build_modules(struct mb *m)
{
	mb_init(m);
	add_module(m, 0x200000, 0x201234, "/boot/guest.bin entry=0x1000");
	add_module(m, 0x180000, 0x190000, "");
	add_module(m, 0x300000, 0x300000, "empty");
	mb_end(m);
}

static void check_modules(const struct result *r)
{
	const struct mb2_info *mi = &r->mi;

	assert_int_equal(mi->nmod, 3);
	assert_int_equal(mi->nmod_total, 3);
	assert_int_equal(mi->mod[0].start, 0x200000);
	assert_int_equal(mi->mod[0].end, 0x201234);
	assert_string_equal(mi->mod[0].cmdline, "/boot/guest.bin entry=0x1000");
	assert_string_equal(mi->mod[1].cmdline, "");
	assert_int_equal(mi->mod_lo, 0x180000);
	assert_int_equal(mi->mod_hi, 0x300000);
	assert_int_equal(mi->firmware, MB2_FW_BIOS);
}

static void build_too_many_modules(struct mb *m)
{
	mb_init(m);
	for (uint32_t i = 0; i < MB2_MODULES_MAX + 2; i++)
		add_module(m, 0x400000 + i * 0x10000, 0x400000 + i * 0x10000 + 0x100, "m");
	add_module(m, 0x500000, 0x400000, "backwards");
	mb_end(m);
}

static void check_too_many_modules(const struct result *r)
{
	const struct mb2_info *mi = &r->mi;

	assert_int_equal(mi->nmod, MB2_MODULES_MAX);
	assert_int_equal(mi->nmod_total, MB2_MODULES_MAX + 2);
	assert_int_equal(mi->mod_lo, 0x400000);
	assert_int_equal(mi->mod_hi, 0x400000 + (MB2_MODULES_MAX + 1) * 0x10000 + 0x100);
}

static void build_module_cmdline_long(struct mb *m)
{
	char s[200];

	memset(s, 'm', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_init(m);
	add_module(m, 0x200000, 0x201000, s);
	mb_end(m);
}

static void check_module_cmdline_long(const struct result *r)
{
	assert_true(r->mi.mod[0].cmdline_truncated);
	assert_int_equal(strlen(r->mi.mod[0].cmdline), MB2_MODULE_CMDLINE_MAX - 1);
}

static void build_short_fixed_tags(struct mb *m)
{
	uint32_t one = 1;

	mb_init(m);
	mb_u32s(m, MB2_TAG_BASIC_MEMINFO, &one, 1);     /* needs 16 */
	mb_u32s(m, MB2_TAG_EFI64, &one, 1);             /* needs 16 */
	mb_tag(m, MB2_TAG_LOAD_BASE_ADDR, NULL, 0);     /* needs 12 */
	mb_tag(m, MB2_TAG_MODULE, &one, 4);             /* needs 16 */
	mb_tag(m, MB2_TAG_FRAMEBUFFER, &one, 4);        /* needs 32 */
	mb_tag(m, MB2_TAG_MMAP, &one, 4);               /* needs 16 */
	mb_end(m);
}

static void check_short_fixed_tags(const struct result *r)
{
	const struct mb2_info *mi = &r->mi;

	assert_false(mi->has_meminfo);
	assert_false(mi->has_efi64);
	assert_false(mi->has_load_base);
	assert_int_equal(mi->nmod_total, 0);
	assert_false(mi->fb.present);
	/* An EFI64 tag that is too short still says UEFI. */
	assert_int_equal(mi->firmware, MB2_FW_UEFI);
}

static void build_efi32(struct mb *m)
{
	uint32_t systab = 0x3f8e0018;

	mb_init(m);
	mb_u32s(m, MB2_TAG_EFI32, &systab, 1);
	mb_end(m);
}

static void check_efi32(const struct result *r)
{
	assert_true(r->mi.has_efi32);
	assert_int_equal(r->mi.efi32_systab, 0x3f8e0018);
	assert_int_equal(r->mi.firmware, MB2_FW_UEFI);
}

static void build_fb_rgb_short(struct mb *m)
{
	struct mb2_tag_framebuffer f = { .addr = 0xfd000000, .width = 1024, .height = 768,
					 .bpp = 32, .type = MB2_FB_TYPE_RGB };

	mb_init(m);
	mb_tag(m, MB2_TAG_FRAMEBUFFER, (const uint8_t *)&f + 8, sizeof(f) - 8);
	mb_end(m);
}

static void check_fb_rgb_short(const struct result *r)
{
	assert_true(r->mi.fb.present);
	assert_int_equal(r->mi.fb.width, 1024);
	assert_int_equal(r->mi.fb.red_size, 0);
}

static void build_fb_indexed(struct mb *m)
{
	uint8_t body[24 + 2 + 3 * 2];
	struct mb2_tag_framebuffer f = { .addr = 0xa0000, .width = 320, .height = 200,
					 .bpp = 8, .type = MB2_FB_TYPE_INDEXED };
	uint16_t colors = 2;

	memset(body, 0, sizeof(body));
	memcpy(body, (const uint8_t *)&f + 8, 24);
	memcpy(body + 24, &colors, 2);
	mb_init(m);
	mb_tag(m, MB2_TAG_FRAMEBUFFER, body, sizeof(body));
	mb_end(m);
}

static void check_fb_indexed(const struct result *r)
{
	assert_int_equal(r->mi.fb.type, MB2_FB_TYPE_INDEXED);
	assert_int_equal(r->mi.fb.palette_colors, 2);
}

static void build_rsdp_sizes(struct mb *m)
{
	uint8_t big[40];

	memset(big, 0x5a, sizeof(big));
	mb_init(m);
	mb_tag(m, MB2_TAG_ACPI_OLD, rsdp_v1, 12);
	mb_tag(m, MB2_TAG_ACPI_NEW, big, sizeof(big));
	mb_end(m);
}

static void check_rsdp_sizes(const struct result *r)
{
	assert_int_equal(r->mi.rsdp_old.len, 12);
	assert_int_equal(r->mi.rsdp_new.len, 36);
	assert_true(r->mi.rsdp_new.truncated);
	assert_int_equal(r->mi.rsdp_new.bytes[35], 0x5a);
}

/* ---- the table -------------------------------------------------------------------------- */

static struct mb2_case cases[] = {
	{ "bios_seabios_grub", build_bios, 0, NULL, 0, check_bios_all },
	{ "uefi_ovmf_grub", build_uefi, 0, NULL, 0, check_uefi },
	{ "uefi_boot_services_not_exited", build_uefi_bs, 0,
	  "EFI boot services were not exited", 1, check_uefi_bs },
	{ "uefi_descriptor_size_56", build_uefi_descr56, 0, NULL, 0, check_uefi_descr56 },
	{ "uefi_descriptor_size_too_small_uses_tag_6", build_uefi_descr32, 0,
	  "EFI memory map descriptor_size 32 < 40: map ignored", 1,
	  check_falls_back_to_bios_map },

	{ "truncated_tag_list", build_truncated_tag_list, -1,
	  "mb2: error: truncated tag list: 4 byte(s) left at offset 32, a tag header needs 8\n",
	  1, NULL },
	{ "tag_size_past_end", build_tag_size_past_end, -1,
	  "mb2: error: tag 6 (memory map) at offset 32: size 4000 runs past the end (total_size 56)\n",
	  0, NULL },
	{ "tag_size_huge_no_wrap", build_tag_size_huge, -1, "size 4294967288 runs past the end",
	  0, NULL },
	{ "zero_size", build_zero_size, -1,
	  "mb2: error: tag 2 (boot loader name) at offset 24 has size 0 < 8\n", 0, NULL },
	{ "size_below_tag_header", build_size_below_header, -1, "has size 7 < 8", 0, NULL },
	{ "missing_end_tag", build_missing_end_tag, -1,
	  "mb2: error: tag list ends at byte 48 of 48 without an end tag (type 0, size 8)\n",
	  0, NULL },
	{ "last_tag_padding_past_total", build_last_tag_unpadded, -1,
	  "without an end tag", 2, NULL },
	{ "total_size_gt_avail", build_total_gt_avail, -1,
	  "exceeds the 64 readable bytes", 0, NULL },
	{ "total_size_lt_16", build_total_lt_16, -1,
	  "mb2: error: total_size 8 < 16 (header and end tag)\n", 0, NULL },
	{ "total_size_zero", build_total_zero, -1, "total_size 0 < 16", 0, NULL },
	{ "avail_lt_header", build_avail_lt_header, -1,
	  "only 4 readable byte(s), the header needs 8", 0, NULL },
	{ "misaligned", build_misaligned, -1, "is not 8-byte aligned", 0, NULL },
	{ "total_size_not_multiple_of_8", build_total_not_multiple_of_8, 0,
	  "mb2: warning: total_size ", 1, check_bios },
	{ "end_tag_size_16", build_end_tag_size_16, 0, "end tag size 16, expected 8", 2, NULL },
	{ "tags_after_end_ignored", build_tags_after_end_ignored, 0,
	  "no usable memory map", 1, check_no_cmdline },
	{ "only_end_tag", build_only_end, 0, "no usable memory map", 1, check_only_end },
	{ "unknown_tags_ignored", build_unknown_tags_ignored, 0, "no usable memory map", 1,
	  check_unknown_tags },

	{ "cmdline_not_nul_terminated", build_cmdline_unterminated, 0,
	  "command line is not NUL-terminated", 2, check_cmdline_abcdef },
	{ "cmdline_truncated", build_cmdline_too_long, 0,
	  "command line truncated to 1023 bytes", 2, check_cmdline_truncated },
	{ "loader_name_truncated", build_loader_name_too_long, 0,
	  "boot loader name truncated to 63 bytes", 2, check_loader_truncated },
	{ "mmap_entry_size_too_small", build_mmap_entry_size_small, 0,
	  "memory map entry_size 16 < 24: map ignored", 2, check_no_map },
	{ "mmap_entry_size_32", build_mmap_entry_size_32, 0, NULL, 0, check_mmap_6 },
	{ "mmap_trailing_bytes", build_mmap_trailing_bytes, 0,
	  "memory map: 10 trailing bytes after 1 entries of 24", 1, check_mmap_1 },
	{ "mmap_types_and_zero_length_entry", build_mmap_types, 0,
	  "memmap: zero-length usable range at 0x105000: ignored", 0, check_mmap_types },
	{ "duplicate_mmap_tag", build_duplicate_mmap, 0,
	  "second tag 6 (memory map): ignored", 1, check_mmap_6 },
	{ "efi_pages_overflow_and_types", build_efi_pages_overflow, 0,
	  "EFI descriptor 0: 0x10000000000000 pages overflow: ignored", 1,
	  check_efi_pages_overflow },
	{ "modules", build_modules, 0, "no usable memory map", 1, check_modules },
	{ "too_many_modules", build_too_many_modules, 0,
	  "module [0x500000-0x400000) ends before it starts", 4, check_too_many_modules },
	{ "module_cmdline_truncated", build_module_cmdline_long, 0,
	  "module command line truncated to 127 bytes", 2, check_module_cmdline_long },
	{ "short_fixed_size_tags_ignored", build_short_fixed_tags, 0,
	  "tag 4 (basic meminfo) size 12 < 16: ignored", 7, check_short_fixed_tags },
	{ "efi32_system_table", build_efi32, 0, "no usable memory map", 1, check_efi32 },
	{ "framebuffer_rgb_without_layout", build_fb_rgb_short, 0,
	  "RGB framebuffer tag size 32 < 38", 2, check_fb_rgb_short },
	{ "framebuffer_indexed", build_fb_indexed, 0, "no usable memory map", 1,
	  check_fb_indexed },
	{ "rsdp_short_and_long", build_rsdp_sizes, 0,
	  "tag 14 (ACPI old RSDP): 12 RSDP bytes, expected 20", 2, check_rsdp_sizes },
};

static void run_case(void **state)
{
	const struct mb2_case *c = *state;
	static struct mb m;
	static struct result r;

	c->build(&m);
	memset(&r, 0, sizeof(r));
	parse(&m, &r);
	if (r.ret != c->ret || (c->msg ? !strstr(r.log, c->msg) : r.log[0] != '\0'))
		print_message("log:\n%s", r.log);
	assert_int_equal(r.ret, c->ret);
	if (c->msg)
		assert_non_null(strstr(r.log, c->msg));
	else
		assert_string_equal(r.log, "");
	assert_int_equal(r.mi.warnings, c->warnings);
	if (c->check)
		c->check(&r);
}

static void print_summary(void **state)
{
	static struct mb m;
	static struct result r;
	char buf[4096];
	struct out_buf ob;

	(void)state;
	build_bios(&m);
	parse(&m, &r);
	out_buf_init(&ob, buf, sizeof(buf));
	mb2_print(&r.mi, &ob.out);
	assert_int_equal(ob.lost, 0);
	assert_non_null(strstr(buf, "mb2: loader \"GRUB 2.06-13+deb12u1\", BIOS firmware, 10 tags"));
	assert_non_null(strstr(buf, "mb2: command line \"serial=com1 exit=qemu\"\n"));
	assert_non_null(strstr(buf, "mb2: memory map from BIOS tag 6, 6 entries\n"));
	assert_non_null(strstr(buf, "mb2: old RSDP (tag 14): 20 bytes, signature \"RSD PTR \", "
				    "OEM \"BOCHS \", revision 0\n"));
	assert_non_null(strstr(buf, "mb2: framebuffer 80x25, 16 bpp, type 2, pitch 160 at 0xb8000\n"));
}

static void null_info(void **state)
{
	struct mb2_info mi;
	char buf[256];
	struct out_buf ob;

	(void)state;
	out_buf_init(&ob, buf, sizeof(buf));
	assert_int_equal(mb2_parse(NULL, 4096, &mi, &ob.out), -1);
	assert_string_equal(buf, "mb2: error: no information pointer\n");
	/* A NULL log is allowed. */
	assert_int_equal(mb2_parse(NULL, 4096, &mi, NULL), -1);
}

/* Every total_size cut of the BIOS structure: never an over-read or a hang. */
static void every_prefix_is_safe(void **state)
{
	static struct mb m;
	static struct mb2_info mi;

	(void)state;
	build_bios(&m);
	for (size_t cut = 0; cut <= m.len; cut++) {
		uint8_t *block = malloc(cut ? cut : 1);
		assert_non_null(block);
		memcpy(block, m.buf, cut);
		if (cut >= 4) {
			uint32_t t = (uint32_t)cut;
			memcpy(block, &t, 4);
		}
		int ret = mb2_parse(block, cut, &mi, NULL);
		assert_int_equal(ret, cut == m.len ? 0 : -1);
		free(block);
	}
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 3];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(print_summary);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(null_info);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(every_prefix_is_safe);
	return _cmocka_run_group_tests("mb2", t, n, NULL, NULL);
}
