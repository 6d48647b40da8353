/* SPDX-License-Identifier: MIT */
/*
 * MADT parser (ACPI 6.5 section 5.2.12): local APIC address, processor local
 * APIC (type 0) and local x2APIC (type 9) entries. Pure code.
 */
#include <stdint.h>
#include "pure/madt.h"
#include "lib/string.h"

#define XAPIC_ID_INVALID        0xffu           /* 5.2.12.2: not a usable APIC ID */
#define X2APIC_ID_INVALID       0xffffffffu     /* broadcast, never a CPU */

static bool listed(const struct madt_cpu *list, unsigned n, uint32_t apic_id)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i].apic_id == apic_id)
			return true;
	return false;
}

static void add_cpu(struct madt_info *mi, uint8_t type, uint32_t apic_id,
		    uint32_t uid, uint32_t flags, size_t off, struct out *log)
{
	bool enabled = flags & ACPI_MADT_ENABLED;
	bool oc = !enabled && (flags & ACPI_MADT_ONLINE_CAPABLE) &&
		  mi->revision >= ACPI_MADT_REV_ONLINE_CAPABLE;
	struct madt_cpu *list = enabled ? mi->cpus : mi->online_capable;
	unsigned *n = enabled ? &mi->ncpus : &mi->n_online_capable;

	if ((type == ACPI_MADT_TYPE_LOCAL_APIC && apic_id == XAPIC_ID_INVALID) ||
	    apic_id == X2APIC_ID_INVALID) {
		oprintf(log, "madt: type %u entry at offset %zu has invalid APIC ID 0x%x, ignored\n",
			type, off, apic_id);
		mi->n_ignored++;
		return;
	}
	if (!enabled && !oc) {
		mi->n_disabled++;
		return;
	}
	if (listed(mi->cpus, mi->ncpus, apic_id) ||
	    listed(mi->online_capable, mi->n_online_capable, apic_id)) {
		oprintf(log, "madt: APIC ID %u listed again (type %u entry at offset %zu), ignored\n",
			apic_id, type, off);
		mi->n_duplicates++;
		return;
	}
	if (*n >= mi->cap) {
		mi->n_overflow++;
		return;
	}
	list[*n] = (struct madt_cpu){
		.apic_id = apic_id, .uid = uid, .type = type,
		.enabled = enabled, .online_capable = oc,
	};
	(*n)++;
	if (apic_id >= XAPIC_ID_INVALID)
		mi->needs_x2apic = true;
}

static void set_override(struct madt_info *mi, uint64_t addr, size_t off,
			 struct out *log)
{
	if (mi->has_override) {
		oprintf(log, "madt: second LAPIC address override (0x%llx at offset %zu) ignored\n",
			(unsigned long long)addr, off);
		return;
	}
	if (addr == 0) {
		oprintf(log, "madt: LAPIC address override of 0 ignored\n");
		return;
	}
	mi->has_override = true;
	mi->lapic_override = addr;
}

/* Minimum length of the entry types read here; 0: not read. */
static size_t entry_min_len(uint8_t type)
{
	switch (type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		return sizeof(struct acpi_madt_local_apic);
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		return sizeof(struct acpi_madt_lapic_override);
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		return sizeof(struct acpi_madt_local_x2apic);
	default:
		return 0;
	}
}

void madt_set_storage(struct madt_info *mi, struct madt_cpu *buf, unsigned cap)
{
	mi->cpus = buf;
	mi->online_capable = buf ? buf + cap : NULL;
	mi->cap = buf ? cap : 0;
}

unsigned madt_cpus_max(size_t len)
{
	return len > sizeof(struct acpi_madt) ?
	       (unsigned)((len - sizeof(struct acpi_madt)) / MADT_MIN_CPU_ENTRY) : 0;
}

