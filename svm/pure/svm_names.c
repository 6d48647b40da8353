/* SPDX-License-Identifier: MIT */
/*
 * Name tables and EXITINFO decoders for AMD-V (APM Vol. 2 Appendix C, 15.10.2,
 * 15.20, 15.25.6; Linux arch/x86/include/asm/cpufeatures.h word 15). Pure code.
 */
#include "pure/exceptions.h"
#include "svm/pure/svm_names.h"
#include "svm/pure/svm_defs.h"
#include "lib/bits.h"

bool svm_exit_is_invalid(uint64_t exit_code)
{
	return (uint32_t)exit_code == 0xffffffffu;
}

static const char *const misc_names[] = {
	[SVM_EXIT_INTR - SVM_EXIT_INTR] = "INTR",
	[SVM_EXIT_NMI - SVM_EXIT_INTR] = "NMI",
	[SVM_EXIT_SMI - SVM_EXIT_INTR] = "SMI",
	[SVM_EXIT_INIT - SVM_EXIT_INTR] = "INIT",
	[SVM_EXIT_VINTR - SVM_EXIT_INTR] = "VINTR",
	[SVM_EXIT_CR0_SEL_WRITE - SVM_EXIT_INTR] = "CR0_SEL_WRITE",
	[SVM_EXIT_IDTR_READ - SVM_EXIT_INTR] = "IDTR_READ",
	[SVM_EXIT_GDTR_READ - SVM_EXIT_INTR] = "GDTR_READ",
	[SVM_EXIT_LDTR_READ - SVM_EXIT_INTR] = "LDTR_READ",
	[SVM_EXIT_TR_READ - SVM_EXIT_INTR] = "TR_READ",
	[SVM_EXIT_IDTR_WRITE - SVM_EXIT_INTR] = "IDTR_WRITE",
	[SVM_EXIT_GDTR_WRITE - SVM_EXIT_INTR] = "GDTR_WRITE",
	[SVM_EXIT_LDTR_WRITE - SVM_EXIT_INTR] = "LDTR_WRITE",
	[SVM_EXIT_TR_WRITE - SVM_EXIT_INTR] = "TR_WRITE",
	[SVM_EXIT_RDTSC - SVM_EXIT_INTR] = "RDTSC",
	[SVM_EXIT_RDPMC - SVM_EXIT_INTR] = "RDPMC",
	[SVM_EXIT_PUSHF - SVM_EXIT_INTR] = "PUSHF",
	[SVM_EXIT_POPF - SVM_EXIT_INTR] = "POPF",
	[SVM_EXIT_CPUID - SVM_EXIT_INTR] = "CPUID",
	[SVM_EXIT_RSM - SVM_EXIT_INTR] = "RSM",
	[SVM_EXIT_IRET - SVM_EXIT_INTR] = "IRET",
	[SVM_EXIT_SWINT - SVM_EXIT_INTR] = "SWINT",
	[SVM_EXIT_INVD - SVM_EXIT_INTR] = "INVD",
	[SVM_EXIT_PAUSE - SVM_EXIT_INTR] = "PAUSE",
	[SVM_EXIT_HLT - SVM_EXIT_INTR] = "HLT",
	[SVM_EXIT_INVLPG - SVM_EXIT_INTR] = "INVLPG",
	[SVM_EXIT_INVLPGA - SVM_EXIT_INTR] = "INVLPGA",
	[SVM_EXIT_IOIO - SVM_EXIT_INTR] = "IOIO",
	[SVM_EXIT_MSR - SVM_EXIT_INTR] = "MSR",
	[SVM_EXIT_TASK_SWITCH - SVM_EXIT_INTR] = "TASK_SWITCH",
	[SVM_EXIT_FERR_FREEZE - SVM_EXIT_INTR] = "FERR_FREEZE",
	[SVM_EXIT_SHUTDOWN - SVM_EXIT_INTR] = "SHUTDOWN",
	[SVM_EXIT_VMRUN - SVM_EXIT_INTR] = "VMRUN",
	[SVM_EXIT_VMMCALL - SVM_EXIT_INTR] = "VMMCALL",
	[SVM_EXIT_VMLOAD - SVM_EXIT_INTR] = "VMLOAD",
	[SVM_EXIT_VMSAVE - SVM_EXIT_INTR] = "VMSAVE",
	[SVM_EXIT_STGI - SVM_EXIT_INTR] = "STGI",
	[SVM_EXIT_CLGI - SVM_EXIT_INTR] = "CLGI",
	[SVM_EXIT_SKINIT - SVM_EXIT_INTR] = "SKINIT",
	[SVM_EXIT_RDTSCP - SVM_EXIT_INTR] = "RDTSCP",
	[SVM_EXIT_ICEBP - SVM_EXIT_INTR] = "ICEBP",
	[SVM_EXIT_WBINVD - SVM_EXIT_INTR] = "WBINVD",
	[SVM_EXIT_MONITOR - SVM_EXIT_INTR] = "MONITOR",
	[SVM_EXIT_MWAIT - SVM_EXIT_INTR] = "MWAIT",
	[SVM_EXIT_MWAIT_COND - SVM_EXIT_INTR] = "MWAIT_CONDITIONAL",
	[SVM_EXIT_XSETBV - SVM_EXIT_INTR] = "XSETBV",
	[SVM_EXIT_RDPRU - SVM_EXIT_INTR] = "RDPRU",
	[SVM_EXIT_EFER_WRITE_TRAP - SVM_EXIT_INTR] = "EFER_WRITE_TRAP",
};

