/* SPDX-License-Identifier: MIT */
/*
 * fbscreen: read a screenshot of the framebuffer console back as text, with
 * the kernel's own font and renderer (pure/fbdraw.c). Each 8x16 cell of the
 * image is compared, pixel for pixel, with what fb_draw_cell() draws for
 * every printable character in the cell's two colours; a cell decodes only
 * on an exact match. So a row that decodes to the expected text is exactly
 * the expected pixels (tests/screen/run.sh), and a broken console, font or
 * palette shows as undecodable cells.
 *
 *   build/tools/fbscreen FILE.ppm [RIGHT]   (binary PPM, "P6", maxval 255)
 *
 * RIGHT: leave out the rightmost RIGHT text columns (where the final screen
 * draws its QR code); the first line still gives the whole grid.
 *
 * Output: "cols rows" then one line per text row: the row number, the row's
 * VGA attribute in hex ("--" when the cells differ), '|', the text. A cell
 * that matches no character prints as U+FFFD. Blank cells count only their
 * background towards the row's attribute.
 * Exit status: 0 ok, 1 unreadable image, 2 usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pure/fbdraw.h"
#include "pure/font.h"

#define CELL_BYTES      (FONT_WIDTH * FONT_HEIGHT * 3)
#define UNKNOWN         "\xef\xbf\xbd"  /* U+FFFD in UTF-8 */

struct image {
	uint32_t w, h;
	uint8_t *px;            /* R, G, B per pixel, rows w * 3 bytes apart */
};

static int read_ppm(const char *path, struct image *im)
{
	FILE *f = fopen(path, "rb");
	unsigned w, h, maxval;

	if (!f)
		return -1;
	if (fscanf(f, "P6 %u %u %u", &w, &h, &maxval) != 3 || maxval != 255 || fgetc(f) == EOF ||
	    w == 0 || h == 0 || w > 16384 || h > 16384) {
		fclose(f);
		return -1;
	}
	im->w = w;
	im->h = h;
	im->px = malloc((size_t)w * h * 3);
	if (!im->px || fread(im->px, 3, (size_t)w * h, f) != (size_t)w * h) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* A one-cell surface laid out like the PPM: bytes R, G, B = bits 7:0, 15:8, 23:16. */
static void render(uint8_t *buf, char c, uint8_t attr)
{
	struct fb_surface s = {
		.base = buf, .width = FONT_WIDTH, .height = FONT_HEIGHT, .pitch = FONT_WIDTH * 3,
		.bpp = 24, .red_pos = 0, .red_size = 8, .green_pos = 8, .green_size = 8,
		.blue_pos = 16, .blue_size = 8,
	};
	fb_draw_cell(&s, 0, 0, c, attr);
}

static int palette_index(const uint8_t *p)
{
	uint32_t rgb = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	for (int i = 0; i < 16; i++)
		if (fb_vga_rgb((enum vga_color)i) == rgb)
			return i;
	return -1;
}

/* Decode cell (col, row): the character, or 0; *attr its colours (blank: background only). */
static char decode(const struct image *im, unsigned col, unsigned row, int *attr, int *blank)
{
	uint8_t cellpx[CELL_BYTES], want[CELL_BYTES];
	int colour[2] = { -1, -1 };

	for (unsigned y = 0; y < FONT_HEIGHT; y++)
		memcpy(cellpx + y * FONT_WIDTH * 3,
		       im->px + ((size_t)(row * FONT_HEIGHT + y) * im->w + col * FONT_WIDTH) * 3,
		       FONT_WIDTH * 3);
	for (unsigned i = 0; i < CELL_BYTES; i += 3) {
		int k = palette_index(cellpx + i);
		if (k < 0)
			return 0;
		if (colour[0] < 0 || colour[0] == k)
			colour[0] = k;
		else if (colour[1] < 0 || colour[1] == k)
			colour[1] = k;
		else
			return 0;       /* three colours: not a text cell */
	}
	*blank = colour[1] < 0;
	for (int order = 0; order < 2; order++) {
		int fg = colour[order ^ 1] < 0 ? colour[0] : colour[order ^ 1];
		int bg = colour[order] < 0 ? colour[0] : colour[order];
		uint8_t a = VGA_ATTR(fg, bg);
		for (int c = 0x20; c < 0x7f; c++) {
			render(want, (char)c, a);
			if (!memcmp(want, cellpx, CELL_BYTES)) {
				*attr = a;
				return (char)c;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct image im;

	unsigned right = 0;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s FILE.ppm [RIGHT]\n", argv[0]);
		return 2;
	}
	if (argc == 3)
		right = (unsigned)strtoul(argv[2], NULL, 10);
	if (read_ppm(argv[1], &im) < 0) {
		fprintf(stderr, "fbscreen: %s: not a readable P6 PPM image\n", argv[1]);
		return 1;
	}
	unsigned cols = im.w / FONT_WIDTH, rows = im.h / FONT_HEIGHT;
	printf("%u %u\n", cols, rows);
	for (unsigned r = 0; r < rows; r++) {
		char text[16384 / FONT_WIDTH * 3 + 1];
		size_t n = 0;
		int row_attr = -1, row_bg = -1, uniform = 1;

		for (unsigned c = 0; c + right < cols; c++) {
			int a = 0, blank = 0;
			char ch = decode(&im, c, r, &a, &blank);
			if (!ch) {
				memcpy(text + n, UNKNOWN, 3);
				n += 3;
				uniform = 0;
				continue;
			}
			text[n++] = ch;
			if (row_bg < 0)
				row_bg = a >> 4;
			if ((a >> 4) != row_bg)
				uniform = 0;
			if (!blank) {
				if (row_attr < 0)
					row_attr = a;
				else if (a != row_attr)
					uniform = 0;
			}
		}
		text[n] = '\0';
		if (row_attr < 0)
			row_attr = row_bg << 4 | VGA_LIGHT_GREY;
		if (uniform)
			printf("%u %02x|%s\n", r, row_attr, text);
		else
			printf("%u --|%s\n", r, text);
	}
	free(im.px);
	return 0;
}
