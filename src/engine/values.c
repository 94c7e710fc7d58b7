/*
 * Case helpers: the store kinds' sizes, the standalone encoding rule as a
 * range check (no encoder involved), register values, the guard, requests
 * printed as assembly.
 */
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/rng.h"

const uint8_t eng_kind_info[A64_KIND_COUNT] = {
	[A64_STR_B] = 1,
	[A64_LDR_B] = 1 | ENG_KIND_LOAD,
	[A64_STR_H] = 2,
	[A64_LDR_H] = 2 | ENG_KIND_LOAD,
	[A64_STR_W] = 4,
	[A64_LDR_W] = 4 | ENG_KIND_LOAD,
	[A64_STR_X] = 8,
	[A64_LDR_X] = 8 | ENG_KIND_LOAD,
	[A64_STR_S] = 4 | ENG_KIND_FP,
	[A64_LDR_S] = 4 | ENG_KIND_FP | ENG_KIND_LOAD,
	[A64_STR_D] = 8 | ENG_KIND_FP,
	[A64_LDR_D] = 8 | ENG_KIND_FP | ENG_KIND_LOAD,
	[A64_STR_Q] = 16 | ENG_KIND_FP,
	[A64_LDR_Q] = 16 | ENG_KIND_FP | ENG_KIND_LOAD,
};

static bool scaled_ok(unsigned size, int64_t off)
{
	return off >= 0 && off % size == 0 && off < 4096 * (int64_t)size;
}

unsigned eng_case_bases(const eng_case *c, uint8_t bases[ENG_MAX_BASES])
{
	unsigned nb = 0;

	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];
		unsigned j;

		if (it->type != ENG_ACCESS)
			continue;
		for (j = 0; j < nb && bases[j] != it->rn; j++)
			;
		if (j == nb && nb < ENG_MAX_BASES)
			bases[nb++] = it->rn;
	}
	return nb;
}

/*
 * Eight different bytes below 0x80: a start and an odd stride modulo 128
 * (an odd stride is invertible modulo 128, so the 8 steps never repeat).
 * For registers past the XOR table.
 */
static uint64_t pattern(uint64_t h, unsigned id)
{
	unsigned start = (unsigned)(h + id) & 0x7f;
	unsigned stride = ((unsigned)(eng_mix64(h ^ id) >> 11) & 0x7f) | 1;
	uint64_t v = 0;

	for (unsigned k = 0; k < 8; k++)
		v |= (uint64_t)((start + k * stride) & 0x7f) << (8 * k);
	return v;
}

/* The XOR constants: runs of ones within bits 0..6, by length, then by
 * position (0x01, 0x02, ... 0x40, 0x03, ...); a table, as it is read for
 * every value register (tests/host/test_engine_ref.c checks the order). */
static const uint8_t xor_bytes[ENG_NK] = {
	0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x03, 0x06, 0x0c, 0x18, 0x30, 0x60, 0x07,
	0x0e, 0x1c, 0x38, 0x70, 0x0f, 0x1e, 0x3c, 0x78, 0x1f, 0x3e, 0x7c, 0x3f, 0x7e, 0x7f,
};

uint8_t eng_xor_byte(unsigned k)
{
	return k < ENG_NK ? xor_bytes[k] : 0;
}

void eng_values_run(uint64_t seed, eng_run_values *run)
{
	uint64_t h = eng_mix64(seed ^ 0x52554e0000000000ull); /* "RUN" */
	unsigned start = (unsigned)h & 0x7f, stride = ((unsigned)(h >> 11) & 0x7f) | 1;

	run->seed = seed;
	run->used[0] = run->used[1] = 0;
	run->bytes = 0;
	for (unsigned k = 0; k < 6; k++) {
		unsigned b = (start + k * stride) & 0x7f;

		run->bytes |= (uint64_t)b << (8 * (k + 2));
		run->used[b >> 6] |= 1ull << (b & 63);
	}
	run->fill_mix = eng_fill_mix(seed);
}

/* Is byte value b (below 0x80) one of the run's bytes 2..7? */
static bool run_used(const eng_run_values *run, unsigned b)
{
	return run->used[b >> 6] >> (b & 63) & 1;
}

