/*
 * Fault recovery in a Linux process: arch/recover.h's contract kept with
 * signals.  SIGSEGV, SIGBUS, SIGILL and SIGTRAP are caught with
 * sigaction(SA_SIGINFO) on an alternate stack (generated code may have
 * moved SP into the arena: the kernel must not push a frame there).  While
 * a recover_call is active, the handler fills the fault record and returns
 * to pg_linux_resume (enter.S), so the thread continues as after a fault on
 * the firmware; outside one, the fault is the program's own and ends the
 * run through the hook linux.h's lx_set_fatal registered (Bail out!, exit
 * status 2).
 *
 * The record: ELR from the frame's PC; FAR from si_addr for SIGSEGV and
 * SIGBUS (the kernel's FAR_EL1), else not valid; ESR from the frame's
 * esr_context record when the kernel wrote one (Linux does for data and
 * instruction aborts; qemu-user writes none, linux.h says what is then
 * derived).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include "arch/recover.h"
#include "lib/esr.h"
#include "linux/linux.h"

/* enter.S */
int pg_linux_enter(uint64_t entry, uint64_t arg, uint64_t *result);
void pg_linux_resume(void);

/* The signal frame's records (Linux arch/arm64/include/uapi/asm/sigcontext.h:
 * a list of {magic, size} headers in __reserved, ended by magic 0). */
#define LX_ESR_MAGIC 0x45535201u

typedef struct lx_ctx_head {
	uint32_t magic, size;
} lx_ctx_head;

static struct {
	unsigned depth;
	volatile sig_atomic_t watch; /* the depth recover_call_timed times, or 0 */
	recover_fault last;
	bool esr_seen, esr_missing;
	int last_sig;
	lx_fatal_fn fatal;
	void *fatal_ctx;
	uint8_t altstack[64 * 1024] __attribute__((aligned(16)));
} rc;

static bool frame_esr(const ucontext_t *uc, uint64_t *esr)
{
	const uint8_t *p = (const uint8_t *)uc->uc_mcontext.__reserved;
	size_t off = 0, room = sizeof(uc->uc_mcontext.__reserved);

	while (off + sizeof(lx_ctx_head) <= room) {
		lx_ctx_head h;

		memcpy(&h, p + off, sizeof(h));
		if (h.magic == 0 || h.size < sizeof(h) || h.size > room - off)
			break;
		if (h.magic == LX_ESR_MAGIC && h.size >= sizeof(h) + 8) {
			memcpy(esr, p + off + sizeof(h), 8);
			return true;
		}
		off += h.size;
	}
	return false;
}

/*
 * No esr_context: the class the architecture gives for what the signal
 * says (Arm ARM D17.2.37, ESR_EL1): SIGILL is an UNDEFINED instruction,
 * EC 0x00; SIGTRAP from BRK #imm, EC 0x3c with the immediate; SIGSEGV and
 * SIGBUS a data abort from EL0, EC 0x24, with no status code known (ISS 0:
 * "address size fault, level 0" would be a lie, so FnV is set: FAR not
 * known from the ESR, si_addr still gives it).  IL = 1 (32-bit
 * instructions).  Marked as derived in the report (lx_esr_source).
 */
static uint64_t derived_esr(int sig, uint64_t pc)
{
	const uint64_t il = 1ull << 25;

	switch (sig) {
	case SIGTRAP: {
		uint32_t w = *(const volatile uint32_t *)(uintptr_t)pc;

		if ((w & 0xffe0001fu) == 0xd4200000u) /* BRK #imm16 */
			return (0x3cull << 26) | il | ((w >> 5) & 0xffff);
		return (0x3cull << 26) | il;
	}
	case SIGSEGV:
	case SIGBUS:
		return (0x24ull << 26) | il | (1ull << 10); /* FnV */
	default:
		return il; /* EC 0x00 */
	}
}

