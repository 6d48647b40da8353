/* SPDX-License-Identifier: MIT */
/*
 * AMD-V capability reading, decoding and the enable decision (APM Vol. 2
 * 15.4 "Enabling SVM", 15.30.1 "VM_CR MSR"). Pure code: CPUID and RDMSR come
 * in through callbacks.
 */
#include "arch/x86/msr-index.h"
#include "svm/pure/svm_caps.h"
#include "svm/pure/svm_defs.h"
#include "svm/pure/svm_names.h"
#include "lib/bits.h"
#include "lib/string.h"


static const uint32_t leaf_numbers[SVM_LEAF_NR] = {
	[SVM_LEAF_0] = 0x00000000, [SVM_LEAF_1] = 0x00000001,
	[SVM_LEAF_7] = 0x00000007, [SVM_LEAF_EXT0] = 0x80000000,
	[SVM_LEAF_EXT1] = 0x80000001, [SVM_LEAF_EXT8] = 0x80000008,
	[SVM_LEAF_EXTA] = 0x8000000a, [SVM_LEAF_EXT1F] = 0x8000001f,
};

int svm_leaf_index(uint32_t function)
{
	for (int i = 0; i < SVM_LEAF_NR; i++)
		if (leaf_numbers[i] == function)
			return i;
	return -1;
}

bool svm_caps_has_leaf(const struct svm_caps *c, enum svm_leaf l)
{
	return (unsigned)l < SVM_LEAF_NR && (c->leaf_present & (1u << l));
}

void svm_caps_init(struct svm_caps *c)
{
	memset(c, 0, sizeof(*c));
}

void svm_caps_set_leaf(struct svm_caps *c, enum svm_leaf l, const struct svm_cpuid *v)
{
	if ((unsigned)l >= SVM_LEAF_NR)
		return;
	c->leaf[l] = *v;
	c->leaf_present |= 1u << l;
}

/* A leaf counts only when the CPU enumerates it (max leaf of its range). */
static bool enumerated(const struct svm_caps *c, enum svm_leaf l)
{
	uint32_t fn = leaf_numbers[l];
	enum svm_leaf base = fn >= 0x80000000u ? SVM_LEAF_EXT0 : SVM_LEAF_0;

	if (!svm_caps_has_leaf(c, l))
		return false;
	if (l == base)
		return true;
	return svm_caps_has_leaf(c, base) && c->leaf[base].eax >= fn;
}

void svm_caps_read(struct svm_caps *c, svm_cpuid_fn cpuid, svm_rdmsr_fn rdmsr, void *ctx)
{
	struct svm_cpuid v;
	uint64_t val;

	svm_caps_init(c);
	for (int l = 0; l < SVM_LEAF_NR; l++) {
		uint32_t fn = leaf_numbers[l];
		enum svm_leaf base = fn >= 0x80000000u ? SVM_LEAF_EXT0 : SVM_LEAF_0;

		if (l != (int)base && (!svm_caps_has_leaf(c, base) || c->leaf[base].eax < fn))
			continue;
		cpuid(ctx, fn, &v);
		svm_caps_set_leaf(c, (enum svm_leaf)l, &v);
	}
	svm_caps_decode(c);
	/* VM_CR exists only with SVM; reading it elsewhere may #GP for nothing. */
	if (c->svm) {
		if (rdmsr(ctx, MSR_VM_CR, &val)) {
			c->vm_cr_state = SVM_MSR_FAULT;
		} else {
			c->vm_cr = val;
			c->vm_cr_state = SVM_MSR_OK;
		}
	}
	if (rdmsr(ctx, MSR_EFER, &val)) {
		c->efer_state = SVM_MSR_FAULT;
	} else {
		c->efer = val;
		c->efer_state = SVM_MSR_OK;
	}
	if (svm_caps_has_leaf(c, SVM_LEAF_EXT1) &&
	    (c->leaf[SVM_LEAF_EXT1].ecx & CPUID_80000001_ECX_OSVW)) {
		c->osvw_len_state = rdmsr(ctx, MSR_AMD64_OSVW_ID_LENGTH, &c->osvw_len) ?
				    SVM_MSR_FAULT : SVM_MSR_OK;
		c->osvw_status_state = rdmsr(ctx, MSR_AMD64_OSVW_STATUS, &c->osvw_status) ?
				       SVM_MSR_FAULT : SVM_MSR_OK;
	}
}

