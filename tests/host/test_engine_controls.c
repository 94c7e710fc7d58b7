/*
 * The engine end to end on the simulated core (tests/host/simcore.c): the
 * certified policies pass every suite, each known-bad control is caught the
 * way the issue says (pre-#1075's 130 wrong store fusions at x19 and the
 * Kong bytes, 2016's undefined word, pre-#1056's misaligned pairs,
 * no-barrier's fusion across a jumped-to label), a faulty core is classified
 * `execution`, and runs are reproducible.  The firmware runs are the real
 * proof; these are the fast complement.
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

static uint64_t run_suites(simrun *r, unsigned mask)
{
	uint64_t failed = 0;

	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++)
		if (mask >> s & 1)
			failed += simrun_suite(r, (eng_suite_id)s);
	return failed;
}

#define SUITE(s) (1u << (s))
/* The store suites (the loads suite has test_engine_loads.c). */
#define ALL_SUITES                                                                                 \
	(SUITE(ENG_SUITE_REGRESSION) | SUITE(ENG_SUITE_SWEEP) | SUITE(ENG_SUITE_RANDOM) |          \
	 SUITE(ENG_SUITE_FORMS))

static void expect_pass(const char *policy, uint32_t bases)
{
	eng_config cfg = sim_config(policy);
	simrun r;
	uint64_t failed;

	assert_non_null(cfg.policy);
	cfg.params.bases = bases;
	cfg.params.count = 1024;
	simrun_init(&r, &cfg);
	failed = run_suites(&r, ALL_SUITES);
	if (failed)
		printf("%s", r.out.text);
	assert_int_equal(failed, 0);
	assert_true(r.ncases > 200000);
	/* Every case the point records count ran through the target, one
	 * call per batch at least. */
	assert_int_equal(r.t->stats.cases, r.ncases);
	assert_true(r.core.calls >= r.t->stats.batches);
	simrun_free(&r);
}

static void test_fixed_passes(void **state)
{
	(void)state;
	expect_pass("fixed", ENG_BASE_BIT(19));
}

static void test_none_passes(void **state)
{
	(void)state;
	expect_pass("none", ENG_BASE_BIT(19));
}

static void test_fixed_passes_sp_and_x0(void **state)
{
	(void)state;
	expect_pass("fixed", ENG_BASE_BIT(31) | ENG_BASE_BIT(0) | ENG_BASE_BIT(30));
}

/* MISSION.md: the wrong store fusions of pre-#1075, as (current, previous)
 * offsets: 64-bit current 248..496 with previous at current-504 and
 * 264..512 with previous at current-520, for X and D; 32-bit current 252
 * with previous -256, for W and S. */
static bool pre1075_pattern(const eng_case *c)
{
	const eng_item *cur = &c->item[0], *prev = &c->item[1];
	int32_t o = cur->off;

	if (c->n != 2 || cur->type != ENG_ACCESS || prev->type != ENG_ACCESS ||
	    cur->kind != prev->kind || cur->rn != prev->rn)
		return false;
	switch (cur->kind) {
	case A64_STR_X:
	case A64_STR_D:
		if (o % 8 != 0)
			return false;
		return (o >= 248 && o <= 496 && prev->off == o - 504) ||
		       (o >= 264 && o <= 512 && prev->off == o - 520);
	case A64_STR_W:
	case A64_STR_S:
		return o == 252 && prev->off == -256;
	default:
		return false;
	}
}

static void check_pre1075(uint32_t bases, unsigned nbases)
{
	eng_config cfg = sim_config("luajit-pre1075");
	unsigned per_kind[A64_KIND_COUNT] = { 0 };
	simrun r;
	uint64_t failed;

	cfg.params.bases = bases;
	simrun_init(&r, &cfg);
	failed = simrun_suite(&r, ENG_SUITE_SWEEP);
	assert_int_equal(failed, 130 * nbases);
	assert_int_equal(r.nall, 130 * nbases);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];

		if (!pre1075_pattern(&f->c)) {
			char a[64], b[64];

			eng_item_asm(&f->c.item[0], a, sizeof(a));
			eng_item_asm(&f->c.item[f->c.n - 1], b, sizeof(b));
			fail_msg("flagged case %lu is not a pre-1075 pattern: %s; %s",
				 (unsigned long)f->c.index, a, b);
		}
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_false(f->fault.taken);
		assert_true(f->verdict.nbad > 0);
		per_kind[f->c.item[0].kind]++;
	}
	assert_int_equal(per_kind[A64_STR_X], 64 * nbases);
	assert_int_equal(per_kind[A64_STR_D], 64 * nbases);
	assert_int_equal(per_kind[A64_STR_W], 1 * nbases);
	assert_int_equal(per_kind[A64_STR_S], 1 * nbases);
	simrun_free(&r);
}

