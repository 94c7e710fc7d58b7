/*
 * The fusion domain walk and the fusion judge (see domain.h).
 */
#include "jit/domain.h"

const fuse_domain_set fuse_domain_sets[FUSE_DOMAIN_SETS] = {
	{ "x19", FUSE_DOMAIN_CUR_RT, FUSE_DOMAIN_PREV_RT, FUSE_DOMAIN_RN, false },
	{ "sp", FUSE_DOMAIN_CUR_RT, FUSE_DOMAIN_PREV_RT, A64_SP, false },
	{ "cur-loads-base", FUSE_DOMAIN_RN, FUSE_DOMAIN_PREV_RT, FUSE_DOMAIN_RN, true },
	{ "prev-loads-base", FUSE_DOMAIN_CUR_RT, FUSE_DOMAIN_RN, FUSE_DOMAIN_RN, true },
	{ "same-target", FUSE_DOMAIN_PREV_RT, FUSE_DOMAIN_PREV_RT, FUSE_DOMAIN_RN, true },
};

size_t fuse_domain_offsets(const fuse_policy *p, a64_kind k, int64_t *out, size_t max)
{
	if ((unsigned)k >= A64_KIND_COUNT)
		return 0;
	int64_t end = 4096 * (int64_t)a64_kind_size(k);
	size_t n = 0;
	for (int64_t off = -256; off < end; off++) {
		if (fuse_policy_form(p, k, off) == A64_FORM_NONE)
			continue;
		if (n == max)
			return 0;
		out[n++] = off;
	}
	return n;
}

static bool same_access(const a64_access *a, const a64_access *b)
{
	return a->load == b->load && a->fp == b->fp && a->size == b->size && a->reg == b->reg &&
	       a->off == b->off;
}

static bool is_single(const a64_insn *in)
{
	return in->op == A64_OP_LDST_UIMM || in->op == A64_OP_LDST_SIMM9;
}

const char *fuse_judge(uint32_t cur, uint32_t prev, uint32_t pair)
{
	return fuse_judge_order(cur, prev, pair, FUSE_PREV_AFTER);
}

const char *fuse_judge_order(uint32_t cur, uint32_t prev, uint32_t pair, fuse_order order)
{
	a64_insn c, p, f;
	a64_access ca[2], pa[2], fa[2];
	if (!a64_decode(cur, &c) || !is_single(&c))
		return "current word is not a single access";
	if (!a64_decode(prev, &p) || !is_single(&p))
		return "previous word is not a single access";
	if (!a64_decode(pair, &f))
		return "pair word is not a valid instruction";
	if (f.op != A64_OP_LDST_PAIR || f.pair_mode != A64_PAIR_OFFSET)
		return "pair word is not an LDP/STP with signed offset";
	if (f.rn != c.rn || f.rn != p.rn)
		return "pair has another base register";
	a64_accesses(&c, ca);
	a64_accesses(&p, pa);
	a64_accesses(&f, fa);
	bool as_set = (same_access(&fa[0], &ca[0]) && same_access(&fa[1], &pa[0])) ||
		      (same_access(&fa[0], &pa[0]) && same_access(&fa[1], &ca[0]));
	if (!as_set)
		return "pair accesses differ from the two single accesses";
	if (order == FUSE_PREV_AFTER && ca[0].load && !ca[0].fp && ca[0].reg == c.rn)
		return "current load changes the base the second access uses";
	if (order == FUSE_PREV_BEFORE && pa[0].load && !pa[0].fp && pa[0].reg == p.rn)
		return "previous load changes the base the current access uses";
	if (fa[0].load && fa[0].reg == fa[1].reg)
		return "LDP with Rt == Rt2 (CONSTRAINED UNPREDICTABLE)";
	return NULL;
}

