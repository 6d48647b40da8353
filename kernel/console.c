/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/screen.h"
#include "kernel/lock.h"
#include "lib/string.h"

#define MAX_SINKS       4

enum log_level console_level = LOG_INFO;

/* Taken with kernel/lock.h: a CPU that crashes holding it or in line for it gives it back. */
static struct spinlock con_lock = { .name = "console" };
static const struct console_sink *sinks[MAX_SINKS];
static unsigned nsinks;
static bool e9_on;

void console_add_sink(const struct console_sink *s)
{
	if (nsinks < MAX_SINKS)
		sinks[nsinks++] = s;
}

void console_set_e9(bool on)
{
	e9_on = on;
}

static void write_all(const char *s, size_t n)
{
	serial_write(s, n);
	if (e9_on)
		for (size_t i = 0; i < n; i++)
			outb(DEBUGCON_PORT, (uint8_t)s[i]);
	for (unsigned i = 0; i < nsinks; i++)
		sinks[i]->write(s, n);
}

/*
 * A line from NMI or #MC context that found the console busy waits in the
 * CPU's one-line slot: EMPTY -> (handler fills) FULL -> (writer claims)
 * BUSY -> EMPTY. The CPU writes it after its own next line, or the boot CPU
 * before the report (console_flush_deferred); the handler never waits for it.
 */
enum { DEFERRED_EMPTY, DEFERRED_FULL, DEFERRED_BUSY };

/* With the console lock held: write po's deferred line if it has one. */
static void write_deferred(struct percpu_out *po)
{
	uint32_t full = DEFERRED_FULL;

	if (!__atomic_compare_exchange_n(&po->deferred_state, &full, DEFERRED_BUSY, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	write_all(po->deferred, po->deferred_len);
	__atomic_store_n(&po->deferred_state, DEFERRED_EMPTY, __ATOMIC_RELEASE);
}

static void flush_line(struct percpu_out *po)
{
	struct percpu *p;

	if (!po->len)
		return;
	p = this_cpu();
	if (p->quiet && !po->keep) {
		/* Kept for later; a line that does not fit is counted, not cut. */
		if (p->log && p->log_len + po->len <= p->log_cap) {
			memcpy(p->log + p->log_len, po->line, po->len);
			p->log_len += po->len;
		} else {
			p->log_lost++;
		}
		po->len = 0;
		return;
	}
	if (po->line[po->len - 1] == '\n')
		po->keep = false;
	lock_take(&con_lock);
	write_all(po->line, po->len);
	write_deferred(po);
	lock_give(&con_lock);
	po->len = 0;
}

/* Collect bytes; a newline (or a full buffer) sends the line out whole. */
static void line_write(struct out *o, const char *s, size_t n)
{
	struct percpu_out *po = (struct percpu_out *)o;

	for (size_t i = 0; i < n; i++) {
		po->line[po->len++] = s[i];
		if (s[i] == '\n' || po->len == sizeof(po->line))
			flush_line(po);
	}
}

void console_keep_line(void)
{
	this_cpu()->con.keep = true;
}

void console_print_log(const struct percpu *p)
{
	char tail[80];
	int n;

	lock_take(&con_lock);
	write_all(p->log, p->log_len);
	if (p->log_lost) {
		n = snfmt(tail, sizeof(tail), "[cpu%u] (%u more line(s) not kept: log=debug prints "
			  "every line)\n", p->index, p->log_lost);
		write_all(tail, (size_t)n < sizeof(tail) ? (size_t)n : sizeof(tail) - 1);
	}
	lock_give(&con_lock);
}

struct out *con(void)
{
	struct percpu_out *po = &this_cpu()->con;
	po->out.write = line_write;
	return &po->out;
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ovprintf(con(), fmt, ap);
	va_end(ap);
}

void console_flush(void)
{
	flush_line(&this_cpu()->con);
}

void console_emergency(const char *s, size_t n)
{
	/* Not when this CPU is in line for it already (a panic inside the console code). */
	bool locked = !lock_mine(&con_lock) && spin_lock_bounded(&con_lock, 50000000);

	write_all(s, n);
	if (locked)
		spin_unlock(&con_lock);
}

#define TRY_WRITE_SPINS		100000

bool console_try_write(const char *s, size_t n)
{
	struct percpu_out *po = &this_cpu()->con;
	uint32_t empty = DEFERRED_EMPTY;

	/* Unless this CPU was interrupted while in line for it (its turn cannot come). */
	if (!lock_mine(&con_lock)) {
		for (unsigned i = 0; i < TRY_WRITE_SPINS; i++) {
			if (lock_try(&con_lock)) {
				write_all(s, n);
				lock_give(&con_lock);
				return true;
			}
			cpu_relax();
		}
	}
	if (!__atomic_compare_exchange_n(&po->deferred_state, &empty, DEFERRED_BUSY, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	po->deferred_len = n < sizeof(po->deferred) ? (unsigned)n : sizeof(po->deferred);
	memcpy(po->deferred, s, po->deferred_len);
	__atomic_store_n(&po->deferred_state, DEFERRED_FULL, __ATOMIC_RELEASE);
	return true;
}

void console_flush_deferred(void)
{
	for (unsigned i = 0; cpus && i < ncpus; i++) {
		if (!cpus[i] || cpus[i]->con.deferred_state != DEFERRED_FULL)
			continue;
		lock_take(&con_lock);
		write_deferred(&cpus[i]->con);
		lock_give(&con_lock);
	}
}

void console_write_whole(const char *s, size_t n)
{
	console_flush();
	lock_take(&con_lock);
	write_all(s, n);
	lock_give(&con_lock);
}

void console_locked_call(const char *s, void (*fn)(void))
{
	console_flush();
	lock_take(&con_lock);
	write_all(s, strlen(s));
	fn();
	lock_give(&con_lock);
}

void console_crash_release(void)
{
	/* Before kernel/lock.c gives the lock back: end the line it may have left half written. */
	if (lock_served(&con_lock))
		write_all("\n", 1);
	this_cpu()->con.len = 0;
}

static void con_cpu_out_write(struct out *o, const char *s, size_t n)
{
	struct con_cpu_out *c = (struct con_cpu_out *)(void *)o;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n') {
			if (c->len < sizeof(c->line) - 1)
				c->line[c->len++] = s[i];
			continue;
		}
		c->line[c->len] = '\0';
		kprintf("[cpu%u] %s\n", this_cpu()->index, c->line);
		c->len = 0;
	}
}

void con_cpu_out_init(struct con_cpu_out *c)
{
	*c = (struct con_cpu_out){ .out = { con_cpu_out_write }, .len = 0 };
}
