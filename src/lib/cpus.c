/* The cpus= option (cpus.h). */
#include <string.h>

#include "lib/cpus.h"

const char *cpus_arg;
bool cpus_parallel;

static bool number(const char **p, unsigned *v)
{
	unsigned x = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (unsigned)(*s - '0');
		if (x >= CPUS_LIST_MAX)
			return false;
	}
	*p = s;
	*v = x;
	return true;
}

bool cpus_parse(const char *v, cpus_sel *s)
{
	static unsigned char seen[CPUS_LIST_MAX];

	memset(s, 0, sizeof(*s));
	s->given = true;
	if (strcmp(v, "all") == 0) {
		s->all = true;
		return true;
	}
	memset(seen, 0, sizeof(seen));
	while (*v) {
		unsigned a, b;

		if (!number(&v, &a))
			return false;
		b = a;
		if (*v == '-' && (v++, !number(&v, &b) || b < a))
			return false;
		for (unsigned c = a; c <= b; c++)
			seen[c] = 1;
		if (*v == ',' && *++v == '\0')
			return false;
		if (*v && *v != ',' && (*v < '0' || *v > '9'))
			return false;
	}
	for (unsigned c = 0; c < CPUS_LIST_MAX; c++)
		if (seen[c])
			s->cpu[s->n++] = c;
	return s->n > 0;
}

static const char *check_cpus(const char *v)
{
	static cpus_sel scratch;

	return cpus_parse(v, &scratch) ? NULL
				       : "all, or a comma-separated list of CPU numbers and "
					 "ranges below 1024 (2,5 or 0-3)";
}

static const opt_spec specs[] = {
	{ .key = "cpus",
	  .type = OPT_STRING,
	  .dest = &cpus_arg,
	  .help = "run the suites on each of these CPUs in turn, points named cpuN/<group>: all, "
		  "or a list such as 2,5 or 0-3",
	  .check = check_cpus },
	{ .key = "parallel",
	  .type = OPT_BOOL,
	  .dest = &cpus_parallel,
	  .help = "with cpus=: run on all of them at once, each with its own arena; the report "
		  "as if in turn",
	  .header = "parallel" },
};

const opt_table cpus_opt_table = { specs, sizeof(specs) / sizeof(specs[0]) };
