/*
 * The bench's floor (replay.h): what running the engine's batched code
 * costs with nothing else around it.
 */
#include <stdio.h>

#include "arch/cache.h"
#include "arch/recover.h"
#include "arch/timer.h"
#include "fw/exec.h"
#include "fw/replay.h"
#include "lib/esr.h"

/* pg_guard_diff (guard.S). */
uint64_t pg_guard_diff(const void *p, const void *guard, size_t n);

void exec_record_reset(void)
{
	eng_code_record_reset(exec_target());
}

void exec_record(bool on)
{
	eng_code_record(exec_target(), on);
}

/* A word stored to with its own value. */
static void rewrite(volatile uint32_t *w)
{
	uint32_t v = *w;

	*w = v;
}

/*
 * The recorded batches' code run again, as it stands in the ring, with
 * nothing between the calls: no generation, emission, placement or check.
 * Each word where a block starts is first stored to with its own value, so
 * QEMU drops the old translations and translates the code afresh (on a core
 * the stores change nothing).  What the stores write into the arena is
 * thrown away: every arena page gets its guard back afterwards.
 */
bool exec_replay(uint64_t *ticks, uint64_t *cases, char *err, size_t n)
{
	eng_target *t = exec_target();
	const eng_code *c = &t->code;
	volatile uint32_t *rw = t->be->code_rw;
	const uint8_t *rx = (const uint8_t *)(uintptr_t)t->be->code_rx;
	uint64_t t0;
	bool ok = true;

	if (c->rec.broken || c->rec.n == 0) {
		snprintf(err, n, "replay: %s",
			 c->rec.n ? "more batches than it keeps, or the ring wrapped over them"
				  : "no batches recorded");
		return false;
	}
	for (unsigned i = 0; i < c->rec.n; i++) {
		uint32_t lo = c->rec.start[i], hi = lo + c->rec.len[i];

		for (uint32_t w = (lo + ENG_CODE_PAGE_W - 1) & ~(ENG_CODE_PAGE_W - 1); w < hi;
		     w += ENG_CODE_PAGE_W)
			rewrite(rw + w);
		for (uint32_t w = lo; w < hi; w++)
			if (eng_code_tb(t, w))
				rewrite(rw + w);
		jit_sync((const uint32_t *)rw + lo, rx + (size_t)lo * 4, (size_t)(hi - lo) * 4);
	}
	t0 = timer_ticks();
	for (unsigned i = 0; i < c->rec.n && ok; i++) {
		recover_fault f;

		if (!recover_call_code(rx + (size_t)c->rec.start[i] * 4, 0, NULL, &f)) {
			snprintf(err, n, "replay: batch %u faulted: %s, esr 0x%lx, elr 0x%lx", i,
				 esr_class_name(f.ec), (unsigned long)f.esr, (unsigned long)f.elr);
			ok = false;
		}
	}
	*ticks = timer_ticks() - t0;
	*cases = c->rec.cases;
	eng_arena_refill_all(&t->arena);
	t->t_last = 0;
	return ok;
}

/* The page check alone: pg_guard_diff over one guarded arena page per case,
 * cases times; returns the ticks taken. */
uint64_t exec_check_floor(uint64_t cases, uint64_t *diff)
{
	const eng_arena *a = &exec_target()->arena;
	uint64_t t0 = timer_ticks(), d = 0;

	for (uint64_t i = 0; i < cases; i++)
		d |= pg_guard_diff(eng_arena_slice(a, (unsigned)(i % ENG_NARROW))->host, a->guard,
				   ENG_PAGE);
	*diff = d;
	return timer_ticks() - t0;
}
