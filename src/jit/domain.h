/*
 * The fusion domain: every current access of the 8 fusable kinds at every
 * offset the policy's standalone rule accepts, against every word of the
 * same kind that rule gives at every accepted offset, for each register
 * set below (issue 3's set first: rt 0 / rt 1 on x19); and the judge that
 * says whether a fusion is right, by the decoder alone.  Pure code, used by
 * the host CLI and the tests.
 */
#ifndef PG_JIT_DOMAIN_H
#define PG_JIT_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit/policy.h"

#define FUSE_DOMAIN_RN	    19u
#define FUSE_DOMAIN_CUR_RT  0u
#define FUSE_DOMAIN_PREV_RT 1u
/* At most 512 unscaled plus 4096 scaled offsets per kind. */
#define FUSE_DOMAIN_MAX_OFFSETS (512 + 4096)

/* Every offset p's standalone rule accepts for kind k, ascending (p NULL:
 * pairguard's rule); returns the count (0 if max is too small or k is not
 * a valid kind). */
size_t fuse_domain_offsets(const fuse_policy *p, a64_kind k, int64_t *out, size_t max);

/*
 * The register sets of the domain: the base classes a JIT uses (a GPR and
 * SP) with distinct data registers, and for loads the register hazards
 * (a load into its own base, either first or second, and two loads into
 * one register).
 */
typedef struct fuse_domain_set {
	const char *name;
	unsigned cur_rt, prev_rt, rn;
	bool loads_only;
} fuse_domain_set;

#define FUSE_DOMAIN_SETS 5
extern const fuse_domain_set fuse_domain_sets[FUSE_DOMAIN_SETS];

typedef struct fuse_domain_stats {
	uint64_t pairs; /* (cur, prev) pairs tried */
	uint64_t fused;
	uint64_t wrong;
	/* The pair being asked right now and the number of calls so far:
	 * written before every call of the policy, so that a crash handler
	 * can name it and a watchdog see the walk move. */
	uint32_t at_cur, at_prev;
	uint64_t asked;
} fuse_domain_stats;

/* Called for each fusion; why is NULL when the fusion is right. */
typedef void fuse_domain_visit(void *ctx, uint32_t cur, uint32_t prev, uint32_t pair,
			       const char *why);

/* Walk one register set under policy p (no labels), counting into *st and
 * calling visit (if not NULL) for every fusion.  Every pair is asked
 * through the plug-in interface, with the previous request as the policy's
 * rule makes it. */
void fuse_domain_walk_set(const fuse_policy *p, const fuse_domain_set *set, fuse_domain_stats *st,
			  fuse_domain_visit *visit, void *ctx);
/* Every set, the counts summed. */
void fuse_domain_walk(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
		      void *ctx);

/*
 * The register-pair walk (loads): for each load kind of the 8 fusable, each
 * base of FUSE_DOMAIN_REG_BASES, every current offset the policy's rule
 * accepts against the previous load at offset +- size (the neighbours a
 * fusion may join; every other offset pair is the walk above's), for every
 * (cur Rt, prev Rt) of 32 x 32: Rt == Rt2, Rt == Rn either way, XZR.  Every
 * fusion judged by fuse_judge_order.
 */
#define FUSE_DOMAIN_REG_BASES 4
extern const unsigned fuse_domain_reg_bases[FUSE_DOMAIN_REG_BASES];
void fuse_domain_walk_regs(const fuse_policy *p, fuse_domain_stats *st, fuse_domain_visit *visit,
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
/* The same for either order: with FUSE_PREV_BEFORE prev ran first, so it
 * is prev that must not change the base cur uses. */
const char *fuse_judge_order(uint32_t cur, uint32_t prev, uint32_t pair, fuse_order order);

#endif
