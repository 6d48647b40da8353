/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 information parser. Every read is checked against total_size
 * (itself checked against what the caller can read) before it happens, and
 * fields are copied out with memcpy: tags are only 8-byte aligned relative
 * to the start and nothing here dereferences a cast pointer. Pure code.
 */
#include <stdint.h>
#include <stdbool.h>
#include "pure/mb2.h"
#include "lib/bits.h"
#include "lib/string.h"

#define U64(x) ((unsigned long long)(x))
#define EFI_PAGE_SHIFT 12

struct parser {
	const uint8_t *base;
	uint32_t total;
	struct mb2_info *mi;
	struct out *log;
	size_t mmap_off, efi_mmap_off;  /* 0: tag absent */
	uint32_t mmap_size, efi_mmap_size;
};

static void warn(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	p->mi->warnings++;
	if (!p->log)
		return;
	oputs(p->log, "mb2: warning: ");
	va_start(ap, fmt);
	ovprintf(p->log, fmt, ap);
	va_end(ap);
}

const char *mb2_tag_name(uint32_t type)
{
	static const char *const names[] = {
		[MB2_TAG_END] = "end",
		[MB2_TAG_CMDLINE] = "command line",
		[MB2_TAG_BOOT_LOADER_NAME] = "boot loader name",
		[MB2_TAG_MODULE] = "module",
		[MB2_TAG_BASIC_MEMINFO] = "basic meminfo",
		[MB2_TAG_BOOTDEV] = "BIOS boot device",
		[MB2_TAG_MMAP] = "memory map",
		[MB2_TAG_VBE] = "VBE info",
		[MB2_TAG_FRAMEBUFFER] = "framebuffer",
		[MB2_TAG_ELF_SECTIONS] = "ELF sections",
		[MB2_TAG_APM] = "APM table",
		[MB2_TAG_EFI32] = "EFI32 system table",
		[MB2_TAG_EFI64] = "EFI64 system table",
		[MB2_TAG_SMBIOS] = "SMBIOS",
		[MB2_TAG_ACPI_OLD] = "ACPI old RSDP",
		[MB2_TAG_ACPI_NEW] = "ACPI new RSDP",
		[MB2_TAG_NETWORK] = "network",
		[MB2_TAG_EFI_MMAP] = "EFI memory map",
		[MB2_TAG_EFI_BS] = "EFI boot services not terminated",
		[MB2_TAG_EFI32_IH] = "EFI32 image handle",
		[MB2_TAG_EFI64_IH] = "EFI64 image handle",
		[MB2_TAG_LOAD_BASE_ADDR] = "image load base",
	};

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}

/* Copy the NUL-terminated string of at most n bytes at off into dst. */
static bool copy_str(struct parser *p, char *dst, size_t cap, size_t off,
		     size_t n, const char *what)
{
	const char *src = (const char *)p->base + off;
	size_t len = strnlen(src, n);
	bool truncated = false;

	if (len == n && n)
		warn(p, "%s is not NUL-terminated inside its tag\n", what);
	if (len > cap - 1) {
		len = cap - 1;
		truncated = true;
		warn(p, "%s truncated to %zu bytes\n", what, cap - 1);
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return truncated;
}

static bool need(struct parser *p, const struct mb2_tag *t, uint32_t min)
{
	if (t->size >= min)
		return true;
	warn(p, "tag %u (%s) size %u < %u: ignored\n", t->type,
	     mb2_tag_name(t->type), t->size, min);
	return false;
}

static void parse_module(struct parser *p, size_t off, const struct mb2_tag *t)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_module m;

	if (!need(p, t, sizeof(m)))
		return;
	memcpy(&m, p->base + off, sizeof(m));
	if (m.mod_end < m.mod_start) {
		warn(p, "module [0x%x-0x%x) ends before it starts: ignored\n",
		     m.mod_start, m.mod_end);
		return;
	}
	if (mi->nmod_total == 0 || m.mod_start < mi->mod_lo)
		mi->mod_lo = m.mod_start;
	if (mi->nmod_total == 0 || m.mod_end > mi->mod_hi)
		mi->mod_hi = m.mod_end;
	mi->nmod_total++;
	if (mi->nmod >= MB2_MODULES_MAX) {
		warn(p, "more than %u modules: [0x%x-0x%x) not listed "
		     "(still inside mod_lo..mod_hi)\n", MB2_MODULES_MAX,
		     m.mod_start, m.mod_end);
		return;
	}
	struct mb2_module *d = &mi->mod[mi->nmod++];
	d->start = m.mod_start;
	d->end = m.mod_end;
	d->cmdline_truncated = copy_str(p, d->cmdline, sizeof(d->cmdline),
					off + sizeof(m), t->size - sizeof(m),
					"module command line");
}

