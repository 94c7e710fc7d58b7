/*
 * Boot options: the space-separated key=value tokens of the bootargs
 * (QEMU -append, a Raspberry Pi's cmdline.txt, U-Boot's bootargs) parsed
 * against tables of option specs.  Pure code (host-tested).
 *
 * Adding an option is one opt_spec entry in some module's table; the
 * firmware gathers every registered table (fw/registry.h).
 *
 * Which tokens are ours:
 *   - key=value or bare key where key is one of ours: parsed, strictly;
 *   - "pg.key=value": always ours (key must exist);
 *   - a key containing '.' (8250.nr_uarts=1, dwc_otg.lpm_enable=0) or a
 *     known Linux/boot-loader key (console=, root=, quiet, ...): not ours,
 *     passed over (and reported through the passed_over callback);
 *   - anything else is an error naming the token and listing our keys,
 *     with a suggestion when it looks like a misspelling ("polcy").
 * A repeated key, an unknown value, a malformed number or a number out of
 * range is an error naming the token and listing what is accepted.
 */
#ifndef PG_LIB_OPTS_H
#define PG_LIB_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPT_LIST_MAX 16 /* items in an OPT_ENUM_LIST */
#define OPTS_MAX     64 /* options over all tables */

typedef enum opt_type {
	OPT_ENUM,      /* one of names[]; dest: unsigned (index) */
	OPT_ENUM_LIST, /* comma-separated names[], no repeats; dest: opt_list */
	OPT_UINT,      /* decimal or 0x-hex, min..max; dest: uint64_t */
	OPT_BOOL,      /* 1/0, yes/no, on/off, true/false; bare key = 1; dest: bool */
	OPT_STRING,    /* any non-empty value (check() may refuse); dest: const char *
			  pointing into the parsed buffer */
} opt_type;

#define OPT_HEX 1u /* OPT_UINT: shown as 0x... in the header */

typedef struct opt_list {
	unsigned n;
	unsigned v[OPT_LIST_MAX]; /* indexes into names[], in the order given */
} opt_list;

typedef struct opt_spec {
	const char *key;
	opt_type type;
	void *dest;		  /* holds the default before parsing */
	const char *const *names; /* OPT_ENUM, OPT_ENUM_LIST: NULL-terminated */
	/* Instead of names: a list built at run time (a registry). */
	const char *const *(*names_fn)(void);
	uint64_t min, max;  /* OPT_UINT: inclusive range */
	const char *help;   /* one line, for humans */
	const char *header; /* key on the report header line; NULL: not shown */
	unsigned flags;	    /* OPT_HEX */
	/* OPT_STRING: NULL when value is fine, else what is accepted. */
	const char *(*check)(const char *value);
} opt_spec;

typedef struct opt_table {
	const opt_spec *specs;
	size_t n;
} opt_table;

typedef struct opts {
	const opt_table *const *tables;
	size_t ntables;
	/* Called for each token that is not ours (may be NULL). */
	void (*passed_over)(void *ctx, const char *token);
	void *ctx;
	char err[512]; /* the error message after a failed parse */
} opts;

/*
 * Parse args (modified in place: tokens are cut at their ends; OPT_STRING
 * values point into it, so it must outlive them).  Options not given keep
 * their defaults.  Returns false with o->err set on the first error.
 */
bool opts_parse(opts *o, char *args);

/* The spec for key, or NULL. */
const opt_spec *opts_find(const opts *o, const char *key);

/* The current value of spec as its bootarg text ("fixed", "0x1",
 * "selftest,canary", "1") into buf; returns buf. */
char *opts_format(const opt_spec *spec, char *buf, size_t n);

/* Every key, ", "-separated, into buf; returns buf. */
char *opts_keys(const opts *o, char *buf, size_t n);

/* True for a key pairguard passes over as the boot loader's or Linux's. */
bool opts_is_foreign_key(const char *key);

#endif
