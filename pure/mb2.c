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
#include "pure/mb2_parser.h"
#include "lib/bits.h"
#include "lib/string.h"

void mb2_warn(struct mb2_parser *p, const char *fmt, ...)
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
static bool copy_str(struct mb2_parser *p, char *dst, size_t cap, size_t off,
		     size_t n, const char *what)
{
	const char *src = (const char *)p->base + off;
	size_t len = strnlen(src, n);
	bool truncated = false;

	if (len == n && n)
		mb2_warn(p, "%s is not NUL-terminated inside its tag\n", what);
	if (len > cap - 1) {
		len = cap - 1;
		truncated = true;
		mb2_warn(p, "%s truncated to %zu bytes\n", what, cap - 1);
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return truncated;
}

static bool need(struct mb2_parser *p, const struct mb2_tag *t, uint32_t min)
{
	if (t->size >= min)
		return true;
	mb2_warn(p, "tag %u (%s) size %u < %u: ignored\n", t->type,
	     mb2_tag_name(t->type), t->size, min);
	return false;
}

static void parse_module(struct mb2_parser *p, size_t off, const struct mb2_tag *t)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_module m;

	if (!need(p, t, sizeof(m)))
		return;
	memcpy(&m, p->base + off, sizeof(m));
	if (m.mod_end < m.mod_start) {
		mb2_warn(p, "module [0x%x-0x%x) ends before it starts: ignored\n",
		     m.mod_start, m.mod_end);
		return;
	}
	if (mi->nmod_total == 0 || m.mod_start < mi->mod_lo)
		mi->mod_lo = m.mod_start;
	if (mi->nmod_total == 0 || m.mod_end > mi->mod_hi)
		mi->mod_hi = m.mod_end;
	mi->nmod_total++;
	if (mi->nmod >= MB2_MODULES_MAX) {
		mb2_warn(p, "more than %u modules: [0x%x-0x%x) not listed "
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

static void parse_rsdp(struct mb2_parser *p, size_t off, const struct mb2_tag *t,
		       struct mb2_rsdp *r, uint32_t expect)
{
	uint32_t n = t->size - (uint32_t)sizeof(*t);

	if (n < expect)
		mb2_warn(p, "tag %u (%s): %u RSDP bytes, expected %u\n", t->type,
		     mb2_tag_name(t->type), n, expect);
	if (n > MB2_RSDP_MAX) {
		r->truncated = true;
		n = MB2_RSDP_MAX;
	}
	memcpy(r->bytes, p->base + off + sizeof(*t), n);
	r->len = (uint8_t)n;
}

static void parse_framebuffer(struct mb2_parser *p, size_t off, const struct mb2_tag *t)
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
			mb2_warn(p, "RGB framebuffer tag size %u < %zu: no field layout\n",
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

static void parse_tag(struct mb2_parser *p, size_t off, const struct mb2_tag *t)
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
			mb2_warn(p, "second tag %u (%s): ignored\n", t->type,
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

static int fail(struct mb2_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct mb2_parser *p, const char *fmt, ...)
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

static int walk(struct mb2_parser *p)
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
				mb2_warn(p, "end tag size %u, expected 8\n", t.size);
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
	struct mb2_parser p = { .base = info, .mi = out, .log = log };
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
		mb2_warn(&p, "total_size %u is not a multiple of 8\n", fixed.total_size);
	p.total = fixed.total_size;
	out->info_size = fixed.total_size;

	if (walk(&p))
		return -1;

	if (out->seen & (BIT(MB2_TAG_EFI32) | BIT(MB2_TAG_EFI64) | BIT(MB2_TAG_EFI_MMAP)))
		out->firmware = MB2_FW_UEFI;
	if (out->efi_boot_services)
		mb2_warn(&p, "EFI boot services were not exited: boot services memory "
		     "kept reserved\n");
	bool have_map = false;
	if (p.efi_mmap_off)
		have_map = mb2_parse_efi_mmap(&p);
	if (!have_map && p.mmap_off)
		have_map = mb2_parse_bios_mmap(&p);
	if (!have_map)
		mb2_warn(&p, "no usable memory map tag (6 or 17)\n");
	memmap_normalize(&out->mmap);
	return 0;
}

