/* SPDX-License-Identifier: MIT */
/*
 * The screen console (docs/console.md): a text grid mirroring every console
 * line on the display GRUB handed over, either a linear RGB framebuffer
 * (kernel/fbcon.c) or the EGA text mode (kernel/vgatext.c). Lines scroll in
 * the log area; at the end screen_final() pins the verdict and one short line
 * per CPU to the bottom rows, and the huge PICOVISOR-REPORT line is shown as
 * a one-line note (the serial console keeps it whole).
 */
#ifndef PV_KERNEL_SCREEN_H
#define PV_KERNEL_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include "pure/fbdraw.h"

struct mb2_framebuffer;
struct qr;

/* A display that shows a grid of character cells. */
struct screen_backend {
	const char *name;
	unsigned cols, rows;
	void (*put)(unsigned col, unsigned row, char c, uint8_t attr);
	/* Columns a QR code of `modules` needs with its quiet zone at the right edge, 0: cannot. */
	unsigned (*qr_cols)(unsigned modules);
	/* Draw it in columns [col0, cols), every row. */
	void (*qr_draw)(unsigned col0, const struct qr *q);
};

#define SCREEN_MAX_COLS         240     /* 1920 pixels of 8 */
#define SCREEN_MAX_ROWS         90      /* 1440 pixels of 16 */
#define SCREEN_LINE_MAX         256     /* one pinned line, bytes */
#define SCREEN_MIN_TEXT_COLS    28      /* a QR code leaves at least this many for text */

/* Colours (VGA attributes) of the log and of the pinned status area. */
#define ATTR_LOG                VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK)
#define ATTR_LOG_WARN           VGA_ATTR(VGA_YELLOW, VGA_BLACK)
#define ATTR_LOG_ERROR          VGA_ATTR(VGA_LIGHT_RED, VGA_BLACK)
#define ATTR_PANIC              VGA_ATTR(VGA_WHITE, VGA_RED)
#define ATTR_PASS               VGA_ATTR(VGA_BLACK, VGA_GREEN)
#define ATTR_FAIL               VGA_ATTR(VGA_WHITE, VGA_RED)
#define ATTR_UNSUPPORTED        VGA_ATTR(VGA_BLACK, VGA_BROWN)
#define ATTR_CPU                VGA_ATTR(VGA_WHITE, VGA_BLUE)

/* Use the boot loader's display, if there is a usable one, as a console sink. */
void screen_init(const struct mb2_framebuffer *fb);
/* Backend constructors: fill *b, or print why not and return false. */
bool fbcon_probe(const struct mb2_framebuffer *fb, struct screen_backend *b);
bool vgatext_probe(const struct mb2_framebuffer *fb, struct screen_backend *b);

bool screen_active(void);
/* Columns for text: all of them, or those left of the QR code. */
unsigned screen_cols(void);
unsigned screen_rows(void);
/* The last verdict line ("picovisor: PASS..."), "" if none was printed yet. */
const char *screen_verdict(void);
/*
 * Show n lines (each cut to the width) in the bottom n rows; the log scrolls above them.
 * cell_attrs (or its line i) NULL: line i in attrs[i]; else cell c of line i in
 * cell_attrs[i][c] (the line's own characters; its blank rest in attrs[i]).
 */
void screen_pin(const char *const *lines, const uint8_t *attrs, const uint8_t *const *cell_attrs,
		unsigned n);
/*
 * Draw the QR code at the right edge, top to bottom, once; the text (log and
 * pinned rows) keeps to the columns left of it. Returns the columns it took,
 * 0 when the backend cannot show it or too little room would be left.
 */
unsigned screen_qr(const struct qr *q);

#endif
