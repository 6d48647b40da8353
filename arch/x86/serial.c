/* SPDX-License-Identifier: MIT */
/*
 * 16550 UART, polled (PC16550D data sheet register map: RBR/THR 0, IER 1,
 * FCR 2, LCR 3, MCR 4, LSR 5, SCR 7; DLL/DLM at 0/1 with LCR.DLAB).
 * The port is probed before use: an absent UART reads 0xff everywhere, and
 * every wait for the transmitter is bounded so a missing or wedged UART
 * cannot hang the boot.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"

#define UART_THR        0
#define UART_IER        1
#define UART_FCR        2
#define UART_LCR        3
#define UART_MCR        4
#define UART_LSR        5
#define UART_SCR        7
#define UART_LCR_DLAB   0x80
#define UART_LCR_8N1    0x03
#define UART_LSR_THRE   0x20
#define UART_CLOCK_DIV  115200

#define THRE_SPINS      200000

static uint16_t uart_port;

static bool uart_probe(uint16_t port)
{
	/* The scratch register holds what was written on a real 16550/16450. */
	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return false;
	outb(port + UART_SCR, 0xa5);
	if (inb(port + UART_SCR) != 0xa5)
		return false;
	return inb(port + UART_LSR) != 0xff;
}

bool serial_init(uint16_t port, uint32_t baud)
{
	uint16_t div = (uint16_t)(baud ? UART_CLOCK_DIV / baud : 1);

	uart_port = 0;
	if (!port || !uart_probe(port))
		return false;
	if (!div)
		div = 1;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + 0, (uint8_t)div);
	outb(port + 1, (uint8_t)(div >> 8));
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, 0xc7);            /* FIFO on, clear, 14-byte trigger */
	outb(port + UART_MCR, 0x03);            /* DTR, RTS */
	uart_port = port;
	return true;
}

uint16_t serial_port(void)
{
	return uart_port;
}

static void uart_putc(char c)
{
	for (unsigned i = 0; i < THRE_SPINS; i++) {
		if (inb(uart_port + UART_LSR) & UART_LSR_THRE)
			break;
		cpu_relax();
	}
	outb(uart_port + UART_THR, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	if (!uart_port)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}
