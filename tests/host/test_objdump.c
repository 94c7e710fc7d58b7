/*
 * Encoder, decoder and disassembler against GNU objdump, exhaustively over
 * every encodable immediate of every form, for a spread of registers.
 *
 * For each requested instruction: encode it; objdump must print the text
 * the test expects from the requested operands, a64_disasm must print the
 * same text, and a64_decode must give back the requested operands.  Words
 * of each group go to objdump in one run.  Fails (never skips) if objdump is
 * missing.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "a64/a64.h"
#include "objdump.h"

typedef enum form {
	F_UIMM,
	F_SIMM9,
	F_WB,
	F_PAIR,
	F_MOVZ,
	F_MOVK,
	F_RET,
	F_BRK,
	F_B,
	F_FMOV_TO,
	F_FMOV_FROM,
	F_ADD,
	F_RAW
} form;

/* One requested instruction. */
typedef struct req {
	uint8_t form, kind, mode, rt, rt2, rn, shift, is64;
	int32_t imm;
} req;

typedef struct batch {
	req *r;
	uint32_t *w;
	size_t n, cap;
	uint64_t vma;
	size_t mismatches, known_raw;
} batch;

static void add(batch *b, req r, uint32_t w)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->r = realloc(b->r, b->cap * sizeof *b->r);
		b->w = realloc(b->w, b->cap * sizeof *b->w);
		assert_non_null(b->r);
		assert_non_null(b->w);
	}
	b->r[b->n] = r;
	b->w[b->n] = w;
	b->n++;
}

static void batch_free(batch *b)
{
	free(b->r);
	free(b->w);
	*b = (batch){ 0 };
}

/* ---- The text expected from the requested operands ---- */

static bool k_load(a64_kind k)
{
	return k == A64_LDR_W || k == A64_LDR_X || k == A64_LDR_S || k == A64_LDR_D ||
	       k == A64_LDR_Q || k == A64_LDR_B || k == A64_LDR_H;
}

static void treg(char *o, size_t n, a64_kind k, unsigned r)
{
	const char *p;
	bool fp = false;
	switch (k) {
	case A64_STR_X:
	case A64_LDR_X:
		p = "x";
		break;
	case A64_STR_S:
	case A64_LDR_S:
		p = "s", fp = true;
		break;
	case A64_STR_D:
	case A64_LDR_D:
		p = "d", fp = true;
		break;
	case A64_STR_Q:
	case A64_LDR_Q:
		p = "q", fp = true;
		break;
	default:
		p = "w";
		break;
	}
	if (r == 31 && !fp)
		snprintf(o, n, "%szr", p);
	else
		snprintf(o, n, "%s%u", p, r);
}

