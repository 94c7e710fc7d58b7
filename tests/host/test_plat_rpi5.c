/*
 * The Raspberry Pi 5 board file (src/plat/rpi5.c, included here: the code
 * that ships) against a model of the debug UART's PL011 at 0x10_7D00_1000
 * (bcmfake.h).  The firmware has set the UART's clock and divisors; the
 * board must not reprogram them (no write to UARTIBRD, UARTFBRD or
 * UARTLCR_H, which latches them: PL011 TRM 3.3.7).  Known-bad control: the
 * Pi 3/4 set-up (pl011_init at a 48 MHz clock) rewrites the divisors, and
 * the check says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bcmfake.h"
#include "plat/rpi5.c"

#define T_UART 0x107d001000ull

enum { DR = 0x00, IBRD = 0x24, FBRD = 0x28, LCRH = 0x2c, CR = 0x30 };

static bcmfake_uart uart;

/* As the firmware leaves it (uart_2ndstage=1): 115200 baud from its
 * 44 MHz clock, 44e6 / (16 * 115200) = 23.87: IBRD 23, FBRD 56. */
static void firmware_state(bool programmed, uint32_t cr)
{
	hwfake_reset();
	bcmfake_uart_attach(&uart, T_UART);
	if (programmed) {
		uart.regs[IBRD / 4] = 23;
		uart.regs[FBRD / 4] = 56;
		uart.regs[LCRH / 4] = 0x70;
	}
	uart.regs[CR / 4] = cr;
	memset(note, 0, sizeof note);
}

/* The divisors and line as the firmware set them, none written. */
static bool divisors_kept(void)
{
	return !uart.writes[IBRD / 4] && !uart.writes[FBRD / 4] && !uart.writes[LCRH / 4] &&
	       uart.regs[IBRD / 4] == 23 && uart.regs[FBRD / 4] == 56 &&
	       uart.regs[LCRH / 4] == 0x70;
}

static void board_init(void *arg)
{
	(void)arg;
	assert_null(plat_uart_init(NULL));
	plat_putc('5');
	plat_uart_flush();
}

static void pi4_init(void *arg)
{
	(void)arg;
	pl011_init(T_UART, 48000000u, 115200u);
}

static void test_plat_facts(void **state)
{
	(void)state;
	assert_string_equal(plat.name, "rpi5");
	assert_int_equal(plat.uart_base, T_UART);
	assert_true(plat.psci_from_dtb);
	assert_true(plat.mmio[0].base <= T_UART &&
		    T_UART + 0x1000 <= plat.mmio[0].base + plat.mmio[0].size);
}

static void test_running_uart_untouched(void **state)
{
	(void)state;
	firmware_state(true, 0x301);
	assert_true(hwfake_run(board_init, NULL, 100000));
	assert_true(divisors_kept());
	assert_int_equal(uart.writes[CR / 4], 0);
	assert_int_equal(uart.nout, 1);
	assert_int_equal(uart.out[0], '5');
	assert_string_equal(
		plat_note(),
		"debug uart as the firmware set it: IBRD 23 FBRD 56 (not reprogrammed)");
}

/* Programmed but switched off: the transmitter on, nothing else. */
static void test_disabled_uart_enabled_only(void **state)
{
	(void)state;
	firmware_state(true, 0);
	assert_true(hwfake_run(board_init, NULL, 100000));
	assert_true(divisors_kept());
	assert_int_equal(uart.writes[CR / 4], 1);
	assert_int_equal(uart.regs[CR / 4], 0x101);
}

/* Never programmed: no clock to compute divisors from; left alone. */
static void test_unprogrammed_uart_left_alone(void **state)
{
	(void)state;
	firmware_state(false, 0);
	assert_true(hwfake_run(board_init, NULL, 100000));
	for (unsigned off = 0x04; off < 0x1000; off += 4)
		assert_int_equal(uart.writes[off / 4], 0);
	assert_non_null(strstr(plat_note(), "never set up by the firmware"));
}

/* Known-bad control: the Pi 3/4 way rewrites the firmware's divisors. */
static void test_pi4_set_up_rewrites_divisors(void **state)
{
	(void)state;
	firmware_state(true, 0x301);
	assert_true(hwfake_run(pi4_init, NULL, 100000));
	assert_false(divisors_kept());
	assert_int_equal(uart.regs[IBRD / 4], 26);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plat_facts),
		cmocka_unit_test(test_running_uart_untouched),
		cmocka_unit_test(test_disabled_uart_enabled_only),
		cmocka_unit_test(test_unprogrammed_uart_left_alone),
		cmocka_unit_test(test_pi4_set_up_rewrites_divisors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
