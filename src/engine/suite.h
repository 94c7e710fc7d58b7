/*
 * The engine's suites (regression, sweep, random, forms): their groups, the cases
 * of each group in a stable order, and each case's id `<suite>/<index>`, so
 * that `case=<suite>/<index>` with the same seed regenerates exactly one
 * case.  Pure code: builds for host and firmware.
 *
 * Index spaces:
 *   regression  pair * 2 + order (order 1 is the reverse execution order)
 *   sweep       blocks (kind, group, label) in that order, then the
 *               never-fuse blocks (kind, group); within a block,
 *               every base register x0..x30, sp in turn; within a base, the
 *               current offsets ascending, each with its group's previous
 *               accesses.  The index counts every base, selected or not, so
 *               an id means the same case whatever `bases=` says.
 *   random      even indices are plain streams, odd ones have labels.
 *   forms       group * 128 + the pair's imm7 + 64.
 */
#ifndef PG_ENGINE_SUITE_H
#define PG_ENGINE_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

#define ENG_BASE_ALL	((uint32_t)0xffffffffu) /* x0..x30 and sp */
#define ENG_BASE_BIT(r) ((uint32_t)1u << (r))	/* r = 31 is sp */

typedef struct eng_params {
	uint64_t seed;
	uint32_t bases;	 /* sweep: which base registers (ENG_BASE_BIT) */
	uint64_t count;	 /* random: how many streams */
	unsigned maxlen; /* random: most accesses in one stream */
} eng_params;

/* Defaults: seed 1, sweep at x19, 256 random streams of up to 40 accesses. */
void eng_params_default(eng_params *p);

const char *eng_suite_name(eng_suite_id s);
/* ENG_SUITE_COUNT when unknown. */
eng_suite_id eng_suite_find(const char *name);

unsigned eng_suite_groups(eng_suite_id s);
/* The sweep's fusion groups, its first ones (the never-fuse groups follow):
 * the loads suite's first groups are the same cases as loads. */
unsigned eng_sweep_fusion_groups(void);
/* "sweep/STRx/prev-below/label" */
int eng_group_name(eng_suite_id s, unsigned g, char *buf, size_t n);
uint64_t eng_group_cases(const eng_params *p, eng_suite_id s, unsigned g);

/* Iterating one group's cases in order. */
/* A sweep offset's candidate neighbours, at most (misaligned X: 14). */
#define ENG_SWEEP_CANDS 16

typedef struct eng_iter {
	const eng_params *p;
	eng_suite_id suite;
	unsigned group;
	uint64_t done, total;
	/* sweep */
	unsigned base;	/* current base register (0..31) */
	uint64_t local; /* index within (block, base) */
	int64_t cur;	/* current offset */
	unsigned cand;	/* next candidate of cur */
	unsigned ncand; /* cur's candidates, in cands */
	int64_t cands[ENG_SWEEP_CANDS];
	bool sweep_started; /* cur/cand/cands are valid */
	bool started;
} eng_iter;

void eng_iter_start(eng_iter *it, const eng_params *p, eng_suite_id s, unsigned g);
bool eng_iter_next(eng_iter *it, eng_case *c);

/* The case with this id; false when the index names no case. */
bool eng_case_get(const eng_params *p, eng_suite_id s, uint64_t index, eng_case *c);

/*
 * The suites' own open model (run.h's eng_open_model, used when the
 * configuration names none): the forms suite's writeback overlaps, which
 * the Arm ARM leaves CONSTRAINED UNPREDICTABLE.  eng_case_choice names the
 * permitted behaviour a run showed, NULL when it is none of them.
 */
bool eng_case_open(const eng_case *c);
const char *eng_case_choice(const eng_case *c, const eng_regs *r, const eng_verdict *v,
			    const eng_fault *f);

/* Parse "<suite>/<index>"; false on a malformed id. */
bool eng_case_id_parse(const char *s, eng_suite_id *suite, uint64_t *index);

/* Parse a base register name: "x0".."x30", "sp"; -1 if none. */
int eng_base_parse(const char *s);

/* Sweep facts used by tests: cases per base in a (kind, group) block.
 * Group types 0..4 (prev-below .. edges) come plain and with a label,
 * 5..7 (gap, other-base, other-kind) plain only. */
#define ENG_SWEEP_KINDS	 4
#define ENG_SWEEP_GTYPES 8
uint64_t eng_sweep_block_cases(unsigned kind_idx, unsigned gtype);

#endif
