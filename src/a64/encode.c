/*
 * A64 encoder for the load/store forms a JIT emits and LDP/STP fusion
 * produces, plus the harness forms (MOVZ/MOVK, RET, BRK, B).
 *
 * Every function validates every operand before it builds a word; an
 * invalid operand gives A64_POISON and an error code, never a word with a
 * truncated or masked field.
 */
#include "a64/a64.h"
#include "a64/opcodes.h"

/*
 * Operand fields, named after the manual's operand slots.  Each takes a value
 * its caller has already range-checked; the signed ones store two's
 * complement in their width.
 */
static inline uint32_t Rt(unsigned r)
{
	return r; /* bits 4:0 (Rd for MOVZ/MOVK) */
}
static inline uint32_t Rn(unsigned r)
{
	return (uint32_t)r << 5; /* bits 9:5 */
}
static inline uint32_t Rt2(unsigned r)
{
	return (uint32_t)r << 10; /* bits 14:10 */
}
static inline uint32_t imm12(unsigned v)
{
	return (uint32_t)v << 10; /* bits 21:10, unsigned */
}
static inline uint32_t imm9(int v)
{
	return ((uint32_t)v & 0x1ffu) << 12; /* bits 20:12, signed */
}
static inline uint32_t imm7(int v)
{
	return ((uint32_t)v & 0x7fu) << 15; /* bits 21:15, signed */
}
static inline uint32_t imm16(unsigned v)
{
	return (uint32_t)v << 5; /* bits 20:5 */
}
static inline uint32_t hw(unsigned v)
{
	return (uint32_t)v << 21; /* bits 22:21 */
}
static inline uint32_t sh(unsigned v)
{
	return (uint32_t)v << 22; /* bit 22: ADD (immediate) LSL #12 */
}
static inline uint32_t immr(unsigned v)
{
	return (uint32_t)v << 16; /* bits 21:16 */
}
static inline uint32_t imms(unsigned v)
{
	return (uint32_t)v << 10; /* bits 15:10 */
}
static inline uint32_t Rm(unsigned r)
{
	return (uint32_t)r << 16; /* bits 20:16 */
}
static inline uint32_t imm26(int32_t v)
{
	return (uint32_t)v & 0x03ffffffu; /* bits 25:0, signed */
}

/* The opcode of each form, per kind; 0 where the kind has no such form. */
static const struct {
	uint32_t imm12, imm9;
	uint32_t pair[4];   /* indexed by a64_pair_mode */
	uint32_t pre, post; /* single register writeback (imm9) */
} forms[A64_KIND_COUNT] = {
	[A64_STR_B] = { A64_STRB_IMM12, A64_STURB, { 0, 0, 0, 0 }, 0, 0 },
	[A64_LDR_B] = { A64_LDRB_IMM12, A64_LDURB, { 0, 0, 0, 0 }, 0, 0 },
	[A64_STR_H] = { A64_STRH_IMM12, A64_STURH, { 0, 0, 0, 0 }, 0, 0 },
	[A64_LDR_H] = { A64_LDRH_IMM12, A64_LDURH, { 0, 0, 0, 0 }, 0, 0 },
	[A64_STR_W] = { A64_STR_W_IMM12,
			A64_STUR_W,
			{ A64_STP_W, A64_STP_W_PRE, A64_STP_W_POST, A64_STNP_W },
			A64_STR_W_PRE,
			A64_STR_W_POST },
	[A64_LDR_W] = { A64_LDR_W_IMM12,
			A64_LDUR_W,
			{ A64_LDP_W, A64_LDP_W_PRE, A64_LDP_W_POST, A64_LDNP_W },
			A64_LDR_W_PRE,
			A64_LDR_W_POST },
	[A64_STR_X] = { A64_STR_X_IMM12,
			A64_STUR_X,
			{ A64_STP_X, A64_STP_X_PRE, A64_STP_X_POST, A64_STNP_X },
			A64_STR_X_PRE,
			A64_STR_X_POST },
	[A64_LDR_X] = { A64_LDR_X_IMM12,
			A64_LDUR_X,
			{ A64_LDP_X, A64_LDP_X_PRE, A64_LDP_X_POST, A64_LDNP_X },
			A64_LDR_X_PRE,
			A64_LDR_X_POST },
	[A64_STR_S] = { A64_STR_S_IMM12,
			A64_STUR_S,
			{ A64_STP_S, A64_STP_S_PRE, A64_STP_S_POST, A64_STNP_S },
			A64_STR_S_PRE,
			A64_STR_S_POST },
	[A64_LDR_S] = { A64_LDR_S_IMM12,
			A64_LDUR_S,
			{ A64_LDP_S, A64_LDP_S_PRE, A64_LDP_S_POST, A64_LDNP_S },
			A64_LDR_S_PRE,
			A64_LDR_S_POST },
	[A64_STR_D] = { A64_STR_D_IMM12,
			A64_STUR_D,
			{ A64_STP_D, A64_STP_D_PRE, A64_STP_D_POST, A64_STNP_D },
			A64_STR_D_PRE,
			A64_STR_D_POST },
	[A64_LDR_D] = { A64_LDR_D_IMM12,
			A64_LDUR_D,
			{ A64_LDP_D, A64_LDP_D_PRE, A64_LDP_D_POST, A64_LDNP_D },
			A64_LDR_D_PRE,
			A64_LDR_D_POST },
	[A64_STR_Q] = { A64_STR_Q_IMM12,
			A64_STUR_Q,
			{ A64_STP_Q, A64_STP_Q_PRE, A64_STP_Q_POST, A64_STNP_Q },
			A64_STR_Q_PRE,
			A64_STR_Q_POST },
	[A64_LDR_Q] = { A64_LDR_Q_IMM12,
			A64_LDUR_Q,
			{ A64_LDP_Q, A64_LDP_Q_PRE, A64_LDP_Q_POST, A64_LDNP_Q },
			A64_LDR_Q_PRE,
			A64_LDR_Q_POST },
};

