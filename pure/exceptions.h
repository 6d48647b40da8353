/* SPDX-License-Identifier: MIT */
/* Names of the architectural exception vectors 0-31 (SDM Vol. 3A table 6-1, APM Vol. 2 8.2). */
#ifndef PV_PURE_EXCEPTIONS_H
#define PV_PURE_EXCEPTIONS_H

#include <stdbool.h>
#include "arch/x86/x86.h"	/* the vectors by number: X86_TRAP_* */

#define NR_EXCEPTIONS   32

/* "#UD"; "vector 15" for a reserved vector; "interrupt vector" from 32 on. */
const char *exception_mnemonic(unsigned vector);
/* "#UD invalid opcode"; "reserved 15"; "interrupt" from 32 on. */
const char *exception_name(unsigned vector);
/* Vector 0-31 that the SDM/APM define (not reserved). */
bool exception_defined(unsigned vector);
/* The exception pushes an error code (SDM Vol. 3A table 6-1, APM Vol. 2 8.2): #DF, #TS, #NP, #SS,
 * #GP, #PF, #AC, #CP, #VC, #SX. */
bool exception_has_error_code(unsigned vector);

#endif
