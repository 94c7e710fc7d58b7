/*
 * Fingerprints: what every case did, hashed in case order, one number per
 * test point and one per run (tools/REPORT-FORMAT.md "Fingerprints"), so
 * that two runs with the same inputs on two machines (QEMU and a board, two
 * QEMU versions, two cores) compare by a number, and tools/pairguard-diff
 * can say where they part.  Portable: the firmware and the Linux process
 * compute the same values.
 *
 * The hash is FNV-1a 64 (offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3, one byte at a time).  A case's outcome is a record of
 * fields, each a tag byte, a length byte and that many bytes (numbers
 * little-endian), folded into the point's hash in case order:
 *
 *   CASE   1  suite (1), index (8)                       always first
 *   EMIT   2  a64_err (1)                                the emitter refused: nothing ran
 *   BYTES  3  bad bytes (4), slot outside (1), hash (8)  every judged window byte that is
 *             not its reference (the guard, or the slot's intended value); hash is FNV-1a
 *             over 7 bytes per bad byte, in address order per base: base index (1),
 *             offset from the base (4, signed), what (1: 0 clobbered, 1 missed,
 *             2 wrong), actual value (1).  Absent when the case did not run.
 *   FAULT  4  ESR (8), in the case's code (1), word (2)  only when a fault was taken
 *   CHOICE 5  the behaviour's name (its bytes)           open cases only
 *   REGS   6  per register: id (1), source (1), value (8); id 64 + v: v's upper half
 *             every captured register that does not hold its expected value (load
 *             cases), in id order: id 0..30 x, 32..63 v; source 0 neither (value: the
 *             raw value), 1 its own value from before the case (value 0), 2 the load
 *             fill at an offset from the base (value: the offset, signed); at most 25
 *             registers a field
 *
 * Nothing placement- or timing-dependent enters a record: bases sit at the
 * same place in the guard's period wherever a case runs (arena.h), so a
 * byte's reference depends on its offset only; FAR and ELR are left out
 * (the ESR and the faulting word's index say the same, relative to the
 * case).  So batch=1 and batch=256 give the same fingerprints.  One
 * exception: a stray store of a base register's value (an address) puts
 * that address into the bad bytes.  In a load case's windows the bytes a
 * case leaves alone hold the load fill, which depends on the address: a
 * missed byte there adds actual value 0 (check.c), and a loaded value a
 * wrong store wrote is the other exception.
 *
 * Cases whose outcome the architecture leaves open (CONSTRAINED
 * UNPREDICTABLE or IMPLEMENTATION DEFINED: an eng_open_model says which,
 * run.h) go into a second hash, `open`, so the architecturally fixed ones
 * (`fixed`) compare alone.
 */
#ifndef PG_ENGINE_FINGERPRINT_H
#define PG_ENGINE_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

#define ENG_FNV_BASIS 0xcbf29ce484222325ull
#define ENG_FNV_PRIME 0x100000001b3ull

/* The header keys whose values determine the fingerprints (with the
 * version, which fixes the generators): the runner and pairguard-diff read
 * the list from the header's `fingerprint=` value. */
#define ENG_FP_INPUTS "version,policy,seed,suites,count,bases"

/* FNV-1a 64 of p[0..n) continued from h (start with ENG_FNV_BASIS). */
uint64_t eng_fnv1a(uint64_t h, const void *p, size_t n);

typedef enum eng_fp_tag {
	ENG_FP_CASE = 1,
	ENG_FP_EMIT = 2,
	ENG_FP_BYTES = 3,
	ENG_FP_FAULT = 4,
	ENG_FP_CHOICE = 5,
	ENG_FP_REGS = 6,
} eng_fp_tag;

/* Fold one bad byte into b (eng_check() calls it for every one). */
void eng_fp_bad_byte(eng_fp_bytes *b, unsigned base, int32_t off, unsigned what, uint8_t act);

/*
 * What one case did: the record above.  A field is present when its
 * pointer is set (bytes, fault, choice) or its flag says so (emit_err).
 * New observations (loaded registers, writeback results) add a field here
 * and a tag above; existing fingerprints of runs without them stay as
 * they are.
 */
typedef struct eng_outcome {
	uint8_t suite;
	uint64_t index;
	a64_err emit_err; /* A64_OK when the emitter took the case */
	const eng_fp_bytes *bytes;
	const eng_fault *fault; /* NULL or not taken: no FAULT field */
	bool fault_in_case;
	unsigned fault_word;
	const char *choice; /* open cases: the behaviour the machine chose */
	unsigned nregs;	    /* REGS: wrong captured registers: ids, eng_source, values */
	const uint8_t *reg_id;
	const uint8_t *reg_src;
	const uint64_t *reg_val;
} eng_outcome;

/* h with the record of o folded in. */
uint64_t eng_fp_case(uint64_t h, const eng_outcome *o);

/* A running fingerprint: all zero is empty (its hash starts at the basis
 * with the first case). */
typedef struct eng_fp {
	uint64_t hash;
	uint64_t cases;
} eng_fp;

void eng_fp_add(eng_fp *f, const eng_outcome *o);
/* The hash of f: ENG_FNV_BASIS while empty. */
static inline uint64_t eng_fp_value(const eng_fp *f)
{
	return f->cases ? f->hash : ENG_FNV_BASIS;
}

#endif
