/*
 * The checker: every byte of every mapped window judged against the expected
 * slots and the guard, bad bytes gathered into runs; and the classification
 * of a failure as an emitter (`fusion`) or core (`execution`) finding.
 */
#include <string.h>

#include "engine/engine.h"
#include "engine/fingerprint.h"
#include "lib/esr.h"

const char *eng_what_name(eng_what w)
{
	switch (w) {
	case ENG_CLOBBERED:
		return "clobbered";
	case ENG_MISSED:
		return "missed";
	case ENG_WRONG:
		return "wrong";
	}
	return "?";
}

const char *eng_class_name(eng_class c)
{
	switch (c) {
	case ENG_CLASS_FUSION:
		return "fusion";
	case ENG_CLASS_EXECUTION:
		return "execution";
	case ENG_CLASS_UNPREDICTABLE:
		return "unpredictable";
	}
	return "?";
}

typedef struct run_builder {
	eng_verdict *v;
	bool open;
	bool fill; /* the view being judged holds the load fill */
	eng_run cur;
} run_builder;

static void close_run(run_builder *b)
{
	if (!b->open)
		return;
	if (b->v->kept < ENG_MAX_RUNS)
		b->v->run[b->v->kept++] = b->cur;
	b->v->nruns++;
	b->open = false;
}

static void add_bad(run_builder *b, unsigned base, int32_t off, eng_what what, uint8_t exp,
		    uint8_t act)
{
	eng_run *r = &b->cur;

	b->v->nbad++;
	/* A missed byte holds its reference: the guard (the same at every
	 * placement) or the load fill (not: it is not hashed). */
	eng_fp_bad_byte(&b->v->fp, base, off, (unsigned)what,
			what == ENG_MISSED && b->fill ? 0 : act);
	if (!b->open || r->base != base || r->what != what || r->from + r->len != off ||
	    r->len >= ENG_RUN_MAX_LEN) {
		close_run(b);
		b->open = true;
		r->base = (uint8_t)base;
		r->what = (uint8_t)what;
		r->from = off;
		r->len = 0;
	}
	r->expected[r->len] = exp;
	r->actual[r->len] = act;
	r->len++;
}

bool eng_check(const eng_byte *slots, unsigned nslots, unsigned nviews, const eng_view *views,
	       eng_verdict *v)
{
	run_builder b = { .v = v, .open = false };
	unsigned e = 0; /* next expected slot byte (sorted by base, off) */

	memset(v, 0, sizeof(*v));
	for (unsigned vi = 0; vi < nviews; vi++) {
		const eng_view *w = &views[vi];

		b.fill = w->fill;
		/* Slots of this base below the mapped view could not be checked. */
		for (; e < nslots && slots[e].base == vi && slots[e].off < w->lo; e++)
			v->slot_outside = true;
		for (int32_t off = w->lo; off < w->hi; off++) {
			uint8_t act = w->bytes[off - w->lo];
			uint64_t addr = w->base_addr + (uint64_t)(int64_t)off;
			uint8_t guard =
				w->fill ? eng_fill_byte(addr, w->fill_mix) : eng_guard_byte(addr);

			if (e < nslots && slots[e].base == vi && slots[e].off == off) {
				uint8_t exp = slots[e++].val;

				if (act == exp)
					continue;
				add_bad(&b, vi, off, act == guard ? ENG_MISSED : ENG_WRONG, exp,
					act);
			} else if (act != guard) {
				add_bad(&b, vi, off, ENG_CLOBBERED, guard, act);
			}
		}
		for (; e < nslots && slots[e].base == vi; e++)
			v->slot_outside = true;
	}
	/* Slots of bases without a view. */
	if (e < nslots)
		v->slot_outside = true;
	close_run(&b);
	v->fp.slot_outside = v->slot_outside;
	return v->nbad == 0 && !v->slot_outside;
}

bool eng_check_regs(const eng_regs_exp *exp, const uint64_t *actual, bool loaded, eng_verdict *v)
{
	bool ok = true;

	v->nbadregs = 0;
	for (uint64_t m = exp->capture; m; m &= m - 1) {
		unsigned id = (unsigned)__builtin_ctzll(m);

		bool right = eng_cap_right(exp, actual, id);

		ok &= right;
		if (right && !(loaded && exp->by[id] != ENG_BY_NONE))
			continue;
		if (v->nbadregs < ENG_MAX_BADREGS) {
			eng_badreg *b = &v->badreg[v->nbadregs];

			b->id = (uint8_t)id;
			b->by = exp->by[id];
			b->expected = exp->val[id];
			b->actual = eng_cap_lo(actual, id);
			b->expected_hi = exp->hi[id];
			b->actual_hi = eng_cap_hi(actual, id);
		}
		v->nbadregs++;
	}
	return ok;
}

eng_source eng_value_source(const eng_case *c, const eng_regs *r, const uint64_t *base_addr,
			    unsigned id, uint8_t by, uint64_t actual, int64_t *off)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases), size = 8, bi = 0;
	uint64_t before = id < 32 ? r->x[id & 31] : id < 64 ? r->v[id & 31] : 0;
	uint64_t at;

	if (by != ENG_BY_NONE && by < c->n) {
		const eng_item *it = &c->item[by];

		size = eng_kind_size(it->kind);
		while (bi + 1 < nb && bases[bi] != it->rn)
			bi++;
	}
	if (actual == before)
		return ENG_SRC_CANARY;
	/* One byte does not name its address. */
	if (size >= 2 && size <= 8 && (size == 8 || actual >> (8 * size) == 0) &&
	    eng_fill_find(actual, size, base_addr[bi] + ENG_WIN_LO, r->fill_mix, &at)) {
		*off = (int64_t)(at - base_addr[bi]);
		return ENG_SRC_FILL;
	}
	return ENG_SRC_NONE;
}

eng_class eng_classify_loads(const eng_regs_exp *exp, const eng_byte *slots, unsigned nslots,
			     const eng_pred *pred)
{
	if (pred->stop == ENG_PRED_UNPREDICTABLE)
		return ENG_CLASS_UNPREDICTABLE;
	if (eng_classify(slots, nslots, pred) == ENG_CLASS_FUSION)
		return ENG_CLASS_FUSION;
	for (uint64_t m = exp->capture; m; m &= m - 1) {
		unsigned id = (unsigned)__builtin_ctzll(m);

		if (pred->regs.val[id] != exp->val[id] || pred->regs.hi[id] != exp->hi[id])
			return ENG_CLASS_FUSION;
	}
	return ENG_CLASS_EXECUTION;
}

eng_class eng_classify(const eng_byte *slots, unsigned nslots, const eng_pred *pred)
{
	const eng_mem *m = &pred->mem;

	if (pred->stop == ENG_PRED_UNPREDICTABLE)
		return ENG_CLASS_UNPREDICTABLE;
	if (pred->stop != ENG_PRED_OK || m->overflow || m->n != nslots)
		return ENG_CLASS_FUSION;
	for (unsigned k = 0; k < nslots; k++)
		if (m->b[k].base != slots[k].base || m->b[k].off != slots[k].off ||
		    m->b[k].val != slots[k].val)
			return ENG_CLASS_FUSION;
	return ENG_CLASS_EXECUTION;
}

/* The exception class name of an ESR value, as the firmware's own
 * exception reports name it (lib/esr.h). */
const char *eng_esr_class_name(uint64_t esr)
{
	return esr_class_name(esr_ec(esr));
}
