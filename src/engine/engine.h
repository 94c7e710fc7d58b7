/*
 * The test engine's portable core: cases (requested access streams), the
 * register values a case runs with, the byte-wise reference model, the
 * prediction of what emitted words do (through the independent decoder), the
 * checker and its classification.  Pure code: builds for host and firmware.
 *
 * Words used below (MISSION.md): a case's requests are accesses relative to
 * one or more base registers; each base register gets its own window, and
 * every byte of a window is either a slot (an intended store writes it) or
 * guard.
 */
#ifndef PG_ENGINE_H
#define PG_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64/a64.h"

#define ENG_MAX_ITEMS 128  /* requests, labels and jumps of one case */
#define ENG_MAX_BASES 4	   /* distinct base registers in one case */
#define ENG_MAX_WORDS 128  /* emitted words of one case */
#define ENG_MAX_BYTES 2048 /* slot bytes of one case (ref or prediction) */
#define ENG_REG_SP    31u  /* as a base register */

/*
 * The reach of the tested forms from a base register (MISSION.md "window"):
 * STP of Q registers (the forms suite) down to -1024, STR imm12 of 64-bit
 * registers up to 32760 + 8.  Every address a tested instruction can touch lies in
 * [base + ENG_WIN_LO, base + ENG_WIN_HI).
 */
#define ENG_WIN_LO (-1024)
#define ENG_WIN_HI 32768

typedef enum eng_item_type {
	ENG_ACCESS, /* one single store or load (kind, rt, rn, off) */
	ENG_LABEL,  /* a branch target before the next access: a fusion barrier */
	ENG_JUMP,   /* B to the next label: the accesses in between are skipped */
} eng_item_type;

/*
 * How an access is encoded.  ENG_FORM_SINGLE goes through the emitter under
 * test (the standalone rule, fusion); the others are the forms suite's
 * explicit forms, emitted as they are (never fused): STP/LDP with a signed
 * offset, pre-index or post-index writeback (Arm ARM C6.2 STP: pre-index
 * stores at base + off and leaves the base there, post-index stores at the
 * base and then adds off to it), STNP/LDNP (signed offset), and the single
 * STR/LDR (immediate) with pre-index or post-index writeback (imm9).
 */
typedef enum eng_form {
	ENG_FORM_SINGLE,
	ENG_FORM_PAIR,
	ENG_FORM_PAIR_PRE,
	ENG_FORM_PAIR_POST,
	ENG_FORM_PAIR_NT, /* STNP/LDNP */
	ENG_FORM_PRE,	  /* STR/LDR Rt, [Rn, #off]! */
	ENG_FORM_POST,	  /* STR/LDR Rt, [Rn], #off */
} eng_form;

typedef struct eng_item {
	uint8_t type;	  /* eng_item_type */
	uint8_t kind;	  /* a64_kind (ENG_ACCESS) */
	uint8_t rt;	  /* value register: GPR 0..30 or FP 0..31 by kind */
	uint8_t rn;	  /* base register: 0..30 or ENG_REG_SP */
	int32_t off;	  /* byte offset from the base (a pair: its imm7 in bytes) */
	uint8_t form;	  /* eng_form */
	uint8_t rt2;	  /* a pair's second register (the higher address) */
	uint8_t spare[2]; /* zero: no padding, so items compare with memcmp */
} eng_item;

_Static_assert(sizeof(eng_item) == 12, "eng_item has no padding");

/* Pair forms store rt at the address, rt2 at address + size. */
static inline bool eng_item_pair(const eng_item *it)
{
	return it->type == ENG_ACCESS &&
	       (it->form == ENG_FORM_PAIR || it->form == ENG_FORM_PAIR_PRE ||
		it->form == ENG_FORM_PAIR_POST || it->form == ENG_FORM_PAIR_NT);
}

/* Does the item write its base back (pre- or post-index, pair or single)? */
static inline bool eng_item_wb(const eng_item *it)
{
	return it->type == ENG_ACCESS &&
	       (it->form == ENG_FORM_PAIR_PRE || it->form == ENG_FORM_PAIR_POST ||
		it->form == ENG_FORM_PRE || it->form == ENG_FORM_POST);
}

