/*
 * Failure reports of the engine, in the YAML diagnostics of
 * tools/REPORT-FORMAT.md: the requests as assembly, the emitted words with
 * their disassembly, the fault, every bad byte's offset from its base with
 * expected and actual bytes, the classification.  Output goes line by line
 * to a sink, so the same code writes to the UART and into host test buffers.
 */
#ifndef PG_ENGINE_DIAG_H
#define PG_ENGINE_DIAG_H

#include "engine/engine.h"

typedef struct eng_sink {
	void (*line)(void *ctx, const char *text); /* one line, no newline */
	void *ctx;
} eng_sink;

void eng_sink_printf(const eng_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Everything a report needs about one failed case. */
typedef struct eng_failure {
	eng_case c;
	uint64_t seed;
	eng_class cls;
	a64_err emit_err; /* the emitter refused the case */
	unsigned nwords;
	uint32_t words[ENG_MAX_WORDS]; /* as the emitter produced them */
	bool injected;		       /* test hook: a word changed after emission */
	unsigned inj_at;
	uint32_t inj_word;	 /* the word that ran instead */
	eng_pred_stop pred_stop; /* the decoder's view of the words */
	unsigned pred_at;
	eng_fault fault;
	unsigned fault_word; /* index of the faulting word, if inside */
	bool fault_in_case;
	uint64_t base_addr[ENG_MAX_BASES];
	eng_regs regs; /* the values the case ran with */
	eng_verdict verdict;
} eng_failure;

/* The `- case: ...` entry of a failures list (indented for the group). */
void eng_diag_failure(const eng_sink *s, const eng_failure *f);

/* One line summarising a failure: `# fail: <id> class=... <requests>`. */
void eng_diag_oneline(const eng_sink *s, const eng_failure *f);

/* The YAML block after a `not ok` point: `  ---` ... `  ...`. */
void eng_diag_group(const eng_sink *s, const char *group, uint64_t cases, uint64_t failed,
		    unsigned shown, const eng_failure *const *failures);

/* "x19", "sp" */
const char *eng_base_name(unsigned rn);

#endif
