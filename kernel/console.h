/* SPDX-License-Identifier: MIT */
/*
 * The console: every line goes to every sink (serial, debug port 0xE9 when
 * enabled, the screen when present). Output is line-buffered per CPU and a
 * complete line is written under one lock, so lines from different CPUs
 * never interleave.
 */
#ifndef PV_KERNEL_CONSOLE_H
#define PV_KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/out.h"

struct percpu;

enum log_level { LOG_QUIET = 0, LOG_INFO = 1, LOG_DEBUG = 2 };
extern enum log_level console_level;

struct console_sink {
	const char *name;
	void (*write)(const char *s, size_t n);
};

void console_add_sink(const struct console_sink *s);
void console_set_e9(bool on);
/* This CPU's line-buffered output (for pure code that prints via struct out). */
struct out *con(void);
/*
 * An out whose every line goes to the console as "[cpuN] LINE" (N: this
 * CPU), for dumps printed by pure code; a line is cut at 159 bytes.
 */
struct con_cpu_out {
	struct out out;
	char line[160];
	size_t len;
};
void con_cpu_out_init(struct con_cpu_out *c);

__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void console_flush(void);
/* Panic path: write straight to the sinks, taking the lock only if it comes free soon. */
void console_emergency(const char *s, size_t n);
/*
 * NMI and #MC context: write a whole line if the lock comes free within a
 * bounded wait, never queueing behind a ticket (this CPU may hold one, or
 * the lock itself); else leave it in this CPU's one-line slot, written after
 * its next line or by console_flush_deferred. False when the line was
 * dropped (the slot was taken).
 */
bool console_try_write(const char *s, size_t n);
/* The boot CPU, before the report: write every CPU's line still waiting in its slot. */
void console_flush_deferred(void);
/*
 * A crashing AP (kernel/panic.c), before kernel/lock.c gives its locks
 * back: end the line it may have left half written if it held the console,
 * and drop its unfinished line.
 */
void console_crash_release(void);

#define pr_info(fmt, ...)  do { if (console_level >= LOG_INFO) \
	kprintf("[cpu%u] " fmt, this_cpu()->index, ##__VA_ARGS__); } while (0)
#define pr_debug(fmt, ...) do { if (console_level >= LOG_DEBUG) \
	kprintf("[cpu%u] " fmt, this_cpu()->index, ##__VA_ARGS__); } while (0)
#define pr_err(fmt, ...)   do { console_keep_line(); \
	kprintf("[cpu%u] error: " fmt, this_cpu()->index, ##__VA_ARGS__); } while (0)
#define pr_warn(fmt, ...)  do { console_keep_line(); \
	kprintf("[cpu%u] warning: " fmt, this_cpu()->index, ##__VA_ARGS__); } while (0)

/*
 * A quiet CPU (struct percpu quiet) keeps its lines in its own log instead
 * of printing them; the line being written now goes out anyway.
 */
void console_keep_line(void);
/* Print CPU p's kept log (the boot CPU, once p is done or given up on). */
void console_print_log(const struct percpu *p);

/* Write a long text (the report line) in one piece under the console lock. */
void console_write_whole(const char *s, size_t n);
/* selftest=ap-fault-locked (core/selftest.c): write s, then call fn with the console lock held. */
void console_locked_call(const char *s, void (*fn)(void));

#endif
