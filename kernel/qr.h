/* SPDX-License-Identifier: MIT */
/*
 * QR codes for the final screen, encoded by Nayuki's QR Code generator as
 * Debian's libqrcodegen-dev ships it (a static library, linked as it is:
 * kernel/qr.c gives it the C runtime it expects; docs/console.md says how).
 */
#ifndef PV_KERNEL_QR_H
#define PV_KERNEL_QR_H

#include <stdbool.h>
#include <stdint.h>

#define QR_VERSION_MAX		7	/* the summary's limit (pure/summary.h) */
#define QR_SIZE_MAX		(QR_VERSION_MAX * 4 + 17)
#define QR_BUF_LEN		((QR_SIZE_MAX * QR_SIZE_MAX + 7) / 8 + 1)

struct qr {
	unsigned size;			/* modules per side, 0 when nothing was encoded */
	unsigned version;
	uint8_t buf[QR_BUF_LEN];	/* the library's qrcode array */
};

/* Byte mode, error correction L (raised when the version allows); false if it does not fit. */
bool qr_encode(const char *text, struct qr *q);
/* True for a dark module; outside the symbol (the quiet zone) false. */
bool qr_dark(const struct qr *q, int x, int y);

#endif
