/*
 * The harness words around a case's emitted code: the set-up that gives
 * every register the case reads its value (MOVZ/MOVK, FMOV from a scratch
 * GPR, MOV to SP).  These words are the engine's own, not the emitter's
 * under test; they are encoded by the a64 layer's harness forms and checked
 * by interpretation in tests/host/test_engine_setup.c.
 */
#ifndef PG_ENGINE_SETUP_H
#define PG_ENGINE_SETUP_H

#include <stdint.h>

#include "engine/engine.h"

/* The scratch GPR that carries FP values and SP's value: set before every
 * GPR (value or base) the case reads, so it may be one of them. */
#define ENG_SCRATCH 16u

/*
 * Set-up words for registers r (the `set` bits: x0..x30, SP as bit 31, the
 * FP registers as bits 32..63; `wide` as in eng_regs).  Returns the count
 * written, or 0 if max is too small.
 */
unsigned eng_setup_words(const eng_regs *r, uint32_t *out, unsigned max);

/* Most words eng_setup_words can produce. */
#define ENG_MAX_SETUP_WORDS (32 * 5 + 5 + 31 * 4)

#endif
