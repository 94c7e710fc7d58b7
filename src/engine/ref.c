/*
 * The reference model: which bytes a case's requests write, byte by byte.
 * Deliberately plain and independent of the encoder, the emitter and the
 * decoder: sizes come from engine helpers, values from the register model,
 * little-endian order, a later store to a byte replacing an earlier one
 * (eng_ref_plain).  eng_ref gives the same result faster when no two stores
 * share a byte, or when a few do (tests/host/test_engine_ref.c compares
 * them on every suite).
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

/* Writes are appended in program order, then sorted with the order (seq)
 * as the last key, so the last write of each byte wins when duplicates are
 * dropped. */

static void put(eng_mem *m, unsigned base, int64_t off, uint8_t val)
{
	if (m->n >= ENG_MAX_BYTES) {
		m->overflow = true;
		return;
	}
	m->seq[m->n] = m->n;
	m->b[m->n].base = (uint8_t)base;
	m->b[m->n].off = (int32_t)off;
	m->b[m->n].val = val;
	m->n++;
}

static int cmp_key(const eng_byte *a, unsigned sa, const eng_byte *b, unsigned sb)
{
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return 0;
}

/* Insertion sort on (base, off, seq): inputs are small and mostly ordered. */
static void finish(eng_mem *m)
{
	unsigned *seq = m->seq;
	unsigned out = 0;

	for (unsigned i = 1; i < m->n; i++) {
		eng_byte b = m->b[i];
		unsigned s = seq[i];
		unsigned j = i;

		while (j > 0 && cmp_key(&m->b[j - 1], seq[j - 1], &b, s) > 0) {
			m->b[j] = m->b[j - 1];
			seq[j] = seq[j - 1];
			j--;
		}
		m->b[j] = b;
		seq[j] = s;
	}
	for (unsigned i = 0; i < m->n; i++) {
		if (i + 1 < m->n && m->b[i + 1].base == m->b[i].base &&
		    m->b[i + 1].off == m->b[i].off)
			continue; /* a later write of the same byte follows */
		m->b[out++] = m->b[i];
	}
	m->n = out;
}

void eng_mem_begin(eng_mem *m)
{
	m->n = 0;
	m->overflow = false;
}

void eng_mem_put(eng_mem *m, unsigned base, int64_t off, uint8_t val)
{
	put(m, base, off, val);
}

void eng_mem_finish(eng_mem *m)
{
	finish(m);
}

static unsigned base_index(const uint8_t *bases, unsigned nb, unsigned rn)
{
	for (unsigned i = 0; i < nb; i++)
		if (bases[i] == rn)
			return i;
	return nb;
}

/* The executed accesses in program order (jumps skip to the next label). */
typedef struct ref_acc {
	int32_t off;
	uint8_t base, size;
	uint8_t seq;	      /* position in program order */
	uint64_t val, val_hi; /* val_hi: a Q register's bytes 8..15 */
} ref_acc;

/* The registers as the requests leave them: a load case's loads replace
 * them (store cases leave them: their loads read guard, judged by their
 * words alone), each with the item that last filled it.  Register id (x 0..31,
 * 32 + v) holds its value here when its `now` bit is set, else the value it
 * had before the case (eng_reg_value; a v register's upper half zero), and
 * by[id] names its filling item when its `filled` bit is set, else none.
 * The plain model sets every register up front (all bits set); eng_ref
 * reads the eng_regs only for the registers an access uses. */
typedef struct ref_regs {
	uint64_t now, filled;
	uint64_t x[32], v[32], v_hi[32];
	uint8_t by[64];
} ref_regs;

/* Every register as it is before the case (the plain model's start). */
static void regs_all(const eng_regs *r, ref_regs *st)
{
	for (unsigned id = 0; id < 32; id++) {
		st->x[id] = r->set >> id & 1 ? r->x[id] : 0;
		st->v[id] = eng_reg_value(r, true, id);
		st->v_hi[id] = 0; /* FMOV sets the canaries: the rest is zero */
	}
	memset(st->by, ENG_BY_NONE, sizeof(st->by));
	st->now = ~0ull;
	st->filled = ~0ull;
}

/* Register reg's low 64 bits (fp: v, else x) as the accesses so far left it. */
static uint64_t reg_now(const ref_regs *st, const eng_regs *r, bool fp, unsigned reg)
{
	unsigned id = (fp ? 32u : 0u) + (reg & 31);

	if (st->now >> id & 1)
		return fp ? st->v[reg & 31] : st->x[reg & 31];
	return r->set >> id & 1 ? (fp ? r->v[reg & 31] : r->x[reg & 31]) : 0;
}

/* A v register's upper 64 bits as the accesses so far left them. */
static uint64_t reg_now_hi(const ref_regs *st, unsigned v)
{
	return st->now >> (32 + (v & 31)) & 1 ? st->v_hi[v & 31] : 0;
}

