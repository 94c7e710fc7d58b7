/*
 * Test fixture (tests/plugin/test-plugin): a policy file that does not
 * define the interface's symbol (it names its policy otherwise), so that
 * `make PLUGIN=` must stop and say what is missing.
 */
#include "jit/policy.h"

static uint32_t never(const fuse_policy *self, const fuse_query *q)
{
	(void)self;
	(void)q;
	return FUSE_KEEP;
}

const fuse_policy my_policy = { .name = "missing", .fuse = never };
