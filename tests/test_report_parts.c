/* test_report_parts.c - unit tests of the report's building blocks: HTML
 * escaping and number formats, marks, tables, SVG charts, and the
 * Chromium runner (driven by fake browsers, so no Chromium is needed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "jh.h"
#include "report.h"
#include "report_html.h"
#include "report_json.h"
#include "report_pdf.h"
#include "report_xlsx.h"

static char tmpdir[256];

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_escape(void)
{
    jh_buf_t b = {0};
    rhtml_escape(&b, "a<b & \"c\" 'd'>");
    CHECK_STR("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;", b.data);
    jh_buf_free(&b);
    rhtml_escape(&b, NULL);
    rhtml_escapef(&b, "%s=%d", "城区<", 3);
    CHECK_STR("城区&lt;=3", b.data);
    jh_buf_free(&b);
}

static void test_formats(void)
{
    char s[64];
    rhtml_fmt_value(0.8734, RHTML_PCT1, s, sizeof s);
    CHECK_STR("87.3 %", s);
    rhtml_fmt_value(1.0, RHTML_PCT1, s, sizeof s);
    CHECK_STR("100.0 %", s);
    rhtml_fmt_value(1240, RHTML_INT, s, sizeof s);
    CHECK_STR("1,240", s);
    rhtml_fmt_value(-1234567, RHTML_INT, s, sizeof s);
    CHECK_STR("-1,234,567", s);
    rhtml_fmt_value(999, RHTML_INT, s, sizeof s);
    CHECK_STR("999", s);
    rhtml_fmt_value(0, RHTML_INT, s, sizeof s);
    CHECK_STR("0", s);
    rhtml_fmt_value(0.3255834, RHTML_F3, s, sizeof s);
    CHECK_STR("0.326", s);
    rhtml_fmt_value(4.5, RHTML_F2, s, sizeof s);
    CHECK_STR("4.50", s);
    rhtml_fmt_value(NAN, RHTML_F2, s, sizeof s);
    CHECK_STR("—", s);
    CHECK_STR("pct1", rhtml_fmt_name(RHTML_PCT1));
    CHECK_STR("int", rhtml_fmt_name(RHTML_INT));
}

static void test_num_mark_table(void)
{
    jh_buf_t b = {0};
    rhtml_num(&b, "/county/rate", 0.5, RHTML_PCT1);
    CHECK_STR("<span class=\"n\" data-p=\"/county/rate\" data-v=\"0.5\" data-f=\"pct1\">50.0 %</span>",
              b.data);
    jh_buf_free(&b);
    rhtml_mark(&b, true);
    rhtml_mark(&b, false);
    CHECK_STR("<span class=\"mark pass\" data-pass=\"1\">✓ 达标</span>"
              "<span class=\"mark fail\" data-pass=\"0\">× 未达标</span>",
              b.data);
    jh_buf_free(&b);
    rhtml_suppressed(&b, 5);
    CHECK_CONTAINS("样本不足 (n&lt;5)", b.data);
    jh_buf_free(&b);
    const char *const heads[] = {"学校", "A&B", NULL};
    rhtml_table_begin(&b, "t", heads);
    rhtml_table_end(&b);
    CHECK_STR("<table class=\"t\"><thead><tr><th>学校</th><th>A&amp;B</th></tr></thead><tbody>\n"
              "</tbody></table>\n",
              b.data);
    jh_buf_free(&b);
}

static void test_document(void)
{
    jh_buf_t b = {0};
    rhtml_begin(&b, "报告 <县>", "青山县\"</style>报告");
    rhtml_end(&b, "jh-stats", "{\"a\":\"</script><b>\",\"c\":\"<!--<script>\\\\<\"}");
    CHECK_CONTAINS("<title>报告 &lt;县&gt;</title>", b.data);
    /* The running header and the page numbers of every printed page; the
     * header text can end neither the CSS string nor the <style>. */
    CHECK_CONTAINS("@top-center{content:\"青山县\\22 \\3c /style\\3e 报告\"", b.data);
    CHECK_CONTAINS("content:\"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\"", b.data);
    CHECK_INT(1, count(b.data, "</style>"));
    CHECK_CONTAINS("@page{size:A4;margin:15mm}", b.data);
    CHECK_CONTAINS("\"Noto Sans CJK SC\"", b.data);
    /* No '<' inside the JSON: neither "</script" nor "<!--<script" (which
     * would keep the element open past its end tag in a browser). */
    CHECK_CONTAINS("{\"a\":\"\\u003c/script\\u003e\\u003cb\\u003e\",\"c\":\"\\u003c!--\\u003cscript\\u003e\\\\\\u003c\"}</script>",
                   b.data);
    CHECK_INT(1, count(b.data, "</script>"));
    /* Self-contained: nothing fetched from elsewhere. */
    CHECK(!strstr(b.data, "http:") || !strstr(b.data, "src=\"http"));
    CHECK(!strstr(b.data, "@import"));
    CHECK(!strstr(b.data, "url(http"));
    jh_buf_free(&b);
}

