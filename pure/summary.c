/* SPDX-License-Identifier: MIT */
/* The QR summary line (pure/summary.h, docs/report.md). */
#include "pure/summary.h"
#include "lib/out.h"
#include "lib/string.h"

#define VALUE_MAX	256

struct line {
	char *buf;
	size_t len, cap;	/* cap: bytes the line may hold, without the NUL */
};

static size_t room(const struct line *l)
{
	return l->cap - l->len;
}

static void put(struct line *l, const char *s, size_t n)
{
	if (n > room(l))
		n = room(l);
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/*
 * A value as the line carries it: ';' (the field separator) becomes ',',
 * bytes outside printable ASCII become '?', runs of spaces one space,
 * leading and trailing spaces go (CPUID brand strings are padded).
 */
static size_t clean(char *dst, const char *s)
{
	size_t n = 0;

	for (; s && *s && n + 1 < VALUE_MAX; s++) {
		char c = *s;

		if (c == ';')
			c = ',';
		else if (c < 0x20 || c > 0x7e)
			c = '?';
		if (c == ' ' && (n == 0 || dst[n - 1] == ' '))
			continue;
		dst[n++] = c;
	}
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
	return n;
}

/* ";key=value", cut with "~" when it does not fit; left out when not even "~" fits. */
static void text_field(struct line *l, const char *key, const char *value)
{
	char v[VALUE_MAX];
	size_t n = clean(v, value), head = 2 + strlen(key);

	if (!n)
		return;
	if (l->len > 0 && head + n > room(l)) {
		if (head + 2 > room(l))
			return;
		n = room(l) - head - 1;
		v[n++] = '~';
	}
	put(l, ";", 1);
	puts_(l, key);
	put(l, "=", 1);
	put(l, v, n);
}

static unsigned digits(unsigned v)
{
	unsigned d = 1;

	while (v >= 10)
		v /= 10, d++;
	return d;
}

/*
 * ";key=a<sep>b<sep>c": the items in order while they fit with room left for
 * "+N" (N: the items left out); an item that does not fit ends the list
 * with "<sep>+N". Left out when not even ";key=+N" fits.
 */
static void list_field(struct line *l, const char *key, char sep,
		       void (*item)(const struct summary_in *in, unsigned i, char *buf, size_t n),
		       const struct summary_in *in, unsigned count)
{
	char v[VALUE_MAX], raw[VALUE_MAX];
	size_t head = 2 + strlen(key);

	if (!count || head + 1 + digits(count) > room(l))
		return;
	put(l, ";", 1);
	puts_(l, key);
	put(l, "=", 1);
	for (unsigned i = 0; i < count; i++) {
		size_t n, s = i > 0;

		item(in, i, raw, sizeof(raw));
		n = clean(v, raw);
		size_t need = s + n + (i + 1 < count ? 2 + digits(count - i - 1) : 0);

		if (need > room(l)) {
			char more[16];
			int k = snfmt(more, sizeof(more), "%s+%u", i ? (sep == ',' ? "," : " ") : "",
				      count - i);
			put(l, more, (size_t)k);
			return;
		}
		if (s)
			put(l, &sep, 1);
		put(l, v, n);
	}
}

/* Failed check i: "NAME:CPULIST". */
static void fail_item(const struct summary_in *in, unsigned i, char *buf, size_t n)
{
	snfmt(buf, n, "%s:%s", in->fail[i].name, in->fail[i].cpus);
}

/* The i-th KVM flag that is on. */
static void flag_item(const struct summary_in *in, unsigned i, char *buf, size_t n)
{
	for (unsigned k = 0; k < in->kvm->nr_enable; k++)
		if (in->kvm->enable[k].on && !i--) {
			snfmt(buf, n, "%s", in->kvm->enable[k].name);
			return;
		}
	buf[0] = '\0';
}

size_t summary_format(const struct summary_in *in, char *buf, size_t n)
{
	struct line l = { .buf = buf, .cap = n - 1 < SUMMARY_MAX ? n - 1 : SUMMARY_MAX };
	char tmp[VALUE_MAX];
	unsigned flags = 0;

	if (!n)
		return 0;
	buf[0] = '\0';
	puts_(&l, SUMMARY_PREFIX "s=");
	puts_(&l, in->status);
	if (in->listed) {
		snfmt(tmp, sizeof(tmp), "%u/%u", in->tested, in->listed);
		text_field(&l, "n", tmp);
	}
	if (in->hv) {
		snfmt(tmp, sizeof(tmp), "%s:%s", in->hv, in->hv_state ? in->hv_state : "");
		text_field(&l, "hv", tmp);
	}
	if (in->kvm)
		text_field(&l, "k", in->kvm->loads ? "y" : "n");
	text_field(&l, "x", in->crashed);
	list_field(&l, "f", ' ', fail_item, in,
		   in->nfail < SUMMARY_MAX_FAILS ? in->nfail : SUMMARY_MAX_FAILS);
	if ((in->sys_vendor && in->sys_vendor[0]) || (in->sys_product && in->sys_product[0]) ||
	    (in->sys_serial && in->sys_serial[0])) {
		const char *part[] = { in->sys_vendor, in->sys_product, in->sys_serial };
		char v[VALUE_MAX];
		size_t k = 0;

		/* Each part cleaned on its own, joined by "/". */
		for (unsigned i = 0; i < 3; i++) {
			size_t m = clean(v, part[i]);

			if (i && k + 1 < sizeof(tmp))
				tmp[k++] = '/';
			if (m > sizeof(tmp) - 1 - k)
				m = sizeof(tmp) - 1 - k;
			memcpy(tmp + k, v, m);
			k += m;
		}
		tmp[k] = '\0';
		text_field(&l, "m", tmp);
	}
	if (in->vendor && in->vendor[0]) {
		snfmt(tmp, sizeof(tmp), "%s %u/%u/%u", in->vendor, in->family, in->model,
		      in->stepping);
		text_field(&l, "c", tmp);
	}
	text_field(&l, "b", in->brand);
	for (unsigned i = 0; in->kvm && in->kvm->loads && i < in->kvm->nr_enable; i++)
		flags += in->kvm->enable[i].on;
	list_field(&l, "kf", ',', flag_item, in, flags);
	return l.len;
}
