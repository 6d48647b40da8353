/* SPDX-License-Identifier: MIT */
/* The kernel's parsed command line (pure/cmdline.c), set once by kmain. */
#ifndef PV_KERNEL_KOPTS_H
#define PV_KERNEL_KOPTS_H

#include "pure/cmdline.h"

extern struct options kopts;

#endif