static void test_pre1075_sweep_x19(void **state)
{
	(void)state;
	check_pre1075(ENG_BASE_BIT(19), 1);
}

static void test_pre1075_sweep_every_base(void **state)
{
	(void)state;
	check_pre1075(ENG_BASE_ALL, 32);
}

static const eng_run *find_run(const eng_failure *f, int32_t from)
{
	for (unsigned i = 0; i < f->verdict.kept; i++)
		if (f->verdict.run[i].from == from)
			return &f->verdict.run[i];
	return NULL;
}

/* A backend out of room ends batches early (the driver runs the batch and
 * places the case again): nothing changes in what is found, and every
 * failure's record is its own case's (words, registers, class). */
/*
 * The sweep's never-fuse groups against their test-only controls: each
 * control fuses one shape the fixed rules keep apart (policy.h's
 * test-gap, test-other-base, test-other-file, test-load-store), and the
 * sweep alone, with default options, must flag exactly the cases of that
 * shape whose pair would be encodable (pair offset p, the lower slot the
 * mechanism computes, a multiple of the size in [-64*size, 63*size]), all
 * in its group, as fusion bugs, and nothing else.
 */
enum { SH_GAP2, SH_OTHER_BASE, SH_OTHER_FILE, SH_LOAD_STORE };

static bool control_fuses(const eng_case *c, unsigned shape)
{
	const eng_item *cur = &c->item[0], *prev = &c->item[1];
	int64_t s = eng_kind_size(cur->kind), d = (int64_t)prev->off - cur->off;
	int64_t p = d < 0 ? cur->off - s : cur->off;
	bool same_file = eng_kind_fp(cur->kind) == eng_kind_fp(prev->kind);
	bool same_dir = eng_kind_load(cur->kind) == eng_kind_load(prev->kind);
	bool shape_ok;

	if (c->n != 2 || p % s != 0 || p < -64 * s || p > 63 * s)
		return false;
	/* Rule 2, which the controls keep: no load into a register numbered
	 * as its base. */
	if (eng_kind_load(cur->kind) && cur->rt == cur->rn)
		return false;
	switch (shape) {
	case SH_GAP2:
		shape_ok = (d == 2 * s || d == -2 * s) && cur->rn == prev->rn;
		break;
	case SH_OTHER_BASE:
		shape_ok = (d == s || d == -s) && cur->rn != prev->rn;
		break;
	case SH_OTHER_FILE:
		shape_ok = (d == s || d == -s) && !same_file;
		break;
	default:
		shape_ok = (d == s || d == -s) && !same_dir;
		break;
	}
	return shape_ok;
}

static void check_never_fuse_control(const char *policy, unsigned shape, const char *group)
{
	eng_config cfg = sim_config(policy);
	eng_params p;
	simrun r;
	uint64_t failed, want = 0;
	unsigned flagged_kinds = 0;

	cfg.params.bases = ENG_BASE_BIT(19);
	simrun_init(&r, &cfg);
	failed = simrun_suite(&r, ENG_SUITE_SWEEP);
	/* The cases of the shape, from the generator's walk. */
	eng_params_default(&p);
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_SWEEP); g++) {
		eng_iter it;
		eng_case c;

		eng_iter_start(&it, &p, ENG_SUITE_SWEEP, g);
		while (eng_iter_next(&it, &c))
			want += control_fuses(&c, shape);
	}
	assert_true(want > 0);
	if (failed != want) {
		eng_iter it;
		eng_case c;

		for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_SWEEP); g++) {
			eng_iter_start(&it, &p, ENG_SUITE_SWEEP, g);
			while (eng_iter_next(&it, &c)) {
				bool seen = false;
				char a[64], b[64];

				if (!control_fuses(&c, shape))
					continue;
				for (unsigned i = 0; i < r.nall; i++)
					seen |= r.all[i].c.index == c.index;
				if (seen)
					continue;
				eng_item_asm(&c.item[0], a, sizeof(a));
				eng_item_asm(&c.item[1], b, sizeof(b));
				printf("expected but not flagged: %s; %s\n", a, b);
			}
		}
	}
	assert_int_equal(failed, want);
	assert_int_equal(r.nall, want);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		char name[96];

		eng_group_name(ENG_SUITE_SWEEP, f->c.group, name, sizeof(name));
		assert_non_null(strstr(name, group));
		assert_true(control_fuses(&f->c, shape));
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_true(f->verdict.nbad > 0);
		assert_int_equal(f->nwords, 1); /* the two accesses became one pair */
		flagged_kinds |= 1u << (f->c.item[0].kind & ~1u); /* STR and LDR alike */
	}
	/* Each store kind's group catches it. */
	assert_int_equal(flagged_kinds, (1u << A64_STR_W) | (1u << A64_STR_X) | (1u << A64_STR_S) |
						(1u << A64_STR_D));
	simrun_free(&r);
}

