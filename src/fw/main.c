/*
 * The firmware's main program: banner, bootargs, header, the selected
 * suites as TAP test points, summary and status.  Suites and option tables
 * come from the registries (registry.h).
 */
#include <stdio.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/exc.h"
#include "arch/timer.h"
#include "engine/fingerprint.h"
#include "engine/options.h"
#include "fw/cores.h"
#include "fw/fw.h"
#include "fw/registry.h"
#include "jit/policy.h"
#include "lib/cpuid.h"
#include "lib/psci_dt.h"
#include "plat/plat.h"
#include "sys/console.h"

#define SUITES_MAX   32
#define BOOTARGS_MAX 4096

/* The registries: arrays of pointers the linker script gathers. */
extern const suite *const __start_pg_suites[], *const __stop_pg_suites[];
extern const opt_table *const __start_pg_opts[], *const __stop_pg_opts[];

static report rep;
static const boot_info *boot;
static const suite *suites[SUITES_MAX];
static const char *suite_names[SUITES_MAX + 1];
static size_t nsuites;
static opt_list selected;
static char bootargs[BOOTARGS_MAX];

static const opt_spec fw_specs[] = {
	{
		.key = "suite",
		.type = OPT_ENUM_LIST,
		.dest = &selected,
		.names = suite_names,
		.help = "the suites to run, in this order",
		.header = "suites",
	},
};
static const opt_table fw_opts = { fw_specs, sizeof(fw_specs) / sizeof(fw_specs[0]) };
OPTS_REGISTER(fw_opts);

static void out_console(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

static void comment_line(void *ctx, const char *text)
{
	report_comment(ctx, "%s", text);
}

/* The trap layer's hook: what nothing handled ends the run in the report's
 * terms (the trap layer then exits with status 2). */
static void unhandled(const char *what, const exc_frame *f)
{
	if (f)
		report_bail(&rep, "unexpected exception: %s", what);
	else
		report_bail(&rep, "fatal error: %s", what);
	if (f)
		exc_describe(f, comment_line, &rep);
	report_finish(&rep);
}

static void passed_over(void *ctx, const char *token)
{
	report_comment(ctx, "bootargs: passed over '%s' (not pairguard's)", token);
}

/* The registered suites, by order then name, with the default selection. */
static bool gather_suites(void)
{
	size_t i, j, k;

	for (k = 0; k < registry_nsuites(); k++) {
		const suite *const *p = &__start_pg_suites[k];

		if (nsuites == SUITES_MAX) {
			report_bail(&rep, "internal error: more than %d suites registered",
				    SUITES_MAX);
			return false;
		}
		for (i = nsuites; i > 0; i--) {
			const suite *q = suites[i - 1];

			if (q->order < (*p)->order ||
			    (q->order == (*p)->order && strcmp(q->name, (*p)->name) < 0))
				break;
			suites[i] = q;
		}
		suites[i] = *p;
		nsuites++;
	}
	for (i = 0; i < nsuites; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(suites[i]->name, suites[j]->name)) {
				report_bail(&rep, "internal error: suite '%s' registered twice",
					    suites[i]->name);
				return false;
			}
		suite_names[i] = suites[i]->name;
		if (suites[i]->in_default && selected.n < OPT_LIST_MAX)
			selected.v[selected.n++] = (unsigned)i;
	}
	suite_names[nsuites] = NULL;
	return true;
}

/* Two policies of one name (a plug-in named like a built-in) would make
 * policy= pick one of them silently: refuse the image instead. */
static bool policies_ok(void)
{
	char msg[160];

	if (!fuse_policy_registry_check(msg, sizeof(msg)))
		return true;
	report_bail(&rep, "bad policy registry: %s", msg);
	return false;
}

static bool parse_bootargs(void)
{
	static const opt_table *tables[OPTS_MAX];
	const char *args = boot->bootargs;
	size_t k;
	opts o;

	memset(&o, 0, sizeof(o));
	for (k = 0; k < registry_nopts() && o.ntables < OPTS_MAX; k++)
		tables[o.ntables++] = __start_pg_opts[k];
	o.tables = tables;
	o.passed_over = passed_over;
	o.ctx = &rep;

	if (!args)
		args = "";
	if (strlen(args) >= sizeof(bootargs)) {
		report_bail(&rep, "bootargs: longer than %d bytes", BOOTARGS_MAX - 1);
		return false;
	}
	strcpy(bootargs, args);
	if (!opts_parse(&o, bootargs)) {
		report_bail(&rep, "bootargs: %s", o.err);
		return false;
	}
	return true;
}

