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
	return c == ENG_CLASS_FUSION ? "fusion" : "execution";
}

typedef struct run_builder {
	eng_verdict *v;
	bool open;
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
	eng_fp_bad_byte(&b->v->fp, base, off, (unsigned)what, act);
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

		/* Slots of this base below the mapped view could not be checked. */
		for (; e < nslots && slots[e].base == vi && slots[e].off < w->lo; e++)
			v->slot_outside = true;
		for (int32_t off = w->lo; off < w->hi; off++) {
			uint8_t act = w->bytes[off - w->lo];
			uint8_t guard = eng_guard_byte(w->base_addr + (uint64_t)(int64_t)off);

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

eng_class eng_classify(const eng_byte *slots, unsigned nslots, const eng_pred *pred)
{
	const eng_mem *m = &pred->mem;

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