static void expect_text(const req *r, uint64_t pc, char *o, size_t n)
{
	char t[8], t2[8], b[8];
	a64_kind k = (a64_kind)r->kind;
	const char *sfx = (k == A64_STR_B || k == A64_LDR_B)   ? "b"
			  : (k == A64_STR_H || k == A64_LDR_H) ? "h"
							       : "";
	if (r->rn == 31)
		snprintf(b, sizeof b, "sp");
	else
		snprintf(b, sizeof b, "x%u", r->rn);
	treg(t, sizeof t, k, r->rt);
	treg(t2, sizeof t2, k, r->rt2);
	const char *rd_p = r->is64 ? "x" : "w";
	char rd[8];
	if (r->rt == 31)
		snprintf(rd, sizeof rd, "%szr", rd_p);
	else
		snprintf(rd, sizeof rd, "%s%u", rd_p, r->rt);
	switch ((form)r->form) {
	case F_UIMM:
	case F_SIMM9: {
		const char *m = r->form == F_UIMM ? (k_load(k) ? "ldr" : "str")
						  : (k_load(k) ? "ldur" : "stur");
		if (r->imm)
			snprintf(o, n, "%s%s\t%s, [%s, #%d]", m, sfx, t, b, (int)r->imm);
		else
			snprintf(o, n, "%s%s\t%s, [%s]", m, sfx, t, b);
		return;
	}
	case F_WB:
		if (r->mode == A64_PAIR_PRE)
			snprintf(o, n, "%s\t%s, [%s, #%d]!", k_load(k) ? "ldr" : "str", t, b,
				 (int)r->imm);
		else
			snprintf(o, n, "%s\t%s, [%s], #%d", k_load(k) ? "ldr" : "str", t, b,
				 (int)r->imm);
		return;
	case F_PAIR: {
		const char *m = r->mode == A64_PAIR_NT ? (k_load(k) ? "ldnp" : "stnp")
				: k_load(k)	       ? "ldp"
						       : "stp";
		if (r->mode == A64_PAIR_PRE)
			snprintf(o, n, "%s\t%s, %s, [%s, #%d]!", m, t, t2, b, (int)r->imm);
		else if (r->mode == A64_PAIR_POST)
			snprintf(o, n, "%s\t%s, %s, [%s], #%d", m, t, t2, b, (int)r->imm);
		else if (r->imm)
			snprintf(o, n, "%s\t%s, %s, [%s, #%d]", m, t, t2, b, (int)r->imm);
		else
			snprintf(o, n, "%s\t%s, %s, [%s]", m, t, t2, b);
		return;
	}
	case F_MOVZ:
		/* The MOV alias unless imm16 is 0 with a shift (C6.2.193). */
		if (r->imm != 0 || r->shift == 0)
			snprintf(o, n, "mov\t%s, #0x%" PRIx64, rd,
				 (uint64_t)(uint32_t)r->imm << r->shift);
		else
			snprintf(o, n, "movz\t%s, #0x0, lsl #%u", rd, r->shift);
		return;
	case F_MOVK:
		if (r->shift)
			snprintf(o, n, "movk\t%s, #0x%x, lsl #%u", rd, (unsigned)r->imm, r->shift);
		else
			snprintf(o, n, "movk\t%s, #0x%x", rd, (unsigned)r->imm);
		return;
	case F_RET:
		if (r->rn == 30)
			snprintf(o, n, "ret");
		else if (r->rn == 31)
			snprintf(o, n, "ret\txzr");
		else
			snprintf(o, n, "ret\tx%u", r->rn);
		return;
	case F_BRK:
		snprintf(o, n, "brk\t#0x%x", (unsigned)r->imm);
		return;
	case F_B:
		snprintf(o, n, "b\t0x%" PRIx64, pc + (uint64_t)(int64_t)r->imm);
		return;
	case F_FMOV_TO:
	case F_FMOV_FROM: {
		/* rt is the destination, rn the source, as requested. */
		char g[8], v[8];
		unsigned gr = r->form == F_FMOV_TO ? r->rn : r->rt;
		unsigned vr = r->form == F_FMOV_TO ? r->rt : r->rn;
		if (gr == 31)
			snprintf(g, sizeof g, "%szr", rd_p);
		else
			snprintf(g, sizeof g, "%s%u", rd_p, gr);
		snprintf(v, sizeof v, "%s%u", r->is64 ? "d" : "s", vr);
		if (r->form == F_FMOV_TO)
			snprintf(o, n, "fmov\t%s, %s", v, g);
		else
			snprintf(o, n, "fmov\t%s, %s", g, v);
		return;
	}
	case F_ADD: {
		char d[8], src[8];
		const char *sp = r->is64 ? "sp" : "wsp";
		if (r->rt == 31)
			snprintf(d, sizeof d, "%s", sp);
		else
			snprintf(d, sizeof d, "%s%u", rd_p, r->rt);
		if (r->rn == 31)
			snprintf(src, sizeof src, "%s", sp);
		else
			snprintf(src, sizeof src, "%s%u", rd_p, r->rn);
		if (r->imm == 0 && r->shift == 0 && (r->rt == 31 || r->rn == 31))
			snprintf(o, n, "mov\t%s, %s", d, src);
		else if (r->shift)
			snprintf(o, n, "add\t%s, %s, #0x%x, lsl #12", d, src, (unsigned)r->imm);
		else
			snprintf(o, n, "add\t%s, %s, #0x%x", d, src, (unsigned)r->imm);
		return;
	}
	case F_RAW:
		break;
	}
	o[0] = '\0';
}

