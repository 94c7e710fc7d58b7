/* A batch's code layout and its run on a backend (batch.h). */
#include <stdio.h>
#include <string.h>

#include "a64/opcodes.h"
#include "engine/batch.h"
#include "engine/options.h"
#include "engine/run.h"

_Static_assert(ENG_BATCH_CASES >= ENG_BATCH_MAX, "arena batch");

bool eng_target_init(eng_target *t, const eng_backend *be, char *err, size_t n)
{
	eng_code *c = &t->code;

	memset(&t->code, 0, sizeof(t->code));
	memset(&t->stats, 0, sizeof(t->stats));
	t->be = be;
	t->t_last = 0;
	if (be->code_words < ENG_BATCH_WORDS + ENG_STUB_WORDS ||
	    be->code_words % ENG_CODE_PAGE_W != 0) {
		snprintf(err, n,
			 "engine: a code region of %u words (needs a multiple of %u, >= %u)",
			 be->code_words, ENG_CODE_PAGE_W, ENG_BATCH_WORDS + ENG_STUB_WORDS);
		return false;
	}
	c->stub_end = be->code_words;
	c->ring_end = be->code_words - ENG_STUB_WORDS;
	c->stub_pos = c->stub_hi = c->ring_end;
	memset(be->code_marks, 0, be->code_words / 64 * sizeof(uint64_t));
	return eng_arena_init(&t->arena, be, err, n);
}

/* Upper bound of the words a case takes in the region. */
static size_t words_needed(const eng_bcase *bc)
{
	/* A block break, the pattern; 4 words per GPR, 5 for SP and FP. */
	uint64_t five = bc->regs.set & 0xffffffff80000000ull;

	size_t cap = bc->load ? 4 + (size_t)__builtin_popcountll(bc->regs.capture) : 0;

	return bc->nwords + 1 + 4 + 4 * (size_t)__builtin_popcountll(bc->regs.set) +
	       (size_t)__builtin_popcountll(five) + 4 * ENG_MAX_BASES + cap;
}

void eng_code_begin(eng_target *t)
{
	t->code.reserved = ENG_EXIT_WORDS;
}

bool eng_code_reserve(eng_target *t, const eng_bcase *bc)
{
	size_t w = words_needed(bc);

	if (t->code.reserved + w > ENG_BATCH_WORDS)
		return false;
	t->code.reserved += w;
	return true;
}

/* A word where a translation block may start (poked before rewriting). */
static void note_tb(eng_target *t, uint32_t w)
{
	t->be->code_marks[w / 64] |= 1ull << (w % 64);
}

static uint32_t page_up(uint32_t w)
{
	return (w + ENG_CODE_PAGE_W - 1) & ~(ENG_CODE_PAGE_W - 1);
}

/*
 * Before pages [lo, hi) (words, page-aligned) are rewritten, store once to
 * each page start (an A64 block never crosses a page) and to each marked
 * block start, so QEMU drops their old translations at once instead of
 * taking its slow path on every store while any is left on the page.
 */
static void drop_old(eng_target *t, uint32_t lo, uint32_t hi)
{
	uint32_t *rw = t->be->code_rw;
	uint64_t *mark = t->be->code_marks;

	for (uint32_t w = lo; w < hi; w += ENG_CODE_PAGE_W)
		rw[w] = A64_POISON;
	for (uint32_t i = lo / 64; i < hi / 64; i++) {
		for (uint64_t m = mark[i]; m; m &= m - 1)
			rw[i * 64 + (unsigned)__builtin_ctzll(m)] = A64_POISON;
		mark[i] = 0;
	}
}

/* A jump's target starts a translation block too (a target outside the
 * case is the emitter's error, poked as a page start if anywhere).  Only
 * cases with a requested jump are read: the marks are a speed-up, never
 * what correctness rests on (batch.h). */
static void note_jumps(eng_target *t, uint32_t pos, const eng_bcase *bc)
{
	bool jumps = false;

	for (unsigned i = 0; i < bc->c.n && !jumps; i++)
		jumps = bc->c.item[i].type == ENG_JUMP;
	for (unsigned k = 0; jumps && k < bc->nwords; k++) {
		a64_insn in;
		int64_t to;

		/* Only a B (bits 31:26 000101) is decoded: the others cannot
		 * decode as one. */
		if ((bc->run_words[k] & A64_MASK_B) != A64_B ||
		    !a64_decode(bc->run_words[k], &in) || in.op != A64_OP_B)
			continue;
		to = (int64_t)k + in.imm / 4;
		if (to >= 0 && to <= (int64_t)bc->nwords)
			note_tb(t, pos + (uint32_t)to);
	}
}