void svm_caps_decode(struct svm_caps *c)
{
	const struct svm_cpuid *l0 = &c->leaf[SVM_LEAF_0];

	memset(c->vendor, 0, sizeof(c->vendor));
	if (svm_caps_has_leaf(c, SVM_LEAF_0)) {
		memcpy(c->vendor, &l0->ebx, 4);
		memcpy(c->vendor + 4, &l0->edx, 4);
		memcpy(c->vendor + 8, &l0->ecx, 4);
	}
	c->amd_or_hygon = !strcmp(c->vendor, "AuthenticAMD") ||
			  !strcmp(c->vendor, "HygonGenuine");
	c->svm = enumerated(c, SVM_LEAF_EXT1) &&
		 (c->leaf[SVM_LEAF_EXT1].ecx & CPUID_80000001_ECX_SVM);
	c->has_leaf_a = enumerated(c, SVM_LEAF_EXTA);
	c->has_leaf_1f = enumerated(c, SVM_LEAF_EXT1F);
	c->revision = c->has_leaf_a ? (uint8_t)(c->leaf[SVM_LEAF_EXTA].eax & SVM_CPUID_REVISION_MASK) : 0;
	c->nasid = c->has_leaf_a ? c->leaf[SVM_LEAF_EXTA].ebx : 0;
	c->features = c->has_leaf_a ? c->leaf[SVM_LEAF_EXTA].edx : 0;
	if (c->has_leaf_1f) {
		const struct svm_cpuid *f = &c->leaf[SVM_LEAF_EXT1F];

		c->sev_features = f->eax;
		c->cbit = (uint8_t)(f->ebx & CPUID_8000001F_EBX_CBIT_MASK);
		c->phys_reduction = (uint8_t)((f->ebx & CPUID_8000001F_EBX_PHYS_RED_MASK) >>
					      CPUID_8000001F_EBX_PHYS_RED_SHIFT);
		c->nr_vmpl = (uint8_t)((f->ebx & CPUID_8000001F_EBX_VMPL_MASK) >>
				       CPUID_8000001F_EBX_VMPL_SHIFT);
		c->nr_enc_guests = f->ecx;
		c->min_sev_asid = f->edx;
	} else {
		c->sev_features = 0;
		c->cbit = c->phys_reduction = c->nr_vmpl = 0;
		c->nr_enc_guests = c->min_sev_asid = 0;
	}
	c->maxphyaddr = enumerated(c, SVM_LEAF_EXT8) ?
			(uint8_t)(c->leaf[SVM_LEAF_EXT8].eax & 0xff) : 0;
}

bool svm_caps_has_svm(const struct svm_caps *c)
{
	return c->amd_or_hygon && c->svm && c->has_leaf_a;
}

bool svm_caps_has(const struct svm_caps *c, uint32_t svm_feat)
{
	return c->has_leaf_a && (c->features & svm_feat) == svm_feat;
}

static enum svm_support decided(struct svm_decision *d, enum svm_support s, const char *state)
{
	d->support = s;
	d->state = state;
	return s;
}

enum svm_support svm_decide(const struct svm_caps *c, struct svm_decision *d)
{
	memset(d, 0, sizeof(*d));
	if (!c->amd_or_hygon) {
		snfmt(d->reason, sizeof(d->reason),
		      "no AMD-V (SVM): vendor \"%s\" is neither AuthenticAMD nor HygonGenuine",
		      c->vendor[0] ? c->vendor : "unknown");
		return decided(d, SVM_NOT_AMD, "unsupported");
	}
	if (!c->svm) {
		snfmt(d->reason, sizeof(d->reason),
		      "no AMD-V (SVM): CPUID 0x80000001 ECX[2] (SVM) is clear");
		return decided(d, SVM_NO_SVM, "unsupported");
	}
	if (!c->has_leaf_a) {
		snfmt(d->reason, sizeof(d->reason),
		      "no AMD-V (SVM): CPUID 0x8000000a is not enumerated (max extended leaf 0x%x)",
		      c->leaf[SVM_LEAF_EXT0].eax);
		return decided(d, SVM_NO_LEAF, "unsupported");
	}
	if (c->vm_cr_state == SVM_MSR_FAULT)
		snfmt(d->note, sizeof(d->note),
		      "VM_CR (MSR 0xc0010114) unreadable (RDMSR faulted, as on Bochs 2.7): treated as SVM enabled");
	else if (c->vm_cr_state == SVM_MSR_NOT_READ)
		snfmt(d->note, sizeof(d->note), "VM_CR (MSR 0xc0010114) not read: treated as SVM enabled");
	if (c->vm_cr_state == SVM_MSR_OK && (c->vm_cr & SVM_VM_CR_SVMDIS)) {
		if (c->vm_cr & SVM_VM_CR_LOCK) {
			snfmt(d->reason, sizeof(d->reason),
			      "AMD-V disabled by the firmware (VM_CR 0x%llx: SVMDIS and LOCK set): "
			      "enable SVM (\"SVM Mode\") in the firmware setup",
			      (unsigned long long)c->vm_cr);
			return decided(d, SVM_DISABLED_LOCKED, "disabled-by-firmware");
		}
		snfmt(d->reason, sizeof(d->reason),
		      "AMD-V disabled in VM_CR (0x%llx: SVMDIS set, LOCK clear): "
		      "not locked, so software may clear SVMDIS",
		      (unsigned long long)c->vm_cr);
		return decided(d, SVM_DISABLED_UNLOCKED, "disabled-by-firmware");
	}
	if (c->efer_state == SVM_MSR_OK && (c->efer & EFER_SVME)) {
		snfmt(d->reason, sizeof(d->reason),
		      "EFER.SVME is already set (EFER 0x%llx): another hypervisor or the firmware owns SVM on this CPU",
		      (unsigned long long)c->efer);
		return decided(d, SVM_IN_USE, "error");
	}
	return decided(d, SVM_OK, "on");
}

