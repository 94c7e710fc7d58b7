/*
 * The load/store emitter with LDP/STP fusion, as a JIT backend has it: the
 * code buffer fills backwards (each new word goes just below the previous
 * one, so the word already in the buffer executes AFTER the one being
 * emitted), and a new single access may be fused with that previous word.
 *
 * Pure code: no hardware access.  The fusion policy is chosen at run time
 * through the plug-in interface (policy.h); LuaJIT's policies are
 * descriptions over one shared mechanism (fuse.c), not copies of the
 * emitter.
 */
#ifndef PG_JIT_EMIT_H
#define PG_JIT_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64/a64.h"
#include "jit/policy.h"

/*
 * LuaJIT's mechanism in two steps (fuse.c), for callers that try one
 * request against many prev words: fuse_prepare applies rules 1 and 2 and
 * computes the words rule 4 compares prev against; fuse_try_prepared does
 * the rest.  For LuaJIT's policies fuse_try(...) is exactly fuse_prepare +
 * fuse_try_prepared; for any other policy fuse_prepare finds nothing
 * possible.
 */
#define FUSE_MAX_CANDIDATES 2
typedef struct fuse_request {
	const fuse_policy *policy;
	a64_kind kind;
	unsigned rt, rn;
	int64_t off;
	bool possible;			     /* some prev could fuse */
	unsigned n_below, n_above;	     /* candidate words (Rt = 0) for */
	uint32_t below[FUSE_MAX_CANDIDATES]; /* prev at off - size */
	uint32_t above[FUSE_MAX_CANDIDATES]; /* prev at off + size */
} fuse_request;

void fuse_prepare(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
		  fuse_request *r);
bool fuse_try_prepared(const fuse_request *r, uint32_t prev, bool prev_is_label, uint32_t *pair);
/* How often LuaJIT's rules (fuse.c) asked the encoder for a pair it
 * refused (a rule missing from fuse.c that only the encoder's own checks
 * stopped); 0 when the two copies of the rules agree.  Since start-up. */
unsigned long fuse_encoder_refusals(void);

typedef struct jit_emitter {
	uint32_t *bot;	      /* lowest word of the buffer */
	uint32_t *top;	      /* one past the highest word */
	uint32_t *p;	      /* next word goes to p[-1]; p == top when empty */
	uint32_t *label;      /* position of the last label: the word at p
				 when emit_label() was called; NULL if none */
	uint32_t *raw;	      /* position of the last word emit_word() put
				 in: never fused with; NULL if none */
	uint32_t *req_at;     /* position of the word emitted from last_req
				 (single, not fused); NULL if none */
	fuse_access last_req; /* the request the policy is told prev came from */
	const fuse_policy *policy;
	a64_err err;	/* first error; sticky */
	unsigned fused; /* count of fusions performed */
} jit_emitter;

/* Start an empty buffer of n words at buf, filled with A64_POISON. */
void emit_init(jit_emitter *e, uint32_t *buf, size_t n, const fuse_policy *p);

/*
 * Emit one single access (fusing it with the previous word when the policy
 * says so).  Returns A64_OK or the error (the encoder's, or A64_ERR_FULL);
 * on an encoding error the buffer gets A64_POISON in that place, never a
 * silently wrong word.  A fusion rewrites the previous word and needs no
 * room, so it still happens in a full buffer.
 */
a64_err emit_access(jit_emitter *e, a64_kind k, unsigned rt, unsigned rn, int64_t off);

/* Emit a raw word (never fused with). */
a64_err emit_word(jit_emitter *e, uint32_t w);

/* Mark the current position (the word last emitted) as a branch target:
 * no fusion may merge an access into it. */
void emit_label(jit_emitter *e);

/* The emitted code runs from e->p up to e->top. */
static inline size_t emit_len(const jit_emitter *e)
{
	return (size_t)(e->top - e->p);
}

#endif
