/*
 * `pairguard dtb FILE.dtb...`: run the firmware's device-tree discovery
 * (src/dt/discover.c) over blobs and print one line per file:
 *
 *   FILE: console=COMPAT@ADDR reg-shift=N io-width=N driver=D from=SRC [options=O]
 *         ram=BASE+SIZE,... reserved=N cpus=N mpidr=M,... enable=E [psci=hvc|smc]
 *         [release=A,...] timer=HZ|cntfrq
 *   FILE: unsupported: REASON
 *
 * Exit status: 0 every file has a console pairguard can drive; 1 some file
 * has none (its line says why); 2 a file could not be read or is no DTB.
 */
#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt/discover.h"
#include "host/commands.h"

const char cmd_dtb_usage[] =
	"  dtb FILE.dtb...                the board each device tree describes, one line per\n"
	"                                 file: console (compatible, address, reg-shift,\n"
	"                                 io-width), RAM banks, CPUs and their enable method,\n"
	"                                 or 'unsupported: <reason>' (exit 1 if any)\n";

#define DTB_MAX (64u << 20)

/* The whole file, or NULL (message printed). */
static void *read_blob(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "pairguard: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			void *nb;
			cap = cap ? cap * 2 : 65536;
			if (cap > DTB_MAX || !(nb = realloc(buf, cap))) {
				fprintf(stderr, "pairguard: %s: larger than %u MiB\n", path,
					DTB_MAX >> 20);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread((char *)buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "pairguard: %s: read error\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = n;
	return buf;
}

static void print_board(const char *path, const dt_board *b)
{
	const dt_console *c = &b->console;

	if (!c->ok) {
		printf("%s: unsupported: %s\n", path, b->console_why);
		return;
	}
	printf("%s: console=%s@0x%" PRIx64 " reg-shift=%u io-width=%u driver=%s from=%s", path,
	       c->compatible, c->addr, c->reg_shift, c->io_width, c->match->driver->name,
	       dt_console_source_name(c->source));
	if (c->options && *c->options)
		printf(" options=%s", c->options);
	printf(" ram=");
	if (!b->nram)
		printf("none");
	for (unsigned i = 0; i < b->nram; i++)
		printf("%s0x%" PRIx64 "+0x%" PRIx64, i ? "," : "", b->ram[i].base, b->ram[i].size);
	if (b->ram_truncated)
		printf(",...");
	printf(" reserved=%u cpus=%u mpidr=", b->nreserved, b->ncpus);
	if (!b->ncpus)
		printf("none");
	for (unsigned i = 0; i < b->ncpus && i < DT_CPU_MAX; i++)
		printf("%s0x%" PRIx64, i ? "," : "", b->cpus[i].mpidr);
	printf(" enable=%s", b->enable == DT_ENABLE_OTHER && b->enable_other
				     ? b->enable_other
				     : dt_enable_name(b->enable));
	if (b->psci != PSCI_NONE)
		printf(" psci=%s", psci_conduit_name(b->psci));
	if (b->enable == DT_ENABLE_SPIN_TABLE) {
		printf(" release=");
		for (unsigned i = 0; i < b->ncpus && i < DT_CPU_MAX; i++)
			printf("%s0x%" PRIx64, i ? "," : "", b->cpus[i].release_addr);
	}
	if (b->timer_hz)
		printf(" timer=%" PRIu32 "\n", b->timer_hz);
	else
		printf(" timer=cntfrq\n");
}

int cmd_dtb(int argc, char **argv)
{
	static dt_board board;
	int status = 0;

	if (argc < 1) {
		fprintf(stderr,
			"pairguard: dtb needs at least one FILE.dtb\n(see 'pairguard help')\n");
		return 2;
	}
	for (int i = 0; i < argc; i++) {
		size_t size = 0;
		char why[160];
		void *blob = read_blob(argv[i], &size);

		if (!blob) {
			status = 2;
			continue;
		}
		if (size < sizeof(struct fdt_header) || fdt_check_header(blob) != 0 ||
		    fdt_totalsize(blob) > size) {
			fprintf(stderr,
				"pairguard: %s: not a device tree blob (bad header or size)\n",
				argv[i]);
			free(blob);
			status = 2;
			continue;
		}
		if (!dt_discover(blob, &board, why, sizeof why)) {
			fprintf(stderr, "pairguard: %s: %s\n", argv[i], why);
			status = 2;
		} else {
			print_board(argv[i], &board);
			if (!board.console.ok && status == 0)
				status = 1;
		}
		free(blob);
	}
	return status;
}
