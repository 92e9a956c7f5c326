/* cmd_province.c - `junheng province`: gathers the counties' per-school
 * summaries of a round into a province database (no raw answers: one
 * summary per county, so a province's 10⁴ schools fit on one machine) and
 * writes every county's verdicts side by side (HTML, workbook, CSV, JSON). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cli.h"
#include "report_xlsx.h"
#include "i18n.h"
#include "county.h"
#include "report_html.h"
#include "rounds.h"
#include "stats.h"

static void usage(FILE *f)
{
    fputs(_("Usage: junheng province --db PROVINCE.db [--round NAME] [--out DIR] [COUNTY.db ...]\n"
            "       junheng province --db PROVINCE.db --remove COUNTY [--round NAME] [--out DIR]\n"
               "\n"
               "Adds each county database's summary of a round to the province database:\n"
               "every school's compliance, satisfaction and failed indicators, the county's\n"
               "CVs, social recognition and the verdicts of the evaluation (no raw\n"
               "answers).  The open round is computed; --round NAME takes a closed round's\n"
               "frozen statistics.  A county given again replaces its summary of that round.\n"
               "--out writes DIR/province.html, province.xlsx, province.csv and\n"
               "province.json: every county of the round side by side.\n"
               "A county database is only read, never written.  A county is named by the\n"
               "county code its database records (junheng merge --county), else by its\n"
               "file name; two files with one name are refused.  --remove COUNTY removes a county's\n"
               "summaries (of round NAME with --round) from the province database.\n"
               "\n"),
          f);
    fputs(_(CLI_STATS_OPTIONS_HELP), f);
}

static const char province_schema[] =
    "PRAGMA application_id = 1246250066;" /* 'JHPR' */
    "CREATE TABLE IF NOT EXISTS province_counties("
    "  county TEXT NOT NULL, round TEXT NOT NULL, file TEXT NOT NULL,"
    "  loaded_ms INTEGER NOT NULL, summary TEXT NOT NULL,"
    "  PRIMARY KEY(county, round));";

/* A new (empty) file or a province database: never a county database or
 * another SQLite file, which would otherwise gain the province's table. */
static bool is_province_db(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    long long id = -1, tables = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        tables = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return id == 1246250066 || (id == 0 && tables == 0);
}

static double num(const cJSON *o, const char *path);

/* The threshold a county's social recognition is judged against: its own
 * (--threshold), 85 % for a county gathered before it was kept. */
static double threshold_of(const cJSON *e)
{
    double t = num(e, "social_recognition.threshold");
    return isfinite(t) ? t : 0.85;
}

static double num(const cJSON *o, const char *path)
{
    const cJSON *v = stats_json_path(o, path);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *vzh(const char *v)
{
    return !v ? "—" : !strcmp(v, "pass") ? "达标" : !strcmp(v, "fail") ? "未达标" : "无数据";
}

/* The largest quality CV of a level among those computed (NAN when none
 * was); `missing` (n bytes) gets the codes of those that could not be
 * computed ("L2、L5"), "" when every one was. */
static double max_cv(const cJSON *e, const char *level, char *missing, size_t n)
{
    char path[32];
    double m = NAN;
    size_t used = 0;
    missing[0] = '\0';
    for (int q = 1; q <= STATS_N_QUALITY; q++) {
        snprintf(path, sizeof path, "cv.%s.L%d", level, q);
        double x = num(e, path);
        if (isnan(x)) {
            int k = snprintf(missing + used, n - used, "%sL%d", used ? "、" : "", q);
            if (k > 0 && (size_t)k < n - used) used += (size_t)k;
        } else if (isnan(m) || x > m) {
            m = x;
        }
    }
    return m;
}

/* A level's largest quality CV as its cell shows it, beside the county's
 * verdict: one CV over the limit fails the level (the number, ×); none
 * computed is "无法计算"; some not computed and the others within the limit
 * is "无数据" with the indicators (the county's quality_cvs_pass is null: never
 * shown as met); else the number. *v gets the number or NAN for text. */
static void level_cell(const cJSON *e, int l, char *cell, size_t n, double *v)
{
    char missing[64];
    double limit = stats_quality_cv_limit((stats_part_t)l);
    double x = max_cv(e, l ? "junior" : "primary", missing, sizeof missing);
    *v = NAN;
    if (isnan(x))
        snprintf(cell, n, "无法计算");
    else if (missing[0] && stats_within_limit(x, limit))
        snprintf(cell, n, "无数据（%s 无法计算）", missing);
    else {
        *v = x;
        snprintf(cell, n, "%.*f", stats_apart_decimals(x, limit, 4), x);
    }
}

/* A county given in this run: its name and its file (full path). */
typedef struct {
    char name[64];
    char *real;
    const char *arg;
} seen_t;

/* Schools two summaries have in common; *a_n and *b_n get their counts. */
static int schools_shared(const cJSON *a, const cJSON *b, int *a_n, int *b_n)
{
    int shared = 0;
    const cJSON *s;
    *a_n = cJSON_GetArraySize(cJSON_GetObjectItem(a, "schools"));
    *b_n = cJSON_GetArraySize(cJSON_GetObjectItem(b, "schools"));
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(a, "schools")) shared += cJSON_HasObjectItem(cJSON_GetObjectItem(b, "schools"), s->string);
    return shared;
}

/* Whether a summary stored before comes from the same file (a summary
 * stored before the full path was kept: its file name). */
static bool same_file_of(const char *stored_file, const char *real)
{
    const char *rb = strrchr(real, '/');
    return stored_file && (!strcmp(stored_file, real) ||
                           (!strchr(stored_file, '/') && !strcmp(stored_file, rb ? rb + 1 : real)));
}

/* Most schools in common: more than half of the larger register (a
 * county's register changes between rounds; one school in common is not
 * the same county, review r2prov). */
static bool most_shared(int shared, int an, int bn)
{
    return an > 0 && bn > 0 && shared * 2 > (an > bn ? an : bn);
}

/* A summary stored under its file's name (before the county had a code). */
static bool named_by_file(const char *county, const cJSON *stored)
{
    const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(stored, "file"));
    size_t n = f ? strlen(f) : 0;
    if (n > 3 && !strcmp(f + n - 3, ".db")) n -= 3;
    return f && strlen(county) == n && !strncmp(county, f, n);
}

/* Before storing county `name` of file `real` (given as `arg`) for round
 * rname: another file of this run with that name, or a county stored under
 * it that is not this one, refuses it (JH_ERR_CONFLICT); the same county
 * stored under another name (its file name before its code was recorded)
 * is removed, and said. */
