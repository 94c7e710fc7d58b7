"""The HTML report (tools/pgrun/html.py) without a browser: the byte map's
classification on the recorded pre-#1075 streams, slots from the requests,
escaping of everything a log carries, the legend, self-containment, a
matrix's sections, and the --html option.  The browser's view of the same
page is tests/runner/test-html-browser."""

import os
import re

import htmlcheck
from runnertest import FAKE_QEMU, STREAMS, RunnerCase, parse_stream, parse_text
from pgrun import html
from test_diff import refold


def page(*names):
    return html.render([html.Section(n, parse_stream(n)) for n in names])


class ByteMap(RunnerCase):
    def test_kong_case_in_both_recorded_pre1075_streams(self):
        for name in ("engine-pre1075", "fw-pre1075"):
            with self.subTest(stream=name):
                self.assertEqual(htmlcheck.kong_problems(page(name)), [])

    def test_passing_stream_has_no_byte_map(self):
        # The known-bad control of the checker: a page without the failure.
        text = page("engine-fixed")
        self.assertIn("no byte map of case regression/0 on base x19", htmlcheck.kong_problems(text))
        self.assertFalse(any(a.get("data-what") in htmlcheck.BAD for a in htmlcheck.read(text).cells.values()))

    def test_a_broken_classification_is_caught(self):
        # Swap clobbered and missed in the renderer: the checker must object.
        real = html.classify

        def swapped(runs, slots):
            swap = {"clobbered": "missed", "missed": "clobbered"}
            return {o: (swap.get(k, k), e, a) for o, (k, e, a) in real(runs, slots).items()}
        html.classify = swapped
        try:
            problems = htmlcheck.kong_problems(page("fw-pre1075"))
        finally:
            html.classify = real
        self.assertIn("cell +496 is missed (class b-missed), not clobbered", problems)
        self.assertIn("cell -16 is clobbered (class b-clobbered), not missed", problems)

    def test_slots_from_requests(self):
        slots = html.request_slots(["str x30, [x19, #488]", "stur w1, [x19, #-256]", "strb w2, [x9, #3]",
                                    "stp d0, d1, [sp, #-16]", "str q3, [x19]", "b L", "L:",
                                    "str x0, [x19, #8]!", "sturh w16, [x12, #-168]"])
        self.assertEqual(slots["x19"], set(range(488, 496)) | set(range(-256, -252)) | set(range(0, 16)))
        self.assertEqual(slots["x9"], {3})
        self.assertEqual(slots["sp"], set(range(-16, 0)))
        self.assertEqual(slots["x12"], {-168, -167})

    def test_several_bases_get_one_map_each(self):
        f = {"case": "random/1", "class": "fusion", "requests": ["str w0, [x9, #0]", "str w1, [x24, #8]"],
             "bytes": [{"base": "x9", "from": 4, "to": 7, "what": "clobbered", "expected": "a5a5a5a5",
                        "actual": "01020304"},
                       {"base": "x24", "from": 8, "to": 11, "what": "wrong", "expected": "0a0b0c0d",
                        "actual": "ffffffff"}]}
        c = htmlcheck.read(html.failure_html(f, "a"))
        self.assertEqual(c.cells[("random/1", "x9", 4)]["data-what"], "clobbered")
        self.assertEqual(c.cells[("random/1", "x9", 0)]["data-what"], "slot")
        self.assertEqual(c.cells[("random/1", "x24", 8)]["data-actual"], "ff")
        self.assertEqual(c.cells[("random/1", "x24", 0)]["data-what"], "guard")    # x9's slot, not x24's

    def test_moved_value_is_named(self):
        text = page("engine-pre1075")
        self.assertIn("x19: the value meant for -16..-9 landed at +496..+503", text)
        # random/186: a 4-byte value inside an 8-byte clobber (stp x0, x0 for a stur w0).
        self.assertIn("x9: the value meant for -48..-45 landed at +464..+467", text)
        runs = [{"what": "missed", "lo": 0, "hi": 3, "expected": "12345678"},
                {"what": "clobbered", "lo": 8, "hi": 12, "actual": "0123456789"}]
        self.assertEqual(html.moved_values(runs), [])    # only at half-byte offsets: not the value

    def test_huge_run_is_elided(self):
        f = {"case": "c/1", "class": "execution", "bytes": [
            {"from": 0, "to": 4095, "what": "clobbered", "expected": "a5" * 4096, "actual": "00" * 4096}]}
        text = html.failure_html(f, "a")
        self.assertIn("bytes not shown", text)
        self.assertLess(len(htmlcheck.read(text).cells), html.MAX_ROWS * html.ROW)
        self.assertIn("(4096 bytes)", text)