static uint8_t byte_of(const ref_acc *a, unsigned k);

/* What a load of `size` bytes at (bi, at), address addr, reads after the
 * stores a[0..n) (program order): the last store's byte where one wrote
 * it, the load fill elsewhere (Arm ARM B2.3: a read sees the latest write
 * of the same location in program order). */
static uint64_t ref_load(const ref_acc *a, unsigned n, unsigned bi, int64_t at, uint64_t addr,
			 unsigned size, uint16_t mix)
{
	uint64_t val = 0;

	for (unsigned k = 0; k < size && k < 8; k++) {
		int64_t o = at + k;
		uint8_t b = eng_fill_byte(addr + k, mix);

		for (unsigned j = n; j-- > 0;) {
			if (a[j].base == bi && o >= a[j].off && o < a[j].off + a[j].size) {
				b = byte_of(&a[j], (unsigned)(o - a[j].off));
				break;
			}
		}
		val |= (uint64_t)b << (8 * k);
	}
	return val;
}

/* The executed accesses into a (stores) and st (the registers); plain:
 * every register set up first, else each read where an access uses it. */
/* The case's bases (eng_case_bases) and whether it is a load case. */
typedef struct ref_shape {
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb;
	bool load;
} ref_shape;

static const ref_shape *shape_of(const eng_case *c, ref_shape *sh)
{
	sh->nb = eng_case_bases(c, sh->bases);
	sh->load = eng_case_is_load(c);
	return sh;
}

/* Jump item i skips to the next label: the item before it, so that the
 * caller's i++ steps onto the label. */
static unsigned past_jump(const eng_case *c, unsigned i)
{
	while (i + 1 < c->n && c->item[i + 1].type != ENG_LABEL)
		i++;
	return i;
}

static unsigned executed(const eng_case *c, const eng_regs *r, const ref_shape *sh, ref_acc *a,
			 ref_regs *st, bool plain)
{
	const uint8_t *bases = sh->bases;
	unsigned nb = sh->nb, n = 0;
	int64_t moved[ENG_MAX_BASES] = { 0 }; /* each base's writeback so far */
	bool load_case = sh->load;

	if (plain) {
		regs_all(r, st);
	} else {
		st->now = 0;
		st->filled = 0;
	}
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];

		if (c->fault_ec && i >= c->fault_item)
			break; /* the expected exception ends the case */
		if (it->type == ENG_JUMP) {
			i = past_jump(c, i);
			continue;
		}
		if (it->type != ENG_ACCESS)
			continue;
		unsigned bi = base_index(bases, nb, it->rn);
		/* Offsets from the base's value before the case: a pair form's
		 * address, then its writeback (Arm ARM C6.2 STP: pre-index
		 * stores at base + imm, post-index at the base; both then leave
		 * base + imm in the register). */
		int64_t at = moved[bi] + eng_item_addr(it);
		unsigned size = eng_kind_size(it->kind);
		bool fp = eng_kind_fp(it->kind);

		if (eng_kind_load(it->kind)) {
			if (!load_case)
				continue; /* a load writes no byte */
			for (unsigned k = 0; k < (eng_item_pair(it) ? 2u : 1u); k++) {
				unsigned rt = k ? it->rt2 : it->rt;
				int64_t o = at + k * size;
				uint64_t addr = r->x[it->rn & 31] + (uint64_t)o;
				uint64_t val = ref_load(a, n, bi, o, addr, size, r->fill_mix);

				if (!fp && rt == 31)
					continue; /* XZR */
				/* W, B/H/S/D: the rest of the register is zero (Arm
				 * ARM C6.2 LDR (immediate, SIMD&FP)); Q: its bytes
				 * 8..15 are the upper half. */
				*(fp ? &st->v[rt & 31] : &st->x[rt & 31]) = val;
				if (fp)
					st->v_hi[rt & 31] =
						size > 8 ? ref_load(a, n, bi, o + 8, addr + 8, 8,
								    r->fill_mix)
							 : 0;
				st->by[(fp ? 32u : 0u) + (rt & 31)] = (uint8_t)i;
				st->now |= 1ull << ((fp ? 32u : 0u) + (rt & 31));
				st->filled |= 1ull << ((fp ? 32u : 0u) + (rt & 31));
			}
		} else {
			for (unsigned k = 0; k < (eng_item_pair(it) ? 2u : 1u); k++) {
				unsigned rt = k ? it->rt2 : it->rt;

				a[n].off = (int32_t)(at + k * size);
				a[n].base = (uint8_t)bi;
				a[n].size = (uint8_t)size;
				a[n].val = !fp && rt == 31 ? 0 : reg_now(st, r, fp, rt);
				a[n].val_hi = fp ? reg_now_hi(st, rt) : 0;
				a[n].seq = (uint8_t)n;
				n++;
			}
		}
		/* The writeback moves the register too (Arm ARM C6.2: the data
		 * first, then the base; with Rn in {Rt, Rt2} the outcome is
		 * CONSTRAINED UNPREDICTABLE and judged by the forms suite's open
		 * model, not by this value). */
		moved[bi] += eng_item_writeback(it);
		if (eng_item_wb(it)) {
			st->x[it->rn & 31] = r->x[it->rn & 31] + (uint64_t)moved[bi];
			st->now |= 1ull << (it->rn & 31);
		}
	}
	return n;
}

