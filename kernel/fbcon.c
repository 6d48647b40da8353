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
#include "pure/font.h"
#include "pure/mb2.h"
#include "kernel/qr.h"
#include "kernel/screen.h"

#define IDENTITY_MAPPED_TOP     (1ULL << 32)
/*
 * A QR code on the framebuffer: square modules of M pixels, a 4-module quiet
 * zone (the standard's), the symbol at the top right; M as large as the
 * height allows while the code takes at most a third of the width, and at
 * least 2 pixels.
 */
#define QR_FB_QUIET             4
#define QR_FB_MIN_PX            2
#define QR_FB_WIDTH_SHARE       3
#define QR_FB_LIGHT             0xffffff
#define QR_FB_DARK              0x000000

static struct fb_surface surf;

static void fb_put(unsigned col, unsigned row, char c, uint8_t attr)
{
	fb_draw_cell(&surf, col, row, c, attr);
}

static unsigned qr_module_px(unsigned modules)
{
	unsigned side = modules + 2 * QR_FB_QUIET;
	unsigned m = surf.height / side, w = surf.width / QR_FB_WIDTH_SHARE / side;

	return m < w ? m : w;
}

static unsigned fb_qr_cols(unsigned modules)
{
	unsigned m = qr_module_px(modules);

	if (m < QR_FB_MIN_PX)
		return 0;
	return (m * (modules + 2 * QR_FB_QUIET) + FONT_WIDTH - 1) / FONT_WIDTH;
}

static void fb_qr_draw(unsigned col0, const struct qr *q)
{
	unsigned m = qr_module_px(q->size), side = m * (q->size + 2 * QR_FB_QUIET);
	uint32_t x0 = col0 * FONT_WIDTH, qx = surf.width - side;

	/* The columns given up, then the symbol with its quiet zone at the top right. */
	fb_fill(&surf, x0, 0, surf.width - x0, surf.height, fb_vga_rgb(ATTR_LOG >> 4));
	fb_fill(&surf, qx, 0, side, side, QR_FB_LIGHT);
	for (unsigned y = 0; y < q->size; y++)
		for (unsigned x = 0; x < q->size; x++)
			if (qr_dark(q, (int)x, (int)y))
				fb_fill(&surf, qx + (QR_FB_QUIET + x) * m, (QR_FB_QUIET + y) * m, m, m,
					QR_FB_DARK);
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
	b->qr_cols = fb_qr_cols;
	b->qr_draw = fb_qr_draw;
	return true;
}
