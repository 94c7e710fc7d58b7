/* cmocka tests for src/lib/esr.c and src/lib/cpuid.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/cpuid.h"
#include "lib/esr.h"

static void test_classes(void **state)
{
	(void)state;
	assert_string_equal(esr_class_name(0x00), "undefined instruction");
	assert_string_equal(esr_class_name(0x25), "data abort");
	assert_string_equal(esr_class_name(0x21), "instruction abort");
	assert_string_equal(esr_class_name(0x26), "sp alignment fault");
	assert_string_equal(esr_class_name(0x3c), "brk");
	assert_string_equal(esr_class_name(0x3f), "reserved exception class");
	assert_int_equal(esr_ec(0x96000005u), 0x25);
}

static void test_aborts(void **state)
{
	char buf[80];

	(void)state;
	/* Data abort, translation fault level 1, read. */
	assert_true(esr_is_abort(0x96000005u));
	assert_true(esr_far_valid(0x96000005u));
	esr_iss_describe(0x96000005u, buf, sizeof(buf));
	assert_string_equal(buf, "translation fault, level 1, read");
	/* Data abort, permission fault level 3, write. */
	esr_iss_describe(0x9600004fu, buf, sizeof(buf));
	assert_string_equal(buf, "permission fault, level 3, write");
	/* Instruction abort, permission fault level 3 (no read/write). */
	assert_string_equal(esr_iss_text(0x8600000fu), "permission fault, level 3");
	/* Alignment fault has no level. */
	assert_string_equal(esr_iss_text(0x96000021u), "alignment fault, read");
	assert_int_equal(esr_fsc_level(0x21), -1);
	/* FnV set: FAR not valid. */
	assert_false(esr_far_valid(0x96000405u));
	/* Not an abort: no FAR, no ISS text beyond the immediate. */
	assert_false(esr_far_valid(0x02000000u));
	assert_string_equal(esr_iss_text(0x02000000u), "");
	assert_string_equal(esr_iss_text(0xf2000123u), "imm16 0x0123");
	assert_true(esr_far_valid(0x8a000000u)); /* PC alignment */
}

static void test_cpu_names(void **state)
{
	(void)state;
	assert_string_equal(cpu_name(0x410fd034u), "cortex-a53");
	assert_string_equal(cpu_name(0x411fd070u), "cortex-a57");
	assert_string_equal(cpu_name(0x410fd083u), "cortex-a72");
	assert_string_equal(cpu_name(0x413fd0c1u), "neoverse-n1");
	assert_string_equal(cpu_name(0x000f0510u), "qemu-max"); /* QEMU 7.2 -cpu max */
	assert_string_equal(cpu_name(0x510f8000u), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_aborts),
		cmocka_unit_test(test_cpu_names),
	};

	return cmocka_run_group_tests_name("esr", tests, NULL, NULL);
}
