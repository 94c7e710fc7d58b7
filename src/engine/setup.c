/* Harness words: register set-up for a case (see setup.h). */
#include "engine/setup.h"

/* MOVZ for the first non-zero 16-bit chunk, MOVK for the others. */
static unsigned mov_imm(unsigned rd, uint64_t v, bool is64, uint32_t *out)
{
	unsigned chunks = is64 ? 4 : 2, n = 0;
	a64_err err;

	for (unsigned c = 0; c < chunks; c++) {
		uint16_t part = (uint16_t)(v >> (16 * c));

		if (part == 0 && !(n == 0 && c == chunks - 1))
			continue;
		out[n] = n == 0 ? a64_enc_movz(rd, part, 16 * c, is64, &err)
				: a64_enc_movk(rd, part, 16 * c, is64, &err);
		n++;
	}
	return n;
}

unsigned eng_setup_words(const eng_regs *r, uint32_t *out, unsigned max)
{
	uint32_t buf[ENG_MAX_SETUP_WORDS];
	unsigned n = 0;
	a64_err err;

	/* FP values through the scratch GPR. */
	for (unsigned v = 0; v < 32; v++) {
		uint64_t bit = 1ull << (32 + v);

		if (!(r->set & bit))
			continue;
		bool wide = (r->wide & bit) != 0;

		n += mov_imm(ENG_SCRATCH, r->v[v], wide, buf + n);
		buf[n++] = a64_enc_fmov_to_fp(v, ENG_SCRATCH, wide, &err);
	}
	/* SP as a base, through the scratch GPR. */
	if (r->set >> 31 & 1) {
		n += mov_imm(ENG_SCRATCH, r->x[31], true, buf + n);
		buf[n++] = a64_enc_add_imm(31, ENG_SCRATCH, 0, 0, true, &err); /* MOV SP, X16 */
	}
	/* GPRs last, so the scratch register ends with its own value. */
	for (unsigned x = 0; x < 31; x++) {
		if (r->set >> x & 1)
			n += mov_imm(x, r->x[x], (r->wide >> x) & 1, buf + n);
	}
	if (n > max)
		return 0;
	for (unsigned i = 0; i < n; i++)
		out[i] = buf[i];
	return n;
}
