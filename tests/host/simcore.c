/* The simulated core of the host tests (see simcore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64/a64.h"
#include "jit/emit.h"
#include "simcore.h"

static uint8_t *sim_map_range(void *ctx, uint64_t va, size_t len, char *err, size_t n)
{
	simcore *sc = ctx;
	sim_map *m;

	if (sc->nmaps == ENG_SLICES + 1 || (sc->nmaps && va < sc->map[sc->nmaps - 1].lo)) {
		snprintf(err, n, "simcore: map 0x%lx: out of order or too many", (unsigned long)va);
		return NULL;
	}
	m = &sc->map[sc->nmaps++];
	m->lo = va;
	m->len = len;
	m->bytes = malloc(len);
	return m->bytes;
}

uint8_t *simcore_mem(simcore *sc, uint64_t va)
{
	unsigned lo = 0, hi = sc->nmaps;

	while (lo < hi) { /* the maps are made in address order */
		unsigned mid = (lo + hi) / 2;
		const sim_map *m = &sc->map[mid];

		if (va < m->lo)
			hi = mid;
		else if (va - m->lo >= m->len)
			lo = mid + 1;
		else
			return m->bytes + (va - m->lo);
	}
	return NULL;
}

static void sim_sync(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes)
{
	simcore *sc = ctx;

	(void)rw;
	(void)rx;
	(void)bytes;
	sc->syncs++;
}

static bool sim_fault(eng_fault *f, unsigned ec, uint64_t far, uint64_t pc)
{
	f->taken = true;
	f->esr = (uint64_t)ec << 26;
	f->far = far;
	f->elr = pc;
	return false;
}

/* Register r as a source: 31 is SP for bases and ADD, ZR elsewhere. */
static uint64_t src(const simcore *sc, unsigned r, bool sp)
{
	return r == 31 && !sp ? 0 : sc->x[r];
}

static void dst(simcore *sc, unsigned r, uint64_t v, bool is64, bool sp)
{
	if (r == 31 && !sp)
		return;
	sc->x[r] = is64 ? v : v & 0xffffffffull;
}

/* One store access: every byte mapped first (the architecture checks the
 * whole access), then the bytes. */
static bool store(simcore *sc, uint64_t addr, uint64_t val, uint64_t hi, unsigned size, uint64_t pc,
		  eng_fault *f)
{
	for (unsigned k = 0; k < size; k++)
		if (!simcore_mem(sc, addr + k))
			return sim_fault(f, 0x25, addr + k, pc);
	for (unsigned k = 0; k < size; k++)
		*simcore_mem(sc, addr + k) =
			k < 8 ? (uint8_t)(val >> (8 * k)) : (uint8_t)(hi >> (8 * (k - 8)));
	return true;
}

/* One load access: every byte mapped first, then the value (little-endian). */
static bool load(simcore *sc, uint64_t addr, unsigned size, uint64_t pc, eng_fault *f,
		 uint64_t *val, uint64_t *hi)
{
	*val = 0;
	*hi = 0;
	for (unsigned k = 0; k < size; k++)
		if (!simcore_mem(sc, addr + k))
			return sim_fault(f, 0x25, addr + k, pc);
	for (unsigned k = 0; k < size && k < 8; k++)
		*val |= (uint64_t)*simcore_mem(sc, addr + k) << (8 * k);
	for (unsigned k = 8; k < size && !sc->load_q_low_only; k++)
		*hi |= (uint64_t)*simcore_mem(sc, addr + k) << (8 * (k - 8));
	return true;
}

/* Write a loaded value: W zero-extends into X, B/H/S/D clear the rest of
 * the vector register, Q fills its upper half too. */
static void load_into(simcore *sc, const a64_access *a, uint64_t val, uint64_t hi)
{
	if (a->fp) {
		sc->v[a->reg & 31] = val;
		sc->v_hi[a->reg & 31] = hi;
	} else if (a->reg != 31 && a->size == 4 && sc->load_w_keeps_upper)
		sc->x[a->reg] = (sc->x[a->reg] & ~0xffffffffull) | val;
	else if (a->reg != 31)
		sc->x[a->reg] = val;
}

