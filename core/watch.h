/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_WATCH_H
#define PV_CORE_WATCH_H

#include <stdint.h>

/*
 * Boot CPU: wait until every online AP has finished cpu_init, crashed, or
 * missed the deadline of the stage it is in ("cpu3 did not finish stage
 * guest within N ms", also in its error text); timeout_us caps the whole
 * wait.
 */
void watch_wait_done(uint64_t timeout_us);
/* The deadline of stage s, in ms from when a CPU entered it (the report names them). */
uint64_t watch_stage_limit_ms(int s);

#endif
