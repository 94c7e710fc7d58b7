/* BCM2835-family GPIO: pin functions (the same GPFSEL registers on the
 * BCM2837 of the Raspberry Pi 3 and the BCM2711 of the Pi 4) and the
 * pull-up/down control, which differs: the BCM2835/2837 clock a pull code
 * into the pins (BCM2835 ARM Peripherals, section 6), the BCM2711 has a
 * pull field per pin (BCM2711 ARM Peripherals, section 5). */
#ifndef PG_PLAT_BCM2835_GPIO_H
#define PG_PLAT_BCM2835_GPIO_H

#include <stdint.h>

#define BCM_GPIO_ALT0 4u /* GPFSEL function code */

/* Give pin (0..53) the GPFSEL function code fn (0..7). */
void bcm_gpio_set_function(uint64_t base, unsigned pin, unsigned fn);

/* Switch the pull-up/down off for the pins in mask (GPIO 0..31): the
 * generation's own way, one of the two below. */
typedef void bcm_gpio_pulls_fn(uint64_t base, uint32_t mask);

/* BCM2835/BCM2837: the GPPUD / GPPUDCLK0 sequence. */
bcm_gpio_pulls_fn bcm_gpio_pulls_off;

/* BCM2711: the pins' fields in GPIO_PUP_PDN_CNTRL_REG0/1. */
bcm_gpio_pulls_fn bcm2711_gpio_pulls_off;

/* The set-up time of the pull control, microseconds (see the .c). */
#define BCM_GPIO_PULL_WAIT_US 5u

#endif
