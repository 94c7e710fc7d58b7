/*
 * Bring-up after the MMU is on: console, boot facts, DTB, the page pool's
 * real end, the PSCI conduit; then the firmware's main program and the exit.
 */
#include <stdio.h>
#include <string.h>

#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/psci.h"
#include "fw/fw.h"
#include "plat/plat.h"
#include "sys/boot.h"
#include "sys/dtb.h"
#include "sys/exit.h"

extern char _end[], __bss_start[], __bss_end[];

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

void boot_report_facts(report *rep)
{
	const mmu_ram_info *ram = mmu_ram();
	const char *note = plat_note();

	/* BSS (boot/start.S) and page tables are all that is written with
	 * the MMU off; the figure is fixed for an image, so reports stay
	 * reproducible. */
	const unsigned long long kib = ((uint64_t)((uintptr_t)__bss_end - (uintptr_t)__bss_start) +
					page_zeroed_mmu_off() + 1023) /
				       1024;

	report_comment(rep, "ram: 0x%llx..0x%llx %s%s%s, %llu KiB zeroed with the MMU off",
		       (unsigned long long)ram->base, (unsigned long long)ram->end,
		       ram->fallback ? "assumed (" : "from ", ram->source, ram->fallback ? ")" : "",
		       kib);
	if (boot_dtb_moved_from)
		report_comment(rep,
			       "boot: the DTB at 0x%llx lay inside the image's footprint "
			       "(BSS, stacks, heap up to 0x%llx): moved to 0x%llx",
			       (unsigned long long)boot_dtb_moved_from,
			       (unsigned long long)(uintptr_t)_end, (unsigned long long)dtb_pa);
	if (note)
		report_comment(rep, "plat: %s", note);
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