static jh_status_t identity_check(sqlite3 *pdb, const char *name, const char *rname, const char *real,
                                  const char *arg, const cJSON *entry, const seen_t *seen, int n_seen,
                                  bool has_code, jh_err_t *err)
{
    for (int i = 0; i < n_seen; i++)
        if (!strcmp(seen[i].name, name) && strcmp(seen[i].real, real)) {
            if (has_code)
                return jh_err_set(err, JH_ERR_CONFLICT,
                                  _("%s and %s both have county code %s: two databases of one county (give only "
                                    "the newer one) or a wrong county code (ask that county to check it); %s was "
                                    "not added"),
                                  seen[i].arg, arg, name, arg);
            return jh_err_set(err, JH_ERR_CONFLICT,
                              _("%s and %s would both be named '%s' in the province (a county database that records no "
                                "county code is named after its file): rename one file after its county (e.g. "
                                "yixian.db), or give the county's code at its next merge (junheng merge --county "
                                "CODE), and run again; %s was not added"),
                              seen[i].arg, arg, name, arg);
        }
    sqlite3_stmt *q = NULL;
    jh_status_t st = JH_OK;
    if (sqlite3_prepare_v2(pdb, "SELECT county, file, summary FROM province_counties WHERE round = ?", -1, &q,
                           NULL) != SQLITE_OK)
        return jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
    sqlite3_bind_text(q, 1, rname, -1, SQLITE_STATIC);
    char (*drop)[64] = NULL;
    int n_drop = 0;
    while (st == JH_OK && sqlite3_step(q) == SQLITE_ROW) {
        const char *county = (const char *)sqlite3_column_text(q, 0), *file = (const char *)sqlite3_column_text(q, 1);
        cJSON *stored = cJSON_Parse((const char *)sqlite3_column_text(q, 2));
        int an, bn, shared = schools_shared(stored, entry, &an, &bn);
        bool most = most_shared(shared, an, bn), empty = an == 0 || bn == 0, same_file = same_file_of(file, real),
             this_run = false;
        /* Under another name, the same county only when the stored one was
         * named after its file (before its code was recorded)
         * and this one has its code now, with most of its schools, or from
         * the same file while one of them has no register yet.  Two
         * different county codes are two counties (review r2prov). */
        bool same = has_code && named_by_file(county, stored) && (most || (same_file && empty));
        /* (two files of this run are two counties, whatever their registers) */
        for (int i = 0; i < n_seen; i++) this_run |= !strcmp(seen[i].name, county);
        if (!strcmp(county, name)) {
            /* one name: the same county (its file moved, its register
             * changed) when most schools are in common, or one of them has
             * no register yet (a name that is no code: from the same file) */
            same = most || (empty && (has_code || same_file));
            char ratio[96];
            snprintf(ratio, sizeof ratio, _("%d of its %d schools in common with these %d"), shared, an, bn);
            if (!same && has_code)
                st = jh_err_set(err, JH_ERR_CONFLICT,
                                _("%s has county code %s, the code of a county stored before from %s (%s): the "
                                  "county code may be wrong (ask that county to check it); if it is the same "
                                  "county with a new register, remove the old summary first (`junheng province "
                                  "--db %s%s%s --remove %s`); %s was not added"),
                                arg, name, file, ratio, sqlite3_db_filename(pdb, "main"), rname[0] ? " --round " : "",
                                rname, name, arg);
            else if (!same)
                st = jh_err_set(err, JH_ERR_CONFLICT,
                                _("%s would be stored as county '%s', the name of another county stored before "
                                  "from %s (other schools): if it is the same county with a new register, "
                                  "remove the old summary first (`junheng province --db %s%s%s --remove %s`); "
                                  "if not, rename the file after its county and run again; %s was not added"),
                                arg, name, file, sqlite3_db_filename(pdb, "main"), rname[0] ? " --round " : "",
                                rname, name, arg);
            else if (strcmp(file, real))
                printf(_("province: %s (%s) replaces the summary stored from %s (the same schools)\n"),
                       cli_esc(name), cli_esc(arg), cli_esc(file));
        } else if (same && !this_run) {
            drop = jh_xrealloc(drop, (size_t)(n_drop + 1) * sizeof *drop);
            snprintf(drop[n_drop++], 64, "%s", county);
            printf(_("province: %s (%s) replaces '%s', the same county stored before under that name (%s)\n"),
                   cli_esc(name), cli_esc(arg), cli_esc(county),
                   same_file                     ? _("the same file")
                   : shared == an && shared == bn ? _("the same schools")
                                                  : _("most schools in common"));
        }
        cJSON_Delete(stored);
    }
    sqlite3_finalize(q);
    for (int i = 0; st == JH_OK && i < n_drop; i++) {
        q = NULL;
        if (sqlite3_prepare_v2(pdb, "DELETE FROM province_counties WHERE county = ? AND round = ?", -1, &q, NULL) !=
            SQLITE_OK)
            st = jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
        else {
            sqlite3_bind_text(q, 1, drop[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, rname, -1, SQLITE_STATIC);
            if (sqlite3_step(q) != SQLITE_DONE)
                st = jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
        }
        sqlite3_finalize(q);
    }
    free(drop);
    return st;
}

/* One county: its summary of the round. */
static jh_status_t gather(sqlite3 *pdb, const char *path, const char *round, stats_opts_t *o,
                          char *county_out, size_t cn, char *round_out, size_t rn, seen_t *seen, int *n_seen,
                          jh_err_t *err)
{
    county_t *c = NULL;
    cJSON *doc = NULL, *entry = NULL;
    char *json = NULL, *real = NULL;
    sqlite3_stmt *q = NULL;
    jh_status_t st = county_open_input(path, &c, err);
    if (st != JH_OK) return st;
    round_t cur;
    bool have;
    if ((st = rounds_current(c, &cur, &have, err)) != JH_OK) goto out;
    bool frozen = false, taken = false;
    if (round && strcmp(round, cur.name)) {
        if ((st = rounds_frozen(c, round, &doc, err)) != JH_OK) goto out;
        frozen = doc != NULL;
        if (!doc && !have) {
            /* a county that never opened a round: its statistics now are
             * taken as the round compared (not frozen), and said */
            if ((st = stats_compute(c, o, &doc, err)) != JH_OK) goto out;
            taken = true;
        } else if (!doc) {
            st = jh_err_set(err, JH_ERR_INVALID,
                            _("%s has no closed round '%s' (its open round is '%s'); see `junheng round --db %s`"),
                            path, round, cur.name, path);
            goto out;
        }
    } else if ((st = stats_compute(c, o, &doc, err)) != JH_OK) {
        goto out;
    }
    const char *rname = round ? round : cur.name;
    char code[16] = "", src[32] = "";
    county_code_get(c, code, src);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (code[0])
        snprintf(county_out, cn, "%s", code);
    else
        snprintf(county_out, cn, "%.*s", (int)(strlen(base) > 3 && !strcmp(base + strlen(base) - 3, ".db")
                                                    ? strlen(base) - 3 : strlen(base)), base);
    snprintf(round_out, rn, "%s", rname);
    entry = rounds_trend_entry(doc, rname, 0, frozen);
    if (taken)
        printf(_("province: %s has no rounds (it never opened one): its statistics as they are now are taken as "
                 "round %s (in progress)\n"),
               cli_esc(path), cli_esc(rname));
    cJSON_AddStringToObject(entry, "county", county_out);
    /* The minimum group size (review rprivacy): the larger of the county's
     * (a closed round's frozen statistics keep the --min-group they were
     * computed with) and the province's own --min-group.  A school the
     * county hid stays hidden (its frozen flags); one the province's larger
     * minimum hides is hidden here by its count.  The open round is computed
     * here with the province's minimum: what the county gave its own
     * `junheng stats` is stored nowhere, so cmd_province warns. */
    const cJSON *dmg = stats_json_path(doc, "options.min_group");
    int min_group = cJSON_IsNumber(dmg) && dmg->valuedouble > o->min_group ? (int)dmg->valuedouble : o->min_group;
    const cJSON *g;
    cJSON_ArrayForEach(g, stats_json_path(doc, "satisfaction.by_school"))
    {
        const cJSON *n = stats_json_path(g, "n_questionnaires");
        cJSON *sc = cJSON_GetObjectItem(cJSON_GetObjectItem(entry, "schools"), cJSON_GetStringValue(stats_json_path(g, "school_code")));
        if (sc && cJSON_IsNumber(n) && n->valuedouble < min_group)
            cJSON_ReplaceItemInObject(sc, "satisfaction", cJSON_CreateNull());
    }
    cJSON_AddNumberToObject(entry, "min_group", min_group);
    /* the threshold the county's rate is judged against (--threshold): the
     * overview prints the rate apart from it */
    const cJSON *thr = stats_json_path(doc, "verdicts.social_recognition.threshold");
    if (cJSON_IsNumber(thr))
        cJSON_AddNumberToObject(cJSON_GetObjectItem(entry, "social_recognition"), "threshold", thr->valuedouble);
    cJSON_AddStringToObject(entry, "file", base);
    /* when it was gathered and its statistics computed (an open round: now) */
    cJSON_AddNumberToObject(entry, "gathered_ms", (double)jh_now_ms());
    if (!cJSON_HasObjectItem(entry, "generated_at"))
        cJSON_AddItemToObject(entry, "generated_at", cJSON_Duplicate(stats_json_path(doc, "generated_at"), true));
    /* the method behind the rate and the questionnaires it was computed on
     * (balance-rules §4: printed in every report) */
    const cJSON *meth = stats_json_path(doc, "verdicts.social_recognition.method");
    if (cJSON_IsString(meth)) cJSON_AddStringToObject(entry, "method", meth->valuestring);
    cJSON *used = cJSON_AddArrayToObject(entry, "questionnaires_used");
    const cJSON *sv;
    cJSON_ArrayForEach(sv, stats_json_path(doc, "surveys"))
    {
        char one[160];
        snprintf(one, sizeof one, "%s %s", cJSON_GetStringValue(cJSON_GetObjectItem(sv, "id")) ?: "?",
                 cJSON_GetStringValue(cJSON_GetObjectItem(sv, "version")) ?: "?");
        cJSON_AddItemToArray(used, cJSON_CreateString(one));
    }
    /* the survey rules its rates rest on (review r2bureau9, item 4) */
    rounds_survey_rules(doc, cJSON_AddObjectToObject(entry, "survey_rules"));
    cJSON_AddItemToObject(entry, "rectification_items",
                          cJSON_CreateNumber(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rectification"))));
    json = cJSON_PrintUnformatted(entry);
    /* read as immutable (another user's database): a merge that committed
     * meanwhile would make the entry of two states; none is stored then */
    if ((st = county_check_unchanged(c, err)) != JH_OK) goto out;
    /* the file as stored: its full path (the same county seen again) */
    real = realpath(path, NULL);
    if (!real) real = jh_strdup(path);
    if ((st = identity_check(pdb, county_out, rname, real, path, entry, seen, *n_seen, code[0] != 0, err)) != JH_OK)
        goto out;
    if (sqlite3_prepare_v2(pdb, "INSERT OR REPLACE INTO province_counties VALUES (?,?,?,?,?)", -1, &q,
                           NULL) != SQLITE_OK) {
        st = jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
        goto out;
    }
    sqlite3_bind_text(q, 1, county_out, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, rname, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, real, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, jh_now_ms());
    sqlite3_bind_text(q, 5, json, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        st = jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
    if (st == JH_OK) {
        snprintf(seen[*n_seen].name, sizeof seen[*n_seen].name, "%s", county_out);
        seen[*n_seen].real = real;
        seen[*n_seen].arg = path;
        ++*n_seen;
        real = NULL;
    }
out:
    free(real);
    sqlite3_finalize(q);
    cJSON_free(json);
    cJSON_Delete(entry);
    cJSON_Delete(doc);
    county_close(c);
    return st;
}

static const char *const headers[] = {"县（区）", "轮次", "学校数", "达标学校", "小学质量差异系数（最大）",
                                      "初中质量差异系数（最大）", "社会认可度", "社会认可度达标线", "一票否决",
                                      "资源配置", "政府保障程度", "教育质量", "社会认可度结论", "总体结论",
                                      "计算口径", "问卷（编号 版本）", "状态", "汇总时间",
                                      "与他县重复的学校（代码，亦在哪个县）", NULL};
#define N_COLS 19
#define CELL_N 640

/* The method of a county's rate as a cell. */
static const char *method_zh(const cJSON *e)
{
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
    if (!m || isnan(num(e, "social_recognition.rate"))) return "无问卷数据";
    return !strcmp(m, "answers") ? "按题次" : !strcmp(m, "questionnaires") ? "按问卷" : m;
}

/* The questionnaires of a county (id version, "、" between). */
static void used_cell(const cJSON *e, char *cell, size_t n)
{
    size_t k = 0;
    const cJSON *x;
    cell[0] = 0;
    if (isnan(num(e, "social_recognition.rate"))) {
        snprintf(cell, n, "—");
        return;
    }
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "questionnaires_used"))
    {
        int w = snprintf(cell + k, n - k, "%s%s", k ? "、" : "", cJSON_GetStringValue(x) ? x->valuestring : "?");
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
    if (!k) snprintf(cell, n, "未记录");
}

/* When a county's statistics were computed: its frozen time, or when the
 * province computed its open round ("2026-12-03 07:29 UTC"). */
static void when_cell(const cJSON *e, char *cell, size_t n)
{
    const char *g = cJSON_GetStringValue(cJSON_GetObjectItem(e, "generated_at"));
    if (g && strlen(g) >= 16) {
        snprintf(cell, n, "%.10s %.5s UTC", g, g + 11);
        return;
    }
    double ms = num(e, "gathered_ms");
    if (isnan(ms)) {
        snprintf(cell, n, "未记录");
        return;
    }
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(cell, n, "%Y-%m-%d %H:%M UTC", &tm);
}

/* The decimals a threshold needs as a percentage (87.5 %: 1), at most 4. */
static int threshold_decimals(double t)
{
    int d = 0;
    while (d < 4 && fabs(t * 100 * pow(10, d) - round(t * 100 * pow(10, d))) > 1e-6) d++;
    return d;
}

/* The threshold as the HTML shows it: "85%", "78%（低于 85%）". */
static void threshold_cell(const cJSON *e, char *cell, size_t n)
{
    double t = threshold_of(e);
    if (stats_meets_standard(t, 0.85))
        snprintf(cell, n, "%g%%", t * 100);
    else
        snprintf(cell, n, "%g%%（低于 85%%）", t * 100);
}

/* The schools of county e also in other counties' registers of the round
 * (write_outputs): "0010000（亦在 c）；0010001（亦在 c、d）", "" when none;
 * a list too long for the cell ends with their number. */
static void shared_cell(const cJSON *e, char *cell, size_t n)
{
    const cJSON *sc, *c, *all = cJSON_GetObjectItem(e, "schools_in_other_counties");
    int total = cJSON_GetArraySize(all), k = 0;
    size_t used = 0;
    cell[0] = 0;
    cJSON_ArrayForEach(sc, all)
    {
        char one[200];
        size_t m = (size_t)snprintf(one, sizeof one, "%s%s（亦在 ", k ? "；" : "", sc->string);
        int j = 0;
        cJSON_ArrayForEach(c, sc)
        {
            if (m < sizeof one)
                m += (size_t)snprintf(one + m, sizeof one - m, "%s%s", j++ ? "、" : "", cJSON_GetStringValue(c));
        }
        if (m < sizeof one) m += (size_t)snprintf(one + m, sizeof one - m, "）");
        /* (room kept for the ending) */
        if (m >= sizeof one || used + m + 80 >= n) {
            snprintf(cell + used, n - used, "……共 %d 所（全部见 province.xlsx 的“学校”表）", total);
            return;
        }
        memcpy(cell + used, one, m + 1);
        used += m;
        k++;
    }
}

/* Every column of county i as text, for the workbook and the CSV. */
static void row_cells(const cJSON *e, char cells[N_COLS][CELL_N])
{
    int compliant = 0, n = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(e, "schools"))
    {
        n++;
        compliant += cJSON_IsTrue(cJSON_GetObjectItem(s, "compliant"));
    }
    snprintf(cells[0], CELL_N, "%s", cJSON_GetStringValue(stats_json_path(e, "county")));
    const char *rn = cJSON_GetStringValue(stats_json_path(e, "round"));
    snprintf(cells[1], CELL_N, "%s", rn && rn[0] ? rn : "（未分轮次）");
    snprintf(cells[2], CELL_N, "%d", n);
    snprintf(cells[3], CELL_N, "%d", compliant);
    double a, b, r = num(e, "social_recognition.rate");
    /* beside their verdicts: decimals enough never to look equal to the limit or 85 % */
    level_cell(e, 0, cells[4], CELL_N, &a);
    level_cell(e, 1, cells[5], CELL_N, &b);
    snprintf(cells[6], CELL_N, isnan(r) ? "无数据" : "%.*f%%", stats_apart_decimals(r * 100, threshold_of(e) * 100, 2),
             r * 100);
    /* a number Excel compares with the rate (which it reads as a fraction
     * from "84.9999%"): 0.85, not text; below 85 % is plain from it */
    snprintf(cells[7], CELL_N, "%.10g", threshold_of(e));
    snprintf(cells[8], CELL_N, "%s", vzh(cJSON_GetStringValue(stats_json_path(e, "evaluation.veto"))));
    static const char *parts[4] = {"resource", "government", "quality", "social"};
    for (int p = 0; p < 4; p++) {
        char path[64];
        snprintf(path, sizeof path, "evaluation.parts.%s", parts[p]);
        snprintf(cells[9 + p], CELL_N, "%s", vzh(cJSON_GetStringValue(stats_json_path(e, path))));
    }
    snprintf(cells[13], CELL_N, "%s", vzh(cJSON_GetStringValue(stats_json_path(e, "evaluation.overall"))));
    snprintf(cells[14], CELL_N, "%s", method_zh(e));
    used_cell(e, cells[15], CELL_N);
    snprintf(cells[16], CELL_N, "%s", cJSON_IsTrue(cJSON_GetObjectItem(e, "frozen")) ? "已冻结" : "进行中");
    when_cell(e, cells[17], CELL_N);
    shared_cell(e, cells[18], CELL_N);
}

/* The columns of county e that are numbers (学校数, 达标学校, the two
 * largest CVs, 社会认可度 and its threshold as fractions); NAN for text or
 * no value. */
static void row_numbers(const cJSON *e, double v[N_COLS])
{
    int compliant = 0, n = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(e, "schools"))
    {
        n++;
        compliant += cJSON_IsTrue(cJSON_GetObjectItem(s, "compliant"));
    }
    for (int k = 0; k < N_COLS; k++) v[k] = NAN;
    v[2] = n;
    v[3] = compliant;
    char cell[CELL_N];
    level_cell(e, 0, cell, sizeof cell, &v[4]);
    level_cell(e, 1, cell, sizeof cell, &v[5]);
    v[6] = num(e, "social_recognition.rate");
    v[7] = threshold_of(e);
}

static void write_html(jh_buf_t *b, const cJSON *doc, const char *json)
{
    const cJSON *list = stats_json_path(doc, "counties"), *e;
    int n = cJSON_GetArraySize(list), pass = 0;
    cJSON_ArrayForEach(e, list)
    {
        const char *v = cJSON_GetStringValue(stats_json_path(e, "evaluation.overall"));
        pass += v && !strcmp(v, "pass");
    }
    const char *rname = cJSON_GetStringValue(stats_json_path(doc, "round"));
    /* The verdicts table fits a 1280-px window and a printed A4 page
     * (review fprov9): its headers wrap, at the points given (<wbr>) and
     * not inside a word (keep-all), a long county name wraps, its cells
     * are padded less, printed smaller. */
    static const char css[] =
        "table.by-county th{white-space:normal;word-break:keep-all;line-height:1.3;vertical-align:bottom}\n"
        "table.by-county th,table.by-county td{padding:4px 5px}\n"
        "table.by-county td:first-child{overflow-wrap:anywhere}\n" /* (a county named by a long file name) */
        "@media print{table.by-county{font-size:9.5px}table.by-county th,table.by-county td{padding:2px 3px}}\n";
    rhtml_begin_css(b, "义务教育优质均衡发展 省级汇总", "义务教育优质均衡发展督导评估 省级汇总", css);
    jh_buf_puts(b, "<header><h1>义务教育优质均衡发展督导评估 省级汇总</h1><p class=\"sub\">");
    rhtml_escapef(b, "轮次 %s · %d 个县（区）· 其中 %d 个总体达标 · Province overview, every county side by side",
                  rname && rname[0] ? rname : "（未分轮次）", n, pass);
    jh_buf_puts(b, "</p></header>\n<section><h2>各县评估结论 Verdicts by county</h2>\n");
    /* the verdicts (the first 14 columns but 轮次, the page's one round,
     * said above); where each figure comes from in a table of its own
     * below (one table of 18 would overflow the page); headers with the
     * points where they may wrap */
    static const char *const verdict_headers[] = {
        "县（区）",           "学校数",         "达标<wbr>学校",   "小学质量<wbr>差异系数<wbr>（最大）",
        "初中质量<wbr>差异系数<wbr>（最大）", "社会<wbr>认可度", "社会认可度<wbr>达标线", "一票<wbr>否决",
        "资源<wbr>配置",      "政府保障<wbr>程度", "教育<wbr>质量", "社会认可度<wbr>结论", "总体<wbr>结论"};
    jh_buf_puts(b, "<table class=\"data by-county\"><thead><tr>");
    for (size_t k = 0; k < sizeof verdict_headers / sizeof *verdict_headers; k++)
        jh_buf_printf(b, "<th>%s</th>", verdict_headers[k]); /* (literals: no escaping needed) */
    jh_buf_puts(b, "</tr></thead><tbody>\n");
    int i = 0;
    cJSON_ArrayForEach(e, list)
    {
        char cells[N_COLS][CELL_N], ptr[96];
        row_cells(e, cells);
        jh_buf_puts(b, "<tr>");
        for (int k = 0; k < 4; k++) {
            if (k == 1) continue; /* (轮次) */
            jh_buf_puts(b, "<td>");
            rhtml_escape(b, cells[k]);
            jh_buf_puts(b, "</td>");
        }
        static const char *lv[2] = {"primary", "junior"};
        for (int l = 0; l < 2; l++) {
            double x;
            char cell[64];
            level_cell(e, l, cell, sizeof cell, &x);
            jh_buf_puts(b, "<td class=\"num\">");
            if (isnan(x)) {
                rhtml_escape(b, cell);
            } else {
                snprintf(ptr, sizeof ptr, "/counties/%d/cv/%s", i, lv[l]);
                rhtml_num(b, ptr, x, rhtml_fmt_apart(x, stats_quality_cv_limit((stats_part_t)l), RHTML_F3));
                jh_buf_puts(b, " ");
                rhtml_mark(b, stats_within_limit(x, stats_quality_cv_limit((stats_part_t)l)));
            }
            jh_buf_puts(b, "</td>");
        }
        double r = num(e, "social_recognition.rate");
        jh_buf_puts(b, "<td class=\"num\">");
        if (isnan(r)) {
            jh_buf_puts(b, "无数据");
        } else {
            snprintf(ptr, sizeof ptr, "/counties/%d/social_recognition/rate", i);
            rhtml_num(b, ptr, r, rhtml_fmt_apart(r, threshold_of(e), RHTML_PCT1));
        }
        jh_buf_puts(b, "</td>");
        jh_buf_puts(b, stats_meets_standard(threshold_of(e), 0.85) ? "<td>" : "<td class=\"mark fail\">");
        char thr_text[CELL_N];
        threshold_cell(e, thr_text, sizeof thr_text);
        rhtml_escape(b, thr_text);
        jh_buf_puts(b, "</td>");
        for (int k = 8; k < 14; k++) {
            jh_buf_puts(b, "<td>");
            if (!strcmp(cells[k], "达标"))
                rhtml_mark_text(b, true, "达标", "未达标");
            else if (!strcmp(cells[k], "未达标"))
                rhtml_mark_text(b, false, "达标", "未达标");
            else
                rhtml_escape(b, cells[k]);
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "</tr>\n");
        i++;
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<h3>各县数据来源 Where each county's figures come from</h3>\n");
    static const char *const source_headers[] = {"县（区）", "轮次", "状态", "汇总时间", "计算口径", "问卷（编号 版本）",
                                                 NULL};
    rhtml_table_begin(b, "data", source_headers);
    cJSON_ArrayForEach(e, list)
    {
        char cells[N_COLS][CELL_N];
        row_cells(e, cells);
        static const int cols[] = {0, 1, 16, 17, 14, 15};
        jh_buf_puts(b, "<tr>");
        for (int k = 0; k < 6; k++) {
            jh_buf_puts(b, "<td>");
            rhtml_escape(b, cells[cols[k]]);
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">质量差异系数：七项资源配置指标差异系数中的最大值（小学≤0.50，初中≤0.45）；"
                   "“无数据”表示该县未录入相应数据，不视为达标；“无数据（L2 无法计算）”"
                   "表示该学段有指标的差异系数无法计算（平均值为 0 或学校不足 2 所），其余在限值内，同样不视为达标。"
                   "社会认可度按本县的达标线判定（国家标准 85%；低于 85% 的达标线另行标出）。"
                   "状态：已冻结 = 该县已结束的轮次冻结的统计结果；进行中 = 进行中的轮次，由省级汇总时计算，"
                   "之后还会变化；汇总时间为统计结果的计算时间。</p>\n");
    /* counties whose rates rest on other methods or questionnaires */
    {
        const cJSON *first = NULL;
        bool differ = false;
        cJSON_ArrayForEach(e, list)
        {
            if (isnan(num(e, "social_recognition.rate"))) continue;
            if (!first)
                first = e;
            else if (strcmp(method_zh(first), method_zh(e)) ||
                     !cJSON_Compare(cJSON_GetObjectItem(first, "questionnaires_used"),
                                    cJSON_GetObjectItem(e, "questionnaires_used"), true))
                differ = true;
        }
        if (differ)
            jh_buf_puts(b, "<p class=\"note\"><strong>各县社会认可度的计算口径或问卷不同</strong>（见“计算口径”和"
                           "“问卷（编号 版本）”两列）：按题次与按问卷的满意率、不同问卷或版本的满意率不能直接比较，"
                           "比较前请核对。 The counties' rates rest on different methods or questionnaires: they do "
                           "not compare directly.</p>\n");
    }
    if (cJSON_IsTrue(cJSON_GetObjectItem(doc, "survey_rules_differ")))
        jh_buf_puts(b, "<p class=\"note\"><strong>各县统计所依据的问卷规则不同</strong>（社会公众的答卷是否只计入全县、"
                       "全部答“不了解”的问卷是否有效；见 province.json 的 survey_rules）：各县的满意率和社会认可度"
                       "不能直接比较。 The counties' statistics rest on different survey rules (whether the public's "
                       "answers count for the county only, whether a questionnaire answered 不了解 throughout is "
                       "valid): their rates do not compare directly.</p>\n");
    /* school codes in more than one county's register of the round */
    {
        const cJSON *d, *dups = cJSON_GetObjectItem(doc, "schools_in_several_counties");
        if (cJSON_GetArraySize(dups) > 0) {
            jh_buf_puts(b, "<p class=\"note\"><strong>以下学校代码同时出现在几个县的学校名册中，被各县分别计入"
                           "（学校数、达标学校、差异系数）：</strong>");
            int k = 0;
            cJSON_ArrayForEach(d, dups)
            {
                jh_buf_t l = {0};
                const cJSON *c;
                cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "counties"))
                    jh_buf_printf(&l, "%s%s", l.len ? "、" : "", cJSON_GetStringValue(c));
                rhtml_escapef(b, "%s%s（%s）", k++ ? "；" : "", cJSON_GetStringValue(cJSON_GetObjectItem(d, "code")),
                              l.data ? l.data : "");
                jh_buf_free(&l);
            }
            jh_buf_puts(b, "。请核对是哪个县的学校，让另一县从名册中删去后重新发送。</p>\n");
        }
    }
    jh_buf_puts(b, "</section>\n");
    /* social recognition of every county against its threshold: the one
     * they share (85 % unless --threshold), else 85 % */
    double thr = NAN;
    cJSON_ArrayForEach(e, list)
    {
        double t = threshold_of(e);
        thr = isnan(thr) || thr == t ? t : -1;
    }
    bool own = !(thr > 0); /* thresholds differ: each bar against its own */
    char thr_label[48];
    snprintf(thr_label, sizeof thr_label, "%g %%", thr * 100);
    /* (a shared threshold below the national one: said on its line too) */
    if (!own && !stats_meets_standard(thr, 0.85)) snprintf(thr_label, sizeof thr_label, "%g %%（低于 85%%）", thr * 100);
    rhtml_bar_t *bars = jh_xcalloc((size_t)n + 1, sizeof *bars);
    char (*ptrs)[64] = jh_xcalloc((size_t)n + 1, sizeof *ptrs);
    i = 0;
    int m = 0, n_none = 0;
    cJSON_ArrayForEach(e, list)
    {
        int k = i++;
        double r = num(e, "social_recognition.rate");
        if (isnan(r)) { /* no survey: not a small sample, so not drawn as one */
            n_none++;
            continue;
        }
        bars[m].label = cJSON_GetStringValue(stats_json_path(e, "county"));
        bars[m].value = r;
        snprintf(ptrs[m], 64, "/counties/%d/social_recognition/rate", k);
        bars[m].pointer = ptrs[m];
        if (own) bars[m].own_ref = threshold_of(e);
        m++;
    }
    jh_buf_puts(b, "<section><h2>社会认可度 Social recognition</h2>\n");
    rhtml_hbar_opts_t ho = {"各县社会认可度", own ? -1 : thr, thr_label, 5};
    if (m) rhtml_svg_hbars(b, bars, m, &ho);
    if (own && m) {
        jh_buf_puts(b, "<p class=\"note\">各县按本县达标线判定，不共用一条线：每条横条上的红色短线是该县的达标线（");
        int k = 0;
        cJSON_ArrayForEach(e, list)
        {
            if (isnan(num(e, "social_recognition.rate"))) continue;
            char t[CELL_N];
            threshold_cell(e, t, sizeof t);
            rhtml_escapef(b, "%s%s %s", k++ ? "；" : "", cJSON_GetStringValue(stats_json_path(e, "county")), t);
        }
        jh_buf_puts(b, "）；低于达标线的横条画斜线并标 ×。 Each bar is judged against its county's own threshold "
                       "(the short red line).</p>\n");
    }
    if (!own && m && !stats_meets_standard(thr, 0.85)) {
        /* a shared threshold below the national one is said under the chart
         * too, as in the table (review r2prov) */
        jh_buf_puts(b, "<p class=\"note\">");
        rhtml_escapef(b,
                      "虚线是各县共用的达标线 %g %%，低于国家标准 85%%。 The dashed line is the counties' shared "
                      "threshold %g %%, below the national 85 %%.",
                      thr * 100, thr * 100);
        jh_buf_puts(b, "</p>\n");
    }
    if (n_none) {
        jh_buf_puts(b, "<p class=\"note\">");
        rhtml_escapef(b, "%d 个县（区）没有问卷数据（社会认可度：无数据），未列入上图。", n_none);
        jh_buf_puts(b, "</p>");
    }
    jh_buf_puts(b, "</section>\n");
    free(bars);
    free(ptrs);
    rhtml_end(b, "province-data", json);
}

static jh_status_t write_xlsx(const char *path, const cJSON *doc, jh_err_t *err)
{
    char *tmp = jh_sprintf("%s.tmp", path);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        jh_status_t st = jh_err_set(err, JH_ERR_IO, _("%s: cannot start the workbook"), tmp);
        free(tmp);
        return st;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "各县评估结论");
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDE6F0);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    lxw_format *f_int = workbook_add_format(wb);
    format_set_num_format(f_int, "0");
    /* the CVs and the rate with the decimals of the CSV and HTML (beside
     * their verdicts, never looking equal to their bound: 84.9996%, not
     * 85.00%): one format per number of decimals, made when first needed */
    lxw_format *f_dec[2][9] = {{NULL}}, *f_thr[2][5] = {{NULL}};
    for (int k = 0; headers[k]; k++) {
        worksheet_write_string(ws, 0, (lxw_col_t)k, headers[k], head);
        /* (the threshold's format "78%（低于 85%）" needs 17 in LibreOffice: narrower, a
         * spreadsheet shows ### for the number) */
        worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, k < 2 ? 10 : k == 7 ? 18 : k == 18 ? 36 : 12, NULL);
    }
    /* schools also in other counties' registers: marked (the HTML's note) */
    lxw_format *f_shared = workbook_add_format(wb);
    format_set_bg_color(f_shared, 0xFCE4D6);
    format_set_font_color(f_shared, 0xB00020); /* (not wrapped: the last column, it runs on to the right) */
    worksheet_freeze_panes(ws, 1, 1);
    const cJSON *e;
    lxw_row_t r = 1;
    cJSON_ArrayForEach(e, stats_json_path(doc, "counties"))
    {
        char cells[N_COLS][CELL_N];
        row_cells(e, cells);
        /* counts, CVs and the rate as numbers (sortable, summable), with
         * the decimals of the CSV; "无法计算"/"无数据" stay text */
        double v[N_COLS];
        row_numbers(e, v);
        for (int k = 0; k < N_COLS; k++) {
            if (isnan(v[k]))
                worksheet_write_string(ws, r, (lxw_col_t)k, cells[k], k == 18 && cells[k][0] ? f_shared : NULL);
            else if (k < 4)
                worksheet_write_number(ws, r, (lxw_col_t)k, v[k], f_int);
            else if (k == 7) {
                /* the threshold: a percentage with the decimals it has;
                 * below the national 85 % the format says so beside the
                 * number (the cell stays a number Excel compares) */
                bool low = !stats_meets_standard(v[k], 0.85);
                int d = threshold_decimals(v[k]);
                if (!f_thr[low][d]) {
                    char nf[48];
                    snprintf(nf, sizeof nf, "0%s%.*s%%%s", d ? "." : "", d, "0000", low ? "\"（低于 85%）\"" : "");
                    f_thr[low][d] = workbook_add_format(wb);
                    format_set_num_format(f_thr[low][d], nf);
                    if (low) format_set_font_color(f_thr[low][d], 0xB00020);
                }
                worksheet_write_number(ws, r, (lxw_col_t)k, v[k], f_thr[low][d]);
            } else {
                bool pct = k == 6;
                int d = pct ? stats_apart_decimals(v[k] * 100, threshold_of(e) * 100, 2)
                            : stats_apart_decimals(v[k], stats_quality_cv_limit(k == 4 ? STATS_PART_PRIMARY
                                                                                       : STATS_PART_JUNIOR),
                                                   4);
                if (d < 0) d = 0;
                if (d > 8) d = 8;
                if (!f_dec[pct][d]) {
                    char nf[16] = "0";
                    if (d > 0) snprintf(nf, sizeof nf, "0.%.*s", d, "00000000");
                    if (pct) strcat(nf, "%");
                    f_dec[pct][d] = workbook_add_format(wb);
                    format_set_num_format(f_dec[pct][d], nf);
                }
                worksheet_write_number(ws, r, (lxw_col_t)k, v[k], f_dec[pct][d]);
            }
        }
        r++;
    }
    /* every CV of every county */
    lxw_worksheet *cv = workbook_add_worksheet(wb, "各县差异系数");
    static const char *const ch[] = {"县（区）", "学段", "L1", "L2", "L3", "L4", "L5", "L6", "L7",
                                     "基本均衡综合", "达标学校", "学校数", "基本均衡教学点口径", NULL};
    for (int k = 0; ch[k]; k++) worksheet_write_string(cv, 0, (lxw_col_t)k, ch[k], head);
    worksheet_freeze_panes(cv, 1, 2);
    r = 1;
    cJSON_ArrayForEach(e, stats_json_path(doc, "counties"))
    {
        for (int l = 0; l < 2; l++) {
            const char *lv = l ? "junior" : "primary";
            worksheet_write_string(cv, r, 0, cJSON_GetStringValue(stats_json_path(e, "county")), NULL);
            worksheet_write_string(cv, r, 1, l ? "初中" : "小学", NULL);
            static const char *keys[] = {"L1", "L2", "L3", "L4", "L5", "L6", "L7", "basic_composite",
                                         "schools_compliant", "n_schools"};
            for (int k = 0; k < 10; k++) {
                char path[64];
                snprintf(path, sizeof path, "cv.%s.%s", lv, keys[k]);
                double v = num(e, path);
                if (!isnan(v)) worksheet_write_number(cv, r, (lxw_col_t)(2 + k), v, NULL);
            }
            const char *btp = cJSON_GetStringValue(stats_json_path(e, "basic_teaching_points"));
            worksheet_write_string(cv, r, 12,
                                   !btp ? "未记录" : !strcmp(btp, "all") ? "2012 年规则：教学点一律不计"
                                                                          : "同优质均衡：不足规定人数的教学点不计",
                                   NULL);
            r++;
        }
    }
    /* every school of the province */
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "学校");
    static const char *const sh[] = {"县（区）", "学校代码", "学校名称", "资源配置达标", "满意率",
                                     "未达标指标", "亦在他县名册（各县分别计入）", NULL};
    worksheet_set_column(ws2, 6, 6, 24, NULL);
    for (int k = 0; sh[k]; k++) worksheet_write_string(ws2, 0, (lxw_col_t)k, sh[k], head);
    worksheet_freeze_panes(ws2, 1, 3);
    r = 1;
    cJSON_ArrayForEach(e, stats_json_path(doc, "counties"))
    {
        const cJSON *sc;
        cJSON_ArrayForEach(sc, stats_json_path(e, "schools"))
        {
            worksheet_write_string(ws2, r, 0, cJSON_GetStringValue(stats_json_path(e, "county")), NULL);
            worksheet_write_string(ws2, r, 1, sc->string, NULL);
            worksheet_write_string(ws2, r, 2, cJSON_GetStringValue(cJSON_GetObjectItem(sc, "name")), NULL);
            const cJSON *c = cJSON_GetObjectItem(sc, "compliant");
            worksheet_write_string(ws2, r, 3, cJSON_IsBool(c) ? (cJSON_IsTrue(c) ? "达标" : "未达标") : "无数据", NULL);
            double sat = num(sc, "satisfaction");
            if (!isnan(sat)) worksheet_write_number(ws2, r, 4, sat, NULL);
            jh_buf_t l = {0};
            const cJSON *x;
            cJSON_ArrayForEach(x, cJSON_GetObjectItem(sc, "eval_fail"))
                jh_buf_printf(&l, "%s%s", l.len ? " " : "", x->valuestring);
            worksheet_write_string(ws2, r, 5, l.data ? l.data : "", NULL);
            jh_buf_free(&l);
            /* a school code also in another county's register: those counties */
            const cJSON *others = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "schools_in_other_counties"), sc->string);
            if (others) {
                jh_buf_t o = {0};
                cJSON_ArrayForEach(x, others) jh_buf_printf(&o, "%s%s", o.len ? "、" : "", cJSON_GetStringValue(x));
                worksheet_write_string(ws2, r, 6, o.data ? o.data : "", f_shared);
                jh_buf_free(&o);
            }
            r++;
        }
    }
    jh_status_t st = rxlsx_close_workbook(wb, tmp, path, err);
    free(tmp);
    return st;
}

