/* stats.h - the balance-development arithmetic: enrolment-weighted
 * coefficients of variation, Wilson intervals, splitting combined schools,
 * the 7 quality-balance and 8 basic-balance indicators, per-school
 * compliance and rectification amounts (shared/domain/balance-rules.md),
 * plus stats_compute(), which runs all of it over a county database.
 *
 * The math functions are pure: no I/O, no allocation unless stated, so they
 * can be unit-tested without a database.
 *
 * Ownership: functions borrow their array arguments; stats_compute() hands
 * the caller a cJSON tree it must cJSON_Delete(). */
#ifndef JH_STATS_H
#define JH_STATS_H

#include "jh.h"

/* ---- coefficient of variation ------------------------------------------- */

/* Result of an enrolment-weighted CV (差异系数). */
typedef struct {
    int n;          /* schools (values) used */
    double total;   /* P = Σ Pi */
    double mean;    /* X̄ = Σ Pi·Xi / P */
    double sd;      /* S = sqrt(Σ (Pi/P)(Xi − X̄)²), population form */
    double cv;      /* S / X̄; NAN when X̄ is 0 or fewer than two schools were
                     * given (one school has no spread: undefined, not 0) */
} stats_cv_t;

/* Computes the CV of x[0..n) weighted by p[0..n) exactly as the national
 * rules do.  Entries with a NAN value or a weight <= 0 are skipped.  With
 * no usable entry every field except n is NAN. */
stats_cv_t stats_weighted_cv(const double *x, const double *p, int n);

/* Each entry's share of the weighted variance S²: (Pi/P)(Xi − X̄)² / S².
 * share[i] is 0 for skipped entries; all 0 when S is 0. */
void stats_cv_shares(const double *x, const double *p, int n, const stats_cv_t *cv,
                     double *share);

/* ---- proportions -------------------------------------------------------- */

typedef struct {
    double p;    /* point estimate k/n (NAN when n = 0) */
    double lo;   /* lower 95 % bound */
    double hi;   /* upper 95 % bound */
} stats_ci_t;

#define STATS_Z95 1.959963984540054

/* Wilson score interval for k successes out of n at z (use STATS_Z95). */
stats_ci_t stats_wilson(int64_t k, int64_t n, double z);

/* Difference p1 − p2 of two independent proportions with Newcombe's hybrid
 * score interval (method 10, built from the two Wilson intervals). */
stats_ci_t stats_diff_ci(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double z);

/* Rates by answers with the questionnaire as cluster (issue 19 item 12):
 * the answers of one questionnaire are not independent, so the interval is
 * Wilson's on the effective sample size M / deff, where the design effect
 * deff = V_cluster / V_srs (at least 1) compares the cluster-robust
 * variance of the ratio estimator p = Y/M,
 *     V_cluster = n/(n−1) · Σ (y_i − p·m_i)² / M²
 * (y_i satisfied and m_i valid answers of questionnaire i, n questionnaires
 * with a valid answer), with the simple-random-sample variance p(1−p)/M.
 * When it cannot be estimated (one questionnaire, or every answer alike)
 * each questionnaire counts once: deff = M/n (Korn & Graubard's effective
 * sample size approach). */
typedef struct {
    int64_t n;              /* questionnaires (clusters) with a valid answer */
    double y, m;            /* Σ y_i, Σ m_i */
    double yy, ym, mm;      /* Σ y_i², Σ y_i·m_i, Σ m_i² */
} stats_cluster_t;

/* Adds one questionnaire with y satisfied of m valid answers (m = 0: none). */
void stats_cluster_add(stats_cluster_t *c, double y, double m);

/* The interval; deff and n_eff (may be NULL) receive the design effect and
 * the effective sample size.  All NAN without a valid answer. */
stats_ci_t stats_cluster_ci(const stats_cluster_t *c, double z, double *deff, double *n_eff);

/* Difference of two independent groups' rates with Newcombe's hybrid
 * method built from the two cluster-robust intervals above. */
stats_ci_t stats_cluster_diff_ci(const stats_cluster_t *a, const stats_cluster_t *b, double z);

