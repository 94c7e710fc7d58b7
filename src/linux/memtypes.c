/*
 * suite=memtypes in a Linux process: a process cannot map Device or
 * non-cacheable memory for itself, nor set SCTLR_EL1.A (the kernel owns
 * both), so only the groups of the memory a process has run here: Normal
 * write-back with alignment checking off (what Linux gives EL0).  What
 * cannot be tested is a failing test point, memtypes/untestable, that
 * names it (as suite=xpub names too few cores): never a pass.  The firmware
 * runs the whole suite (src/fw/memtypes.c).
 */
#include <stdio.h>

#include "engine/run.h"
#include "fw/cores.h"
#include "fw/registry.h"
#include "lib/check.h"

/* The groups a process can run: Normal write-back, A off. */
static bool runnable(unsigned g)
{
	eng_memenv e = eng_memtypes_env(g);

	return e.mem == ENG_MEM_NORMAL_WB && !e.align_check;
}

static unsigned plan_memtypes(void)
{
	unsigned n = 1;

	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_MEMTYPES); g++)
		n += runnable(g);
	return n;
}

static void run_memtypes(report *r)
{
	eng_session *s = fw_engine_session(r, ENG_SUITE_MEMTYPES);
	unsigned left = 0;
	char what[112];
	checks c;

	if (!s)
		return;
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_MEMTYPES); g++) {
		if (runnable(g))
			eng_run_group(s, ENG_SUITE_MEMTYPES, g);
		else
			left++;
	}
	snprintf(what, sizeof(what),
		 "%u of %u groups need EL1: Device-nGnRE/nGnRnE and Normal-NC arenas, "
		 "SCTLR_EL1.A=1",
		 left, eng_suite_groups(ENG_SUITE_MEMTYPES));
	check_begin(&c, "memtypes/untestable");
	check_true(&c, what, left == 0);
	check_end(&c, r);
}

static const suite memtypes_suite = {
	.name = "memtypes",
	.summary = "Normal write-back, A=0 groups only: Device/NC memory and SCTLR_EL1.A need EL1 "
		   "(memtypes/untestable fails, naming them)",
	.order = 48,
	.in_default = false,
	.plan = plan_memtypes,
	.run = run_memtypes,
};
SUITE_REGISTER(memtypes_suite);
