/* SPDX-License-Identifier: MIT */
/*
 * Screen backend for the EGA/VGA text mode GRUB leaves under BIOS
 * (multiboot2 framebuffer type 2: width x height characters, normally 80x25
 * at 0xb8000). Each cell is two bytes: the character (code page 437, which
 * equals ASCII for 0x20-0x7e) then its attribute (foreground bits 3:0,
 * background bits 6:4, blink or bright background bit 7).
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "pure/mb2.h"
#include "kernel/qr.h"
#include "kernel/screen.h"

#define VGA_CRTC_INDEX          0x3d4   /* colour CRTC (I/O address select = 1) */
#define VGA_CRTC_DATA           0x3d5
#define VGA_CRTC_CURSOR_START   0x0a
#define VGA_CURSOR_DISABLE      0x20    /* cursor start register bit 5 */
#define TEXT_MAX_BYTES          (128 * 1024)    /* the legacy window 0xa0000-0xbffff */
/*
 * A QR code in text mode: one module per column and two per row, drawn with
 * code page 437's block characters (the VGA repeats column 8 of 0xc0-0xdf
 * into the ninth, so blocks touch). Light modules are the white blocks,
 * dark ones the black background, so a character cell is about 9x8 pixels
 * of two modules. The quiet zone is 2 modules wide (the standard asks 4;
 * the 25 rows hold a version 7 symbol, 45 modules, with 2 on each side).
 */
#define CP437_FULL_BLOCK        0xdb
#define CP437_LOWER_HALF        0xdc
#define CP437_UPPER_HALF        0xdf
#define QR_TEXT_QUIET           2
#define QR_TEXT_ATTR            0x0f            /* white on black */

static volatile uint16_t *vram;
static unsigned stride;         /* cells from one row to the next */

static void text_put(unsigned col, unsigned row, char c, uint8_t attr)
{
	unsigned char u = (unsigned char)c;

	if (u < 0x20 || u > 0x7e)
		u = '?';
	vram[row * stride + col] = (uint16_t)(u | attr << 8);
}

static unsigned cols, rows;

static unsigned text_qr_cols(unsigned modules)
{
	unsigned side = modules + 2 * QR_TEXT_QUIET;

	return side <= 2 * rows ? side : 0;
}

static bool light(const struct qr *q, unsigned col, unsigned mrow)
{
	return !qr_dark(q, (int)col - QR_TEXT_QUIET, (int)mrow - QR_TEXT_QUIET);
}

static void text_qr_draw(unsigned col0, const struct qr *q)
{
	for (unsigned r = 0; r < rows; r++)
		for (unsigned c = col0; c < cols && c - col0 < q->size + 2 * QR_TEXT_QUIET; c++) {
			bool top = light(q, c - col0, 2 * r), bottom = light(q, c - col0, 2 * r + 1);
			uint8_t ch = top && bottom ? CP437_FULL_BLOCK : top ? CP437_UPPER_HALF
				     : bottom ? CP437_LOWER_HALF : ' ';

			vram[r * stride + c] = (uint16_t)(ch | QR_TEXT_ATTR << 8);
		}
}

bool vgatext_probe(const struct mb2_framebuffer *fb, struct screen_backend *b)
{
	if (!fb->addr || fb->width == 0 || fb->height == 0 || fb->pitch < fb->width * 2 ||
	    (uint64_t)fb->pitch * fb->height > TEXT_MAX_BYTES || fb->addr >= (1ULL << 32)) {
		kprintf("screen: EGA text %ux%u at 0x%llx (pitch %u) unusable\n", fb->width,
			fb->height, (unsigned long long)fb->addr, fb->pitch);
		return false;
	}
	vram = (volatile uint16_t *)(uintptr_t)fb->addr;
	stride = fb->pitch / 2;
	for (unsigned r = 0; r < fb->height; r++)
		for (unsigned c = 0; c < fb->width; c++)
			vram[r * stride + c] = (uint16_t)(' ' | ATTR_LOG << 8);
	/* The blinking hardware cursor would sit wherever GRUB left it. */
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_START);
	outb(VGA_CRTC_DATA, VGA_CURSOR_DISABLE);
	b->name = "EGA text mode";
	b->cols = fb->width;
	b->rows = fb->height;
	b->put = text_put;
	b->qr_cols = text_qr_cols;
	b->qr_draw = text_qr_draw;
	cols = fb->width;
	rows = fb->height;
	return true;
}