/* What the item's writeback adds to its base (0 without writeback). */
static inline int64_t eng_item_writeback(const eng_item *it)
{
	return eng_item_wb(it) ? it->off : 0;
}

/* The address offset of the item's (first) access from its base's value
 * before it: post-index accesses the base itself. */
static inline int64_t eng_item_addr(const eng_item *it)
{
	return it->form == ENG_FORM_PAIR_POST || it->form == ENG_FORM_POST ? 0 : it->off;
}

typedef enum eng_suite_id {
	ENG_SUITE_REGRESSION,
	ENG_SUITE_SWEEP,
	ENG_SUITE_RANDOM,
	ENG_SUITE_LOADS, /* 3: pinned by the fingerprint vectors */
	ENG_SUITE_FORMS,
	ENG_SUITE_MEMTYPES,
	ENG_SUITE_COUNT
} eng_suite_id;

/*
 * A case: the requests in execution order and where it comes from.  A case
 * may state an exception the architecture requires as its outcome: the
 * access of item fault_item must take an exception of class fault_ec (ESR
 * EC, e.g. 0x26 SP alignment fault), after the bytes of the items before
 * it are written and before anything else; a missing fault and another
 * fault are each a failure (class execution when the words are right).
 */
typedef struct eng_case {
	uint8_t suite;	    /* eng_suite_id */
	uint8_t fault_ec;   /* 0: no exception expected */
	uint8_t fault_item; /* with fault_ec: the item whose access faults */
	/* Loads and stores judged together (the random streams): run as a
	 * load case (eng_case_is_load), its stores' slots checked against the
	 * load fill, a load after a store to its bytes reading the store. */
	uint8_t mixed;
	/* With fault_ec a data abort: the ESR's DFSC it must carry, and FAR
	 * must be the first byte of the faulting item's (first) access.  Arm
	 * ARM DDI0487: on a synchronous Data Abort FAR_EL1 holds the faulting
	 * virtual address, and the alignment check raises its fault with the
	 * access's own address (AArch64.CheckAlignment calls AArch64.Abort
	 * with it) before any byte is accessed; a pair's elements share their
	 * alignment, so its first (lower) element is the one that faults. */
	uint8_t fault_dfsc;
	/* Added to every base's placed address (0..15): a misaligned base, so
	 * that pair forms and fused pairs (offsets multiples of the size)
	 * can be misaligned too (suite memtypes). */
	uint8_t base_skew;
	unsigned group; /* group number within the suite */
	uint64_t index; /* case id: <suite>/<index> */
	unsigned n;
	eng_item item[ENG_MAX_ITEMS];
} eng_case;

#define ENG_EC_SP_ALIGN 0x26u /* ESR_ELx.EC: SP alignment fault */
#define ENG_EC_DABT_CUR 0x25u /* ESR_ELx.EC: data abort without a change of EL */
#define ENG_DFSC_ALIGN	0x21u /* ESR_ELx.ISS.DFSC 0b100001: alignment fault */

/*
 * Suite memtypes: the memory type its arena is mapped with and the
 * SCTLR_EL1.A setting, per group (the firmware sets both up around the
 * group, src/fw/memtypes.c).
 */
typedef enum eng_memtype {
	ENG_MEM_NORMAL_WB,
	ENG_MEM_NORMAL_NC,
	ENG_MEM_DEVICE_nGnRE,
	ENG_MEM_DEVICE_nGnRnE,
	ENG_MEM_COUNT
} eng_memtype;

typedef struct eng_memenv {
	eng_memtype mem;
	bool align_check; /* SCTLR_EL1.A */
} eng_memenv;

const char *eng_memtype_name(eng_memtype m);
/* The environment of memtypes group g. */
eng_memenv eng_memtypes_env(unsigned g);
/*
 * The architecture's rule (Arm ARM DDI0487, the pseudocode's
 * AArch64.CheckAlignment and the Device check of the stage 1 translation;
 * FACTS.md "Architecture and QEMU behaviour"): an access of `size` bytes
 * per element (a pair: each of its two) at addr takes an alignment fault
 * when addr is not a multiple of size and either SCTLR_EL1.A is 1 or the
 * memory is Device.  Both elements of a pair share their alignment, so
 * the first (lower) one faults.
 */
