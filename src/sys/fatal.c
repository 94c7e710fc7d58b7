/* Fatal errors: the hook, or a plain report on the console. */
#include <stdio.h>

#include "sys/console.h"
#include "sys/exit.h"
#include "sys/fatal.h"

static sys_fatal_hook hook;
static unsigned entered;

void sys_set_fatal_hook(sys_fatal_hook h)
{
	hook = h;
}

static void plain_line(void *ctx, const char *text)
{
	(void)ctx;
	console_puts("# ");
	console_puts(text);
	console_puts("\n");
}

void sys_fatal(const char *what, const exc_frame *f)
{
	/* A failure while reporting a failure: no hook the second time, and
	 * only the exit the third. */
	entered++;
	if (entered == 1 && hook) {
		hook(what, f);
		sys_exit(2);
	}
	if (entered <= 2) {
		console_puts("\nBail out! ");
		console_puts(what);
		console_puts("\n");
		if (f)
			exc_describe(f, plain_line, NULL);
		console_puts("pairguard-result: ERROR exit=2\n");
	}
	sys_exit(2);
}
