/* SPDX-License-Identifier: MIT */
/* SRAT parser (ACPI 6.5 section 5.2.16): CPU proximity domains. Pure code. */
#include "pure/srat.h"
#include "lib/string.h"

void srat_set_storage(struct srat_info *si, struct srat_cpu *buf, unsigned cap)
{
	si->cpus = buf;
	si->cap = buf ? cap : 0;
}

unsigned srat_cpus_max(size_t len)
{
	return len > sizeof(struct acpi_srat) ?
	       (unsigned)((len - sizeof(struct acpi_srat)) / SRAT_MIN_CPU_ENTRY) : 0;
}

static void add_cpu(struct srat_info *si, uint32_t apic_id, uint32_t domain, uint32_t flags)
{
	uint32_t node = si->nodes;

	if (!(flags & ACPI_SRAT_ENABLED)) {
		si->n_disabled++;
		return;
	}
	if (si->ncpus >= si->cap) {
		si->n_overflow++;
		return;
	}
	for (unsigned i = 0; i < si->ncpus; i++)
		if (si->cpus[i].domain == domain) {
			node = si->cpus[i].node;
			break;
		}
	if (node == si->nodes)
		si->nodes++;
	si->cpus[si->ncpus++] = (struct srat_cpu){ apic_id, domain, node };
}

static size_t entry_min_len(uint8_t type)
{
	switch (type) {
	case ACPI_SRAT_TYPE_CPU_AFFINITY:
		return sizeof(struct acpi_srat_cpu_affinity);
	case ACPI_SRAT_TYPE_MEMORY_AFFINITY:
		return sizeof(struct acpi_srat_mem_affinity);
	case ACPI_SRAT_TYPE_X2APIC_AFFINITY:
		return sizeof(struct acpi_srat_x2apic_affinity);
	default:
		return 2;
	}
}

int srat_parse(const void *srat, size_t len, struct srat_info *si, struct out *log)
{
	const struct acpi_srat *t = srat;
	const uint8_t *p = srat;
	struct srat_cpu *buf = si->cpus;
	unsigned cap = si->cap;
	size_t end, off;

	memset(si, 0, sizeof(*si));
	srat_set_storage(si, buf, cap);
	if (len < sizeof(*t)) {
		oprintf(log, "srat: only %zu bytes, the header alone is %zu\n", len, sizeof(*t));
		return -1;
	}
	end = t->h.length;
	if (end < sizeof(*t) || end > len) {
		oprintf(log, "srat: bad length %zu (%zu bytes available)\n", end, len);
		return -1;
	}
	for (off = sizeof(*t); off < end; off += p[off + 1]) {
		uint8_t type, elen;

		if (end - off < 2) {
			oprintf(log, "srat: truncated entry at offset %zu\n", off);
			return -1;
		}
		type = p[off];
		elen = p[off + 1];
		if (elen < 2 || elen > end - off) {
			oprintf(log, "srat: type %u entry at offset %zu has bad length %u (table ends at %zu)\n",
				type, off, elen, end);
			return -1;
		}
		if (elen < entry_min_len(type)) {
			oprintf(log, "srat: type %u entry at offset %zu has length %u, needs %zu\n",
				type, off, elen, entry_min_len(type));
			return -1;
		}
		switch (type) {
		case ACPI_SRAT_TYPE_CPU_AFFINITY: {
			struct acpi_srat_cpu_affinity a;
			memcpy(&a, p + off, sizeof(a));
			add_cpu(si, a.apic_id, a.proximity_lo | (uint32_t)a.proximity_hi[0] << 8 |
				(uint32_t)a.proximity_hi[1] << 16 | (uint32_t)a.proximity_hi[2] << 24,
				a.flags);
			break;
		}
		case ACPI_SRAT_TYPE_X2APIC_AFFINITY: {
			struct acpi_srat_x2apic_affinity a;
			memcpy(&a, p + off, sizeof(a));
			add_cpu(si, a.x2apic_id, a.proximity, a.flags);
			break;
		}
		case ACPI_SRAT_TYPE_MEMORY_AFFINITY: {
			struct acpi_srat_mem_affinity m;
			memcpy(&m, p + off, sizeof(m));
			if (m.flags & ACPI_SRAT_ENABLED)
				si->n_memory++;
			break;
		}
		default:
			si->n_other++;
			break;
		}
	}
	if (si->n_overflow)
		oprintf(log, "srat: more than %u CPU entries (the storage given), %u ignored\n",
			si->cap, si->n_overflow);
	return 0;
}

int srat_node(const struct srat_info *si, uint32_t apic_id)
{
	for (unsigned i = 0; i < si->ncpus; i++)
		if (si->cpus[i].apic_id == apic_id)
			return (int)si->cpus[i].node;
	return -1;
}

void srat_print(const struct srat_info *si, struct out *o)
{
	oprintf(o, "srat: %u NUMA node%s (proximity domains", si->nodes, si->nodes == 1 ? "" : "s");
	for (unsigned n = 0; n < si->nodes; n++)
		for (unsigned i = 0; i < si->ncpus; i++)
			if (si->cpus[i].node == n) {
				oprintf(o, " %u", si->cpus[i].domain);
				break;
			}
	oprintf(o, "), %u CPU%s, %u memory range%s", si->ncpus, si->ncpus == 1 ? "" : "s",
		si->n_memory, si->n_memory == 1 ? "" : "s");
	if (si->n_disabled)
		oprintf(o, ", %u disabled entr%s", si->n_disabled, si->n_disabled == 1 ? "y" : "ies");
	oprintf(o, "\n");
}
