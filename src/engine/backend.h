/*
 * The execution backend: what the engine needs from whatever runs its code.
 *
 * The engine (portable) owns everything that decides what is tested and how
 * it is judged: the arena's geometry and the placement of bases in it
 * (arena.h), the batch's code layout (set-up chain, translation-block
 * breaks, exit, the map from code to cases, re-entry after a fault:
 * batch.h), the checks and the judge (run.h).  A backend only
 *   - maps memory: makes a range of the arena's addresses readable and
 *     writable data and says through which pointer the engine reaches it;
 *   - holds code: a region the engine writes words into, and the address
 *     the same words execute at; sync() makes written words executable;
 *   - runs code with fault recovery: call() enters the code at an address
 *     and comes back either through the batch's exit (true) or with the
 *     fault record of the first exception the code took (false);
 * and the observations of a case are exactly those two: the fault record
 * its code left, and the bytes seen through the mapped pointers afterwards.
 * No callback goes from a backend into the driver.
 *
 * Three backends, one contract:
 *   bare metal   (src/fw/exec.c) map: page_alloc + mmu_map, pointer = VA;
 *                code: the JIT region's RW alias and its RX alias; sync:
 *                jit_sync (DC CVAU, DSB, IC IVAU, DSB, ISB); call:
 *                recover_call_code, the exit branching to recover_return.
 *   Linux process  (to come) map: mmap of the arena reserved PROT_NONE,
 *                mprotect RW for the mapped ranges, pointer = VA; code: a
 *                memfd mapped twice (RW and RX), sync: __builtin___clear_cache;
 *                call: sigsetjmp + a SIGSEGV/SIGILL/SIGBUS handler filling
 *                the record from siginfo (si_addr as FAR) and the
 *                ucontext's PC (ELR), the exit returning to a trampoline.
 *   simulated core  (tests/host/simcore.c) map: host memory per range;
 *                code: a host array at a made-up RX address; call: an
 *                interpreter of the words (set-up included) that faults
 *                like a core on unmapped stores and unknown words.
 *
 * The engine calls map() for every range it uses once, in
 * eng_target_init(), before any code runs.
 */
#ifndef PG_ENGINE_BACKEND_H
#define PG_ENGINE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

typedef struct eng_backend {
	void *ctx;
	/* First address of the arena: ENG_ARENA_SIZE bytes of addresses that
	 * fault unless map() made them data (arena.h). */
	uint64_t arena_va;
	/* Make [va, va + len) readable and writable data (len a multiple of
	 * 4 KiB, va 4 KiB-aligned); returns the pointer through which the
	 * engine reads and writes va (the same bytes the code stores to), or
	 * NULL with a message in err. */
	uint8_t *(*map)(void *ctx, uint64_t va, size_t len, char *err, size_t n);

	/* The code region: code_words words written through code_rw and
	 * executed at code_rx.  code_marks: code_words / 64 words of storage
	 * for the engine (where translation blocks start). */
	uint32_t *code_rw;
	uint64_t code_rx;
	uint32_t code_words;
	uint64_t *code_marks;
	/* Where a batch's code ends: it loads this address into x30 and RETs
	 * (no other register survives the cases). */
	uint64_t exit_to;
	/* Make words [rw, rw + bytes) executable at rx (cache maintenance). */
	void (*sync)(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes);
	/* Run the code at rx.  True when it came back through exit_to; false
	 * with the first fault it took (f->taken set, esr, far (0 when not
	 * valid), elr the faulting instruction's address). */
	bool (*call)(void *ctx, uint64_t rx, eng_fault *f);

	/* Optional.  OR of (p[i] XOR guard[i % 64]) over n bytes (a multiple
	 * of 128, p 16-byte aligned): the fast page check (NULL: portable C). */
	uint64_t (*page_diff)(const void *p, const void *guard, size_t n);
	/* Optional: a clock for the time statistics (NULL: no times). */
	uint64_t (*now)(void *ctx);
} eng_backend;

#endif
