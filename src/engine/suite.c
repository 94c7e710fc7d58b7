/*
 * Suite registry of the engine: names, groups, iteration, case ids.  The
 * generators themselves are gen_regression.c, gen_sweep.c, gen_random.c,
 * gen_forms.c, gen_loads.c, gen_memtypes.c.
 */
#include <stdio.h>
#include <string.h>

#include "engine/gen.h"
#include "engine/suite.h"

void eng_params_default(eng_params *p)
{
	p->seed = 1;
	p->bases = ENG_BASE_BIT(19);
	p->count = 256;
	p->maxlen = 40;
}

static const char *const suite_names[ENG_SUITE_COUNT] = {
	[ENG_SUITE_REGRESSION] = "regression", [ENG_SUITE_SWEEP] = "sweep",
	[ENG_SUITE_RANDOM] = "random",	       [ENG_SUITE_FORMS] = "forms",
	[ENG_SUITE_LOADS] = "loads",	       [ENG_SUITE_MEMTYPES] = "memtypes",
};

const char *eng_suite_name(eng_suite_id s)
{
	return s < ENG_SUITE_COUNT ? suite_names[s] : "?";
}

eng_suite_id eng_suite_find(const char *name)
{
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++)
		if (strcmp(name, suite_names[s]) == 0)
			return (eng_suite_id)s;
	return ENG_SUITE_COUNT;
}

unsigned eng_suite_groups(eng_suite_id s)
{
	switch (s) {
	case ENG_SUITE_REGRESSION:
		return gen_regression_groups();
	case ENG_SUITE_SWEEP:
		return gen_sweep_groups(false);
	case ENG_SUITE_RANDOM:
		return gen_random_groups();
	case ENG_SUITE_FORMS:
		return gen_forms_groups();
	case ENG_SUITE_LOADS:
		return gen_loads_groups();
	case ENG_SUITE_MEMTYPES:
		return gen_memtypes_groups();
	default:
		return 0;
	}
}

unsigned eng_sweep_fusion_groups(void)
{
	return gen_sweep_groups(true);
}

int eng_group_name(eng_suite_id s, unsigned g, char *buf, size_t n)
{
	char sub[64];

	switch (s) {
	case ENG_SUITE_REGRESSION:
		gen_regression_group_name(g, sub, sizeof(sub));
		break;
	case ENG_SUITE_SWEEP:
		gen_sweep_group_name(false, g, sub, sizeof(sub));
		break;
	case ENG_SUITE_LOADS:
		gen_loads_group_name(g, sub, sizeof(sub));
		break;
	case ENG_SUITE_RANDOM:
		gen_random_group_name(g, sub, sizeof(sub));
		break;
	case ENG_SUITE_FORMS:
		gen_forms_group_name(g, sub, sizeof(sub));
		break;
	case ENG_SUITE_MEMTYPES:
		gen_memtypes_group_name(g, sub, sizeof(sub));
		break;
	default:
		snprintf(sub, sizeof(sub), "?");
		break;
	}
	return snprintf(buf, n, "%s/%s", eng_suite_name(s), sub);
}

uint64_t eng_group_cases(const eng_params *p, eng_suite_id s, unsigned g)
{
	switch (s) {
	case ENG_SUITE_REGRESSION:
		return gen_regression_group_cases(g);
	case ENG_SUITE_SWEEP:
		return gen_sweep_group_cases(p, g);
	case ENG_SUITE_RANDOM:
		return gen_random_group_cases(p, g);
	case ENG_SUITE_FORMS:
		return gen_forms_group_cases(g);
	case ENG_SUITE_LOADS:
		return gen_loads_group_cases(p, g);
	case ENG_SUITE_MEMTYPES:
		return gen_memtypes_group_cases(g);
	default:
		return 0;
	}
}

void eng_iter_start(eng_iter *it, const eng_params *p, eng_suite_id s, unsigned g)
{
	memset(it, 0, sizeof(*it));
	it->p = p;
	it->suite = s;
	it->group = g;
	it->total = eng_group_cases(p, s, g);
}

bool eng_iter_next(eng_iter *it, eng_case *c)
{
	bool ok = false;

	if (it->done >= it->total)
		return false;
	c->fault_ec = 0;
	c->fault_item = 0;
	c->mixed = 0;
	c->fault_dfsc = 0;
	c->base_skew = 0;
	switch (it->suite) {
	case ENG_SUITE_REGRESSION:
		ok = gen_regression_case(it->group * 2 + it->done, c);
		break;
	case ENG_SUITE_SWEEP:
		ok = gen_sweep_next(it, c);
		break;
	case ENG_SUITE_RANDOM:
		ok = gen_random_case(it->p, it->done * 2 + it->group, c);
		break;
	case ENG_SUITE_FORMS:
		ok = gen_forms_case(it->group * gen_forms_group_cases(0) + it->done, c);
		break;
	case ENG_SUITE_LOADS:
		ok = gen_loads_next(it, c);
		break;
	case ENG_SUITE_MEMTYPES:
		ok = gen_memtypes_case(gen_memtypes_index(it->group, it->done), c);
		break;
	default:
		break;
	}
	if (ok)
		it->done++;
	return ok;
}

bool eng_case_get(const eng_params *p, eng_suite_id s, uint64_t index, eng_case *c)
{
	c->fault_ec = 0;
	c->fault_item = 0;
	c->mixed = 0;
	c->fault_dfsc = 0;
	c->base_skew = 0;
	switch (s) {
	case ENG_SUITE_REGRESSION:
		return gen_regression_case(index, c);
	case ENG_SUITE_SWEEP:
		return gen_sweep_case(false, index, c);
	case ENG_SUITE_LOADS:
		return gen_loads_case(p, index, c);
	case ENG_SUITE_RANDOM:
		return gen_random_case(p, index, c);
	case ENG_SUITE_FORMS:
		return gen_forms_case(index, c);
	case ENG_SUITE_MEMTYPES:
		return gen_memtypes_case(index, c);
	default:
		return false;
	}
}

bool eng_case_id_parse(const char *s, eng_suite_id *suite, uint64_t *index)
{
	const char *slash = strchr(s, '/');
	char name[32];
	uint64_t v = 0;
	size_t len;

	if (!slash || (len = (size_t)(slash - s)) == 0 || len >= sizeof(name))
		return false;
	memcpy(name, s, len);
	name[len] = '\0';
	*suite = eng_suite_find(name);
	if (*suite == ENG_SUITE_COUNT)
		return false;
	s = slash + 1;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*index = v;
	return true;
}

int eng_base_parse(const char *s)
{
	unsigned v = 0;

	if (strcmp(s, "sp") == 0)
		return 31;
	if (s[0] != 'x' || s[1] == '\0' || (s[1] == '0' && s[2] != '\0'))
		return -1;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 30)
			return -1;
	}
	return (int)v;
}

bool eng_case_open(const eng_case *c)
{
	return gen_forms_open(c);
}

const char *eng_case_choice(const eng_case *c, const eng_regs *r, const eng_verdict *v,
			    const eng_fault *f)
{
	return gen_forms_open(c) ? gen_forms_choice(c, r, v, f) : NULL;
}
