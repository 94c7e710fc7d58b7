/*
 * A64 load/store encoder, decoder and disassembler: the instruction forms a
 * JIT emits and LDP/STP fusion produces, plus what the harness around JIT
 * code needs.  Pure code: no hardware access, builds for host and firmware.
 *
 * The decoder (decode.c) extracts its fields on its own and shares nothing
 * with the encoder (encode.c) beyond this header's types, so a wrong field
 * macro cannot hide in both.
 */
#ifndef PG_A64_H
#define PG_A64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Access kinds: direction, register file and size.  The first eight are the
 * kinds LDP/STP fusion considers (MISSION.md rule 1).
 */
typedef enum a64_kind {
	A64_STR_W,
	A64_LDR_W,
	A64_STR_X,
	A64_LDR_X,
	A64_STR_S,
	A64_LDR_S,
	A64_STR_D,
	A64_LDR_D,
	A64_STR_Q,
	A64_LDR_Q,
	A64_STR_B,
	A64_LDR_B,
	A64_STR_H,
	A64_LDR_H,
	A64_KIND_COUNT
} a64_kind;

/*
 * Each kind's facts (kind.c): log2 of its size in bits 2:0, A64_KIND_LOAD,
 * A64_KIND_FP.  The queries are inline: the engine asks them for every
 * access, and under QEMU a call and its return cost more than the answer.
 */
#define A64_KIND_LOAD 0x08u
#define A64_KIND_FP   0x10u
extern const uint8_t a64_kind_info[A64_KIND_COUNT];

static inline unsigned a64_kind_bits(a64_kind k)
{
	return (unsigned)k < A64_KIND_COUNT ? a64_kind_info[k] : 0;
}

/* 0..4 (an unknown kind: 0) */
static inline unsigned a64_kind_log2size(a64_kind k)
{
	return a64_kind_bits(k) & 7u;
}

/* bytes: 1, 2, 4, 8 or 16 (an unknown kind: 0) */
static inline unsigned a64_kind_size(a64_kind k)
{
	return (unsigned)k < A64_KIND_COUNT ? 1u << a64_kind_log2size(k) : 0;
}

static inline bool a64_kind_is_load(a64_kind k)
{
	return (a64_kind_bits(k) & A64_KIND_LOAD) != 0;
}

/* S, D, Q: SIMD&FP registers */
static inline bool a64_kind_is_fp(a64_kind k)
{
	return (a64_kind_bits(k) & A64_KIND_FP) != 0;
}

/* W, X, S, D loads and stores (MISSION.md rule 1) */
static inline bool a64_kind_fusable(a64_kind k)
{
	unsigned l = a64_kind_log2size(k);

	return (unsigned)k < A64_KIND_COUNT && (l == 2 || l == 3);
}

const char *a64_kind_name(a64_kind k); /* "STRx", "LDRs", ... */

/* Register number 31 as a base (Rn) is SP; as Rt of a GPR it is XZR/WZR. */
#define A64_SP 31u

/* Encoder errors.  Every encoder returns A64_POISON on error. */
typedef enum a64_err {
	A64_OK = 0,
	A64_ERR_RANGE,	     /* immediate outside the form's range */
	A64_ERR_ALIGN,	     /* immediate not a multiple of the scale */
	A64_ERR_REG,	     /* register number > 31, or not allowed here */
	A64_ERR_KIND,	     /* kind has no such form (e.g. LDP of bytes) */
	A64_ERR_FULL,	     /* emitter: the code buffer has no room left */
	A64_ERR_POLICY,	     /* emitter: the fusion policy (a plug-in) faulted */
	A64_ERR_POLICY_HUNG, /* emitter: ... or did not return (a watchdog) */
} a64_err;

const char *a64_err_name(a64_err e);

/*
 * The poison word: BRK #0xdead.  Encoders return it for invalid operands, so
 * an encoding error can never execute silently; code buffers are filled with
 * it, and the engine scans emitted code for it before running anything.
 */
#define A64_POISON 0xd43bd5a0u

/* Single access, unsigned scaled imm12: STR/LDR Rt, [Rn, #off]. */
uint32_t a64_enc_uimm(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err);
/* Single access, signed unscaled imm9: STUR/LDUR Rt, [Rn, #off]. */
uint32_t a64_enc_simm9(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err);