static void test_hbars(void)
{
    rhtml_bar_t bars[] = {
        {.label = "第一小学", .value = 0.93, .lo = 0.88, .hi = 0.96, .has_ci = true, .pointer = "/s/0"},
        {.label = "一个名字非常非常非常非常长的乡村学校教学点", .value = 0.70, .lo = 0.6, .hi = 0.8,
         .has_ci = true},
        {.label = "小学<3>", .suppressed = true},
    };
    rhtml_hbar_opts_t o = {.title = "满意度", .ref = 0.85, .ref_label = "85 %", .min_n = 5};
    jh_buf_t b = {0};
    rhtml_svg_hbars(&b, bars, 3, &o);
    CHECK_CONTAINS("<svg class=\"chart hbars\" viewBox=\"0 0 820 114\"", b.data);
    CHECK_CONTAINS("93.0 %</text>", b.data);
    CHECK_CONTAINS("70.0 % ×</text>", b.data);              /* below the line: marked */
    CHECK_CONTAINS("url(#jh-hatch)", b.data);               /* and hatched */
    CHECK_CONTAINS("样本不足 (n&lt;5)", b.data);
    CHECK_CONTAINS("小学&lt;3&gt;", b.data);
    CHECK_CONTAINS("一个名字非常非常非常非常长的乡村…", b.data);
    CHECK_CONTAINS("data-p=\"/s/0\" data-v=\"0.93000000000000005\"", b.data);
    /* Reference line at 85 %: x = 220 + 510 * 0.85 = 653.5. */
    CHECK_CONTAINS("x1=\"653.5\"", b.data);
    /* Two whiskers of three lines each. */
    CHECK_INT(2, count(b.data, "<g stroke=\"#222\""));
    CHECK_INT(1, count(b.data, "<svg"));
    CHECK_INT(1, count(b.data, "</svg>"));
    jh_buf_free(&b);
}

static void test_grouped_cv(void)
{
    const char *const cats[] = {"家长", "教师"};
    const char *const ser[] = {"城区", "镇区", "乡村"};
    double v[] = {0.9, 0.8, NAN, 0.95, 0.5, 0.7};
    jh_buf_t b = {0};
    rhtml_svg_grouped(&b, "城乡", cats, 2, ser, 3, v, NULL, 0.85, "85 %");
    CHECK_INT(1, count(b.data, "data-suppressed=\"1\""));
    CHECK_CONTAINS(">95.0 %</text>", b.data);
    CHECK_CONTAINS(">乡村</text>", b.data);
    jh_buf_free(&b);

    rhtml_cv_t rows[] = {
        {.label = "L1 高学历教师", .cv = 0.32, .limit = 0.5, .pointer = "/cv/0"},
        {.label = "L2 骨干教师", .cv = 0.61, .limit = 0.5},
        {.label = "L3", .cv = NAN, .limit = 0.5},
    };
    rhtml_svg_cv(&b, "差异系数", rows, 3);
    CHECK_CONTAINS("0.320 / 0.50 ✓", b.data);
    CHECK_CONTAINS("0.610 / 0.50 × 超限", b.data);
    CHECK_CONTAINS("无法计算", b.data);
    CHECK_CONTAINS("url(#jh-hatch-red)", b.data);
    jh_buf_free(&b);
}

/* The text of the first element tagged data-p="ptr" in html that has one
 * (a chart's bar has none), into out ("" when none). */
static void text_at(const char *html, const char *ptr, char *out, size_t n)
{
    char key[160];
    snprintf(key, sizeof key, "data-p=\"%s\"", ptr);
    out[0] = 0;
    for (const char *p = html; (p = strstr(p, key)); p += strlen(key)) {
        const char *e = strchr(p, '>');
        if (!e || e[-1] == '/') continue;
        size_t k = strcspn(++e, "<");
        if (!k) continue;
        snprintf(out, n, "%.*s", (int)(k < n ? k : n - 1), e);
        return;
    }
}

/* Issue 21 items 2-4: a figure printed beside its verdict against 85 % or a
 * CV limit never looks equal to it: 577 / 679 = 84.978 % is "84.98 %" with
 * "×", in every table, card and chart label (the headline already was). */
