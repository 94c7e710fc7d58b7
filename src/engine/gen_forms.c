/*
 * The forms suite: the load/store forms a core must execute as the
 * architecture says, emitted as they are (no fusion), 128 cases per group,
 * case id = group * 128 + the group's local index l.
 *
 * STP of W, X, S, D and Q registers (Q: 16-byte slots) with a signed
 * offset, pre-index and post-index writeback, over every imm7 value
 * (-64..63 slots).  After a writeback the base register's final value is
 * checked through memory: a probe (a single STR of another register,
 * through the emitter) follows at an offset from the written-back base,
 * away from the slots, so a base left anywhere else puts the probe's bytes
 * elsewhere (clobbered and missed) or faults.  The base rotates through
 * x0..x30; value registers never equal the base (a writeback with
 * Rn == Rt is CONSTRAINED UNPREDICTABLE, Arm ARM C6.2 STP: the open
 * groups below).
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
 * Then (appended, so the ids above stay) the single-register STR with
 * pre- and post-index writeback (imm9: -256..252 in steps of 4, and 255,
 * the top edge), its base checked by the probe as for STP; LDR pre/post
 * and LDP offset/pre/post (loads: every register the case names is
 * captured, the loaded ones compared with the load fill at their
 * addresses, and the base, captured too, must hold its written-back
 * value); STNP and LDNP (signed offset, imm7 scaled).
 *
 * Last the open groups, X then W: writeback with Rn == Rt (STR, LDR) or
 * Rn == Rt / Rn == Rt2 (STP, LDP), CONSTRAINED UNPREDICTABLE (Arm ARM
 * C6.2 STR/LDR (immediate), STP/LDP, and K1.2 "Architectural Constraints
 * on UNPREDICTABLE behaviors"): a store stores the register's old value
 * (W: X[t, 32], its low 32 bits) or an UNKNOWN one, or is UNDEFINED or a
 * NOP; a load (W: zero-extended) suppresses the writeback
 * (Rn holds the loaded value), writes back an UNKNOWN value, or is
 * UNDEFINED or a NOP.  These cases are never failures for taking one of
 * the permitted choices: gen_forms_choice() names it (`# choice:` lines,
 * the open fingerprint); anything else (a clobbered guard byte, another
 * register changed, another exception) fails.
 */
#include <stdio.h>

#include "engine/gen.h"

#define PER_GROUP 128u

enum gtype {
	G_PLAIN, /* base x0..x30, value registers other than the base */
	G_SP,	 /* SP as the base (STP pre-index) */
	G_RT,	 /* open: Rt == Rn */
	G_RT2,	 /* open: Rt2 == Rn (pairs) */
};

typedef struct form_group {
	const char *name;
	uint8_t kind, form, type;
} form_group;

