/* stats.c - the pure arithmetic of the balance-development evaluation:
 * weighted CV, Wilson and Newcombe intervals, school splitting, indicators,
 * compliance and shortfalls (see stats.h and shared/domain/balance-rules.md). */
#include "stats.h"

#include <math.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relative tolerance when comparing a recomputed ratio with a standard, so
 * that 21 teachers for 500 students meets 4.2 per 100 despite rounding. */
#define STATS_EPS 1e-9

static const stats_indicator_t quality[STATS_N_QUALITY] = {
    {"L1", "每百名学生拥有高于规定学历教师数",
     "teachers above the required qualification per 100 students", "per 100 students",
     STATS_F_ABOVE_QUAL, 100, {4.2, 5.3}, "名高于规定学历教师",
     "teachers above the required qualification", 0},
    {"L2", "每百名学生拥有县级以上骨干教师数",
     "county-level or higher backbone teachers per 100 students", "per 100 students",
     STATS_F_BACKBONE, 100, {1.0, 1.0}, "名县级以上骨干教师",
     "county-level or higher backbone teachers", 0},
    {"L3", "每百名学生拥有体育、艺术(美术、音乐)专任教师数",
     "full-time PE and art/music teachers per 100 students", "per 100 students",
     STATS_F_PE_ART, 100, {0.9, 0.9}, "名体育、艺术专任教师", "PE and art/music teachers", 0},
    {"L4", "生均教学及辅助用房面积", "teaching and auxiliary floor area per student",
     "m² per student", STATS_F_FLOOR, 1, {4.5, 5.8}, "平方米教学及辅助用房",
     "m² of teaching and auxiliary floor area", 0},
    {"L5", "生均体育运动场馆面积", "sports ground and hall area per student", "m² per student",
     STATS_F_SPORTS, 1, {7.5, 10.2}, "平方米体育运动场馆", "m² of sports ground and hall", 0},
    {"L6", "生均教学仪器设备值", "teaching equipment value per student", "yuan per student",
     STATS_F_EQUIPMENT, 1, {2000, 2500}, "元教学仪器设备", "yuan of teaching equipment", 0},
    {"L7", "每百名学生拥有网络多媒体教室数",
     "networked multimedia classrooms per 100 students", "per 100 students",
     STATS_F_MULTIMEDIA, 100, {2.3, 2.4}, "间网络多媒体教室", "networked multimedia classrooms",
     0},
};

static const stats_indicator_t basic[STATS_N_BASIC] = {
    {"B1", "生均教学及辅助用房面积", "teaching and auxiliary floor area per student",
     "m² per student", STATS_F_FLOOR, 1, {0, 0}, "平方米教学及辅助用房",
     "m² of teaching and auxiliary floor area", 0},
    {"B2", "生均体育运动场馆面积", "sports ground and hall area per student", "m² per student",
     STATS_F_SPORTS, 1, {0, 0}, "平方米体育运动场馆", "m² of sports ground and hall", 0},
    {"B3", "生均教学仪器设备值", "teaching equipment value per student", "yuan per student",
     STATS_F_EQUIPMENT, 1, {0, 0}, "元教学仪器设备", "yuan of teaching equipment", 0},
    {"B4", "每百名学生拥有计算机台数", "computers per 100 students", "per 100 students",
     STATS_F_COMPUTERS, 100, {0, 0}, "台计算机", "computers", 0},
    {"B5", "生均图书册数", "books per student", "books per student", STATS_F_BOOKS, 1, {0, 0},
     "册图书", "books", 0},
    {"B6", "师生比", "full-time teachers per student", "teachers per student",
     STATS_F_TEACHERS, 1, {0, 0}, "名专任教师", "full-time teachers", 0},
    {"B7", "生均高于规定学历教师数", "teachers above the required qualification per student",
     "teachers per student", STATS_F_ABOVE_QUAL, 1, {0, 0}, "名高于规定学历教师",
     "teachers above the required qualification", 0},
    {"B8", "生均中级及以上专业技术职务教师数",
     "teachers with intermediate or higher titles per student", "teachers per student",
     STATS_F_SENIOR_TITLE, 1, {0, 0}, "名中级及以上职称教师",
     "teachers with intermediate or higher titles", 0},
};

