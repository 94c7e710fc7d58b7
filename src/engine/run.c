/*
 * The engine's driver (see run.h): prepares cases in batches, hands them to
 * the execution backend, judges and counts them, hands each group to the
 * sink as a test point record.
 */
#include <stdio.h>
#include <string.h>

#include "engine/run.h"
#include "jit/emit.h"

/* Scratch shared by the driver (one case at a time; single core). */
static eng_mem scratch_ref;
static eng_pred scratch_pred;
static eng_verdict scratch_verdict;
static eng_failure scratch_failure;

void eng_session_init(eng_session *s, const eng_config *cfg, const eng_backend *be, eng_sink sink,
		      eng_bcase *cases, eng_byte *pool, eng_failure *fail)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (s->cfg.batch == 0)
		s->cfg.batch = 1;
	if (s->cfg.batch > be->max_batch)
		s->cfg.batch = be->max_batch;
	if (s->cfg.cap > ENG_MAX_SHOWN)
		s->cfg.cap = ENG_MAX_SHOWN;
	s->be = be;
	s->sink = sink;
	s->batch.cs = cases;
	s->batch.pool = pool;
	s->g.fail = fail;
}

bool eng_place_centred(int32_t lo, int32_t hi, uint32_t size, int64_t *rel)
{
	const int64_t align = ENG_GUARD_PERIOD; /* a multiple of 16, as SP needs */
	int64_t span = (int64_t)hi - lo, b;

	if (span < 1)
		span = 1;
	if (span + 2 * align > (int64_t)size)
		return false;
	b = ((int64_t)size - span) / 2 - lo;
	b -= ((b % align) + align) % align; /* round down to a multiple */
	if (b + lo < 0)
		b += align;
	*rel = b;
	return true;
}

int eng_inject_bit(uint32_t word)
{
	a64_insn in;

	if (!a64_decode(word, &in))
		return -1;
	switch (in.op) {
	case A64_OP_LDST_UIMM:
		return 10; /* imm12, bits 21:10 */
	case A64_OP_LDST_SIMM9:
		return 12; /* imm9, bits 20:12 */
	case A64_OP_LDST_PAIR:
		return 15; /* imm7, bits 21:15 */
	default:
		return -1;
	}
}

/* Each base's slots [span_lo, span_hi): the slots are sorted by (base,
 * offset), so a base's span runs from its first slot to its last. */
static void spans(eng_bcase *bc, const eng_mem *ref)
{
	unsigned i = 0;

	for (unsigned b = 0; b < bc->nb; b++) {
		/* A base whose every access is skipped by a jump. */
		bc->span_lo[b] = 0;
		bc->span_hi[b] = 1;
	}
	while (i < ref->n) {
		unsigned b = ref->b[i].base, j = i;

		if (ref->b[ref->n - 1].base == b)
			j = ref->n - 1; /* the last base: no search */
		else
			while (ref->b[j + 1].base == b)
				j++;
		bc->span_lo[b] = ref->b[i].off;
		bc->span_hi[b] = ref->b[j].off + 1;
		i = j + 1;
	}
}

/* The decoder's prediction of the emitted words, compared with the slots. */
static void predict(eng_session *s, eng_bcase *bc)
{
	eng_pred *pred = &scratch_pred;
	const eng_byte *slots = eng_bcase_slots(&s->batch, bc);
	bool same;

	if (bc->pred_done)
		return;
	eng_predict(&bc->c, &bc->regs, bc->words, bc->nwords, pred);
	same = pred->stop == ENG_PRED_OK && pred->mem.n == bc->nslots && !pred->mem.overflow;
	for (unsigned k = 0; same && k < bc->nslots; k++)
		same = pred->mem.b[k].base == slots[k].base && pred->mem.b[k].off == slots[k].off &&
		       pred->mem.b[k].val == slots[k].val;
	bc->pred_stop = pred->stop;
	bc->pred_at = pred->at;
	bc->pred_matches = same;
	bc->pred_done = true;
}

/* Fill the failure record for a case (without verdict/fault if not run). */
static void failure_from(eng_session *s, const eng_bcase *bc, eng_failure *f)
{
	f->c = bc->c;
	f->seed = s->cfg.params.seed;
	f->cls = bc->pred_matches ? ENG_CLASS_EXECUTION : ENG_CLASS_FUSION;
	f->emit_err = bc->emit_err;
	f->nwords = bc->nwords;
	memcpy(f->words, bc->words, bc->nwords * sizeof(uint32_t));
	f->injected = bc->injected;
	f->inj_at = bc->inj_at;
	f->inj_word = bc->injected ? bc->run_words[bc->inj_at] : 0;
	f->pred_stop = bc->pred_stop;
	f->pred_at = bc->pred_at;
	f->fault = bc->fault;
	f->fault_in_case = bc->fault_in_case;
	f->fault_word = bc->fault_word;
	memcpy(f->base_addr, bc->base_addr, sizeof(f->base_addr));
	f->regs = bc->regs;
}

