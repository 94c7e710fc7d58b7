/*
 * The VideoCore mailbox driver against a model of the BCM2837 mailbox block
 * and of a non-coherent VideoCore: requests go to mailbox 1 (write +0x20),
 * whose own status (+0x38) says FULL for a while, answers come from mailbox
 * 0 (+0x00, status +0x18); the message address must be the bus alias
 * 0xC0000000 | phys with the property channel; the VideoCore reads the
 * buffer from memory, so only what a clean pushed out reaches it, and the
 * CPU sees its answer only after an invalidate (64-byte lines, a dirty line
 * written back on clean).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hwfake.h"
#include "plat/drivers/bcm2835_mbox.h"

#define MBOX   0x3f00b880u
#define BUF_PA 0x00100040u

typedef struct vc {
	uint32_t mem[16];    /* the buffer as memory holds it */
	uint32_t synced[16]; /* as the CPU's caches last agreed with memory */
	unsigned full_polls; /* mailbox 1 reads FULL this many more times */
	bool stray;	     /* an answer on channel 1 comes first */
	uint32_t rate;	     /* the rate the firmware says it set */
	uint32_t status;     /* its answer code */
	bool answer_tag;     /* it marks the tag answered */
	uint32_t queue[2];
	unsigned queued;
	uint32_t pending; /* answered at a status poll after the stray one */
	unsigned requests;
	char error[160];
} vc;

static vc v;
static bcm_mbox_buf buf;

static void error(const char *msg, uint32_t val)
{
	if (!v.error[0])
		snprintf(v.error, sizeof(v.error), "%s (0x%08x)", msg, val);
}

/* Clean and invalidate, per 64-byte line of the buffer inside [p, p+len). */
static void cache_op(const void *p, size_t len)
{
	uintptr_t lo = (uintptr_t)p, hi = lo + len, b = (uintptr_t)&buf;

	if (b < lo || b + sizeof(buf) > hi) {
		error("a cache operation did not cover the whole buffer", (uint32_t)len);
		return;
	}
	if (memcmp(buf.w, v.synced, sizeof(v.synced)))
		memcpy(v.mem, buf.w, sizeof(v.mem)); /* dirty: written back */
	memcpy(buf.w, v.mem, sizeof(v.mem));
	memcpy(v.synced, v.mem, sizeof(v.mem));
}

static void answer(uint32_t msg)
{
	v.mem[1] = v.status;
	v.mem[4] = v.answer_tag ? 0x80000008u : 0;
	v.mem[6] = v.rate;
	v.queue[v.queued++] = msg;
}

static void videocore(uint32_t msg)
{
	v.requests++;
	if ((msg & 0xf) != 8)
		error("not the property channel", msg);
	if ((msg & 0xc0000000u) != 0xc0000000u)
		error("the buffer address lacks the VideoCore bus alias 0xC0000000", msg);
	if ((msg & 0x3ffffff0u) != BUF_PA)
		error("the message names another buffer", msg);
	if (v.mem[0] != 64 || v.mem[1] != 0 || v.mem[2] != 0x38002 || v.mem[5] != 2) {
		error("the VideoCore read no valid request from memory", v.mem[2]);
		return;
	}
	if (v.stray) {
		/* Someone else's answer first; ours only after it was read. */
		v.queue[v.queued++] = 0xc0200001u;
		v.pending = msg;
		return;
	}
	answer(msg);
}

static uint32_t mbox_read(hwfake_dev *d, uint32_t off)
{
	(void)d;
	switch (off) {
	case 0x38:
		if (v.full_polls) {
			v.full_polls--;
			return 0x80000000u;
		}
		return 0;
	case 0x18:
		if (v.pending && !v.queued) {
			answer(v.pending);
			v.pending = 0;
		}
		return v.queued ? 0 : 0x40000000u;
	case 0x00: {
		uint32_t m = v.queue[0];

		if (!v.queued) {
			error("read of an empty mailbox 0", 0);
			return 0;
		}
		v.queue[0] = v.queue[1];
		v.queued--;
		return m;
	}
	}
	error("read of an unexpected mailbox register", off);
	return 0;
}

static void mbox_write(hwfake_dev *d, uint32_t off, uint32_t val)
{
	(void)d;
	if (off != 0x20) {
		error("write to a register other than mailbox 1's", off);
		return;
	}
	if (v.full_polls)
		error("write to mailbox 1 while it is FULL", val);
	videocore(val);
}

static hwfake_dev dev = { "mailbox", MBOX, 0x40, mbox_read, mbox_write, NULL };

static void setup_vc(void)
{
	hwfake_reset();
	memset(&v, 0, sizeof(v));
	memset(&buf, 0x5a, sizeof(buf)); /* stale data, in cache and memory */
	memcpy(v.mem, buf.w, sizeof(v.mem));
	memcpy(v.synced, buf.w, sizeof(v.synced));
	v.full_polls = 3;
	v.rate = 47999000u; /* not what was asked: the driver must say so */
	v.status = 0x80000000u;
	v.answer_tag = true;
	hwfake_on_cache = cache_op;
	hwfake_attach(&dev);
}

static int rc;
static uint32_t got;

static void set_clock(void *arg)
{
	rc = bcm_mbox_set_clock(MBOX, &buf, *(uint64_t *)arg, 2, 48000000u, &got);
}

static int run(uint64_t pa)
{
	rc = 99;
	got = 0;
	assert_true(hwfake_run(set_clock, &pa, 100000000));
	return rc;
}

static void test_buffer_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(bcm_mbox_buf), 64);
	assert_int_equal(_Alignof(bcm_mbox_buf), 64);
}

static void test_set_clock_reports_rate_set(void **state)
{
	(void)state;
	setup_vc();
	assert_int_equal(run(BUF_PA), BCM_MBOX_OK);
	assert_string_equal(v.error, "");
	assert_int_equal(v.requests, 1);
	assert_int_equal(v.full_polls, 0); /* waited for mailbox 1 to drain */
	assert_int_equal(got, 47999000u);
}

static void test_skips_other_answers(void **state)
{
	(void)state;
	setup_vc();
	v.stray = true;
	assert_int_equal(run(BUF_PA), BCM_MBOX_OK);
	assert_string_equal(v.error, "");
	assert_int_equal(got, 47999000u);
}

static void test_firmware_errors(void **state)
{
	(void)state;
	setup_vc();
	v.status = 0x80000001u;
	assert_int_equal(run(BUF_PA), BCM_MBOX_EFW);
	setup_vc();
	v.answer_tag = false;
	assert_int_equal(run(BUF_PA), BCM_MBOX_EFW);
	assert_int_equal(got, 0);
}

static void test_bad_buffers(void **state)
{
	(void)state;
	setup_vc();
	assert_int_equal(run(BUF_PA + 16), BCM_MBOX_EADDR);
	assert_int_equal(run(0x40000000u), BCM_MBOX_EADDR);
	assert_int_equal(v.requests, 0);
}

static void test_mailbox_full_forever(void **state)
{
	(void)state;
	setup_vc();
	v.full_polls = ~0u;
	assert_int_equal(run(BUF_PA), BCM_MBOX_EFULL);
	assert_int_equal(v.requests, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buffer_layout),
		cmocka_unit_test(test_set_clock_reports_rate_set),
		cmocka_unit_test(test_skips_other_answers),
		cmocka_unit_test(test_firmware_errors),
		cmocka_unit_test(test_bad_buffers),
		cmocka_unit_test(test_mailbox_full_forever),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
