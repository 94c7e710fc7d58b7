/* Semihosting exit, probed safely through the recovery API. */
#include <stdint.h>

#include "arch/recover.h"
#include "arch/semihost.h"

#define SYS_WRITE0		    0x04
#define SYS_EXIT_EXTENDED	    0x20
#define ADP_STOPPED_APPLICATIONEXIT 0x20026

/* firmware_call.S */
uint64_t semihost_trap(uint64_t op, const void *block);

static uint64_t semihost_exit_call(uint64_t code)
{
	const uint64_t block[2] = { ADP_STOPPED_APPLICATIONEXIT, code };

	return semihost_trap(SYS_EXIT_EXTENDED, block);
}

void semihost_exit(int code)
{
	(void)recover_call(semihost_exit_call, (uint64_t)(uint32_t)code, 0, 0);
}

static uint64_t semihost_write0_call(uint64_t s)
{
	return semihost_trap(SYS_WRITE0, (const void *)(uintptr_t)s);
}

void semihost_write0(const char *s)
{
	(void)recover_call(semihost_write0_call, (uint64_t)(uintptr_t)s, 0, 0);
}

void semihost_exit_unguarded(int code)
{
	(void)semihost_exit_call((uint64_t)(uint32_t)code);
}
