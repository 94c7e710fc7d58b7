/* Boot option parsing (see opts.h for the rules). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/opts.h"

/* An enum's names: the table's, or the registry's of the moment. */
static const char *const *names_of(const opt_spec *s)
{
	return s->names_fn ? s->names_fn() : s->names;
}

/*
 * Keys without a '.' that Linux or a boot loader puts on the command line
 * (the Raspberry Pi firmware prepends several): passed over, never an
 * error.  Keys with a '.' (module parameters) are passed over anyway.
 */
static const char *const foreign_keys[] = {
	"acpi",
	"apparmor",
	"audit",
	"cgroup_disable",
	"cgroup_enable",
	"cgroup_memory",
	"clk_ignore_unused",
	"cma",
	"coherent_pool",
	"console",
	"consoleblank",
	"debug",
	"dyndbg",
	"earlycon",
	"earlyprintk",
	"efi",
	"elevator",
	"fbcon",
	"hugepages",
	"ignore_loglevel",
	"init",
	"initrd",
	"iommu",
	"ip",
	"irqaffinity",
	"isolcpus",
	"kaslr",
	"kgdboc",
	"kgdbwait",
	"loglevel",
	"lpj",
	"maxcpus",
	"mem",
	"mitigations",
	"nfsroot",
	"no_console_suspend",
	"nohz",
	"nohz_full",
	"noinitrd",
	"nokaslr",
	"noresume",
	"nosmp",
	"nosplash",
	"numa",
	"panic",
	"pd_ignore_unused",
	"quiet",
	"ramdisk_size",
	"rcu_nocbs",
	"rdinit",
	"resume",
	"ro",
	"root",
	"rootdelay",
	"rootflags",
	"rootfstype",
	"rootwait",
	"rw",
	"security",
	"selinux",
	"splash",
	"swiotlb",
	"transparent_hugepage",
	"video",
};

bool opts_is_foreign_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(foreign_keys) / sizeof(foreign_keys[0]); i++)
		if (!strcmp(key, foreign_keys[i]))
			return true;
	return false;
}

static void fail(opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(opts *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->err, sizeof(o->err), fmt, ap);
	va_end(ap);
}

/* Append to buf (always NUL-terminated, cut when full). */
static void append(char *buf, size_t n, const char *s)
{
	size_t l = strlen(buf);

	if (l + 1 < n)
		snprintf(buf + l, n - l, "%s", s);
}

const opt_spec *opts_find(const opts *o, const char *key)
{
	size_t t, i;

	for (t = 0; t < o->ntables; t++)
		for (i = 0; i < o->tables[t]->n; i++)
			if (!strcmp(o->tables[t]->specs[i].key, key))
				return &o->tables[t]->specs[i];
	return NULL;
}

static int spec_index(const opts *o, const opt_spec *s)
{
	size_t t, i;
	int k = 0;

	for (t = 0; t < o->ntables; t++)
		for (i = 0; i < o->tables[t]->n; i++, k++)
			if (&o->tables[t]->specs[i] == s)
				return k;
	return -1;
}

char *opts_keys(const opts *o, char *buf, size_t n)
{
	size_t t, i;

	if (!n)
		return buf;
	buf[0] = '\0';
	for (t = 0; t < o->ntables; t++)
		for (i = 0; i < o->tables[t]->n; i++) {
			if (buf[0])
				append(buf, n, ", ");
			append(buf, n, o->tables[t]->specs[i].key);
		}
	return buf;
}

/* What a spec accepts, for error messages. */
static char *accepted(const opt_spec *s, char *buf, size_t n)
{
	size_t i;

	buf[0] = '\0';
	switch (s->type) {
	case OPT_ENUM:
	case OPT_ENUM_LIST:
		if (s->type == OPT_ENUM_LIST)
			append(buf, n, "a comma-separated list of ");
		for (i = 0; names_of(s) && names_of(s)[i]; i++) {
			if (i)
				append(buf, n, ", ");
			append(buf, n, names_of(s)[i]);
		}
		break;
	case OPT_UINT:
		snprintf(buf, n,
			 (s->flags & OPT_HEX) ? "decimal or 0x-hex, 0x%llx..0x%llx"
					      : "decimal or 0x-hex, %llu..%llu",
			 (unsigned long long)s->min, (unsigned long long)s->max);
		break;
	case OPT_BOOL:
		snprintf(buf, n, "1, 0, yes, no, on, off, true, false");
		break;
	case OPT_STRING:
		snprintf(buf, n, "%s", s->help ? s->help : "a non-empty value");
		break;
	}
	return buf;
}