/* Does the decoder give back the requested operands? */
static bool decode_matches(const req *r, uint32_t w, char *why, size_t n)
{
	a64_insn in;
	bool known = a64_decode(w, &in);
	static const a64_op ops[] = { [F_UIMM] = A64_OP_LDST_UIMM,
				      [F_SIMM9] = A64_OP_LDST_SIMM9,
				      [F_WB] = A64_OP_LDST_WB,
				      [F_PAIR] = A64_OP_LDST_PAIR,
				      [F_MOVZ] = A64_OP_MOVZ,
				      [F_MOVK] = A64_OP_MOVK,
				      [F_RET] = A64_OP_RET,
				      [F_BRK] = A64_OP_BRK,
				      [F_B] = A64_OP_B,
				      [F_FMOV_TO] = A64_OP_FMOV_TO_FP,
				      [F_FMOV_FROM] = A64_OP_FMOV_FROM_FP,
				      [F_ADD] = A64_OP_ADD_IMM };
	if (!known || in.op != ops[r->form]) {
		snprintf(why, n, "decoded op %d, requested %d", (int)in.op, (int)ops[r->form]);
		return false;
	}
	bool ok = true;
	switch ((form)r->form) {
	case F_PAIR:
		ok = in.rt2 == r->rt2;
		/* fall through */
	case F_WB:
		ok = ok && in.pair_mode == (a64_pair_mode)r->mode;
		/* fall through */
	case F_UIMM:
	case F_SIMM9:
		ok = ok && in.kind == (a64_kind)r->kind && in.rt == r->rt && in.rn == r->rn &&
		     in.imm == r->imm;
		break;
	case F_MOVZ:
	case F_MOVK:
	case F_ADD:
		ok = in.rt == r->rt && in.imm == r->imm && in.shift == r->shift &&
		     in.is64 == (bool)r->is64 && (r->form != F_ADD || in.rn == r->rn);
		break;
	case F_FMOV_TO:
	case F_FMOV_FROM:
		ok = in.rt == r->rt && in.rn == r->rn && in.is64 == (bool)r->is64;
		break;
	case F_RET:
		ok = in.rn == r->rn;
		break;
	case F_BRK:
	case F_B:
		ok = in.imm == r->imm;
		break;
	case F_RAW:
		break;
	}
	if (!ok)
		snprintf(why, n, "decoded kind %d rt %u rt2 %u rn %u imm %" PRId64 " shift %u",
			 (int)in.kind, in.rt, in.rt2, in.rn, in.imm, in.shift);
	return ok;
}

static void report(batch *b, size_t i, const char *what, const char *a, const char *c)
{
	if (b->mismatches++ < 20)
		print_error("word %08" PRIx32 " (#%zu): %s: '%s' vs '%s'\n", b->w[i], i, what, a,
			    c);
}

static void check_line(void *ctx, size_t i, uint32_t word, const char *text)
{
	batch *b = ctx;
	const req *r = &b->r[i];
	uint64_t pc = b->vma + 4 * (uint64_t)i;
	char ours[96], exp[96], why[128];
	if (word != b->w[i]) {
		snprintf(ours, sizeof ours, "%08" PRIx32, b->w[i]);
		snprintf(exp, sizeof exp, "%08" PRIx32, word);
		report(b, i, "objdump read another word", ours, exp);
		return;
	}
	a64_disasm_at(word, pc, ours, sizeof ours);
	if (r->form == F_RAW) {
		a64_insn in;
		if (a64_decode(word, &in)) {
			b->known_raw++;
			if (strcmp(ours, text) != 0)
				report(b, i, "a64_disasm vs objdump", ours, text);
		} else {
			/* objdump may know instructions outside our forms; ours
			 * must then say it does not know. */
			snprintf(exp, sizeof exp, ".inst\t0x%08" PRIx32, word);
			if (strcmp(ours, exp) != 0)
				report(b, i, "unknown word text", ours, exp);
		}
		return;
	}
	if (strcmp(ours, text) != 0)
		report(b, i, "a64_disasm vs objdump", ours, text);
	expect_text(r, pc, exp, sizeof exp);
	if (strcmp(exp, text) != 0)
		report(b, i, "requested operands vs objdump", exp, text);
	if (!decode_matches(r, word, why, sizeof why))
		report(b, i, "a64_decode", why, "");
}

static void run(batch *b, const char *group)
{
	char err[512];
	size_t got = objdump_words(b->w, b->n, b->vma, check_line, b, err, sizeof err);
	if (got == (size_t)-1)
		fail_msg("%s: objdump failed: %s", group, err);
	print_message("%s: %zu words, %zu mismatches\n", group, b->n, b->mismatches);
	assert_int_equal(got, b->n);
	assert_int_equal(b->mismatches, 0);
}

/* Register spreads: every edge (0, 30, 31 = zr/sp) and a few others. */
static const uint8_t spread_rt[] = { 0, 1, 17, 30, 31 };
static const uint8_t spread_rt2[] = { 1, 0, 30, 31, 17 };
static const uint8_t spread_rn[] = { 19, 31, 0, 17, 30 };
#define SPREAD (sizeof spread_rt)