static void test_rates_apart(void)
{
    const double r = 577.0 / 679.0, county = 0.8497;
    rhtml_bar_t bars[] = {{.label = "甲小学", .value = r, .pointer = "/b/0"}};
    rhtml_hbar_opts_t o = {.ref = 0.85, .ref_label = "85 %", .min_n = 5};
    jh_buf_t b = {0};
    rhtml_svg_hbars(&b, bars, 1, &o);
    CHECK_CONTAINS(">84.98 % ×</text>", b.data);
    CHECK_CONTAINS("data-f=\"pct2\"", b.data); /* the bar's tag says how its label is shown */
    jh_buf_free(&b);
    const char *const cats[] = {"家长"};
    const char *const ser[] = {"城区"};
    rhtml_svg_grouped(&b, "城乡", cats, 1, ser, 1, &r, NULL, 0.85, "85 %");
    CHECK_CONTAINS(">84.98 %</text>", b.data);
    jh_buf_free(&b);
    rhtml_cv_t rows[] = {{.label = "L1", .cv = 0.50037, .limit = 0.5, .pointer = "/cv/0"}};
    rhtml_svg_cv(&b, "差异系数", rows, 1);
    CHECK_CONTAINS(">0.5004 / 0.50 × 超限</text>", b.data);
    CHECK_CONTAINS("data-p=\"/cv/0\" data-v=\"0.50036999999999998\" data-f=\"f4\"", b.data);
    jh_buf_free(&b);

    /* The report: school table and card, a role's rates, topic and item
     * tables, the urban/rural table, appendix B. */
    char *json = jh_sprintf(
        "{\"options\": {\"threshold\": 0.85, \"min_group\": 5},"
        " \"surveys\": [{\"id\": \"parent-2026\", \"audience\": \"parent\"}],"
        " \"satisfaction\": {\"county\": {\"headline_method\": \"answers\","
        "  \"answers\": {\"rate\": %.17g, \"threshold\": 0.85, \"pass\": false, \"satisfied\": 8497,"
        "   \"valid\": 10000, \"method_zh\": \"按题次\"}},"
        "  \"by_role\": [{\"role\": \"parent\", \"n_questionnaires\": 50, \"suppressed\": false,"
        "   \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}],"
        "  \"by_locality\": [{\"locality\": \"urban\", \"locality_zh\": \"城区\", \"n_questionnaires\": 50,"
        "   \"suppressed\": false, \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577},"
        "   \"questionnaires\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}],"
        "  \"by_school\": [{\"school_code\": \"1\", \"school_name\": \"甲小学\", \"in_register\": true,"
        "   \"n_questionnaires\": 50, \"suppressed\": false,"
        "   \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}],"
        "  \"by_school_role\": [{\"school_code\": \"1\", \"role\": \"parent\", \"n_questionnaires\": 50,"
        "   \"suppressed\": false, \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}],"
        "  \"by_topic\": [{\"topic\": \"workload\", \"topic_zh\": \"课业负担\", \"role\": \"parent\","
        "   \"n_answers_max_item\": 50, \"suppressed\": false,"
        "   \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}],"
        "  \"by_item\": [{\"survey_id\": \"parent-2026\", \"item_id\": \"homework\", \"text_zh\": \"作业\","
        "   \"topic\": \"workload\", \"topic_zh\": \"课业负担\", \"overall\": false, \"n_answers\": 50,"
        "   \"suppressed\": false, \"answers\": {\"rate\": %.17g, \"valid\": 679, \"satisfied\": 577}}]},"
        " \"schools\": [{\"code\": \"1\", \"name\": \"甲小学\", \"parts\": []}],"
        " \"response_quality\": {\"submitted\": 50, \"flagged\": 0,"
        "  \"without_flagged\": {\"answers\": {\"rate\": %.17g}, \"questionnaires\": {\"rate\": %.17g}}}}",
        county, r, r, r, r, r, r, r, county, r);
    cJSON *doc = cJSON_Parse(json);
    free(json);
    CHECK(doc != NULL);
    if (!doc) return;
    report_html_build(doc, "2026-11-23T08:00:00Z", &b);
    static const char *const ptrs[] = {
        "/satisfaction/by_school/0/answers/rate",   "/satisfaction/by_role/0/answers/rate",
        "/satisfaction/by_topic/0/answers/rate",    "/satisfaction/by_item/0/answers/rate",
        "/satisfaction/by_locality/0/answers/rate", "/satisfaction/by_locality/0/questionnaires/rate",
        "/satisfaction/by_school_role/0/answers/rate", "/response_quality/without_flagged/questionnaires/rate"};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) {
        char text[64];
        text_at(b.data, ptrs[i], text, sizeof text);
        if (strcmp(text, "84.98 %")) fprintf(stderr, "%s: expected \"84.98 %%\", got \"%s\"\n", ptrs[i], text);
        CHECK_STR("84.98 %", text);
    }
    /* appendix B: the county's headline and without flagged answers */
    CHECK_INT(0, count(b.data, ">85.0 %<"));
    char text[64];
    text_at(strstr(b.data, "id=\"quality\"") ? strstr(b.data, "id=\"quality\"") : "",
            "/satisfaction/county/answers/rate", text, sizeof text);
    CHECK_STR("84.97 %", text);
    CHECK_INT(3, count(b.data, "data-f=\"pct2\">84.97 %<")); /* headline, appendix B twice */
    /* the school card: rate and "< 85 %" */
    CHECK_CONTAINS("data-pass=\"0\"", b.data);
    jh_buf_free(&b);
    /* The workbook: every cell holding 84.978 % (sheets 学校 and 满意度)
     * shows two decimals. */
    jh_err_t err = {0};
    char *path = jh_sprintf("%s/apart.xlsx", tmpdir);
    CHECK_INT(JH_OK, report_xlsx_write(doc, path, &err));
    if (access("/usr/bin/python3", X_OK) == 0 && system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") == 0) {
        char *cmd = jh_sprintf("/usr/bin/python3 - '%s' %.17g <<'EOF'\n"
                               "import sys, openpyxl\n"
                               "wb = openpyxl.load_workbook(sys.argv[1]); r = float(sys.argv[2]); n = 0\n"
                               "for name in ('学校', '满意度'):\n"
                               "    for row in wb[name].iter_rows():\n"
                               "        for c in row:\n"
                               "            if isinstance(c.value, float) and abs(c.value - r) < 1e-12:\n"
                               "                n += 1\n"
                               "                assert c.number_format == '0.00%%', (name, c.coordinate, c.number_format)\n"
                               "assert n >= 7, n\n"
                               "EOF",
                               path, r);
        CHECK_INT(0, system(cmd));
        free(cmd);
    }
    free(path);
    cJSON_Delete(doc);
}

