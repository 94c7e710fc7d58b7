/* Harness set-up words for a case, chained from the previous case (setup.h). */
#include "engine/setup.h"

void eng_chain_reset(eng_chain *ch)
{
	ch->h = -1;
	ch->bases = 0;
	ch->c = -1;
}

void eng_chain_after(eng_chain *ch, const eng_case *c, const eng_regs *r, const uint32_t *words,
		     unsigned n)
{
	bool loads = false;

	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];

		if (it->type != ENG_ACCESS)
			continue;
		loads |= eng_kind_load(it->kind);
		if (eng_item_wb(it))
			ch->bases &= ~(1u << (it->rn & 31));
	}
	/* Only a case that requests a load can get load words. */
	for (unsigned w = 0; loads && w < n; w++) {
		a64_insn in;
		a64_access acc[2];

		if (!a64_decode(words[w], &in))
			continue;
		for (unsigned a = a64_accesses(&in, acc); a-- > 0;) {
			if (acc[a].load && !acc[a].fp && acc[a].reg != 31 &&
			    !(r->set >> acc[a].reg & 1)) {
				eng_chain_reset(ch);
				return;
			}
		}
	}
}

/* MOVZ for the first non-zero 16-bit chunk, MOVK for the others. */
static unsigned mov_imm(unsigned rd, uint64_t v, bool is64, uint32_t *out)
{
	unsigned chunks = is64 ? 4 : 2, n = 0;
	a64_err err;

	for (unsigned c = 0; c < chunks; c++) {
		uint16_t part = (uint16_t)(v >> (16 * c));

		if (part == 0 && !(n == 0 && c == chunks - 1))
			continue;
		out[n] = n == 0 ? a64_enc_movz(rd, part, 16 * c, is64, &err)
				: a64_enc_movk(rd, part, 16 * c, is64, &err);
		n++;
	}
	return n;
}

/* The pattern register: a GPR the case does not use, x16 first. */
static int pick_h(uint64_t used)
{
	static const uint8_t order[] = { 16, 17, 15, 14, 13, 12, 11, 10, 9,  8,	 7,
					 6,  5,	 4,  3,	 2,  1,	 0,  18, 20, 21, 22,
					 23, 24, 25, 26, 27, 28, 29, 30, 19 };

	for (unsigned i = 0; i < sizeof(order); i++)
		if (!(used >> order[i] & 1))
			return order[i];
	return -1;
}

/*
 * A temporary GPR for FP values and SP: not H, and not a base the chain
 * moves on (its old value is needed).  A register the case sets later is
 * fine: its own value comes after.
 */
static unsigned pick_t(int h, uint32_t keep)
{
	for (unsigned x = 0; x < 31; x++)
		if ((int)x != h && !(keep >> x & 1))
			return x;
	return 0; /* unreachable: keep has at most 4 bits */
}

/* One ADD #n, LSL #12 from old to new, if that is what separates them. */
static bool chain_add(uint64_t old, uint64_t new, uint32_t *imm12)
{
	uint64_t d = new - old;

	if (new <= old || (d & 0xfff) || (d >> 12) > 0xfff)
		return false;
	*imm12 = (uint32_t)(d >> 12);
	return true;
}

/* EOR Xd|Wd, Xn|Wn, #(eng_xor_byte(k) repeated). */
static uint32_t eor_rep8(unsigned rd, unsigned rn, unsigned k, bool wide)
{
	a64_err err;

	if (k == 0 || k >= ENG_NK)
		return A64_POISON;
	return a64_enc_eor_rep8(rd, rn, eng_xor_byte(k), wide, &err);
}