static const form_group groups[] = {
	/* 0..14: kind x mode (the first ids: unchanged). */
	{ "STPw/offset", A64_STR_W, ENG_FORM_PAIR, G_PLAIN },
	{ "STPw/pre", A64_STR_W, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "STPw/post", A64_STR_W, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "STPx/offset", A64_STR_X, ENG_FORM_PAIR, G_PLAIN },
	{ "STPx/pre", A64_STR_X, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "STPx/post", A64_STR_X, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "STPs/offset", A64_STR_S, ENG_FORM_PAIR, G_PLAIN },
	{ "STPs/pre", A64_STR_S, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "STPs/post", A64_STR_S, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "STPd/offset", A64_STR_D, ENG_FORM_PAIR, G_PLAIN },
	{ "STPd/pre", A64_STR_D, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "STPd/post", A64_STR_D, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "STPq/offset", A64_STR_Q, ENG_FORM_PAIR, G_PLAIN },
	{ "STPq/pre", A64_STR_Q, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "STPq/post", A64_STR_Q, ENG_FORM_PAIR_POST, G_PLAIN },
	/* 15, 16 */
	{ "STPw/sp-pre", A64_STR_W, ENG_FORM_PAIR_PRE, G_SP },
	{ "STPx/sp-pre", A64_STR_X, ENG_FORM_PAIR_PRE, G_SP },
	/* 17.. */
	{ "STRw/pre", A64_STR_W, ENG_FORM_PRE, G_PLAIN },
	{ "STRx/pre", A64_STR_X, ENG_FORM_PRE, G_PLAIN },
	{ "STRs/pre", A64_STR_S, ENG_FORM_PRE, G_PLAIN },
	{ "STRd/pre", A64_STR_D, ENG_FORM_PRE, G_PLAIN },
	{ "STRq/pre", A64_STR_Q, ENG_FORM_PRE, G_PLAIN },
	{ "STRw/post", A64_STR_W, ENG_FORM_POST, G_PLAIN },
	{ "STRx/post", A64_STR_X, ENG_FORM_POST, G_PLAIN },
	{ "STRs/post", A64_STR_S, ENG_FORM_POST, G_PLAIN },
	{ "STRd/post", A64_STR_D, ENG_FORM_POST, G_PLAIN },
	{ "STRq/post", A64_STR_Q, ENG_FORM_POST, G_PLAIN },
	{ "LDRw/pre", A64_LDR_W, ENG_FORM_PRE, G_PLAIN },
	{ "LDRx/pre", A64_LDR_X, ENG_FORM_PRE, G_PLAIN },
	{ "LDRs/pre", A64_LDR_S, ENG_FORM_PRE, G_PLAIN },
	{ "LDRd/pre", A64_LDR_D, ENG_FORM_PRE, G_PLAIN },
	{ "LDRq/pre", A64_LDR_Q, ENG_FORM_PRE, G_PLAIN },
	{ "LDRw/post", A64_LDR_W, ENG_FORM_POST, G_PLAIN },
	{ "LDRx/post", A64_LDR_X, ENG_FORM_POST, G_PLAIN },
	{ "LDRs/post", A64_LDR_S, ENG_FORM_POST, G_PLAIN },
	{ "LDRd/post", A64_LDR_D, ENG_FORM_POST, G_PLAIN },
	{ "LDRq/post", A64_LDR_Q, ENG_FORM_POST, G_PLAIN },
	{ "LDPw/offset", A64_LDR_W, ENG_FORM_PAIR, G_PLAIN },
	{ "LDPx/offset", A64_LDR_X, ENG_FORM_PAIR, G_PLAIN },
	{ "LDPs/offset", A64_LDR_S, ENG_FORM_PAIR, G_PLAIN },
	{ "LDPd/offset", A64_LDR_D, ENG_FORM_PAIR, G_PLAIN },
	{ "LDPq/offset", A64_LDR_Q, ENG_FORM_PAIR, G_PLAIN },
	{ "LDPw/pre", A64_LDR_W, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "LDPx/pre", A64_LDR_X, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "LDPs/pre", A64_LDR_S, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "LDPd/pre", A64_LDR_D, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "LDPq/pre", A64_LDR_Q, ENG_FORM_PAIR_PRE, G_PLAIN },
	{ "LDPw/post", A64_LDR_W, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "LDPx/post", A64_LDR_X, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "LDPs/post", A64_LDR_S, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "LDPd/post", A64_LDR_D, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "LDPq/post", A64_LDR_Q, ENG_FORM_PAIR_POST, G_PLAIN },
	{ "STNPw/offset", A64_STR_W, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "STNPx/offset", A64_STR_X, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "STNPs/offset", A64_STR_S, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "STNPd/offset", A64_STR_D, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "STNPq/offset", A64_STR_Q, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "LDNPw/offset", A64_LDR_W, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "LDNPx/offset", A64_LDR_X, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "LDNPs/offset", A64_LDR_S, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "LDNPd/offset", A64_LDR_D, ENG_FORM_PAIR_NT, G_PLAIN },
	{ "LDNPq/offset", A64_LDR_Q, ENG_FORM_PAIR_NT, G_PLAIN },
	/* The open groups: CONSTRAINED UNPREDICTABLE writeback overlaps. */
	{ "STRx/pre-rt-is-rn", A64_STR_X, ENG_FORM_PRE, G_RT },
	{ "STRx/post-rt-is-rn", A64_STR_X, ENG_FORM_POST, G_RT },
	{ "STPx/pre-rt-is-rn", A64_STR_X, ENG_FORM_PAIR_PRE, G_RT },
	{ "STPx/post-rt2-is-rn", A64_STR_X, ENG_FORM_PAIR_POST, G_RT2 },
	{ "LDRx/pre-rt-is-rn", A64_LDR_X, ENG_FORM_PRE, G_RT },
	{ "LDRx/post-rt-is-rn", A64_LDR_X, ENG_FORM_POST, G_RT },
	{ "LDPx/pre-rt-is-rn", A64_LDR_X, ENG_FORM_PAIR_PRE, G_RT },
	{ "LDPx/post-rt2-is-rn", A64_LDR_X, ENG_FORM_PAIR_POST, G_RT2 },
	/* The same with W registers (appended: the ids above stay).  A W
	 * store of its base stores the base's low 32 bits (X[t, 32]); a W
	 * load into its base zero-extends (X[t, 64] = ZeroExtend(data)). */
	{ "STRw/pre-rt-is-rn", A64_STR_W, ENG_FORM_PRE, G_RT },
	{ "STRw/post-rt-is-rn", A64_STR_W, ENG_FORM_POST, G_RT },
	{ "STPw/pre-rt-is-rn", A64_STR_W, ENG_FORM_PAIR_PRE, G_RT },
	{ "STPw/post-rt2-is-rn", A64_STR_W, ENG_FORM_PAIR_POST, G_RT2 },
	{ "LDRw/pre-rt-is-rn", A64_LDR_W, ENG_FORM_PRE, G_RT },
	{ "LDRw/post-rt-is-rn", A64_LDR_W, ENG_FORM_POST, G_RT },
	{ "LDPw/pre-rt-is-rn", A64_LDR_W, ENG_FORM_PAIR_PRE, G_RT },
	{ "LDPw/post-rt2-is-rn", A64_LDR_W, ENG_FORM_PAIR_POST, G_RT2 },
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

unsigned gen_forms_groups(void)
{
	return NGROUPS;
}

void gen_forms_group_name(unsigned g, char *buf, size_t n)
{
	snprintf(buf, n, "%s", g < NGROUPS ? groups[g].name : "?");
}

uint64_t gen_forms_group_cases(unsigned g)
{
	return g < NGROUPS ? PER_GROUP : 0;
}

/* The n-th (mod 30) GPR that is not `skip`, never 31. */
static unsigned gpr_not(unsigned skip, unsigned n)
{
	unsigned r = n % 30;

	return r + (r >= skip);
}

/*
 * Where the probe goes, from the written-back base: above the slots
 * [lo, lo + bytes) (offsets from the base's value before the access), at
 * least 8 bytes away, at an address that is a multiple of 4 (the probe is
 * a W store; the arena aligns every base to 16).
 */
static int64_t probe_offset(int64_t lo, unsigned bytes, int64_t moved)
{
	int64_t q = lo + (int64_t)bytes + 8 - moved;

	/* A base written back past the slots: just above it. */
	if (q < 0)
		q = 8;
	/* imm9 writeback moves the base by any byte count (255). */
	return q + ((4 - ((moved + q) & 3)) & 3);
}

/* The local index's immediate: imm7 slots for pairs, imm9 bytes for the
 * single writeback forms (-256..252 in steps of 4, then 255). */
static int64_t form_imm(const form_group *fg, unsigned l)
{
	if (fg->form == ENG_FORM_PRE || fg->form == ENG_FORM_POST)
		return l == PER_GROUP - 1 ? 255 : ((int64_t)l - 64) * 4;
	return ((int64_t)l - 64) * eng_kind_size(fg->kind);
}

bool gen_forms_case(uint64_t index, eng_case *c)
{
	unsigned g = (unsigned)(index / PER_GROUP), l = (unsigned)(index % PER_GROUP);
	const form_group *fg;
	unsigned kind, base, rt, rt2 = 0, probe;
	eng_item it;

	if (g >= NGROUPS)
		return false;
	fg = &groups[g];
	kind = fg->kind;
	base = fg->type == G_SP ? ENG_REG_SP : l % 31;
	if (eng_kind_fp(kind)) {
		rt = l % 32;
		rt2 = (l + 1 + l / 32) % 32;
	} else {
		rt = gpr_not(base, l);
		rt2 = gpr_not(base, l + 1 + (l / 30) % 29);
	}
	if (fg->type == G_RT)
		rt = base;
	if (fg->type == G_RT2)
		rt2 = base;
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
	it = gen_access(kind, rt, base, form_imm(fg, l));
	it.form = fg->form;
	if (eng_item_pair(&it))
		it.rt2 = (uint8_t)rt2;
	c->item[c->n++] = it;
	/* A store's writeback is seen through the probe; a load's through
	 * the captured base. */
	if (eng_item_wb(&it) && !eng_kind_load(kind))
		c->item[c->n++] = gen_access(A64_STR_W, probe, base,
					     probe_offset(eng_item_addr(&it), eng_item_bytes(&it),
							  eng_item_writeback(&it)));
	if (base == ENG_REG_SP && it.off % 16 != 0) {
		c->fault_ec = ENG_EC_SP_ALIGN; /* the probe, through a misaligned SP */
		c->fault_item = 1;
	}
	return true;
}

/* ---- The open groups' choices ---- */

bool gen_forms_open(const eng_case *c)
{
	return c->suite == ENG_SUITE_FORMS && c->group < NGROUPS &&
	       (groups[c->group].type == G_RT || groups[c->group].type == G_RT2);
}

/* Is the run inside [lo, lo + len)? */
static bool run_in(const eng_run *r, int64_t lo, int64_t len)
{
	return r->from >= lo && r->from + r->len <= lo + len;
}

/*
 * A store with Rn in {Rt, Rt2}, then the probe through the written-back
 * base: the reference (eng_ref) expects the register's value before the
 * case (the old base) in its slot, and the probe where the writeback put
 * the base.  Permitted (C6.2 STR/STP, Unpredictable_WBOVERLAPST): the old
 * value stored, an UNKNOWN value stored (only that register's bytes
 * differ), both with the writeback; a NOP (nothing stored, the base not
 * moved: the probe lands at its offset from the old base); UNDEFINED.
 */
static const char *store_choice(const eng_case *c, const eng_verdict *v)
{
	const eng_item *it = &c->item[0], *probe = &c->item[1];
	unsigned size = eng_kind_size(it->kind);
	int64_t addr = eng_item_addr(it), moved = eng_item_writeback(it);
	int64_t reg_lo = addr + (it->rt == it->rn ? 0 : size);
	unsigned missed = 0;
	bool unknown = true, nop = true;

	if (v->nbad == 0 && !v->slot_outside)
		return "stored-old-base";
	if (v->kept < v->nruns || v->slot_outside)
		return NULL;
	for (unsigned k = 0; k < v->kept; k++) {
		const eng_run *r = &v->run[k];

		unknown &= run_in(r, reg_lo, size);
		if (r->what == ENG_MISSED && run_in(r, addr, eng_item_bytes(it)))
			missed += r->len;
		else
			nop &= run_in(r, moved + probe->off, 4) || run_in(r, probe->off, 4);
	}
	if (unknown)
		return "stored-unknown";
	return nop && missed == eng_item_bytes(it) ? "nop" : NULL;
}

/* A load with Rn in {Rt, Rt2}: the registers the loads fill are listed in
 * v->badreg (eng_check_regs with `loaded`); the reference expects the
 * written-back address in Rn and the loaded value in the other register. */
static const char *load_choice(const eng_case *c, const eng_regs *r, const eng_verdict *v)
{
	const eng_item *it = &c->item[0];
	unsigned size = eng_kind_size(it->kind), rn = it->rn;
	uint64_t base = r->x[rn], at = base + (uint64_t)eng_item_addr(it);
	uint64_t loaded = eng_fill_read(at + (it->rt == rn ? 0 : size), size, r->fill_mix);
	const char *choice = NULL;
	bool others_right = true, others_kept = true;

	if (v->nbad != 0 || v->nbadregs > ENG_MAX_BADREGS)
		return NULL;
	for (unsigned k = 0; k < v->nbadregs; k++) {
		const eng_badreg *b = &v->badreg[k];

		if (b->id == rn) {
			choice = b->actual == b->expected ? "rn-written-back"
				 : b->actual == loaded	  ? "wb-suppressed"
				 : b->actual == base	  ? "nop"
							  : "rn-unknown";
			continue;
		}
		others_right &= b->actual == b->expected && b->actual_hi == b->expected_hi;
		others_kept &= b->by != ENG_BY_NONE && b->actual == r->x[b->id & 31];
	}
	if (!choice)
		return NULL;
	if (choice[0] == 'n') /* nop: nothing loaded */
		return others_kept ? choice : NULL;
	return others_right ? choice : NULL;
}

const char *gen_forms_choice(const eng_case *c, const eng_regs *r, const eng_verdict *v,
			     const eng_fault *f)
{
	if (f->taken)
		return (f->esr >> 26 & 0x3f) == 0 ? "undef" : NULL;
	return eng_kind_load(c->item[0].kind) ? load_choice(c, r, v) : store_choice(c, v);
}
