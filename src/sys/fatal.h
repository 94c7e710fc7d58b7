/*
 * Fatal errors: an unexpected exception, a failed stack check, abort().
 * The firmware's main program installs a hook that reports the error in the
 * report's terms ("Bail out!", ERROR exit=2); before that, a plain message.
 */
#ifndef PG_SYS_FATAL_H
#define PG_SYS_FATAL_H

#include "arch/exc.h"

/* what: short reason ("data abort", "abort() called"); f: the exception
 * frame, or NULL.  The hook should not return; if it does, the run exits
 * with status 2. */
typedef void (*sys_fatal_hook)(const char *what, const exc_frame *f);

void sys_set_fatal_hook(sys_fatal_hook hook);

__attribute__((noreturn)) void sys_fatal(const char *what, const exc_frame *f);

#endif
