"""pairguard-run: turn a pairguard run into a verdict a CI system understands.

  pairguard-run [--config NAME] [--args BOOTARGS] [--image FILE]   one QEMU run
  pairguard-run --log FILE|-                                       a board's UART log
  pairguard-run --matrix NAME [-j N]                               a set of runs
  pairguard-run --list [--matrix NAME]                             what exists
  pairguard-run --lava-results FILE|DIR                            a LAVA job's results
  pairguard-run --print-cmd [--config NAME | --plat P [--el N]]    the QEMU command line

Exit status: 0 all passed (or met their expectation), 1 a test failed (or an
expectation was not met), 2 a run could not complete or bad arguments.
"""

import argparse
import concurrent.futures
import os
import sys
import time

from . import bootdisk, configs, dtb as dtbs, html, junit, lava, matrix, percore, run, summary
from .expect import Expectation
from .progress import Progress
from .summary import nice

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def build_parser():
    p = argparse.ArgumentParser(
        prog="pairguard-run",
        description="Run pairguard under QEMU, or read a board's UART log, and give a verdict "
                    "(exit 0 pass, 1 a test failed, 2 the run could not complete).",
        epilog="Configurations: %s.  Matrices are defined in tests/fw/matrix.txt "
               "(see --list).  Examples: pairguard-run --config virt-a53 --args 'policy=fixed seed=7'; "
               "pairguard-run --log pi.log --junit pi.xml; pairguard-run --matrix test"
               % ", ".join(configs.names()))
    what = p.add_argument_group("what to run")
    what.add_argument("--config", "-c", help="named QEMU configuration (default %s)" % configs.DEFAULT_CONFIG)
    what.add_argument("--plat", help="instead of --config: the configuration `make run PLAT=` boots")
    what.add_argument("--el", help="with --plat: the entry EL (make run EL=)")
    what.add_argument("--cpu", help="another -cpu for the configuration (make run CPU=)")
    what.add_argument("--args", "-a", default="", metavar="BOOTARGS",
                      help="bootargs for the firmware, e.g. 'policy=fixed seed=7'")
    what.add_argument("--image", help="firmware image (default: the configuration's, under --build)")
    what.add_argument("--dtb", help="device tree for configurations whose machine has none (raspi3b; "
                                    "default: one made with tools/mkdtb under BUILD/runner/)")
    what.add_argument("--log", "-l", metavar="FILE", help="read a captured UART log instead of running ('-': stdin)")
    what.add_argument("--matrix", "-m", metavar="NAME", help="run every entry of a named matrix")
    what.add_argument("--matrix-file", default=matrix.DEFAULT_FILE, metavar="FILE",
                      help="where matrices are defined (default tests/fw/matrix.txt)")
    what.add_argument("--expect", metavar="SPEC",
                      help="what the run must show, as in the matrix file: 'pass' or "
                           "'fail groups=sweep/* class=fusion bytes=496..503:clobbered ...'")
    what.add_argument("--lava-results", metavar="FILE|DIR",
                      help="read a LAVA job's results (a server's results export, a job log, or a "
                           "lava-run output directory holding output.yaml; see tools/pgrun/lava.py)")
    what.add_argument("--list", action="store_true", help="list configurations and matrices (or one matrix's entries)")
    what.add_argument("--print-cmd", action="store_true",
                      help="print the configuration's QEMU command line (shell-quoted) instead of running it "
                           "(the Makefile's run, debug)")
    how = p.add_argument_group("how")
    how.add_argument("--qemu", default=os.environ.get("PAIRGUARD_QEMU", configs.DEFAULT_QEMU),
                     help="QEMU binary (default $PAIRGUARD_QEMU or %s)" % configs.DEFAULT_QEMU)
    how.add_argument("--timeout", "-t", type=float,
                     help="wall-clock seconds per run before QEMU is killed (default %g, raspi3b 300; "
                          "a matrix entry's own timeout= wins)" % configs.DEFAULT_TIMEOUT)
    how.add_argument("--build", default=os.path.join(configs.ROOT, "build"), metavar="DIR",
                     help="build directory holding the images (default build/)")
    how.add_argument("--budget", type=float, metavar="SECONDS",
                     help="a matrix's whole wall-clock budget: each run's timeout is cut to what is "
                          "left, and entries that cannot start in time are errors")
    how.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                     help="matrix runs in parallel (default: the number of cores, %d)" % (os.cpu_count() or 1))
    out = p.add_argument_group("output")
    out.add_argument("--junit", metavar="FILE", help="write JUnit XML (matrix default: OUT/junit.xml)")
    out.add_argument("--html", metavar="FILE", help="write a self-contained HTML report with a byte map "
                                                    "of each failure (matrix: a section per run)")
    out.add_argument("--tap", metavar="FILE", help="write a clean TAP file (matrix: one test point per entry)")
    out.add_argument("--uart-log", metavar="FILE", help="save the raw UART output of a single run")
    out.add_argument("--out", metavar="DIR", help="matrix artefacts (default build/test/matrix-NAME)")
    out.add_argument("--verbose", "-v", action="store_true", help="echo the UART as it arrives (single runs)")
    out.add_argument("--no-progress", action="store_true", help="no progress display")
    out.add_argument("--count-line", action="store_true",
                     help="end with 'N passed, N failed' (matrix entries, or a run's test points)")
    return p