static void header(void)
{
	uint64_t midr = cpu_midr();

	report_header_begin(&rep);
	report_header_kv(&rep, "version", "%s", PG_VERSION);
	report_header_kv(&rep, "plat", "%s", plat.name);
	report_header_kv(&rep, "el", "%u", cpu_current_el());
	report_header_kv(&rep, "entry-el", "%u", boot->entry_el);
	report_header_kv(&rep, "midr", "0x%08llx", (unsigned long long)midr);
	report_header_kv(&rep, "cpu", "%s", cpu_name(midr));
	registry_header_opts(&rep);
	/* The header keys that determine the fingerprints. */
	report_header_kv(&rep, "fingerprint", "%s", ENG_FP_INPUTS);
	report_header_end(&rep);
}

static void boot_comments(void)
{
	const char *model = boot->model;
	const char *psci = psci_conduit_name(boot->psci);

	if (boot->dtb)
		report_comment(&rep, "boot: dtb at 0x%llx%s%s, psci %s, timer %llu Hz",
			       (unsigned long long)boot->dtb_pa, model ? ", model " : "",
			       model ? model : "", psci, (unsigned long long)timer_freq());
	else
		report_comment(&rep, "boot: no DTB: %s; default options, psci %s, timer %llu Hz",
			       boot->dtb_problem, psci, (unsigned long long)timer_freq());
	if (boot->psci_problem)
		report_comment(&rep, "boot: no PSCI: %s", boot->psci_problem);
	if (boot->efi_firmware)
		report_comment(&rep, "boot: started as an EFI application by %s",
			       boot->efi_firmware);
	report_comment(&rep, "ram: 0x%llx..0x%llx %s%s%s, %llu KiB zeroed with the MMU off",
		       (unsigned long long)boot->ram_base, (unsigned long long)boot->ram_end,
		       boot->ram_assumed ? "assumed (" : "from ", boot->ram_source,
		       boot->ram_assumed ? ")" : "",
		       (unsigned long long)(boot->zeroed_mmu_off + 1023) / 1024);
	if (boot->dtb_moved_from)
		report_comment(&rep,
			       "boot: the DTB at 0x%llx lay inside the image's footprint "
			       "(BSS, stacks, heap): moved to 0x%llx",
			       (unsigned long long)boot->dtb_moved_from,
			       (unsigned long long)boot->dtb_pa);
	if (boot->relocations)
		report_comment(
			&rep, "boot: image at 0x%llx, linked at 0x%llx: %llu relocations applied",
			(unsigned long long)boot->image_pa, (unsigned long long)boot->image_link,
			(unsigned long long)boot->relocations);
	if (boot->plat_note)
		report_comment(&rep, "plat: %s", boot->plat_note);
}

const boot_info *fw_boot_info(void)
{
	return boot;
}

static bool needs_cores(const suite *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i]->needs_cores)
			return true;
	return false;
}

int fw_main(const boot_info *b)
{
	const suite *run[OPT_LIST_MAX];
	suite_cores cores = { 0 };
	eng_options o;
	uint64_t t0;

	boot = b;
	report_init(&rep, out_console, NULL);
	exc_set_unhandled(unhandled);
	report_banner(&rep, PG_VERSION, plat.name);

	if (!gather_suites() || !policies_ok() || !parse_bootargs())
		return report_finish(&rep);
	header();
	/* Echo what the firmware received, so a runner can prove its bootargs
	 * arrived (QEMU raspi3b, for one, drops -append without a DTB). */
	report_comment(&rep, "cmdline: %s", boot->bootargs ? boot->bootargs : "");
	boot_comments();
	if (!selected.n) {
		report_bail(&rep, "no suite selected (suite=...)");
		return report_finish(&rep);
	}

	for (size_t i = 0; i < selected.n; i++)
		run[i] = suites[selected.v[i]];
	(void)fw_cores_gic(&rep, boot);
	eng_options_from(&eng_args, &o);
	if (!o.per_core && needs_cores(run, selected.n)) {
		/* Every core started and listed, the suites still run in the
		 * boot core's report (suite=xpub uses the others itself). */
		eng_options all = o;

		all.per_core = all.cpus_all = true;
		if (!fw_cores_setup(&rep, boot, &all, &cores)) {
			plat_secondaries_park();
			return report_finish(&rep);
		}
	}
	if (o.per_core && !fw_cores_setup(&rep, boot, &o, &cores)) {
		plat_secondaries_park();
		return report_finish(&rep);
	}
	plat_secondaries_park();
	t0 = timer_ticks();
	if (o.share	 ? suites_run_shared(&rep, run, selected.n, &cores)
	    : o.parallel ? suites_run_parallel(&rep, run, selected.n, &cores)
	    : o.per_core ? suites_run_cores(&rep, run, selected.n, &cores)
			 : suites_run(&rep, run, selected.n))
		report_rate(&rep, rep.cases, timer_ticks() - t0, timer_freq());
	return report_finish(&rep);
}
