/* SPDX-License-Identifier: MIT */
/*
 * Framebuffer text renderer (pure/fbdraw.c) and the generated font: pixels
 * checked against the font bytes and the pixel format written out by hand,
 * so a renderer bug cannot hide behind the screen tests (which decode the
 * screen with this same renderer). Each buffer carries canary bytes around
 * and between the rows to catch writes outside the surface.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "lib/bits.h"
#include "pure/fbdraw.h"
#include "pure/font.h"

#define CANARY  0xcd
#define W       24      /* 3 cells */
#define H       32      /* 2 cells */
#define PITCH_PAD 12

static uint8_t mem[4096 * 4];

struct fmt {
	const char *name;
	uint8_t bpp, rpos, rsize, gpos, gsize, bpos, bsize;
};

static const struct fmt fmts[] = {
	{ "xrgb8888", 32, 16, 8, 8, 8, 0, 8 },
	{ "xbgr8888", 32, 0, 8, 8, 8, 16, 8 },
	{ "rgb888_bgr_bytes", 24, 16, 8, 8, 8, 0, 8 },
	{ "rgb888_rgb_bytes", 24, 0, 8, 8, 8, 16, 8 },
	{ "x1rgb555_in_32", 32, 10, 5, 5, 5, 0, 5 },
};

static struct fb_surface surface(const struct fmt *f, uint8_t *base)
{
	return (struct fb_surface){
		.base = base, .width = W, .height = H, .pitch = W * (f->bpp / 8) + PITCH_PAD,
		.bpp = f->bpp, .red_pos = f->rpos, .red_size = f->rsize, .green_pos = f->gpos,
		.green_size = f->gsize, .blue_pos = f->bpos, .blue_size = f->bsize,
	};
}

/* The pixel value for 0xRRGGBB in format f, computed without the renderer. */
static uint32_t expect_pixel(const struct fmt *f, uint32_t rgb)
{
	uint32_t r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	return (r >> (8 - f->rsize)) << f->rpos | (g >> (8 - f->gsize)) << f->gpos |
	       (b >> (8 - f->bsize)) << f->bpos;
}