static void record_failure(eng_session *s, eng_bcase *bc, const eng_verdict *v)
{
	eng_failure *f = &scratch_failure;

	predict(s, bc);
	s->g.failed++;
	failure_from(s, bc, f);
	if (v)
		f->verdict = *v;
	else
		memset(&f->verdict, 0, sizeof(f->verdict));
	if (s->sink.failure)
		s->sink.failure(s->sink.ctx, f);
	if (s->g.kept < s->cfg.cap)
		s->g.fail[s->g.kept++] = *f;
}

typedef enum prep_result {
	PREP_OK,
	PREP_FAILED, /* a failure before running: the emitter refused the case */
	PREP_FULL,   /* the backend has no room left in this batch */
} prep_result;

/* Prepare case bc as number i of the batch.  The decoder's prediction is
 * left for eng_judge(): only failures need it. */
static prep_result prepare(eng_session *s, unsigned i, eng_bcase *bc)
{
	eng_batch *b = &s->batch;
	eng_mem *ref = &scratch_ref;
	bool value_is_base = false;

	bc->injected = false;
	bc->fault.taken = false;
	bc->fault_in_case = false;
	bc->be_data = NULL;
	bc->pred_stop = ENG_PRED_OK;
	bc->pred_at = 0;
	bc->pred_matches = false;
	bc->pred_done = false;
	memset(bc->base_addr, 0, sizeof(bc->base_addr));
	bc->nb = eng_case_bases(&bc->c, bc->bases);
	bc->nslots = 0;
	bc->slot_at = b->pool_used;
	bc->emit_err = eng_emit(&bc->c, s->cfg.policy, bc->words, ENG_MAX_WORDS, &bc->nwords);
	if (bc->emit_err != A64_OK) {
		bc->nwords = 0;
		bc->pred_done = true;
		return PREP_FAILED;
	}
	eng_values(&bc->c, s->cfg.params.seed, &bc->regs);
	for (unsigned k = 0; k < bc->nb; k++) {
		value_is_base |= (bc->regs.set >> bc->bases[k]) & 1;
		eng_regs_set_base(&bc->regs, bc->bases[k], 0);
	}

	/* Place the bases around the slots: a store that goes elsewhere lands
	 * in the checked page or faults on an unmapped one. */
	eng_ref(&bc->c, &bc->regs, ref);
	spans(bc, ref);
	if (!s->be->place(s->be->ctx, i, bc))
		return PREP_FULL;
	for (unsigned k = 0; k < bc->nb; k++)
		eng_regs_set_base(&bc->regs, bc->bases[k], bc->base_addr[k]);
	if (value_is_base)
		eng_ref(&bc->c, &bc->regs, ref); /* a stored base stores its address */
	/* Plain loops: a few entries, and under QEMU a call costs more. */
	for (unsigned k = 0; k < ref->n; k++)
		b->pool[b->pool_used + k] = ref->b[k];
	bc->nslots = ref->n;
	b->pool_used += ref->n;

	for (unsigned k = 0; k < bc->nwords; k++)
		bc->run_words[k] = bc->words[k];
	if (s->cfg.inject_flip) {
		/* As a faulty core would: the last store word runs with one
		 * offset bit flipped (the last store always runs: jumps only
		 * skip accesses before a label). */
		for (unsigned w = bc->nwords; w-- > 0;) {
			int bit = eng_inject_bit(bc->words[w]);

			if (bit >= 0) {
				bc->run_words[w] ^= 1u << bit;
				bc->injected = true;
				bc->inj_at = w;
				break;
			}
		}
	}
	return PREP_OK;
}

void eng_judge(eng_session *s, unsigned i, unsigned nviews, const eng_view *views)
{
	eng_bcase *bc = &s->batch.cs[i];
	eng_verdict *v = &scratch_verdict;
	bool ok = eng_check(eng_bcase_slots(&s->batch, bc), bc->nslots, nviews, views, v);

	bc->be_data = (void *)1; /* judged */
	if (ok && !bc->fault.taken)
		return;
	record_failure(s, bc, v);
}

