/* SPDX-License-Identifier: MIT */
/*
 * The screen console's text grid. A shadow copy of every cell lets scrolling
 * redraw only the cells that change: reading a framebuffer back is slow
 * (it is usually uncached or write-combined memory), so nothing is ever read
 * from it. Lines arrive whole from kernel/console.c (under its lock); the
 * screen's own lock also serialises screen_pin() from the report.
 */
#include <stddef.h>
#include "kernel/console.h"
#include "kernel/qr.h"
#include "pure/mb2.h"
#include "lib/out.h"
#include "kernel/percpu.h"
#include "kernel/screen.h"
#include "kernel/lock.h"
#include "lib/string.h"

#define TAB_WIDTH       8

static struct screen_backend be;
static bool active;
/* Taken inside the console lock, and for the QR code; a crash gives it back (kernel/lock.h). */
static struct spinlock lock = { .name = "screen" };
static uint16_t cell[SCREEN_MAX_ROWS][SCREEN_MAX_COLS];        /* char | attr << 8, as shown */
static unsigned cols, rows, log_rows;   /* log_rows: rows above the pinned area */
static unsigned text_cols;              /* columns left of the QR code (all, before it) */
static unsigned cur_row, cur_col;
static uint8_t cur_attr = ATTR_LOG;
static bool line_start = true;
static char verdict[SCREEN_LINE_MAX];

static void set_cell(unsigned col, unsigned row, char c, uint8_t attr)
{
	uint16_t v = (uint16_t)((uint8_t)c | attr << 8);

	if (cell[row][col] == v)
		return;
	cell[row][col] = v;
	be.put(col, row, c, attr);
}

static void clear_row(unsigned row, uint8_t attr)
{
	for (unsigned c = 0; c < text_cols; c++)
		set_cell(c, row, ' ', attr);
}

/* Move rows [1, n) up by one and blank row n - 1. */
static void scroll_up(unsigned n)
{
	for (unsigned r = 0; r + 1 < n; r++)
		for (unsigned c = 0; c < text_cols; c++)
			set_cell(c, r, (char)(cell[r + 1][c] & 0xff), (uint8_t)(cell[r + 1][c] >> 8));
	clear_row(n - 1, ATTR_LOG);
}

static void newline(void)
{
	cur_col = 0;
	if (cur_row + 1 < log_rows)
		cur_row++;
	else
		scroll_up(log_rows);
}

static void put_char(char c)
{
	if (c == '\n') {
		newline();
		return;
	}
	if (c == '\r')
		return;
	if (c == '\t') {
		do
			put_char(' ');
		while (cur_col % TAB_WIDTH && cur_col < text_cols);
		return;
	}
	if (cur_col >= text_cols)
		newline();
	set_cell(cur_col++, cur_row, c, cur_attr);
}

static void put_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_char(s[i]);
}

static bool starts_with(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && !memcmp(s, p, k);
}

static bool contains(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, w, k))
			return true;
	return false;
}

static bool is_verdict(const char *s, size_t n)
{
	return starts_with(s, n, "picovisor: PASS") || starts_with(s, n, "picovisor: FAIL") ||
	       starts_with(s, n, "picovisor: UNSUPPORTED");
}

/* Colour a line by what it says. */
static uint8_t line_attr(const char *s, size_t n)
{
	if (starts_with(s, n, "PICOVISOR-PANIC"))
		return ATTR_PANIC;
	if (contains(s, n, "error"))
		return ATTR_LOG_ERROR;
	if (contains(s, n, "warning"))
		return ATTR_LOG_WARN;
	return ATTR_LOG;
}

/* Not when this CPU is in line for it already: a panic inside the screen code. */
static bool screen_lock(void)
{
	if (lock_mine(&lock))
		return false;
	lock_take(&lock);
	return true;
}

static void screen_unlock(bool locked)
{
	if (locked)
		lock_give(&lock);
}

