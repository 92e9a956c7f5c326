/* cmd_stats.c - `junheng stats`: computes the satisfaction and balance
 * statistics of a county database and writes stats.json and CSV files. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "county.h"
#include "rounds.h"
#include "i18n.h"
#include "rectify.h"
#include "report_json.h"
#include "stats.h"

static void usage(FILE *f)
{
    /* one write: a reader that stops early (| head) must not cut it */
    jh_buf_t b = {0};
    jh_buf_puts(&b, _("Usage: junheng stats --db COUNTY.db [--out DIR] [OPTIONS]\n"
            "\n"
            "Computes satisfaction (by item, topic, school, role, urban/town/rural), social\n"
            "recognition by both methods, the balance between schools, the 7 + 8 resource\n"
            "indicators, compliance, CVs, the rectification list, response quality and\n"
            "sample composition, following the national rules.  Prints a summary; with\n"
            "--out writes DIR/stats.json and CSV files (UTF-8 with BOM) into DIR.\n"
            "\n"));
    jh_buf_puts(&b, _("  --round NAME             the frozen statistics of closed round NAME (see\n"
                      "                           `junheng round`), as they were when it closed\n"));
    jh_buf_puts(&b, _(CLI_STATS_OPTIONS_HELP));
    fputs(b.data, f);
    jh_buf_free(&b);
}

static const cJSON *jget(const cJSON *o, const char *k1, const char *k2)
{
    o = cJSON_GetObjectItemCaseSensitive(o, k1);
    return k2 ? cJSON_GetObjectItemCaseSensitive(o, k2) : o;
}

/* A string member, or def. */
static const char *jstr(const cJSON *o, const char *k, const char *def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : def;
}

/* A verdict code of the evaluation ("pass", "fail", "no_data") in words. */
static const char *verdict_word(const char *v)
{
    return !v ? "—" : !strcmp(v, "pass") ? _("pass") : !strcmp(v, "fail") ? _("fail") : _("no data");
}

/* The overall verdict's reason (stats.json has it in Chinese) in the
 * language of the messages. */
static const char *reason_text(const char *zh)
{
    static const char *const r[][2] = {
        {"一票否决事项不通过", N_("a veto item fails")},
        {"社会认可度未达标（一票否决）", N_("social recognition below the pass mark (veto)")},
        {"有指标未达标", N_("indicators fail")},
        {"有指标无数据，不能判定为达标", N_("indicators have no data: it cannot be judged a pass")},
        {"32项指标均达标，无一票否决情形", N_("all 32 indicators pass, no veto item")},
    };
    for (size_t i = 0; zh && i < sizeof r / sizeof r[0]; i++)
        if (!strcmp(zh, r[i][0])) return _(r[i][1]);
    return zh ? zh : "";
}

/* A bilingual reason of stats.json ("中文。 English.") in the language of
 * the messages (heap; the caller frees). */
static char *lang_text(const char *text)
{
    return cli_chinese ? rjson_zh_text(text) : rjson_en_text(text);
}

static const char *mark(const cJSON *b)
{
    return cJSON_IsTrue(b) ? _("PASS 达标") : cJSON_IsFalse(b) ? _("FAIL 未达标") : _("- 无数据");
}

/* stats.json's Chinese verdict of the sampling rules, in the message's
 * language (符合, 不符合, 无法判断). */
static const char *sample_verdict(const char *zh)
{
    if (cli_chinese || !zh) return zh ? zh : "";
    return !strcmp(zh, "符合") ? "met" : !strcmp(zh, "不符合") ? "not met" : !strcmp(zh, "无法判断") ? "cannot be judged" : zh;
}

static void pct(char *buf, size_t n, const cJSON *v)
{
    if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.1f%%", v->valuedouble * 100);
    else
        snprintf(buf, n, "-");
}

/* A percentage beside the threshold it is compared with, with enough
 * decimals that it never looks equal to it when it is not (issue 19 item
 * 14: 84.996 % is "84.996%", not "85.0%"); ref too, with as many. */