/* ---- schools ------------------------------------------------------------ */

typedef enum {
    STATS_LEVEL_PRIMARY = 0,      /* 小学 */
    STATS_LEVEL_JUNIOR,           /* 初中 */
    STATS_LEVEL_NINE_YEAR,        /* 九年一贯制: primary + junior */
    STATS_LEVEL_COMPLETE_MIDDLE,  /* 完全中学: junior + senior */
    STATS_LEVEL_TWELVE_YEAR,      /* 十二年一贯制: primary + junior + senior */
    STATS_LEVEL_COUNT
} stats_level_t;

typedef enum {
    STATS_LOC_URBAN = 0,  /* 城区 */
    STATS_LOC_TOWN,       /* 镇区 */
    STATS_LOC_RURAL,      /* 乡村 */
    STATS_LOC_COUNT
} stats_locality_t;

typedef enum {
    STATS_KIND_PUBLIC = 0,       /* 公办 */
    STATS_KIND_PRIVATE,          /* 民办 */
    STATS_KIND_SPECIAL,          /* 特殊教育学校 */
    STATS_KIND_VOCATIONAL,       /* 职业学校 */
    STATS_KIND_TEACHING_POINT,   /* 教学点 */
    STATS_KIND_NON_COUNTY,       /* 非县属学校: provincial, university-affiliated or
                                  * enterprise school, not run by the county */
    STATS_KIND_COUNT
} stats_kind_t;

/* The parts a school is split into.  Only primary and junior are compulsory
 * education; a senior part only takes its share of shared resources. */
typedef enum {
    STATS_PART_PRIMARY = 0,
    STATS_PART_JUNIOR,
    STATS_PART_SENIOR,
    STATS_PART_COUNT
} stats_part_t;

/* Raw counts in the school register. */
typedef enum {
    STATS_F_ENROLMENT = 0,    /* 在校生数 */
    STATS_F_TEACHERS,         /* 专任教师数 */
    STATS_F_ABOVE_QUAL,       /* 高于规定学历教师数 (when no degree breakdown is given) */
    STATS_F_DEG_COLLEGE,      /* 专科(大专)学历教师数 (optional breakdown) */
    STATS_F_DEG_BACHELOR,     /* 本科学历教师数 */
    STATS_F_DEG_POSTGRAD,     /* 研究生学历教师数 */
    STATS_F_SENIOR_TITLE,     /* 中级及以上专业技术职务教师数 */
    STATS_F_BACKBONE,         /* 县级以上骨干教师数 */
    STATS_F_PE_ART,           /* 体育、艺术专任教师数 */
    STATS_F_FLOOR,            /* 教学及辅助用房面积 m² */
    STATS_F_SPORTS,           /* 体育运动场馆面积 m² */
    STATS_F_EQUIPMENT,        /* 教学仪器设备值 元 */
    STATS_F_MULTIMEDIA,       /* 网络多媒体教室数 */
    STATS_F_COMPUTERS,        /* 计算机台数 */
    STATS_F_BOOKS,            /* 图书册数 */
    STATS_F_COUNT
} stats_field_t;

/* Per-school inputs of the government-assurance and education-quality parts
 * of the evaluation (balance-rules §3a), optional register columns: NAN when
 * not given (shown as 无数据, never as a pass).  Yes/no columns hold 1 / 0.
 * Column names: docs/bureau.md; evaluated in eval.h. */
