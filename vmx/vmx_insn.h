/* SPDX-License-Identifier: MIT */
/*
 * VMX instructions as one-instruction wrappers (SDM Vol. 3C 31.2 conventions):
 * every one reports VMsucceed, VMfailInvalid (CF=1: no current VMCS, or a bad
 * operand to VMXON/VMPTRLD) or VMfailValid (ZF=1: the error number is in the
 * VM-instruction error field). The callers print failures by number and name.
 *
 * VMCS accessors are width-checked: the field encoding carries its width in
 * bits 14:13 (SDM Vol. 3C 25.11.2); a constant field used with the wrong
 * accessor is a compile-time error, a variable one a runtime panic.
 */
#ifndef PV_VMX_VMX_INSN_H
#define PV_VMX_VMX_INSN_H

#include <stdint.h>
#include "vmx/pure/vmcs_fields.h"
#include "vmx/pure/vmx_defs.h"

/* One of VMX_SUCCEED, VMX_FAIL_INVALID, VMX_FAIL_VALID, VMX_FAULT (vmx/pure/vmx_defs.h). */
enum vmx_result {
	VMX_RESULT_SUCCEED = VMX_SUCCEED,
	VMX_RESULT_FAIL_INVALID = VMX_FAIL_INVALID,
	VMX_RESULT_FAIL_VALID = VMX_FAIL_VALID,
	VMX_RESULT_FAULT = VMX_FAULT,
};

#define VMX_RESULT(cf, zf) ((cf) ? VMX_FAIL_INVALID : (zf) ? VMX_FAIL_VALID : VMX_SUCCEED)

/*
 * VMXON that survives an exception, as rdmsr_safe does (SDM VMXON: #UD when
 * CR4.VMXE = 0; #GP when CR0/CR4 are outside the FIXED MSRs, when
 * IA32_FEATURE_CONTROL is not locked with VMX enabled for the current mode,
 * in A20M mode or at CPL > 0). On an exception the .extable entry resumes at
 * label 2 with the vector in RAX (kernel/trap.c): VMX_FAULT, *vector set.
 */
static inline enum vmx_result vmxon_safe(uint64_t pa, unsigned *vector)
{
	uint64_t rax = ~0ULL;	/* unchanged unless the trap handler stores a vector */
	uint8_t cf = 0, zf = 0;
	__asm__ volatile("1: vmxon %[pa]\n\t"
			 "setc %[cf]\n\t"
			 "setz %[zf]\n"
			 "2:\n\t"
			 ".pushsection .extable, \"a\"\n\t"
			 ".balign 8\n\t"
			 ".quad 1b, 2b\n\t"
			 ".popsection"
			 : [cf] "+qm"(cf), [zf] "+qm"(zf), "+a"(rax)
			 : [pa] "m"(pa) : "cc", "memory");
	if (rax != ~0ULL) {
		*vector = (unsigned)rax;
		return VMX_FAULT;
	}
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result vmclear(uint64_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmclear %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "m"(pa) : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result vmptrld(uint64_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmptrld %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "m"(pa) : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result __vmwrite(uint64_t field, uint64_t value)
{
	uint8_t cf, zf;
	__asm__ volatile("vmwrite %3, %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "r"(field), "rm"(value) : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result __vmread(uint64_t field, uint64_t *value)
{
	uint8_t cf, zf;
	uint64_t v;
	__asm__ volatile("vmread %3, %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf), "=rm"(v) : "r"(field) : "cc", "memory");
	*value = v;
	return VMX_RESULT(cf, zf);
}

struct invept_desc {
	uint64_t eptp, reserved;
};

static inline enum vmx_result invept(uint64_t type, uint64_t eptp)
{
	struct invept_desc d = { eptp, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invept %2, %3; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "m"(d), "r"(type) : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

struct invvpid_desc {
	uint64_t vpid, gla;
};

static inline enum vmx_result invvpid(uint64_t type, uint16_t vpid)
{
	struct invvpid_desc d = { vpid, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invvpid %2, %3; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf) : "m"(d), "r"(type) : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

/* Runtime width mismatch and failed VMREAD/VMWRITE: vmx/vmcs.c, panics. */
void vmcs_bad_width(uint32_t field, unsigned want);
__attribute__((noreturn, cold))
void vmcs_access_failed(const char *insn, uint32_t field, enum vmx_result r);
extern void vmcs_width_mismatch(void)
	__attribute__((error("VMCS accessor used with a field of another width")));

#define VMCS_CHECK_WIDTH(field, w)                                              \
	do {                                                                    \
		if (__builtin_constant_p(field)) {                              \
			if ((((field) >> VMCS_FIELD_WIDTH_SHIFT) & 3) != (w))   \
				vmcs_width_mismatch();                          \
		} else if (vmcs_field_width(field) != (w)) {                    \
			vmcs_bad_width(field, w);                               \
		}                                                               \
	} while (0)

/*
 * The accessors test VMX's failure flags with one branch (JBE: CF or ZF set)
 * into an out-of-line path, as KVM's do with asm goto, so the VM-exit path
 * pays one instruction per access; the failure path repeats the access to
 * learn which failure it was (the outcome is the same for the same field
 * and current VMCS) and panics naming it.
 */
#define DEFINE_VMCS_ACCESSORS(name, type, w)                                    \
	static inline __attribute__((always_inline)) void                      \
	vmcs_write##name(uint32_t field, type v)                                \
	{                                                                       \
		VMCS_CHECK_WIDTH(field, w);                                     \
		__asm__ goto("vmwrite %1, %0\n\tjbe %l[fail]"                   \
			     : : "r"((uint64_t)field), "rm"((uint64_t)v)       \
			     : "cc", "memory" : fail);                          \
		return;                                                         \
	fail:                                                                   \
		vmcs_access_failed("VMWRITE", field, __vmwrite(field, (uint64_t)v)); \
	}                                                                       \
	static inline __attribute__((always_inline)) type                      \
	vmcs_read##name(uint32_t field)                                         \
	{                                                                       \
		uint64_t v;                                                     \
		VMCS_CHECK_WIDTH(field, w);                                     \
		__asm__ goto("vmread %1, %0\n\tjbe %l[fail]"                    \
			     : "=r"(v) : "r"((uint64_t)field)                   \
			     : "cc" : fail);                                    \
		return (type)v;                                                 \
	fail:                                                                   \
		vmcs_access_failed("VMREAD", field, __vmread(field, &v));       \
		return 0;                                                       \
	}

DEFINE_VMCS_ACCESSORS(16, uint16_t, VMCS_FIELD_WIDTH_U16)
DEFINE_VMCS_ACCESSORS(32, uint32_t, VMCS_FIELD_WIDTH_U32)
DEFINE_VMCS_ACCESSORS(64, uint64_t, VMCS_FIELD_WIDTH_U64)
DEFINE_VMCS_ACCESSORS(nat, uint64_t, VMCS_FIELD_WIDTH_NATURAL)
#undef DEFINE_VMCS_ACCESSORS

#endif
