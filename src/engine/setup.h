/*
 * The harness words before a case's emitted code: the set-up that gives
 * every register the case reads its value.  These words are the engine's
 * own, not the emitter's under test.
 *
 * Set-up is short because QEMU's translation cost grows with every word:
 *  - a harness register H (one the case does not use) holds the case's
 *    pattern P; consecutive cases that pick the same H only replace its low
 *    16 bits (one MOVK: bytes 2..7 are the run's, eng_values);
 *  - each value register is P XOR a byte-repeated constant: one EOR (or a
 *    MOV for the first), plus an FMOV for an FP register;
 *  - a base register that held the previous case's base moves on with one
 *    ADD #n, LSL #12 when the executor placed the two 4 KiB-congruent;
 *  - anything else gets MOVZ/MOVK.
 * The chain (what the previous case's set-up left in registers) is the only
 * state; eng_chain_reset() forgets it, e.g. after a fault, and the next
 * set-up is then complete.  tests/host/test_engine_setup.c runs chains of
 * set-ups through an interpreter against the register model.
 */
#ifndef PG_ENGINE_SETUP_H
#define PG_ENGINE_SETUP_H

#include <stdint.h>

#include "engine/engine.h"

typedef struct eng_chain {
	int h;		/* the last set-up's pattern register, -1: none */
	uint32_t bases; /* registers (bit 31: SP) holding base_val[] */
	uint64_t base_val[32];
	int c; /* the last capture's address register (-1: none), holding c_val */
	uint64_t c_val;
} eng_chain;

void eng_chain_reset(eng_chain *ch);

/*
 * Set-up words for registers r (their `set` bits: x0..x30, SP as bit 31,
 * the FP registers as bits 32..63; `bases`), given the chain the previous
 * set-up left, which is updated.  Returns the count written, or 0 if max is
 * too small (the chain is then reset).
 */
unsigned eng_setup_words(const eng_regs *r, eng_chain *ch, uint32_t *out, unsigned max);

/*
 * After case c's code (its n words): a base register the case writes back
 * (the forms suite) holds whatever the core left there, so the next set-up
 * gives it its value in full instead of moving it on from the chain's (a
 * core that wrote back wrongly fails its own case, not the next one).  A
 * word that loads into a GPR the case does not name (r->set; a wrong
 * fusion: an S load taken for a W one) may have changed the chain's
 * registers: the chain is reset, so that emitter fails its own case only.
 */
void eng_chain_after(eng_chain *ch, const eng_case *c, const eng_regs *r, const uint32_t *words,
		     unsigned n);

/* Most words one set-up can take. */
#define ENG_MAX_SETUP_WORDS (4 + 32 * 5 + 5 + 31 * 4)

/*
 * The capture after a load case's code (arena.h's capture slot at `slot`):
 * an address register C (a GPR the case does not name, not the set-up's
 * pattern register) gets the slot's address, with one ADD from the last
 * capture's when the chain still holds it, else MOVZ/MOVK; then one STR of
 * each register of r->capture to [C, #8*id] (X, or D for v0..v31).  Sets
 * *c to C and *c_from to the value C must hold before the words (0: none,
 * they set it in full), which a re-entry stub provides.  Returns the count.
 */
unsigned eng_capture_words(const eng_regs *r, eng_chain *ch, uint64_t slot, uint32_t *out, int *c,
			   uint64_t *c_from);
#define ENG_MAX_CAPTURE_WORDS (4 + 63)
/* MOVZ/MOVK of a 64-bit value into GPR rd (at most 4 words). */
unsigned eng_mov_imm(unsigned rd, uint64_t v, uint32_t *out);

#endif
