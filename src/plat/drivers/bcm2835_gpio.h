/* BCM2835-family GPIO (BCM2837 on the Raspberry Pi 3): pin functions and
 * the pull-up/down control (BCM2835 ARM Peripherals, section 6). */
#ifndef PG_PLAT_BCM2835_GPIO_H
#define PG_PLAT_BCM2835_GPIO_H

#include <stdint.h>

#define BCM_GPIO_ALT0 4u /* GPFSEL function code */

/* Give pin (0..53) the GPFSEL function code fn (0..7). */
void bcm_gpio_set_function(uint64_t base, unsigned pin, unsigned fn);

/* Switch the pull-up/down off for the pins in mask (GPIO 0..31). */
void bcm_gpio_pulls_off(uint64_t base, uint32_t mask);

/* The set-up time of the pull control, microseconds (see the .c). */
#define BCM_GPIO_PULL_WAIT_US 5u

#endif