/*
 * Pair addressing modes (imm7, scaled): signed offset, pre-index and
 * post-index (both write base + off back to Rn), and the non-temporal pair
 * STNP/LDNP (signed offset only).  The pre/post modes also name the single
 * register writeback forms (a64_enc_simm9_wb).
 */
typedef enum a64_pair_mode {
	A64_PAIR_OFFSET,
	A64_PAIR_PRE,
	A64_PAIR_POST,
	A64_PAIR_NT
} a64_pair_mode;

/* Does the mode write the base back (pre- or post-index)? */
static inline bool a64_mode_writeback(a64_pair_mode m)
{
	return m == A64_PAIR_PRE || m == A64_PAIR_POST;
}

/* STP/LDP Rt, Rt2, [Rn, #off] (W, X, S, D, Q kinds only); with
 * A64_PAIR_NT, STNP/LDNP. */
uint32_t a64_enc_pair(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rt2, unsigned rn,
		      int64_t off, a64_err *err);

/*
 * As a64_enc_pair, but it also encodes the register combinations the
 * architecture calls CONSTRAINED UNPREDICTABLE (LDP with Rt == Rt2; a
 * writeback form whose GPR Rt or Rt2 equals Rn), which a64_enc_pair rejects
 * with A64_ERR_REG.  Only the historical fusion policies (known-bad controls)
 * use it; every other check is the same.
 */
uint32_t a64_enc_pair_unpredictable(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rt2,
				    unsigned rn, int64_t off, a64_err *err);

/*
 * STR/LDR Rt, [Rn, #off]! (A64_PAIR_PRE) or STR/LDR Rt, [Rn], #off
 * (A64_PAIR_POST): a single register with writeback, imm9 unscaled
 * (-256..255), W, X, S, D, Q kinds.  A GPR Rt equal to Rn is CONSTRAINED
 * UNPREDICTABLE (Arm ARM C6.2 STR/LDR (immediate)): A64_ERR_REG, except
 * through the _unpredictable variant (the forms suite's open cases).
 */
uint32_t a64_enc_simm9_wb(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rn, int64_t off,
			  a64_err *err);
uint32_t a64_enc_simm9_wb_unpredictable(a64_kind k, a64_pair_mode mode, unsigned rt, unsigned rn,
					int64_t off, a64_err *err);

/*
 * The standalone rule (MISSION.md), the one place it is written down: which
 * form a single access at byte offset off takes.  Scaled imm12 when off >= 0,
 * a multiple of the size and below 4096*size; else unscaled imm9 when
 * -256 <= off <= 255; else none (out of range).
 */
typedef enum a64_single_form { A64_FORM_NONE, A64_FORM_IMM12, A64_FORM_IMM9 } a64_single_form;
a64_single_form a64_single_form_of(a64_kind k, int64_t off);

/* Encode a single access by the standalone rule; A64_ERR_RANGE when none. */
uint32_t a64_enc_single(a64_kind k, unsigned rt, unsigned rn, int64_t off, a64_err *err);

/* Harness forms. */
uint32_t a64_enc_movz(unsigned rd, uint16_t imm16, unsigned shift, bool is64, a64_err *err);
uint32_t a64_enc_movk(unsigned rd, uint16_t imm16, unsigned shift, bool is64, a64_err *err);
uint32_t a64_enc_ret(unsigned rn);
uint32_t a64_enc_brk(uint16_t imm16);
uint32_t a64_enc_b(int64_t byte_off, a64_err *err); /* B <pc + byte_off> */
/* FMOV Dd, Xn (is64) or FMOV Sd, Wn: a GPR's bits into an FP register
 * (upper lanes zeroed); GPR 31 is XZR/WZR. */
uint32_t a64_enc_fmov_to_fp(unsigned vd, unsigned rn, bool is64, a64_err *err);
/* FMOV Xd, Dn (is64) or FMOV Wd, Sn. */
uint32_t a64_enc_fmov_from_fp(unsigned rd, unsigned vn, bool is64, a64_err *err);
/* ADD Rd|SP, Rn|SP, #imm12 {, LSL #12} (shift 0 or 12); register 31 is SP
 * on both sides, so MOV SP, Xn is a64_enc_add_imm(31, n, 0, 0, true, ...). */
