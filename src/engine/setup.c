/* Harness words: register set-up for a case (see setup.h). */
#include "engine/setup.h"

uint32_t eng_hw_fmov_d_x(unsigned d, unsigned n)
{
	return 0x9e670000u | (n & 31) << 5 | (d & 31);
}

uint32_t eng_hw_fmov_s_w(unsigned d, unsigned n)
{
	return 0x1e270000u | (n & 31) << 5 | (d & 31);
}

uint32_t eng_hw_mov_sp(unsigned n)
{
	return 0x91000000u | (n & 31) << 5 | 31u;
}

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

	/* FP values through the scratch GPR. */
	for (unsigned v = 0; v < 32; v++) {
		uint64_t bit = 1ull << (32 + v);

		if (!(r->set & bit))
			continue;
		if (r->wide & bit) {
			n += mov_imm(ENG_SCRATCH, r->v[v], true, buf + n);
			buf[n++] = eng_hw_fmov_d_x(v, ENG_SCRATCH);
		} else {
			n += mov_imm(ENG_SCRATCH, r->v[v], false, buf + n);
			buf[n++] = eng_hw_fmov_s_w(v, ENG_SCRATCH);
		}
	}
	/* SP as a base, through the scratch GPR. */
	if (r->set >> 31 & 1) {
		n += mov_imm(ENG_SCRATCH, r->x[31], true, buf + n);
		buf[n++] = eng_hw_mov_sp(ENG_SCRATCH);
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