/* One value register of a case, in order of first use (eng_values). */
static void note_reg(eng_regs *r, uint64_t h, unsigned *next, bool fp, unsigned reg, bool wide)
{
	unsigned id = (fp ? 32u : 0u) + reg;
	uint64_t bit = 1ull << id;

	if (!fp && reg == 31)
		return;
	if (!(r->set & bit)) {
		uint64_t v;

		r->set |= bit;
		if (*next < ENG_NK) {
			r->kidx[id] = (uint8_t)*next;
			v = r->pattern ^ (0x0101010101010101ull * eng_xor_byte(*next));
			(*next)++;
		} else {
			v = pattern(h, id);
		}
		if (fp)
			r->v[reg] = v;
		else
			r->x[reg] = v;
	}
	if (wide)
		r->wide |= bit;
}

void eng_values_case(const eng_case *c, const eng_run_values *run, eng_regs *r)
{
	uint64_t h = eng_mix64(run->seed ^ eng_mix64(((uint64_t)c->suite << 56) ^ c->index)), p;
	unsigned b0 = (unsigned)h & 0x7f, b1 = (unsigned)(h >> 8) & 0x7f, next = 0;

	/* The case's two bytes: different from each other and the run's. */
	while (run_used(run, b0))
		b0 = (b0 + 1) & 0x7f;
	while (run_used(run, b1) || b1 == b0)
		b1 = (b1 + 1) & 0x7f;
	p = run->bytes | (uint64_t)b0 | (uint64_t)b1 << 8;

	r->set = 0;
	r->wide = 0;
	r->bases = 0;
	r->pattern = p;
	memset(r->kidx, ENG_KIDX_NONE, sizeof(r->kidx));
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];
		bool fp = eng_kind_fp(it->kind);
		/* A loaded register's canary is all 64 bits: a W or S load
		 * must be seen to clear the upper half. */
		bool wide = eng_kind_size(it->kind) > 4 || eng_kind_load(it->kind);

		if (it->type != ENG_ACCESS)
			continue;
		note_reg(r, h, &next, fp, it->rt, wide);
		if (eng_item_pair(it))
			note_reg(r, h, &next, fp, it->rt2, wide);
	}
	/* Registers only stored as W or S get just their low 32 bits set. */
	for (uint64_t narrow = r->set & ~r->wide; narrow; narrow &= narrow - 1) {
		unsigned id = (unsigned)__builtin_ctzll(narrow);
		uint64_t *v = id < 32 ? &r->x[id] : &r->v[id - 32];

		*v &= 0xffffffffull;
	}
	r->capture = 0;
	r->fill_mix = run->fill_mix;
}

void eng_values(const eng_case *c, uint64_t seed, eng_regs *r)
{
	eng_run_values run;

	eng_values_run(seed, &run);
	eng_values_case(c, &run, r);
}

uint16_t eng_fill_mix(uint64_t seed)
{
	return (uint16_t)(eng_mix64(seed ^ 0x4c4f414400000000ull) & 0x3fff); /* "LOAD" */
}

void eng_fill(uint8_t *p, uint64_t addr, size_t n, uint16_t mix)
{
	for (size_t i = 0; i < n; i++)
		p[i] = eng_fill_byte(addr + i, mix);
}

uint64_t eng_fill_read(uint64_t addr, unsigned size, uint16_t mix)
{
	uint64_t v = 0;

	for (unsigned k = 0; k < size && k < 8; k++)
		v |= (uint64_t)eng_fill_byte(addr + k, mix) << (8 * k);
	return v;
}

bool eng_fill_find(uint64_t value, unsigned size, uint64_t from, uint16_t mix, uint64_t *addr)
{
	/* Plain search: only a failure's report asks. */
	for (uint64_t a = from; a < from + ENG_FILL_PERIOD; a++) {
		if (eng_fill_byte(a, mix) == (uint8_t)value &&
		    eng_fill_read(a, size, mix) == value) {
			*addr = a;
			return true;
		}
	}
	return false;
}

bool eng_case_is_load(const eng_case *c)
{
	bool any = false;

	if (c->mixed)
		return true;
	for (unsigned i = 0; i < c->n; i++) {
		if (c->item[i].type != ENG_ACCESS)
			continue;
		if (!eng_kind_load(c->item[i].kind))
			return false;
		any = true;
	}
	return any;
}