/* Write the batch's code at its place in the ring; returns its first word
 * and sets *len to its length in words. */
static uint32_t write_code(eng_target *t, const eng_bcase *cs, unsigned n, uint32_t *len)
{
	eng_code *c = &t->code;
	uint32_t *rw = t->be->code_rw;
	uint32_t start, pos, in_block = 0, block;
	uint64_t ret_to = t->be->exit_to;
	uint64_t t_start = eng_now(t);
	a64_err err;

	/* A batch goes after the previous one, on a page of its own unless it
	 * fits in the rest of the previous one's last page; pages are reused
	 * only when the ring wraps (see batch.h). */
	start = c->next;
	if (start % ENG_CODE_PAGE_W + c->reserved > ENG_CODE_PAGE_W || c->rec.prev)
		start = page_up(start); /* (the pokes would spoil recorded code) */
	if (start + c->reserved > c->ring_end) {
		start = 0;
		c->rec.broken |= c->rec.n > 0; /* recorded code may be overwritten */
	}
	drop_old(t, c->ring_end, page_up(c->stub_hi));
	drop_old(t, start & ~(ENG_CODE_PAGE_W - 1), page_up(start + (uint32_t)c->reserved));
	c->stub_pos = c->ring_end;
	c->stub_hi = c->ring_end;
	t->stats.t_poke += eng_now(t) - t_start;
	pos = block = start;
	note_tb(t, start);
	eng_chain_reset(&c->chain);
	for (unsigned i = 0; i < n; i++) {
		const eng_bcase *bc = &cs[i];

		if (in_block >= ENG_BLOCK_CASES || pos - block >= ENG_BLOCK_WORDS) {
			rw[pos++] = a64_enc_b(4, &err); /* b .+4: end the translation block */
			block = pos;
			in_block = 0;
			note_tb(t, pos);
		}
		c->case_at[i] = pos;
		pos += eng_setup_words(&bc->regs, &c->chain, rw + pos, ENG_MAX_SETUP_WORDS);
		eng_chain_after(&c->chain, &bc->c, &bc->regs, bc->run_words, bc->nwords);
		c->words_at[i] = pos;
		/* A plain loop: a few words, and under QEMU a call costs more. */
		for (unsigned k = 0; k < bc->nwords; k++)
			rw[pos + k] = bc->run_words[k];
		note_jumps(t, pos, bc);
		pos += bc->nwords;
		c->cap_at[i] = pos;
		c->cap_reg[i] = -1;
		c->cap_from[i] = 0;
		if (bc->load) {
			int creg;

			/* A base the case loads into no longer holds its address:
			 * the next set-up must not move it on with an ADD. */
			for (unsigned k = 0; k < bc->c.n; k++)
				if (bc->c.item[k].type == ENG_ACCESS &&
				    !eng_kind_fp(bc->c.item[k].kind))
					c->chain.bases &= ~(1u << (bc->c.item[k].rt & 31));

			pos += eng_capture_words(&bc->regs, &c->chain,
						 eng_arena_cap_va(&t->arena, i), rw + pos, &creg,
						 &c->cap_from[i]);
			c->cap_reg[i] = (int8_t)creg;
		}
		in_block++;
	}
	c->case_at[n] = pos;
	/* No register survives the cases: load the way back, then return. */
	rw[pos++] = a64_enc_movz(30, (uint16_t)ret_to, 0, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 16), 16, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 32), 32, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 48), 48, true, &err);
	rw[pos++] = a64_enc_ret(30);
	c->next = (pos + 15) & ~15u; /* 64 bytes */
	*len = pos - start;
	return start;
}

