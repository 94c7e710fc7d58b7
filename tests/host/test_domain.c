/*
 * The whole fusion domain, every policy, from first principles.
 *
 * The domain (issue 3): CUR is each of the 8 fusable kinds with rt = 0,
 * rn = 19 at every offset the standalone rule accepts; PREV is every
 * standalone word of the same kind with rt = 1, rn = 19 at every accepted
 * offset (the domain walk's first register set).  Every pair goes through
 * the real mechanism (fuse_prepare once per CUR, fuse_try_prepared per
 * PREV), and through the plug-in interface (fuse_domain_walk_set).  What is expected is computed
 * here from MISSION.md's wording: the set of pairs the five rules fuse, and the list of the 260
 * pairs the pre-#1075 logic gets wrong.  Rightness is judged here from the decoded pair (and must
 * agree with fuse_judge).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "a64/a64.h"
#include "jit/domain.h"
#include "jit/emit.h"

#define RN 19u

static const a64_kind fusable[8] = { A64_STR_W, A64_LDR_W, A64_STR_X, A64_LDR_X,
				     A64_STR_S, A64_LDR_S, A64_STR_D, A64_LDR_D };

static int64_t size_of(a64_kind k)
{
	return (k == A64_STR_X || k == A64_LDR_X || k == A64_STR_D || k == A64_LDR_D) ? 8 : 4;
}

/* MISSION.md's standalone rule, as written there. */
static size_t domain_offsets(a64_kind k, int64_t *out)
{
	int64_t s = size_of(k);
	size_t n = 0;
	for (int64_t off = -256; off < 4096 * s; off++)
		if ((off >= 0 && off % s == 0) || (off >= -256 && off <= 255))
			out[n++] = off;
	return n;
}

typedef struct fusion {
	uint64_t key; /* kind, cur, prev: sortable */
	uint32_t pair;
	bool wrong;
} fusion;

static uint64_t key_of(a64_kind k, int64_t cur, int64_t prev)
{
	return (uint64_t)k << 48 | (uint64_t)(cur + 65536) << 24 | (uint64_t)(prev + 65536);
}

static a64_kind key_kind(uint64_t key)
{
	return (a64_kind)(key >> 48);
}
static int64_t key_cur(uint64_t key)
{
	return (int64_t)((key >> 24) & 0xffffff) - 65536;
}
static int64_t key_prev(uint64_t key)
{
	return (int64_t)(key & 0xffffff) - 65536;
}

typedef struct walk {
	fusion *f;
	size_t n, cap;
	uint64_t pairs;
	size_t wrong;
} walk;

static void push(walk *w, fusion f)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 4096;
		w->f = realloc(w->f, w->cap * sizeof *w->f);
		assert_non_null(w->f);
	}
	w->f[w->n++] = f;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Right, judged here: the pair decodes as an LDP/STP (signed offset) of
 * the same kind on x19, re-encodes to the same word, and its two accesses
 * are exactly {cur: rt 0 at cur, prev: rt 1 at prev}.
 */
static bool right_here(a64_kind k, int64_t cur, int64_t prev, uint32_t pair)
{
	a64_insn in;
	a64_access a[2];
	if (!a64_decode(pair, &in) || in.op != A64_OP_LDST_PAIR ||
	    in.pair_mode != A64_PAIR_OFFSET || in.kind != k || in.rn != RN)
		return false;
	a64_err err;
	if (a64_enc_pair_unpredictable(k, A64_PAIR_OFFSET, in.rt, in.rt2, in.rn, in.imm, &err) !=
	    pair)
		return false;
	if (a64_accesses(&in, a) != 2)
		return false;
	int64_t lo = cur < prev ? cur : prev, hi = cur < prev ? prev : cur;
	unsigned lo_rt = cur < prev ? 0 : 1, hi_rt = cur < prev ? 1 : 0;
	return a[0].off == lo && a[0].reg == lo_rt && a[1].off == hi && a[1].reg == hi_rt &&
	       a[0].size == (unsigned)size_of(k) && a[0].load == a64_kind_is_load(k);
}

