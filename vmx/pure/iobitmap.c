/* SPDX-License-Identifier: MIT */
/* VMX I/O bitmaps (SDM Vol. 3C 25.6.4, 26.1.3). Pure code. */
#include "vmx/pure/iobitmap.h"

static uint8_t *byte_of(const struct io_bitmaps *m, uint32_t port)
{
	uint8_t *map = port < IOBITMAP_PORTS_PER_MAP ? m->a : m->b;
	return &map[(port % IOBITMAP_PORTS_PER_MAP) / 8];
}

unsigned iobitmap_set_range(struct io_bitmaps *m, uint32_t first, uint32_t count, bool intercept)
{
	unsigned changed = 0;

	if (first >= IOBITMAP_NPORTS)
		return 0;
	if (count > IOBITMAP_NPORTS - first)
		count = IOBITMAP_NPORTS - first;
	for (uint32_t port = first; port < first + count; port++) {
		uint8_t *byte = byte_of(m, port);
		uint8_t bit = (uint8_t)(1u << (port % 8));
		uint8_t old = *byte;

		*byte = intercept ? (uint8_t)(old | bit) : (uint8_t)(old & ~bit);
		changed += *byte != old;
	}
	return changed;
}

void iobitmap_intercept_all(struct io_bitmaps *m)
{
	for (unsigned i = 0; i < IOBITMAP_BYTES; i++)
		m->a[i] = m->b[i] = 0xff;
}

bool iobitmap_port_intercepted(const struct io_bitmaps *m, uint16_t port)
{
	return *byte_of(m, port) & (1u << (port % 8));
}

bool iobitmap_access_exits(const struct io_bitmaps *m, uint16_t port, unsigned size)
{
	/* "If the I/O operation wraps around the 16-bit I/O-port space, a VM exit occurs." */
	if ((uint32_t)port + size > IOBITMAP_NPORTS)
		return true;
	for (unsigned i = 0; i < size; i++)
		if (iobitmap_port_intercepted(m, (uint16_t)(port + i)))
			return true;
	return false;
}