bool eng_align_must_fault(eng_memenv env, uint64_t addr, unsigned size);

/* The emitted word at which an expected fault must be taken: items map to
 * words one to one before it (the forms suite: no labels, no fusion). */
unsigned eng_case_fault_word(const eng_case *c);

/* The base registers a case uses, in order of first use. */
unsigned eng_case_bases(const eng_case *c, uint8_t bases[ENG_MAX_BASES]);

/*
 * Register file as the case's code sets it up.  x[31] is SP.  v[] holds the
 * low 64 bits of the SIMD&FP registers.  `set` bits say which registers the
 * case's set-up code writes (bit r: x[r], bit 32 + r: v[r]); `wide` bits
 * say which of them get all 64 bits (the others only their low 32 bits, the
 * rest zero, as MOVZ/MOVK of a W register or FMOV to an S register leave
 * them).
 */
typedef struct eng_regs {
	uint64_t x[32];
	uint64_t v[32];
	uint64_t set;
	uint64_t wide;
	/* How the values are made (see eng_values): the case's pattern, and
	 * for each register id its index into the XOR table, ENG_KIDX_NONE
	 * for a register that gets a pattern of its own. */
	uint64_t pattern;
	uint8_t kidx[64];
	uint32_t bases; /* base registers (bit 31: SP), from eng_regs_set_base */
	/* Load cases (all their accesses are loads): the registers the
	 * harness captures after the case (the `set` ones but SP: every
	 * register the case names), and the mix of the load fill. */
	uint64_t capture;
	uint16_t fill_mix;
} eng_regs;

#define ENG_KIDX_NONE 0xff
/* XOR constants: 0 and the 28 bytes that are one run of ones within bits
 * 0..6 (each repeated in all 8 bytes is an A64 logical immediate). */
#define ENG_NK 29
uint8_t eng_xor_byte(unsigned k);

/*
 * Value registers of a case: distinct per-case patterns.  The case's
 * pattern P has 8 different bytes below 0x80: bytes 2..7 are the run's
 * (from the seed), bytes 0..1 the case's own (from the seed and the case
 * id).  The k-th value register the case names (in order of first use) holds
 * P XOR the byte eng_xor_byte(k) repeated, so every byte is below 0x80, the
 * 8 bytes of a register are all different and the first byte differs
 * between every two registers of a case; past the table, a register gets an
 * independent pattern.  W- and S-only registers keep the low 32 bits.  The
 * set-up code makes P once per case from the previous case's (one MOVK) and
 * each register with one EOR (setup.h).  Base registers are left at 0 (the
 * executor places them, eng_regs_set_base()).
 */
void eng_values(const eng_case *c, uint64_t seed, eng_regs *r);
/* The same in two steps: what depends on the seed alone (the pattern's
 * bytes 2..7, the load fill's mix), made once per run, then each case's
 * values from it (eng_values does both; the driver keeps the first). */
typedef struct eng_run_values {
	uint64_t seed;
	uint64_t bytes;	  /* bytes 2..7 of every pattern */
	uint64_t used[2]; /* bit b: byte value b is among them */
	uint16_t fill_mix;
} eng_run_values;
void eng_values_run(uint64_t seed, eng_run_values *run);
void eng_values_case(const eng_case *c, const eng_run_values *run, eng_regs *r);
void eng_regs_set_base(eng_regs *r, unsigned rn, uint64_t addr);

/* A register as a store reads it: XZR (GPR 31) is 0; a register the set-up
 * does not write is taken as 0 (its content is unknown). */
static inline uint64_t eng_reg_value(const eng_regs *r, bool fp, unsigned reg)
{
	unsigned id = (fp ? 32u : 0u) + (reg & 31);

	if ((!fp && reg == 31) || !(r->set >> id & 1))
		return 0;
	return fp ? r->v[reg & 31] : r->x[reg & 31];
}

