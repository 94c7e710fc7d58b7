/*
 * PSCI (Arm DEN0022) calls over the conduit the platform uses: HVC or SMC,
 * or none.  Calls go through the recovery API, so a conduit that turns out
 * to be UNDEFINED returns an error instead of crashing.
 *
 * QEMU virt (measured): entered at EL1 the DTB says "hvc"; with
 * virtualization=on (EL2 entry) "smc"; with secure=on (EL3 entry) there is
 * no /psci node and no PSCI.
 */
#ifndef PG_ARCH_PSCI_H
#define PG_ARCH_PSCI_H

#include <stdint.h>

typedef enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
} psci_conduit;

#define PSCI_VERSION	   0x84000000u
#define PSCI_SYSTEM_OFF	   0x84000008u
#define PSCI_NOT_SUPPORTED (-1)

void psci_set_conduit(psci_conduit c);
psci_conduit psci_get_conduit(void);
const char *psci_conduit_name(psci_conduit c); /* "none", "hvc", "smc" */

/* The function's x0 result, or PSCI_NOT_SUPPORTED when there is no
 * conduit or the call faulted. */
int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* SYSTEM_OFF; returns only if it failed. */
void psci_system_off(void);

#endif
