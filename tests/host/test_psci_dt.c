/*
 * cmocka tests for src/lib/psci_dt.c: the PSCI conduit picked from device
 * trees built here with libfdt's sequential-write API (the host's
 * libfdt-dev; the firmware links Debian's arm64 build of the same library).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "lib/psci_dt.h"

static char blob[4096];

/* A tree with /, /chosen and, when psci is true, /psci holding "method"
 * with the len bytes at method (NULL: no method property). */
static const void *tree(int psci, const void *method, int len)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_string(blob, "model", "psci test"), 0);
	assert_int_equal(fdt_begin_node(blob, "chosen"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	if (psci) {
		assert_int_equal(fdt_begin_node(blob, "psci"), 0);
		assert_int_equal(fdt_property_string(blob, "compatible", "arm,psci-1.0"), 0);
		if (method)
			assert_int_equal(fdt_property(blob, "method", method, len), 0);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	assert_int_equal(fdt_check_header(blob), 0);
	return blob;
}

static const void *with_method(const char *m)
{
	return tree(1, m, (int)strlen(m) + 1);
}

static void test_hvc_smc(void **state)
{
	char why[160] = "stale";

	(void)state;
	assert_int_equal(psci_dt_conduit(with_method("hvc"), why, sizeof(why)), PSCI_HVC);
	assert_string_equal(why, "");
	strcpy(why, "stale");
	assert_int_equal(psci_dt_conduit(with_method("smc"), why, sizeof(why)), PSCI_SMC);
	assert_string_equal(why, "");
	assert_string_equal(psci_conduit_name(PSCI_HVC), "hvc");
	assert_string_equal(psci_conduit_name(PSCI_SMC), "smc");
	assert_string_equal(psci_conduit_name(PSCI_NONE), "none");
}

/* No DTB, or no /psci node: no PSCI, and nothing wrong. */
/* /firmware/psci (as TI K3 trees have it), found by its compatible. */
static void test_elsewhere(void **state)
{
	char why[160] = "stale";

	(void)state;
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_begin_node(blob, "firmware"), 0);
	assert_int_equal(fdt_begin_node(blob, "psci"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "arm,psci-0.2"), 0);
	assert_int_equal(fdt_property_string(blob, "method", "smc"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	assert_int_equal(psci_dt_conduit(blob, why, sizeof(why)), PSCI_SMC);
	assert_string_equal(why, "");
}

static void test_absent(void **state)
{
	char why[160] = "stale";

	(void)state;
	assert_int_equal(psci_dt_conduit(NULL, why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "");
	strcpy(why, "stale");
	assert_int_equal(psci_dt_conduit(tree(0, NULL, 0), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "");
}

/* A bad method names the value and the accepted ones. */
static void test_bad_values(void **state)
{
	static const char not_terminated[3] = { 'h', 'v', 'c' };
	static const char two_strings[8] = "hvc\0smc";
	static const char control[5] = { 's', 'm', '\n', 'c', 0 };
	char why[160];

	(void)state;
	assert_int_equal(psci_dt_conduit(with_method("svc"), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method \"svc\" is unknown (accepted: \"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(with_method("HVC"), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method \"HVC\" is unknown (accepted: \"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(with_method(""), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method \"\" is unknown (accepted: \"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(tree(1, control, 5), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method \"sm?c\" is unknown (accepted: \"hvc\", \"smc\")");

	assert_int_equal(psci_dt_conduit(tree(1, NULL, 0), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci has no \"method\" property (accepted: \"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(tree(1, "", 0), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why,
			    "/psci method is not one string (0 bytes, \"\"; accepted: \"hvc\", "
			    "\"smc\")");
	assert_int_equal(psci_dt_conduit(tree(1, not_terminated, 3), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method is not one string (3 bytes, \"hvc\"; accepted: "
				 "\"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(tree(1, two_strings, 8), why, sizeof(why)), PSCI_NONE);
	assert_string_equal(why, "/psci method is not one string (8 bytes, \"hvc\"; accepted: "
				 "\"hvc\", \"smc\")");
}

/* A long bad value is cut, and a short buffer still gets a terminated
 * (cut) message. */
static void test_long_value_short_buffer(void **state)
{
	char why[160], small[12];

	(void)state;
	assert_int_equal(psci_dt_conduit(with_method("hvc-but-far-too-long-to-show-it-all-"
						     "here-in-the-message"),
					 why, sizeof(why)),
			 PSCI_NONE);
	assert_string_equal(why, "/psci method \"hvc-but-far-too-long-to-show-it-...\" is unknown "
				 "(accepted: \"hvc\", \"smc\")");
	assert_int_equal(psci_dt_conduit(with_method("bad"), small, sizeof(small)), PSCI_NONE);
	assert_string_equal(small, "/psci metho");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hvc_smc),
		cmocka_unit_test(test_elsewhere),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_long_value_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
