/*
 * Test fixture (tests/plugin/test-plugin): a broken plug-in.  Asked about
 * a current access at offset 8 it reads through a wild pointer (a crash);
 * at offset 16 it returns a word that is no instruction; elsewhere it
 * keeps.  The host CLI and the firmware must report both as the policy's
 * failure, never crash themselves.
 */
#include "jit/policy.h"

/* Mapped neither in a Linux process (far above its heap, below its
 * mmap area) nor in the firmware (beyond its 39-bit VA); NULL would not
 * do: the firmware maps QEMU virt's flash at 0. */
#define WILD 0x1000dead0000ull

static uint32_t broken(const fuse_policy *self, const fuse_query *q)
{
	const fuse_access *volatile nothing = (const fuse_access *)(uintptr_t)WILD;

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
