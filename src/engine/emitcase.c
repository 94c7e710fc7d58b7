/*
 * A case through the emitter under test, as a JIT backend would emit it:
 * items last to first (the buffer grows downwards), labels marked with
 * emit_label(), jumps encoded once their label's position is known, the
 * forms suite's explicit forms (pairs, writeback) as raw words.
 */
#include "engine/engine.h"
#include "jit/emit.h"

a64_err eng_emit(const eng_case *c, const struct fuse_policy *p, uint32_t *words, unsigned max,
		 unsigned *nwords)
{
	uint32_t buf[ENG_MAX_ITEMS]; /* on the stack: cores emit at once */
	jit_emitter e;
	uint32_t *label = NULL;
	a64_err err = A64_OK;

	*nwords = 0;
	/* Each item gives at most one word. */
	emit_init(&e, buf, c->n, p);
	for (unsigned i = c->n; i-- > 0 && err == A64_OK;) {
		const eng_item *it = &c->item[i];

		switch (it->type) {
		case ENG_ACCESS:
			if (it->form != ENG_FORM_SINGLE) {
				/* An explicit form: encoded as asked, never fused (a
				 * raw word).  The forms suite asks for the CONSTRAINED
				 * UNPREDICTABLE register combinations on purpose (its
				 * open groups); the decoder's prediction names them. */
				static const a64_pair_mode modes[] = {
					[ENG_FORM_PAIR] = A64_PAIR_OFFSET,
					[ENG_FORM_PAIR_PRE] = A64_PAIR_PRE,
					[ENG_FORM_PAIR_POST] = A64_PAIR_POST,
					[ENG_FORM_PAIR_NT] = A64_PAIR_NT,
					[ENG_FORM_PRE] = A64_PAIR_PRE,
					[ENG_FORM_POST] = A64_PAIR_POST,
				};
				uint32_t w;

				if (it->form >= sizeof(modes) / sizeof(modes[0])) {
					err = A64_ERR_KIND; /* a generator bug */
					break;
				}
				w = eng_item_pair(it)
					    ? a64_enc_pair_unpredictable(
						      (a64_kind)it->kind, modes[it->form], it->rt,
						      it->rt2, it->rn, it->off, &err)
					    : a64_enc_simm9_wb_unpredictable(
						      (a64_kind)it->kind, modes[it->form], it->rt,
						      it->rn, it->off, &err);
				if (err == A64_OK)
					err = emit_word(&e, w);
				break;
			}
			err = emit_access(&e, (a64_kind)it->kind, it->rt, it->rn, it->off);
			break;
		case ENG_LABEL:
			emit_label(&e);
			label = e.p;
			break;
		case ENG_JUMP: {
			a64_err berr = A64_OK;
			uint32_t b;

			if (!label) {
				err = A64_ERR_KIND; /* a generator bug: no label follows */
				break;
			}
			/* The B goes to e.p[-1]; its target is the labelled word. */
			b = a64_enc_b((int64_t)(label - (e.p - 1)) * 4, &berr);
			err = berr != A64_OK ? berr : emit_word(&e, b);
			label = NULL;
			break;
		}
		}
	}
	if (err == A64_OK)
		err = e.err;
	if (err != A64_OK)
		return err;
	if (emit_len(&e) > max)
		return A64_ERR_RANGE;
	for (size_t i = 0; i < emit_len(&e); i++)
		words[i] = e.p[i];
	*nwords = (unsigned)emit_len(&e);
	return A64_OK;
}
