/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "lib/string.h"

#define MAX_SINKS       4

enum log_level console_level = LOG_INFO;

static struct spinlock con_lock;
static struct percpu *volatile con_owner;      /* holder of con_lock, for a crash */
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
	spin_lock(&con_lock);
	con_owner = this_cpu();
	write_all(po->line, po->len);
	con_owner = NULL;
	spin_unlock(&con_lock);
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

	spin_lock(&con_lock);
	con_owner = this_cpu();
	write_all(p->log, p->log_len);
	if (p->log_lost) {
		n = snfmt(tail, sizeof(tail), "[cpu%u] (%u more line(s) not kept: log=debug prints "
			  "every line)\n", p->index, p->log_lost);
		write_all(tail, (size_t)n < sizeof(tail) ? (size_t)n : sizeof(tail) - 1);
	}
	con_owner = NULL;
	spin_unlock(&con_lock);
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
	bool locked = spin_lock_bounded(&con_lock, 50000000);
	write_all(s, n);
	if (locked)
		spin_unlock(&con_lock);
}

void console_write_whole(const char *s, size_t n)
{
	console_flush();
	spin_lock(&con_lock);
	con_owner = this_cpu();
	write_all(s, n);
	con_owner = NULL;
	spin_unlock(&con_lock);
}

void console_crash_release(void)
{
	struct percpu *p = this_cpu();

	if (con_owner == p) {
		con_owner = NULL;
		spin_unlock(&con_lock);
	}
	p->con.len = 0;
}
