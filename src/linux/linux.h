/*
 * pairguard as a Linux process: what its parts (main.c, the backend
 * exec.c, signal recovery recover.c + enter.S, the facts Linux gives
 * sysinfo.c) tell each other.
 */
#ifndef PG_LINUX_LINUX_H
#define PG_LINUX_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- recover.c ---- */

/* Catch SIGSEGV, SIGBUS, SIGILL, SIGTRAP on an alternate stack. */
bool lx_recover_init(char *err, size_t n);

/* What a fault outside every recover_call does (then _exit(2)). */
typedef void (*lx_fatal_fn)(void *ctx, int sig, uint64_t pc, uint64_t addr);
void lx_set_fatal(lx_fatal_fn fn, void *ctx);

/* Where the ESRs of the faults so far came from (NULL: no fault yet). */
const char *lx_esr_source(void);

/* The last recovered fault's signal, e.g. "SIGILL". */
const char *lx_last_signal_name(void);

/* ---- exec.c: the engine's backend ---- */

typedef enum lx_jit {
	LX_JIT_AUTO,	 /* memfd, else mprotect */
	LX_JIT_MEMFD,	 /* two mappings of one memfd: RW and RX */
	LX_JIT_MPROTECT, /* one mapping flipped between RW and RX */
} lx_jit;

extern const char *const lx_jit_names[]; /* indexed by lx_jit */

/* Map the arena, make the code region, check cache maintenance at EL0
 * (PG_LINUX_TEST_SYNC_SIGILL=1, a test hook: an undefined word where the
 * first DC CVAU is, as a kernel that traps EL0 cache maintenance). */
bool lx_exec_init(lx_jit mode, char *err, size_t n);
lx_jit lx_exec_mode(void);
/* Unmap what lx_exec_init mapped (parallel=1's children map their own). */
void lx_exec_release(void);

/* LX_JIT_MPROTECT: a fault at addr (pc: where) in the code region, an
 * access the protection flips allow; true when they were flipped (the
 * access is then retried). */
bool lx_exec_write_fault(uint64_t addr, uint64_t pc);

/* ---- main.c ---- */

/* A `# text` comment in the report. */
void lx_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bail out! with text, exit status 2. */
void lx_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- sysinfo.c: facts from Linux ---- */

#define LX_CPUS_MAX 1024

/* memfd_create(name, MFD_CLOEXEC); -1 with errno.  PG_LINUX_NO_MEMFD=1 in
 * the environment makes it fail with ENOSYS (a test hook: the fallback and
 * jit=memfd's error are tested under qemu-user, whose memfd works). */
int lx_memfd(const char *name);

/* The online CPUs (/sys/devices/system/cpu/online, else the affinity
 * mask), as a list; returns the count. */
unsigned lx_online_cpus(unsigned *cpus, unsigned max);

/* Pin the calling thread to cpu (sched_setaffinity). */
bool lx_pin(unsigned cpu, char *err, size_t n);

/* MIDR_EL1 and REVIDR_EL1 of cpu: sysfs's regs/identification, else the
 * MRS that Linux emulates at EL0 (the thread must then run on cpu). *src
 * says which ("sysfs" or "mrs"). */
uint64_t lx_midr(unsigned cpu, const char **src);
uint64_t lx_revidr(unsigned cpu, const char **src);

/* The kernel release (uname -r). */
const char *lx_kernel_release(void);
/* HWCAP names that matter to pairguard, comma-separated ("none"). */
char *lx_hwcaps(char *buf, size_t len);
/* FEAT_LSE2 as HWCAP_USCAT says. */
bool lx_has_uscat(void);

#endif