/* Writes an executable shell script standing in for Chromium. */
static char *fake_browser(const char *name, const char *body)
{
    char *path = jh_sprintf("%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return path;
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0755);
    return path;
}

static void test_pdf_find(void)
{
    setenv("JH_CHROMIUM", "", 1);
    CHECK(rpdf_find_browser() == NULL);
    setenv("JH_CHROMIUM", "/nonexistent/chromium", 1);
    CHECK(rpdf_find_browser() == NULL);
    char *fake = fake_browser("fake-ok", "exit 0");
    setenv("JH_CHROMIUM", fake, 1);
    char *found = rpdf_find_browser();
    CHECK_STR(fake, found);
    free(found);
    free(fake);
    unsetenv("JH_CHROMIUM");
}

static void test_pdf_print(void)
{
    jh_err_t err = {0};
    char *html = jh_sprintf("%s/r.html", tmpdir);
    char *pdf = jh_sprintf("%s/r.pdf", tmpdir);
    CHECK_INT(JH_OK, jh_write_file_atomic(html, "<p>x</p>", 8, &err));

    /* A browser that writes a PDF where --print-to-pdf says, and checks the
     * flags that keep it off the network and out of the user's profile. */
    char *good = fake_browser(
        "fake-good",
        "out=''; ok=0; prof=''\n"
        "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) out=${a#--print-to-pdf=};;\n"
        "  --user-data-dir=*) prof=${a#--user-data-dir=};; --headless) ok=$((ok+1));;\n"
        "  --no-pdf-header-footer|--disable-background-networking) ok=$((ok+1));; esac; done\n"
        "[ $ok = 3 ] || { echo missing flags >&2; exit 5; }\n"
        "case \"$prof\" in /tmp/junheng-chromium-*) ;; *) echo bad profile >&2; exit 6;; esac\n"
        "[ -f \"${prof%/profile}/.junheng-run\" ] || { echo no run marker >&2; exit 8; }\n"
        "case \"$*\" in *file://*r.html) ;; *) echo no url >&2; exit 7;; esac\n"
        "printf '%%PDF-1.4 fake' > \"$out\"");
    CHECK_INT(JH_OK, rpdf_print(good, html, pdf, 10, &err));
    char *text = NULL;
    if (jh_read_file(pdf, &text, NULL, &err) == JH_OK) CHECK_STR("%PDF-1.4 fake", text);
    free(text);
    unlink(pdf);

    char *fails = fake_browser("fake-fails", "echo 'first line'; echo 'cannot open display' >&2; exit 3");
    CHECK_INT(JH_ERR_IO, rpdf_print(fails, html, pdf, 10, &err));
    CHECK_CONTAINS("failed (exit status 3): cannot open display", err.msg);
    CHECK(access(pdf, F_OK) != 0);

    char *nopdf = fake_browser("fake-nopdf", "echo done; exit 0");
    CHECK_INT(JH_ERR_INVALID, rpdf_print(nopdf, html, pdf, 10, &err));
    CHECK_CONTAINS("produced no PDF: done", err.msg);

    char *hangs = fake_browser("fake-hangs", "sleep 30");
    CHECK_INT(JH_ERR_IO, rpdf_print(hangs, html, pdf, 1, &err));
    CHECK_CONTAINS("did not finish printing within 1 s; killed", err.msg);
    CHECK(access(pdf, F_OK) != 0);

    free(good);
    free(fails);
    free(nopdf);
    free(hangs);
    free(html);
    free(pdf);
}

/* Once rpdf_cancel has run (a signal ends the run), rpdf_print starts no
 * browser: the check and the fork are under the lock rpdf_cancel takes.
 * Before, a print after the cancel started a new Chromium that nothing
 * would kill.  (Last: the cancel holds for the rest of the process.) */
static void test_pdf_cancelled(void)
{
    jh_err_t err = {0};
    char *html = jh_sprintf("%s/c.html", tmpdir);
    char *pdf = jh_sprintf("%s/c.pdf", tmpdir);
    char *ran = jh_sprintf("%s/browser-ran", tmpdir);
    CHECK_INT(JH_OK, jh_write_file_atomic(html, "<p>x</p>", 8, &err));
    char *script = jh_sprintf("touch '%s'\n"
                              "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) out=${a#--print-to-pdf=};; esac; done\n"
                              "printf '%%%%PDF-1.4 fake' > \"$out\"",
                              ran);
    char *browser = fake_browser("fake-cancelled", script);
    rpdf_cancel(); /* none prints: it only marks the run */
    CHECK_INT(JH_ERR_IO, rpdf_print(browser, html, pdf, 10, &err));
    CHECK_CONTAINS("the run is being interrupted", err.msg);
    CHECK(access(ran, F_OK) != 0);
    CHECK(access(pdf, F_OK) != 0);
    free(browser);
    free(script);
    free(ran);
    free(html);
    free(pdf);
}