class Page(RunnerCase):
    def test_legend_names_every_kind(self):
        text = page("fw-pre1075")
        self.assertEqual(htmlcheck.read(text).legend, set(htmlcheck.KINDS))
        for _, label, _ in html.KINDS:
            self.assertIn(label, text)

    def test_self_contained(self):
        text = page("fw-pre1075", "engine-fixed")
        self.assertIn("default-src 'none'", text)
        self.assertEqual(htmlcheck.read(text).scripts, 0)
        self.assertIsNone(re.search(r"(?:src|href)=\"(?!#)|url\(|@import|https?:", text))

    def test_every_test_point_with_its_verdict(self):
        text = page("fw-pre1075")
        points = re.findall(r'data-point="(\d+)" data-ok="([01])"', text)
        self.assertEqual(len(points), 62)
        self.assertEqual(sum(1 for _, ok in points if ok == "0"), 10)
        self.assertIn('href="#run1-p11"', text)
        self.assertIn('id="run1-p11"', text)

    def test_escapes_everything_from_the_stream(self):
        evil = "<script>alert(1)</script>"
        src = parse_stream("fail")
        with open(os.path.join(STREAMS, "fail.log"), encoding="ascii") as f:
            text = f.read()
        text = text.replace('"str x30, [x19, #488]"', '"str x30, [x19, #488] %s"' % evil)
        text = text.replace("case: sweep/1234", 'case: "sweep/1234\\"><img src=x>"')
        text = text.replace("batch=256", "batch=<b>&amp;")
        report = parse_text(text)
        self.assertEqual(report.verdict, src.verdict)
        out = html.render([html.Section("a<b>&\"'", report, properties={"log": "<i>x</i>"})], title="t<")
        for raw in (evil, "<img", "<b>&amp;", "<i>"):
            self.assertTrue(raw not in out, "%s reached the page unescaped" % raw)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", out)
        self.assertIn("a&lt;b&gt;&amp;&quot;&#x27;", out)
        self.assertIn("sweep/1234&quot;&gt;&lt;img src=x&gt;", out)
        self.assertIn("&lt;b&gt;&amp;amp;", out)
        self.assertEqual(htmlcheck.read(out).scripts, 0)

    def test_fingerprints_and_characterisation(self):
        text = page("fp-a57")
        self.assertIn("fixed=ccd92590962bd410 cases=24", text)
        self.assertIn('data-fp="c07da94af3663f3d" title="fingerprint fixed=c07da94af3663f3d cases=2">c07da94a<',
                      text)
        self.assertNotIn("data-characterisation", text)
        with open(os.path.join(STREAMS, "fp-fixed.log"), encoding="ascii") as f:
            log = f.read().replace("\r", "")
        line = re.search(r"^# fingerprint: regression/STRx/kong fixed=(\w+) cases=2$", log, re.M)
        log = log.replace(line.group(0), "# fingerprint: regression/STRx/kong fixed=%s cases=1 "
                          "open=1111111111111111 open-cases=1\n# choice: regression/STRx/kong "
                          "lower-value cases=1 first=regression/1" % line.group(1))
        report = parse_text(refold(log))
        self.assertEqual(report.problems, [])
        out = html.render([html.Section("t", report)])
        self.assertIn("data-characterisation", out)
        self.assertIn("<td><code>regression/STRx/kong</code></td><td><code>lower-value</code></td>"
                      "<td>1</td><td><code>regression/1</code></td>", out)

    def test_error_run_shows_its_problems(self):
        text = html.render([html.Section("t", parse_stream("truncated"))])
        self.assertIn("v-ERROR", text)
        self.assertIn("problem: stream truncated", text)


class Cli(RunnerCase):
    def test_log_html(self):
        out_path = self.path("sub/r.html")
        rc, out, err = self.cli("--log", os.path.join(STREAMS, "fw-pre1075.log"), "--html", out_path,
                                "--no-progress")
        self.assertEqual(rc, 1, out + err)
        with open(out_path, encoding="utf-8") as f:
            self.assertEqual(htmlcheck.kong_problems(f.read()), [])

    def test_unwritable_html_is_a_clear_error(self):
        rc, out, err = self.cli("--log", os.path.join(STREAMS, "pass.log"), "--html", "/proc/no-such/r.html",
                                "--no-progress")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("pairguard-run: error: cannot write /proc/no-such", err)

    def test_matrix_html_has_a_section_per_run(self):
        path, out_path = self.path("m.txt"), self.path("m.html")
        with open(path, "w") as f:
            f.write('m virt-a57 "stream=pass" pass\nm virt-a57 "stream=fail" fail class=fusion\n'
                    'm virt-a57 "stream=bailout" pass\n')
        rc, out, err = self.cli("--matrix", "m", "--matrix-file", path, "--qemu", FAKE_QEMU, "--build",
                                self.build, "--out", self.path("out"), "--no-progress", "--html", out_path)
        self.assertEqual(rc, 2, out + err)
        with open(out_path, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(htmlcheck.read(text).sections,
                         ["virt-a57 stream=pass", "virt-a57 stream=fail", "virt-a57 stream=bailout"])
        self.assertIn("<title>pairguard matrix m</title>", text)
        self.assertIn('<a href="#run3">virt-a57 stream=bailout</a>', text)
        self.assertIn("fail class=fusion", text)        # the expectation
        self.assertIn("Bail out!", text)
        c = htmlcheck.read(text)
        self.assertEqual(c.cells[("sweep/1234", "x19", 496)]["data-what"], "clobbered")
