#!/usr/bin/python3
"""check_xlsx.py - reads report.xlsx back with openpyxl and compares it with
the stats.json it was made from.  Usage: check_xlsx.py report.xlsx stats.json

Checks that every part of the package is deflated at zlib's fastest level
(minizip marks it in the general purpose flags: the report's
zipOpenNewFileInZip4_64 in front of minizip's is in effect), the sheet
names, Chinese headers, frozen header rows, autofilters,
number formats, and every row of 学校, 指标, 差异系数, 满意度, 整改清单 and
导入记录 (and the headline rows of 汇总) against the document, value by
value.  Numbers must agree to 1e-12 relative (cJSON prints 15 digits)."""
import json
import math
import os
import sys
import zipfile

import openpyxl

REL_TOL = 1e-12
SHEETS = ["汇总", "学校", "指标", "差异系数", "表Ⅱ-1", "表Ⅱ-2", "表Ⅲ", "满意度", "整改清单", "评估指标", "导入记录"]
ROLE = {"parent": "家长", "teacher": "教师", "student": "学生", "principal": "校长",
        "public": "社会公众"}
errors = []
compared = 0


def same(cell, want, where):
    global compared
    compared += 1
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


def verdict(v, yes, no):
    return yes if v is True else no if v is False else "— 无数据"


def plan_items(st):
    """The number of items of the rectification plan `junheng rectify --out`
    writes (rectify.c rectify_items_from_doc): every failing county fact (but
    G8.civil_pay, the comparison of the teachers' pay item), school, CV and
    S1; None without an evaluation."""
    ev = st.get("evaluation")
    if not ev:
        return None
    fails = lambda l: sum(1 for e in l if e.get("verdict") == "fail")
    n = fails(f for f in ev["veto"].get("facts", []) if f.get("key") != "G8.civil_pay")
    for p in ev["parts"]:
        for ind in p["indicators"]:
            n += fails(f for f in ind.get("facts", []) if f.get("key") != "G8.civil_pay")
            n += fails(ind.get("schools", []))
            n += fails((ind.get("cv") or {}).get(lv, {}) for lv in ("primary", "junior"))
            n += ind["code"] == "S1" and ind.get("verdict") == "fail"
    return n


def rows(ws, header_row=1):
    return list(ws.iter_rows(min_row=header_row + 1, values_only=True))


def check_frame(ws, header_row, n_rows, headers_start):
    # (long headers break onto two lines where a word ends: review rexcel5)
    heads = [c.value.replace("\n", "") if isinstance(c.value, str) else c.value for c in ws[header_row]]
    if heads[:len(headers_start)] != headers_start:
        errors.append("%s: headers %r, expected to start %r" % (ws.title, heads, headers_start))
    want_freeze = "A%d" % (header_row + 1)
    if ws.freeze_panes != want_freeze:
        errors.append("%s: frozen at %r, expected %s" % (ws.title, ws.freeze_panes, want_freeze))
    ref = ws.auto_filter.ref or ""
    if not ref.startswith("A%d:" % header_row) or not ref.endswith(str(header_row + max(n_rows, 0))):
        errors.append("%s: autofilter %r over %d rows" % (ws.title, ref, n_rows))
    got = ws.max_row - header_row
    if got != n_rows:
        errors.append("%s: %d data rows, expected %d" % (ws.title, got, n_rows))


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


def group_cells(r, first, g, where):
    """The satisfaction cells of a group, as report_book.c writes them."""
    if g.get("suppressed"):
        same(r[first + 3], "隐藏（防推算）" if g.get("suppressed_reason") == "complementary" else "样本不足",
             where + " suppressed")
        same(r[first], None, where + " suppressed count")
        same(r[first + 1], None, where + " suppressed valid")
        return
    n = g.get("n_questionnaires", g.get("n_answers", g.get("n_answers_max_item")))
    same(r[first], n, where + " n")
    a, q = g["answers"], g.get("questionnaires") or {}
    same(r[first + 1], a["valid"], where + " valid")
    same(r[first + 2], a["satisfied"], where + " satisfied")
    same(r[first + 3], a["rate"], where + " rate")
    same(r[first + 4], a["ci_low"], where + " ci_low")
    same(r[first + 5], a["ci_high"], where + " ci_high")
    same(r[first + 6], q.get("rate"), where + " questionnaires rate")