unsigned eng_setup_words(const eng_regs *r, eng_chain *ch, uint32_t *out, unsigned max)
{
	uint32_t buf[ENG_MAX_SETUP_WORDS];
	/* Straight into out when it has room for any set-up. */
	uint32_t *w = max >= ENG_MAX_SETUP_WORDS ? out : buf;
	unsigned n = 0;
	uint32_t keep = 0, imm = 0;
	int h = pick_h(r->set & 0x7fffffffull);
	unsigned t;
	a64_err err;

	/* Bases that move on from the chain keep their registers. */
	for (uint32_t m = r->bases & ch->bases; m; m &= m - 1) {
		unsigned x = (unsigned)__builtin_ctz(m);

		if (chain_add(ch->base_val[x], r->x[x], &imm))
			keep |= 1u << x;
	}
	t = pick_t(h, keep);
	/* The capture register survives only if this set-up leaves it alone. */
	if (ch->c >= 0 && ((r->set >> ch->c & 1) || ch->c == h || ch->c == (int)t))
		ch->c = -1;

	if (h >= 0) {
		if (ch->h == h)
			w[n++] = a64_enc_movk((unsigned)h, (uint16_t)r->pattern, 0, true, &err);
		else
			n += mov_imm((unsigned)h, r->pattern, true, w + n);
	}
	/* FP values (through T when not the pattern itself). */
	for (uint64_t m = r->set >> 32; m; m &= m - 1) {
		unsigned v = (unsigned)__builtin_ctzll(m), id = 32 + v, k = r->kidx[id];
		bool wide = (r->wide >> id) & 1;

		if (h >= 0 && k == 0) {
			w[n++] = a64_enc_fmov_to_fp(v, (unsigned)h, wide, &err);
			continue;
		}
		if (h >= 0 && k != ENG_KIDX_NONE)
			w[n++] = eor_rep8(t, (unsigned)h, k, wide);
		else
			n += mov_imm(t, r->v[v], wide, w + n);
		w[n++] = a64_enc_fmov_to_fp(v, t, wide, &err);
	}
	/* SP as a base: after the FP values, before the GPRs (its MOVZ/MOVK
	 * go through T, which may be a GPR set below). */
	if (r->bases >> 31 & 1) {
		if (keep >> 31 & 1) {
			chain_add(ch->base_val[31], r->x[31], &imm);
			w[n++] = a64_enc_add_imm(31, 31, imm, 12, true, &err);
		} else {
			n += mov_imm(t, r->x[31], true, w + n);
			w[n++] = a64_enc_add_imm(31, t, 0, 0, true, &err); /* MOV SP, T */
		}
	}
	/* GPR values. */
	for (uint64_t m = r->set & 0x7fffffffull & ~(uint64_t)r->bases; m; m &= m - 1) {
		unsigned x = (unsigned)__builtin_ctzll(m), k = r->kidx[x];
		bool wide = (r->wide >> x) & 1;

		if (h >= 0 && k == 0)
			w[n++] = a64_enc_mov_reg(x, (unsigned)h, wide, &err);
		else if (h >= 0 && k != ENG_KIDX_NONE)
			w[n++] = eor_rep8(x, (unsigned)h, k, wide);
		else
			n += mov_imm(x, r->x[x], wide, w + n);
	}
	/* GPR bases last: one may have served as T. */
	for (uint32_t m = r->bases & 0x7fffffffu; m; m &= m - 1) {
		unsigned x = (unsigned)__builtin_ctz(m);

		if (keep >> x & 1) {
			chain_add(ch->base_val[x], r->x[x], &imm);
			w[n++] = a64_enc_add_imm(x, x, imm, 12, true, &err);
		} else {
			n += mov_imm(x, r->x[x], true, w + n);
		}
	}

	ch->h = h;
	ch->bases = r->bases;
	for (uint32_t m = r->bases; m; m &= m - 1)
		ch->base_val[__builtin_ctz(m)] = r->x[__builtin_ctz(m)];
	if (w == out)
		return n;
	if (n > max) {
		eng_chain_reset(ch);
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		out[i] = buf[i];
	return n;
}

unsigned eng_capture_words(const eng_regs *r, eng_chain *ch, uint64_t slot, uint32_t *out, int *c,
			   uint64_t *c_from)
{
	static const uint8_t order[] = { 17, 16, 15, 14, 13, 12, 11, 10, 9,  8,	 7,
					 6,  5,	 4,  3,	 2,  1,	 0,  18, 20, 21, 22,
					 23, 24, 25, 26, 27, 28, 29, 30, 19 };
	unsigned n = 0, x = 31;
	a64_err err;

	for (unsigned i = 0; i < sizeof(order) && x == 31; i++)
		if (!(r->set >> order[i] & 1) && (int)order[i] != ch->h)
			x = order[i];
	*c = (int)x;
	*c_from = 0;
	if (x == 31)
		return 0; /* no register left: the judge sees the slot unwritten */
	if (ch->c == (int)x && slot > ch->c_val && slot - ch->c_val < 4096) {
		*c_from = ch->c_val;
		out[n++] = a64_enc_add_imm(x, x, (uint32_t)(slot - ch->c_val), 0, true, &err);
	} else {
		n += mov_imm(x, slot, true, out + n);
	}
	for (uint64_t m = r->capture; m; m &= m - 1) {
		unsigned id = (unsigned)__builtin_ctzll(m);

		/* A v register whole: a load's upper half is judged too. */
		out[n++] = id < 32 ? a64_enc_uimm(A64_STR_X, id, x, eng_cap_off(id), &err)
				   : a64_enc_uimm(A64_STR_Q, id - 32, x, eng_cap_off(id), &err);
	}
	ch->c = (int)x;
	ch->c_val = slot;
	return n;
}

unsigned eng_mov_imm(unsigned rd, uint64_t v, uint32_t *out)
{
	return mov_imm(rd, v, true, out);
}