static const char *const late_names[] = {
	[SVM_EXIT_INVLPGB - SVM_EXIT_INVLPGB] = "INVLPGB",
	[SVM_EXIT_INVLPGB_ILLEGAL - SVM_EXIT_INVLPGB] = "INVLPGB_ILLEGAL",
	[SVM_EXIT_INVPCID - SVM_EXIT_INVLPGB] = "INVPCID",
	[SVM_EXIT_MCOMMIT - SVM_EXIT_INVLPGB] = "MCOMMIT",
	[SVM_EXIT_TLBSYNC - SVM_EXIT_INVLPGB] = "TLBSYNC",
	[SVM_EXIT_BUS_LOCK - SVM_EXIT_INVLPGB] = "BUSLOCK",
	[SVM_EXIT_IDLE_HLT - SVM_EXIT_INVLPGB] = "IDLE_HLT",
};

static const char *const npf_names[] = {
	[SVM_EXIT_NPF - SVM_EXIT_NPF] = "NPF",
	[SVM_EXIT_AVIC_INCOMPLETE_IPI - SVM_EXIT_NPF] = "AVIC_INCOMPLETE_IPI",
	[SVM_EXIT_AVIC_NOACCEL - SVM_EXIT_NPF] = "AVIC_NOACCEL",
	[SVM_EXIT_VMGEXIT - SVM_EXIT_NPF] = "VMGEXIT",
};

/* Fixed names: NULL for the numbered ranges (CRn/DRn/EXCPn/trap). */
static const char *fixed_name(uint64_t code)
{
	if (svm_exit_is_invalid(code))
		return "INVALID";
	if ((uint32_t)code == (uint32_t)SVM_EXIT_BUSY)
		return "BUSY";
	if (code >= SVM_EXIT_INTR && code <= SVM_EXIT_EFER_WRITE_TRAP)
		return misc_names[code - SVM_EXIT_INTR];
	if (code >= SVM_EXIT_INVLPGB && code <= SVM_EXIT_IDLE_HLT)
		return late_names[code - SVM_EXIT_INVLPGB];
	if (code >= SVM_EXIT_NPF && code <= SVM_EXIT_VMGEXIT)
		return npf_names[code - SVM_EXIT_NPF];
	return NULL;
}

