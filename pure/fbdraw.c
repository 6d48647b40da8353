/* SPDX-License-Identifier: MIT */
/*
 * Glyph drawing into a linear RGB framebuffer. Pure code: plain memory
 * writes through the surface's base pointer, nothing else.
 */
#include <stddef.h>
#include "pure/fbdraw.h"
#include "pure/font.h"

/* The VGA's default 16-colour palette (IBM VGA Technical Reference, DAC defaults). */
static const uint32_t vga_palette[16] = {
	0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
	0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
};

uint32_t fb_vga_rgb(enum vga_color c)
{
	return vga_palette[c & 15];
}

static int field_ok(uint8_t pos, uint8_t size, uint8_t bpp)
{
	return size >= 1 && size <= 8 && pos + size <= bpp;
}

const char *fb_surface_check(const struct fb_surface *s)
{
	if (!s->base)
		return "no address";
	if (s->bpp != 24 && s->bpp != 32)
		return "only 24 and 32 bits per pixel are drawn";
	if (s->width < FONT_WIDTH || s->height < FONT_HEIGHT)
		return "smaller than one character cell";
	if ((uint64_t)s->width * (s->bpp / 8) > s->pitch)
		return "pitch shorter than a pixel row";
	if (!field_ok(s->red_pos, s->red_size, s->bpp) ||
	    !field_ok(s->green_pos, s->green_size, s->bpp) ||
	    !field_ok(s->blue_pos, s->blue_size, s->bpp))
		return "colour fields outside the pixel";
	return NULL;
}

unsigned fb_cols(const struct fb_surface *s)
{
	return s->width / FONT_WIDTH;
}

unsigned fb_rows(const struct fb_surface *s)
{
	return s->height / FONT_HEIGHT;
}

/* 8-bit components scaled down to each field's width, placed at its position. */
static uint32_t native(const struct fb_surface *s, uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	return (r >> (8 - s->red_size)) << s->red_pos |
	       (g >> (8 - s->green_size)) << s->green_pos |
	       (b >> (8 - s->blue_size)) << s->blue_pos;
}

static void put_pixel(uint8_t *p, uint32_t v, unsigned bytes)
{
	/* One store per pixel where possible: framebuffers are often uncached. */
	if (bytes == 4 && !((uintptr_t)p & 3)) {
		*(uint32_t *)(void *)p = v;
		return;
	}
	/* Little-endian byte order: byte 0 holds bits 7:0 of the pixel. */
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void fb_clear(const struct fb_surface *s, uint8_t attr)
{
	uint32_t v = native(s, fb_vga_rgb(attr >> 4));
	unsigned bytes = s->bpp / 8;

	for (uint32_t y = 0; y < s->height; y++) {
		uint8_t *row = s->base + (uint64_t)y * s->pitch;
		for (uint32_t x = 0; x < s->width; x++)
			put_pixel(row + (uint64_t)x * bytes, v, bytes);
	}
}

void fb_draw_cell(const struct fb_surface *s, unsigned col, unsigned row, char c, uint8_t attr)
{
	const uint8_t *glyph = font_glyph(c);
	uint32_t fg = native(s, fb_vga_rgb(attr & 15)), bg = native(s, fb_vga_rgb(attr >> 4));
	unsigned bytes = s->bpp / 8;

	if (col >= fb_cols(s) || row >= fb_rows(s))
		return;
	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		uint8_t *p = s->base + (uint64_t)(row * FONT_HEIGHT + y) * s->pitch +
			     (uint64_t)col * FONT_WIDTH * bytes;
		for (unsigned x = 0; x < FONT_WIDTH; x++, p += bytes)
			put_pixel(p, glyph[y] & (0x80 >> x) ? fg : bg, bytes);
	}
}

void fb_fill(const struct fb_surface *s, uint32_t x, uint32_t y, uint32_t w, uint32_t h,
	     uint32_t rgb)
{
	uint32_t v = native(s, rgb);
	unsigned bytes = s->bpp / 8;

	if (x >= s->width || y >= s->height)
		return;
	if (w > s->width - x)
		w = s->width - x;
	if (h > s->height - y)
		h = s->height - y;
	for (uint32_t j = y; j < y + h; j++) {
		uint8_t *row = s->base + (uint64_t)j * s->pitch + (uint64_t)x * bytes;
		for (uint32_t i = 0; i < w; i++)
			put_pixel(row + (uint64_t)i * bytes, v, bytes);
	}
}