static void parse_rsdp(struct parser *p, size_t off, const struct mb2_tag *t,
		       struct mb2_rsdp *r, uint32_t expect)
{
	uint32_t n = t->size - (uint32_t)sizeof(*t);

	if (n < expect)
		warn(p, "tag %u (%s): %u RSDP bytes, expected %u\n", t->type,
		     mb2_tag_name(t->type), n, expect);
	if (n > MB2_RSDP_MAX) {
		r->truncated = true;
		n = MB2_RSDP_MAX;
	}
	memcpy(r->bytes, p->base + off + sizeof(*t), n);
	r->len = (uint8_t)n;
}

static void parse_framebuffer(struct parser *p, size_t off, const struct mb2_tag *t)
{
	struct mb2_framebuffer *fb = &p->mi->fb;
	struct mb2_tag_framebuffer f;
	const uint8_t *ci = p->base + off + sizeof(f);

	if (!need(p, t, sizeof(f)))
		return;
	memcpy(&f, p->base + off, sizeof(f));
	memset(fb, 0, sizeof(*fb));
	fb->present = true;
	fb->addr = f.addr;
	fb->pitch = f.pitch;
	fb->width = f.width;
	fb->height = f.height;
	fb->bpp = f.bpp;
	fb->type = f.type;
	if (f.type == MB2_FB_TYPE_RGB) {
		if (t->size < sizeof(f) + 6) {
			warn(p, "RGB framebuffer tag size %u < %zu: no field layout\n",
			     t->size, sizeof(f) + 6);
			return;
		}
		fb->red_pos = ci[0];
		fb->red_size = ci[1];
		fb->green_pos = ci[2];
		fb->green_size = ci[3];
		fb->blue_pos = ci[4];
		fb->blue_size = ci[5];
	} else if (f.type == MB2_FB_TYPE_INDEXED && t->size >= sizeof(f) + 2) {
		/* Spec: u32 count; GRUB: u16. The low 16 bits agree. */
		fb->palette_colors = (uint16_t)(ci[0] | ci[1] << 8);
	}
}

static void parse_tag(struct parser *p, size_t off, const struct mb2_tag *t)
{
	struct mb2_info *mi = p->mi;
	size_t body = off + sizeof(*t);
	uint32_t blen = t->size - (uint32_t)sizeof(*t);

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		mi->has_cmdline = true;
		mi->cmdline_truncated = copy_str(p, mi->cmdline, sizeof(mi->cmdline),
						 body, blen, "command line");
		break;
	case MB2_TAG_BOOT_LOADER_NAME:
		mi->loader_name_truncated =
			copy_str(p, mi->loader_name, sizeof(mi->loader_name),
				 body, blen, "boot loader name");
		break;
	case MB2_TAG_MODULE:
		parse_module(p, off, t);
		break;
	case MB2_TAG_BASIC_MEMINFO: {
		struct mb2_tag_basic_meminfo m;
		if (!need(p, t, sizeof(m)))
			break;
		memcpy(&m, p->base + off, sizeof(m));
		mi->has_meminfo = true;
		mi->mem_lower_kib = m.mem_lower;
		mi->mem_upper_kib = m.mem_upper;
		break;
	}
	case MB2_TAG_MMAP:
	case MB2_TAG_EFI_MMAP: {
		size_t *where = t->type == MB2_TAG_MMAP ? &p->mmap_off : &p->efi_mmap_off;
		if (!need(p, t, sizeof(struct mb2_tag_mmap)))
			break;
		if (*where) {
			warn(p, "second tag %u (%s): ignored\n", t->type,
			     mb2_tag_name(t->type));
			break;
		}
		*where = off;
		if (t->type == MB2_TAG_MMAP)
			p->mmap_size = t->size;
		else
			p->efi_mmap_size = t->size;
		break;
	}
	case MB2_TAG_FRAMEBUFFER:
		parse_framebuffer(p, off, t);
		break;
	case MB2_TAG_EFI32: {
		struct mb2_tag_efi32 e;
		if (!need(p, t, sizeof(e)))
			break;
		memcpy(&e, p->base + off, sizeof(e));
		mi->has_efi32 = true;
		mi->efi32_systab = e.pointer;
		break;
	}
	case MB2_TAG_EFI64: {
		struct mb2_tag_efi64 e;
		if (!need(p, t, sizeof(e)))
			break;
		memcpy(&e, p->base + off, sizeof(e));
		mi->has_efi64 = true;
		mi->efi64_systab = e.pointer;
		break;
	}
	case MB2_TAG_ACPI_OLD:
		parse_rsdp(p, off, t, &mi->rsdp_old, 20);
		break;
	case MB2_TAG_ACPI_NEW:
		parse_rsdp(p, off, t, &mi->rsdp_new, 36);
		break;
	case MB2_TAG_EFI_BS:
		mi->efi_boot_services = true;
		break;
	case MB2_TAG_LOAD_BASE_ADDR: {
		struct mb2_tag_load_base l;
		if (!need(p, t, sizeof(l)))
			break;
		memcpy(&l, p->base + off, sizeof(l));
		mi->has_load_base = true;
		mi->load_base = l.load_base_addr;
		break;
	}
	default:
		/* 3.6.2: the OS must ignore tags it does not understand. */
		break;
	}
}

