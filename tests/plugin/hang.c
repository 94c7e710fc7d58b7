/*
 * Test fixture (tests/plugin/test-plugin): a plug-in that never returns
 * when asked about a current access at offset 8 (elsewhere it keeps).
 * The host CLI's watchdog must report it as the policy's failure, naming
 * it and the pair, instead of hanging.
 */
#include "jit/policy.h"

static uint32_t hang(const fuse_policy *self, const fuse_query *q)
{
	volatile unsigned spin = 1;

	(void)self;
	if (q->cur.off == 8)
		while (spin)
			;
	return FUSE_KEEP;
}

const fuse_policy pg_plugin_policy = { .name = "hang",
				       .summary = "never returns at offset 8",
				       .fuse = hang };