static jh_status_t write_outputs(sqlite3 *pdb, const char *round, const char *dir, int *n_out, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(pdb, "SELECT summary, loaded_ms FROM province_counties WHERE round = ? ORDER BY county", -1,
                           &q, NULL) != SQLITE_OK)
        return jh_err_set(err, JH_ERR_IO, _("province database: %s"), sqlite3_errmsg(pdb));
    sqlite3_bind_text(q, 1, round, -1, SQLITE_STATIC);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "junheng-province");
    cJSON_AddStringToObject(doc, "round", round);
    cJSON *list = cJSON_AddArrayToObject(doc, "counties");
    while (sqlite3_step(q) == SQLITE_ROW) {
        cJSON *e = cJSON_Parse((const char *)sqlite3_column_text(q, 0));
        /* (a summary gathered before the time was kept in it: when it was stored) */
        if (e && !cJSON_HasObjectItem(e, "gathered_ms"))
            cJSON_AddNumberToObject(e, "gathered_ms", (double)sqlite3_column_int64(q, 1));
        if (e) cJSON_AddItemToArray(list, e);
    }
    sqlite3_finalize(q);
    *n_out = cJSON_GetArraySize(list);
    /* a school code in the registers of several counties of the round:
     * counted by each (its figures twice); named */
    {
        cJSON *by = cJSON_CreateObject(), *dups = cJSON_AddArrayToObject(doc, "schools_in_several_counties");
        const cJSON *e, *sc;
        cJSON_ArrayForEach(e, list)
        {
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(e, "county"));
            cJSON_ArrayForEach(sc, cJSON_GetObjectItem(e, "schools"))
            {
                cJSON *l = cJSON_GetObjectItem(by, sc->string);
                if (!l) l = (cJSON_AddArrayToObject)(by, sc->string);
                cJSON_AddItemToArray(l, cJSON_CreateString(name ? name : "?"));
            }
        }
        /* each county's schools also in others' registers, with those
         * counties: marked in the workbook and the CSV (shared_cell) */
        cJSON *ce;
        cJSON_ArrayForEach(ce, list)
        {
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(ce, "county"));
            cJSON *mine = NULL;
            cJSON_ArrayForEach(sc, cJSON_GetObjectItem(ce, "schools"))
            {
                const cJSON *l = cJSON_GetObjectItem(by, sc->string), *c;
                if (cJSON_GetArraySize(l) < 2) continue;
                if (!mine) mine = cJSON_AddObjectToObject(ce, "schools_in_other_counties");
                cJSON *others = (cJSON_AddArrayToObject)(mine, sc->string);
                cJSON_ArrayForEach(c, l) if (strcmp(cJSON_GetStringValue(c), name ? name : "?"))
                    cJSON_AddItemToArray(others, cJSON_CreateString(cJSON_GetStringValue(c)));
            }
        }
        jh_buf_t w = {0};
        int n_dup = 0;
        cJSON_ArrayForEach(sc, by)
        {
            if (cJSON_GetArraySize(sc) < 2) continue;
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "code", sc->string);
            cJSON_AddItemToObject(d, "counties", cJSON_Duplicate(sc, true));
            cJSON_AddItemToArray(dups, d);
            jh_buf_printf(&w, "  %s:", cli_esc(sc->string));
            const cJSON *c;
            cJSON_ArrayForEach(c, sc) jh_buf_printf(&w, " %s", cli_esc(cJSON_GetStringValue(c)));
            jh_buf_puts(&w, "\n");
            n_dup++;
        }
        if (n_dup)
            fprintf(stderr,
                    P_("junheng province: warning: %d school code is in the registers of several counties of the "
                       "round, counted by each (school code: counties); ask the counties which one the school "
                       "belongs to:\n%s",
                       "junheng province: warning: %d school codes are in the registers of several counties of the "
                       "round, counted by each (school code: counties); ask the counties which one each school "
                       "belongs to:\n%s",
                       n_dup),
                    n_dup, w.data);
        jh_buf_free(&w);
        cJSON_Delete(by);
    }
    /* counties gathered under other teaching-point rules: their basic
     * composites side by side do not compare (second review of session 13) */
    {
        const cJSON *e, *first = cJSON_GetArrayItem(list, 0);
        bool differ = false;
        cJSON_ArrayForEach(e, list)
        {
            const char *a = cJSON_GetStringValue(stats_json_path(first, "basic_teaching_points"));
            const char *b = cJSON_GetStringValue(stats_json_path(e, "basic_teaching_points"));
            if (!a || !b || strcmp(a, b) ||
                !cJSON_Compare(stats_json_path(first, "min_teaching_point"), stats_json_path(e, "min_teaching_point"),
                               true))
                differ = true;
        }
        cJSON_AddBoolToObject(doc, "rules_differ", differ);
        if (differ)
            fprintf(stderr, _("junheng province: warning: the counties' statistics were not all computed under the "
                              "same teaching-point rules (see 基本均衡教学点口径 in province.xlsx): their basic "
                              "composites do not compare; gather them again with one --basic-teaching-points and "
                              "--min-teaching-point\n"));
    }
    /* counties computed under other survey rules (a frozen round from before
     * them): their rates do not compare (review r2bureau9, item 4); a
     * summary stored before the rules were recorded compares nothing */
    {
        const cJSON *e, *first = NULL;
        bool differ = false;
        cJSON_ArrayForEach(e, list)
        {
            const cJSON *r = cJSON_GetObjectItem(e, "survey_rules");
            if (!cJSON_IsObject(r)) continue;
            if (!first)
                first = r;
            else if (!cJSON_Compare(first, r, true))
                differ = true;
        }
        cJSON_AddBoolToObject(doc, "survey_rules_differ", differ);
        if (differ)
            fprintf(stderr, _("junheng province: warning: the counties' statistics were not all computed under the "
                              "same survey rules (whether the public's answers count for the county only, whether a "
                              "questionnaire answered 不了解 throughout is valid; see survey_rules in "
                              "province.json): their satisfaction and social recognition rates do not compare; "
                              "gather the open rounds, or rounds closed under the same rules\n"));
    }
    /* The four files go into a temporary folder in dir first, then into
     * place together (jh_place_set): a full disk half-way leaves the older
     * set whole, never a new province.json beside an older workbook. */
    jh_status_t st = jh_mkdir_p(dir, err);
    char *tmp = NULL;
    int tmp_lock = -1, placed = -1;
    if (st == JH_OK) {
        jh_run_dir_sweep(dir, ".junheng-province-", (long long)time(NULL)); /* what killed runs left */
        tmp = jh_sprintf("%s/.junheng-province-XXXXXX", dir);
        if (!mkdtemp(tmp)) {
            st = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot create a temporary folder: %s"), dir,
                            strerror(errno));
            free(tmp);
            tmp = NULL;
        } else {
            jh_run_dir_mark(tmp);
            tmp_lock = jh_dir_lock(tmp); /* in use: another run's sweep leaves it */
        }
    }
    char *json = cJSON_Print(doc);
    jh_buf_t html = {0}, csv = {0};
    if (st == JH_OK) {
        char *p = jh_sprintf("%s/province.json", tmp);
        st = jh_write_file_atomic(p, json, strlen(json), err);
        free(p);
    }
    if (st == JH_OK) {
        write_html(&html, doc, json);
        char *p = jh_sprintf("%s/province.html", tmp);
        st = jh_write_file_atomic(p, html.data, html.len, err);
        free(p);
    }
    if (st == JH_OK) {
        jh_buf_puts(&csv, "\xEF\xBB\xBF");
        for (int k = 0; headers[k]; k++) jh_buf_printf(&csv, "%s%s", k ? "," : "", headers[k]);
        jh_buf_puts(&csv, "\r\n");
        const cJSON *e;
        cJSON_ArrayForEach(e, list)
        {
            char cells[N_COLS][CELL_N];
            row_cells(e, cells);
            for (int k = 0; k < N_COLS; k++) stats_csv_cell(&csv, cells[k], k == 0);
            jh_buf_puts(&csv, "\r\n");
        }
        char *p = jh_sprintf("%s/province.csv", tmp);
        st = jh_write_file_atomic(p, csv.data, csv.len, err);
        free(p);
    }
    if (st == JH_OK) {
        char *p = jh_sprintf("%s/province.xlsx", tmp);
        st = write_xlsx(p, doc, err);
        free(p);
    }
    if (st != JH_OK && tmp) jh_err_show_target(err, tmp, dir); /* (a file as it would be named in dir) */
    if (st == JH_OK) {
        jh_placed_t set[] = {{.name = "province.json", .made = true},
                             {.name = "province.html", .made = true},
                             {.name = "province.csv", .made = true},
                             {.name = "province.xlsx", .made = true}};
        placed = jh_place_set(dir, tmp, set, 4, err);
        if (placed != 0) st = err->status != JH_OK ? err->status : JH_ERR_IO;
    }
    if (st != JH_OK && tmp && placed != -2) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        jh_err_set(err, st, _("%s (nothing in %s was changed)"), msg, dir);
    }
    if (tmp && placed != -2) jh_rm_tree(tmp); /* (kept when it holds older files not put back: err says so) */
    if (tmp_lock >= 0) close(tmp_lock);
    free(tmp);
    cJSON_free(json);
    jh_buf_free(&html);
    jh_buf_free(&csv);
    cJSON_Delete(doc);
    return st;
}