typedef enum {
    STATS_X_CLASSES_PRIMARY = 0, /* 小学班级数 */
    STATS_X_CLASSES_JUNIOR,      /* 初中班级数 */
    STATS_X_MAXCLASS_PRIMARY,    /* 小学最大班额 */
    STATS_X_MAXCLASS_JUNIOR,     /* 初中最大班额 */
    STATS_X_MUSIC_ROOMS,         /* 音乐专用教室数 */
    STATS_X_MUSIC_AREA,          /* 最小音乐专用教室面积 m² */
    STATS_X_ART_ROOMS,           /* 美术专用教室数 */
    STATS_X_ART_AREA,            /* 最小美术专用教室面积 m² */
    STATS_X_CERTIFIED,           /* 持教师资格证专任教师数 */
    STATS_X_TRAINED,             /* 完成五年360学时培训教师数 */
    STATS_X_TRAINING_FUNDS,      /* 教师培训经费 元 */
    STATS_X_PUBLIC_FUNDS,        /* 年度公用经费 元 */
    STATS_X_CHARTER,             /* 有学校章程 (yes/no) */
    STATS_X_IT_MANAGEMENT,       /* 管理与教学信息化 (yes/no) */
    STATS_X_IT_TEACHING,         /* 教师运用信息技术教学、设备充分使用 (yes/no) */
    STATS_X_MORAL_GOOD,          /* 德育与校园文化评为良好及以上 (yes/no) */
    STATS_X_FULL_CURRICULUM,     /* 开齐开足课程 (yes/no) */
    STATS_X_NO_BURDEN,           /* 无过重课业负担 (yes/no) */
    STATS_X_COUNT
} stats_extra_t;

/* Degree counted as the required qualification's baseline. */
typedef enum {
    STATS_DEG_COLLEGE = 0,   /* 大专 (junior college) and higher */
    STATS_DEG_BACHELOR,      /* 本科 and higher */
    STATS_DEG_POSTGRAD,      /* 研究生 */
} stats_degree_t;

#define STATS_N_QUALITY 7
#define STATS_N_BASIC 8
#define STATS_N_REPORTED (STATS_N_QUALITY + STATS_N_BASIC)

/* One school of the register.  Values are NAN when not given. */
typedef struct {
    char code[64];                               /* 学校代码 */
    char name[192];                              /* 学校名称 */
    stats_level_t level;
    stats_locality_t locality;
    stats_kind_t kind;
    double whole[STATS_F_COUNT];                 /* whole-school counts */
    double part[STATS_PART_COUNT][STATS_F_COUNT]; /* counts given per level */
    double reported[STATS_N_REPORTED];           /* ratios the file states (L1..L7, B1..B8), to check */
    double extra[STATS_X_COUNT];                 /* evaluation inputs (§3a), NAN when not given */
    int line;                                    /* line in the register file */
} stats_school_t;

/* The two sets of figures, each with its own list of schools left out
 * (balance-rules §1, §2). */
typedef enum {
    STATS_SET_QUALITY = 0,  /* 优质均衡 (2017): L1–L7 CVs, per-school compliance, rectification */
    STATS_SET_BASIC,        /* 基本均衡 (2012): B1–B8 CVs and their composite */
    STATS_SET_COUNT
} stats_set_t;

/* Which teaching points the basic-balance figures leave out. */
typedef enum {
    STATS_BASIC_TP_ALL = 0,     /* the 2012 rules: every (primary) teaching point, whatever
                                 * its size (default) */
    STATS_BASIC_TP_THRESHOLD,   /* as the quality figures: those below min_teaching_point */
    STATS_BASIC_TP_COUNT
} stats_basic_tp_t;

/* Choices the rules leave open; stats_rules_default() gives the documented
 * defaults. */
typedef struct {
    int min_teaching_point;          /* quality figures: teaching points below this are left out (50) */
    stats_degree_t qual_primary;     /* "required qualification" baseline, primary (大专) */
    stats_degree_t qual_junior;      /* junior (本科) */
    stats_basic_tp_t basic_teaching_points; /* basic figures' teaching points (all, the 2012 rule) */
} stats_rules_t;

stats_rules_t stats_rules_default(void);

/* A school's enrolment: the sum of its levels' counts when every level has
 * one (a single-level school's own level count, else its whole count),
 * else the whole school's count, else the sum of the counts given (0 when
 * none is given).  The sample the bureau
 * asks of a school is shared by it (kiosk-pack and stats agree). */
double stats_school_enrolment(const stats_school_t *s);

