/* test_stats.c - unit tests of the balance arithmetic (weighted CV, Wilson,
 * Newcombe, splitting, indicators, compliance, shortfalls), of the
 * school-register CSV reader and of the census's read-ahead VFS.  Expected
 * values were computed by hand (and checked with a separate Python script),
 * never with the code under test. */
#include <cjson/cJSON.h>
#include <float.h>
#include <limits.h>
#include <iconv.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include <sqlite3.h>
#include <unistd.h>

#include "check.h"
#include "json_arena.h"
#include "readahead.h"
#include "schools.h"
#include "stats.h"

static void test_cv_vector(void)
{
    /* balance-rules.md §1 test vector. */
    double x[] = {5.0, 2.0, 10.0}, p[] = {1000, 200, 50};
    stats_cv_t cv = stats_weighted_cv(x, p, 3);
    CHECK_INT(3, cv.n);
    CHECK_NEAR(1250, cv.total, 1e-9);
    CHECK_NEAR(4.720000, cv.mean, 1e-6);
    CHECK_NEAR(1.536750, cv.sd, 1e-6);
    CHECK_NEAR(0.325583, cv.cv, 1e-6);
    /* Not the unweighted forms. */
    CHECK(fabs(cv.cv - 0.582323) > 0.1);
    CHECK(fabs(cv.cv - 0.713197) > 0.1);
    double share[3];
    stats_cv_shares(x, p, 3, &cv, share);
    CHECK_NEAR(1.0, share[0] + share[1] + share[2], 1e-12);
    /* (1000/1250)(0.28²)/S² = 0.062720/2.361600 */
    CHECK_NEAR(0.0265582656, share[0], 1e-9);
    /* The 50-student outlier weighs less than the 200-student school. */
    CHECK(share[1] > share[2] && share[2] > share[0]);
}

static void test_cv_edges(void)
{
    double x[] = {3, NAN, 3, 7}, p[] = {10, 50, 20, 0};
    stats_cv_t cv = stats_weighted_cv(x, p, 4); /* NAN value and zero weight skipped */
    CHECK_INT(2, cv.n);
    CHECK_NEAR(3, cv.mean, 1e-12);
    CHECK_NEAR(0, cv.cv, 1e-12);
    cv = stats_weighted_cv(x, p, 0);
    CHECK_INT(0, cv.n);
    CHECK(isnan(cv.cv));
    double z[] = {0, 0}, q[] = {5, 5};
    cv = stats_weighted_cv(z, q, 2);
    CHECK(isnan(cv.cv)); /* mean 0: no CV */
}

/* A county of five primary-level schools: a primary school, a nine-year
 * school (split 1 : 1.1), a private school and a teaching point of 30
 * (both left out) and a teaching point of 60 (kept). */
static stats_school_t mk_school(const char *code, stats_level_t level, stats_kind_t kind)
{
    stats_school_t s;
    memset(&s, 0, sizeof s);
    snprintf(s.code, sizeof s.code, "%s", code);
    s.level = level;
    s.kind = kind;
    for (int f = 0; f < STATS_F_COUNT; f++) {
        s.whole[f] = NAN;
        for (int p = 0; p < STATS_PART_COUNT; p++) s.part[p][f] = NAN;
    }
    return s;
}

static void test_cv_combined_and_excluded(void)
{
    stats_rules_t rules = stats_rules_default();
    stats_school_t s[5];
    s[0] = mk_school("A", STATS_LEVEL_PRIMARY, STATS_KIND_PUBLIC);
    s[0].whole[STATS_F_ENROLMENT] = 400;
    s[0].whole[STATS_F_BOOKS] = 8000;
    s[0].whole[STATS_F_SPORTS] = 3200;
    s[1] = mk_school("B", STATS_LEVEL_NINE_YEAR, STATS_KIND_PUBLIC);
    s[1].part[STATS_PART_PRIMARY][STATS_F_ENROLMENT] = 300;
    s[1].part[STATS_PART_JUNIOR][STATS_F_ENROLMENT] = 200;
    s[1].whole[STATS_F_BOOKS] = 11000;
    s[1].whole[STATS_F_SPORTS] = 4000;
    s[2] = mk_school("C", STATS_LEVEL_PRIMARY, STATS_KIND_PRIVATE);
    s[2].whole[STATS_F_ENROLMENT] = 600;
    s[2].whole[STATS_F_BOOKS] = 3000;
    s[2].whole[STATS_F_SPORTS] = 600;
    s[3] = mk_school("D", STATS_LEVEL_PRIMARY, STATS_KIND_TEACHING_POINT);
    s[3].whole[STATS_F_ENROLMENT] = 30;
    s[3].whole[STATS_F_BOOKS] = 100;
    s[3].whole[STATS_F_SPORTS] = 50;
    s[4] = mk_school("E", STATS_LEVEL_PRIMARY, STATS_KIND_TEACHING_POINT);
    s[4].whole[STATS_F_ENROLMENT] = 60;
    s[4].whole[STATS_F_BOOKS] = 900;
    s[4].whole[STATS_F_SPORTS] = 300;

    CHECK(stats_school_exclusion(&s[0], &rules) == NULL);
    CHECK(stats_school_exclusion(&s[1], &rules) == NULL);
    CHECK_CONTAINS("private", stats_school_exclusion(&s[2], &rules));
    CHECK_CONTAINS("teaching point", stats_school_exclusion(&s[3], &rules));
    CHECK(stats_school_exclusion(&s[4], &rules) == NULL);

    stats_unit_t u[2];
    CHECK_INT(2, stats_split_school(&s[1], &rules, u));
    CHECK_INT(STATS_PART_PRIMARY, u[0].part);
    CHECK_INT(STATS_PART_JUNIOR, u[1].part);
    CHECK_NEAR(300.0 / 520.0, u[0].weight_share, 1e-12);
    CHECK_NEAR(220.0 / 520.0, u[1].weight_share, 1e-12);
    const stats_indicator_t *books = stats_basic_indicator(4);
    CHECK_STR("B5", books->code);
    CHECK_NEAR(21.153846, stats_indicator_value(books, &u[0]), 1e-6);
    CHECK_NEAR(23.269231, stats_indicator_value(books, &u[1]), 1e-6);

    /* Primary-level CV over the included units. */
    double x[8], p[8];
    int n = 0;
    for (int i = 0; i < 5; i++) {
        if (stats_school_exclusion(&s[i], &rules)) continue;
        stats_unit_t us[2];
        int k = stats_split_school(&s[i], &rules, us);
        for (int j = 0; j < k; j++) {
            if (us[j].part != STATS_PART_PRIMARY) continue;
            x[n] = stats_indicator_value(books, &us[j]);
            p[n] = us[j].enrolment;
            n++;
        }
    }
    CHECK_INT(3, n);
    stats_cv_t cv = stats_weighted_cv(x, p, n);
    CHECK_NEAR(760, cv.total, 1e-9);
    CHECK_NEAR(20.060729, cv.mean, 1e-6);
    CHECK_NEAR(1.579726, cv.sd, 1e-6);
    CHECK_NEAR(0.078747, cv.cv, 1e-6);

    const stats_indicator_t *sports = stats_quality_indicator(4);
    n = 0;
    for (int i = 0; i < 5; i++) {
        if (stats_school_exclusion(&s[i], &rules)) continue;
        stats_unit_t us[2];
        stats_split_school(&s[i], &rules, us);
        x[n] = stats_indicator_value(sports, &us[0]);
        p[n] = us[0].enrolment;
        n++;
    }
    cv = stats_weighted_cv(x, p, n);
    CHECK_NEAR(7.641700, cv.mean, 1e-6);
    CHECK_NEAR(0.103000, cv.cv, 1e-6);
}

static void test_split_levels(void)
{
    stats_rules_t rules = stats_rules_default();
    /* Complete middle school: junior : senior = 1 : 1.2; the senior part
     * takes its share of shared resources but is not a unit. */
    stats_school_t s = mk_school("M", STATS_LEVEL_COMPLETE_MIDDLE, STATS_KIND_PUBLIC);
    s.part[STATS_PART_JUNIOR][STATS_F_ENROLMENT] = 600;
    s.part[STATS_PART_SENIOR][STATS_F_ENROLMENT] = 500;
    s.whole[STATS_F_FLOOR] = 9000;
    s.part[STATS_PART_JUNIOR][STATS_F_TEACHERS] = 50; /* given per level: used as is */
    s.whole[STATS_F_TEACHERS] = 120;
    stats_unit_t u[2];
    CHECK_INT(1, stats_split_school(&s, &rules, u));
    CHECK_INT(STATS_PART_JUNIOR, u[0].part);
    /* 600·1.1 = 660, 500·1.32 = 660 → half each */
    CHECK_NEAR(0.5, u[0].weight_share, 1e-12);
    CHECK_NEAR(4500, u[0].v[STATS_F_FLOOR], 1e-9);
    CHECK_NEAR(50, u[0].v[STATS_F_TEACHERS], 1e-12);
    /* Twelve-year: 1 : 1.1 : 1.32. */
    s = mk_school("T", STATS_LEVEL_TWELVE_YEAR, STATS_KIND_PUBLIC);
    s.part[STATS_PART_PRIMARY][STATS_F_ENROLMENT] = 100;
    s.part[STATS_PART_JUNIOR][STATS_F_ENROLMENT] = 100;
    s.part[STATS_PART_SENIOR][STATS_F_ENROLMENT] = 100;
    s.whole[STATS_F_BOOKS] = 3420;
    CHECK_INT(2, stats_split_school(&s, &rules, u));
    CHECK_NEAR(1000, u[0].v[STATS_F_BOOKS], 1e-9);
    CHECK_NEAR(1100, u[1].v[STATS_F_BOOKS], 1e-9);
    /* Degree breakdown and the qualification baseline. */
    s = mk_school("N", STATS_LEVEL_NINE_YEAR, STATS_KIND_PUBLIC);
    s.part[STATS_PART_PRIMARY][STATS_F_ENROLMENT] = 110;
    s.part[STATS_PART_JUNIOR][STATS_F_ENROLMENT] = 100;
    s.part[STATS_PART_PRIMARY][STATS_F_DEG_COLLEGE] = 4;
    s.part[STATS_PART_PRIMARY][STATS_F_DEG_BACHELOR] = 3;
    s.part[STATS_PART_PRIMARY][STATS_F_DEG_POSTGRAD] = 1;
    s.part[STATS_PART_JUNIOR][STATS_F_DEG_COLLEGE] = 2;
    s.part[STATS_PART_JUNIOR][STATS_F_DEG_BACHELOR] = 5;
    s.part[STATS_PART_JUNIOR][STATS_F_DEG_POSTGRAD] = 2;
    s.whole[STATS_F_ABOVE_QUAL] = 999; /* ignored when the breakdown is given */
    stats_split_school(&s, &rules, u);
    CHECK_NEAR(8, u[0].v[STATS_F_ABOVE_QUAL], 1e-12); /* 大专 and higher */
    CHECK_NEAR(7, u[1].v[STATS_F_ABOVE_QUAL], 1e-12); /* 本科 and higher */
    rules.qual_primary = STATS_DEG_BACHELOR;
    rules.qual_junior = STATS_DEG_POSTGRAD;
    stats_split_school(&s, &rules, u);
    CHECK_NEAR(4, u[0].v[STATS_F_ABOVE_QUAL], 1e-12);
    CHECK_NEAR(2, u[1].v[STATS_F_ABOVE_QUAL], 1e-12);
    /* A teaching point at exactly the minimum is kept; the minimum is a rule input. */
    rules = stats_rules_default();
    s = mk_school("P", STATS_LEVEL_PRIMARY, STATS_KIND_TEACHING_POINT);
    s.whole[STATS_F_ENROLMENT] = 50;
    CHECK(stats_school_exclusion(&s, &rules) == NULL);
    rules.min_teaching_point = 100;
    CHECK(stats_school_exclusion(&s, &rules) != NULL);
    s.kind = STATS_KIND_SPECIAL;
    CHECK_CONTAINS("special-education", stats_school_exclusion(&s, &rules));
    s.kind = STATS_KIND_VOCATIONAL;
    CHECK_CONTAINS("vocational", stats_school_exclusion(&s, &rules));
    /* balance-rules §2: the basic set leaves out every teaching point under
     * the 2012 rules (the default) and schools not run by the county; the
     * quality set keeps both (§1 lists neither a teaching point of 50 or
     * more nor a school not run by the county). */
    rules = stats_rules_default();
    CHECK_INT(STATS_BASIC_TP_ALL, rules.basic_teaching_points);
    s = mk_school("T", STATS_LEVEL_PRIMARY, STATS_KIND_TEACHING_POINT);
    s.whole[STATS_F_ENROLMENT] = 124;
    CHECK(stats_school_exclusion_in(&s, &rules, STATS_SET_QUALITY) == NULL);
    CHECK(stats_school_exclusion(&s, &rules) == NULL);
    CHECK_CONTAINS("2012", stats_school_exclusion_in(&s, &rules, STATS_SET_BASIC));
    CHECK_CONTAINS("小学教学点", stats_school_exclusion_in_zh(&s, &rules, STATS_SET_BASIC));
    rules.basic_teaching_points = STATS_BASIC_TP_THRESHOLD;
    CHECK(stats_school_exclusion_in(&s, &rules, STATS_SET_BASIC) == NULL);
    s.whole[STATS_F_ENROLMENT] = 49;
    CHECK_CONTAINS("fewer than the minimum", stats_school_exclusion_in(&s, &rules, STATS_SET_BASIC));
    CHECK_CONTAINS("fewer than the minimum", stats_school_exclusion_in(&s, &rules, STATS_SET_QUALITY));
    s = mk_school("U", STATS_LEVEL_NINE_YEAR, STATS_KIND_NON_COUNTY);
    s.whole[STATS_F_ENROLMENT] = 900;
    for (int set = 0; set < 2; set++) {
        rules.basic_teaching_points = set ? STATS_BASIC_TP_ALL : STATS_BASIC_TP_THRESHOLD;
        CHECK(stats_school_exclusion_in(&s, &rules, STATS_SET_QUALITY) == NULL);
        CHECK_CONTAINS("not run by the county", stats_school_exclusion_in(&s, &rules, STATS_SET_BASIC));
        CHECK_STR("非县属学校（基本均衡不计）", stats_school_exclusion_in_zh(&s, &rules, STATS_SET_BASIC));
    }
    /* out of the quality set is out of the basic set too */
    s.kind = STATS_KIND_PRIVATE;
    CHECK_CONTAINS("private", stats_school_exclusion_in(&s, &rules, STATS_SET_BASIC));
    stats_basic_tp_t tp;
    CHECK(stats_basic_tp_parse("threshold", &tp) && tp == STATS_BASIC_TP_THRESHOLD);
    CHECK(stats_basic_tp_parse("2012", &tp) && tp == STATS_BASIC_TP_ALL);
    CHECK(!stats_basic_tp_parse("2017", &tp));
    CHECK_STR("all", stats_basic_tp_code(STATS_BASIC_TP_ALL));
}