/* The case whose code holds word index w (set-up included), or -1. */
static int case_of(const eng_code *c, unsigned n, uint64_t w)
{
	unsigned lo = 0, hi = n;

	if (n == 0 || w < c->case_at[0] || w >= c->case_at[n])
		return -1;
	while (hi - lo > 1) {
		unsigned mid = (lo + hi) / 2;

		if (c->case_at[mid] <= w)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

static uint64_t rx_of(const eng_target *t, uint32_t w)
{
	return t->be->code_rx + (uint64_t)w * 4;
}

/*
 * A re-entry stub for case j: its complete set-up (the chain broke with the
 * fault), then a branch to its emitted words.  Returns the stub's word.
 */
static uint32_t write_stub(eng_target *t, const eng_bcase *cs, unsigned j)
{
	eng_code *c = &t->code;
	uint32_t *rw = t->be->code_rw;
	uint32_t at, n;
	eng_chain fresh;
	a64_err err;

	if (c->stub_pos + ENG_MAX_SETUP_WORDS + 5 > c->stub_end)
		c->stub_pos = c->ring_end; /* rewriting old stubs: correct, just slower */
	at = c->stub_pos;
	eng_chain_reset(&fresh);
	n = eng_setup_words(&cs[j].regs, &fresh, rw + at, ENG_MAX_SETUP_WORDS);
	/* The capture's ADD expects its register where the chain left it. */
	if (c->cap_from[j])
		n += eng_mov_imm((unsigned)c->cap_reg[j], c->cap_from[j], rw + at + n);
	rw[at + n] = a64_enc_b(((int64_t)c->words_at[j] - (int64_t)(at + n)) * 4, &err);
	t->be->sync(t->be->ctx, rw + at, rx_of(t, at), (size_t)(n + 1) * 4);
	c->stub_pos = at + n + 1;
	if (c->stub_pos > c->stub_hi)
		c->stub_hi = c->stub_pos;
	c->stub_case = (int)j;
	note_tb(t, at);
	return at;
}

static bool execute(eng_target *t, eng_bcase *cs, unsigned n, uint32_t start, uint32_t len,
		    eng_fault *outside)
{
	eng_code *c = &t->code;
	uint32_t entry = start;
	uint64_t t0 = eng_now(t);

	t->be->sync(t->be->ctx, t->be->code_rw + start, rx_of(t, start), (size_t)len * 4);
	t->stats.t_sync += eng_now(t) - t0;
	c->stub_case = -1;
	for (;;) {
		eng_fault f;
		uint64_t w;
		int j;

		memset(&f, 0, sizeof(f));
		if (t->be->call(t->be->ctx, rx_of(t, entry), &f))
			return true;
		t->stats.faults++;
		w = (f.elr - t->be->code_rx) / 4;
		if (f.elr < t->be->code_rx || w >= c->stub_end)
			j = -1;
		else if (w >= c->ring_end)
			j = c->stub_case; /* in a stub: the set-up of the case it enters */
		else
			j = case_of(c, n, w);
		if (j < 0) {
			*outside = f;
			return false;
		}
		cs[j].fault = f;
		cs[j].fault.taken = true;
		cs[j].fault_in_case = w >= c->words_at[j] && w < c->cap_at[j];
		cs[j].fault_word = cs[j].fault_in_case ? (unsigned)(w - c->words_at[j]) : 0;
		if ((unsigned)j + 1 >= n) {
			entry = c->case_at[n]; /* the exit: nothing to set up */
			note_tb(t, entry);
		} else {
			entry = write_stub(t, cs, (unsigned)j + 1);
		}
	}
}

bool eng_code_run(eng_target *t, eng_bcase *cs, unsigned n, eng_fault *outside)
{
	eng_code *c = &t->code;
	uint32_t start, len;
	uint64_t t0 = eng_now(t), t1;
	bool ok;

	if (t->t_last)
		t->stats.t_prepare += t0 - t->t_last;
	start = write_code(t, cs, n, &len);
	t1 = eng_now(t);
	t->stats.t_write += t1 - t0;
	t->stats.batches++;
	t->stats.cases += n;
	t->stats.code_words += len;
	c->rec.prev = c->rec.on;
	if (c->rec.on) {
		if (c->rec.n == ENG_REC_MAX) {
			c->rec.broken = true;
		} else {
			c->rec.start[c->rec.n] = start;
			c->rec.len[c->rec.n++] = len;
			c->rec.cases += n;
		}
	}
	ok = execute(t, cs, n, start, len, outside);
	t->stats.t_run += eng_now(t) - t1;
	return ok;
}

void eng_code_rewind(eng_target *t)
{
	t->code.next = 0;
	t->code.rec.broken |= t->code.rec.n > 0;
}

void eng_code_record_reset(eng_target *t)
{
	t->code.rec.broken = false;
	t->code.rec.n = 0;
	t->code.rec.cases = 0;
}

void eng_code_record(eng_target *t, bool on)
{
	t->code.rec.on = on;
}