/* A store's bytes: little-endian; a Q register's upper half is zero as
 * FMOV leaves it, or what a Q load put there. */
static uint8_t byte_of(const ref_acc *a, unsigned k)
{
	return k < 8 ? (uint8_t)(a->val >> (8 * k)) : (uint8_t)(a->val_hi >> (8 * (k - 8)));
}

void eng_ref_plain(const eng_case *c, const eng_regs *r, eng_mem *m)
{
	ref_acc a[2 * ENG_MAX_ITEMS];
	ref_regs st;
	ref_shape sh;
	unsigned n = executed(c, r, shape_of(c, &sh), a, &st, true);

	eng_mem_begin(m);
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < a[i].size; k++)
			eng_mem_put(m, a[i].base, (int64_t)a[i].off + k, byte_of(&a[i], k));
	eng_mem_finish(m);
}

#define REF_FEW 8

/*
 * Few stores, sorted by (base, offset), some overlapping: every byte of each
 * base's range, in address order, that some store writes gets the value of
 * the last store (in program order) that writes it.  False when the range
 * is too wide for this to be quick.
 */
static bool overlap_few(const ref_acc *a, unsigned n, eng_mem *m)
{
	m->n = 0;
	m->overflow = false;
	for (unsigned i = 0; i < n;) {
		unsigned e = i + 1;
		int32_t lo = a[i].off, hi = a[i].off + a[i].size;

		for (; e < n && a[e].base == a[i].base; e++)
			if (a[e].off + a[e].size > hi)
				hi = a[e].off + a[e].size;
		if (hi - lo > 64 || m->n + (unsigned)(hi - lo) > ENG_MAX_BYTES)
			return false;
		for (int32_t p = lo; p < hi; p++) {
			int last = -1;

			for (unsigned j = i; j < e; j++)
				if (p >= a[j].off && p < a[j].off + a[j].size &&
				    (last < 0 || a[j].seq > a[last].seq))
					last = (int)j;
			if (last < 0)
				continue;
			m->b[m->n].base = a[i].base;
			m->b[m->n].off = p;
			m->b[m->n].val = byte_of(&a[last], (unsigned)(p - a[last].off));
			m->n++;
		}
		i = e;
	}
	return true;
}

/*
 * executed() for the commonest shape, a store case of single accesses that
 * expects no exception (the sweep's, the random suite's stores): no base
 * moves, no load fills a register, so every store reads its register as
 * set up.  False for any other shape (executed() takes it); the equivalence
 * is tested on every suite (test_engine_ref).
 */
static bool executed_stores(const eng_case *c, const eng_regs *r, const ref_shape *sh, ref_acc *a,
			    unsigned *pn)
{
	unsigned n = 0;

	if (sh->load || c->fault_ec)
		return false;
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];
		unsigned info, rt = it->rt, id;

		if (it->type == ENG_JUMP) {
			i = past_jump(c, i);
			continue;
		}
		if (it->type != ENG_ACCESS)
			continue;
		if (it->form != ENG_FORM_SINGLE || it->kind >= A64_KIND_COUNT)
			return false;
		info = eng_kind_info[it->kind];
		if (info & ENG_KIND_LOAD)
			continue; /* a load writes no byte */
		id = (info & ENG_KIND_FP ? 32u : 0u) + (rt & 31);
		a[n].off = it->off;
		a[n].base = (uint8_t)base_index(sh->bases, sh->nb, it->rn);
		a[n].size = (uint8_t)(info & 0x3fu);
		a[n].val = (id == 31 || !(r->set >> id & 1)) ? 0
			   : id < 32			     ? r->x[rt & 31]
							     : r->v[rt & 31];
		a[n].val_hi = 0;
		a[n].seq = (uint8_t)n;
		n++;
	}
	*pn = n;
	return true;
}

/* m's slots into out (unless they are there already); their number. */
static unsigned copy_out(const eng_mem *m, eng_byte *out)
{
	if (out != m->b)
		for (unsigned k = 0; k < m->n; k++)
			out[k] = m->b[k];
	return m->n;
}