static void walk_policy(const char *name, walk *w)
{
	static int64_t offs[FUSE_DOMAIN_MAX_OFFSETS];
	static uint32_t prevs[FUSE_DOMAIN_MAX_OFFSETS];
	const fuse_policy *p = fuse_policy_find(name);
	assert_non_null(p);
	*w = (walk){ 0 };
	size_t disagree = 0;
	for (unsigned ki = 0; ki < 8; ki++) {
		a64_kind k = fusable[ki];
		size_t n = domain_offsets(k, offs);
		a64_err err;
		for (size_t j = 0; j < n; j++) {
			prevs[j] = a64_enc_single(k, 1, RN, offs[j], &err);
			assert_int_equal(err, A64_OK);
		}
		for (size_t i = 0; i < n; i++) {
			fuse_request r;
			fuse_prepare(p, k, 0, RN, offs[i], &r);
			uint32_t cur = a64_enc_single(k, 0, RN, offs[i], &err);
			for (size_t j = 0; j < n; j++) {
				uint32_t pair;
				if (!fuse_try_prepared(&r, prevs[j], false, &pair))
					continue;
				bool wrong = !right_here(k, offs[i], offs[j], pair);
				if (wrong != (fuse_judge(cur, prevs[j], pair) != NULL) &&
				    disagree++ < 5)
					print_error("%s: judge disagrees on %08" PRIx32
						    " %08" PRIx32 " -> %08" PRIx32 "\n",
						    name, cur, prevs[j], pair);
				push(w, (fusion){ key_of(k, offs[i], offs[j]), pair, wrong });
				w->wrong += wrong;
			}
			w->pairs += n;
		}
	}
	assert_int_equal(disagree, 0);
	/* The CLI's walk (through the plug-in interface) must count the same
	 * on the x19 set, and on the sp set (rt 0 / 1 are no base there
	 * either, and LuaJIT treats SP like any base). */
	assert_string_equal(fuse_domain_sets[0].name, "x19");
	assert_string_equal(fuse_domain_sets[1].name, "sp");
	for (unsigned set = 0; set < 2; set++) {
		fuse_domain_stats st;
		fuse_domain_walk_set(p, &fuse_domain_sets[set], &st, NULL, NULL);
		assert_int_equal(st.pairs, w->pairs);
		assert_int_equal(st.fused, w->n);
		assert_int_equal(st.wrong, w->wrong);
	}
	print_message("%-15s %" PRIu64 " pairs, %zu fusions, %zu wrong\n", name, w->pairs, w->n,
		      w->wrong);
}

/* Every pair the five rules fuse: adjacent offsets both in the domain, the
 * lower one (the pair's base) a multiple of size in [-64*size, 63*size];
 * CUR may be either of the two. */
static size_t rules_set(uint64_t *keys)
{
	size_t n = 0;
	for (unsigned ki = 0; ki < 8; ki++) {
		a64_kind k = fusable[ki];
		int64_t s = size_of(k);
		for (int64_t p = -64 * s; p <= 63 * s; p += s) {
			if (p < -256) /* not a standalone offset */
				continue;
			keys[n++] = key_of(k, p, p + s);
			keys[n++] = key_of(k, p + s, p);
		}
	}
	qsort(keys, n, sizeof *keys, cmp_key);
	return n;
}

/* MISSION.md's list of the pre-#1075 wrong fusions. */
static size_t pre1075_wrong_set(uint64_t *keys)
{
	size_t n = 0;
	for (unsigned ki = 0; ki < 8; ki++) {
		a64_kind k = fusable[ki];
		if (size_of(k) == 8) {
			for (int64_t c = 248; c <= 496; c += 8)
				keys[n++] = key_of(k, c, c - 504);
			for (int64_t c = 264; c <= 512; c += 8)
				keys[n++] = key_of(k, c, c - 520);
		} else {
			keys[n++] = key_of(k, 252, -256);
		}
	}
	qsort(keys, n, sizeof *keys, cmp_key);
	return n;
}

static size_t keys_of(const walk *w, uint64_t *keys, int which /* -1 all, 0 right, 1 wrong */)
{
	size_t n = 0;
	for (size_t i = 0; i < w->n; i++)
		if (which < 0 || w->f[i].wrong == (which == 1))
			keys[n++] = w->f[i].key;
	qsort(keys, n, sizeof *keys, cmp_key);
	return n;
}

