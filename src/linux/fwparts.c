/*
 * The firmware's per-core seams (fw/cores.h, fw/exec.h, arch/page.h) as
 * the Linux process answers them for the engine's suites
 * (src/fw/engine_suites.c, built in unchanged).  On the firmware, cores
 * run at once share one address space and each takes a part of the
 * engine's state; a Linux process runs one CPU's work, and parallel=1 runs
 * a process per CPU (main.c), each with all of its own state.  So no
 * caller is ever a part: fw_cores_part() is -1, and the engine uses
 * exec_init() and exec_target() (exec.c), as the firmware does for runs in
 * turn.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "arch/page.h"
#include "fw/cores.h"
#include "fw/exec.h"

int fw_cores_part(void)
{
	return -1;
}

/* Reached only through a part (never here): the process's own target. */
bool exec_init_part(unsigned k, char *err, size_t n)
{
	(void)k;
	return exec_init(err, n);
}

eng_target *exec_target_part(unsigned k)
{
	(void)k;
	return exec_target();
}

/* fw_engine_parts' pages (only for parts, so never called here). */
void *page_alloc_contig(size_t n)
{
	void *p = mmap(NULL, n * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);

	return p == MAP_FAILED ? NULL : p;
}