/*
 * The guard pattern: every byte has its top bit set, so no value byte (all
 * below 0x80) can ever equal guard; 64 different bytes repeat every 64
 * bytes of address (neighbours always differ), so four NEON registers hold
 * the reference a page is compared with.
 */
#define ENG_GUARD_PERIOD 64u
static inline uint8_t eng_guard_byte(uint64_t addr)
{
	unsigned i = (unsigned)(addr & (ENG_GUARD_PERIOD - 1));

	/* 37 is odd, so i * 37 differs modulo 128 for the 64 values of i. */
	return (uint8_t)(0x80u | ((i * 37u + 0x25u) & 0x7fu));
}
void eng_guard_fill(uint8_t *p, uint64_t addr, size_t n);

/*
 * The load fill: what the mapped bytes of a load case's slices hold.  Each
 * aligned halfword holds its own address (bits 14:1) mixed with the run's
 * seed (eng_fill_mix), its low byte below 0x80 and its high byte above, so
 * any two loads of one size from addresses less than 32 KiB apart read
 * different values (an even and an odd address differ in their first
 * byte's top bit; two of the same parity in their first halfword).  The
 * store guard's 64-byte period could not serve: the imm9 alias reads 512
 * bytes away would read the same bytes.  No loaded value can equal a
 * register's canary (eng_values: every byte below 0x80).
 */
#define ENG_FILL_PERIOD 32768u
static inline uint8_t eng_fill_byte(uint64_t addr, uint16_t mix)
{
	unsigned h = ((unsigned)(addr >> 1) ^ mix) & 0x3fffu;

	return (addr & 1) ? (uint8_t)(0x80u | (h >> 7)) : (uint8_t)(h & 0x7fu);
}
uint16_t eng_fill_mix(uint64_t seed);
void eng_fill(uint8_t *p, uint64_t addr, size_t n, uint16_t mix);
/* The size bytes at addr, little-endian. */
uint64_t eng_fill_read(uint64_t addr, unsigned size, uint16_t mix);
/* The address within 32 KiB at or above `from` whose size bytes read
 * `value`, or false (the value is no fill: a canary, say). */
bool eng_fill_find(uint64_t value, unsigned size, uint64_t from, uint16_t mix, uint64_t *addr);

/* Is the case a load case: every access a load, or a mixed case?  Its
 * slices hold the load fill and its registers are captured.  Other cases
 * are store cases (a load there is judged by its words alone: the sweep's
 * other-kind group). */
bool eng_case_is_load(const eng_case *c);

/*
 * The expected registers after a load case: for each captured register
 * (regs.capture), its value and the item that should have filled it
 * (ENG_BY_NONE: none, it keeps its canary or base).  Requests in order,
 * jumps skipping to their label, a later load into a register replacing an
 * earlier one; in a mixed case a load reads the bytes an earlier store
 * wrote (the load fill elsewhere) and a store stores what an earlier load
 * left in its register.  Independent of encoder and decoder, as eng_ref.
 */
#define ENG_BY_NONE 0xffu
typedef struct eng_regs_exp {
	uint64_t capture;
	uint64_t val[64];
	/* A vector register's upper 64 bits (id 32 + v): a Q load's upper
	 * 8 bytes, zero otherwise (a B/H/S/D load zeroes the rest of the
	 * register, Arm ARM C6.2 LDR (immediate, SIMD&FP); so does the FMOV
	 * that sets a canary).  Zero for the x registers. */
	uint64_t hi[64];
	uint8_t by[64];
} eng_regs_exp;
void eng_ref_regs(const eng_case *c, const eng_regs *r, eng_regs_exp *e);
/* The same with every register set up before the requests run (the plain
 * statement; tests/host/test_engine_ref.c compares the two on every suite). */
void eng_ref_regs_plain(const eng_case *c, const eng_regs *r, eng_regs_exp *e);
/*
 * Where a wrongly loaded value came from, placement aside: the load fill at
 * an offset (*off) from the base of the request `by` names (its size; base
 * 0 and 8 bytes when none), the register's own value from before the case,
 * or neither.  Id 64 + v names v's upper 64 bits (zero before the case).
 */