static void on_signal(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;
	uint64_t pc = uc->uc_mcontext.pc, esr = 0;
	bool from_frame = frame_esr(uc, &esr);

	if (sig == SIGSEGV && lx_exec_write_fault((uint64_t)(uintptr_t)si->si_addr, pc))
		return; /* jit=mprotect: a page flipped; the access is retried */
	if (rc.depth == 0) {
		if (rc.fatal)
			rc.fatal(rc.fatal_ctx, sig, pc, (uint64_t)(uintptr_t)si->si_addr);
		_exit(2);
	}
	if (from_frame)
		rc.esr_seen = true;
	else
		rc.esr_missing = true;
	memset(&rc.last, 0, sizeof(rc.last));
	rc.last_sig = sig;
	rc.last.esr = from_frame ? esr : derived_esr(sig, pc);
	rc.last.ec = esr_ec(rc.last.esr);
	rc.last.far_valid = sig == SIGSEGV || sig == SIGBUS;
	rc.last.far = rc.last.far_valid ? (uint64_t)(uintptr_t)si->si_addr : 0;
	rc.last.elr = pc;
	rc.last.spsr = uc->uc_mcontext.pstate;
	rc.last.name = esr_class_name(rc.last.ec);
	uc->uc_mcontext.pc = (uint64_t)(uintptr_t)pg_linux_resume;
}

/* recover_call_timed's watchdog: the call it times is ended as a fault
 * (hung), anything else SIGALRM meets is left alone. */
static void on_alarm(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;

	(void)sig;
	(void)si;
	if (rc.watch == 0 || (unsigned)rc.watch != rc.depth)
		return;
	memset(&rc.last, 0, sizeof(rc.last));
	rc.last_sig = SIGALRM;
	rc.last.hung = true;
	rc.last.elr = uc->uc_mcontext.pc;
	rc.last.spsr = uc->uc_mcontext.pstate;
	rc.last.name = "watchdog: did not return in time";
	uc->uc_mcontext.pc = (uint64_t)(uintptr_t)pg_linux_resume;
}

bool lx_recover_init(char *err, size_t n)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGALRM };
	stack_t ss = { .ss_sp = rc.altstack, .ss_size = sizeof(rc.altstack) };
	struct sigaction sa;

	if (sigaltstack(&ss, NULL) != 0) {
		snprintf(err, n, "sigaltstack: %s", strerror(errno));
		return false;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sa.sa_sigaction = sigs[i] == SIGALRM ? on_alarm : on_signal;
		if (sigaction(sigs[i], &sa, NULL) != 0) {
			snprintf(err, n, "sigaction(%s): %s", strsignal(sigs[i]), strerror(errno));
			return false;
		}
	}
	return true;
}

void lx_set_fatal(lx_fatal_fn fn, void *ctx)
{
	rc.fatal = fn;
	rc.fatal_ctx = ctx;
}

const char *lx_esr_source(void)
{
	if (rc.esr_seen && rc.esr_missing)
		return "the kernel's esr_context for some faults, derived from the signal for "
		       "others";
	if (rc.esr_missing)
		return "derived from the signal (the signal frames carried no esr_context)";
	if (rc.esr_seen)
		return "the kernel's esr_context";
	return NULL;
}

const char *lx_last_signal_name(void)
{
	switch (rc.last_sig) {
	case SIGSEGV:
		return "SIGSEGV";
	case SIGBUS:
		return "SIGBUS";
	case SIGILL:
		return "SIGILL";
	case SIGTRAP:
		return "SIGTRAP";
	case SIGALRM:
		return "SIGALRM";
	default:
		return "no signal";
	}
}

static bool enter(uint64_t entry, uint64_t arg, uint64_t *result, recover_fault *fault)
{
	uint64_t out = 0;
	int ok;

	rc.depth++;
	ok = pg_linux_enter(entry, arg, &out);
	rc.depth--;
	if (ok) {
		if (result)
			*result = out;
		return true;
	}
	if (fault)
		*fault = rc.last;
	return false;
}

bool recover_call(recover_fn fn, uint64_t arg, uint64_t *result, recover_fault *fault)
{
	return enter((uint64_t)(uintptr_t)fn, arg, result, fault);
}

bool recover_call_code(const void *entry, uint64_t arg, uint64_t *result, recover_fault *fault)
{
	return enter((uint64_t)(uintptr_t)entry, arg, result, fault);
}

bool recover_call_timed(recover_fn fn, uint64_t arg, unsigned ms, uint64_t *result,
			recover_fault *fault)
{
	struct itimerval on = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } }, off = { 0 };
	bool ok;

	rc.watch = (sig_atomic_t)(rc.depth + 1);
	setitimer(ITIMER_REAL, &on, NULL);
	ok = recover_call(fn, arg, result, fault);
	setitimer(ITIMER_REAL, &off, NULL);
	rc.watch = 0;
	return ok;
}

bool recover_has_watchdog(void)
{
	return true; /* SIGALRM */
}

unsigned recover_depth_now(void)
{
	return rc.depth;
}