static stats_unit_t mk_unit(stats_part_t part, double enrol, const double q[7])
{
    stats_unit_t u;
    memset(&u, 0, sizeof u);
    u.part = part;
    u.enrolment = enrol;
    for (int f = 0; f < STATS_F_COUNT; f++) {
        u.v[f] = NAN;
        u.share[f] = 1;
    }
    u.v[STATS_F_ENROLMENT] = enrol;
    for (int i = 0; i < 7; i++) u.v[stats_quality_indicator(i)->field] = q[i];
    return u;
}

static void test_compliance(void)
{
    /* 500 primary students: L1 21 → 4.2 (exactly the standard), L3 4 → 0.8
     * (89 % of 0.9): six met, the seventh above 85 % → pass. */
    double q[7] = {21, 5, 4, 2250, 3750, 1000000, 12};
    stats_unit_t u = mk_unit(STATS_PART_PRIMARY, 500, q);
    stats_compliance_t c = stats_unit_compliance(&u);
    CHECK_INT(6, c.met);
    CHECK(c.pass);
    CHECK(!c.meets[2]);
    CHECK_NEAR(0.8 / 0.9, c.ratio[2], 1e-12);
    CHECK_NEAR(0, stats_unit_shortfall(&u, 0), 1e-12);
    CHECK_NEAR(1, stats_unit_shortfall(&u, 2), 1e-12); /* 0.9·500/100 = 4.5 → 1 more */
    /* The seventh below 85 %: fail. */
    u.v[STATS_F_PE_ART] = 3;
    c = stats_unit_compliance(&u);
    CHECK(!c.pass);
    CHECK_NEAR(2, stats_unit_shortfall(&u, 2), 1e-12);
    /* Exactly 85 % counts (4.2 × 0.85 = 3.57). */
    u.v[STATS_F_PE_ART] = 5;
    u.v[STATS_F_ABOVE_QUAL] = 17.85;
    c = stats_unit_compliance(&u);
    CHECK_INT(6, c.met);
    CHECK(c.pass);
    /* Two unmet, both above 85 %: fail. */
    u.v[STATS_F_PE_ART] = 4;
    c = stats_unit_compliance(&u);
    CHECK_INT(5, c.met);
    CHECK(!c.pass);
    /* Junior standards are higher: 5.3 for L1. */
    double j[7] = {26, 5, 5, 2900, 5100, 1250000, 12};
    u = mk_unit(STATS_PART_JUNIOR, 500, j);
    c = stats_unit_compliance(&u);
    CHECK(!c.meets[0]); /* 5.2 < 5.3 */
    CHECK_INT(6, c.met);
    CHECK(c.pass);
    CHECK_NEAR(1, stats_unit_shortfall(&u, 0), 1e-12); /* 26.5 needed → 1 more */
    /* A missing count fails the school and has no shortfall. */
    u.v[STATS_F_MULTIMEDIA] = NAN;
    c = stats_unit_compliance(&u);
    CHECK_INT(1, c.missing);
    CHECK(!c.pass);
    CHECK(isnan(stats_unit_shortfall(&u, 6)));
    CHECK_NEAR(0.50, stats_quality_cv_limit(STATS_PART_PRIMARY), 0);
    CHECK_NEAR(0.45, stats_quality_cv_limit(STATS_PART_JUNIOR), 0);
    CHECK_NEAR(0.65, stats_basic_cv_limit(STATS_PART_PRIMARY), 0);
    CHECK_NEAR(0.55, stats_basic_cv_limit(STATS_PART_JUNIOR), 0);
}

static void test_shortfall_shared(void)
{
    /* Nine-year school 300 + 200 students, 3,600 m² of sports area shared:
     * the primary part gets 3600·300/520 = 2076.9 m² = 6.92 per student <
     * 7.5.  It needs 2250 − 2076.9 = 173.1 m² more, which the whole school
     * must add divided by the primary share: 300 m². */
    stats_rules_t rules = stats_rules_default();
    stats_school_t s = mk_school("B", STATS_LEVEL_NINE_YEAR, STATS_KIND_PUBLIC);
    s.part[STATS_PART_PRIMARY][STATS_F_ENROLMENT] = 300;
    s.part[STATS_PART_JUNIOR][STATS_F_ENROLMENT] = 200;
    s.whole[STATS_F_SPORTS] = 3600;
    stats_unit_t u[2];
    stats_split_school(&s, &rules, u);
    CHECK_NEAR(300, stats_unit_shortfall(&u[0], 4), 1e-9);
    /* Single-level school: 400 students, 2,500 m² → 500 m² more. */
    s = mk_school("A", STATS_LEVEL_PRIMARY, STATS_KIND_PUBLIC);
    s.whole[STATS_F_ENROLMENT] = 400;
    s.whole[STATS_F_SPORTS] = 2500;
    s.whole[STATS_F_EQUIPMENT] = 700000.5;
    stats_split_school(&s, &rules, u);
    CHECK_NEAR(500, stats_unit_shortfall(&u[0], 4), 1e-9);
    CHECK_NEAR(100000, stats_unit_shortfall(&u[0], 5), 1e-9); /* 99,999.5 rounded up */
    char buf[64];
    stats_format_amount(1240, 0, buf, sizeof buf);
    CHECK_STR("1,240", buf);
    stats_format_amount(1234567.25, 1, buf, sizeof buf);
    CHECK_STR("1,234,567.2", buf);
    stats_format_amount(999, 0, buf, sizeof buf);
    CHECK_STR("999", buf);
    stats_format_amount(-5000, 0, buf, sizeof buf);
    CHECK_STR("-5,000", buf);
    /* the evaluation's texts (review r2book item 4: 98600, 1428.57, 2311) */
    static const char *const grouped[][2] = {{"98600", "98,600"},   {"1428.57", "1,428.57"}, {"-2311", "-2,311"},
                                             {"2000", "2,000"},     {"999", "999"},          {"0.45", "0.45"},
                                             {"1234567.5", "1,234,567.5"}, {"1e+20", "1e+20"}, {"nan", "nan"}};
    for (size_t i = 0; i < sizeof grouped / sizeof grouped[0]; i++) {
        snprintf(buf, sizeof buf, "%s", grouped[i][0]);
        stats_group_thousands(buf, sizeof buf);
        CHECK_STR(grouped[i][1], buf);
    }
    char small[6] = "98600"; /* no room for the comma: unchanged */
    stats_group_thousands(small, sizeof small);
    CHECK_STR("98600", small);
}

static void test_wilson(void)
{
    stats_ci_t ci = stats_wilson(81, 100, STATS_Z95);
    CHECK_NEAR(0.81, ci.p, 1e-12);
    CHECK_NEAR(0.722212, ci.lo, 1e-6);
    CHECK_NEAR(0.874852, ci.hi, 1e-6);
    ci = stats_wilson(0, 10, STATS_Z95);
    CHECK_NEAR(0, ci.lo, 1e-12);
    CHECK_NEAR(0.277533, ci.hi, 1e-6);
    ci = stats_wilson(10, 10, STATS_Z95);
    CHECK_NEAR(0.722467, ci.lo, 1e-6);
    CHECK_NEAR(1, ci.hi, 1e-12);
    ci = stats_wilson(0, 0, STATS_Z95);
    CHECK(isnan(ci.p));
    /* Newcombe (1998) example: 56/70 − 48/80 = 0.2, CI 0.0524 to 0.3339. */
    ci = stats_diff_ci(56, 70, 48, 80, STATS_Z95);
    CHECK_NEAR(0.2, ci.p, 1e-12);
    CHECK_NEAR(0.052431, ci.lo, 1e-6);
    CHECK_NEAR(0.333873, ci.hi, 1e-6);
}

static void test_names(void)
{
    stats_level_t l;
    CHECK(stats_level_parse("九年一贯制", &l) && l == STATS_LEVEL_NINE_YEAR);
    CHECK(stats_level_parse("nine-year", &l) && l == STATS_LEVEL_NINE_YEAR);
    CHECK(stats_level_parse("Junior", &l) && l == STATS_LEVEL_JUNIOR);
    CHECK(!stats_level_parse("高中", &l));
    stats_locality_t loc;
    CHECK(stats_locality_parse("农村", &loc) && loc == STATS_LOC_RURAL);
    CHECK(stats_locality_parse("镇区", &loc) && loc == STATS_LOC_TOWN);
    stats_kind_t k;
    CHECK(stats_kind_parse("教学点", &k) && k == STATS_KIND_TEACHING_POINT);
    CHECK(stats_kind_parse("teaching-point", &k) && k == STATS_KIND_TEACHING_POINT);
    CHECK(stats_kind_parse("非县属学校", &k) && k == STATS_KIND_NON_COUNTY);
    CHECK(stats_kind_parse("non-county", &k) && k == STATS_KIND_NON_COUNTY);
    CHECK_STR("non_county", stats_kind_code(STATS_KIND_NON_COUNTY));
    CHECK(!stats_kind_parse("公立", &k));
}

/* ---- register CSV ------------------------------------------------------- */

static const char *HEADER_EN =
    "code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,"
    "teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,"
    "floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books\n";

static int read_csv(const char *text, stats_school_t **out, jh_buf_t *errors, jh_buf_t *warn,
                    jh_err_t *err)
{
    int n = 0;
    jh_status_t st = schools_read_text("schools.csv", text, strlen(text), out, &n, errors, warn, err);
    return st == JH_OK ? n : -1;
}

static void test_csv_ok(void)
{
    jh_buf_t t = {0}, errors = {0}, warn = {0};
    jh_buf_puts(&t, "\xEF\xBB\xBF");
    jh_buf_puts(&t,
                "学校代码,学校名称,学段,城乡类别,办学类型,在校生数,小学在校生数,初中在校生数,"
                "专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,"
                "体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,"
                "网络多媒体教室数,计算机台数,图书册数\r\n");
    jh_buf_puts(&t, "3601001,\"城关一小, 东校区\",小学,城区,公办,1200,,,66,60,40,14,12,"
                    "6000.5,9000,\"2,600,000\",30,150,30000\r\n");
    jh_buf_puts(&t, "\r\n"); /* blank line ignored */
    jh_buf_puts(&t, "3601002,\"石桥\"\"九年制\"\"学校\",九年一贯制,乡村,,820,500,300,60,50,30,9,8,"
                    "5200,9000,2100000,20,100,\"24000\"\r\n");
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    int n = read_csv(t.data, &s, &errors, &warn, &err);
    CHECK_INT(2, n);
    if (n == 2) {
        CHECK_STR("3601001", s[0].code);
        CHECK_STR("城关一小, 东校区", s[0].name);
        CHECK_INT(STATS_LEVEL_PRIMARY, s[0].level);
        CHECK_INT(STATS_LOC_URBAN, s[0].locality);
        CHECK_NEAR(2600000, s[0].whole[STATS_F_EQUIPMENT], 0);
        CHECK_NEAR(6000.5, s[0].whole[STATS_F_FLOOR], 0);
        CHECK_INT(2, s[0].line);
        CHECK_STR("石桥\"九年制\"学校", s[1].name);
        CHECK_INT(STATS_LEVEL_NINE_YEAR, s[1].level);
        CHECK_INT(STATS_KIND_PUBLIC, s[1].kind);
        CHECK_NEAR(500, s[1].part[STATS_PART_PRIMARY][STATS_F_ENROLMENT], 0);
        CHECK_INT(4, s[1].line);
    }
    /* 820 ≠ 500 + 300: a warning, not an error. */
    CHECK_STR("schools.csv:4: school 3601002: enrolment 820 differs from the sum of its levels 800 "
              "(数据打架); the levels are used\n",
              warn.data);
    free(s);
    jh_buf_free(&t);
    jh_buf_free(&errors);
    jh_buf_free(&warn);
}