/* 3.6.8 types; 7 (persistent) as ACPI defines it; any other is reserved. */
static uint32_t bios_type(uint32_t t)
{
	switch (t) {
	case 1:
		return MEM_USABLE;
	case 3:
		return MEM_ACPI_RECLAIM;
	case 4:
		return MEM_ACPI_NVS;
	case 5:
		return MEM_BAD;
	case 7:
		return MEM_PERSISTENT;
	default:
		return MEM_RESERVED;
	}
}

/*
 * GRUB exits boot services before jumping to us (no EFI boot services tag
 * in our header), so boot services code/data and loader code/data are free
 * RAM: the kernel image, this information and the modules are loader data
 * and the caller excludes them explicitly. With tag 18 (boot services still
 * running) boot services memory stays reserved. ACPI reclaim is kept apart
 * (the ACPI tables live there); runtime services, MMIO, PAL code, unusable,
 * persistent and unaccepted memory (needs TDX/SNP acceptance first) are
 * never usable.
 */
static uint32_t efi_type(uint32_t t, bool boot_services_running)
{
	switch (t) {
	case EFI_CONVENTIONAL_MEMORY:
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
		return MEM_USABLE;
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return boot_services_running ? MEM_RESERVED : MEM_USABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return MEM_ACPI_RECLAIM;
	case EFI_ACPI_MEMORY_NVS:
		return MEM_ACPI_NVS;
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
		return MEM_EFI_RUNTIME;
	case EFI_MEMORY_MAPPED_IO:
	case EFI_MEMORY_MAPPED_IO_PORT_SPACE:
		return MEM_MMIO;
	case EFI_UNUSABLE_MEMORY:
		return MEM_BAD;
	case EFI_PERSISTENT_MEMORY:
		return MEM_PERSISTENT;
	default:
		return MEM_RESERVED;
	}
}

static bool parse_bios_mmap(struct parser *p)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_mmap h;

	memcpy(&h, p->base + p->mmap_off, sizeof(h));
	if (h.entry_size < sizeof(struct mb2_mmap_entry)) {
		warn(p, "memory map entry_size %u < %zu: map ignored\n",
		     h.entry_size, sizeof(struct mb2_mmap_entry));
		return false;
	}
	uint32_t bytes = p->mmap_size - (uint32_t)sizeof(h);
	unsigned n = bytes / h.entry_size;
	if (bytes % h.entry_size)
		warn(p, "memory map: %u trailing bytes after %u entries of %u\n",
		     bytes % h.entry_size, n, h.entry_size);
	for (unsigned i = 0; i < n; i++) {
		struct mb2_mmap_entry e;
		memcpy(&e, p->base + p->mmap_off + sizeof(h) + (size_t)i * h.entry_size,
		       sizeof(e));
		memmap_add(&mi->mmap, e.base_addr, e.length, bios_type(e.type), p->log);
	}
	mi->mmap_source = MB2_MMAP_BIOS;
	mi->mmap_raw_entries = n;
	return true;
}