/* Weighted-enrolment factor of a part: primary 1, junior 1.1, senior 1.32
 * (so 1 : 1.1 nine-year, 1 : 1.2 complete middle, 1 : 1.1 : 1.32 twelve-year). */
double stats_part_weight(stats_part_t part);

/* Parts a school level consists of (bit mask of 1 << stats_part_t). */
unsigned stats_level_parts(stats_level_t level);

/* Why a school is left out of one set of figures (a sentence in English
 * with the Chinese term), or NULL when it is included.  Both sets leave out
 * special-education, vocational and private schools and schools without
 * students (enrolment 0).  The quality set (balance-rules §1) also leaves
 * out teaching points below r->min_teaching_point; the basic set (§2) also
 * leaves out schools not run by the county (STATS_KIND_NON_COUNTY) and, by
 * r->basic_teaching_points, every teaching point or only those below the
 * minimum.  The quality set keeps a school not run by the county: §1 does
 * not list them. */
const char *stats_school_exclusion_in(const stats_school_t *s, const stats_rules_t *r, stats_set_t set);
/* The same reason in Chinese only, for the report (NULL when included). */
const char *stats_school_exclusion_in_zh(const stats_school_t *s, const stats_rules_t *r, stats_set_t set);
/* stats_school_exclusion_in(s, r, STATS_SET_QUALITY): the schools left out
 * of the quality figures, compliance, rectification and the evaluation. */
const char *stats_school_exclusion(const stats_school_t *s, const stats_rules_t *r);
const char *stats_school_exclusion_zh(const stats_school_t *s, const stats_rules_t *r);

/* "all" / "threshold" and back (stats.json options.basic_teaching_points,
 * --basic-teaching-points); parse accepts "2012" for all. */
const char *stats_basic_tp_code(stats_basic_tp_t t);
bool stats_basic_tp_parse(const char *s, stats_basic_tp_t *out);
/* "quality" / "basic" and 优质均衡 / 基本均衡. */
const char *stats_set_code(stats_set_t set);
const char *stats_set_zh(stats_set_t set);

/* The reason stats_school_exclusion gives a school without students. */
extern const char stats_school_exclusion_empty[];

/* A compulsory-education part of a school after splitting. */
typedef struct {
    stats_part_t part;              /* STATS_PART_PRIMARY or STATS_PART_JUNIOR */
    double enrolment;               /* Pi */
    double v[STATS_F_COUNT];        /* raw amounts attributed to the part; ABOVE_QUAL resolved */
    double share[STATS_F_COUNT];    /* fraction of the school's amount attributed (1 = own) */
    double weight_share;            /* this part's share of the weighted enrolment */
} stats_unit_t;

/* Splits a school into its primary and junior parts.  Counts given per
 * level are used as they are; other counts are divided in proportion to the
 * weighted enrolment of each part (balance-rules §1).  Teachers above the
 * required qualification come from the degree breakdown and the rules'
 * baseline when the breakdown is given, else from the ABOVE_QUAL count.
 * A combined school's part without students (enrolment 0) is not a school
 * of that level and gets no unit.  Writes up to 2 units and returns how
 * many. */
int stats_split_school(const stats_school_t *s, const stats_rules_t *r, stats_unit_t out[2]);

/* ---- indicators ----------------------------------------------------------- */


typedef struct {
    const char *code;       /* "L1".."L7" / "B1".."B8" */
    const char *name_zh;    /* 每百名学生拥有高于规定学历教师数 */
    const char *name_en;
    const char *unit;       /* "per 100 students", "m² per student" ... */
    stats_field_t field;    /* the numerator */
    double scale;           /* 100 for per-100 indicators, else 1 */
    double standard[2];     /* quality: primary, junior standard; basic: 0 */
    const char *need_zh;    /* what a shortfall is counted in: "名高于规定学历教师" */
    const char *need_en;    /* "teachers above the required qualification" */
    int decimals;           /* decimals of a needed amount (0 = whole count) */
} stats_indicator_t;

const stats_indicator_t *stats_quality_indicator(int i);  /* 0..6 */
const stats_indicator_t *stats_basic_indicator(int i);    /* 0..7 */
/* Indicator r of the reported set: 0..6 quality, 7..14 basic. */
const stats_indicator_t *stats_reported_indicator(int r);

