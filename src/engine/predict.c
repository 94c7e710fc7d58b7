/*
 * What the emitted words should do, according to the independent decoder:
 * run them symbolically over the case's register model and collect the bytes
 * they store.  The classifier compares this with the reference model.
 */
#include <string.h>

#include "engine/engine.h"

const char *eng_pred_stop_name(eng_pred_stop s)
{
	switch (s) {
	case ENG_PRED_OK:
		return "none";
	case ENG_PRED_UNDEF:
		return "undefined word";
	case ENG_PRED_TRAP:
		return "brk";
	case ENG_PRED_BADOP:
		return "not a store";
	case ENG_PRED_BADBASE:
		return "store through a register that is no base";
	case ENG_PRED_BADJUMP:
		return "branch out of the case";
	case ENG_PRED_MIXED:
		return "a load the case did not request or a store in a load case";
	case ENG_PRED_BADREG:
		return "load into a register the case does not name";
	case ENG_PRED_UNPREDICTABLE:
		return "CONSTRAINED UNPREDICTABLE";
	}
	return "?";
}

/* A load/store whose outcome the architecture leaves open (Arm ARM
 * DDI0487, the LDP/LDNP page's decode: Rt == Rt2 (UNKNOWN value, UNDEFINED
 * or NOP); LDP/STP and LDR/STR (immediate) with writeback and a GPR Rn
 * equal to a data register; the choices a core may make in Appendix K1,
 * "Architectural Constraints on UNPREDICTABLE behaviors"). */
static bool unpredictable(const a64_insn *in)
{
	bool load = a64_kind_is_load(in->kind);
	bool wb = in->pair_mode == A64_PAIR_PRE || in->pair_mode == A64_PAIR_POST;
	bool fp = a64_kind_is_fp(in->kind);

	if (in->op == A64_OP_LDST_WB)
		return !fp && in->rn != 31 && in->rt == in->rn;
	if (in->op != A64_OP_LDST_PAIR)
		return false;
	if (load && in->rt == in->rt2)
		return true;
	return wb && !fp && in->rn != 31 && (in->rt == in->rn || in->rt2 == in->rn);
}

/* The byte at (bi, off) as the words so far left it: the last predicted
 * store's (m is still in program order), else the load fill at addr. */
static uint8_t mem_byte(const eng_mem *m, unsigned bi, int64_t off, uint64_t addr, uint16_t mix)
{
	for (unsigned k = m->n; k-- > 0;)
		if (m->b[k].base == bi && m->b[k].off == off)
			return m->b[k].val;
	return eng_fill_byte(addr, mix);
}

/* A load's effect on the model registers x (x[31] SP), v: the bytes at
 * (bi, off), address addr. */
static bool load_into(const eng_regs *r, const eng_mem *m, const a64_access *a, unsigned bi,
		      int64_t off, uint64_t addr, uint64_t *x, uint64_t *v, uint64_t *v_hi)
{
	uint64_t val = 0, hi = 0;
	unsigned id = (a->fp ? 32u : 0u) + (a->reg & 31);

	for (unsigned k = 0; k < a->size && k < 8; k++)
		val |= (uint64_t)mem_byte(m, bi, off + k, addr + k, r->fill_mix) << (8 * k);
	/* A Q load's bytes 8..15; a B/H/S/D load zeroes the upper half. */
	for (unsigned k = 8; k < a->size; k++)
		hi |= (uint64_t)mem_byte(m, bi, off + k, addr + k, r->fill_mix) << (8 * (k - 8));
	if (!a->fp && a->reg == 31)
		return true; /* XZR */
	if (!(r->capture >> id & 1))
		return false;
	if (a->fp) {
		v[a->reg & 31] = val;
		v_hi[a->reg & 31] = hi;
	} else
		x[a->reg] = val;
	return true;
}

bool eng_words_unpredictable(const uint32_t *words, unsigned n)
{
	for (unsigned pc = 0; pc < n;) {
		a64_insn in;

		if (!a64_decode(words[pc], &in))
			return false; /* the decoder's other stops say the rest */
		if (unpredictable(&in))
			return true;
		/* Words a jump skips never run (eng_predict's rule: forward). */
		pc = in.op == A64_OP_B && in.imm > 0 && in.imm % 4 == 0
			     ? pc + (unsigned)(in.imm / 4)
			     : pc + 1;
	}
	return false;
}

static bool is_store_op(a64_op op)
{
	return op == A64_OP_LDST_UIMM || op == A64_OP_LDST_SIMM9 || op == A64_OP_LDST_PAIR ||
	       op == A64_OP_LDST_WB;
}

/* In a store case: a single load word that is one of the case's requested loads, as the
 * decoder reads it: it writes no byte.  Anything else that loads (a pair,
 * another register or offset) is not what was asked for. */
static bool requested_load(const eng_case *c, const a64_insn *in, const a64_access *acc,
			   unsigned cnt)
{
	if (in->op == A64_OP_LDST_PAIR || in->op == A64_OP_LDST_WB || cnt != 1)
		return false;
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];

		if (it->type == ENG_ACCESS && eng_kind_load(it->kind) && it->kind == in->kind &&
		    it->rt == in->rt && it->rn == in->rn && it->off == acc[0].off)
			return true;
	}
	return false;
}

