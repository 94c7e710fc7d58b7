/*
 * The generic board: whatever the device tree the loader passed describes.
 * RAM comes from its /memory (mmu.c, with the MMU off), the console from
 * its stdout-path, serial0 alias or first UART (src/dt/discover.c), written
 * through an earlycon driver: the boot loader has set the UART up, so
 * pairguard only polls and writes, never touching clocks, pins or divisors.
 * The console's registers are mapped Device-nGnRnE here, once the MMU is
 * on.  PSCI as the tree's /psci says; other cores stay where the loader
 * holds them (PSCI off, or its spin-table).
 */
#include <stdio.h>

#include "arch/mmu.h"
#include "arch/page.h"
#include "dt/discover.h"
#include "plat/plat.h"

const plat_info plat = {
	.name = "generic",
	/* Any RAM below the JIT alias and the arena (arch/mmu.h) that the
	 * tree's /memory names; the MMIO is the console alone, mapped by
	 * plat_uart_init. */
	.ram = { 0, MMU_JIT_RX_VA },
	/* Without /memory nothing is known about RAM: mmu.c's fallback then
	 * keeps the image out of it and stops with "the image lies outside
	 * the RAM". */
	.ram_fallback = PAGE_SIZE,
	.uart_base = 0, /* the console the device tree names */
	.psci_from_dtb = true,
};

static dt_board board;
static const earlycon_driver *con_driver; /* NULL: no console (yet) */
static earlycon_port con_port;
static char note[DT_WHY_MAX + 96];

const char *plat_uart_init(const void *dtb)
{
	static char why[DT_WHY_MAX];
	const dt_console *c = &board.console;
	uint64_t lo, hi;
	int err;

	if (!dtb)
		return "no device tree, which is where the generic image finds its console";
	if (!dt_discover(dtb, &board, why, sizeof why))
		return why;
	if (!c->ok) {
		snprintf(why, sizeof why, "no console it can drive: %s", board.console_why);
		return why;
	}
	lo = c->addr & ~(uint64_t)(PAGE_SIZE - 1);
	hi = (c->addr + (c->size ? c->size : 1) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (hi <= lo || hi > MMU_JIT_RX_VA) {
		snprintf(why, sizeof why,
			 "the console %s at 0x%llx lies above 0x%llx, where pairguard's JIT alias "
			 "and arena are mapped",
			 c->compatible, (unsigned long long)c->addr,
			 (unsigned long long)MMU_JIT_RX_VA);
		return why;
	}
	err = mmu_map(lo, lo, hi - lo, MMU_DEVICE);
	if (err != MMU_OK) {
		snprintf(why, sizeof why, "cannot map the console %s at 0x%llx: %s", c->compatible,
			 (unsigned long long)c->addr, mmu_strerror(err));
		return why;
	}
	con_port = (earlycon_port){ (uintptr_t)c->addr, c->reg_shift, c->io_width };
	con_driver = c->match->driver;
	snprintf(note, sizeof note, "console %s at 0x%llx (%s, %s driver)", c->compatible,
		 (unsigned long long)c->addr, dt_console_source_name(c->source), con_driver->name);
	return NULL;
}

const char *plat_note(void)
{
	return note[0] ? note : NULL;
}

void plat_secondaries_park(void)
{
	/* PSCI cores stay off until CPU_ON; spin-table cores keep spinning in
	 * the loader's loop until their release address is written. */
}

void plat_putc(char c)
{
	if (con_driver)
		earlycon_putc(con_driver, &con_port, (uint8_t)c);
}

void plat_uart_flush(void)
{
	/* The earlycon drivers poll only for room to write; the last bytes
	 * leave the FIFO while the exit path runs. */
}

void plat_poweroff(void)
{
	/* PSCI SYSTEM_OFF, tried before, is all the generic image knows. */
}
