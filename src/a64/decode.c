/*
 * A64 decoder, written independently of the encoder: it classifies a word
 * by the Arm ARM's decode tables (DDI0487 C4.1: op0/op1 at the top level,
 * then the load/store class fields size, V, opc) with its own bit
 * extraction, and shares no macro or table with encode.c.  Anything outside
 * the forms pairguard uses decodes as A64_OP_UNKNOWN; no word can crash it.
 */
#include "a64/a64.h"

/* Bits hi..lo of w, unsigned. */
static uint32_t bits(uint32_t w, unsigned hi, unsigned lo)
{
	return (w >> lo) & ((UINT32_C(1) << (hi - lo + 1)) - 1);
}

/* Bits hi..lo of w as a two's-complement number. */
static int64_t sbits(uint32_t w, unsigned hi, unsigned lo)
{
	uint32_t v = bits(w, hi, lo);
	unsigned width = hi - lo + 1;
	uint32_t sign = UINT32_C(1) << (width - 1);
	return (int64_t)(v ^ sign) - (int64_t)sign;
}

/*
 * The kind of a single-register or pair transfer from (size, V, opc).
 * For single transfers size is bits 31:30 and opc bits 23:22; a Q register
 * is size 00 with opc<1> set.  Returns false for the encodings we do not
 * use (sign-extending loads, PRFM, B/H SIMD registers, ...).
 */
static bool single_kind(uint32_t size, uint32_t v, uint32_t opc, a64_kind *k)
{
	static const a64_kind gpr_store[4] = { A64_STR_B, A64_STR_H, A64_STR_W, A64_STR_X };
	static const a64_kind gpr_load[4] = { A64_LDR_B, A64_LDR_H, A64_LDR_W, A64_LDR_X };
	if (v == 0) {
		if (opc == 0)
			*k = gpr_store[size];
		else if (opc == 1)
			*k = gpr_load[size];
		else
			return false;
		return true;
	}
	switch (size << 2 | opc) {
	case 0x2: /* size 00, opc 10 */
		*k = A64_STR_Q;
		return true;
	case 0x3:
		*k = A64_LDR_Q;
		return true;
	case 0x8: /* size 10, opc 00 */
		*k = A64_STR_S;
		return true;
	case 0x9:
		*k = A64_LDR_S;
		return true;
	case 0xc: /* size 11, opc 00 */
		*k = A64_STR_D;
		return true;
	case 0xd:
		*k = A64_LDR_D;
		return true;
	default:
		return false;
	}
}

/* Log2 of the transfer size of a kind, from the decoder's own view. */
static unsigned scale_of(a64_kind k)
{
	switch (k) {
	case A64_STR_B:
	case A64_LDR_B:
		return 0;
	case A64_STR_H:
	case A64_LDR_H:
		return 1;
	case A64_STR_W:
	case A64_LDR_W:
	case A64_STR_S:
	case A64_LDR_S:
		return 2;
	case A64_STR_X:
	case A64_LDR_X:
	case A64_STR_D:
	case A64_LDR_D:
		return 3;
	default:
		return 4;
	}
}

/* Load/store register (unsigned immediate): xx111x01 xx... (C4.1.66). */
static bool dec_ldst_uimm(uint32_t w, a64_insn *in)
{
	if (bits(w, 29, 27) != 7 || bits(w, 25, 24) != 1)
		return false;
	if (!single_kind(bits(w, 31, 30), bits(w, 26, 26), bits(w, 23, 22), &in->kind))
		return false;
	in->op = A64_OP_LDST_UIMM;
	in->rt = bits(w, 4, 0);
	in->rn = bits(w, 9, 5);
	in->imm = (int64_t)bits(w, 21, 10) << scale_of(in->kind);
	return true;
}

/* Load/store register (unscaled immediate): bit 21 = 0, bits 11:10 = 00. */
static bool dec_ldst_simm9(uint32_t w, a64_insn *in)
{
	if (bits(w, 29, 27) != 7 || bits(w, 25, 24) != 0 || bits(w, 21, 21) != 0 ||
	    bits(w, 11, 10) != 0)
		return false;
	if (!single_kind(bits(w, 31, 30), bits(w, 26, 26), bits(w, 23, 22), &in->kind))
		return false;
	in->op = A64_OP_LDST_SIMM9;
	in->rt = bits(w, 4, 0);
	in->rn = bits(w, 9, 5);
	in->imm = sbits(w, 20, 12);
	return true;
}