typedef enum eng_source { ENG_SRC_NONE, ENG_SRC_CANARY, ENG_SRC_FILL } eng_source;
eng_source eng_value_source(const eng_case *c, const eng_regs *r, const uint64_t *base_addr,
			    unsigned id, uint8_t by, uint64_t actual, int64_t *off);

/* ---- Memory effect: the slot bytes a case leaves, per base window ---- */

typedef struct eng_byte {
	int32_t off;  /* from the base register's value */
	uint8_t base; /* index into the case's base list */
	uint8_t val;
} eng_byte;

typedef struct eng_mem {
	unsigned n; /* bytes, sorted by (base, off), unique */
	eng_byte b[ENG_MAX_BYTES];
	bool overflow; /* more than ENG_MAX_BYTES written */
	/* While it is built: each byte's write order (here, not in a static,
	 * so that cores running at once each build their own). */
	unsigned seq[ENG_MAX_BYTES];
} eng_mem;

/* The expected slots: requests in order (jumps skip to the next label), a
 * later store to a byte replacing an earlier one; in a load case a store
 * of a register an earlier load filled stores the loaded value (from the
 * load fill at the placed bases, r->x).  Shares nothing with the encoder. */
void eng_ref(const eng_case *c, const eng_regs *r, eng_mem *m);
/* eng_ref for a case whose bases (eng_case_bases) and eng_case_is_load
 * the caller has already: the slots straight into out (room for
 * ENG_MAX_BYTES), scratch for the general ways; returns their number. */
unsigned eng_ref_known(const eng_case *c, const eng_regs *r, const uint8_t *bases, unsigned nb,
		       bool load, eng_mem *scratch, eng_byte *out);
/* The same, always byte by byte through eng_mem_put (the plain statement). */
void eng_ref_plain(const eng_case *c, const eng_regs *r, eng_mem *m);

/* Building an eng_mem: begin, put bytes in program order, finish (sorts,
 * keeps the last write of each byte).  Not reentrant (one shared scratch). */
void eng_mem_begin(eng_mem *m);
void eng_mem_put(eng_mem *m, unsigned base, int64_t off, uint8_t val);
void eng_mem_finish(eng_mem *m);

bool eng_mem_equal(const eng_mem *a, const eng_mem *b);
/* The value of (base, off) in m, or -1 if it is not a slot. */
int eng_mem_get(const eng_mem *m, unsigned base, int32_t off);

/* ---- Emission ---- */

struct fuse_policy;

/*
 * Emit a case's items through the emitter under test (backwards, as the JIT
 * does), returning the words in execution order.  Returns A64_OK or the
 * emitter's first error.
 */
a64_err eng_emit(const eng_case *c, const struct fuse_policy *p, uint32_t *words, unsigned max,
		 unsigned *nwords);

/* ---- Prediction: what the emitted words do, by the independent decoder ---- */

typedef enum eng_pred_stop {
	ENG_PRED_OK,	  /* ran to the end */
	ENG_PRED_UNDEF,	  /* a word the decoder does not know (would fault) */
	ENG_PRED_TRAP,	  /* a BRK (the emitter's poison word): traps */
	ENG_PRED_BADOP,	  /* a known word that is not a store or B */
	ENG_PRED_BADBASE, /* an access through a register that is no base */
	ENG_PRED_BADJUMP, /* a branch leaving the case's code or going back */
	/* A store in a load case, or in a store case a load that is not one
	 * of its requested single loads (those write no byte there). */
	ENG_PRED_MIXED,
	ENG_PRED_BADREG, /* a load into a register the case does not name */
	/* CONSTRAINED UNPREDICTABLE (Arm ARM DDI0487, the LDP and STP
	 * pages' decode, and Appendix K1 "Architectural Constraints on
	 * UNPREDICTABLE behaviors", LDP/STP): LDP with Rt == Rt2, or a pair
	 * with writeback whose Rn is Rt or Rt2. */
	ENG_PRED_UNPREDICTABLE,
} eng_pred_stop;

