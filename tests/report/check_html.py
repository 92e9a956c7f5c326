#!/usr/bin/python3
"""check_html.py - checks a report.html against the stats.json it was made from.

Usage: check_html.py report.html stats.json [REQUIRED_SECTION_ID...]

- the document parses with html.parser and every non-void element is closed
  in order (no stray or crossed tags);
- every section id given is present, in that order;
- every pass/fail mark with data-src shows the boolean at that JSON Pointer;
- the embedded <script type="application/json" id="jh-stats"> equals stats.json (the
  summary, the annex, its parts and a school's pages, data-report-part, embed none)
  (except generated_at, the time the statistics were computed, and report,
  the details `junheng report` adds: county, issuer, round, date);
- no '<' inside any <script> element (html.parser ends a script at the first
  "</" but lacks the browsers' escaped state, where "<!--<script>" keeps the
  element open past its end tag: the JSON writes every '<' as \\u003c);
- every element with data-p names a value in stats.json (JSON Pointer) equal
  to data-v (to 1e-12 relative: cJSON prints 15 significant digits), and the
  element's visible text is data-v in its data-f format;
- no reference to the network (src/href to http(s), @import, url(http)).
Prints a summary line with counts; exits 1 with the first problems listed.
"""
import json
import re
import math
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
# SVG elements that may be self-closed (<rect .../>) in the report.
REL_TOL = 1e-12
SELF_CLOSING_OK = {"rect", "line", "path", "circle", "polyline", "polygon", "stop"}


def fmt(v, f):
    if v is None:
        return "—"
    if f == "pct1":
        return format(v * 100.0, ".1f") + " %"
    if f == "int":
        return format(v, ",.0f")
    if f in ("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8"):  # thousands separators from 1,000 (review rexcel5)
        return format(v, ("," if abs(v) >= 1000 else "") + "." + f[1] + "f")
    if f in ("pct2", "pct3", "pct4", "pct5", "pct6", "pct7", "pct8"):  # finer formats: a value beside a standard it is not equal to
        return format(v * 100.0, "." + f[3] + "f") + " %"
    if re.fullmatch(r"ppn?[1-8]", f):  # a difference of rates in percentage points (ppn: the unit after it)
        return format(v * 100.0, "." + f[-1] + "f") + ("" if f.startswith("ppn") else " 个百分点")
    raise ValueError("unknown data-f " + f)


def close(a, b):
    return a == b or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-300)