static void test_single_imm12(void **state)
{
	(void)state;
	batch b = { 0 };
	for (unsigned k = 0; k < A64_KIND_COUNT; k++)
		for (unsigned s = 0; s < SPREAD; s++)
			for (int64_t i = 0; i < 4096; i++) {
				int64_t off = i * a64_kind_size((a64_kind)k);
				a64_err err;
				uint32_t w = a64_enc_uimm((a64_kind)k, spread_rt[s], spread_rn[s],
							  off, &err);
				assert_int_equal(err, A64_OK);
				add(&b,
				    (req){ .form = F_UIMM,
					   .kind = (uint8_t)k,
					   .rt = spread_rt[s],
					   .rn = spread_rn[s],
					   .imm = (int32_t)off },
				    w);
			}
	run(&b, "STR/LDR imm12");
	batch_free(&b);
}

static void test_single_imm9(void **state)
{
	(void)state;
	batch b = { 0 };
	for (unsigned k = 0; k < A64_KIND_COUNT; k++)
		for (unsigned s = 0; s < SPREAD; s++)
			for (int off = -256; off <= 255; off++) {
				a64_err err;
				uint32_t w = a64_enc_simm9((a64_kind)k, spread_rt[s], spread_rn[s],
							   off, &err);
				assert_int_equal(err, A64_OK);
				add(&b,
				    (req){ .form = F_SIMM9,
					   .kind = (uint8_t)k,
					   .rt = spread_rt[s],
					   .rn = spread_rn[s],
					   .imm = off },
				    w);
			}
	run(&b, "STUR/LDUR imm9");
	batch_free(&b);
}

static void test_pairs(void **state)
{
	(void)state;
	static const a64_kind pk[] = { A64_STR_W, A64_LDR_W, A64_STR_X, A64_LDR_X, A64_STR_S,
				       A64_LDR_S, A64_STR_D, A64_LDR_D, A64_STR_Q, A64_LDR_Q };
	batch b = { 0 };
	for (unsigned ki = 0; ki < sizeof pk / sizeof pk[0]; ki++)
		for (unsigned m = A64_PAIR_OFFSET; m <= A64_PAIR_NT; m++)
			for (unsigned s = 0; s < SPREAD; s++)
				for (int i = -64; i <= 63; i++) {
					int64_t off = i * (int64_t)a64_kind_size(pk[ki]);
					a64_err err;
					uint32_t w = a64_enc_pair(pk[ki], (a64_pair_mode)m,
								  spread_rt[s], spread_rt2[s],
								  spread_rn[s], off, &err);
					assert_int_equal(err, A64_OK);
					add(&b,
					    (req){ .form = F_PAIR,
						   .kind = (uint8_t)pk[ki],
						   .mode = (uint8_t)m,
						   .rt = spread_rt[s],
						   .rt2 = spread_rt2[s],
						   .rn = spread_rn[s],
						   .imm = (int32_t)off },
					    w);
				}
	run(&b, "STP/LDP/STNP/LDNP imm7");
	batch_free(&b);
}

/* STR/LDR (immediate) pre- and post-index, every imm9, W X S D Q. */
static void test_single_wb(void **state)
{
	(void)state;
	static const a64_kind wk[] = { A64_STR_W, A64_LDR_W, A64_STR_X, A64_LDR_X, A64_STR_S,
				       A64_LDR_S, A64_STR_D, A64_LDR_D, A64_STR_Q, A64_LDR_Q };
	batch b = { 0 };
	for (unsigned ki = 0; ki < sizeof wk / sizeof wk[0]; ki++)
		for (unsigned m = A64_PAIR_PRE; m <= A64_PAIR_POST; m++)
			for (unsigned s = 0; s < SPREAD; s++)
				for (int off = -256; off <= 255; off++) {
					a64_err err;
					uint32_t w = a64_enc_simm9_wb(wk[ki], (a64_pair_mode)m,
								      spread_rt[s], spread_rn[s],
								      off, &err);
					assert_int_equal(err, A64_OK);
					add(&b,
					    (req){ .form = F_WB,
						   .kind = (uint8_t)wk[ki],
						   .mode = (uint8_t)m,
						   .rt = spread_rt[s],
						   .rn = spread_rn[s],
						   .imm = off },
					    w);
				}
	run(&b, "STR/LDR imm9 pre/post-index");
	batch_free(&b);
}