/* ---- coefficient of variation ------------------------------------------- */

static bool usable(double x, double p)
{
    return !isnan(x) && !isnan(p) && p > 0;
}

stats_cv_t stats_weighted_cv(const double *x, const double *p, int n)
{
    stats_cv_t r = {0, NAN, NAN, NAN, NAN};
    double total = 0, sum = 0;
    for (int i = 0; i < n; i++) {
        if (!usable(x[i], p[i])) continue;
        r.n++;
        total += p[i];
        sum += p[i] * x[i];
    }
    if (r.n == 0) return r;
    r.total = total;
    r.mean = sum / total;
    double var = 0;
    for (int i = 0; i < n; i++) {
        if (!usable(x[i], p[i])) continue;
        double d = x[i] - r.mean;
        var += p[i] / total * d * d;
    }
    r.sd = sqrt(var);
    /* One school has no spread to measure: its CV is undefined, not 0
     * (issue 19 item 10). */
    r.cv = r.mean != 0 && r.n >= 2 ? r.sd / r.mean : NAN;
    return r;
}

void stats_cv_shares(const double *x, const double *p, int n, const stats_cv_t *cv,
                     double *share)
{
    double var = cv->sd * cv->sd;
    for (int i = 0; i < n; i++) {
        share[i] = 0;
        if (!usable(x[i], p[i]) || !(var > 0)) continue;
        double d = x[i] - cv->mean;
        share[i] = p[i] / cv->total * d * d / var;
    }
}

/* ---- proportions -------------------------------------------------------- */

stats_ci_t stats_wilson(int64_t k, int64_t n, double z)
{
    stats_ci_t r = {NAN, 0, 1};
    if (n <= 0) return r;
    double nn = (double)n, ph = (double)k / nn, z2 = z * z;
    double denom = 1 + z2 / nn;
    double centre = (ph + z2 / (2 * nn)) / denom;
    double half = z / denom * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn));
    r.p = ph;
    r.lo = centre - half < 0 ? 0 : centre - half;
    r.hi = centre + half > 1 ? 1 : centre + half;
    return r;
}

stats_ci_t stats_diff_ci(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double z)
{
    stats_ci_t r = {NAN, NAN, NAN};
    if (n1 <= 0 || n2 <= 0) return r;
    stats_ci_t a = stats_wilson(k1, n1, z), b = stats_wilson(k2, n2, z);
    r.p = a.p - b.p;
    r.lo = r.p - sqrt((a.p - a.lo) * (a.p - a.lo) + (b.hi - b.p) * (b.hi - b.p));
    r.hi = r.p + sqrt((a.hi - a.p) * (a.hi - a.p) + (b.p - b.lo) * (b.p - b.lo));
    return r;
}

/* v with `decimals` decimals as a spreadsheet or a person rounds it: its 15
 * significant digits, a 5 rounded away from zero (764.99 / 200 = 3.82495 is
 * "3.8250"; printf rounds the double just below and says "3.8249"). */
static void sheet_text(double v, int decimals, char *out, size_t n)
{
    char s[40];
    snprintf(s, sizeof s, "%.14e", v);
    double q = strtod(s, NULL);
    /* 15 significant digits are a decimal; nudged by less than their last
     * unit, a tie goes away from zero and nothing else moves */
    snprintf(out, n, "%.*f", decimals, q + q * 4e-16);
}

/* Whether the texts with `decimals` decimals are the same ("-0.0" reads as 0). */
static bool same_text(const char *a, const char *b)
{
    return !strcmp(a + (a[0] == '-' && !strpbrk(a, "123456789")), b + (b[0] == '-' && !strpbrk(b, "123456789")));
}

