/*
 * Test fixture (tests/plugin/test-plugin): a plug-in that takes a built-in
 * policy's name; the registry must refuse it.
 */
#include "jit/policy.h"

static uint32_t keep(const fuse_policy *self, const fuse_query *q)
{
	(void)self;
	(void)q;
	return FUSE_KEEP;
}

const fuse_policy pg_plugin_policy = { .name = "fixed", .fuse = keep };
