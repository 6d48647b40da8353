/* SPDX-License-Identifier: MIT */
/* The parsed multiboot2 information, printed for the console. Pure code. */
#include "pure/mb2.h"
#include "pure/mb2_parser.h"

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