/* The slots into out (m->b, or room for ENG_MAX_BYTES elsewhere: a case's
 * share of the batch's pool, written in place); m serves the general ways
 * and says whether they overflowed.  Returns the number of slots. */
static unsigned ref_fast(const eng_case *c, const eng_regs *r, const ref_shape *sh, eng_mem *m,
			 eng_byte *out)
{
	ref_acc a[2 * ENG_MAX_ITEMS];
	ref_regs st;
	unsigned n, bytes = 0, nout = 0;

	if (!executed_stores(c, r, sh, a, &n))
		n = executed(c, r, sh, a, &st, false);

	/* Usually no two stores touch the same byte: then the slots are the
	 * stores' bytes in address order, and no byte needs replacing. */
	for (unsigned i = 1; i < n; i++) {
		ref_acc t = a[i];
		unsigned j = i;

		while (j > 0 && (a[j - 1].base > t.base ||
				 (a[j - 1].base == t.base && a[j - 1].off > t.off))) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = t;
	}
	for (unsigned i = 0; i < n; i++) {
		if (i + 1 < n && a[i].base == a[i + 1].base &&
		    (int64_t)a[i].off + a[i].size > a[i + 1].off) {
			/* Overlapping stores: a few (the sweep's misaligned
			 * pairs) by the byte's last writer, else the general way. */
			if (n > REF_FEW || !overlap_few(a, n, m))
				eng_ref_plain(c, r, m);
			return copy_out(m, out);
		}
		bytes += a[i].size;
	}
	if (bytes > ENG_MAX_BYTES) {
		eng_ref_plain(c, r, m);
		return copy_out(m, out);
	}
	m->overflow = false;
	for (unsigned i = 0; i < n; i++) {
		eng_byte *b = &out[nout];
		uint64_t v = a[i].val;
		unsigned k;

		/* byte_of() unrolled: the register's bytes, then a Q
		 * register's upper half. */
		for (k = 0; k < a[i].size && k < 8; k++, v >>= 8) {
			b[k].base = a[i].base;
			b[k].off = a[i].off + (int32_t)k;
			b[k].val = (uint8_t)v;
		}
		for (v = a[i].val_hi; k < a[i].size; k++, v >>= 8) {
			b[k].base = a[i].base;
			b[k].off = a[i].off + (int32_t)k;
			b[k].val = (uint8_t)v;
		}
		nout += a[i].size;
	}
	return nout;
}

void eng_ref(const eng_case *c, const eng_regs *r, eng_mem *m)
{
	ref_shape sh;

	m->n = ref_fast(c, r, shape_of(c, &sh), m, m->b);
}

unsigned eng_ref_known(const eng_case *c, const eng_regs *r, const uint8_t *bases, unsigned nb,
		       bool load, eng_mem *scratch, eng_byte *out)
{
	ref_shape sh = { .nb = nb, .load = load };

	for (unsigned b = 0; b < nb && b < ENG_MAX_BASES; b++)
		sh.bases[b] = bases[b];
	return ref_fast(c, r, &sh, scratch, out);
}

static void ref_regs_of(const eng_case *c, const eng_regs *r, eng_regs_exp *e, bool plain)
{
	ref_acc a[2 * ENG_MAX_ITEMS];
	ref_regs st;
	ref_shape sh;

	executed(c, r, shape_of(c, &sh), a, &st, plain);
	e->capture = r->capture;
	memset(e->by, ENG_BY_NONE, sizeof(e->by));
	for (uint64_t m = st.filled; m; m &= m - 1)
		e->by[__builtin_ctzll(m)] = st.by[__builtin_ctzll(m)];
	for (uint64_t m = e->capture; m; m &= m - 1) {
		unsigned id = (unsigned)__builtin_ctzll(m);

		e->val[id] = reg_now(&st, r, id >= 32, id);
		e->hi[id] = id < 32 ? 0 : reg_now_hi(&st, id);
	}
}

void eng_ref_regs(const eng_case *c, const eng_regs *r, eng_regs_exp *e)
{
	ref_regs_of(c, r, e, false);
}

void eng_ref_regs_plain(const eng_case *c, const eng_regs *r, eng_regs_exp *e)
{
	ref_regs_of(c, r, e, true);
}

bool eng_mem_equal(const eng_mem *a, const eng_mem *b)
{
	if (a->n != b->n || a->overflow != b->overflow)
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (a->b[i].base != b->b[i].base || a->b[i].off != b->b[i].off ||
		    a->b[i].val != b->b[i].val)
			return false;
	return true;
}

int eng_mem_get(const eng_mem *m, unsigned base, int32_t off)
{
	unsigned lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const eng_byte *b = &m->b[mid];

		if (b->base < base || (b->base == base && b->off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->n && m->b[lo].base == base && m->b[lo].off == off)
		return m->b[lo].val;
	return -1;
}
