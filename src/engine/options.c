/* The engine's bootargs (see options.h). */
#include <stdio.h>
#include <string.h>

#include "engine/options.h"
#include "jit/emit.h"

const char *const eng_option_keys[] = {
	"policy", "seed", "count", "case", "verbose", "batch", "bases", "inject", NULL,
};

void eng_options_default(eng_options *o)
{
	memset(o, 0, sizeof(*o));
	eng_params_default(&o->cfg.params);
	o->cfg.policy = fuse_policy_default();
	o->cfg.batch = ENG_BATCH_DEFAULT;
	o->cfg.cap = ENG_CAP_DEFAULT;
}

bool eng_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static int bad(char *err, size_t n, const char *key, const char *value, const char *accepted)
{
	snprintf(err, n, "bad value '%s' for %s= (accepted: %s)", value, key, accepted);
	return -1;
}

static int parse_policy(eng_options *o, const char *v, char *err, size_t n)
{
	const struct fuse_policy *p = fuse_policy_find(v);
	char list[256];
	size_t len = 0;

	if (p) {
		o->cfg.policy = p;
		return 1;
	}
	list[0] = '\0';
	for (unsigned i = 0; fuse_policy_names[i]; i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					fuse_policy_names[i]);
	return bad(err, n, "policy", v, list);
}

static int parse_bases(eng_options *o, const char *v, char *err, size_t n)
{
	const char *accepted = "all, or a comma-separated list of x0..x30, sp";
	uint32_t mask = 0;
	const char *p = v;

	if (strcmp(v, "all") == 0) {
		o->cfg.params.bases = ENG_BASE_ALL;
		return 1;
	}
	while (*p) {
		char name[8];
		size_t len = strcspn(p, ",");
		int r;

		if (len == 0 || len >= sizeof(name))
			return bad(err, n, "bases", v, accepted);
		memcpy(name, p, len);
		name[len] = '\0';
		r = eng_base_parse(name);
		if (r < 0)
			return bad(err, n, "bases", v, accepted);
		mask |= ENG_BASE_BIT((unsigned)r);
		p += len;
		if (*p == ',' && *++p == '\0')
			return bad(err, n, "bases", v, accepted);
	}
	if (mask == 0)
		return bad(err, n, "bases", v, accepted);
	o->cfg.params.bases = mask;
	return 1;
}

int eng_option(eng_options *o, const char *key, const char *v, char *err, size_t n)
{
	uint64_t x;

	if (strcmp(key, "policy") == 0)
		return parse_policy(o, v, err, n);
	if (strcmp(key, "seed") == 0) {
		if (!eng_parse_u64(v, &x))
			return bad(err, n, key, v, "a 64-bit number, decimal or 0x hex");
		o->cfg.params.seed = x;
		return 1;
	}
	if (strcmp(key, "count") == 0) {
		if (!eng_parse_u64(v, &x) || x < 1 || x > 100000000)
			return bad(err, n, key, v, "random streams, 1..100000000");
		o->cfg.params.count = x;
		return 1;
	}
	if (strcmp(key, "verbose") == 0) {
		if (!eng_parse_u64(v, &x) || x > 2)
			return bad(err, n, key, v,
				   "0, 1 (a line per failed case), 2 (and up to 64 failures in "
				   "full per group)");
		o->cfg.verbose = (unsigned)x;
		o->cfg.cap = x >= 2 ? ENG_CAP_VERBOSE : ENG_CAP_DEFAULT;
		return 1;
	}
	if (strcmp(key, "batch") == 0) {
		if (!eng_parse_u64(v, &x) || x < 1 || x > ENG_BATCH_MAX)
			return bad(err, n, key, v, "cases per coherency pass, 1..256");
		o->cfg.batch = (unsigned)x;
		return 1;
	}
	if (strcmp(key, "bases") == 0)
		return parse_bases(o, v, err, n);
	if (strcmp(key, "inject") == 0) {
		if (strcmp(v, "none") == 0)
			o->cfg.inject_flip = false;
		else if (strcmp(v, "flip") == 0)
			o->cfg.inject_flip = true;
		else
			return bad(err, n, key, v,
				   "none, flip (test hook: flip an offset bit of each case's last "
				   "store word after emission)");
		return 1;
	}
	if (strcmp(key, "case") == 0) {
		if (!eng_case_id_parse(v, &o->replay_suite, &o->replay_index))
			return bad(err, n, key, v,
				   "<suite>/<index> with suite regression, sweep or random, as a "
				   "report names it");
		o->replay = true;
		return 1;
	}
	return 0;
}

bool eng_options_finish(eng_options *o, char *err, size_t n)
{
	eng_case c;
	eng_params all = o->cfg.params;

	if (!o->replay)
		return true;
	/* An id names a case whatever bases= says. */
	all.bases = ENG_BASE_ALL;
	if (!eng_case_get(&all, o->replay_suite, o->replay_index, &c)) {
		snprintf(err, n,
			 "bad value '%s/%lu' for case=: no such case (accepted: an id a report "
			 "names)",
			 eng_suite_name(o->replay_suite), (unsigned long)o->replay_index);
		return false;
	}
	return true;
}
