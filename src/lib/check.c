/* Self-checks as TAP test points (see check.h). */
#include <stdio.h>
#include <string.h>

#include "lib/check.h"

void check_begin(checks *c, const char *group)
{
	memset(c, 0, sizeof(*c));
	c->group = group;
}

static bool record(checks *c, const char *what, bool ok, const char *expected, const char *actual)
{
	check_failure *f;

	c->cases++;
	if (ok)
		return true;
	c->failed++;
	if (c->shown == CHECK_SHOWN)
		return false;
	f = &c->fail[c->shown++];
	f->index = c->cases;
	snprintf(f->what, sizeof(f->what), "%s", what);
	snprintf(f->expected, sizeof(f->expected), "%s", expected);
	snprintf(f->actual, sizeof(f->actual), "%s", actual);
	return false;
}

bool check_true(checks *c, const char *what, bool ok)
{
	return record(c, what, ok, "true", "false");
}

bool check_u64(checks *c, const char *what, uint64_t expected, uint64_t actual)
{
	char e[24], a[24];

	snprintf(e, sizeof(e), "0x%llx", (unsigned long long)expected);
	snprintf(a, sizeof(a), "0x%llx", (unsigned long long)actual);
	return record(c, what, expected == actual, e, a);
}

bool check_range(checks *c, const char *what, uint64_t lo, uint64_t hi, uint64_t actual)
{
	char e[48], a[24];

	snprintf(e, sizeof(e), "0x%llx..0x%llx", (unsigned long long)lo, (unsigned long long)hi);
	snprintf(a, sizeof(a), "0x%llx", (unsigned long long)actual);
	return record(c, what, actual >= lo && actual <= hi, e, a);
}

void check_end(checks *c, report *r)
{
	char q[sizeof(c->fail[0].what) * 4 + 3];
	unsigned i;

	report_point(r, c->group, c->cases, c->failed);
	if (!c->failed)
		return;
	report_yaml_begin(r);
	report_yaml(r, 0, "group: %s", c->group);
	report_yaml(r, 0, "cases: %u", c->cases);
	report_yaml(r, 0, "failed: %u", c->failed);
	report_yaml(r, 0, "shown: %u", c->shown);
	report_yaml(r, 0, "failures:");
	for (i = 0; i < c->shown; i++) {
		report_yaml(r, 1, "- case: %s/%u", c->group, c->fail[i].index);
		report_yaml(r, 2, "check: %s", report_yaml_quote(q, sizeof(q), c->fail[i].what));
		report_yaml(r, 2, "expected: \"%s\"", c->fail[i].expected);
		report_yaml(r, 2, "actual: \"%s\"", c->fail[i].actual);
	}
	report_yaml_end(r);
}