static void test_never_fuse_gap(void **state)
{
	(void)state;
	check_never_fuse_control("test-gap", SH_GAP2, "/gap");
}

static void test_never_fuse_other_base(void **state)
{
	(void)state;
	check_never_fuse_control("test-other-base", SH_OTHER_BASE, "/other-base");
}

static void test_never_fuse_other_file(void **state)
{
	(void)state;
	check_never_fuse_control("test-other-file", SH_OTHER_FILE, "/other-kind");
}

static void test_never_fuse_load_store(void **state)
{
	(void)state;
	check_never_fuse_control("test-load-store", SH_LOAD_STORE, "/other-kind");
}

/* The forms suite: every form passes on a core that does what the
 * architecture says, the open groups (writeback overlaps) with the choice
 * this core makes; one that skips the writeback is caught by each
 * writeback case whose immediate is not 0 (stores through the probe,
 * loads through the captured base), as `execution` (the words are right,
 * the core is not), while the open groups still pass (a suppressed
 * writeback is a permitted choice). */
#define FORMS_GROUPS	  78
#define FORMS_WB_GROUPS	  (10 + 2 + 10 + 10 + 10) /* STP, sp-pre, STR, LDR, LDP */
#define FORMS_OPEN_GROUPS 16			  /* X and W */
static void test_forms(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	assert_int_equal(eng_suite_groups(ENG_SUITE_FORMS), FORMS_GROUPS);
	simrun_init(&r, &cfg);
	failed = simrun_suite(&r, ENG_SUITE_FORMS);
	if (failed)
		printf("%s", r.out.text);
	assert_int_equal(failed, 0);
	assert_int_equal(r.ncases, FORMS_GROUPS * 128);
	/* This core stores the old base and lets the writeback win. */
	assert_non_null(strstr(r.out.text, "# choice: forms/STRx/pre-rt-is-rn stored-old-base "
					   "cases=128"));
	assert_non_null(strstr(r.out.text, "# choice: forms/LDPx/pre-rt-is-rn rn-written-back "
					   "cases=128"));
	/* W: the base's low 32 bits stored; the loads as X. */
	assert_non_null(strstr(r.out.text, "# choice: forms/STRw/post-rt-is-rn stored-old-base "
					   "cases=128"));
	assert_non_null(strstr(r.out.text, "# choice: forms/STPw/post-rt2-is-rn stored-old-base "
					   "cases=128"));
	assert_non_null(strstr(r.out.text, "# choice: forms/LDRw/pre-rt-is-rn rn-written-back "
					   "cases=128"));
	simrun_free(&r);

	simrun_init(&r, &cfg);
	r.core.no_writeback = true;
	failed = simrun_suite(&r, ENG_SUITE_FORMS);
	/* The open stores too: the old value stored without the writeback
	 * is no permitted choice (Constraint_NONE and _UNKNOWN write back). */
	assert_int_equal(failed, (FORMS_WB_GROUPS + 4 + 4) * 127); /* open: 4 X, 4 W */
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		char name[96];

		eng_group_name(ENG_SUITE_FORMS, f->c.group, name, sizeof(name));
		assert_null(strstr(name, "/offset"));
		assert_int_equal(f->cls, strstr(name, "-is-rn") ? ENG_CLASS_UNPREDICTABLE
								: ENG_CLASS_EXECUTION);
		assert_int_not_equal(f->c.item[0].off, 0);
		assert_true(f->verdict.nbad > 0 || f->fault.taken || f->verdict.nbadregs > 0);
	}
	assert_non_null(strstr(r.out.text, "# choice: forms/LDRx/pre-rt-is-rn wb-suppressed "));
	assert_non_null(strstr(r.out.text, "# choice: forms/LDRw/pre-rt-is-rn wb-suppressed "));
	simrun_free(&r);
}

/* The open groups on a core that makes the other permitted choices: a
 * store of its base stores the written-back address (an UNKNOWN value:
 * only the register's bytes differ; W: the address's low 32 bits), a
 * load into its base suppresses the writeback (Rn holds the loaded value;
 * W: zero-extended).  All pass, each with its choice named. */
