/*
 * The registry of fusion policies (name -> policy) and the one way a policy
 * is asked (see policy.h).
 */
#include <stdio.h>
#include <string.h>

#include "jit/builtin.h"

static const fuse_policy *const builtins[] = {
	&fuse_policy_fixed,	      &fuse_policy_none,
	&fuse_policy_luajit_2016,     &fuse_policy_luajit_pre1056,
	&fuse_policy_luajit_pre1075,  &fuse_policy_no_barrier,
	&fuse_policy_luajit_21,	      &fuse_policy_hotspot,
	&fuse_policy_ryujit,	      &fuse_policy_ryujit_pre85765,
	&fuse_policy_graal,	      &fuse_policy_test_gap,
	&fuse_policy_test_other_base, &fuse_policy_test_other_file,
	&fuse_policy_test_load_store,
};

#define BUILTIN_COUNT (sizeof(builtins) / sizeof(builtins[0]))

_Static_assert(BUILTIN_COUNT < FUSE_POLICY_MAX, "room for a plug-in in the registry");

/* Built once: built-ins, then the plug-ins (as many as fit; the check
 * below reports the rest). */
static const fuse_policy *all[FUSE_POLICY_MAX];
static const char *names[FUSE_POLICY_MAX + 1];
static size_t count;

static void build(void)
{
	if (count)
		return;
	for (size_t i = 0; i < BUILTIN_COUNT; i++)
		all[count++] = builtins[i];
	for (size_t i = 0; pg_plugin_policies[i] && count < FUSE_POLICY_MAX; i++)
		all[count++] = pg_plugin_policies[i];
	for (size_t i = 0; i < count; i++)
		names[i] = all[i]->name ? all[i]->name : "(unnamed)";
	names[count] = NULL;
}

const fuse_policy *fuse_policy_find(const char *name)
{
	const fuse_policy *found = NULL;

	build();
	for (size_t i = 0; name && i < count; i++)
		if (all[i]->name && strcmp(all[i]->name, name) == 0) {
			if (found)
				return NULL; /* two of that name: neither */
			found = all[i];
		}
	return found;
}

const char *fuse_policy_name(const fuse_policy *p)
{
	return p && p->name ? p->name : "(none)";
}

const char *fuse_policy_summary(const fuse_policy *p)
{
	return p && p->summary ? p->summary : "";
}

const char *const *fuse_policy_name_list(void)
{
	build();
	return names;
}

const fuse_policy *fuse_policy_default(void)
{
	return &fuse_policy_fixed;
}

static bool name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '.' || *s == '_'))
			return false;
	return true;
}

const char *fuse_policy_list_check(const fuse_policy *const *list, size_t n, char *msg, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		const fuse_policy *p = list[i];
		if (!name_ok(p->name)) {
			snprintf(msg, len,
				 "policy name '%s' is not 1..32 of a-z, 0-9, '-', '.', '_' "
				 "(set .name of the plug-in's pg_plugin_policy)",
				 p->name ? p->name : "(NULL)");
			return msg;
		}
		if (!p->fuse) {
			snprintf(msg, len, "policy '%s' has no .fuse function", p->name);
			return msg;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(list[j]->name, p->name) == 0) {
				snprintf(
					msg, len,
					"policy name '%s' is taken twice (a plug-in must not use a "
					"built-in policy's name)",
					p->name);
				return msg;
			}
	}
	return NULL;
}

const char *fuse_policy_registry_check(char *msg, size_t n)
{
	size_t plugins = 0;

	build();
	while (pg_plugin_policies[plugins])
		plugins++;
	if (BUILTIN_COUNT + plugins > FUSE_POLICY_MAX) {
		snprintf(msg, n, "%zu plug-in policies, room for %zu", plugins,
			 (size_t)FUSE_POLICY_MAX - BUILTIN_COUNT);
		return msg;
	}
	return fuse_policy_list_check(all, count, msg, n);
}

a64_single_form fuse_policy_form(const fuse_policy *p, a64_kind k, int64_t off)
{
	return p && p->form ? p->form(k, off) : a64_single_form_of(k, off);
}

a64_err fuse_access_make(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
			 fuse_access *a)
{
	a64_err err = A64_ERR_RANGE;
	a64_single_form f = fuse_policy_form(p, k, off);

	a->kind = k, a->rt = rt, a->rn = rn, a->off = off, a->form = f;
	a->imm = off;
	a->word = A64_POISON;
	if (f == A64_FORM_IMM12) {
		a->imm = off / (int64_t)a64_kind_size(k);
		a->word = a64_enc_uimm(k, rt, rn, off, &err);
	} else if (f == A64_FORM_IMM9) {
		a->word = a64_enc_simm9(k, rt, rn, off, &err);
	}
	return err;
}

static fuse_guard_fn *guard;

void fuse_policy_set_guard(fuse_guard_fn *g)
{
	guard = g;
}

static bool is_builtin(const fuse_policy *p)
{
	for (size_t i = 0; i < BUILTIN_COUNT; i++)
		if (builtins[i] == p)
			return true;
	return false;
}

fuse_answer fuse_ask_access(const fuse_policy *p, const fuse_access *cur, uint32_t prev,
			    const fuse_access *prev_req, bool label, uint32_t *pair)
{
	fuse_query q;

	*pair = FUSE_KEEP;
	if (!p || !p->fuse)
		return FUSE_ANSWER_KEEP;
	q.cur = *cur;
	q.prev = prev;
	q.prev_req = prev_req;
	q.label = label;
	if (guard && !is_builtin(p)) {
		fuse_call how = guard(p, &q, pair);

		if (how != FUSE_CALL_RETURNED) {
			*pair = FUSE_KEEP;
			return how == FUSE_CALL_HUNG ? FUSE_ANSWER_HUNG : FUSE_ANSWER_FAULT;
		}
	} else {
		*pair = p->fuse(p, &q);
	}
	return *pair != FUSE_KEEP ? FUSE_ANSWER_PAIR : FUSE_ANSWER_KEEP;
}

bool fuse_ask(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
	      uint32_t prev, const fuse_access *prev_req, bool label, uint32_t *pair)
{
	fuse_access cur;

	if (fuse_access_make(p, k, rt, rn, off, &cur) != A64_OK)
		return false;
	return fuse_ask_access(p, &cur, prev, prev_req, label, pair) == FUSE_ANSWER_PAIR;
}

bool fuse_try(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
	      uint32_t prev, bool prev_is_label, uint32_t *pair)
{
	return fuse_ask(p, k, rt, rn, off, prev, NULL, prev_is_label, pair);
}