static bool sim_call(void *ctx, uint64_t rx, eng_fault *f)
{
	simcore *sc = ctx;
	uint64_t pc = rx;

	sc->calls++;
	/* Nothing survives between calls: the code sets every register it reads. */
	for (unsigned r = 0; r < 32; r++) {
		sc->x[r] = 0x5a5a5a5a5a5a5a5aull ^ r;
		sc->v[r] = 0xa5a5a5a5a5a5a5a5ull ^ r;
		sc->v_hi[r] = 0x5aa55aa55aa55aa5ull ^ r;
	}
	for (;;) {
		uint64_t w = (pc - SIM_CODE_RX) / 4;
		uint32_t word;
		a64_insn in;
		a64_access acc[2];
		unsigned n;
		uint64_t base;
		bool overlap;

		if (pc < SIM_CODE_RX || w >= SIM_CODE_WORDS || pc % 4)
			return sim_fault(f, 0x21, pc, pc); /* instruction abort */
		sc->steps++;
		word = sc->code[w];
		if (!a64_decode(word, &in))
			return sim_fault(f, 0x00, 0, pc);
		if (sc->corrupt_bit >= 0 && in.op == A64_OP_LDST_UIMM) {
			if (!a64_decode(word ^ (1u << sc->corrupt_bit), &in))
				return sim_fault(f, 0x00, 0, pc);
		}
		switch (in.op) {
		case A64_OP_MOVZ:
			dst(sc, in.rt, (uint64_t)in.imm << in.shift, in.is64, false);
			break;
		case A64_OP_MOVK: {
			uint64_t k = 0xffffull << in.shift;

			dst(sc, in.rt, (src(sc, in.rt, false) & ~k) | (uint64_t)in.imm << in.shift,
			    in.is64, false);
			break;
		}
		case A64_OP_ADD_IMM:
			dst(sc, in.rt, src(sc, in.rn, true) + ((uint64_t)in.imm << in.shift),
			    in.is64, true);
			break;
		case A64_OP_EOR_IMM:
			dst(sc, in.rt, src(sc, in.rn, false) ^ (uint64_t)in.imm, in.is64, true);
			break;
		case A64_OP_MOV_REG:
			dst(sc, in.rt, src(sc, in.rn, false), in.is64, false);
			break;
		case A64_OP_FMOV_TO_FP:
			/* The rest of the vector register is zero (Arm ARM C7.2 FMOV
			 * (general)). */
			sc->v[in.rt] = src(sc, in.rn, false) & (in.is64 ? ~0ull : 0xffffffffull);
			sc->v_hi[in.rt] = 0;
			break;
		case A64_OP_FMOV_FROM_FP:
			dst(sc, in.rt, sc->v[in.rn], in.is64, false);
			break;
		case A64_OP_B:
			pc += (uint64_t)in.imm;
			continue;
		case A64_OP_RET:
			if (src(sc, in.rn, false) == SIM_EXIT_TO)
				return true;
			pc = src(sc, in.rn, false);
			continue;
		case A64_OP_BRK:
			return sim_fault(f, 0x3c, 0, pc);
		case A64_OP_LDST_UIMM:
		case A64_OP_LDST_SIMM9:
		case A64_OP_LDST_WB:
		case A64_OP_LDST_PAIR:
			n = a64_accesses(&in, acc);
			base = sc->x[in.rn];
			if (in.rn == 31 && sc->x[31] % 16 && sc->sp_check != 1)
				return sim_fault(f, sc->sp_check == 2 ? 0x25 : 0x26, 0,
						 pc); /* SP alignment (SCTLR.SA) */
			for (unsigned a = 0; a < n && sc->align_check; a++) {
				uint64_t addr = sc->x[in.rn] + (uint64_t)acc[a].off;

				if (addr % acc[a].size) {
					sim_fault(f, 0x25, addr + (sc->align_check == 2), pc);
					f->esr |= sc->align_check == 3 ? 0x0fu : ENG_DFSC_ALIGN;
					return false;
				}
			}
			/* Rn a transfer register (C6.2 STR/LDR (immediate), STP/LDP). */
			overlap =
				in.rn != 31 && a64_mode_writeback(in.pair_mode) &&
				!a64_kind_is_fp(in.kind) &&
				(in.rt == in.rn || (in.op == A64_OP_LDST_PAIR && in.rt2 == in.rn));
			if (n > 0 && acc[0].load) {
				uint64_t got[2], got_hi[2];

				/* Both addresses from the base before the instruction. */
				for (unsigned a = 0; a < n; a++)
					if (!load(sc, base + (uint64_t)acc[a].off, acc[a].size, pc,
						  f, &got[a], &got_hi[a]))
						return false;
				/* LDP with Rt == Rt2 (CONSTRAINED UNPREDICTABLE): this
				 * core keeps the lower address's value, as QEMU 7.2
				 * does (shared/FACTS.md). */
				for (unsigned a = n; a-- > 0;)
					load_into(sc, &acc[a], got[a], got_hi[a]);
			}
			for (unsigned a = 0; a < n && !acc[a].load; a++) {
				uint64_t addr = base + (uint64_t)acc[a].off;
				uint64_t val =
					acc[a].fp ? sc->v[acc[a].reg] : src(sc, acc[a].reg, false);
				uint64_t hi = acc[a].fp ? sc->v_hi[acc[a].reg] : 0;
				unsigned size = acc[a].size;

				if (overlap && !acc[a].fp && acc[a].reg == in.rn) {
					if (sc->wb_overlap == SIM_WB_OTHER)
						val = base + (uint64_t)a64_writeback(&in);
					if (sc->wb_overlap == SIM_WB_W_AS_X)
						size = 8;
				}
				if (!store(sc, addr, val, hi, size, pc, f))
					return false;
			}
			if (sc->stray && !store(sc, sc->x[in.rn] + (uint64_t)sc->stray_at,
						sc->stray_val, 0, 1, pc, f))
				return false;
			/* Writeback after the data (C6.2 LDR/STR (immediate), LDP):
			 * with Rn == Rt this core writes the address back over
			 * the loaded value, and stores the old base. */
			if (in.pair_mode != A64_PAIR_OFFSET && in.pair_mode != A64_PAIR_NT &&
			    !sc->no_writeback &&
			    !(overlap && n > 0 && acc[0].load && sc->wb_overlap == SIM_WB_OTHER))
				sc->x[in.rn] = base + (uint64_t)a64_writeback(&in);
			break;
		default:
			return sim_fault(f, 0x00, 0, pc);
		}
		pc += 4;
	}
}

