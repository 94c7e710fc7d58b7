/* MIDR_EL1 -> core name: implementer [31:24], part number [15:4]. */
#include <stddef.h>

#include "lib/cpuid.h"

/* clang-format off */
static const struct {
	uint8_t implementer;
	uint16_t part;
	const char *name;
} cores[] = {
	{ 0x41, 0xd02, "cortex-a34" },   { 0x41, 0xd03, "cortex-a53" },
	{ 0x41, 0xd04, "cortex-a35" },   { 0x41, 0xd05, "cortex-a55" },
	{ 0x41, 0xd06, "cortex-a65" },   { 0x41, 0xd07, "cortex-a57" },
	{ 0x41, 0xd08, "cortex-a72" },   { 0x41, 0xd09, "cortex-a73" },
	{ 0x41, 0xd0a, "cortex-a75" },   { 0x41, 0xd0b, "cortex-a76" },
	{ 0x41, 0xd0c, "neoverse-n1" },  { 0x41, 0xd0d, "cortex-a77" },
	{ 0x41, 0xd0e, "cortex-a76ae" }, { 0x41, 0xd40, "neoverse-v1" },
	{ 0x41, 0xd41, "cortex-a78" },   { 0x41, 0xd42, "cortex-a78ae" },
	{ 0x41, 0xd43, "cortex-a65ae" }, { 0x41, 0xd44, "cortex-x1" },
	{ 0x41, 0xd46, "cortex-a510" },  { 0x41, 0xd47, "cortex-a710" },
	{ 0x41, 0xd48, "cortex-x2" },    { 0x41, 0xd49, "neoverse-n2" },
	{ 0x41, 0xd4a, "neoverse-e1" },  { 0x41, 0xd4b, "cortex-a78c" },
	{ 0x41, 0xd4c, "cortex-x1c" },   { 0x41, 0xd4d, "cortex-a715" },
	{ 0x41, 0xd4e, "cortex-x3" },    { 0x41, 0xd4f, "neoverse-v2" },
	{ 0x41, 0xd80, "cortex-a520" },  { 0x41, 0xd81, "cortex-a720" },
	{ 0x41, 0xd82, "cortex-x4" },    { 0x41, 0xd84, "neoverse-v3" },
	{ 0x41, 0xd85, "cortex-x925" },  { 0x41, 0xd87, "cortex-a725" },
	{ 0x41, 0xd8e, "neoverse-n3" },  { 0x46, 0x001, "a64fx" },
	{ 0x48, 0xd01, "tsv110" },       { 0xc0, 0xac3, "ampere-1" },
	/* QEMU's -cpu max: implementer 0 ("software use"). */
	{ 0x00, 0x051, "qemu-max" },
};
/* clang-format on */

const char *cpu_name(uint64_t midr)
{
	unsigned impl = (unsigned)(midr >> 24) & 0xff;
	unsigned part = (unsigned)(midr >> 4) & 0xfff;
	size_t i;

	for (i = 0; i < sizeof(cores) / sizeof(cores[0]); i++)
		if (cores[i].implementer == impl && cores[i].part == part)
			return cores[i].name;
	return "unknown";
}