int stats_apart_decimals(double v, double ref, int decimals)
{
    if (!isfinite(v) || !isfinite(ref) || v == ref) return decimals;
    /* equal but for floating-point rounding (0.5000000000000001 against
     * 0.50): the comparison says equal, so must the text */
    if (fabs(v - ref) <= STATS_EPS * fabs(ref)) return decimals;
    /* Two numbers whose texts with d decimals are the same lie within 10^-d
     * of each other: farther apart (with room for the subtraction's
     * rounding, small below 10^6), they differ already, without printf (this
     * runs for most numbers of the CSV files and the report). */
    static const double unit[] = {1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};
    if (decimals >= 0 && decimals <= 8 && fabs(v) < 1e6 && fabs(ref) < 1e6 &&
        fabs(v - ref) > 1.5 * unit[decimals])
        return decimals;
    for (; decimals < 8; decimals++) {
        char a[400], b[400];
        snprintf(a, sizeof a, "%.*f", decimals, v);
        snprintf(b, sizeof b, "%.*f", decimals, ref);
        /* "-0.0" reads as 0: -0.04 against 0 needs 2 decimals */
        if (same_text(a, b)) continue;
        /* apart in the workbook too, which rounds as a person does (review
         * rclerk6 item 6: 3.82495 against 3.825 is "3.8250" in a
         * spreadsheet, so 5 decimals everywhere) */
        sheet_text(v, decimals, a, sizeof a);
        sheet_text(ref, decimals, b, sizeof b);
        if (!same_text(a, b)) break;
    }
    return decimals;
}

void stats_cluster_add(stats_cluster_t *c, double y, double m)
{
    if (!(m > 0)) return;
    c->n++;
    c->y += y;
    c->m += m;
    c->yy += y * y;
    c->ym += y * m;
    c->mm += m * m;
}

/* Wilson's interval for a rate p on a (possibly fractional) sample size n. */
static stats_ci_t wilson_real(double ph, double nn, double z)
{
    stats_ci_t r = {ph, 0, 1};
    double z2 = z * z, denom = 1 + z2 / nn;
    double centre = (ph + z2 / (2 * nn)) / denom;
    double half = z / denom * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn));
    r.lo = centre - half < 0 ? 0 : centre - half;
    r.hi = centre + half > 1 ? 1 : centre + half;
    return r;
}

stats_ci_t stats_cluster_ci(const stats_cluster_t *c, double z, double *deff, double *n_eff)
{
    stats_ci_t r = {NAN, NAN, NAN};
    double d = NAN, ne = NAN;
    if (c->n > 0 && c->m > 0) {
        double p = c->y / c->m, nc = (double)c->n;
        double v_srs = p * (1 - p) / c->m;
        if (c->n >= 2 && v_srs > 0) {
            /* ratio estimator, questionnaire as cluster:
             * V = n/(n-1) · Σ(y_i − p m_i)² / M² */
            double ss = c->yy - 2 * p * c->ym + p * p * c->mm;
            if (ss < 0) ss = 0;
            double v_cl = nc / (nc - 1) * ss / (c->m * c->m);
            d = v_cl / v_srs;
            if (d < 1) d = 1;
        } else {
            d = c->m / nc; /* no variance to estimate: each questionnaire counts once */
        }
        ne = c->m / d;
        r = wilson_real(p, ne, z);
    }
    if (deff) *deff = d;
    if (n_eff) *n_eff = ne;
    return r;
}

stats_ci_t stats_cluster_diff_ci(const stats_cluster_t *a, const stats_cluster_t *b, double z)
{
    stats_ci_t r = {NAN, NAN, NAN};
    if (!(a->m > 0) || !(b->m > 0)) return r;
    stats_ci_t x = stats_cluster_ci(a, z, NULL, NULL), y = stats_cluster_ci(b, z, NULL, NULL);
    r.p = x.p - y.p;
    r.lo = r.p - sqrt((x.p - x.lo) * (x.p - x.lo) + (y.hi - y.p) * (y.hi - y.p));
    r.hi = r.p + sqrt((x.hi - x.p) * (x.hi - x.p) + (y.p - y.lo) * (y.p - y.lo));
    return r;
}

/* ---- schools ------------------------------------------------------------ */

stats_rules_t stats_rules_default(void)
{
    stats_rules_t r = {50, STATS_DEG_COLLEGE, STATS_DEG_BACHELOR, STATS_BASIC_TP_ALL};
    return r;
}

double stats_part_weight(stats_part_t part)
{
    static const double w[STATS_PART_COUNT] = {1.0, 1.1, 1.32};
    JH_EXPECT(part >= 0 && part < STATS_PART_COUNT);
    return w[part];
}