/* Load/store register (immediate pre-indexed / post-indexed): bit 21 = 0,
 * bits 11:10 = 11 pre-index, 01 post-index (10 is the unprivileged form,
 * not ours); the immediate is the unscaled imm9, the writeback amount. */
static bool dec_ldst_wb(uint32_t w, a64_insn *in)
{
	uint32_t idx = bits(w, 11, 10);

	if (bits(w, 29, 27) != 7 || bits(w, 25, 24) != 0 || bits(w, 21, 21) != 0 ||
	    (idx != 1 && idx != 3))
		return false;
	if (!single_kind(bits(w, 31, 30), bits(w, 26, 26), bits(w, 23, 22), &in->kind))
		return false;
	in->op = A64_OP_LDST_WB;
	in->pair_mode = idx == 3 ? A64_PAIR_PRE : A64_PAIR_POST;
	in->rt = bits(w, 4, 0);
	in->rn = bits(w, 9, 5);
	in->imm = sbits(w, 20, 12);
	return true;
}

/* Load/store register pair: xx101x0 mmm L (C4.1.66); mmm = 000
 * no-allocate (STNP/LDNP, signed offset), 001 post, 010 offset, 011 pre. */
static bool dec_ldst_pair(uint32_t w, a64_insn *in)
{
	if (bits(w, 29, 27) != 5)
		return false;
	switch (bits(w, 25, 23)) {
	case 0:
		in->pair_mode = A64_PAIR_NT;
		break;
	case 1:
		in->pair_mode = A64_PAIR_POST;
		break;
	case 2:
		in->pair_mode = A64_PAIR_OFFSET;
		break;
	case 3:
		in->pair_mode = A64_PAIR_PRE;
		break;
	default:
		return false;
	}
	uint32_t opc = bits(w, 31, 30), v = bits(w, 26, 26), load = bits(w, 22, 22);
	a64_kind store_kind, load_kind;
	if (v == 0 && opc == 0) {
		store_kind = A64_STR_W, load_kind = A64_LDR_W;
	} else if (v == 0 && opc == 2) {
		store_kind = A64_STR_X, load_kind = A64_LDR_X;
	} else if (v == 1 && opc == 0) {
		store_kind = A64_STR_S, load_kind = A64_LDR_S;
	} else if (v == 1 && opc == 1) {
		store_kind = A64_STR_D, load_kind = A64_LDR_D;
	} else if (v == 1 && opc == 2) {
		store_kind = A64_STR_Q, load_kind = A64_LDR_Q;
	} else {
		return false; /* STGP, LDPSW, reserved */
	}
	in->kind = load ? load_kind : store_kind;
	in->op = A64_OP_LDST_PAIR;
	in->rt = bits(w, 4, 0);
	in->rn = bits(w, 9, 5);
	in->rt2 = bits(w, 14, 10);
	in->imm = sbits(w, 21, 15) * ((int64_t)1 << scale_of(in->kind));
	return true;
}

/* Move wide (immediate): sf opc 100101 hw imm16 Rd; opc 00 MOVN, 10 MOVZ,
 * 11 MOVK.  hw<1> set with sf = 0 is unallocated. */
static bool dec_move_wide(uint32_t w, a64_insn *in)
{
	if (bits(w, 28, 23) != 0x25)
		return false;
	uint32_t sf = bits(w, 31, 31), opc = bits(w, 30, 29), hwv = bits(w, 22, 21);
	if (sf == 0 && hwv >= 2)
		return false;
	if (opc == 2)
		in->op = A64_OP_MOVZ;
	else if (opc == 3)
		in->op = A64_OP_MOVK;
	else
		return false;
	in->is64 = sf != 0;
	in->shift = hwv * 16;
	in->imm = bits(w, 20, 5);
	in->rt = bits(w, 4, 0);
	return true;
}

