/*
 * The engine's bootargs (portable): parse and check `policy= seed= count=
 * case= verbose= batch= bases= inject=` into an eng_config.  Every bad value
 * gets a message naming it and listing what is accepted.
 */
#ifndef PG_ENGINE_OPTIONS_H
#define PG_ENGINE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/run.h"

#define ENG_BATCH_DEFAULT 256
#define ENG_BATCH_MAX	  256
#define ENG_CAP_DEFAULT	  4
#define ENG_CAP_VERBOSE	  ENG_MAX_SHOWN

typedef struct eng_options {
	eng_config cfg;
	bool replay; /* case= given */
	eng_suite_id replay_suite;
	uint64_t replay_index;
} eng_options;

void eng_options_default(eng_options *o);

/* Keys this module handles, for the list of accepted options. */
extern const char *const eng_option_keys[];

/*
 * Apply key=value.  Returns 1 when applied, 0 when the key is not one of
 * the engine's, -1 on a bad value (err holds the message).
 */
int eng_option(eng_options *o, const char *key, const char *value, char *err, size_t n);

/* Checks that need every option (case= against bases= and count=).
 * Returns false with a message. */
bool eng_options_finish(eng_options *o, char *err, size_t n);

/* Parse a 64-bit number: decimal, or hex with 0x. */
bool eng_parse_u64(const char *s, uint64_t *out);

#endif