unsigned stats_level_parts(stats_level_t level)
{
    switch (level) {
    case STATS_LEVEL_PRIMARY: return 1u << STATS_PART_PRIMARY;
    case STATS_LEVEL_JUNIOR: return 1u << STATS_PART_JUNIOR;
    case STATS_LEVEL_NINE_YEAR: return 1u << STATS_PART_PRIMARY | 1u << STATS_PART_JUNIOR;
    case STATS_LEVEL_COMPLETE_MIDDLE: return 1u << STATS_PART_JUNIOR | 1u << STATS_PART_SENIOR;
    case STATS_LEVEL_TWELVE_YEAR:
        return 1u << STATS_PART_PRIMARY | 1u << STATS_PART_JUNIOR | 1u << STATS_PART_SENIOR;
    default: break;
    }
    JH_EXPECT(!"unknown level");
    return 0;
}

/* Enrolment of a part: the per-level count, or for a single-part school the
 * whole-school count. */
static double part_enrolment(const stats_school_t *s, stats_part_t p)
{
    unsigned parts = stats_level_parts(s->level);
    if (!(parts & (1u << p))) return 0;
    if (!isnan(s->part[p][STATS_F_ENROLMENT])) return s->part[p][STATS_F_ENROLMENT];
    if ((parts & (parts - 1)) == 0) return s->whole[STATS_F_ENROLMENT];
    return NAN;
}


const char stats_school_exclusion_empty[] = "no students enrolled (在校生数为 0)";

/* The reason a school is left out of a set, in English (zh false) or
 * Chinese; NULL when it is included. */
static const char *exclusion(const stats_school_t *s, const stats_rules_t *r, stats_set_t set, bool zh)
{
    switch (s->kind) {
    case STATS_KIND_SPECIAL: return zh ? "特殊教育学校" : "special-education school (特殊教育学校)";
    case STATS_KIND_VOCATIONAL: return zh ? "职业学校" : "vocational school (职业学校)";
    case STATS_KIND_PRIVATE: return zh ? "民办学校" : "private school (民办学校)";
    case STATS_KIND_NON_COUNTY:
        /* §2 names them for the basic figures; §1's list for the quality
         * figures does not, so they stay in those. */
        if (set == STATS_SET_BASIC)
            return zh ? "非县属学校（基本均衡不计）"
                      : "school not run by the county (非县属学校): left out of the basic-balance figures";
        break;
    case STATS_KIND_TEACHING_POINT:
        if (set == STATS_SET_BASIC && r->basic_teaching_points == STATS_BASIC_TP_ALL)
            return zh ? "小学教学点（基本均衡 2012 年规则：不论人数一律不计）"
                      : "primary teaching point (小学教学点): the 2012 basic-balance rules leave out every "
                        "teaching point whatever its size";
        if (stats_school_enrolment(s) < r->min_teaching_point)
            return zh ? "在校生不足规定人数的教学点"
                      : "teaching point with fewer than the minimum number of students (不足规定人数的教学点)";
        break;
    default: break;
    }
    /* A school without students has no per-student values: it is no school
     * of any level for the CVs or compliance (issue 19 item 9). */
    if (!(stats_school_enrolment(s) > 0)) return zh ? "在校生数为 0" : stats_school_exclusion_empty;
    return NULL;
}

const char *stats_school_exclusion_in(const stats_school_t *s, const stats_rules_t *r, stats_set_t set)
{
    return exclusion(s, r, set, false);
}

const char *stats_school_exclusion_in_zh(const stats_school_t *s, const stats_rules_t *r, stats_set_t set)
{
    return exclusion(s, r, set, true);
}

const char *stats_school_exclusion(const stats_school_t *s, const stats_rules_t *r)
{
    return exclusion(s, r, STATS_SET_QUALITY, false);
}

const char *stats_school_exclusion_zh(const stats_school_t *s, const stats_rules_t *r)
{
    return exclusion(s, r, STATS_SET_QUALITY, true);
}

