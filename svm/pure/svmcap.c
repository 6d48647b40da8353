/* SPDX-License-Identifier: MIT */
/*
 * cpuid-tool-compatible listing of CPUID 0x8000000a and 0x8000001f. The row
 * labels, the order and the column width are the facts of Debian's `cpuid`
 * 20230120 output (3-space section titles, 6-space rows, labels padded to
 * the longest label of the section, " = true|false" or " = 0x%x (%u)"; its
 * NASID line ends in a colon). Bits the tool does not list are not shown
 * here either; the "svm flags" line and svm_print_features() name them.
 */
#include "svm/pure/svmcap.h"
#include "svm/pure/svm_defs.h"
#include "svm/pure/svm_names.h"
#include "lib/bits.h"
#include "lib/string.h"

struct row {
	unsigned char bit;
	const char *label;
};

static const struct row svm_edx_rows[] = {
	{ 0, "nested paging" },
	{ 1, "LBR virtualization" },
	{ 2, "SVM lock" },
	{ 3, "NRIP save" },
	{ 4, "MSR based TSC rate control" },
	{ 5, "VMCB clean bits support" },
	{ 6, "flush by ASID" },
	{ 7, "decode assists" },
	{ 9, "SSSE3/SSE5 opcode set disable" },
	{ 10, "pause intercept filter" },
	{ 12, "pause filter threshold" },
	{ 13, "AVIC: AMD virtual interrupt controller" },
	{ 15, "virtualized VMLOAD/VMSAVE" },
	{ 16, "virtualized global interrupt flag (GIF)" },
	{ 17, "GMET: guest mode execute trap" },
	{ 18, "X2AVIC: virtualized X2APIC" },
	{ 19, "supervisor shadow stack" },
	{ 20, "guest Spec_ctl support" },
	{ 21, "ROGPT: read-only guest page table" },
	{ 23, "host MCE override" },
	{ 24, "INVLPGB/TLBSYNC hyperv interc enable" },
	{ 25, "VNMI: NMI virtualization" },
	{ 26, "IBS virtualization" },
	{ 28, "guest SVME addr check" },
};

static const struct row sev_eax_rows[] = {
	{ 0, "SME: secure memory encryption support" },
	{ 1, "SEV: secure encrypted virtualize support" },
	{ 2, "VM page flush MSR support" },
	{ 3, "SEV-ES: SEV encrypted state support" },
	{ 4, "SEV-SNP: SEV secure nested paging" },
	{ 5, "VMPL: VM permission levels" },
	{ 6, "RMPQUERY instruction support" },
	{ 7, "VMPL supervisor shadow stack support" },
	{ 8, "Secure TSC supported" },
	{ 9, "virtual TSC_AUX supported" },
	{ 10, "hardware cache coher across enc domains" },
	{ 11, "SEV guest exec only from 64-bit host" },
	{ 12, "restricted injection" },
	{ 13, "alternate injection" },
	{ 14, "full debug state swap for SEV-ES guests" },
	{ 15, "disallowing IBS use by host" },
	{ 16, "VTE: SEV virtual transparent encryption" },
	{ 17, "VMGEXIT parameter support" },
	{ 18, "virtual TOM MSR support" },
	{ 19, "IBS virtual support for SEV-ES guests" },
	{ 24, "VMSA register protection support" },
	{ 25, "SMT protection support" },
	{ 28, "SVSM communication page MSR support" },
	{ 29, "VIRT_RMPUPDATE & VIRT_PSMASH MSR support" },
};

/* The value rows after the 0x8000001f flags share the flags' column. */
static const char *const sev_value_labels[] = {
	"encryption bit position in PTE",
	"physical address space width reduction",
	"number of VM permission levels",
	"number of SEV-enabled guests supported",
	"minimum SEV guest ASID",
};

static int label_width(const struct row *rows, unsigned n, const char *const *more, unsigned nmore)
{
	size_t w = 0;

	for (unsigned i = 0; i < n; i++)
		if (strlen(rows[i].label) > w)
			w = strlen(rows[i].label);
	for (unsigned i = 0; i < nmore; i++)
		if (strlen(more[i]) > w)
			w = strlen(more[i]);
	return (int)w;
}

static void flag_rows(struct out *o, const struct row *rows, unsigned n, int w, uint32_t word)
{
	for (unsigned i = 0; i < n; i++)
		oprintf(o, "      %-*s = %s\n", w, rows[i].label,
			(word >> rows[i].bit) & 1 ? "true" : "false");
}

static void value_row(struct out *o, int w, const char *label, uint32_t v)
{
	oprintf(o, "      %-*s = 0x%x (%u)\n", w, label, v, v);
}

void svmcap_print(struct out *o, const struct svm_caps *c)
{
	const struct svm_cpuid *a = &c->leaf[SVM_LEAF_EXTA];
	int w;

	if (c->has_leaf_a) {
		oputs(o, "   SVM Secure Virtual Machine (0x8000000a/eax):\n");
		oprintf(o, "      SvmRev: SVM revision = 0x%x (%u)\n", c->revision, c->revision);
		oputs(o, "   SVM Secure Virtual Machine (0x8000000a/edx):\n");
		w = label_width(svm_edx_rows, ARRAY_SIZE(svm_edx_rows), NULL, 0);
		flag_rows(o, svm_edx_rows, ARRAY_SIZE(svm_edx_rows), w, a->edx);
		oprintf(o, "   NASID: number of address space identifiers = 0x%x (%u):\n",
			a->ebx, a->ebx);
	}
	if (c->has_leaf_1f) {
		const struct svm_cpuid *f = &c->leaf[SVM_LEAF_EXT1F];

		oputs(o, "   AMD Secure Encryption (0x8000001f):\n");
		w = label_width(sev_eax_rows, ARRAY_SIZE(sev_eax_rows), sev_value_labels,
				ARRAY_SIZE(sev_value_labels));
		flag_rows(o, sev_eax_rows, ARRAY_SIZE(sev_eax_rows), w, f->eax);
		value_row(o, w, sev_value_labels[0], c->cbit);
		value_row(o, w, sev_value_labels[1], c->phys_reduction);
		value_row(o, w, sev_value_labels[2], c->nr_vmpl);
		value_row(o, w, sev_value_labels[3], f->ecx);
		value_row(o, w, sev_value_labels[4], f->edx);
	}
}

void svm_print_linux_flags(struct out *o, const struct svm_caps *c)
{
	oputs(o, "svm flags\t:");
	for (unsigned b = 0; b < 32; b++) {
		const char *n = svm_feature_linux_name(b);

		if (n && (c->features & (1u << b)))
			oprintf(o, " %s", n);
	}
	oputs(o, "\n");
}

void svmcap_dump(struct out *o, const struct svm_caps *c)
{
	oputs(o, "BEGIN SVMCAP\n");
	svmcap_print(o, c);
	oputs(o, "END SVMCAP\n");
	svm_print_linux_flags(o, c);
}
