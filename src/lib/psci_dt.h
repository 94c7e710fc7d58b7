/*
 * Which PSCI conduit a device tree names (Arm DEN0022; the devicetree
 * binding arm/psci: node /psci, or the first node compatible with
 * "arm,psci-1.0", "arm,psci-0.2" or "arm,psci" (TI K3 trees have
 * /firmware/psci); property "method" = "hvc" or "smc").
 * Pure code over a flattened device tree with libfdt, host-tested; the
 * firmware's PSCI code (arch/psci.c) picks its conduit with it.
 */
#ifndef PG_LIB_PSCI_DT_H
#define PG_LIB_PSCI_DT_H

#include <stddef.h>

typedef enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
} psci_conduit;

/* "none", "hvc", "smc". */
const char *psci_conduit_name(psci_conduit c);

/*
 * The conduit of the DTB fdt (NULL: no DTB).  No /psci node means no PSCI
 * and is not a problem: problem is then "".  A /psci node whose "method"
 * is missing, not a string or not "hvc"/"smc" gives PSCI_NONE and a
 * message in problem (size bytes) naming the bad value and the accepted
 * ones.
 */
psci_conduit psci_dt_conduit(const void *fdt, char *problem, size_t size);

#endif