void eng_predict(const eng_case *c, const eng_regs *r, const uint32_t *words, unsigned n,
		 eng_pred *p)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases);
	int64_t moved[ENG_MAX_BASES] = { 0 }; /* base writeback so far */
	unsigned pc = 0;
	bool load_case = eng_case_is_load(c);
	uint64_t x[32], v[32], v_hi[32] = { 0 }; /* FMOV zeroes the upper halves */

	for (unsigned id = 0; id < 32; id++) {
		x[id] = r->set >> id & 1 ? r->x[id] : 0;
		v[id] = eng_reg_value(r, true, id);
	}
	p->stop = ENG_PRED_OK;
	p->at = 0;
	eng_mem_begin(&p->mem);
	/* A case whose outcome is an exception ends at its word (the words
	 * before it predicted as usual). */
	if (c->fault_ec && eng_case_fault_word(c) < n)
		n = eng_case_fault_word(c);
	while (pc < n) {
		a64_insn in;
		a64_access acc[2];
		unsigned cnt, bi;

		if (!a64_decode(words[pc], &in)) {
			p->stop = ENG_PRED_UNDEF;
			break;
		}
		if (in.op == A64_OP_B) {
			/* Only forward branches within the case: the engine emits
			 * jumps to a later label, nothing else. */
			int64_t to = (int64_t)pc + in.imm / 4;

			if (in.imm % 4 != 0 || to <= (int64_t)pc || to > (int64_t)n) {
				p->stop = ENG_PRED_BADJUMP;
				break;
			}
			pc = (unsigned)to;
			continue;
		}
		if (in.op == A64_OP_BRK) {
			p->stop = ENG_PRED_TRAP;
			break;
		}
		if (!is_store_op(in.op)) {
			p->stop = ENG_PRED_BADOP;
			break;
		}
		cnt = a64_accesses(&in, acc);
		for (bi = 0; bi < nb && bases[bi] != in.rn; bi++)
			;
		if (bi == nb) {
			p->stop = ENG_PRED_BADBASE;
			break;
		}
		if (unpredictable(&in)) {
			p->stop = ENG_PRED_UNPREDICTABLE;
			break;
		}
		if (load_case) {
			/* Both addresses from the base before the pair. */
			uint64_t at[2];
			int64_t d[2];

			for (unsigned a = 0; a < cnt; a++) {
				d[a] = (int64_t)(x[in.rn] - r->x[in.rn]) + acc[a].off;
				if (!acc[a].load && !c->mixed) {
					p->stop = ENG_PRED_MIXED;
					goto out;
				}
				/* A base a load replaced points nowhere mapped. */
				if (d[a] < ENG_WIN_LO || d[a] >= ENG_WIN_HI) {
					p->stop = ENG_PRED_BADBASE;
					goto out;
				}
				at[a] = x[in.rn] + (uint64_t)acc[a].off;
			}
			for (unsigned a = 0; a < cnt && !acc[a].load; a++) {
				/* A mixed case's store: what the registers hold now. */
				uint64_t val = acc[a].fp	  ? v[acc[a].reg & 31]
					       : acc[a].reg == 31 ? 0
								  : x[acc[a].reg];
				uint64_t hi = acc[a].fp ? v_hi[acc[a].reg & 31] : 0;

				for (unsigned k = 0; k < acc[a].size; k++)
					eng_mem_put(&p->mem, bi, d[a] + k,
						    k < 8 ? (uint8_t)(val >> (8 * k))
							  : (uint8_t)(hi >> (8 * (k - 8))));
			}
			for (unsigned a = 0; a < cnt && acc[a].load; a++) {
				if (!load_into(r, &p->mem, &acc[a], bi, d[a], at[a], x, v, v_hi)) {
					p->stop = ENG_PRED_BADREG;
					goto out;
				}
			}
			x[in.rn] += (uint64_t)a64_writeback(&in);
			pc++;
			continue;
		}
		if (cnt > 0 && acc[0].load && requested_load(c, &in, acc, cnt)) {
			pc++;
			continue;
		}
		for (unsigned a = 0; a < cnt; a++) {
			uint64_t val;

			if (acc[a].load) {
				p->stop = ENG_PRED_MIXED;
				goto out;
			}
			val = eng_reg_value(r, acc[a].fp, acc[a].reg);
			for (unsigned k = 0; k < acc[a].size; k++)
				eng_mem_put(&p->mem, bi, moved[bi] + acc[a].off + k,
					    k < 8 ? (uint8_t)(val >> (8 * k)) : 0);
		}
		moved[bi] += a64_writeback(&in);
		pc++;
	}
out:
	if (p->stop != ENG_PRED_OK)
		p->at = pc;
	eng_mem_finish(&p->mem);
	p->regs.capture = r->capture;
	for (unsigned id = 0; id < 64; id++) {
		if (r->capture >> id & 1) {
			p->regs.val[id] = id < 32 ? x[id] : v[id - 32];
			p->regs.hi[id] = id < 32 ? 0 : v_hi[id - 32];
		}
	}
}
