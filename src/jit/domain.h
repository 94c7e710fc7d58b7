/*
 * The fusion domain (issue 3): every current access of the 8 fusable kinds
 * with rt = 0, rn = 19 at every offset the standalone rule accepts, against
 * every standalone word of the same kind with rt = 1, rn = 19 at every
 * accepted offset; and the judge that says whether a fusion is right, by the
 * decoder alone.  Pure code, used by the host CLI and the tests.
 */
#ifndef PG_JIT_DOMAIN_H
#define PG_JIT_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit/emit.h"

#define FUSE_DOMAIN_RN	    19u
#define FUSE_DOMAIN_CUR_RT  0u
#define FUSE_DOMAIN_PREV_RT 1u
/* At most 512 unscaled plus 4096 scaled offsets per kind. */
#define FUSE_DOMAIN_MAX_OFFSETS (512 + 4096)

/* Every offset the standalone rule accepts for kind k, ascending; returns
 * the count (0 if max is too small or k is not a valid kind). */
size_t fuse_domain_offsets(a64_kind k, int64_t *out, size_t max);

typedef struct fuse_domain_stats {
	uint64_t pairs; /* (cur, prev) pairs tried */
	uint64_t fused;
	uint64_t wrong;
} fuse_domain_stats;

/* Called for each fusion; why is NULL when the fusion is right. */
typedef void fuse_domain_visit(void *ctx, uint32_t cur, uint32_t prev, uint32_t pair,
			       const char *why);

/* Walk the whole domain under policy p (no labels), counting into *st and
 * calling visit (if not NULL) for every fusion. */
void fuse_domain_walk(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
		      void *ctx);

/*
 * The judge: is pair a right fusion of cur (the access emitted, executing
 * first) and prev (the word after it, executing second)?  Right means, by
 * the decoder: pair is an LDP/STP with signed offset on the same base whose
 * two accesses equal those of cur and prev as a set (address, size,
 * direction, register file, register); cur, if a load, does not change the
 * base that prev's address uses; and a pair of loads has Rt != Rt2.
 * Returns NULL when right, else the first reason it is wrong.
 */
const char *fuse_judge(uint32_t cur, uint32_t prev, uint32_t pair);

#endif
