/*
 * The PL011 driver against a model of the UART's transmitter as the PL011
 * TRM (DDI0183) describes it: FR.BUSY is set while the transmit FIFO holds
 * data or the shift register is sending, whether or not the UART is
 * enabled; a disabled UART finishes the character being sent but takes no
 * more from the FIFO; clearing LCRH.FEN flushes the FIFO.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hwfake.h"
#include "plat/drivers/pl011.h"

#define BASE	   0x3f201000u
#define CHAR_POLLS 10u /* FR reads per character on the line */

enum { DR = 0x00, FR = 0x18, IBRD = 0x24, FBRD = 0x28, LCRH = 0x2c, CR = 0x30 };

typedef struct uart {
	uint32_t regs[0x1000 / 4];
	unsigned fifo;	  /* bytes waiting in the transmit FIFO */
	unsigned shift;	  /* polls left for the character being sent */
	unsigned sent;	  /* characters that left the shift register */
	bool stalled;	  /* CTS flow control holding the transmitter */
	unsigned written; /* DR writes */
} uart;

static bool tx_on(const uart *s)
{
	return (s->regs[CR / 4] & 0x101u) == 0x101u;
}

/* One FR poll's worth of time on the line. */
static void step(uart *s)
{
	if (s->shift) {
		if (--s->shift == 0)
			s->sent++;
		return;
	}
	if (s->fifo && tx_on(s) && !s->stalled) {
		s->fifo--;
		s->shift = CHAR_POLLS;
	}
}

static uint32_t uart_read(hwfake_dev *d, uint32_t off)
{
	uart *m = d->state;
	unsigned depth = (m->regs[LCRH / 4] & 0x10u) ? 32u : 1u;

	if (off != FR)
		return m->regs[off / 4];
	step(m);
	return (m->fifo || m->shift ? 1u << 3 : 0) | (m->fifo >= depth ? 1u << 5 : 0) |
	       (m->fifo ? 0 : 1u << 7);
}

static void uart_write(hwfake_dev *d, uint32_t off, uint32_t v)
{
	uart *m = d->state;

	if (off == DR) {
		m->written++;
		m->fifo++;
		return;
	}
	if (off == LCRH && (m->regs[off / 4] & 0x10u) && !(v & 0x10u))
		m->fifo = 0; /* FEN 1 -> 0 flushes the FIFO */
	m->regs[off / 4] = v;
}

static uart u;
static hwfake_dev dev = { "pl011", BASE, 0x1000, uart_read, uart_write, &u };

/* A UART as a boot loader leaves it: enabled at its own rate, FIFO on,
 * bytes of its last line still queued, one being sent. */
static void boot_loader_state(unsigned queued, bool enabled)
{
	hwfake_reset();
	memset(&u, 0, sizeof(u));
	u.regs[CR / 4] = enabled ? 0x301u : 0;
	u.regs[LCRH / 4] = 0x70u;
	u.fifo = queued;
	u.shift = queued ? CHAR_POLLS : 0;
	hwfake_attach(&dev);
}

static void init(void *arg)
{
	(void)arg;
	pl011_init(BASE, 48000000u, 115200u);
}

/* The sequence before issue 18 (the TRM's BUSY semantics make it hang). */
static void old_init(void *arg)
{
	(void)arg;
	hw_write32(BASE + CR, 0);
	while (hw_read32(BASE + FR) & (1u << 3))
		;
	hw_write32(BASE + LCRH, 0);
	hw_write32(BASE + 0x44, 0x7ff);
	hw_write32(BASE + IBRD, 26);
	hw_write32(BASE + FBRD, 3);
	hw_write32(BASE + LCRH, 0x70);
	hw_write32(BASE + 0x38, 0);
	hw_write32(BASE + CR, 0x301);
}

static void assert_configured(void)
{
	/* 48 MHz / (16 * 115200) = 26.04: IBRD 26, FBRD 3; 8N1, FIFOs on. */
	assert_int_equal(u.regs[IBRD / 4], 26);
	assert_int_equal(u.regs[FBRD / 4], 3);
	assert_int_equal(u.regs[LCRH / 4], 0x70);
	assert_int_equal(u.regs[CR / 4], 0x301);
}

static void test_old_sequence_hangs(void **state)
{
	(void)state;
	boot_loader_state(20, true);
	assert_false(hwfake_run(old_init, NULL, 1000000));
	assert_int_equal(u.fifo, 20); /* stuck: disabled with bytes queued */
	boot_loader_state(5, false);
	assert_false(hwfake_run(old_init, NULL, 1000000));
}

static void test_drains_leftover_bytes(void **state)
{
	(void)state;
	boot_loader_state(20, true);
	assert_true(hwfake_run(init, NULL, 1000000));
	assert_configured();
	assert_int_equal(u.sent, 21); /* the boot loader's line went out whole */
	assert_int_equal(u.fifo, 0);
	assert_int_equal(u.shift, 0);
}

static void test_flushes_fifo_of_disabled_uart(void **state)
{
	(void)state;
	boot_loader_state(5, false);
	assert_true(hwfake_run(init, NULL, 1000000));
	assert_configured();
	assert_int_equal(u.sent, 1); /* the character in the shift register */
}

static void test_stalled_transmitter_does_not_hang(void **state)
{
	(void)state;
	boot_loader_state(20, true);
	u.stalled = true;
	assert_true(hwfake_run(init, NULL, 100000000));
	assert_configured();
}

static void putc_all(void *arg)
{
	for (const char *s = arg; *s; s++)
		pl011_putc(BASE, *s);
	assert_true(pl011_flush(BASE));
}

static void test_putc_and_flush(void **state)
{
	static const char line[] = "more than a FIFO's worth of bytes, all of them sent in order";

	(void)state;
	boot_loader_state(0, true);
	assert_true(hwfake_run(init, NULL, 1000000));
	assert_true(hwfake_run(putc_all, (void *)line, 1000000));
	assert_int_equal(u.written, sizeof(line) - 1);
	assert_int_equal(u.sent, sizeof(line) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_sequence_hangs),
		cmocka_unit_test(test_drains_leftover_bytes),
		cmocka_unit_test(test_flushes_fifo_of_disabled_uart),
		cmocka_unit_test(test_stalled_transmitter_does_not_hang),
		cmocka_unit_test(test_putc_and_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
