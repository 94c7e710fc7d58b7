/*
 * newlib's system-call layer for a machine with one UART and no files:
 * stdout and stderr go to the console, the heap is the linker script's
 * .heap region, exit and abort end the run.  Also the stack-protector
 * symbols Debian's libfdt.a refers to.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "arch/exc.h"
#include "arch/exit.h"
#include "sys/console.h"

/* Prototypes for -Wmissing-prototypes: newlib declares these nowhere. */
int _write(int fd, const void *buf, size_t n);
int _read(int fd, void *buf, size_t n);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
void *_sbrk(ptrdiff_t incr);
void _exit(int code);
int _kill(int pid, int sig);
int _getpid(void);
void __stack_chk_fail(void);

extern char __heap_start[], __heap_end[];

int _write(int fd, const void *buf, size_t n)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, n);
	return (int)n;
}

int _read(int fd, void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	return 0; /* no input: end of file */
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

off_t _lseek(int fd, off_t off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

void *_sbrk(ptrdiff_t incr)
{
	static uintptr_t brk;
	uintptr_t old;

	if (!brk)
		brk = (uintptr_t)__heap_start;
	old = brk;
	if ((incr > 0 && (uintptr_t)incr > (uintptr_t)__heap_end - brk) ||
	    (incr < 0 && (uintptr_t)-incr > brk - (uintptr_t)__heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += (uintptr_t)incr;
	return (void *)old;
}

void _exit(int code)
{
	machine_exit(code);
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	/* Only abort() and raise() get here. */
	exc_unhandled("abort() called", 0);
}

int _getpid(void)
{
	return 1;
}

/* -fstack-protector code in libfdt.a compares against this canary. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766u;

void __stack_chk_fail(void)
{
	exc_unhandled("stack protector: stack smashing detected", 0);
}
