/*
 * The backwards-filling code buffer and the load/store emitter that fuses
 * through fuse_try (fuse.c).
 */
#include "jit/emit.h"

void emit_init(jit_emitter *e, uint32_t *buf, size_t n, const fuse_policy *p)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = A64_POISON;
	e->bot = buf;
	e->top = buf + n;
	e->p = e->top;
	e->label = NULL;
	e->raw = NULL;
	e->req_at = NULL;
	e->policy = p ? p : fuse_policy_default();
	e->err = A64_OK;
	e->fused = 0;
}

static a64_err note(jit_emitter *e, a64_err err)
{
	if (e->err == A64_OK)
		e->err = err;
	return err;
}

/* Put w below the code emitted so far. */
static a64_err push(jit_emitter *e, uint32_t w)
{
	if (e->p == e->bot)
		return note(e, A64_ERR_FULL);
	*--e->p = w;
	return A64_OK;
}

a64_err emit_access(jit_emitter *e, a64_kind k, unsigned rt, unsigned rn, int64_t off)
{
	fuse_access a;
	/* The word the JIT's own standalone rule gives. */
	a64_err err = fuse_access_make(e->policy, k, rt, rn, off, &a);
	if (err != A64_OK) {
		/* The poison takes the place of the access: it can never run. */
		push(e, A64_POISON);
		return note(e, err);
	}
	/* The word at p executes right after this access; it may be fused
	 * with unless it was emitted raw. */
	if (e->p != e->top && e->p != e->raw) {
		uint32_t pair;
		fuse_answer ans = fuse_ask_access(e->policy, &a, *e->p,
						  e->p == e->req_at ? &e->last_req : NULL,
						  e->p == e->label, &pair);
		if (ans == FUSE_ANSWER_FAULT || ans == FUSE_ANSWER_HUNG) {
			/* A plug-in that faulted or hung: its access never runs. */
			push(e, A64_POISON);
			return note(e,
				    ans == FUSE_ANSWER_HUNG ? A64_ERR_POLICY_HUNG : A64_ERR_POLICY);
		}
		if (ans == FUSE_ANSWER_PAIR) {
			*e->p = pair;
			e->req_at = NULL; /* a pair now: no single request */
			e->fused++;
			return A64_OK;
		}
	}
	err = push(e, a.word);
	if (err == A64_OK) {
		e->last_req = a;
		e->req_at = e->p;
	}
	return err;
}

a64_err emit_word(jit_emitter *e, uint32_t w)
{
	a64_err err = push(e, w);
	if (err == A64_OK)
		e->raw = e->p;
	return err;
}

void emit_label(jit_emitter *e)
{
	e->label = e->p;
}
