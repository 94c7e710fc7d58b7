/*
 * Test fixture (tests/plugin/test-plugin): a broken plug-in.  Asked about
 * a current access at offset 8 it dereferences NULL (a crash); at offset
 * 16 it returns a word that is no instruction; elsewhere it keeps.  The
 * host CLI must report both as the policy's failure, never crash itself.
 */
#include <stddef.h>

#include "jit/policy.h"

static uint32_t broken(const fuse_policy *self, const fuse_query *q)
{
	const fuse_access *volatile nothing = NULL;

	(void)self;
	if (q->cur.off == 8)
		return nothing->word;
	if (q->cur.off == 16)
		return 0xffffffffu;
	return FUSE_KEEP;
}

const fuse_policy pg_plugin_policy = { .name = "broken",
				       .summary = "crashes at 8, garbage at 16",
				       .fuse = broken };
