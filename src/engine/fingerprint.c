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

/* The same hash as eng_fnv1a over n bytes of v little-endian, without
 * storing them first (every case hashes its fixed fields: this is the
 * judge's share of the work on a passing case). */
static uint64_t fnv_le(uint64_t h, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8) {
		h ^= (uint8_t)v;
		h *= ENG_FNV_PRIME;
	}
	return h;
}

/* A field's tag and length (field() before its value). */
static uint64_t field_head(uint64_t h, eng_fp_tag tag, unsigned n)
{
	return fnv_le(h, (uint64_t)tag | (uint64_t)n << 8, 2);
}

uint64_t eng_fp_case(uint64_t h, const eng_outcome *o)
{
	h = field_head(h, ENG_FP_CASE, 9);
	h = fnv_le(h, o->suite, 1);
	h = fnv_le(h, o->index, 8);
	if (o->emit_err != A64_OK)
		h = fnv_le(field_head(h, ENG_FP_EMIT, 1), (uint8_t)o->emit_err, 1);
	if (o->bytes) {
		h = field_head(h, ENG_FP_BYTES, 13);
		h = fnv_le(h, o->bytes->nbad, 4);
		h = fnv_le(h, o->bytes->slot_outside, 1);
		h = fnv_le(h, o->bytes->nbad ? o->bytes->hash : ENG_FNV_BASIS, 8);
	}
	if (o->fault && o->fault->taken) {
		h = fnv_le(field_head(h, ENG_FP_FAULT, 11), o->fault->esr, 8);
		h = fnv_le(h, o->fault_in_case, 1);
		h = fnv_le(h, o->fault_word, 2);
	}
	if (o->choice) {
		size_t n = strlen(o->choice);

		h = field(h, ENG_FP_CHOICE, (const uint8_t *)o->choice,
			  n > 255 ? 255 : (unsigned)n);
	}
	if (o->nregs) {
		uint8_t v[255];
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