const char *svm_exit_name_buf(uint64_t code, char *buf, size_t n)
{
	const char *s = fixed_name(code);

	if (s)
		return s;
	if (code < SVM_EXIT_READ_DR0)
		snfmt(buf, n, "CR%u_%s", (unsigned)(code & 15), code < SVM_EXIT_WRITE_CR0 ? "READ" : "WRITE");
	else if (code < SVM_EXIT_EXCP_BASE)
		snfmt(buf, n, "DR%u_%s", (unsigned)(code & 15), code < SVM_EXIT_WRITE_DR0 ? "READ" : "WRITE");
	else if (code <= SVM_EXIT_LAST_EXCP)
		snfmt(buf, n, "EXCP%u", (unsigned)(code - SVM_EXIT_EXCP_BASE));
	else if (code >= SVM_EXIT_CR0_WRITE_TRAP && code < SVM_EXIT_CR0_WRITE_TRAP + 16)
		snfmt(buf, n, "CR%u_WRITE_TRAP", (unsigned)(code & 15));
	else
		snfmt(buf, n, "UNKNOWN");
	return buf;
}

const char *svm_exit_name(uint64_t code)
{
	const char *s = fixed_name(code);

	if (s)
		return s;
	if (code < SVM_EXIT_READ_DR0)
		return code < SVM_EXIT_WRITE_CR0 ? "CR_READ" : "CR_WRITE";
	if (code < SVM_EXIT_EXCP_BASE)
		return code < SVM_EXIT_WRITE_DR0 ? "DR_READ" : "DR_WRITE";
	if (code <= SVM_EXIT_LAST_EXCP)
		return "EXCP";
	if (code >= SVM_EXIT_CR0_WRITE_TRAP && code < SVM_EXIT_CR0_WRITE_TRAP + 16)
		return "CR_WRITE_TRAP";
	return "UNKNOWN";
}

const char *svm_exit_key(uint64_t code)
{
	if (svm_exit_is_invalid(code))
		return "invalid";
	if (code >= SVM_EXIT_EXCP_BASE && code <= SVM_EXIT_LAST_EXCP)
		return "exception";
	switch (code) {
	case SVM_EXIT_CPUID:	return "cpuid";
	case SVM_EXIT_IOIO:	return "io";
	case SVM_EXIT_VMMCALL:	return "vmmcall";
	case SVM_EXIT_HLT:	return "hlt";
	case SVM_EXIT_NPF:	return "npf";
	case SVM_EXIT_SHUTDOWN:	return "shutdown";
	case SVM_EXIT_INTR:	return "intr";
	case SVM_EXIT_MSR:	return "msr";
	case SVM_EXIT_VMRUN:	return "vmrun";
	}
	return "other";
}

void svm_npf_decode(uint64_t info1, uint64_t info2, struct svm_npf *f)
{
	f->gpa = info2;
	f->present = info1 & SVM_NPF_P;
	f->write = info1 & SVM_NPF_RW;
	f->user = info1 & SVM_NPF_US;
	f->rsvd = info1 & SVM_NPF_RSV;
	f->fetch = info1 & SVM_NPF_ID;
	f->final = info1 & SVM_NPF_GUEST_FINAL;
	f->table = info1 & SVM_NPF_GUEST_TABLE;
}

void svm_npf_print(struct out *o, const struct svm_npf *f)
{
	oprintf(o, "NPF: %s at guest-physical 0x%llx (%s",
		f->fetch ? "fetch" : f->write ? "write" : "read",
		(unsigned long long)f->gpa, f->present ? "present: permission" : "not present");
	if (f->rsvd)
		oputs(o, ", reserved bit set");
	if (f->final)
		oputs(o, ", final guest-physical address");
	if (f->table)
		oputs(o, ", guest page-table walk");
	oputs(o, ")");
}

