/* PSCI calls (SMC Calling Convention, DEN0028: x0 function, x1..x3 args). */
#include "arch/psci.h"
#include "arch/recover.h"

static psci_conduit conduit;

struct psci_args {
	uint64_t fn, a1, a2, a3;
};

static uint64_t call_hvc(uint64_t p)
{
	const struct psci_args *a = (const struct psci_args *)(uintptr_t)p;
	register uint64_t x0 __asm__("x0") = a->fn;
	register uint64_t x1 __asm__("x1") = a->a1;
	register uint64_t x2 __asm__("x2") = a->a2;
	register uint64_t x3 __asm__("x3") = a->a3;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

static uint64_t call_smc(uint64_t p)
{
	const struct psci_args *a = (const struct psci_args *)(uintptr_t)p;
	register uint64_t x0 __asm__("x0") = a->fn;
	register uint64_t x1 __asm__("x1") = a->a1;
	register uint64_t x2 __asm__("x2") = a->a2;
	register uint64_t x3 __asm__("x3") = a->a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

void psci_set_conduit(psci_conduit c)
{
	conduit = c;
}

psci_conduit psci_get_conduit(void)
{
	return conduit;
}

const char *psci_conduit_name(psci_conduit c)
{
	return c == PSCI_HVC ? "hvc" : c == PSCI_SMC ? "smc" : "none";
}

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct psci_args a = { fn, a1, a2, a3 };
	uint64_t r;

	if (conduit == PSCI_NONE)
		return PSCI_NOT_SUPPORTED;
	if (!recover_call(conduit == PSCI_HVC ? call_hvc : call_smc, (uint64_t)(uintptr_t)&a,
			  &r, 0))
		return PSCI_NOT_SUPPORTED;
	return (int64_t)r;
}

void psci_system_off(void)
{
	(void)psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}