static bool parse_efi_mmap(struct parser *p)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_efi_mmap h;

	memcpy(&h, p->base + p->efi_mmap_off, sizeof(h));
	mi->efi_descr_size = h.descr_size;
	mi->efi_descr_version = h.descr_vers;
	if (h.descr_size < sizeof(struct efi_memory_descriptor)) {
		warn(p, "EFI memory map descriptor_size %u < %zu: map ignored\n",
		     h.descr_size, sizeof(struct efi_memory_descriptor));
		return false;
	}
	uint32_t bytes = p->efi_mmap_size - (uint32_t)sizeof(h);
	unsigned n = bytes / h.descr_size;
	if (bytes % h.descr_size)
		warn(p, "EFI memory map: %u trailing bytes after %u descriptors of %u\n",
		     bytes % h.descr_size, n, h.descr_size);
	for (unsigned i = 0; i < n; i++) {
		struct efi_memory_descriptor d;
		memcpy(&d, p->base + p->efi_mmap_off + sizeof(h) + (size_t)i * h.descr_size,
		       sizeof(d));
		if (d.number_of_pages > (UINT64_MAX >> EFI_PAGE_SHIFT)) {
			warn(p, "EFI descriptor %u: 0x%llx pages overflow: ignored\n",
			     i, U64(d.number_of_pages));
			continue;
		}
		memmap_add(&mi->mmap, d.physical_start,
			   d.number_of_pages << EFI_PAGE_SHIFT,
			   efi_type(d.type, mi->efi_boot_services), p->log);
	}
	mi->mmap_source = MB2_MMAP_EFI;
	mi->mmap_raw_entries = n;
	return true;
}

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->log) {
		oputs(p->log, "mb2: error: ");
		va_start(ap, fmt);
		ovprintf(p->log, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int walk(struct parser *p)
{
	size_t off = sizeof(struct mb2_fixed);

	for (;;) {
		struct mb2_tag t;

		if (off >= p->total)
			return fail(p, "tag list ends at byte %zu of %u without an end "
				    "tag (type 0, size 8)\n", off, p->total);
		if (p->total - off < sizeof(t))
			return fail(p, "truncated tag list: %zu byte(s) left at offset "
				    "%zu, a tag header needs 8\n", p->total - off, off);
		memcpy(&t, p->base + off, sizeof(t));
		if (t.size < sizeof(t))
			return fail(p, "tag %u (%s) at offset %zu has size %u < 8\n",
				    t.type, mb2_tag_name(t.type), off, t.size);
		if (t.size > p->total - off)
			return fail(p, "tag %u (%s) at offset %zu: size %u runs past "
				    "the end (total_size %u)\n", t.type,
				    mb2_tag_name(t.type), off, t.size, p->total);
		if (t.type == MB2_TAG_END) {
			if (t.size != sizeof(t))
				warn(p, "end tag size %u, expected 8\n", t.size);
			return 0;
		}
		if (t.type < 32)
			p->mi->seen |= 1U << t.type;
		p->mi->ntags++;
		parse_tag(p, off, &t);
		off += ALIGN_UP((size_t)t.size, (size_t)MB2_TAG_ALIGN);
	}
}

int mb2_parse(const void *info, size_t avail, struct mb2_info *out,
	      struct out *log)
{
	struct parser p = { .base = info, .mi = out, .log = log };
	struct mb2_fixed fixed;

	memset(out, 0, sizeof(*out));
	memmap_init(&out->mmap);
	out->info_phys = (uintptr_t)info;
	if (!info)
		return fail(&p, "no information pointer\n");
	if ((uintptr_t)info % MB2_TAG_ALIGN)
		return fail(&p, "information at 0x%llx is not 8-byte aligned\n",
			    U64((uintptr_t)info));
	if (avail < sizeof(fixed))
		return fail(&p, "only %zu readable byte(s), the header needs 8\n", avail);
	memcpy(&fixed, info, sizeof(fixed));
	if (fixed.total_size < sizeof(fixed) + sizeof(struct mb2_tag))
		return fail(&p, "total_size %u < 16 (header and end tag)\n",
			    fixed.total_size);
	if (fixed.total_size > avail)
		return fail(&p, "total_size %u exceeds the %zu readable bytes\n",
			    fixed.total_size, avail);
	if (fixed.total_size % MB2_TAG_ALIGN)
		warn(&p, "total_size %u is not a multiple of 8\n", fixed.total_size);
	p.total = fixed.total_size;
	out->info_size = fixed.total_size;

	if (walk(&p))
		return -1;

	if (out->seen & (BIT(MB2_TAG_EFI32) | BIT(MB2_TAG_EFI64) | BIT(MB2_TAG_EFI_MMAP)))
		out->firmware = MB2_FW_UEFI;
	if (out->efi_boot_services)
		warn(&p, "EFI boot services were not exited: boot services memory "
		     "kept reserved\n");
	bool have_map = false;
	if (p.efi_mmap_off)
		have_map = parse_efi_mmap(&p);
	if (!have_map && p.mmap_off)
		have_map = parse_bios_mmap(&p);
	if (!have_map)
		warn(&p, "no usable memory map tag (6 or 17)\n");
	memmap_normalize(&out->mmap);
	return 0;
}

static void print_rsdp(struct out *o, const char *name, const struct mb2_rsdp *r)
{
	if (!r->len)
		return;
	/* RSDP: signature at 0, OEM ID at 9, revision at 15. */
	oprintf(o, "mb2: %s: %u bytes", name, r->len);
	if (r->len >= 16)
		oprintf(o, ", signature \"%.8s\", OEM \"%.6s\", revision %u",
			(const char *)r->bytes, (const char *)r->bytes + 9, r->bytes[15]);
	oputs(o, "\n");
}

void mb2_print(const struct mb2_info *mi, struct out *o)
{
	static const char *const src[] = { "none", "BIOS tag 6", "EFI tag 17" };

	oprintf(o, "mb2: loader \"%s\", %s firmware, %u tags, info [0x%llx-0x%llx)\n",
		mi->loader_name, mi->firmware == MB2_FW_UEFI ? "UEFI" : "BIOS",
		mi->ntags, U64(mi->info_phys), U64(mi->info_phys + mi->info_size));
	oprintf(o, "mb2: command line \"%s\"%s\n", mi->cmdline,
		mi->cmdline_truncated ? " (truncated)" : "");
	if (mi->has_meminfo)
		oprintf(o, "mb2: mem_lower %u KiB, mem_upper %u KiB\n",
			mi->mem_lower_kib, mi->mem_upper_kib);
	oprintf(o, "mb2: memory map from %s, %u entries\n",
		src[mi->mmap_source], mi->mmap_raw_entries);
	memmap_print(&mi->mmap, o);
	print_rsdp(o, "old RSDP (tag 14)", &mi->rsdp_old);
	print_rsdp(o, "new RSDP (tag 15)", &mi->rsdp_new);
	if (mi->has_efi64)
		oprintf(o, "mb2: EFI64 system table 0x%llx\n", U64(mi->efi64_systab));
	if (mi->has_efi32)
		oprintf(o, "mb2: EFI32 system table 0x%x\n", mi->efi32_systab);
	if (mi->fb.present)
		oprintf(o, "mb2: framebuffer %ux%u, %u bpp, type %u, pitch %u at 0x%llx\n",
			mi->fb.width, mi->fb.height, mi->fb.bpp, mi->fb.type,
			mi->fb.pitch, U64(mi->fb.addr));
	if (mi->has_load_base)
		oprintf(o, "mb2: image load base 0x%x\n", mi->load_base);
	for (unsigned i = 0; i < mi->nmod; i++)
		oprintf(o, "mb2: module [0x%x-0x%x) \"%s\"\n", mi->mod[i].start,
			mi->mod[i].end, mi->mod[i].cmdline);
	if (mi->nmod_total > mi->nmod)
		oprintf(o, "mb2: %u more module(s) in [0x%x-0x%x)\n",
			mi->nmod_total - mi->nmod, mi->mod_lo, mi->mod_hi);
}