void fuse_domain_walk_set(const fuse_policy *p, const fuse_domain_set *set, fuse_domain_stats *st,
			  fuse_domain_visit *visit, void *ctx)
{
	static int64_t offs[FUSE_DOMAIN_MAX_OFFSETS];
	static fuse_access prevs[FUSE_DOMAIN_MAX_OFFSETS];
	fuse_order order = p->order;

	*st = (fuse_domain_stats){ 0 };
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		if (!a64_kind_fusable(k) || (set->loads_only && !a64_kind_is_load(k)))
			continue;
		size_t n = fuse_domain_offsets(p, k, offs, FUSE_DOMAIN_MAX_OFFSETS);
		for (size_t j = 0; j < n; j++)
			(void)fuse_access_make(p, k, set->prev_rt, set->rn, offs[j], &prevs[j]);
		for (size_t i = 0; i < n; i++) {
			/* One query per current request; prev changes. */
			fuse_query q = { .label = false };
			(void)fuse_access_make(p, k, set->cur_rt, set->rn, offs[i], &q.cur);
			for (size_t j = 0; j < n; j++) {
				q.prev = prevs[j].word;
				q.prev_req = &prevs[j];
				st->at_cur = q.cur.word, st->at_prev = q.prev;
				st->asked++;
				uint32_t pair = p->fuse(p, &q);
				if (pair == FUSE_KEEP)
					continue;
				const char *why = fuse_judge_order(q.cur.word, q.prev, pair, order);
				st->fused++;
				if (why)
					st->wrong++;
				if (visit)
					visit(ctx, q.cur.word, q.prev, pair, why);
			}
			st->pairs += n;
		}
	}
}

void fuse_domain_walk(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
		      void *ctx)
{
	fuse_domain_stats sum = { 0 };
	for (unsigned i = 0; i < FUSE_DOMAIN_SETS; i++) {
		fuse_domain_walk_set(p, &fuse_domain_sets[i], st, visit, ctx);
		sum.pairs += st->pairs;
		sum.fused += st->fused;
		sum.wrong += st->wrong;
	}
	*st = sum;
}

const unsigned fuse_domain_reg_bases[FUSE_DOMAIN_REG_BASES] = { 0, FUSE_DOMAIN_RN, 30, A64_SP };

void fuse_domain_walk_regs(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
			   void *ctx)
{
	static int64_t offs[FUSE_DOMAIN_MAX_OFFSETS];

	*st = (fuse_domain_stats){ 0 };
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		int64_t size = (int64_t)a64_kind_size(k);
		if (!a64_kind_fusable(k) || !a64_kind_is_load(k))
			continue;
		size_t n = fuse_domain_offsets(p, k, offs, FUSE_DOMAIN_MAX_OFFSETS);
		for (unsigned b = 0; b < FUSE_DOMAIN_REG_BASES; b++) {
			unsigned rn = fuse_domain_reg_bases[b];
			for (size_t i = 0; i < n; i++) {
				for (unsigned cur_rt = 0; cur_rt < 32; cur_rt++) {
					fuse_query q = { .label = false };
					if (fuse_access_make(p, k, cur_rt, rn, offs[i], &q.cur) !=
					    A64_OK)
						continue;
					for (int d = -1; d <= 1; d += 2) {
						fuse_access prev;
						if (fuse_access_make(p, k, 0, rn,
								     offs[i] + d * size,
								     &prev) != A64_OK)
							continue;
						for (unsigned prev_rt = 0; prev_rt < 32;
						     prev_rt++) {
							(void)fuse_access_make(p, k, prev_rt, rn,
									       prev.off, &prev);
							q.prev = prev.word;
							q.prev_req = &prev;
							st->at_cur = q.cur.word,
							st->at_prev = q.prev;
							st->pairs++;
							uint32_t pair = p->fuse(p, &q);
							if (pair == FUSE_KEEP)
								continue;
							const char *why = fuse_judge_order(
								q.cur.word, q.prev, pair, p->order);
							st->fused++;
							if (why)
								st->wrong++;
							if (visit)
								visit(ctx, q.cur.word, q.prev, pair,
								      why);
						}
					}
				}
			}
		}
	}
}