static void test_csv_reported(void)
{
    jh_buf_t t = {0}, errors = {0};
    jh_buf_puts(&t, HEADER_EN);
    t.len--; /* drop the newline: add the reported columns */
    jh_buf_puts(&t, ",reported_L4,B5报告值\n");
    jh_buf_puts(&t, "S1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000,5.0,19.5\n");
    jh_buf_puts(&t, "S2,Two,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000,,x\n");
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    CHECK_INT(-1, read_csv(t.data, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:3: column 'reported_B5' (B5报告值): expected a number ≥ 0, got 'x'\n", errors.data);
    jh_buf_free(&errors);
    t.data[t.len - 2] = '1'; /* 'x' -> '1' */
    CHECK_INT(2, read_csv(t.data, &s, &errors, NULL, &err));
    if (s) {
        CHECK_NEAR(5.0, s[0].reported[3], 0);  /* L4 */
        CHECK_NEAR(19.5, s[0].reported[11], 0); /* B5 */
        CHECK(isnan(s[1].reported[3]));
        stats_unit_t u[2];
        stats_rules_t r = stats_rules_default();
        stats_split_school(&s[0], &r, u);
        double l4 = stats_indicator_value(stats_reported_indicator(3), &u[0]); /* 1500/300 = 5 */
        double b5 = stats_indicator_value(stats_reported_indicator(11), &u[0]); /* 6000/300 = 20 */
        CHECK(!stats_reported_differs(s[0].reported[3], l4));
        CHECK(stats_reported_differs(s[0].reported[11], b5)); /* 19.5 vs 20: 2.5 % off */
        CHECK(!stats_reported_differs(4.72, 4.7163));         /* rounding */
    }
    free(s);
    jh_buf_free(&t);
    jh_buf_free(&errors);
}

static void test_csv_template_roundtrip(void)
{
    jh_buf_t t = {0};
    schools_template(&t, true);
    CHECK(!strncmp(t.data, "\xEF\xBB\xBF学校代码 (code),学校名称 (name),", strlen("\xEF\xBB\xBF学校代码 (code),学校名称 (name),")));
    CHECK_CONTAINS("小学在校生数（人） (enrolment_primary)", t.data);
    CHECK_CONTAINS("教学仪器设备值（元） (equipment_value)", t.data); /* its unit (review rexcel7 item 3) */
    /* The bilingual header is accepted by the reader: add one row. */
    size_t ncols = 1;
    for (const char *p = t.data; *p; p++) ncols += *p == ',';
    CHECK_INT(20 + STATS_X_COUNT, ncols);
    jh_buf_puts(&t, "X1,Test,primary,town,public,100,,,,8,7,5,1,1,500,800,250000,3,10,2000");
    for (int x = 0; x < STATS_X_COUNT; x++) jh_buf_puts(&t, ",");
    jh_buf_puts(&t, "\r\n");
    jh_buf_t errors = {0};
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    int n = read_csv(t.data, &s, &errors, NULL, &err);
    CHECK_INT(1, n);
    if (errors.data) fprintf(stderr, "%s", errors.data);
    if (n == 1) {
        CHECK_NEAR(8, s[0].whole[STATS_F_TEACHERS], 0);
        CHECK_NEAR(2000, s[0].whole[STATS_F_BOOKS], 0);
    }
    free(s);
    jh_buf_free(&t);
    jh_buf_free(&errors);
}

static void test_csv_errors(void)
{
    jh_buf_t t = {0}, errors = {0};
    jh_buf_puts(&t, HEADER_EN);
    jh_buf_puts(&t, "S1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S2,Two,primary,urban,public,12a,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S3,Three,senior,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S4,Four,junior,city,public,300,,,20,18,10,3,3,1500,2400,-5,7,40,6000\n");
    jh_buf_puts(&t, "S5,Five,nine_year,rural,public,300,200,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S1,Dup,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S7,Seven,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40\n");
    jh_buf_puts(&t, "S8,Eight,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7.5,40,\n");
    jh_buf_puts(&t, "S9,\"Nine\nwith a line break\",primary,urban,mission,300,,,20,18,10,3,3,1500,2400,600000,7,40,1\n");
    jh_buf_puts(&t, "S10,Ten,primary,urban,private,300,,,,,,,,,,,,,\n"); /* private: counts may be blank */
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    CHECK_INT(-1, read_csv(t.data, &s, &errors, NULL, &err));
    CHECK(s == NULL);
    CHECK_INT(JH_ERR_INVALID, err.status);
    CHECK_STR("schools.csv:3: column 'enrolment' (在校生数): expected a whole number ≥ 0, got '12a'", err.msg);
    CHECK_STR(
        "schools.csv:3: column 'enrolment' (在校生数): expected a whole number ≥ 0, got '12a'\n"
        "schools.csv:4: column 'level' (学段): expected primary/小学, junior/初中, nine_year/九年一贯制, "
        "complete_middle/完全中学 or twelve_year/十二年一贯制, got 'senior'\n"
        "schools.csv:5: column 'locality' (城乡类别): expected urban/城区, town/镇区 or rural/乡村, got 'city'\n"
        "schools.csv:5: column 'equipment_value' (教学仪器设备值): expected a number ≥ 0, got '-5'\n"
        "schools.csv:6: column 'enrolment_junior' (初中在校生数): a 九年一贯制 school needs the "
        "enrolment of each level: fill in this column (if the file has none, add a column headed 初中在校生数)\n"
        "schools.csv:7: column 'code' (学校代码): school code 'S1' already appears on line 2\n"
        "schools.csv:8: expected 19 cells as in the header, got 18\n"
        "schools.csv:9: column 'multimedia_classrooms' (网络多媒体教室数): expected a whole number ≥ 0, got '7.5'\n"
        "schools.csv:9: column 'books' (图书册数): value missing\n"
        "schools.csv:10: column 2, column 'name' (学校名称): the name 'Nine\\x0awith a line break' has a line "
        "break inside (换行, in Excel typed with Alt+Enter), which a kiosk cannot hold: delete the line break in the "
        "cell, then save as CSV UTF-8 again\n"
        "schools.csv:10: column 'kind' (办学类型): expected public/公办, private/民办, special/特殊教育学校, "
        "vocational/职业学校, teaching_point/教学点 or non_county/非县属学校, got 'mission'\n",
        errors.data);
    jh_buf_free(&t);
    jh_buf_free(&errors);
}

static void test_csv_header_errors(void)
{
    jh_buf_t errors = {0};
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    CHECK_INT(-1, read_csv("code,name,level,colour,books\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:1: column 4: unknown column name 'colour' (see `junheng template schools`)\n"
              "schools.csv:1: missing column 'locality' (城乡类别)\n",
              errors.data);
    jh_buf_free(&errors);
    CHECK_INT(-1, read_csv("", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv: the file is empty: expected a header row (see `junheng template schools`)", err.msg);
    jh_buf_free(&errors);
    CHECK_INT(-1, read_csv("code,name,level,locality\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv: no schools: the file has a header row only", err.msg);
    jh_buf_free(&errors);
    /* GBK bytes for 城区: read as GBK (review rreg4 item 4), the row is then checked */
    CHECK_INT(-1, read_csv("code,name,level,locality\n1,\xb3\xc7\xc7\xf8,primary,urban\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:2: column 'enrolment' (在校生数): value missing", err.msg);
    jh_buf_free(&errors);
    CHECK_INT(-1, read_csv("code,name,level,locality,学校代码\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:1: column 5: '学校代码' repeats column 1", err.msg);
    jh_buf_free(&errors);
    CHECK_INT(-1, read_csv("code,name,level,locality\nA,\"unterminated,primary,urban\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:2: a quoted cell never ends (missing '\"')", err.msg);
    jh_buf_free(&errors);
}

/* A unit in a header's brackets (review rcli finding 1): the column's own
 * (元, 册, 平方米 ...) is accepted, any other refused with the column and
 * the unit expected: "教学仪器设备值（万元）" was read as 元, 520 万元 as 520
 * 元.  A line break (Alt+Enter) or an ideographic space before the bracket
 * is the same header; control characters in a message are escaped. */
static void test_csv_header_units(void)
{
    static const char *row = "S1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000\n";
    char *t = jh_sprintf("code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,"
                         "teachers_above_qualification,teachers_intermediate_title,backbone_teachers,"
                         "pe_art_teachers,floor_area,sports_area,教学仪器设备值（万元）,multimedia_classrooms,"
                         "computers,books\n%s",
                         row);
    jh_buf_t errors = {0};
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK(s == NULL);
    CHECK_STR("schools.csv:1: column 16, column 'equipment_value' (教学仪器设备值): '教学仪器设备值（万元）' names "
              "'万元' in brackets, which is not the column's unit: the register reads this column in 元 (看单位: "
              "520 万元 would be read as 520 元); give the values in 元 and name the column 教学仪器设备值 or "
              "教学仪器设备值（元）",
              err.msg);
    free(t);
    jh_buf_free(&errors);
    /* the column's own units, Alt+Enter and blanks before the bracket */
    t = jh_sprintf("学校代码(code),学校名称,学段,城乡类别,办学类型,在校生数（人）,小学在校生数,初中在校生数,专任教师数 (人),"
                   "高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,"
                   "教学及辅助用房面积（m²）,体育运动场馆面积(单位：平方米),\"教学仪器设备值\n（元）\","
                   "网络多媒体教室数（间）,\"计算机台数\r\n（台）\",图书册数　（册）\n%s",
                   row);
    CHECK_INT(1, read_csv(t, &s, &errors, NULL, &err));
    if (errors.data) fprintf(stderr, "%s", errors.data);
    if (s) {
        CHECK_NEAR(520000, s[0].whole[STATS_F_EQUIPMENT], 0);
        CHECK_NEAR(6000, s[0].whole[STATS_F_BOOKS], 0);
        CHECK_NEAR(40, s[0].whole[STATS_F_COMPUTERS], 0);
    }
    free(s);
    s = NULL;
    free(t);
    jh_buf_free(&errors);
    /* another unit on two counts (a ratio's own unit is no error); a line break escaped */
    t = jh_sprintf("%s", HEADER_EN);
    t[strlen(t) - 1] = 0;
    char *t2 = jh_sprintf("%s,L4报告值（平方米/生）\n%s", t,
                          "S1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000,5\n");
    char *floor = strstr(t2, "floor_area");
    char *t3 = jh_sprintf("%.*s\"教学及辅助用房面积\n（亩）\"%s", (int)(floor - t2), t2, floor + strlen("floor_area"));
    char *books = strstr(t3, ",books,") + 1;
    char *t4 = jh_sprintf("%.*s图书册数（万册）%s", (int)(books - t3), t3, books + strlen("books"));
    CHECK_INT(-1, read_csv(t4, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:1: column 14, column 'floor_area' (教学及辅助用房面积): '教学及辅助用房面积\\x0a（亩）' "
              "names '亩' in brackets, which is not the column's unit: the register reads this column in 平方米 "
              "(看单位: 520 万元 would be read as 520 元); give the values in 平方米 and name the column "
              "教学及辅助用房面积 or 教学及辅助用房面积（平方米）\n"
              "schools.csv:1: column 19, column 'books' (图书册数): '图书册数（万册）' names '万册' in brackets, which "
              "is not the column's unit: the register reads this column in 册 (看单位: 520 万元 would be read as "
              "520 元); give the values in 册 and name the column 图书册数 or 图书册数（册）\n",
              errors.data ? errors.data : "");
    free(t4);
    free(t3);
    free(t2);
    free(t);
    jh_buf_free(&errors);
    /* an unknown header with a line break: shown escaped */
    CHECK_INT(-1, read_csv("code,name,level,locality,\"colour\n(x)\"\n", &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:1: column 5: unknown column name 'colour\\x0a(x)' (see `junheng template schools`)", err.msg);
    jh_buf_free(&errors);
}

/* Bracket text that is no other unit loads (review r2cli finding 1: the
 * registers that loaded before the unit check were refused): notes
 * (含附设班, 2025年), the answers a yes/no column takes (√/×, 是否, 1/0),
 * compound and English forms of the column's own unit (人/班, 平方米/㎡,
 * yuan, m^2, volumes), "单位: 人" with a blank, a ratio's %.  Only another
 * scale or unit on a count is refused (万元, 亩, %, 10k yuan ...). */
static void test_csv_header_notes(void)
{
    static const char *head =
        "学校代码,学校名称,学段,城乡类别,办学类型,在校生数（含附设班）,小学在校生数（单位: 人）,初中在校生数,"
        "专任教师数（不含代课教师）,高于规定学历教师数（persons）,中级及以上职称教师数（人数）,"
        "县级以上骨干教师数 (people),体育艺术专任教师数,教学及辅助用房面积（平方米/㎡）,sports_area (m^2),"
        "equipment_value (yuan),网络多媒体教室数（rooms）,计算机台数（sets）,books (volumes),"
        "小学最大班额（人/班）,小学班级数（个）,有学校章程（√/×）,管理与教学信息化（是否）,"
        "教师运用信息技术教学（1/0）,年度公用经费（元/年）,最小音乐专用教室面积（sqm）,L4报告值（%）,"
        "B5报告值（％）,L6报告值（元/生）\n";
    static const char *row = "S1,One,primary,urban,public,300,300,,20,18,10,3,3,1500,2400,520000,7,40,6000,45,8,√,是,"
                             "1,90000,60,5,20,1733\n";
    char *t = jh_sprintf("%s%s", head, row);
    jh_buf_t errors = {0}, warn = {0};
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(1, read_csv(t, &s, &errors, &warn, &err));
    if (errors.data) fprintf(stderr, "%s", errors.data);
    CHECK(errors.data == NULL || !errors.data[0]);
    if (s) {
        CHECK_NEAR(300, s[0].whole[STATS_F_ENROLMENT], 0);
        CHECK_NEAR(520000, s[0].whole[STATS_F_EQUIPMENT], 0);
        CHECK_NEAR(1500, s[0].whole[STATS_F_FLOOR], 0);
        CHECK_NEAR(45, s[0].extra[STATS_X_MAXCLASS_PRIMARY], 0);
        CHECK_NEAR(1, s[0].extra[STATS_X_CHARTER], 0);
        CHECK_NEAR(1, s[0].extra[STATS_X_IT_MANAGEMENT], 0);
        CHECK_NEAR(1, s[0].extra[STATS_X_IT_TEACHING], 0);
        CHECK_NEAR(5, s[0].reported[3], 0); /* L4 */
    }
    free(s);
    free(t);
    jh_buf_free(&errors);
    jh_buf_free(&warn);
    /* each note alone on the column it was found on: the header is read */
    static const char *const ok[] = {
        "教学仪器设备值（2025年）", "L4报告值（%）", "在校生数（单位: 人）", "在校生数(单位：人)",
        "教学仪器设备值（单位： 元）", "专任教师数（不含代课教师）", "图书册数（含电子图书）",
        "网络多媒体教室数（千兆）", "equipment_value (yuan)", "floor_area (m2)", "enrolment (students)",
        "equipment_value (yuan, 2025)", "在校生数（人，含附设班）", "教学仪器设备值（千元以上设备另列）",
        "教学仪器设备值 (equipment_value)（元）", "教学仪器设备值（截至2025年底）（元）", "在校生数（含附设班）(人)",
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        char *tt = jh_sprintf("code,name,level,locality,\"%s\"\nS1,One,primary,urban,300\n", ok[k]);
        /* (the row lacks the other counts: only the header matters here) */
        CHECK_INT(-1, read_csv(tt, &s, &errors, NULL, &err));
        CHECK(errors.data && strstr(errors.data, "schools.csv:2: ") && !strstr(errors.data, "schools.csv:1:"));
        if (errors.data && strstr(errors.data, "schools.csv:1:")) fprintf(stderr, "%s: %s", ok[k], errors.data);
        free(s);
        s = NULL;
        free(tt);
        jh_buf_free(&errors);
    }
    /* another scale or unit on a count is refused, naming it */
    static const struct { const char *cell, *named; } bad[] = {
        {"教学仪器设备值（万元）", "'万元'"}, {"equipment_value (千元)", "'千元'"},
        {"教学仪器设备值（单位：万元）", "'单位：万元'"}, {"equipment_value (10k yuan)", "'10k yuan'"},
        {"equipment_value (thousand yuan)", "'thousand yuan'"}, {"教学及辅助用房面积（万平方米）", "'万平方米'"},
        {"教学及辅助用房面积（公顷）", "'公顷'"}, {"体育运动场馆面积（亩）", "'亩'"}, {"sports_area (km²)", "'km²'"},
        {"图书册数（万册）", "'万册'"}, {"在校生数（%）", "'%'"}, {"在校生数（‰）", "'‰'"}, {"在校生数（万人）", "'万人'"},
        {"在校生数（百分比）", "'百分比'"}, {"年度公用经费（万元/年）", "'万元/年'"}, {"计算机台数（百台）", "'百台'"},
        {"在校生数（万）", "'万'"}, {"equipment_value (10,000 yuan)", "'10,000 yuan'"},
        {"教学仪器设备值（1000元）", "'1000元'"},
        /* a unit after the English key or after a note (review rreg4 item 1) */
        {"教学仪器设备值 (equipment_value)（万元）", "'万元'"}, {"教学仪器设备值（截至2025年底）（万元）", "'万元'"},
        {"equipment_value（万元）", "'万元'"}, {"图书册数（含电子图书）(万册)", "'万册'"},
        {"教学及辅助用房面积（平方米）（亩）", "'亩'"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *tt = jh_sprintf("code,name,level,locality,\"%s\"\nS1,One,primary,urban,5\n", bad[k].cell);
        CHECK_INT(-1, read_csv(tt, &s, &errors, NULL, &err));
        char *want = jh_sprintf("names %s in brackets, which is not the column's unit", bad[k].named);
        CHECK(strstr(err.msg, want) != NULL);
        if (!strstr(err.msg, want)) fprintf(stderr, "%s: %s\n", bad[k].cell, err.msg);
        free(want);
        free(s);
        s = NULL;
        free(tt);
        jh_buf_free(&errors);
    }
}

/* 有/无 under a column whose name is itself a negation (无过重课业负担) is
 * ambiguous: 无 was read as 否 and every school failed Q8 (review rreg4
 * item 5).  It is refused asking for 是/否; 是/否 and 有/无 on the other
 * columns load. */
static void test_csv_yes_no_negated(void)
{
    char head[512];
    snprintf(head, sizeof head, "%.*s,无过重课业负担,有学校章程\n", (int)strlen(HEADER_EN) - 1, HEADER_EN);
    static const char *row = "primary,urban,public,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000";
    jh_buf_t errors = {0};
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    char *t = jh_sprintf("%sS1,One,%s,无,有\nS2,Two,%s,有,无\n", head, row, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK(s == NULL);
    const char *e = errors.data ? errors.data : "";
    CHECK(strstr(e, "schools.csv:2: column 'no_excess_burden' (无过重课业负担): '无' is ambiguous under a column "
                    "whose name is a negation") != NULL);
    CHECK(strstr(e, "schools.csv:3: column 'no_excess_burden' (无过重课业负担): '有' is ambiguous") != NULL);
    CHECK(strstr(e, "有学校章程") == NULL);
    if (!strstr(e, "'无' is ambiguous")) fprintf(stderr, "got: %s\n", e);
    free(t);
    jh_buf_free(&errors);
    t = jh_sprintf("%sS1,One,%s,是,有\nS2,Two,%s,否,无\n", head, row, row);
    CHECK_INT(2, read_csv(t, &s, &errors, NULL, &err));
    if (s) {
        CHECK_NEAR(1, s[0].extra[STATS_X_NO_BURDEN], 0);
        CHECK_NEAR(0, s[1].extra[STATS_X_NO_BURDEN], 0);
        CHECK_NEAR(1, s[0].extra[STATS_X_CHARTER], 0);
        CHECK_NEAR(0, s[1].extra[STATS_X_CHARTER], 0);
    }
    free(s);
    free(t);
    jh_buf_free(&errors);
}

/* The same school twice under two codes (a row copied and its code
 * retyped) counted twice in every figure (review rreg4 item 2): refused
 * naming both lines; one name with other values is a warning; schools
 * whose names differ load. */
static void test_csv_same_name(void)
{
    static const char *row = "primary,urban,public,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000";
    jh_buf_t errors = {0};
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    char *t = jh_sprintf("%sS1,青山一小,%s\nS2,青山二小,%s\nS3,\"青山一小 \",%s\nS4,青山二小,%s\n", HEADER_EN, row, row,
                         row, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK(s == NULL);
    CHECK_STR("schools.csv:4: column 'name' (学校名称): '青山一小 ' (code S3) already appears on line 2 (code S1) with the "
              "same values: one school twice under two codes (同一所学校出现两次): delete the repeated row\n"
              "schools.csv:5: column 'name' (学校名称): '青山二小' (code S4) already appears on line 3 (code S2) with the "
              "same values: one school twice under two codes (同一所学校出现两次): delete the repeated row\n",
              errors.data ? errors.data : "");
    free(t);
    jh_buf_free(&errors);
    /* one name, other values: maybe two schools of one name (the rounds keep such registers): a warning */
    jh_buf_t warn = {0};
    t = jh_sprintf("%sS1,柳林乡中心小学,%s\nS2,柳林乡中心小学,junior,rural,public,500,,,30,18,10,3,3,1500,2400,520000,7,40,6000\n",
                   HEADER_EN, row);
    CHECK_INT(2, read_csv(t, &s, &errors, &warn, &err));
    CHECK_STR("schools.csv:3: warning: school name '柳林乡中心小学' (code S2) also on line 2 (code S1): if it is one school "
              "twice, delete one row (it would count twice); two schools of one name are best told apart in the name "
              "(e.g. the township's: 青山镇中心小学)\n",
              warn.data ? warn.data : "");
    free(s);
    free(t);
    jh_buf_free(&warn);
    jh_buf_free(&errors);
    t = jh_sprintf("%sS1,青山镇中心小学,%s\nS2,白水镇中心小学,%s\n", HEADER_EN, row, row);
    CHECK_INT(2, read_csv(t, &s, &errors, NULL, &err));
    free(s);
    free(t);
    jh_buf_free(&errors);
}

/* Common layouts are refused with one line saying what to do (review
 * rreg4 item 6): a title row above the header, note rows below the table,
 * the county facts sheet given as the register.  A row of a code alone is
 * still a school whose values are missing. */
static void test_csv_layouts(void)
{
    static const char *row = "S1,青山一小,primary,urban,public,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000\n";
    jh_buf_t errors = {0};
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    char *t = jh_sprintf("青山县2026年学校基本情况表,,,\n%s%s", HEADER_EN, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:1: '青山县2026年学校基本情况表' is not the header row: it looks like a title above the table; "
              "the header (学校代码, 学校名称 …) must be the first row: delete the rows above line 2 (表头必须在第一行)\n",
              errors.data ? errors.data : "");
    free(t);
    jh_buf_free(&errors);
    /* a school row with only its name typed is a school whose code and
     * values are missing, not a note to delete (session 19 final read item 2) */
    t = jh_sprintf("%s%s,青山二小,,\n", HEADER_EN, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:3: the row holds only '青山二小' in column 'name' (学校名称): the school's code (学校代码) "
              "and its values are missing: give them, or delete the row if it is no school\n",
              errors.data ? errors.data : "");
    free(t);
    jh_buf_free(&errors);
    t = jh_sprintf("%s%s,,,\n注：数据截至2026年9月1日,,,\n,填表人：张三,,\n", HEADER_EN, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:4: the row holds only '注：数据截至2026年9月1日' (a note below the table?): the register holds "
              "one school per row; delete the note rows (注、填表人 …) or move them to another sheet\n"
              "schools.csv:5: the row holds only '填表人：张三' (a note below the table?): the register holds one school "
              "per row; delete the note rows (注、填表人 …) or move them to another sheet\n",
              errors.data ? errors.data : "");
    free(t);
    jh_buf_free(&errors);
    CHECK_INT(-1, read_csv("代码 (key),项目 (item),值 (value),依据 (evidence)\nG1.layout,布局,是,文件\n", &s, &errors, NULL,
                           &err));
    CHECK_STR("schools.csv:1: this is the county facts sheet (县级指标表: 代码, 项目, 值, 依据), not the school register: "
              "load it with junheng county --db COUNTY.db FILE\n",
              errors.data ? errors.data : "");
    jh_buf_free(&errors);
    t = jh_sprintf("%s%sS2,,,,,,,,,,,,,,,,,,\n", HEADER_EN, row);
    CHECK_INT(-1, read_csv(t, &s, &errors, NULL, &err));
    CHECK(errors.data && strstr(errors.data, "schools.csv:3: column 'name' (学校名称): not filled in (未填写)"));
    free(t);
    jh_buf_free(&errors);
}

/* A workbook or a database given where the CSV goes is named for what it
 * is (review rcli finding 4), not "UTF-16 text"; so in the bureau's other
 * CSV files (schools_csv_rows: county facts, the rectification plan). */
static void test_csv_other_files(void)
{
    static const struct { const char *head; size_t len; const char *want; } f[] = {
        {"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x9a\xb3", 18,
         "schools.csv: this is an Excel workbook (.xlsx, 这是 Excel 工作簿), not CSV text: open it in Excel/WPS and "
         "save it as \"CSV UTF-8 (逗号分隔)\" (另存为 CSV UTF-8)"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00", 12,
         "schools.csv: this is an old Excel workbook (.xls, 这是 Excel 97-2003 工作簿)"},
        {"SQLite format 3\x00\x10\x00\x02\x02", 20,
         "schools.csv: this is an SQLite database (数据库文件), not CSV text: were the arguments swapped?"},
        /* (UTF-16 is read: cut short, an odd number of bytes, it cannot be) */
        {"\xFF\xFE" "c\x00" "o\x00" "d\x00" "e\x00" "x", 11, "schools.csv:1: UTF-16 text"},
        {"c\x00" "o\x00" "d\x00" "e\x00" ",\x00" "x", 11, "schools.csv:1: UTF-16 text"},
        {"code\x00\x00\x00\x00\x01\x02", 10, "schools.csv:1: not a text file (it holds zero bytes"},
    };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        stats_school_t *s = NULL;
        int n = 0;
        jh_err_t err = {0};
        CHECK_INT(JH_ERR_INVALID, schools_read_text("schools.csv", f[k].head, f[k].len, &s, &n, NULL, NULL, &err));
        CHECK(!strncmp(err.msg, f[k].want, strlen(f[k].want)));
        if (strncmp(err.msg, f[k].want, strlen(f[k].want))) fprintf(stderr, "got: %s\n", err.msg);
        schools_row_t *rows = NULL;
        int nr = 0;
        CHECK_INT(JH_ERR_INVALID, schools_csv_rows("schools.csv", f[k].head, f[k].len, &rows, &nr, &err));
        CHECK(!strncmp(err.msg, f[k].want, strlen(f[k].want)));
        schools_csv_free(rows, nr);
        free(s);
    }
}

/* A zero byte after the first 64 bytes is named as such, with its line,
 * not called GBK/ANSI; zero bytes to the end are said to be the padding of
 * an interrupted copy; UTF-16LE without a byte-order mark whose first
 * characters hold 一 (U+4E00: a zero byte on the other parity) is still
 * UTF-16 (review r2cli findings 3-4).  Register and other CSV files. */
static void test_csv_zero_bytes(void)
{
    static const char reg[] = "code,name,level,locality,kind,enrolment,teachers,floor_area,books\n"
                              "S1,One,primary,urban,public,300,20,1500,6000\n";
    jh_buf_t pad = {0}, mid = {0}, u16 = {0};
    jh_buf_append(&pad, reg, strlen(reg));
    for (int i = 0; i < 512; i++) jh_buf_append(&pad, "", 1);
    jh_buf_append(&mid, reg, strlen(reg));
    jh_buf_append(&mid, "S2,Tw", 5);
    jh_buf_append(&mid, "", 1);
    jh_buf_append(&mid, "o,primary,urban,public,300,20,1500,6000\n", 40);
    /* "一中,code,name\n" ... in UTF-16LE, no byte-order mark */
    static const unsigned short chars[] = {0x4E00, 0x4E2D, ',', 'c', 'o', 'd', 'e', ',', 'n', 'a', 'm', 'e',
                                           ',', 'l', 'e', 'v', 'e', 'l', '\n', 0x4E00, ',', 'x', '\n'};
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        char b[2] = {(char)(chars[i] & 0xFF), (char)(chars[i] >> 8)};
        jh_buf_append(&u16, b, 2);
    }
    static const char *want[] = {
        ("schools.csv:3: only zero bytes from line 3 to the end of the file (512 bytes: the padding an interrupted "
         "copy leaves?)"),
        "schools.csv:3: a zero byte at line 3 (the file is incomplete or damaged?)",
    };
    const jh_buf_t *in[] = {&pad, &mid};
    for (int k = 0; k < 2; k++) {
        stats_school_t *s = NULL;
        int n = 0;
        jh_err_t err = {0};
        CHECK_INT(JH_ERR_INVALID, schools_read_text("schools.csv", in[k]->data, in[k]->len, &s, &n, NULL, NULL, &err));
        CHECK(!strncmp(err.msg, want[k], strlen(want[k])));
        if (strncmp(err.msg, want[k], strlen(want[k]))) fprintf(stderr, "got: %s\n", err.msg);
        free(s);
        schools_row_t *rows = NULL;
        int nr = 0;
        CHECK_INT(JH_ERR_INVALID, schools_csv_rows("schools.csv", in[k]->data, in[k]->len, &rows, &nr, &err));
        CHECK(!strncmp(err.msg, want[k], strlen(want[k])));
        schools_csv_free(rows, nr);
    }
    /* (UTF-16 is read since review rreg4 item 4: its first cell is 一中) */
    schools_row_t *rows = NULL;
    int nr = 0;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, schools_csv_rows("schools.csv", u16.data, u16.len, &rows, &nr, &err));
    CHECK_INT(2, nr);
    if (nr == 2) CHECK_STR("一中", rows[0].cells[0]);
    schools_csv_free(rows, nr);
    jh_buf_free(&pad);
    jh_buf_free(&mid);
    jh_buf_free(&u16);
}

/* iconv of text from UTF-8 into `to`, for the tests. */
static jh_buf_t encode_as(const char *to, const char *text)
{
    jh_buf_t b = {0};
    iconv_t cd = iconv_open(to, "UTF-8");
    size_t il = strlen(text), ol = il * 4 + 16;
    char *out = jh_xmalloc(ol), *o = out, *in = (char *)text;
    CHECK(cd != (iconv_t)-1 && iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
    iconv_close(cd);
    jh_buf_append(&b, out, (size_t)(o - out));
    free(out);
    return b;
}

/* GBK and UTF-16 files, as Excel 2010/2013, WPS and Notepad save them, are
 * read (review rreg4 item 4), a note naming the encoding; Excel's "Unicode
 * text" (UTF-16, tab-separated) and tab-separated UTF-8 too.  A file whose
 * encoding cannot be told (UTF-8 damaged at one place) is refused with
 * advice every clerk can take (Notepad's 另存为, 编码 UTF-8). */
static void test_csv_encodings(void)
{
    char *utf8 = jh_sprintf("%sS1,青山县城关第一小学,primary,urban,公办,300,,,20,18,10,3,3,1500,2400,520000,7,40,6000\n",
                            HEADER_EN);
    char *tabs = jh_sprintf("%s", utf8);
    for (char *p = tabs; *p; p++)
        if (*p == ',') *p = '\t';
    char *bom_tabs = jh_sprintf("\xEF\xBB\xBF%s", tabs);
    static const struct { const char *to; int tabbed; const char *note; } f[] = {
        {"GB18030", 0, "schools.csv: note: read as GBK/GB18030 text (a Chinese Windows' ANSI), not UTF-8\n"},
        {"UTF-16LE", 1, ("schools.csv: note: read as UTF-16LE text (Excel's \"Unicode text\"), not UTF-8\n"
                         "schools.csv: note: the cells are separated by tabs, not commas: read as tab-separated text\n")},
        {"UTF-16BE", 1, ("schools.csv: note: read as UTF-16BE text (\"Unicode big endian\"), not UTF-8\n"
                         "schools.csv: note: the cells are separated by tabs, not commas: read as tab-separated text\n")},
        {"UTF-16LE", 0, "schools.csv: note: read as UTF-16LE text (Excel's \"Unicode text\"), not UTF-8\n"},
        {"UTF-8", 1, "schools.csv: note: the cells are separated by tabs, not commas: read as tab-separated text\n"},
    };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        /* UTF-16 tab-separated with its byte-order mark (as Excel writes it), comma-separated
         * without one (told by its zero bytes); GBK without */
        jh_buf_t b = encode_as(f[k].to, strncmp(f[k].to, "UTF-16", 6) ? (f[k].tabbed ? tabs : utf8)
                                                                        : (f[k].tabbed ? bom_tabs : utf8));
        jh_buf_t warn = {0}, errors = {0};
        stats_school_t *s = NULL;
        int n = 0;
        jh_err_t err = {0};
        CHECK_INT(JH_OK, schools_read_text("schools.csv", b.data, b.len, &s, &n, &errors, &warn, &err));
        if (errors.data) fprintf(stderr, "%s/%d: %s", f[k].to, f[k].tabbed, errors.data);
        CHECK_INT(1, n);
        if (n == 1) {
            CHECK_STR("S1", s[0].code);
            CHECK_STR("青山县城关第一小学", s[0].name);
            CHECK_NEAR(300, s[0].whole[STATS_F_ENROLMENT], 0);
            CHECK_NEAR(6000, s[0].whole[STATS_F_BOOKS], 0);
        }
        CHECK_STR(f[k].note, warn.data ? warn.data : "");
        /* the other CSV files (county facts, rectification plan) read them the same */
        schools_row_t *rows = NULL;
        int nr = 0;
        jh_buf_t notes = {0};
        CHECK_INT(JH_OK, schools_csv_rows_noted("schools.csv", b.data, b.len, &rows, &nr, &notes, &err));
        CHECK_INT(2, nr);
        if (nr == 2) CHECK_STR("青山县城关第一小学", rows[1].cells[1]);
        CHECK_STR(f[k].note, notes.data ? notes.data : "");
        schools_csv_free(rows, nr);
        jh_buf_free(&notes);
        free(s);
        jh_buf_free(&warn);
        jh_buf_free(&errors);
        jh_buf_free(&b);
    }
    /* GBK whose pairs are mostly valid 2-byte UTF-8 sequences (学校 is D1A7 D0A3): still GBK */
    {
        char *g = jh_sprintf("%sS1,\xD1\xA7\xD0\xA3\xD1\xA7\xD0\xA3\xD1\xA7\xD0\xA3\xB3\xC7,primary,urban,public,300,,,20,18,10,3,"
                             "3,1500,2400,520000,7,40,6000\n",
                             HEADER_EN);
        stats_school_t *gs = NULL;
        int gn = 0;
        jh_err_t gerr = {0};
        CHECK_INT(JH_OK, schools_read_text("schools.csv", g, strlen(g), &gs, &gn, NULL, NULL, &gerr));
        if (gn == 1) CHECK_STR("学校学校学校城", gs[0].name);
        free(gs);
        free(g);
    }
    /* UTF-8 damaged at one place (a byte of 城 lost): not read as GBK */
    char *bad = jh_sprintf("%s", utf8);
    char *at = strstr(bad, "城");
    memmove(at + 1, at + 2, strlen(at + 2) + 1);
    stats_school_t *s = NULL;
    int n = 0;
    jh_err_t err = {0};
    CHECK_INT(JH_ERR_INVALID, schools_read_text("schools.csv", bad, strlen(bad), &s, &n, NULL, NULL, &err));
    CHECK_STR("schools.csv:2: not UTF-8 text, and not GBK or UTF-16 text that could be read (another encoding, or "
              "damaged here?): open it in Notepad (记事本), choose 另存为 (Save As), set 编码 (Encoding) to UTF-8 "
              "and save; then give that file",
              err.msg);
    free(s);
    free(bad);
    free(bom_tabs);
    free(tabs);
    free(utf8);
}

/* Register codes no kiosk can hold (store.c's rule: 1 to 32 letters,
 * digits, '_' or '-') are refused naming the cell and, for full-width
 * digits and zero-width characters, saying so (review rcli finding 2):
 * they matched no answer and made a county pack every kiosk refuses. */
static void test_csv_codes_kiosk_rule(void)
{
    static const struct { const char *cell, *want; } bad[] = {
        {"３６０７０１０００１", "'３６０７０１０００１' is not a school code a kiosk can hold: it has full-width "
                                 "digits or letters (全角字符, e.g. ３ for 3)"},
        {"3607\xE2\x80\x8B" "01", "is not a school code a kiosk can hold: it has an invisible zero-width character "
                                "(零宽字符 U+200B"},
        {"3607\xEF\xBB\xBF" "01", "it has an invisible zero-width character (零宽字符 U+FEFF"},
        {"\"3607\n01\"", "'3607\\x0a01' is not a school code a kiosk can hold: it has a line break inside "
                         "(Alt+Enter in the cell)"},
        {"36.07", "'36.07' is not a school code a kiosk can hold: it has '.' in it (学校代码只能由 1–32 个半角字母、"
                  "数字、_ 或 - 组成)"},
        {"A 01", "it has a space inside"},
        {"学校1", "it has '学' in it"},
        {"123456789012345678901234567890123", "it is 33 characters long"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *t = jh_sprintf("%s%s,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n",
                             HEADER_EN, bad[k].cell);
        stats_school_t *s = NULL;
        jh_err_t err = {0};
        CHECK_INT(-1, read_csv(t, &s, NULL, NULL, &err));
        CHECK(!strncmp(err.msg, "schools.csv:2: column 1, column 'code' (学校代码): ",
                       strlen("schools.csv:2: column 1, column 'code' (学校代码): ")));
        CHECK_CONTAINS(bad[k].want, err.msg);
        free(s);
        free(t);
    }
    /* what a kiosk holds: 32 characters, '_' and '-'; blanks at the edges are trimmed */
    char *t = jh_sprintf("%s12345678901234567890123456789012,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,"
                         "600000,7,40,6000\nA_0-1　,Two,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,"
                         "40,6000\n",
                         HEADER_EN);
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(2, read_csv(t, &s, NULL, NULL, &err));
    if (s) CHECK_STR("A_0-1", s[1].code);
    free(s);
    free(t);
}

/* Issue 19 item 8: a comma only as a thousands separator; every register
 * number within a plausible range.  The old reader deleted every comma
 * ("10400,5" loaded as 104005 m²) and took any size. */
static void test_csv_commas_and_ranges(void)
{
    static const struct { const char *cell; double want; } ok[] = {
        {"10,400.5", 10400.5}, {"1,240", 1240}, {"123,456", 123456}, {"10400.5", 10400.5},
        {"999,999", 999999}, {"0", 0},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        char *t = jh_sprintf("%sS1,One,primary,urban,public,300,,,20,18,10,3,3,\"%s\",2400,600000,7,40,6000\n",
                             HEADER_EN, ok[k].cell);
        stats_school_t *s = NULL;
        jh_err_t err = {0};
        CHECK_INT(1, read_csv(t, &s, NULL, NULL, &err));
        if (s) CHECK_NEAR(ok[k].want, s[0].whole[STATS_F_FLOOR], 0);
        free(s);
        free(t);
    }
    static const char *comma[] = {"10400,5", "1,86", ",90", "1234,567", "1,2345", "12,34,567", "1,000,00",
                                  "1.000,5", "1,"};
    for (size_t k = 0; k < sizeof comma / sizeof comma[0]; k++) {
        char *t = jh_sprintf("%sS1,One,primary,urban,public,300,,,20,18,10,3,3,\"%s\",2400,600000,7,40,6000\n",
                             HEADER_EN, comma[k]);
        stats_school_t *s = NULL;
        jh_err_t err = {0};
        char *want = jh_sprintf("schools.csv:2: column 14, column 'floor_area' (教学及辅助用房面积): '%s' has a "
                                "comma that is not a thousands separator (逗号只能用作千位分隔符, e.g. "
                                "10,400.5 or 10400.5; use a point for decimals)",
                                comma[k]);
        CHECK_INT(-1, read_csv(t, &s, NULL, NULL, &err));
        CHECK(s == NULL);
        CHECK_STR(want, err.msg);
        free(want);
        free(t);
    }
    /* Sizes no school has: the register is refused, the cell named. */
    jh_buf_t t = {0}, errors = {0};
    jh_buf_puts(&t, HEADER_EN);
    jh_buf_puts(&t, "S1,One,primary,urban,public,99999999999999999999999,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S2,Two,primary,urban,public,300,,,20,18,10,3,3,1500,2400,6000000000,7,40,6000\n");
    jh_buf_puts(&t, "S3,Three,primary,urban,public,300,,,20000,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S4,Four,primary,urban,public,50000,,,5000,18,10,3,3,1000000,2000000,5000000000,5000,100000,20000000\n");
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(-1, read_csv(t.data, &s, &errors, NULL, &err));
    CHECK_STR("schools.csv:2: column 6, column 'enrolment' (在校生数): '99999999999999999999999' is not "
              "plausible for one school (超出合理范围, at most 50,000); check the cell\n"
              "schools.csv:3: column 16, column 'equipment_value' (教学仪器设备值): '6000000000' is not "
              "plausible for one school (超出合理范围, at most 5,000,000,000); check the cell\n"
              "schools.csv:4: column 9, column 'teachers' (专任教师数): '20000' is not plausible for one "
              "school (超出合理范围, at most 5,000); check the cell\n",
              errors.data); /* S4 sits exactly on every bound: accepted */
    jh_buf_free(&t);
    jh_buf_free(&errors);
}

/* Issue 19 item 9: a school with no students is left out with a reason and
 * a warning at load; an empty part of a nine-year school is no school of
 * that level. */
static void test_zero_students(void)
{
    jh_buf_t t = {0}, warn = {0};
    jh_buf_puts(&t, HEADER_EN);
    jh_buf_puts(&t, "S1,Empty,primary,urban,public,0,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    jh_buf_puts(&t, "S2,Nine,nine_year,rural,public,500,500,0,40,38,20,6,6,3000,4800,1200000,14,80,12000\n");
    jh_buf_puts(&t, "S3,Full,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n");
    stats_school_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(3, read_csv(t.data, &s, NULL, &warn, &err));
    CHECK_STR("schools.csv:2: school S1 has no students (在校生数为 0): it is left out of every CV and of "
              "compliance\n"
              "schools.csv:3: school S2: its junior part has no students (初中在校生数为 0): it is not "
              "counted as a junior school\n",
              warn.data);
    if (s) {
        stats_rules_t r = stats_rules_default();
        CHECK_STR("no students enrolled (在校生数为 0)", stats_school_exclusion(&s[0], &r));
        CHECK(stats_school_exclusion(&s[1], &r) == NULL);
        CHECK(stats_school_exclusion(&s[2], &r) == NULL);
        stats_unit_t u[2];
        CHECK_INT(1, stats_split_school(&s[1], &r, u));
        CHECK_INT(STATS_PART_PRIMARY, u[0].part);
        CHECK_NEAR(1, u[0].weight_share, 1e-12);
        CHECK_NEAR(3000, u[0].v[STATS_F_FLOOR], 1e-9); /* all of it: the junior part is empty */
    }
    free(s);
    jh_buf_free(&t);
    jh_buf_free(&warn);
}

/* Issue 19 item 10: one school has no spread: its CV is undefined, not 0. */
static void test_cv_one_school(void)
{
    double x[] = {4.2, NAN}, p[] = {800, 300};
    stats_cv_t cv = stats_weighted_cv(x, p, 2);
    CHECK_INT(1, cv.n);
    CHECK_NEAR(4.2, cv.mean, 1e-12);
    CHECK(isnan(cv.cv));
    cv = stats_weighted_cv(x, p, 1);
    CHECK(isnan(cv.cv));
}

/* Issue 19 item 12: rates by answers with the questionnaire as cluster.
 * Urban: 5 questionnaires of 8 answers, four all satisfied, one none (32/40);
 * rural: 5 of 8, all satisfied (40/40).  Answers taken as independent make
 * the -20 point gap "significant" ([-34.8, -7.1]); with the questionnaire as
 * cluster deff is 10 (urban: V_cl = 5/4 · 51.2/40² = 0.04 against
 * p(1-p)/M = 0.004), the effective sizes 4 and 5 (rural: no variance, each
 * questionnaire once), and the interval includes 0.  Expected values from
 * the formulas written out by hand (Python), not from this code. */
static void test_cluster_ci(void)
{
    stats_cluster_t u = {0}, r = {0};
    for (int i = 0; i < 4; i++) stats_cluster_add(&u, 8, 8);
    stats_cluster_add(&u, 0, 8);
    for (int i = 0; i < 5; i++) stats_cluster_add(&r, 8, 8);
    stats_cluster_add(&r, 0, 0); /* no valid answer: not a cluster */
    CHECK_INT(5, u.n);
    CHECK_INT(5, r.n);
    double deff, n_eff;
    stats_ci_t a = stats_cluster_ci(&u, STATS_Z95, &deff, &n_eff);
    CHECK_NEAR(0.8, a.p, 1e-12);
    CHECK_NEAR(10, deff, 1e-9);
    CHECK_NEAR(4, n_eff, 1e-9);
    CHECK_NEAR(0.3368335923909121, a.lo, 1e-9);
    CHECK_NEAR(0.9692319057363297, a.hi, 1e-9);
    stats_ci_t b = stats_cluster_ci(&r, STATS_Z95, &deff, &n_eff);
    CHECK_NEAR(8, deff, 1e-12);
    CHECK_NEAR(5, n_eff, 1e-12);
    CHECK_NEAR(0.5655175352168251, b.lo, 1e-9);
    CHECK_NEAR(1, b.hi, 1e-12);
    stats_ci_t d = stats_cluster_diff_ci(&u, &r, STATS_Z95);
    CHECK_NEAR(-0.2, d.p, 1e-12);
    CHECK_NEAR(-0.663166407609088, d.lo, 1e-9);
    CHECK_NEAR(0.26627722453837777, d.hi, 1e-9);
    CHECK(d.lo < 0 && d.hi > 0); /* not significant */
    /* the old interval, answers as independent, claimed significance */
    stats_ci_t naive = stats_diff_ci(32, 40, 40, 40, STATS_Z95);
    CHECK_NEAR(-0.347573063463995, naive.lo, 1e-9);
    CHECK_NEAR(-0.07076159812944438, naive.hi, 1e-9);
    /* one answer per questionnaire: deff 1, the plain Wilson interval */
    stats_cluster_t one = {0};
    for (int i = 0; i < 10; i++) stats_cluster_add(&one, i < 7, 1);
    stats_ci_t c = stats_cluster_ci(&one, STATS_Z95, &deff, NULL), w = stats_wilson(7, 10, STATS_Z95);
    CHECK_NEAR(1, deff, 0.2); /* n/(n-1) correction only: at most 1.11 */
    CHECK(c.lo <= w.lo + 1e-12 && c.hi >= w.hi - 1e-12);
    stats_cluster_t none = {0};
    CHECK(isnan(stats_cluster_ci(&none, STATS_Z95, &deff, NULL).p));
}

/* Review of session 14: the CSVs print a figure beside its verdict apart
 * from the threshold or limit it is judged against: a CV of 0.50000020
 * against 0.50 is not "0.5000" beside 否, a rate of 84.996 % against 85 %
 * is not "85.00%", and trend.csv's rate is apart from the threshold in use
 * (--threshold 0.80: 79.997 % is not "80.00%" beside 未达标). */
static void test_csv_apart(void)
{
    char dir[] = "/tmp/jh_test_stats_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    cJSON *doc = cJSON_Parse(
        "{\"verdicts\":{\"social_recognition\":{\"threshold\":0.80}},"
        "\"satisfaction\":{\"county\":{\"answers\":{\"rate\":0.84996,\"threshold\":0.85,\"pass\":false},"
        "\"questionnaires\":{\"rate\":0.9,\"threshold\":0.85,\"pass\":true}}},"
        "\"balance\":{\"primary\":{\"level_zh\":\"小学\",\"n_schools\":2,"
        "\"quality\":[{\"code\":\"L1\",\"name_zh\":\"x\",\"cv\":0.50000020,\"limit\":0.50,\"pass\":false}],"
        "\"basic\":[],\"basic_composite\":{\"cv\":0.65000002,\"limit\":0.65,\"pass\":false},"
        "\"quality_composite\":{\"cv\":0.45000004,\"limit\":0.45,\"pass\":false}}},"
        "\"trend\":{\"rounds\":[{\"round\":\"r1\",\"frozen\":true,\"questionnaires\":10,"
        "\"social_recognition\":{\"rate\":0.79997,\"pass\":false},"
        "\"cv\":{\"primary\":{\"L1\":0.50000020,\"basic_composite\":0.65000002}}}]}}");
    CHECK(doc != NULL);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, stats_write_csv(doc, dir, &err));
    const char *files[] = {"summary.csv", "balance_cv.csv", "trend.csv"};
    const char *want[][3] = {{"84.996%,85.00%,否", "0.5000002,0.5000,否", "0.65000002,0.6500,否"},
                             {"0.5000002,0.5000,否", "0.65000002,0.6500,否", "0.45000004,0.4500,否"},
                             {"79.997%", "0.5000002,", "0.65000002,"}};
    for (int i = 0; i < 3; i++) {
        char *path = jh_sprintf("%s/%s", dir, files[i]), *text = NULL;
        size_t len = 0;
        CHECK_INT(JH_OK, jh_read_file(path, &text, &len, &err));
        for (int k = 0; k < 3; k++) CHECK_CONTAINS(want[i][k], text);
        free(text);
        unlink(path);
        free(path);
    }
    cJSON_Delete(doc);
    char *rm = jh_sprintf("rm -rf '%s'", dir);
    CHECK_INT(0, system(rm));
    free(rm);
}

/* Issue 19 item 14: enough decimals that a value never looks equal to the
 * standard it fails. */
static void test_apart_decimals(void)
{
    CHECK_INT(4, stats_apart_decimals(0.8997, 0.90, 2));   /* "0.8997", not "0.90" */
    CHECK_INT(4, stats_apart_decimals(0.89982, 0.90, 2));
    CHECK_INT(2, stats_apart_decimals(0.91, 0.90, 2));
    CHECK_INT(2, stats_apart_decimals(0.90, 0.90, 2));     /* equal: as it is */
    CHECK_INT(2, stats_apart_decimals(99.97, 100, 1));     /* a ratio of 99.97 %: "99.97" */
    CHECK_INT(3, stats_apart_decimals(84.996, 85, 1));     /* 84.996 % against 85 % */
    CHECK_INT(5, stats_apart_decimals(0.50004, 0.50, 3));  /* a CV over its limit: "0.50004" */
    CHECK_INT(8, stats_apart_decimals(0.001 - 1e-10, 0.001, 2)); /* at most 8 */
    /* equal within the comparison's tolerance (stats_within_limit): equal
     * text too, so a CV computed as 0.5000000000000001 is "0.50" and within
     * 0.50, not "0.50000000" (session 13 review) */
    CHECK_INT(2, stats_apart_decimals(0.9 - 1e-12, 0.9, 2));
    CHECK_INT(3, stats_apart_decimals(0.5000000000000001, 0.50, 3));
    CHECK(stats_within_limit(0.5000000000000001, 0.50));
    CHECK(!stats_within_limit(0.50004, 0.50));
    CHECK(stats_meets_standard(4.2 - 1e-15, 4.2));
    CHECK(!stats_meets_standard(4.196, 4.2));
    CHECK_INT(1, stats_apart_decimals(NAN, 85, 1));
    /* review rclerk6 item 6: printf says 3.8249 and 3.8250, a spreadsheet
     * 3.8250 for both (it rounds the 15 digits 3.82495 up): 5 decimals */
    CHECK_INT(5, stats_apart_decimals(764.99 / 200, 0.85 * 4.5, 2));
    CHECK_INT(5, stats_apart_decimals(764.99 / 200, 3.825, 4));
    CHECK_INT(3, stats_apart_decimals(764.99 / 200 * 100 / 4.5, 85, 1)); /* 84.999 % */
    /* a printed negative zero reads as 0 (r2num): "-0.00" is not apart from
     * "0.00", "-0.001" is; the same mirrored */
    CHECK_INT(3, stats_apart_decimals(-0.001, 0, 2));
    CHECK_INT(3, stats_apart_decimals(0.001, 0, 2));
    CHECK_INT(3, stats_apart_decimals(0, -0.001, 2));
    CHECK_INT(2, stats_apart_decimals(-0.04, 0, 1));      /* the gap's bound: "-0.04" */
    /* the same as comparing printf's texts (but for values equal within
     * the tolerance), over near and far pairs */
    srand(20);
    for (int i = 0; i < 200000; i++) {
        int d = rand() % 9;
        double ref = (rand() % 2000001 - 1000000) / (double)(1 + rand() % 10000);
        double gap = (rand() % 2 ? 1e-9 : 1e-3) * (rand() % 4000 - 2000) * (1 + rand() % 50);
        double v = i % 7 ? ref + gap : ref * (1 + 1e-16 * (rand() % 5));
        int want = d;
        if (v != ref && fabs(v - ref) > 1e-9 * fabs(ref))
            for (; want < 8; want++) {
                char a[400], b[400];
                snprintf(a, sizeof a, "%.*f", want, v);
                snprintf(b, sizeof b, "%.*f", want, ref);
                if (!strcmp(a + (a[0] == '-' && !strpbrk(a, "123456789")),
                            b + (b[0] == '-' && !strpbrk(b, "123456789"))))
                    continue;
                /* and apart as a spreadsheet rounds: 15 digits, ties away from 0 */
                double qa = strtod((snprintf(a, sizeof a, "%.14e", v), a), NULL),
                       qb = strtod((snprintf(b, sizeof b, "%.14e", ref), b), NULL);
                snprintf(a, sizeof a, "%.*f", want, qa * (1 + 4e-16));
                snprintf(b, sizeof b, "%.*f", want, qb * (1 + 4e-16));
                if (strcmp(a + (a[0] == '-' && !strpbrk(a, "123456789")),
                           b + (b[0] == '-' && !strpbrk(b, "123456789"))))
                    break;
            }
        if (stats_apart_decimals(v, ref, d) != want) {
            CHECK_INT(want, stats_apart_decimals(v, ref, d));
            break;
        }
    }
}

/* Every CSV field the bureau writes (statistics, rectification plan,
 * province): formula-like text gets an apostrophe, numbers stay numbers,
 * quoting where needed. */
static void test_csv_cell(void)
{
    static const char *in[][2] = {
        {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"-1+1", "'-1+1"},
        {"-3.5", "-3.5"},
        {"+2", "+2"},
        {"-1.5e-3", "-1.5e-3"},
        {"-.5", "-.5"},
        {"-inf", "'-inf"}, /* strtod reads them; Excel shows #NAME? (rb3 item 4) */
        {"-nan", "'-nan"},
        {"-0x1p3", "'-0x1p3"},
        {"-1.2.3", "'-1.2.3"},
        {"-1e", "'-1e"},
        {"-", "'-"},
        {"a,b", "\"a,b\""},
        {"青山县第一小学", "青山县第一小学"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        jh_buf_t b = {0};
        stats_csv_cell(&b, in[i][0], true);
        jh_buf_append(&b, "", 1);
        CHECK_STR(in[i][1], b.data);
        jh_buf_free(&b);
    }
    jh_buf_t b = {0};
    stats_csv_cell(&b, "x", true);
    stats_csv_cell(&b, "=1", false);
    jh_buf_append(&b, "", 1);
    CHECK_STR("x,'=1", b.data);
    jh_buf_free(&b);
}

/* doc's array "numbers": doubles where printing is hard (signed zero, the
 * extremes, subnormals, ties of INT_MAX, NaN and infinities) and 20,000
 * random ones of every magnitude from the seed; returns the array. */
static cJSON *add_hard_numbers(cJSON *doc, unsigned seed)
{
    static const double fixed[] = {0, -0.0, 1, -1, 0.1, 0.7, 1.0 / 3, 2.0 / 3, 85.0 / 100, 0.5004, 1e15, 1e16,
                                   123456789012345678.0, 1e300, -1e-300, 5e-324, DBL_MAX, DBL_MIN,
                                   (double)INT_MAX, (double)INT_MAX + 1, (double)INT_MIN, (double)INT_MIN - 1,
                                   2147483647.5, 1e-7, 0.000123456789, 4.72, 0.325583, NAN, INFINITY, -INFINITY};
    cJSON *nums = cJSON_AddArrayToObject(doc, "numbers");
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) cJSON_AddItemToArray(nums, cJSON_CreateNumber(fixed[i]));
    srand(seed);
    for (int i = 0; i < 20000; i++) {
        double m = (double)rand() / RAND_MAX, e = (double)(rand() % 40 - 20);
        double v = (rand() & 1 ? -1 : 1) * m * pow(10, e);
        if (i % 4 == 1) v = (double)(rand() % 200000 - 100000) / (1 + rand() % 1000);
        if (i % 4 == 2) v = nextafter((double)(rand() % 100000), i % 8 == 2 ? 1e9 : -1e9);
        cJSON_AddItemToArray(nums, cJSON_CreateNumber(v));
    }
    return nums;
}

/* stats_json_print gives exactly cJSON_Print's text (issue 20: stats.json
 * must not change by a byte): nesting, empty containers, escapes, UTF-8,
 * and numbers of every kind, including random doubles of every magnitude,
 * values just beside integers, rates of every denominator up to 3,000, and
 * values beside the ties of the 15th and 17th digits and beside powers of
 * ten (its own number formatter hands those to printf). */
static void test_json_print(void)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "s", "quote \" back \\ \b\f\n\r\t \x01\x1f\x7f 青山县第一小学");
    cJSON_AddStringToObject(doc, "", "");
    cJSON_AddNullToObject(doc, "null");
    cJSON_AddTrueToObject(doc, "t");
    cJSON_AddFalseToObject(doc, "f");
    cJSON_AddObjectToObject(doc, "empty_object");
    cJSON_AddArrayToObject(doc, "empty_array");
    cJSON *a = cJSON_AddArrayToObject(doc, "nested");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "inner", cJSON_CreateObject());
    cJSON_AddItemToObject(o, "list", cJSON_CreateIntArray((const int[]){1, -2, 3}, 3));
    cJSON_AddItemToArray(a, o);
    cJSON_AddItemToArray(a, cJSON_CreateArray());
    cJSON_AddItemToArray(a, cJSON_CreateString("x"));
    add_hard_numbers(doc, 20);
    /* what the statistics hold most: rates k / n, their intervals' bounds
     * (sqrt), means and CVs; and values next to the ties of the 15th and
     * 17th digit, and next to powers of ten, where stats_json_print's own
     * formatter must hand over to printf */
    cJSON *rates = cJSON_AddArrayToObject(doc, "rates");
    for (int i = 0; i < 60000; i++) {
        int nn = 1 + rand() % 3000, k = rand() % (nn + 1);
        double v = (double)k / nn;
        if (i % 3 == 1) v = sqrt(v) * 0.98 + 1e-3 * (rand() % 7);
        if (i % 3 == 2) v = v * (1 + rand() % 100000) / 7.0;
        cJSON_AddItemToArray(rates, cJSON_CreateNumber(i % 2 ? -v : v));
    }
    cJSON *ties = cJSON_AddArrayToObject(doc, "ties");
    for (int i = 0; i < 4000; i++) {
        char t[64];
        int e = rand() % 22 - 5; /* 10^-5 .. 10^16 */
        long long m = ((long long)rand() << 31 | rand()) % 100000000000000LL + 100000000000000LL;
        snprintf(t, sizeof t, "%lld%se%d", m, i % 2 ? "5" : "50", e - 14 - (i % 2 ? 1 : 2));
        double v = strtod(t, NULL);
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(v));
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(nextafter(v, 0)));
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(nextafter(v, 1e300)));
        double pw = pow(10, e);
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(nextafter(pw, 0)));
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(nextafter(pw, 1e300)));
        cJSON_AddItemToArray(ties, cJSON_CreateNumber(pw * (1 - 1e-16 * (rand() % 9))));
    }
    cJSON *objs = cJSON_AddArrayToObject(doc, "objects");
    for (int i = 0; i < 50; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "n", i);
        cJSON_AddNumberToObject(e, "rate", i / 7.0);
        cJSON_AddItemToObject(e, "deep", cJSON_CreateObject());
        cJSON_AddItemToArray(objs, e);
    }
    char *want = cJSON_Print(doc);
    size_t len = 0;
    char *got = stats_json_print(doc, &len);
    CHECK(want != NULL && got != NULL);
    if (want && got) {
        CHECK_INT((int)strlen(want), (int)len);
        size_t i = 0;
        while (want[i] && want[i] == got[i]) i++;
        if (want[i] != got[i])
            printf("  first difference at byte %zu: ...%.60s, expected ...%.60s\n", i, got + (i > 20 ? i - 20 : 0),
                   want + (i > 20 ? i - 20 : 0));
        CHECK(strcmp(want, got) == 0);
    }
    free(want);
    free(got);
    /* a bare value prints as cJSON prints it too */
    cJSON *n = cJSON_CreateNumber(0.1);
    got = stats_json_print(n, NULL);
    CHECK_STR("0.1", got);
    free(got);
    cJSON_Delete(n);
    cJSON_Delete(doc);
}

/* Whether a and b are the same tree to the bit: types (without the flags
 * of who owns a name), names, strings, numbers' valuedouble bits and
 * valueint; says where they differ. */
static bool same_tree(const cJSON *a, const cJSON *b, const char *where)
{
    for (; a || b; a = a->next, b = b->next) {
        if (!a || !b) {
            printf("  %s: one has more items\n", where);
            return false;
        }
        if ((a->type & 0xFF) != (b->type & 0xFF) || strcmp(a->string ? a->string : "", b->string ? b->string : "") ||
            (cJSON_IsString(a) && strcmp(a->valuestring, b->valuestring)) ||
            memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) || a->valueint != b->valueint) {
            printf("  %s: %s: type %d/%d, %.17g/%.17g, %d/%d\n", where, a->string ? a->string : "(item)",
                   a->type & 0xFF, b->type & 0xFF, a->valuedouble, b->valuedouble, a->valueint, b->valueint);
            return false;
        }
        if (!same_tree(a->child, b->child, a->string ? a->string : where)) return false;
    }
    return true;
}

/* stats_json_as_printed makes a document what printing and parsing it
 * gives (what `junheng report` renders from): numbers of every kind (NaN
 * and infinities become null, -0, 15 or 17 digits, a valueint that no
 * longer matches valuedouble), strings with escapes, names kept
 * as constants, empty and nested containers. */
static void test_json_as_printed(void)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "s", "quote \" back \\ \b\f\n\r\t \x01\x1f\x7f 青山县第一小学");
    cJSON_AddItemToObjectCS(doc, "const_name", cJSON_CreateNumber(NAN));
    cJSON_AddNullToObject(doc, "null");
    cJSON_AddTrueToObject(doc, "t");
    cJSON_AddObjectToObject(doc, "empty_object");
    cJSON_AddArrayToObject(doc, "empty_array");
    cJSON *o = cJSON_AddObjectToObject(doc, "nested");
    cJSON_AddItemToObject(o, "list", cJSON_CreateIntArray((const int[]){1, -2, 3}, 3));
    cJSON *odd = cJSON_AddNumberToObject(o, "valueint_stale", 7);
    odd->valuedouble = 7.25; /* set as some code sets it: valueint still 7 */
    odd = cJSON_AddNumberToObject(o, "valueint_stale_whole", 3);
    odd->valuedouble = 3.0000000000000004;
    cJSON *nums = add_hard_numbers(doc, 21);
    for (int i = 0; i < 20000; i++) { /* rates, as the statistics hold most */
        int nn = 1 + rand() % 3000;
        cJSON_AddItemToArray(nums, cJSON_CreateNumber((double)(rand() % (nn + 1)) / nn * (i % 3 ? 1 : 100)));
    }
    char *text = cJSON_PrintUnformatted(doc);
    cJSON *want = cJSON_Parse(text);
    CHECK(want != NULL);
    stats_json_as_printed(doc);
    CHECK(same_tree(want, doc, "document"));
    /* and it prints as the parsed document prints (not always as before:
     * DBL_MAX printed with 15 digits reads back as infinity) */
    char *again = cJSON_PrintUnformatted(doc), *parsed = cJSON_PrintUnformatted(want);
    CHECK(again && parsed && !strcmp(parsed, again));
    free(parsed);
    /* the changes it had to make, and some it must not: the first NaN is
     * null, -0 stays -0 ("-0"), 0.1 is the double 0.1 still, a stale
     * valueint is the parser's */
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(doc, "const_name")));
    CHECK(signbit(cJSON_GetArrayItem(nums, 1)->valuedouble));
    CHECK(cJSON_GetArrayItem(nums, 4)->valuedouble == 0.1);
    CHECK_INT(3, cJSON_GetObjectItem(o, "valueint_stale_whole")->valueint);
    CHECK(cJSON_GetObjectItem(o, "valueint_stale_whole")->valuedouble == 3.0);
    CHECK(cJSON_IsNull(cJSON_GetArrayItem(nums, 27)));
    free(text);
    free(again);
    cJSON_Delete(want);
    cJSON_Delete(doc);
}