/* A workbook written with rxlsx, read back with openpyxl (Debian's
 * python3-openpyxl) when it is installed. */
static void test_xlsx(void)
{
    jh_err_t err = {0};
    char *path = jh_sprintf("%s/t.xlsx", tmpdir);
    rxlsx_t *x = NULL;
    CHECK_INT(JH_OK, rxlsx_open(path, &x, &err));
    if (!x) return;
    rxlsx_col_t cols[] = {{"学校", RXLSX_TEXT, 20}, {"满意率", RXLSX_PCT, 10}, {"人数", RXLSX_INT, 8}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "学校", NULL, cols, 3);
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "学校%04d", i);
        rxlsx_text(s, 0, name);
        rxlsx_num(s, 1, i / 3000.0);
        rxlsx_num(s, 2, i == 7 ? NAN : i);
        rxlsx_row_end(s);
    }
    rxlsx_col_t kv[] = {{"项目", RXLSX_TEXT, 30}, {"数值", RXLSX_NUM3, 12}};
    s = rxlsx_sheet_add(x, "汇总", "某县 汇总", kv, 2);
    rxlsx_text(s, 0, "差异系数");
    rxlsx_num(s, 1, 0.325583);
    rxlsx_row_end(s);
    rxlsx_text(s, 0, "满意率");
    rxlsx_num_as(s, 1, 0.9, RXLSX_PCT);
    rxlsx_row_end(s);
    CHECK_INT(JH_OK, rxlsx_close(x, &err));
    char *tmp = jh_sprintf("%s.tmp", path);
    CHECK(access(path, F_OK) == 0);
    CHECK(access(tmp, F_OK) != 0);
    free(tmp);
    if (access("/usr/bin/python3", X_OK) != 0 ||
        system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") != 0) {
        printf("SKIP openpyxl read-back: /usr/bin/python3 with python3-openpyxl not installed\n");
        free(path);
        return;
    }
    char *cmd = jh_sprintf(
        "/usr/bin/python3 - '%s' <<'EOF'\n"
        "import sys, openpyxl\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "assert wb.sheetnames == ['学校', '汇总'], wb.sheetnames\n"
        "ws = wb['学校']\n"
        "assert [c.value for c in ws[1]] == ['学校', '满意率', '人数']\n"
        "assert ws.max_row == 3001, ws.max_row\n"
        "assert ws.freeze_panes == 'A2', ws.freeze_panes\n"
        "assert ws.auto_filter.ref == 'A1:C3001', ws.auto_filter.ref\n"
        "assert ws['A3001'].value == '学校2999'\n"
        "assert abs(ws['B1501'].value - 1499/3000) < 1e-15\n"
        "assert ws['B2'].number_format == '0.0%%', ws['B2'].number_format\n"
        "assert ws['C3'].number_format == '#,##0'\n"
        "assert ws['C9'].value is None\n"
        "w = ws.column_dimensions['A'].width\n"
        "assert 9 < w < 19, w  # fits '学校2999', not the declared 20\n"
        "assert ws.page_setup.orientation == 'landscape' and ws.page_setup.paperSize == 9\n"
        "assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)\n"
        "assert ws.page_setup.fitToHeight == 0, ws.page_setup.fitToHeight\n"
        "assert ws.print_title_rows == '$1:$1', ws.print_title_rows\n"
        "assert '第 &P 页 共 &N 页' in ws.oddFooter.center.text, ws.oddFooter.center.text\n"
        "ws = wb['汇总']\n"
        "assert ws['A1'].value == '某县 汇总' and ws['A2'].value == '项目'\n"
        "assert ws.freeze_panes == 'A3'\n"        "assert ws.print_title_rows == '$1:$2', ws.print_title_rows\n"
        "assert ws['B3'].value == 0.325583 and ws['B3'].number_format == '0.000'\n"
        "assert ws['B4'].number_format == '0.0%%'\n"
        "EOF",
        path);
    CHECK_INT(0, system(cmd));
    free(cmd);

    /* A directory that does not exist: an error naming the file. */
    char *bad = jh_sprintf("%s/missing/t.xlsx", tmpdir);
    CHECK_INT(JH_OK, rxlsx_open(bad, &x, &err));
    s = rxlsx_sheet_add(x, "汇总", NULL, kv, 2);
    CHECK(rxlsx_close(x, &err) != JH_OK);
    CHECK_CONTAINS("/missing/t.xlsx: cannot write the workbook", err.msg);
    /* a sentence a person can act on before libxlsxwriter's words (review
     * rlang, item 5) */
    CHECK_CONTAINS("cannot write the workbook: the file could not be created: check that its folder exists", err.msg);
    free(bad);
    free(path);
}

/* A document with parts missing or null still renders: "—" for absent
 * numbers, "— 无数据" for absent verdicts, balanced sections, a workbook. */