/* The first few keys found in only one of two sets. */
static void show_only(const char *what, const char *side, uint64_t key, size_t shown)
{
	if (shown < 5)
		print_error("%s: only in the %s: kind %s cur %" PRId64 " prev %" PRId64 "\n", what,
			    side, a64_kind_name(key_kind(key)), key_cur(key), key_prev(key));
}

static void assert_same_set(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
			    const char *what)
{
	size_t i = 0, j = 0, shown = 0;
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i] < b[j])) {
			show_only(what, "first", a[i++], shown++);
		} else if (i == na || b[j] < a[i]) {
			show_only(what, "second", b[j++], shown++);
		} else {
			i++, j++;
		}
	}
	if (shown)
		fail_msg("%s: sets differ (%zu vs %zu entries)", what, na, nb);
}

/* Word of the fusion with this key in w, or 0. */
static uint32_t word_of(const walk *w, uint64_t key)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) { /* w->f is in walk order, which is key order */
		size_t mid = (lo + hi) / 2;
		if (w->f[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && w->f[lo].key == key ? w->f[lo].pair : 0;
}

#define MAXF 20000
static uint64_t ka[MAXF], kb[MAXF];

static walk w_fixed, w_pre1075, w_pre1056;

static void test_fixed(void **state)
{
	(void)state;
	walk_policy("fixed", &w_fixed);
	size_t ne = rules_set(ka), ng = keys_of(&w_fixed, kb, -1);
	assert_same_set(kb, ng, ka, ne, "fixed vs the five rules");
	assert_int_equal(w_fixed.wrong, 0);
	assert_int_equal(w_fixed.n, 1792); /* MISSION.md's count */
	for (size_t i = 1; i < w_fixed.n; i++)
		assert_true(w_fixed.f[i - 1].key < w_fixed.f[i].key);
}

static void test_none(void **state)
{
	(void)state;
	walk w;
	walk_policy("none", &w);
	assert_int_equal(w.n, 0);
	assert_true(w.pairs > 160000000u);
	free(w.f);
}

static void test_no_barrier(void **state)
{
	(void)state;
	walk w;
	walk_policy("no-barrier", &w);
	assert_int_equal(w.n, w_fixed.n);
	for (size_t i = 0; i < w.n; i++) {
		assert_int_equal(w.f[i].key, w_fixed.f[i].key);
		assert_int_equal(w.f[i].pair, w_fixed.f[i].pair);
	}
	free(w.f);
}

static void test_pre1075(void **state)
{
	(void)state;
	walk_policy("luajit-pre1075", &w_pre1075);
	assert_int_equal(w_pre1075.n, 2052);
	assert_int_equal(w_pre1075.wrong, 260);
	size_t ne = pre1075_wrong_set(ka), ng = keys_of(&w_pre1075, kb, 1);
	assert_int_equal(ne, 260);
	assert_same_set(kb, ng, ka, ne, "pre-1075 wrong vs MISSION's list");
	/* Its right fusions are exactly fixed's, word for word. */
	ng = keys_of(&w_pre1075, kb, 0);
	ne = keys_of(&w_fixed, ka, -1);
	assert_same_set(kb, ng, ka, ne, "pre-1075 right vs fixed");
	for (size_t i = 0; i < w_fixed.n; i++)
		assert_int_equal(word_of(&w_pre1075, w_fixed.f[i].key), w_fixed.f[i].pair);
	/* The Kong pair. */
	a64_err err;
	assert_int_equal(word_of(&w_pre1075, key_of(A64_STR_X, 488, -16)),
			 a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 1, RN, 488, &err));
}

/* #1056 added the alignment check and nothing else: pre-1056 fuses what
 * pre-1075 fuses (same words) plus pairs whose base offset is misaligned,
 * every one of them wrong.  The base offset is CUR's offset or CUR's minus
 * the size (PREV's own offset need not be adjacent under the old matching),
 * so it is misaligned exactly when CUR's offset is. */
static void test_pre1056(void **state)
{
	(void)state;
	walk_policy("luajit-pre1056", &w_pre1056);
	size_t extra = 0;
	for (size_t i = 0; i < w_pre1056.n; i++) {
		const fusion *f = &w_pre1056.f[i];
		int64_t c = key_cur(f->key), s = size_of(key_kind(f->key));
		uint32_t w1075 = word_of(&w_pre1075, f->key);
		if (c % s == 0) {
			assert_int_equal(f->pair, w1075);
		} else {
			assert_int_equal(w1075, 0);
			assert_true(f->wrong);
			extra++;
		}
	}
	assert_int_equal(w_pre1056.n, w_pre1075.n + extra);
	assert_true(extra > 0);
	/* MISSION's example: stur w0,[x1,#1] with stur w2,[x1,#5] after it. */
	a64_err err;
	uint32_t pair;
	assert_true(fuse_try(fuse_policy_find("luajit-pre1056"), A64_STR_W, 0, 1, 1,
			     a64_enc_single(A64_STR_W, 2, 1, 5, &err), false, &pair));
	assert_int_equal(pair, 0x29000820u);
}

/* #1028 masked the pair offset: the 2016 logic fuses the same pairs as
 * pre-1056, with the same words for base offsets >= 0 and bits 31:22 set
 * (an undefined instruction) for negative ones. */
static void test_2016(void **state)
{
	(void)state;
	walk w;
	walk_policy("luajit-2016", &w);
	assert_int_equal(w.n, w_pre1056.n);
	size_t negative = 0;
	for (size_t i = 0; i < w.n; i++) {
		assert_int_equal(w.f[i].key, w_pre1056.f[i].key);
		a64_insn in;
		assert_true(a64_decode(w_pre1056.f[i].pair, &in));
		if (in.imm >= 0) {
			assert_int_equal(w.f[i].pair, w_pre1056.f[i].pair);
		} else {
			assert_int_equal(w.f[i].pair, w_pre1056.f[i].pair | 0xffc00000u);
			assert_false(a64_decode(w.f[i].pair, &in));
			assert_true(w.f[i].wrong);
			negative++;
		}
	}
	assert_true(negative > 0);
	free(w.f);
}

/* Fixed never makes an LDP with Rt == Rt2: the load half of the domain
 * again, with rt = 1 for CUR and PREV alike; the historical logic does. */
static void test_same_register(void **state)
{
	(void)state;
	static int64_t offs[FUSE_DOMAIN_MAX_OFFSETS];
	static uint32_t prevs[FUSE_DOMAIN_MAX_OFFSETS];
	static const char *const names[] = { "fixed", "no-barrier", "luajit-pre1075" };
	for (unsigned pi = 0; pi < 3; pi++) {
		const fuse_policy *p = fuse_policy_find(names[pi]);
		size_t fused = 0;
		for (unsigned ki = 0; ki < 8; ki++) {
			a64_kind k = fusable[ki];
			if (!a64_kind_is_load(k))
				continue;
			size_t n = domain_offsets(k, offs);
			a64_err err;
			for (size_t j = 0; j < n; j++)
				prevs[j] = a64_enc_single(k, 1, RN, offs[j], &err);
			for (size_t i = 0; i < n; i++) {
				fuse_request r;
				fuse_prepare(p, k, 1, RN, offs[i], &r);
				uint32_t cur = a64_enc_single(k, 1, RN, offs[i], &err);
				for (size_t j = 0; j < n; j++) {
					uint32_t prev = prevs[j], pair;
					if (!fuse_try_prepared(&r, prev, false, &pair))
						continue;
					a64_insn in;
					assert_true(a64_decode(pair, &in));
					assert_int_equal(in.rt, in.rt2);
					assert_non_null(fuse_judge(cur, prev, pair));
					fused++;
				}
			}
		}
		print_message("%-15s LDP Rt == Rt2 fusions: %zu\n", names[pi], fused);
		if (pi < 2)
			assert_int_equal(fused, 0);
		else
			assert_true(fused > 0);
	}
}

static int teardown(void **state)
{
	(void)state;
	free(w_fixed.f);
	free(w_pre1075.f);
	free(w_pre1056.f);
	return 0;
}

int main(void)
{
	/* Order matters: later tests compare with fixed, pre-1075, pre-1056. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),	      cmocka_unit_test(test_none),
		cmocka_unit_test(test_no_barrier),    cmocka_unit_test(test_pre1075),
		cmocka_unit_test(test_pre1056),	      cmocka_unit_test(test_2016),
		cmocka_unit_test(test_same_register),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
