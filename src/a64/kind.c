/*
 * Access kinds (size, direction, register file), error names, and the
 * encoder's opcode table as data.
 */
#include "a64/a64.h"
#include "a64/opcodes.h"

static const struct {
	const char *name;
	unsigned char log2size;
	bool load;
	bool fp;
} kinds[A64_KIND_COUNT] = {
	[A64_STR_W] = { "STRw", 2, false, false }, [A64_LDR_W] = { "LDRw", 2, true, false },
	[A64_STR_X] = { "STRx", 3, false, false }, [A64_LDR_X] = { "LDRx", 3, true, false },
	[A64_STR_S] = { "STRs", 2, false, true },  [A64_LDR_S] = { "LDRs", 2, true, true },
	[A64_STR_D] = { "STRd", 3, false, true },  [A64_LDR_D] = { "LDRd", 3, true, true },
	[A64_STR_Q] = { "STRq", 4, false, true },  [A64_LDR_Q] = { "LDRq", 4, true, true },
	[A64_STR_B] = { "STRb", 0, false, false }, [A64_LDR_B] = { "LDRb", 0, true, false },
	[A64_STR_H] = { "STRh", 1, false, false }, [A64_LDR_H] = { "LDRh", 1, true, false },
};

static bool kind_ok(a64_kind k)
{
	return (unsigned)k < A64_KIND_COUNT;
}

unsigned a64_kind_log2size(a64_kind k)
{
	return kind_ok(k) ? kinds[k].log2size : 0;
}

unsigned a64_kind_size(a64_kind k)
{
	return kind_ok(k) ? 1u << kinds[k].log2size : 0;
}

bool a64_kind_is_load(a64_kind k)
{
	return kind_ok(k) && kinds[k].load;
}

bool a64_kind_is_fp(a64_kind k)
{
	return kind_ok(k) && kinds[k].fp;
}

/* MISSION.md rule 1: 32- and 64-bit GPR and S/D loads and stores. */
bool a64_kind_fusable(a64_kind k)
{
	return kind_ok(k) && (kinds[k].log2size == 2 || kinds[k].log2size == 3);
}

const char *a64_kind_name(a64_kind k)
{
	return kind_ok(k) ? kinds[k].name : "?";
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
	}
	return "unknown error";
}

#define A64_OPCODE_ROW(name, mask) { #name, (mask), (name) },
const a64_opcode a64_opcodes[] = { A64_OPCODE_TABLE(A64_OPCODE_ROW) };
#undef A64_OPCODE_ROW
const size_t a64_opcode_count = sizeof(a64_opcodes) / sizeof(a64_opcodes[0]);