static uint32_t read_pixel(const struct fb_surface *s, unsigned x, unsigned y)
{
	const uint8_t *p = s->base + y * s->pitch + x * (s->bpp / 8);
	uint32_t v = 0;
	for (unsigned i = 0; i < s->bpp / 8u; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void draws_cell_exactly(void **state)
{
	const struct fmt *f = *state;
	uint8_t *base = mem + 64;
	struct fb_surface s = surface(f, base);
	const uint8_t attr = VGA_ATTR(VGA_YELLOW, VGA_BLUE);
	const uint32_t fg = expect_pixel(f, 0xffff55), bg = expect_pixel(f, 0x0000aa);

	memset(mem, CANARY, sizeof(mem));
	assert_null(fb_surface_check(&s));
	assert_int_equal(fb_cols(&s), 3);
	assert_int_equal(fb_rows(&s), 2);
	fb_draw_cell(&s, 1, 1, 'A', attr);
	for (unsigned y = 0; y < H; y++)
		for (unsigned x = 0; x < W; x++) {
			bool in = x >= 8 && x < 16 && y >= 16;
			if (!in) {
				const uint8_t *p = base + y * s.pitch + x * (f->bpp / 8);
				for (unsigned i = 0; i < f->bpp / 8u; i++)
					assert_int_equal(p[i], CANARY);
				continue;
			}
			bool on = font8x16['A'][y - 16] & (0x80 >> (x - 8));
			assert_int_equal(read_pixel(&s, x, y), on ? fg : bg);
		}
	/* Nothing before the surface, in the row padding, or after it. */
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(mem[i], CANARY);
	for (unsigned y = 0; y < H; y++)
		for (unsigned i = W * (f->bpp / 8u); i < s.pitch; i++)
			assert_int_equal(base[y * s.pitch + i], CANARY);
	for (size_t i = 64 + (size_t)H * s.pitch; i < sizeof(mem); i++)
		assert_int_equal(mem[i], CANARY);
}

static void clips_outside_grid(void **state)
{
	const struct fmt *f = &fmts[0];
	struct fb_surface s = surface(f, mem);
	(void)state;

	/* 30 x 40 pixels: 3 x 2 whole cells; the partial column and row stay untouched. */
	s.width = 30;
	s.height = 40;
	s.pitch = 30 * 4;
	memset(mem, CANARY, sizeof(mem));
	fb_draw_cell(&s, 3, 0, 'X', 0x07);
	fb_draw_cell(&s, 0, 2, 'X', 0x07);
	fb_draw_cell(&s, 1000, 1000, 'X', 0x07);
	for (size_t i = 0; i < sizeof(mem); i++)
		assert_int_equal(mem[i], CANARY);
	fb_draw_cell(&s, 2, 1, 'X', 0x07);
	for (unsigned y = 0; y < 40; y++)
		for (unsigned x = 24; x < 30; x++)
			assert_int_equal(mem[y * s.pitch + x * 4], CANARY);
}

static void clear_fills_surface_only(void **state)
{
	const struct fmt *f = &fmts[2];
	struct fb_surface s = surface(f, mem);
	(void)state;

	memset(mem, CANARY, sizeof(mem));
	fb_clear(&s, VGA_ATTR(VGA_WHITE, VGA_RED));
	for (unsigned y = 0; y < H; y++) {
		for (unsigned x = 0; x < W; x++)
			assert_int_equal(read_pixel(&s, x, y), expect_pixel(f, 0xaa0000));
		for (unsigned i = W * 3; i < s.pitch; i++)
			assert_int_equal(mem[y * s.pitch + i], CANARY);
	}
	assert_int_equal(mem[H * s.pitch], CANARY);
}

/* A rectangle, clipped at the right and bottom edges; nothing else is written. */
static void fill_clips_to_surface(void **state)
{
	const struct fmt *f = &fmts[2];	/* 24 bpp: no aligned 32-bit stores */
	struct fb_surface s = surface(f, mem);
	(void)state;

	memset(mem, CANARY, sizeof(mem));
	fb_fill(&s, 20, 30, 100, 100, 0x00aa00);	/* 4 x 2 pixels remain */
	fb_fill(&s, W, 0, 5, 5, 0xffffff);		/* outside: nothing */
	fb_fill(&s, 0, H, 5, 5, 0xffffff);
	for (unsigned y = 0; y < H; y++) {
		for (unsigned x = 0; x < W; x++) {
			if (x >= 20 && y >= 30) {
				assert_int_equal(read_pixel(&s, x, y), expect_pixel(f, 0x00aa00));
				continue;
			}
			for (unsigned i = 0; i < 3; i++)
				assert_int_equal(mem[y * s.pitch + x * 3 + i], CANARY);
		}
		for (unsigned i = W * 3; i < s.pitch; i++)
			assert_int_equal(mem[y * s.pitch + i], CANARY);
	}
	for (size_t i = (size_t)H * s.pitch; i < sizeof(mem); i++)
		assert_int_equal(mem[i], CANARY);
}

static void rejects_bad_surfaces(void **state)
{
	const struct fmt *f = &fmts[0];
	struct fb_surface s;
	(void)state;

	s = surface(f, mem);
	s.bpp = 16;
	assert_non_null(fb_surface_check(&s));
	s = surface(f, mem);
	s.pitch = W * 4 - 1;
	assert_non_null(fb_surface_check(&s));
	s = surface(f, mem);
	s.height = FONT_HEIGHT - 1;
	assert_non_null(fb_surface_check(&s));
	s = surface(f, mem);
	s.red_pos = 30;
	assert_non_null(fb_surface_check(&s));
	s = surface(f, NULL);
	assert_non_null(fb_surface_check(&s));
}

static void font_ascii_and_fallback(void **state)
{
	unsigned lit = 0;
	(void)state;

	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		assert_int_equal(font8x16[' '][y], 0);
		lit += font8x16['#'][y] != 0;
	}
	assert_true(lit >= 4);
	assert_memory_equal(font_glyph('\x01'), font8x16['?'], FONT_HEIGHT);
	assert_memory_equal(font_glyph((char)0xe9), font8x16['?'], FONT_HEIGHT);
	assert_memory_not_equal(font8x16['O'], font8x16['0'], FONT_HEIGHT);
	assert_memory_not_equal(font8x16['l'], font8x16['1'], FONT_HEIGHT);
}

/* IBM VGA default DAC: 0xaa for "on", 0x55 for the intensity bit, brown's green halved. */
static void palette_is_vga(void **state)
{
	static const uint32_t vga[16] = {
		0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
		0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
	};
	(void)state;
	for (int i = 0; i < 16; i++)
		assert_int_equal(fb_vga_rgb((enum vga_color)i), vga[i]);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(fmts) + 6];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, fmts, draws_cell_exactly);
	tests[n++] = (struct CMUnitTest){ .name = "clips_outside_grid", .test_func = clips_outside_grid };
	tests[n++] = (struct CMUnitTest){ .name = "fill_clips_to_surface",
					  .test_func = fill_clips_to_surface };
	tests[n++] = (struct CMUnitTest){ .name = "clear_fills_surface_only",
					  .test_func = clear_fills_surface_only };
	tests[n++] = (struct CMUnitTest){ .name = "rejects_bad_surfaces",
					  .test_func = rejects_bad_surfaces };
	tests[n++] = (struct CMUnitTest){ .name = "font_ascii_and_fallback",
					  .test_func = font_ascii_and_fallback };
	tests[n++] = (struct CMUnitTest){ .name = "palette_is_vga", .test_func = palette_is_vga };
	return _cmocka_run_group_tests("fbdraw", tests, n, NULL, NULL);
}
