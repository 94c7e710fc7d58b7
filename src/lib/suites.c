/* Suites planned from their own descriptions (see suites.h). */
#include <stdio.h>
#include <string.h>

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
	return suites_run_rounds(r, list, n, 1, NULL, NULL);
}

unsigned suites_plan(const suite *const *list, unsigned n)
{
	unsigned total = 0;

	for (unsigned i = 0; i < n; i++)
		total += suite_plan(list[i]);
	return total;
}

bool suites_run_part(report *r, const suite *const *list, unsigned n)
{
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

bool suites_run_rounds(report *r, const suite *const *list, unsigned n, unsigned rounds,
		       void (*before)(void *ctx, unsigned round), void *ctx)
{
	report_plan(r, suites_plan(list, n) * rounds);
	for (unsigned k = 0; k < rounds && !r->bailed; k++) {
		if (before)
			before(ctx, k);
		if (!r->bailed)
			suites_run_part(r, list, n);
	}
	return !r->bailed;
}

bool suites_gather(const suite *const *reg, size_t nreg, const suite **out, const char **names,
		   size_t max, size_t *n, opt_list *def, char *err, size_t errn)
{
	size_t i, j, k;

	*n = 0;
	def->n = 0;
	for (k = 0; k < nreg; k++) {
		if (*n == max) {
			snprintf(err, errn, "internal error: more than %zu suites registered", max);
			return false;
		}
		for (i = *n; i > 0; i--) {
			const suite *q = out[i - 1];

			if (q->order < reg[k]->order ||
			    (q->order == reg[k]->order && strcmp(q->name, reg[k]->name) < 0))
				break;
			out[i] = q;
		}
		out[i] = reg[k];
		(*n)++;
	}
	for (i = 0; i < *n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(out[i]->name, out[j]->name)) {
				snprintf(err, errn, "internal error: suite '%s' registered twice",
					 out[i]->name);
				return false;
			}
		names[i] = out[i]->name;
		if (out[i]->in_default && def->n < OPT_LIST_MAX)
			def->v[def->n++] = (unsigned)i;
	}
	names[*n] = NULL;
	return true;
}