static void test_move_wide(void **state)
{
	(void)state;
	static const uint16_t some[] = { 0, 1, 0x1234, 0x8000, 0xdead, 0xffff };
	static const uint8_t rds[] = { 1, 17, 30, 31 };
	batch b = { 0 };
	for (unsigned movk = 0; movk < 2; movk++)
		for (unsigned is64 = 0; is64 < 2; is64++)
			for (unsigned shift = 0; shift <= (is64 ? 48u : 16u); shift += 16) {
				/* Every imm16 for Rd 0; a spread for other registers. */
				for (uint32_t imm = 0; imm <= 0xffff; imm++) {
					a64_err err;
					uint32_t w = movk ? a64_enc_movk(0, (uint16_t)imm, shift,
									 is64, &err)
							  : a64_enc_movz(0, (uint16_t)imm, shift,
									 is64, &err);
					assert_int_equal(err, A64_OK);
					add(&b,
					    (req){ .form = movk ? F_MOVK : F_MOVZ,
						   .rt = 0,
						   .shift = (uint8_t)shift,
						   .is64 = (uint8_t)is64,
						   .imm = (int32_t)imm },
					    w);
				}
				for (unsigned r = 0; r < sizeof rds; r++)
					for (unsigned j = 0; j < sizeof some / sizeof some[0];
					     j++) {
						a64_err err;
						uint32_t w = movk ? a64_enc_movk(rds[r], some[j],
										 shift, is64, &err)
								  : a64_enc_movz(rds[r], some[j],
										 shift, is64, &err);
						assert_int_equal(err, A64_OK);
						add(&b,
						    (req){ .form = movk ? F_MOVK : F_MOVZ,
							   .rt = rds[r],
							   .shift = (uint8_t)shift,
							   .is64 = (uint8_t)is64,
							   .imm = some[j] },
						    w);
					}
			}
	run(&b, "MOVZ/MOVK");
	batch_free(&b);
}

static void test_ret_brk_b(void **state)
{
	(void)state;
	batch b = { 0 }; /* vma 0: a backwards B near 0 wraps, as objdump prints it */
	a64_err err;
	/* B first, at small addresses, so negative targets wrap below zero. */
	for (int64_t words = -(1 << 25); words < (1 << 25);
	     words += (words > -4096 && words < 4096) ? 1 : 65521) {
		uint32_t w = a64_enc_b(words * 4, &err);
		assert_int_equal(err, A64_OK);
		add(&b, (req){ .form = F_B, .imm = (int32_t)(words * 4) }, w);
	}
	for (int64_t off = (1 << 27) - 4 * 1024; off < (1 << 27); off += 4) {
		uint32_t w = a64_enc_b(off, &err);
		assert_int_equal(err, A64_OK);
		add(&b, (req){ .form = F_B, .imm = (int32_t)off }, w);
	}
	for (unsigned rn = 0; rn < 32; rn++)
		add(&b, (req){ .form = F_RET, .rn = (uint8_t)rn }, a64_enc_ret(rn));
	for (uint32_t imm = 0; imm <= 0xffff; imm++)
		add(&b, (req){ .form = F_BRK, .imm = (int32_t)imm }, a64_enc_brk((uint16_t)imm));
	run(&b, "B/RET/BRK");
	batch_free(&b);
}

/* The harness's register set-up: FMOV between GPR and FP registers (every
 * register pair), ADD (immediate) and its MOV to/from SP alias (every
 * imm12, both shifts). */