/* ADD (immediate), C4.1.86: sf 0 0 100010 sh imm12 Rn Rd (op = 0, S = 0). */
static bool dec_add_imm(uint32_t w, a64_insn *in)
{
	if (bits(w, 30, 23) != 0x22)
		return false;
	in->op = A64_OP_ADD_IMM;
	in->is64 = bits(w, 31, 31) != 0;
	in->shift = bits(w, 22, 22) * 12;
	in->imm = bits(w, 21, 10);
	in->rn = bits(w, 9, 5);
	in->rt = bits(w, 4, 0);
	return true;
}

/*
 * Logical (immediate), C4.1.86: sf opc 100100 N immr imms Rn Rd; only EOR
 * (opc 10).  The immediate by DecodeBitMasks (Arm ARM J1, shared
 * pseudocode): element size 2^len where len is the highest set bit of
 * N:NOT(imms), S+1 ones rotated right by R, repeated over the register.
 */
static bool dec_eor_imm(uint32_t w, a64_insn *in)
{
	uint32_t sf = bits(w, 31, 31), n = bits(w, 22, 22), r = bits(w, 21, 16);
	uint32_t s = bits(w, 15, 10), combined = n << 6 | (~s & 0x3f);
	unsigned len = 0, esize;
	uint64_t elem, val = 0;

	if (bits(w, 30, 29) != 2 || bits(w, 28, 23) != 0x24 || (!sf && n))
		return false;
	for (unsigned b = 0; b < 7; b++)
		if (combined >> b & 1)
			len = b;
	if (combined == 0 || len == 0)
		return false;
	esize = 1u << len;
	s &= esize - 1;
	r &= esize - 1;
	if (s == esize - 1)
		return false; /* all ones: reserved */
	elem = (UINT64_C(1) << (s + 1)) - 1;
	if (r)
		elem = ((elem >> r) | (elem << (esize - r))) &
		       (esize == 64 ? ~UINT64_C(0) : (UINT64_C(1) << esize) - 1);
	for (unsigned at = 0; at < 64; at += esize)
		val |= elem << at;
	in->op = A64_OP_EOR_IMM;
	in->is64 = sf != 0;
	in->imm = (int64_t)(sf ? val : val & 0xffffffffu);
	in->rn = bits(w, 9, 5);
	in->rt = bits(w, 4, 0);
	return true;
}

/* Logical (shifted register), C4.1.87: sf opc 01010 shift N Rm imm6 Rn Rd;
 * only MOV (register): ORR (opc 01), shift 00, N 0, imm6 0, Rn = ZR. */
static bool dec_mov_reg(uint32_t w, a64_insn *in)
{
	if (bits(w, 30, 29) != 1 || bits(w, 28, 24) != 0x0a || bits(w, 23, 21) != 0 ||
	    bits(w, 15, 10) != 0 || bits(w, 9, 5) != 31)
		return false;
	in->op = A64_OP_MOV_REG;
	in->is64 = bits(w, 31, 31) != 0;
	in->rn = bits(w, 20, 16);
	in->rt = bits(w, 4, 0);
	return true;
}

/* FMOV (general), C4.1.96 "conversion between floating-point and integer":
 * sf 0 0 11110 type 1 rmode opcode 000000 Rn Rd; ours are rmode 00, opcode
 * 11x with (sf, type) = (0, 00) for S/W or (1, 01) for D/X. */
static bool dec_fmov_gpr(uint32_t w, a64_insn *in)
{
	if (bits(w, 30, 29) != 0 || bits(w, 28, 24) != 0x1e || bits(w, 21, 21) != 1 ||
	    bits(w, 15, 10) != 0 || bits(w, 20, 19) != 0 || bits(w, 18, 17) != 3)
		return false;
	uint32_t sf = bits(w, 31, 31), type = bits(w, 23, 22);
	if (!((sf == 0 && type == 0) || (sf == 1 && type == 1)))
		return false;
	in->op = bits(w, 16, 16) ? A64_OP_FMOV_TO_FP : A64_OP_FMOV_FROM_FP;
	in->is64 = sf != 0;
	in->rn = bits(w, 9, 5);
	in->rt = bits(w, 4, 0);
	return true;
}