def same(a, b):
    """Deep equality, numbers within REL_TOL (cJSON prints 15 significant
    digits, so a number may differ from the computed double in its last bit)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return close(float(a), float(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def pointer_get(doc, ptr):
    if ptr == "":
        return doc
    cur = doc
    for raw in ptr.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(cur, list):
            cur = cur[int(key)]
        else:
            cur = cur[key]
    return cur


class Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = []
        self.nums = []          # [attrs, text-list] of data-p elements (open ones collect text)
        self.open_nums = []     # indexes into nums with the stack depth they opened at
        self.script_id = None
        self.script_text = {}
        self.network = []
        self.marks = 0
        self.srcmarks = []      # (pointer, data-pass, line) of marks taken from a boolean
        self.suppressed = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._check_network(tag, a)
        if "id" in a:
            self.ids.append(a["id"])
        if "data-pass" in a:
            self.marks += 1
            if "data-src" in a:
                self.srcmarks.append((a["data-src"], a["data-pass"], self.getpos()[0]))
        if "data-suppressed" in a:
            self.suppressed += 1
        if tag == "script":
            self.script_id = a.get("id", "")
            self.script_text[self.script_id] = ""
        if tag in VOID:
            return
        self.stack.append((tag, self.getpos()))
        if "data-p" in a:
            self.nums.append([a, []])
            self.open_nums.append((len(self.nums) - 1, len(self.stack)))

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self._check_network(tag, a)
        if tag not in VOID and tag not in SELF_CLOSING_OK:
            self.errors.append("line %d: <%s/> self-closed" % (self.getpos()[0], tag))
        if "data-p" in a:
            self.nums.append([a, None])   # a bar: value only, no text
        if "data-suppressed" in a:
            self.suppressed += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append("line %d: </%s> without an open element" % (self.getpos()[0], tag))
            return
        top, pos = self.stack.pop()
        if top != tag:
            self.errors.append("line %d: </%s> closes <%s> opened on line %d"
                               % (self.getpos()[0], tag, top, pos[0]))
        while self.open_nums and self.open_nums[-1][1] > len(self.stack):
            self.open_nums.pop()
        if tag == "script":
            self.script_id = None

    def handle_data(self, data):
        if self.script_id is not None:
            self.script_text[self.script_id] += data
            return
        for idx, _depth in self.open_nums:
            self.nums[idx][1].append(data)

    def _check_network(self, tag, a):
        for k in ("src", "href"):
            v = a.get(k) or ""
            if v.startswith("http:") or v.startswith("https:") or v.startswith("//"):
                self.network.append("<%s %s=%s>" % (tag, k, v))


def main():
    html_path, stats_path = sys.argv[1], sys.argv[2]
    sections = sys.argv[3:]
    text = open(html_path, encoding="utf-8").read()
    stats = json.load(open(stats_path, encoding="utf-8"))
    p = Parser()
    p.feed(text)
    p.close()
    errors = list(p.errors)
    if p.stack:
        errors.append("unclosed elements at the end: %s" % [t for t, _ in p.stack])
    for bad in ("@import", "url(http", "url(//"):
        if bad in text:
            errors.append("network reference: " + bad)
    errors += ["network reference: " + n for n in p.network]

    # Sections present and in order.
    pos = []
    for s in sections:
        if s not in p.ids:
            errors.append("section id '%s' missing" % s)
        else:
            pos.append(p.ids.index(s))
    if pos != sorted(pos):
        errors.append("sections out of order: %s" % sections)

    # Nothing in a script's body that a browser could read as markup.
    for sid, body in p.script_text.items():
        if "<" in body:
            i = body.index("<")
            errors.append("<script id=%s>: a '<' in its body at %d: %r" % (sid, i, body[max(0, i - 40):i + 40]))

    # The summary and the annex of a split report (data-report-part) embed
    # no statistics: stats.json lies next to them.
    part = re.search(r'data-report-part="([a-z-]+)"', text)
    embedded = p.script_text.get("jh-stats")
    if part:
        if embedded is not None:
            errors.append("the %s of a split report embeds the statistics" % part.group(1))
    elif embedded is None:
        errors.append("no <script id=jh-stats> block")
    elif not same(dict(json.loads(embedded), generated_at=None, report=None),
                  dict(stats, generated_at=None, report=None)):
        errors.append("embedded statistics differ from %s" % stats_path)

    checked = 0
    for attrs, chunks in p.nums:
        ptr, raw, f = attrs["data-p"], attrs.get("data-v"), attrs.get("data-f")
        try:
            want = pointer_get(stats, ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            errors.append("data-p %s: not in stats.json" % ptr)
            continue
        got = None if raw == "null" else float(raw)
        if isinstance(want, bool) or not (want is None or isinstance(want, (int, float))):
            errors.append("data-p %s: stats.json holds %r, not a number" % (ptr, want))
            continue
        if (want is None) != (got is None) or (got is not None and not close(got, float(want))):
            errors.append("data-p %s: report has %r, stats.json %r" % (ptr, raw, want))
        if chunks is not None:
            shown = "".join(chunks).strip()
            expect = fmt(got, f)
            if shown != expect:
                errors.append("data-p %s: shows '%s', expected '%s'" % (ptr, shown, expect))
        checked += 1

    for ptr, shown, line in p.srcmarks:
        try:
            want = pointer_get(stats, ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            errors.append("line %d: mark data-src %s not in stats.json" % (line, ptr))
            continue
        if not isinstance(want, bool) or shown != ("1" if want else "0"):
            errors.append("line %d: mark for %s shows %s, stats.json has %r" % (line, ptr, shown, want))

    print("html: %d bytes, %d numbers checked against stats.json, %d pass/fail marks (%d checked "
          "against its booleans), %d suppressed groups, %d ids"
          % (len(text), checked, p.marks, len(p.srcmarks), p.suppressed, len(p.ids)))
    if errors:
        for e in errors[:40]:
            print("FAIL " + e)
        if len(errors) > 40:
            print("... and %d more" % (len(errors) - 40))
        sys.exit(1)
    if checked == 0:
        print("FAIL no tagged numbers at all")
        sys.exit(1)


if __name__ == "__main__":
    main()
