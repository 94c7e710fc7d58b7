/*
 * The forms suite: the pair forms a core must execute as the architecture
 * says, emitted as they are (no fusion): STP of W, X, S, D and Q registers
 * (Q: 16-byte slots) with a signed offset, pre-index and post-index
 * writeback, over every imm7 value (-64..63 slots).  After a writeback the
 * base register's final value is checked through memory: a probe (a single
 * STR of another register, through the emitter) follows at an offset from
 * the written-back base, away from the pair's slots, so a base left
 * anywhere else puts the probe's bytes elsewhere (clobbered and missed) or
 * faults.  The base rotates through x0..x30 (SP stays out: a writeback of
 * a W pair leaves SP misaligned, and its next use faults, an outcome this
 * suite does not state); value registers never equal the base (a writeback
 * with Rn == Rt is CONSTRAINED UNPREDICTABLE, Arm ARM C6.2 STP).
 *
 * Then SP as the base, with SCTLR_EL1.SA on (the firmware's setting): a
 * pre-index STP of W or X registers moves SP by imm7 (SP is 16-byte
 * aligned before it: the arena places every base so), and the probe then
 * uses SP as its base.  Arm ARM D1.8.2 (SP alignment checking): a load or
 * store whose base is SP faults with an SP alignment fault (ESR EC 0x26)
 * when SP is not a multiple of 16, whatever the offset; so the probe must
 * fault when imm7*size is not a multiple of 16 (the pair's bytes written,
 * the probe's not), and store normally when it is.
 *
 * Groups: kind (W, X, S, D, Q) x mode (offset, pre, post), then sp-pre of
 * W and X; 128 cases each, case id = group * 128 + (imm7 + 64).
 */
#include <stdio.h>

#include "engine/gen.h"

#define FORM_KINDS 5
#define FORM_MODES 3
#define SP_GROUPS  2 /* STPw, STPx with SP as the base, pre-index */
#define PER_GROUP  128u

static const uint8_t kinds[FORM_KINDS] = { A64_STR_W, A64_STR_X, A64_STR_S, A64_STR_D, A64_STR_Q };
static const char *const kind_names[FORM_KINDS] = { "STPw", "STPx", "STPs", "STPd", "STPq" };
static const uint8_t modes[FORM_MODES] = { ENG_FORM_PAIR, ENG_FORM_PAIR_PRE, ENG_FORM_PAIR_POST };
static const char *const mode_names[FORM_MODES] = { "offset", "pre", "post" };

unsigned gen_forms_groups(void)
{
	return FORM_KINDS * FORM_MODES + SP_GROUPS;
}

void gen_forms_group_name(unsigned g, char *buf, size_t n)
{
	if (g >= FORM_KINDS * FORM_MODES)
		snprintf(buf, n, "%s/sp-pre", kind_names[g - FORM_KINDS * FORM_MODES]);
	else
		snprintf(buf, n, "%s/%s", kind_names[g / FORM_MODES], mode_names[g % FORM_MODES]);
}

uint64_t gen_forms_group_cases(unsigned g)
{
	return g < gen_forms_groups() ? PER_GROUP : 0;
}

/* The n-th (mod 30) GPR that is not `skip`, never 31. */
static unsigned gpr_not(unsigned skip, unsigned n)
{
	unsigned r = n % 30;

	return r + (r >= skip);
}

/*
 * Where the probe goes, from the written-back base: above the pair's slots
 * [lo, lo + 2*size) (offsets from the base's value before the pair), at
 * least 8 bytes away, a multiple of 4 (the probe is a W store).
 */
static int64_t probe_offset(int64_t lo, unsigned size, int64_t moved)
{
	int64_t q = lo + 2 * (int64_t)size + 8 - moved;

	/* A base written back past the slots: just above it. */
	return q < 0 ? 8 : q;
}

bool gen_forms_case(uint64_t index, eng_case *c)
{
	unsigned g = (unsigned)(index / PER_GROUP), l = (unsigned)(index % PER_GROUP);
	unsigned kind, size, form, base, rt, rt2, probe;
	int64_t imm;
	eng_item pair;

	if (g >= gen_forms_groups())
		return false;
	if (g >= FORM_KINDS * FORM_MODES) {
		kind = kinds[g - FORM_KINDS * FORM_MODES];
		form = ENG_FORM_PAIR_PRE;
		base = ENG_REG_SP;
	} else {
		kind = kinds[g / FORM_MODES];
		form = modes[g % FORM_MODES];
		base = l % 31;
	}
	size = eng_kind_size(kind);
	imm = ((int64_t)l - 64) * size;
	if (eng_kind_fp(kind)) {
		rt = l % 32;
		rt2 = (l + 1 + l / 32) % 32;
	} else {
		rt = gpr_not(base, l);
		rt2 = gpr_not(base, l + 1 + (l / 30) % 29);
	}
	/* The probe's register: a GPR other than the base and the pair's. */
	for (unsigned k = l + 7;; k++) {
		probe = gpr_not(base, k);
		if (eng_kind_fp(kind) || (probe != rt && probe != rt2))
			break;
	}

	c->suite = ENG_SUITE_FORMS;
	c->group = g;
	c->index = index;
	c->n = 0;
	pair = gen_access(kind, rt, base, imm);
	pair.form = (uint8_t)form;
	pair.rt2 = (uint8_t)rt2;
	c->item[c->n++] = pair;
	if (form != ENG_FORM_PAIR)
		c->item[c->n++] = gen_access(
			A64_STR_W, probe, base,
			probe_offset(eng_item_addr(&pair), size, eng_item_writeback(&pair)));
	if (base == ENG_REG_SP && imm % 16 != 0) {
		c->fault_ec = ENG_EC_SP_ALIGN; /* the probe, through a misaligned SP */
		c->fault_item = 1;
	}
	return true;
}