static void pct_vs(char *buf, size_t n, char *rbuf, size_t rn, const cJSON *v, double ref)
{
    int d = cJSON_IsNumber(v) ? stats_apart_decimals(v->valuedouble * 100, ref * 100, 1) : 1;
    if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.*f%%", d, v->valuedouble * 100);
    else
        snprintf(buf, n, "-");
    if (d == 1)
        snprintf(rbuf, rn, "%g%%", ref * 100); /* "85%" */
    else
        snprintf(rbuf, rn, "%.*f%%", d, ref * 100);
}

/* A CV beside its limit, the same way (0.5004 against 0.50). */
static void cv_vs(char *buf, size_t n, double v, double ref)
{
    snprintf(buf, n, "%.*f", isfinite(ref) ? stats_apart_decimals(v, ref, 3) : 3, v);
}

static void summary(const cJSON *doc)
{
    const cJSON *r = jget(doc, "responses", NULL);
    printf(P_("stats: %.0f response: %.0f submitted, %.0f abandoned, %.0f flagged\n",
              "stats: %.0f responses: %.0f submitted, %.0f abandoned, %.0f flagged\n",
              jget(r, "total", NULL)->valuedouble),
           jget(r, "total", NULL)->valuedouble, jget(r, "submitted", NULL)->valuedouble,
           jget(r, "abandoned", NULL)->valuedouble, jget(r, "flagged", NULL)->valuedouble);
    const cJSON *un = jget(doc, "unregistered", NULL);
    if (cJSON_IsNumber(jget(un, "n_questionnaires", NULL)) && jget(un, "n_questionnaires", NULL)->valuedouble > 0) {
        printf(P_("  注意 NOTE: %.0f questionnaire from schools not in the register (",
                  "  注意 NOTE: %.0f questionnaires from schools not in the register (",
                  jget(un, "n_questionnaires", NULL)->valuedouble),
               jget(un, "n_questionnaires", NULL)->valuedouble);
        const cJSON *e;
        int k = 0;
        cJSON_ArrayForEach(e, jget(un, "schools", NULL))
        printf("%s%s", k++ ? ", " : "", cJSON_GetStringValue(jget(e, "school_code", NULL)));
        printf(_(") are held out of every county figure below until registered "
               "(未在学校名册中的学校的问卷未计入全县结果)\n"));
    }
    const cJSON *county = jget(doc, "satisfaction", "county");
    const char *head = cJSON_GetStringValue(jget(county, "headline_method", NULL));
    for (int m = 0; m < 2; m++) {
        const char *name = m ? "questionnaires" : "answers";
        const cJSON *x = jget(county, name, NULL);
        char a[32], lo[16], hi[16], th[32];
        const cJSON *thr = jget(x, "threshold", NULL);
        pct_vs(a, sizeof a, th, sizeof th, jget(x, "rate", NULL), cJSON_IsNumber(thr) ? thr->valuedouble : 0.85);
        pct(lo, sizeof lo, jget(x, "ci_low", NULL));
        pct(hi, sizeof hi, jget(x, "ci_high", NULL));
        printf(_("  社会认可度 social recognition (%s%s): %s [%s, %s] vs %s: %s\n"),
               cJSON_GetStringValue(jget(x, "method_zh", NULL)), !strcmp(head, name) ? _(", headline") : "",
               a, lo, hi, th, mark(jget(x, "pass", NULL)));
    }
    const cJSON *gap = jget(doc, "satisfaction_balance", "urban_rural_gap");
    if (cJSON_IsNumber(jget(gap, "difference", NULL))) {
        /* beside 显著 / 区间含 0: a bound near 0 apart from 0 (+0.04, not +0.0) */
        double lo = jget(gap, "ci_low", NULL)->valuedouble * 100, hi = jget(gap, "ci_high", NULL)->valuedouble * 100;
        /* which is subtracted from which, as the report says (review rclerk6 item 7) */
        printf(_("  城乡差距 urban-rural gap (urban minus rural): %+.1f points [%+.*f, %+.*f]%s\n"),
               jget(gap, "difference", NULL)->valuedouble * 100, stats_apart_decimals(lo, 0, 1), lo,
               stats_apart_decimals(hi, 0, 1), hi,
               cJSON_IsTrue(jget(gap, "significant", NULL))
                   ? _(" 显著 (significant)")
                   : _(" 不显著：区间含 0 (not significant: its interval includes 0)"));
    }
    const cJSON *wo = jget(doc, "response_quality", "without_flagged");
    if (jget(r, "flagged", NULL)->valuedouble > 0 && cJSON_IsTrue(jget(wo, "suppressed", NULL))) {
        printf(P_("  without the %.0f flagged questionnaire: hidden, so few are flagged that the difference "
                  "would show how they answered\n",
                  "  without the %.0f flagged questionnaires: hidden, so few are flagged that the difference "
                  "would show how they answered\n",
                  jget(r, "flagged", NULL)->valuedouble),
               jget(r, "flagged", NULL)->valuedouble);
    } else if (jget(r, "flagged", NULL)->valuedouble > 0) {
        char a[32], th[32];
        /* apart from the threshold its mark is judged against (86.39 %: not
         * "86.4%" beside 未达标) */
        const cJSON *thr = jget(county, head, "threshold");
        pct_vs(a, sizeof a, th, sizeof th, jget(jget(wo, head, NULL), "rate", NULL),
               cJSON_IsNumber(thr) ? thr->valuedouble : 0.85);
        printf(P_("  without the %.0f flagged questionnaire: %s (%s)\n", "  without the %.0f flagged questionnaires: %s (%s)\n",
                  jget(r, "flagged", NULL)->valuedouble),
               jget(r, "flagged", NULL)->valuedouble, a,
               mark(jget(jget(wo, head, NULL), "pass", NULL)));
    }
    const cJSON *sm = jget(doc, "sample", NULL);
    if (cJSON_IsNumber(jget(sm, "parent_share", NULL))) {
        char a[32], v[32], ra[32], rv[32];
        /* apart from the document's own minimums */
        const cJSON *pm = jget(sm, "parent_share_min", NULL), *vm = jget(sm, "valid_share_min", NULL);
        pct_vs(a, sizeof a, ra, sizeof ra, jget(sm, "parent_share", NULL), cJSON_IsNumber(pm) ? pm->valuedouble : 0.50);
        pct_vs(v, sizeof v, rv, sizeof rv, jget(sm, "valid_share", NULL), cJSON_IsNumber(vm) ? vm->valuedouble : 0.70);
        printf(_("  sample 样本: parents %s (>= %s: %s), valid %s (>= %s: %s)\n"), a, ra,
               mark(jget(sm, "parent_share_pass", NULL)), v, rv, mark(jget(sm, "valid_share_pass", NULL)));
    }
    /* issue 18: each group's rate (the overall figure pools them) and the
     * sample against the sampling rules */
    const cJSON *srg = jget(doc, "social_recognition", NULL);
    if (srg) {
        jh_buf_t g = {0};
        const cJSON *e;
        cJSON_ArrayForEach(e, jget(srg, "by_group", NULL))
        {
            char a[16];
            if (!cJSON_IsNumber(jget(e, "rate", NULL))) continue;
            pct(a, sizeof a, jget(e, "rate", NULL));
            jh_buf_printf(&g, "%s%s %s", g.len ? " · " : "",
                          cJSON_GetStringValue(jget(e, cli_chinese ? "role_zh" : "role", NULL)), a);
        }
        if (g.len) printf(_("  分对象 by group (answers pooled, not weighted): %s\n"), g.data);
        jh_buf_free(&g);
    }
    const cJSON *svd = jget(sm, "verdict", NULL);
    if (svd) {
        printf(_("  抽样要求 sampling rules: %s\n"), sample_verdict(cJSON_GetStringValue(jget(svd, "verdict_zh", NULL))));
        const cJSON *e;
        cJSON_ArrayForEach(e, jget(svd, cli_chinese ? "missing_zh" : "missing_en", NULL))
            printf(_("    还缺 missing: %s\n"), cli_esc(e->valuestring));
    }
    bool any_level = false;
    for (int p = 0; p < 2; p++) {
        const cJSON *lv = jget(doc, "balance", p ? "junior" : "primary");
        if (jget(lv, "n_schools", NULL)->valuedouble == 0) continue;
        any_level = true;
        const char *lname = cli_chinese ? cJSON_GetStringValue(jget(lv, "level_zh", NULL))
                            : p         ? "junior secondary"
                                        : "primary";
        printf(P_("  %s (%.0f school): quality CVs %s; basic composite CV ",
                  "  %s (%.0f schools): quality CVs %s; basic composite CV ", jget(lv, "n_schools", NULL)->valuedouble),
               lname, jget(lv, "n_schools", NULL)->valuedouble,
               cJSON_IsString(jget(lv, "cv_reason", NULL)) ? _("无法计算 cannot be computed")
                                                          : mark(jget(lv, "quality_cvs_pass", NULL)));
        const cJSON *cv = jget(lv, "basic_composite", "cv"), *lim = jget(lv, "basic_composite", "limit");
        if (cJSON_IsNumber(cv)) {
            char a[32];
            cv_vs(a, sizeof a, cv->valuedouble, cJSON_IsNumber(lim) ? lim->valuedouble : NAN);
            printf(_("%s (<= %.2f): %s"), a, cJSON_IsNumber(lim) ? lim->valuedouble : NAN,
                   mark(jget(lv, "basic_composite", "pass")));
        } else {
            printf(_("无法计算 cannot be computed"));
        }
        printf(_("; schools meeting the standard %.0f of %.0f\n"),
               jget(lv, "schools_compliant", NULL)->valuedouble, jget(lv, "n_schools", NULL)->valuedouble);
        const char *why = cJSON_GetStringValue(jget(lv, "cv_reason", NULL));
        if (why) {
            char *t = lang_text(why);
            printf(_("    %s: %s\n"), lname, t);
            free(t);
        }
        /* an indicator's CV not computed (its mean is 0): which, and why
         * (the level's verdict is 无数据 for it) */
        const cJSON *qe;
        cJSON_ArrayForEach(qe, jget(lv, "quality", NULL))
        {
            const char *qwhy = cJSON_GetStringValue(jget(qe, "cv_reason", NULL));
            if (why || cJSON_IsBool(jget(qe, "pass", NULL)) || !qwhy) continue;
            char *t = lang_text(qwhy);
            printf(_("    %s %s %s: %s\n"), lname, cJSON_GetStringValue(jget(qe, "code", NULL)),
                   cJSON_GetStringValue(jget(qe, "name_zh", NULL)), t);
            free(t);
        }
        /* (the basic set has its own schools: why its composite is missing
         * when the quality figures are there) */
        const char *bwhy = cJSON_GetStringValue(jget(lv, "basic_composite", "cv_reason"));
        if (bwhy && !cJSON_IsNumber(cv) && (!why || strcmp(why, bwhy))) {
            char *t = lang_text(bwhy);
            printf(_("    %s, basic composite: %s\n"), lname, t);
            free(t);
        }
    }
    /* which schools the basic figures leave out (balance-rules §2), under
     * the levels' figures */
    const char *btp = cJSON_GetStringValue(jget(doc, "options", "basic_teaching_points"));
    if (any_level && btp && !strcmp(btp, "threshold"))
        printf(_("  基本均衡口径 basic-balance schools: teaching points under %.0f students and schools not run by "
                 "the county left out (--basic-teaching-points threshold)\n"),
               jget(doc, "options", "min_teaching_point")->valuedouble);
    else if (any_level)
        printf("%s", _("  基本均衡口径 basic-balance schools: 2012 rules, every primary teaching point and schools "
                       "not run by the county left out\n"));
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(doc, "cv_over_limit", NULL))
    {
        char a[32];
        cv_vs(a, sizeof a, jget(e, "cv", NULL)->valuedouble, jget(e, "limit", NULL)->valuedouble);
        /* the level in the summary's language: 小学 / 初中 in Chinese (review rdoc3) */
        const char *lvl = cJSON_GetStringValue(jget(e, "level", NULL));
        if (cli_chinese && lvl)
            lvl = !strcmp(lvl, "primary") ? "小学" : !strcmp(lvl, "junior") ? "初中" : lvl;
        printf(_("  CV over limit: %s %s %s %s > %.2f"), lvl,
               cJSON_GetStringValue(jget(e, "indicator", NULL)), cJSON_GetStringValue(jget(e, "name_zh", NULL)),
               a, jget(e, "limit", NULL)->valuedouble);
        const cJSON *t = cJSON_GetArrayItem(jget(e, "top_contributors", NULL), 0);
        if (t)
            printf(_(" (most: %s %s, %.0f%%)"), cli_esc(cJSON_GetStringValue(jget(t, "school_code", NULL))),
                   cli_esc(cJSON_GetStringValue(jget(t, "school_name", NULL))), jget(t, "share", NULL)->valuedouble * 100);
        printf("\n");
    }
    /* 整改项 are the items of the rectification plan (every shortfall of
     * the evaluation, as `junheng rectify --out` writes them and the
     * report's 七 lists them); the resource shortfalls of the schools
     * (rectification, 整改清单) are a count of their own under their own
     * name (review reval5 item 2: 21 printed as 整改项 beside a plan of 24) */
    {
        rectify_item_t *items = NULL;
        int n_plan = 0;
        rectify_items_from_doc(doc, "", &items, &n_plan);
        free(items);
        printf(_("  rectification items 整改项 (the plan, `junheng rectify --out`): %d\n"), n_plan);
        printf(_("  resource shortfalls 资源配置整改项 (整改清单, rectification.csv): %d\n"),
               cJSON_GetArraySize(jget(doc, "rectification", NULL)));
    }
    const cJSON *ev = jget(doc, "evaluation", NULL);
    if (ev) {
        const cJSON *ov = jget(ev, "overall", NULL);
        printf(_("  evaluation (%d indicators): %s: %s\n"), (int)jget(ev, "n_indicators", NULL)->valuedouble,
               verdict_word(cJSON_GetStringValue(jget(ov, "verdict", NULL))),
               reason_text(cJSON_GetStringValue(jget(ov, "reason_zh", NULL))));
        printf(_("    veto items: %s"), verdict_word(cJSON_GetStringValue(jget(jget(ev, "veto", NULL), "verdict", NULL))));
        const cJSON *p;
        cJSON_ArrayForEach(p, jget(ev, "parts", NULL))
        {
            int nd = 0, nf = 0;
            const cJSON *i;
            cJSON_ArrayForEach(i, jget(p, "indicators", NULL))
            {
                const char *v = cJSON_GetStringValue(jget(i, "verdict", NULL));
                nd += v && !strcmp(v, "no_data");
                nf += v && !strcmp(v, "fail");
            }
            printf(_("; %s %s"), cJSON_GetStringValue(jget(p, cli_chinese ? "name_zh" : "name_en", NULL)),
                   verdict_word(cJSON_GetStringValue(jget(p, "verdict", NULL))));
            if (nf || nd) printf(_(" (%d failed, %d without data)"), nf, nd);
        }
        printf("\n");
        if (!cJSON_IsTrue(jget(ev, "facts_loaded", NULL)))
            printf("%s", _("    county facts not loaded: see `junheng template county` and `junheng county`\n"));
    }
    const cJSON *t = jget(doc, "trend", NULL), *rd = jget(doc, "round", NULL);
    const char *rname = cJSON_GetStringValue(jget(rd, "name", NULL));
    if (rname && rname[0]) {
        printf(_("  evaluation round %s"), cli_esc(rname));
        const cJSON *early = jget(rd, "earlier_responses", NULL), *late = jget(rd, "late_responses", NULL);
        double n_late = cJSON_IsNumber(late) ? late->valuedouble : 0;
        double n_early = cJSON_IsNumber(early) ? early->valuedouble - n_late : 0;
        /* those merged after the round opened are in no round, as merge
         * warned (review rclerk9 item 4: all were said to be an earlier
         * round's) */
        if (n_early > 0)
            printf(P_(" (%.0f answer recorded before it belongs to an earlier round)",
                      " (%.0f answers recorded before it belong to earlier rounds)", n_early),
                   n_early);
        if (n_late > 0)
            printf(P_(" (%.0f answer dated before the round began but merged after it opened counts in no round: "
                      "see merge's warning)",
                      " (%.0f answers dated before the round began but merged after it opened count in no round: "
                      "see merge's warnings)",
                      n_late),
                   n_late);
        printf("\n");
    }
    const char *prev = cJSON_GetStringValue(jget(t, "previous_round", NULL));
    if (prev) {
        int now = 0, lost = 0, left_reg = 0, left_fig = 0;
        cJSON_ArrayForEach(e, jget(t, "changes", NULL))
        {
            const char *c = cJSON_GetStringValue(jget(e, "compliance", NULL));
            now += c && !strcmp(c, "now_compliant");
            lost += c && !strcmp(c, "no_longer_compliant");
            left_reg += c && !strcmp(c, "left_register");
            left_fig += c && !strcmp(c, "left_figures");
        }
        printf(P_("  since round %s: %d school newly meets the standard, %d no longer "
                  "(trend.csv, school_changes.csv)\n",
                  "  since round %s: %d schools newly meet the standard, %d no longer "
                  "(trend.csv, school_changes.csv)\n",
                  now),
               cli_esc(prev), now, lost);
        /* schools of the round before that this round does not evaluate */
        if (left_reg || left_fig)
            printf(P_("  since round %s: %d school is no longer in the register (不在名册) and %d no longer in "
                      "the figures (不再参评): not counted above (school_changes.csv)\n",
                      "  since round %s: %d schools are no longer in the register (不在名册) and %d no longer in "
                      "the figures (不再参评): not counted above (school_changes.csv)\n",
                      left_reg),
                   cli_esc(prev), left_reg, left_fig);
    }

    /* The register's amounts that look typed in 万元/万平方米/万册 are
     * warnings (警告) as `junheng schools` says them, the others notes
     * (review r2bureau9 item 3). */
    const char *wkey = cli_chinese ? "warning_zh" : "warning";
    const cJSON *units = jget(doc, "register_units", NULL), *u;
    cJSON_ArrayForEach(u, units) printf(_("  register warning: %s\n"), cli_esc(jstr(u, wkey, "")));
    const cJSON *warnings = jget(doc, cli_chinese ? "warnings_zh" : "warnings", NULL);
    cJSON_ArrayForEach(e, warnings)
    {
        bool unit = false;
        cJSON_ArrayForEach(u, units) unit |= !strcmp(jstr(u, wkey, ""), e->valuestring);
        if (!unit) printf(_("  warning: %s\n"), cli_esc(e->valuestring));
    }
}