/* Whether a ratio stated in the register disagrees with the one recomputed
 * from its counts by more than rounding (1 %, at least 0.005). */
bool stats_reported_differs(double reported, double recomputed);

/* Value of an indicator for a unit: scale · v[field] / enrolment (NAN when
 * the count is missing or the enrolment is 0). */
double stats_indicator_value(const stats_indicator_t *ind, const stats_unit_t *u);

/* CV limits: quality per indicator 0.50 / 0.45, basic composite 0.65 / 0.55. */
double stats_quality_cv_limit(stats_part_t part);
double stats_basic_cv_limit(stats_part_t part);

/* The one comparison of a recomputed figure with a limit or a standard,
 * used by stats.json, the evaluation, the CSV files and every report: a
 * relative tolerance of 1e-9 absorbs floating-point rounding, so a CV that
 * is mathematically 0.5 but computes as 0.5000000000000001 is within 0.50,
 * and 21 teachers for 500 students meet 4.2 per 100.  False when v or the
 * bound is NAN. */
bool stats_within_limit(double v, double limit);   /* v ≤ limit */
bool stats_meets_standard(double v, double standard); /* v ≥ standard */

/* Per-school compliance with the quality-balance standards: at least 6 of
 * the 7 meet the standard and any remaining one reaches 85 % of it. */
typedef struct {
    int met;                       /* standards met */
    int missing;                   /* indicators that could not be computed */
    bool pass;
    bool meets[STATS_N_QUALITY];
    double ratio[STATS_N_QUALITY]; /* value / standard */
} stats_compliance_t;

stats_compliance_t stats_unit_compliance(const stats_unit_t *u);

/* What it takes to meet indicator i's standard, in the school's own raw
 * units (teachers, m², yuan, rooms): for a resource shared between parts the
 * amount the whole school must add so this part reaches the standard.
 * Whole counts are rounded up.  0 when the standard is met; NAN when the
 * value cannot be computed. */
double stats_unit_shortfall(const stats_unit_t *u, int i);

/* Of the units u[0..n) of one school, the unit whose shortfall in quality
 * indicator i overlaps unit k's: both levels' values are parts of one
 * whole-school count (share < 1) and both are short, so each amount is the
 * whole school's and they are not to be added (the larger fixes both;
 * review rclerk9 item 1).  NULL when none. */
const stats_unit_t *stats_unit_overlap(const stats_unit_t *u, int n, int k, int i);

/* The note that goes with such an amount wherever it is written (stats.json,
 * rectification.csv, the plan): "（全校数量，与本校初中所缺重叠，不可相加，
 * 取较大者）", or in English when !zh; `other` is the overlapping unit. */
void stats_overlap_note(const stats_unit_t *other, bool zh, char *buf, size_t n);

/* Decimals (at least `decimals`, at most 8) with which v shown as "%.*f"
 * differs from ref shown the same way, so a value never looks equal to a
 * standard, limit or threshold it is not equal to (0.8997 against 0.90:
 * 4 decimals).  `decimals` when v equals ref (within the tolerance of
 * stats_within_limit) or either is not finite.
 * For percentages pass v·100 and ref·100 (issue 19 item 14).  Apart also as
 * a spreadsheet rounds (15 significant digits, a 5 away from zero): 3.82495
 * against 3.825 takes 5 decimals, not printf's "3.8249" that Excel shows
 * as 3.8250 (review rclerk6 item 6). */
int stats_apart_decimals(double v, double ref, int decimals);

/* Decimals (at least `decimals`, at most 8) with which a CV's mean and SD,
 * both shown as "%.*f", give back the CV shown with cv_decimals (SD / mean
 * of the shown numbers): an SD of 2 decimals could not (review rclerk9
 * item 8).  `decimals` when mean, sd or cv is not a number or mean is 0. */
int stats_cv_decimals(double mean, double sd, double cv, int decimals, int cv_decimals);