typedef struct eng_pred {
	eng_pred_stop stop;
	unsigned at; /* word index where it stopped (not ENG_PRED_OK) */
	eng_mem mem;
	eng_regs_exp regs; /* load cases: the captured registers after the words */
} eng_pred;

void eng_predict(const eng_case *c, const eng_regs *r, const uint32_t *words, unsigned n,
		 eng_pred *p);
/* Do the words, as they run (forward jumps followed), reach a pair whose
 * outcome is CONSTRAINED UNPREDICTABLE? */
bool eng_words_unpredictable(const uint32_t *words, unsigned n);
const char *eng_pred_stop_name(eng_pred_stop s);

/* ---- Checking ---- */

typedef enum eng_what { ENG_CLOBBERED, ENG_MISSED, ENG_WRONG } eng_what;
const char *eng_what_name(eng_what w);

#define ENG_RUN_MAX_LEN 16u /* a run is split after this many bytes */

typedef struct eng_run {
	uint8_t base; /* index into the case's base list */
	uint8_t what; /* eng_what */
	uint8_t len;
	int32_t from; /* offset of the first byte from the base */
	uint8_t expected[ENG_RUN_MAX_LEN];
	uint8_t actual[ENG_RUN_MAX_LEN];
} eng_run;

/*
 * The observed bytes of one base's window that are mapped, read back after
 * the run: bytes[i] is the byte at base + lo + i for i < hi - lo.  The rest of
 * the window is unmapped: a store there faults, and the fault is the case's
 * failure.
 */
typedef struct eng_view {
	uint64_t base_addr;
	int32_t lo, hi;
	const uint8_t *bytes;
	bool fill; /* untouched bytes hold the load fill (fill_mix), not guard */
	uint16_t fill_mix;
} eng_view;

#define ENG_MAX_RUNS 24 /* runs kept for a report; the count goes on */

/* Every bad byte of a judged case, as the fingerprint hashes them
 * (engine/fingerprint.h): all of them, not only the runs kept. */
typedef struct eng_fp_bytes {
	uint32_t nbad;
	bool slot_outside;
	uint64_t hash; /* valid when nbad > 0 */
} eng_fp_bytes;

/* A captured register that does not hold what the case should have left. */
typedef struct eng_badreg {
	uint8_t id; /* 0..30 x, 32..63 v */
	uint8_t by; /* the item that should have filled it, or ENG_BY_NONE */
	uint64_t expected, actual;
	uint64_t expected_hi, actual_hi; /* a v register's upper 64 bits */
} eng_badreg;
#define ENG_MAX_BADREGS 8

typedef struct eng_verdict {
	unsigned nbad;	/* bad bytes in total */
	unsigned nruns; /* runs in total */
	unsigned kept;	/* runs stored in run[] */
	eng_run run[ENG_MAX_RUNS];
	bool slot_outside; /* an expected slot lies outside the mapped view */
	eng_fp_bytes fp;   /* the same bad bytes, hashed */
	unsigned nbadregs; /* load cases: registers wrong in total */
	eng_badreg badreg[ENG_MAX_BADREGS];
} eng_verdict;

/*
 * Judge every byte of every view against the expected slots and the guard.
 * Returns true when all are right.
 */
bool eng_check(const eng_byte *slots, unsigned nslots, unsigned nviews, const eng_view *views,
	       eng_verdict *v);
/*
 * A load case's capture slot (the arena's ENG_CAP_SLOT bytes, written by
 * the harness after the case, setup.h): x0..x31 at 8 * id, each vector
 * register whole (STR Q: 16-byte aligned) at ENG_CAP_V + 16 * v.
 */
#define ENG_CAP_V     256u
#define ENG_CAP_BYTES (ENG_CAP_V + 32u * 16u)
static inline unsigned eng_cap_off(unsigned id)
{
	return id < 32 ? 8u * id : ENG_CAP_V + 16u * (id - 32);
}
/* Register id's low 64 bits in a capture slot, and a v register's upper
 * 64 bits (0 for an x register). */