static void test_forms_open_other_choices(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.wb_overlap = SIM_WB_OTHER;
	failed = simrun_suite(&r, ENG_SUITE_FORMS);
	if (failed)
		printf("%s", r.out.text);
	assert_int_equal(failed, 0);
	for (unsigned w = 0; w < 2; w++) {
		const char *const loads[] = { "LDR%c/pre-rt-is-rn", "LDR%c/post-rt-is-rn",
					      "LDP%c/pre-rt-is-rn", "LDP%c/post-rt2-is-rn" };
		const char *const stores[] = { "STR%c/pre-rt-is-rn", "STR%c/post-rt-is-rn",
					       "STP%c/pre-rt-is-rn", "STP%c/post-rt2-is-rn" };

		for (unsigned k = 0; k < 4; k++) {
			char group[40], line[96];

			snprintf(group, sizeof(group), loads[k], w ? 'w' : 'x');
			snprintf(line, sizeof(line), "# choice: forms/%s wb-suppressed cases=128",
				 group);
			if (!strstr(r.out.text, line))
				fail_msg("no \"%s\"", line);
			/* The imm7/imm9 0 case writes back the old base: its
			 * old value stored. */
			snprintf(group, sizeof(group), stores[k], w ? 'w' : 'x');
			snprintf(line, sizeof(line), "# choice: forms/%s stored-unknown cases=127",
				 group);
			if (!strstr(r.out.text, line))
				fail_msg("no \"%s\"", line);
		}
	}
	simrun_free(&r);
}

/* A core whose W store of its base stores the whole X register (bytes
 * past the W slot: no permitted choice, X[t, 32] is the low half) fails
 * every case of the open W stores where that shows: STRw pre/post and
 * STPw post (Rt2 == Rn, the upper half lands past the pair); in STPw pre
 * (Rt == Rn) Rt2's store overwrites it. */
static void test_forms_open_w_store_64(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.wb_overlap = SIM_WB_W_AS_X;
	failed = simrun_suite(&r, ENG_SUITE_FORMS);
	assert_int_equal(failed, 3 * 128);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		char name[96];

		eng_group_name(ENG_SUITE_FORMS, f->c.group, name, sizeof(name));
		assert_true(strstr(name, "/STRw/pre-rt-is-rn") ||
			    strstr(name, "/STRw/post-rt-is-rn") ||
			    strstr(name, "/STPw/post-rt2-is-rn"));
		assert_int_equal(f->cls, ENG_CLASS_UNPREDICTABLE);
		assert_true(f->verdict.nbad > 0);
	}
	simrun_free(&r);
}

/* A core whose Q loads fill only the low 64 bits (LDR Q run as LDR D):
 * every case of the six Q load groups fails on its upper halves alone,
 * class execution, and nothing else does. */
static void test_forms_q_upper_half(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.load_q_low_only = true;
	failed = simrun_suite(&r, ENG_SUITE_FORMS);
	assert_int_equal(failed, 6 * 128); /* LDRq pre/post, LDPq x3, LDNPq */
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		char name[96];

		eng_group_name(ENG_SUITE_FORMS, f->c.group, name, sizeof(name));
		assert_true(strstr(name, "/LDRq/") || strstr(name, "/LDPq/") ||
			    strstr(name, "/LDNPq/"));
		assert_int_equal(f->cls, ENG_CLASS_EXECUTION);
		assert_int_equal(f->verdict.nbad, 0);
		assert_true(f->verdict.nbadregs > 0);
		for (unsigned k = 0; k < f->verdict.nbadregs && k < ENG_MAX_BADREGS; k++) {
			const eng_badreg *b = &f->verdict.badreg[k];

			assert_true(b->id >= 32);
			assert_int_equal(b->actual, b->expected);
			assert_int_equal(b->actual_hi, 0);
			assert_int_not_equal(b->expected_hi, 0);
		}
	}
	simrun_free(&r);
}

/* Every group of the forms suite has a detector on the firmware: a core
 * that runs its last access with one immediate bit flipped (inject=flip)
 * fails cases in each group, the open ones included (a permitted choice at
 * the wrong address is none), but the single LDR with Rt == Rn, whose
 * every outcome but a fault or a clobber is permitted. */
static void test_forms_flip(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;

	(void)state;
	cfg.inject_flip = true;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_FORMS);
	assert_int_equal(r.npoints, FORMS_GROUPS);
	for (unsigned k = 0; k < r.npoints; k++) {
		/* LDR with Rt == Rn: the loaded value is overwritten and the
		 * written-back value may be UNKNOWN, so no address is seen. */
		if (strstr(r.points[k].name, "forms/LDR") && strstr(r.points[k].name, "-is-rn"))
			continue;
		if (r.points[k].failed == 0)
			printf("no failure in %s\n", r.points[k].name);
		assert_true(r.points[k].failed > 0);
	}
	printf("inject=flip: %lu of %lu forms cases failed\n", (unsigned long)r.nfailed,
	       (unsigned long)r.ncases);
	simrun_free(&r);
}

