/* SPDX-License-Identifier: MIT */
/*
 * The multiboot2 parser's private state, shared by pure/mb2.c (the tag walk)
 * and pure/mb2_mmap.c (the memory map tags). Not for other users.
 */
#ifndef PV_PURE_MB2_PARSER_H
#define PV_PURE_MB2_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/mb2.h"

#define U64(x) ((unsigned long long)(x))

struct mb2_parser {
	const uint8_t *base;
	uint32_t total;
	struct mb2_info *mi;
	struct out *log;
	size_t mmap_off, efi_mmap_off;  /* 0: tag absent */
	uint32_t mmap_size, efi_mmap_size;
};

/* A recoverable problem: counted in mi->warnings, printed to log. */
__attribute__((format(printf, 2, 3)))
void mb2_warn(struct mb2_parser *p, const char *fmt, ...);

/* Tag 6 (3.6.8) and tag 17 (3.6.13) into mi->mmap; false when the map is unusable. */
bool mb2_parse_bios_mmap(struct mb2_parser *p);
bool mb2_parse_efi_mmap(struct mb2_parser *p);

#endif