uint32_t a64_enc_add_imm(unsigned rd, unsigned rn, uint32_t imm12, unsigned shift, bool is64,
			 a64_err *err);
/* EOR Rd, Rn, #(b repeated in every byte), b one run of ones within bits
 * 0..6 (else A64_ERR_RANGE); register 31 is SP as Rd, ZR as Rn. */
uint32_t a64_enc_eor_rep8(unsigned rd, unsigned rn, uint8_t b, bool is64, a64_err *err);
/* MOV Rd, Rm (ORR Rd, ZR, Rm); Rm 31 is ZR, Rd must be 0..30. */
uint32_t a64_enc_mov_reg(unsigned rd, unsigned rm, bool is64, a64_err *err);

/* ---- Decoder (independent of the encoder) ---- */

typedef enum a64_op {
	A64_OP_UNKNOWN = 0,
	A64_OP_LDST_UIMM,  /* STR/LDR (unsigned offset) */
	A64_OP_LDST_SIMM9, /* STUR/LDUR */
	A64_OP_LDST_PAIR,  /* STP/LDP/STNP/LDNP, see .pair_mode */
	A64_OP_LDST_WB,	   /* STR/LDR (immediate) pre-/post-index, see .pair_mode */
	A64_OP_MOVZ,
	A64_OP_MOVK,
	A64_OP_RET,
	A64_OP_BRK,
	A64_OP_B,
	A64_OP_FMOV_TO_FP,   /* FMOV Dd, Xn / Sd, Wn: rt = Vd, rn = GPR */
	A64_OP_FMOV_FROM_FP, /* FMOV Xd, Dn / Wd, Sn: rt = GPR, rn = Vn */
	A64_OP_ADD_IMM,	     /* ADD (immediate): rt = Rd, imm = imm12, shift 0/12 */
	A64_OP_EOR_IMM,	     /* EOR (immediate): rt = Rd, rn, imm = the bitmask value */
	A64_OP_MOV_REG,	     /* MOV (register) = ORR Rd, ZR, Rm: rt = Rd, rn = Rm */
} a64_op;

typedef struct a64_insn {
	a64_op op;
	a64_kind kind;		 /* load/store forms */
	a64_pair_mode pair_mode; /* A64_OP_LDST_PAIR; A64_OP_LDST_WB: PRE or POST */
	unsigned rt, rt2, rn;	 /* rt is Rd for MOVZ/MOVK/ADD/FMOV */
	int64_t imm;		 /* byte offset (scaled); imm16 for MOV*, BRK; byte offset for B;
				    imm12 for ADD */
	unsigned shift;		 /* MOVZ/MOVK hw*16; ADD 0 or 12 */
	bool is64;		 /* MOVZ/MOVK/ADD/FMOV */
} a64_insn;

/* Decode one word.  Returns false (and op = A64_OP_UNKNOWN) for anything else. */
bool a64_decode(uint32_t word, a64_insn *out);

/*
 * The memory effect of a decoded load/store, as offsets from the base
 * register's value before the instruction (pre/post-index accounted for).
 * A pair yields two accesses, lower address first.  Returns the count (0 for
 * non-memory instructions).
 */
typedef struct a64_access {
	bool load;
	bool fp;
	unsigned size; /* bytes */
	unsigned reg;  /* Rt of this access */
	int64_t off;   /* byte offset from the base */
} a64_access;

unsigned a64_accesses(const a64_insn *in, a64_access out[2]);

/* What a decoded load/store adds to its base register (its immediate for
 * the pre- and post-index forms, else 0). */
int64_t a64_writeback(const a64_insn *in);

/*
 * Disassemble one word into buf as GNU objdump (binutils 2.40,
 * `aarch64-linux-gnu-objdump -d`) prints the mnemonic and operands, e.g.
 * "stp\tx30, x0, [x19, #488]".  Unknown words print as ".inst\t0x%08x".
 * Returns the length written (snprintf-like).
 */
int a64_disasm(uint32_t word, char *buf, size_t n);

/* As a64_disasm for a word at address pc: B prints its absolute target
 * (pc + offset, modulo 2^64), as objdump does.  a64_disasm uses pc = 0. */
int a64_disasm_at(uint32_t word, uint64_t pc, char *buf, size_t n);

#endif
