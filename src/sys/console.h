/* The console: the platform UART, with "\n" sent as "\r\n". */
#ifndef PG_SYS_CONSOLE_H
#define PG_SYS_CONSOLE_H

#include <stddef.h>

void console_write(const char *s, size_t n);
void console_puts(const char *s);

#endif
