/*
 * The engine's driver (see run.h): prepares cases in batches, has them run
 * on the target (batch.h), judges and counts them, hands each group to the
 * sink as a test point record.
 */
#include <stdio.h>
#include <string.h>

#include "engine/run.h"
#include "jit/emit.h"

/* Scratch shared by the driver (one case at a time; single core). */

/* prepare() writes a case's slots into the pool before it knows their
 * number: add_case keeps room for ENG_MAX_BYTES of them. */
_Static_assert(ENG_POOL_BYTES >= ENG_MAX_BYTES, "pool room for one case");

void eng_session_init(eng_session *s, const eng_config *cfg, eng_target *t, eng_sink sink,
		      eng_bcase *cases, eng_byte *pool, eng_failure *fail)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (s->cfg.batch == 0)
		s->cfg.batch = 1;
	if (s->cfg.batch > ENG_BATCH_CASES)
		s->cfg.batch = ENG_BATCH_CASES;
	if (s->cfg.cap > ENG_MAX_SHOWN)
		s->cfg.cap = ENG_MAX_SHOWN;
	s->t = t;
	s->sink = sink;
	s->batch.cs = cases;
	s->batch.pool = pool;
	s->g.fail = fail;
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
	case A64_OP_LDST_WB:
		return 12; /* imm9, bits 20:12 */
	case A64_OP_LDST_PAIR:
		return 15; /* imm7, bits 21:15 */
	default:
		return -1;
	}
}

/* Each base's slots [span_lo, span_hi): the slots are sorted by (base,
 * offset), so a base's span runs from its first slot to its last. */
static void spans(eng_bcase *bc, const eng_byte *sl, unsigned n)
{
	unsigned i = 0;

	for (unsigned b = 0; b < bc->nb; b++) {
		/* A base whose every access is skipped by a jump. */
		bc->span_lo[b] = 0;
		bc->span_hi[b] = 1;
	}
	while (i < n) {
		unsigned b = sl[i].base, j = i;

		if (sl[n - 1].base == b)
			j = n - 1; /* the last base: no search */
		else
			while (sl[j + 1].base == b)
				j++;
		bc->span_lo[b] = sl[i].off;
		bc->span_hi[b] = sl[j].off + 1;
		i = j + 1;
	}
}

/* A load case's spans: the bytes its requests read, per base (a load
 * skipped by a jump included: a wrong fusion reads its bytes). */
static void load_spans(eng_bcase *bc)
{
	for (unsigned b = 0; b < bc->nb; b++) {
		bc->span_lo[b] = INT32_MAX;
		bc->span_hi[b] = INT32_MIN;
	}
	for (unsigned k = 0; k < bc->c.n; k++) {
		const eng_item *it = &bc->c.item[k];
		unsigned b = 0;

		if (it->type != ENG_ACCESS)
			continue;
		while (b + 1 < bc->nb && bc->bases[b] != it->rn)
			b++;
		/* The forms suite's one load: from its address (post-index:
		 * the base), both elements of a pair. */
		int32_t at = (int32_t)eng_item_addr(it);

		if (at < bc->span_lo[b])
			bc->span_lo[b] = at;
		if (at + (int32_t)eng_item_bytes(it) > bc->span_hi[b])
			bc->span_hi[b] = at + (int32_t)eng_item_bytes(it);
	}
}

/*
 * A case whose expected fault depends on the memory it runs on (suite
 * memtypes: an alignment fault) is classified on its words' whole effect
 * against its requests' whole effect, as if nothing faulted: a policy that
 * fused misaligned neighbours into an aligned pair wrote elsewhere (fusion),
 * while right words that did not fault are the core's doing (execution).
 */
static eng_class classify_unfaulted(eng_session *s, eng_bcase *bc, eng_pred *pred)
{
	eng_mem *ref = &s->scratch.ref;
	eng_regs_exp exp;
	eng_class cls;

	bc->c.fault_ec = 0;
	eng_predict(&bc->c, &bc->regs, bc->words, bc->nwords, pred);
	if (bc->load) {
		eng_ref_regs(&bc->c, &bc->regs, &exp);
		eng_ref(&bc->c, &bc->regs, ref); /* a mixed case's stores */
		cls = eng_classify_loads(&exp, ref->b, ref->n, pred);
	} else {
		eng_ref(&bc->c, &bc->regs, ref);
		cls = eng_classify(ref->b, ref->n, pred);
	}
	bc->c.fault_ec = ENG_EC_DABT_CUR;
	return cls;
}

