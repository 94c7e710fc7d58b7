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

static unsigned plan_all(const suite *const *list, unsigned n)
{
	unsigned total = 0;

	for (unsigned i = 0; i < n; i++)
		total += suite_plan(list[i]);
	return total;
}

/* Run one suite; a Bail out when it printed another number than planned. */
static void run_checked(const suite *s, report *r)
{
	unsigned planned = suite_plan(s), before = r->points;

	suite_run(s, r);
	if (!r->bailed && r->points - before != planned)
		report_bail(r, "internal error: suite %s planned %u test points, printed %u",
			    s->name, planned, r->points - before);
}

bool suites_run(report *r, const suite *const *list, unsigned n)
{
	report_plan(r, plan_all(list, n));
	for (unsigned i = 0; i < n && !r->bailed; i++)
		run_checked(list[i], r);
	return !r->bailed;
}

unsigned suites_plan_cores(const suite *const *list, unsigned n, const suite_cores *c)
{
	unsigned per = plan_all(list, n), total = 0;

	for (unsigned i = 0; i < c->n; i++)
		total += 1 + (c->down[i] ? 0 : per);
	return total;
}

typedef struct on_core {
	const suite *s;
	report *r;
} on_core;

static void run_on_core(void *arg)
{
	on_core *oc = arg;

	run_checked(oc->s, oc->r);
}

bool suites_run_core(report *r, const suite *const *list, unsigned n, const suite_cores *c,
		     unsigned i)
{
	report_set_core(r, &c->core[i]);
	report_point(r, "online", 1, c->down[i] ? 1 : 0);
	if (c->down[i]) {
		char q[160];

		report_yaml_begin(r);
		report_yaml(r, 0, "group: cpu%u/online", c->core[i].cpu);
		report_yaml(r, 0, "mpidr: \"0x%lx\"", (unsigned long)c->core[i].mpidr);
		report_yaml(r, 0, "reason: %s", report_yaml_quote(q, sizeof(q), c->down[i]));
		report_yaml_end(r);
		return true;
	}
	for (unsigned k = 0; k < n && !r->bailed; k++) {
		on_core oc = { list[k], r };
		const char *why = NULL;

		if (!c->run_on(c->ctx, i, run_on_core, &oc, &why))
			report_bail(r, "cpu%u (mpidr 0x%lx) stopped answering in suite %s: %s",
				    c->core[i].cpu, (unsigned long)c->core[i].mpidr, list[k]->name,
				    why ? why : "no reason given");
	}
	return !r->bailed;
}

bool suites_run_cores(report *r, const suite *const *list, unsigned n, const suite_cores *c)
{
	report_plan(r, suites_plan_cores(list, n, c));
	for (unsigned i = 0; i < c->n && !r->bailed; i++)
		suites_run_core(r, list, n, c, i);
	report_set_core(r, NULL);
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
