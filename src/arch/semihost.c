/* Semihosting exit, probed safely through the recovery API. */
#include <stdint.h>

#include "arch/recover.h"
#include "arch/semihost.h"

#define SYS_EXIT_EXTENDED           0x20
#define ADP_STOPPED_APPLICATIONEXIT 0x20026

static uint64_t semihost_exit_call(uint64_t code)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATIONEXIT, code };
	register uint64_t x0 __asm__("x0") = SYS_EXIT_EXTENDED;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

void semihost_exit(int code)
{
	(void)recover_call(semihost_exit_call, (uint64_t)(uint32_t)code, 0, 0);
}

void semihost_exit_unguarded(int code)
{
	(void)semihost_exit_call((uint64_t)(uint32_t)code);
}
