/*
 * Access kinds (size, direction, register file), error names, and the
 * encoder's opcode table as data.
 */
#include "a64/a64.h"
#include "a64/opcodes.h"

/* log2 of the size, | A64_KIND_LOAD, | A64_KIND_FP */
const uint8_t a64_kind_info[A64_KIND_COUNT] = {
	[A64_STR_W] = 2,
	[A64_LDR_W] = 2 | A64_KIND_LOAD,
	[A64_STR_X] = 3,
	[A64_LDR_X] = 3 | A64_KIND_LOAD,
	[A64_STR_S] = 2 | A64_KIND_FP,
	[A64_LDR_S] = 2 | A64_KIND_LOAD | A64_KIND_FP,
	[A64_STR_D] = 3 | A64_KIND_FP,
	[A64_LDR_D] = 3 | A64_KIND_LOAD | A64_KIND_FP,
	[A64_STR_Q] = 4 | A64_KIND_FP,
	[A64_LDR_Q] = 4 | A64_KIND_LOAD | A64_KIND_FP,
	[A64_STR_B] = 0,
	[A64_LDR_B] = A64_KIND_LOAD, /* log2 size 0 */
	[A64_STR_H] = 1,
	[A64_LDR_H] = 1 | A64_KIND_LOAD,
};

static const char *const kind_names[A64_KIND_COUNT] = {
	[A64_STR_W] = "STRw", [A64_LDR_W] = "LDRw", [A64_STR_X] = "STRx", [A64_LDR_X] = "LDRx",
	[A64_STR_S] = "STRs", [A64_LDR_S] = "LDRs", [A64_STR_D] = "STRd", [A64_LDR_D] = "LDRd",
	[A64_STR_Q] = "STRq", [A64_LDR_Q] = "LDRq", [A64_STR_B] = "STRb", [A64_LDR_B] = "LDRb",
	[A64_STR_H] = "STRh", [A64_LDR_H] = "LDRh",
};

const char *a64_kind_name(a64_kind k)
{
	return (unsigned)k < A64_KIND_COUNT ? kind_names[k] : "?";
}

const char *a64_err_name(a64_err e)
{
	switch (e) {
	case A64_OK:
		return "ok";
	case A64_ERR_RANGE:
		return "immediate out of range";
	case A64_ERR_ALIGN:
		return "immediate not a multiple of the scale";
	case A64_ERR_REG:
		return "register not allowed";
	case A64_ERR_KIND:
		return "no such form for this kind";
	case A64_ERR_FULL:
		return "code buffer full";
	case A64_ERR_POLICY:
		return "fusion policy faulted";
	case A64_ERR_POLICY_HUNG:
		return "fusion policy hung (no return within policy-timeout)";
	}
	return "unknown error";
}

#define A64_OPCODE_ROW(name, mask) { #name, (mask), (name) },
const a64_opcode a64_opcodes[] = { A64_OPCODE_TABLE(A64_OPCODE_ROW) };
#undef A64_OPCODE_ROW
const size_t a64_opcode_count = sizeof(a64_opcodes) / sizeof(a64_opcodes[0]);