/* The open groups fail when the core does something the architecture
 * does not permit: here a stray byte store next to every access. */
static void test_forms_open_not_permitted(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	unsigned open_failed = 0;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.stray = true;
	r.core.stray_at = 1000; /* away from every slot */
	r.core.stray_val = 0x11;
	simrun_suite(&r, ENG_SUITE_FORMS);
	for (unsigned k = 0; k < r.npoints; k++)
		if (strstr(r.points[k].name, "-is-rn")) {
			assert_int_equal(r.points[k].failed, 128);
			open_failed++;
		}
	assert_int_equal(open_failed, FORMS_OPEN_GROUPS);
	assert_non_null(strstr(r.out.text, "class: unpredictable"));
	simrun_free(&r);
}

/* SP as a base with SCTLR_EL1.SA on: the sp-pre cases whose SP ends
 * misaligned must fault with an SP alignment fault at the probe.  A core
 * without the check, or one that reports another exception, fails exactly
 * those cases, as execution findings, the missing or wrong fault named. */
static void test_forms_expected_fault(void **state)
{
	eng_config cfg = sim_config("fixed");

	(void)state;
	for (int mode = 1; mode <= 2; mode++) {
		simrun r;
		uint64_t failed;

		simrun_init(&r, &cfg);
		r.core.sp_check = mode;
		failed = simrun_suite(&r, ENG_SUITE_FORMS);
		/* W: imm7*4 misaligned for 96 of 128; X: imm7*8 for 64. */
		assert_int_equal(failed, 96 + 64);
		for (unsigned i = 0; i < r.nall; i++) {
			const eng_failure *f = &r.all[i];

			assert_int_equal(f->c.fault_ec, ENG_EC_SP_ALIGN);
			assert_int_equal(f->c.item[0].rn, ENG_REG_SP);
			assert_int_equal(f->cls, ENG_CLASS_EXECUTION);
			assert_int_equal(f->fault.taken, mode == 2);
		}
		assert_non_null(strstr(r.out.text,
				       "expected-fault: {class: \"sp alignment fault\", "
				       "word: 1}"));
		assert_non_null(strstr(r.out.text, mode == 1 ? "fault: none" : "data abort"));
		simrun_free(&r);
	}
}

static void test_backend_full_batches(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	r.t->arena.narrow_max = 7;
	assert_int_equal(simrun_suite(&r, ENG_SUITE_SWEEP), 130);
	assert_true(r.t->stats.batches > r.ncases / 7);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		a64_insn in;

		assert_true(pre1075_pattern(&f->c));
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_int_equal(f->nwords, 1);
		assert_true(a64_decode(f->words[0], &in));
		/* The pair of this case's registers and offsets, nobody else's. */
		assert_true((in.rt == f->c.item[0].rt && in.rt2 == f->c.item[1].rt) ||
			    (in.rt == f->c.item[1].rt && in.rt2 == f->c.item[0].rt));
		assert_int_equal(in.rn, f->c.item[0].rn);
		assert_true(in.imm == f->c.item[0].off || in.imm == f->c.item[0].off - 8);
		assert_true((f->regs.set >>
			     ((eng_kind_fp(f->c.item[0].kind) ? 32 : 0) + f->c.item[0].rt)) &
			    1);
	}
	simrun_free(&r);
}

/* narrow_max 0 (a backend with pages above 4 KiB, src/linux/exec.c): every
 * base in a wide slice, nothing changes in what is found. */
static void test_backend_wide_only(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	r.t->arena.narrow_max = 0;
	assert_int_equal(simrun_suite(&r, ENG_SUITE_SWEEP), 130);
	assert_int_equal(r.t->arena.narrow_used, 0);
	assert_true(r.t->stats.batches >= r.ncases / ENG_WIDE);
	for (unsigned i = 0; i < r.nall; i++)
		assert_true(pre1075_pattern(&r.all[i].c));
	simrun_free(&r);
}

