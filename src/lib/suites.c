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

/* Core i's cpuN/online point (r's core set to it). */
static void online_point(report *r, const suite_cores *c, unsigned i)
{
	report_point(r, "online", 1, c->down[i] ? 1 : 0);
	if (c->down[i]) {
		char q[160];

		report_yaml_begin(r);
		report_yaml(r, 0, "group: cpu%u/online", c->core[i].cpu);
		report_yaml(r, 0, "cases: 1");
		report_yaml(r, 0, "failed: 1");
		report_yaml(r, 0, "shown: 1");
		report_yaml(r, 0, "failures:");
		report_yaml(r, 1, "- case: cpu%u/online", c->core[i].cpu);
		report_yaml(r, 2, "check: \"the core came up\"");
		report_yaml(r, 2, "mpidr: \"0x%lx\"", (unsigned long)c->core[i].mpidr);
		report_yaml(r, 2, "expected: \"up\"");
		report_yaml(r, 2, "actual: %s", report_yaml_quote(q, sizeof(q), c->down[i]));
		report_yaml_end(r);
	}
}

bool suites_run_core(report *r, const suite *const *list, unsigned n, const suite_cores *c,
		     unsigned i)
{
	report_set_core(r, &c->core[i]);
	online_point(r, c, i);
	if (c->down[i])
		return true;
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

/* A core's buffered output (parallel runs). */
typedef struct sub_out {
	char *p;
	size_t len, cap;
	bool cut;
} sub_out;

static void sub_write(void *ctx, const char *s, size_t n)
{
	sub_out *o = ctx;

	if (o->cut || o->len + n > o->cap) {
		o->cut = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		o->p[o->len + i] = s[i];
	o->len += n;
}

typedef struct par_job {
	const suite *const *list;
	unsigned n;
	report *r;
} par_job;

static void run_all(void *arg)
{
	par_job *j = arg;

	for (unsigned k = 0; k < j->n && !j->r->bailed; k++)
		run_checked(j->list[k], j->r);
}

/* The cores' own reports (parallel=1, parallel=share). */
static report subs[SUITES_CORES_MAX];

bool suites_run_parallel(report *r, const suite *const *list, unsigned n, const suite_cores *c)
{
	static sub_out outs[SUITES_CORES_MAX];
	static par_job jobs[SUITES_CORES_MAX];
	static const char *why[SUITES_CORES_MAX];
	unsigned per = plan_all(list, n), at = 0;

	for (unsigned k = 0; k < n; k++)
		if (!list[k]->parallel_ok) {
			report_bail(r,
				    "parallel=1: suite %s cannot run on several cores at once "
				    "(regression, sweep, random, forms and loads can)",
				    list[k]->name);
			return false;
		}
	if (c->n > SUITES_CORES_MAX) {
		report_bail(r, "parallel=1: more than %d cores", SUITES_CORES_MAX);
		return false;
	}
	report_plan(r, suites_plan_cores(list, n, c));
	for (unsigned i = 0; i < c->n; i++) {
		outs[i] = (sub_out){ c->bufs + i * c->buf_size, 0, c->buf_size, false };
		report_init(&subs[i], sub_write, &outs[i]);
		report_start_at(&subs[i], at, r->planned);
		report_set_core(&subs[i], &c->core[i]);
		online_point(&subs[i], c, i);
		at += 1 + (c->down[i] ? 0 : per);
		why[i] = NULL;
		jobs[i] = (par_job){ list, n, &subs[i] };
		if (!c->down[i] && !c->start_on(c->ctx, i, run_all, &jobs[i], &why[i]) && !why[i])
			why[i] = "it did not start";
	}
	for (unsigned i = 0; i < c->n; i++)
		if (!c->down[i] && !why[i] && !c->wait_on(c->ctx, i, &why[i]) && !why[i])
			why[i] = "no answer";
	/* In core order, whatever order they finished in. */
	for (unsigned i = 0; i < c->n && !r->bailed; i++) {
		if (why[i]) {
			report_bail(r, "cpu%u (mpidr 0x%lx) stopped answering: %s", c->core[i].cpu,
				    (unsigned long)c->core[i].mpidr, why[i]);
			break;
		}
		r->out(r->ctx, outs[i].p, outs[i].len);
		report_absorb(r, &subs[i]);
		if (outs[i].cut)
			report_bail(r, "cpu%u: its report overflowed its %lu-byte buffer",
				    c->core[i].cpu, (unsigned long)c->buf_size);
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

/* ---- parallel=share: the cores divide one run's test points ---- */

/* One test point of the plan: what it is, and what the core that ran it
 * left of it (its text in that core's buffer, its counts). */
typedef struct share_unit {
	const suite *s;
	unsigned u;	/* its index among s's points */
	uint64_t cost;	/* s->unit_cost(u) */
	unsigned ran;	/* cores that ran it: exactly 1 when all is well */
	unsigned core;	/* the last of them */
	size_t at, len; /* its text in that core's buffer */
	bool cut;	/* the buffer overflowed within it */
	bool bailed;
	/* Its counts and fingerprints (report_absorb's). */
	unsigned groups_failed, nfp;
	uint64_t cases, cases_failed;
	uint64_t fixed, open, fp_cases, open_cases;
} share_unit;

typedef struct share_job {
	unsigned core; /* index into the suite_cores */
	sub_out out;
	unsigned units;
	uint64_t cases;
} share_job;

static struct {
	share_unit unit[SUITES_SHARE_MAX]; /* in plan order */
	unsigned order[SUITES_SHARE_MAX];  /* the order they are handed out in */
	unsigned n, planned;
	unsigned next;	    /* the next entry of order[] to hand out (atomic) */
	unsigned skip_core; /* test hooks: this core drops its first point ... */
	bool skip;
	volatile bool stall; /* ... or stops answering after it */
} sh;

/* Run point w on the calling core into j's buffer. */
static void share_run(share_job *j, share_unit *w)
{
	unsigned point = (unsigned)(w - sh.unit);
	report *res = &subs[j->core];

	w->at = j->out.len;
	report_init(res, sub_write, &j->out);
	report_start_at(res, point, sh.planned);
	w->s->run_unit(res, w->u);
	if (!res->bailed && res->points != point + 1)
		report_bail(res,
			    "internal error: suite %s's point %u printed %u test points, not 1",
			    w->s->name, w->u, res->points - point);
	w->len = j->out.len - w->at;
	w->cut = j->out.cut;
	w->core = j->core;
	w->bailed = res->bailed;
	w->groups_failed = res->groups_failed;
	w->cases = res->cases;
	w->cases_failed = res->cases_failed;
	w->nfp = res->fp_logged; /* 0 or 1: one point */
	w->fixed = res->fp_log[0].fixed;
	w->open = res->fp_log[0].open;
	w->fp_cases = res->fp_log[0].cases;
	w->open_cases = res->fp_log[0].open_cases;
	j->units++;
	j->cases += res->cases;
	/* Published to the core that merges by the end of the job (wait_on). */
	__atomic_fetch_add(&w->ran, 1, __ATOMIC_RELAXED);
}

/* One core's job: points from the shared counter until none is left. */
static void share_work(void *arg)
{
	share_job *j = arg;

	for (;;) {
		/* An atomic add (Arm ARM B2.9, exclusives; or LSE's LDADD): two
		 * cores never take the same entry. */
		unsigned k = __atomic_fetch_add(&sh.next, 1, __ATOMIC_RELAXED);
		share_unit *w;

		if (k >= sh.n)
			return;
		w = &sh.unit[sh.order[k]];
		if (sh.skip && j->core == sh.skip_core) {
			sh.skip = false; /* test hook: taken, never run */
			continue;
		}
		share_run(j, w);
		if (w->bailed)
			return;
		while (sh.stall && j->core == sh.skip_core)
			; /* test hook: never returns */
	}
}

/* The points of list[0..n) into sh, and the order to hand them out in
 * (dearest first, then plan order: the longest ones do not come last). */
static bool share_plan(report *r, const suite *const *list, unsigned n)
{
	sh.n = 0;
	for (unsigned k = 0; k < n; k++) {
		unsigned np = suite_plan(list[k]);

		if (!list[k]->parallel_ok || !list[k]->run_unit) {
			report_bail(r,
				    "parallel=share: suite %s cannot divide its test points among "
				    "cores (regression, sweep and random can)",
				    list[k]->name);
			return false;
		}
		if (np > SUITES_SHARE_MAX - sh.n) {
			report_bail(r, "parallel=share: more than %d test points",
				    SUITES_SHARE_MAX);
			return false;
		}
		for (unsigned u = 0; u < np; u++) {
			share_unit *w = &sh.unit[sh.n];
			unsigned i = sh.n++;

			*w = (share_unit){ .s = list[k],
					   .u = u,
					   .cost = list[k]->unit_cost ? list[k]->unit_cost(u) : 1 };
			/* Insertion: stable, and a few hundred points at most. */
			for (; i > 0 && sh.unit[sh.order[i - 1]].cost < w->cost; i--)
				sh.order[i] = sh.order[i - 1];
			sh.order[i] = sh.n - 1;
		}
	}
	return true;
}

/* Point p's counts and fingerprints into r, as if printed there. */
static void share_absorb(report *r, unsigned p, const share_unit *w)
{
	static report part;

	report_init(&part, sub_write, NULL);
	part.points = p + 1;
	part.groups_failed = w->groups_failed;
	part.cases = w->cases;
	part.cases_failed = w->cases_failed;
	part.fp_logged = w->nfp;
	part.fp_log[0].fixed = w->fixed;
	part.fp_log[0].open = w->open;
	part.fp_log[0].cases = w->fp_cases;
	part.fp_log[0].open_cases = w->open_cases;
	part.bailed = w->bailed;
	report_absorb(r, &part);
}

bool suites_run_shared(report *r, const suite *const *list, unsigned n, const suite_cores *c)
{
	static share_job jobs[SUITES_CORES_MAX];
	static const char *why[SUITES_CORES_MAX];
	unsigned last = 0;

	if (c->n > SUITES_CORES_MAX) {
		report_bail(r, "parallel=share: more than %d cores", SUITES_CORES_MAX);
		return false;
	}
	if (!share_plan(r, list, n))
		return false;
	sh.planned = sh.n;
	sh.next = 0;
	report_plan(r, sh.n);
	for (unsigned i = 0; i < c->n; i++)
		if (!c->down[i])
			last = i;
	sh.skip = c->share_skip;
	sh.stall = c->share_stall;
	sh.skip_core = last;
	for (unsigned i = 0; i < c->n; i++) {
		jobs[i] =
			(share_job){ .core = i,
				     .out = { c->bufs + i * c->buf_size, 0, c->buf_size, false } };
		why[i] = NULL;
		if (!c->down[i] && !c->start_on(c->ctx, i, share_work, &jobs[i], &why[i]) &&
		    !why[i])
			why[i] = "it did not start";
	}
	for (unsigned i = 0; i < c->n; i++)
		if (!c->down[i] && !why[i] && !c->wait_on(c->ctx, i, &why[i]) && !why[i])
			why[i] = "no answer";
	for (unsigned i = 0; i < c->n; i++)
		if (why[i]) {
			report_bail(r, "cpu%u (mpidr 0x%lx) stopped answering: %s", c->core[i].cpu,
				    (unsigned long)c->core[i].mpidr, why[i]);
			return false;
		}
	/* In plan order, whoever ran what. */
	for (unsigned p = 0; p < sh.n && !r->bailed; p++) {
		share_unit *w = &sh.unit[p];

		if (w->ran != 1) {
			report_bail(
				r,
				"parallel=share: test point %u (suite %s's point %u) was run by "
				"%u cores, not 1",
				p + 1, w->s->name, w->u, w->ran);
			break;
		}
		r->out(r->ctx, c->bufs + w->core * c->buf_size + w->at, w->len);
		share_absorb(r, p, w);
		if (w->cut)
			report_bail(r, "cpu%u: its report overflowed its %lu-byte buffer",
				    c->core[w->core].cpu, (unsigned long)c->buf_size);
	}
	for (unsigned i = 0; i < c->n && !r->bailed; i++)
		if (!c->down[i])
			report_comment(r, "share: cpu%u ran %u of %u test points, %llu cases",
				       c->core[i].cpu, jobs[i].units, sh.n,
				       (unsigned long long)jobs[i].cases);
	return !r->bailed;
}