/* --remove NAME [--round R]: a county's summaries (of round R) removed
 * from the province database; an unknown name lists the stored ones. */
static int remove_county(sqlite3 *pdb, const char *name, const char *round)
{
    sqlite3_stmt *q = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(pdb, "DELETE FROM province_counties WHERE county = ?1 AND (?2 IS NULL OR round = ?2)", -1,
                           &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        if (round) sqlite3_bind_text(q, 2, round, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_DONE) n = sqlite3_changes(pdb);
    }
    sqlite3_finalize(q);
    if (n < 0) {
        fprintf(stderr, _("junheng province: province database: %s\n"), sqlite3_errmsg(pdb));
        return CLI_FAILED;
    }
    if (n > 0) {
        if (round)
            printf(_("province: county %s removed from round %s\n"), cli_esc(name), round[0] ? cli_esc(round) : _("(no rounds)"));
        else
            printf(P_("province: county %s removed (%d round)\n", "province: county %s removed (%d rounds)\n", n),
                   cli_esc(name), n);
        return CLI_OK;
    }
    jh_buf_t l = {0};
    q = NULL;
    if (sqlite3_prepare_v2(pdb,
                           "SELECT county, group_concat(CASE round WHEN '' THEN ?1 ELSE round END, ' ') FROM "
                           "(SELECT county, round FROM province_counties ORDER BY county, round) GROUP BY county",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, _("(no rounds)"), -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW)
            jh_buf_printf(&l, "%s%s (%s)", l.len ? ", " : "", cli_esc((const char *)sqlite3_column_text(q, 0)),
                          (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    if (round)
        fprintf(stderr, _("junheng province: no county '%s' of round %s in the province database; it holds: %s\n"),
                cli_esc(name), round[0] ? cli_esc(round) : _("(no rounds)"), l.data ? l.data : _("no county yet"));
    else
        fprintf(stderr, _("junheng province: no county '%s' in the province database; it holds: %s\n"),
                cli_esc(name), l.data ? l.data : _("no county yet"));
    jh_buf_free(&l);
    return CLI_REJECTED;
}

/* The rounds the province database holds, listed into l ("" named). */
static void rounds_held(sqlite3 *pdb, jh_buf_t *l)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(pdb, "SELECT DISTINCT round FROM province_counties ORDER BY round", -1, &q, NULL) ==
        SQLITE_OK)
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(q, 0);
            jh_buf_printf(l, "%s%s", l->len ? _(", ") : "", r[0] ? cli_esc(r) : _("(no rounds)"));
        }
    sqlite3_finalize(q);
}