/* Formats a county fact as it was entered: the fewest significant digits
 * (6 to 17) that read back as v ("99.99996", not "100", against a standard
 * of 100; "112345.6" beside "112345.8"), so it never looks equal to a
 * standard or another fact it is not equal to. */
void stats_format_fact(double v, char *out, size_t n);

/* Formats a number with thousands separators ("1,240", "3,417.5"). */
void stats_format_amount(double v, int decimals, char *out, size_t n);

/* Puts thousands separators into the whole part of s, a number as printf
 * wrote it ("98600" -> "98,600", "1428.57" -> "1,428.57"), in place (s holds
 * n bytes; a text with an exponent, or that would not fit, stays as it is). */
void stats_group_thousands(char *s, size_t n);

/* ---- the county computation ------------------------------------------------ */

struct county;
struct cJSON;

typedef struct {
    int min_group;             /* groups with fewer questionnaires are suppressed (5) */
    double threshold;          /* social recognition pass mark (0.85) */
    int top_contributors;      /* schools listed for a CV over its limit (3) */
    int64_t population;        /* resident population for the sample-size rule; 0 = unknown */
    double locality_tolerance; /* sample: the largest gap between a locality's share of the
                                * sample and of the population that still counts as "in
                                * proportion" (0.10; the rules give none, issue 18) */
    stats_rules_t rules;
    int64_t now_ms;            /* time stamped into the document */
    int64_t until_ms;          /* answers of this day or later belong to a later round (the
                                  round being opened: junheng round); 0: no end */
} stats_opts_t;

stats_opts_t stats_opts_default(void);

/* Computes everything `junheng stats` reports from the county database:
 * satisfaction (by item, topic, school, role, locality), social recognition
 * by both methods, the satisfaction balance between schools, the 7 + 8
 * indicators per school, compliance, CVs per level, the rectification list,
 * response quality, sample composition and the import log.  The document's
 * schema is docs/stats-json.md.  On success *out is a new cJSON object
 * owned by the caller (cJSON_Delete).  Memory does not grow with the number
 * of responses (they are aggregated as they are read). */
jh_status_t stats_compute(struct county *c, const stats_opts_t *o, struct cJSON **out,
                          jh_err_t *err);

/* Writes the CSV files (UTF-8 with a BOM, Chinese headers) of a document
 * made by stats_compute into dir (created if needed), each atomically.
 * Borrows doc.  The names written are listed in docs/stats-json.md. */
jh_status_t stats_write_csv(const struct cJSON *doc, const char *dir, jh_err_t *err);

/* stats_write_csv in two parts that can be written side by side: part 0
 * the summary, satisfaction, school, balance, rectification and import log
 * files; part 1 the evaluation, trend, school changes and rectification
 * status files (the largest, evaluation.csv, about as long to make as all
 * of part 0).  stats_write_csv is part 0, then part 1. */
jh_status_t stats_write_csv_part(const struct cJSON *doc, const char *dir, int part, jh_err_t *err);

/* The text cJSON_Print(doc) gives, byte for byte (tabs, "[a, b]" arrays,
 * numbers and escapes as cJSON 1.7 prints them), without its cost: a new
 * NUL-terminated heap string the caller frees, *len (may be NULL) its
 * length; NULL when doc holds an item cJSON could not print either. */
char *stats_json_print(const struct cJSON *doc, size_t *len);

/* Makes doc, in place, what cJSON_Parse(cJSON_PrintUnformatted(doc)) would
 * give back (cJSON 1.7's print_number and parse_number): each number
 * becomes the value its printed text reads back as (15 significant digits
 * when they give it back within DBL_EPSILON, else 17, which give it
 * exactly), with valueint set as the parser sets it; NaN and infinities, printed as
 * null, become null; true gets valueint 1.  Strings, names and structure
 * print and parse back as they are.  What `junheng report` renders from, without printing and
 * parsing ~23 MB for a 2,000-school county (issue 20). */
void stats_json_as_printed(struct cJSON *doc);

