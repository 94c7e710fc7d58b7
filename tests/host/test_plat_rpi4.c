/*
 * The Raspberry Pi 4 board (src/plat/rpi4.c and rpi_armstub.c, included
 * here: the code that ships) against models of the BCM2711's GPIO, PL011
 * and mailbox (bcmfake.h).  Facts from Broadcom's BCM2711 ARM Peripherals: peripherals
 * at 0xFE000000 in low-peripheral mode (1.2.3), GPIO at +0x200000 with
 * GPFSEL1 and GPIO_PUP_PDN_CNTRL_REG0 (5.2), PL011 UART0 at +0x201000
 * (chapter 11).  Known-bad control: the BCM2837's GPPUD/GPPUDCLK pull sequence
 * (the Pi 3's) leaves the BCM2711's pulls on, and the check says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bcmfake.h"
#include "plat/rpi4.c"
#include "plat/rpi_armstub.c"

char park_secondary[4]; /* boot/start.S's, only its address is taken */

#define T_GPIO 0xfe200000u
#define T_UART 0xfe201000u
#define T_MBOX 0xfe00b880u

static bcmfake_gpio gpio;
static bcmfake_uart uart;
static bcmfake_mbox mbox;
static bcm_mbox_buf buf;
static char line[160];

static void attach(void)
{
	hwfake_reset();
	hwfake_freq = 54000000u;
	bcmfake_gpio_attach(&gpio, BCMFAKE_2711, T_GPIO);
	bcmfake_uart_attach(&uart, T_UART);
	bcmfake_mbox_attach(&mbox, T_MBOX, buf.w, 48000000u);
	uart.regs[0x30 / 4] = 0x301; /* as the firmware left it: enabled */
}

/* UART0 on GPIO14/15: ALT0 and no pull, every other pin as it was. */
static bool pins_ok(const char **why)
{
	uint32_t fsel1 = (0x3fffffffu & ~0x3f000u) | (4u << 12) | (4u << 15);

	*why = NULL;
	if (gpio.regs[1] != fsel1)
		*why = "GPFSEL1: GPIO14/15 not ALT0, or another pin changed";
	else if (gpio.pull[14] != BCMFAKE_PULL_NONE || gpio.pull[15] != BCMFAKE_PULL_NONE)
		*why = "GPIO14/15 still pulled";
	else if (gpio.faults)
		*why = "GPPUD/GPPUDCLK accessed: the BCM2711 has none";
	for (unsigned i = 0; !*why && i < 58; i++)
		if (i != 14 && i != 15 && gpio.pull[i] != BCMFAKE_PULL_DOWN)
			*why = "another pin's pull changed";
	return *why == NULL;
}

static void run_board_init(void *arg)
{
	(void)arg;
	assert_null(plat_uart_init(NULL));
}

static void run_uart0_mailbox(void *arg)
{
	const rpi_uart0 *u = arg;

	/* A physical address the mailbox accepts; the host's own address of
	 * buf is far above the VideoCore's 1 GiB. */
	rpi_uart0_init(u, &buf, 0x00100040u, line, sizeof line);
}

static void test_plat_facts(void **state)
{
	(void)state;
	assert_string_equal(plat.name, "rpi4");
	assert_int_equal(plat.uart_base, T_UART);
	assert_false(plat.psci_from_dtb);
	/* Every register block the board touches is mapped as Device. */
	assert_true(plat.mmio[0].base <= T_MBOX &&
		    T_UART + 0x1000 <= plat.mmio[0].base + plat.mmio[0].size);
	assert_true(plat.mmio[0].base + plat.mmio[0].size <= 0x100000000ull);
	assert_ptr_equal(rpi_uart.pulls_off, bcm2711_gpio_pulls_off);
}

/* The board's own plat_uart_init: on the host its buffer is above 1 GiB,
 * so the mailbox refuses it and the 48 MHz default is assumed. */
