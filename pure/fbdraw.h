/* SPDX-License-Identifier: MIT */
/*
 * Text cells drawn into a linear RGB framebuffer: the pure half of the
 * screen console. It writes only inside the surface it is given (whole 8x16
 * cells within width x height, rows pitch bytes apart), so the same code
 * draws into the multiboot2 framebuffer in the kernel and into a memory
 * buffer in host tools (tools/fbscreen.c renders the expected screen with it).
 *
 * Colours are VGA text attributes (foreground in bits 3:0, background in
 * bits 7:4, blink off), the same byte the EGA text mode stores next to each
 * character, mapped to RGB through the standard 16-colour VGA palette.
 */
#ifndef PV_PURE_FBDRAW_H
#define PV_PURE_FBDRAW_H

#include <stdint.h>

enum vga_color {
	VGA_BLACK, VGA_BLUE, VGA_GREEN, VGA_CYAN, VGA_RED, VGA_MAGENTA, VGA_BROWN,
	VGA_LIGHT_GREY, VGA_DARK_GREY, VGA_LIGHT_BLUE, VGA_LIGHT_GREEN,
	VGA_LIGHT_CYAN, VGA_LIGHT_RED, VGA_LIGHT_MAGENTA, VGA_YELLOW, VGA_WHITE,
};

#define VGA_ATTR(fg, bg)        ((uint8_t)(((bg) << 4) | (fg)))

/* A linear framebuffer in memory (multiboot2 3.6.12, type 1 "direct RGB"). */
struct fb_surface {
	uint8_t *base;
	uint32_t width, height;         /* pixels */
	uint32_t pitch;                 /* bytes from one pixel row to the next */
	uint8_t bpp;                    /* 24 or 32 */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* NULL when the surface can be drawn on, else why not. */
const char *fb_surface_check(const struct fb_surface *s);
/* Text grid that fits: whole cells only. */
unsigned fb_cols(const struct fb_surface *s);
unsigned fb_rows(const struct fb_surface *s);
/* Palette entry as 0xRRGGBB. */
uint32_t fb_vga_rgb(enum vga_color c);
/* Fill every pixel of the surface with the background of attr. */
void fb_clear(const struct fb_surface *s, uint8_t attr);
/* Draw character c (non-ASCII shows as '?') in cell (col, row); cells outside the grid are ignored. */
void fb_draw_cell(const struct fb_surface *s, unsigned col, unsigned row, char c, uint8_t attr);
/* Fill the rectangle (x, y, w, h), clipped to the surface, with colour 0xRRGGBB. */
void fb_fill(const struct fb_surface *s, uint32_t x, uint32_t y, uint32_t w, uint32_t h,
	     uint32_t rgb);

#endif