static void screen_write(const char *s, size_t n)
{
	bool locked = screen_lock();

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != '\n')
			j++;
		if (line_start && is_verdict(s + i, j - i)) {
			/* Kept for screen_final(), which pins it: shown once, not also in the log. */
			size_t k = j - i < sizeof(verdict) - 1 ? j - i : sizeof(verdict) - 1;
			memcpy(verdict, s + i, k);
			verdict[k] = '\0';
			line_start = j < n;
			i = j + 1;
			continue;
		} else if (line_start && starts_with(s + i, j - i, "PICOVISOR-REPORT ")) {
			/* Kilobytes of JSON would push everything else off the screen. */
			char note[96];
			int k = snfmt(note, sizeof(note), "PICOVISOR-REPORT: %zu bytes of JSON "
				      "on the serial console", j - i);
			cur_attr = ATTR_LOG;
			put_text(note, (size_t)k < sizeof(note) ? (size_t)k : sizeof(note) - 1);
		} else {
			if (line_start)
				cur_attr = line_attr(s + i, j - i);
			put_text(s + i, j - i);
		}
		line_start = j < n;
		if (j < n)
			put_char('\n');
		i = j + 1;
	}
	screen_unlock(locked);
}

static const struct console_sink screen_sink = { .name = "screen", .write = screen_write };

void screen_init(const struct mb2_framebuffer *fb)
{
	bool ok;

	if (!fb->present) {
		kprintf("screen: none (the boot loader passed no framebuffer tag)\n");
		return;
	}
	if (fb->type == MB2_FB_TYPE_EGA_TEXT)
		ok = vgatext_probe(fb, &be);
	else if (fb->type == MB2_FB_TYPE_RGB)
		ok = fbcon_probe(fb, &be);
	else {
		kprintf("screen: indexed-colour framebuffer not supported, no screen console\n");
		return;
	}
	if (!ok)
		return;
	cols = be.cols < SCREEN_MAX_COLS ? be.cols : SCREEN_MAX_COLS;
	rows = be.rows < SCREEN_MAX_ROWS ? be.rows : SCREEN_MAX_ROWS;
	log_rows = rows;
	text_cols = cols;
	/* The backend cleared the display to ATTR_LOG blanks: the shadow says the same. */
	for (unsigned r = 0; r < rows; r++)
		for (unsigned c = 0; c < cols; c++)
			cell[r][c] = (uint16_t)(' ' | ATTR_LOG << 8);
	active = true;
	console_add_sink(&screen_sink);
	kprintf("screen: %s, %ux%u characters\n", be.name, cols, rows);
}

bool screen_active(void)
{
	return active;
}

unsigned screen_cols(void)
{
	return text_cols;
}

unsigned screen_rows(void)
{
	return rows;
}

const char *screen_verdict(void)
{
	return verdict;
}

unsigned screen_qr(const struct qr *q)
{
	unsigned need;

	if (!active || !q->size || !be.qr_cols || text_cols != cols)
		return 0;
	need = be.qr_cols(q->size);
	if (!need || need + SCREEN_MIN_TEXT_COLS > cols)
		return 0;
	bool locked = screen_lock();

	text_cols = cols - need;
	if (cur_col > text_cols)
		cur_col = text_cols;
	be.qr_draw(text_cols, q);
	/* The shadow copy no longer says what those cells show; they are never drawn again. */
	for (unsigned r = 0; r < rows; r++)
		for (unsigned c = text_cols; c < cols; c++)
			cell[r][c] = 0;
	screen_unlock(locked);
	return need;
}

void screen_pin(const char *const *lines, const uint8_t *attrs, const uint8_t *const *cell_attrs,
		unsigned n)
{
	if (!active)
		return;
	bool locked = screen_lock();

	if (n >= rows)
		n = rows - 1;
	/* Keep the cursor (and the log's last lines) above the pinned rows. */
	while (cur_row >= rows - n) {
		scroll_up(cur_row + 1);
		cur_row--;
	}
	log_rows = rows - n;
	for (unsigned i = 0; i < n; i++) {
		size_t len = strnlen(lines[i], text_cols);
		for (unsigned c = 0; c < text_cols; c++)
			set_cell(c, log_rows + i, c < len ? lines[i][c] : ' ',
				 cell_attrs && cell_attrs[i] && c < len ? cell_attrs[i][c] : attrs[i]);
	}
	screen_unlock(locked);
}
