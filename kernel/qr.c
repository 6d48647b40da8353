/* SPDX-License-Identifier: MIT */
/*
 * QR encoding through Debian's libqrcodegen.a (libqrcodegen-dev), linked
 * into the kernel unchanged. That archive was built for a hosted Linux
 * program, so it expects what the kernel does not otherwise give, and this
 * file gives it:
 *  - memset, memcpy, memmove, strlen: lib/string.c; strchr: below;
 *  - __memset_chk (_FORTIFY_SOURCE), __assert_fail: a panic that names the
 *    failure; __stack_chk_fail: a panic;
 *  - the stack protector reads its canary at %fs:0x28: the kernel does not
 *    use FS, so IA32_FS_BASE points at a canary block for the duration of
 *    the call and is restored afterwards;
 *  - SSE: the kernel runs with CR4.OSFXSR clear (and builds with -mno-sse),
 *    so an SSE instruction would raise #UD. Only qrcodegen_encodeBinary()
 *    and qrcodegen_getModule() are called; the build checks with objdump that
 *    nothing they reach touches an XMM register (tools/check-qrcodegen.py).
 */
#include <stddef.h>
#include <qrcodegen.h>
#include "arch/x86/cpu.h"
#include "arch/x86/msr-index.h"
#include "kernel/panic.h"
#include "kernel/qr.h"
#include "lib/string.h"

_Static_assert(QR_BUF_LEN == qrcodegen_BUFFER_LEN_FOR_VERSION(QR_VERSION_MAX),
	       "struct qr holds one symbol of the largest version");

#define STACK_CANARY_OFFSET	0x28	/* where glibc's x86-64 TCB keeps it */

/* What the library calls besides lib/string.c (prototypes: glibc's, not in any kernel header). */
char *strchr(const char *s, int c);
void *__memset_chk(void *dst, int c, size_t n, size_t dst_len);
void __assert_fail(const char *expr, const char *file, unsigned line, const char *func);
void __stack_chk_fail(void);

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

void *__memset_chk(void *dst, int c, size_t n, size_t dst_len)
{
	if (n > dst_len)
		panic("qrcodegen: memset of %zu bytes into %zu", n, dst_len);
	return memset(dst, c, n);
}

void __assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
	panic("qrcodegen: assertion %s failed in %s (%s:%u)", expr, func, file, line);
}

void __stack_chk_fail(void)
{
	panic("qrcodegen: stack protector canary overwritten");
}

static struct {
	uint8_t below[STACK_CANARY_OFFSET];
	uint64_t canary;
} __attribute__((aligned(64))) tcb;

bool qr_encode(const char *text, struct qr *q)
{
	static uint8_t temp[QR_BUF_LEN];
	size_t n = strlen(text);
	uint64_t fs = rdmsr(MSR_FS_BASE);
	bool ok;

	q->size = q->version = 0;
	if (n > sizeof(temp))
		return false;
	memcpy(temp, text, n);
	tcb.canary = rdtsc() | 0x100;	/* any value that is not all zero bytes */
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)&tcb);
	ok = qrcodegen_encodeBinary(temp, n, q->buf, qrcodegen_Ecc_LOW, qrcodegen_VERSION_MIN,
				    QR_VERSION_MAX, qrcodegen_Mask_AUTO, true);
	wrmsr(MSR_FS_BASE, fs);
	if (!ok)
		return false;
	q->size = (unsigned)qrcodegen_getSize(q->buf);
	q->version = (q->size - 17) / 4;
	return true;
}

bool qr_dark(const struct qr *q, int x, int y)
{
	return q->size && qrcodegen_getModule(q->buf, x, y);
}
