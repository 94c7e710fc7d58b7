/*
 * The reference model: which bytes a case's requests write, byte by byte.
 * Deliberately plain and independent of the encoder, the emitter and the
 * decoder: sizes come from engine helpers, values from the register model,
 * little-endian order, a later store to a byte replacing an earlier one.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

/* Writes are appended in program order, then sorted with the order as the
 * last key, so the last write of each byte wins when duplicates are dropped. */
typedef struct mem_build {
	eng_mem *m;
	unsigned seq[ENG_MAX_BYTES];
} mem_build;

static mem_build builder;

static void put(eng_mem *m, unsigned base, int64_t off, uint8_t val)
{
	if (m->n >= ENG_MAX_BYTES) {
		m->overflow = true;
		return;
	}
	builder.seq[m->n] = m->n;
	m->b[m->n].base = (uint8_t)base;
	m->b[m->n].off = (int32_t)off;
	m->b[m->n].val = val;
	m->n++;
}

static int cmp_key(const eng_byte *a, unsigned sa, const eng_byte *b, unsigned sb)
{
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return 0;
}

/* Insertion sort on (base, off, seq): inputs are small and mostly ordered. */
static void finish(eng_mem *m)
{
	unsigned *seq = builder.seq;
	unsigned out = 0;

	for (unsigned i = 1; i < m->n; i++) {
		eng_byte b = m->b[i];
		unsigned s = seq[i];
		unsigned j = i;

		while (j > 0 && cmp_key(&m->b[j - 1], seq[j - 1], &b, s) > 0) {
			m->b[j] = m->b[j - 1];
			seq[j] = seq[j - 1];
			j--;
		}
		m->b[j] = b;
		seq[j] = s;
	}
	for (unsigned i = 0; i < m->n; i++) {
		if (i + 1 < m->n && m->b[i + 1].base == m->b[i].base && m->b[i + 1].off == m->b[i].off)
			continue; /* a later write of the same byte follows */
		m->b[out++] = m->b[i];
	}
	m->n = out;
}

void eng_mem_begin(eng_mem *m)
{
	m->n = 0;
	m->overflow = false;
}

void eng_mem_put(eng_mem *m, unsigned base, int64_t off, uint8_t val)
{
	put(m, base, off, val);
}

void eng_mem_finish(eng_mem *m)
{
	finish(m);
}

static unsigned base_index(const uint8_t *bases, unsigned nb, unsigned rn)
{
	for (unsigned i = 0; i < nb; i++)
		if (bases[i] == rn)
			return i;
	return nb;
}

void eng_ref(const eng_case *c, const eng_regs *r, eng_mem *m)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases);

	eng_mem_begin(m);
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];
		unsigned size;
		uint64_t val;

		if (it->type == ENG_JUMP) {
			/* Skip to the next label; the loop's i++ then steps past it. */
			while (i + 1 < c->n && c->item[i + 1].type != ENG_LABEL)
				i++;
			continue;
		}
		if (it->type != ENG_ACCESS)
			continue;
		size = eng_kind_size(it->kind);
		val = eng_reg_value(r, eng_kind_fp(it->kind), it->rt);
		for (unsigned k = 0; k < size; k++) {
			/* The model keeps 64 bits per register; a Q register's upper
			 * half is zero as FMOV leaves it. */
			uint8_t byte = k < 8 ? (uint8_t)(val >> (8 * k)) : 0;

			eng_mem_put(m, base_index(bases, nb, it->rn), (int64_t)it->off + k, byte);
		}
	}
	eng_mem_finish(m);
}

bool eng_mem_equal(const eng_mem *a, const eng_mem *b)
{
	if (a->n != b->n || a->overflow != b->overflow)
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (a->b[i].base != b->b[i].base || a->b[i].off != b->b[i].off ||
		    a->b[i].val != b->b[i].val)
			return false;
	return true;
}

int eng_mem_get(const eng_mem *m, unsigned base, int32_t off)
{
	unsigned lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const eng_byte *b = &m->b[mid];

		if (b->base < base || (b->base == base && b->off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->n && m->b[lo].base == base && m->b[lo].off == off)
		return m->b[lo].val;
	return -1;
}
