/* SPDX-License-Identifier: MIT */
/*
 * DMAR parser (Intel VT-d specification chapter 8): host address width,
 * flags, the DRHD units and their device scopes; other remapping structures
 * are counted. Pure code.
 */
#include <stdint.h>
#include "pure/dmar.h"
#include "lib/string.h"

/* Minimum length of each remapping structure type (8.3 - 8.7); 4 otherwise. */
static size_t entry_min_len(uint16_t type)
{
	switch (type) {
	case DMAR_TYPE_DRHD:
		return sizeof(struct acpi_dmar_drhd);
	case DMAR_TYPE_RMRR:
		return 24;      /* 8.4: ..., base and limit address */
	case DMAR_TYPE_ATSR:
		return 8;       /* 8.5: flags, segment */
	case DMAR_TYPE_RHSA:
		return 20;      /* 8.6: base address, proximity domain */
	case DMAR_TYPE_ANDD:
		return 8;       /* 8.7: device number, then the name */
	default:
		return sizeof(struct acpi_dmar_entry);
	}
}

/* Count the device scopes of the DRHD at `off` (length already checked). */
static int drhd_scopes(const uint8_t *p, size_t off, size_t dlen, unsigned *n,
		       struct out *log)
{
	*n = 0;
	for (size_t s = sizeof(struct acpi_dmar_drhd); s < dlen; s += p[off + s + 1]) {
		const struct acpi_dmar_scope *sc = (const void *)(p + off + s);

		if (dlen - s < 2) {
			oprintf(log, "dmar: DRHD at offset %zu: truncated device scope at offset %zu\n",
				off, off + s);
			return -1;
		}
		if (sc->length < sizeof(*sc) || sc->length > dlen - s) {
			oprintf(log, "dmar: DRHD at offset %zu: device scope at offset %zu has bad length %u (DRHD ends at %zu)\n",
				off, off + s, sc->length, off + dlen);
			return -1;
		}
		(*n)++;
	}
	return 0;
}

static void add_drhd(struct dmar_info *di, const struct acpi_dmar_drhd *d,
		     unsigned nscopes)
{
	if (di->ndrhd < DMAR_MAX_UNITS)
		di->drhd[di->ndrhd] = (struct dmar_unit){
			.base = d->register_base, .segment = d->segment,
			.flags = d->flags, .nscopes = nscopes,
		};
	di->ndrhd++;
}

int dmar_parse(const void *dmar, size_t len, struct dmar_info *di, struct out *log)
{
	const struct acpi_dmar *t = dmar;
	const uint8_t *p = dmar;
	size_t end, off;
	uint8_t sum;

	memset(di, 0, sizeof(*di));
	if (len < sizeof(*t)) {
		oprintf(log, "dmar: only %zu bytes, the header alone is %zu\n", len, sizeof(*t));
		return -1;
	}
	if (memcmp(t->h.signature, ACPI_SIG_DMAR, 4) != 0) {
		oprintf(log, "dmar: signature is not DMAR\n");
		return -1;
	}
	end = t->h.length;
	if (end < sizeof(*t) || end > len) {
		oprintf(log, "dmar: bad length %zu (%zu bytes available)\n", end, len);
		return -1;
	}
	sum = acpi_checksum(t, end);
	if (sum != 0) {
		oprintf(log, "dmar: bad checksum (sum 0x%02x)\n", sum);
		return -1;
	}
	di->revision = t->h.revision;
	di->haw = t->host_address_width + 1u;
	di->flags = t->flags;

	for (off = sizeof(*t); off < end; off += ((const struct acpi_dmar_entry *)(p + off))->length) {
		const struct acpi_dmar_entry *e = (const void *)(p + off);
		size_t need;
		unsigned nscopes;

		if (end - off < sizeof(*e)) {
			oprintf(log, "dmar: truncated remapping structure at offset %zu\n", off);
			return -1;
		}
		need = entry_min_len(e->type);
		if (e->length < need || e->length > end - off) {
			oprintf(log, "dmar: type %u structure at offset %zu has bad length %u (needs %zu, table ends at %zu)\n",
				e->type, off, e->length, need, end);
			return -1;
		}
		switch (e->type) {
		case DMAR_TYPE_DRHD:
			if (drhd_scopes(p, off, e->length, &nscopes, log) < 0)
				return -1;
			add_drhd(di, (const void *)e, nscopes);
			break;
		case DMAR_TYPE_RMRR: di->nrmrr++; break;
		case DMAR_TYPE_ATSR: di->natsr++; break;
		case DMAR_TYPE_RHSA: di->nrhsa++; break;
		case DMAR_TYPE_ANDD: di->nandd++; break;
		case DMAR_TYPE_SATC: di->nsatc++; break;
		default: di->nother++; break;
		}
	}
	return 0;
}

void dmar_print(const struct dmar_info *di, struct out *o)
{
	oprintf(o, "platform: IOMMU: Intel VT-d (ACPI DMAR rev %u), host address width %u bits, flags 0x%x%s%s%s, %u DRHD unit%s\n",
		di->revision, di->haw, di->flags,
		di->flags & DMAR_FLAG_INTR_REMAP ? " INTR_REMAP" : "",
		di->flags & DMAR_FLAG_X2APIC_OPT_OUT ? " X2APIC_OPT_OUT" : "",
		di->flags & DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN ? " DMA_CTRL_PLATFORM_OPT_IN" : "",
		di->ndrhd, di->ndrhd == 1 ? "" : "s");
	for (unsigned i = 0; i < di->ndrhd && i < DMAR_MAX_UNITS; i++) {
		const struct dmar_unit *u = &di->drhd[i];
		oprintf(o, "platform: DRHD %u: registers at 0x%llx, segment %u, %u device scope%s%s\n",
			i, (unsigned long long)u->base, u->segment, u->nscopes,
			u->nscopes == 1 ? "" : "s",
			u->flags & DRHD_FLAG_INCLUDE_PCI_ALL ? ", INCLUDE_PCI_ALL" : "");
	}
	if (di->ndrhd > DMAR_MAX_UNITS)
		oprintf(o, "platform: %u more DRHD units not listed\n", di->ndrhd - DMAR_MAX_UNITS);
	if (di->nrmrr || di->natsr || di->nrhsa || di->nandd || di->nsatc || di->nother)
		oprintf(o, "platform: DMAR also lists %u RMRR, %u ATSR, %u RHSA, %u ANDD, %u SATC, %u other\n",
			di->nrmrr, di->natsr, di->nrhsa, di->nandd, di->nsatc, di->nother);
}
