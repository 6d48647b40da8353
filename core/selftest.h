/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_SELFTEST_H
#define PV_CORE_SELFTEST_H

/* Deliberate faults (selftest= on the command line) that prove the panic paths. */
void selftest_run(int which);

#endif
