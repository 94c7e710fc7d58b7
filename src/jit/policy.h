/*
 * The fusion-policy plug-in interface: how any JIT's LDP/STP peephole is
 * described to pairguard, and the one registry of policies (name -> policy)
 * that the host CLI, the firmware's `policy=` option and the tests use.
 *
 * A policy answers one question, asked each time the emitter is about to
 * put a single load or store (the current request) next to the word already
 * in the code buffer (prev): "do you replace the two by one pair word, and
 * which?"  It returns that LDP/STP word, or FUSE_KEEP.  pairguard then proves
 * the answer: over the whole domain on the host (`pairguard domain --policy
 * NAME`, every word judged by the independent decoder) and on the core
 * (the firmware's suites run the emitted code and check every byte).
 *
 * Writing one (README "Certifying your JIT's pair fusion"):
 *
 *     #include "jit/policy.h"
 *     static uint32_t my_fuse(const fuse_policy *self, const fuse_query *q)
 *     {
 *             ... return a64_enc_pair(...) or FUSE_KEEP ...
 *     }
 *     const fuse_policy pg_plugin_policy = {
 *             .name = "myjit", .summary = "...", .order = FUSE_PREV_BEFORE,
 *             .fuse = my_fuse,
 *     };
 *
 * and build with `make PLUGIN=path/to/it.c`: the file is linked into the
 * host CLI, the host tests' library and every firmware image, and the
 * policy answers to its name everywhere.  The build stops, naming what is
 * missing, when the file does not define `const fuse_policy
 * pg_plugin_policy`.
 *
 * The a64 encoders (a64/a64.h) validate every operand and return
 * A64_POISON on a bad one; a policy may also compute its words by hand
 * (that is what a JIT's peephole does, and what pairguard is there to
 * check).  A policy must be pure: the same query, the same answer; it may
 * keep a cache keyed on the query (the domain walk asks about one current
 * request against many prev words in a row).
 */
#ifndef PG_JIT_POLICY_H
#define PG_JIT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64/a64.h"

/* The interface's version, for plug-ins that want to check it. */
#define FUSE_POLICY_API 1

/* "Do not fuse": UDF #0, a word no pair can be. */
#define FUSE_KEEP 0x00000000u

/* Where the word already in the buffer runs relative to the current one. */
typedef enum fuse_order {
	/* The buffer fills backwards (LuaJIT): prev runs right AFTER the
	 * current access; a fused current load runs first. */
	FUSE_PREV_AFTER,
	/* The buffer fills forwards (HotSpot, RyuJIT, Graal): prev ran right
	 * BEFORE the current access; a fused prev load ran first. */
	FUSE_PREV_BEFORE,
} fuse_order;

/* One single load or store as the JIT asked for it and encodes it. */
typedef struct fuse_access {
	a64_kind kind;	      /* A64_STR_W ... A64_LDR_D: the 8 fusable kinds */
	unsigned rt;	      /* data register: GPR 0..30 (31: XZR) or FP 0..31 */
	unsigned rn;	      /* base register: 0..30, or 31 (A64_SP) for SP */
	int64_t off;	      /* byte offset from the base */
	a64_single_form form; /* A64_FORM_IMM12 (scaled) or A64_FORM_IMM9
				 (unscaled), as the policy's standalone rule
				 picks it */
	int64_t imm;	      /* the immediate as that form holds it: the slot
				 index off/size (IMM12) or the byte offset (IMM9) */
	uint32_t word;	      /* the single word that encodes it */
} fuse_access;

typedef struct fuse_query {
	fuse_access cur; /* the access being emitted */
	uint32_t prev;	 /* the word already in the buffer next to it */
	/* The request prev was emitted from (its registers, form, offset), as
	 * a JIT's peephole remembers its last instruction; NULL when prev
	 * came from no single request (a pair, a raw word). */
	const fuse_access *prev_req;
	bool label; /* a label (branch target) sits between the two */
} fuse_query;

typedef struct fuse_policy fuse_policy;

/* The answer: a pair word replacing both, or FUSE_KEEP. */
typedef uint32_t fuse_fn(const fuse_policy *self, const fuse_query *q);

/* The JIT's standalone rule: the form a single access of kind k at byte
 * offset off takes (A64_FORM_NONE: that JIT cannot encode it in one word). */
typedef a64_single_form fuse_form_fn(a64_kind k, int64_t off);

