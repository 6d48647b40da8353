/* SPDX-License-Identifier: MIT */
#include "core/cpu_init.h"
#include "kernel/percpu.h"
#include "vmx/guest.h"
#include "vmx/vmx.h"

void cpu_init(struct percpu *p)
{
	vmx_cpu_init(p);
	if (p->vmx == VMX_STATE_ON)
		guest_run(p);
	__atomic_store_n(&p->done, true, __ATOMIC_RELEASE);
}
