/*
 * The encoder's opcode constants: one named constant per instruction class
 * and register file (Arm ARM DDI0487 C4.1 "A64 instruction set encoding"),
 * and one table of (name, mask, value) with a compile-time check that no
 * value has a bit outside its class mask.  The operand fields (Rt, Rt2, Rn,
 * imm7, imm9, imm12, imm16, hw, imm26) are the bits outside the mask.
 *
 * Only the encoder side includes this file (encode.c, kind.c); the decoder
 * recognises instructions with its own field extraction.
 */
#ifndef PG_A64_OPCODES_H
#define PG_A64_OPCODES_H

#include <stddef.h>
#include <stdint.h>

/* Class masks: the bits an instruction class fixes. */
#define A64_MASK_LDST_IMM12 0xffc00000u /* Rt, Rn, imm12 free */
#define A64_MASK_LDST_IMM9  0xffe00c00u /* Rt, Rn, imm9 free */
#define A64_MASK_LDST_PAIR  0xffc00000u /* Rt, Rn, Rt2, imm7 free */
#define A64_MASK_MOVE_WIDE  0xff800000u /* Rd, imm16, hw free */
#define A64_MASK_RET	    0xfffffc1fu /* Rn free */
#define A64_MASK_BRK	    0xffe0001fu /* imm16 free */
#define A64_MASK_B	    0xfc000000u /* imm26 free */
#define A64_MASK_FMOV_GPR   0xfffffc00u /* Rd, Rn free */
#define A64_MASK_ADD_IMM    0xff800000u /* Rd, Rn, imm12, sh free */
#define A64_MASK_LOGIC_IMM  0xff800000u /* Rd, Rn, N, immr, imms free */
#define A64_MASK_LOGIC_REG  0xff200000u /* Rd, Rn, Rm, imm6, shift free */

/* STR/LDR (immediate, unsigned offset), C6.2 / C7.2. */
#define A64_STRB_IMM12	0x39000000u
#define A64_LDRB_IMM12	0x39400000u
#define A64_STRH_IMM12	0x79000000u
#define A64_LDRH_IMM12	0x79400000u
#define A64_STR_W_IMM12 0xb9000000u
#define A64_LDR_W_IMM12 0xb9400000u
#define A64_STR_X_IMM12 0xf9000000u
#define A64_LDR_X_IMM12 0xf9400000u
#define A64_STR_S_IMM12 0xbd000000u
#define A64_LDR_S_IMM12 0xbd400000u
#define A64_STR_D_IMM12 0xfd000000u
#define A64_LDR_D_IMM12 0xfd400000u
#define A64_STR_Q_IMM12 0x3d800000u
#define A64_LDR_Q_IMM12 0x3dc00000u

/* STUR/LDUR (unscaled immediate). */
#define A64_STURB  0x38000000u
#define A64_LDURB  0x38400000u
#define A64_STURH  0x78000000u
#define A64_LDURH  0x78400000u
#define A64_STUR_W 0xb8000000u
#define A64_LDUR_W 0xb8400000u
#define A64_STUR_X 0xf8000000u
#define A64_LDUR_X 0xf8400000u
#define A64_STUR_S 0xbc000000u
#define A64_LDUR_S 0xbc400000u
#define A64_STUR_D 0xfc000000u
#define A64_LDUR_D 0xfc400000u
#define A64_STUR_Q 0x3c800000u
#define A64_LDUR_Q 0x3cc00000u

/* STR/LDR (immediate) pre-index and post-index: imm9 unscaled, writeback
 * (C6.2 STR (immediate)); bits 11:10 are 11 pre-index, 01 post-index. */
#define A64_STR_W_PRE  0xb8000c00u
#define A64_LDR_W_PRE  0xb8400c00u
#define A64_STR_W_POST 0xb8000400u
#define A64_LDR_W_POST 0xb8400400u
#define A64_STR_X_PRE  0xf8000c00u
#define A64_LDR_X_PRE  0xf8400c00u
#define A64_STR_X_POST 0xf8000400u
#define A64_LDR_X_POST 0xf8400400u
#define A64_STR_S_PRE  0xbc000c00u
#define A64_LDR_S_PRE  0xbc400c00u
#define A64_STR_S_POST 0xbc000400u
#define A64_LDR_S_POST 0xbc400400u
#define A64_STR_D_PRE  0xfc000c00u
#define A64_LDR_D_PRE  0xfc400c00u
#define A64_STR_D_POST 0xfc000400u
#define A64_LDR_D_POST 0xfc400400u
#define A64_STR_Q_PRE  0x3c800c00u
#define A64_LDR_Q_PRE  0x3cc00c00u
#define A64_STR_Q_POST 0x3c800400u
#define A64_LDR_Q_POST 0x3cc00400u

/* STNP/LDNP: the non-temporal pairs, signed offset only (C6.2 STNP). */
#define A64_STNP_W 0x28000000u
#define A64_LDNP_W 0x28400000u
#define A64_STNP_X 0xa8000000u
#define A64_LDNP_X 0xa8400000u
#define A64_STNP_S 0x2c000000u
#define A64_LDNP_S 0x2c400000u
#define A64_STNP_D 0x6c000000u
#define A64_LDNP_D 0x6c400000u
#define A64_STNP_Q 0xac000000u
#define A64_LDNP_Q 0xac400000u

