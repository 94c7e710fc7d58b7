/* Suites planned from their own descriptions (see suites.h). */
#include "lib/suites.h"

unsigned suite_plan(const suite *s)
{
	unsigned n = 0;

	if (!s->points)
		return s->plan();
	for (unsigned i = 0; i < s->npoints; i++)
		n += !s->points[i].absent || !s->points[i].absent();
	return n;
}

void suite_run(const suite *s, report *r)
{
	if (!s->points) {
		s->run(r);
		return;
	}
	for (unsigned i = 0; i < s->npoints; i++) {
		const suite_point *p = &s->points[i];
		const char *why = p->absent ? p->absent() : NULL;

		if (why)
			report_comment(r, "%s: %s: %s not run", s->name, why, p->name);
		else
			p->run(r, p->name);
	}
}

bool suites_run(report *r, const suite *const *list, unsigned n)
{
	unsigned total = 0;

	for (unsigned i = 0; i < n; i++)
		total += suite_plan(list[i]);
	report_plan(r, total);
	for (unsigned i = 0; i < n && !r->bailed; i++) {
		unsigned planned = suite_plan(list[i]), before = r->points;

		suite_run(list[i], r);
		if (!r->bailed && r->points - before != planned)
			report_bail(r,
				    "internal error: suite %s planned %u test points, printed %u",
				    list[i]->name, planned, r->points - before);
	}
	return !r->bailed;
}