static int find_name(const char *const *names, const char *v, size_t len)
{
	int i;

	for (i = 0; names && names[i]; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], v, len))
			return i;
	return -1;
}

static bool parse_uint(const char *v, uint64_t *out)
{
	uint64_t x = 0;
	unsigned base = 10, d;

	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		v += 2;
	}
	if (!*v)
		return false;
	for (; *v; v++) {
		if (*v >= '0' && *v <= '9')
			d = (unsigned)(*v - '0');
		else if (base == 16 && *v >= 'a' && *v <= 'f')
			d = (unsigned)(*v - 'a' + 10);
		else if (base == 16 && *v >= 'A' && *v <= 'F')
			d = (unsigned)(*v - 'A' + 10);
		else
			return false;
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*out = x;
	return true;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcmp(v, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcmp(v, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Levenshtein distance, capped: enough to suggest a key for a typo. */
static unsigned distance(const char *a, const char *b)
{
	unsigned row[33], i, j, la = (unsigned)strlen(a), lb = (unsigned)strlen(b);

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			unsigned up = row[j];

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static const char *suggest(const opts *o, const char *key)
{
	const char *best = NULL;
	unsigned bd = 3;
	size_t t, i;

	for (t = 0; t < o->ntables; t++)
		for (i = 0; i < o->tables[t]->n; i++) {
			const char *k = o->tables[t]->specs[i].key;
			unsigned d = distance(key, k);

			if (d < bd && d < strlen(k)) {
				bd = d;
				best = k;
			}
		}
	return best;
}

static bool set_value(opts *o, const opt_spec *s, const char *tok, const char *v)
{
	char acc[384];
	uint64_t x;
	bool b;
	int idx;

	if (!v) {
		if (s->type == OPT_BOOL) {
			*(bool *)s->dest = true;
			return true;
		}
		fail(o, "'%s': %s needs a value (%s=...); accepted: %s", tok, s->key, s->key,
		     accepted(s, acc, sizeof(acc)));
		return false;
	}
	if (!*v) {
		fail(o, "'%s': empty value for %s; accepted: %s", tok, s->key,
		     accepted(s, acc, sizeof(acc)));
		return false;
	}
	switch (s->type) {
	case OPT_ENUM:
		idx = find_name(names_of(s), v, strlen(v));
		if (idx < 0) {
			fail(o, "'%s': unknown value '%s' for %s; accepted: %s", tok, v, s->key,
			     accepted(s, acc, sizeof(acc)));
			return false;
		}
		*(unsigned *)s->dest = (unsigned)idx;
		return true;
	case OPT_ENUM_LIST: {
		opt_list l = { 0, { 0 } };
		const char *p = v;

		for (;;) {
			const char *c = strchr(p, ',');
			size_t len = c ? (size_t)(c - p) : strlen(p);
			unsigned k;

			if (!len) {
				fail(o, "'%s': empty item in the list for %s; accepted: %s", tok,
				     s->key, accepted(s, acc, sizeof(acc)));
				return false;
			}
			idx = find_name(names_of(s), p, len);
			if (idx < 0) {
				fail(o, "'%s': unknown value '%.*s' for %s; accepted: %s", tok,
				     (int)len, p, s->key, accepted(s, acc, sizeof(acc)));
				return false;
			}
			for (k = 0; k < l.n; k++)
				if (l.v[k] == (unsigned)idx) {
					fail(o, "'%s': '%.*s' listed twice", tok, (int)len, p);
					return false;
				}
			if (l.n == OPT_LIST_MAX) {
				fail(o, "'%s': more than %d items for %s", tok, OPT_LIST_MAX,
				     s->key);
				return false;
			}
			l.v[l.n++] = (unsigned)idx;
			if (!c)
				break;
			p = c + 1;
		}
		*(opt_list *)s->dest = l;
		return true;
	}
	case OPT_UINT:
		if (!parse_uint(v, &x)) {
			fail(o, "'%s': '%s' is not a number; accepted: %s", tok, v,
			     accepted(s, acc, sizeof(acc)));
			return false;
		}
		if (x < s->min || x > s->max) {
			fail(o, "'%s': %s out of range for %s; accepted: %s", tok, v, s->key,
			     accepted(s, acc, sizeof(acc)));
			return false;
		}
		*(uint64_t *)s->dest = x;
		return true;
	case OPT_BOOL:
		if (!parse_bool(v, &b)) {
			fail(o, "'%s': '%s' is not a boolean; accepted: %s", tok, v,
			     accepted(s, acc, sizeof(acc)));
			return false;
		}
		*(bool *)s->dest = b;
		return true;
	case OPT_STRING: {
		const char *why = s->check ? s->check(v) : NULL;

		if (why) {
			fail(o, "'%s': bad value '%s' for %s; accepted: %s", tok, v, s->key, why);
			return false;
		}
		*(const char **)s->dest = v;
		return true;
	}
	}
	fail(o, "'%s': option %s has an unknown type", tok, s->key);
	return false;
}

bool opts_parse(opts *o, char *args)
{
	const char *first[OPTS_MAX];
	char tok[160], keys[384];
	size_t t, total = 0;
	char *p = args;

	o->err[0] = '\0';
	for (t = 0; t < o->ntables; t++)
		total += o->tables[t]->n;
	if (total > OPTS_MAX) {
		fail(o, "internal error: more than %d options registered", OPTS_MAX);
		return false;
	}
	memset(first, 0, sizeof(first));

	while (p && *p) {
		char *start, *key, *eq, *v;
		const opt_spec *s;
		bool forced = false;
		int k;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
		/* A copy of the whole token for messages, cut if very long. */
		snprintf(tok, sizeof(tok), "%s", start);

		key = start;
		eq = strchr(start, '=');
		v = NULL;
		if (eq) {
			*eq = '\0';
			v = eq + 1;
		}
		if (!strncmp(key, "pg.", 3)) {
			key += 3;
			forced = true;
		}
		s = opts_find(o, key);
		if (!s) {
			const char *hint;

			if (!forced && (strchr(key, '.') || opts_is_foreign_key(key))) {
				if (o->passed_over)
					o->passed_over(o->ctx, tok);
				continue;
			}
			hint = suggest(o, key);
			opts_keys(o, keys, sizeof(keys));
			if (hint)
				fail(o,
				     "'%s': unknown key '%s' (did you mean '%s'?); accepted keys: "
				     "%s",
				     tok, key, hint, keys);
			else
				fail(o, "'%s': unknown key '%s'; accepted keys: %s", tok, key,
				     keys);
			return false;
		}
		k = spec_index(o, s);
		if (first[k]) {
			fail(o, "'%s': %s given twice (first as '%s')", tok, s->key, first[k]);
			return false;
		}
		if (!set_value(o, s, tok, v))
			return false;
		/* Keep the token whole for a "given twice" message: undo the cut
		 * at '=' (the value stays NUL-terminated at the token's end). */
		if (eq)
			*eq = '=';
		first[k] = start;
	}
	return true;
}

char *opts_format(const opt_spec *s, char *buf, size_t n)
{
	const opt_list *l;
	unsigned i, idx;

	if (!n)
		return buf;
	buf[0] = '\0';
	switch (s->type) {
	case OPT_ENUM:
		idx = *(const unsigned *)s->dest;
		for (i = 0; names_of(s) && names_of(s)[i] && i < idx; i++)
			;
		snprintf(buf, n, "%s",
			 names_of(s) && names_of(s)[i] && i == idx ? names_of(s)[idx] : "?");
		break;
	case OPT_ENUM_LIST:
		l = s->dest;
		for (i = 0; i < l->n; i++) {
			if (i)
				append(buf, n, ",");
			append(buf, n, names_of(s)[l->v[i]]);
		}
		break;
	case OPT_UINT:
		snprintf(buf, n, (s->flags & OPT_HEX) ? "0x%llx" : "%llu",
			 (unsigned long long)*(const uint64_t *)s->dest);
		break;
	case OPT_BOOL:
		snprintf(buf, n, "%d", *(const bool *)s->dest ? 1 : 0);
		break;
	case OPT_STRING:
		snprintf(buf, n, "%s",
			 *(const char *const *)s->dest ? *(const char *const *)s->dest : "");
		break;
	}
	return buf;
}
