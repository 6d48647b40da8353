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
#include "kernel/screen.h"

#define VGA_CRTC_INDEX          0x3d4   /* colour CRTC (I/O address select = 1) */
#define VGA_CRTC_DATA           0x3d5
#define VGA_CRTC_CURSOR_START   0x0a
#define VGA_CURSOR_DISABLE      0x20    /* cursor start register bit 5 */
#define TEXT_MAX_BYTES          (128 * 1024)    /* the legacy window 0xa0000-0xbffff */

static volatile uint16_t *vram;
static unsigned stride;         /* cells from one row to the next */

static void text_put(unsigned col, unsigned row, char c, uint8_t attr)
{
	unsigned char u = (unsigned char)c;

	if (u < 0x20 || u > 0x7e)
		u = '?';
	vram[row * stride + col] = (uint16_t)(u | attr << 8);
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
	return true;
}
