/* Seed mixing and stream generation for the case generators (see rng.h). */
#include "engine/rng.h"

uint64_t eng_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void eng_rng_init(eng_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = eng_mix64(seed) ^ eng_mix64(~stream);

	/* SplitMix64 fills the state, so it is never all zero in practice;
	 * guard against it anyway, as xoshiro would then only return 0. */
	for (int i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ull;
		r->s[i] = eng_mix64(x);
	}
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t eng_rng_next(eng_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t eng_rng_below(eng_rng *r, uint64_t n)
{
	/* Reject the top partial range so every value is equally likely. */
	uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
	uint64_t x;

	do
		x = eng_rng_next(r);
	while (x >= limit);
	return x % n;
}

int eng_rng_chance(eng_rng *r, unsigned num, unsigned den)
{
	return eng_rng_below(r, den) < num;
}
