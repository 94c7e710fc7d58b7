/* BCM2835-family GPIO (see bcm2835_gpio.h). */
#include "plat/drivers/bcm2835_gpio.h"
#include "plat/drivers/hw.h"

#define GPFSEL0	  0x00u
#define GPPUD	  0x94u
#define GPPUDCLK0 0x98u
#define PUD_OFF	  0u

void bcm_gpio_set_function(uint64_t base, unsigned pin, unsigned fn)
{
	uint64_t reg = base + GPFSEL0 + 4u * (pin / 10);
	unsigned shift = 3u * (pin % 10);
	uint32_t v = hw_read32(reg);

	v &= ~(7u << shift);
	v |= (fn & 7u) << shift;
	hw_write32(reg, v);
}

/*
 * BCM2835 ARM Peripherals, 6.1, GPPUDCLKn: write GPPUD, wait 150 cycles
 * (set-up of the control signal), write GPPUDCLKn to clock it into the
 * pins, wait 150 cycles (hold), remove the control signal, remove the
 * clock.  The cycles are of the GPIO block's clock, slower than the ARM
 * core, so a loop of 150 instructions is far too short; timed on the
 * generic counter, 5 us is 150 cycles even at 30 MHz.
 */
void bcm_gpio_pulls_off(uint64_t base, uint32_t mask)
{
	hw_write32(base + GPPUD, PUD_OFF);
	hw_delay_us(BCM_GPIO_PULL_WAIT_US);
	hw_write32(base + GPPUDCLK0, mask);
	hw_delay_us(BCM_GPIO_PULL_WAIT_US);
	hw_write32(base + GPPUD, PUD_OFF);
	hw_write32(base + GPPUDCLK0, 0);
}
