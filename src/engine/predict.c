/*
 * What the emitted words should do, according to the independent decoder:
 * run them symbolically over the case's register model and collect the bytes
 * they store.  The classifier compares this with the reference model.
 */
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
	case ENG_PRED_BADLOAD:
		return "a load the case did not request";
	}
	return "?";
}

static bool is_store_op(a64_op op)
{
	return op == A64_OP_LDST_UIMM || op == A64_OP_LDST_SIMM9 || op == A64_OP_LDST_PAIR;
}

/* A single load word that is one of the case's requested loads, as the
 * decoder reads it: it writes no byte.  Anything else that loads (a pair,
 * another register or offset) is not what was asked for. */
static bool requested_load(const eng_case *c, const a64_insn *in, const a64_access *acc,
			   unsigned cnt)
{
	if (in->op == A64_OP_LDST_PAIR || cnt != 1)
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
		if (cnt > 0 && acc[0].load && requested_load(c, &in, acc, cnt)) {
			pc++;
			continue;
		}
		for (unsigned a = 0; a < cnt; a++) {
			uint64_t val;

			if (acc[a].load) {
				p->stop = ENG_PRED_BADLOAD;
				goto out;
			}
			val = eng_reg_value(r, acc[a].fp, acc[a].reg);
			for (unsigned k = 0; k < acc[a].size; k++)
				eng_mem_put(&p->mem, bi, moved[bi] + acc[a].off + k,
					    k < 8 ? (uint8_t)(val >> (8 * k)) : 0);
		}
		if (in.op == A64_OP_LDST_PAIR && in.pair_mode != A64_PAIR_OFFSET)
			moved[bi] += in.imm;
		pc++;
	}
out:
	if (p->stop != ENG_PRED_OK)
		p->at = pc;
	eng_mem_finish(&p->mem);
}