static void test_fmov_add(void **state)
{
	(void)state;
	batch b = { 0 };
	a64_err err;
	for (unsigned is64 = 0; is64 < 2; is64++) {
		for (unsigned d = 0; d < 32; d++)
			for (unsigned s = 0; s < 32; s++) {
				uint32_t w = a64_enc_fmov_to_fp(d, s, is64, &err);
				assert_int_equal(err, A64_OK);
				add(&b,
				    (req){ .form = F_FMOV_TO,
					   .rt = (uint8_t)d,
					   .rn = (uint8_t)s,
					   .is64 = (uint8_t)is64 },
				    w);
				w = a64_enc_fmov_from_fp(d, s, is64, &err);
				assert_int_equal(err, A64_OK);
				add(&b,
				    (req){ .form = F_FMOV_FROM,
					   .rt = (uint8_t)d,
					   .rn = (uint8_t)s,
					   .is64 = (uint8_t)is64 },
				    w);
			}
		for (unsigned shift = 0; shift <= 12; shift += 12)
			for (unsigned sp = 0; sp < SPREAD; sp++)
				for (uint32_t imm = 0; imm < 4096; imm++) {
					uint32_t w = a64_enc_add_imm(spread_rt[sp], spread_rn[sp],
								     imm, shift, is64, &err);
					assert_int_equal(err, A64_OK);
					add(&b,
					    (req){ .form = F_ADD,
						   .rt = spread_rt[sp],
						   .rn = spread_rn[sp],
						   .shift = (uint8_t)shift,
						   .is64 = (uint8_t)is64,
						   .imm = (int32_t)imm },
					    w);
				}
		for (unsigned d = 0; d < 32; d++)
			for (unsigned s = 0; s < 32; s++)
				add(&b,
				    (req){ .form = F_ADD,
					   .rt = (uint8_t)d,
					   .rn = (uint8_t)s,
					   .is64 = (uint8_t)is64 },
				    a64_enc_add_imm(d, s, 0, 0, is64, &err));
	}
	run(&b, "FMOV/ADD");
	batch_free(&b);
}

/* Words that are not our forms: our decoder must either say so (".inst")
 * or agree with objdump exactly, so it never misreads a neighbour encoding
 * (PRFM, LDRSW, STGP, pre-index singles, ...) as one of ours. */
static void test_other_words(void **state)
{
	(void)state;
	batch b = { 0 };
	uint32_t bases[80];
	unsigned nb = 0;
	a64_err err;
	for (unsigned k = 0; k < A64_KIND_COUNT; k++) {
		bases[nb++] = a64_enc_uimm((a64_kind)k, 3, 5, 8 * a64_kind_size((a64_kind)k), &err);
		bases[nb++] = a64_enc_simm9((a64_kind)k, 3, 5, -3, &err);
	}
	bases[nb++] = a64_enc_pair(A64_LDR_X, A64_PAIR_PRE, 1, 2, 3, 16, &err);
	bases[nb++] = a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 1, 2, 3, -16, &err);
	bases[nb++] = a64_enc_movz(4, 0x1234, 16, true, &err);
	bases[nb++] = a64_enc_movk(4, 0x1234, 16, false, &err);
	bases[nb++] = a64_enc_ret(30);
	bases[nb++] = a64_enc_brk(0xdead);
	bases[nb++] = a64_enc_b(64, &err);
	bases[nb++] = a64_enc_fmov_to_fp(1, 2, true, &err);
	bases[nb++] = a64_enc_fmov_from_fp(1, 2, false, &err);
	bases[nb++] = a64_enc_add_imm(31, 2, 0, 0, true, &err);
	bases[nb++] = a64_enc_add_imm(3, 2, 100, 12, false, &err);
	bases[nb++] = a64_enc_eor_rep8(1, 16, 0x60, true, &err);
	bases[nb++] = a64_enc_eor_rep8(31, 31, 0x01, true, &err);
	bases[nb++] = a64_enc_eor_rep8(2, 3, 0x3e, false, &err);
	bases[nb++] = a64_enc_mov_reg(3, 16, true, &err);
	bases[nb++] = a64_enc_mov_reg(4, 31, false, &err);
	/* Every single and double bit flip of every base word. */
	for (unsigned i = 0; i < nb; i++)
		for (unsigned x = 0; x < 32; x++)
			for (unsigned y = x; y < 32; y++)
				add(&b, (req){ .form = F_RAW }, bases[i] ^ (1u << x) ^ (1u << y));
	/* The MISSION's undefined 2016 pair, MOVZ W with hw = 2, and a
	 * reproducible spread of arbitrary words. */
	add(&b, (req){ .form = F_RAW }, 0xffff6f7au);
	add(&b, (req){ .form = F_RAW }, 0x52c00000u);
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (unsigned i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		add(&b, (req){ .form = F_RAW }, (uint32_t)(x >> 16));
	}
	run(&b, "other words");
	print_message("other words: %zu decoded as ours (and matched objdump)\n", b.known_raw);
	assert_true(b.known_raw > 1000);
	batch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_imm12), cmocka_unit_test(test_single_imm9),
		cmocka_unit_test(test_pairs),	     cmocka_unit_test(test_single_wb),
		cmocka_unit_test(test_move_wide),    cmocka_unit_test(test_ret_brk_b),
		cmocka_unit_test(test_fmov_add),     cmocka_unit_test(test_other_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
