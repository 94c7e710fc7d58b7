/*
 * An example fusion-policy plug-in: a small JIT peephole that merges two
 * stores of the same kind and base at adjacent, size-aligned offsets into
 * one STP, as a JIT whose buffer fills forwards would (the word already
 * in the buffer ran first).  Loads are left alone.
 *
 *   make PLUGIN=tools/plugin-example/example.c host
 *   build/host/pairguard domain --policy example
 *   make PLUGIN=tools/plugin-example/example.c run BOOTARGS="policy=example"
 *
 * See README "Certifying your JIT's pair fusion" and src/jit/policy.h.
 */
#include "jit/policy.h"

static uint32_t example_fuse(const fuse_policy *self, const fuse_query *q)
{
	const fuse_access *cur = &q->cur, *prev = q->prev_req;
	int64_t size = (int64_t)a64_kind_size(cur->kind);
	int64_t lo;
	unsigned lo_rt, hi_rt;
	a64_err err;
	uint32_t pair;

	(void)self;
	/* Only what our JIT remembers emitting itself, in the same block. */
	if (q->label || !prev || prev->word != q->prev)
		return FUSE_KEEP;
	if (a64_kind_is_load(cur->kind) || prev->kind != cur->kind || prev->rn != cur->rn)
		return FUSE_KEEP;
	if (prev->off == cur->off - size) {
		lo = prev->off, lo_rt = prev->rt, hi_rt = cur->rt;
	} else if (prev->off == cur->off + size) {
		lo = cur->off, lo_rt = cur->rt, hi_rt = prev->rt;
	} else {
		return FUSE_KEEP;
	}
	/* The encoder checks the rest: imm7 range and alignment, registers. */
	pair = a64_enc_pair(cur->kind, A64_PAIR_OFFSET, lo_rt, hi_rt, cur->rn, lo, &err);
	return err == A64_OK ? pair : FUSE_KEEP;
}

const fuse_policy pg_plugin_policy = {
	.name = "example",
	.summary = "the plug-in example: adjacent aligned stores into STP (tools/plugin-example)",
	.order = FUSE_PREV_BEFORE,
	.fuse = example_fuse,
};
