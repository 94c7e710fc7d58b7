/*
 * Disassembler: the decoder's view printed exactly as GNU objdump (binutils
 * 2.40) prints mnemonic and operands, so tests can compare the two texts and
 * failure reports show what a person would see in objdump.
 */
#include <inttypes.h>
#include <stdio.h>

#include "a64/a64.h"

/* Register name of a transfer register of this kind (31 is zero register for GPR). */
static void reg_name(char *buf, size_t n, a64_kind k, unsigned r)
{
	char prefix;
	switch (k) {
	case A64_STR_X:
	case A64_LDR_X:
		prefix = 'x';
		break;
	case A64_STR_S:
	case A64_LDR_S:
		prefix = 's';
		break;
	case A64_STR_D:
	case A64_LDR_D:
		prefix = 'd';
		break;
	case A64_STR_Q:
	case A64_LDR_Q:
		prefix = 'q';
		break;
	default: /* W, and the B/H transfers of a W register */
		prefix = 'w';
		break;
	}
	bool fp = prefix == 's' || prefix == 'd' || prefix == 'q';
	if (!fp && r == 31)
		snprintf(buf, n, "%czr", prefix);
	else
		snprintf(buf, n, "%c%u", prefix, r);
}

/* Base register: 31 is SP. */
static void base_name(char *buf, size_t n, unsigned r)
{
	if (r == 31)
		snprintf(buf, n, "sp");
	else
		snprintf(buf, n, "x%u", r);
}

