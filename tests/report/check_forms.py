#!/usr/bin/python3
"""check_forms.py - the national application form's sheets of report.xlsx
(表Ⅱ-1, 表Ⅱ-2, 表Ⅲ; balance-rules §2) read back with openpyxl against the
stats.json the report was made from.  Usage: check_forms.py report.xlsx stats.json

表Ⅱ-1/2: the form's headers, one row per primary / junior school part the
basic figures count (no private school, none not run by the county, no
teaching point the setting leaves out; a combined school's part named
（小学部）/（初中部）), each value equal to the document's, a failing value's
cell (meets false) shaded dark and no other, 1 in 该校综合评估是否达标 exactly
when the part complies, one number format a column (four decimals when any
of its values is below 1, else two; more only where those would show a
value equal to its standard or 85 % of it: review r2bureau9 item 2).  The
title, headers and notes name the standard used: the 2017 quality one, not
the province's basic one (review r2bureau9 item 1).  表Ⅲ: 全县平均值 and
差异系数 rows per level equal to balance's basic means and CVs, 综合 the
basic composite, the CVs formatted as 差异系数's, the averages one format a
column, the 综合 "—" centred.  Every cell of the printed columns of the
three sheets' rows has thin borders, empty ones too (review r2bureau9
item 2)."""
import json
import math
import sys

import openpyxl

errors = []
compared = 0

L_HEADS = ["每百名学生拥有高于规定学历教师数（人）", "每百名学生拥有县级以上骨干教师数（人）",
           "每百名学生拥有体育、艺术（美术、音乐）专任教师数（人）", "生均教学及辅助用房面积（㎡）",
           "生均体育运动场馆面积（㎡）", "生均教学仪器设备值（元）", "每百名学生拥有网络多媒体教室数（间）"]
B_HEADS = ["生均教学及辅助用房面积（㎡）", "生均体育运动场馆面积（㎡）", "生均教学仪器设备值（元）",
           "每百名学生拥有计算机台数（台）", "生均图书册数（册）", "师生比", "生均高于规定学历教师数（人）",
           "生均中级及以上专业技术职务教师数（人）"]


def same(cell, want, where):
    global compared
    compared += 1
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        ok = isinstance(cell, (int, float)) and not isinstance(cell, bool) and math.isclose(cell, want, rel_tol=1e-12)
    else:
        ok = cell == want
    if not ok:
        errors.append("%s: workbook has %r, expected %r" % (where, cell, want))


def dark(c):
    return c.fill is not None and c.fill.fill_type == "solid" and (c.fill.fgColor.rgb or "").endswith("595959")


def decimals(fmt):
    return len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0


def col_format(values):
    return "0.0000" if any(abs(v) < 1 for v in values) else "#,##0.00"


def framed(ws, rows, last_col, name):
    """Thin borders on all four sides of every printed cell of rows."""
    for r in rows:
        for c in r[:last_col]:
            b = c.border
            if not all(getattr(b, side).style == "thin" for side in ("left", "right", "top", "bottom")):
                errors.append("%s: %s (%r) not framed" % (name, c.coordinate, c.value))


def notes(ws):
    return [r[0].value for r in ws.iter_rows(min_row=3) if isinstance(r[0].value, str) and r[1].value is None]


def heads(ws, row=2):
    return [c.value.replace("\n", "") if isinstance(c.value, str) else c.value for c in ws[row]]


def fmt_index(wb):
    """(code, level_zh, set, indicator) -> number format of its value in 指标;
    (set, level_zh, code) -> (mean format, CV format) in 差异系数."""
    ind = {}
    for r in wb["指标"].iter_rows(min_row=2):
        if r[0].value is None:
            continue
        ind[(r[0].value, r[2].value, r[4].value, r[5].value)] = r[7].number_format
    cv = {}
    for r in wb["差异系数"].iter_rows(min_row=2):
        cv[(r[0].value, r[1].value, r[2].value)] = (r[5].number_format, r[7].number_format)
    return ind, cv