struct fuse_policy {
	const char *name;    /* what policy= and --policy take: [a-z0-9._-]+ */
	const char *summary; /* one line for help texts */
	fuse_order order;
	fuse_form_fn *form; /* NULL: pairguard's (a64_single_form_of) */
	fuse_fn *fuse;	    /* required */
	const void *data;   /* the policy's own parameters, for fuse() */
};

/* The plug-in's symbol: `make PLUGIN=file.c` links the file and adds
 * this policy to the registry. */
extern const fuse_policy pg_plugin_policy;

/* ---- The registry ---- */

#define FUSE_POLICY_MAX 24

/* By name; NULL if unknown, or if two policies take the name. */
const fuse_policy *fuse_policy_find(const char *name);
const char *fuse_policy_name(const fuse_policy *p);
const char *fuse_policy_summary(const fuse_policy *p);
/* NULL-terminated list of every name, built-ins first ("fixed" is [0]),
 * then the plug-in's; for help, error messages and the option table. */
const char *const *fuse_policy_name_list(void);
#define fuse_policy_names (fuse_policy_name_list())
/* The default: "fixed", the logic pairguard certifies. */
const fuse_policy *fuse_policy_default(void);

/*
 * The registry's sanity: every policy has a well-formed, unique name and a
 * fuse function.  Returns NULL, or the first problem written into msg (a
 * plug-in named like a built-in, say).  The host CLI and the firmware
 * refuse to start on a problem (exit 2); fuse_policy_find never picks one
 * of two policies of the same name.
 */
const char *fuse_policy_registry_check(char *msg, size_t n);

/* The same check over any list of n policies (the registry's rules, for
 * tests). */
const char *fuse_policy_list_check(const fuse_policy *const *list, size_t n, char *msg, size_t len);

/* The standalone form of (k, off) under p's rule. */
a64_single_form fuse_policy_form(const fuse_policy *p, a64_kind k, int64_t off);

/* Fill a (kind, rt, rn, off) request as p's standalone rule encodes it;
 * A64_OK, or the encoder's error (A64_ERR_RANGE when the rule gives no
 * form), with word = A64_POISON. */
a64_err fuse_access_make(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
			 fuse_access *a);

/*
 * One fusion attempt: the current request (kind, rt, rn, off) against prev,
 * the word already in the buffer; prev_req is the request prev came from
 * (NULL if none); label says a label sits between them.  Returns true and
 * the pair word in *pair when the policy fuses (whatever word it returns:
 * judging it is the caller's business).
 */
bool fuse_ask(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
	      uint32_t prev, const fuse_access *prev_req, bool label, uint32_t *pair);

/*
 * How plug-in policies are called: directly (no guard), or through a guard
 * that calls p->fuse(p, q) into *pair and says whether the call returned,
 * faulted or hung.  The firmware (and the Linux process) installs one built
 * on the recovery API with a watchdog, so that a plug-in that faults or
 * never returns fails the case being emitted (emitter error A64_ERR_POLICY
 * or A64_ERR_POLICY_HUNG, class fusion) instead of the run.  Built-in
 * policies are always called directly.
 */
typedef enum fuse_call { FUSE_CALL_RETURNED, FUSE_CALL_FAULTED, FUSE_CALL_HUNG } fuse_call;
typedef fuse_call fuse_guard_fn(const fuse_policy *p, const fuse_query *q, uint32_t *pair);
void fuse_policy_set_guard(fuse_guard_fn *g);

/*
 * Where several cores emit at once (the firmware's parallel=1), the one
 * hook that says which of them is asking (0..FUSE_CPUS_MAX-1), so that the
 * built-in policies keep their per-request cache per core.  Unset: 0.
 */
#define FUSE_CPUS_MAX 8
void fuse_policy_set_cpu_index(unsigned (*fn)(void));

typedef enum fuse_answer {
	FUSE_ANSWER_KEEP,
	FUSE_ANSWER_PAIR,
	FUSE_ANSWER_FAULT,
	FUSE_ANSWER_HUNG
} fuse_answer;

/* fuse_ask with the current request already made (fuse_access_make);
 * FUSE_ANSWER_FAULT / _HUNG when a guarded plug-in faulted / never returned. */
fuse_answer fuse_ask_access(const fuse_policy *p, const fuse_access *cur, uint32_t prev,
			    const fuse_access *prev_req, bool label, uint32_t *pair);

/* fuse_ask without the previous request. */
bool fuse_try(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
	      uint32_t prev, bool prev_is_label, uint32_t *pair);

#endif