static void test_pre1075_kong_bytes(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun r;
	const eng_failure *f = NULL;
	const eng_run *missed, *clob;
	eng_regs regs;
	uint8_t x0[8];

	(void)state;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_REGRESSION);
	for (unsigned i = 0; i < r.nall; i++)
		if (r.all[i].c.index == 0)
			f = &r.all[i];
	assert_non_null(f); /* regression/0: str x30,[x19,#488]; stur x0,[x19,#-16] */
	assert_int_equal(f->nwords, 1);
	assert_int_equal(f->words[0], 0xa91e827e); /* stp x30, x0, [x19, #488] */
	assert_int_equal(f->cls, ENG_CLASS_FUSION);
	assert_int_equal(f->verdict.nruns, 2);
	eng_values(&f->c, cfg.params.seed, &regs);
	for (unsigned k = 0; k < 8; k++)
		x0[k] = (uint8_t)(regs.x[0] >> (8 * k));
	missed = find_run(f, -16);
	clob = find_run(f, 496);
	assert_non_null(missed);
	assert_non_null(clob);
	assert_int_equal(missed->what, ENG_MISSED);
	assert_int_equal(missed->len, 8);
	assert_memory_equal(missed->expected, x0, 8);
	assert_int_equal(clob->what, ENG_CLOBBERED);
	assert_int_equal(clob->len, 8);
	assert_memory_equal(clob->actual, x0, 8);
	simrun_free(&r);
}

static void test_2016_undefined_caught(void **state)
{
	eng_config cfg = sim_config("luajit-2016");
	simrun r;
	unsigned undefined = 0;

	(void)state;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_REGRESSION);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];

		if (f->fault.taken && (f->fault.esr >> 26) == 0) {
			undefined++;
			assert_int_equal(f->cls, ENG_CLASS_FUSION);
			assert_int_equal(f->pred_stop, ENG_PRED_UNDEF);
		}
	}
	/* Both neg2016 pairs, in both orders. */
	assert_true(undefined >= 4);
	simrun_free(&r);
}

static void test_pre1056_misaligned_clobbers(void **state)
{
	eng_config cfg = sim_config("luajit-pre1056");
	simrun r;
	unsigned misaligned = 0;

	(void)state;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_REGRESSION);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		char name[96];

		eng_group_name(ENG_SUITE_REGRESSION, f->c.group, name, sizeof(name));
		if (!strstr(name, "misaligned"))
			continue;
		misaligned++;
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_true(f->verdict.nbad > 0);
		assert_true(find_run(f, 0) != NULL); /* stp ... [x1] writes from +0 */
	}
	assert_int_equal(misaligned, 8); /* 4 kinds, both orders */
	simrun_free(&r);
}

static void test_no_barrier_detected_by_labels(void **state)
{
	eng_config cfg = sim_config("no-barrier");
	simrun r;
	uint64_t plain, labels;

	(void)state;
	cfg.params.count = 256;
	simrun_init(&r, &cfg);
	eng_suite_begin(&r.s, ENG_SUITE_RANDOM);
	eng_run_group(&r.s, ENG_SUITE_RANDOM, 0);
	plain = r.nfailed;
	eng_run_group(&r.s, ENG_SUITE_RANDOM, 1);
	labels = r.nfailed - plain;
	assert_int_equal(plain, 0);
	assert_true(labels > 0);
	for (unsigned i = 0; i < r.nall; i++)
		assert_int_equal(r.all[i].cls, ENG_CLASS_FUSION);
	simrun_free(&r);
}

static void test_flip_hook_is_execution(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	cfg.inject_flip = true;
	simrun_init(&r, &cfg);
	failed = simrun_suite(&r, ENG_SUITE_REGRESSION);
	assert_int_equal(failed, 24); /* every regression case */
	for (unsigned i = 0; i < r.nall; i++) {
		assert_int_equal(r.all[i].cls, ENG_CLASS_EXECUTION);
		assert_true(r.all[i].injected);
		assert_true(r.all[i].inj_word != r.all[i].words[r.all[i].inj_at]);
	}
	simrun_free(&r);
}

static void test_faulty_core_is_execution(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t failed;

	(void)state;
	cfg.params.count = 64;
	simrun_init(&r, &cfg);
	r.core.corrupt_bit = 11; /* the second offset bit of STR imm12 */
	failed = simrun_suite(&r, ENG_SUITE_RANDOM);
	assert_true(failed > 0);
	for (unsigned i = 0; i < r.nall; i++)
		assert_int_equal(r.all[i].cls, ENG_CLASS_EXECUTION);
	simrun_free(&r);
}