def check_form2(wb, st, level, level_zh, ind_fmt):
    name = "表Ⅱ-1" if level == "primary" else "表Ⅱ-2"
    ws = wb[name]
    title = ws["A1"].value or ""
    if not title.startswith("%s：%s学校资源配置达标情况（分学校，对照《县域义务教育优质均衡发展督导评估办法》（2017）"
                            "的七项资源配置标准）" % (name, level_zh)) or "办学基本标准" in title:
        errors.append("%s: title %r" % (name, title))
    ns = " ".join(notes(ws))
    for must in ("不是基本均衡申报表按省定办学基本标准的达标判定", "省定办学基本标准未录入本系统"):
        if must not in ns:
            errors.append("%s: no note %r in %r" % (name, must, ns))
    std = {d["code"]: d["standard"][level] for d in st["indicators"]["quality"]}
    codes = [d["code"] for d in st["indicators"]["quality"]]
    want_heads = ["学校名称"] + ["%s优质均衡标准≥ %g" % (h, std[c]) for h, c in zip(L_HEADS, codes)] + \
        ["该校综合评估是否达标", "学校代码", "在校生数", "达标项数"]
    if heads(ws) != want_heads:
        errors.append("%s: headers %r, expected %r" % (name, heads(ws), want_heads))
    if ws.freeze_panes != "A3":
        errors.append("%s: frozen at %r" % (name, ws.freeze_panes))
    # printed: the form's columns, through the flag
    if "$A:$I" not in str(ws.print_area):
        errors.append("%s: print area %r, expected the form's columns A:I" % (name, ws.print_area))
    want = []
    for s in st["schools"]:
        out = s["excluded_basic"] if "excluded_basic" in s else s["excluded"]
        if out:
            continue
        combined = s["level"] not in ("primary", "junior")
        for p in s["parts"]:
            if p["level"] == level:
                want.append((s, p, s["name"] + ("（%s部）" % level_zh if combined else "")))
    got = [r for r in ws.iter_rows(min_row=3) if r[0].value is not None]
    got = [r for r in got if r[9].value is not None]  # rows, not the notes below them
    if len(got) != len(want):
        errors.append("%s: %d school rows, expected %d" % (name, len(got), len(want)))
    framed(ws, got, 9, name)
    colfmt = {c: col_format([q["value"] for _, p, _ in want for q in p["quality"]
                             if q["code"] == c and q["value"] is not None]) for c in codes}
    for r, (s, p, nm) in zip(got, want):
        w = "%s %s" % (name, nm)
        same(r[0].value, nm, w + " name")
        same(r[9].value, s["code"], w + " code")
        same(r[10].value, p["enrolment"], w + " enrolment")
        same(r[11].value, p["compliance"]["met"], w + " met")
        q = {e["code"]: e for e in p["quality"]}
        for k, c in enumerate(codes):
            cell, e = r[1 + k], q[c]
            if e["value"] is None:
                same(cell.value, "缺数据", w + " " + c)
            else:
                same(cell.value, e["value"], w + " " + c)
                f, cf = colfmt[c], cell.number_format
                bd, cd = decimals(f), decimals(cf)
                # more decimals only where the column's would show it equal
                # to its standard or that standard's 85 %
                apart = any(round(e["value"], bd) == round(ref, bd) and e["value"] != ref
                            for ref in (e["standard"], 0.85 * e["standard"]))
                if not (cf == f or (cd > bd and apart)):
                    errors.append("%s %s: format %r, the column's is %r" % (w, c, cf, f))
            if dark(cell) != (e["meets"] is False):
                errors.append("%s %s: shaded %s, meets %r" % (w, c, dark(cell), e["meets"]))
        same(r[8].value, 1 if p["compliance"]["pass"] else None, w + " 该校综合评估是否达标")
        for c in [r[0]] + list(r[8:]):
            if dark(c):
                errors.append("%s: %s shaded" % (w, c.coordinate))
    return len(want)


