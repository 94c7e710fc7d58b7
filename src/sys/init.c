/*
 * Bring-up after the MMU is on: console, DTB, the page pool's real end,
 * the PSCI conduit, all gathered into one boot_info; then the firmware's
 * main program and the exit.
 */
#include <stdio.h>

#include "arch/exit.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/psci.h"
#include "arch/semihost.h"
#include "fw/fw.h"
#include "plat/plat.h"
#include "sys/boot.h"
#include "sys/dtb.h"

extern char __bss_start[], __bss_end[], __image_start[];

static boot_info boot;

/* What mmu_init and boot/start.S found out about memory. */
static void memory_facts(void)
{
	const mmu_ram_info *ram = mmu_ram();

	boot.ram_base = ram->base;
	boot.ram_end = ram->end;
	boot.ram_source = ram->source;
	boot.ram_assumed = ram->fallback;
	/* BSS (boot/start.S) and page tables are all that is written with
	 * the MMU off: a fixed figure for an image, so reports stay
	 * reproducible. */
	boot.zeroed_mmu_off =
		(uint64_t)((uintptr_t)__bss_end - (uintptr_t)__bss_start) + page_zeroed_mmu_off();
	boot.dtb_moved_from = boot_dtb_moved_from;
	boot.image_pa = (uint64_t)(uintptr_t)__image_start;
	boot.image_link = boot.image_pa - boot_reloc_delta;
	boot.relocations = boot_relocs;
}

/*
 * The board cannot be driven without a console: say why on the only channel
 * left (semihosting, under QEMU) and end with status 2.  (A DTB problem
 * that left the board without one is part of the reason.)
 */
__attribute__((noreturn)) static void stop_without_console(const char *why)
{
	static char msg[512];

	snprintf(
		msg, sizeof msg,
		"pairguard %s plat=%s: cannot drive this board: %s%s%s; stopping (exit status 2)\n",
		PG_VERSION, plat.name, why, boot.dtb_problem ? "; DTB: " : "",
		boot.dtb_problem ? boot.dtb_problem : "");
	semihost_write0(msg);
	machine_exit(2);
}

void sys_init(uint64_t dtb, unsigned el)
{
	const char *no_console;

	boot.entry_el = el;
	boot.dtb_pa = dtb;
	/* SErrors (asynchronous external aborts) are taken and reported, not
	 * left pending; pairguard uses no interrupts, so IRQ/FIQ stay masked. */
	__asm__ volatile("msr daifclr, #4" : : : "memory");
	/* The DTB first: the generic board finds its console there. */
	if (dtb_init(dtb)) {
		boot.dtb = dtb_blob();
		boot.bootargs = dtb_bootargs();
		boot.model = dtb_model();
		boot.efi_firmware = dtb_efi_firmware();
		boot.has_memory = dtb_memory((uint64_t)(uintptr_t)__image_start, &boot.mem_base,
					     &boot.mem_size);
		if (boot.has_memory && boot.mem_base + boot.mem_size > boot.mem_base)
			page_limit(boot.mem_base + boot.mem_size);
	} else {
		boot.dtb_problem = dtb_problem();
	}
	no_console = plat_uart_init(boot.dtb);
	if (no_console)
		stop_without_console(no_console);
	/* The other cores stay where the loader holds them until fw_main has
	 * read the bootargs (cpus=): it starts or parks them. */
	memory_facts();
	boot.plat_note = plat_note();
	/* Unbuffered: nothing is lost in a buffer when the run dies. */
	setvbuf(stdout, NULL, _IONBF, 0);
	boot.psci = psci_init(plat.psci_from_dtb ? boot.dtb : NULL, &boot.psci_problem);
	machine_exit(fw_main(&boot));
}