/* The decoder's prediction of the emitted words, compared with the slots. */
static void predict(eng_session *s, eng_bcase *bc)
{
	eng_pred *pred = &s->scratch.pred;

	if (bc->pred_done)
		return;
	if (bc->c.fault_dfsc) {
		bc->cls = classify_unfaulted(s, bc, pred);
		bc->pred_stop = pred->stop;
		bc->pred_at = pred->at;
		bc->pred_done = true;
		return;
	}
	eng_predict(&bc->c, &bc->regs, bc->words, bc->nwords, pred);
	bc->pred_stop = pred->stop;
	bc->pred_at = pred->at;
	bc->cls = bc->load ? eng_classify_loads(&bc->exp, eng_bcase_slots(&s->batch, bc),
						bc->nslots, pred)
			   : eng_classify(eng_bcase_slots(&s->batch, bc), bc->nslots, pred);
	bc->pred_done = true;
}

/* Fill the failure record for a case (without verdict/fault if not run). */
static void failure_from(eng_session *s, const eng_bcase *bc, eng_failure *f)
{
	f->c = bc->c;
	f->seed = s->cfg.params.seed;
	f->cls = bc->cls;
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

static void record_failure(eng_session *s, eng_bcase *bc, const eng_verdict *v, bool open)
{
	eng_failure *f = &s->scratch.failure;

	predict(s, bc);
	s->g.failed++;
	failure_from(s, bc, f);
	if (v)
		f->verdict = *v;
	else
		memset(&f->verdict, 0, sizeof(f->verdict));
	f->open = open;
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
 * left for the judge: only failures need it. */
static prep_result prepare(eng_session *s, unsigned i, eng_bcase *bc)
{
	eng_batch *b = &s->batch;
	eng_mem *ref = &s->scratch.ref;
	eng_byte *slots = b->pool + b->pool_used;
	unsigned nslots;
	bool value_is_base = false;

	bc->injected = false;
	bc->fault.taken = false;
	bc->fault_in_case = false;
	bc->fault_word = 0;
	bc->pred_stop = ENG_PRED_OK;
	bc->pred_at = 0;
	bc->cls = ENG_CLASS_FUSION;
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
	if (!s->values_ready || s->values.seed != s->cfg.params.seed) {
		eng_values_run(s->cfg.params.seed, &s->values);
		s->values_ready = true;
	}
	eng_values_case(&bc->c, &s->values, &bc->regs);
	bc->load = eng_case_is_load(&bc->c);
	for (unsigned k = 0; k < bc->nb; k++) {
		value_is_base |= (bc->regs.set >> bc->bases[k]) & 1;
		eng_regs_set_base(&bc->regs, bc->bases[k], 0);
	}

	/* Place the bases around the slots: a store that goes elsewhere lands
	 * in the checked page or faults on an unmapped one. */
	/* The slots go straight into the batch's pool (it has room for a
	 * case's: add_case), counted in once the case is placed. */
	nslots = eng_ref_known(&bc->c, &bc->regs, bc->bases, bc->nb, bc->load, ref, slots);
	if (bc->load)
		load_spans(bc);
	else
		spans(bc, slots, nslots);
	if (i == 0)
		eng_code_begin(s->t);
	if (!eng_arena_place(&s->t->arena, i, bc->nb, bc->bases, bc->span_lo, bc->span_hi,
			     bc->base_addr))
		return PREP_FULL;
	/* A skewed base (suite memtypes): its slots stay ENG_PLACE_MARGIN - 15
	 * bytes or more inside their page. */
	for (unsigned k = 0; k < bc->nb; k++)
		bc->base_addr[k] += bc->c.base_skew;
	for (unsigned k = 0; k < bc->nb; k++)
		eng_regs_set_base(&bc->regs, bc->bases[k], bc->base_addr[k]);
	if (bc->load) {
		/* Every register the case names (SP aside) is captured. */
		bc->regs.capture = bc->regs.set & ~(1ull << 31);
	}
	if (!eng_code_reserve(s->t, bc))
		return PREP_FULL;
	eng_arena_prepare(&s->t->arena, i, bc->nb, bc->load, bc->regs.fill_mix);
	bc->unpredictable = false;
	if (bc->load) {
		uint64_t *cap = eng_arena_cap(&s->t->arena, i);

		bc->unpredictable = eng_words_unpredictable(bc->words, bc->nwords);
		eng_ref_regs(&bc->c, &bc->regs, &bc->exp);
		/* A capture that never ran cannot pass for one that did. */
		for (uint64_t m = bc->regs.capture; m; m &= m - 1) {
			unsigned id = (unsigned)__builtin_ctzll(m);

			cap[eng_cap_off(id) / 8] = ~bc->exp.val[id];
			if (id >= 32)
				cap[eng_cap_off(id) / 8 + 1] = ~bc->exp.hi[id];
		}
	}
	/* A stored base stores its address; a mixed case's stored loaded
	 * values are the fill at the placed bases. */
	if (value_is_base || bc->c.mixed)
		nslots = eng_ref_known(&bc->c, &bc->regs, bc->bases, bc->nb, bc->load, ref, slots);
	bc->nslots = nslots;
	b->pool_used += nslots;

	for (unsigned k = 0; k < bc->nwords; k++)
		bc->run_words[k] = bc->words[k];
	if (s->cfg.inject_no_writeback) {
		/* STP/LDP (Arm ARM C4.1.88): bits 24:23 are 01 post-index, 11
		 * pre-index, 10 signed offset.  STR/LDR (immediate): bits 11:10
		 * are 01 post-index, 11 pre-index, 00 STUR/LDUR (unscaled). */
		for (unsigned w = 0; w < bc->nwords; w++) {
			a64_insn in;

			if (!a64_decode(bc->words[w], &in) ||
			    (in.pair_mode != A64_PAIR_PRE && in.pair_mode != A64_PAIR_POST))
				continue;
			if (in.op == A64_OP_LDST_PAIR)
				bc->run_words[w] = (bc->words[w] & ~(3u << 23)) | (2u << 23);
			else if (in.op == A64_OP_LDST_WB)
				bc->run_words[w] = bc->words[w] & ~(3u << 10);
			else
				continue;
			bc->injected = true;
			bc->inj_at = w;
		}
	}
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

/* Count an open case's behaviour in the point's characterisation. */
static void count_choice(eng_point_state *g, const eng_case *c, const char *choice)
{
	unsigned k;

	for (k = 0; k < g->nchoices; k++)
		if (strcmp(g->choice[k].name, choice) == 0)
			break;
	if (k == g->nchoices) {
		if (k == ENG_MAX_CHOICES) {
			g->other_choices++;
			return;
		}
		g->choice[k] =
			(eng_choice_count){ .name = choice, .suite = c->suite, .first = c->index };
		g->nchoices++;
	}
	g->choice[k].cases++;
}

static void reg_deviation(const eng_bcase *bc, unsigned id, uint64_t actual, eng_reg_devs *d)
{
	int64_t off = 0;
	eng_source src = eng_value_source(&bc->c, &bc->regs, bc->base_addr, id,
					  bc->exp.by[id < 64 ? id : id - 32], actual, &off);

	d->id[d->n] = (uint8_t)id;
	d->src[d->n] = (uint8_t)src;
	d->val[d->n] = src == ENG_SRC_FILL ? (uint64_t)off : src == ENG_SRC_NONE ? actual : 0;
	d->n++;
}

/* The wrong registers' low halves in id order, then the wrong upper
 * halves of v registers (as id 64 + v): a case whose upper halves are
 * right adds what it added before vector registers were captured whole. */
static void reg_deviations(const eng_bcase *bc, const uint64_t *cap, eng_reg_devs *d)
{
	d->n = 0;
	if (bc->fault.taken)
		return; /* the capture did not run */
	for (uint64_t m = bc->exp.capture; m; m &= m - 1) {
		unsigned id = (unsigned)__builtin_ctzll(m);

		if (eng_cap_lo(cap, id) != bc->exp.val[id])
			reg_deviation(bc, id, eng_cap_lo(cap, id), d);
	}
	for (uint64_t m = bc->exp.capture >> 32; m; m &= m - 1) {
		unsigned id = 32 + (unsigned)__builtin_ctzll(m);

		if (eng_cap_hi(cap, id) != bc->exp.hi[id])
			reg_deviation(bc, 32 + id, eng_cap_hi(cap, id), d);
	}
}

/*
 * The behaviour a load case whose words the architecture leaves open
 * showed (the CONSTRAINED UNPREDICTABLE pairs: LDP with Rt == Rt2, Arm ARM
 * K1.2 and the LDP pseudocode; a writeback into a transfer register): UNDEF
 * or another fault, every register as the requests say, the first wrong
 * register keeping its old value or holding the value of request N (the
 * request, counted from 1 in execution order, that reads where the value
 * came from), or some other value.
 */
static const char *load_choice(const eng_bcase *bc, const eng_reg_devs *d)
{
	static const char *const from_request[] = {
		"value-of-request-1", "value-of-request-2", "value-of-request-3",
		"value-of-request-4", "value-of-request-5", "value-of-request-6",
	};
	const eng_item *by;

	if (bc->fault.taken)
		return (bc->fault.esr >> 26 & 0x3f) == 0 ? "undef" : "fault";
	if (d->n == 0)
		return "as-requested";
	if (d->src[0] == ENG_SRC_CANARY)
		return "unchanged";
	if (d->src[0] != ENG_SRC_FILL)
		return "other-value";
	by = bc->exp.by[d->id[0]] < bc->c.n ? &bc->c.item[bc->exp.by[d->id[0]]] : NULL;
	for (unsigned k = 0, n = 0; k < bc->c.n; k++) {
		const eng_item *it = &bc->c.item[k];

		if (it->type != ENG_ACCESS)
			continue;
		if (n < sizeof(from_request) / sizeof(from_request[0]) &&
		    (!by || it->rn == by->rn) && (int64_t)d->val[0] == it->off)
			return from_request[n];
		n++;
	}
	return "value-from-elsewhere";
}

/* Fold what case bc did into the point's fingerprints (fingerprint.h):
 * bytes NULL when it did not run; regs the wrong registers of a load case
 * (NULL for store cases). */
static void fingerprint(eng_session *s, const eng_bcase *bc, const eng_fp_bytes *bytes, bool open,
			const char *choice, const eng_reg_devs *regs)
{
	eng_outcome o = {
		.suite = bc->c.suite,
		.index = bc->c.index,
		.emit_err = bc->emit_err,
		.bytes = bytes,
		.fault = &bc->fault,
		.fault_in_case = bc->fault_in_case,
		.fault_word = bc->fault_word,
		.choice = choice,
	};

	if (regs) {
		o.nregs = regs->n;
		o.reg_id = regs->id;
		o.reg_src = regs->src;
		o.reg_val = regs->val;
	}
	eng_fp_add(open ? &s->g.open : &s->g.fixed, &o);
	if (open && choice)
		count_choice(&s->g, &bc->c, choice);
}

/* The configuration's open model, else the suites' own (suite.h). */
static bool is_open(const eng_session *s, const eng_bcase *bc)
{
	return s->cfg.open ? s->cfg.open->is_open(&bc->c) : eng_case_open(&bc->c);
}

static const char *open_choice(const eng_session *s, const eng_bcase *bc, const eng_verdict *v)
{
	return s->cfg.open ? s->cfg.open->choice(&bc->c, &bc->regs, v, &bc->fault)
			   : eng_case_choice(&bc->c, &bc->regs, v, &bc->fault);
}

/*
 * The case's fault record against its expected outcome: no exception, or
 * exactly the one it states (its class, taken at its word).
 */
static bool fault_as_expected(const eng_bcase *bc)
{
	const eng_item *it = &bc->c.item[bc->c.fault_item];
	unsigned b = 0;

	if (!bc->c.fault_ec)
		return !bc->fault.taken;
	if (!(bc->fault.taken && bc->fault_in_case &&
	      (bc->fault.esr >> 26 & 0x3f) == bc->c.fault_ec &&
	      bc->fault_word == eng_case_fault_word(&bc->c)))
		return false;
	if (!bc->c.fault_dfsc)
		return true;
	/* A data abort: its DFSC, and FAR the access's first byte. */
	while (b + 1 < bc->nb && bc->bases[b] != it->rn)
		b++;
	return (bc->fault.esr & 0x3f) == bc->c.fault_dfsc &&
	       bc->fault.far == bc->base_addr[b] + (uint64_t)eng_item_addr(it);
}

/*
 * A load case: its captured registers against the expected ones, and its
 * slices holding the load fill but for a mixed case's slots; the registers are not judged after a
 * fault (the capture did not run).
 */
static void judge_load(eng_session *s, unsigned i)
{
	eng_bcase *bc = &s->batch.cs[i];
	eng_arena *a = &s->t->arena;
	const uint64_t *cap = eng_arena_cap(a, i);
	eng_verdict *v = &s->scratch.verdict;
	eng_view views[ENG_MAX_BASES];
	static const eng_verdict clean;
	eng_reg_devs *devs = &s->scratch.devs;
	const eng_byte *slots = eng_bcase_slots(&s->batch, bc);
	/* A case that must fault: the fault as stated, and no register
	 * judged (the capture after the case did not run). */
	bool regs_ok = bc->c.fault_ec ? fault_as_expected(bc) : !bc->fault.taken;
	const char *choice;

	if (is_open(s, bc)) {
		/* Words the architecture leaves open on purpose (the forms
		 * suite's writeback overlaps): every register a load fills is
		 * listed, and the open model names the permitted choice the
		 * core made; none of them fails. */
		s->t->stats.slow_checks++;
		eng_arena_views(a, i, bc->nb, bc->base_addr, views);
		eng_check(NULL, 0, bc->nb, views, v);
		if (!bc->fault.taken)
			eng_check_regs(&bc->exp, cap, true, v);
		choice = open_choice(s, bc, v);
		if (!choice)
			record_failure(s, bc, v, true);
		reg_deviations(bc, cap, devs);
		fingerprint(s, bc, &v->fp, true, choice, devs);
		eng_arena_refill(a, i, bc->nb);
		return;
	}

	for (uint64_t m = bc->exp.capture; m && regs_ok && !bc->c.fault_ec; m &= m - 1)
		regs_ok = eng_cap_right(&bc->exp, cap, (unsigned)__builtin_ctzll(m));
	/* Words the architecture leaves open fail whatever this core chose;
	 * what it chose goes into the open fingerprint. */
	if (regs_ok && !bc->unpredictable &&
	    eng_arena_fast_check_fill(a, i, bc->nb, bc->base_addr, slots, bc->nslots)) {
		devs->n = 0;
		fingerprint(s, bc, &clean.fp, false, NULL, devs);
		return;
	}
	s->t->stats.slow_checks++;
	eng_arena_views(a, i, bc->nb, bc->base_addr, views);
	eng_check(slots, bc->nslots, bc->nb, views, v);
	if (!bc->fault.taken)
		eng_check_regs(&bc->exp, cap, bc->unpredictable, v);
	record_failure(s, bc, v, false);
	reg_deviations(bc, cap, devs);
	choice = bc->unpredictable ? load_choice(bc, devs) : NULL;
	fingerprint(s, bc, &v->fp, bc->unpredictable, choice, devs);
	eng_arena_refill(a, i, bc->nb);
}

/*
 * Judge case i of the batch from what the run left: its fault record and
 * its slices' bytes.  The fast check proves most cases right; anything else
 * goes byte by byte through eng_check(), and the slices get their guard
 * back.
 */
static void judge(eng_session *s, unsigned i)
{
	eng_batch *b = &s->batch;
	eng_bcase *bc = &b->cs[i];
	eng_arena *a = &s->t->arena;
	const eng_byte *slots = eng_bcase_slots(b, bc);
	eng_verdict *v = &s->scratch.verdict;
	eng_view views[ENG_MAX_BASES];

	static const eng_verdict clean;
	bool open, ok;
	const char *choice = NULL;

	if (bc->load) {
		judge_load(s, i);
		return;
	}
	open = is_open(s, bc);
	if (fault_as_expected(bc) &&
	    eng_arena_fast_check(a, i, bc->nb, bc->base_addr, slots, bc->nslots)) {
		if (open) {
			choice = open_choice(s, bc, &clean);
			if (!choice)
				record_failure(s, bc, &clean, true);
		}
		fingerprint(s, bc, &clean.fp, open, choice, NULL);
		return;
	}
	s->t->stats.slow_checks++;
	eng_arena_views(a, i, bc->nb, bc->base_addr, views);
	ok = eng_check(slots, bc->nslots, bc->nb, views, v) && fault_as_expected(bc);
	if (open) {
		choice = open_choice(s, bc, v);
		ok = choice != NULL;
	}
	if (!ok)
		record_failure(s, bc, v, open);
	fingerprint(s, bc, &v->fp, open, choice, NULL);
	eng_arena_refill(a, i, bc->nb);
}

static void run_batch(eng_session *s)
{
	eng_batch *b = &s->batch;
	eng_target *t = s->t;
	eng_fault f;
	uint64_t t0;

	if (b->n == 0)
		return;
	if (!eng_code_run(t, b->cs, b->n, &f)) {
		/* Not inside any case: nothing to resume.  The cases that did
		 * not run fail as missed; say why. */
		if (s->sink.stray_fault)
			s->sink.stray_fault(s->sink.ctx, &f);
	}
	t0 = eng_now(t);
	for (unsigned i = 0; i < b->n; i++) {
		judge(s, i);
		t->stats.judged++;
	}
	t->t_last = eng_now(t);
	t->stats.t_check += t->t_last - t0;
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
		s->scratch.pending = bc->c;
		run_batch(s);
		bc = &b->cs[0];
		bc->c = s->scratch.pending;
		r = prepare(s, 0, bc);
	}
	if (r != PREP_OK) {
		eng_verdict *v = &s->scratch.verdict;

		/* PREP_FULL with an empty batch: the case can never be placed. */
		memset(v, 0, sizeof(*v));
		v->slot_outside = r == PREP_FULL;
		v->fp.slot_outside = v->slot_outside;
		record_failure(s, bc, v, false);
		fingerprint(s, bc, r == PREP_FULL ? &v->fp : NULL, false, NULL, NULL);
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
		.fixed = s->g.fixed,
		.open = s->g.open,
		.nchoices = s->g.nchoices,
		.choices = s->g.choice,
		.other_choices = s->g.other_choices,
	};

	s->sink.point(s->sink.ctx, &p);
	return p.failed == 0;
}

static void group_reset(eng_session *s)
{
	s->g.cases = 0;
	s->g.failed = 0;
	s->g.kept = 0;
	s->g.fixed = (eng_fp){ 0 };
	s->g.open = (eng_fp){ 0 };
	s->g.nchoices = 0;
	s->g.other_choices = 0;
	s->batch.n = 0;
	s->batch.pool_used = 0;
}

/* A group's test point name, after cfg.prefix. */
static void point_name(const eng_session *s, eng_suite_id suite, unsigned group, char *name,
		       size_t n)
{
	int k = snprintf(name, n, "%s", s->cfg.prefix ? s->cfg.prefix : "");

	eng_group_name(suite, group, name + k, n - (size_t)k);
}

bool eng_run_group(eng_session *s, eng_suite_id suite, unsigned group)
{
	char name[128];

	group_reset(s);
	point_name(s, suite, group, name, sizeof(name));
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
	eng_case *c = &s->scratch.replay;
	char name[128];

	if (!eng_case_get(&s->cfg.params, suite, index, c))
		return false;
	point_name(s, suite, c->group, name, sizeof(name));
	return eng_run_one(s, c, name);
}

bool eng_run_one(eng_session *s, const eng_case *c, const char *name)
{
	group_reset(s);
	s->batch.cs[0].c = *c;
	add_case(s);
	run_batch(s);
	return finish_group(s, name);
}
