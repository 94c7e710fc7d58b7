/* The PSCI conduit a device tree names (see psci_dt.h). */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "lib/psci_dt.h"

#define ACCEPTED "accepted: \"hvc\", \"smc\""

const char *psci_conduit_name(psci_conduit c)
{
	return c == PSCI_HVC ? "hvc" : c == PSCI_SMC ? "smc" : "none";
}

/* The devicetree binding arm/psci's compatibles, newest first. */
static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };

#define SHOWN_MAX 32

/* The value as it can be printed, up to its first NUL: '?' for what is not
 * printable ASCII, cut with "..." after SHOWN_MAX bytes. */
static void printable(char out[SHOWN_MAX + 4], const char *v, int len)
{
	size_t i, n = len > 0 ? (size_t)len : 0;

	for (i = 0; i < n && v[i] && i < SHOWN_MAX; i++)
		out[i] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
	if (i < n && v[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

psci_conduit psci_dt_conduit(const void *fdt, char *problem, size_t size)
{
	const char *method;
	char shown[SHOWN_MAX + 4];
	int node, len = 0;

	if (size)
		problem[0] = '\0';
	if (!fdt)
		return PSCI_NONE;
	node = fdt_path_offset(fdt, "/psci");
	/* Some trees put it elsewhere (TI K3: /firmware/psci): by compatible. */
	for (unsigned i = 0; node < 0 && i < sizeof psci_compat / sizeof psci_compat[0]; i++)
		node = fdt_node_offset_by_compatible(fdt, -1, psci_compat[i]);
	if (node < 0)
		return PSCI_NONE;
	method = fdt_getprop(fdt, node, "method", &len);
	if (!method) {
		snprintf(problem, size, "/psci has no \"method\" property (" ACCEPTED ")");
		return PSCI_NONE;
	}
	if (len <= 0 || method[len - 1] != '\0' || strlen(method) != (size_t)len - 1) {
		printable(shown, method, len);
		snprintf(problem, size,
			 "/psci method is not one string (%d bytes, \"%s\"; " ACCEPTED ")", len,
			 shown);
		return PSCI_NONE;
	}
	if (!strcmp(method, "hvc"))
		return PSCI_HVC;
	if (!strcmp(method, "smc"))
		return PSCI_SMC;
	printable(shown, method, len);
	snprintf(problem, size, "/psci method \"%s\" is unknown (" ACCEPTED ")", shown);
	return PSCI_NONE;
}
