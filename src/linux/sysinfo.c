/*
 * Facts Linux gives a process: online CPUs, affinity, each CPU's MIDR and
 * REVIDR, the kernel release, HWCAPs, memfd.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "arch/cpu.h"
#include "linux/linux.h"

/* Linux arch/arm64/include/uapi/asm/hwcap.h bits (AT_HWCAP). */
static const struct {
	unsigned bit;
	const char *name;
} hwcap_names[] = {
	{ 1, "asimd" },	 { 8, "atomics" }, { 11, "cpuid" }, { 15, "lrcpc" },
	{ 16, "dcpop" }, { 22, "sve" },	   { 25, "uscat" }, { 26, "ilrcpc" },
};
#define LX_HWCAP_USCAT (1ul << 25)

int lx_memfd(const char *name)
{
	const char *no = getenv("PG_LINUX_NO_MEMFD");

	if (no && strcmp(no, "1") == 0) {
		errno = ENOSYS;
		return -1;
	}
	return memfd_create(name, MFD_CLOEXEC);
}

/* "0-3,6" into cpus[]; false when malformed. */
static bool parse_ranges(const char *s, unsigned *cpus, unsigned max, unsigned *n)
{
	*n = 0;
	while (*s && *s != '\n') {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s)
			return false;
		s = end;
		if (*s == '-') {
			b = strtoul(s + 1, &end, 10);
			if (end == s + 1 || b < a)
				return false;
			s = end;
		}
		for (unsigned long c = a; c <= b && c < LX_CPUS_MAX; c++)
			if (*n < max)
				cpus[(*n)++] = (unsigned)c;
		if (*s == ',')
			s++;
	}
	return *n > 0;
}

unsigned lx_online_cpus(unsigned *cpus, unsigned max)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	unsigned n = 0;
	cpu_set_t set;

	if (f) {
		char line[512];
		bool ok = fgets(line, sizeof(line), f) && parse_ranges(line, cpus, max, &n);

		fclose(f);
		if (ok)
			return n;
	}
	n = 0;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (unsigned c = 0; c < CPU_SETSIZE && c < LX_CPUS_MAX; c++)
			if (CPU_ISSET(c, &set) && n < max)
				cpus[n++] = c;
	return n;
}

bool lx_pin(unsigned cpu, char *err, size_t n)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		snprintf(err, n, "sched_setaffinity(cpu%u): %s", cpu, strerror(errno));
		return false;
	}
	return true;
}

static bool sysfs_reg(unsigned cpu, const char *reg, uint64_t *v)
{
	char path[128], line[64];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/regs/identification/%s", cpu,
		 reg);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (ok) {
		char *end;

		*v = strtoull(line, &end, 16);
		ok = end != line;
	}
	return ok;
}

uint64_t lx_midr(unsigned cpu, const char **src)
{
	uint64_t v;

	if (sysfs_reg(cpu, "midr_el1", &v)) {
		*src = "sysfs";
		return v;
	}
	*src = "mrs";
	return cpu_midr(); /* trapped and emulated by Linux (HWCAP_CPUID) */
}

uint64_t lx_revidr(unsigned cpu, const char **src)
{
	uint64_t v;

	if (sysfs_reg(cpu, "revidr_el1", &v)) {
		*src = "sysfs";
		return v;
	}
	*src = "mrs";
	return read_sysreg(revidr_el1);
}

const char *lx_kernel_release(void)
{
	static struct utsname u;

	if (uname(&u) != 0)
		return "unknown";
	return u.release;
}

char *lx_hwcaps(char *buf, size_t len)
{
	unsigned long hw = getauxval(AT_HWCAP);
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(hwcap_names) / sizeof(hwcap_names[0]); i++)
		if (hw >> hwcap_names[i].bit & 1 && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "," : "",
					      hwcap_names[i].name);
	if (!buf[0])
		snprintf(buf, len, "none");
	return buf;
}

bool lx_has_uscat(void)
{
	return (getauxval(AT_HWCAP) & LX_HWCAP_USCAT) != 0;
}
