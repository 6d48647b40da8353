/* SPDX-License-Identifier: MIT */
/*
 * VMX I/O bitmaps (SDM Vol. 3C 25.6.4, 26.1.3): bitmap A covers ports
 * 0x0000-0x7FFF, bitmap B 0x8000-0xFFFF, one bit per port, 4 KiB each. A
 * set bit makes IN/OUT/INS/OUTS touching that port exit. An access exits if
 * any port it touches has its bit set, and always when it wraps past 0xFFFF.
 * Pure code: the caller supplies the two pages.
 */
#ifndef PV_VMX_IOBITMAP_H
#define PV_VMX_IOBITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define IOBITMAP_BYTES		4096
#define IOBITMAP_PORTS_PER_MAP	0x8000U
#define IOBITMAP_NPORTS		0x10000U

struct io_bitmaps {
	uint8_t *a;	/* ports 0x0000-0x7FFF */
	uint8_t *b;	/* ports 0x8000-0xFFFF */
};

/* Mark [first, first + count) as exiting (intercept) or passed through. Ranges
 * beyond 0xFFFF are clipped; returns the number of ports changed. */
unsigned iobitmap_set_range(struct io_bitmaps *m, uint32_t first, uint32_t count, bool intercept);
/* Every port exits: the same as "unconditional I/O exiting". */
void iobitmap_intercept_all(struct io_bitmaps *m);
bool iobitmap_port_intercepted(const struct io_bitmaps *m, uint16_t port);
/* Whether an access of `size` bytes (1, 2, 4) at port exits (SDM 26.1.3). */
bool iobitmap_access_exits(const struct io_bitmaps *m, uint16_t port, unsigned size);

#endif
