/*
 * ESR decoding, after the Arm ARM (DDI0487) description of ESR_EL1: the EC
 * table and, for aborts, the DFSC/IFSC encodings.
 */
#include <stdio.h>

#include "lib/esr.h"

/* One class per line reads like the manual's table. */
/* clang-format off */
const char *esr_class_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "undefined instruction"; /* "unknown reason" */
	case 0x01: return "wfi/wfe trap";
	case 0x03: return "aarch32 mcr/mrc cp15 trap";
	case 0x04: return "aarch32 mcrr/mrrc cp15 trap";
	case 0x05: return "aarch32 mcr/mrc cp14 trap";
	case 0x06: return "aarch32 ldc/stc trap";
	case 0x07: return "sve/simd/fp access trap";
	case 0x09: return "pointer authentication trap";
	case 0x0a: return "ld64b/st64b trap";
	case 0x0c: return "aarch32 mrrc cp14 trap";
	case 0x0d: return "branch target exception";
	case 0x0e: return "illegal execution state";
	case 0x11: return "aarch32 svc";
	case 0x15: return "svc";
	case 0x16: return "hvc";
	case 0x17: return "smc";
	case 0x18: return "msr/mrs/system instruction trap";
	case 0x19: return "sve access trap";
	case 0x1c: return "pointer authentication failure";
	case 0x1d: return "sme access trap";
	case 0x20: return "instruction abort from a lower el";
	case 0x21: return "instruction abort";
	case 0x22: return "pc alignment fault";
	case 0x24: return "data abort from a lower el";
	case 0x25: return "data abort";
	case 0x26: return "sp alignment fault";
	case 0x27: return "memory operation exception";
	case 0x28: return "aarch32 fp exception";
	case 0x2c: return "fp exception";
	case 0x2f: return "serror";
	case 0x30: return "breakpoint from a lower el";
	case 0x31: return "breakpoint";
	case 0x32: return "software step from a lower el";
	case 0x33: return "software step";
	case 0x34: return "watchpoint from a lower el";
	case 0x35: return "watchpoint";
	case 0x38: return "aarch32 bkpt";
	case 0x3c: return "brk";
	default:   return "reserved exception class";
	}
}
/* clang-format on */

bool esr_is_abort(uint64_t esr)
{
	unsigned ec = esr_ec(esr);

	return ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25;
}

bool esr_far_valid(uint64_t esr)
{
	unsigned ec = esr_ec(esr);

	if (esr_is_abort(esr))
		return !(esr & (1u << 10)); /* FnV */
	return ec == 0x22 || ec == 0x34 || ec == 0x35;
}

/* clang-format off */
const char *esr_fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	case 0x14: return "external abort on table walk";
	case 0x1c: return "parity/ecc error on table walk";
	default: break;
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x11: return "tag check fault";
	case 0x18: return "parity/ecc error";
	case 0x21: return "alignment fault";
	case 0x30: return "tlb conflict abort";
	case 0x31: return "unsupported atomic hardware update";
	case 0x35: return "unsupported exclusive or atomic access";
	default:   return "reserved fault status";
	}
}
/* clang-format on */

int esr_fsc_level(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x00:
	case 0x04:
	case 0x08:
	case 0x0c:
	case 0x14:
	case 0x1c:
		return (int)(fsc & 3);
	default:
		return -1;
	}
}

void esr_iss_describe(uint64_t esr, char *buf, size_t n)
{
	unsigned ec = esr_ec(esr);
	unsigned fsc = esr_fsc(esr);
	int level = esr_fsc_level(fsc);

	if (!n)
		return;
	buf[0] = '\0';
	if (esr_is_abort(esr)) {
		const char *rw = "";

		if (ec == 0x24 || ec == 0x25)
			rw = (esr & (1u << 6)) ? ", write" : ", read";
		if (level >= 0)
			snprintf(buf, n, "%s, level %d%s", esr_fsc_name(fsc), level, rw);
		else
			snprintf(buf, n, "%s%s", esr_fsc_name(fsc), rw);
	} else if (ec == 0x3c || ec == 0x15 || ec == 0x16 || ec == 0x17) {
		snprintf(buf, n, "imm16 0x%04x", (unsigned)(esr & 0xffff));
	}
}

const char *esr_iss_text(uint64_t esr)
{
	static char buf[80];

	esr_iss_describe(esr, buf, sizeof(buf));
	return buf;
}
