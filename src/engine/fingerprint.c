/* Fingerprints: FNV-1a 64 over each case's outcome record (fingerprint.h). */
#include <string.h>

#include "engine/fingerprint.h"

uint64_t eng_fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= ENG_FNV_PRIME;
	}
	return h;
}

/* n bytes of v, little-endian, into out. */
static void le(uint8_t *out, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

void eng_fp_bad_byte(eng_fp_bytes *b, unsigned base, int32_t off, unsigned what, uint8_t act)
{
	uint8_t rec[7];

	if (b->nbad == 0)
		b->hash = ENG_FNV_BASIS;
	rec[0] = (uint8_t)base;
	le(rec + 1, (uint32_t)off, 4);
	rec[5] = (uint8_t)what;
	rec[6] = act;
	b->hash = eng_fnv1a(b->hash, rec, sizeof(rec));
	b->nbad++;
}

/* A field: tag, length, value. */
static uint64_t field(uint64_t h, eng_fp_tag tag, const uint8_t *v, unsigned n)
{
	uint8_t head[2] = { (uint8_t)tag, (uint8_t)n };

	h = eng_fnv1a(h, head, sizeof(head));
	return eng_fnv1a(h, v, n);
}

uint64_t eng_fp_case(uint64_t h, const eng_outcome *o)
{
	uint8_t v[255];

	v[0] = o->suite;
	le(v + 1, o->index, 8);
	h = field(h, ENG_FP_CASE, v, 9);
	if (o->emit_err != A64_OK) {
		v[0] = (uint8_t)o->emit_err;
		h = field(h, ENG_FP_EMIT, v, 1);
	}
	if (o->bytes) {
		le(v, o->bytes->nbad, 4);
		v[4] = o->bytes->slot_outside;
		le(v + 5, o->bytes->nbad ? o->bytes->hash : ENG_FNV_BASIS, 8);
		h = field(h, ENG_FP_BYTES, v, 13);
	}
	if (o->fault && o->fault->taken) {
		le(v, o->fault->esr, 8);
		v[8] = o->fault_in_case;
		le(v + 9, o->fault_word, 2);
		h = field(h, ENG_FP_FAULT, v, 11);
	}
	if (o->choice) {
		size_t n = strlen(o->choice);

		h = field(h, ENG_FP_CHOICE, (const uint8_t *)o->choice,
			  n > 255 ? 255 : (unsigned)n);
	}
	if (o->nregs) {
		unsigned n = 0;

		/* 25 registers per field (10 bytes each): a field holds 255 bytes. */
		for (unsigned i = 0; i < o->nregs; i++) {
			v[n] = o->reg_id[i];
			v[n + 1] = o->reg_src[i];
			le(v + n + 2, o->reg_val[i], 8);
			n += 10;
			if (n + 10 > sizeof(v) || i + 1 == o->nregs) {
				h = field(h, ENG_FP_REGS, v, n);
				n = 0;
			}
		}
	}
	return h;
}

void eng_fp_add(eng_fp *f, const eng_outcome *o)
{
	f->hash = eng_fp_case(f->cases ? f->hash : ENG_FNV_BASIS, o);
	f->cases++;
}