/* RET (C6.2.254): 1101011 0010 11111 000000 Rn 00000. */
static bool dec_ret(uint32_t w, a64_insn *in)
{
	if (bits(w, 31, 10) != 0x3597c0 || bits(w, 4, 0) != 0)
		return false;
	in->op = A64_OP_RET;
	in->rn = bits(w, 9, 5);
	return true;
}

/* BRK (C6.2.40): 11010100 001 imm16 000 00. */
static bool dec_brk(uint32_t w, a64_insn *in)
{
	if (bits(w, 31, 21) != 0x6a1 || bits(w, 4, 0) != 0)
		return false;
	in->op = A64_OP_BRK;
	in->imm = bits(w, 20, 5);
	return true;
}

/* B (C6.2.26): 000101 imm26. */
static bool dec_b(uint32_t w, a64_insn *in)
{
	if (bits(w, 31, 26) != 5)
		return false;
	in->op = A64_OP_B;
	in->imm = sbits(w, 25, 0) * 4;
	return true;
}

bool a64_decode(uint32_t word, a64_insn *out)
{
	a64_insn in = { 0 };
	bool known;
	/* Top level (C4.1): op1 = bits 28:25.  x1x0 loads and stores,
	 * 100x data processing (immediate), 101x branches and system, x101
	 * data processing (register), x111 SIMD and floating point. */
	uint32_t op1 = bits(word, 28, 25);
	if ((op1 & 0x5) == 0x4)
		known = dec_ldst_uimm(word, &in) || dec_ldst_simm9(word, &in) ||
			dec_ldst_wb(word, &in) || dec_ldst_pair(word, &in);
	else if ((op1 & 0xe) == 0x8)
		known = dec_move_wide(word, &in) || dec_add_imm(word, &in) ||
			dec_eor_imm(word, &in);
	else if ((op1 & 0x7) == 0x5)
		known = dec_mov_reg(word, &in);
	else if ((op1 & 0x7) == 0x7)
		known = dec_fmov_gpr(word, &in);
	else if ((op1 & 0xe) == 0xa)
		known = dec_ret(word, &in) || dec_brk(word, &in) || dec_b(word, &in);
	else
		known = false;
	if (!known)
		in = (a64_insn){ .op = A64_OP_UNKNOWN };
	*out = in;
	return known;
}

unsigned a64_accesses(const a64_insn *in, a64_access out[2])
{
	unsigned n;
	switch (in->op) {
	case A64_OP_LDST_UIMM:
	case A64_OP_LDST_SIMM9:
	case A64_OP_LDST_WB:
		n = 1;
		break;
	case A64_OP_LDST_PAIR:
		n = 2;
		break;
	default:
		return 0;
	}
	unsigned size = 1u << scale_of(in->kind);
	bool load, fp;
	switch (in->kind) {
	case A64_LDR_W:
	case A64_LDR_X:
	case A64_LDR_B:
	case A64_LDR_H:
		load = true, fp = false;
		break;
	case A64_LDR_S:
	case A64_LDR_D:
	case A64_LDR_Q:
		load = true, fp = true;
		break;
	case A64_STR_S:
	case A64_STR_D:
	case A64_STR_Q:
		load = false, fp = true;
		break;
	default:
		load = false, fp = false;
		break;
	}
	/* Post-index accesses the unmodified base; the offset is the writeback. */
	int64_t base = a64_writeback(in) != 0 && in->pair_mode == A64_PAIR_POST ? 0 : in->imm;
	for (unsigned i = 0; i < n; i++) {
		out[i] = (a64_access){
			.load = load, .fp = fp, .size = size, .off = base + (int64_t)i * size
		};
		out[i].reg = i == 0 ? in->rt : in->rt2;
	}
	return n;
}

int64_t a64_writeback(const a64_insn *in)
{
	bool wb = (in->op == A64_OP_LDST_PAIR || in->op == A64_OP_LDST_WB) &&
		  (in->pair_mode == A64_PAIR_PRE || in->pair_mode == A64_PAIR_POST);

	return wb ? in->imm : 0;
}
