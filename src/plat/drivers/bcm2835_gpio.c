/* BCM2835-family GPIO, BCM2711 included (see bcm2835_gpio.h). */
#include "plat/drivers/bcm2835_gpio.h"
#include "plat/drivers/hw.h"

#define GPFSEL0	  0x00u
#define GPPUD	  0x94u
#define GPPUDCLK0 0x98u
#define PUD_OFF	  0u

/* BCM2711 ARM Peripherals, 5.2: GPIO_PUP_PDN_CNTRL_REG0..3 at 0xE4..0xF0,
 * 16 pins each, 2 bits per pin: 00 no resistor, 01 pull-up, 10 pull-down. */
#define PUP_PDN_CNTRL_REG0 0xe4u
#define PUP_PDN_BITS	   2u
#define PUP_PDN_MASK	   3u
#define PUP_PDN_NONE	   0u

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

/* The BCM2711 has no GPPUD/GPPUDCLK (BCM2711 ARM Peripherals 5.1, 5.2):
 * the field is the pin's pull, written with no set-up or hold time. */
void bcm2711_gpio_pulls_off(uint64_t base, uint32_t mask)
{
	for (unsigned reg = 0; reg < 2; reg++) {
		uint32_t pins = (mask >> (16u * reg)) & 0xffffu, v, keep = ~0u;

		if (!pins)
			continue;
		for (unsigned i = 0; i < 16; i++)
			if (pins & (1u << i))
				keep &= ~(PUP_PDN_MASK << (PUP_PDN_BITS * i));
		v = hw_read32(base + PUP_PDN_CNTRL_REG0 + 4u * reg);
		hw_write32(base + PUP_PDN_CNTRL_REG0 + 4u * reg, v & keep); /* PUP_PDN_NONE */
	}
}
