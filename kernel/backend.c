/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "lib/out.h"

const struct backend *hv;

const char *const hv_state_names[] = {
	[HV_NOT_TRIED] = "not-tried",
	[HV_ON] = "on",
	[HV_UNSUPPORTED] = "unsupported",
	[HV_DISABLED_BY_FIRMWARE] = "disabled-by-firmware",
	[HV_INCOMPATIBLE] = "incompatible",
	[HV_ERROR] = "error",
};

const char *const guest_state_names[] = {
	[GUEST_NOT_RUN] = "not-run",
	[GUEST_DONE] = "done",
	[GUEST_FAILED] = "failed",
};

void hv_fail(struct percpu *p, enum hv_state st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnfmt(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	p->hv = st;
	pr_err("%s: %s\n", hv->key, p->error);
}
