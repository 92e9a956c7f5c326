#!/usr/bin/python3
"""check_xlsx.py - reads report.xlsx back with openpyxl and compares it with
the stats.json it was made from.  Usage: check_xlsx.py report.xlsx stats.json

Checks the sheet names, Chinese headers, frozen header rows, autofilters,
number formats, and every row of 学校, 指标, 差异系数, 满意度, 整改清单 and
导入记录 against the document, value by value."""
import json
import math
import sys

import openpyxl

REL_TOL = 1e-12
SHEETS = ["汇总", "学校", "指标", "差异系数", "满意度", "整改清单", "导入记录"]
ZH = {"primary": "小学", "junior": "初中", "senior": "高中", "nine_year": "九年一贯制",
      "complete_middle": "完全中学", "twelve_year": "十二年一贯制", "urban": "城区",
      "town": "镇区", "rural": "乡村", "parent": "家长", "teacher": "教师", "student": "学生",
      "public": "社会公众", "principal": "校长", "all": "全部"}
errors = []


def zh(code):
    return ZH.get(code, code)


def same(cell, want, where):
    if isinstance(want, bool):
        ok = cell == want
    elif isinstance(want, (int, float)):
        ok = isinstance(cell, (int, float)) and not isinstance(cell, bool) and (
            cell == want or math.isclose(cell, want, rel_tol=REL_TOL))
    elif want is None or want == "":
        ok = cell is None or cell == ""
    else:
        ok = cell == want
    if not ok:
        errors.append("%s: workbook has %r, stats.json %r" % (where, cell, want))


def check_format(ws, col, fmt):
    """The first numeric cell of column col carries number format fmt."""
    for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
        c = row[0]
        if isinstance(c.value, (int, float)):
            if c.number_format != fmt:
                errors.append("%s!%s format %r, expected %r" % (ws.title, c.coordinate,
                                                               c.number_format, fmt))
            return
    errors.append("%s: column %d has no number" % (ws.title, col))


def rows(ws, header_row=1):
    return list(ws.iter_rows(min_row=header_row + 1, values_only=True))


