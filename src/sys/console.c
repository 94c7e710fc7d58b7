/* The console on the platform UART. */
#include "plat/plat.h"
#include "sys/console.h"

void console_write(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			plat_putc('\r');
		plat_putc(s[i]);
	}
}

void console_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			plat_putc('\r');
		plat_putc(*s++);
	}
}
