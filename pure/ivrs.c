/* SPDX-License-Identifier: MIT */
/*
 * IVRS parser (AMD IOMMU specification, pub. 48882, section 5.2): IVinfo,
 * the IVHD blocks with their IOMMU base addresses; IVMD blocks are counted,
 * IVHD device entries are not decoded. Pure code.
 */
#include <stdint.h>
#include "pure/ivrs.h"
#include "lib/string.h"

static bool is_ivhd(uint8_t type)
{
	return type == IVRS_TYPE_IVHD_10 || type == IVRS_TYPE_IVHD_11 ||
	       type == IVRS_TYPE_IVHD_40;
}

static bool is_ivmd(uint8_t type)
{
	return type == IVRS_TYPE_IVMD_ALL || type == IVRS_TYPE_IVMD_ONE ||
	       type == IVRS_TYPE_IVMD_RANGE;
}

/* Minimum length of each block type; the 4-byte header for unknown ones. */
static size_t block_min_len(uint8_t type)
{
	if (type == IVRS_TYPE_IVHD_10)
		return sizeof(struct acpi_ivhd);
	if (is_ivhd(type))
		return sizeof(struct acpi_ivhd_efr);
	if (is_ivmd(type))
		return IVMD_LEN;
	return sizeof(struct acpi_ivrs_entry);
}

static void add_ivhd(struct ivrs_info *ii, const struct acpi_ivhd *h)
{
	bool seen = false;

	for (unsigned i = 0; i < ii->nivhd && i < IVRS_MAX_BLOCKS; i++)
		if (ii->ivhd[i].base == h->base_address && ii->ivhd[i].segment == h->pci_segment)
			seen = true;
	if (!seen)
		ii->niommu++;
	if (ii->nivhd < IVRS_MAX_BLOCKS)
		ii->ivhd[ii->nivhd] = (struct ivrs_ivhd){
			.type = h->type, .device_id = h->device_id,
			.segment = h->pci_segment, .base = h->base_address,
		};
	ii->nivhd++;
}

int ivrs_parse(const void *ivrs, size_t len, struct ivrs_info *ii, struct out *log)
{
	const struct acpi_ivrs *t = ivrs;
	const uint8_t *p = ivrs;
	size_t end, off;
	uint8_t sum;

	memset(ii, 0, sizeof(*ii));
	if (len < sizeof(*t)) {
		oprintf(log, "ivrs: only %zu bytes, the header alone is %zu\n", len, sizeof(*t));
		return -1;
	}
	if (memcmp(t->h.signature, ACPI_SIG_IVRS, 4) != 0) {
		oprintf(log, "ivrs: signature is not IVRS\n");
		return -1;
	}
	end = t->h.length;
	if (end < sizeof(*t) || end > len) {
		oprintf(log, "ivrs: bad length %zu (%zu bytes available)\n", end, len);
		return -1;
	}
	sum = acpi_checksum(t, end);
	if (sum != 0) {
		oprintf(log, "ivrs: bad checksum (sum 0x%02x)\n", sum);
		return -1;
	}
	ii->revision = t->h.revision;
	ii->iv_info = t->iv_info;

	for (off = sizeof(*t); off < end; off += ((const struct acpi_ivrs_entry *)(p + off))->length) {
		const struct acpi_ivrs_entry *e = (const void *)(p + off);
		size_t need;

		if (end - off < sizeof(*e)) {
			oprintf(log, "ivrs: truncated block at offset %zu\n", off);
			return -1;
		}
		need = block_min_len(e->type);
		if (e->length < need || e->length > end - off) {
			oprintf(log, "ivrs: type 0x%02x block at offset %zu has bad length %u (needs %zu, table ends at %zu)\n",
				e->type, off, e->length, need, end);
			return -1;
		}
		if (is_ivhd(e->type))
			add_ivhd(ii, (const void *)e);
		else if (is_ivmd(e->type))
			ii->nivmd++;
		else
			ii->nother++;
	}
	return 0;
}

void ivrs_print(const struct ivrs_info *ii, struct out *o)
{
	uint32_t v = ii->iv_info;

	oprintf(o, "platform: IOMMU: AMD-Vi (ACPI IVRS rev %u), IVinfo 0x%x (PA %u bits, VA %u bits, GVA size code %u%s%s), %u IVHD block%s for %u IOMMU%s\n",
		ii->revision, v, (unsigned)IVINFO_PA_SIZE(v), (unsigned)IVINFO_VA_SIZE(v),
		(unsigned)IVINFO_GVA_SIZE(v), v & IVINFO_EFR_SUP ? ", EFRSup" : "",
		v & IVINFO_DMA_GUARD_OPT_IN ? ", DMAGuardOptIn" : "",
		ii->nivhd, ii->nivhd == 1 ? "" : "s", ii->niommu, ii->niommu == 1 ? "" : "s");
	for (unsigned i = 0; i < ii->nivhd && i < IVRS_MAX_BLOCKS; i++) {
		const struct ivrs_ivhd *h = &ii->ivhd[i];
		oprintf(o, "platform: IVHD %u (type 0x%02x): IOMMU at 0x%llx, segment %u, device %02x:%02x.%x\n",
			i, h->type, (unsigned long long)h->base, h->segment,
			h->device_id >> 8, (h->device_id >> 3) & 0x1f, h->device_id & 7);
	}
	if (ii->nivhd > IVRS_MAX_BLOCKS)
		oprintf(o, "platform: %u more IVHD blocks not listed\n", ii->nivhd - IVRS_MAX_BLOCKS);
	if (ii->nivmd || ii->nother)
		oprintf(o, "platform: IVRS also lists %u IVMD, %u other blocks\n", ii->nivmd, ii->nother);
}
