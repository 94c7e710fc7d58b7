/*
 * Test helper: run GNU objdump over a raw file of words (see objdump.h).
 */
#include "objdump.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Strip objdump's trailing comment and padding, in place. */
static void strip_comment(char *t)
{
	char *c = strstr(t, "//");
	if (c)
		*c = '\0';
	c = strstr(t, " ; ");
	if (c)
		*c = '\0';
	size_t n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n'))
		t[--n] = '\0';
}

size_t objdump_words(const uint32_t *words, size_t n, uint64_t vma, objdump_line_fn *fn, void *ctx,
		     char *err, size_t errn)
{
	if (system("command -v " OBJDUMP_TOOL " >/dev/null 2>&1") != 0) {
		snprintf(err, errn,
			 OBJDUMP_TOOL " not found: install binutils-aarch64-linux-gnu "
				      "(tools/setup does)");
		return (size_t)-1;
	}
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/pairguard-objdump-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errn, "mkstemp %s: %s", path, strerror(errno));
		return (size_t)-1;
	}
	FILE *f = fdopen(fd, "wb");
	bool ok = f != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		/* objdump -b binary reads the file little-endian for aarch64. */
		unsigned char b[4] = { (unsigned char)words[i], (unsigned char)(words[i] >> 8),
				       (unsigned char)(words[i] >> 16),
				       (unsigned char)(words[i] >> 24) };
		ok = fwrite(b, 1, 4, f) == 4;
	}
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errn, "writing %s: %s", path, strerror(errno));
		unlink(path);
		return (size_t)-1;
	}
	char cmd[768];
	snprintf(cmd, sizeof cmd,
		 OBJDUMP_TOOL " -z -D -b binary -m aarch64 --adjust-vma=0x%" PRIx64 " %s", vma,
		 path);
	FILE *p = popen(cmd, "r");
	if (!p) {
		snprintf(err, errn, "popen %s: %s", cmd, strerror(errno));
		unlink(path);
		return (size_t)-1;
	}
	static char line[4096];
	size_t count = 0;
	bool bad = false;
	while (fgets(line, sizeof line, p)) {
		/* "<addr>:\t<word> \t<mnemonic>\t<operands>" */
		char *colon = strchr(line, ':');
		if (!colon || colon[1] != '\t')
			continue;
		char *endp;
		uint64_t addr = strtoull(line, &endp, 16);
		if (endp != colon)
			continue;
		uint32_t word = (uint32_t)strtoul(colon + 2, &endp, 16);
		if (endp != colon + 10 || endp[0] != ' ' || endp[1] != '\t') {
			bad = true;
			continue;
		}
		char *text = endp + 2;
		strip_comment(text);
		size_t index = (size_t)((addr - vma) / 4);
		if (index != count || index >= n) {
			bad = true;
			continue;
		}
		fn(ctx, index, word, text);
		count++;
	}
	int rc = pclose(p);
	unlink(path);
	if (rc != 0 || bad) {
		snprintf(err, errn, "%s: exit status %d%s", cmd, rc,
			 bad ? ", and lines out of the expected shape" : "");
		return (size_t)-1;
	}
	return count;
}
