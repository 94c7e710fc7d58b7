/* The simulated core of the host tests (see simcore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jit/emit.h"
#include "simcore.h"

#define SLICE	  (128u * 1024u)
#define PAGE	  4096u
#define WIDE_LO	  (60u * 1024u) /* wide slices map [S+60K, S+96K) */
#define WIDE_SIZE (36u * 1024u)
#define ARENA	  0x0000004000000000ull

typedef struct sim_map {
	uint64_t lo; /* first mapped address */
	uint32_t size;
	uint8_t *bytes;
} sim_map;

static sim_map maps[SIM_MAX_BATCH][ENG_MAX_BASES];
static uint8_t storage[SIM_MAX_BATCH][ENG_MAX_BASES][WIDE_SIZE];

static uint64_t slice_of(unsigned i, unsigned b)
{
	return ARENA + (uint64_t)(i * ENG_MAX_BASES + b) * SLICE;
}

static bool sim_place(void *ctx, unsigned i, eng_bcase *bc)
{
	simcore *sc = ctx;

	if (i == 0)
		sc->bases_used = 0;
	if (sc->max_bases && sc->bases_used + bc->nb > sc->max_bases)
		return false;
	sc->bases_used += bc->nb;
	for (unsigned b = 0; b < bc->nb; b++) {
		uint64_t s = slice_of(i, b);
		int64_t rel;
		sim_map *m = &maps[i][b];

		m->bytes = storage[i][b];
		if (eng_place_centred(bc->span_lo[b], bc->span_hi[b], PAGE, &rel)) {
			m->lo = s + 64 * 1024;
			m->size = PAGE;
			bc->base_addr[b] = m->lo + (uint64_t)rel;
		} else {
			m->lo = s + WIDE_LO;
			m->size = WIDE_SIZE;
			bc->base_addr[b] = s + 64 * 1024;
		}
	}
	return true;
}

static uint8_t *sim_addr(unsigned i, unsigned nb, uint64_t addr)
{
	for (unsigned b = 0; b < nb; b++) {
		sim_map *m = &maps[i][b];

		if (addr >= m->lo && addr < m->lo + m->size)
			return &m->bytes[addr - m->lo];
	}
	return NULL;
}

static void fault(eng_bcase *bc, unsigned ec, uint64_t far, unsigned word)
{
	bc->fault.taken = true;
	bc->fault.esr = (uint64_t)ec << 26;
	bc->fault.far = far;
	bc->fault.elr = 0x80000000ull + 4 * word;
	bc->fault_in_case = true;
	bc->fault_word = word;
}

/* Run the words the way the decoder reads them, with the case's registers. */
static void sim_exec(simcore *sc, unsigned i, eng_bcase *bc)
{
	uint32_t words[ENG_MAX_WORDS];
	int64_t moved[32] = { 0 };
	unsigned pc = 0, steps = 0;

	memcpy(words, bc->run_words, bc->nwords * sizeof(uint32_t));
	if (sc->corrupt_bit >= 0) {
		for (unsigned w = bc->nwords; w-- > 0;) {
			if (eng_inject_bit(words[w]) >= 0) {
				words[w] ^= 1u << sc->corrupt_bit;
				break;
			}
		}
	}
	while (pc < bc->nwords && steps++ < 10000) {
		a64_insn in;
		a64_access acc[2];
		unsigned n;

		if (!a64_decode(words[pc], &in)) {
			fault(bc, 0x00, 0, pc);
			return;
		}
		if (in.op == A64_OP_BRK) {
			fault(bc, 0x3c, 0, pc);
			return;
		}
		if (in.op == A64_OP_B) {
			int64_t to = (int64_t)pc + in.imm / 4;

			if (to < 0 || to > (int64_t)bc->nwords) {
				fault(bc, 0x21, 0, pc);
				return;
			}
			pc = (unsigned)to;
			continue;
		}
		n = a64_accesses(&in, acc);
		if (n == 0) {
			fault(bc, 0x00, 0, pc);
			return;
		}
		for (unsigned a = 0; a < n; a++) {
			/* A base register as the set-up left it (SP for 31). */
			uint64_t rn = (bc->regs.set >> in.rn & 1) ? bc->regs.x[in.rn] : 0;
			uint64_t addr = rn + (uint64_t)moved[in.rn] + (uint64_t)acc[a].off;
			uint64_t val = eng_reg_value(&bc->regs, acc[a].fp, acc[a].reg);

			if (acc[a].load) {
				fault(bc, 0x00, 0, pc);
				return;
			}
			/* The architecture checks the whole access first. */
			for (unsigned k = 0; k < acc[a].size; k++) {
				if (!sim_addr(i, bc->nb, addr + k)) {
					fault(bc, 0x25, addr + k, pc);
					return;
				}
			}
			for (unsigned k = 0; k < acc[a].size; k++)
				*sim_addr(i, bc->nb, addr + k) =
					k < 8 ? (uint8_t)(val >> (8 * k)) : 0;
		}
		if (in.op == A64_OP_LDST_PAIR && in.pair_mode != A64_PAIR_OFFSET)
			moved[in.rn] += in.imm;
		pc++;
	}
}

static uint8_t guard_page[PAGE];

/*
 * The firmware's fast check in plain C: every slot holds its value (then
 * gets its guard back), and every mapped byte equals the guard.  False sends
 * the case to the full judge, with the slots as they were.
 */