unsigned eng_case_fault_word(const eng_case *c)
{
	unsigned w = 0;

	for (unsigned i = 0; i < c->fault_item && i < c->n; i++)
		w += c->item[i].type != ENG_LABEL;
	return w;
}

void eng_regs_set_base(eng_regs *r, unsigned rn, uint64_t addr)
{
	r->x[rn & 31] = addr;
	r->set |= 1ull << (rn & 31);
	r->wide |= 1ull << (rn & 31);
	r->bases |= 1u << (rn & 31);
}

void eng_guard_fill(uint8_t *p, uint64_t addr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = eng_guard_byte(addr + i);
}

static const char *reg_prefix(unsigned kind)
{
	switch (kind) {
	case A64_STR_B:
	case A64_LDR_B:
	case A64_STR_H:
	case A64_LDR_H:
	case A64_STR_W:
	case A64_LDR_W:
		return "w";
	case A64_STR_X:
	case A64_LDR_X:
		return "x";
	case A64_STR_S:
	case A64_LDR_S:
		return "s";
	case A64_STR_D:
	case A64_LDR_D:
		return "d";
	case A64_STR_Q:
	case A64_LDR_Q:
		return "q";
	default:
		return "?";
	}
}

static const char *mnemonic_suffix(unsigned kind)
{
	switch (kind) {
	case A64_STR_B:
	case A64_LDR_B:
		return "b";
	case A64_STR_H:
	case A64_LDR_H:
		return "h";
	default:
		return "";
	}
}

int eng_item_asm(const eng_item *it, char *buf, size_t n)
{
	char rt[8], rn[8];
	unsigned size;
	bool ld;

	switch (it->type) {
	case ENG_LABEL:
		return snprintf(buf, n, "L:");
	case ENG_JUMP:
		return snprintf(buf, n, "b L");
	default:
		break;
	}
	size = eng_kind_size(it->kind);
	if (!eng_kind_fp(it->kind) && it->rt == 31)
		snprintf(rt, sizeof(rt), "%szr", reg_prefix(it->kind));
	else
		snprintf(rt, sizeof(rt), "%s%u", reg_prefix(it->kind), it->rt);
	if (it->rn == ENG_REG_SP)
		snprintf(rn, sizeof(rn), "sp");
	else
		snprintf(rn, sizeof(rn), "x%u", it->rn);
	ld = eng_kind_load(it->kind);
	if (it->form == ENG_FORM_PRE)
		return snprintf(buf, n, "%s %s, [%s, #%ld]!", ld ? "ldr" : "str", rt, rn,
				(long)it->off);
	if (it->form == ENG_FORM_POST)
		return snprintf(buf, n, "%s %s, [%s], #%ld", ld ? "ldr" : "str", rt, rn,
				(long)it->off);
	if (eng_item_pair(it)) {
		const char *op = it->form == ENG_FORM_PAIR_NT ? (ld ? "ldnp" : "stnp")
				 : ld			      ? "ldp"
							      : "stp";
		const char *pre = reg_prefix(it->kind);

		/* objdump's spelling: [xN, #imm]!, [xN], #imm, no #0 offset */
		if (it->form == ENG_FORM_PAIR_PRE)
			return snprintf(buf, n, "%s %s, %s%u, [%s, #%ld]!", op, rt, pre, it->rt2,
					rn, (long)it->off);
		if (it->form == ENG_FORM_PAIR_POST)
			return snprintf(buf, n, "%s %s, %s%u, [%s], #%ld", op, rt, pre, it->rt2, rn,
					(long)it->off);
		if (it->off == 0)
			return snprintf(buf, n, "%s %s, %s%u, [%s]", op, rt, pre, it->rt2, rn);
		return snprintf(buf, n, "%s %s, %s%u, [%s, #%ld]", op, rt, pre, it->rt2, rn,
				(long)it->off);
	}
	if (it->off == 0)
		return snprintf(buf, n, "%s%s %s, [%s]", ld ? "ldr" : "str",
				mnemonic_suffix(it->kind), rt, rn);
	return snprintf(buf, n, "%s%s %s, [%s, #%ld]",
			scaled_ok(size, it->off) ? (ld ? "ldr" : "str") : (ld ? "ldur" : "stur"),
			mnemonic_suffix(it->kind), rt, rn, (long)it->off);
}