void svm_ioio_decode(uint64_t info1, struct svm_ioio *io)
{
	io->port = (uint16_t)((info1 & SVM_IOIO_PORT_MASK) >> SVM_IOIO_PORT_SHIFT);
	io->in = info1 & SVM_IOIO_TYPE_IN;
	io->string = info1 & SVM_IOIO_STR;
	io->rep = info1 & SVM_IOIO_REP;
	io->size = (info1 & SVM_IOIO_SZ32) ? 4 : (info1 & SVM_IOIO_SZ16) ? 2 :
		   (info1 & SVM_IOIO_SZ8) ? 1 : 0;
	io->addr_size = (info1 & SVM_IOIO_A64) ? 64 : (info1 & SVM_IOIO_A32) ? 32 :
			(info1 & SVM_IOIO_A16) ? 16 : 0;
}

void svm_ioio_print(struct out *o, const struct svm_ioio *io)
{
	oprintf(o, "IOIO: %s%s%s %u byte%s %s port 0x%x", io->rep ? "rep " : "",
		io->in ? "in" : "out", io->string ? "s" : "", io->size,
		io->size == 1 ? "" : "s", io->in ? "from" : "to", io->port);
}

const char *svm_event_type_name(unsigned type)
{
	switch (type) {
	case SVM_EVTINJ_TYPE_INTR:	return "interrupt";
	case SVM_EVTINJ_TYPE_NMI:	return "NMI";
	case SVM_EVTINJ_TYPE_EXEPT:	return "exception";
	case SVM_EVTINJ_TYPE_SOFT:	return "software interrupt";
	}
	return "reserved type";
}

void svm_event_print(struct out *o, uint64_t ev)
{
	unsigned vec = (unsigned)(ev & SVM_EVTINJ_VEC_MASK);
	unsigned type = (unsigned)((ev & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT);

	if (!(ev & SVM_EVTINJ_VALID)) {
		oputs(o, "none");
		return;
	}
	oprintf(o, "%s %u", svm_event_type_name(type), vec);
	if (type == SVM_EVTINJ_TYPE_EXEPT && exception_defined(vec))
		oprintf(o, " (%s)", exception_mnemonic(vec));
	if (ev & SVM_EVTINJ_VALID_ERR)
		oprintf(o, " error code 0x%x", (unsigned)(ev >> SVM_EVTINJ_ERRCODE_SHIFT));
}

/* Linux cpufeatures.h word 15 (as in v6.12): the flags /proc/cpuinfo shows. */
static const char *const linux_names[32] = {
	[0] = "npt", [1] = "lbrv", [2] = "svm_lock", [3] = "nrip_save",
	[4] = "tsc_scale", [5] = "vmcb_clean", [6] = "flushbyasid",
	[7] = "decodeassists", [10] = "pausefilter", [12] = "pfthreshold",
	[13] = "avic", [15] = "v_vmsave_vmload", [16] = "vgif", [18] = "x2avic",
	[20] = "v_spec_ctrl", [25] = "vnmi",
};

/* The rest of the bits the APM defines (Vol. 3 E.4.9), short names. */
static const char *const other_names[32] = {
	[9] = "sse_dis", [17] = "gmet", [19] = "sss_check", [21] = "rogpt",
	[23] = "host_mce_override", [24] = "tlbi_ctl", [26] = "ibs_virt",
	[27] = "ext_lvt_avic", [28] = "svme_addr_chk", [29] = "bus_lock_thresh",
	[30] = "idle_hlt",
};

const char *svm_feature_linux_name(unsigned bit)
{
	return bit < 32 ? linux_names[bit] : NULL;
}

const char *svm_feature_name(unsigned bit)
{
	if (bit >= 32)
		return NULL;
	return linux_names[bit] ? linux_names[bit] : other_names[bit];
}

void svm_print_features(struct out *o, uint32_t mask)
{
	bool first = true;

	for (unsigned b = 0; b < 32; b++) {
		const char *n = svm_feature_name(b);

		if (!(mask & (1u << b)))
			continue;
		if (n)
			oprintf(o, "%s%s", first ? "" : " ", n);
		else
			oprintf(o, "%sbit %u", first ? "" : " ", b);
		first = false;
	}
	if (first)
		oputs(o, "none");
}
