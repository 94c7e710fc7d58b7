/* The end of a run: semihosting, PSCI, the board, WFE (see exit.h). */
#include "arch/exit.h"
#include "arch/psci.h"
#include "arch/semihost.h"
#include "plat/plat.h"

__attribute__((noreturn)) static void park(void)
{
	for (;;)
		__asm__ volatile("wfe");
}

void machine_exit(int code)
{
	plat_uart_flush();
	semihost_exit(code); /* returns without -semihosting */
	psci_system_off();   /* returns without PSCI */
	plat_poweroff();     /* returns when the board has none */
	park();
}

void machine_exit_unguarded(int code)
{
	plat_uart_flush();
	semihost_exit_unguarded(code);
	park();
}
