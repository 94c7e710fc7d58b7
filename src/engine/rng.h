/*
 * Deterministic pseudo-random numbers for case generation: SplitMix64 to mix
 * seeds and case ids, xoshiro256** for streams (both public-domain designs
 * by Vigna et al., written here from their published definitions).  The same
 * (seed, case id) gives the same numbers on the host and on the firmware.
 */
#ifndef PG_ENGINE_RNG_H
#define PG_ENGINE_RNG_H

#include <stdint.h>

typedef struct eng_rng {
	uint64_t s[4];
} eng_rng;

/* One SplitMix64 output for state x (a strong 64-bit mixing function). */
uint64_t eng_mix64(uint64_t x);

/* Seed a stream from a run seed and a stream id (e.g. a case index). */
void eng_rng_init(eng_rng *r, uint64_t seed, uint64_t stream);
uint64_t eng_rng_next(eng_rng *r);
/* Uniform in [0, n) for n >= 1 (rejection sampling, no modulo bias). */
uint64_t eng_rng_below(eng_rng *r, uint64_t n);
/* True with probability num/den. */
int eng_rng_chance(eng_rng *r, unsigned num, unsigned den);

#endif