/* STP/LDP: signed offset, pre-index (writeback), post-index (writeback). */
#define A64_STP_W      0x29000000u
#define A64_LDP_W      0x29400000u
#define A64_STP_W_PRE  0x29800000u
#define A64_LDP_W_PRE  0x29c00000u
#define A64_STP_W_POST 0x28800000u
#define A64_LDP_W_POST 0x28c00000u
#define A64_STP_X      0xa9000000u
#define A64_LDP_X      0xa9400000u
#define A64_STP_X_PRE  0xa9800000u
#define A64_LDP_X_PRE  0xa9c00000u
#define A64_STP_X_POST 0xa8800000u
#define A64_LDP_X_POST 0xa8c00000u
#define A64_STP_S      0x2d000000u
#define A64_LDP_S      0x2d400000u
#define A64_STP_S_PRE  0x2d800000u
#define A64_LDP_S_PRE  0x2dc00000u
#define A64_STP_S_POST 0x2c800000u
#define A64_LDP_S_POST 0x2cc00000u
#define A64_STP_D      0x6d000000u
#define A64_LDP_D      0x6d400000u
#define A64_STP_D_PRE  0x6d800000u
#define A64_LDP_D_PRE  0x6dc00000u
#define A64_STP_D_POST 0x6c800000u
#define A64_LDP_D_POST 0x6cc00000u
#define A64_STP_Q      0xad000000u
#define A64_LDP_Q      0xad400000u
#define A64_STP_Q_PRE  0xad800000u
#define A64_LDP_Q_PRE  0xadc00000u
#define A64_STP_Q_POST 0xac800000u
#define A64_LDP_Q_POST 0xacc00000u

/* Move wide, exception generation, branches. */
#define A64_MOVZ_W 0x52800000u
#define A64_MOVZ_X 0xd2800000u
#define A64_MOVK_W 0x72800000u
#define A64_MOVK_X 0xf2800000u
#define A64_RET	   0xd65f0000u
#define A64_BRK	   0xd4200000u
#define A64_B	   0x14000000u

/* FMOV (general), C7.2.131: between a GPR and the low lanes of an FP register. */
#define A64_FMOV_S_W 0x1e270000u /* Sd <- Wn */
#define A64_FMOV_W_S 0x1e260000u /* Wd <- Sn */
#define A64_FMOV_D_X 0x9e670000u /* Dd <- Xn */
#define A64_FMOV_X_D 0x9e660000u /* Xd <- Dn */

/* ADD (immediate), C6.2.4; with imm 0 and SP it is MOV to/from SP. */
#define A64_ADD_W_IMM 0x11000000u
#define A64_ADD_X_IMM 0x91000000u

/* EOR (immediate), C6.2.108: a bitmask immediate (N, immr, imms). */
#define A64_EOR_W_IMM 0x52000000u
#define A64_EOR_X_IMM 0xd2000000u

/* ORR (shifted register), C6.2.205; with Rn = ZR it is MOV (register). */
#define A64_ORR_W_REG 0x2a000000u
#define A64_ORR_X_REG 0xaa000000u