void simcore_init(simcore *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->code = calloc(SIM_CODE_WORDS, sizeof(uint32_t));
	sc->marks = calloc(SIM_CODE_WORDS / 64, sizeof(uint64_t));
	sc->corrupt_bit = -1;
	sc->be = (eng_backend){
		.ctx = sc,
		.arena_va = SIM_ARENA_VA,
		.map = sim_map_range,
		.code_rw = sc->code,
		.code_rx = SIM_CODE_RX,
		.code_words = SIM_CODE_WORDS,
		.code_marks = sc->marks,
		.exit_to = SIM_EXIT_TO,
		.sync = sim_sync,
		.call = sim_call,
	};
}

void simcore_free(simcore *sc)
{
	for (unsigned k = 0; k < sc->nmaps; k++)
		free(sc->map[k].bytes);
	free(sc->code);
	free(sc->marks);
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

eng_case sim_case(unsigned n, const eng_item *items, uint64_t index)
{
	eng_case c;

	memset(&c, 0, sizeof(c));
	c.suite = ENG_SUITE_RANDOM;
	c.index = index;
	c.n = n;
	memcpy(c.item, items, n * sizeof(eng_item));
	return c;
}

eng_config sim_config(const char *policy)
{
	eng_config c;

	memset(&c, 0, sizeof(c));
	eng_params_default(&c.params);
	c.policy = fuse_policy_find(policy);
	c.batch = ENG_BATCH_CASES; /* the firmware's default batch */
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
		k->fixed = p->fixed;
		k->open = p->open;
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
	char err[128];

	memset(r, 0, sizeof(*r));
	simcore_init(&r->core);
	r->t = calloc(1, sizeof(*r->t));
	if (!eng_target_init(r->t, &r->core.be, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	r->cases = calloc(ENG_BATCH_CASES, sizeof(eng_bcase));
	r->pool = calloc(ENG_POOL_BYTES, sizeof(eng_byte));
	r->fail = calloc(cfg->cap ? cfg->cap : 1, sizeof(eng_failure));
	r->all = calloc(SIM_MAX_FAILURES, sizeof(eng_failure));
	r->points = calloc(SIM_MAX_POINTS, sizeof(sim_point));
	r->out.echo = getenv("SIM_ECHO") != NULL;
	report_init(&r->rep, textbuf_write, &r->out);
	r->render = report_engine_sink(&r->rendering, &r->rep, cfg->verbose);
	eng_session_init(&r->s, cfg, r->t, sink, r->cases, r->pool, r->fail);
}

void simrun_free(simrun *r)
{
	free(r->cases);
	free(r->pool);
	free(r->fail);
	free(r->all);
	free(r->points);
	free(r->t);
	simcore_free(&r->core);
	textbuf_free(&r->out);
}

uint64_t simrun_suite(simrun *r, eng_suite_id suite)
{
	uint64_t before = r->nfailed;

	eng_suite_begin(&r->s, suite);
	for (unsigned g = 0; g < eng_suite_groups(suite); g++) {
		if (suite == ENG_SUITE_MEMTYPES) {
			eng_memenv e = eng_memtypes_env(g);
			int mode = r->memtypes_align ? r->memtypes_align : 1;

			r->core.align_check =
				(e.align_check || e.mem >= ENG_MEM_DEVICE_nGnRE) && mode > 0 ? mode
											     : 0;
		}
		eng_run_group(&r->s, suite, g);
	}
	r->core.align_check = 0;
	return r->nfailed - before;
}
