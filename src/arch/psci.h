/*
 * PSCI (Arm DEN0022) calls over the conduit the DTB names: HVC or SMC, or
 * none (lib/psci_dt.h reads it).  Calls go through the recovery API, so a
 * conduit that turns out to be UNDEFINED returns an error instead of
 * crashing.
 *
 * QEMU virt (measured): entered at EL1 the DTB says "hvc"; with
 * virtualization=on (EL2 entry) "smc"; with secure=on (EL3 entry) there is
 * no /psci node and no PSCI.
 */
#ifndef PG_ARCH_PSCI_H
#define PG_ARCH_PSCI_H

#include <stdint.h>

#include "lib/psci_dt.h"

#define PSCI_VERSION	   0x84000000u
#define PSCI_SYSTEM_OFF	   0x84000008u
#define PSCI_CPU_OFF	   0x84000002u
#define PSCI_CPU_ON	   0xc4000003u /* SMC64: target MPIDR, entry, context id */
#define PSCI_AFFINITY_INFO 0xc4000004u /* 0 ON, 1 OFF, 2 ON_PENDING */
#define PSCI_NOT_SUPPORTED (-1)

/*
 * Pick the conduit from the DTB fdt (NULL: none, so no PSCI) and return
 * it.  *problem (if not NULL) is NULL, or says why a /psci node was not
 * usable (the conduit is then PSCI_NONE); the text stays valid.
 */
psci_conduit psci_init(const void *fdt, const char **problem);

/* The function's x0 result, or PSCI_NOT_SUPPORTED when there is no
 * conduit or the call faulted. */
int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* CPU_OFF for the calling core, straight through the conduit (not the
 * recovery API: the call does not return, and the boot core may be using
 * the recovery API meanwhile); returns only if it failed. */
void psci_cpu_off_self(void);

/* SYSTEM_OFF; returns only if it failed. */
void psci_system_off(void);

#endif