def check_args(args):
    """Combinations and values argparse cannot check; UsageError if bad."""
    if args.lava_results is not None:
        used = [opt for opt, val in (("--log", args.log), ("--matrix", args.matrix), ("--config", args.config),
                                     ("--args", args.args), ("--image", args.image), ("--expect", args.expect),
                                     ("--uart-log", args.uart_log), ("--list", args.list),
                                     ("--print-cmd", args.print_cmd)) if val]
        if used:
            raise UsageError("%s does not apply to --lava-results (the results are read, not run)" % used[0])
    modes = [m for m, on in (("--log", args.log is not None), ("--matrix", args.matrix is not None)) if on]
    if len(modes) > 1:
        raise UsageError("--log and --matrix exclude each other")
    if args.config and args.plat:
        raise UsageError("--config and --plat exclude each other (--plat picks a configuration)")
    if args.el and not args.plat:
        raise UsageError("--el goes with --plat")
    if args.print_cmd and (args.log is not None or args.matrix is not None or args.list):
        raise UsageError("--print-cmd prints one configuration's command line: not with --log, --matrix or --list")
    if args.log is not None:
        for opt, val in (("--config", args.config), ("--args", args.args), ("--image", args.image),
                         ("--dtb", args.dtb), ("--uart-log", args.uart_log), ("--plat", args.plat),
                         ("--cpu", args.cpu)):
            if val:
                raise UsageError("%s does not apply to --log (a log is read, not run)" % opt)
        if args.timeout is not None and args.log != "-":
            raise UsageError("--timeout applies to a live log (--log -) only, not to a file")
    if args.matrix is not None:
        for opt, val in (("--config", args.config), ("--args", args.args), ("--image", args.image),
                         ("--expect", args.expect), ("--uart-log", args.uart_log), ("--verbose", args.verbose),
                         ("--plat", args.plat), ("--cpu", args.cpu)):
            if val:
                raise UsageError("%s does not apply to --matrix (entries name their own; "
                                 "see %s)" % (opt, nice(args.matrix_file)))
    elif args.out:
        raise UsageError("--out applies to --matrix only")
    if args.timeout is not None and not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds, not %g" % args.timeout)
    if args.budget is not None and (args.matrix is None or not args.budget > 0):
        raise UsageError("--budget needs --matrix and a positive number of seconds")
    if args.jobs < 1:
        raise UsageError("-j must be at least 1, not %d" % args.jobs)
    if any(c in args.args for c in "\n\r\0"):
        raise UsageError("--args must be one line of text")


def parse_expect(spec):
    if spec is None:
        return None
    try:
        return Expectation.parse(spec.split())
    except ValueError as e:
        raise UsageError("--expect: %s" % e)


def outcome(result, expectation):
    """(label, exit status, unmet) of a run against its expectation."""
    report = result.report
    if report.verdict == "ERROR":
        return "ERROR", EXIT_ERROR, []
    if expectation is None:
        return report.verdict, report.exit_code, []
    unmet = expectation.check(report)
    return ("ok", EXIT_OK, []) if not unmet else ("FAILED", EXIT_FAIL, unmet)


def print_result(progress, label, name, result, expectation, unmet):
    report = result.report
    note = None
    if label == "ok" and expectation is not None and expectation.outcome == "fail":
        note = "failed as expected: %s" % summary.counts(report)
        if expectation.divergence:
            note += "; known emulator divergence: %s" % ",".join(expectation.divergence)
    elif label == "FAILED":
        note = "expected %s: %s" % (expectation.describe(), unmet[0])
    progress.print(summary.run_line(label, name, report, result.seconds, note))
    for line in percore.summary_lines(report, summary.INDENT):
        progress.print(line)
    if label == "ERROR":
        for line in summary.error_details(result):
            progress.print(line)
    elif label in ("FAIL", "FAILED"):
        for line in unmet[1:]:
            progress.print("%salso: %s" % (summary.INDENT, line))
        for line in summary.failure_details(report):
            progress.print(line)