/* A document made in a json_arena on two threads, with items made outside
 * it and a string and a printed text too large for its blocks, prints as
 * the same document made with malloc, and cJSON_Delete of its root gives
 * every block back (under ASan: every malloc'd item freed, no bad free). */
typedef struct {
    json_arena_t *a;
    cJSON *made;
} arena_job_t;

static void *arena_thread(void *arg)
{
    arena_job_t *j = arg;
    json_arena_scope_t s = json_arena_enter(j->a);
    j->made = cJSON_CreateArray();
    for (int i = 0; i < 20000; i++) cJSON_AddItemToArray(j->made, cJSON_CreateNumber(i * 0.25));
    json_arena_leave(&s);
    return NULL;
}

static void test_json_arena(void)
{
    size_t before = json_arena_bytes();
    json_arena_t *a = json_arena_new();
    json_arena_scope_t s = json_arena_enter(a);
    cJSON *doc = cJSON_CreateObject();
    json_arena_own(a, doc);
    cJSON *list = cJSON_AddArrayToObject(doc, "list");
    for (int i = 0; i < 100000; i++) {
        char name[32];
        snprintf(name, sizeof name, "school %d", i);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, name, name); /* a key and a value copied */
        cJSON_AddNumberToObject(e, "n", i);
        cJSON_AddItemToArray(list, e);
    }
    /* 100,000 objects of two items, keys and values: 300,000 items of 64
     * bytes and 200,000 strings of 16 in the blocks, no malloc chunks */
    size_t used = json_arena_bytes() - before;
    CHECK(used >= (size_t)300000 * 64 + 200000 * 16);
    CHECK(used <= (size_t)300000 * 64 + 200000 * 16 + (2u << 20));
    char *big = malloc(100001);
    memset(big, 'x', 100000);
    big[100000] = '\0';
    cJSON_AddStringToObject(doc, "big", big); /* over 32 KiB: malloc's */
    free(big);
    char *printed = cJSON_PrintUnformatted(list); /* grown far past 32 KiB, freed */
    CHECK(printed && !strncmp(printed, "[{\"school 0\":\"school 0\",\"n\":0},", 31));
    cJSON_free(printed);
    /* an item freed before the root: nothing to do yet */
    cJSON_Delete(cJSON_DetachItemFromArray(list, 0));
    /* a nested arena: its items are its own, the outer one's continue */
    json_arena_t *inner = json_arena_new();
    json_arena_scope_t si = json_arena_enter(inner);
    cJSON *other = cJSON_CreateString("inner");
    json_arena_own(inner, other);
    json_arena_leave(&si);
    cJSON_AddItemToObject(doc, "after_inner", cJSON_CreateString("outer again"));
    cJSON_Delete(other); /* the inner arena goes, the outer stays */
    CHECK(json_arena_bytes() - before >= used);
    /* outside it for a while (a tree parsed and freed): malloc's */
    size_t here = json_arena_bytes();
    json_arena_scope_t so = json_arena_enter(NULL);
    cJSON *parsed = cJSON_CreateArray();
    for (int i = 0; i < 50000; i++) cJSON_AddItemToArray(parsed, cJSON_CreateString("parsed and freed"));
    CHECK_INT(here, json_arena_bytes());
    cJSON_Delete(parsed);
    json_arena_leave(&so);
    cJSON_AddItemToObject(doc, "in_it_again", cJSON_CreateString("in the arena again"));
    /* a second thread in the same arena */
    arena_job_t job = {.a = a};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, arena_thread, &job) == 0);
    pthread_join(th, NULL);
    cJSON_AddItemToObject(doc, "thread", job.made);
    json_arena_leave(&s);
    /* made outside the arena (malloc), in the document all the same */
    cJSON *outside = cJSON_AddObjectToObject(doc, "outside");
    cJSON_AddStringToObject(outside, "text", "made with malloc");
    cJSON_AddItemToObject(outside, "list", cJSON_CreateIntArray((const int[]){1, 2, 3}, 3));
    /* the same document, every item malloc's */
    cJSON *copy = cJSON_Duplicate(doc, true);
    char *want = cJSON_Print(copy), *got = stats_json_print(doc, NULL);
    CHECK(want && got && !strcmp(want, got));
    free(got);
    free(want);
    cJSON_Delete(copy);
    CHECK(json_arena_bytes() > before);
    cJSON_Delete(doc);
    CHECK_INT(before, json_arena_bytes());
}