int cmd_stats(int argc, char **argv)
{
    const char *db = NULL, *outdir = NULL, *round = NULL;
    stats_opts_t o = stats_opts_default();
    const cli_opt_t opts[] = {{"--db", &db}, {"--out", &outdir}, {"--round", &round}, {NULL, NULL}};
    int prc;
    if (!cli_parse("stats", argc, argv, opts, &o, usage, &prc)) return prc;
    if (!db) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!outdir) cli_output_is_product(); /* the summary is all it gives */
    o.now_ms = jh_now_ms();
    jh_heap_prefer_huge_pages((size_t)256 << 20); /* the document of a large county: ~120 MB */
    county_t *c = NULL;
    cJSON *doc = NULL;
    jh_err_t err = {0};
    int rc = CLI_OK;
    if (county_open_existing(db, &c, &err) != JH_OK ||
        (round ? rounds_frozen(c, round, &doc, &err) : stats_compute(c, &o, &doc, &err)) != JH_OK ||
        county_check_unchanged(c, &err) != JH_OK) {
        fprintf(stderr, _("junheng stats: %s\n"), err.msg);
        rc = CLI_FAILED;
        goto out;
    }
    if (round && !doc) {
        fprintf(stderr,
                _("junheng stats: %s has no closed round '%s' (see `junheng round --db %s`); "
                  "the open round's statistics are computed without --round\n"),
                cli_esc(db), cli_esc(round), cli_esc(db));
        rc = CLI_REJECTED;
        goto out;
    }
    if (round) rounds_copy_warnings(c, round, doc); /* (a kiosk caught after the round closed) */
    if (outdir) {
        jh_status_t st = stats_write_out(doc, outdir, &err);
        if (st != JH_OK) {
            fprintf(stderr, _("junheng stats: %s\n"), err.msg);
            rc = CLI_FAILED;
            goto out;
        }
    }
    summary(doc);
    if (outdir) printf(_("stats: wrote %s/stats.json and CSV files\n"), outdir);
out:
    cli_doc_done(doc);
    county_close(c);
    return rc;
}