int stats_split_school(const stats_school_t *s, const stats_rules_t *r, stats_unit_t out[2])
{
    unsigned parts = stats_level_parts(s->level);
    double weighted[STATS_PART_COUNT] = {0}, total_weighted = 0;
    for (int p = 0; p < STATS_PART_COUNT; p++) {
        if (!(parts & (1u << p))) continue;
        double e = part_enrolment(s, (stats_part_t)p);
        weighted[p] = isnan(e) ? 0 : e * stats_part_weight((stats_part_t)p);
        total_weighted += weighted[p];
    }
    int n = 0;
    for (int p = STATS_PART_PRIMARY; p <= STATS_PART_JUNIOR; p++) {
        if (!(parts & (1u << p))) continue;
        /* An empty part (a nine-year school without junior students) is
         * not a school of that level (issue 19 item 9). */
        if (!(part_enrolment(s, (stats_part_t)p) > 0) && (parts & (parts - 1))) continue;
        stats_unit_t *u = &out[n++];
        memset(u, 0, sizeof *u);
        u->part = (stats_part_t)p;
        u->enrolment = part_enrolment(s, (stats_part_t)p);
        u->weight_share = total_weighted > 0 ? weighted[p] / total_weighted : NAN;
        for (int f = 0; f < STATS_F_COUNT; f++) {
            if (f == STATS_F_ENROLMENT) {
                u->v[f] = u->enrolment;
                u->share[f] = 1;
            } else if (!isnan(s->part[p][f])) {
                u->v[f] = s->part[p][f];
                u->share[f] = 1;
            } else if (!isnan(s->whole[f]) && (parts & (parts - 1)) == 0) {
                u->share[f] = 1;
                u->v[f] = s->whole[f];
            } else if (!isnan(s->whole[f])) {
                /* The whole less the levels that give their own value,
                 * shared by weighted enrolment among the levels that do
                 * not: 6000 m² with 小学 4000 leaves 初中 2000, not
                 * 6000 × its share (a double count).  Levels giving more
                 * than the whole: the rest is not known (the register
                 * reader warns of the 数据打架). */
                double given = 0, w_rest = 0;
                for (int q = 0; q < STATS_PART_COUNT; q++) {
                    if (!(parts & (1u << q))) continue;
                    if (!isnan(s->part[q][f])) given += s->part[q][f];
                    else w_rest += weighted[q];
                }
                double rest = s->whole[f] - given;
                if (rest < -STATS_EPS * fabs(s->whole[f]) || !(w_rest > 0)) {
                    u->v[f] = NAN;
                    u->share[f] = NAN;
                } else {
                    u->share[f] = weighted[p] / w_rest;
                    u->v[f] = fmax(rest, 0) * u->share[f];
                }
            } else {
                u->v[f] = NAN;
                u->share[f] = NAN;
            }
        }
        /* Teachers above the required qualification from the degree
         * breakdown when it is given: the baseline is a rule input. */
        double c = u->v[STATS_F_DEG_COLLEGE], b = u->v[STATS_F_DEG_BACHELOR],
               g = u->v[STATS_F_DEG_POSTGRAD];
        if (!isnan(c) && !isnan(b) && !isnan(g)) {
            stats_degree_t base = p == STATS_PART_PRIMARY ? r->qual_primary : r->qual_junior;
            u->v[STATS_F_ABOVE_QUAL] =
                base == STATS_DEG_COLLEGE ? c + b + g : base == STATS_DEG_BACHELOR ? b + g : g;
            u->share[STATS_F_ABOVE_QUAL] = u->share[STATS_F_DEG_BACHELOR];
        }
    }
    return n;
}

/* ---- indicators ----------------------------------------------------------- */

const stats_indicator_t *stats_quality_indicator(int i)
{
    JH_EXPECT(i >= 0 && i < STATS_N_QUALITY);
    return &quality[i];
}

const stats_indicator_t *stats_basic_indicator(int i)
{
    JH_EXPECT(i >= 0 && i < STATS_N_BASIC);
    return &basic[i];
}

const stats_indicator_t *stats_reported_indicator(int r)
{
    JH_EXPECT(r >= 0 && r < STATS_N_REPORTED);
    return r < STATS_N_QUALITY ? &quality[r] : &basic[r - STATS_N_QUALITY];
}

bool stats_reported_differs(double reported, double recomputed)
{
    if (isnan(reported) || isnan(recomputed)) return false;
    double tol = fabs(recomputed) * 0.01;
    return fabs(reported - recomputed) > (tol > 0.005 ? tol : 0.005);
}