def check_package(path):
    """Every member deflated (8) with minizip's flag bits 1-2 for level 1
    (6: "super fast"; level 6, libxlsxwriter's own choice, leaves them 0)."""
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 6 != 6:
                errors.append("%s: %s stored with method %d, flags %#x; expected deflate (8) at the fastest "
                              "level (flags 6)" % (path, info.filename, info.compress_type, info.flag_bits))


def main():
    check_package(sys.argv[1])
    wb = openpyxl.load_workbook(sys.argv[1])
    st = json.load(open(sys.argv[2], encoding="utf-8"))
    # 未收到答卷 (missing data) when the document has imports.coverage
    sheets = SHEETS + (["未收到答卷"] if "coverage" in st["imports"] else []) + \
        (["样本"] if "verdict" in st.get("sample", {}) else [])
    # 整改方案 after 整改清单 once the round's plan is loaded (review rexcel7 item 7)
    if (st.get("rectification_plan") or {}).get("current") and plan_items(st):
        sheets.insert(sheets.index("整改清单") + 1, "整改方案")
    if wb.sheetnames != sheets:
        errors.append("sheets %r, expected %r" % (wb.sheetnames, sheets))
    # 表Ⅱ-1, 表Ⅱ-2, 表Ⅲ: the national application form (check_forms.py)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import check_forms
    form_errors, _ = check_forms.check(wb, st)
    errors.extend(form_errors)
    sat = st["satisfaction"]

    # 汇总: title row, header on row 2, headline rows.
    ws = wb["汇总"]
    if ws.freeze_panes != "A3":
        errors.append("汇总: frozen at %r" % ws.freeze_panes)
    summary = {r[0]: r for r in rows(ws, 2)}
    scope = (summary.get("统计口径") or [None] * 4)[3] or ""
    if not scope.startswith("截至 ") or "（北京时间）" not in scope or st["database"] not in scope:
        errors.append("汇总: no 统计口径 row stating the time and database: %r" % scope)
    issuer = (st.get("report") or {}).get("issuer")
    if issuer and (summary.get("出具单位") or [None] * 4)[3] != issuer:
        errors.append("汇总: 出具单位 is not %r" % issuer)
    for m in ("answers", "questionnaires"):
        r = sat["county"][m]
        key = "社会认可度（%s）%s" % (r["method_zh"], " · 主口径" if sat["county"]["headline_method"] == m else "")
        if key not in summary:
            errors.append("汇总: no row %r" % key)
            continue
        same(summary[key][1], r["rate"], "汇总 " + key)
        same(summary[key][2], verdict(r["pass"], "✓ 达标", "× 未达标"), "汇总 %s 结论" % key)
    for lv in ("primary", "junior"):
        b = st["balance"].get(lv)
        if not b:
            continue
        key = "%s：基本均衡综合差异系数" % b["level_zh"]
        same(summary.get(key, [None, None])[1], b["basic_composite"]["cv"], "汇总 " + key)
        key = "%s：达到优质均衡标准的学校数" % b["level_zh"]
        same(summary.get(key, [None, None])[1], b["schools_compliant"], "汇总 " + key)
    # 整改项: the plan's items (rectify_items_from_doc); the schools' resource
    # shortfalls are 资源配置整改项 (review reval5 item 2)
    same(summary.get("整改项", [None, None])[1], plan_items(st), "汇总 整改项")
    same(summary.get("资源配置整改项", [None, None])[1], st["verdicts"]["rectification_items"], "汇总 资源配置整改项")

    # 学校: the register, then schools with answers but not in it.
    ws = wb["学校"]
    by_code = {g["school_code"]: g for g in sat["by_school"]}
    extra = [g for g in sat["by_school"] if not g["in_register"]]
    check_frame(ws, 1, len(st["schools"]) + len(extra), ["学校代码", "学校名称", "学段", "城乡"])
    got = rows(ws)
    for s, r in zip(st["schools"], got):
        w = "学校 %s" % s["code"]
        same(r[0], s["code"], w)
        same(r[1], s["name"], w)
        same(r[2], s["level_zh"], w)
        same(r[3], s["locality_zh"], w)
        same(r[5], "否" if s["excluded"] else "是", w + " 参与计算")
        if s["code"] in by_code:
            group_cells(r, 6, by_code[s["code"]], w)
        else:
            same(r[9], "无问卷", w + " no answers (review rclerk6 item 4)")
            for c in (6, 7, 8):
                same(r[c], 0, w + " no answers: column %d is 0, not blank" % c)
        parts = s.get("parts", [])
        if not s["excluded"] and parts:
            ok = all(p["compliance"]["pass"] for p in parts)
            same(r[13], "✓ 达标" if ok else "× 未达标", w + " compliance")
        same(r[14], s.get("exclusion_reason_zh") or None, w + " reason")
        # the basic figures' own list; an older document had one for both
        xb = s["excluded_basic"] if "excluded_basic" in s else s["excluded"]
        same(r[15], "否" if xb else "是", w + " 参与基本均衡计算")
        same(r[16], (s.get("basic_exclusion_reason_zh") if "excluded_basic" in s else s.get("exclusion_reason_zh"))
             or None, w + " basic reason")
    for g, r in zip(extra, got[len(st["schools"]):]):
        same(r[0], g["school_code"], "学校 (not in register)")
        group_cells(r, 6, g, "学校 %s (not in register)" % g["school_code"])
    check_format(ws, 10, "0.0%")
    check_format(ws, 8, "#,##0")

    # 指标: school × part × (quality, basic) indicator.
    ws = wb["指标"]
    flat = [(s, p, e, t) for s in st["schools"] for p in s.get("parts", [])
            for t in ("quality", "basic") for e in p[t]]
    check_frame(ws, 1, len(flat), ["学校代码", "学校名称", "学段", "在校生数", "类别", "指标", "指标名称",
                                    "本校值", "标准", "达标率", "结论", "还需增加", "单位"])
    # 还需增加 in its unit, as 整改清单 gives it (review rexcel5 item 8)
    units = {(e["school_code"], e["level"], e["indicator"]): e["needed_unit_zh"] for e in st["rectification"]
             if "needed_unit_zh" in e}
    for (s, p, e, t), r in zip(flat, rows(ws)):
        if t == "quality" and (s["code"], p["level"], e["code"]) in units:
            same(r[12], units[(s["code"], p["level"], e["code"])], "指标 %s %s %s unit" % (s["code"], p["level"], e["code"]))
    for (s, p, e, t), r in zip(flat, rows(ws)):
        w = "指标 %s %s %s" % (s["code"], p["level"], e["code"])
        same(r[0], s["code"], w)
        same(r[2], p["level_zh"], w)
        same(r[3], p["enrolment"], w + " enrolment")
        same(r[4], "优质均衡" if t == "quality" else "基本均衡", w)
        same(r[5], e["code"], w)
        same(r[7], e.get("value"), w + " value")
        if t == "quality":
            same(r[8], e["standard"], w + " standard")
            same(r[9], e.get("ratio"), w + " ratio")
            same(r[11], e.get("needed"), w + " needed")
            if e.get("value") is not None:
                same(r[10], verdict(e["meets"], "✓ 达标", "× 未达标"), w + " meets")
    check_format(ws, 10, "0.0%")

    # 差异系数: per level quality, quality average, basic, basic composite.
    ws = wb["差异系数"]
    want = []
    for lv in ("primary", "junior"):
        b = st["balance"].get(lv)
        if not b:
            continue
        want += [("q", b, c) for c in b["quality"]] + [("qc", b, b["quality_composite"])]
        want += [("b", b, c) for c in b["basic"]] + [("bc", b, b["basic_composite"])]
    check_frame(ws, 1, len(want), ["类别", "学段", "指标", "指标名称", "学校数"])
    for (kind, b, c), r in zip(want, rows(ws)):
        w = "差异系数 %s %s %s" % (b["level"], kind, c.get("code", ""))
        same(r[1], b["level_zh"], w)
        same(r[7], c.get("cv"), w + " cv")
        if kind in ("q", "b"):
            same(r[2], c["code"], w)
            same(r[4], c["n_schools"], w + " n")
            same(r[5], c.get("mean"), w + " mean")
            same(r[6], c.get("sd"), w + " sd")
        if kind in ("q", "bc"):
            same(r[8], c["limit"], w + " limit")
            same(r[9], verdict(c["pass"], "✓ 在限值内", "× 超限"), w + " verdict")
    check_format(ws, 8, "0.000")

    # 满意度: roles, localities, schools, school × role, topics, items; a
    # school's code, the respondent group and the topic in columns of their
    # own, and what each rate counts (review rexcel5 items 2 and 5)
    ws = wb["满意度"]
    groups = [("对象", g) for g in sat["by_role"]] + [("城乡", g) for g in sat["by_locality"]] + \
             [("学校", g) for g in sat["by_school"]] + [("学校×对象", g) for g in sat["by_school_role"]] + \
             [("方面", g) for g in sat["by_topic"]] + [("题目", g) for g in sat["by_item"]] + \
             [("未在名册", g) for g in (st.get("unregistered") or {}).get("schools", [])]
    check_frame(ws, 1, len(groups), ["分组", "学校代码", "名称", "对象", "方面", "比率名称", "问卷数 /答题人次",
                                     "有效答案", "计入比率的答案", "比率"])
    audience = {s["id"]: s["audience"] for s in st.get("surveys", [])}
    for (kind, g), r in zip(groups, rows(ws)):
        name = {"对象": ROLE.get(g.get("role"), g.get("role")), "城乡": g.get("locality_zh"),
                "学校": g.get("school_name"), "学校×对象": g.get("school_name"),
                "方面": g.get("topic_zh"), "题目": g.get("text_zh"),
                "未在名册": g.get("school_name")}[kind]
        w = "满意度 %s %s" % (kind, name)
        same(r[0], kind, w)
        same(r[1], g.get("school_code"), w + " school code")
        if not g.get("version"):
            same(r[2], name, w + " name")
        who = audience.get(g.get("survey_id")) if kind == "题目" else g.get("role")
        same(r[3], ROLE.get(who, who), w + " respondents")
        same(r[4], g.get("topic_zh") if kind in ("方面", "题目") else None, w + " topic")
        same(r[5], g.get("rate_name_zh") or "满意率", w + " rate name")
        group_cells(r, 6, g, w)

    # 整改清单
    ws = wb["整改清单"]
    rect = st["rectification"]
    check_frame(ws, 1, len(rect), ["学校代码", "学校名称", "学段", "指标"])
    for e, r in zip(rect, rows(ws)):
        w = "整改清单 %s %s %s" % (e["school_code"], e["level"], e["indicator"])
        same(r[0], e["school_code"], w)
        same(r[3], e["indicator"], w)
        same(r[5], e["value"], w + " value")
        same(r[6], e["standard"], w + " standard")
        same(r[7], e["ratio"], w + " ratio")
        same(r[8], "× 否" if e["below_85"] else "✓ 是", w + " below_85")
        same(r[9], e["needed"], w + " needed")
        # (说明 is printed, 同校各学段 not: a shortfall of the school's other
        # level in the same indicator is said in 说明 too; review r2book item 2)
        other = [o["level_zh"] for o in rect if o["school_code"] == e["school_code"]
                 and o["indicator"] == e["indicator"] and o["level"] != e["level"]]
        if not other:
            same(r[11], e["needed_zh"], w + " needed_zh")
        elif e.get("shared") and all(o.get("shared") for o in rect if o["school_code"] == e["school_code"]
                                     and o["indicator"] == e["indicator"]):
            # (needed_zh itself says the amounts overlap: review rclerk9 item 1)
            same(r[11], e["needed_zh"], w + " needed_zh")
            if "与本校%s所缺重叠，不可相加" % other[0] not in e["needed_zh"]:
                errors.append(w + ": needed_zh does not say it overlaps the other level's: " + e["needed_zh"])
        else:
            same(r[11], e["needed_zh"] + "；本校%s另缺此项，应相加" % other[0], w + " needed_zh")

    # 评估指标: veto items, the 32 indicators, the overall verdict (when the
    # document has the evaluation; an older fixture has the last row only)
    ws = wb["评估指标"]
    ev = st.get("evaluation")
    vz3 = {"pass": "✓ 达标", "fail": "× 未达标", "no_data": "— 无数据"}
    inds = [i for p in ev["parts"] for i in p["indicators"]] if ev else []
    vetos = ev["veto"]["facts"] if ev else []
    check_frame(ws, 1, len(vetos) + len(inds) + 1, ["部分", "指标", "指标名称", "范围"])
    erows = list(rows(ws))
    for f, r in zip(vetos, erows):
        same(r[1], f["key"], "评估指标 veto")
        same(r[5], vz3[f["verdict"]], "评估指标 veto %s" % f["key"])
    for i, r in zip(inds, erows[len(vetos):]):
        w = "评估指标 %s" % i["code"]
        same(r[1], i["code"], w)
        same(r[5], vz3[i["verdict"]], w + " verdict")
        if i["scope"] == "school":
            same(r[6], i["n_pass"], w + " n_pass")
            same(r[7], i["n_fail"], w + " n_fail")
            same(r[8], i["n_no_data"], w + " n_no_data")
    if ev and erows:
        same(erows[-1][5], vz3[ev["overall"]["verdict"]], "评估指标 overall")

    # 导入记录
    ws = wb["导入记录"]
    log = st["imports"]["log"]
    # (the SHA-256 last, out of the print area: review rexcel5 item 1)
    check_frame(ws, 1, len(log), ["文件", "设备", "学校代码"])
    vz = {"imported": "已导入", "unchanged": "无新数据", "conflicts": "有冲突", "rejected": "已拒绝"}
    for e, r in zip(log, rows(ws)):
        w = "导入记录 %s" % e["file"]
        same(r[0], e["file"], w)
        same(r[14], e["file_sha256"], w + " sha256")
        same(r[6], e.get("n_responses"), w + " n_responses")
        same(r[7], e.get("n_new"), w + " n_new")
        same(r[10], vz.get(e["verdict"], e["verdict"]), w + " verdict")
        same(r[11], e.get("reason") or None, w + " reason")
        tz = {"first_use": "首次导入自动信任", "keys_file": "密钥清单"}
        same(r[13], tz.get(e.get("key_trust"), e.get("key_trust")) or None, w + " key_trust")

    if "coverage" in st["imports"]:
        ws = wb["未收到答卷"]
        cov = st["imports"]["coverage"]
        check_frame(ws, 1, len(cov), ["设备", "学校代码", "已收到答卷"])
        for k, r in zip(cov, rows(ws)):
            w = "未收到答卷 %s" % k["kiosk_id"]
            same(r[0], k["kiosk_id"], w)
            same(r[2], k["received"], w + " received")
            same(r[5], k["missing"], w + " missing")
            want = "、".join(str(g["from"]) if g["to"] == g["from"] else "%d-%d" % (g["from"], g["to"])
                            for g in k["missing_ranges"])
            same(r[6], want or None, w + " ranges")

    # 样本 (issue 18): the county row, the groups, the roles, the schools'
    # localities, the localities judged, every school; a column a meaning
    # (review rnum3: 有效率 and 家长占比 apart, not one 占比 by row; review
    # fstats9 item 4: 有效问卷 in every row, the groups' rows had the collected)
    smp = st.get("sample", {})
    if "verdict" in smp:
        ws = wb["样本"]
        sr = st["social_recognition"]
        loc = smp["by_respondent_locality"]["localities"]
        sloc = smp.get("by_locality", [])
        bgr = smp.get("by_background", [])
        n = 1 + len(sr["by_group"]) + 1 + len(smp["by_role"]) + sum(len(e["options"]) + 1 for e in bgr) + \
            len(sloc) + len(loc) + len(smp["by_school"])
        heads = ["分组", "名称", "有效问卷", "有效率", "家长占比", "占样本比例", "人口占比（按在校生估算）", "满意率",
                 "目标", "判定", "还缺 / 说明"]
        check_frame(ws, 1, n, heads)
        C = {h: k for k, h in enumerate(heads)}
        rs = list(rows(ws))
        def cells(r, what, **want):
            for h, v in want.items():
                same(r[C[h]], v, "样本 %s %s" % (what, h))
        cells(rs[0], "county", 有效问卷=smp["valid_questionnaires"], 有效率=smp["valid_share"],
              家长占比=smp["parent_share"], 占样本比例=None, 满意率=None,
              **{"还缺 / 说明": "；".join(smp["verdict"]["missing_zh"]) or None})
        i = 1
        for g in sr["by_group"] + [sr["overall"]]:
            cells(rs[i], "group %d" % i, 有效问卷=g["n_valid_questionnaires"], 满意率=g["rate"], 有效率=None, 家长占比=None)
            i += 1
        for e in smp["by_role"]:
            cells(rs[i], "role " + e["role"], 有效问卷=e["n"], 占样本比例=e["share"], 有效率=None, 家长占比=None)
            i += 1
        # review rgroups7 item 2: counts by background item, no rate
        for e in bgr:
            for o in e["options"] + [{"label_zh": "未答", "n": e["unanswered"]}]:
                same(rs[i][0], "背景：" + e["role_zh"], "样本 background group")
                same(rs[i][1], e["text_zh"] + "—" + o["label_zh"], "样本 background name")
                cells(rs[i], "background " + e["item"], 有效问卷=o["n"], 占样本比例=None, 有效率=None, 家长占比=None,
                      满意率=None)
                i += 1
        for e in sloc:
            same(rs[i][0], "学校城乡", "样本 school locality group")
            cells(rs[i], "school locality " + e["locality"], 有效问卷=e["n"], 占样本比例=e["share"],
                  **{"人口占比（按在校生估算）": e["population_share"]})
            i += 1
        for e in loc:
            cells(rs[i], "locality " + e["locality"], 有效问卷=e["n"], 占样本比例=e["share"],
                  **{"人口占比（按在校生估算）": e["population_share"]})
            i += 1
        for e in smp["by_school"]:
            cells(rs[i], "school " + e["school_code"], 有效问卷=e["valid"], 有效率=e["valid_share"],
                  家长占比=e["parent_share"], 目标=e["target"], 占样本比例=None,
                  **{"还缺 / 说明": e["missing_zh"] or None})
            i += 1

    print("xlsx: %d sheets; %d cells compared with stats.json (%d schools, %d indicator rows, "
          "%d CV rows, %d satisfaction groups, %d rectification rows, %d import rows)" %
          (len(wb.sheetnames), compared, len(st["schools"]), len(flat), len(want), len(groups),
           len(rect), len(log)))
    for e in errors[:40]:
        print("FAIL " + e)
    if len(errors) > 40:
        print("... and %d more" % (len(errors) - 40))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