static bool fast_check(const eng_session *s, unsigned i, const eng_bcase *bc)
{
	const eng_byte *slots = eng_bcase_slots(&s->batch, bc);
	bool ok = true;

	for (unsigned k = 0; k < bc->nslots; k++) {
		uint8_t *p = sim_addr(
			i, bc->nb, bc->base_addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off);

		if (!p || *p != slots[k].val)
			return false;
	}
	for (unsigned k = 0; k < bc->nslots; k++) {
		uint64_t a = bc->base_addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off;

		*sim_addr(i, bc->nb, a) = eng_guard_byte(a);
	}
	for (unsigned k = 0; k < bc->nb && ok; k++)
		for (uint32_t o = 0; o < maps[i][k].size && ok; o += PAGE)
			ok = memcmp(maps[i][k].bytes + o, guard_page, PAGE) == 0;
	if (!ok) {
		for (unsigned k = 0; k < bc->nslots; k++) {
			uint64_t a = bc->base_addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off;

			*sim_addr(i, bc->nb, a) = slots[k].val;
		}
	}
	return ok;
}

static void sim_run(void *ctx, eng_session *s, eng_batch *b)
{
	simcore *sc = ctx;

	sc->batches++;
	if (guard_page[0] == 0)
		eng_guard_fill(guard_page, 0, PAGE);
	for (unsigned i = 0; i < b->n; i++) {
		eng_bcase *bc = &b->cs[i];
		eng_view views[ENG_MAX_BASES];

		for (unsigned k = 0; k < bc->nb; k++)
			for (uint32_t o = 0; o < maps[i][k].size; o += PAGE)
				memcpy(maps[i][k].bytes + o, guard_page, PAGE);
		sim_exec(sc, i, bc);
		sc->cases++;
		if (!bc->fault.taken && fast_check(s, i, bc)) {
			eng_pass(s, i);
			continue;
		}
		for (unsigned k = 0; k < bc->nb; k++) {
			views[k].base_addr = bc->base_addr[k];
			views[k].lo = (int32_t)(int64_t)(maps[i][k].lo - bc->base_addr[k]);
			views[k].hi = views[k].lo + (int32_t)maps[i][k].size;
			views[k].bytes = maps[i][k].bytes;
		}
		eng_judge(s, i, bc->nb, views);
	}
}

void simcore_init(simcore *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->be.ctx = sc;
	sc->be.max_batch = SIM_MAX_BATCH;
	sc->be.place = sim_place;
	sc->be.run = sim_run;
	sc->corrupt_bit = -1;
}

void textbuf_write(void *ctx, const char *s, size_t n)
{
	textbuf *t = ctx;

	if (t->echo)
		fwrite(s, 1, n, stdout);
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->text = realloc(t->text, t->cap);
	}
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
	for (size_t i = 0; i < n; i++)
		t->lines += s[i] == '\n';
}

void textbuf_free(textbuf *t)
{
	free(t->text);
	memset(t, 0, sizeof(*t));
}

eng_config sim_config(const char *policy)
{
	eng_config c;

	memset(&c, 0, sizeof(c));
	eng_params_default(&c.params);
	c.policy = fuse_policy_find(policy);
	c.batch = SIM_MAX_BATCH;
	c.cap = 4;
	return c;
}

static void keep_point(void *ctx, const eng_point_rec *p)
{
	simrun *r = ctx;

	if (r->npoints < SIM_MAX_POINTS) {
		sim_point *k = &r->points[r->npoints];

		snprintf(k->name, sizeof(k->name), "%s", p->name);
		k->cases = p->cases;
		k->failed = p->failed;
		k->shown = p->shown;
	}
	r->npoints++;
	r->ncases += p->cases;
	r->nfailed += p->failed;
	r->render.point(r->render.ctx, p);
}

static void keep_failure(void *ctx, const eng_failure *f)
{
	simrun *r = ctx;

	if (r->nall < SIM_MAX_FAILURES)
		r->all[r->nall++] = *f;
	r->render.failure(r->render.ctx, f);
}

static void keep_progress(void *ctx, const eng_progress_rec *p)
{
	simrun *r = ctx;

	r->progressed += p->added;
	r->render.progress(r->render.ctx, p);
}

static void keep_stray(void *ctx, const eng_fault *f)
{
	simrun *r = ctx;

	r->nstray++;
	r->render.stray_fault(r->render.ctx, f);
}

void simrun_init(simrun *r, const eng_config *cfg)
{
	eng_sink sink = {
		.point = keep_point,
		.failure = keep_failure,
		.progress = keep_progress,
		.stray_fault = keep_stray,
		.ctx = r,
	};

	memset(r, 0, sizeof(*r));
	simcore_init(&r->core);
	r->cases = calloc(SIM_MAX_BATCH, sizeof(eng_bcase));
	r->pool = calloc(ENG_POOL_BYTES, sizeof(eng_byte));
	r->fail = calloc(cfg->cap ? cfg->cap : 1, sizeof(eng_failure));
	r->all = calloc(SIM_MAX_FAILURES, sizeof(eng_failure));
	r->points = calloc(SIM_MAX_POINTS, sizeof(sim_point));
	r->out.echo = getenv("SIM_ECHO") != NULL;
	report_init(&r->rep, textbuf_write, &r->out);
	r->render = report_engine_sink(&r->rendering, &r->rep, cfg->verbose);
	eng_session_init(&r->s, cfg, &r->core.be, sink, r->cases, r->pool, r->fail);
}

void simrun_free(simrun *r)
{
	free(r->cases);
	free(r->pool);
	free(r->fail);
	free(r->all);
	free(r->points);
	textbuf_free(&r->out);
}

uint64_t simrun_suite(simrun *r, eng_suite_id suite)
{
	uint64_t before = r->nfailed;

	eng_suite_begin(&r->s, suite);
	for (unsigned g = 0; g < eng_suite_groups(suite); g++)
		eng_run_group(&r->s, suite, g);
	return r->nfailed - before;
}
