/*
 * Bring-up after the MMU is on: console, boot facts, DTB, the page pool's
 * real end, the PSCI conduit; then the firmware's main program and the exit.
 */
#include <stdio.h>
#include <string.h>

#include "arch/page.h"
#include "arch/psci.h"
#include "fw/fw.h"
#include "plat/plat.h"
#include "sys/boot.h"
#include "sys/dtb.h"
#include "sys/exit.h"

static unsigned entry_el;
static uint64_t dtb_pa;

unsigned boot_entry_el(void)
{
	return entry_el;
}

uint64_t boot_dtb(void)
{
	return dtb_pa;
}

void sys_init(uint64_t dtb, unsigned el)
{
	uint64_t base, size;

	entry_el = el;
	dtb_pa = dtb;
	/* SErrors (asynchronous external aborts) are taken and reported, not
	 * left pending; pairguard uses no interrupts, so IRQ/FIQ stay masked. */
	__asm__ volatile("msr daifclr, #4" : : : "memory");
	plat_uart_init();
	plat_secondaries_park();
	/* Unbuffered: nothing is lost in a buffer when the run dies. */
	setvbuf(stdout, NULL, _IONBF, 0);

	if (dtb_init(dtb)) {
		if (dtb_memory(&base, &size) && base + size > base)
			page_limit(base + size);
		const char *method = dtb_psci_method();

		if (plat.psci_from_dtb && method)
			psci_set_conduit(!strcmp(method, "hvc")	  ? PSCI_HVC
					 : !strcmp(method, "smc") ? PSCI_SMC
								  : PSCI_NONE);
	}
	sys_exit(fw_main());
}
