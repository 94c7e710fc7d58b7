/*
 * The BCM2835 GPIO driver against a register file that timestamps every
 * write on the generic counter (hwfake: only counter reads pass time, so a
 * delay loop that does not read the counter takes none).  The pull control
 * needs 150 cycles of set-up and hold (BCM2835 ARM Peripherals 6.1); the
 * test asks for 150 cycles of the 250 MHz core clock, 0.6 us, at the Pi 3's
 * 19.2 MHz counter and at the Pi 4's 54 MHz.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hwfake.h"
#include "plat/drivers/bcm2835_gpio.h"

#define GPIO 0x3f200000u

static uint32_t regs[0x100 / 4];

static uint32_t gpio_read(hwfake_dev *d, uint32_t off)
{
	(void)d;
	return regs[off / 4];
}

static void gpio_write(hwfake_dev *d, uint32_t off, uint32_t v)
{
	(void)d;
	regs[off / 4] = v;
}

static hwfake_dev dev = { "gpio", GPIO, 0x100, gpio_read, gpio_write, NULL };

static void uart_pins(void *arg)
{
	(void)arg;
	bcm_gpio_set_function(GPIO, 14, BCM_GPIO_ALT0);
	bcm_gpio_set_function(GPIO, 15, BCM_GPIO_ALT0);
	bcm_gpio_pulls_off(GPIO, (1u << 14) | (1u << 15));
}

/* The tick of the first write of v to off at or after event *from. */
static uint64_t write_tick(uint32_t off, uint32_t v, size_t *from)
{
	for (size_t i = *from; i < hwfake_nlog; i++)
		if (hwfake_log[i].op == 'w' && hwfake_log[i].addr == GPIO + off &&
		    hwfake_log[i].v == v) {
			*from = i + 1;
			return hwfake_log[i].tick;
		}
	fail_msg("no write of 0x%x to GPIO+0x%x", v, off);
	return 0;
}

static void check_at(uint64_t freq)
{
	const uint64_t need = (150 * freq + 250000000 - 1) / 250000000; /* 150 cycles at 250 MHz */
	uint64_t t_pud, t_clk, t_off;
	size_t at = 0;

	hwfake_reset();
	hwfake_freq = freq;
	memset(regs, 0, sizeof(regs));
	regs[1] = 0x3fffffffu; /* GPFSEL1: every pin some other function */
	regs[0x94 / 4] = 2;    /* GPPUD: pull-up, as left */
	hwfake_attach(&dev);
	assert_true(hwfake_run(uart_pins, NULL, 1000));

	/* GPIO14 and 15 (GPFSEL1 bits 12..17) ALT0, the others untouched. */
	assert_int_equal(regs[1], (0x3fffffffu & ~0x3f000u) | (4u << 12) | (4u << 15));
	t_pud = write_tick(0x94, 0, &at);
	t_clk = write_tick(0x98, (1u << 14) | (1u << 15), &at);
	t_off = write_tick(0x98, 0, &at);
	assert_true(t_clk - t_pud >= need);
	assert_true(t_off - t_clk >= need);
	assert_int_equal(regs[0x98 / 4], 0);
	assert_int_equal(regs[0x94 / 4], 0);
}

static void test_pull_timing_pi3_counter(void **state)
{
	(void)state;
	check_at(19200000u);
}

static void test_pull_timing_pi4_counter(void **state)
{
	(void)state;
	check_at(54000000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pull_timing_pi3_counter),
		cmocka_unit_test(test_pull_timing_pi4_counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