double stats_indicator_value(const stats_indicator_t *ind, const stats_unit_t *u)
{
    double num = u->v[ind->field];
    if (isnan(num) || isnan(u->enrolment) || u->enrolment <= 0) return NAN;
    return ind->scale * num / u->enrolment;
}

double stats_quality_cv_limit(stats_part_t part)
{
    return part == STATS_PART_PRIMARY ? 0.50 : 0.45;
}

double stats_basic_cv_limit(stats_part_t part)
{
    return part == STATS_PART_PRIMARY ? 0.65 : 0.55;
}

bool stats_within_limit(double v, double limit)
{
    return v <= limit + STATS_EPS * fabs(limit);
}

bool stats_meets_standard(double v, double standard)
{
    return v >= standard - STATS_EPS * fabs(standard);
}

static double standard_of(const stats_indicator_t *ind, stats_part_t part)
{
    return ind->standard[part == STATS_PART_PRIMARY ? 0 : 1];
}

stats_compliance_t stats_unit_compliance(const stats_unit_t *u)
{
    stats_compliance_t c;
    memset(&c, 0, sizeof c);
    int near = 0; /* unmet but at least 85 % */
    for (int i = 0; i < STATS_N_QUALITY; i++) {
        double std = standard_of(&quality[i], u->part);
        double v = stats_indicator_value(&quality[i], u);
        if (isnan(v)) {
            c.missing++;
            c.ratio[i] = NAN;
            continue;
        }
        c.ratio[i] = v / std;
        c.meets[i] = stats_meets_standard(v, std);
        if (c.meets[i])
            c.met++;
        else if (stats_meets_standard(v, 0.85 * std))
            near++;
    }
    c.pass = c.missing == 0 && c.met >= STATS_N_QUALITY - 1 && c.met + near == STATS_N_QUALITY;
    return c;
}

double stats_unit_shortfall(const stats_unit_t *u, int i)
{
    const stats_indicator_t *ind = stats_quality_indicator(i);
    double v = stats_indicator_value(ind, u);
    if (isnan(v)) return NAN;
    double std = standard_of(ind, u->part);
    if (stats_meets_standard(v, std)) return 0;
    double target = std * u->enrolment / ind->scale;
    double deficit = target - u->v[ind->field];
    double share = u->share[ind->field];
    if (!(share > 0)) return NAN;
    double amount = deficit / share;
    double unit = pow(10, -ind->decimals);
    /* Round up to the unit, ignoring floating-point dust just above it. */
    return ceil(amount / unit - 1e-7) * unit;
}

const stats_unit_t *stats_unit_overlap(const stats_unit_t *u, int n, int k, int i)
{
    int f = stats_quality_indicator(i)->field;
    if (!(u[k].share[f] < 1) || !(stats_unit_shortfall(&u[k], i) > 0)) return NULL;
    for (int j = 0; j < n; j++)
        if (j != k && u[j].part != u[k].part && u[j].share[f] < 1 && stats_unit_shortfall(&u[j], i) > 0)
            return &u[j];
    return NULL;
}

void stats_overlap_note(const stats_unit_t *other, bool zh, char *buf, size_t n)
{
    if (zh)
        snprintf(buf, n, "（全校数量，与本校%s所缺重叠，不可相加，取较大者）", stats_part_zh(other->part));
    else
        snprintf(buf, n, " (a whole-school amount; it overlaps the %s level's, do not add them: "
                 "the larger fixes both)", stats_part_code(other->part));
}

int stats_cv_decimals(double mean, double sd, double cv, int decimals, int cv_decimals)
{
    if (!isfinite(mean) || !isfinite(sd) || !isfinite(cv) || mean == 0) return decimals;
    char want[64], got[64], t[64];
    snprintf(want, sizeof want, "%.*f", cv_decimals, cv);
    for (int d = decimals; d <= 8; d++) {
        snprintf(t, sizeof t, "%.*f", d, mean);
        double m = strtod(t, NULL);
        snprintf(t, sizeof t, "%.*f", d, sd);
        double s = strtod(t, NULL);
        if (m == 0) continue;
        snprintf(got, sizeof got, "%.*f", cv_decimals, s / m);
        if (!strcmp(got, want)) return d;
    }
    return 8;
}