static void test_sparse_documents(void)
{
    static const char *const docs[] = {
        "{}",
        "{\"satisfaction\": {\"county\": {\"answers\": {\"rate\": null, \"pass\": null}},"
        " \"by_school\": [{\"school_code\": \"1\", \"suppressed\": true, \"answers\": null}]},"
        " \"balance\": {\"primary\": {\"level_zh\": \"小学\", \"quality\": [{\"code\": \"L1\","
        " \"cv\": null, \"pass\": null, \"top_contributors\": []}]}},"
        " \"schools\": [{\"code\": \"1\", \"name\": \"<b>x</b>\", \"parts\": [{\"quality\":"
        " [{\"code\": \"L1\", \"value\": null}]}]}], \"rectification\": null, \"imports\": 7}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        cJSON *doc = cJSON_Parse(docs[i]);
        CHECK(doc != NULL);
        jh_buf_t b = {0};
        report_html_build(doc, "2026-11-23T08:00:00Z", &b);
        CHECK_INT(count(b.data, "<section"), count(b.data, "</section>"));
        CHECK_INT(count(b.data, "<table"), count(b.data, "</table>"));
        CHECK_INT(8, count(b.data, "<section"));
        CHECK(!strstr(b.data, "<b>x</b>"));
        /* No printf of a NaN anywhere ("dominant-baseline" contains "nan"). */
        CHECK(!strstr(b.data, ">nan") && !strstr(b.data, "-nan") && !strstr(b.data, "\"nan") &&
              !strstr(b.data, ">inf") && !strstr(b.data, "\"inf") && !strstr(b.data, " nan"));
        if (i == 1) {
            CHECK_CONTAINS("&lt;b&gt;x&lt;/b&gt;", b.data);
            CHECK_CONTAINS("— 无数据", b.data);
            CHECK_CONTAINS("样本不足 (n&lt;5)", b.data);
            CHECK_CONTAINS("缺数据", b.data);
        }
        jh_buf_free(&b);
        jh_err_t err = {0};
        char *path = jh_sprintf("%s/sparse%zu.xlsx", tmpdir, i);
        CHECK_INT(JH_OK, report_xlsx_write(doc, path, &err));
        CHECK(access(path, F_OK) == 0);
        free(path);
        cJSON_Delete(doc);
    }
}

/* A CV over its limit names the schools contributing most, with direction
 * and tagged share, both in the CV table and in the rectification list. */
static void test_top_contributors(void)
{
    cJSON *doc = cJSON_Parse(
        "{\"balance\": {\"primary\": {\"level_zh\": \"小学\", \"quality\": [{\"code\": \"L1\","
        " \"name_zh\": \"指标一\", \"n_schools\": 3, \"mean\": 4.2, \"sd\": 2.9, \"cv\": 0.69,"
        " \"limit\": 0.5, \"pass\": false, \"top_contributors\": ["
        "{\"school_name\": \"甲校\", \"direction\": \"below\", \"share\": 0.625},"
        "{\"school_name\": \"乙<校>\", \"direction\": \"above\", \"share\": 0.25}]}]}},"
        " \"cv_over_limit\": [{\"level\": \"primary\", \"indicator\": \"L1\", \"name_zh\": \"指标一\","
        " \"cv\": 0.69, \"limit\": 0.5, \"top_contributors\": ["
        "{\"school_name\": \"甲校\", \"direction\": \"below\", \"share\": 0.625}]}]}");
    CHECK(doc != NULL);
    jh_buf_t b = {0};
    report_html_build(doc, "2026-11-23T08:00:00Z", &b);
    CHECK_CONTAINS("甲校（偏低）", b.data);
    CHECK_CONTAINS("；乙&lt;校&gt;（偏高）", b.data);
    CHECK_CONTAINS("data-p=\"/balance/primary/quality/0/top_contributors/1/share\" data-v=\"0.25\"", b.data);
    CHECK_CONTAINS("data-p=\"/cv_over_limit/0/top_contributors/0/share\" data-v=\"0.625\"", b.data);
    CHECK_INT(2, count(b.data, "甲校（偏低）"));
    CHECK_INT(1, count(b.data, "（偏高）"));
    jh_buf_free(&b);
    cJSON_Delete(doc);
}

/* The Chinese sentences of the bilingual method texts, and nothing of the
 * English ones (a formula without a Chinese character is kept when it is
 * part of a Chinese sentence). */
