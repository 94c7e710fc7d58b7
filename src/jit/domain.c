/*
 * The fusion domain walk and the fusion judge (see domain.h).
 */
#include "jit/domain.h"

size_t fuse_domain_offsets(a64_kind k, int64_t *out, size_t max)
{
	if ((unsigned)k >= A64_KIND_COUNT)
		return 0;
	int64_t end = 4096 * (int64_t)a64_kind_size(k);
	size_t n = 0;
	for (int64_t off = -256; off < end; off++) {
		if (a64_single_form_of(k, off) == A64_FORM_NONE)
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
	if (ca[0].load && !ca[0].fp && ca[0].reg == c.rn)
		return "current load changes the base the second access uses";
	if (fa[0].load && fa[0].reg == fa[1].reg)
		return "LDP with Rt == Rt2 (CONSTRAINED UNPREDICTABLE)";
	return NULL;
}

void fuse_domain_walk(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
		      void *ctx)
{
	static int64_t offs[FUSE_DOMAIN_MAX_OFFSETS];
	static uint32_t prevs[FUSE_DOMAIN_MAX_OFFSETS];
	*st = (fuse_domain_stats){ 0 };
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		if (!a64_kind_fusable(k))
			continue;
		size_t n = fuse_domain_offsets(k, offs, FUSE_DOMAIN_MAX_OFFSETS);
		for (size_t j = 0; j < n; j++)
			prevs[j] = a64_enc_single(k, FUSE_DOMAIN_PREV_RT, FUSE_DOMAIN_RN, offs[j],
						  NULL);
		for (size_t i = 0; i < n; i++) {
			fuse_request req;
			fuse_prepare(p, k, FUSE_DOMAIN_CUR_RT, FUSE_DOMAIN_RN, offs[i], &req);
			for (size_t j = 0; j < n; j++) {
				uint32_t pair;
				if (!fuse_try_prepared(&req, prevs[j], false, &pair))
					continue;
				uint32_t cur = a64_enc_single(k, FUSE_DOMAIN_CUR_RT, FUSE_DOMAIN_RN,
							      offs[i], NULL);
				const char *why = fuse_judge(cur, prevs[j], pair);
				st->fused++;
				if (why)
					st->wrong++;
				if (visit)
					visit(ctx, cur, prevs[j], pair, why);
			}
			st->pairs += n;
		}
	}
}