void eng_pass(eng_session *s, unsigned i)
{
	s->batch.cs[i].be_data = (void *)1;
}

void eng_stray_fault(eng_session *s, const eng_fault *f)
{
	if (s->sink.stray_fault)
		s->sink.stray_fault(s->sink.ctx, f);
}

static void progress(eng_session *s, unsigned n)
{
	eng_progress_rec p = { .suite = s->suite, .added = n, .total = s->suite_total };

	s->suite_done += n;
	p.done = s->suite_done;
	if (s->sink.progress)
		s->sink.progress(s->sink.ctx, &p);
}

void eng_suite_begin(eng_session *s, eng_suite_id suite)
{
	s->suite = suite;
	s->suite_done = 0;
	s->suite_total = 0;
	for (unsigned g = 0; g < eng_suite_groups(suite); g++)
		s->suite_total += eng_group_cases(&s->cfg.params, suite, g);
}

static void run_batch(eng_session *s)
{
	eng_batch *b = &s->batch;

	if (b->n == 0)
		return;
	for (unsigned i = 0; i < b->n; i++)
		b->cs[i].be_data = NULL;
	s->be->run(s->be->ctx, s, b);
	for (unsigned i = 0; i < b->n; i++) {
		/* A case the backend did not judge cannot count as a pass. */
		if (b->cs[i].be_data != (void *)1) {
			eng_verdict *v = &scratch_verdict;

			memset(v, 0, sizeof(*v));
			v->slot_outside = true;
			record_failure(s, &b->cs[i], v);
		}
	}
	progress(s, b->n);
	b->n = 0;
	b->pool_used = 0;
}

/* Add the case in cs[b->n] to the batch; run the batch when full. */
static void add_case(eng_session *s)
{
	eng_batch *b = &s->batch;
	eng_bcase *bc = &b->cs[b->n];
	prep_result r;

	s->g.cases++;
	r = prepare(s, b->n, bc);
	if (r == PREP_FULL && b->n > 0) {
		/* Run what is there, then place this case in a fresh batch (its
		 * slot is past the batch's end, so the batch does not see it). */
		static eng_case pending;

		pending = bc->c;
		run_batch(s);
		bc = &b->cs[0];
		bc->c = pending;
		r = prepare(s, 0, bc);
	}
	if (r != PREP_OK) {
		eng_verdict *v = &scratch_verdict;

		/* PREP_FULL with an empty batch: the case can never be placed. */
		memset(v, 0, sizeof(*v));
		v->slot_outside = r == PREP_FULL;
		record_failure(s, bc, v);
		progress(s, 1);
		return;
	}
	b->n++;
	if (b->n >= s->cfg.batch || b->pool_used + ENG_MAX_BYTES > ENG_POOL_BYTES)
		run_batch(s);
}

static bool finish_group(eng_session *s, const char *name)
{
	eng_point_rec p = {
		.name = name,
		.cases = s->g.cases,
		.failed = s->g.failed,
		.shown = s->g.kept,
		.failures = s->g.fail,
	};

	s->sink.point(s->sink.ctx, &p);
	return p.failed == 0;
}

static void group_reset(eng_session *s)
{
	s->g.cases = 0;
	s->g.failed = 0;
	s->g.kept = 0;
	s->batch.n = 0;
	s->batch.pool_used = 0;
}

bool eng_run_group(eng_session *s, eng_suite_id suite, unsigned group)
{
	char name[96];

	group_reset(s);
	eng_group_name(suite, group, name, sizeof(name));
	eng_point_add(s, suite, group);
	return finish_group(s, name);
}

void eng_point_begin(eng_session *s)
{
	group_reset(s);
}

void eng_point_add(eng_session *s, eng_suite_id suite, unsigned group)
{
	eng_iter it;

	eng_iter_start(&it, &s->cfg.params, suite, group);
	while (eng_iter_next(&it, &s->batch.cs[s->batch.n].c))
		add_case(s);
	run_batch(s);
}

void eng_point_swap(eng_session *s, eng_point_state *other)
{
	eng_point_state t = s->g;

	s->g = *other;
	*other = t;
}

bool eng_point_end(eng_session *s, const char *name)
{
	return finish_group(s, name);
}

bool eng_run_case(eng_session *s, eng_suite_id suite, uint64_t index)
{
	char name[96];

	group_reset(s);
	if (!eng_case_get(&s->cfg.params, suite, index, &s->batch.cs[0].c))
		return false;
	eng_group_name(suite, s->batch.cs[0].c.group, name, sizeof(name));
	add_case(s);
	run_batch(s);
	return finish_group(s, name);
}
