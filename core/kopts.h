/* SPDX-License-Identifier: MIT */
/* The kernel's parsed command line (core/cmdline.c), set once by kmain. */
#ifndef PV_CORE_KOPTS_H
#define PV_CORE_KOPTS_H

#include "core/cmdline.h"

extern struct options kopts;

#endif