def check_form3(wb, st, cv_fmt):
    ws = wb["表Ⅲ"]
    if not (ws["A1"].value or "").startswith("表Ⅲ：县域义务教育校际间均衡情况"):
        errors.append("表Ⅲ: title %r" % ws["A1"].value)
    want_heads = ["学校类别", "指标项目"] + B_HEADS + ["综合", "学校数", "综合差异系数限值", "结论"]
    if heads(ws) != want_heads:
        errors.append("表Ⅲ: headers %r, expected %r" % (heads(ws), want_heads))
    if "$A:$K" not in str(ws.print_area):
        errors.append("表Ⅲ: print area %r" % ws.print_area)
    rows = [r for r in ws.iter_rows(min_row=3) if r[1].value in ("全县平均值", "差异系数")]
    want = [(lv, kind) for lv in ("primary", "junior") if lv in st["balance"] for kind in ("mean", "cv")]
    if len(rows) != len(want):
        errors.append("表Ⅲ: %d rows, expected %d" % (len(rows), len(want)))
    framed(ws, rows, 11, "表Ⅲ")
    codes = [d["code"] for d in st["indicators"]["basic"]]
    meanfmt = {c: col_format([e["mean"] for lv in ("primary", "junior") if lv in st["balance"]
                              for e in st["balance"][lv]["basic"] if e["code"] == c and e["mean"] is not None])
               for c in codes}
    for r, (lv, kind) in zip(rows, want):
        b = st["balance"][lv]
        w = "表Ⅲ %s %s" % (b["level_zh"], kind)
        same(r[0].value, b["level_zh"], w + " 学校类别")
        same(r[1].value, "全县平均值" if kind == "mean" else "差异系数", w + " 指标项目")
        by = {e["code"]: e for e in b["basic"]}
        for k, c in enumerate(codes):
            v = by[c][kind]
            same(r[2 + k].value, "无法计算" if v is None else v, "%s %s" % (w, c))
            f = cv_fmt.get(("基本均衡", b["level_zh"], c), (None, None))[1] if kind == "cv" else meanfmt[c]
            if v is not None and r[2 + k].number_format != f:
                errors.append("%s %s: format %r, 差异系数 shows %r" % (w, c, r[2 + k].number_format, f))
        comp = b["basic_composite"]
        if kind == "mean":
            same(r[10].value, "—", w + " 综合")
            if r[10].alignment.horizontal != "center":
                errors.append("%s 综合: — aligned %r, not centred" % (w, r[10].alignment.horizontal))
        else:
            same(r[10].value, "无法计算" if comp["cv"] is None else comp["cv"], w + " 综合")
            f = cv_fmt.get(("基本均衡", b["level_zh"], "综合"), (None, None))[1]
            if comp["cv"] is not None and r[10].number_format != f:
                errors.append("%s 综合: format %r, 差异系数 shows %r" % (w, r[10].number_format, f))
            same(r[11].value, comp.get("n_schools", b["n_schools"]), w + " 学校数")
            same(r[12].value, comp["limit"], w + " 限值")
            same(r[13].value, {True: "✓ 在限值内", False: "× 超限"}.get(comp["pass"], "— 无数据"), w + " 结论")
        for c in r:
            if dark(c):
                errors.append("%s: %s shaded" % (w, c.coordinate))
    return len(rows)


def check(wb, st):
    """The three sheets of workbook wb against document st: (errors, summary)."""
    names = wb.sheetnames
    i = names.index("差异系数") if "差异系数" in names else -1
    if names[i + 1:i + 4] != ["表Ⅱ-1", "表Ⅱ-2", "表Ⅲ"]:
        errors.append("sheets %r: 表Ⅱ-1, 表Ⅱ-2, 表Ⅲ expected after 差异系数" % names)
        return errors, "forms: sheets missing"
    ind_fmt, cv_fmt = fmt_index(wb)
    n1 = check_form2(wb, st, "primary", "小学", ind_fmt)
    n2 = check_form2(wb, st, "junior", "初中", ind_fmt)
    n3 = check_form3(wb, st, cv_fmt)
    return errors, ("forms: 表Ⅱ-1 %d rows, 表Ⅱ-2 %d rows, 表Ⅲ %d rows, %d values compared, %d errors"
                    % (n1, n2, n3, compared, len(errors)))


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    st = json.load(open(sys.argv[2], encoding="utf-8"))
    errs, summary = check(wb, st)
    for e in errs[:40]:
        print("FAIL " + e)
    print(summary)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
