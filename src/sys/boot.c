/*
 * The first C code, entered from boot/start.S at EL1 with the MMU off.
 * Built with -mstrict-align and checked to call no libc (see the Makefile):
 * with the MMU off every access is Device memory.  It only turns the MMU on.
 */
#include "arch/mmu.h"
#include "sys/boot.h"

void sys_start(uint64_t dtb, uint64_t entry_el)
{
	mmu_init(dtb);
	sys_init(dtb, (unsigned)entry_el);
}