def check_frame(ws, header_row, n_rows, headers_start):
    heads = [c.value for c in ws[header_row]]
    if heads[:len(headers_start)] != headers_start:
        errors.append("%s: headers %r, expected to start %r" % (ws.title, heads, headers_start))
    want_freeze = "A%d" % (header_row + 1)
    if ws.freeze_panes != want_freeze:
        errors.append("%s: frozen at %r, expected %s" % (ws.title, ws.freeze_panes, want_freeze))
    if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith("A%d:" % header_row):
        errors.append("%s: autofilter %r" % (ws.title, ws.auto_filter.ref))
    got = ws.max_row - header_row
    if got != n_rows:
        errors.append("%s: %d data rows, expected %d" % (ws.title, got, n_rows))


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    st = json.load(open(sys.argv[2], encoding="utf-8"))
    if wb.sheetnames != SHEETS:
        errors.append("sheets %r, expected %r" % (wb.sheetnames, SHEETS))

    ws = wb["汇总"]
    rec = st["recognition"]["answers"]
    found = False
    for r in rows(ws, 2):
        if r[0] == "社会认可度（按答题）":
            same(r[1], rec["rate"], "汇总 社会认可度")
            same(r[2], "✓ 达标" if rec["pass"] else "× 未达标", "汇总 结论")
            found = True
    if not found:
        errors.append("汇总: no 社会认可度 row")
    if ws.freeze_panes != "A3":
        errors.append("汇总: frozen at %r" % ws.freeze_panes)

    ws = wb["学校"]
    schools = st["schools"]
    check_frame(ws, 1, len(schools), ["学校代码", "学校名称", "学段", "城乡", "有效答题"])
    for s, r in zip(schools, rows(ws)):
        w = "学校 %s" % s["code"]
        same(r[0], s["code"], w)
        same(r[1], s["name"], w)
        same(r[2], zh(s["level"]), w)
        sat = s["satisfaction"]
        if sat.get("suppressed"):
            same(r[6], "样本不足", w + " suppressed")
            same(r[4], None, w + " suppressed count")
        else:
            same(r[4], sat["valid"], w + " valid")
            same(r[5], sat["satisfied"], w + " satisfied")
            same(r[6], sat["rate"], w + " rate")
            same(r[7], sat["lo"], w + " lo")
            same(r[8], sat["hi"], w + " hi")
    check_format(ws, 7, "0.0%")
    check_format(ws, 5, "#,##0")

    ws = wb["指标"]
    flat = [(s, u, e) for s in schools for u in s.get("units", []) for e in u["indicators"]]
    check_frame(ws, 1, len(flat), ["学校代码", "学校名称", "学段", "在校生数", "指标"])
    for (s, u, e), r in zip(flat, rows(ws)):
        w = "指标 %s %s %s" % (s["code"], u["part"], e["code"])
        same(r[0], s["code"], w)
        same(r[3], u["enrolment"], w + " enrolment")
        same(r[4], e["code"], w)
        same(r[6], e.get("value"), w + " value")
        same(r[7], e["standard"], w + " standard")

    ws = wb["差异系数"]
    cv = st["cv"]
    comp = st.get("composite", [])
    check_frame(ws, 1, len(cv) + len(comp), ["类别", "学段", "指标", "指标名称", "学校数"])
    for c, r in zip(cv, rows(ws)):
        w = "差异系数 %s %s" % (c["level"], c["code"])
        same(r[1], zh(c["level"]), w)
        same(r[2], c["code"], w)
        same(r[4], c["n"], w + " n")
        same(r[7], c.get("cv"), w + " cv")
        if c["set"] == "quality":
            same(r[8], c["limit"], w + " limit")
            if c.get("cv") is not None:
                same(r[9], "✓ 在限值内" if c["pass"] else "× 超限", w + " verdict")
    for c, r in zip(comp, rows(ws)[len(cv):]):
        same(r[7], c["cv"], "差异系数 综合 " + c["level"])
    check_format(ws, 8, "0.000")

    ws = wb["满意度"]
    sat = [(e, "label") for e in st.get("roles", [])] + [(e, "label") for e in st.get("topics", [])] + \
          [(e, "text") for e in st.get("items", [])] + [(e, None) for e in st.get("localities", [])]
    check_frame(ws, 1, len(sat), ["分组", "对象", "名称", "有效答题", "满意答题", "满意率"])
    for (e, key), r in zip(sat, rows(ws)):
        w = "满意度 %s %s" % (r[0], r[2])
        same(r[2], e[key] if key else zh(e["locality"]), w + " name")
        if e.get("suppressed"):
            same(r[5], "样本不足", w)
        else:
            same(r[3], e["valid"], w + " valid")
            same(r[5], e["rate"], w + " rate")

    ws = wb["整改清单"]
    rect = st.get("rectification", [])
    check_frame(ws, 1, len(rect), ["学校代码", "学校名称", "学段", "指标"])
    for e, r in zip(rect, rows(ws)):
        w = "整改清单 %s %s" % (e["school_code"], e["code"])
        same(r[0], e["school_code"], w)
        same(r[5], e["value"], w + " value")
        same(r[7], e["need"], w + " need")
        same(r[8], e["need_text"], w + " text")

    ws = wb["导入记录"]
    imp = st.get("imports", [])
    check_frame(ws, 1, len(imp), ["文件", "SHA-256", "设备", "学校", "结果"])
    for e, r in zip(imp, rows(ws)):
        w = "导入记录 %s" % e["file"]
        same(r[0], e["file"], w)
        same(r[4], "已导入" if e["verdict"] == "imported" else "已拒绝", w)
        same(r[9], e["reason"], w + " reason")

    print("xlsx: %d sheets, %d schools, %d indicator rows, %d CV rows, %d satisfaction rows, "
          "%d rectification rows, %d import rows compared" %
          (len(wb.sheetnames), len(schools), len(flat), len(cv), len(sat), len(rect), len(imp)))
    for e in errors[:40]:
        print("FAIL " + e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
