/*
 * Names for ESR_ELx contents: exception classes and abort status codes.
 * Pure code (host-tested); the firmware's exception reports and the
 * engine's YAML "fault:" records use the same names.
 */
#ifndef PG_LIB_ESR_H
#define PG_LIB_ESR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline unsigned esr_ec(uint64_t esr)
{
	return (unsigned)(esr >> 26) & 0x3f;
}

/* Short lower-case name of an exception class, e.g. "data abort";
 * "exception class 0x.." is never returned: unknown classes give
 * "reserved exception class". */
const char *esr_class_name(unsigned ec);

/* True for classes whose FAR holds the faulting address (aborts with FnV
 * clear, PC alignment, watchpoints). */
bool esr_far_valid(uint64_t esr);

/* True for instruction and data aborts (current or lower EL). */
bool esr_is_abort(uint64_t esr);

/* For aborts: the fault status code (DFSC/IFSC, ISS[5:0]). */
static inline unsigned esr_fsc(uint64_t esr)
{
	return (unsigned)esr & 0x3f;
}

/* "translation fault", "permission fault", "alignment fault", ...;
 * the level is separate (esr_fsc_level, -1 when the code has none). */
const char *esr_fsc_name(unsigned fsc);
int esr_fsc_level(unsigned fsc);

/* One-line decode of the ISS for a report, e.g.
 * "translation fault, level 1, write" (empty for classes without one). */
const char *esr_iss_text(uint64_t esr);
void esr_iss_describe(uint64_t esr, char *buf, size_t n);

#endif
