/* Internal interface between the suite registry and the generators. */
#ifndef PG_ENGINE_GEN_H
#define PG_ENGINE_GEN_H

#include "engine/suite.h"

unsigned gen_regression_groups(void);
void gen_regression_group_name(unsigned g, char *buf, size_t n);
uint64_t gen_regression_group_cases(unsigned g);
bool gen_regression_case(uint64_t index, eng_case *c);

/* The sweep's domain; `loads`: its fusion groups (the first 40: not the
 * never-fuse ones, whose other-kind shapes mix loads and stores) with the
 * load kinds (the loads suite's first groups, gen_loads.c). */
unsigned gen_sweep_groups(bool loads);
void gen_sweep_group_name(bool loads, unsigned g, char *buf, size_t n);
uint64_t gen_sweep_group_cases(const eng_params *p, unsigned g);
bool gen_sweep_next(eng_iter *it, eng_case *c);
bool gen_sweep_case(bool loads, uint64_t index, eng_case *c);
uint64_t gen_sweep_total(void); /* indices of those 40 groups, every base */
/* The sweep's value registers for case `local` of a block at `base`. */
void gen_rotate_regs(unsigned kind, unsigned base, uint64_t local, unsigned *ri, unsigned *rj);

unsigned gen_loads_groups(void);
void gen_loads_group_name(unsigned g, char *buf, size_t n);
uint64_t gen_loads_group_cases(const eng_params *p, unsigned g);
bool gen_loads_next(eng_iter *it, eng_case *c);
bool gen_loads_case(const eng_params *p, uint64_t index, eng_case *c);

unsigned gen_random_groups(void);
void gen_random_group_name(unsigned g, char *buf, size_t n);
uint64_t gen_random_group_cases(const eng_params *p, unsigned g);
bool gen_random_case(const eng_params *p, uint64_t index, eng_case *c);

unsigned gen_forms_groups(void);
void gen_forms_group_name(unsigned g, char *buf, size_t n);
uint64_t gen_forms_group_cases(unsigned g);
bool gen_forms_case(uint64_t index, eng_case *c);
/* The forms suite's open model (CONSTRAINED UNPREDICTABLE writeback
 * overlaps): which cases, and the permitted choice a run showed (NULL:
 * none of them). */
bool gen_forms_open(const eng_case *c);
const char *gen_forms_choice(const eng_case *c, const eng_regs *r, const eng_verdict *v,
			     const eng_fault *f);

unsigned gen_memtypes_groups(void);
void gen_memtypes_group_name(unsigned g, char *buf, size_t n);
uint64_t gen_memtypes_group_cases(unsigned g);
uint64_t gen_memtypes_index(unsigned g, uint64_t local); /* a case's id */
bool gen_memtypes_case(uint64_t index, eng_case *c);

/* Item constructors. */
static inline eng_item gen_access(unsigned kind, unsigned rt, unsigned rn, int64_t off)
{
	eng_item it = { .type = ENG_ACCESS,
			.kind = (uint8_t)kind,
			.rt = (uint8_t)rt,
			.rn = (uint8_t)rn,
			.off = (int32_t)off };
	return it;
}

static inline eng_item gen_marker(eng_item_type type)
{
	eng_item it = { .type = (uint8_t)type };
	return it;
}

#endif
