/* Names of CPU cores from MIDR_EL1 (implementer and part number). */
#ifndef PG_LIB_CPUID_H
#define PG_LIB_CPUID_H

#include <stdint.h>

/* "cortex-a57", "neoverse-n1", ...; "unknown" when not in the table. */
const char *cpu_name(uint64_t midr);

#endif
