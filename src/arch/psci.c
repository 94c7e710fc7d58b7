/* PSCI calls through the recovery API (the instructions: firmware_call.S). */
#include "arch/psci.h"
#include "arch/recover.h"

static psci_conduit conduit;

struct psci_args {
	uint64_t fn, a1, a2, a3;
};

/* firmware_call.S */
uint64_t psci_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* recover_fn shims: one argument, the arguments' address. */
static uint64_t call_hvc(uint64_t p)
{
	const struct psci_args *a = (const struct psci_args *)(uintptr_t)p;

	return psci_hvc(a->fn, a->a1, a->a2, a->a3);
}

static uint64_t call_smc(uint64_t p)
{
	const struct psci_args *a = (const struct psci_args *)(uintptr_t)p;

	return psci_smc(a->fn, a->a1, a->a2, a->a3);
}

psci_conduit psci_init(const void *fdt, const char **problem)
{
	static char why[160];

	conduit = psci_dt_conduit(fdt, why, sizeof(why));
	if (problem)
		*problem = why[0] ? why : NULL;
	return conduit;
}

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct psci_args a = { fn, a1, a2, a3 };
	uint64_t r;

	if (conduit == PSCI_NONE)
		return PSCI_NOT_SUPPORTED;
	if (!recover_call(conduit == PSCI_HVC ? call_hvc : call_smc, (uint64_t)(uintptr_t)&a, &r,
			  0))
		return PSCI_NOT_SUPPORTED;
	return (int64_t)r;
}

void psci_system_off(void)
{
	(void)psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void psci_cpu_off_self(void)
{
	if (conduit == PSCI_HVC)
		(void)psci_hvc(PSCI_CPU_OFF, 0, 0, 0);
	else if (conduit == PSCI_SMC)
		(void)psci_smc(PSCI_CPU_OFF, 0, 0, 0);
}
