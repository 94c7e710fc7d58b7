/*
 * For cmocka tests: the standalone encoding of one access, which must be
 * encodable (include after <cmocka.h>).
 */
#ifndef PG_TESTS_ENC_SINGLE_H
#define PG_TESTS_ENC_SINGLE_H

#include "a64/a64.h"

static inline uint32_t enc_single_ok(a64_kind k, unsigned rt, unsigned rn, int64_t off)
{
	a64_err err;
	uint32_t w = a64_enc_single(k, rt, rn, off, &err);
	assert_int_equal(err, A64_OK);
	return w;
}

#endif
