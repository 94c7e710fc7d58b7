/*
 * The regression suite: the exact pairs of MISSION.md, as stores, each in
 * both execution orders (index = pair * 2 + order; order 0 runs `first`
 * first, so it is the access the emitter sees second and tries to fuse).
 */
#include <stdio.h>

#include "engine/gen.h"

typedef struct reg_pair {
	const char *name;
	uint8_t kind;
	uint8_t rn;
	uint8_t rt1;
	int16_t off1;
	uint8_t rt2;
	int16_t off2;
} reg_pair;

static const reg_pair pairs[] = {
	/* The story's pair: str x30,[x19,#488] then stur x0,[x19,#-16];
	 * pre-#1075 fuses it into stp x30,x0,[x19,#488]. */
	{ "STRx/kong", A64_STR_X, 19, 30, 488, 0, -16 },
	{ "STRd/kong", A64_STR_D, 19, 30, 488, 0, -16 },
	/* The 32-bit alias: str w0,[x19,#252] then stur w1,[x19,#-256]. */
	{ "STRw/alias252", A64_STR_W, 19, 0, 252, 1, -256 },
	{ "STRs/alias252", A64_STR_S, 19, 0, 252, 1, -256 },
	/* pre-#1056: stur w0,[x1,#1] then stur w2,[x1,#5] became
	 * stp w0,w2,[x1]; the 64-bit and FP forms of the same. */
	{ "STRw/misaligned", A64_STR_W, 1, 0, 1, 2, 5 },
	{ "STRx/misaligned", A64_STR_X, 1, 0, 1, 2, 9 },
	{ "STRs/misaligned", A64_STR_S, 1, 0, 1, 2, 5 },
	{ "STRd/misaligned", A64_STR_D, 1, 0, 1, 2, 9 },
	/* The 2016 negative pair offset (ldur w26,[x27,#-8] + ldur
	 * w27,[x27,#-4] as stores; w28 replaces w27 so that no stored value
	 * is the base address itself, which could match the guard by chance). */
	{ "STRw/neg2016", A64_STR_W, 27, 26, -8, 28, -4 },
	{ "STRx/neg2016", A64_STR_X, 27, 26, -16, 28, -8 },
	/* .NET #85765 as stores: stur x0,[x1,#0x1A] then stur x2,[x1,#0x1B]
	 * (one byte apart, overlapping); RyuJIT before the fix took the
	 * immediates for slot indices and made stp x0,x2,[x1,#208]
	 * (0x1A * 8); and the 32-bit form, stp w0,w2,[x1,#104]. */
	{ "STRx/dotnet85765", A64_STR_X, 1, 0, 0x1A, 2, 0x1B },
	{ "STRw/dotnet85765", A64_STR_W, 1, 0, 0x1A, 2, 0x1B },
};

#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))

unsigned gen_regression_groups(void)
{
	return NPAIRS;
}

void gen_regression_group_name(unsigned g, char *buf, size_t n)
{
	snprintf(buf, n, "%s", g < NPAIRS ? pairs[g].name : "?");
}

uint64_t gen_regression_group_cases(unsigned g)
{
	return g < NPAIRS ? 2 : 0;
}

bool gen_regression_case(uint64_t index, eng_case *c)
{
	const reg_pair *p;
	eng_item a, b;

	if (index >= 2 * NPAIRS)
		return false;
	p = &pairs[index / 2];
	a = gen_access(p->kind, p->rt1, p->rn, p->off1);
	b = gen_access(p->kind, p->rt2, p->rn, p->off2);
	c->suite = ENG_SUITE_REGRESSION;
	c->group = (unsigned)(index / 2);
	c->index = index;
	c->n = 2;
	c->item[0] = (index & 1) ? b : a;
	c->item[1] = (index & 1) ? a : b;
	return true;
}