static void test_zh_text(void)
{
    static const struct { const char *in, *want; } cases[] = {
        {"满意率 = 满意数 / 有效数。 Satisfaction: satisfied / valid. More text here.", "满意率 = 满意数 / 有效数。"},
        {"95% 置信区间采用 Wilson 区间。 95 % intervals (z = 1.96). For rates the answers.",
         "95% 置信区间采用 Wilson 区间。"},
        {"拆分（1:1.1；1:1.2）。 Split by weight; shared divided. 教师数同样拆分。 Teachers too.",
         "拆分（1:1.1；1:1.2）。教师数同样拆分。"},
        {"Only English here. Nothing else.", ""},
        {"private school (民办学校)", "private school (民办学校)"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = rjson_zh_text(cases[i].in);
        CHECK_STR(cases[i].want, got);
        free(got);
    }
}

/* Times in Beijing (UTC+8) without a time zone database, across midnight,
 * the end of a month and of a year. */
static void test_beijing_time(void)
{
    static const struct { const char *iso, *date, *time; } cases[] = {
        {"2026-11-30T02:24:20Z", "2026年11月30日", "10:24"},
        {"2026-11-30T17:30:00Z", "2026年12月1日", "01:30"},
        {"2026-12-31T16:00:00Z", "2027年1月1日", "00:00"},
        {"2028-02-28T20:00:00Z", "2028年2月29日", "04:00"},
        {"not a time", "not a time", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char date[64], time[16];
        rjson_beijing_time(cases[i].iso, date, sizeof date, time, sizeof time);
        CHECK_STR(cases[i].date, date);
        CHECK_STR(cases[i].time, time);
    }
}

/* A long import log and key list (issue 20: 1,000 of each printed in one
 * document took Chromium over 1 GB; a re-merge adds rows) go to documents of
 * their own: parts of at most log_part rows that together hold every row
 * once, in order, each named and linked by the document that shows the
 * appendix, which has none of the rows itself. */
/* One school's file name: plain codes as they are, every other byte as _XX,
 * so codes that differ only in such bytes never share a file. */
static void test_school_file_names(void)
{
    static const struct {
        const char *code, *name;
    } cases[] = {
        {"3607010001", "report-school-3607010001.html"},
        {"B000001-a", "report-school-B000001-a.html"},
        {"城关一小", "report-school-_e5_9f_8e_e5_85_b3_e4_b8_80_e5_b0_8f.html"},
        {"城关二小", "report-school-_e5_9f_8e_e5_85_b3_e4_ba_8c_e5_b0_8f.html"},
        {"B000001.", "report-school-B000001_2e.html"},
        {"B000001/", "report-school-B000001_2f.html"},
        {"B000001_2e", "report-school-B000001_5f2e.html"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *name = report_school_file_name(cases[i].code, "html");
        CHECK_STR(cases[i].name, name);
        free(name);
    }
}

static void test_list_parts(void)
{
    CHECK_INT(0, report_list_parts(0, 500));
    CHECK_INT(1, report_list_parts(500, 500));
    CHECK_INT(2, report_list_parts(501, 500));
    CHECK_INT(21, report_list_parts(10001, 500));
    char *name = report_list_part_name("imports", 0, 10001, 500, "html");
    CHECK_STR("report-imports-00001-00500.html", name);
    free(name);
    name = report_list_part_name("imports", 20, 10001, 500, "pdf");
    CHECK_STR("report-imports-10001-10001.pdf", name);
    free(name);
    name = report_list_part_name("keys", 2, 1203, 500, "html");
    CHECK_STR("report-keys-1001-1203.html", name);
    free(name);

    /* the documents, smaller (quick under the sanitizers): 2,001 attempts
     * and 503 keys in parts of 100 */
    enum { N_LOG = 2001, N_KEYS = 503, ROWS = 100, LOG_PARTS = 21, KEY_PARTS = 6 };
    CHECK_INT(LOG_PARTS, report_list_parts(N_LOG, ROWS));
    CHECK_INT(KEY_PARTS, report_list_parts(N_KEYS, ROWS));

    cJSON *doc = cJSON_CreateObject(), *imp = cJSON_AddObjectToObject(doc, "imports");
    cJSON *log = cJSON_AddArrayToObject(imp, "log"), *keys = cJSON_AddArrayToObject(imp, "kiosk_keys");
    cJSON_AddNumberToObject(imp, "attempts", N_LOG);
    for (int i = 0; i < N_LOG; i++) {
        cJSON *e = cJSON_CreateObject();
        char file[64], kiosk[16];
        snprintf(file, sizeof file, "/media/u/junheng-K-%05d-full-1-%d.json", i % 997, i);
        snprintf(kiosk, sizeof kiosk, "K-%05d", i % 997);
        cJSON_AddStringToObject(e, "file", file);
        cJSON_AddStringToObject(e, "kiosk_id", kiosk);
        cJSON_AddStringToObject(e, "verdict", i % 7 ? "imported" : "rejected");
        cJSON_AddNumberToObject(e, "n_responses", i);
        cJSON_AddStringToObject(e, "imported_at", "2026-11-30T12:15:47Z");
        cJSON_AddItemToArray(log, e);
    }
    for (int i = 0; i < N_KEYS; i++) {
        cJSON *e = cJSON_CreateObject();
        char kiosk[16];
        snprintf(kiosk, sizeof kiosk, "K-%05d", i);
        cJSON_AddStringToObject(e, "kiosk_id", kiosk);
        cJSON_AddStringToObject(e, "fingerprint", "SHA256:7710-3fb6-9018-6625");
        cJSON_AddItemToArray(keys, e);
    }
    CHECK(report_lists_split(doc, ROWS));
    CHECK(!report_lists_split(doc, 0));
    CHECK(!report_lists_split(doc, N_LOG + N_KEYS)); /* exactly the bound: stays inside */
    CHECK(report_lists_split(doc, N_LOG + N_KEYS - 1));

    /* the whole report and the annex in one document list the parts */
    static const report_part_t hosts[] = {REPORT_WHOLE, REPORT_ANNEX};
    for (int h = 0; h < 2; h++) {
        report_doc_opts_t o = {.part = hosts[h], .log_part = ROWS};
        jh_buf_t b = {0};
        report_html_build_doc(doc, "2026-11-30T12:00:00Z", &o, &b);
        CHECK(!strstr(b.data, "<table class=\"imports\">"));
        CHECK(!strstr(b.data, "<table class=\"kiosk-keys\">"));
        CHECK_INT(LOG_PARTS, count(b.data, "<tr data-list=\"imports\""));
        CHECK_INT(KEY_PARTS, count(b.data, "<tr data-list=\"keys\""));
        for (int k = 0; k < LOG_PARTS + KEY_PARTS; k++) {
            bool is_keys = k >= LOG_PARTS;
            char *html = report_list_part_name(is_keys ? "keys" : "imports", is_keys ? k - LOG_PARTS : k,
                                               is_keys ? N_KEYS : N_LOG, ROWS, "html");
            char *link = jh_sprintf("<a href=\"%s\">", html);
            CHECK_INT(1, count(b.data, link));
            free(link);
            free(html);
        }
        jh_buf_free(&b);
        /* without parts: every row inside */
        o.log_part = 0;
        report_html_build_doc(doc, "2026-11-30T12:00:00Z", &o, &b);
        CHECK_INT(N_LOG, count(b.data, "<tr><td title=\""));
        CHECK(!strstr(b.data, "data-list="));
        jh_buf_free(&b);
    }

    /* the parts: at most ROWS rows each, every row once and in order */
    static const struct {
        report_part_t part;
        int n;
        const char *row; /* how each row of the list begins */
    } lists[] = {{REPORT_IMPORTS_PART, N_LOG, "<tr><td title=\""}, {REPORT_KEYS_PART, N_KEYS, "<tr><td>K-"}};
    for (int l = 0; l < 2; l++) {
        int seen = 0;
        for (int k = 0; k < report_list_parts(lists[l].n, ROWS); k++) {
            int first = k * ROWS, n = lists[l].n - first < ROWS ? lists[l].n - first : ROWS;
            report_doc_opts_t o = {.part = lists[l].part, .first = first, .count = n, .log_part = ROWS,
                                   .annex = true};
            jh_buf_t b = {0};
            report_html_build_doc(doc, "2026-11-30T12:00:00Z", &o, &b);
            int rows = count(b.data, lists[l].row);
            CHECK(rows >= 1 && rows <= ROWS);
            CHECK_INT(n, rows);
            CHECK_INT(count(b.data, "<table"), count(b.data, "</table>"));
            CHECK_CONTAINS("href=\"report-schools.html#imports\"", b.data);
            char mark[96];
            snprintf(mark, sizeof mark, "data-first=\"%d\" data-count=\"%d\"", first, n);
            CHECK_CONTAINS(mark, b.data);
            if (l == 0) {
                /* its first and last rows, and no other part's */
                char p[64];
                snprintf(p, sizeof p, "data-p=\"/imports/log/%d/n_responses\"", first);
                CHECK_CONTAINS(p, b.data);
                snprintf(p, sizeof p, "data-p=\"/imports/log/%d/n_responses\"", first + n - 1);
                CHECK_CONTAINS(p, b.data);
                snprintf(p, sizeof p, "data-p=\"/imports/log/%d/n_responses\"", first + n);
                CHECK(!strstr(b.data, p));
                snprintf(p, sizeof p, "data-p=\"/imports/log/%d/n_responses\"", first - 1);
                CHECK(first == 0 || !strstr(b.data, p));
                CHECK(!strstr(b.data, "<table class=\"kiosk-keys\">"));
            } else {
                char kiosk[32];
                snprintf(kiosk, sizeof kiosk, "<tr><td>K-%05d</td>", first);
                CHECK_CONTAINS(kiosk, b.data);
                snprintf(kiosk, sizeof kiosk, "<tr><td>K-%05d</td>", first + n - 1);
                CHECK_CONTAINS(kiosk, b.data);
                CHECK(!strstr(b.data, "<table class=\"imports\">"));
            }
            seen += rows;
            jh_buf_free(&b);
        }
        CHECK_INT(lists[l].n, seen);
    }
    cJSON_Delete(doc);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jh-report-parts-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_escape);
    RUN(test_formats);
    RUN(test_num_mark_table);
    RUN(test_document);
    RUN(test_hbars);
    RUN(test_grouped_cv);
    RUN(test_rates_apart);
    RUN(test_pdf_find);
    RUN(test_pdf_print);
    RUN(test_xlsx);
    RUN(test_sparse_documents);
    RUN(test_top_contributors);
    RUN(test_zh_text);
    RUN(test_beijing_time);
    RUN(test_list_parts);
    RUN(test_school_file_names);
    RUN(test_pdf_cancelled);
    char *cmd = jh_sprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    CHECK_DONE();
}