void stats_format_fact(double v, char *out, size_t n)
{
    for (int p = 6; p <= 17; p++) {
        snprintf(out, n, "%.*g", p, v);
        if (!isfinite(v) || strtod(out, NULL) == v) return;
    }
}

void stats_group_thousands(char *s, size_t n)
{
    if (strpbrk(s, "eEnN")) return; /* 1e+20, nan, inf */
    char *d = s + (*s == '-');
    size_t intlen = strspn(d, "0123456789");
    if (intlen <= 3) return;
    size_t len = strlen(s), commas = (intlen - 1) / 3;
    if (len + commas + 1 > n) return;
    memmove(d + intlen + commas, d + intlen, len - (size_t)(d - s) - intlen + 1); /* the rest and its NUL */
    for (size_t i = intlen, w = intlen + commas, c = 0; i > 0; c++) {
        if (c && c % 3 == 0) d[--w] = ',';
        d[--w] = d[--i];
    }
}

void stats_format_amount(double v, int decimals, char *out, size_t n)
{
    char digits[64];
    if (isnan(v)) {
        snprintf(out, n, "-");
        return;
    }
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *dot = strchr(digits, '.');
    size_t intlen = dot ? (size_t)(dot - digits) : strlen(digits);
    char buf[96];
    size_t k = 0;
    if (v < 0 && strspn(digits, "0.") != strlen(digits)) buf[k++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0) buf[k++] = ',';
        buf[k++] = digits[i];
    }
    if (dot) {
        size_t rest = strlen(dot);
        memcpy(buf + k, dot, rest);
        k += rest;
    }
    buf[k] = 0;
    snprintf(out, n, "%s", buf);
}

/* ---- names ------------------------------------------------------------------ */

static const char *level_codes[STATS_LEVEL_COUNT] = {"primary", "junior", "nine_year",
                                                     "complete_middle", "twelve_year"};
static const char *level_zh[STATS_LEVEL_COUNT] = {"小学", "初中", "九年一贯制", "完全中学",
                                                  "十二年一贯制"};
static const char *loc_codes[STATS_LOC_COUNT] = {"urban", "town", "rural"};
static const char *loc_zh[STATS_LOC_COUNT] = {"城区", "镇区", "乡村"};
static const char *kind_codes[STATS_KIND_COUNT] = {"public", "private", "special", "vocational",
                                                   "teaching_point", "non_county"};
static const char *kind_zh[STATS_KIND_COUNT] = {"公办", "民办", "特殊教育学校", "职业学校",
                                                "教学点", "非县属学校"};
static const char *basic_tp_codes[STATS_BASIC_TP_COUNT] = {"all", "threshold"};
static const char *set_codes[STATS_SET_COUNT] = {"quality", "basic"};
static const char *set_zh[STATS_SET_COUNT] = {"优质均衡", "基本均衡"};
static const char *part_codes[STATS_PART_COUNT] = {"primary", "junior", "senior"};
static const char *part_zh[STATS_PART_COUNT] = {"小学", "初中", "高中"};
static const char *deg_codes[3] = {"college", "bachelor", "postgrad"};
static const char *deg_zh[3] = {"大专", "本科", "研究生"};

const char *stats_level_code(stats_level_t l) { return level_codes[l]; }
const char *stats_level_zh(stats_level_t l) { return level_zh[l]; }
const char *stats_locality_code(stats_locality_t l) { return loc_codes[l]; }
const char *stats_locality_zh(stats_locality_t l) { return loc_zh[l]; }
bool stats_role_county_level(const char *role) { return role && !strcmp(role, "public"); }
const char *stats_kind_code(stats_kind_t k) { return kind_codes[k]; }
const char *stats_kind_zh(stats_kind_t k) { return kind_zh[k]; }
const char *stats_part_code(stats_part_t p) { return part_codes[p]; }
const char *stats_basic_tp_code(stats_basic_tp_t t) { return basic_tp_codes[t]; }
const char *stats_set_code(stats_set_t set) { return set_codes[set]; }
const char *stats_set_zh(stats_set_t set) { return set_zh[set]; }
const char *stats_part_zh(stats_part_t p) { return part_zh[p]; }
const char *stats_degree_code(stats_degree_t d) { return deg_codes[d]; }
const char *stats_degree_zh(stats_degree_t d) { return deg_zh[d]; }