static uint32_t fail(a64_err *err, a64_err e)
{
	if (err)
		*err = e;
	return A64_POISON;
}

static uint32_t ok(a64_err *err, uint32_t word)
{
	if (err)
		*err = A64_OK;
	return word;
}

static bool kind_valid(a64_kind k)
{
	return (unsigned)k < A64_KIND_COUNT;
}

/* Sizes are powers of two: alignment and exact division by shifts, so the
 * fusion domain walk (166 million encodings) needs no divide instruction. */
static bool aligned(int64_t off, unsigned log2size)
{
	return ((uint64_t)off & ((UINT64_C(1) << log2size) - 1)) == 0;
}

/* off / 2^log2size for an aligned off of either sign. */
static int64_t scaled(int64_t off, unsigned log2size)
{
	return off >= 0 ? (int64_t)((uint64_t)off >> log2size)
			: -(int64_t)((uint64_t)-off >> log2size);
}

uint32_t a64_enc_uimm(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err)
{
	if (!kind_valid(k))
		return fail(err, A64_ERR_KIND);
	if (rt > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	unsigned sc = a64_kind_log2size(k);
	if (off < 0 || off > (INT64_C(4095) << sc))
		return fail(err, A64_ERR_RANGE);
	if (!aligned(off, sc))
		return fail(err, A64_ERR_ALIGN);
	return ok(err, forms[k].imm12 | imm12((unsigned)scaled(off, sc)) | Rn(rn) | Rt(rt));
}

uint32_t a64_enc_simm9(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err)
{
	if (!kind_valid(k))
		return fail(err, A64_ERR_KIND);
	if (rt > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	if (off < -256 || off > 255)
		return fail(err, A64_ERR_RANGE);
	return ok(err, forms[k].imm9 | imm9((int)off) | Rn(rn) | Rt(rt));
}

static uint32_t enc_pair(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rt2, unsigned rn,
			 int64_t off, bool allow_unpredictable, a64_err *err)
{
	if (!kind_valid(k) || forms[k].pair[0] == 0)
		return fail(err, A64_ERR_KIND);
	if ((unsigned)mode > A64_PAIR_NT)
		return fail(err, A64_ERR_KIND);
	if (rt > 31 || rt2 > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	if (!allow_unpredictable) {
		/* Arm ARM DDI0487 C6.2 LDP/STP/LDNP: Rt == Rt2 for a load,
		 * and writeback into a GPR Rn that is also transferred, are
		 * CONSTRAINED UNPREDICTABLE. */
		if (a64_kind_is_load(k) && rt == rt2)
			return fail(err, A64_ERR_REG);
		if (a64_mode_writeback(mode) && !a64_kind_is_fp(k) && rn != A64_SP &&
		    (rt == rn || rt2 == rn))
			return fail(err, A64_ERR_REG);
	}
	unsigned sc = a64_kind_log2size(k);
	if (off < -(INT64_C(64) << sc) || off > (INT64_C(63) << sc))
		return fail(err, A64_ERR_RANGE);
	if (!aligned(off, sc))
		return fail(err, A64_ERR_ALIGN);
	return ok(err,
		  forms[k].pair[mode] | imm7((int)scaled(off, sc)) | Rt2(rt2) | Rn(rn) | Rt(rt));
}

uint32_t a64_enc_pair(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rt2, unsigned rn,
		      int64_t off, a64_err *err)
{
	return enc_pair(k, mode, rt, rt2, rn, off, false, err);
}

uint32_t a64_enc_pair_unpredictable(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rt2,
				    unsigned rn, int64_t off, a64_err *err)
{
	return enc_pair(k, mode, rt, rt2, rn, off, true, err);
}

static uint32_t enc_simm9_wb(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rn, int64_t off,
			     bool allow_unpredictable, a64_err *err)
{
	if (!kind_valid(k) || forms[k].pre == 0 || !a64_mode_writeback(mode))
		return fail(err, A64_ERR_KIND);
	if (rt > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	/* C6.2 STR/LDR (immediate): writeback with a GPR Rt == Rn is
	 * CONSTRAINED UNPREDICTABLE (Rn 31 is SP, Rt 31 ZR: never equal). */
	if (!allow_unpredictable && !a64_kind_is_fp(k) && rn != A64_SP && rt == rn)
		return fail(err, A64_ERR_REG);
	if (off < -256 || off > 255)
		return fail(err, A64_ERR_RANGE);
	return ok(err, (mode == A64_PAIR_PRE ? forms[k].pre : forms[k].post) | imm9((int)off) |
			       Rn(rn) | Rt(rt));
}

uint32_t a64_enc_simm9_wb(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rn, int64_t off,
			  a64_err *err)
{
	return enc_simm9_wb(k, mode, rt, rn, off, false, err);
}

uint32_t a64_enc_simm9_wb_unpredictable(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rn,
					int64_t off, a64_err *err)
{
	return enc_simm9_wb(k, mode, rt, rn, off, true, err);
}

a64_single_form a64_single_form_of(a64_kind k, int64_t off)
{
	if (!kind_valid(k))
		return A64_FORM_NONE;
	unsigned sc = a64_kind_log2size(k);
	if (off >= 0 && aligned(off, sc) && off < (INT64_C(4096) << sc))
		return A64_FORM_IMM12;
	if (off >= -256 && off <= 255)
		return A64_FORM_IMM9;
	return A64_FORM_NONE;
}

uint32_t a64_enc_single(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err)
{
	if (!kind_valid(k))
		return fail(err, A64_ERR_KIND);
	switch (a64_single_form_of(k, off)) {
	case A64_FORM_IMM12:
		return a64_enc_uimm(k, rt, rn, off, err);
	case A64_FORM_IMM9:
		return a64_enc_simm9(k, rt, rn, off, err);
	case A64_FORM_NONE:
		break;
	}
	return fail(err, A64_ERR_RANGE);
}

static uint32_t enc_move_wide(uint32_t op_w, uint32_t op_x, unsigned rd, uint16_t imm,
			      unsigned shift, bool is64, a64_err *err)
{
	if (rd > 31)
		return fail(err, A64_ERR_REG);
	if (shift % 16 != 0)
		return fail(err, A64_ERR_ALIGN);
	if (shift > (is64 ? 48u : 16u))
		return fail(err, A64_ERR_RANGE);
	return ok(err, (is64 ? op_x : op_w) | hw(shift / 16) | imm16(imm) | Rt(rd));
}

uint32_t a64_enc_movz(unsigned rd, uint16_t imm, unsigned shift, bool is64, a64_err *err)
{
	return enc_move_wide(A64_MOVZ_W, A64_MOVZ_X, rd, imm, shift, is64, err);
}

uint32_t a64_enc_movk(unsigned rd, uint16_t imm, unsigned shift, bool is64, a64_err *err)
{
	return enc_move_wide(A64_MOVK_W, A64_MOVK_X, rd, imm, shift, is64, err);
}

uint32_t a64_enc_ret(unsigned rn)
{
	if (rn > 31)
		return A64_POISON;
	return A64_RET | Rn(rn);
}

uint32_t a64_enc_brk(uint16_t imm)
{
	return A64_BRK | imm16(imm);
}

uint32_t a64_enc_b(int64_t byte_off, a64_err *err)
{
	/* imm26 counts words: +-128 MiB. */
	if (byte_off < -(INT64_C(1) << 27) || byte_off >= (INT64_C(1) << 27))
		return fail(err, A64_ERR_RANGE);
	if (byte_off % 4 != 0)
		return fail(err, A64_ERR_ALIGN);
	return ok(err, A64_B | imm26((int32_t)(byte_off / 4)));
}

uint32_t a64_enc_fmov_to_fp(unsigned vd, unsigned rn, bool is64, a64_err *err)
{
	if (vd > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	return ok(err, (is64 ? A64_FMOV_D_X : A64_FMOV_S_W) | Rn(rn) | Rt(vd));
}

uint32_t a64_enc_fmov_from_fp(unsigned rd, unsigned vn, bool is64, a64_err *err)
{
	if (rd > 31 || vn > 31)
		return fail(err, A64_ERR_REG);
	return ok(err, (is64 ? A64_FMOV_X_D : A64_FMOV_W_S) | Rn(vn) | Rt(rd));
}

uint32_t a64_enc_add_imm(unsigned rd, unsigned rn, uint32_t imm, unsigned shift, bool is64,
			 a64_err *err)
{
	if (rd > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	if (imm > 4095)
		return fail(err, A64_ERR_RANGE);
	if (shift != 0 && shift != 12)
		return fail(err, shift % 12 ? A64_ERR_ALIGN : A64_ERR_RANGE);
	return ok(err, (is64 ? A64_ADD_X_IMM : A64_ADD_W_IMM) | sh(shift / 12) | imm12(imm) |
			       Rn(rn) | Rt(rd));
}

/*
 * EOR (immediate) with the byte b repeated in every byte: a bitmask
 * immediate of element size 8 (C6.2.108; DecodeBitMasks, J1): N = 0,
 * imms = 0b110:(L-1) for a run of L ones, immr = rotation right by
 * (8 - s) mod 8 for a run starting at bit s.  b must be one run of ones
 * within bits 0..6 (the run may not fill the byte).
 */
uint32_t a64_enc_eor_rep8(unsigned rd, unsigned rn, uint8_t b, bool is64, a64_err *err)
{
	unsigned s, len;

	if (rd > 31 || rn > 31)
		return fail(err, A64_ERR_REG);
	if (b == 0 || b >= 0x80)
		return fail(err, A64_ERR_RANGE);
	/* The run starts at the lowest set bit and ends below the lowest
	 * clear bit above it (b < 0x80: there is one within the byte). */
	s = (unsigned)__builtin_ctz(b);
	len = (unsigned)__builtin_ctz(~((unsigned)b >> s));
	if ((unsigned)(((1u << len) - 1) << s) != b)
		return fail(err, A64_ERR_RANGE); /* not one run of ones */
	return ok(err, (is64 ? A64_EOR_X_IMM : A64_EOR_W_IMM) | immr((8 - s) & 7) |
			       imms(0x30u | (len - 1)) | Rn(rn) | Rt(rd));
}

uint32_t a64_enc_mov_reg(unsigned rd, unsigned rm, bool is64, a64_err *err)
{
	if (rd > 30 || rm > 31)
		return fail(err, A64_ERR_REG);
	return ok(err, (is64 ? A64_ORR_X_REG : A64_ORR_W_REG) | Rm(rm) | Rn(31) | Rt(rd));
}