def write_tap(path, lines):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def list_all(args):
    entries = matrix.load(args.matrix_file)
    if not args.matrix:
        print("configurations:")
        # Each column as wide as its longest value, so every row lines up.
        rows = [(c.name, c.machine, c.cpu or "(fixed)", os.path.join(c.plat, c.image), c.about)
                for c in configs.CONFIGS.values()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            print("  " + " ".join(v.ljust(w) for v, w in zip(r, widths)) + " " + r[4])
    if args.matrix:
        chosen = matrix.select(entries, args.matrix)
        print("matrix %s (%d entries):" % (args.matrix, len(chosen)))
        for e in chosen:
            print("  %-40s %s" % (e.name, e.expect.describe()))
        return EXIT_OK
    print("matrices (%s):" % nice(args.matrix_file))
    for name in matrix.names(entries):
        print("  %-12s %d entries" % (name, len(matrix.select(entries, name))))
    return EXIT_OK


# -- one run ----------------------------------------------------------------

def single(args, progress):
    """One run (QEMU) or one log; its summary, JUnit, TAP and count line."""
    expectation = parse_expect(args.expect)
    name, result, props = (read_log if args.log is not None else run_config)(args, progress)
    progress.finish(name)
    label, code, unmet = outcome(result, expectation)
    print_result(progress, label, name, result, expectation, unmet)
    if args.junit:
        junit.write(args.junit, [junit.SuiteInput(name, result, props, expectation, unmet)])
    if args.tap:
        write_tap(args.tap, result.report.tap_lines())
    if args.html:
        html.write(args.html, [html.Section(name, result.report, label, props, seconds=result.seconds)])
    if args.count_line:
        if expectation is not None:
            p, f = (1, 0) if code == EXIT_OK else (0, 1)
        else:
            p, f = result.report.counts()
            f += 1 if label == "ERROR" else 0
        progress.print("%d passed, %d failed" % (p, f))
    return code


def read_log(args, progress):
    name = "log" if args.log == "-" else os.path.basename(args.log)
    if args.log != "-" and not os.path.isfile(args.log):
        raise UsageError("cannot read the log %s: %s" % (
            args.log, "it is a directory" if os.path.isdir(args.log) else "no such file"))
    live = args.log == "-"      # a file is read at once: progress only for a live pipe
    progress.status(name, "reading")
    try:
        result = run.run_log(args.log,
                             on_progress=(lambda s, d, t: progress.update(name, s, d, t)) if live else None,
                             on_line=progress.print if args.verbose else None, timeout=args.timeout)
    except OSError as e:
        raise UsageError("cannot read the log %s: %s" % (args.log, e.strerror))
    return name, result, {"log": args.log}


def chosen_config(args):
    """The configuration asked for (--config, or --plat/--el), on --cpu."""
    try:
        if args.plat:
            config = configs.for_plat(args.plat, args.el)
        else:
            config = configs.get(args.config or configs.DEFAULT_CONFIG)
        config = config.with_cpu(args.cpu)
        config.check_bootargs(args.args)
    except ValueError as e:
        raise UsageError(str(e))
    return config


def qemu_command(args, disk=None):
    """(configuration, image, QEMU argv) of a single run; UsageError if it
    cannot run.  A configuration that boots from a disk (configs.Config.disk)
    uses the directory disk, made by the caller (None: one under
    BUILD/runner/ that stays, for --print-cmd)."""
    config = chosen_config(args)
    image = args.image or config.image_path(args.build)
    if not os.path.isfile(image):
        hint = "" if args.image else " (build it with '%s')" % config.build_hint()
        raise UsageError("image %s not found%s" % (nice(image), hint))
    if args.dtb and not config.takes_dtb:
        raise UsageError("--dtb: configuration %s takes no DTB (QEMU makes its own); those that do: %s"
                         % (config.name, ", ".join(c.name for c in configs.CONFIGS.values() if c.takes_dtb)))
    try:
        dtb = dtb_for(config, args)
        if config.disk and disk is None:
            disk = bootdisk.make(config.disk, image, args.args,
                                 os.path.join(args.build, "runner", "disk-" + config.name))
        return config, image, config.qemu_argv(args.qemu, image, args.args, dtb, disk=disk)
    except ValueError as e:
        raise UsageError(str(e))


def print_cmd(args):
    print(configs.shell_line(qemu_command(args)[2]))
    return EXIT_OK


def run_config(args, progress):
    config = chosen_config(args)
    image = args.image or config.image_path(args.build)
    if not config.disk or not os.path.isfile(image):     # no image: qemu_command says so
        return run_config_with(args, progress, None)
    try:
        with bootdisk.temporary(config.disk, image, args.args) as disk:
            return run_config_with(args, progress, disk)
    except ValueError as e:
        raise UsageError(str(e))


def run_config_with(args, progress, disk):
    config, image, argv = qemu_command(args, disk)
    name = config.name + (" " + args.args if args.args else "")
    progress.status(name, "booting")
    uart = open(args.uart_log, "wb") if args.uart_log else None
    try:
        result = run.run_qemu(argv, args.timeout or config.timeout,
                              on_line=progress.print if args.verbose else None,
                              on_progress=lambda s, d, t: progress.update(name, s, d, t),
                              uart_log=uart, expected_header=config.expected_header(), bootargs=args.args)
    finally:
        if uart:
            uart.close()
    return name, result, {"config": config.name, "bootargs": args.args, "image": image, "qemu": " ".join(argv)}


def dtb_for(config, args):
    """The -dtb file for config: None, --dtb, or one made (ValueError if not)."""
    if not config.takes_dtb:
        return None
    if args.dtb:
        if not os.path.isfile(args.dtb):
            raise ValueError("device tree %s not found" % args.dtb)
        return args.dtb
    return dtbs.ensure(config, args.build)


def get_config(name):
    try:
        return configs.get(name)
    except ValueError as e:
        raise UsageError(str(e))


# -- a matrix ---------------------------------------------------------------

def run_entry(entry, index, args, out_dir, progress, deadline, dtbs_made):
    image, dtb = entry.config.image_path(args.build), dtbs_made.get(entry.config.name)
    if isinstance(dtb, ValueError):
        return run.error_result(str(dtb))
    if not entry.config.disk:
        return run_entry_with(entry, index, args, out_dir, progress, deadline, image, dtb, None)
    if not os.path.isfile(image):
        return run.error_result("image %s not found (build it with '%s')"
                                % (nice(image), entry.config.build_hint()))
    try:
        with bootdisk.temporary(entry.config.disk, image, entry.bootargs) as disk:
            return run_entry_with(entry, index, args, out_dir, progress, deadline, image, dtb, disk)
    except ValueError as e:
        return run.error_result(str(e))


def run_entry_with(entry, index, args, out_dir, progress, deadline, image, dtb, disk):
    argv = entry.config.qemu_argv(args.qemu, image, entry.bootargs, dtb, disk=disk)
    if not os.path.isfile(image):
        return run.error_result("image %s not found (build it with '%s')"
                                % (nice(image), entry.config.build_hint()), argv)
    timeout = entry.timeout or args.timeout or entry.config.timeout
    if deadline is not None:
        left = deadline - time.monotonic()
        if left < 0.5:              # too little left to boot anything
            return run.error_result("not run: the matrix's budget of %g s was used up" % args.budget, argv)
        timeout = min(timeout, left)
    log_path = os.path.join(out_dir, "uart", entry.slug(index) + ".log")
    progress.status(entry.name, "booting")
    try:
        with open(log_path, "wb") as uart:
            result = run.run_qemu(argv, timeout,
                                  on_progress=lambda s, d, t: progress.update(entry.name, s, d, t),
                                  uart_log=uart, expected_header=entry.config.expected_header(),
                                  bootargs=entry.bootargs)
    finally:
        progress.finish(entry.name)
    write_tap(os.path.join(out_dir, "tap", entry.slug(index) + ".tap"), result.report.tap_lines())
    with open(log_path, "rb") as f:
        result.uart_text = f.read(junit.SYSTEM_OUT_MAX + 1).decode("latin-1")
    return result


def matrix_tap(rows):
    lines = ["TAP version 13", "1..%d" % len(rows)]
    for k, (entry, result, label, unmet) in enumerate(rows, 1):
        lines.append("%s %d - %s" % ("ok" if label == "ok" else "not ok", k, entry.name))
        if label != "ok":
            why = result.report.reason if label == "ERROR" else unmet[0]
            lines += ["  ---", "  outcome: %s" % label, "  expected: %s" % entry.expect.describe(),
                      "  reason: \"%s\"" % why.replace("\\", "\\\\").replace('"', '\\"'), "  ..."]
    return lines


def matrix_run(args, progress):
    try:
        entries = matrix.select(matrix.load(args.matrix_file), args.matrix)
    except matrix.MatrixError as e:
        raise UsageError(str(e))
    out_dir = args.out or os.path.join(configs.ROOT, "build", "test", "matrix-" + args.matrix)
    for sub in ("uart", "tap"):
        os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
    jobs = min(args.jobs, len(entries))
    progress.print("matrix %s: %d entr%s, %d in parallel, artefacts in %s" % (
        args.matrix, len(entries), "y" if len(entries) == 1 else "ies", jobs, nice(out_dir)))
    dtbs_made = {}          # made once, before the runs start in parallel
    for config in {e.config.name: e.config for e in entries if e.config.takes_dtb}.values():
        try:
            dtbs_made[config.name] = dtb_for(config, args)
        except ValueError as e:
            dtbs_made[config.name] = e
    start = time.monotonic()
    deadline = None if args.budget is None else start + args.budget
    rows = [None] * len(entries)
    done = 0
    progress.set_prefix("[0/%d] " % len(entries))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futures = {ex.submit(run_entry, e, k + 1, args, out_dir, progress, deadline, dtbs_made): k
                   for k, e in enumerate(entries)}
        try:
            for fut in concurrent.futures.as_completed(futures):
                k = futures[fut]
                entry, result = entries[k], fut.result()
                label, _, unmet = outcome(result, entry.expect)
                rows[k] = (entry, result, label, unmet)
                done += 1
                progress.set_prefix("[%d/%d] " % (done, len(entries)))
                print_result(progress, label, entry.name, result, entry.expect, unmet)
        except KeyboardInterrupt:
            ex.shutdown(wait=False, cancel_futures=True)
            run.kill_all()
            raise
    progress.close()
    n_ok = sum(1 for r in rows if r[2] == "ok")
    n_err = sum(1 for r in rows if r[2] == "ERROR")
    n_fail = len(rows) - n_ok - n_err
    suites = [junit.SuiteInput(e.name, res, {"config": e.config.name, "bootargs": e.bootargs,
                                             "expect": e.expect.describe(), "matrix-line": e.line},
                               e.expect, unmet, res.uart_text) for e, res, _, unmet in rows]
    junit_path = args.junit or os.path.join(out_dir, "junit.xml")
    junit.write(junit_path, suites, name="pairguard matrix " + args.matrix)
    tap_path = args.tap or os.path.join(out_dir, "matrix.tap")
    write_tap(tap_path, matrix_tap(rows))
    if args.html:
        html.write(args.html, [html.Section(s.name, res.report, label, s.properties, e.expect.describe(), unmet,
                                            res.seconds) for s, (e, res, label, unmet) in zip(suites, rows)],
                   title="pairguard matrix " + args.matrix)
    progress.print("matrix %s: %d met their expectation, %d failed, %d could not run  [%.1f s]; "
                   "JUnit %s" % (args.matrix, n_ok, n_fail, n_err, time.monotonic() - start,
                                 nice(junit_path)))
    if args.count_line:
        progress.print("%d passed, %d failed" % (n_ok, n_fail + n_err))
    return EXIT_ERROR if n_err else EXIT_FAIL if n_fail else EXIT_OK


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    progress = Progress(enabled=not args.no_progress)
    try:
        check_args(args)
        if args.list:
            return list_all(args)
        if args.lava_results is not None:
            return lava.run(args, progress.print, write_tap)
        if args.print_cmd:
            return print_cmd(args)
        if args.matrix is not None:
            return matrix_run(args, progress)
        return single(args, progress)
    except (UsageError, matrix.MatrixError, lava.LavaError) as e:
        progress.close()
        print("pairguard-run: error: %s" % e, file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # an OSError too: before that clause
        # The reader went away (| head): no one is left to tell.
        run.kill_all()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as e:        # an output file (--html, --junit, --tap) that cannot be written
        run.kill_all()
        progress.close()
        print("pairguard-run: error: cannot write %s: %s" % (e.filename, e.strerror), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        run.kill_all()
        progress.close()
        print("pairguard-run: interrupted; QEMU runs killed", file=sys.stderr)
        return EXIT_ERROR