static void test_same_seed_same_report(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun a, b, c;

	(void)state;
	cfg.params.seed = 0x1234;
	cfg.params.count = 128;
	simrun_init(&a, &cfg);
	simrun_init(&b, &cfg);
	run_suites(&a, SUITE(ENG_SUITE_REGRESSION) | SUITE(ENG_SUITE_RANDOM));
	run_suites(&b, SUITE(ENG_SUITE_REGRESSION) | SUITE(ENG_SUITE_RANDOM));
	assert_true(a.out.lines > 0);
	assert_string_equal(a.out.text, b.out.text);
	/* A different seed gives different values (so the check above can fail). */
	cfg.params.seed = 0x1235;
	simrun_init(&c, &cfg);
	run_suites(&c, SUITE(ENG_SUITE_REGRESSION) | SUITE(ENG_SUITE_RANDOM));
	assert_true(strcmp(a.out.text, c.out.text) != 0);
	simrun_free(&a);
	simrun_free(&b);
	simrun_free(&c);
}

static void same_runs(const eng_failure *x, const eng_failure *y)
{
	assert_int_equal(x->verdict.nruns, y->verdict.nruns);
	assert_int_equal(x->verdict.nbad, y->verdict.nbad);
	for (unsigned k = 0; k < x->verdict.kept; k++) {
		const eng_run *p = &x->verdict.run[k], *q = &y->verdict.run[k];

		assert_int_equal(p->from, q->from);
		assert_int_equal(p->len, q->len);
		assert_int_equal(p->what, q->what);
		/* The reference side (a clobbered byte's expected, a missed
		 * byte's actual) of a load case is the load fill, which depends
		 * on where the case was placed. */
		if (p->what != ENG_CLOBBERED || !x->c.mixed)
			assert_memory_equal(p->expected, q->expected, p->len);
		if (p->what != ENG_MISSED || !x->c.mixed)
			assert_memory_equal(p->actual, q->actual, p->len);
	}
}

static void test_replay_reproduces_bytes(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun r;

	(void)state;
	cfg.params.seed = 77;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_SWEEP);
	assert_int_equal(r.nall, 130);
	/* Replay a few of them, each alone, in a fresh session. */
	for (unsigned i = 0; i < r.nall; i += 37) {
		simrun one;

		simrun_init(&one, &cfg);
		assert_false(eng_run_case(&one.s, ENG_SUITE_SWEEP, r.all[i].c.index));
		assert_int_equal(one.nall, 1);
		assert_int_equal(one.all[0].c.index, r.all[i].c.index);
		same_runs(&r.all[i], &one.all[0]);
		simrun_free(&one);
	}
	simrun_free(&r);
}

/*
 * Two test points filled in turns (the bench's interleaving): the even
 * regression groups into one, the odd into the other, with another batch
 * size each time.  Each point gets exactly its own groups' cases, failures
 * and kept failures, as the same groups run one by one say.
 */
static void test_two_points_in_turns(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun one, two;
	uint64_t want_cases[2] = { 0, 0 }, want_failed[2] = { 0, 0 };
	eng_point_state parked[2];
	unsigned kept[2];
	eng_failure *fail2;
	unsigned ng = eng_suite_groups(ENG_SUITE_REGRESSION);

	(void)state;
	simrun_init(&one, &cfg);
	for (unsigned g = 0; g < ng; g++) {
		eng_run_group(&one.s, ENG_SUITE_REGRESSION, g);
		want_cases[g % 2] += one.points[g].cases;
		want_failed[g % 2] += one.points[g].failed;
	}
	assert_true(want_failed[0] > 0 && want_failed[1] > 0); /* both sides fail some */

	simrun_init(&two, &cfg);
	fail2 = calloc(cfg.cap, sizeof(eng_failure));
	assert_non_null(fail2);
	eng_point_begin(&two.s);
	parked[0] = two.s.g;
	parked[1] = (eng_point_state){ .fail = fail2 };
	for (unsigned g = 0; g < ng; g++) {
		eng_point_swap(&two.s, &parked[g % 2]);
		two.s.cfg.batch = g % 2 ? 1 : 7;
		eng_point_add(&two.s, ENG_SUITE_REGRESSION, g);
		eng_point_swap(&two.s, &parked[g % 2]);
	}
	for (unsigned h = 0; h < 2; h++) {
		assert_int_equal(parked[h].cases, want_cases[h]);
		assert_int_equal(parked[h].failed, want_failed[h]);
		assert_true(parked[h].kept > 0);
		for (unsigned k = 0; k < parked[h].kept; k++)
			assert_int_equal(parked[h].fail[k].c.group % 2, h);
		kept[h] = parked[h].kept;
	}
	eng_point_swap(&two.s, &parked[0]);
	assert_false(eng_point_end(&two.s, "even"));
	eng_point_swap(&two.s, &parked[0]);
	eng_point_swap(&two.s, &parked[1]);
	assert_false(eng_point_end(&two.s, "odd"));
	assert_int_equal(two.npoints, 2);
	for (unsigned h = 0; h < 2; h++) {
		assert_string_equal(two.points[h].name, h ? "odd" : "even");
		assert_int_equal(two.points[h].cases, want_cases[h]);
		assert_int_equal(two.points[h].failed, want_failed[h]);
		assert_int_equal(two.points[h].shown, kept[h]);
	}
	assert_int_equal(two.ncases, one.ncases);
	assert_int_equal(two.nfailed, one.nfailed);
	free(fail2);
	simrun_free(&one);
	simrun_free(&two);
}