/* A sum over every row of table t as the connection reads it (ids and
 * bytes, each weighted by its place). */
static unsigned long long table_sum(sqlite3 *db, int *rows)
{
    sqlite3_stmt *q = NULL;
    unsigned long long sum = 0;
    *rows = 0;
    if (sqlite3_prepare_v2(db, "SELECT id, v FROM t", -1, &q, NULL) != SQLITE_OK) return 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_blob(q, 1);
        int n = sqlite3_column_bytes(q, 1);
        sum = sum * 31 + (unsigned long long)sqlite3_column_int64(q, 0);
        for (int i = 0; i < n; i++) sum = sum * 131 + v[i];
        (*rows)++;
    }
    sqlite3_finalize(q);
    return sum;
}

/* The census's read-ahead VFS (readahead.h) reads what the default VFS
 * reads: a table of two interleaved tables' pages (so that its leaves are
 * not in the file's order), read again after another connection changed
 * every row and checkpointed them into the file (the windows must not
 * outlive a transaction), and within a transaction while another
 * connection commits and checkpoints (the snapshot holds).  A file of 2 MB,
 * read in several windows, and one of 60 kB, inside the first window. */
static void readahead_case(int rows)
{
    char dir[] = "/tmp/jh_test_stats_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/ra.db", dir);
    const char *vfs = readahead_vfs();
    CHECK(vfs != NULL);
    sqlite3 *w = NULL, *r = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_open(path, &w));
    CHECK_INT(SQLITE_OK, sqlite3_exec(w,
                                      "PRAGMA page_size=1024; PRAGMA journal_mode=WAL;"
                                      "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB);"
                                      "CREATE TABLE u(id INTEGER PRIMARY KEY, v BLOB);",
                                      NULL, NULL, NULL));
    /* t and u grow together: t's pages alternate with u's in the file */
    sqlite3_stmt *ins_t = NULL, *ins_u = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(w, "INSERT INTO t(v) VALUES (randomblob(?))", -1, &ins_t, NULL));
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(w, "INSERT INTO u(v) VALUES (randomblob(300))", -1, &ins_u, NULL));
    sqlite3_exec(w, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < rows; i++) {
        sqlite3_bind_int(ins_t, 1, 40 + i % 700); /* some rows overflow a 1 KiB page */
        CHECK_INT(SQLITE_DONE, sqlite3_step(ins_t));
        sqlite3_reset(ins_t);
        CHECK_INT(SQLITE_DONE, sqlite3_step(ins_u));
        sqlite3_reset(ins_u);
    }
    sqlite3_finalize(ins_t);
    sqlite3_finalize(ins_u);
    CHECK_INT(SQLITE_OK, sqlite3_exec(w, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL));
    int n_w = 0, n_r = 0;
    unsigned long long want = table_sum(w, &n_w);
    CHECK_INT(rows, n_w);
    CHECK_INT(SQLITE_OK, sqlite3_open_v2(path, &r, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, vfs));
    unsigned long long got = table_sum(r, &n_r);
    CHECK_INT(rows, n_r);
    CHECK(got == want);
    /* every row changed and written back into the database file */
    CHECK_INT(SQLITE_OK, sqlite3_exec(w, "UPDATE t SET v = randomblob(length(v) + 1); PRAGMA wal_checkpoint(TRUNCATE);",
                                      NULL, NULL, NULL));
    unsigned long long want2 = table_sum(w, &n_w);
    CHECK(want2 != want);
    got = table_sum(r, &n_r);
    CHECK_INT(rows, n_r);
    CHECK(got == want2);
    /* a transaction keeps its snapshot while the file changes under it */
    CHECK_INT(SQLITE_OK, sqlite3_exec(r, "BEGIN", NULL, NULL, NULL));
    got = table_sum(r, &n_r);
    CHECK(got == want2);
    CHECK_INT(SQLITE_OK, sqlite3_exec(w, "UPDATE t SET v = randomblob(length(v)); PRAGMA wal_checkpoint(PASSIVE);",
                                      NULL, NULL, NULL));
    unsigned long long want3 = table_sum(w, &n_w);
    CHECK(want3 != want2);
    got = table_sum(r, &n_r);
    CHECK(got == want2);
    CHECK_INT(SQLITE_OK, sqlite3_exec(r, "COMMIT", NULL, NULL, NULL));
    CHECK_INT(SQLITE_OK, sqlite3_exec(w, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL));
    got = table_sum(r, &n_r);
    CHECK(got == want3);
    CHECK_INT(SQLITE_OK, sqlite3_close(r));
    CHECK_INT(SQLITE_OK, sqlite3_close(w));
    char *cmd = malloc(strlen(dir) + 16);
    sprintf(cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

/* Two rows of equal values are the same whatever the padding bytes of
 * their structs hold, and a NaN (a value not given) equals a NaN of other
 * bits (session 19 final read item 5: a memcmp of the struct). */
static void test_same_values_fields(void)
{
    stats_school_t *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    memset(a, 0x00, sizeof *a);
    memset(b, 0xa5, sizeof *b);
    const stats_school_t *ab[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        stats_school_t *x = (stats_school_t *)ab[k];
        x->level = STATS_LEVEL_PRIMARY;
        x->locality = (stats_locality_t)0;
        x->kind = (stats_kind_t)0;
        for (int f = 0; f < STATS_F_COUNT; f++) x->whole[f] = f;
        for (int p = 0; p < STATS_PART_COUNT; p++)
            for (int f = 0; f < STATS_F_COUNT; f++) x->part[p][f] = NAN;
        for (int i = 0; i < STATS_N_REPORTED; i++) x->reported[i] = k ? -NAN : NAN;
        for (int i = 0; i < STATS_X_COUNT; i++) x->extra[i] = NAN;
        x->line = 2 + k;
    }
    CHECK(schools_same_values(a, b));
    b->whole[0] = 1;
    CHECK(!schools_same_values(a, b));
    free(a);
    free(b);
}

static void test_readahead_vfs(void)
{
    readahead_case(3000);
    readahead_case(100);
}

int main(void)
{
    RUN(test_cv_vector);
    RUN(test_cv_edges);
    RUN(test_cv_combined_and_excluded);
    RUN(test_split_levels);
    RUN(test_compliance);
    RUN(test_shortfall_shared);
    RUN(test_wilson);
    RUN(test_names);
    RUN(test_csv_ok);
    RUN(test_csv_reported);
    RUN(test_csv_template_roundtrip);
    RUN(test_csv_errors);
    RUN(test_csv_header_errors);
    RUN(test_csv_header_units);
    RUN(test_csv_header_notes);
    RUN(test_csv_yes_no_negated);
    RUN(test_csv_same_name);
    RUN(test_same_values_fields);
    RUN(test_csv_encodings);
    RUN(test_csv_layouts);
    RUN(test_csv_codes_kiosk_rule);
    RUN(test_csv_other_files);
    RUN(test_csv_zero_bytes);
    RUN(test_csv_commas_and_ranges);
    RUN(test_zero_students);
    RUN(test_cv_one_school);
    RUN(test_cluster_ci);
    RUN(test_apart_decimals);
    RUN(test_csv_apart);
    RUN(test_csv_cell);
    RUN(test_json_print);
    RUN(test_json_as_printed);
    RUN(test_json_arena);
    RUN(test_readahead_vfs);
    CHECK_DONE();
}