static inline uint64_t eng_cap_lo(const uint64_t *cap, unsigned id)
{
	return cap[eng_cap_off(id) / 8];
}
static inline uint64_t eng_cap_hi(const uint64_t *cap, unsigned id)
{
	return id < 32 ? 0 : cap[eng_cap_off(id) / 8 + 1];
}
/* Does the captured register id hold what exp expects, both halves? */
static inline bool eng_cap_right(const eng_regs_exp *exp, const uint64_t *cap, unsigned id)
{
	return eng_cap_lo(cap, id) == exp->val[id] && eng_cap_hi(cap, id) == exp->hi[id];
}
/* Judge a load case's captured registers (the capture slot `actual`, for
 * each id of exp->capture) into v (which eng_check filled); true when all are right.
 * With `loaded`, every register a load should fill is listed, right or
 * not (what the core produced for words the architecture leaves open). */
bool eng_check_regs(const eng_regs_exp *exp, const uint64_t *actual, bool loaded, eng_verdict *v);

/* What a failed case's failure is attributed to: the emitter, the core,
 * or words whose outcome the architecture leaves open (CONSTRAINED
 * UNPREDICTABLE: the emitter should never have produced them; the core's
 * choice is reported, never judged). */
typedef enum eng_class { ENG_CLASS_FUSION, ENG_CLASS_EXECUTION, ENG_CLASS_UNPREDICTABLE } eng_class;
const char *eng_class_name(eng_class c);

/*
 * The classification of a failed case (the driver's only one): the emitted
 * words do not implement the requests (their predicted effect differs from
 * the expected slots, sorted by base and offset as eng_ref() leaves them, or
 * they would fault): an emitter bug, `fusion`.  Otherwise the core did not
 * do what the words say: `execution`.
 */
eng_class eng_classify(const eng_byte *slots, unsigned nslots, const eng_pred *pred);
/* The same for a load case: the predicted registers against exp, the
 * predicted bytes against the slots (none unless the case is mixed). */
eng_class eng_classify_loads(const eng_regs_exp *exp, const eng_byte *slots, unsigned nslots,
			     const eng_pred *pred);

/* ---- Fault seen while running a case ---- */

typedef struct eng_fault {
	bool taken;
	uint64_t esr, far, elr;
} eng_fault;

/* The exception class name of an ESR_ELx value (lib/esr.h's names). */
const char *eng_esr_class_name(uint64_t esr);

/* ---- Small helpers shared by the engine ---- */

/* Size in bytes, register file and direction of the kinds the engine
 * generates (0 and false for anything else); the engine's own table, not
 * the a64 layer's. */
extern const uint8_t eng_kind_info[A64_KIND_COUNT];
#define ENG_KIND_FP   0x80u
#define ENG_KIND_LOAD 0x40u
static inline unsigned eng_kind_size(unsigned kind)
{
	return kind < A64_KIND_COUNT ? eng_kind_info[kind] & 0x3fu : 0;
}
/* The bytes an item accesses from its address: two registers for a pair. */
static inline unsigned eng_item_bytes(const eng_item *it)
{
	return eng_kind_size(it->kind) * (eng_item_pair(it) ? 2u : 1u);
}

/* A load: it writes no byte.  In a load case (eng_case_is_load) its
 * register is captured and judged; in a store case (the sweep's other-kind
 * group: a load next to a store) it is judged by that alone. */
static inline bool eng_kind_load(unsigned kind)
{
	return kind < A64_KIND_COUNT && (eng_kind_info[kind] & ENG_KIND_LOAD);
}
static inline bool eng_kind_fp(unsigned kind)
{
	return kind < A64_KIND_COUNT && (eng_kind_info[kind] & ENG_KIND_FP);
}
/* Accepted by the standalone rule (MISSION.md): imm12 scaled or imm9. */
static inline bool eng_standalone_ok(unsigned kind, int64_t off)
{
	int64_t size = eng_kind_size(kind);

	if (size == 0)
		return false;
	return (off >= 0 && off % size == 0 && off < 4096 * size) || (off >= -256 && off <= 255);
}
/* Request as assembly, e.g. "stur x0, [x19, #-16]". */
int eng_item_asm(const eng_item *it, char *buf, size_t n);

#endif