static unsigned word_diff(struct out *log, const char *what, uint64_t boot, uint64_t cpu,
			  bool feature_bits)
{
	if (boot == cpu)
		return 0;
	oprintf(log, "svm: %s differs: boot CPU 0x%llx, this CPU 0x%llx", what,
		(unsigned long long)boot, (unsigned long long)cpu);
	if (feature_bits) {
		if (boot & ~cpu) {
			oputs(log, "; only on boot CPU: ");
			svm_print_features(log, (uint32_t)(boot & ~cpu));
		}
		if (cpu & ~boot) {
			oputs(log, "; only on this CPU: ");
			svm_print_features(log, (uint32_t)(cpu & ~boot));
		}
	}
	oputs(log, "\n");
	return 1;
}

unsigned svm_caps_compare(const struct svm_caps *boot, const struct svm_caps *cpu,
			  struct out *log)
{
	unsigned n = 0;

	n += word_diff(log, "SVM support (CPUID 0x80000001 ECX[2])", boot->svm, cpu->svm, false);
	n += word_diff(log, "SVM revision (CPUID 0x8000000a EAX)",
		       boot->leaf[SVM_LEAF_EXTA].eax, cpu->leaf[SVM_LEAF_EXTA].eax, false);
	n += word_diff(log, "number of ASIDs (CPUID 0x8000000a EBX)", boot->nasid, cpu->nasid, false);
	n += word_diff(log, "SVM features (CPUID 0x8000000a EDX)", boot->features, cpu->features, true);
	n += word_diff(log, "SME/SEV features (CPUID 0x8000001f EAX)",
		       boot->sev_features, cpu->sev_features, false);
	n += word_diff(log, "VM_CR state (0 not read, 1 read, 2 unreadable)",
		       boot->vm_cr_state, cpu->vm_cr_state, false);
	n += word_diff(log, "VM_CR (MSR 0xc0010114)", boot->vm_cr, cpu->vm_cr, false);
	return n;
}

void svm_caps_print_log(struct out *o, const struct svm_caps *c)
{
	for (int l = 0; l < SVM_LEAF_NR; l++) {
		const struct svm_cpuid *v = &c->leaf[l];

		if (!svm_caps_has_leaf(c, (enum svm_leaf)l))
			continue;
		oprintf(o, "svm: cpuid 0x%08x = eax 0x%08x ebx 0x%08x ecx 0x%08x edx 0x%08x\n",
			leaf_numbers[l], v->eax, v->ebx, v->ecx, v->edx);
	}
	if (c->vm_cr_state == SVM_MSR_OK)
		oprintf(o, "svm: msr 0x%08x = 0x%016llx\n", MSR_VM_CR, (unsigned long long)c->vm_cr);
	else if (c->vm_cr_state == SVM_MSR_FAULT)
		oprintf(o, "svm: msr 0x%08x unreadable\n", MSR_VM_CR);
	if (c->efer_state == SVM_MSR_OK)
		oprintf(o, "svm: msr 0x%08x = 0x%016llx\n", MSR_EFER, (unsigned long long)c->efer);
	else if (c->efer_state == SVM_MSR_FAULT)
		oprintf(o, "svm: msr 0x%08x unreadable\n", MSR_EFER);
	if (c->osvw_len_state == SVM_MSR_OK)
		oprintf(o, "svm: msr 0x%08x = 0x%016llx\n", MSR_AMD64_OSVW_ID_LENGTH,
			(unsigned long long)c->osvw_len);
	else if (c->osvw_len_state == SVM_MSR_FAULT)
		oprintf(o, "svm: msr 0x%08x unreadable\n", MSR_AMD64_OSVW_ID_LENGTH);
	if (c->osvw_status_state == SVM_MSR_OK)
		oprintf(o, "svm: msr 0x%08x = 0x%016llx\n", MSR_AMD64_OSVW_STATUS,
			(unsigned long long)c->osvw_status);
	else if (c->osvw_status_state == SVM_MSR_FAULT)
		oprintf(o, "svm: msr 0x%08x unreadable\n", MSR_AMD64_OSVW_STATUS);
}
