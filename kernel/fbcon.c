/* SPDX-License-Identifier: MIT */
/*
 * Screen backend for a linear RGB framebuffer (multiboot2 3.6.12 type 1, as
 * GRUB sets up through UEFI GOP or a VBE mode under BIOS). Pixels are drawn
 * by the pure code in pure/fbdraw.c. The framebuffer must lie inside the
 * identity map both before and after kernel/paging.c replaces the boot tables,
 * i.e. below 4 GiB (boot/entry.S maps exactly that much).
 */
#include "kernel/console.h"
#include "pure/fbdraw.h"
#include "pure/mb2.h"
#include "kernel/screen.h"

#define IDENTITY_MAPPED_TOP     (1ULL << 32)

static struct fb_surface surf;

static void fb_put(unsigned col, unsigned row, char c, uint8_t attr)
{
	fb_draw_cell(&surf, col, row, c, attr);
}

bool fbcon_probe(const struct mb2_framebuffer *fb, struct screen_backend *b)
{
	uint64_t end = fb->addr + (uint64_t)fb->pitch * fb->height;
	const char *why;

	surf = (struct fb_surface){
		.base = (uint8_t *)(uintptr_t)fb->addr,
		.width = fb->width, .height = fb->height, .pitch = fb->pitch, .bpp = fb->bpp,
		.red_pos = fb->red_pos, .red_size = fb->red_size,
		.green_pos = fb->green_pos, .green_size = fb->green_size,
		.blue_pos = fb->blue_pos, .blue_size = fb->blue_size,
	};
	why = fb_surface_check(&surf);
	if (!why && (end < fb->addr || end > IDENTITY_MAPPED_TOP))
		why = "not below 4 GiB (outside the identity map)";
	if (why) {
		kprintf("screen: framebuffer %ux%ux%u at 0x%llx unusable: %s\n", fb->width,
			fb->height, fb->bpp, (unsigned long long)fb->addr, why);
		return false;
	}
	fb_clear(&surf, ATTR_LOG);
	b->name = fb->bpp == 32 ? "framebuffer 32 bpp" : "framebuffer 24 bpp";
	b->cols = fb_cols(&surf);
	b->rows = fb_rows(&surf);
	b->put = fb_put;
	return true;
}
