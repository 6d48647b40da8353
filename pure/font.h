/* SPDX-License-Identifier: MIT */
/*
 * The screen console's bitmap font: 8x16 cells, one byte per pixel row,
 * bit 7 = leftmost pixel (the VGA character generator's layout). The array is
 * generated at build time from a PSF console font (tools/psf2c.py,
 * docs/console.md); only ASCII is kept, other codes draw as '?'.
 * Pure data: linked into the kernel and the host tools alike.
 */
#ifndef PV_PURE_FONT_H
#define PV_PURE_FONT_H

#include <stdint.h>

#define FONT_WIDTH      8
#define FONT_HEIGHT     16
#define FONT_GLYPHS     128

extern const uint8_t font8x16[FONT_GLYPHS][FONT_HEIGHT];

static inline const uint8_t *font_glyph(char c)
{
	unsigned char u = (unsigned char)c;
	return font8x16[u < FONT_GLYPHS ? u : '?'];
}

#endif