static const char *size_suffix(a64_kind k)
{
	switch (k) {
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

static bool is_load(a64_kind k)
{
	switch (k) {
	case A64_LDR_W:
	case A64_LDR_X:
	case A64_LDR_S:
	case A64_LDR_D:
	case A64_LDR_Q:
	case A64_LDR_B:
	case A64_LDR_H:
		return true;
	default:
		return false;
	}
}

/* A GPR operand: w/x by width; register 31 is SP (sp/wsp) where the form
 * reads it so, else ZR (xzr/wzr). */
static void gpr_name(char *buf, size_t n, unsigned r, bool is64, bool sp)
{
	if (r != 31)
		snprintf(buf, n, "%c%u", is64 ? 'x' : 'w', r);
	else if (sp)
		snprintf(buf, n, "%s", is64 ? "sp" : "wsp");
	else
		snprintf(buf, n, "%czr", is64 ? 'x' : 'w');
}

int a64_disasm_at(uint32_t word, uint64_t pc, char *buf, size_t n)
{
	a64_insn in;
	char rt[8], rn[8];
	if (!a64_decode(word, &in))
		return snprintf(buf, n, ".inst\t0x%08" PRIx32, word);

	switch (in.op) {
	case A64_OP_LDST_UIMM:
	case A64_OP_LDST_SIMM9: {
		const char *base = in.op == A64_OP_LDST_UIMM ? (is_load(in.kind) ? "ldr" : "str")
							     : (is_load(in.kind) ? "ldur" : "stur");
		reg_name(rt, sizeof rt, in.kind, in.rt);
		base_name(rn, sizeof rn, in.rn);
		if (in.imm == 0)
			return snprintf(buf, n, "%s%s\t%s, [%s]", base, size_suffix(in.kind), rt,
					rn);
		return snprintf(buf, n, "%s%s\t%s, [%s, #%" PRId64 "]", base, size_suffix(in.kind),
				rt, rn, in.imm);
	}
	case A64_OP_LDST_WB:
		reg_name(rt, sizeof rt, in.kind, in.rt);
		base_name(rn, sizeof rn, in.rn);
		if (in.pair_mode == A64_PAIR_PRE)
			return snprintf(buf, n, "%s%s\t%s, [%s, #%" PRId64 "]!",
					is_load(in.kind) ? "ldr" : "str", size_suffix(in.kind), rt,
					rn, in.imm);
		return snprintf(buf, n, "%s%s\t%s, [%s], #%" PRId64,
				is_load(in.kind) ? "ldr" : "str", size_suffix(in.kind), rt, rn,
				in.imm);
	case A64_OP_LDST_PAIR: {
		const char *m = in.pair_mode == A64_PAIR_NT ? (is_load(in.kind) ? "ldnp" : "stnp")
				: is_load(in.kind)	    ? "ldp"
							    : "stp";
		char rt2[8];
		reg_name(rt, sizeof rt, in.kind, in.rt);
		reg_name(rt2, sizeof rt2, in.kind, in.rt2);
		base_name(rn, sizeof rn, in.rn);
		switch (in.pair_mode) {
		case A64_PAIR_OFFSET:
		case A64_PAIR_NT:
			if (in.imm == 0)
				return snprintf(buf, n, "%s\t%s, %s, [%s]", m, rt, rt2, rn);
			return snprintf(buf, n, "%s\t%s, %s, [%s, #%" PRId64 "]", m, rt, rt2, rn,
					in.imm);
		case A64_PAIR_PRE:
			return snprintf(buf, n, "%s\t%s, %s, [%s, #%" PRId64 "]!", m, rt, rt2, rn,
					in.imm);
		case A64_PAIR_POST:
			return snprintf(buf, n, "%s\t%s, %s, [%s], #%" PRId64, m, rt, rt2, rn,
					in.imm);
		}
		break;
	}
	case A64_OP_MOVZ:
	case A64_OP_MOVK: {
		char rd[8];
		if (in.rt == 31)
			snprintf(rd, sizeof rd, "%czr", in.is64 ? 'x' : 'w');
		else
			snprintf(rd, sizeof rd, "%c%u", in.is64 ? 'x' : 'w', in.rt);
		/* MOVZ prints as the MOV (wide immediate) alias unless imm16 is
		 * zero with a non-zero shift (Arm ARM C6.2.193). */
		if (in.op == A64_OP_MOVZ && (in.imm != 0 || in.shift == 0))
			return snprintf(buf, n, "mov\t%s, #0x%" PRIx64, rd,
					(uint64_t)in.imm << in.shift);
		const char *m = in.op == A64_OP_MOVZ ? "movz" : "movk";
		if (in.shift == 0)
			return snprintf(buf, n, "%s\t%s, #0x%" PRIx64, m, rd, (uint64_t)in.imm);
		return snprintf(buf, n, "%s\t%s, #0x%" PRIx64 ", lsl #%u", m, rd, (uint64_t)in.imm,
				in.shift);
	}
	case A64_OP_RET:
		if (in.rn == 30)
			return snprintf(buf, n, "ret");
		if (in.rn == 31)
			return snprintf(buf, n, "ret\txzr");
		return snprintf(buf, n, "ret\tx%u", in.rn);
	case A64_OP_BRK:
		return snprintf(buf, n, "brk\t#0x%" PRIx64, (uint64_t)in.imm);
	case A64_OP_B:
		return snprintf(buf, n, "b\t0x%" PRIx64, pc + (uint64_t)in.imm);
	case A64_OP_FMOV_TO_FP:
	case A64_OP_FMOV_FROM_FP: {
		char g[8], v[8];
		unsigned gr = in.op == A64_OP_FMOV_TO_FP ? in.rn : in.rt;
		unsigned vr = in.op == A64_OP_FMOV_TO_FP ? in.rt : in.rn;
		gpr_name(g, sizeof g, gr, in.is64, false);
		snprintf(v, sizeof v, "%c%u", in.is64 ? 'd' : 's', vr);
		if (in.op == A64_OP_FMOV_TO_FP)
			return snprintf(buf, n, "fmov\t%s, %s", v, g);
		return snprintf(buf, n, "fmov\t%s, %s", g, v);
	}
	case A64_OP_ADD_IMM: {
		/* Register 31 is SP on both sides of ADD (immediate). */
		char d[8], s[8];
		gpr_name(d, sizeof d, in.rt, in.is64, true);
		gpr_name(s, sizeof s, in.rn, in.is64, true);
		/* MOV (to/from SP) alias, C6.2.189. */
		if (in.imm == 0 && in.shift == 0 && (in.rt == 31 || in.rn == 31))
			return snprintf(buf, n, "mov\t%s, %s", d, s);
		if (in.shift)
			return snprintf(buf, n, "add\t%s, %s, #0x%" PRIx64 ", lsl #12", d, s,
					(uint64_t)in.imm);
		return snprintf(buf, n, "add\t%s, %s, #0x%" PRIx64, d, s, (uint64_t)in.imm);
	}
	case A64_OP_EOR_IMM: {
		/* Rd 31 is SP, Rn 31 is ZR (C6.2.108). */
		char d[8], s[8];
		gpr_name(d, sizeof d, in.rt, in.is64, true);
		gpr_name(s, sizeof s, in.rn, in.is64, false);
		return snprintf(buf, n, "eor\t%s, %s, #0x%" PRIx64, d, s, (uint64_t)in.imm);
	}
	case A64_OP_MOV_REG: {
		char d[8], s[8];
		gpr_name(d, sizeof d, in.rt, in.is64, false);
		gpr_name(s, sizeof s, in.rn, in.is64, false);
		return snprintf(buf, n, "mov\t%s, %s", d, s);
	}
	case A64_OP_UNKNOWN:
		break;
	}
	return snprintf(buf, n, ".inst\t0x%08" PRIx32, word);
}

int a64_disasm(uint32_t word, char *buf, size_t n)
{
	return a64_disasm_at(word, 0, buf, n);
}
