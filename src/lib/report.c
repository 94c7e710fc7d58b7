/* The report stream (tools/REPORT-FORMAT.md). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/fingerprint.h"
#include "lib/report.h"

void report_init(report *r, report_out_fn out, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->ctx = ctx;
}

static void emit(report *r, const char *s, size_t n)
{
	r->out(r->ctx, s, n);
}

/* Format one line (without the newline) and send it with "\n". */
static void vline(report *r, const char *prefix, const char *fmt, va_list ap)
{
	char buf[REPORT_LINE_MAX + 1];
	size_t p = strlen(prefix);
	int n;

	if (p > REPORT_LINE_MAX)
		p = REPORT_LINE_MAX;
	memcpy(buf, prefix, p);
	n = vsnprintf(buf + p, sizeof(buf) - p - 1, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf) - p - 1) {
		n = (int)(sizeof(buf) - p - 2);
		memcpy(buf + p + n - 3, "...", 3);
	}
	buf[p + (size_t)n] = '\n';
	emit(r, buf, p + (size_t)n + 1);
}

static void line(report *r, const char *prefix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void line(report *r, const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(r, prefix, fmt, ap);
	va_end(ap);
}

void report_banner(report *r, const char *version, const char *plat)
{
	line(r, "", "pairguard %s plat=%s", version, plat);
	line(r, "", "TAP version 13");
}

void report_header_begin(report *r)
{
	emit(r, "# pairguard:", 12);
	r->in_header = true;
}

void report_header_kv(report *r, const char *key, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t i, n;

	n = (size_t)snprintf(buf, sizeof(buf), " %s=", key);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	for (i = n; buf[i]; i++)
		if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')
			buf[i] = '_';
	emit(r, buf, strlen(buf));
}

void report_header_end(report *r)
{
	emit(r, "\n", 1);
	r->in_header = false;
}

void report_plan(report *r, unsigned n)
{
	r->planned = n;
	r->plan_done = true;
	line(r, "", "1..%u", n);
}

static char name_char(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return c;
	return strchr("_.+-/", c) && c ? c : '_';
}

void report_start_at(report *r, unsigned points, unsigned planned)
{
	r->points = points;
	r->planned = planned;
	r->plan_done = true;
}

void report_absorb(report *r, const report *sub)
{
	r->points = sub->points;
	r->groups_failed += sub->groups_failed;
	r->cases += sub->cases;
	r->cases_failed += sub->cases_failed;
	if (sub->bailed)
		r->bailed = true;
}

void report_set_core(report *r, const report_core *c)
{
	r->core = c;
}

unsigned report_point(report *r, const char *name, uint64_t cases, uint64_t failed)
{
	char clean[256];
	size_t i = 0, j;

	if (r->in_yaml)
		report_yaml_end(r);
	if (r->core)
		i = (size_t)snprintf(clean, sizeof(clean), "cpu%u/", r->core->cpu);
	for (j = 0; i < sizeof(clean) - 1 && name[j]; i++, j++)
		clean[i] = name_char(name[j]);
	clean[i] = '\0';

	if (failed > cases)
		cases = failed; /* a failed case is a case */
	r->points++;
	r->cases += cases;
	r->cases_failed += failed;
	if (failed) {
		r->groups_failed++;
		line(r, "", "not ok %u - %s # cases=%llu failed=%llu", r->points, clean,
		     (unsigned long long)cases, (unsigned long long)failed);
	} else {
		line(r, "", "ok %u - %s # cases=%llu", r->points, clean, (unsigned long long)cases);
	}
	return r->points;
}

void report_yaml_begin(report *r)
{
	line(r, "", "  ---");
	r->in_yaml = true;
}

void report_yaml(report *r, unsigned depth, const char *fmt, ...)
{
	char prefix[2 + 2 * 16 + 1];
	va_list ap;

	if (depth > 16)
		depth = 16;
	memset(prefix, ' ', 2 + 2 * depth);
	prefix[2 + 2 * depth] = '\0';
	va_start(ap, fmt);
	vline(r, prefix, fmt, ap);
	va_end(ap);
}

void report_yaml_end(report *r)
{
	line(r, "", "  ...");
	r->in_yaml = false;
}

char *report_yaml_quote(char *dst, size_t n, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!n)
		return dst;
	/* Room for the closing quote and the NUL is kept at every step. */
	if (n >= 3)
		dst[o++] = '"';
	for (; *src && n >= 3; src++) {
		unsigned char c = (unsigned char)*src;
		char esc[5];
		size_t k = 0, j;

		if (c == '"' || c == '\\') {
			esc[k++] = '\\';
			esc[k++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			esc[k++] = '\\';
			esc[k++] = 'x';
			esc[k++] = hex[c >> 4];
			esc[k++] = hex[c & 15];
		} else {
			esc[k++] = (char)c;
		}
		if (o + k + 2 > n)
			break;
		for (j = 0; j < k; j++)
			dst[o++] = esc[j];
	}
	if (n >= 3)
		dst[o++] = '"';
	dst[o < n ? o : n - 1] = '\0';
	return dst;
}

void report_comment(report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(r, "# ", fmt, ap);
	va_end(ap);
}

static uint64_t fold(uint64_t h, uint64_t v)
{
	uint8_t b[8];

	for (unsigned i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return eng_fnv1a(h, b, sizeof(b));
}

void report_fingerprint(report *r, const char *name, uint64_t fixed, uint64_t cases, uint64_t open,
			uint64_t open_cases)
{
	if (r->fp_points++ == 0)
		r->fp_fixed = r->fp_open = ENG_FNV_BASIS;
	r->fp_fixed = fold(r->fp_fixed, fixed);
	r->fp_cases += cases;
	if (open_cases) {
		r->fp_open = fold(r->fp_open, open);
		r->fp_open_cases += open_cases;
		line(r, "",
		     "# fingerprint: %s fixed=%016llx cases=%llu open=%016llx open-cases=%llu",
		     name, (unsigned long long)fixed, (unsigned long long)cases,
		     (unsigned long long)open, (unsigned long long)open_cases);
	} else {
		line(r, "", "# fingerprint: %s fixed=%016llx cases=%llu", name,
		     (unsigned long long)fixed, (unsigned long long)cases);
	}
}

void report_progress(report *r, const char *suite, uint64_t done, uint64_t total)
{
	line(r, "", "# progress: %s %llu/%llu", suite, (unsigned long long)done,
	     (unsigned long long)total);
}

void report_rate(report *r, uint64_t cases, uint64_t ticks, uint64_t freq)
{
	unsigned __int128 cs, rate;
	uint64_t t = ticks ? ticks : 1;

	if (!freq)
		freq = 1;
	/* Hundredths of a second, rounded; cases per second, rounded. */
	cs = ((unsigned __int128)ticks * 100 + freq / 2) / freq;
	rate = ((unsigned __int128)cases * freq + t / 2) / t;
	line(r, "", "# rate: %llu cases in %llu.%02llu s, %llu cases/s", (unsigned long long)cases,
	     (unsigned long long)(cs / 100), (unsigned long long)(cs % 100),
	     (unsigned long long)rate);
}

void report_bail(report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->in_header)
		report_header_end(r);
	if (r->in_yaml)
		report_yaml_end(r);
	va_start(ap, fmt);
	vline(r, "Bail out! ", fmt, ap);
	va_end(ap);
	r->bailed = true;
}

int report_exit_code(const report *r)
{
	if (r->bailed || !r->plan_done || r->points != r->planned)
		return 2;
	return r->cases_failed || r->groups_failed ? 1 : 0;
}

int report_finish(report *r)
{
	static const char *const status[] = { "PASS", "FAIL", "ERROR" };
	int code;

	if (r->finished)
		return report_exit_code(r);
	if (r->in_yaml)
		report_yaml_end(r);
	if (!r->bailed && !r->plan_done)
		report_bail(r, "internal error: the run ended before its plan");
	else if (!r->bailed && r->points != r->planned)
		report_bail(r, "internal error: planned %u test points, printed %u", r->planned,
			    r->points);
	code = report_exit_code(r);
	if (!r->bailed && r->fp_points)
		line(r, "",
		     "# fingerprint: run fixed=%016llx open=%016llx cases=%llu open-cases=%llu",
		     (unsigned long long)r->fp_fixed, (unsigned long long)r->fp_open,
		     (unsigned long long)r->fp_cases, (unsigned long long)r->fp_open_cases);
	if (!r->bailed)
		line(r, "", "cases: %llu passed, %llu failed",
		     (unsigned long long)(r->cases - r->cases_failed),
		     (unsigned long long)r->cases_failed);
	line(r, "",
	     "pairguard-result: %s exit=%d groups=%u groups-failed=%u cases=%llu cases-failed=%llu",
	     status[code], code, r->points, r->groups_failed, (unsigned long long)r->cases,
	     (unsigned long long)r->cases_failed);
	r->finished = true;
	return code;
}