/* The table: (name, mask, value) for every constant above. */
#define A64_OPCODE_TABLE(X)                                                                        \
	X(A64_STRB_IMM12, A64_MASK_LDST_IMM12)                                                     \
	X(A64_LDRB_IMM12, A64_MASK_LDST_IMM12)                                                     \
	X(A64_STRH_IMM12, A64_MASK_LDST_IMM12)                                                     \
	X(A64_LDRH_IMM12, A64_MASK_LDST_IMM12)                                                     \
	X(A64_STR_W_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_LDR_W_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_STR_X_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_LDR_X_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_STR_S_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_LDR_S_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_STR_D_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_LDR_D_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_STR_Q_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_LDR_Q_IMM12, A64_MASK_LDST_IMM12)                                                    \
	X(A64_STURB, A64_MASK_LDST_IMM9)                                                           \
	X(A64_LDURB, A64_MASK_LDST_IMM9)                                                           \
	X(A64_STURH, A64_MASK_LDST_IMM9)                                                           \
	X(A64_LDURH, A64_MASK_LDST_IMM9)                                                           \
	X(A64_STUR_W, A64_MASK_LDST_IMM9)                                                          \
	X(A64_LDUR_W, A64_MASK_LDST_IMM9)                                                          \
	X(A64_STUR_X, A64_MASK_LDST_IMM9)                                                          \
	X(A64_LDUR_X, A64_MASK_LDST_IMM9)                                                          \
	X(A64_STUR_S, A64_MASK_LDST_IMM9)                                                          \
	X(A64_LDUR_S, A64_MASK_LDST_IMM9)                                                          \
	X(A64_STUR_D, A64_MASK_LDST_IMM9)                                                          \
	X(A64_LDUR_D, A64_MASK_LDST_IMM9)                                                          \
	X(A64_STUR_Q, A64_MASK_LDST_IMM9)                                                          \
	X(A64_LDUR_Q, A64_MASK_LDST_IMM9)                                                          \
	X(A64_STR_W_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_LDR_W_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_STR_W_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_LDR_W_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_STR_X_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_LDR_X_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_STR_X_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_LDR_X_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_STR_S_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_LDR_S_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_STR_S_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_LDR_S_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_STR_D_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_LDR_D_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_STR_D_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_LDR_D_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_STR_Q_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_LDR_Q_PRE, A64_MASK_LDST_IMM9)                                                       \
	X(A64_STR_Q_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_LDR_Q_POST, A64_MASK_LDST_IMM9)                                                      \
	X(A64_STNP_W, A64_MASK_LDST_PAIR)                                                          \
	X(A64_LDNP_W, A64_MASK_LDST_PAIR)                                                          \
	X(A64_STNP_X, A64_MASK_LDST_PAIR)                                                          \
	X(A64_LDNP_X, A64_MASK_LDST_PAIR)                                                          \
	X(A64_STNP_S, A64_MASK_LDST_PAIR)                                                          \
	X(A64_LDNP_S, A64_MASK_LDST_PAIR)                                                          \
	X(A64_STNP_D, A64_MASK_LDST_PAIR)                                                          \
	X(A64_LDNP_D, A64_MASK_LDST_PAIR)                                                          \
	X(A64_STNP_Q, A64_MASK_LDST_PAIR)                                                          \
	X(A64_LDNP_Q, A64_MASK_LDST_PAIR)                                                          \
	X(A64_STP_W, A64_MASK_LDST_PAIR)                                                           \
	X(A64_LDP_W, A64_MASK_LDST_PAIR)                                                           \
	X(A64_STP_W_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_LDP_W_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_STP_W_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_LDP_W_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_STP_X, A64_MASK_LDST_PAIR)                                                           \
	X(A64_LDP_X, A64_MASK_LDST_PAIR)                                                           \
	X(A64_STP_X_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_LDP_X_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_STP_X_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_LDP_X_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_STP_S, A64_MASK_LDST_PAIR)                                                           \
	X(A64_LDP_S, A64_MASK_LDST_PAIR)                                                           \
	X(A64_STP_S_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_LDP_S_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_STP_S_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_LDP_S_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_STP_D, A64_MASK_LDST_PAIR)                                                           \
	X(A64_LDP_D, A64_MASK_LDST_PAIR)                                                           \
	X(A64_STP_D_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_LDP_D_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_STP_D_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_LDP_D_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_STP_Q, A64_MASK_LDST_PAIR)                                                           \
	X(A64_LDP_Q, A64_MASK_LDST_PAIR)                                                           \
	X(A64_STP_Q_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_LDP_Q_PRE, A64_MASK_LDST_PAIR)                                                       \
	X(A64_STP_Q_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_LDP_Q_POST, A64_MASK_LDST_PAIR)                                                      \
	X(A64_MOVZ_W, A64_MASK_MOVE_WIDE)                                                          \
	X(A64_MOVZ_X, A64_MASK_MOVE_WIDE)                                                          \
	X(A64_MOVK_W, A64_MASK_MOVE_WIDE)                                                          \
	X(A64_MOVK_X, A64_MASK_MOVE_WIDE)                                                          \
	X(A64_RET, A64_MASK_RET)                                                                   \
	X(A64_BRK, A64_MASK_BRK)                                                                   \
	X(A64_B, A64_MASK_B)                                                                       \
	X(A64_FMOV_S_W, A64_MASK_FMOV_GPR)                                                         \
	X(A64_FMOV_W_S, A64_MASK_FMOV_GPR)                                                         \
	X(A64_FMOV_D_X, A64_MASK_FMOV_GPR)                                                         \
	X(A64_FMOV_X_D, A64_MASK_FMOV_GPR)                                                         \
	X(A64_ADD_W_IMM, A64_MASK_ADD_IMM)                                                         \
	X(A64_ADD_X_IMM, A64_MASK_ADD_IMM)                                                         \
	X(A64_EOR_W_IMM, A64_MASK_LOGIC_IMM)                                                       \
	X(A64_EOR_X_IMM, A64_MASK_LOGIC_IMM)                                                       \
	X(A64_ORR_W_REG, A64_MASK_LOGIC_REG)                                                       \
	X(A64_ORR_X_REG, A64_MASK_LOGIC_REG)

#define A64_OPCODE_CHECK(name, mask)                                                               \
	_Static_assert(((name) & ~(mask)) == 0, #name " has a bit outside its class mask");
A64_OPCODE_TABLE(A64_OPCODE_CHECK)
#undef A64_OPCODE_CHECK

typedef struct a64_opcode {
	const char *name;
	uint32_t mask;
	uint32_t value;
} a64_opcode;

/* The table as data (kind.c), for tests that check it against the decoder. */
extern const a64_opcode a64_opcodes[];
extern const size_t a64_opcode_count;

#endif