/* Writes dir/stats.json (stats_json_print) and the CSV files
 * (stats_write_csv) as one set: each durably (jh_write_file_durable) into a
 * temporary folder dir/.junheng-stats-XXXXXX, the CSV files on two more
 * threads (stats_write_csv_part) while the JSON is printed, then all moved
 * into dir together (jh_place_set).  On a failure the older files in dir
 * stay as they were and err says so.  Creates dir.
 * Borrows doc. */
jh_status_t stats_write_out(const struct cJSON *doc, const char *dir, jh_err_t *err);

/* Writes doc to path as stats_json_print prints it, atomically and durably
 * (jh_write_file_durable_with), printed in pieces of a megabyte as they are
 * written (the text is never held whole: 23 MB for a 2,000-school county).
 * Borrows doc. */
jh_status_t stats_write_json(const struct cJSON *doc, const char *path, jh_err_t *err);

/* Whether a spreadsheet would read text s as a formula (it starts with =,
 * +, -, @, a tab or CR); stats_write_csv writes such a cell with a leading
 * apostrophe. */
bool stats_csv_formula_like(const char *s);
/* Appends one CSV field (after a comma unless first), quoted where needed.
 * Text that a spreadsheet would run as a formula gets a leading
 * apostrophe; a plain number ("-3.5") is written as it is.  Every CSV the
 * bureau tool writes goes through this or stats_write_csv. */
void stats_csv_cell(jh_buf_t *b, const char *s, bool first);
/* The inverse of stats_csv_cell's apostrophe, for a cell read back (the
 * rectification plan's filled columns): s without one leading apostrophe
 * when what follows is text stats_csv_cell would have given one (it starts
 * with =, +, -, @, a tab or CR after any apostrophes and is not a plain
 * number), else s.  Writing then reading gives every text back as it was
 * ("-x", "'abc", "'=x", "'-3").  Borrows s; the result points into it. */
const char *stats_csv_cell_unescape(const char *s);
/* stats_csv_cell for a school code: a code of digits only ("0101",
 * "360102000001") gets a leading tab, so that Excel and WPS open it as
 * text with its digits whole (neither an apostrophe, which they show, nor
 * a ="0101" formula); junheng's CSV reader trims the tab. */
void stats_csv_code_cell(jh_buf_t *b, const char *s, bool first);
/* The value at a dotted path ("county.recognition.rate") of a statistics
 * document, or NULL.  Borrowed from o. */
const struct cJSON *stats_json_path(const struct cJSON *o, const char *path);

/* ---- names ------------------------------------------------------------------ */
const char *stats_level_code(stats_level_t l);       /* "primary", "nine_year", ... */
const char *stats_level_zh(stats_level_t l);         /* "小学", "九年一贯制", ... */
const char *stats_locality_code(stats_locality_t l); /* "urban", "town", "rural" */
const char *stats_locality_zh(stats_locality_t l);   /* "城区", "镇区", "乡村" */
const char *stats_kind_code(stats_kind_t k);
const char *stats_kind_zh(stats_kind_t k);
const char *stats_part_code(stats_part_t p);         /* "primary", "junior", "senior" */
const char *stats_part_zh(stats_part_t p);           /* "小学", "初中", "高中" */
const char *stats_degree_code(stats_degree_t d);     /* "college", "bachelor", "postgrad" */
const char *stats_degree_zh(stats_degree_t d);       /* "大专", "本科", "研究生" */
/* Whether a respondent role's questionnaire asks about the whole county
 * rather than the school where it was answered: the public's ("public",
 * 校长和社会人士: principals, deputies, CPPCC members, residents).  Its
 * answers count in the county's and the role's figures, never in a
 * school's (review rgroups7 item 1). */
bool stats_role_county_level(const char *role);

/* Parses a code or Chinese name; returns false when unknown. */
bool stats_level_parse(const char *s, stats_level_t *out);
bool stats_locality_parse(const char *s, stats_locality_t *out);
bool stats_kind_parse(const char *s, stats_kind_t *out);
bool stats_degree_parse(const char *s, stats_degree_t *out);

#endif