/*
 * The records add up, and the report counts what they say: every failed
 * case is one failure record and counted in its point; every case is
 * counted once in progress; the report's totals (which its summary and
 * status line print) are the points'.
 */
static void test_records_and_report_agree(void **state)
{
	eng_config cfg = sim_config("luajit-pre1075");
	simrun r;
	uint64_t failed;
	unsigned groups_failed = 0;

	(void)state;
	cfg.params.count = 128;
	simrun_init(&r, &cfg);
	failed = run_suites(&r, ALL_SUITES);
	assert_true(failed >= 130);
	assert_int_equal(r.nall, r.nfailed);
	assert_int_equal(r.npoints, eng_suite_groups(ENG_SUITE_REGRESSION) +
					    eng_suite_groups(ENG_SUITE_SWEEP) +
					    eng_suite_groups(ENG_SUITE_RANDOM) +
					    eng_suite_groups(ENG_SUITE_FORMS));
	assert_int_equal(r.progressed, r.ncases);
	assert_int_equal(r.t->stats.cases, r.ncases);
	assert_int_equal(r.rep.points, r.npoints);
	assert_int_equal(r.rep.cases, r.ncases);
	assert_int_equal(r.rep.cases_failed, r.nfailed);
	for (unsigned k = 0; k < r.npoints; k++) {
		assert_true(r.points[k].shown <= r.points[k].failed);
		assert_true(r.points[k].failed <= r.points[k].cases);
		groups_failed += r.points[k].failed > 0;
	}
	assert_int_equal(r.rep.groups_failed, groups_failed);
	simrun_free(&r);
}

static void test_replay_random_with_faults(void **state)
{
	eng_config cfg = sim_config("luajit-2016");
	simrun r;
	unsigned replayed = 0;

	(void)state;
	cfg.params.count = 200;
	simrun_init(&r, &cfg);
	simrun_suite(&r, ENG_SUITE_RANDOM);
	assert_true(r.nall > 0);
	for (unsigned i = 0; i < r.nall && replayed < 5; i++, replayed++) {
		simrun one;

		simrun_init(&one, &cfg);
		eng_run_case(&one.s, ENG_SUITE_RANDOM, r.all[i].c.index);
		assert_int_equal(one.nall, 1);
		same_runs(&r.all[i], &one.all[0]);
		assert_int_equal(one.all[0].fault.taken, r.all[i].fault.taken);
		assert_int_equal(one.all[0].fault.esr, r.all[i].fault.esr);
		simrun_free(&one);
	}
	simrun_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_passes),
		cmocka_unit_test(test_none_passes),
		cmocka_unit_test(test_fixed_passes_sp_and_x0),
		cmocka_unit_test(test_pre1075_sweep_x19),
		cmocka_unit_test(test_pre1075_sweep_every_base),
		cmocka_unit_test(test_never_fuse_gap),
		cmocka_unit_test(test_never_fuse_other_base),
		cmocka_unit_test(test_never_fuse_other_file),
		cmocka_unit_test(test_never_fuse_load_store),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_forms_open_other_choices),
		cmocka_unit_test(test_forms_open_w_store_64),
		cmocka_unit_test(test_forms_q_upper_half),
		cmocka_unit_test(test_forms_flip),
		cmocka_unit_test(test_forms_open_not_permitted),
		cmocka_unit_test(test_forms_expected_fault),
		cmocka_unit_test(test_backend_full_batches),
		cmocka_unit_test(test_backend_wide_only),
		cmocka_unit_test(test_pre1075_kong_bytes),
		cmocka_unit_test(test_2016_undefined_caught),
		cmocka_unit_test(test_pre1056_misaligned_clobbers),
		cmocka_unit_test(test_no_barrier_detected_by_labels),
		cmocka_unit_test(test_flip_hook_is_execution),
		cmocka_unit_test(test_faulty_core_is_execution),
		cmocka_unit_test(test_same_seed_same_report),
		cmocka_unit_test(test_replay_reproduces_bytes),
		cmocka_unit_test(test_replay_random_with_faults),
		cmocka_unit_test(test_two_points_in_turns),
		cmocka_unit_test(test_records_and_report_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
