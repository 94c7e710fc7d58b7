/*
 * What the engine's backends on a core share (fw/exec.h): running a batch
 * under the recovery API (arch/recover.h: the firmware's exception
 * vectors, or a Linux process's signals, src/linux/recover.c) and the
 * generic timer as the clock.
 */
#include "arch/recover.h"
#include "arch/timer.h"
#include "fw/exec.h"

bool exec_call_code(void *ctx, uint64_t rx, eng_fault *f)
{
	recover_fault rf;

	(void)ctx;
	if (recover_call_code((const void *)(uintptr_t)rx, 0, NULL, &rf))
		return true;
	f->taken = true;
	f->esr = rf.esr;
	f->far = rf.far_valid ? rf.far : 0;
	f->elr = rf.elr;
	return false;
}

uint64_t exec_clock(void *ctx)
{
	(void)ctx;
	return timer_ticks();
}