/* Whether the province database holds a county of round r. */
static bool round_held(sqlite3 *pdb, const char *r)
{
    sqlite3_stmt *q = NULL;
    bool held = false;
    if (sqlite3_prepare_v2(pdb, "SELECT 1 FROM province_counties WHERE round = ? LIMIT 1", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, r, -1, SQLITE_STATIC);
        held = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return held;
}

int cmd_province(int argc, char **argv)
{
    const char *db = NULL, *round = NULL, *outdir = NULL, *remove = NULL;
    const char **counties = jh_xcalloc((size_t)argc + 1, sizeof *counties);
    int n_counties = 0;
    stats_opts_t o = stats_opts_default();
    const char *stats_given[CLI_N_STATS_OPTS] = {NULL}; /* (each taken once) */
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        int orc;
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--db")       ? &db
                            : !strcmp(a, "--round")  ? &round
                            : !strcmp(a, "--out")    ? &outdir
                            : !strcmp(a, "--remove") ? &remove
                                                     : NULL;
        if (opts_done || a[0] != '-' || !a[1]) {
            counties[n_counties++] = a;
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(counties);
            return CLI_OK;
        } else if (slot) {
            if (!cli_take_value("province", argc, argv, &i, slot)) {
                free(counties);
                return CLI_USAGE;
            }
        } else if ((orc = cli_stats_option("province", a, next, &o, stats_given)) >= 0) {
            if (orc != CLI_OK) {
                free(counties);
                return orc;
            }
            i++;
        } else {
            fprintf(stderr, _("junheng province: unknown or incomplete option '%s'\n"), cli_esc(a));
            usage(stderr);
            free(counties);
            return CLI_USAGE;
        }
    }
    if (!db || (!n_counties && !outdir && !remove)) {
        usage(stderr);
        free(counties);
        return CLI_USAGE;
    }
    if (!outdir) cli_output_is_product(); /* the comparison is printed only */
    o.now_ms = jh_now_ms();
    sqlite3 *pdb = NULL;
    jh_err_t err = {0};
    int rc = CLI_OK, failed = 0;
    char last_round[64] = "";
    seen_t *seen = jh_xcalloc((size_t)n_counties + 1, sizeof *seen);
    int n_seen = 0, n_added = 0;
    const char **added = jh_xcalloc((size_t)n_counties + 1, sizeof *added);
    char (*added_round)[64] = jh_xcalloc((size_t)n_counties + 1, sizeof *added_round);
    char (*added_name)[64] = jh_xcalloc((size_t)n_counties + 1, sizeof *added_name);
    bool rounds_differ = false;
    if (jh_db_path_check(db, &err) != JH_OK) {
        fprintf(stderr, _("junheng province: %s\n"), cli_esc(err.msg));
        rc = CLI_FAILED;
        goto out;
    }
    if (sqlite3_open(db, &pdb) != SQLITE_OK) {
        fprintf(stderr, _("junheng province: %s: %s\n"), cli_esc(db), pdb ? sqlite3_errmsg(pdb) : _("cannot open"));
        rc = CLI_FAILED;
        goto out;
    }
    if (!is_province_db(pdb)) {
        fprintf(stderr,
                _("junheng province: %s is not a province database (a county database or another "
                  "file?); give a new file name or the province database made before\n"),
                cli_esc(db));
        rc = CLI_USAGE;
        goto out;
    }
    if (sqlite3_exec(pdb, province_schema, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, _("junheng province: %s: %s (give a province database, not a county one)\n"),
                cli_esc(db), sqlite3_errmsg(pdb));
        rc = CLI_FAILED;
        goto out;
    }
    /* An open round is computed here, with this run's minimum group: a
     * county that published with a larger --min-group would see schools it
     * hid published (review rprivacy).  Its choice is not stored in its
     * database, so say so: the same --min-group, or a closed round (whose
     * frozen statistics keep the county's). */
    if (n_counties && !round)
        fprintf(stderr,
                _("junheng province: no --round: the open round's satisfaction is computed here with minimum "
                  "group %d; if a county published with a larger --min-group, run again with that --min-group, "
                  "or take a closed round with --round (its frozen statistics keep the county's)\n"),
                o.min_group);
    /* one transaction for all counties: one sync, not one per county */
    sqlite3_exec(pdb, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (remove && (rc = remove_county(pdb, remove, round)) != CLI_OK) {
        sqlite3_exec(pdb, "ROLLBACK", NULL, NULL, NULL);
        goto out;
    }
    for (int i = 0; i < n_counties; i++) {
        char county[64], rname[64];
        jh_status_t st = gather(pdb, counties[i], round, &o, county, sizeof county, rname, sizeof rname, seen,
                                &n_seen, &err);
        if (st != JH_OK) {
            fprintf(stderr, _("junheng province: %s\n"), cli_esc(err.msg));
            failed++;
            continue;
        }
        if (n_added && strcmp(last_round, rname)) rounds_differ = true;
        snprintf(last_round, sizeof last_round, "%s", rname);
        snprintf(added_round[n_added], sizeof added_round[n_added], "%s", rname);
        snprintf(added_name[n_added], sizeof added_name[n_added], "%s", county);
        added[n_added++] = counties[i];
        printf(_("province: %s (%s) round %s added\n"), cli_esc(county), cli_esc(counties[i]),
               rname[0] ? cli_esc(rname) : _("(no rounds)"));
    }
    if (sqlite3_exec(pdb, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, _("junheng province: %s: %s\n"), cli_esc(db), sqlite3_errmsg(pdb));
        rc = CLI_FAILED;
        goto out;
    }
    /* Counties of different rounds (no --round): none is dropped from the
     * comparison unsaid; each is named with its round, nothing written. */
    if (rounds_differ) {
        fprintf(stderr, _("junheng province: the counties are at different rounds:\n"));
        for (int i = 0; i < n_added; i++)
            fprintf(stderr, "  %s (%s): %s\n", cli_esc(added_name[i]), cli_esc(added[i]),
                    added_round[i][0] ? cli_esc(added_round[i]) : _("(no rounds)"));
        fprintf(stderr, _("junheng province: their summaries are stored, but no comparison was written%s: give "
                          "--round NAME to compare one round (a county's open round of that name is computed, a "
                          "closed one is taken as it was frozen, and a county that never opened a round is taken "
                          "as it is now), or ask a county to open the round (`junheng round --db FILE --open "
                          "NAME --since YYYY-MM-DD`, the day its survey of that round began)\n"),
                outdir ? _(" (the folder given to --out is unchanged)") : "");
        rc = CLI_REJECTED;
        goto out;
    }
    /* Counties given but none added (each refused): the outputs are left
     * as they are (an empty comparison would replace good ones); a --round
     * the province database does not hold: refused, naming the rounds it
     * holds, nothing written (review r2prov). */
    if (outdir && ((n_counties && !n_added) || (round && !round_held(pdb, round)))) {
        jh_buf_t l = {0};
        rounds_held(pdb, &l);
        if (n_counties && !n_added)
            fprintf(stderr,
                    _("junheng province: no county was added, so nothing in %s was written (%s holds: %s)\n"),
                    cli_esc(outdir), cli_esc(db), l.data ? l.data : _("no county yet"));
        else
            fprintf(stderr,
                    _("junheng province: %s holds no county of round %s (it holds: %s); nothing in %s was "
                      "written\n"),
                    cli_esc(db), round[0] ? cli_esc(round) : _("(no rounds)"), l.data ? l.data : _("no county yet"),
                    cli_esc(outdir));
        jh_buf_free(&l);
        rc = CLI_REJECTED;
        goto out;
    }
    /* Only the province database (no counties, no --round): the round it
     * holds; several: named, and --round asked for. */
    if (outdir && !round && !n_counties) {
        sqlite3_stmt *q = NULL;
        jh_buf_t l = {0};
        int k = 0;
        if (sqlite3_prepare_v2(pdb, "SELECT DISTINCT round FROM province_counties ORDER BY round", -1, &q, NULL) ==
            SQLITE_OK)
            while (sqlite3_step(q) == SQLITE_ROW) {
                const char *r = (const char *)sqlite3_column_text(q, 0);
                if (!k++) snprintf(last_round, sizeof last_round, "%s", r);
                jh_buf_printf(&l, "%s%s", l.len ? _(", ") : "", r[0] ? cli_esc(r) : _("(no rounds)"));
            }
        sqlite3_finalize(q);
        if (k != 1) {
            if (k == 0)
                fprintf(stderr, _("junheng province: %s holds no county yet: give the county databases to add\n"),
                        cli_esc(db));
            else
                fprintf(stderr,
                        _("junheng province: %s holds the rounds %s: give --round NAME to write one of them "
                          "(nothing was written)\n"),
                        cli_esc(db), l.data);
            jh_buf_free(&l);
            rc = CLI_USAGE;
            goto out;
        }
        jh_buf_free(&l);
    }
    if (outdir) {
        int n = 0;
        const char *r = round ? round : last_round;
        if (write_outputs(pdb, r, outdir, &n, &err) != JH_OK) {
            fprintf(stderr, _("junheng province: %s\n"), cli_esc(err.msg));
            rc = CLI_FAILED;
            goto out;
        }
        printf(P_("province: %d county of round %s written to %s/province.html, province.xlsx, "
                  "province.csv, province.json\n",
                  "province: %d counties of round %s written to %s/province.html, province.xlsx, "
                  "province.csv, province.json\n",
                  n),
               n, r[0] ? cli_esc(r) : _("(no rounds)"), cli_esc(outdir));
    }
    if (failed) rc = CLI_REJECTED;
out:
    sqlite3_close(pdb);
    for (int i = 0; i < n_seen; i++) free(seen[i].real);
    free(seen);
    free(added);
    free(added_round);
    free(added_name);
    free(counties);
    return rc;
}