static void test_board_uart_init(void **state)
{
	const char *why;

	(void)state;
	attach();
	assert_true(hwfake_run(run_board_init, NULL, 100000));
	assert_true(pins_ok(&why));
	assert_null(why);
	/* 48 MHz / (16 * 115200) = 26.04: IBRD 26, FBRD 3; 8N1, FIFOs on. */
	assert_int_equal(uart.regs[0x24 / 4], 26);
	assert_int_equal(uart.regs[0x28 / 4], 3);
	assert_int_equal(uart.regs[0x2c / 4], 0x70);
	assert_int_equal(uart.regs[0x30 / 4], 0x301);
	assert_int_equal(mbox.requests, 0);
	assert_non_null(strstr(plat_note(), "uart clock assumed 48000000 Hz"));
}

/* The shared sequence with the mailbox answering: UART stopped before its
 * clock and pins change; clock 2 (UART) asked at 48 MHz. */
static void test_uart0_sequence(void **state)
{
	const char *why;
	size_t stop, first_gpio;

	(void)state;
	attach();
	assert_true(hwfake_run(run_uart0_mailbox, (void *)&rpi_uart, 100000));
	assert_true(pins_ok(&why));
	assert_int_equal(mbox.requests, 1);
	assert_int_equal(mbox.clock_id, 2);
	assert_int_equal(mbox.asked_hz, 48000000u);
	assert_int_equal(mbox.msg, 0xc0100048u);
	assert_string_equal(line, "uart clock 48000000 Hz (mailbox, asked 48000000)");
	stop = bcmfake_first_write(T_UART + 0x30, 0);
	first_gpio = bcmfake_first_write(T_GPIO + 0x04, 0);
	assert_true(stop < first_gpio);
	assert_int_equal(hwfake_log[stop].v, 0);
	assert_true(stop < bcmfake_first_write(T_MBOX + 0x20, 0));
	assert_int_equal(uart.regs[0x24 / 4], 26);
	assert_int_equal(uart.regs[0x28 / 4], 3);
}

/* Known-bad control: the Pi 3's pull sequence on the BCM2711. */
static void test_bcm2837_pulls_fail_on_bcm2711(void **state)
{
	rpi_uart0 pi3_way = rpi_uart;
	const char *why;

	(void)state;
	pi3_way.pulls_off = bcm_gpio_pulls_off;
	attach();
	assert_true(hwfake_run(run_uart0_mailbox, &pi3_way, 100000));
	assert_false(pins_ok(&why));
	assert_string_equal(why, "GPIO14/15 still pulled");
	assert_true(gpio.faults > 0);
}

/* The armstub's spin table: cores 1..3 released to the entry, the table
 * cleaned to the PoC before the SEV that wakes them. */
static void test_spin_release(void **state)
{
	static uint64_t table[4] = { 0x11, 0, 0, 0 };
	size_t clean = HWFAKE_LOG_MAX, sev = HWFAKE_LOG_MAX;

	(void)state;
	hwfake_reset();
	rpi_spin_release(table, 4, 0x80abcu);
	assert_int_equal(table[0], 0x11);
	for (unsigned i = 1; i < 4; i++)
		assert_int_equal(table[i], 0x80abcu);
	for (size_t i = 0; i < hwfake_nlog; i++) {
		if (hwfake_log[i].op == 'c' && hwfake_log[i].addr == (uint64_t)(uintptr_t)table &&
		    hwfake_log[i].len >= sizeof table)
			clean = i;
		if (hwfake_log[i].op == 'e')
			sev = i;
	}
	assert_true(clean < sev && sev < HWFAKE_LOG_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plat_facts),
		cmocka_unit_test(test_board_uart_init),
		cmocka_unit_test(test_uart0_sequence),
		cmocka_unit_test(test_bcm2837_pulls_fail_on_bcm2711),
		cmocka_unit_test(test_spin_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