int madt_parse(const void *madt, size_t len, struct madt_info *mi, struct out *log)
{
	const struct acpi_madt *m = madt;
	const uint8_t *p = madt;
	struct madt_cpu *buf = mi->cpus;
	unsigned cap = mi->cap;
	size_t end, off;

	memset(mi, 0, sizeof(*mi));
	madt_set_storage(mi, buf, cap);
	if (len < sizeof(*m)) {
		oprintf(log, "madt: only %zu bytes, the header alone is %zu\n",
			len, sizeof(*m));
		return -1;
	}
	end = m->h.length;
	if (end < sizeof(*m) || end > len) {
		oprintf(log, "madt: bad length %zu (%zu bytes available)\n", end, len);
		return -1;
	}
	mi->revision = m->h.revision;
	mi->flags = m->flags;
	mi->lapic_addr32 = m->lapic_address;

	for (off = sizeof(*m); off < end; off += p[off + 1]) {
		const struct acpi_madt_entry *e = (const void *)(p + off);
		size_t need;

		if (end - off < sizeof(*e)) {
			oprintf(log, "madt: truncated entry at offset %zu\n", off);
			return -1;
		}
		if (e->length < sizeof(*e) || e->length > end - off) {
			oprintf(log, "madt: type %u entry at offset %zu has bad length %u (table ends at %zu)\n",
				e->type, off, e->length, end);
			return -1;
		}
		need = entry_min_len(e->type);
		if (e->length < need) {
			oprintf(log, "madt: type %u entry at offset %zu has length %u, needs %zu\n",
				e->type, off, e->length, need);
			return -1;
		}
		switch (e->type) {
		case ACPI_MADT_TYPE_LOCAL_APIC: {
			const struct acpi_madt_local_apic *la = (const void *)e;
			add_cpu(mi, e->type, la->apic_id, la->processor_uid,
				la->flags, off, log);
			break;
		}
		case ACPI_MADT_TYPE_LOCAL_X2APIC: {
			const struct acpi_madt_local_x2apic *x = (const void *)e;
			add_cpu(mi, e->type, x->x2apic_id, x->processor_uid,
				x->flags, off, log);
			break;
		}
		case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE: {
			const struct acpi_madt_lapic_override *o = (const void *)e;
			set_override(mi, o->address, off, log);
			break;
		}
		default:
			mi->n_other++;
			break;
		}
	}
	mi->lapic_addr = mi->has_override ? mi->lapic_override : mi->lapic_addr32;
	if (mi->n_overflow)
		oprintf(log, "madt: more than %u CPUs in a list (the storage given), %u ignored\n",
			mi->cap, mi->n_overflow);
	return 0;
}

static void print_ids(struct out *o, const char *what, const struct madt_cpu *c,
		      unsigned n)
{
	oprintf(o, "madt: %u %s:", n, what);
	for (unsigned i = 0; i < n; i++) {
		unsigned k = i;

		/* Four or more consecutive IDs as first-last: 8192 CPUs stay one short line. */
		while (k + 1 < n && c[k + 1].apic_id == c[k].apic_id + 1)
			k++;
		if (k - i >= 3) {
			oprintf(o, " %u-%u", c[i].apic_id, c[k].apic_id);
			i = k;
		} else {
			oprintf(o, " %u", c[i].apic_id);
		}
	}
	oprintf(o, "\n");
}

void madt_print(const struct madt_info *mi, struct out *o)
{
	oprintf(o, "madt: rev %u, LAPIC 0x%llx (header 0x%x", mi->revision,
		(unsigned long long)mi->lapic_addr, mi->lapic_addr32);
	if (mi->has_override)
		oprintf(o, ", override 0x%llx", (unsigned long long)mi->lapic_override);
	oprintf(o, "), flags 0x%x%s\n", mi->flags,
		mi->flags & ACPI_MADT_PCAT_COMPAT ? " PCAT_COMPAT" : "");
	print_ids(o, "CPUs enabled, APIC IDs", mi->cpus, mi->ncpus);
	if (mi->n_online_capable)
		print_ids(o, "online-capable, APIC IDs", mi->online_capable,
			  mi->n_online_capable);
	if (mi->n_disabled || mi->n_duplicates || mi->n_ignored || mi->n_overflow)
		oprintf(o, "madt: skipped %u disabled, %u duplicate, %u invalid, %u over the limit\n",
			mi->n_disabled, mi->n_duplicates, mi->n_ignored,
			mi->n_overflow);
}