/* Matches s against codes[], zh[] and a few aliases (alias pairs "name", index). */
static int parse_name(const char *s, const char *const *codes, const char *const *zh, int n)
{
    for (int i = 0; i < n; i++) {
        if (!strcasecmp(s, codes[i]) || !strcmp(s, zh[i])) return i;
        /* "nine-year" for "nine_year" */
        char alt[32];
        snprintf(alt, sizeof alt, "%s", codes[i]);
        for (char *c = alt; *c; c++)
            if (*c == '_') *c = '-';
        if (!strcasecmp(s, alt)) return i;
    }
    return -1;
}

bool stats_level_parse(const char *s, stats_level_t *out)
{
    int i = parse_name(s, level_codes, level_zh, STATS_LEVEL_COUNT);
    if (i < 0 && !strcmp(s, "九年制")) i = STATS_LEVEL_NINE_YEAR;
    if (i < 0 && !strcmp(s, "完中")) i = STATS_LEVEL_COMPLETE_MIDDLE;
    if (i < 0) return false;
    *out = (stats_level_t)i;
    return true;
}

bool stats_locality_parse(const char *s, stats_locality_t *out)
{
    int i = parse_name(s, loc_codes, loc_zh, STATS_LOC_COUNT);
    if (i < 0 && (!strcmp(s, "农村") || !strcmp(s, "村"))) i = STATS_LOC_RURAL;
    if (i < 0 && (!strcmp(s, "城市") || !strcmp(s, "县城"))) i = STATS_LOC_URBAN;
    if (i < 0 && !strcmp(s, "乡镇")) i = STATS_LOC_TOWN;
    if (i < 0) return false;
    *out = (stats_locality_t)i;
    return true;
}

bool stats_kind_parse(const char *s, stats_kind_t *out)
{
    int i = parse_name(s, kind_codes, kind_zh, STATS_KIND_COUNT);
    if (i < 0 && !strcmp(s, "特殊教育")) i = STATS_KIND_SPECIAL;
    if (i < 0 && !strcmp(s, "特教")) i = STATS_KIND_SPECIAL;
    if (i < 0 && (!strcmp(s, "非县属") || !strcmp(s, "非县办"))) i = STATS_KIND_NON_COUNTY;
    if (i < 0) return false;
    *out = (stats_kind_t)i;
    return true;
}

bool stats_basic_tp_parse(const char *s, stats_basic_tp_t *out)
{
    for (int i = 0; i < STATS_BASIC_TP_COUNT; i++)
        if (!strcasecmp(s, basic_tp_codes[i])) {
            *out = (stats_basic_tp_t)i;
            return true;
        }
    if (!strcmp(s, "2012")) {
        *out = STATS_BASIC_TP_ALL;
        return true;
    }
    return false;
}

bool stats_degree_parse(const char *s, stats_degree_t *out)
{
    int i = parse_name(s, deg_codes, deg_zh, 3);
    if (i < 0 && !strcmp(s, "专科")) i = STATS_DEG_COLLEGE;
    if (i < 0) return false;
    *out = (stats_degree_t)i;
    return true;
}

double stats_school_enrolment(const stats_school_t *s)
{
    /* What the school's levels are computed on (part_enrolment) when every
     * level has it: a 小学 with 在校生数 1000 and 小学在校生数 900 is
     * a school of 900 for its exclusion (a teaching point's minimum, no
     * students) and its sample as for its ratios, as the register's
     * 数据打架 warning says (review of session 13). */
    unsigned parts = stats_level_parts(s->level);
    double t = 0;
    bool all = true;
    for (int p = 0; p < STATS_PART_COUNT; p++) {
        if (!(parts & (1u << p))) continue;
        double e = part_enrolment(s, (stats_part_t)p);
        if (isnan(e)) all = false;
        else t += e;
    }
    if (all) return t;
    if (!isnan(s->whole[STATS_F_ENROLMENT])) return s->whole[STATS_F_ENROLMENT];
    return t;
}
