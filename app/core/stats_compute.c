/* stats_compute.c - stats_compute(): runs the balance arithmetic of stats.c
 * over a county database and builds the stats JSON document (schema in
 * docs/stats-json.md). */
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "county.h"
#include "eval.h"
#include "pack.h"
#include "readahead.h"
#include "rectify.h"
#include "rounds.h"
#include "schools.h"
#include "stats.h"
#include "survey.h"
#include "i18n.h"
#include "json_arena.h"
#include "json_cs.h" /* after every header: constant keys */

#define STATS_FORMAT_VERSION 1

/* ---- method texts, quoted next to every number ----------------------------- */

static const char *M_ANSWERS =
    "满意率（按题次）= 各题“满意”类答案数 / 有效答案数；“不了解”等排除项不计入分母。"
    " Satisfaction by answers: satisfied answers / valid answers over every rated item; "
    "options flagged excluded (don't know) count in no denominator. The satisfied set is the "
    "questionnaire's own (options flagged satisfied).";
static const char *M_QUESTIONNAIRES =
    "满意率（按问卷）= 总体评价题答“满意”类的问卷数 / 总体评价题有效作答的问卷数；"
    "没有总体评价题的问卷，至少一道计分题有效作答即为有效问卷，有效答案中至少一半为“满意”类即为满意问卷。"
    " Satisfaction by questionnaires: questionnaires whose overall-judgement item is "
    "satisfied / questionnaires with a valid (not excluded) overall judgement; a questionnaire "
    "without an overall item is valid with at least one valid rated answer and satisfied when "
    "at least half of its valid rated answers are satisfied.";
static const char *M_WILSON =
    "95% 置信区间：按问卷计的比率用 Wilson 区间；按题次计的比率以问卷为群（同一问卷的各题答案并不独立），"
    "用群稳健方差求设计效应 deff，再以有效样本量（有效答案数 / deff）求 Wilson 区间；城乡差距的区间由这两个"
    "区间按 Newcombe 法合成，区间含 0 即不称“显著”。 95 % confidence intervals: rates by questionnaires "
    "use Wilson's score interval (z = 1.96). Rates by answers treat the questionnaire as a cluster (its "
    "answers are not independent): the design effect deff = V_cluster / V_srs (at least 1) compares the "
    "cluster-robust variance of the ratio, n/(n−1)·Σ(y_i − p·m_i)²/M², with p(1−p)/M, and the interval is "
    "Wilson's on the effective sample size M/deff (when the variance cannot be estimated each questionnaire "
    "counts once). Gaps combine two such intervals by Newcombe's method; a gap whose interval includes 0 "
    "is not called significant.";
static const char *M_SUPPRESS =
    "样本少于最小组规模的分组不公布比率和人数，以免识别个人；并作补充隐藏：若某一合计与其各组成部分中只有一项被隐藏，"
    "再隐藏其中最小的一项，使任何被隐藏的数字都无法由公布的合计和其余部分相减推算出来；某一对象被隐藏时，"
    "其各题、各方面、各版本和问卷份数一并隐藏（总体评价题的满意率即该对象按问卷的满意率，"
    "必答题的作答数即该对象的人数）。 Groups with fewer "
    "questionnaires than the minimum group size are suppressed (rates and counts left out) so that no person "
    "can be identified, with complementary suppression: wherever a total and its parts (county = roles = "
    "localities + the public = schools + the public, school = its roles but the public, role = its schools' cells "
    "(the public's as counted in the sample by school), role = its topics (a topic is kept "
    "apart per role), topic = its items, role = without flagged + flagged) would leave exactly one "
    "hidden figure, the smallest other part (or the total) is hidden too, so no hidden figure can be "
    "derived by subtraction. A hidden role hides its items, topics, versions and questionnaire counts with "
    "it (its overall item's rate is its rate by questionnaires, a required item's count is its count). "
    "suppressed_reason says which: small or complementary.";
static const char *M_VERSIONS =
    "版本并列：同一轮中同一问卷（编号相同）有几个版本的答卷时，各版本分列答卷数和满意率。某题在各版本中完全相同"
    "（题号、题型、主题、各语言的题干、选项代码和文字、计为满意和不计入的选项、量表类型、0–10 分题的满意分数线都相同）"
    "才跨版本合并计算该题，并计入主题的合并结果；有差异或只在某一版本中出现的题按版本分列，其主题也按版本单列，"
    "不与合并结果相混。社会认可度（全县、各群体、各校）把各版本的答卷合并计数：每份答卷按它所答版本的题目和满意选项计分。"
    " Versions side by side: when a round holds answers to several versions of one questionnaire id, each "
    "version's questionnaires and rates are listed. An item counts across versions (and in its topic's combined "
    "figure) only when it is the same in every version: same id, type and topic, the same question in every "
    "locale, the same option codes and labels, the same satisfied and excluded sets, the same scale kind and, "
    "for 0-10 ratings, the same satisfied_min. An item that differs, or is in one version only, is reported per "
    "version, and so is its topic; it is never mixed into the combined topic. Social recognition (county, "
    "groups, schools) pools the questionnaires of all versions, each scored against the items and satisfied "
    "set of the version it answered.";
static const char *M_VALID =
    "有效问卷：已提交、且至少一道评价题有效作答（不是“不了解”等排除项，也不是未答）的问卷；中途放弃的问卷不计入"
    "满意率；评价题全部答“不了解”或未答的问卷算已收回，但不是有效问卷（不计入有效问卷数、样本量、家长占比和有效率的分子）。"
    " Valid questionnaires are the submitted ones with at least one valid rated answer (not 'don't know' or "
    "another excluded option, not skipped); abandoned questionnaires count in no rate; a questionnaire whose "
    "rated items are all 'don't know' or skipped is collected but not valid (it counts in no valid count, sample "
    "size, parents' share or valid share's numerator).";
static const char *M_CV =
    "差异系数 CV = S / X̄，X̄ = ΣPiXi / ΣPi，S = sqrt(Σ(Pi/P)(Xi − X̄)²)，按在校生数加权（总体形式）。"
    " Coefficient of variation weighted by enrolment, population form, separately for "
    "primary and junior parts of schools.";
static const char *M_SPLIT =
    "九年一贯制学校按加权在校生数拆分（小学:初中 = 1:1.1；完全中学 初中:高中 = 1:1.2；"
    "十二年一贯制 1:1.1:1.32），共用资源按加权在校生数比例分配；分学段填报的数据直接使用。"
    " Combined schools are split by weighted enrolment (primary 1, junior 1.1, senior 1.32); "
    "shared resources are divided in proportion; counts given per level are used as given."
    " 只按全校填报的教师数（专任教师、学历、职称、骨干、体育艺术教师）同样按加权在校生数比例"
    "分到各学段：评估规则对此未作规定，这是本工具的默认做法，涉及的学校列在数据提示中；"
    "在学校名册中分学段填报即可避免（列名为学段加原列名，如 小学专任教师数、初中专任教师数）。 Teacher counts (full-time, qualification, title, "
    "backbone, PE/art teachers) given only for the whole school are divided between levels "
    "by weighted enrolment in the same way: the rules do not state this; it is Junheng's "
    "default, each school concerned is named in the warnings, and giving the counts per "
    "level in the register avoids it (columns such as teachers_primary and teachers_junior).";
static const char *M_EXCLUDE =
    "优质均衡（L1–L7 差异系数、学校达标、整改清单）计算时不含特殊教育学校、职业学校、民办学校和"
    "在校生不足规定人数的教学点；非县属学校不在此列，照常计入。"
    " Quality figures (L1–L7 CVs, per-school compliance, rectification) leave out "
    "special-education schools, vocational schools, private schools and teaching points below "
    "the minimum enrolment; schools not run by the county are not on that list and are counted.";
static const char *M_BASIC_EXCLUDE_ALL =
    "基本均衡（B1–B8 差异系数及综合差异系数）按 2012 年规则：不含特殊教育学校、职业学校、民办学校、"
    "非县属学校（省属、高校附属、企业办学校）和全部小学教学点（不论人数）。"
    " Basic figures (B1–B8 CVs and their composite), 2012 rules: left out are special-education, "
    "vocational and private schools, schools not run by the county (provincial, "
    "university-affiliated, enterprise schools) and every primary teaching point, whatever its size.";
static const char *M_BASIC_EXCLUDE_THRESHOLD =
    "基本均衡（B1–B8 差异系数及综合差异系数）按优质均衡的教学点口径：不含特殊教育学校、职业学校、"
    "民办学校、非县属学校和在校生不足规定人数的教学点（--basic-teaching-points threshold，"
    "非 2012 年规则的默认做法）。"
    " Basic figures (B1–B8 CVs and their composite) with the quality figures' teaching-point "
    "threshold: left out are special-education, vocational and private schools, schools not run "
    "by the county and teaching points below the minimum enrolment (--basic-teaching-points "
    "threshold, not the 2012 rules' default).";
static const char *M_COMPLIANCE =
    "每所学校 7 项指标至少 6 项达到标准，其余 1 项不低于标准的 85%。 Each school: at "
    "least 6 of the 7 quality indicators meet the standard and the remaining one reaches "
    "85 % of it.";
static const char *M_QUALITY_CV =
    "优质均衡：每项指标的差异系数小学 ≤ 0.50、初中 ≤ 0.45。 Quality balance: the CV of "
    "each indicator at most 0.50 (primary) and 0.45 (junior); the composite (mean of the "
    "seven) is shown for information.";
static const char *M_BASIC_CV =
    "基本均衡：8 项指标差异系数的算术平均（综合差异系数）小学 ≤ 0.65、初中 ≤ 0.55。 Basic "
    "balance: the mean of the eight CVs at most 0.65 (primary) and 0.55 (junior).";
static const char *M_CONTRIB =
    "贡献份额 = (Pi/P)(Xi − X̄)² / S²。 A school's share of the weighted variance, "
    "(Pi/P)(Xi − X̄)² / S²: the schools that raise the CV most.";
static const char *M_SHORTFALL =
    "整改所需数量 = 标准 × 在校生数 − 现有数量；共用资源按该学段分配比例折算为全校需增加量，"
    "人数和间数向上取整。 Amount needed = standard × enrolment − current amount; for "
    "resources shared between levels, the amount the whole school must add given the part's "
    "share; rounded up to whole units.";
static const char *M_BALANCE_SAT =
    "学校满意率差异系数：各校满意率（首要口径）按该学段在校生数加权。计入的学校：在学校名册中、参与优质均衡计算"
    "（不含特殊教育学校、职业学校、民办学校、没有在校生的学校和在校生不足规定人数的教学点，同优质均衡差异系数），"
    "且满意率公布的学校，"
    "即有效问卷不少于最小组规模、也未因防推算而隐藏（互补隐藏）；隐藏的学校不计入，因为计入后其满意率可由公布的平均值"
    "和其他学校的满意率推算出来。"
    " CV of school satisfaction rates (headline method) weighted by the enrolment of the "
    "level. Schools counted: in the register, in the quality set (no special-education, vocational or "
    "private schools, no school without students, no teaching points below the minimum enrolment, as for "
    "the quality CVs), and with "
    "their rate published: at least the minimum group size and not hidden against derivation "
    "(complementary suppression). A hidden school is left out because, counted, its rate would follow "
    "from the published mean and the other schools' rates.";
static const char *M_GAP =
    "城乡差距 = 城区满意率 − 乡村满意率，95% 置信区间采用 Newcombe 混合得分法。 Urban–rural "
    "gap = urban rate − rural rate (headline method), 95 % interval by Newcombe's hybrid "
    "score method built from Wilson intervals (by answers: the cluster-robust intervals of the "
    "confidence_interval method). A school's locality comes from the register, "
    "else from its kiosk settings.";
static const char *M_SAMPLE =
    "抽样要求（省级方案常见）：家长不少于 50%，城区/镇区/乡村比例与人口比例相当，有效问卷不少于 70%，"
    "样本量约为常住人口的 1.5‰（人口 40 万以下不少于 600）。人口比例以名册在校生数近似。"
    " Sampling rules seen in provincial plans: parents at least 50 %, urban/town/rural shares "
    "in proportion to population (approximated by register enrolment), valid questionnaires at "
    "least 70 % of those started, sample about 1.5 per mille of the resident population (at "
    "least 600 below 400,000).";
static const char *M_SAMPLE_RULES =
    "抽样要求的判定：家长问卷不少于有效问卷的 50%；有效问卷（已提交且至少一道评价题有效作答）不少于开始作答的 70%；样本量不少于常住人口的"
    " 1.5‰（人口 40 万以下不少于 600 份）；城区/镇区/乡村在样本中的比例与人口比例之差不超过容差（规则未规定容差，"
    "本工具默认 10 个百分点，报告中注明所用的值）。答题人所在城乡取自问卷中标明为居住地的题目的回答，"
    "未答或选“不愿回答”的不计入比例；没有任何问卷含此题时按学校所在城乡计。人口比例以名册在校生数近似。各校的目标样本量"
    "为全县样本量按在校生数分到各校（向上取整，与生成名册包时按常住人口写入的各校目标相同）；各校不单独判定城乡比例。"
    "学生、家长、教师、社会公众都应有有效问卷，社会公众中的校长、人大代表、政协委员（按社会公众问卷身份题的回答）"
    "也都应有；缺任何一组即不符合抽样要求，社会公众问卷没有身份题时这三组无法判断。"
    " Sampling rules: parents at least 50 % of the valid questionnaires; valid questionnaires (submitted, with a valid rated "
    "answer) at least 70 % of those started; at least 1.5 per mille of the resident population (600 below 400,000); each locality's share of "
    "the sample within the tolerance of its share of the population (the rules give no tolerance; Junheng's default is "
    "10 percentage points, stated as sample.rules.locality_tolerance). The respondent's locality is the answer to the questionnaire's "
    "locality item; unanswered or 'prefer not to say' count in no share; when no questionnaire has the item the "
    "school's locality is used. Population shares are approximated by register enrolment. A school's target is the "
    "county's sample shared by enrolment, rounded up (the same as junheng kiosk-pack --population writes into the "
    "county pack); localities are judged for the county only. Students, parents, teachers and the public must each "
    "have valid questionnaires, and within the public principals, NPC deputies and CPPCC members (by the public "
    "questionnaire's identity item): a group missing fails the sampling rules; without an identity item those three "
    "cannot be judged.";
static const char *M_GROUPS =
    "社会认可度按问卷声明的口径计算，各对象（学生、家长、教师、社会公众）的答案合并计算、不按对象加权"
    "（评估规则只规定满意率 = 满意答案数 / 有效答案数，没有规定对象权重）；各对象在样本中的比例由抽样要求控制"
    "（家长不少于 50%）。各对象的满意率单独列出，供参考。 Social recognition uses the method the questionnaires "
    "declare, with the answers of every group (students, parents, teachers, the public) pooled, not weighted by "
    "group: the rules define the rate as satisfied answers / valid answers and give no group weights; the sampling "
    "rules (parents at least 50 %) govern each group's share. Each group's own rate is listed beside it.";
static const char *M_PUBLIC_SCOPE =
    "社会公众问卷（校长、人大代表、政协委员和其他社会人士）问的是全县的情况，其答案只计入全县和社会公众的结果，"
    "不计入答题机所在学校的结果（各校及各校分对象的满意率、排名和结论、学校满意率差异系数、分城乡结果、学校留言），"
    "也不计入该校的样本（目标样本量、家长比例、有效问卷比例）；只计入全县样本，全县样本的城乡构成按收集问卷的学校所在城乡计数。"
    " The public's questionnaire (principals, people's congress deputies, CPPCC "
    "members, other residents) asks about the county: its answers count in the county's and the public's figures "
    "only, never in those of the school whose kiosk took them (by_school, by_school_role, ranks and verdicts, the "
    "between-school balance, by_locality, the school's comments), nor in that school's sample (its target, parents' "
    "share, valid share); they count in the county's sample only, whose shares by locality count them at the "
    "locality of the school that collected them.";
static const char *M_UNREGISTERED =
    "未在学校名册中的学校的问卷不计入任何全县结果（社会认可度、分角色、分城乡、各题、样本构成），"
    "单独列出，待该校登记入名册后再计入。 Questionnaires from schools not in the register are held out "
    "of every county figure (social recognition, roles, localities, items, sample) and shown apart "
    "until the school is registered (junheng schools). Without a register nothing is held out.";
static const char *M_FLAGS =
    "质量标记：答题过快、所有题目同一答案、同一答题机数秒内连续提交。标记的问卷保留，同时给出剔除后的结果。"
    " Quality flags: too fast, the same answer to every rated item, a burst of submissions "
    "from one kiosk. Flagged questionnaires are kept; headline figures are also shown "
    "without them.";

/* ---- groups ----------------------------------------------------------------- */

typedef enum {
    G_COUNTY = 0,
    G_COUNTY_CLEAN,  /* county without flagged questionnaires */
    G_ITEM,
    G_TOPIC,
    G_SCHOOL,
    G_ROLE,
    G_LOCALITY,
    G_SCHOOL_ROLE,
    G_ROLE_CLEAN,
    G_VERSION,       /* one version of a questionnaire id: a = id, b = version label */
    G_KINDS
} gkind_t;

typedef struct {
    gkind_t kind;
    char *a, *b;                 /* key parts (b may be "") */
    int64_t n;                   /* questionnaires (items: questionnaires answering) */
    int64_t n_rated;             /* of n: with a valid rated answer (the valid questionnaires
                                  * of the sample, review rgroups7 item 4) */
    int64_t ans_sat, ans_valid, ans_excl;
    int64_t q_sat, q_valid;
    int64_t flagged;
    stats_cluster_t cl;          /* answers by questionnaire, for the cluster-robust interval */
    bool primary;                /* fewer questionnaires than the minimum group */
    bool hidden;                 /* not published: primary, or complementary suppression */
    bool held;                   /* G_SCHOOL / G_SCHOOL_ROLE of a school not in the register */
    char *loc;                   /* G_SCHOOL: locality of its responses (first seen) */
    bool loc_mixed;              /* G_SCHOOL: responses from more than one locality */
    int item_index;              /* G_ITEM: index in its survey (for text) */
    const survey_t *survey;      /* G_ITEM / G_TOPIC: a survey defining it (borrowed from cache) */
    const char *version;         /* G_ITEM / G_TOPIC: the version label when the item differs
                                  * between the versions in the round (kept apart), else NULL;
                                  * borrowed from the cache */
    int topic_g;                 /* G_ITEM: its G_TOPIC group (-1 until set) */
} group_t;

typedef struct {
    group_t *g;
    int n, cap;
    int *slots;                  /* open addressing, -1 empty */
    int n_slots;
    bool frozen;                 /* set once the responses are read: no group is added
                                  * after it, so pointers into g stay valid (group_find) */
} groups_t;

static uint64_t hash3(int kind, const char *a, const char *b)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
    for (const char *p = a; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
    for (const char *p = b; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

/* The index of a group, or -1 when it does not exist; never adds one, so
 * pointers into gs->g stay valid. */
static int group_find(const groups_t *gs, gkind_t kind, const char *a, const char *b)
{
    if (!b) b = "";
    if (!gs->n_slots) return -1;
    uint64_t h = hash3(kind, a, b);
    int s = (int)(h & (uint64_t)(gs->n_slots - 1));
    while (gs->slots[s] >= 0) {
        const group_t *g = &gs->g[gs->slots[s]];
        if (g->kind == kind && !strcmp(g->a, a) && !strcmp(g->b, b)) return gs->slots[s];
        s = (s + 1) & (gs->n_slots - 1);
    }
    return -1;
}

/* The index of a group, added when new.  Adding may move gs->g (realloc):
 * hold indices, not pointers, across calls, and use group_find once the
 * groups are frozen. */
static int group_get(groups_t *gs, gkind_t kind, const char *a, const char *b)
{
    if (!b) b = "";
    if (gs->frozen) {
        int i = group_find(gs, kind, a, b);
        JH_EXPECT(i >= 0); /* a group added after the pointers were taken */
        return i;
    }
    if (gs->n * 2 >= gs->n_slots) {
        int ns = gs->n_slots ? gs->n_slots * 2 : 256;
        int *slots = jh_xmalloc((size_t)ns * sizeof *slots);
        for (int i = 0; i < ns; i++) slots[i] = -1;
        for (int i = 0; i < gs->n; i++) {
            uint64_t h = hash3(gs->g[i].kind, gs->g[i].a, gs->g[i].b);
            int s = (int)(h & (uint64_t)(ns - 1));
            while (slots[s] >= 0) s = (s + 1) & (ns - 1);
            slots[s] = i;
        }
        free(gs->slots);
        gs->slots = slots;
        gs->n_slots = ns;
    }
    uint64_t h = hash3(kind, a, b);
    int s = (int)(h & (uint64_t)(gs->n_slots - 1));
    while (gs->slots[s] >= 0) {
        group_t *g = &gs->g[gs->slots[s]];
        if (g->kind == kind && !strcmp(g->a, a) && !strcmp(g->b, b)) return gs->slots[s];
        s = (s + 1) & (gs->n_slots - 1);
    }
    if (gs->n == gs->cap) {
        gs->cap = gs->cap ? gs->cap * 2 : 128;
        gs->g = jh_xrealloc(gs->g, (size_t)gs->cap * sizeof *gs->g);
    }
    group_t *g = &gs->g[gs->n];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->a = jh_strdup(a);
    g->b = jh_strdup(b);
    g->item_index = -1;
    g->topic_g = -1;
    gs->slots[s] = gs->n;
    return gs->n++;
}

static void groups_free(groups_t *gs)
{
    for (int i = 0; i < gs->n; i++) {
        free(gs->g[i].a);
        free(gs->g[i].b);
        free(gs->g[i].loc);
    }
    free(gs->g);
    free(gs->slots);
}

/* ---- survey cache ----------------------------------------------------------- */

/* Background items counted per questionnaire definition (review rgroups7):
 * at most BG_MAX items of one definition, BG_OPTS options of one item;
 * the count of slot BG_OPTS is of the questionnaires that left it
 * unanswered. */
enum { BG_MAX = 16, BG_OPTS = 64 };

/* The index of a background item's option of code value, -1 when none or
 * past BG_OPTS. */
static int bg_option(const survey_item_t *it, const char *value)
{
    for (int k = 0; k < it->n_options && k < BG_OPTS; k++)
        if (value && !strcmp(it->options[k].code, value)) return k;
    return -1;
}

typedef struct {
    char hash[65];
    survey_t *s;              /* NULL when the definition could not be loaded */
    int *item_group;          /* per item: G_ITEM group or -1 */
    int *topic_group;         /* per item: G_TOPIC group or -1 */
    int overall;              /* index of the overall item or -1 */
    /* Versions side by side (issue 18): set by versions_compare() */
    char *vlabel;             /* version label: "2.0", or "2.0 #1a2b3c4d" when two definitions
                               * of the round share id and version (owned) */
    int n_versions;           /* definitions of this id in the round (1 = nothing to compare) */
    bool *changed;            /* per item: differs in some other version (kept apart) */
    bool grouped;             /* item and topic groups assigned */
    int g_version;            /* its G_VERSION group */
    int locality;             /* index of the respondent's locality item or -1 (issue 18) */
    /* The packed answers (schema 5): per item and code, what the answer
     * counts as (CODE_*), and the locality item's values by code. */
    uint8_t *code_class;      /* n_items x 256 */
    char *loc_value[256];     /* owned; NULL when not a code of the locality item */
    /* For counting (count_prepare): the answers are added up per item and
     * per topic of the questionnaire, and folded into the item and topic
     * groups once every response is counted (count_fold). */
    bool prepared;
    int n_tslots;             /* distinct topic groups of its items */
    int *tslot;               /* per item: its topic slot, -1 when it has no group */
    int *tslot_group;         /* per slot: its G_TOPIC group */
    int8_t loc_sl[256];       /* per code of the locality item: sample_loc of its value, -1 when
                               * the value is too long to be taken (it leaves the answer as it was) */
    int64_t *item_n;          /* per item: the county's questionnaires of this definition that
                               * answered it (count_fold), for suppress */
    uint8_t *count_class;     /* n_items x 256: code_class where the code is a known answer to an
                               * item with a group, else 0 (the answers count_row adds up) */
    /* The sample by background items (review rgroups7 items 2, 3): the
     * single-choice background items other than the locality item (the
     * public's identity, the parents' family …), the first BG_MAX of them,
     * and the option index of each packed code of theirs. */
    int n_bg;
    int bg_item[BG_MAX];      /* per background slot: its item index */
    int8_t *bg_opt;           /* n_bg x 256: option index of a packed code, -1 when none */
} cached_survey_t;

/* An item's answers, counted (responses of schools held out excluded). */
typedef struct {
    int64_t n, excl, valid, sat;
} item_acc_t;

/* A topic slot's cluster sums: stats_cluster_t in integers (each
 * questionnaire adds whole numbers of answers), so they add up exactly in
 * any order. */
typedef struct {
    int64_t n, y, m, yy, ym, mm;
} topic_acc_t;

enum { CODE_KNOWN = 1, CODE_EXCLUDED = 2, CODE_SATISFIED = 4 };

typedef struct {
    cached_survey_t *v;
    int n, cap;
    bool compared;            /* versions_compare has run: a definition loaded later gets
                               * its groups at once, as a version of its own */
} survey_cache_t;

/* Warnings in both languages: the document carries them as "warnings"
 * (English) and "warnings_zh" (the same, in Chinese, for the report).  A
 * type of its own, so that a warning can only be added with both texts. */
typedef struct {
    cJSON *en, *zh; /* arrays of strings, in step */
} warnings_t;

/* Adds a warning; takes both heap strings. */
static void warn(warnings_t *w, char *en, char *zh)
{
    cJSON_AddItemToArray(w->en, cJSON_CreateString(en));
    cJSON_AddItemToArray(w->zh, cJSON_CreateString(zh));
    free(en);
    free(zh);
}

static void survey_groups(cached_survey_t *c, groups_t *gs);

static cached_survey_t *survey_get(survey_cache_t *sc, sqlite3 *db, groups_t *gs,
                                   const char *hash, warnings_t *warnings)
{
    for (int i = 0; i < sc->n; i++)
        if (!strcmp(sc->v[i].hash, hash)) return &sc->v[i];
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 8;
        sc->v = jh_xrealloc(sc->v, (size_t)sc->cap * sizeof *sc->v);
    }
    cached_survey_t *c = &sc->v[sc->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->hash, sizeof c->hash, "%s", hash);
    c->overall = -1;
    c->locality = -1;
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(db, "SELECT definition FROM surveys WHERE hash = ?", -1, &q, NULL);
    sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *def = (const char *)sqlite3_column_text(q, 0);
        jh_err_t e = {0};
        if (survey_load_text(hash, def, strlen(def), NULL, &c->s, NULL, &e) != JH_OK) {
            warn(warnings,
                 jh_sprintf("questionnaire %.12s cannot be read: %s; its responses are left out", hash, e.msg),
                 jh_sprintf("问卷 %.12s 无法读取（%s），其答卷未计入统计", hash, e.msg));
        }
    } else {
        warn(warnings,
             jh_sprintf("questionnaire %.12s is not in the database; its responses are left out", hash),
             jh_sprintf("问卷 %.12s 不在数据库中，其答卷未计入统计；请重新导入该答题机的导出文件", hash));
    }
    sqlite3_finalize(q);
    if (c->s) {
        c->vlabel = jh_strdup(c->s->version ? c->s->version : "");
        c->n_versions = 1;
        c->changed = jh_xcalloc((size_t)c->s->n_items + 1, sizeof *c->changed);
        for (int i = 0; i < c->s->n_items; i++)
            if (c->s->items[i].locality) c->locality = i;
        /* what each packed code counts as, decided once per questionnaire
         * instead of per answer */
        c->code_class = jh_xcalloc((size_t)c->s->n_items * 256 + 1, 1);
        for (int i = 0; i < c->s->n_items && c->n_bg < BG_MAX; i++) {
            const survey_item_t *it = &c->s->items[i];
            if (it->background && !it->locality && it->type == SURVEY_ITEM_CHOICE && it->n_options > 0)
                c->bg_item[c->n_bg++] = i;
        }
        c->bg_opt = jh_xmalloc((size_t)c->n_bg * 256 + 1);
        memset(c->bg_opt, -1, (size_t)c->n_bg * 256 + 1);
        bool mismatch = false;
        sqlite3_prepare_v2(db, "SELECT item_index, item_id, code, value FROM survey_codes WHERE survey_hash = ?", -1,
                           &q, NULL);
        sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW) {
            int i = sqlite3_column_int(q, 0), code = sqlite3_column_int(q, 2);
            const char *id = (const char *)sqlite3_column_text(q, 1);
            const char *value = (const char *)sqlite3_column_text(q, 3);
            if (i < 0 || i >= c->s->n_items || code < 1 || code > 255 || !id || !value ||
                strcmp(id, c->s->items[i].id)) {
                mismatch = true;
                continue;
            }
            const survey_item_t *it = &c->s->items[i];
            /* CODE_EXCLUDED (read for rated items only): the answer does not
             * make the questionnaire valid, the one rule the kiosk's sample
             * follows too (survey_value_makes_valid) */
            c->code_class[i * 256 + code] =
                (uint8_t)(CODE_KNOWN | (survey_value_makes_valid(it, value) ? 0 : CODE_EXCLUDED) |
                          (survey_value_satisfied(it, value) ? CODE_SATISFIED : 0));
            if (i == c->locality) {
                free(c->loc_value[code]);
                c->loc_value[code] = jh_strdup(value);
            }
            for (int b = 0; b < c->n_bg; b++)
                if (c->bg_item[b] == i) c->bg_opt[b * 256 + code] = (int8_t)bg_option(it, value);
        }
        sqlite3_finalize(q);
        if (mismatch)
            warn(warnings,
                 jh_sprintf("questionnaire %.12s: some of its answer codes (survey_codes) do not match its items; "
                            "those answers are left out",
                            hash),
                 jh_sprintf("问卷 %.12s 的部分答案编码（survey_codes）与其题目不符，这些答案未计入统计", hash));
    }
    /* groups are assigned once every version of the round is known
     * (versions_compare); a definition met only later counts on its own */
    if (sc->compared) survey_groups(c, gs);
    return c;
}

/* Assigns the item, topic and version groups of a loaded definition.  An
 * item that is the same in every version of its questionnaire in the round
 * (or of a questionnaire with one version) shares one group across
 * versions; a changed one gets its own, keyed by version, and so does its
 * topic ("parent-2026@1.0"), so no topic mixes answers to different
 * questions.  A topic group is keyed by the questionnaire's audience
 * (topic, "teacher"): topics are never pooled across roles. */
static void survey_groups(cached_survey_t *c, groups_t *gs)
{
    if (c->grouped || !c->s) return;
    c->grouped = true;
    survey_t *s = c->s;
    /* a version group only where versions are side by side */
    c->g_version = c->n_versions > 1 ? group_get(gs, G_VERSION, s->id, c->vlabel) : -1;
    c->item_group = jh_xmalloc((size_t)(s->n_items ? s->n_items : 1) * sizeof(int));
    c->topic_group = jh_xmalloc((size_t)(s->n_items ? s->n_items : 1) * sizeof(int));
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        c->item_group[i] = c->topic_group[i] = -1;
        if (it->overall) c->overall = i;
        if (!survey_item_rated(it)) continue;
        const char *topic = it->topic ? it->topic : "";
        if (c->changed[i]) {
            char *ib = jh_sprintf("%s@%s", it->id, c->vlabel), *tb = jh_sprintf("%s@%s", s->id, c->vlabel);
            c->item_group[i] = group_get(gs, G_ITEM, s->id, ib);
            c->topic_group[i] = group_get(gs, G_TOPIC, topic, tb);
            free(ib);
            free(tb);
            gs->g[c->item_group[i]].version = gs->g[c->topic_group[i]].version = c->vlabel;
        } else {
            c->item_group[i] = group_get(gs, G_ITEM, s->id, it->id);
            /* a topic per audience: a role's topic holds that role's
             * answers only, so a small role is never published inside a
             * topic pooled with another (review of session 14) */
            c->topic_group[i] = group_get(gs, G_TOPIC, topic, s->audience ? s->audience : "");
        }
        group_t *g = &gs->g[c->item_group[i]];
        if (!g->survey) {
            g->survey = s;
            g->item_index = i;
        }
        g->topic_g = c->topic_group[i];
        g = &gs->g[c->topic_group[i]];
        if (!g->survey) g->survey = s;
    }
}

static void survey_cache_free(survey_cache_t *sc)
{
    for (int i = 0; i < sc->n; i++) {
        survey_free(sc->v[i].s);
        free(sc->v[i].item_group);
        free(sc->v[i].topic_group);
        free(sc->v[i].vlabel);
        free(sc->v[i].changed);
        free(sc->v[i].code_class);
        free(sc->v[i].bg_opt);
        free(sc->v[i].count_class);
        free(sc->v[i].item_n);
        free(sc->v[i].tslot);
        free(sc->v[i].tslot_group);
        for (int k = 0; k < 256; k++) free(sc->v[i].loc_value[k]);
    }
    free(sc->v);
}

/* ---- versions side by side (issue 18) ----------------------------------------- */

static bool text_same(const survey_text_t *a, const survey_text_t *b)
{
    if (a->n != b->n) return false;
    for (int i = 0; i < a->n; i++) {
        const char *t = NULL;
        for (int k = 0; k < b->n && !t; k++)
            if (!strcmp(a->tr[i].locale, b->tr[k].locale)) t = b->tr[k].text;
        if (!t || strcmp(t, a->tr[i].text)) return false;
    }
    return true;
}

/* Whether an item asks the same and counts the same in two definitions:
 * same id, type and topic, the same question in every locale, the same
 * answers (codes, the label of each code, satisfied and excluded sets, in
 * any order; for a scale also its kind) and, for a 0-10 rating, the same
 * satisfied_min.  Scores, help texts, the options' order and show_if do not
 * enter a rate and may differ. */
static bool item_same(const survey_item_t *a, const survey_item_t *b)
{
    if (strcmp(a->id, b->id) || a->type != b->type) return false;
    if (strcmp(a->topic ? a->topic : "", b->topic ? b->topic : "")) return false;
    if (!text_same(&a->text, &b->text)) return false;
    if (a->type == SURVEY_ITEM_RATING && a->satisfied_min != b->satisfied_min) return false;
    if (a->type == SURVEY_ITEM_SCALE && (!a->scale || !b->scale || a->scale->kind != b->scale->kind)) return false;
    /* the options as a set keyed by code: their order on the screen enters
     * no rate (review rquest3, item 6) */
    int na, nb;
    const survey_option_t *oa = survey_item_options(a, &na), *ob = survey_item_options(b, &nb);
    if (na != nb) return false;
    for (int i = 0; i < na; i++) {
        const survey_option_t *m = NULL;
        for (int k = 0; k < nb && !m; k++)
            if (!strcmp(oa[i].code, ob[k].code)) m = &ob[k];
        if (!m || !text_same(&oa[i].label, &m->label) || oa[i].satisfied != m->satisfied ||
            oa[i].excluded != m->excluded)
            return false;
    }
    return true;
}

/* Compares the definitions of each questionnaire id met in the round: each
 * gets its version label and, per rated item, whether it differs in (or is
 * missing from) another version; then every definition gets its groups. */
static void versions_compare(survey_cache_t *sc, groups_t *gs)
{
    for (int i = 0; i < sc->n; i++) {
        cached_survey_t *c = &sc->v[i];
        if (!c->s) continue;
        c->n_versions = 1;
        for (int j = 0; j < sc->n; j++) {
            const cached_survey_t *o = &sc->v[j];
            if (j == i || !o->s || strcmp(o->s->id, c->s->id)) continue;
            c->n_versions++;
            if (!strcmp(o->s->version ? o->s->version : "", c->s->version ? c->s->version : "") &&
                !strchr(c->vlabel, '#')) {
                /* two definitions under one version (one not pinned): told apart by hash */
                free(c->vlabel);
                c->vlabel = jh_sprintf("%s #%.8s", c->s->version ? c->s->version : "", c->hash);
            }
            for (int k = 0; k < c->s->n_items; k++) {
                const survey_item_t *it = &c->s->items[k];
                if (!survey_item_rated(it)) continue;
                int ok = survey_item_index(o->s, it->id);
                if (ok < 0 || !item_same(it, &o->s->items[ok])) c->changed[k] = true;
            }
        }
    }
    sc->compared = true;
    for (int i = 0; i < sc->n; i++) survey_groups(&sc->v[i], gs);
}

/* ---- JSON helpers ------------------------------------------------------------ */

/* The helpers below take k as json_cs.h's macros do: a literal, or other
 * text that outlives the document (a static table's). */
static void add_num(cJSON *o, const char *k, double v)
{
    json_cs_add(o, k, isnan(v) || isinf(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v));
}

/* {"satisfied", "valid", "rate", "ci_low", "ci_high"} or suppressed nulls. */
static cJSON *rate_obj(int64_t k, int64_t n, bool suppressed)
{
    cJSON *o = cJSON_CreateObject();
    if (suppressed) {
        cJSON_AddNullToObject(o, "satisfied");
        cJSON_AddNullToObject(o, "valid");
        cJSON_AddNullToObject(o, "rate");
        cJSON_AddNullToObject(o, "ci_low");
        cJSON_AddNullToObject(o, "ci_high");
        return o;
    }
    stats_ci_t ci = stats_wilson(k, n, STATS_Z95);
    cJSON_AddNumberToObject(o, "satisfied", (double)k);
    cJSON_AddNumberToObject(o, "valid", (double)n);
    add_num(o, "rate", ci.p);
    add_num(o, "ci_low", n ? ci.lo : NAN);
    add_num(o, "ci_high", n ? ci.hi : NAN);
    return o;
}

/* The rate object by answers: the interval is cluster-robust (questionnaire
 * as cluster, M_CI), with its design effect and effective sample size. */
static cJSON *answers_obj(const group_t *g, bool suppressed)
{
    cJSON *o = rate_obj(g->ans_sat, g->ans_valid, suppressed);
    if (suppressed) {
        cJSON_AddNullToObject(o, "design_effect");
        return o;
    }
    double deff, n_eff;
    stats_ci_t ci = stats_cluster_ci(&g->cl, STATS_Z95, &deff, &n_eff);
    cJSON_ReplaceItemInObject(o, "ci_low", isnan(ci.lo) ? cJSON_CreateNull() : cJSON_CreateNumber(ci.lo));
    cJSON_ReplaceItemInObject(o, "ci_high", isnan(ci.hi) ? cJSON_CreateNull() : cJSON_CreateNumber(ci.hi));
    add_num(o, "design_effect", deff);
    add_num(o, "n_effective", n_eff);
    return o;
}

static void add_rates(cJSON *o, const group_t *g, bool suppressed)
{
    cJSON_AddItemToObject(o, "answers", answers_obj(g, suppressed));
    cJSON_AddItemToObject(o, "questionnaires", rate_obj(g->q_sat, g->q_valid, suppressed));
}

/* Headline counts of a group: (k, n) of the headline method. */
static void headline(const group_t *g, bool by_q, int64_t *k, int64_t *n)
{
    *k = by_q ? g->q_sat : g->ans_sat;
    *n = by_q ? g->q_valid : g->ans_valid;
}

/* The name of the rate by questionnaires by the rule used: the overall
 * item's answer, or (a questionnaire without one) half of its rated
 * answers satisfied (review rclerk9 item 7: always named 总体评价). */
static const char *q_method_zh(bool with_overall, bool without_overall)
{
    if (without_overall && !with_overall) return "按问卷（至少一半计分题满意）";
    if (without_overall) return "按问卷（总体评价；无此题的问卷按至少一半计分题满意）";
    return "按问卷（总体评价）";
}

/* q_zh: the method's name by questionnaires (q_method_zh). */
static cJSON *recognition(const group_t *g, const char *method, double threshold, const char *q_zh)
{
    bool by_q = !strcmp(method, "questionnaires");
    int64_t k, n;
    headline(g, by_q, &k, &n);
    cJSON *o = by_q ? rate_obj(k, n, false) : answers_obj(g, false);
    cJSON_AddStringToObject(o, "method", method);
    cJSON_AddStringToObject(o, "method_zh", by_q ? q_zh : "按题次（全部评价题）");
    cJSON_AddStringToObject(o, "method_text", by_q ? M_QUESTIONNAIRES : M_ANSWERS);
    cJSON_AddNumberToObject(o, "threshold", threshold);
    if (n > 0)
        cJSON_AddBoolToObject(o, "pass", (double)k / (double)n >= threshold);
    else
        cJSON_AddNullToObject(o, "pass");
    return o;
}

/* ---- schools ------------------------------------------------------------------ */

typedef struct {
    stats_school_t *s;
    int n;
    const char **exclusion;     /* per school: left out of the quality figures (NULL: in) */
    const char **exclusion_zh;  /* the same, in Chinese */
    const char **basic_exclusion;    /* per school: left out of the basic figures (NULL: in) */
    const char **basic_exclusion_zh; /* the same, in Chinese */
    stats_unit_t (*units)[2];
    int *n_units;
} register_t_;

static int school_find(const register_t_ *r, const char *code)
{
    /* the register is loaded in code order: binary search */
    int lo = 0, hi = r->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(r->s[mid].code, code);
        if (!c) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* school_find for a code typed on a kiosk: "A01　" or "A01 " (blanks the
 * register's reader trims) is the register's A01, so that such answers
 * count for their school instead of being held out for good. */
static int school_find_typed(const register_t_ *r, const char *code)
{
    int si = school_find(r, code);
    size_t a, n;
    schools_trim_span(code, &a, &n);
    if (si >= 0 || (a == 0 && n == strlen(code))) return si;
    char *t = jh_xmalloc(n + 1);
    memcpy(t, code + a, n);
    t[n] = 0;
    si = school_find(r, t);
    free(t);
    return si;
}

static const char *needed_text(const stats_indicator_t *ind, double amount, bool zh, char *buf, size_t n)
{
    char num[64];
    stats_format_amount(amount, ind->decimals, num, sizeof num);
    if (zh)
        snprintf(buf, n, "还需增加 %s %s", num, ind->need_zh);
    else
        snprintf(buf, n, "needs %s more %s", num, ind->need_en);
    return buf;
}

/* Why a CV could not be computed (Chinese first), or NULL when it was.
 * With no school register loaded, that is the reason, not "fewer than two
 * schools (0)" (review r2doc3 item 4). */
static const char *cv_reason(const register_t_ *r, const stats_cv_t *cv, char *buf, size_t n)
{
    if (!isnan(cv->cv)) return NULL;
    if (r->n == 0)
        snprintf(buf, n,
                 "无法计算：尚未导入学校名册，没有学校的资源配置数据。"
                 " Cannot be computed: no school register is loaded (junheng schools).");
    else if (cv->n < 2)
        snprintf(buf, n,
                 "无法计算：参与计算的学校不足 2 所（%d 所），无从衡量学校间的差异。"
                 " Cannot be computed: %d school%s with a value; a coefficient of variation "
                 "between schools needs at least two.",
                 cv->n, cv->n, cv->n == 1 ? "" : "s");
    else
        snprintf(buf, n, "无法计算：平均值为 0。 Cannot be computed: the mean is 0.");
    return buf;
}

static void add_reason(cJSON *o, const char *k, const char *reason)
{
    json_cs_add(o, k, reason ? cJSON_CreateString(reason) : cJSON_CreateNull());
}

/* The balance of one level: CVs, composites, contributors; appends
 * rectification rows and over-limit entries. */
static cJSON *level_balance(const register_t_ *r, stats_part_t part, const stats_opts_t *o,
                            cJSON *over_limit)
{
    cJSON *lv = cJSON_CreateObject();
    int cap = r->n * 2 + 1;
    double *x = jh_xmalloc((size_t)cap * sizeof *x), *p = jh_xmalloc((size_t)cap * sizeof *p),
           *share = jh_xmalloc((size_t)cap * sizeof *share);
    /* The units of each set: the quality and basic figures leave out
     * different schools (balance-rules §1, §2). */
    int *who_q = jh_xmalloc((size_t)cap * sizeof *who_q), *who_b = jh_xmalloc((size_t)cap * sizeof *who_b);
    int n = 0, n_b = 0, compliant = 0;
    double enrol = 0, enrol_b = 0;
    for (int i = 0; i < r->n; i++) {
        for (int u = 0; u < r->n_units[i]; u++) {
            if (r->units[i][u].part != part) continue;
            if (!r->exclusion[i]) {
                who_q[n++] = i * 2 + u;
                enrol += r->units[i][u].enrolment;
                if (stats_unit_compliance(&r->units[i][u]).pass) compliant++;
            }
            if (!r->basic_exclusion[i]) {
                who_b[n_b++] = i * 2 + u;
                enrol_b += r->units[i][u].enrolment;
            }
        }
    }
    cJSON_AddStringToObject(lv, "level", stats_part_code(part));
    cJSON_AddStringToObject(lv, "level_zh", stats_part_zh(part));
    cJSON_AddNumberToObject(lv, "n_schools", n);
    cJSON_AddNumberToObject(lv, "enrolment", enrol);
    cJSON_AddNumberToObject(lv, "schools_compliant", compliant);
    if (n)
        cJSON_AddBoolToObject(lv, "all_schools_compliant", compliant == n);
    else
        cJSON_AddNullToObject(lv, "all_schools_compliant");
    for (int set = 0; set < 2; set++) {
        bool q = set == 0;
        int count = q ? STATS_N_QUALITY : STATS_N_BASIC;
        const int *who = q ? who_q : who_b;
        int n_set = q ? n : n_b;
        cJSON *arr = (cJSON_AddArrayToObject)(lv, q ? "quality" : "basic");
        double sum = 0;
        int ok = 0;
        for (int k = 0; k < count; k++) {
            const stats_indicator_t *ind = q ? stats_quality_indicator(k) : stats_basic_indicator(k);
            for (int j = 0; j < n_set; j++) {
                const stats_unit_t *u = &r->units[who[j] / 2][who[j] % 2];
                x[j] = stats_indicator_value(ind, u);
                p[j] = u->enrolment;
            }
            stats_cv_t cv = stats_weighted_cv(x, p, n_set);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "code", ind->code);
            cJSON_AddStringToObject(e, "name_zh", ind->name_zh);
            cJSON_AddNumberToObject(e, "n_schools", cv.n);
            add_num(e, "mean", cv.mean);
            add_num(e, "sd", cv.sd);
            add_num(e, "cv", cv.cv);
            char why[512];
            add_reason(e, "cv_reason", cv_reason(r, &cv, why, sizeof why));
            if (!isnan(cv.cv)) {
                sum += cv.cv;
                ok++;
            }
            if (q) {
                double limit = stats_quality_cv_limit(part);
                cJSON_AddNumberToObject(e, "limit", limit);
                if (isnan(cv.cv))
                    cJSON_AddNullToObject(e, "pass");
                else
                    cJSON_AddBoolToObject(e, "pass", stats_within_limit(cv.cv, limit));
            }
            /* Contributors, listed for every indicator (the report shows them
             * for CVs over the limit). */
            cJSON *top = cJSON_AddArrayToObject(e, "top_contributors");
            if (!isnan(cv.cv)) {
                stats_cv_shares(x, p, n_set, &cv, share);
                bool *used = jh_xcalloc((size_t)(n_set ? n_set : 1), sizeof *used);
                for (int t = 0; t < o->top_contributors && t < n_set; t++) {
                    int best = -1;
                    for (int j = 0; j < n_set; j++)
                        if (!used[j] && share[j] > 0 && (best < 0 || share[j] > share[best])) best = j;
                    if (best < 0) break;
                    used[best] = true;
                    const stats_school_t *s = &r->s[who[best] / 2];
                    cJSON *c = cJSON_CreateObject();
                    cJSON_AddStringToObject(c, "school_code", s->code);
                    cJSON_AddStringToObject(c, "school_name", s->name);
                    add_num(c, "value", x[best]);
                    cJSON_AddNumberToObject(c, "enrolment", p[best]);
                    cJSON_AddNumberToObject(c, "share", share[best]);
                    cJSON_AddStringToObject(c, "direction", x[best] < cv.mean ? "below" : "above");
                    cJSON_AddItemToArray(top, c);
                }
                free(used);
            }
            if (q && !isnan(cv.cv) && !stats_within_limit(cv.cv, stats_quality_cv_limit(part))) {
                cJSON *ol = cJSON_CreateObject();
                cJSON_AddStringToObject(ol, "level", stats_part_code(part));
                cJSON_AddStringToObject(ol, "indicator", ind->code);
                cJSON_AddStringToObject(ol, "name_zh", ind->name_zh);
                cJSON_AddNumberToObject(ol, "cv", cv.cv);
                cJSON_AddNumberToObject(ol, "limit", stats_quality_cv_limit(part));
                cJSON_AddItemToObject(ol, "top_contributors", cJSON_Duplicate(top, true));
                cJSON_AddItemToArray(over_limit, ol);
            }
            cJSON_AddItemToArray(arr, e);
        }
        cJSON *comp = (cJSON_AddObjectToObject)(lv, q ? "quality_composite" : "basic_composite");
        double mean = ok == count ? sum / count : NAN;
        add_num(comp, "cv", mean);
        cJSON_AddNumberToObject(comp, "n_indicators", ok);
        if (!q) {
            /* the basic figures' own schools (options.basic_teaching_points) */
            cJSON_AddNumberToObject(comp, "n_schools", n_b);
            cJSON_AddNumberToObject(comp, "enrolment", enrol_b);
            cJSON_AddStringToObject(comp, "teaching_points", stats_basic_tp_code(o->rules.basic_teaching_points));
        }
        {
            stats_cv_t level_cv = {.n = n_set, .cv = mean};
            char why[512];
            const char *reason = cv_reason(r, &level_cv, why, sizeof why);
            if (!reason && isnan(mean)) reason = "无法计算：部分指标的差异系数无法计算。 Cannot be computed: "
                                                 "some indicators' CVs could not be computed.";
            add_reason(comp, "cv_reason", reason);
        }
        if (!q) {
            double limit = stats_basic_cv_limit(part);
            cJSON_AddNumberToObject(comp, "limit", limit);
            if (isnan(mean))
                cJSON_AddNullToObject(comp, "pass");
            else
                cJSON_AddBoolToObject(comp, "pass", stats_within_limit(mean, limit));
            if (!isnan(mean) && !stats_within_limit(mean, limit)) {
                cJSON *ol = cJSON_CreateObject();
                cJSON_AddStringToObject(ol, "level", stats_part_code(part));
                cJSON_AddStringToObject(ol, "indicator", "basic_composite");
                cJSON_AddStringToObject(ol, "name_zh", "基本均衡综合差异系数");
                cJSON_AddNumberToObject(ol, "cv", mean);
                cJSON_AddNumberToObject(ol, "limit", limit);
                cJSON_AddArrayToObject(ol, "top_contributors");
                cJSON_AddItemToArray(over_limit, ol);
            }
        }
    }
    /* All quality CVs within limits: false when one is over its limit, null
     * when one could not be computed (fewer than two schools: the reason is
     * cv_reason, issue 19 item 10), else true. */
    bool any_false = false, any_null = n < 2;
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(lv, "quality"))
    {
        cJSON *ps = cJSON_GetObjectItem(e, "pass");
        any_false |= cJSON_IsFalse(ps);
        any_null |= !cJSON_IsBool(ps);
    }
    if (any_false)
        cJSON_AddBoolToObject(lv, "quality_cvs_pass", false);
    else if (any_null)
        cJSON_AddNullToObject(lv, "quality_cvs_pass");
    else
        cJSON_AddBoolToObject(lv, "quality_cvs_pass", true);
    {
        stats_cv_t level_cv = {.n = n, .cv = NAN};
        char why[512];
        add_reason(lv, "cv_reason", n < 2 ? cv_reason(r, &level_cv, why, sizeof why) : NULL);
    }
    free(x);
    free(p);
    free(share);
    free(who_q);
    free(who_b);
    return lv;
}

static cJSON *school_json(const register_t_ *r, int i, cJSON *rectification, warnings_t *warnings)
{
    const stats_school_t *s = &r->s[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", s->code);
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddStringToObject(o, "level", stats_level_code(s->level));
    cJSON_AddStringToObject(o, "level_zh", stats_level_zh(s->level));
    cJSON_AddStringToObject(o, "locality", stats_locality_code(s->locality));
    cJSON_AddStringToObject(o, "locality_zh", stats_locality_zh(s->locality));
    cJSON_AddStringToObject(o, "kind", stats_kind_code(s->kind));
    cJSON_AddStringToObject(o, "kind_zh", stats_kind_zh(s->kind));
    cJSON_AddBoolToObject(o, "excluded", r->exclusion[i] != NULL);
    if (r->exclusion[i]) {
        cJSON_AddStringToObject(o, "exclusion_reason", r->exclusion[i]);
        cJSON_AddStringToObject(o, "exclusion_reason_zh", r->exclusion_zh[i]);
    } else {
        cJSON_AddNullToObject(o, "exclusion_reason");
        cJSON_AddNullToObject(o, "exclusion_reason_zh");
    }
    /* The basic figures leave out more schools (every teaching point under
     * the 2012 rules, schools not run by the county): said apart. */
    cJSON_AddBoolToObject(o, "excluded_basic", r->basic_exclusion[i] != NULL);
    if (r->basic_exclusion[i]) {
        cJSON_AddStringToObject(o, "basic_exclusion_reason", r->basic_exclusion[i]);
        cJSON_AddStringToObject(o, "basic_exclusion_reason_zh", r->basic_exclusion_zh[i]);
    } else {
        cJSON_AddNullToObject(o, "basic_exclusion_reason");
        cJSON_AddNullToObject(o, "basic_exclusion_reason_zh");
    }
    /* Compulsory parts of a combined school left out for having no students. */
    cJSON *empty = cJSON_AddArrayToObject(o, "empty_parts");
    if (!r->exclusion[i] || !r->basic_exclusion[i]) {
        unsigned parts = stats_level_parts(s->level);
        for (int p = STATS_PART_PRIMARY; p <= STATS_PART_JUNIOR; p++) {
            bool kept = false;
            for (int u = 0; u < r->n_units[i]; u++) kept |= r->units[i][u].part == (stats_part_t)p;
            if ((parts & (1u << p)) && !kept)
                cJSON_AddItemToArray(empty, cJSON_CreateString(stats_part_code((stats_part_t)p)));
        }
    }
    cJSON *raw = cJSON_AddObjectToObject(o, "raw");
    for (int f = 0; f < STATS_F_COUNT; f++) add_num(raw, schools_field_key((stats_field_t)f), s->whole[f]);
    /* Ratios the register states, against the ones recomputed from its
     * counts (single-level schools: a combined school's ratio is ambiguous). */
    cJSON *rep = cJSON_AddArrayToObject(o, "reported_checks");
    for (int k = 0; k < STATS_N_REPORTED; k++) {
        if (isnan(s->reported[k]) || r->n_units[i] != 1) continue;
        const stats_indicator_t *ind = stats_reported_indicator(k);
        double v = stats_indicator_value(ind, &r->units[i][0]);
        bool differs = stats_reported_differs(s->reported[k], v);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "code", ind->code);
        cJSON_AddNumberToObject(e, "reported", s->reported[k]);
        add_num(e, "recomputed", v);
        cJSON_AddBoolToObject(e, "differs", differs);
        cJSON_AddItemToArray(rep, e);
        if (differs) {
            char *w = jh_sprintf("school %s %s: %s reported as %.4g but its counts give %.4g (数据打架); "
                                 "the recomputed value is used",
                                 s->code, s->name, ind->code, s->reported[k], v);
            warn(warnings, jh_strdup(w),
                 jh_sprintf("学校 %s %s：%s（%s）填报为 %.4g，但按各项数量计算为 %.4g（数据打架），"
                            "统计采用计算值；请核对名册中该校的数据",
                            s->code, s->name, ind->code, ind->name_zh, s->reported[k], v));
            free(w);
        }
    }
    /* Teacher counts given only for the whole school of a combined school
     * are divided between its levels by weighted enrolment, as shared
     * resources are: the rules do not say how, so the school is named. */
    cJSON *tsplit = cJSON_AddArrayToObject(o, "teachers_split");
    static const stats_field_t teacher_fields[] = {
        STATS_F_TEACHERS,     STATS_F_ABOVE_QUAL,   STATS_F_DEG_COLLEGE, STATS_F_DEG_BACHELOR,
        STATS_F_DEG_POSTGRAD, STATS_F_SENIOR_TITLE, STATS_F_BACKBONE,    STATS_F_PE_ART};
    jh_buf_t names = {0}, names_zh = {0}, cols = {0}, cols_zh = {0};
    for (size_t k = 0; k < sizeof teacher_fields / sizeof teacher_fields[0]; k++) {
        stats_field_t f = teacher_fields[k];
        bool split = false;
        for (int u = 0; u < r->n_units[i]; u++) {
            const stats_unit_t *un = &r->units[i][u];
            split |= isnan(s->part[un->part][f]) && !isnan(s->whole[f]) && un->share[f] < 1;
        }
        if (!split) continue;
        cJSON_AddItemToArray(tsplit, cJSON_CreateString(schools_field_key(f)));
        jh_buf_printf(&names, "%s%s", names.len ? ", " : "", schools_field_key(f));
        jh_buf_printf(&names_zh, "%s%s", names_zh.len ? "、" : "", schools_field_zh(f));
        /* the register's columns that avoid it, by name: 小学专任教师数
         * (review rclerk9 item 5: the hint named none) */
        for (int u = 0; u < r->n_units[i]; u++) {
            stats_part_t pt = r->units[i][u].part;
            jh_buf_printf(&cols, "%s%s_%s", cols.len ? ", " : "", schools_field_key(f), stats_part_code(pt));
            jh_buf_printf(&cols_zh, "%s%s%s", cols_zh.len ? "、" : "", stats_part_zh(pt), schools_field_zh(f));
        }
    }
    if (names.len && !r->exclusion[i]) {
        warn(warnings,
             jh_sprintf("school %s %s: teacher counts (%s) were given for the whole school "
                        "only and were divided between levels by weighted enrolment "
                        "(教师数按加权在校生数拆分到各学段); give them per level in the "
                        "register to avoid this, in the columns %s",
                        s->code, s->name, names.data, cols.data),
             jh_sprintf("学校 %s %s：教师数（%s）只按全校填报，已按加权在校生数拆分到各学段；"
                        "在学校名册中加上这些列分学段填报即可避免：%s",
                        s->code, s->name, names_zh.data, cols_zh.data));
    }
    jh_buf_free(&names);
    jh_buf_free(&names_zh);
    jh_buf_free(&cols);
    jh_buf_free(&cols_zh);
    cJSON *units = cJSON_AddArrayToObject(o, "parts");
    for (int u = 0; u < r->n_units[i]; u++) {
        const stats_unit_t *un = &r->units[i][u];
        cJSON *uj = cJSON_CreateObject();
        cJSON_AddStringToObject(uj, "level", stats_part_code(un->part));
        cJSON_AddStringToObject(uj, "level_zh", stats_part_zh(un->part));
        add_num(uj, "enrolment", un->enrolment);
        add_num(uj, "weight_share", un->weight_share);
        /* the part's full-time teachers (a whole-school count divided as
         * teachers_split says): the report's 概况 adds these, not raw.teachers,
         * which also holds a complete middle school's senior-high teachers */
        add_num(uj, "teachers", un->v[STATS_F_TEACHERS]);
        stats_compliance_t comp = stats_unit_compliance(un);
        cJSON *q = cJSON_AddArrayToObject(uj, "quality");
        for (int k = 0; k < STATS_N_QUALITY; k++) {
            const stats_indicator_t *ind = stats_quality_indicator(k);
            double v = stats_indicator_value(ind, un);
            double std = ind->standard[un->part == STATS_PART_PRIMARY ? 0 : 1];
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "code", ind->code);
            add_num(e, "value", v);
            cJSON_AddNumberToObject(e, "standard", std);
            add_num(e, "ratio", comp.ratio[k]);
            if (isnan(v))
                cJSON_AddNullToObject(e, "meets");
            else
                cJSON_AddBoolToObject(e, "meets", comp.meets[k]);
            double need = stats_unit_shortfall(un, k);
            add_num(e, "needed", need);
            cJSON_AddItemToArray(q, e);
            if (!r->exclusion[i] && need > 0) {
                char zh[320], en[320];
                cJSON *rr = cJSON_CreateObject();
                cJSON_AddStringToObject(rr, "school_code", s->code);
                cJSON_AddStringToObject(rr, "school_name", s->name);
                cJSON_AddStringToObject(rr, "level", stats_part_code(un->part));
                cJSON_AddStringToObject(rr, "level_zh", stats_part_zh(un->part));
                cJSON_AddStringToObject(rr, "indicator", ind->code);
                cJSON_AddStringToObject(rr, "name_zh", ind->name_zh);
                cJSON_AddStringToObject(rr, "name_en", ind->name_en);
                add_num(rr, "value", v);
                cJSON_AddNumberToObject(rr, "standard", std);
                add_num(rr, "ratio", comp.ratio[k]);
                /* (the compliance's own comparison, stats_meets_standard:
                 * a ratio of 0.85 computed as 0.8499999999999999 is not
                 * below it) */
                cJSON_AddBoolToObject(rr, "below_85", !isnan(comp.ratio[k]) && !stats_meets_standard(v, 0.85 * std));
                cJSON_AddNumberToObject(rr, "needed", need);
                cJSON_AddStringToObject(rr, "needed_unit", ind->need_en);
                cJSON_AddStringToObject(rr, "needed_unit_zh", ind->need_zh);
                needed_text(ind, need, true, zh, sizeof zh);
                needed_text(ind, need, false, en, sizeof en);
                /* a whole-school amount that another level's overlaps:
                 * said in the text itself, so no output adds the two
                 * (review rclerk9 item 1) */
                const stats_unit_t *ov = stats_unit_overlap(r->units[i], r->n_units[i], u, k);
                if (ov) {
                    stats_overlap_note(ov, true, zh + strlen(zh), sizeof zh - strlen(zh));
                    stats_overlap_note(ov, false, en + strlen(en), sizeof en - strlen(en));
                }
                cJSON_AddStringToObject(rr, "needed_zh", zh);
                cJSON_AddStringToObject(rr, "needed_en", en);
                cJSON_AddBoolToObject(rr, "school_compliant", comp.pass);
                /* The level's value is its part of a whole-school count
                 * (share < 1): the amount is for the whole school, and the
                 * same indicator short in another level overlaps it.  A
                 * count given per level (share 1): the levels' amounts add
                 * up (review r2doc3 item 1). */
                cJSON_AddBoolToObject(rr, "shared", un->share[ind->field] < 1);
                if (ov) cJSON_AddStringToObject(rr, "overlaps", stats_part_code(ov->part));
                cJSON_AddItemToArray(rectification, rr);
            }
        }
        cJSON *b = cJSON_AddArrayToObject(uj, "basic");
        for (int k = 0; k < STATS_N_BASIC; k++) {
            const stats_indicator_t *ind = stats_basic_indicator(k);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "code", ind->code);
            add_num(e, "value", stats_indicator_value(ind, un));
            cJSON_AddItemToArray(b, e);
        }
        cJSON *cj = cJSON_AddObjectToObject(uj, "compliance");
        cJSON_AddNumberToObject(cj, "met", comp.met);
        cJSON_AddNumberToObject(cj, "missing", comp.missing);
        cJSON_AddBoolToObject(cj, "pass", comp.pass);
        cJSON_AddItemToArray(units, uj);
    }
    return o;
}

static cJSON *indicator_defs(void)
{
    cJSON *o = cJSON_CreateObject();
    for (int set = 0; set < 2; set++) {
        bool q = set == 0;
        cJSON *arr = (cJSON_AddArrayToObject)(o, q ? "quality" : "basic");
        for (int k = 0; k < (q ? STATS_N_QUALITY : STATS_N_BASIC); k++) {
            const stats_indicator_t *ind = q ? stats_quality_indicator(k) : stats_basic_indicator(k);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "code", ind->code);
            cJSON_AddStringToObject(e, "name_zh", ind->name_zh);
            cJSON_AddStringToObject(e, "name_en", ind->name_en);
            cJSON_AddStringToObject(e, "unit", ind->unit);
            cJSON_AddStringToObject(e, "numerator", schools_field_key(ind->field));
            cJSON_AddNumberToObject(e, "scale", ind->scale);
            if (q) {
                cJSON *std = cJSON_AddObjectToObject(e, "standard");
                cJSON_AddNumberToObject(std, "primary", ind->standard[0]);
                cJSON_AddNumberToObject(std, "junior", ind->standard[1]);
            }
            cJSON_AddItemToArray(arr, e);
        }
    }
    return o;
}

/* ---- one pass over the stored responses ---------------------------------------- */

typedef struct {
    char *hash;        /* owned */
    int64_t n;         /* responses stored with it */
    bool in_round;     /* submitted in the round (merged since it opened) */
    bool counted;      /* a submitted response counted in the round (by its day, merged whenever) */
    char *survey_id;   /* the least survey_id of its responses in the round (owned) */
    char *version;     /* its definition's version; NULL without a definition (owned) */
} census_survey_t;

/* Seqs a kiosk never sent between two it did (imports.coverage). */
typedef struct {
    int64_t from, to;
} census_gap_t;

typedef struct {
    char *kiosk;       /* owned */
    char *school;      /* the least school code of its responses (owned) */
    uint32_t school_seen; /* census_scan: the school (census_t.str id) last compared with it */
    /* its seqs as the table's order met them, for the coverage: in the
     * order of seq (else census_t.cov_sql), so that the gaps between them
     * are the ones a scan of the (kiosk_id, seq) index finds */
    int64_t received;  /* responses */
    int64_t first, last; /* the first and last seq met */
    census_gap_t *gaps; /* between two seqs met one after the other (owned) */
    int n_gaps, cap_gaps;
    int64_t n_future;  /* responses dated after today (its clock ahead) ... */
    char future_first[16], future_last[16]; /* ... their first and last day */
} census_kiosk_t;

/* A response of the round as the census read it, kept to be counted once
 * every questionnaire of the round is known: the census and the counting
 * read the table once between them (issue 20).  Text columns are interned
 * (census_t.str, 0 = NULL).  Each is a record in census_t's blocks: this
 * header, then its n_codes codes, then (extra_len >= 0) extra and a NUL,
 * padded to the header's alignment (census_row_size). */
typedef struct {
    uint32_t school, loc, role, flags; /* census_t.str ids */
    uint32_t hash;         /* index into census_t.row_hash */
    int32_t extra_len;     /* -1: NULL */
    uint16_t n_codes;
    uint8_t status;        /* ROW_* */
} census_row_t;

/* A block of records, filled one after the other (never moved: a record
 * is written once, where it stays until census_free_rows). */
typedef struct {
    uint8_t *p;            /* owned */
    size_t used, cap;      /* bytes of records; bytes allocated */
} census_block_t;

enum { ROW_OTHER = 0, ROW_SUBMITTED, ROW_TIMEOUT };

/* What the statistics need of every stored response before counting the
 * round's answers, from one scan of the table (issue 20: it replaced a
 * sort of the questionnaire column, a scan per questionnaire, a lookup of
 * every row's school through the (kiosk, seq) index and a count of the
 * earlier rounds' answers; then the scan that counted them). */
typedef struct {
    census_survey_t *s;    /* every questionnaire hash: those submitted in the round first,
                            * in the order of survey_id, version and hash */
    int n_s;
    census_kiosk_t *k;     /* every kiosk, sorted by id */
    int n_k;
    int64_t n_earlier;     /* responses of earlier rounds (see stats_compute) */
    int64_t n_late;        /* of those, dated before the round but merged after it
                            * opened: in no round (review rclerk9 item 4) */
    bool cov_sql;          /* the coverage cannot be taken from k (a kiosk's seqs met out of
                            * order, a NULL kiosk id or one of 255 bytes or more): coverage_json
                            * reads the (kiosk_id, seq) index instead */
    struct census_import {
        int64_t id, imported_ms;
    } *imp;                /* the import log's times, sorted by id: a response's import is
                            * looked up here, not joined row by row in SQL */
    int n_imp;
    int last_imp;          /* the last one found (a bundle's responses come together) */
    census_block_t *blk;   /* the round's responses as records (census_row_t), in the
                            * table's order, block after block */
    int n_blk, cap_blk;
    int n_blk_first;       /* blk[0 .. n_blk_first) hold the first half's records, the rest the
                            * second's (counted side by side); n_blk after one scan */
    size_t n_rows;         /* records in blk */
    char **str;            /* interned text; str[0] = NULL */
    int n_str, cap_str;
    int *str_slots;        /* open addressing over str, 0 empty */
    int n_str_slots;
    const char **row_hash; /* the questionnaire hashes of rows (census_survey_t.hash, owned there) */
} census_t;

/* The census's records (28 bytes a response and its codes, about 52 a
 * response) live in blocks of CENSUS_BLOCK bytes on the heap, which
 * `junheng stats` puts on huge pages (jh_heap_prefer_huge_pages), and are
 * freed as soon as the answers are counted, so that the document made
 * afterwards reuses their memory instead of faulting in fresh pages (a
 * third of the statistics' time on these virtual machines went to fresh
 * memory, issue 20).  Blocks, not one array grown by doubling: a record is
 * written once and never copied, and no memory is touched twice (the
 * doubling array and its copies made the census 92 MB for 1M responses;
 * the blocks take 52 MB). */
#define CENSUS_BLOCK ((size_t)4 << 20)

/* The bytes of a record: header, codes and extra (with its NUL), padded. */
static size_t census_row_size(uint16_t n_codes, int32_t extra_len)
{
    size_t n = sizeof(census_row_t) + n_codes + (extra_len >= 0 ? (size_t)extra_len + 1 : 0);
    const size_t a = _Alignof(census_row_t);
    return (n + a - 1) / a * a;
}

/* Room for a record of `size` bytes at the end of the last block (a new
 * block when it has none); counts the record. */
static census_row_t *census_row_add(census_t *cs, size_t size)
{
    census_block_t *b = cs->n_blk ? &cs->blk[cs->n_blk - 1] : NULL;
    if (!b || b->cap - b->used < size) {
        if (cs->n_blk == cs->cap_blk) {
            cs->cap_blk = cs->cap_blk ? cs->cap_blk * 2 : 16;
            cs->blk = jh_xrealloc(cs->blk, (size_t)cs->cap_blk * sizeof *cs->blk);
        }
        b = &cs->blk[cs->n_blk++];
        b->cap = size > CENSUS_BLOCK ? size : CENSUS_BLOCK;
        b->p = jh_xmalloc(b->cap);
        b->used = 0;
    }
    census_row_t *r = (census_row_t *)(void *)(b->p + b->used);
    b->used += size;
    cs->n_rows++;
    return r;
}

/* Walks the records in order: it = {0} first; NULL after the last. */
typedef struct {
    int b;                 /* the block */
    size_t at;             /* the next record's offset in it */
} census_iter_t;

static census_row_t *census_next(const census_t *cs, census_iter_t *it)
{
    while (it->b < cs->n_blk && it->at >= cs->blk[it->b].used) {
        it->b++;
        it->at = 0;
    }
    if (it->b >= cs->n_blk) return NULL;
    census_row_t *r = (census_row_t *)(void *)(cs->blk[it->b].p + it->at);
    it->at += census_row_size(r->n_codes, r->extra_len);
    return r;
}

/* A record's codes, and its extra (NULL when the column was NULL). */
static const uint8_t *census_row_codes(const census_row_t *r)
{
    return (const uint8_t *)(r + 1);
}

static const char *census_row_extra(const census_row_t *r)
{
    return r->extra_len < 0 ? NULL : (const char *)(r + 1) + r->n_codes;
}

/* Frees the records (the rest of the census stays). */
static void census_free_rows(census_t *cs)
{
    for (int i = 0; i < cs->n_blk; i++) free(cs->blk[i].p);
    free(cs->blk);
    cs->blk = NULL;
    cs->n_blk = cs->cap_blk = 0;
    cs->n_rows = 0;
}

static void census_free(census_t *cs)
{
    for (int i = 0; i < cs->n_s; i++) {
        free(cs->s[i].hash);
        free(cs->s[i].survey_id);
        free(cs->s[i].version);
    }
    for (int i = 0; i < cs->n_k; i++) {
        free(cs->k[i].kiosk);
        free(cs->k[i].school);
        free(cs->k[i].gaps);
    }
    free(cs->s);
    free(cs->k);
    free(cs->imp);
    census_free_rows(cs);
    for (int i = 1; i < cs->n_str; i++) free(cs->str[i]);
    free(cs->str);
    free(cs->str_slots);
    free(cs->row_hash);
    memset(cs, 0, sizeof *cs);
}

/* The id of text t among the census's interned strings (0 for NULL). */
static uint32_t census_intern(census_t *cs, const char *t)
{
    if (!t) return 0;
    if (cs->n_str * 2 + 2 > cs->n_str_slots) {
        int ns = cs->n_str_slots ? cs->n_str_slots * 2 : 1024;
        int *slots = jh_xcalloc((size_t)ns, sizeof *slots);
        for (int i = 1; i < cs->n_str; i++) {
            uint32_t h = jh_str_hash(cs->str[i]);
            int sl = (int)(h & (uint32_t)(ns - 1));
            while (slots[sl]) sl = (sl + 1) & (ns - 1);
            slots[sl] = i;
        }
        free(cs->str_slots);
        cs->str_slots = slots;
        cs->n_str_slots = ns;
    }
    uint32_t h = jh_str_hash(t);
    int sl = (int)(h & (uint32_t)(cs->n_str_slots - 1));
    while (cs->str_slots[sl]) {
        if (!strcmp(cs->str[cs->str_slots[sl]], t)) return (uint32_t)cs->str_slots[sl];
        sl = (sl + 1) & (cs->n_str_slots - 1);
    }
    if (cs->n_str == cs->cap_str) {
        cs->cap_str = cs->cap_str ? cs->cap_str * 2 : 256;
        cs->str = jh_xrealloc(cs->str, (size_t)cs->cap_str * sizeof *cs->str);
    }
    if (cs->n_str == 0) cs->str[cs->n_str++] = NULL;
    cs->str[cs->n_str] = jh_strdup(t);
    cs->str_slots[sl] = cs->n_str;
    return (uint32_t)cs->n_str++;
}

/* A cache of a text column's last few texts: a bundle's responses come
 * together, so most rows repeat a recent row's text (a role or locality
 * alternates between a few). */
enum { CENSUS_LAST_N = 4 };
typedef struct {
    uint32_t id[CENSUS_LAST_N];  /* interned ids (census_t.str), 0: none */
    size_t len[CENSUS_LAST_N];   /* strlen of their texts */
    int next;                    /* the entry replaced next */
} census_last_t;

/* Whether text t of n bytes (sqlite3_column_bytes) is the C string s of
 * strlen len: as !strcmp(t, s), comparing bytes only when the lengths
 * agree (a text with a NUL inside is never taken for s here; the callers
 * then fall back to strcmp). */
static inline bool same_text(const char *t, int n, const char *s, size_t len)
{
    return (size_t)n == len && !memcmp(t, s, len);
}

/* Interned text of a column's value, through its cache of recent texts. */
static uint32_t census_intern_col(census_t *cs, sqlite3_value *v, census_last_t *last)
{
    const char *t = (const char *)sqlite3_value_text(v);
    if (!t) return 0;
    int n = sqlite3_value_bytes(v);
    for (int i = 0; i < CENSUS_LAST_N; i++)
        if (last->id[i] && same_text(t, n, cs->str[last->id[i]], last->len[i])) return last->id[i];
    int i = last->next;
    last->next = (i + 1) % CENSUS_LAST_N;
    last->id[i] = census_intern(cs, t);
    last->len[i] = strlen(cs->str[last->id[i]]);
    return last->id[i];
}

/* NULL first, then by bytes, as SQLite's ORDER BY. */
static int null_cmp(const char *a, const char *b)
{
    return !a ? (b ? -1 : 0) : !b ? 1 : strcmp(a, b);
}

static int census_survey_cmp(const void *pa, const void *pb)
{
    const census_survey_t *a = pa, *b = pb;
    bool ra = a->in_round || a->counted, rb = b->in_round || b->counted;
    if (ra != rb) return ra ? -1 : 1;
    int c = null_cmp(a->survey_id, b->survey_id);
    if (!c) c = null_cmp(a->version, b->version);
    return c ? c : strcmp(a->hash, b->hash);
}

static int census_kiosk_cmp(const void *pa, const void *pb)
{
    return strcmp(((const census_kiosk_t *)pa)->kiosk, ((const census_kiosk_t *)pb)->kiosk);
}

/* The place of id among n elements of size bytes at base, sorted by id,
 * each starting with its int64_t id; *last (the place found before) is
 * tried first and set.  -1 when none. */
static int census_find_id(const void *base, int n, size_t size, int64_t id, int *last)
{
    const char *b = base;
#define ID_AT(i) (*(const int64_t *)(const void *)(b + (size_t)(i) * size))
    if (*last >= 0 && *last < n && ID_AT(*last) == id) return *last;
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ID_AT(mid) == id) return *last = mid;
        if (ID_AT(mid) < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
#undef ID_AT
    return -1;
}

/* The place of import id in cs->imp; -1 when the import log has no such
 * row (such a response is left out, as a join with the log would). */
static int census_import_at(census_t *cs, int64_t id)
{
    return census_find_id(cs->imp, cs->n_imp, sizeof *cs->imp, id, &cs->last_imp);
}

/* What a schema-6 response row leaves to the rows it refers to (county.c):
 * the kiosk's id (kiosk_refs), the questionnaire's hash, id and audience
 * (survey_refs and surveys), the import's school code and locality
 * (imports, in census_t.imp's order).  Read once before the scans, which
 * share it. */
typedef struct {
    int64_t id;
    char *text;              /* kiosk id, or questionnaire hash (owned) */
    char *survey_id, *role;  /* a questionnaire's id and audience; NULL: none (owned) */
} census_ref_t;

typedef struct {
    census_ref_t *k, *s;     /* kiosk_refs, survey_refs: sorted by id */
    int n_k, n_s;
    char **imp_school, **imp_loc; /* per census_t.imp entry (owned; NULL: NULL) */
} census_refs_t;

static void census_refs_free(census_refs_t *rf, int n_imp)
{
    for (int i = 0; i < rf->n_k; i++) free(rf->k[i].text);
    for (int i = 0; i < rf->n_s; i++) {
        free(rf->s[i].text);
        free(rf->s[i].survey_id);
        free(rf->s[i].role);
    }
    for (int i = 0; rf->imp_school && i < n_imp; i++) {
        free(rf->imp_school[i]);
        free(rf->imp_loc[i]);
    }
    free(rf->k);
    free(rf->s);
    free(rf->imp_school);
    free(rf->imp_loc);
    memset(rf, 0, sizeof *rf);
}

/* The entry of id in refs (sorted by id), trying *last first; NULL when
 * none. */
static const census_ref_t *census_ref(const census_ref_t *refs, int n, int64_t id, int *last)
{
    int k = census_find_id(refs, n, sizeof *refs, id, last);
    return k < 0 ? NULL : &refs[k];
}

static char *col_dup(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? jh_strdup(t) : NULL;
}

/* Reads kiosk_refs and survey_refs into rf; false when the database fails. */
static bool census_refs_read(sqlite3 *db, census_refs_t *rf)
{
    static const char *const sql[2] = {
        "SELECT id, kiosk_id, NULL, NULL FROM kiosk_refs ORDER BY id",
        "SELECT r.id, r.hash, s.survey_id, s.audience FROM survey_refs r LEFT JOIN surveys s ON s.hash = r.hash "
        "ORDER BY r.id"};
    for (int t = 0; t < 2; t++) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db, sql[t], -1, &q, NULL) != SQLITE_OK) return false;
        census_ref_t **refs = t ? &rf->s : &rf->k;
        int *n = t ? &rf->n_s : &rf->n_k, cap = 0, rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                *refs = jh_xrealloc(*refs, (size_t)cap * sizeof **refs);
            }
            (*refs)[(*n)++] = (census_ref_t){sqlite3_column_int64(q, 0), col_dup(q, 1), col_dup(q, 2), col_dup(q, 3)};
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE) return false;
    }
    return true;
}

/* One scan of part of the responses table (ids lo..hi) into its own census:
 * two of them run side by side on two connections (issue 20). */
typedef struct {
    sqlite3 *db;             /* the connection it reads with (borrowed) */
    int64_t lo, hi;          /* the ids it reads */
    int64_t opened_ms;       /* census_take's arguments */
    bool have_round;
    const char *since_day, *until_day;
    const char *today_day;   /* the day the document is made (Beijing time; "" none) */
    census_t cs;             /* what it found; imp borrowed from the caller's */
    const census_refs_t *refs; /* the rows' references (the caller's) */
    int *slots;              /* kiosks: open addressing over cs.k, 0 empty */
    int n_slots;
    int cap_row_hash;
    bool ok;                 /* false: the database failed (sqlite3_errmsg(db)) */
} census_part_t;

/* The index of kiosk in p->cs.k, added with school when new. */
static int census_kiosk(census_part_t *p, const char *kiosk, const char *school)
{
    census_t *cs = &p->cs;
    uint32_t h = jh_str_hash(kiosk);
    int sl = (int)(h & (uint32_t)(p->n_slots - 1));
    while (p->slots[sl] && strcmp(cs->k[p->slots[sl] - 1].kiosk, kiosk)) sl = (sl + 1) & (p->n_slots - 1);
    if (p->slots[sl]) return p->slots[sl] - 1;
    if ((cs->n_k & (cs->n_k - 1)) == 0) /* a power of two (or 0): grow */
        cs->k = jh_xrealloc(cs->k, (size_t)(cs->n_k ? cs->n_k * 2 : 64) * sizeof *cs->k);
    cs->k[cs->n_k] = (census_kiosk_t){.kiosk = jh_strdup(kiosk), .school = jh_strdup(school ? school : "")};
    p->slots[sl] = ++cs->n_k;
    if (cs->n_k * 2 > p->n_slots) { /* grow and rehash */
        free(p->slots);
        p->n_slots *= 2;
        p->slots = jh_xcalloc((size_t)p->n_slots, sizeof *p->slots);
        for (int j = 0; j < cs->n_k; j++) {
            uint32_t hj = jh_str_hash(cs->k[j].kiosk);
            int sj = (int)(hj & (uint32_t)(p->n_slots - 1));
            while (p->slots[sj]) sj = (sj + 1) & (p->n_slots - 1);
            p->slots[sj] = j + 1;
        }
    }
    return cs->n_k - 1;
}

/* The index of questionnaire hash in p->cs.s, added when new. */
static int census_survey(census_part_t *p, const char *hash, int last)
{
    census_t *cs = &p->cs;
    int k = last >= 0 && !strcmp(cs->s[last].hash, hash) ? last : -1;
    for (int i = 0; i < cs->n_s && k < 0; i++)
        if (!strcmp(cs->s[i].hash, hash)) k = i;
    if (k < 0) {
        cs->s = jh_xrealloc(cs->s, (size_t)(cs->n_s + 1) * sizeof *cs->s);
        cs->s[cs->n_s] = (census_survey_t){.hash = jh_strdup(hash)};
        k = cs->n_s++;
    }
    if (k >= p->cap_row_hash) {
        p->cap_row_hash = k * 2 + 16;
        cs->row_hash = jh_xrealloc(cs->row_hash, (size_t)p->cap_row_hash * sizeof *cs->row_hash);
    }
    cs->row_hash[k] = cs->s[k].hash;
    return k;
}

static void census_gap_add(census_kiosk_t *k, int64_t from, int64_t to)
{
    if (k->n_gaps == k->cap_gaps) {
        k->cap_gaps = k->cap_gaps ? k->cap_gaps * 2 : 4;
        k->gaps = jh_xrealloc(k->gaps, (size_t)k->cap_gaps * sizeof *k->gaps);
    }
    k->gaps[k->n_gaps++] = (census_gap_t){from, to};
}

/* Kiosk k's next seq in the table's order (the coverage). */
static inline void census_seq(census_t *cs, census_kiosk_t *k, int64_t seq)
{
    if (k->received == 0)
        k->first = seq;
    else if (seq <= k->last)
        cs->cov_sql = true; /* not in the order of seq: the index is read instead */
    else if (seq > k->last + 1) /* (seq > last here: last + 1 is an int64 even at the ends) */
        census_gap_add(k, k->last + 1, seq - 1);
    k->last = seq;
    k->received++;
}

/* The status class of a status text of n bytes: as comparing it with
 * strcmp ("submitted\0" is 10 bytes, all inside a text of at least 9). */
static uint8_t row_status(const char *status, int n)
{
    if (!status) return ROW_OTHER;
    if (n >= 9 && !memcmp(status, "submitted", 10)) return ROW_SUBMITTED;
    if (n >= 17 && !memcmp(status, "submitted_timeout", 18)) return ROW_TIMEOUT;
    return ROW_OTHER;
}

/* A day column compared with the round's first and last days, kept for
 * the next rows: a bundle's responses mostly share their day. */
typedef struct {
    char text[16];         /* the day compared ("" none yet) */
    int len;               /* its bytes */
    bool before;           /* before since_day */
    bool after;            /* on or after until_day (when there is one) */
    bool future;           /* after today_day (when there is one) */
} census_day_t;

static void census_day(census_day_t *d, const char *day, int n, const census_part_t *p)
{
    if (d->len && n == d->len && !memcmp(day, d->text, (size_t)n)) return;
    d->before = strcmp(day, p->since_day) < 0;
    d->after = p->until_day[0] && strcmp(day, p->until_day) >= 0;
    d->future = p->today_day[0] && strcmp(day, p->today_day) > 0;
    /* a text with a NUL inside, or too long to keep, is compared again next time */
    d->len = n > 0 && (size_t)n < sizeof d->text && strlen(day) == (size_t)n ? n : 0;
    if (d->len) memcpy(d->text, day, (size_t)n);
}

/* Adds n responses dated first to last, after today, to kiosk k's. */
static void census_future(census_kiosk_t *k, int64_t n, const char *first, const char *last)
{
    if (!k->n_future || strcmp(first, k->future_first) < 0)
        snprintf(k->future_first, sizeof k->future_first, "%.15s", first);
    if (!k->n_future || strcmp(last, k->future_last) > 0)
        snprintf(k->future_last, sizeof k->future_last, "%.15s", last);
    k->n_future += n;
}

/* What census_row carries from one row to the next (the caches of a scan). */
typedef struct {
    census_part_t *p;
    int last, last_k;      /* the last questionnaire (cs.s) and kiosk (cs.k) met, -1 none */
    const census_ref_t *last_sv; /* the questionnaire of last */
    size_t last_k_len;     /* strlen of the last kiosk's id */
    int64_t opened;        /* the round's opening, 0 without a round */
    census_last_t last_school, last_loc, last_role, last_flags;
    census_day_t last_day;
    int last_kref, last_sref;  /* census_ref's caches */
    const census_ref_t *last_kv; /* the kiosk of last_k */
    struct census_base {
        const char *text[CENSUS_LAST_N]; /* texts of census_refs_t (by address) */
        uint32_t id[CENSUS_LAST_N];      /* their interned ids */
        int next;
    } base_school, base_loc, base_role;
    int64_t day_int;           /* the integer day day_text holds; -1 none */
    char day_text[16];
} census_scan_t;

/* The interned id of t, a text of census_refs_t, through a cache by address. */
static uint32_t census_intern_base(census_t *cs, const char *t, struct census_base *b)
{
    if (!t) return 0;
    for (int i = 0; i < CENSUS_LAST_N; i++)
        if (b->text[i] == t) return b->id[i];
    int i = b->next;
    b->next = (i + 1) % CENSUS_LAST_N;
    b->text[i] = t;
    return b->id[i] = census_intern(cs, t);
}

/* A column the row fills only when its value is not the base's (schema 6):
 * NULL gives base, X'' NULL. */
static inline bool census_is_base(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_NULL;
}

static inline bool census_is_null(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_BLOB && sqlite3_value_bytes(v) == 0;
}

static uint32_t census_pick(census_t *cs, sqlite3_value *v, const char *base, struct census_base *b,
                            census_last_t *last)
{
    if (census_is_base(v)) return census_intern_base(cs, base, b);
    if (census_is_null(v)) return 0;
    return census_intern_col(cs, v, last);
}

/* The census's columns of response_rows (schema 6: the kiosk and the
 * questionnaire as references, school code, locality, questionnaire id and
 * role NULL when they are the import's or the questionnaire's), in the
 * order census_row takes them. */
#define CENSUS_COLUMNS                                                                                          \
    "survey, import_id, status, survey_id, kiosk, school_code, day, locality, role, flags, codes, extra, seq"
enum { CENSUS_N_COLUMNS = 13 };

/* One row of the responses table into the census: an SQL function the scan
 * calls with the row's columns (CENSUS_COLUMNS).  A function rather than
 * result rows (issue 20): sqlite3_value_* on its arguments cost about a
 * third of what sqlite3_step's result row and a sqlite3_column_* call per
 * value did (per column call SQLite checks the statement and its state
 * twice), 0.6 -> 0.4 s CPU for the columns of 1M rows. */
static void census_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; /* registered with CENSUS_N_COLUMNS arguments */
    census_scan_t *sc = sqlite3_user_data(ctx);
    census_part_t *p = sc->p;
    census_t *cs = &p->cs;
    const census_refs_t *rf = p->refs;
    int imp = census_import_at(cs, sqlite3_value_int64(argv[1]));
    bool logged = imp >= 0;
    const census_ref_t *sv = census_ref(rf->s, rf->n_s, sqlite3_value_int64(argv[0]), &sc->last_sref);
    const census_ref_t *kv = census_ref(rf->k, rf->n_k, sqlite3_value_int64(argv[4]), &sc->last_kref);
    const char *hash = sv ? sv->text : NULL;
    const char *kiosk = kv ? kv->text : NULL;
    uint32_t school =
        census_pick(cs, argv[5], logged ? rf->imp_school[imp] : NULL, &sc->base_school, &sc->last_school);
    const char *status = (const char *)sqlite3_value_text(argv[2]);
    const char *day;
    int day_len;
    if (sqlite3_value_type(argv[6]) == SQLITE_INTEGER) {
        /* YYYYMMDD: the text it was (county.c) */
        int64_t v = sqlite3_value_int64(argv[6]);
        if (v != sc->day_int) {
            snprintf(sc->day_text, sizeof sc->day_text, "%04d-%02d-%02d", (int)(v / 10000 % 100000),
                     (int)(v / 100 % 100), (int)(v % 100));
            sc->day_int = v;
        }
        day = sc->day_text;
        day_len = (int)strlen(day);
    } else {
        day = (const char *)sqlite3_value_text(argv[6]);
        day_len = sqlite3_value_bytes(argv[6]);
    }
    uint8_t st = row_status(status, sqlite3_value_bytes(argv[2]));
    int64_t ms = logged ? cs->imp[imp].imported_ms : 0;
    bool in_round = logged && ms >= p->opened_ms && st != ROW_OTHER;
    /* the day against the round's first (and last) day */
    if (day) census_day(&sc->last_day, day, day_len, p);
    bool before = day && sc->last_day.before;
    if (p->have_round && logged && (day ? before : ms < p->opened_ms)) {
        cs->n_earlier++;
        if (day && ms >= p->opened_ms) cs->n_late++;
    }
    if (kiosk) {
        /* a bundle's responses come together: try the previous kiosk first */
        int k;
        if (sc->last_k >= 0 && kv == sc->last_kv) {
            k = sc->last_k;
        } else {
            k = sc->last_k = census_kiosk(p, kiosk, school ? cs->str[school] : NULL);
            sc->last_kv = kv;
            cs->k[k].school_seen = school;
            sc->last_k_len = strlen(cs->k[k].kiosk);
            if (sc->last_k_len >= 255) cs->cov_sql = true; /* coverage_json cuts such ids short */
        }
        census_seq(cs, &cs->k[k], sqlite3_value_int64(argv[12]));
        if (day && sc->last_day.future) census_future(&cs->k[k], 1, day, day);
        /* a bundle's responses share their school: compared once */
        if (school && school != cs->k[k].school_seen) {
            cs->k[k].school_seen = school;
            if (strcmp(cs->str[school], cs->k[k].school) < 0) {
                free(cs->k[k].school);
                cs->k[k].school = jh_strdup(cs->str[school]);
            }
        }
    }
    if (!kiosk) cs->cov_sql = true;
    if (!hash) return;
    int k;
    if (sc->last >= 0 && sc->last_sv == sv) {
        k = sc->last;
    } else {
        k = sc->last = census_survey(p, hash, sc->last);
        sc->last_sv = sv;
    }
    cs->s[k].n++;
    /* counted in the round: by its day from since_day (up to until_day),
     * without one merged since the round opened -- also a response merged
     * before `round --open` (issue: its version was left out of the
     * comparison and pooled with the next one) */
    bool counted = logged && st != ROW_OTHER && !(day ? before || sc->last_day.after : ms < sc->opened);
    if (counted) cs->s[k].counted = true;
    if (in_round || counted) {
        if (in_round) cs->s[k].in_round = true;
        const char *sid = census_is_base(argv[3])   ? sv->survey_id
                          : census_is_null(argv[3]) ? NULL
                                                    : (const char *)sqlite3_value_text(argv[3]);
        if (sid && (!cs->s[k].survey_id || strcmp(sid, cs->s[k].survey_id) < 0)) {
            free(cs->s[k].survey_id);
            cs->s[k].survey_id = jh_strdup(sid);
        }
    }
    if (!logged || (day ? before || sc->last_day.after : ms < sc->opened))
        return;
    /* a response of the round: kept to be counted (for one that is not
     * submitted only its school counts) */
    const void *codes = NULL;
    const char *extra = NULL;
    int n_codes = 0;
    size_t n_extra = 0;
    if (st != ROW_OTHER) {
        codes = sqlite3_value_blob(argv[10]);
        n_codes = codes ? sqlite3_value_bytes(argv[10]) : 0;
        if (n_codes > UINT16_MAX) n_codes = UINT16_MAX; /* more than any questionnaire's items */
        extra = (const char *)sqlite3_value_text(argv[11]);
        n_extra = extra ? (size_t)sqlite3_value_bytes(argv[11]) : 0;
    }
    int32_t extra_len = extra ? (int32_t)n_extra : -1;
    census_row_t *r = census_row_add(cs, census_row_size((uint16_t)n_codes, extra_len));
    r->status = st;
    r->school = school;
    r->hash = (uint32_t)k;
    r->n_codes = (uint16_t)n_codes;
    r->extra_len = extra_len;
    r->loc = r->flags = 0;
    /* the role of one not submitted too: a school's own sample leaves the
     * public's abandoned ones out (review fstats9 item 3) */
    r->role = census_pick(cs, argv[8], sv->role, &sc->base_role, &sc->last_role);
    if (st == ROW_OTHER) return;
    r->loc = census_pick(cs, argv[7], logged ? rf->imp_loc[imp] : NULL, &sc->base_loc, &sc->last_loc);
    r->flags = census_intern_col(cs, argv[9], &sc->last_flags);
    uint8_t *b = (uint8_t *)(r + 1);
    if (n_codes) memcpy(b, codes, (size_t)n_codes);
    if (extra) {
        memcpy(b + n_codes, extra, n_extra);
        b[n_codes + n_extra] = 0;
    }
}

static void *census_scan(void *arg)
{
    census_part_t *p = arg;
    sqlite3_stmt *q = NULL;
    p->n_slots = 1024;
    p->slots = jh_xcalloc((size_t)p->n_slots, sizeof *p->slots);
    p->ok = false;
    /* the responses counted: those with a day from since_day (up to
     * until_day), those without one merged since the round opened */
    census_scan_t sc = {.p = p, .last = -1, .last_k = -1, .opened = p->have_round ? p->opened_ms : 0,
                        .last_kref = -1, .last_sref = -1, .day_int = -1};
    /* the function lives while this scan does, on this scan's connection
     * (each half has its own); not for the database's own SQL (views,
     * triggers: SQLITE_DIRECTONLY) */
    if (sqlite3_create_function(p->db, "jh_census_row", CENSUS_N_COLUMNS, SQLITE_UTF8 | SQLITE_DIRECTONLY, &sc,
                                census_row, NULL, NULL) != SQLITE_OK)
        return NULL;
    /* count() of what it returns (NULL): one result row for the whole scan;
     * the rows in the order of id, as a plain scan of the range gives them */
    if (sqlite3_prepare_v2(p->db,
                           "SELECT count(jh_census_row(" CENSUS_COLUMNS ")) FROM response_rows WHERE id BETWEEN ? AND ?",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, p->lo);
        sqlite3_bind_int64(q, 2, p->hi);
        p->ok = sqlite3_step(q) == SQLITE_ROW && sqlite3_step(q) == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    sqlite3_create_function(p->db, "jh_census_row", CENSUS_N_COLUMNS, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                            NULL, NULL);
    return NULL;
}

/* Part p's scan again from the start, on db (its census so far dropped;
 * the import log kept). */
static void census_scan_again(census_part_t *p, sqlite3 *db)
{
    census_t keep = {.imp = p->cs.imp, .n_imp = p->cs.n_imp, .last_imp = -1};
    p->cs.imp = NULL;
    census_free(&p->cs);
    free(p->slots);
    *p = (census_part_t){.db = db, .lo = p->lo, .hi = p->hi, .opened_ms = p->opened_ms, .have_round = p->have_round,
                         .since_day = p->since_day, .until_day = p->until_day, .today_day = p->today_day,
                         .cs = keep, .refs = p->refs};
    census_scan(p);
}

/* ---- one state of the database for the whole document -------------------- */

/* The statistics document is made from one state of the database, even
 * while a merge commits (review of session 12: an import log of 2,000 new
 * responses beside responses.total = 1,800).  Every read on the county's
 * connection is inside one read transaction, and the other connections
 * (the census's halves, the import log's thread) begin theirs at the same
 * state: a probe connection's data_version, which changes whenever another
 * connection commits, is read before the county's transaction begins and
 * again once the others' have; the same number means no commit between, so
 * all of them read the same.  (This SQLite has no sqlite3_snapshot_open.)
 * Otherwise, after a few tries, everything is read on the county's
 * connection alone.  In WAL mode the readers never hold a merge up; in the
 * merge's rollback-journal mode (docs/bureau.md, "The merge's journal") the
 * county's shared lock keeps commits out until the document is made (the
 * merge waits for readers), and the other connections of this process
 * share that lock, so they never wait for the merge's pending one. */
typedef struct {
    sqlite3 *db;      /* the county's connection (borrowed) */
    bool own;         /* its read transaction is the view's: ended by view_end */
    sqlite3 *half;    /* the census's second half (NULL: none) ... */
    sqlite3 *ahead;   /* ... its first half, read ahead (readahead.h) ... */
    sqlite3 *imports; /* ... and the import log's thread: owned, each in a read transaction */
} view_t;

/* Begins a read transaction on db and reads, so that it holds the state of now. */
static bool view_read(sqlite3 *db)
{
    if (sqlite3_exec(db, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK) return true;
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return false;
}

static sqlite3 *view_open(struct county *c, const char *vfs, int busy_ms)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(county_uri(c), &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, vfs) !=
        SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, busy_ms);
    return h;
}

static int64_t data_version(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static void view_close_others(view_t *v)
{
    sqlite3_close(v->half);
    sqlite3_close(v->ahead);
    sqlite3_close(v->imports);
    v->half = v->ahead = v->imports = NULL;
}

/* Begins the view on the county's connection (unless a transaction is open
 * there already: then its connection alone reads) and the others. */
static void view_begin(struct county *c, view_t *v)
{
    memset(v, 0, sizeof *v);
    v->db = county_db(c);
    if (!sqlite3_get_autocommit(v->db)) return;
    /* (as long as the county's connection waits for a lock: county_open) */
    int busy_ms = 5000;
    const char *env = getenv("JH_STATS_VIEW_TRIES"); /* tests: 0 reads everything on one connection */
    int tries = env && env[0] ? atoi(env) : 3;
    if (!strcmp(county_path(c), ":memory:")) tries = 0; /* (another connection would open another database) */
    sqlite3 *probe = tries > 0 ? view_open(c, NULL, busy_ms) : NULL;
    for (int t = 0; t < tries && probe; t++) {
        int64_t v0 = data_version(probe);
        if (v0 < 0 || !view_read(v->db)) break;
        v->own = true;
        const char *ra = readahead_vfs();
        if ((v->half = view_open(c, ra, busy_ms)) && !view_read(v->half)) sqlite3_close(v->half), v->half = NULL;
        if (ra && (v->ahead = view_open(c, ra, busy_ms)) && !view_read(v->ahead))
            sqlite3_close(v->ahead), v->ahead = NULL;
        if ((v->imports = view_open(c, NULL, busy_ms)) && !view_read(v->imports))
            sqlite3_close(v->imports), v->imports = NULL;
        if (data_version(probe) == v0) break;
        /* a commit came between: again (the county's transaction too) */
        view_close_others(v);
        sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL);
        v->own = false;
    }
    sqlite3_close(probe);
    if (!v->own && sqlite3_get_autocommit(v->db) && view_read(v->db)) v->own = true; /* one connection, one state */
}

static void view_end(view_t *v)
{
    view_close_others(v);
    if (v->own) sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL);
    v->own = false;
}

/* Adds part b's census (the responses after a's) to a's. */
static void census_merge(census_part_t *a, census_part_t *b)
{
    census_t *ca = &a->cs, *cb = &b->cs;
    ca->n_earlier += cb->n_earlier;
    ca->n_late += cb->n_late;
    ca->cov_sql |= cb->cov_sql;
    for (int i = 0; i < cb->n_k; i++) {
        census_kiosk_t *kb = &cb->k[i];
        int k = census_kiosk(a, kb->kiosk, kb->school);
        census_kiosk_t *ka = &ca->k[k];
        if (strcmp(kb->school, ka->school) < 0) {
            free(ka->school);
            ka->school = jh_strdup(kb->school);
        }
        if (kb->n_future) census_future(ka, kb->n_future, kb->future_first, kb->future_last);
        /* b's seqs follow a's: the gap between them, then b's own */
        if (!kb->received) continue;
        if (strlen(ka->kiosk) >= 255) ca->cov_sql = true;
        if (!ka->received) {
            ka->first = kb->first;
        } else if (kb->first <= ka->last) {
            ca->cov_sql = true;
        } else if (kb->first > ka->last + 1) {
            census_gap_add(ka, ka->last + 1, kb->first - 1);
        }
        for (int g = 0; g < kb->n_gaps; g++) census_gap_add(ka, kb->gaps[g].from, kb->gaps[g].to);
        ka->last = kb->last;
        ka->received += kb->received;
    }
    int *smap = jh_xmalloc(((size_t)cb->n_s + 1) * sizeof *smap);
    for (int i = 0; i < cb->n_s; i++) {
        const census_survey_t *e = &cb->s[i];
        int k = smap[i] = census_survey(a, e->hash, -1);
        census_survey_t *t = &ca->s[k];
        t->n += e->n;
        t->in_round |= e->in_round;
        t->counted |= e->counted;
        if (e->survey_id && (!t->survey_id || strcmp(e->survey_id, t->survey_id) < 0)) {
            free(t->survey_id);
            t->survey_id = jh_strdup(e->survey_id);
        }
    }
    uint32_t *strmap = jh_xmalloc(((size_t)cb->n_str + 1) * sizeof *strmap);
    strmap[0] = 0;
    for (int i = 1; i < cb->n_str; i++) strmap[i] = census_intern(ca, cb->str[i]);
    /* b's records stay where they are (copying them would touch as much
     * memory again), renamed into a's strings and questionnaires; its
     * blocks follow a's */
    census_iter_t it = {0, 0};
    for (census_row_t *r; (r = census_next(cb, &it));) {
        r->school = strmap[r->school];
        r->loc = strmap[r->loc];
        r->role = strmap[r->role];
        r->flags = strmap[r->flags];
        r->hash = (uint32_t)smap[r->hash];
    }
    ca->n_blk_first = ca->n_blk;
    if (cb->n_blk) {
        ca->blk = jh_xrealloc(ca->blk, (size_t)(ca->n_blk + cb->n_blk) * sizeof *ca->blk);
        memcpy(ca->blk + ca->n_blk, cb->blk, (size_t)cb->n_blk * sizeof *cb->blk);
        ca->n_blk += cb->n_blk;
        ca->cap_blk = ca->n_blk;
        ca->n_rows += cb->n_rows;
        free(cb->blk);
        cb->blk = NULL;
        cb->n_blk = cb->cap_blk = 0;
        cb->n_rows = 0;
    }
    free(strmap);
    free(smap);
}

/* The census of the stored responses.  opened_ms: the round's opening (a
 * questionnaire is in the round when a submitted response of it was merged
 * since); when have_round, n_earlier counts the responses of earlier rounds
 * (those whose day is before since_day, or without a day merged before
 * opened_ms).  The round's responses (a day from since_day up to until_day,
 * or merged since opened_ms without one) are kept in out's records.  The table
 * is read in two halves at once, the second on a connection of its own. */
static jh_status_t census_take(struct county *c, view_t *v, int64_t opened_ms, bool have_round, const char *since_day,
                               const char *until_day, const char *today_day, census_t *out, jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    census_part_t part[2];
    memset(part, 0, sizeof part);
    census_t *cs = &part[0].cs;
    census_refs_t refs = {0};
    cs->last_imp = -1;
    if (sqlite3_prepare_v2(db, "SELECT id, imported_ms, school_code, locality FROM imports ORDER BY id", -1, &q,
                           NULL) != SQLITE_OK)
        goto fail;
    int rc, cap_imp = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (cs->n_imp == cap_imp) {
            cap_imp = cap_imp ? cap_imp * 2 : 256;
            cs->imp = jh_xrealloc(cs->imp, (size_t)cap_imp * sizeof *cs->imp);
            refs.imp_school = jh_xrealloc(refs.imp_school, (size_t)cap_imp * sizeof *refs.imp_school);
            refs.imp_loc = jh_xrealloc(refs.imp_loc, (size_t)cap_imp * sizeof *refs.imp_loc);
        }
        refs.imp_school[cs->n_imp] = col_dup(q, 2);
        refs.imp_loc[cs->n_imp] = col_dup(q, 3);
        cs->imp[cs->n_imp++] = (struct census_import){sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1)};
    }
    if (rc != SQLITE_DONE) goto fail;
    sqlite3_finalize(q);
    q = NULL;
    int64_t lo = 0, hi = -1;
    /* two subqueries: SQLite looks min() and max() up in the rowid tree only
     * when each is a query of its own (both in one query scanned a whole
     * index, ~90 ms for 1M responses before the census could start) */
    if (!census_refs_read(db, &refs)) goto fail;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT min(id) FROM response_rows), (SELECT max(id) FROM response_rows)", -1,
                           &q, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
        lo = sqlite3_column_int64(q, 0);
        hi = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    q = NULL;
    for (int i = 0; i < 2; i++)
        part[i] = (census_part_t){.db = db, .lo = lo, .hi = hi, .opened_ms = opened_ms, .have_round = have_round,
                                  .since_day = since_day, .until_day = until_day, .today_day = today_day,
                                  .refs = &refs,
                                  .cs = i ? (census_t){.imp = cs->imp, .n_imp = cs->n_imp, .last_imp = -1} : *cs};
    cs = &part[0].cs;
    /* a second half on a second connection when the table is worth it (and
     * the file can be opened again); otherwise one scan */
    pthread_t th;
    bool two = false;
    const char *split_env = getenv("JH_STATS_SPLIT_MIN"); /* tests: the smallest table read in halves */
    int64_t split_min = split_env && split_env[0] ? strtoll(split_env, NULL, 10) : 20000;
    /* (the ids' span unsigned: a database edited by hand can hold any
     * rowid, and hi - lo of INT64_MIN and INT64_MAX is past an int64) */
    uint64_t span = (uint64_t)hi - (uint64_t)lo; /* the rows' ids, less one */
    if (hi > lo && (split_min <= 1 || span >= (uint64_t)split_min - 1) && v->half) {
        part[0].hi = lo + (int64_t)(span / 2);
        /* tests: the first id of the second half (kept inside the table) */
        const char *at_env = getenv("JH_STATS_SPLIT_AT");
        if (at_env && at_env[0]) {
            int64_t at = strtoll(at_env, NULL, 10);
            part[0].hi = at <= lo ? lo : at > hi ? hi - 1 : at - 1;
        }
        part[1].lo = part[0].hi + 1;
        part[1].db = v->half;
        two = pthread_create(&th, NULL, census_scan, &part[1]) == 0;
        if (!two) part[0].hi = hi;
    }
    /* the first half on a read-only connection of its own too, to read the
     * file ahead (readahead.h); both in the view's state */
    if (two && v->ahead) part[0].db = v->ahead;
    census_scan(&part[0]);
    if (two) pthread_join(th, NULL);
    /* a connection of the census's own could not read it (not the same
     * file after all?): that half again on the county's */
    if (!part[0].ok && part[0].db != db) census_scan_again(&part[0], db);
    if (!part[0].ok) goto fail;
    if (two && !part[1].ok) {
        census_scan_again(&part[1], db);
        if (!part[1].ok) {
            part[1].cs.imp = NULL;
            census_free(&part[1].cs);
            free(part[1].slots);
            goto fail;
        }
    }
    if (two) {
        census_merge(&part[0], &part[1]);
        part[1].cs.imp = NULL; /* part[0]'s */
        census_free(&part[1].cs);
        free(part[1].slots);
    }
    /* (done with: their memory back now) */
    sqlite3_close(v->ahead);
    sqlite3_close(v->half);
    v->ahead = v->half = NULL;
    if (sqlite3_prepare_v2(db, "SELECT version FROM surveys WHERE hash = ?", -1, &q, NULL) != SQLITE_OK) goto fail;
    for (int i = 0; i < cs->n_s; i++) {
        sqlite3_bind_text(q, 1, cs->s[i].hash, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
            cs->s[i].version = jh_strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    /* the rows name questionnaires by their place before this sort: the
     * hash strings stay where they are (row_hash) */
    if (cs->n_s > 1) qsort(cs->s, (size_t)cs->n_s, sizeof *cs->s, census_survey_cmp);
    if (cs->n_k > 1) qsort(cs->k, (size_t)cs->n_k, sizeof *cs->k, census_kiosk_cmp);
    free(part[0].slots);
    cs->last_imp = -1;
    if (!two) cs->n_blk_first = cs->n_blk;
    census_refs_free(&refs, cs->n_imp);
    *out = *cs;
    return JH_OK;
fail:;
    jh_status_t st = jh_err_set(err, JH_ERR_IO, _("%s: reading responses: %s"), county_path(c), sqlite3_errmsg(db));
    census_refs_free(&refs, cs->n_imp);
    sqlite3_finalize(q);
    free(part[0].slots);
    census_free(cs);
    return st;
}

/* The least school code of kiosk's responses ("" when not stored). */
static const char *census_school(const census_t *cs, const char *kiosk)
{
    int lo = 0, hi = cs->n_k - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(cs->k[mid].kiosk, kiosk);
        if (!c) return cs->k[mid].school;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return "";
}

/* ---- import log --------------------------------------------------------------- */

/* Missing data: per kiosk, the responses received (count, lowest and highest
 * seq) and the seq ranges never received.  A kiosk numbers its responses 1,
 * 2, 3, ... so a seq missing below the highest received one is a response,
 * and a bundle, that never reached the bureau.  From the census's scan of
 * the table when it met every kiosk's seqs in their order (a bundle's
 * responses are stored together, in order: the usual case), else from the
 * (kiosk_id, seq) index (a scan of 1M entries, issue 20). */
/* The number of seqs from..to (none when to < from), and a + b of such
 * counts, both held at INT64_MAX: a kiosk numbers from 1, but a database
 * edited by hand can hold any seq, and INT64_MIN..INT64_MAX is 2^64 of them. */
static int64_t seq_count(int64_t from, int64_t to)
{
    if (to < from) return 0;
    uint64_t d = (uint64_t)to - (uint64_t)from;
    return d >= (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d + 1;
}

static int64_t seq_count_add(int64_t a, int64_t b)
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* The new databases the merge met (meta rows COUNTY_NEW_DB_KEY, county.h):
 * kiosk and first seq each. */
typedef struct {
    struct new_db { char *kiosk; int64_t seq; } *v;
    int n;
} new_dbs_t;

static void new_dbs_load(sqlite3 *db, new_dbs_t *nd)
{
    *nd = (new_dbs_t){0};
    sqlite3_stmt *q = NULL;
    /* (none when the table cannot be read: every gap counts, as before) */
    if (sqlite3_prepare_v2(db, "SELECT key FROM meta WHERE key LIKE '" COUNTY_NEW_DB_KEY "%' ORDER BY key", -1, &q,
                           NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0) + strlen(COUNTY_NEW_DB_KEY);
        char *end = NULL;
        long long seq = strtoll(k, &end, 10);
        if (end == k || *end != ':' || seq < 2) continue;
        nd->v = jh_xrealloc(nd->v, (size_t)(nd->n + 1) * sizeof *nd->v);
        nd->v[nd->n++] = (struct new_db){jh_strdup(end + 1), seq};
    }
    sqlite3_finalize(q);
}

static void new_dbs_free(new_dbs_t *nd)
{
    for (int i = 0; i < nd->n; i++) free(nd->v[i].kiosk);
    free(nd->v);
}

/* Whether kiosk's seqs from .. to, not received, are the ones below a new
 * database's first seq (to + 1): never used, not missing.  Adds that first
 * seq to k_starts then (NULL: a start below which the county holds none of
 * the kiosk's seqs - a kiosk new to the county, not a database rebuilt). */
static bool new_db_below(const new_dbs_t *nd, const char *kiosk, int64_t to, cJSON *k_starts)
{
    for (int i = 0; i < nd->n; i++)
        if (nd->v[i].seq - 1 == to && !strcmp(nd->v[i].kiosk, kiosk)) {
            if (k_starts) cJSON_AddItemToArray(k_starts, cJSON_CreateNumber((double)nd->v[i].seq));
            return true;
        }
    return false;
}

/* Adds k's "new_database_at" (the first seqs of its new databases, when it
 * has any) and counts it in *n_new_db. */
static void new_db_json(cJSON *k, cJSON *starts, int *n_new_db)
{
    if (cJSON_GetArraySize(starts) > 0) {
        cJSON_AddItemToObject(k, "new_database_at", starts);
        (*n_new_db)++;
    } else {
        cJSON_Delete(starts);
    }
}

/* Takes the seqs that were received but are in quarantine (answers to a
 * questionnaire changed on the kiosk, review rquest3) out of the coverage's
 * missing ranges: no export of them is missing, and "export again" would
 * send staff to the school for nothing.  A seq quarantined as a conflict or
 * a fork (a copied kiosk) stays missing: the genuine kiosk's answer under
 * it never arrived (review r2quest3 item 2).  Each kiosk entry that held some
 * gets "quarantined" (their number); the totals are counted again. */
static void coverage_quarantined(sqlite3 *db, cJSON *im)
{
    cJSON *cov = cJSON_GetObjectItem(im, "coverage");
    sqlite3_stmt *q = NULL;
    bool any = false, changed = false;
    int with_gaps = 0;
    int64_t missing_total = 0;
    if (sqlite3_prepare_v2(db, "SELECT EXISTS(SELECT 1 FROM quarantine)", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        any = sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    q = NULL;
    if (!any || !cJSON_IsArray(cov) ||
        sqlite3_prepare_v2(db,
                           /* quarantined for its questionnaire only: its definition is not the one
                            * the county pinned, and no row of this seq conflicts with a stored answer
                            * or follows one (a copied kiosk's fork is not the genuine kiosk's seq) */
                           "SELECT DISTINCT seq FROM quarantine q WHERE kiosk_id = ?1 AND seq BETWEEN ?2 AND ?3 "
                           "AND json_valid(canonical) AND json_extract(canonical, '$.survey_hash') NOT IN "
                           "(SELECT hash FROM pinned_surveys) AND NOT EXISTS (SELECT 1 FROM quarantine f "
                           "WHERE f.kiosk_id = q.kiosk_id AND f.seq = q.seq AND (f.stored_uuid IS NOT NULL "
                           "OR json_extract(f.canonical, '$.survey_hash') IN (SELECT hash FROM pinned_surveys))) "
                           "ORDER BY seq",
                           -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return;
    }
    cJSON *k;
    cJSON_ArrayForEach(k, cov) {
        cJSON *ranges = cJSON_GetObjectItem(k, "missing_ranges"), *kept = cJSON_CreateArray();
        const char *kiosk = cJSON_GetStringValue(cJSON_GetObjectItem(k, "kiosk_id"));
        int64_t missing = 0, held = 0;
        cJSON *r;
        cJSON_ArrayForEach(r, ranges) {
            int64_t from = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "from")),
                    to = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "to"));
            sqlite3_bind_text(q, 1, kiosk ? kiosk : "", -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 2, from);
            sqlite3_bind_int64(q, 3, to);
            while (sqlite3_step(q) == SQLITE_ROW && from <= to) {
                int64_t seq = sqlite3_column_int64(q, 0);
                held++;
                if (seq > from) {
                    cJSON *e = cJSON_CreateObject();
                    cJSON_AddNumberToObject(e, "from", (double)from);
                    cJSON_AddNumberToObject(e, "to", (double)(seq - 1));
                    cJSON_AddItemToArray(kept, e);
                    missing = seq_count_add(missing, seq_count(from, seq - 1));
                }
                if (seq == INT64_MAX) { /* (nothing above it) */
                    from = 1;
                    to = 0;
                    break;
                }
                from = seq + 1;
            }
            sqlite3_reset(q);
            if (from <= to) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddNumberToObject(e, "from", (double)from);
                cJSON_AddNumberToObject(e, "to", (double)to);
                cJSON_AddItemToArray(kept, e);
                missing = seq_count_add(missing, seq_count(from, to));
            }
        }
        if (held > 0) {
            changed = true;
            cJSON_ReplaceItemInObject(k, "missing_ranges", kept);
            cJSON_ReplaceItemInObject(k, "missing", cJSON_CreateNumber((double)missing));
            cJSON_AddNumberToObject(k, "quarantined", (double)held);
        } else {
            cJSON_Delete(kept);
            missing = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(k, "missing"));
        }
        with_gaps += missing > 0;
        missing_total = seq_count_add(missing_total, missing);
    }
    sqlite3_finalize(q);
    if (!changed) return;
    cJSON_ReplaceItemInObject(im, "kiosks_with_missing", cJSON_CreateNumber(with_gaps));
    cJSON_ReplaceItemInObject(im, "missing_responses", cJSON_CreateNumber((double)missing_total));
}

static jh_status_t coverage_json(sqlite3 *db, cJSON *im, const census_t *cs, jh_err_t *err)
{
    cJSON *cov = cJSON_AddArrayToObject(im, "coverage");
    sqlite3_stmt *g = NULL;
    jh_status_t st = JH_OK;
    int with_gaps = 0, n_new_db = 0;
    int64_t missing_total = 0;
    new_dbs_t nd;
    new_dbs_load(db, &nd);
    if (!cs->cov_sql) {
        /* from the census: every kiosk's seqs met in their order (as the
         * index would give them), with the gaps between them */
        for (int i = 0; i < cs->n_k; i++) {
            const census_kiosk_t *e = &cs->k[i];
            cJSON *ranges = cJSON_CreateArray(), *starts = cJSON_CreateArray();
            int64_t missing = 0;
            /* (below the first seq: a kiosk new to the county - a kiosk_id
             * line in kiosk.conf starts high - not listed in starts) */
            if (e->first > 1 && !new_db_below(&nd, e->kiosk, e->first - 1, NULL)) {
                /* below the first one (the seqs start at 1) */
                cJSON *r = cJSON_CreateObject();
                cJSON_AddNumberToObject(r, "from", 1.0);
                cJSON_AddNumberToObject(r, "to", (double)(e->first - 1));
                cJSON_AddItemToArray(ranges, r);
                missing = seq_count(1, e->first - 1);
            }
            for (int g = 0; g < e->n_gaps; g++) {
                if (new_db_below(&nd, e->kiosk, e->gaps[g].to, starts)) continue;
                cJSON *r = cJSON_CreateObject();
                cJSON_AddNumberToObject(r, "from", (double)e->gaps[g].from);
                cJSON_AddNumberToObject(r, "to", (double)e->gaps[g].to);
                cJSON_AddItemToArray(ranges, r);
                missing = seq_count_add(missing, seq_count(e->gaps[g].from, e->gaps[g].to));
            }
            cJSON *k = cJSON_CreateObject();
            cJSON_AddStringToObject(k, "kiosk_id", e->kiosk);
            cJSON_AddStringToObject(k, "school_code", e->school);
            cJSON_AddNumberToObject(k, "received", (double)e->received);
            cJSON_AddNumberToObject(k, "first_seq", (double)e->first);
            cJSON_AddNumberToObject(k, "last_seq", (double)e->last);
            cJSON_AddItemToObject(k, "missing_ranges", ranges);
            cJSON_AddNumberToObject(k, "missing", (double)missing);
            new_db_json(k, starts, &n_new_db);
            with_gaps += missing > 0;
            missing_total = seq_count_add(missing_total, missing);
            cJSON_AddItemToArray(cov, k);
        }
        cJSON_AddNumberToObject(im, "kiosks_with_missing", with_gaps);
        cJSON_AddNumberToObject(im, "missing_responses", (double)missing_total);
        if (n_new_db) cJSON_AddNumberToObject(im, "kiosks_new_database", n_new_db);
        new_dbs_free(&nd);
        return JH_OK;
    }
    /* Every kiosk's seqs in order, from the (kiosk_id, seq) index alone (a
     * window query per kiosk cost a third of the statistics' time); each
     * kiosk's school from the census (a lookup of every row's school
     * through the index cost a tenth, issue 20). */
    if (sqlite3_prepare_v2(db, "SELECT kiosk_id, seq FROM responses ORDER BY kiosk_id, seq", -1, &g, NULL) !=
        SQLITE_OK) {
        st = jh_err_set(err, JH_ERR_IO, _("reading the responses received per kiosk: %s"), sqlite3_errmsg(db));
        goto done;
    }
    int grc = sqlite3_step(g);
    char kiosk[256];
    while (grc == SQLITE_ROW) {
        const char *gk = (const char *)sqlite3_column_text(g, 0);
        snprintf(kiosk, sizeof kiosk, "%s", gk ? gk : "");
        cJSON *ranges = cJSON_CreateArray(), *starts = cJSON_CreateArray();
        int64_t missing = 0, received = 0, first = sqlite3_column_int64(g, 1), prev = 0;
        /* the seqs never received: below the first one, and between two */
        for (; grc == SQLITE_ROW; grc = sqlite3_step(g)) {
            gk = (const char *)sqlite3_column_text(g, 0);
            if (strcmp(gk ? gk : "", kiosk) != 0) break;
            int64_t seq = sqlite3_column_int64(g, 1);
            received++;
            /* (a seq of INT64_MAX: the last one; below the first seq, prev
             * 0: a kiosk new to the county, as in the census's path) */
            if (prev < INT64_MAX && seq > prev + 1 &&
                !new_db_below(&nd, kiosk, seq - 1, prev == 0 ? NULL : starts)) {
                cJSON *r = cJSON_CreateObject();
                cJSON_AddNumberToObject(r, "from", (double)(prev + 1));
                cJSON_AddNumberToObject(r, "to", (double)(seq - 1));
                cJSON_AddItemToArray(ranges, r);
                missing = seq_count_add(missing, seq_count(prev + 1, seq - 1));
            }
            prev = seq;
        }
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "kiosk_id", kiosk);
        cJSON_AddStringToObject(k, "school_code", census_school(cs, kiosk));
        cJSON_AddNumberToObject(k, "received", (double)received);
        cJSON_AddNumberToObject(k, "first_seq", (double)first);
        cJSON_AddNumberToObject(k, "last_seq", (double)prev);
        cJSON_AddItemToObject(k, "missing_ranges", ranges);
        cJSON_AddNumberToObject(k, "missing", (double)missing);
        new_db_json(k, starts, &n_new_db);
        with_gaps += missing > 0;
        missing_total = seq_count_add(missing_total, missing);
        cJSON_AddItemToArray(cov, k);
    }
    if (grc != SQLITE_DONE) {
        st = jh_err_set(err, JH_ERR_IO, _("reading the responses received per kiosk: %s"), sqlite3_errmsg(db));
        goto done;
    }
    cJSON_AddNumberToObject(im, "kiosks_with_missing", with_gaps);
    cJSON_AddNumberToObject(im, "missing_responses", (double)missing_total);
    if (n_new_db) cJSON_AddNumberToObject(im, "kiosks_new_database", n_new_db);
done:
    new_dbs_free(&nd);
    sqlite3_finalize(g);
    return st;
}

/* Fills im, the document's "imports": the import log, the kiosk keys and
 * the coverage per kiosk. */
static jh_status_t imports_json(sqlite3 *db, cJSON *im, const census_t *cs, jh_err_t *err)
{
    cJSON *log = cJSON_AddArrayToObject(im, "log");
    sqlite3_stmt *q = NULL;
    int counts[4] = {0};
    static const char *verdicts[] = {"imported", "unchanged", "conflicts", "rejected"};
    if (sqlite3_prepare_v2(db,
                           "SELECT i.file, i.file_sha256, i.kiosk_id, i.school_code, i.kind, "
                           "i.first_seq, i.last_seq, i.n_responses, i.n_new, i.n_duplicate, "
                           "i.n_quarantined, i.verdict, i.reason, i.imported_ms, "
                           "CASE WHEN i.verdict = 'rejected' THEN NULL ELSE k.source END "
                           "FROM imports i LEFT JOIN kiosks k ON k.kiosk_id = i.kiosk_id "
                           "ORDER BY i.id",
                           -1, &q, NULL) != SQLITE_OK)
        return jh_err_set(err, JH_ERR_IO, _("reading the import log: %s"), sqlite3_errmsg(db));
    while (sqlite3_step(q) == SQLITE_ROW) {
        cJSON *e = cJSON_CreateObject();
        static const char *names[] = {"file", "file_sha256", "kiosk_id", "school_code", "kind"};
        for (int i = 0; i < 5; i++) {
            const char *v = (const char *)sqlite3_column_text(q, i);
            if (v)
                (cJSON_AddStringToObject)(e, names[i], v);
            else
                (cJSON_AddNullToObject)(e, names[i]);
        }
        static const char *nums[] = {"first_seq", "last_seq", "n_responses", "n_new", "n_duplicate",
                                     "n_quarantined"};
        for (int i = 0; i < 6; i++) (cJSON_AddNumberToObject)(e, nums[i], (double)sqlite3_column_int64(q, 5 + i));
        const char *verdict = (const char *)sqlite3_column_text(q, 11);
        cJSON_AddStringToObject(e, "verdict", verdict);
        cJSON_AddStringToObject(e, "reason", (const char *)sqlite3_column_text(q, 12));
        char when[32];
        jh_format_time(sqlite3_column_int64(q, 13), when);
        cJSON_AddStringToObject(e, "imported_at", when);
        /* How the key that verified this bundle came to be trusted; null
         * for a rejected bundle. */
        const char *trust = (const char *)sqlite3_column_text(q, 14);
        if (trust)
            cJSON_AddStringToObject(e, "key_trust", trust);
        else
            cJSON_AddNullToObject(e, "key_trust");
        for (int i = 0; i < 4; i++)
            if (!strcmp(verdict, verdicts[i])) counts[i]++;
        cJSON_AddItemToArray(log, e);
    }
    sqlite3_finalize(q);
    cJSON_AddNumberToObject(im, "attempts", cJSON_GetArraySize(log));
    cJSON *bv = cJSON_AddObjectToObject(im, "by_verdict");
    for (int i = 0; i < 4; i++) (cJSON_AddNumberToObject)(bv, verdicts[i], counts[i]);
    int64_t quarantined = 0, kiosks = 0;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM quarantine), (SELECT count(*) FROM kiosks)",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        quarantined = sqlite3_column_int64(q, 0);
        kiosks = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    cJSON_AddNumberToObject(im, "quarantined", (double)quarantined);
    cJSON_AddNumberToObject(im, "kiosks", (double)kiosks);
    /* Every pinned kiosk key and how it came to be trusted, so the bureau
     * can check the fingerprints of kiosks trusted on first use. */
    cJSON *keys = cJSON_AddArrayToObject(im, "kiosk_keys");
    int n_first_use = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT kiosk_id, school_code, fingerprint, source, pinned_ms FROM kiosks "
                           "ORDER BY kiosk_id",
                           -1, &q, NULL) != SQLITE_OK)
        return jh_err_set(err, JH_ERR_IO, _("reading the kiosk keys: %s"), sqlite3_errmsg(db));
    while (sqlite3_step(q) == SQLITE_ROW) {
        cJSON *k = cJSON_CreateObject();
        static const char *names[] = {"kiosk_id", "school_code", "fingerprint", "trust"};
        for (int i = 0; i < 4; i++) {
            const char *v = (const char *)sqlite3_column_text(q, i);
            (cJSON_AddStringToObject)(k, names[i], v ? v : "");
        }
        const char *source = (const char *)sqlite3_column_text(q, 3);
        bool first_use = source && !strcmp(source, "first_use");
        n_first_use += first_use;
        cJSON_AddStringToObject(k, "trust_zh", first_use ? "首次导入自动信任" : "密钥清单");
        char when[32];
        jh_format_time(sqlite3_column_int64(q, 4), when);
        cJSON_AddStringToObject(k, "pinned_at", when);
        /* The keys the bureau replaced (--replace-key; schema 8): the
         * kiosk's row holds the new key's pinning, these the old ones',
         * with when each was replaced and the highest seq it may sign.
         * No member when none, as before schema 8 (review r2kiosk). */
        sqlite3_stmt *o = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT fingerprint, source, pinned_ms, replaced_ms, up_to_seq FROM kiosk_old_keys "
                               "WHERE kiosk_id = ?1 ORDER BY replaced_ms, fingerprint",
                               -1, &o, NULL) == SQLITE_OK) {
            sqlite3_bind_text(o, 1, (const char *)sqlite3_column_text(q, 0), -1, SQLITE_TRANSIENT);
            cJSON *olds = NULL;
            while (sqlite3_step(o) == SQLITE_ROW) {
                if (!olds) olds = cJSON_AddArrayToObject(k, "old_keys");
                cJSON *ok = cJSON_CreateObject();
                const char *ofp = (const char *)sqlite3_column_text(o, 0);
                const char *osrc = (const char *)sqlite3_column_text(o, 1);
                cJSON_AddStringToObject(ok, "fingerprint", ofp ? ofp : "");
                cJSON_AddStringToObject(ok, "trust", osrc ? osrc : "");
                cJSON_AddStringToObject(ok, "trust_zh",
                                        osrc && !strcmp(osrc, "first_use") ? "首次导入自动信任" : "密钥清单");
                jh_format_time(sqlite3_column_int64(o, 2), when);
                cJSON_AddStringToObject(ok, "pinned_at", when);
                jh_format_time(sqlite3_column_int64(o, 3), when);
                cJSON_AddStringToObject(ok, "replaced_at", when);
                cJSON_AddNumberToObject(ok, "up_to_seq", (double)sqlite3_column_int64(o, 4));
                cJSON_AddItemToArray(olds, ok);
            }
        }
        sqlite3_finalize(o);
        cJSON_AddItemToArray(keys, k);
    }
    sqlite3_finalize(q);
    cJSON_AddNumberToObject(im, "trusted_on_first_use", n_first_use);
    jh_status_t st = coverage_json(db, im, cs, err);
    if (st == JH_OK) coverage_quarantined(db, im);
    return st;
}

/* imports_json on a connection of its own, beside the counting of the
 * answers (issue 20); it only reads the census and fills its own object. */
typedef struct {
    sqlite3 *db;      /* the connection it reads (owned by the caller) */
    cJSON *im;        /* the document's "imports" (borrowed; only this job touches it) */
    const census_t *cs;
    json_arena_t *arena; /* the document's */
    jh_err_t err;
    jh_status_t st;
} imports_job_t;

static void *imports_thread(void *arg)
{
    imports_job_t *j = arg;
    json_arena_scope_t as = json_arena_enter(j->arena);
    j->st = imports_json(j->db, j->im, j->cs, &j->err);
    json_arena_leave(&as);
    return NULL;
}

/* ---- the computation ------------------------------------------------------------ */

/* ---- the sample against the sampling rules, per school and county (issue 18) ---- */

static void add_suppression(cJSON *o, const group_t *g);

/* The groups the evaluation surveys, in report order; other roles count as
 * SAMPLE_OTHER. */
static const char *const SAMPLE_ROLES[] = {"student", "parent", "teacher", "public"};
static const char *const SAMPLE_ROLES_ZH[] = {"学生", "家长", "教师", "社会公众"};
enum { SAMPLE_N_ROLES = 4, SAMPLE_OTHER = 4, SAMPLE_PUBLIC_ROLE = 3, SAMPLE_LOC_UNKNOWN = STATS_LOC_COUNT };

typedef struct {
    int64_t valid, abandoned;          /* submitted with a valid rated answer (known
                                        * questionnaire) / abandoned */
    int64_t empty;                     /* submitted without a valid rated answer: started,
                                        * not valid (review rgroups7 item 4) */
    int64_t role[SAMPLE_N_ROLES + 1];  /* valid by role */
    int64_t loc[STATS_LOC_COUNT + 1];  /* valid by the respondent's locality (+ unknown) */
    int64_t with_item;                 /* valid of a questionnaire with a locality item */
    int64_t pub_empty, pub_abandoned;  /* of empty, abandoned: the public's (review fstats9
                                        * item 3: a school's own sample leaves them out) */
    int64_t pub_loc[STATS_LOC_COUNT + 1]; /* of loc: the public's */
} sample_acc_t;

static int sample_role(const char *role)
{
    for (int r = 0; r < SAMPLE_N_ROLES; r++)
        if (role && !strcmp(role, SAMPLE_ROLES[r])) return r;
    return SAMPLE_OTHER;
}

/* The respondent's locality from the answer to the locality item. */
static int sample_loc(const char *value)
{
    stats_locality_t l;
    if (value && (!strcmp(value, "urban") || !strcmp(value, "town") || !strcmp(value, "rural")) &&
        stats_locality_parse(value, &l))
        return (int)l;
    return SAMPLE_LOC_UNKNOWN;
}

/* A cJSON string of a heap string, which it frees. */
static cJSON *str_take(char *text)
{
    cJSON *o = cJSON_CreateString(text);
    free(text);
    return o;
}

static void add_bool_or_null(cJSON *o, const char *k, int v) /* v: 1, 0, -1 = null */
{
    json_cs_add(o, k, v < 0 ? cJSON_CreateNull() : cJSON_CreateBool(v != 0));
}

/* The sample by one background item (review rgroups7): the valid
 * questionnaires of one audience whose definitions have a background item
 * of this id, by option (matched by code across the definitions). */
typedef struct {
    const char *role;                    /* the questionnaires' audience (borrowed) */
    const survey_item_t *it;             /* the item of the first definition met (borrowed) */
    int n_opt;
    const survey_option_t *opt[BG_OPTS]; /* borrowed */
    int64_t n[BG_OPTS + 1];              /* per option; [BG_OPTS]: left unanswered */
} bg_row_t;

static bool bg_is_identity(const bg_row_t *r)
{
    if (strcmp(r->role, "public")) return false;
    for (int j = 0; j < r->n_opt; j++)
        if (!strcmp(r->opt[j]->code, "principal") || !strcmp(r->opt[j]->code, "deputy") ||
            !strcmp(r->opt[j]->code, "cppcc"))
            return true;
    return false;
}

/* A row's place: the identity item first, then by role in report order. */
static int bg_rank(const bg_row_t *r)
{
    return bg_is_identity(r) ? 0 : 1 + sample_role(r->role);
}

/* The rows of the counts by background item bgc (per survey cache entry),
 * in the order of the definitions and their items; *n_out rows (owned). */
static bg_row_t *bg_rows(const survey_cache_t *sc, int64_t *const *bgc, int n_bgc, int *n_out)
{
    bg_row_t *r = NULL;
    int n = 0;
    for (int v = 0; v < sc->n && v < n_bgc; v++) {
        const cached_survey_t *c = &sc->v[v];
        if (!c->s || !bgc[v]) continue;
        const char *role = c->s->audience ? c->s->audience : "";
        for (int b = 0; b < c->n_bg; b++) {
            const survey_item_t *it = &c->s->items[c->bg_item[b]];
            int k = 0;
            while (k < n && (strcmp(r[k].role, role) || strcmp(r[k].it->id, it->id))) k++;
            if (k == n) {
                r = jh_xrealloc(r, (size_t)(n + 1) * sizeof *r);
                memset(&r[n], 0, sizeof *r);
                r[n].role = role;
                r[n].it = it;
                n++;
            }
            const int64_t *cnt = &bgc[v][b * (BG_OPTS + 1)];
            for (int o = 0; o < it->n_options && o < BG_OPTS; o++) {
                int j = 0;
                while (j < r[k].n_opt && strcmp(r[k].opt[j]->code, it->options[o].code)) j++;
                if (j == r[k].n_opt) {
                    if (j == BG_OPTS) { /* more codes across versions than kept: unanswered */
                        r[k].n[BG_OPTS] += cnt[o];
                        continue;
                    }
                    r[k].opt[r[k].n_opt++] = &it->options[o];
                }
                r[k].n[j] += cnt[o];
            }
            r[k].n[BG_OPTS] += cnt[BG_OPTS];
        }
    }
    /* the public's identity first (the groups of the rules), then the
     * roles in report order, each in the order of its definitions */
    for (int i = 1; i < n; i++) {
        bg_row_t x = r[i];
        int kx = bg_rank(&x), j = i;
        while (j > 0 && bg_rank(&r[j - 1]) > kx) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
    *n_out = n;
    return r;
}

/* The public questionnaire's identity item among rows: the public's
 * background item offering 校长, 人大代表 or 政协委员 (codes principal, deputy,
 * cppcc: docs/questionnaire-format.md), NULL when none. */
static const bg_row_t *bg_identity(const bg_row_t *rows, int n)
{
    for (int k = 0; k < n; k++)
        if (bg_is_identity(&rows[k])) return &rows[k];
    return NULL;
}

/* Adds to sm the sample by background item (review rgroups7 item 2): the
 * valid questionnaires per option of every single-choice background item
 * (the public's identity, the parents' family …), county-wide.  Counts
 * only, no rate per option: a rate of the few respondents of an option
 * (two NPC deputies) would tell their answers.  Hidden with their role (the
 * counts add up to the role's). */
static void sample_background(cJSON *sm, const groups_t *gs, const bg_row_t *rows, int n)
{
    const bg_row_t *idr = bg_identity(rows, n);
    cJSON *bb = cJSON_AddArrayToObject(sm, "by_background");
    for (int k = 0; k < n; k++) {
        const bg_row_t *r = &rows[k];
        int g = group_find(gs, G_ROLE, r->role, "");
        bool hid = g >= 0 && gs->g[g].hidden;
        int sr = sample_role(r->role);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "role", r->role);
        cJSON_AddStringToObject(e, "role_zh", sr < SAMPLE_N_ROLES ? SAMPLE_ROLES_ZH[sr] : r->role);
        cJSON_AddStringToObject(e, "item", r->it->id);
        cJSON_AddStringToObject(e, "text_zh", survey_text_get(&r->it->text, "zh-CN"));
        cJSON_AddStringToObject(e, "text_en", survey_text_get(&r->it->text, "en"));
        cJSON_AddBoolToObject(e, "identity", r == idr);
        cJSON_AddBoolToObject(e, "suppressed", hid);
        int64_t total = r->n[BG_OPTS];
        cJSON *os = cJSON_AddArrayToObject(e, "options");
        for (int j = 0; j < r->n_opt; j++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "code", r->opt[j]->code);
            cJSON_AddStringToObject(x, "label_zh", survey_text_get(&r->opt[j]->label, "zh-CN"));
            cJSON_AddStringToObject(x, "label_en", survey_text_get(&r->opt[j]->label, "en"));
            cJSON_AddBoolToObject(x, "excluded", r->opt[j]->excluded);
            add_num(x, "n", hid ? NAN : (double)r->n[j]);
            cJSON_AddItemToArray(os, x);
            total += r->n[j];
        }
        add_num(e, "unanswered", hid ? NAN : (double)r->n[BG_OPTS]);
        add_num(e, "total", hid ? NAN : (double)total);
        cJSON_AddItemToArray(bb, e);
    }
}

/* The groups within the public the rules survey, by the identity item's codes. */
static const char *const SAMPLE_PUBLIC[] = {"principal", "deputy", "cppcc"};
static const char *const SAMPLE_PUBLIC_ZH[] = {"校长", "人大代表", "政协委员"};
static const char *const SAMPLE_PUBLIC_EN[] = {"principals", "NPC deputies", "CPPCC members"};

/* Adds to sm (the document's "sample") the rules, the county's sample by
 * role and by the respondent's locality with a verdict and what is
 * missing, and every registered school's sample against its target. */
static void sample_rules(cJSON *sm, const groups_t *gs, const register_t_ *reg, const sample_acc_t *sch,
                         const sample_acc_t *county, int64_t started, const stats_opts_t *o,
                         const bg_row_t *bg, int n_bg)
{
    cJSON *ru = cJSON_AddObjectToObject(sm, "rules");
    cJSON_AddNumberToObject(ru, "parent_share_min", 0.50);
    cJSON_AddNumberToObject(ru, "valid_share_min", 0.70);
    cJSON_AddNumberToObject(ru, "size_per_mille", 1.5);
    cJSON_AddNumberToObject(ru, "size_min", 600);
    cJSON_AddNumberToObject(ru, "size_min_below_population", 400000);
    cJSON_AddNumberToObject(ru, "locality_tolerance", o->locality_tolerance);
    cJSON_AddStringToObject(ru, "method", M_SAMPLE_RULES);

    /* by role: the county's counts (hidden where the role's group is) */
    int64_t valid = county->valid;
    cJSON *br = cJSON_AddArrayToObject(sm, "by_role");
    for (int r = 0; r < SAMPLE_N_ROLES; r++) {
        int g = group_find(gs, G_ROLE, SAMPLE_ROLES[r], "");
        bool hid = g >= 0 && gs->g[g].hidden;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "role", SAMPLE_ROLES[r]);
        cJSON_AddStringToObject(e, "role_zh", SAMPLE_ROLES_ZH[r]);
        add_num(e, "n", hid ? NAN : (double)county->role[r]);
        add_num(e, "share", hid || !valid ? NAN : (double)county->role[r] / (double)valid);
        cJSON_AddBoolToObject(e, "suppressed", hid);
        cJSON_AddItemToArray(br, e);
    }

    /* by the respondent's locality, against the population's shares */
    double enrol_loc[STATS_LOC_COUNT] = {0}, enrol_all = 0;
    for (int i = 0; i < reg->n; i++) {
        double e = stats_school_enrolment(&reg->s[i]);
        enrol_loc[reg->s[i].locality] += e;
        enrol_all += e;
    }
    /* The respondent's locality, from the locality item's answers; a
     * questionnaire without the item (the 1.0 questionnaires) counts by
     * its school's locality from the register, as the method says (review
     * rdoc3): basis "school" when no valid questionnaire has the item,
     * "mixed" when some have it (review r2doc3 item 2).  The school-based
     * counts are hidden where sample.by_locality hides them. */
    int64_t cnt[STATS_LOC_COUNT + 1];
    bool loc_hid[STATS_LOC_COUNT] = {false};
    bool by_school_loc = county->with_item < county->valid;
    const char *basis = county->with_item == 0 && county->valid > 0 ? "school"
                        : by_school_loc                             ? "mixed"
                                                                    : "respondent";
    memcpy(cnt, county->loc, sizeof cnt);
    int64_t by_school_n = 0; /* questionnaires without the item placed by their school */
    if (by_school_loc) {
        for (int i = 0; i < reg->n; i++) {
            cnt[reg->s[i].locality] += sch[i].valid - sch[i].with_item;
            by_school_n += sch[i].valid - sch[i].with_item;
        }
        for (int l = 0; l < STATS_LOC_COUNT; l++) {
            int g = group_find(gs, G_LOCALITY, stats_locality_code((stats_locality_t)l), "");
            loc_hid[l] = g >= 0 && gs->g[g].hidden;
        }
    }
    int64_t known = 0, answered = 0;
    for (int l = 0; l < STATS_LOC_COUNT; l++) {
        known += cnt[l];
        answered += county->loc[l];
    }
    cnt[SAMPLE_LOC_UNKNOWN] = county->valid - known;
    cJSON *rl = cJSON_AddObjectToObject(sm, "by_respondent_locality");
    cJSON_AddStringToObject(rl, "basis", basis);
    cJSON_AddStringToObject(rl, "basis_zh",
                            !strcmp(basis, "school") ? "按学校所在城乡计（没有问卷含居住地题）"
                            : !strcmp(basis, "mixed")
                                ? "含居住地题的问卷按答题人所在城乡计，不含此题的问卷按学校所在城乡计"
                                : "按答题人所在城乡计（问卷居住地题的回答）");
    cJSON_AddNumberToObject(rl, "known", (double)known);
    cJSON_AddNumberToObject(rl, "unknown", (double)cnt[SAMPLE_LOC_UNKNOWN]);
    /* the parts of known and unknown: answered the item; placed by the
     * school (no item); with the item but not answered (未答或不愿回答);
     * no item and no registered school */
    cJSON_AddNumberToObject(rl, "by_answer", (double)answered);
    cJSON_AddNumberToObject(rl, "by_school", (double)by_school_n);
    cJSON_AddNumberToObject(rl, "unanswered", (double)(county->with_item - answered));
    cJSON_AddNumberToObject(rl, "no_item_no_school", (double)(county->valid - county->with_item - by_school_n));
    cJSON *items = cJSON_AddArrayToObject(rl, "localities");
    int loc_pass = known && enrol_all > 0 ? 1 : -1;
    cJSON *mz = cJSON_CreateArray(), *me = cJSON_CreateArray();
    for (int l = 0; l < STATS_LOC_COUNT; l++) {
        double share = known ? (double)cnt[l] / (double)known : NAN;
        double pop = enrol_all > 0 ? enrol_loc[l] / enrol_all : NAN;
        double diff = share - pop;
        bool hid = loc_hid[l];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "locality", stats_locality_code((stats_locality_t)l));
        cJSON_AddStringToObject(e, "locality_zh", stats_locality_zh((stats_locality_t)l));
        add_num(e, "n", hid ? NAN : (double)cnt[l]);
        add_num(e, "share", hid ? NAN : share);
        add_num(e, "population_share", pop);
        add_num(e, "difference", hid ? NAN : diff);
        int ok = isnan(diff) ? -1 : fabs(diff) <= o->locality_tolerance + 1e-12;
        add_bool_or_null(e, "pass", ok);
        if (by_school_loc) cJSON_AddBoolToObject(e, "suppressed", hid);
        if (ok == 0) {
            loc_pass = 0;
            /* the difference, and the shares it comes from, apart from the
             * tolerance (10.04 points, not "10.0", beyond 10) */
            double tol = o->locality_tolerance * 100;
            int d = stats_apart_decimals(fabs(diff) * 100, tol, 1);
            const char *basis_zh = !strcmp(basis, "school") ? "（按学校所在城乡计）"
                                   : by_school_loc ? "（不含居住地题的问卷按学校所在城乡计）"
                                                   : "";
            const char *basis_en = !strcmp(basis, "school") ? " (by the school's locality)"
                                   : by_school_loc ? " (questionnaires without the locality item by the school's)"
                                                   : "";
            if (hid) {
                cJSON_AddItemToArray(mz, str_take(jh_sprintf(
                    "%s答卷%s%s：人口约占 %.1f%%，样本占比相差超过 %g 个百分点（份数不公布）",
                    stats_locality_zh((stats_locality_t)l), diff < 0 ? "偏少" : "偏多", basis_zh, pop * 100, tol)));
                cJSON_AddItemToArray(me, str_take(jh_sprintf(
                    "too %s %s respondents%s: about %.1f %% of the population, more than %g points apart "
                    "(counts not published)",
                    diff < 0 ? "few" : "many", stats_locality_code((stats_locality_t)l), basis_en, pop * 100, tol)));
            } else {
                cJSON_AddItemToArray(mz, str_take(jh_sprintf(
                    "%s答卷%s%s：占样本 %.*f%%，人口约占 %.*f%%，相差 %.*f 个百分点（相差不超过 %g 个百分点为符合）",
                    stats_locality_zh((stats_locality_t)l), diff < 0 ? "偏少" : "偏多", basis_zh, d, share * 100, d,
                    pop * 100, d, fabs(diff) * 100, tol)));
                cJSON_AddItemToArray(me, str_take(jh_sprintf(
                    "too %s %s respondents%s: %.*f %% of the sample, about %.*f %% of the population, %.*f points "
                    "apart (within %g points counts as in proportion)",
                    diff < 0 ? "few" : "many", stats_locality_code((stats_locality_t)l), basis_en, d, share * 100, d,
                    pop * 100, d, fabs(diff) * 100, tol)));
            }
        }
        cJSON_AddItemToArray(items, e);
    }
    add_bool_or_null(rl, "pass", loc_pass);

    /* the county's verdict and what is missing */
    int64_t parents = county->role[1];
    int par_ok = valid ? 2 * parents >= valid : -1;
    if (par_ok == 0) {
        cJSON_AddItemToArray(mz, str_take(jh_sprintf(
            "家长问卷还差 %lld 份（家长应占有效问卷的一半以上）", (long long)(valid - 2 * parents))));
        cJSON_AddItemToArray(me, str_take(jh_sprintf(
            "%lld more parent questionnaires (parents must be at least half)",
            (long long)(valid - 2 * parents))));
    }
    int val_ok = started ? (double)valid >= 0.70 * (double)started - 1e-9 : -1;
    if (val_ok == 0) {
        /* apart from the 70 % it misses (69.95 %, not "70.0%") */
        double share = 100.0 * (double)valid / (double)started;
        int d = stats_apart_decimals(share, 70, 1);
        cJSON_AddItemToArray(mz, str_take(jh_sprintf("有效问卷只占开始作答的 %.*f%%（应不少于 70%%）", d, share)));
        cJSON_AddItemToArray(me, str_take(jh_sprintf(
            "valid questionnaires are only %.*f %% of those started (at least 70 %% needed)", d, share)));
    }
    int64_t need = pack_sample_required(o->population);
    int size_ok = need > 0 ? valid >= need : -1;
    if (size_ok == 0) {
        cJSON_AddItemToArray(mz, str_take(jh_sprintf(
            "样本量还差 %lld 份（应不少于 %lld 份）", (long long)(need - valid), (long long)need)));
        cJSON_AddItemToArray(me, str_take(jh_sprintf(
            "%lld more questionnaires (at least %lld needed)", (long long)(need - valid),
            (long long)need)));
    }
    /* Every group the rules survey (balance-rules §4) has valid
     * questionnaires (review rgroups7 item 3): students, parents, teachers
     * and the public, and within the public principals, NPC deputies and
     * CPPCC members by the public questionnaire's identity item.  Without
     * that item (or where some public questionnaires lack it) a group not
     * found cannot be judged; nor can anything before the first valid
     * questionnaire (an empty database says no more than that). */
    bool any = county->valid > 0;
    int grp_ok = any ? 1 : -1;
    cJSON *rg = cJSON_AddArrayToObject(sm, "required_groups");
    bool pub_hid = false;
    for (int r = 0; r < SAMPLE_N_ROLES; r++) {
        int g = group_find(gs, G_ROLE, SAMPLE_ROLES[r], "");
        bool hid = g >= 0 && gs->g[g].hidden;
        if (r == 3) pub_hid = hid;
        bool none = county->role[r] == 0;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "group", SAMPLE_ROLES[r]);
        cJSON_AddStringToObject(e, "group_zh", SAMPLE_ROLES_ZH[r]);
        cJSON_AddStringToObject(e, "within", "");
        add_num(e, "n", hid ? NAN : (double)county->role[r]);
        add_bool_or_null(e, "pass", any ? !none : -1);
        cJSON_AddItemToArray(rg, e);
        if (!none || !any) continue;
        grp_ok = 0;
        if (r == 3) {
            cJSON_AddItemToArray(mz, cJSON_CreateString("没有社会公众的有效问卷（含校长、人大代表、政协委员，抽样要求调查这些对象）"));
            cJSON_AddItemToArray(me, cJSON_CreateString(
                "no valid questionnaire of the public (principals, NPC deputies and CPPCC members among them: the "
                "rules survey them)"));
        } else {
            cJSON_AddItemToArray(mz, str_take(jh_sprintf("没有%s的有效问卷（抽样要求调查学生、家长、教师和社会公众）",
                                                         SAMPLE_ROLES_ZH[r])));
            cJSON_AddItemToArray(me, str_take(jh_sprintf(
                "no valid %s questionnaire (the rules survey students, parents, teachers and the public)",
                SAMPLE_ROLES[r])));
        }
    }
    const bg_row_t *idr = bg_identity(bg, n_bg);
    int64_t pub = county->role[3], with_id = 0;
    if (idr) {
        for (int j = 0; j < idr->n_opt; j++) with_id += idr->n[j];
        with_id += idr->n[BG_OPTS];
    }
    int64_t without_id = pub - with_id; /* public questionnaires without the identity item */
    jh_buf_t unk_z = {0}, unk_e = {0};
    for (int k = 0; k < 3; k++) {
        int64_t c = 0;
        for (int j = 0; idr && j < idr->n_opt; j++)
            if (!strcmp(idr->opt[j]->code, SAMPLE_PUBLIC[k])) c = idr->n[j];
        int ok = !any ? -1 : pub == 0 ? 0 : c > 0 ? 1 : idr && without_id == 0 ? 0 : -1;
        /* the public hidden (too few, or so that a small group cannot be
         * derived: M_SUPPRESS), whether principals, deputies or CPPCC
         * members answered is not published either: a deputy's "has
         * answered" next to a public of two says who (review fstats9
         * item 5); as by_background, hidden with the role */
        if (pub_hid && any) ok = -1;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "group", SAMPLE_PUBLIC[k]);
        cJSON_AddStringToObject(e, "group_zh", SAMPLE_PUBLIC_ZH[k]);
        cJSON_AddStringToObject(e, "within", "public");
        add_num(e, "n", pub_hid || (!idr && pub > 0) ? NAN : (double)c);
        add_bool_or_null(e, "pass", ok);
        cJSON_AddItemToArray(rg, e);
        if (ok == 0) {
            grp_ok = 0;
            if (pub > 0) {
                cJSON_AddItemToArray(mz, str_take(jh_sprintf(
                    "没有%s的有效问卷（社会公众问卷的身份题没有人选“%s”，抽样要求调查%s）", SAMPLE_PUBLIC_ZH[k],
                    SAMPLE_PUBLIC_ZH[k], SAMPLE_PUBLIC_ZH[k])));
                cJSON_AddItemToArray(me, str_take(jh_sprintf(
                    "no valid questionnaire of %s (nobody chose it in the public questionnaire's identity item; "
                    "the rules survey them)", SAMPLE_PUBLIC_EN[k])));
            }
        } else if (ok < 0 && pub_hid) {
            if (grp_ok > 0) grp_ok = -1;
        } else if (ok < 0) {
            if (grp_ok > 0) grp_ok = -1;
            jh_buf_printf(&unk_z, "%s%s", unk_z.len ? "、" : "", SAMPLE_PUBLIC_ZH[k]);
            jh_buf_printf(&unk_e, "%s%s", unk_e.len ? ", " : "", SAMPLE_PUBLIC_EN[k]);
        }
    }
    if (pub_hid && any) {
        cJSON_AddItemToArray(mz, cJSON_CreateString("社会公众的问卷份数不公布（防止识别答题人），其中是否有校长、人大代表、"
                                                     "政协委员的有效问卷也不公布"));
        cJSON_AddItemToArray(me, cJSON_CreateString(
            "the public's questionnaires are not published (against re-identification): whether principals, NPC "
            "deputies and CPPCC members among them answered is not published either"));
    }
    if (unk_z.len && any) {
        if (!idr) {
            cJSON_AddItemToArray(mz, str_take(jh_sprintf(
                "无法判断是否调查了%s：社会公众问卷没有身份题（校长、人大代表、政协委员、其他居民）", unk_z.data)));
            cJSON_AddItemToArray(me, str_take(jh_sprintf(
                "cannot tell whether %s were surveyed: the public questionnaire has no identity item (principal, "
                "deputy, CPPCC member, resident)", unk_e.data)));
        } else {
            cJSON_AddItemToArray(mz, str_take(jh_sprintf("无法判断是否调查了%s：%lld 份社会公众问卷没有身份题",
                                                         unk_z.data, (long long)without_id)));
            cJSON_AddItemToArray(me, str_take(jh_sprintf(
                "cannot tell whether %s were surveyed: %lld public questionnaires have no identity item", unk_e.data,
                (long long)without_id)));
        }
    }
    jh_buf_free(&unk_z);
    jh_buf_free(&unk_e);
    int all[5] = {par_ok, val_ok, size_ok, loc_pass, grp_ok}, verdict = 1;
    for (int k = 0; k < 5; k++)
        if (all[k] == 0) verdict = 0;
    for (int k = 0; k < 5 && verdict; k++)
        if (all[k] < 0) verdict = -1;
    cJSON *vd = cJSON_AddObjectToObject(sm, "verdict");
    add_bool_or_null(vd, "pass", verdict);
    cJSON_AddStringToObject(vd, "verdict", verdict > 0 ? "pass" : verdict == 0 ? "fail" : "no_data");
    cJSON_AddStringToObject(vd, "verdict_zh", verdict > 0 ? "符合" : verdict == 0 ? "不符合" : "无法判断");
    add_bool_or_null(vd, "parents", par_ok);
    add_bool_or_null(vd, "valid_share", val_ok);
    add_bool_or_null(vd, "size", size_ok);
    add_bool_or_null(vd, "localities", loc_pass);
    add_bool_or_null(vd, "groups", grp_ok);
    cJSON_AddItemToObject(vd, "missing_zh", mz);
    cJSON_AddItemToObject(vd, "missing_en", me);

    /* every registered school against its target */
    double *enrol = jh_xcalloc((size_t)reg->n + 1, sizeof *enrol);
    int *target = jh_xcalloc((size_t)reg->n + 1, sizeof *target);
    for (int i = 0; i < reg->n; i++) enrol[i] = stats_school_enrolment(&reg->s[i]);
    if (o->population > 0) pack_sample_targets(o->population, enrol, reg->n, target);
    cJSON *bs = cJSON_AddArrayToObject(sm, "by_school");
    for (int i = 0; i < reg->n; i++) {
        /* the school's own groups only: the public's questionnaires
         * collected at its kiosk count for the county, not for the school
         * (review fstats9 item 3: their answers no longer count for it,
         * nor do they for its sample, its target or its valid share) */
        sample_acc_t own = sch[i];
        own.valid -= own.role[SAMPLE_PUBLIC_ROLE];
        own.empty -= own.pub_empty;
        own.abandoned -= own.pub_abandoned;
        own.role[SAMPLE_PUBLIC_ROLE] = 0;
        for (int l = 0; l <= STATS_LOC_COUNT; l++) own.loc[l] -= own.pub_loc[l];
        const sample_acc_t *a = &own;
        const stats_school_t *sc = &reg->s[i];
        int gi = group_find(gs, G_SCHOOL, sc->code, "");
        bool hid = gi >= 0 && gs->g[gi].hidden;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "school_code", sc->code);
        cJSON_AddStringToObject(e, "school_name", sc->name);
        cJSON_AddStringToObject(e, "locality", stats_locality_code(sc->locality));
        cJSON_AddStringToObject(e, "locality_zh", stats_locality_zh(sc->locality));
        cJSON_AddBoolToObject(e, "suppressed", hid);
        /* why, as for the groups (review r2stats item 7: hidden so that a
         * small group cannot be derived is not "fewer than 5") */
        if (hid) cJSON_AddStringToObject(e, "suppressed_reason", gs->g[gi].primary ? "small" : "complementary");
        int64_t st = a->valid + a->empty + a->abandoned;
        add_num(e, "valid", hid ? NAN : (double)a->valid);
        add_num(e, "started", hid ? NAN : (double)st);
        add_num(e, "valid_share", hid || !st ? NAN : (double)a->valid / (double)st);
        int v_ok = st ? (double)a->valid >= 0.70 * (double)st - 1e-9 : -1;
        add_bool_or_null(e, "valid_share_pass", v_ok);
        cJSON *rr = cJSON_AddArrayToObject(e, "by_role");
        bool par_hidden = hid, role_hidden = hid;
        for (int r = 0; r < SAMPLE_N_ROLES; r++) {
            if (r == SAMPLE_PUBLIC_ROLE) continue; /* not the school's (above) */
            int g = group_find(gs, G_SCHOOL_ROLE, sc->code, SAMPLE_ROLES[r]);
            bool h = hid || (g >= 0 && gs->g[g].hidden);
            if (r == 1) par_hidden = h;
            if (h) role_hidden = true;
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "role", SAMPLE_ROLES[r]);
            add_num(x, "n", h ? NAN : (double)a->role[r]);
            cJSON_AddBoolToObject(x, "suppressed", h);
            cJSON_AddItemToArray(rr, x);
        }
        int64_t p = a->role[1];
        int p_ok = a->valid ? 2 * p >= a->valid : -1;
        int64_t pneed = a->valid - 2 * p;
        if (target[i] > 0 && (target[i] + 1) / 2 - p > pneed) pneed = (target[i] + 1) / 2 - p;
        if (pneed < 0) pneed = 0;
        if (target[i] > 0 && pneed > 0) p_ok = 0;
        add_num(e, "parents", par_hidden ? NAN : (double)p);
        add_num(e, "parent_share", par_hidden || !a->valid ? NAN : (double)p / (double)a->valid);
        add_bool_or_null(e, "parent_share_pass", p_ok);
        add_num(e, "parents_needed", par_hidden ? NAN : (double)pneed);
        add_num(e, "target", target[i] > 0 ? (double)target[i] : NAN);
        int64_t tneed = target[i] > 0 && target[i] > a->valid ? target[i] - a->valid : 0;
        add_num(e, "target_needed", target[i] > 0 && !hid ? (double)tneed : NAN);
        int t_ok = target[i] > 0 ? tneed == 0 : -1;
        add_bool_or_null(e, "target_pass", t_ok);
        /* A questionnaire without the locality item (the 2026 teachers')
         * counts as unknown, so one role may be most of a locality cell: a
         * hidden role cell hides the school's counts by locality (review
         * r2priv3 of session 18). */
        cJSON *lo = cJSON_AddObjectToObject(e, "by_respondent_locality");
        for (int l = 0; l <= STATS_LOC_COUNT; l++)
            add_num(lo, l < STATS_LOC_COUNT ? stats_locality_code((stats_locality_t)l) : "unknown",
                    role_hidden ? NAN : (double)a->loc[l]);
        int sv = a->valid ? 1 : 0;
        int parts[3] = {p_ok, v_ok, t_ok};
        for (int k = 0; k < 3; k++)
            if (parts[k] == 0) sv = 0;
        add_bool_or_null(e, "pass", sv);
        cJSON_AddStringToObject(e, "verdict_zh", sv ? "符合" : "不符合");
        jh_buf_t z = {0}, en = {0};
        if (!a->valid) {
            jh_buf_puts(&z, "还没有有效问卷");
            jh_buf_puts(&en, "no valid questionnaire yet");
            if (target[i] > 0) {
                jh_buf_printf(&z, "：目标 %d 份，其中家长至少 %d 份", target[i], (target[i] + 1) / 2);
                jh_buf_printf(&en, ": target %d, of them at least %d parents", target[i], (target[i] + 1) / 2);
            }
        }
        if (p_ok == 0 && a->valid) {
            if (par_hidden) {
                jh_buf_printf(&z, "%s家长问卷不足（份数不公布）", z.len ? "；" : "");
                jh_buf_printf(&en, "%stoo few parent questionnaires (count not published)", en.len ? "; " : "");
            } else {
                jh_buf_printf(&z, "%s家长问卷还差 %lld 份", z.len ? "；" : "", (long long)pneed);
                jh_buf_printf(&en, "%s%lld more parent questionnaires", en.len ? "; " : "", (long long)pneed);
            }
        }
        if (t_ok == 0 && a->valid && hid) { /* the count stays hidden */
            jh_buf_printf(&z, "%s未达到目标 %d 份", z.len ? "；" : "", target[i]);
            jh_buf_printf(&en, "%sshort of the target of %d", en.len ? "; " : "", target[i]);
        } else if (t_ok == 0 && a->valid) {
            jh_buf_printf(&z, "%s距目标 %d 份还差 %lld 份", z.len ? "；" : "", target[i], (long long)tneed);
            jh_buf_printf(&en, "%s%lld short of the target of %d", en.len ? "; " : "", (long long)tneed, target[i]);
        }
        if (v_ok == 0) {
            jh_buf_printf(&z, "%s有效问卷不足开始作答的 70%%", z.len ? "；" : "");
            jh_buf_printf(&en, "%svalid questionnaires below 70 %% of those started", en.len ? "; " : "");
        }
        cJSON_AddStringToObject(e, "missing_zh", z.len ? z.data : "");
        cJSON_AddStringToObject(e, "missing_en", en.len ? en.data : "");
        jh_buf_free(&z);
        jh_buf_free(&en);
        cJSON_AddItemToArray(bs, e);
    }
    free(enrol);
    free(target);
}

/* Social recognition per group and overall (issue 18): the overall figure
 * pools every group's answers (M_GROUPS); each group's own rate beside it. */
static cJSON *recognition_groups(const groups_t *gs, const group_t *gc, const char *method, double threshold,
                                 const char *q_zh)
{
    bool by_q = !strcmp(method, "questionnaires");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "method", method);
    cJSON_AddStringToObject(o, "method_zh", by_q ? q_zh : "按题次（全部评价题）");
    cJSON_AddStringToObject(o, "groups_method", "pooled");
    cJSON_AddStringToObject(o, "groups_method_zh", "各对象答案合并计算，不加权");
    cJSON_AddStringToObject(o, "groups_method_text", M_GROUPS);
    cJSON_AddNumberToObject(o, "threshold", threshold);
    cJSON *ov = recognition(gc, method, threshold, q_zh);
    cJSON_AddNumberToObject(ov, "n_questionnaires", (double)gc->n);
    cJSON_AddNumberToObject(ov, "n_valid_questionnaires", (double)gc->n_rated);
    cJSON_AddItemToObject(o, "overall", ov);
    cJSON *bg = cJSON_AddArrayToObject(o, "by_group");
    for (int r = 0; r < SAMPLE_N_ROLES; r++) {
        int g = group_find(gs, G_ROLE, SAMPLE_ROLES[r], "");
        cJSON *e;
        if (g < 0) {
            e = rate_obj(0, 0, false);
            cJSON_AddNumberToObject(e, "n_questionnaires", 0);
            cJSON_AddNumberToObject(e, "n_valid_questionnaires", 0);
            cJSON_AddBoolToObject(e, "suppressed", false);
            cJSON_AddNullToObject(e, "suppressed_reason");
            cJSON_AddNullToObject(e, "pass");
        } else if (gs->g[g].hidden) {
            e = rate_obj(0, 0, true);
            cJSON_AddNullToObject(e, "n_questionnaires");
            cJSON_AddNullToObject(e, "n_valid_questionnaires");
            add_suppression(e, &gs->g[g]);
            cJSON_AddNullToObject(e, "pass");
        } else {
            e = recognition(&gs->g[g], method, threshold, q_zh);
            cJSON_DeleteItemFromObject(e, "method_text");
            cJSON_AddNumberToObject(e, "n_questionnaires", (double)gs->g[g].n);
            cJSON_AddNumberToObject(e, "n_valid_questionnaires", (double)gs->g[g].n_rated);
            add_suppression(e, &gs->g[g]);
        }
        cJSON_AddStringToObject(e, "role", SAMPLE_ROLES[r]);
        cJSON_AddStringToObject(e, "role_zh", SAMPLE_ROLES_ZH[r]);
        cJSON_AddItemToArray(bg, e);
    }
    return o;
}

/* ---- counting the answers ---------------------------------------------------- */

enum {
    MAX_TOPICS = 64,  /* topics of one response tracked as one cluster each */
    RESP_LOC_MAX = 16 /* an answer to the locality item this long or longer is not taken */
};

/* Answers counted per questionnaire of the survey cache, folded into the
 * groups at the end (count_fold): a response's answers touch these small
 * arrays instead of the groups (issue 20). */
typedef struct {
    item_acc_t **ia;    /* per survey cache entry: per item (NULL until counted) */
    topic_acc_t **ta;   /* per survey cache entry: per topic slot */
    int n_sv;
    int64_t *ty, *tm;   /* one response: per topic slot, satisfied and valid answers */
    uint8_t *st;        /* one response: per topic slot, 0 unseen, 1 tracked, 2 counted one by one */
    int *touched;       /* one response: the slots seen */
    int cap_t;
} counter_t;

/* What counting needs of a questionnaire besides its groups: the topic
 * slot of each item and the locality item's codes as sample localities. */
static void count_prepare(cached_survey_t *c)
{
    if (c->prepared) return;
    c->prepared = true;
    int n = c->s->n_items;
    c->tslot = jh_xmalloc((size_t)(n ? n : 1) * sizeof *c->tslot);
    c->tslot_group = jh_xmalloc((size_t)(n ? n : 1) * sizeof *c->tslot_group);
    c->n_tslots = 0;
    for (int i = 0; i < n; i++) {
        c->tslot[i] = -1;
        if (c->item_group[i] < 0) continue;
        int t = 0;
        while (t < c->n_tslots && c->tslot_group[t] != c->topic_group[i]) t++;
        if (t == c->n_tslots) c->tslot_group[c->n_tslots++] = c->topic_group[i];
        c->tslot[i] = t;
    }
    for (int k = 0; k < 256; k++) {
        const char *v = c->loc_value[k];
        c->loc_sl[k] = (int8_t)(v && strlen(v) < RESP_LOC_MAX ? sample_loc(v) : -1);
    }
    c->count_class = jh_xcalloc((size_t)n * 256 + 1, 1);
    c->item_n = jh_xcalloc((size_t)n + 1, sizeof *c->item_n);
    for (int i = 0; i < n; i++)
        for (int k = 1; k < 256 && c->item_group[i] >= 0; k++)
            if (c->code_class[i * 256 + k] & CODE_KNOWN) c->count_class[i * 256 + k] = c->code_class[i * 256 + k];
}

/* The counters of survey cache entry sv (prepared), made when new. */
static void counter_of(counter_t *cn, int sv, const cached_survey_t *c, item_acc_t **ia, topic_acc_t **ta)
{
    if (sv >= cn->n_sv) {
        int n = sv + 8;
        cn->ia = jh_xrealloc(cn->ia, (size_t)n * sizeof *cn->ia);
        cn->ta = jh_xrealloc(cn->ta, (size_t)n * sizeof *cn->ta);
        for (int i = cn->n_sv; i < n; i++) {
            cn->ia[i] = NULL;
            cn->ta[i] = NULL;
        }
        cn->n_sv = n;
    }
    if (!cn->ia[sv]) {
        cn->ia[sv] = jh_xcalloc((size_t)c->s->n_items + 1, sizeof **cn->ia);
        cn->ta[sv] = jh_xcalloc((size_t)c->n_tslots + 1, sizeof **cn->ta);
        if (c->n_tslots > cn->cap_t) {
            int cap = c->n_tslots;
            cn->ty = jh_xrealloc(cn->ty, (size_t)cap * sizeof *cn->ty);
            cn->tm = jh_xrealloc(cn->tm, (size_t)cap * sizeof *cn->tm);
            cn->st = jh_xrealloc(cn->st, (size_t)cap * sizeof *cn->st);
            cn->touched = jh_xrealloc(cn->touched, (size_t)cap * sizeof *cn->touched);
            for (int t = cn->cap_t; t < cap; t++) {
                cn->ty[t] = cn->tm[t] = 0;
                cn->st[t] = 0;
            }
            cn->cap_t = cap;
        }
    }
    *ia = cn->ia[sv];
    *ta = cn->ta[sv];
}

/* stats_cluster_add in integers. */
static inline void topic_add(topic_acc_t *a, int64_t y, int64_t m)
{
    if (m <= 0) return;
    a->n++;
    a->y += y;
    a->m += m;
    a->yy += y * y;
    a->ym += y * m;
    a->mm += m * m;
}

/* Adds the counted answers to the item and topic groups.  Every sum is of
 * whole numbers, so the groups hold what adding answer by answer gave. */
static void count_fold(const counter_t *cn, const survey_cache_t *sc, groups_t *gs)
{
    for (int sv = 0; sv < cn->n_sv && sv < sc->n; sv++) {
        const cached_survey_t *c = &sc->v[sv];
        if (!cn->ia[sv]) continue;
        for (int i = 0; i < c->s->n_items; i++) {
            const item_acc_t *a = &cn->ia[sv][i];
            if (c->item_group[i] < 0 || !a->n) continue;
            group_t *gi = &gs->g[c->item_group[i]], *gt = &gs->g[c->topic_group[i]];
            c->item_n[i] += a->n;
            gi->n += a->n;
            gi->ans_excl += a->excl;
            gi->ans_valid += a->valid;
            gi->ans_sat += a->sat;
            gt->ans_excl += a->excl;
            gt->ans_valid += a->valid;
            gt->ans_sat += a->sat;
            /* one answer per questionnaire: (y, m) = (satisfied, 1) */
            gi->cl.n += a->valid;
            gi->cl.y += (double)a->sat;
            gi->cl.m += (double)a->valid;
            gi->cl.yy += (double)a->sat;
            gi->cl.ym += (double)a->sat;
            gi->cl.mm += (double)a->valid;
        }
        for (int t = 0; t < c->n_tslots; t++) {
            const topic_acc_t *a = &cn->ta[sv][t];
            if (!a->n) continue;
            stats_cluster_t *cl = &gs->g[c->tslot_group[t]].cl;
            cl->n += a->n;
            cl->y += (double)a->y;
            cl->m += (double)a->m;
            cl->yy += (double)a->yy;
            cl->ym += (double)a->ym;
            cl->mm += (double)a->mm;
        }
    }
}

static void counter_free(counter_t *cn)
{
    for (int i = 0; i < cn->n_sv; i++) {
        free(cn->ia[i]);
        free(cn->ta[i]);
    }
    free(cn->ia);
    free(cn->ta);
    free(cn->ty);
    free(cn->tm);
    free(cn->st);
    free(cn->touched);
    memset(cn, 0, sizeof *cn);
}

/* The combinations of school, locality, role and flags strings and
 * questionnaire met while counting, and what each decides. */
/* The sums of a combination's responses, added to each of its groups
 * once every response is counted (whole numbers: the same in any order). */
typedef struct {
    int64_t n, ans_sat, ans_valid, ans_excl, q_valid, q_sat;
    int64_t cl_n, cl_y, cl_m, cl_yy, cl_ym, cl_mm; /* stats_cluster_add's, of the responses
                                                    * with a valid answer */
} count_sums_t;

typedef struct {
    uint32_t school, loc, role, flags, hash; /* the key: census string ids, questionnaire */
    int sv;                /* its survey cache entry, -1 when not loaded yet */
    int si;                /* its school's index in the register, -1 when not registered */
    bool held;             /* its school is held out (not in a loaded register) */
    bool known;            /* the definition could be loaded */
    bool flagged;          /* flags not empty */
    uint8_t flag_bits;     /* 1 << f: has flag_names[f] */
    uint8_t sr;            /* sample_role of the role */
    int g[8], ng;          /* the groups a response of it counts in (set by count_resolve) */
    int g_sr;              /* its G_SCHOOL_ROLE group (one of g), -1 before resolved */
    count_sums_t sum;      /* its responses counted so far */
} count_key_t;

typedef struct {
    count_key_t *k;        /* owned */
    int n, cap;
    int *slots;            /* open addressing over k, 0 empty, else index + 1 (owned) */
    int n_slots;
    int last;              /* the index last found */
} count_keys_t;

static uint32_t count_key_hash(uint32_t school, uint32_t loc, uint32_t role, uint32_t flags, uint32_t hash)
{
    const uint64_t m = 0x9E3779B97F4A7C15ull;
    uint64_t h = (((((school * m) ^ loc) * m ^ role) * m ^ flags) * m ^ hash) * m;
    return (uint32_t)(h >> 32);
}

static bool count_key_is(const count_key_t *k, const census_row_t *r)
{
    return k->school == r->school && k->loc == r->loc && k->role == r->role && k->flags == r->flags &&
           k->hash == r->hash;
}

/* The entry of row r's combination; *fresh when it was just added (its
 * key set, everything else for the caller to fill).  The last one found
 * is tried first. */
static count_key_t *count_key(count_keys_t *ks, const census_row_t *r, bool *fresh)
{
    *fresh = false;
    if (ks->n && count_key_is(&ks->k[ks->last], r)) return &ks->k[ks->last];
    if (ks->n * 2 >= ks->n_slots) {
        int ns = ks->n_slots ? ks->n_slots * 2 : 1024;
        int *slots = jh_xcalloc((size_t)ns, sizeof *slots);
        for (int i = 0; i < ks->n; i++) {
            const count_key_t *k = &ks->k[i];
            uint32_t sl = count_key_hash(k->school, k->loc, k->role, k->flags, k->hash) & (uint32_t)(ns - 1);
            while (slots[sl]) sl = (sl + 1) & (uint32_t)(ns - 1);
            slots[sl] = i + 1;
        }
        free(ks->slots);
        ks->slots = slots;
        ks->n_slots = ns;
    }
    uint32_t sl = count_key_hash(r->school, r->loc, r->role, r->flags, r->hash) & (uint32_t)(ks->n_slots - 1);
    while (ks->slots[sl]) {
        count_key_t *k = &ks->k[ks->slots[sl] - 1];
        if (count_key_is(k, r)) {
            ks->last = ks->slots[sl] - 1;
            return k;
        }
        sl = (sl + 1) & (uint32_t)(ks->n_slots - 1);
    }
    if (ks->n == ks->cap) {
        ks->cap = ks->cap ? ks->cap * 2 : 256;
        ks->k = jh_xrealloc(ks->k, (size_t)ks->cap * sizeof *ks->k);
    }
    count_key_t *k = &ks->k[ks->n];
    memset(k, 0, sizeof *k);
    k->school = r->school;
    k->loc = r->loc;
    k->role = r->role;
    k->flags = r->flags;
    k->hash = r->hash;
    ks->last = ks->n;
    ks->slots[sl] = ++ks->n;
    *fresh = true;
    return k;
}

static void count_keys_free(count_keys_t *ks)
{
    free(ks->k);
    free(ks->slots);
    memset(ks, 0, sizeof *ks);
}

stats_opts_t stats_opts_default(void)
{
    stats_opts_t o;
    memset(&o, 0, sizeof o);
    o.min_group = 5;
    o.threshold = 0.85;
    o.top_contributors = 3;
    o.locality_tolerance = 0.10;
    o.rules = stats_rules_default();
    return o;
}

/* The Beijing date (YYYY-MM-DD) of a time in ms, "" for 0 (no bound). */
static void beijing_day(int64_t ms, char out[16])
{
    out[0] = 0;
    if (ms <= 0) return;
    time_t t = (time_t)(ms / 1000 + 8 * 3600);
    struct tm tm;
    if (gmtime_r(&t, &tm)) strftime(out, 16, "%Y-%m-%d", &tm);
}

static bool has_flag(const char *flags, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *p = flags; (p = strstr(p, flag)); p += n)
        if ((p == flags || p[-1] == ',') && (p[n] == 0 || p[n] == ',')) return true;
    return false;
}

/* Reads one JSON string at *p into out (n bytes); false when malformed or
 * too long (the rest of the string is skipped then, *p after it). */
static bool json_string_at(const char **p, char *out, size_t n)
{
    const char *s = *p;
    if (*s != '"') return false;
    s++;
    size_t k = 0;
    bool fits = true;
    for (;;) {
        unsigned char ch = (unsigned char)*s;
        if (!ch) return false;
        s++;
        if (ch == '"') break;
        if (ch == '\\') {
            char e = *s++;
            if (!e) return false;
            if (e == 'u') {
                unsigned cp = 0;
                for (int i = 0; i < 4; i++) {
                    char h = *s++;
                    cp = cp * 16 + (unsigned)(h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 0);
                    if (!h) return false;
                }
                char u[4];
                int m = 0;
                if (cp < 0x80) u[m++] = (char)cp;
                else if (cp < 0x800) u[m++] = (char)(0xC0 | cp >> 6), u[m++] = (char)(0x80 | (cp & 0x3F));
                else u[m++] = (char)(0xE0 | cp >> 12), u[m++] = (char)(0x80 | ((cp >> 6) & 0x3F)),
                     u[m++] = (char)(0x80 | (cp & 0x3F));
                for (int i = 0; i < m; i++)
                    if (k + 1 < n) out[k++] = u[i]; else fits = false;
                continue;
            }
            ch = (unsigned char)(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b'
                                 : e == 'f' ? '\f' : e);
        }
        if (k + 1 < n)
            out[k++] = (char)ch;
        else
            fits = false;
    }
    out[k] = 0;
    *p = s;
    return fits;
}

/* Next "item":"value" pair of a flat JSON object of strings (the answers
 * column); false at the end.  Pairs too long for the buffers are skipped. */
static bool next_answer(const char **p, char *key, size_t kn, char *val, size_t vn)
{
    for (;;) {
        const char *s = *p;
        while (*s == '{' || *s == ',' || *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
        if (*s != '"') return false;
        bool kf = json_string_at(&s, key, kn);
        if (s == *p || *s != ':') return false;
        s++;
        while (*s == ' ') s++;
        const char *before = s;
        bool vf = json_string_at(&s, val, vn);
        if (s == before) return false;
        *p = s;
        if (kf && vf) return true;
    }
}

static const char *const flag_names[3] = {"too_fast", "straight_line", "burst"};

/* The counting of some of the census's blocks, on a thread of its own: a
 * part reads the census, the register and the survey cache and writes only
 * its own sums (the census's two halves are counted side by side, issue 20). */
typedef struct {
    const census_t *census;
    int blk_from, blk_to;             /* the census blocks it counts */
    const register_t_ *reg;
    bool hold_out;                    /* responses of unregistered schools are held out */
    const int *si_of;                 /* per census string: its register index as a school code */
    const int *sv_of;                 /* per census questionnaire: its survey cache entry, -1 not
                                       * loaded (such a response is left to count_resolve's caller) */
    const cached_survey_t *sv;        /* the survey cache (every entry count_prepare'd) */
    int n_sv;
    count_keys_t keys;                /* the combinations met, in the order met, and their sums */
    counter_t cn;                     /* the answers per item and topic */
    sample_acc_t *sacc;               /* per registered school (reg->n + 1, owned) */
    sample_acc_t county;
    int64_t n_total, n_submitted, n_abandoned, n_held_abandoned, n_timeout, n_unknown, n_flagged, n_held;
    int64_t n_empty;                  /* submitted without a valid rated answer (held ones too) */
    int64_t **bgc;                    /* per survey cache entry: its valid questionnaires (held out
                                       * ones not) by background slot and option, n_bg x
                                       * (BG_OPTS + 1), NULL until met (review rgroups7) */
    int n_bgc;
    int64_t flag_counts[3];
    const census_row_t **later;       /* responses of a questionnaire not loaded yet (owned) */
    int n_later, cap_later;
} count_part_t;

/* Counts one response of the census into part p. */
static void count_row(count_part_t *p, const census_row_t *cr)
{
    const census_t *census = p->census;
    int si = p->si_of[cr->school];
    bool held = p->hold_out && si < 0;
    if (cr->status == ROW_OTHER) {
        p->n_total++;
        p->n_abandoned++;
        p->n_held_abandoned += held;
        if (si >= 0) {
            p->sacc[si].abandoned++;
            p->sacc[si].pub_abandoned += sample_role(census->str[cr->role]) == SAMPLE_PUBLIC_ROLE;
        }
        return;
    }
    /* what the school, role, locality, flags and questionnaire decide, once
     * per combination; the combinations in the order met (count_resolve) */
    bool fresh;
    count_key_t *ck = count_key(&p->keys, cr, &fresh);
    if (fresh) {
        const char *flags = census->str[cr->flags];
        ck->si = si;
        ck->held = held;
        ck->sv = p->sv_of[cr->hash];
        ck->known = ck->sv >= 0 && p->sv[ck->sv].s;
        ck->flagged = flags && flags[0];
        ck->flag_bits = 0;
        for (int f = 0; f < 3 && ck->flagged; f++)
            if (has_flag(flags, flag_names[f])) ck->flag_bits |= (uint8_t)(1u << f);
        ck->sr = (uint8_t)sample_role(census->str[cr->role]);
    }
    if (ck->sv < 0) {
        /* its definition is loaded (and warned about) in the order of the
         * responses, after this pass: counted then */
        if (p->n_later == p->cap_later) {
            p->cap_later = p->cap_later ? p->cap_later * 2 : 64;
            p->later = jh_xrealloc(p->later, (size_t)p->cap_later * sizeof *p->later);
        }
        p->later[p->n_later++] = cr;
        return;
    }
    p->n_total++;
    p->n_submitted++;
    /* A complete questionnaire left at the summary counts as submitted. */
    p->n_timeout += cr->status == ROW_TIMEOUT;
    if (!ck->known) {
        p->n_unknown++;
        return;
    }
    if (ck->flagged && !held) {
        p->n_flagged++;
        for (int f = 0; f < 3; f++) p->flag_counts[f] += (ck->flag_bits >> f) & 1u;
    }
    if (held) p->n_held++;
    int sv = ck->sv;
    const cached_survey_t *cs = &p->sv[sv];
    const uint8_t *codes = census_row_codes(cr);
    int n_codes = cr->n_codes;
    const char *extra = census_row_extra(cr);
    counter_t *cn = &p->cn;
    /* the sample locality of the answer to the locality item */
    int sl = SAMPLE_LOC_UNKNOWN;
    /* the option answered to each background item, BG_OPTS unanswered */
    int bga[BG_MAX];
    for (int b = 0; b < cs->n_bg; b++) {
        int idx = cs->bg_item[b], o = -1;
        if (idx < n_codes && codes[idx]) o = cs->bg_opt[b * 256 + codes[idx]];
        bga[b] = o >= 0 ? o : BG_OPTS;
    }
    int64_t sat = 0, valid = 0, excl = 0;
    int q_state = 0; /* 0 no valid overall, 1 valid, 2 valid and satisfied */
    item_acc_t *ia;
    topic_acc_t *ta;
    counter_of(cn, sv, cs, &ia, &ta);
    /* per topic of this questionnaire: its satisfied and valid answers
     * (the topic's cluster-robust interval), for the first MAX_TOPICS
     * topics it answers; any further topic's answers count one by one */
    int n_touched = 0, n_tracked = 0;
    /* the packed answers first: a byte per item, its class looked up;
     * then the answers kept verbatim (a flat JSON object of strings,
     * read in place) through the questionnaire's own rules */
    if (n_codes > cs->s->n_items) n_codes = cs->s->n_items;
    const char *ap = extra;
    char key[128], val[1024];
    int pos = 0;
    /* a questionnaire of at most MAX_TOPICS topics: every topic a response
     * answers is tracked, in whatever order it meets them */
    bool all_tracked = cs->n_tslots <= MAX_TOPICS;
    if (!held && all_tracked) {
        /* the usual response, its packed answers in one tight loop: what
         * the loop below does for them, with count_class saying at once
         * whether an answer counts (a known code of an item with a group) */
        int loc = cs->locality;
        if (loc >= 0 && loc < n_codes && codes[loc] && (cs->code_class[loc * 256 + codes[loc]] & CODE_KNOWN) &&
            cs->loc_sl[codes[loc]] >= 0)
            sl = cs->loc_sl[codes[loc]];
        const uint8_t *cc = cs->count_class;
        for (int idx = 0; idx < n_codes; idx++) {
            int cls = cc[idx * 256 + codes[idx]];
            if (!cls) continue;
            if (cls & CODE_EXCLUDED) {
                excl++;
                ia[idx].n++;
                ia[idx].excl++;
                continue;
            }
            int sa = (cls & CODE_SATISFIED) != 0;
            valid++;
            sat += sa;
            if (idx == cs->overall) q_state = sa ? 2 : 1;
            ia[idx].n++;
            ia[idx].valid++;
            ia[idx].sat += sa;
            int t = cs->tslot[idx];
            cn->ty[t] += sa;
            cn->tm[t]++;
        }
        pos = n_codes;
    }
    for (;;) {
        int idx, cls;
        if (pos < n_codes) {
            idx = pos++;
            int code = codes[idx];
            if (!code) continue;
            cls = cs->code_class[idx * 256 + code];
            if (!(cls & CODE_KNOWN)) continue;
            if (idx == cs->locality && cs->loc_sl[code] >= 0) sl = cs->loc_sl[code];
            if (cs->item_group[idx] < 0) continue;
        } else if (ap && next_answer(&ap, key, sizeof key, val, sizeof val)) {
            idx = survey_item_index(cs->s, key);
            if (idx < 0) continue;
            if (idx == cs->locality && strlen(val) < RESP_LOC_MAX) sl = sample_loc(val);
            for (int b = 0; b < cs->n_bg; b++)
                if (cs->bg_item[b] == idx) {
                    int o = bg_option(&cs->s->items[idx], val);
                    bga[b] = o >= 0 ? o : BG_OPTS;
                }
            if (cs->item_group[idx] < 0) continue;
            const survey_item_t *it = &cs->s->items[idx];
            cls = !survey_value_makes_valid(it, val) ? CODE_EXCLUDED
                  : survey_value_satisfied(it, val)   ? CODE_SATISFIED
                                                      : 0;
        } else {
            break;
        }
        /* held-out answers count in no item or topic of the county */
        if (cls & CODE_EXCLUDED) {
            excl++;
            if (!held) {
                ia[idx].n++;
                ia[idx].excl++;
            }
            continue;
        }
        int sa = (cls & CODE_SATISFIED) != 0;
        valid++;
        sat += sa;
        if (idx == cs->overall) q_state = sa ? 2 : 1;
        if (held) continue;
        ia[idx].n++;
        ia[idx].valid++;
        ia[idx].sat += sa;
        int t = cs->tslot[idx];
        if (all_tracked) {
            cn->ty[t] += sa;
            cn->tm[t]++;
            continue;
        }
        if (!cn->st[t]) {
            cn->st[t] = n_tracked < MAX_TOPICS ? 1 : 2;
            n_tracked += cn->st[t] == 1;
            cn->touched[n_touched++] = t;
        }
        if (cn->st[t] == 1) {
            cn->ty[t] += sa;
            cn->tm[t]++;
        } else {
            topic_add(&ta[t], sa, 1); /* more topics than tracked: conservative enough */
        }
    }
    if (all_tracked) {
        /* topic_add leaves out the topics not answered (tm 0) */
        for (int t = 0; t < cs->n_tslots; t++) {
            if (!cn->tm[t]) continue;
            topic_add(&ta[t], cn->ty[t], cn->tm[t]);
            cn->ty[t] = cn->tm[t] = 0;
        }
    }
    for (int k = 0; k < n_touched; k++) {
        int t = cn->touched[k];
        if (cn->st[t] == 1) topic_add(&ta[t], cn->ty[t], cn->tm[t]);
        cn->st[t] = 0;
        cn->ty[t] = cn->tm[t] = 0;
    }
    /* a questionnaire without a valid rated answer (every rated item
     * 不了解 or skipped) was collected but is not a valid questionnaire
     * of the sample (review rgroups7 item 4) */
    p->n_empty += valid == 0;
    if (!held && valid == 0) {
        p->county.empty++;
        if (si >= 0) {
            p->sacc[si].empty++;
            p->sacc[si].pub_empty += ck->sr == SAMPLE_PUBLIC_ROLE;
        }
    } else if (!held) {
        int sr = ck->sr;
        if (cs->n_bg) {
            if (sv >= p->n_bgc) {
                int n = sv + 8;
                p->bgc = jh_xrealloc(p->bgc, (size_t)n * sizeof *p->bgc);
                for (int i = p->n_bgc; i < n; i++) p->bgc[i] = NULL;
                p->n_bgc = n;
            }
            if (!p->bgc[sv]) p->bgc[sv] = jh_xcalloc((size_t)cs->n_bg * (BG_OPTS + 1), sizeof **p->bgc);
            for (int b = 0; b < cs->n_bg; b++) p->bgc[sv][b * (BG_OPTS + 1) + bga[b]]++;
        }
        p->county.valid++;
        p->county.role[sr]++;
        p->county.loc[sl]++;
        p->county.with_item += cs->locality >= 0;
        if (si >= 0) {
            p->sacc[si].valid++;
            p->sacc[si].role[sr]++;
            p->sacc[si].loc[sl]++;
            if (sr == SAMPLE_PUBLIC_ROLE) p->sacc[si].pub_loc[sl]++;
            p->sacc[si].with_item += cs->locality >= 0;
        }
    }
    /* without an overall item the questionnaire is valid with a valid
     * rated answer, and satisfied when at least half of its valid rated
     * answers are (docs/questionnaire-format.md) */
    if (cs->overall < 0 && valid > 0) q_state = 2 * sat >= valid ? 2 : 1;
    count_sums_t *su = &ck->sum;
    su->n++;
    su->ans_sat += sat;
    su->ans_valid += valid;
    su->ans_excl += excl;
    su->q_valid += q_state > 0;
    su->q_sat += q_state == 2;
    if (valid > 0) { /* as stats_cluster_add */
        su->cl_n++;
        su->cl_y += sat;
        su->cl_m += valid;
        su->cl_yy += sat * sat;
        su->cl_ym += sat * valid;
        su->cl_mm += valid * valid;
    }
}

/* Counts part p's blocks. */
static void *count_part(void *arg)
{
    count_part_t *p = arg;
    for (int b = p->blk_from; b < p->blk_to; b++) {
        const census_block_t *blk = &p->census->blk[b];
        for (size_t at = 0; at < blk->used;) {
            const census_row_t *cr = (const census_row_t *)(const void *)(blk->p + at);
            at += census_row_size(cr->n_codes, cr->extra_len);
            count_row(p, cr);
        }
    }
    return NULL;
}

/* Adds a combination's sums to its groups. */
static void count_sums_fold(const count_sums_t *su, const count_key_t *k, groups_t *gs)
{
    for (int i = 0; i < k->ng; i++) {
        group_t *g = &gs->g[k->g[i]];
        g->n += su->n;
        g->n_rated += su->cl_n;
        g->flagged += k->flagged ? su->n : 0;
        g->ans_sat += su->ans_sat;
        g->ans_valid += su->ans_valid;
        g->ans_excl += su->ans_excl;
        g->q_valid += su->q_valid;
        g->q_sat += su->q_sat;
        g->cl.n += su->cl_n;
        g->cl.y += (double)su->cl_y;
        g->cl.m += (double)su->cl_m;
        g->cl.yy += (double)su->cl_yy;
        g->cl.ym += (double)su->cl_ym;
        g->cl.mm += (double)su->cl_mm;
    }
}

static void count_part_free(count_part_t *p)
{
    count_keys_free(&p->keys);
    counter_free(&p->cn);
    free(p->sacc);
    for (int i = 0; i < p->n_bgc; i++) free(p->bgc[i]);
    free(p->bgc);
    free(p->later);
    memset(p, 0, sizeof *p);
}

/* Adds part p's counts by background item to *bgc (n per survey cache
 * entry, grown as needed). */
static void bg_add(int64_t ***bgc, int *n, const count_part_t *p, const survey_cache_t *sc)
{
    for (int sv = 0; sv < p->n_bgc; sv++) {
        if (!p->bgc[sv]) continue;
        if (sv >= *n) {
            int m = sv + 8;
            *bgc = jh_xrealloc(*bgc, (size_t)m * sizeof **bgc);
            for (int i = *n; i < m; i++) (*bgc)[i] = NULL;
            *n = m;
        }
        int nb = sc->v[sv].n_bg * (BG_OPTS + 1);
        if (!(*bgc)[sv]) (*bgc)[sv] = jh_xcalloc((size_t)nb, sizeof ***bgc);
        for (int k = 0; k < nb; k++) (*bgc)[sv][k] += p->bgc[sv][k];
    }
}

static void sample_acc_add(sample_acc_t *a, const sample_acc_t *b)
{
    a->valid += b->valid;
    a->abandoned += b->abandoned;
    a->empty += b->empty;
    a->with_item += b->with_item;
    a->pub_empty += b->pub_empty;
    a->pub_abandoned += b->pub_abandoned;
    for (int r = 0; r <= SAMPLE_N_ROLES; r++) a->role[r] += b->role[r];
    for (int l = 0; l <= STATS_LOC_COUNT; l++) a->loc[l] += b->loc[l];
    for (int l = 0; l <= STATS_LOC_COUNT; l++) a->pub_loc[l] += b->pub_loc[l];
}

static const char *survey_method_of(const survey_cache_t *sc)
{
    const char *m = NULL;
    for (int i = 0; i < sc->n; i++) {
        if (!sc->v[i].s || !sc->v[i].s->method) continue;
        if (!m)
            m = sc->v[i].s->method;
        else if (strcmp(m, sc->v[i].s->method))
            return "answers"; /* questionnaires disagree: answers is the documented default */
    }
    return m && !strcmp(m, "questionnaires") ? "questionnaires" : "answers";
}

/* Why a group is not published: "small" (fewer questionnaires than the
 * minimum) or "complementary" (hidden so that no small group can be
 * derived by subtraction), null when published. */
static void add_suppression(cJSON *o, const group_t *g)
{
    cJSON_AddBoolToObject(o, "suppressed", g->hidden);
    if (!g->hidden)
        cJSON_AddNullToObject(o, "suppressed_reason");
    else
        cJSON_AddStringToObject(o, "suppressed_reason", g->primary ? "small" : "complementary");
}

/* a_name, b_name: literals (json_cs.h) */
static cJSON *group_json(const group_t *g, const char *a_name, const char *b_name)
{
    cJSON *o = cJSON_CreateObject();
    json_cs_add(o, a_name, cJSON_CreateString(g->a));
    if (b_name) json_cs_add(o, b_name, cJSON_CreateString(g->b));
    bool sup = g->hidden;
    /* A suppressed group shows no count either (M_SUPPRESS). */
    add_num(o, "n_questionnaires", sup ? NAN : (double)g->n);
    /* of them valid (a valid rated answer), those the rates count (review
     * fstats9 item 4: the tables' 问卷 column counted the collected ones) */
    add_num(o, "n_valid_questionnaires", sup ? NAN : (double)g->n_rated);
    add_suppression(o, g);
    add_rates(o, g, sup);
    return o;
}

static int cmp_group_ab(const void *x, const void *y)
{
    const group_t *a = *(const group_t *const *)x, *b = *(const group_t *const *)y;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

/* Groups of one kind sorted by key. */
static const group_t **groups_of(const groups_t *gs, gkind_t kind, int *n)
{
    const group_t **v = jh_xmalloc((size_t)(gs->n + 1) * sizeof *v);
    *n = 0;
    for (int i = 0; i < gs->n; i++)
        if (gs->g[i].kind == kind) v[(*n)++] = &gs->g[i];
    qsort(v, (size_t)*n, sizeof *v, cmp_group_ab);
    return v;
}

static const char *topic_label(const survey_t *s, const char *topic)
{
    if (!s) return topic;
    for (int i = 0; i < s->n_topics; i++)
        if (!strcmp(s->topics[i].id, topic)) return survey_text_get(&s->topics[i].label, "zh-CN");
    return topic;
}

/* The role (questionnaire audience) whose answers a G_TOPIC group holds. */
static const char *topic_role(const group_t *g)
{
    return g->survey && g->survey->audience ? g->survey->audience : "";
}

/* ---- complementary suppression (issue 19 item 6) ------------------------------ */

/* A published total and the parts it is the sum of (every count of a group
 * is additive: questionnaires, satisfied and valid answers and
 * questionnaires).  cells[0] is the total.  A cell index >= gs->n is a
 * virtual cell (never published: flagged questionnaires of a role). */
typedef struct {
    int *cells;
    int n, cap;
} relation_t;

typedef struct {
    relation_t *r;
    int n, cap;
    int64_t *vn;        /* virtual cells: questionnaires */
    bool *vprotect;     /* virtual cells that must not be derived */
    int n_v, cap_v;
} relations_t;

/* Adds a relation and returns its index: rs->r grows (realloc), so callers
 * hold indices, never pointers, across rel_new (the item 0 pattern). */
static int rel_new(relations_t *rs, int total)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->r = jh_xrealloc(rs->r, (size_t)rs->cap * sizeof *rs->r);
    }
    relation_t *r = &rs->r[rs->n];
    memset(r, 0, sizeof *r);
    r->cap = 8;
    r->cells = jh_xmalloc((size_t)r->cap * sizeof *r->cells);
    r->cells[r->n++] = total;
    return rs->n++;
}

static void rel_add(relations_t *rs, int ri, int cell)
{
    if (cell < 0) return;
    relation_t *r = &rs->r[ri];
    if (r->n == r->cap) {
        r->cap *= 2;
        r->cells = jh_xrealloc(r->cells, (size_t)r->cap * sizeof *r->cells);
    }
    r->cells[r->n++] = cell;
}

static int rel_virtual(relations_t *rs, const groups_t *gs, int64_t n, bool protect)
{
    if (rs->n_v == rs->cap_v) {
        rs->cap_v = rs->cap_v ? rs->cap_v * 2 : 16;
        rs->vn = jh_xrealloc(rs->vn, (size_t)rs->cap_v * sizeof *rs->vn);
        rs->vprotect = jh_xrealloc(rs->vprotect, (size_t)rs->cap_v * sizeof *rs->vprotect);
    }
    rs->vn[rs->n_v] = n;
    rs->vprotect[rs->n_v] = protect;
    return gs->n + rs->n_v++;
}

static void relations_free(relations_t *rs)
{
    for (int i = 0; i < rs->n; i++) free(rs->r[i].cells);
    free(rs->r);
    free(rs->vn);
    free(rs->vprotect);
}

/* A group nothing was counted in (an item no one answered: shown only to
 * some, say).  Hidden, it still protects nothing: its figures are zero and
 * a relation whose other unknown it was can be solved, so it counts as
 * known and is never the one chosen to hide. */
static bool group_empty(const group_t *g)
{
    return g->n == 0 && g->ans_valid == 0 && g->ans_excl == 0 && g->q_valid == 0;
}

/* Which figures to give up first when one more must be hidden: the
 * figures without flagged questionnaires, then the finest breakdowns
 * (school × role, items), then schools, localities and topics, roles last. */
static int importance(gkind_t k)
{
    switch (k) {
    case G_COUNTY_CLEAN:
    case G_ROLE_CLEAN: return 0;
    case G_SCHOOL_ROLE:
    case G_ITEM: return 1;
    case G_SCHOOL:
    case G_LOCALITY:
    case G_TOPIC: return 2;
    default: return 3;
    }
}

/* The questionnaires of one school x role cell on one version (ver: a
 * G_VERSION group) or on any questionnaire without versions side by side
 * (ver -1): the parts the published versions and school x role cells are
 * both sums of (suppress). */
typedef struct {
    int sr, ver;      /* G_SCHOOL_ROLE group, G_VERSION group or -1 */
    int64_t n;        /* questionnaires */
} vpart_t;

typedef struct {
    vpart_t *p;       /* owned */
    int n, cap;
} vparts_t;

static void vparts_add(vparts_t *vp, int sr, int ver, int64_t n)
{
    if (vp->n == vp->cap) {
        vp->cap = vp->cap ? vp->cap * 2 : 64;
        vp->p = jh_xrealloc(vp->p, (size_t)vp->cap * sizeof *vp->p);
    }
    vp->p[vp->n++] = (vpart_t){.sr = sr, .ver = ver, .n = n};
}

static int cmp_vpart(const void *x, const void *y)
{
    const vpart_t *a = x, *b = y;
    if (a->sr != b->sr) return a->sr < b->sr ? -1 : 1;
    return a->ver < b->ver ? -1 : a->ver > b->ver;
}

/* The cells of a relation that are known after what can be derived from
 * the published figures, relation by relation, repeatedly: a virtual cell
 * that need not stay unknown (why[] gives the relation it follows from)
 * can be derived and then helps derive the next.  known[c] for every cell
 * (groups, then virtual cells); rels: the relations holding such a cell. */
static void rel_propagate(const relations_t *rs, const groups_t *gs, const int *rels, int n_rels, bool *known,
                          int *why)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int q = 0; q < n_rels; q++) {
            const relation_t *r = &rs->r[rels[q]];
            int unknown = 0, last = -1;
            for (int j = 0; j < r->n && unknown < 2; j++)
                if (!known[r->cells[j]]) {
                    unknown++;
                    last = r->cells[j];
                }
            if (unknown != 1 || last < gs->n || rs->vprotect[last - gs->n]) continue;
            known[last] = true;
            why[last - gs->n] = rels[q];
            changed = true;
        }
    }
}

/* The best figure to hide so that relation k is no longer deficient: a
 * visible cell of k or, through each derived virtual cell of k, of the
 * relation it was derived from (hiding that undoes the derivation).  The
 * least important kind first, then the one in the most deficient
 * relations, then the smallest; -1 when only the county could be. */
static int hide_candidate(const relations_t *rs, const groups_t *gs, int k, const bool *known, const int *why,
                          const int *deficient, int g_county, bool *seen)
{
    int best = -1;
    const relation_t *r = &rs->r[k];
    seen[k] = true;
    for (int j = 0; j < r->n; j++) {
        int c = r->cells[j];
        if (c >= gs->n) {
            int w = known[c] ? why[c - gs->n] : -1;
            if (w < 0 || seen[w]) continue;
            c = hide_candidate(rs, gs, w, known, why, deficient, g_county, seen);
            if (c < 0) continue;
        } else if (gs->g[c].hidden || c == g_county || group_empty(&gs->g[c])) {
            continue;
        }
        int ic = importance(gs->g[c].kind), ib = best < 0 ? 0 : importance(gs->g[best].kind);
        if (best < 0 || ic < ib ||
            (ic == ib && (deficient[c] > deficient[best] ||
                          (deficient[c] == deficient[best] && gs->g[c].n < gs->g[best].n))))
            best = c;
    }
    return best;
}

/* A version's answers are its items' answers (session 15): an item that differs
 * between the versions is a group of that version alone; an item they
 * share holds each definition's part of it, never published (a virtual
 * cell that must stay unknown when smaller than the minimum).  Without
 * this, a version hidden only to protect another (county = 1.0 + 2.0)
 * whose items all differ was the sum of its published items, and the
 * small one the county minus those. */
static void version_item_relations(relations_t *rs, const groups_t *gs, const survey_cache_t *sc, int min_group)
{
    /* the item groups some version shares: each definition's part of them */
    bool *split = jh_xcalloc((size_t)gs->n + 1, sizeof *split);
    int *item_rel = jh_xmalloc(((size_t)gs->n + 1) * sizeof *item_rel);
    for (int i = 0; i < gs->n; i++) item_rel[i] = -1;
    for (int v = 0; v < sc->n; v++) {
        const cached_survey_t *c = &sc->v[v];
        if (!c->s || c->g_version < 0 || !c->item_group) continue;
        for (int i = 0; i < c->s->n_items; i++)
            if (c->item_group[i] >= 0 && !c->changed[i]) split[c->item_group[i]] = true;
    }
    for (int v = 0; v < sc->n; v++) {
        const cached_survey_t *c = &sc->v[v];
        if (!c->s || !c->item_group || !c->item_n) continue;
        int r = c->g_version >= 0 ? rel_new(rs, c->g_version) : -1;
        for (int i = 0; i < c->s->n_items; i++) {
            int g = c->item_group[i];
            if (g < 0 || c->item_n[i] <= 0) continue;
            if (!split[g]) {
                if (r >= 0) rel_add(rs, r, g);
                continue;
            }
            int part = rel_virtual(rs, gs, c->item_n[i], c->item_n[i] < min_group);
            if (r >= 0) rel_add(rs, r, part);
            if (item_rel[g] < 0) item_rel[g] = rel_new(rs, g);
            rel_add(rs, item_rel[g], part);
        }
    }
    free(item_rel);
    free(split);
}

/* ---- the relations solved together (session 15) ---- */

/* Arithmetic modulo a prime: exact for the 0/±1 relations here unless the
 * prime divides one of their determinants (a chance of about 1 in 2^31);
 * then a figure may look fixed when it is not, and one more is hidden. */
enum { ALG_P = 2147483647 };

static uint32_t alg_mul(uint32_t a, uint32_t b) { return (uint32_t)((uint64_t)a * b % ALG_P); }

static uint32_t alg_inv(uint32_t a)
{
    uint32_t r = 1;
    for (uint32_t e = ALG_P - 2; e; e >>= 1, a = alg_mul(a, a))
        if (e & 1) r = alg_mul(r, a);
    return r;
}

static int uf_find(int *up, int i)
{
    while (up[i] != i) i = up[i] = up[up[i]];
    return i;
}

/* A sparse row of the relations over the unknown cells of one connected
 * set: columns (local indices) and their coefficients modulo ALG_P. */
typedef struct {
    int *col;         /* owned */
    uint32_t *val;    /* owned */
    int n, cap;
} alg_row_t;

static void alg_row_push(alg_row_t *r, int c, uint32_t v)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->col = jh_xrealloc(r->col, (size_t)r->cap * sizeof *r->col);
        r->val = jh_xrealloc(r->val, (size_t)r->cap * sizeof *r->val);
    }
    r->col[r->n] = c;
    r->val[r->n++] = v;
}

/* a deterministic generator (xorshift64*) for the random null vectors */
static uint32_t alg_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (uint32_t)(((*s * 0x2545F4914F6CDD1DULL) >> 33) % (ALG_P - 1)) + 1;
}

static void heap_push(int *h, int *n, int v)
{
    int i = (*n)++;
    for (; i > 0 && h[(i - 1) / 2] > v; i = (i - 1) / 2) h[i] = h[(i - 1) / 2];
    h[i] = v;
}

static int heap_pop(int *h, int *n)
{
    int top = h[0], v = h[--*n], i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && h[c + 1] < h[c]) c++;
        if (h[c] >= v) break;
        h[i] = h[c];
        i = c;
    }
    if (*n > 0) h[i] = v;
    return top;
}

/* Which of nc unknowns are fixed by the nr rows (each a list of local
 * columns with coefficients, duplicates allowed): fixed[c] when every
 * solution of rows·x = 0 has x_c = 0, i.e. the unit row of c is in the
 * rows' span (the reduced echelon form has a row with c alone).  Sparse
 * elimination, row by row (shortest first), each row reduced against the
 * pivots so far in their order through a dense scratch vector, its pivot
 * the column left in the fewest rows still to come; then two random
 * solutions of the homogeneous system by back substitution: an unknown
 * that is not fixed is 0 in both with a chance of 1 in 2^62.  The rows
 * are consumed (their storage freed). */
static void alg_fixed(alg_row_t *rows, int nr, int nc, bool *fixed, uint64_t *seed)
{
    int *order = jh_xmalloc(((size_t)nr + 1) * sizeof *order);
    int *cnt = jh_xcalloc((size_t)nc + 1, sizeof *cnt);
    int *pivot_of = jh_xmalloc(((size_t)nc + 1) * sizeof *pivot_of);
    uint32_t *w = jh_xcalloc((size_t)nc + 1, sizeof *w);
    bool *in_pat = jh_xcalloc((size_t)nc + 1, sizeof *in_pat);
    int *pat = jh_xmalloc(((size_t)nc + 1) * sizeof *pat);
    int *heap = jh_xmalloc(((size_t)nc + 1) * sizeof *heap);
    int *piv_col = jh_xmalloc(((size_t)nc + 1) * sizeof *piv_col);
    alg_row_t *prow = jh_xcalloc((size_t)nc + 1, sizeof *prow);
    int n_piv = 0;
    for (int c = 0; c < nc; c++) pivot_of[c] = -1;
    /* rows by length (stable): short rows pivot first, little fill */
    {
        int max_len = 0;
        for (int i = 0; i < nr; i++)
            if (rows[i].n > max_len) max_len = rows[i].n;
        int *start = jh_xcalloc((size_t)max_len + 2, sizeof *start);
        for (int i = 0; i < nr; i++) start[rows[i].n + 1]++;
        for (int l = 0; l < max_len + 1; l++) start[l + 1] += start[l];
        for (int i = 0; i < nr; i++) order[start[rows[i].n]++] = i;
        free(start);
    }
    for (int i = 0; i < nr; i++)
        for (int j = 0; j < rows[i].n; j++) cnt[rows[i].col[j]]++;
    for (int q = 0; q < nr; q++) {
        alg_row_t *r = &rows[order[q]];
        int n_pat = 0, n_heap = 0;
        for (int j = 0; j < r->n; j++) {
            int c = r->col[j];
            cnt[c]--;
            w[c] = (uint32_t)(((uint64_t)w[c] + r->val[j]) % ALG_P);
            if (!in_pat[c]) {
                in_pat[c] = true;
                pat[n_pat++] = c;
                if (pivot_of[c] >= 0) heap_push(heap, &n_heap, pivot_of[c]);
            }
        }
        free(r->col);
        free(r->val);
        /* pivot row k holds its pivot (coefficient 1) and columns that
         * are no earlier pivot: eliminating in pivot order brings in only
         * later pivots */
        while (n_heap > 0) {
            int k = heap_pop(heap, &n_heap);
            uint32_t f = w[piv_col[k]];
            if (!f) continue;
            const alg_row_t *p = &prow[k];
            for (int j = 0; j < p->n; j++) {
                int c = p->col[j];
                w[c] = (uint32_t)(((uint64_t)w[c] + ALG_P - alg_mul(f, p->val[j])) % ALG_P);
                if (!in_pat[c]) {
                    in_pat[c] = true;
                    pat[n_pat++] = c;
                    if (pivot_of[c] >= 0) heap_push(heap, &n_heap, pivot_of[c]);
                }
            }
        }
        int pc = -1;
        for (int j = 0; j < n_pat; j++) {
            int c = pat[j];
            if (w[c] && (pc < 0 || cnt[c] < cnt[pc] || (cnt[c] == cnt[pc] && c < pc))) pc = c;
        }
        if (pc >= 0) {
            uint32_t inv = alg_inv(w[pc]);
            alg_row_t *p = &prow[n_piv];
            for (int j = 0; j < n_pat; j++) {
                int c = pat[j];
                if (w[c]) alg_row_push(p, c, c == pc ? 1u : alg_mul(w[c], inv));
            }
            piv_col[n_piv] = pc;
            pivot_of[pc] = n_piv++;
        }
        for (int j = 0; j < n_pat; j++) {
            w[pat[j]] = 0;
            in_pat[pat[j]] = false;
        }
    }
    /* two random solutions: free unknowns random, pivots back-substituted */
    uint32_t *x1 = jh_xmalloc(((size_t)nc + 1) * sizeof *x1), *x2 = jh_xmalloc(((size_t)nc + 1) * sizeof *x2);
    for (int c = 0; c < nc; c++) {
        x1[c] = x2[c] = 0;
        if (pivot_of[c] < 0) {
            x1[c] = alg_random(seed);
            x2[c] = alg_random(seed);
        }
    }
    for (int k = n_piv - 1; k >= 0; k--) {
        const alg_row_t *p = &prow[k];
        uint64_t s1 = 0, s2 = 0;
        for (int j = 0; j < p->n; j++) {
            if (p->col[j] == piv_col[k]) continue;
            s1 = (s1 + alg_mul(p->val[j], x1[p->col[j]])) % ALG_P;
            s2 = (s2 + alg_mul(p->val[j], x2[p->col[j]])) % ALG_P;
        }
        x1[piv_col[k]] = (uint32_t)((ALG_P - s1) % ALG_P);
        x2[piv_col[k]] = (uint32_t)((ALG_P - s2) % ALG_P);
        free(p->col);
        free(p->val);
    }
    for (int c = 0; c < nc; c++) fixed[c] = pivot_of[c] >= 0 && !x1[c] && !x2[c];
    free(x1);
    free(x2);
    free(prow);
    free(piv_col);
    free(heap);
    free(pat);
    free(in_pat);
    free(w);
    free(pivot_of);
    free(cnt);
    free(order);
}

/* The connected sets solved clean by an earlier call (suppress): hiding
 * only adds unknowns, so a set with the same unknowns has the same
 * relations and needs no new solve. */
typedef struct {
    int *tag;         /* per cell: the clean set it was in, or -1; owned */
    int *size;        /* per clean set: its unknowns; owned */
    int n, cap;
} alg_cache_t;

static void alg_cache_free(alg_cache_t *ac)
{
    free(ac->tag);
    free(ac->size);
}

/* A figure that must stay unknown (a hidden group, or a virtual cell that
 * must) yet follows from all the relations together, though none of them
 * alone leaves it the only unknown: school A = its roles, two roles = their
 * schools and school B = the same two roles fix a third hidden role of
 * school A when the other four are hidden as a rectangle.  Each relation
 * is a row over the unknown cells (the total +1, each part -1); a cell is
 * fixed when a row of the reduced echelon form has it alone.  Solved per
 * set of unknowns that share relations, on sparse rows (alg_fixed: a
 * dense table of a county of 4,000 schools in two versions took 700 MB),
 * and only the sets that changed since the last call (ac): the first set,
 * in the order of their roots, with such a cell gives its first.  Returns
 * the cell or -1. */
static int rel_fixed_together(const relations_t *rs, const groups_t *gs, alg_cache_t *ac)
{
    int n_cells = gs->n + rs->n_v, n_cols = 0, found = -1;
    int *col = jh_xmalloc(((size_t)n_cells + 1) * sizeof *col);
    for (int c = 0; c < n_cells; c++)
        col[c] = (c < gs->n ? gs->g[c].hidden && !group_empty(&gs->g[c]) : true) ? n_cols++ : -1;
    int *cell_of = jh_xmalloc(((size_t)n_cols + 1) * sizeof *cell_of);
    for (int c = 0; c < n_cells; c++)
        if (col[c] >= 0) cell_of[col[c]] = c;
    int *up = jh_xmalloc(((size_t)n_cols + 1) * sizeof *up);
    for (int i = 0; i < n_cols; i++) up[i] = i;
    for (int k = 0; k < rs->n; k++) {
        int first = -1;
        for (int j = 0; j < rs->r[k].n; j++) {
            int q = col[rs->r[k].cells[j]];
            if (q < 0) continue;
            if (first < 0)
                first = q;
            else
                up[uf_find(up, q)] = uf_find(up, first);
        }
    }
    /* per component (its root column): its columns, in local order, and
     * its relations, each listed once, bucketed by root */
    int *local = jh_xmalloc(((size_t)n_cols + 1) * sizeof *local);
    int *col_start = jh_xcalloc((size_t)n_cols + 2, sizeof *col_start);
    int *row_start = jh_xcalloc((size_t)n_cols + 2, sizeof *row_start);
    int *cols = jh_xmalloc(((size_t)n_cols + 1) * sizeof *cols);
    int *rows = jh_xmalloc(((size_t)rs->n + 1) * sizeof *rows);
    int *row_root = jh_xmalloc(((size_t)rs->n + 1) * sizeof *row_root);
    for (int i = 0; i < n_cols; i++) col_start[uf_find(up, i) + 1]++;
    for (int k = 0; k < rs->n; k++) {
        row_root[k] = -1;
        for (int j = 0; j < rs->r[k].n && row_root[k] < 0; j++) {
            int q = col[rs->r[k].cells[j]];
            if (q >= 0) row_root[k] = uf_find(up, q);
        }
        if (row_root[k] >= 0) row_start[row_root[k] + 1]++;
    }
    for (int i = 0; i < n_cols; i++) {
        col_start[i + 1] += col_start[i];
        row_start[i + 1] += row_start[i];
    }
    {
        int *fill = jh_xmalloc(((size_t)n_cols + 1) * sizeof *fill);
        memcpy(fill, col_start, (size_t)n_cols * sizeof *fill);
        for (int i = 0; i < n_cols; i++) {
            int root = uf_find(up, i);
            local[i] = fill[root] - col_start[root];
            cols[fill[root]++] = i;
        }
        memcpy(fill, row_start, (size_t)n_cols * sizeof *fill);
        for (int k = 0; k < rs->n; k++)
            if (row_root[k] >= 0) rows[fill[row_root[k]]++] = k;
        free(fill);
    }
    if (!ac->tag) {
        ac->tag = jh_xmalloc(((size_t)n_cells + 1) * sizeof *ac->tag);
        for (int c = 0; c < n_cells; c++) ac->tag[c] = -1;
    }
    bool *fixed = jh_xmalloc(((size_t)n_cols + 1) * sizeof *fixed);
    for (int root = 0; root < n_cols && found < 0; root++) {
        int nc = col_start[root + 1] - col_start[root], nr = row_start[root + 1] - row_start[root];
        if (!nc || !nr) continue;
        const int *ccol = &cols[col_start[root]];
        int t = ac->tag[cell_of[ccol[0]]];
        bool same = t >= 0 && ac->size[t] == nc;
        for (int i = 1; i < nc && same; i++) same = ac->tag[cell_of[ccol[i]]] == t;
        if (same) continue; /* solved clean before, unchanged */
        const int *crow = &rows[row_start[root]];
        alg_row_t *m = jh_xcalloc((size_t)nr + 1, sizeof *m);
        for (int i = 0; i < nr; i++) {
            const relation_t *r = &rs->r[crow[i]];
            for (int j = 0; j < r->n; j++) {
                int q = col[r->cells[j]];
                if (q >= 0) alg_row_push(&m[i], local[q], j == 0 ? 1u : ALG_P - 1u);
            }
        }
        uint64_t seed = 0x9E3779B97F4A7C15ULL ^ (uint64_t)nc;
        alg_fixed(m, nr, nc, fixed, &seed);
        free(m);
        for (int i = 0; i < nc && found < 0; i++) {
            if (!fixed[i]) continue;
            int c = cell_of[ccol[i]];
            if (c < gs->n || rs->vprotect[c - gs->n]) found = c;
        }
        if (found >= 0) break;
        if (ac->n == ac->cap) {
            ac->cap = ac->cap ? ac->cap * 2 : 64;
            ac->size = jh_xrealloc(ac->size, (size_t)ac->cap * sizeof *ac->size);
        }
        ac->size[ac->n] = nc;
        for (int i = 0; i < nc; i++) ac->tag[cell_of[ccol[i]]] = ac->n;
        ac->n++;
    }
    free(fixed);
    free(row_root);
    free(rows);
    free(cols);
    free(row_start);
    free(col_start);
    free(local);
    free(up);
    free(cell_of);
    free(col);
    return found;
}

/* Whether cell c is unknown in rel_fixed_together: a hidden group with
 * questionnaires or a virtual cell. */
static bool alg_unknown(const groups_t *gs, int c)
{
    return c >= gs->n || (gs->g[c].hidden && !group_empty(&gs->g[c]));
}

/* A published figure of relation r that may be hidden, better than best
 * (the least important kind, then the smallest), or best. */
static int better_candidate(const relation_t *r, const groups_t *gs, int g_county, int best)
{
    for (int j = 0; j < r->n; j++) {
        int c = r->cells[j];
        if (c >= gs->n || gs->g[c].hidden || c == g_county || group_empty(&gs->g[c])) continue;
        int ic = importance(gs->g[c].kind), ib = best < 0 ? 0 : importance(gs->g[best].kind);
        if (best < 0 || ic < ib || (ic == ib && gs->g[c].n < gs->g[best].n)) best = c;
    }
    return best;
}

/* What to hide when cell x follows from the relations together: a
 * published figure of a relation holding x (the least important kind, then
 * the smallest); hiding it gives x one more unknown beside it.  When those
 * relations hold none (x a version's part of a hidden school x role cell:
 * all its relations are of unknowns), one of any relation of the unknowns
 * connected to x, the same way: a set of unknowns fixing x has a relation
 * with a published figure, or only the county's (review of session 15).
 * -1 when only the county could be. */
static int together_candidate(const relations_t *rs, const groups_t *gs, int x, int g_county)
{
    int best = -1;
    for (int k = 0; k < rs->n; k++) {
        const relation_t *r = &rs->r[k];
        bool holds = false;
        for (int j = 0; j < r->n && !holds; j++) holds = r->cells[j] == x;
        if (holds) best = better_candidate(r, gs, g_county, best);
    }
    if (best >= 0) return best;
    /* the relations of x's connected unknowns, until no more join */
    int n_cells = gs->n + rs->n_v;
    bool *cell_seen = jh_xcalloc((size_t)n_cells + 1, sizeof *cell_seen);
    bool *rel_seen = jh_xcalloc((size_t)rs->n + 1, sizeof *rel_seen);
    cell_seen[x] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (int k = 0; k < rs->n; k++) {
            const relation_t *r = &rs->r[k];
            if (rel_seen[k]) continue;
            bool touches = false;
            for (int j = 0; j < r->n && !touches; j++) touches = cell_seen[r->cells[j]];
            if (!touches) continue;
            rel_seen[k] = grew = true;
            best = better_candidate(r, gs, g_county, best);
            for (int j = 0; j < r->n; j++) {
                int c = r->cells[j];
                if (alg_unknown(gs, c)) cell_seen[c] = true;
            }
        }
    }
    free(rel_seen);
    free(cell_seen);
    return best;
}

/* A hidden role's items, topics and versions are hidden with it (reviews
 * rnum3 and rdoc3 of session 18): they are that role's own figures, not
 * parts of a sum, and give it away on their own: an item every
 * questionnaire answers (a required one) has the role's count as its
 * n_answers, the overall item's rate is the role's rate by questionnaires,
 * a topic's answer count is its largest item's, and a version of the only
 * questionnaire of a role holds its questionnaires.  So a role hidden to
 * protect another (county = roles) still published, through them, exactly
 * what it was hidden for.  sc gives each version group's audience. */
static void hide_with_roles(groups_t *gs, const survey_cache_t *sc)
{
    for (int i = 0; i < gs->n; i++) {
        group_t *g = &gs->g[i];
        if (g->hidden || (g->kind != G_ITEM && g->kind != G_TOPIC) || !g->survey) continue;
        int r = group_find(gs, G_ROLE, topic_role(g), "");
        if (r >= 0 && gs->g[r].hidden) g->hidden = true;
    }
    for (int v = 0; v < sc->n; v++) {
        const cached_survey_t *c = &sc->v[v];
        if (!c->s || c->g_version < 0 || gs->g[c->g_version].hidden) continue;
        int r = group_find(gs, G_ROLE, c->s->audience ? c->s->audience : "", "");
        if (r >= 0 && gs->g[r].hidden) gs->g[c->g_version].hidden = true;
    }
}

/* Sets primary and hidden on every published group: a group under
 * min_group questionnaires is hidden (primary suppression); then, until no
 * relation has exactly one unknown cell that must stay unknown, one more
 * figure of such a relation is hidden (the least important kind, then the
 * one that fixes the most such relations, then the smallest), so
 * that no hidden figure follows from published ones by subtraction; and,
 * when none does, until none follows from all the relations solved
 * together (rel_fixed_together); a hidden role hides its items, topics and
 * versions with it (hide_with_roles).  The county itself is never hidden.  The
 * rules are in M_SUPPRESS; the test tests/stats/check_privacy.py
 * (--algebra) derives what it can from stats.json.  Returns true when a
 * hidden figure still follows from the relations together and only the
 * county could be hidden to protect it (the caller warns: never silently). */
static bool suppress(groups_t *gs, const register_t_ *reg, bool hold_out, int min_group, int g_county,
                     int g_clean, vparts_t *vp, const survey_cache_t *sc)
{
    for (int i = 0; i < gs->n; i++) {
        group_t *g = &gs->g[i];
        g->primary = i != g_county && g->n < min_group;
        g->hidden = g->primary;
    }
    relations_t rs = {0};
    int by_role = rel_new(&rs, g_county), by_loc = rel_new(&rs, g_county), by_school = rel_new(&rs, g_county),
        by_topic = rel_new(&rs, g_county), clean_roles = rel_new(&rs, g_clean),
        by_version = rel_new(&rs, g_county); /* the versions side by side + the other questionnaires */
    int64_t n_versioned = 0;
    for (int i = 0; i < gs->n; i++) {
        group_t *g = &gs->g[i];
        switch (g->kind) {
        case G_ROLE: {
            rel_add(&rs, by_role, i);
            /* the role's flagged questionnaires = role − role without flagged */
            int c = group_find(gs, G_ROLE_CLEAN, g->a, "");
            int64_t flagged = g->n - (c >= 0 ? gs->g[c].n : 0);
            int r = rel_new(&rs, i);
            rel_add(&rs, r, c);
            if (flagged > 0) rel_add(&rs, r, rel_virtual(&rs, gs, flagged, flagged < min_group));
            /* the role = its cells of every school in the county */
            int rr = rel_new(&rs, i);
            for (int j = 0; j < gs->n; j++)
                if (gs->g[j].kind == G_SCHOOL_ROLE && !gs->g[j].held && !strcmp(gs->g[j].b, g->a))
                    rel_add(&rs, rr, j);
            /* the role's answers = its topics' (review of session 14) */
            int rt = rel_new(&rs, i);
            for (int j = 0; j < gs->n; j++)
                if (gs->g[j].kind == G_TOPIC && gs->g[j].survey && !strcmp(topic_role(&gs->g[j]), g->a))
                    rel_add(&rs, rt, j);
            break;
        }
        case G_ROLE_CLEAN: rel_add(&rs, clean_roles, i); break;
        case G_LOCALITY: {
            rel_add(&rs, by_loc, i);
            /* the locality = its schools (a school whose responses come from
             * several localities, possible only without a register, is a
             * part no one publishes: a virtual cell that must stay unknown) */
            int r = rel_new(&rs, i);
            for (int j = 0; j < gs->n; j++) {
                const group_t *s = &gs->g[j];
                if (s->kind != G_SCHOOL || s->held || !s->loc) continue;
                int si = school_find(reg, s->a);
                if (si >= 0 ? strcmp(stats_locality_code(reg->s[si].locality), g->a) : strcmp(s->loc, g->a)) {
                    if (si < 0 && s->loc_mixed) rel_add(&rs, r, rel_virtual(&rs, gs, 1, true));
                    continue;
                }
                rel_add(&rs, r, s->loc_mixed && si < 0 ? rel_virtual(&rs, gs, 1, true) : j);
            }
            break;
        }
        case G_SCHOOL: {
            if (!g->held || !hold_out) rel_add(&rs, by_school, i);
            int r = rel_new(&rs, i);
            for (int j = 0; j < gs->n; j++)
                if (gs->g[j].kind == G_SCHOOL_ROLE && !strcmp(gs->g[j].a, g->a) &&
                    (g->held || !stats_role_county_level(gs->g[j].b)))
                    rel_add(&rs, r, j);
            break;
        }
        case G_SCHOOL_ROLE:
            /* the public's questionnaires are in the county but in no
             * school nor locality: the county = the schools + these cells
             * (published in the sample by school), and the same by
             * locality */
            if (!g->held && stats_role_county_level(g->b)) {
                rel_add(&rs, by_school, i);
                rel_add(&rs, by_loc, i);
            }
            break;
        case G_TOPIC: {
            rel_add(&rs, by_topic, i);
            int r = rel_new(&rs, i);
            for (int j = 0; j < gs->n; j++) {
                const group_t *it = &gs->g[j];
                if (it->kind == G_ITEM && it->survey && it->topic_g == i) rel_add(&rs, r, j);
            }
            break;
        }
        case G_VERSION:
            rel_add(&rs, by_version, i);
            n_versioned += g->n;
            break;
        default: break;
        }
    }
    if (n_versioned > 0 && gs->g[g_county].n > n_versioned) {
        int64_t rest = gs->g[g_county].n - n_versioned;
        rel_add(&rs, by_version, rel_virtual(&rs, gs, rest, rest < min_group));
    }
    if (n_versioned > 0) {
        /* Versions are one more table of the county's questionnaires:
         * a school x role cell = its questionnaires on each version (or on
         * a questionnaire without versions), a role = the same by role, and
         * a version = its questionnaires in each role (and, through the
         * roles, in each school), so a version hidden beside its role and
         * the role's other versions (role − 1.0 = 2.0), or a school whose
         * kiosk fixes the version, is protected too (review of session
         * 14).  These parts are never published: virtual cells, that must
         * stay unknown when smaller than the minimum. */
        qsort(vp->p, (size_t)vp->n, sizeof *vp->p, cmp_vpart);
        int m = 0;
        for (int i = 0; i < vp->n; i++) {
            if (m > 0 && vp->p[m - 1].sr == vp->p[i].sr && vp->p[m - 1].ver == vp->p[i].ver)
                vp->p[m - 1].n += vp->p[i].n;
            else
                vp->p[m++] = vp->p[i];
        }
        vp->n = m;
        /* per role and version: (role group, version) with its school parts */
        vparts_t rv = {0};
        for (int i = 0; i < vp->n; i++) {
            if (vp->p[i].n <= 0) continue;
            int role = group_find(gs, G_ROLE, gs->g[vp->p[i].sr].b, "");
            if (role >= 0) vparts_add(&rv, role, vp->p[i].ver, vp->p[i].n);
        }
        qsort(rv.p, (size_t)rv.n, sizeof *rv.p, cmp_vpart);
        /* school x role = its parts (vp is sorted by school x role) */
        int *cell = jh_xmalloc(((size_t)vp->n + 1) * sizeof *cell);
        for (int i = 0, r = -1; i < vp->n; i++) {
            cell[i] = -1;
            if (vp->p[i].n <= 0) continue;
            if (r < 0 || rs.r[r].cells[0] != vp->p[i].sr) r = rel_new(&rs, vp->p[i].sr);
            cell[i] = rel_virtual(&rs, gs, vp->p[i].n, vp->p[i].n < min_group);
            rel_add(&rs, r, cell[i]);
        }
        /* role x version = its schools' parts; role = its role x version
         * cells; version = its role x version cells */
        int *ver_rel = jh_xmalloc(((size_t)gs->n + 1) * sizeof *ver_rel);
        for (int i = 0; i < gs->n; i++) ver_rel[i] = -1;
        for (int i = 0, role_r = -1; i < rv.n;) {
            int j = i;
            int64_t n = 0;
            while (j < rv.n && rv.p[j].sr == rv.p[i].sr && rv.p[j].ver == rv.p[i].ver) n += rv.p[j++].n;
            int v = rel_virtual(&rs, gs, n, n < min_group);
            int r = rel_new(&rs, v);
            for (int k = 0; k < vp->n; k++)
                if (cell[k] >= 0 && vp->p[k].ver == rv.p[i].ver &&
                    !strcmp(gs->g[vp->p[k].sr].b, gs->g[rv.p[i].sr].a))
                    rel_add(&rs, r, cell[k]);
            if (role_r < 0 || rs.r[role_r].cells[0] != rv.p[i].sr) role_r = rel_new(&rs, rv.p[i].sr);
            rel_add(&rs, role_r, v);
            int ver = rv.p[i].ver;
            if (ver >= 0) {
                if (ver_rel[ver] < 0) ver_rel[ver] = rel_new(&rs, ver);
                rel_add(&rs, ver_rel[ver], v);
            }
            i = j;
        }
        free(ver_rel);
        free(cell);
        free(rv.p);
        version_item_relations(&rs, gs, sc, min_group);
    }
    {
        /* the county's flagged questionnaires = county − county without flagged */
        int64_t flagged = gs->g[g_county].n - gs->g[g_clean].n;
        int r = rel_new(&rs, g_county);
        rel_add(&rs, r, g_clean);
        if (flagged > 0) rel_add(&rs, r, rel_virtual(&rs, gs, flagged, flagged < min_group));
    }
    /* The county group is never hidden: it is the verdict.  A relation is
     * deficient when exactly one of its cells is unknown and that one must
     * stay unknown; each step hides, in the first deficient relation, the
     * visible cell of the least important kind that sits in the most
     * deficient relations (fixing them together), then the smallest, so
     * that few and minor figures are hidden. */
    int n_cells = gs->n + rs.n_v;
    int *deficient = jh_xcalloc((size_t)gs->n + 1, sizeof *deficient);
    bool *is_def = jh_xcalloc((size_t)rs.n + 1, sizeof *is_def);
    bool *known = jh_xcalloc((size_t)n_cells + 1, sizeof *known);
    bool *seen = jh_xcalloc((size_t)rs.n + 1, sizeof *seen);
    int *why = jh_xmalloc(((size_t)rs.n_v + 1) * sizeof *why);
    /* the relations holding a virtual cell that may be derived */
    int *vrels = jh_xmalloc(((size_t)rs.n + 1) * sizeof *vrels), n_vrels = 0;
    for (int k = 0; k < rs.n; k++) {
        bool free_v = false;
        for (int j = 0; j < rs.r[k].n && !free_v; j++)
            free_v = rs.r[k].cells[j] >= gs->n && !rs.vprotect[rs.r[k].cells[j] - gs->n];
        if (free_v) vrels[n_vrels++] = k;
    }
    alg_cache_t ac = {0};
    bool left_derivable = false;
    for (;;) {
        hide_with_roles(gs, sc);
        memset(deficient, 0, ((size_t)gs->n + 1) * sizeof *deficient);
        for (int c = 0; c < gs->n; c++) known[c] = !gs->g[c].hidden || group_empty(&gs->g[c]);
        for (int v = 0; v < rs.n_v; v++) {
            known[gs->n + v] = false;
            why[v] = -1;
        }
        rel_propagate(&rs, gs, vrels, n_vrels, known, why);
        int first = -1;
        for (int k = 0; k < rs.n; k++) {
            const relation_t *r = &rs.r[k];
            int unknown = 0, last = -1;
            for (int j = 0; j < r->n; j++) {
                int c = r->cells[j];
                if (!known[c]) {
                    unknown++;
                    last = c;
                }
            }
            is_def[k] = unknown == 1 && r->n >= 2 && (last < gs->n || rs.vprotect[last - gs->n]);
            if (!is_def[k]) continue;
            if (first < 0) first = k;
            for (int j = 0; j < r->n; j++)
                if (r->cells[j] < gs->n) deficient[r->cells[j]]++;
        }
        if (first < 0) {
            /* no relation alone gives a hidden figure away: all together? */
            int x = rel_fixed_together(&rs, gs, &ac);
            if (x < 0) break;
            int best = together_candidate(&rs, gs, x, g_county);
            if (best < 0) { /* only the county could be hidden: it never is */
                left_derivable = true;
                break;
            }
            gs->g[best].hidden = true;
            continue;
        }
        bool fixed = false;
        for (int k = first; k < rs.n && !fixed; k++) {
            if (!is_def[k]) continue;
            memset(seen, 0, ((size_t)rs.n + 1) * sizeof *seen);
            int best = hide_candidate(&rs, gs, k, known, why, deficient, g_county, seen);
            if (best < 0) continue; /* only the county could be hidden: it never is */
            gs->g[best].hidden = true;
            fixed = true;
        }
        if (!fixed) break;
    }
    alg_cache_free(&ac);
    free(known);
    free(seen);
    free(why);
    free(vrels);
    free(deficient);
    free(is_def);
    relations_free(&rs);
    return left_derivable;
}

/* Whether an agreement scale's satisfied set is its agreeing side: every
 * counted option whose Chinese label says 不 (不太同意, 不同意) is outside
 * it and every other counted option inside.  A reverse-scored statement
 * (孩子的作业太多。 with 不太同意 + 不同意 satisfied) is not: its rate is no
 * 认同率, which reads as the share agreeing (review rquest3, item 2). */
static bool agreeing_side(const survey_item_t *it)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    for (int k = 0; k < n; k++) {
        if (o[k].excluded) continue;
        bool neg = strstr(survey_text_get(&o[k].label, "zh-CN"), "不") != NULL;
        if (neg == o[k].satisfied) return false;
    }
    return true;
}

/* What an item's rate is called (issue 18): 满意率 on a satisfaction scale,
 * 认同率 on an agreement scale whose satisfied set is its agreeing side; on
 * a frequency scale, an agreement scale scored the other way, a yes/no item
 * and a rated choice item the share answering its satisfied set
 * ("选“经常”“有时”的比例"). */
static void rate_name(cJSON *e, const survey_item_t *it)
{
    const char *kind = "satisfaction";
    if (it->type == SURVEY_ITEM_SCALE && it->scale && it->scale->kind == SURVEY_KIND_AGREEMENT) kind = "agreement";
    if (it->type == SURVEY_ITEM_SCALE && it->scale && it->scale->kind == SURVEY_KIND_FREQUENCY) kind = "frequency";
    if (it->type == SURVEY_ITEM_YESNO) kind = "yesno";
    if (it->type == SURVEY_ITEM_CHOICE) kind = "choice";
    if (it->type == SURVEY_ITEM_RATING) kind = "rating";
    cJSON_AddStringToObject(e, "rate_kind", kind);
    jh_buf_t zh = {0}, en = {0};
    if (!strcmp(kind, "satisfaction")) {
        jh_buf_puts(&zh, "满意率");
        jh_buf_puts(&en, "satisfaction rate");
    } else if (!strcmp(kind, "agreement") && agreeing_side(it)) {
        jh_buf_puts(&zh, "认同率");
        jh_buf_puts(&en, "agreement rate");
    } else if (!strcmp(kind, "rating")) {
        jh_buf_printf(&zh, "%d 分及以上的比例", it->satisfied_min);
        jh_buf_printf(&en, "share rating %d or more", it->satisfied_min);
    } else {
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        jh_buf_puts(&zh, "选");
        jh_buf_puts(&en, "share answering");
        for (int k = 0, first = 1; k < n; k++) {
            if (!o[k].satisfied) continue;
            jh_buf_printf(&zh, "“%s”", survey_text_get(&o[k].label, "zh-CN"));
            jh_buf_printf(&en, "%s \"%s\"", first ? "" : " or", survey_text_get(&o[k].label, "en"));
            first = 0;
        }
        jh_buf_puts(&zh, "的比例");
    }
    cJSON_AddStringToObject(e, "rate_name_zh", zh.data);
    cJSON_AddStringToObject(e, "rate_name_en", en.data);
    jh_buf_free(&zh);
    jh_buf_free(&en);
}

/* What a topic's rate counts (review r2book item 3): the rate name its
 * items share (满意率, 认同率, 选“很少”“从不”的比例), else, its items
 * counting different things, the share of satisfied answers
 * (满意答案比例).  The items answered in the round name it; a topic none
 * of whose items was answered, all its items. */
static void topic_rate_name(cJSON *e, const groups_t *gs, int topic_g)
{
    char *zh = NULL, *en = NULL;
    bool mixed = false;
    for (int pass = 0; pass < 2 && !zh; pass++)
        for (int k = 0; k < gs->n && !mixed; k++) {
            const group_t *ig = &gs->g[k];
            if (ig->kind != G_ITEM || ig->topic_g != topic_g || !ig->survey || (pass == 0 && ig->n == 0)) continue;
            cJSON *t = cJSON_CreateObject();
            rate_name(t, &ig->survey->items[ig->item_index]);
            const char *z = cJSON_GetStringValue(cJSON_GetObjectItem(t, "rate_name_zh"));
            if (!zh) {
                zh = jh_strdup(z);
                en = jh_strdup(cJSON_GetStringValue(cJSON_GetObjectItem(t, "rate_name_en")));
            } else if (strcmp(zh, z)) {
                mixed = true;
            }
            cJSON_Delete(t);
        }
    cJSON_AddStringToObject(e, "rate_name_zh", mixed ? "满意答案比例" : zh ? zh : "满意率");
    cJSON_AddStringToObject(e, "rate_name_en", mixed ? "share of satisfied answers" : en ? en : "satisfaction rate");
    free(zh);
    free(en);
}

/* The versions of each questionnaire id answered in the round, side by
 * side (issue 18): doc.versions, satisfaction.by_version and the sentence on
 * how social recognition combined them (county.versions_combined). */
static void versions_json(cJSON *doc, cJSON *sat, cJSON *county, const survey_cache_t *sc, const groups_t *gs)
{
    cJSON *vj = cJSON_AddObjectToObject(doc, "versions");
    cJSON *ids = cJSON_AddArrayToObject(vj, "surveys");
    cJSON *byv = cJSON_AddArrayToObject(sat, "by_version");
    jh_buf_t zh = {0}, en = {0};
    for (int i = 0; i < sc->n; i++) {
        const cached_survey_t *c = &sc->v[i];
        if (!c->s || c->n_versions < 2) continue;
        bool first = true; /* the first definition of this id in the cache lists the id */
        for (int j = 0; j < i && first; j++) first = !(sc->v[j].s && !strcmp(sc->v[j].s->id, c->s->id));
        if (!first) continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", c->s->id);
        cJSON *vs = cJSON_AddArrayToObject(e, "versions");
        cJSON *common = cJSON_AddArrayToObject(e, "common_items");
        cJSON *changed = cJSON_AddArrayToObject(e, "changed_items");
        jh_buf_printf(&zh, "%s%s 的 ", zh.len ? "；" : "", c->s->id);
        jh_buf_printf(&en, "%s%s ", en.len ? "; " : "", c->s->id);
        int nv = 0;
        for (int j = i; j < sc->n; j++) {
            const cached_survey_t *o = &sc->v[j];
            if (!o->s || strcmp(o->s->id, c->s->id)) continue;
            const group_t *g = &gs->g[o->g_version];
            cJSON *ve = group_json(g, "survey_id", "version");
            cJSON_AddStringToObject(ve, "hash", o->hash);
            cJSON_AddItemToArray(byv, ve);
            cJSON *v = cJSON_CreateObject();
            cJSON_AddStringToObject(v, "version", o->vlabel);
            cJSON_AddStringToObject(v, "hash", o->hash);
            add_num(v, "n_questionnaires", g->hidden ? NAN : (double)g->n);
            cJSON *ch = cJSON_AddArrayToObject(v, "changed_items");
            for (int k = 0; k < o->s->n_items; k++) {
                const survey_item_t *it = &o->s->items[k];
                if (!survey_item_rated(it)) continue;
                if (o->changed[k]) {
                    cJSON_AddItemToArray(ch, cJSON_CreateString(it->id));
                } else if (j == i) {
                    cJSON_AddItemToArray(common, cJSON_CreateString(it->id));
                }
            }
            cJSON_AddItemToArray(vs, v);
            if (g->hidden) {
                jh_buf_printf(&zh, "%s%s 版", nv ? "、" : "", o->vlabel);
                jh_buf_printf(&en, "%s%s", nv ? " and " : "", o->vlabel);
            } else {
                jh_buf_printf(&zh, "%s%s 版（%lld 份）", nv ? "、" : "", o->vlabel, (long long)g->n);
                jh_buf_printf(&en, "%s%s (%lld questionnaires)", nv ? " and " : "", o->vlabel, (long long)g->n);
            }
            nv++;
        }
        /* changed items: the union over versions, each with the versions having it */
        for (int j = i; j < sc->n; j++) {
            const cached_survey_t *o = &sc->v[j];
            if (!o->s || strcmp(o->s->id, c->s->id)) continue;
            for (int k = 0; k < o->s->n_items; k++) {
                if (!o->changed[k]) continue;
                const char *id = o->s->items[k].id;
                cJSON *x = NULL;
                for (cJSON *y = changed->child; y && !x; y = y->next)
                    if (!strcmp(cJSON_GetObjectItem(y, "item_id")->valuestring, id)) x = y;
                if (!x) {
                    x = cJSON_CreateObject();
                    cJSON_AddStringToObject(x, "item_id", id);
                    cJSON_AddArrayToObject(x, "in_versions");
                    cJSON_AddItemToArray(changed, x);
                }
                cJSON_AddItemToArray(cJSON_GetObjectItem(x, "in_versions"), cJSON_CreateString(o->vlabel));
            }
        }
        jh_buf_printf(&zh, "合并计数（%d 题相同，%d 题有差异、按版本分列）", cJSON_GetArraySize(common),
                      cJSON_GetArraySize(changed));
        jh_buf_printf(&en, " pooled (%d items the same, %d that differ reported per version)",
                      cJSON_GetArraySize(common), cJSON_GetArraySize(changed));
        cJSON_AddItemToArray(ids, e);
    }
    cJSON_AddBoolToObject(vj, "mixed", zh.len > 0);
    cJSON_AddStringToObject(vj, "method", M_VERSIONS);
    if (zh.len) {
        char *t = jh_sprintf("版本合并：%s；每份答卷按它所答版本的题目和满意选项计分。 Versions combined: %s; each "
                             "questionnaire is scored against the version it answered.",
                             zh.data, en.data);
        cJSON_AddStringToObject(county, "versions_combined", t);
        free(t);
    } else {
        cJSON_AddNullToObject(county, "versions_combined");
    }
    jh_buf_free(&zh);
    jh_buf_free(&en);
}

/* The schools' figures (compliance, rectification, the balance of each
 * level), which need the register only: made on a second thread while the
 * responses are read (issue 20), handed over in the order they were made
 * in before. */
typedef struct {
    const register_t_ *reg;   /* borrowed; not changed while the job runs */
    const stats_opts_t *o;    /* borrowed */
    json_arena_t *arena;      /* the document's */
    cJSON *schools, *rect, *over, *primary, *junior; /* made (owned until taken) */
    warnings_t warnings;      /* its warnings, appended to the document's in order */
} schools_job_t;

static void *schools_thread(void *arg)
{
    schools_job_t *j = arg;
    json_arena_scope_t as = json_arena_enter(j->arena);
    j->warnings = (warnings_t){cJSON_CreateArray(), cJSON_CreateArray()};
    j->rect = cJSON_CreateArray();
    j->schools = cJSON_CreateArray();
    for (int i = 0; i < j->reg->n; i++)
        cJSON_AddItemToArray(j->schools, school_json(j->reg, i, j->rect, &j->warnings));
    j->over = cJSON_CreateArray();
    j->primary = level_balance(j->reg, STATS_PART_PRIMARY, j->o, j->over);
    j->junior = level_balance(j->reg, STATS_PART_JUNIOR, j->o, j->over);
    json_arena_leave(&as);
    return NULL;
}

/* The evaluation of the 32 indicators, which needs the register and the
 * headline rate only: made on a second thread while the satisfaction and
 * sample sections are made. */
typedef struct {
    const register_t_ *reg;   /* borrowed */
    const stats_rules_t *rules;
    eval_facts_t facts;
    double rate, threshold;   /* social recognition's headline rate and threshold */
    json_arena_t *arena;      /* the document's */
    cJSON *ev;                /* made (owned until taken) */
} eval_job_t;

static void *eval_thread(void *arg)
{
    eval_job_t *j = arg;
    json_arena_scope_t as = json_arena_enter(j->arena);
    j->ev = eval_evaluate(j->reg->s, j->reg->n, j->rules, &j->facts, j->rate, j->threshold);
    json_arena_leave(&as);
    return NULL;
}

static void schools_job_free(schools_job_t *j)
{
    cJSON_Delete(j->schools);
    cJSON_Delete(j->rect);
    cJSON_Delete(j->over);
    cJSON_Delete(j->primary);
    cJSON_Delete(j->junior);
    cJSON_Delete(j->warnings.en);
    cJSON_Delete(j->warnings.zh);
    memset(j, 0, sizeof *j);
}

/* An ISO 8601 UTC time ("2026-12-02T03:42:40.225Z") as Beijing time to
 * the second ("2026-12-02 11:42:40"), for Chinese text; the text as it is
 * when it is not one. */
static void beijing_stamp(const char *iso, char out[32])
{
    struct tm tm;
    snprintf(out, 32, "%s", iso);
    if (jh_iso_beijing(iso, &tm)) strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The register and the county facts are not tied to a round: a new round
 * opened without loading them again would silently use last round's (the
 * session 13 review).  Warns when either was loaded before the open round
 * was opened and an earlier round exists (before the first round, loading
 * them first is the normal order).  Stored data are not changed. */
static jh_status_t stale_inputs(struct county *c, sqlite3 *db, const round_t *round, int n_schools,
                                const eval_facts_t *facts, warnings_t *warnings, jh_err_t *err)
{
    if (!round) return JH_OK;
    round_t *all = NULL;
    int n = 0, earlier = 0;
    jh_status_t st = rounds_list(c, &all, &n, err);
    if (st != JH_OK) return st;
    /* (the rounds before the open one by their campaigns' order, not by
     * the bureau computer's clock when they were opened, which may have
     * been wrong) */
    for (int i = 0; i < n; i++) earlier += all[i].since_ms < round->since_ms;
    free(all);
    if (!earlier) return JH_OK;
    char opened[32], reg_at[32] = "";
    jh_format_time_ms(round->opened_ms, opened);
    sqlite3_stmt *q = NULL;
    if (n_schools > 0 &&
        sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'register_loaded'", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        snprintf(reg_at, sizeof reg_at, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    /* ISO 8601 UTC texts compare as the times do (jh_format_time_ms; a
     * time stored by an older junheng, without milliseconds, in the
     * round's very second counts as not before it) */
    /* (the Chinese text in Beijing time, to the second) */
    char opened_bj[32], reg_bj[32], facts_bj[32];
    beijing_stamp(opened, opened_bj);
    beijing_stamp(reg_at, reg_bj);
    beijing_stamp(facts->loaded_at, facts_bj);
    if (reg_at[0] && strcmp(reg_at, opened) < 0)
        warn(warnings,
             jh_sprintf("the school register was loaded at %s, before round %s was opened (%s): it may be "
                        "the last round's; load this round's register (junheng schools) and run the "
                        "statistics again",
                        reg_at, round->name, opened),
             jh_sprintf("学校名册导入于 %s（北京时间），早于本轮（%s）开启时间 %s：可能仍是上一轮的名册；"
                        "请导入本轮学校名册后重新统计",
                        reg_bj, round->name, opened_bj));
    if (facts->loaded && facts->loaded_at[0] && strcmp(facts->loaded_at, opened) < 0)
        warn(warnings,
             jh_sprintf("the county facts (%s) were loaded at %s, before round %s was opened (%s): they "
                        "may be the last round's; load this round's facts (junheng county) and run the "
                        "statistics again",
                        facts->source, facts->loaded_at, round->name, opened),
             jh_sprintf("县级指标（%s）导入于 %s（北京时间），早于本轮（%s）开启时间 %s：可能仍是上一轮的"
                        "数据；请导入本轮县级指标后重新统计",
                        facts->source, facts_bj, round->name, opened_bj));
    return JH_OK;
}

/* The number at `path` in o, NAN when there is none. */
static double num_at(const cJSON *o, const char *path)
{
    const cJSON *v = stats_json_path(o, path);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A string's value, "" when it is none. */
static const char *str_or_empty(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A degree's Chinese name from its code ("bachelor" -> "本科"). */
static const char *degree_zh_of(const char *code)
{
    for (int d = STATS_DEG_COLLEGE; d <= STATS_DEG_POSTGRAD; d++)
        if (code && !strcmp(code, stats_degree_code((stats_degree_t)d))) return stats_degree_zh((stats_degree_t)d);
    return "?";
}

/* "小学本科、初中本科": a trend entry's rules.qualification_baseline. */
static void baseline_zh(jh_buf_t *b, const cJSON *qb)
{
    jh_buf_printf(b, "小学%s及以上、初中%s及以上", degree_zh_of(cJSON_GetStringValue(stats_json_path(qb, "primary"))),
                  degree_zh_of(cJSON_GetStringValue(stats_json_path(qb, "junior"))));
}

/* The warnings of a trend over rounds computed under other rules than this
 * round (rules.differs of each entry, see rounds_trend): one for each kind
 * of rule, naming the rounds and their rules, appended to `doc`'s
 * warnings. */
static void trend_rules_warnings(const cJSON *trend, cJSON *doc)
{
    const cJSON *rounds = cJSON_GetObjectItem(trend, "rounds");
    const cJSON *cur = cJSON_GetArrayItem(rounds, cJSON_GetArraySize(rounds) - 1), *e;
    static const char *const kinds[] = {"teaching_points",        "threshold",    "recognition_method",
                                        "qualification_baseline", "public_scope", "dont_know_questionnaires"};
    for (int k = 0; k < 6; k++) {
        jh_buf_t names = {0}, what = {0};
        cJSON_ArrayForEach(e, rounds)
        {
            bool differs = false;
            const cJSON *x;
            cJSON_ArrayForEach(x, stats_json_path(e, "rules.differs")) differs =
                differs || (cJSON_IsString(x) && !strcmp(x->valuestring, kinds[k]));
            if (!differs) continue;
            const char *rn = cJSON_GetStringValue(cJSON_GetObjectItem(e, "round"));
            jh_buf_printf(&names, "%s%s", names.len ? ", " : "", rn ? rn : "");
            jh_buf_printf(&what, "%s%s：", what.len ? "；" : "", rn ? rn : "");
            if (k == 1)
                jh_buf_printf(&what, "%g%%", num_at(e, "rules.threshold") * 100);
            else if (k == 2)
                jh_buf_puts(&what, !strcmp(str_or_empty(stats_json_path(e, "rules.recognition_method")), "questionnaires")
                                       ? "按问卷"
                                       : "按题次");
            else if (k == 3)
                baseline_zh(&what, stats_json_path(e, "rules.qualification_baseline"));
            else if (k == 4)
                jh_buf_puts(&what, !strcmp(str_or_empty(stats_json_path(e, "rules.public_scope")), "school")
                                       ? "社会公众的答案也计入答题机所在学校"
                                       : "社会公众的答案只计入全县");
            else if (k == 5)
                jh_buf_puts(&what, !strcmp(str_or_empty(stats_json_path(e, "rules.dont_know_questionnaires")), "valid")
                                       ? "评价题全答“不了解”的问卷算有效问卷"
                                       : "评价题全答“不了解”的问卷不算有效问卷");
        }
        if (!names.len) {
            jh_buf_free(&what);
            continue;
        }
        char *list = jh_buf_take(&names), *w = jh_buf_take(&what), *en = NULL, *zh = NULL;
        if (k == 0) {
            en = jh_sprintf("the trend's round(s) %s were computed under other teaching-point rules than "
                            "this round (options.basic_teaching_points / min_teaching_point): their basic "
                            "composite and CVs do not compare with this round's; compute them again with this "
                            "round's rules to compare",
                            list);
            zh = jh_sprintf("趋势中的轮次 %s 与本轮的教学点口径不同（基本均衡教学点口径或教学点最少人数）：其基本均衡"
                            "综合差异系数等数据不能与本轮直接比较；要比较，请按本轮口径重新计算",
                            list);
        } else if (k == 1) {
            double t = num_at(cur, "rules.threshold") * 100;
            en = jh_sprintf("the trend's round(s) %s judged social recognition against another threshold than "
                            "this round's %g %% (%s): each round's 达标/未达标 is against its own threshold, so "
                            "their verdicts do not compare with this round's (the rates do)",
                            list, t, w);
            zh = jh_sprintf("趋势中的轮次 %s 的社会认可度标准与本轮（%g%%）不同（%s）：各轮的达标与否按各自的标准判定，"
                            "结论不能与本轮直接比较（认可度数值可以比较）",
                            list, t, w);
        } else if (k == 2) {
            en = jh_sprintf("the trend's round(s) %s computed social recognition by another method than this "
                            "round (%s; verdicts.social_recognition.method): their rates do not compare with "
                            "this round's",
                            list, w);
            zh = jh_sprintf("趋势中的轮次 %s 的社会认可度计算方法与本轮不同（%s）：其认可度不能与本轮直接比较", list, w);
        } else if (k == 4) {
            en = jh_sprintf("the trend's round(s) %s were computed under earlier survey rules: the public's answers "
                            "counted also for the school whose kiosk took them (%s; this round: for the county only, "
                            "methods.public_scope): their schools' satisfaction, ranks and samples do not compare "
                            "with this round's (the county's do)",
                            list, w);
            zh = jh_sprintf("趋势中的轮次 %s 按以前的调查规则计算（%s；本轮：社会公众的答案只计入全县，见 methods."
                            "public_scope）：其各校满意度、排名和样本不能与本轮直接比较（全县数据可以比较）",
                            list, w);
        } else if (k == 5) {
            en = jh_sprintf("the trend's round(s) %s were computed under earlier survey rules: a questionnaire "
                            "answered 'don't know' on every rated item counted as valid (%s; this round: collected "
                            "but not valid, responses.no_rated_answer): their valid questionnaires, sample and "
                            "by-questionnaire rates do not compare with this round's",
                            list, w);
            zh = jh_sprintf("趋势中的轮次 %s 按以前的调查规则计算（%s；本轮：收回但不算有效问卷，见 responses."
                            "no_rated_answer）：其有效问卷数、样本和按问卷计算的满意率不能与本轮直接比较",
                            list, w);
        } else {
            jh_buf_t c = {0};
            baseline_zh(&c, stats_json_path(cur, "rules.qualification_baseline"));
            char *cs = jh_buf_take(&c);
            en = jh_sprintf("the trend's round(s) %s counted teachers above the required qualification from "
                            "another baseline than this round (%s; this round %s; "
                            "options.qualification_baseline): their L1 CVs do not compare with this round's; "
                            "compute them again with this round's --qualification to compare",
                            list, w, cs);
            zh = jh_sprintf("趋势中的轮次 %s 计算“高于规定学历教师”的学历基准与本轮不同（%s；本轮%s）：其 L1 "
                            "差异系数等数据不能与本轮直接比较；要比较，请按本轮的 --qualification 重新计算",
                            list, w, cs);
            free(cs);
        }
        cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "warnings"), cJSON_CreateString(en));
        cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "warnings_zh"), cJSON_CreateString(zh));
        free(en);
        free(zh);
        free(list);
        free(w);
    }
}

/* A warning when answers are in quarantine (review rquest3, item 7): the
 * figures do not count them, and nothing else in the statistics' output
 * says so where the reader looks first. */
static void quarantine_warning(sqlite3 *db, warnings_t *w)
{
    sqlite3_stmt *q = NULL;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM quarantine", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (n <= 0) return;
    warn(w,
         jh_sprintf(n == 1 ? "%lld answer is in quarantine and not counted in these figures: an answer that arrived "
                             "again with other content (a copied kiosk) or answers a questionnaire edited on a kiosk "
                             "without a new version; which and why: the import log (import_log.csv) and the messages "
                             "of junheng merge"
                           : "%lld answers are in quarantine and not counted in these figures: answers that arrived "
                             "again with other content (a copied kiosk) or answer a questionnaire edited on a kiosk "
                             "without a new version; which and why: the import log (import_log.csv) and the messages "
                             "of junheng merge",
                    (long long)n),
         jh_sprintf("有 %lld 份答卷被隔离，未计入本统计：以其他内容再次到达的（答题机被复制），或所答问卷在答题机上被改动而"
                    "未改版本号的；是哪些、为什么，见导入日志（import_log.csv）和 junheng merge 的提示",
                    (long long)n));
}

/* A warning for each kiosk caught holding another kiosk's answers
 * (copied_kiosks, schema 10; review r2copy, items 1 and 2): the responses
 * of it that repeated another kiosk's are in quarantine, but its others
 * are counted until the county decides whether it is a real kiosk. */
static void copied_warning(sqlite3 *db, warnings_t *w)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT c.kiosk_id, c.other_kiosk, c.n_repeats, c.school_code, "
                           "(SELECT count(*) FROM response_rows r JOIN kiosk_refs k ON k.id = r.kiosk "
                           " WHERE k.kiosk_id = c.kiosk_id) FROM copied_kiosks c ORDER BY c.kiosk_id",
                           -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q); /* (a database of an older schema, read-only: none) */
        return;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0), *o = (const char *)sqlite3_column_text(q, 1);
        long long n = sqlite3_column_int64(q, 2), m = sqlite3_column_int64(q, 4);
        const char *school = (const char *)sqlite3_column_text(q, 3);
        if (!school || !school[0]) school = "?";
        if (n == 0 && m == 0) continue; /* caught at its first bundle: nothing of it stored */
        if (m > 0)
            warn(w,
                 jh_sprintf("kiosk %s was caught holding kiosk %s's answers (a copy: the same response UUIDs): its "
                            "%lld responses that repeat another kiosk's are in quarantine, not counted, but %lld "
                            "other responses of kiosk %s are counted in these figures: check at school %s whether "
                            "kiosk %s is a real kiosk; if it is not, make the county database again without its "
                            "files (docs/bureau.md, \"Copied answers\"); every later bundle of it is refused",
                            k, o, n, m, k, school, k),
                 jh_sprintf("答题机 %s 被查出持有答题机 %s 的答卷（副本：答卷编号 UUID 相同）：其中与其他答题机重复的 "
                            "%lld 份已隔离，未计入；但答题机 %s 的另外 %lld 份答卷计入了本统计：请到学校 %s 核实答题机 "
                            "%s 是否真实存在；如果不是，请不用它的文件重新建立县级数据库（见 docs/bureau.md）；"
                            "它以后的导出文件都会被拒收",
                            k, o, n, k, m, school, k));
        else
            warn(w,
                 jh_sprintf("kiosk %s was caught holding kiosk %s's answers (a copy: the same response UUIDs): its "
                            "%lld responses that repeat another kiosk's are in quarantine and none of it is counted "
                            "in these figures; every later bundle of it is refused: leave its files out of the merge",
                            k, o, n),
                 jh_sprintf("答题机 %s 被查出持有答题机 %s 的答卷（副本：答卷编号 UUID 相同）：其中与其他答题机重复的 "
                            "%lld 份已隔离，它的答卷都未计入本统计；它以后的导出文件都会被拒收：合并时请不要放入它的文件",
                            k, o, n));
    }
    sqlite3_finalize(q);
}

jh_status_t stats_compute(struct county *c, const stats_opts_t *opts, struct cJSON **out,
                          jh_err_t *err)
{
    stats_opts_t o = opts ? *opts : stats_opts_default();
    sqlite3 *db = county_db(c);
    groups_t gs = {0};
    survey_cache_t sc = {0};
    register_t_ reg = {0};
    sample_acc_t *sacc = NULL; /* the sample per registered school (issue 18) */
    int64_t **bgc = NULL;      /* per survey cache entry: the sample by background item (review rgroups7) */
    int n_bgc = 0;
    census_t census = {0};     /* one pass over the stored responses */
    /* the schools' figures, made from the register alone */
    schools_job_t sjob = {.reg = &reg, .o = &o};
    pthread_t sj_thread;
    bool sj_started = false;
    eval_job_t ejob = {.reg = &reg, .rules = &o.rules, .threshold = o.threshold};
    pthread_t ej_thread;
    bool ej_started = false;
    imports_job_t ijob = {.st = JH_OK};
    pthread_t ij_thread;
    bool ij_started = false;
    view_t view = {0}; /* one state of the database (view_begin) */
    sqlite3_stmt *q = NULL;
    jh_status_t st = JH_OK;
    /* The document's items in an arena (json_arena.h) on every thread that
     * makes them, released when the document is freed. */
    json_arena_t *arena = json_arena_new();
    json_arena_scope_t arena_scope = json_arena_enter(arena);
    sjob.arena = ejob.arena = ijob.arena = arena;
    cJSON *doc = cJSON_CreateObject();
    json_arena_own(arena, doc);
    warnings_t wl = {cJSON_CreateArray(), cJSON_CreateArray()};
    warnings_t *warnings = &wl;
    *out = NULL;

    /* -- header and options */
    cJSON_AddStringToObject(doc, "format", "junheng-stats");
    cJSON_AddNumberToObject(doc, "format_version", STATS_FORMAT_VERSION);
    cJSON_AddStringToObject(doc, "junheng_version", JH_VERSION);
    char when[32];
    jh_format_time(o.now_ms, when);
    cJSON_AddStringToObject(doc, "generated_at", when);
    const char *dbname = strrchr(county_path(c), '/');
    cJSON_AddStringToObject(doc, "database", dbname ? dbname + 1 : county_path(c));
    cJSON *oj = cJSON_AddObjectToObject(doc, "options");
    cJSON_AddNumberToObject(oj, "min_group", o.min_group);
    cJSON_AddNumberToObject(oj, "threshold", o.threshold);
    cJSON_AddNumberToObject(oj, "top_contributors", o.top_contributors);
    if (o.population > 0)
        cJSON_AddNumberToObject(oj, "population", (double)o.population);
    else
        cJSON_AddNullToObject(oj, "population");
    cJSON_AddNumberToObject(oj, "min_teaching_point", o.rules.min_teaching_point);
    cJSON_AddStringToObject(oj, "basic_teaching_points", stats_basic_tp_code(o.rules.basic_teaching_points));
    cJSON *qb = cJSON_AddObjectToObject(oj, "qualification_baseline");
    cJSON_AddStringToObject(qb, "primary", stats_degree_code(o.rules.qual_primary));
    cJSON_AddStringToObject(qb, "junior", stats_degree_code(o.rules.qual_junior));
    char qtext[512];
    snprintf(qtext, sizeof qtext,
             "高于规定学历：小学按%s及以上、初中按%s及以上计（有学历分项时）。 Teachers above the "
             "required qualification: %s or higher for primary, %s or higher for junior (when "
             "the register gives teachers by degree; otherwise the register's own count).",
             stats_degree_zh(o.rules.qual_primary), stats_degree_zh(o.rules.qual_junior),
             stats_degree_code(o.rules.qual_primary), stats_degree_code(o.rules.qual_junior));
    cJSON *methods = cJSON_AddObjectToObject(doc, "methods");
    const struct { const char *k, *v; } mt[] = {
        {"satisfaction_answers", M_ANSWERS}, {"satisfaction_questionnaires", M_QUESTIONNAIRES},
        {"confidence_interval", M_WILSON}, {"suppression", M_SUPPRESS}, {"valid", M_VALID},
        {"cv", M_CV}, {"split", M_SPLIT}, {"exclusion", M_EXCLUDE}, {"compliance", M_COMPLIANCE},
        {"quality_cv", M_QUALITY_CV}, {"basic_cv", M_BASIC_CV}, {"contribution", M_CONTRIB},
        {"shortfall", M_SHORTFALL}, {"satisfaction_balance", M_BALANCE_SAT},
        {"urban_rural_gap", M_GAP}, {"sample", M_SAMPLE}, {"sample_rules", M_SAMPLE_RULES}, {"social_groups", M_GROUPS}, {"public_scope", M_PUBLIC_SCOPE},
        {"quality_flags", M_FLAGS},
        {"unregistered", M_UNREGISTERED}, {"versions", M_VERSIONS},
        {"qualification", qtext},
        {"basic_exclusion", o.rules.basic_teaching_points == STATS_BASIC_TP_ALL ? M_BASIC_EXCLUDE_ALL
                                                                              : M_BASIC_EXCLUDE_THRESHOLD},
    };
    for (size_t i = 0; i < sizeof mt / sizeof mt[0]; i++) (cJSON_AddStringToObject)(methods, mt[i].k, mt[i].v);

    /* the open round: an answer belongs to it when the day it ended (the
     * kiosk's date, bundle format 2) is on or after the round's --since
     * (and before opts->until_ms, the next round's start, while this round
     * is being closed); answers merged without a day (before schema 4)
     * belong to it when they were merged after it was opened.  Answers of
     * earlier rounds count only in round.earlier_responses: those rounds'
     * statistics are frozen (rounds.h). */
    round_t round;
    bool have_round;
    view_begin(c, &view); /* every read from here on sees one state of the database */
    if ((st = rounds_current(c, &round, &have_round, err)) != JH_OK) goto fail;
    char since_day[16] = "", until_day[16] = "";
    beijing_day(have_round ? round.since_ms : 0, since_day);
    beijing_day(opts->until_ms, until_day);
    /* -- register, split and exclusions (before the responses: the
     * schools' figures are made from it on a second thread while the
     * answers are counted) */
    if ((st = county_schools_load(c, &reg.s, &reg.n, err)) != JH_OK) goto fail;
    reg.exclusion = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.exclusion);
    reg.exclusion_zh = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.exclusion_zh);
    reg.basic_exclusion = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.basic_exclusion);
    reg.basic_exclusion_zh = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.basic_exclusion_zh);
    reg.units = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.units);
    reg.n_units = jh_xcalloc((size_t)(reg.n + 1), sizeof *reg.n_units);
    for (int i = 0; i < reg.n; i++) {
        reg.exclusion[i] = stats_school_exclusion(&reg.s[i], &o.rules);
        reg.exclusion_zh[i] = stats_school_exclusion_zh(&reg.s[i], &o.rules);
        reg.basic_exclusion[i] = stats_school_exclusion_in(&reg.s[i], &o.rules, STATS_SET_BASIC);
        reg.basic_exclusion_zh[i] = stats_school_exclusion_in_zh(&reg.s[i], &o.rules, STATS_SET_BASIC);
        reg.n_units[i] = stats_split_school(&reg.s[i], &o.rules, reg.units[i]);
        const stats_school_t *s = &reg.s[i];
        if (reg.exclusion[i] && !strcmp(reg.exclusion[i], stats_school_exclusion_empty)) {
            warn(warnings,
                 jh_sprintf("school %s %s has no students (在校生数为 0): it is left out of every "
                            "CV and of compliance and is not counted as a school",
                            s->code, s->name),
                 jh_sprintf("学校 %s %s 的在校生数为 0：不计入任何差异系数和达标评估，也不算作一所学校；"
                            "如有学生，请在学校名册中填写在校生数",
                            s->code, s->name));
            continue;
        }
        /* Amounts that look typed in 万元, 万平方米 or 万册: warned at the
         * register's import, and again here and in the report, where the
         * figures are used weeks later (review fmerge9, item 2). */
        schools_unit_t un[SCHOOLS_UNIT_MAX];
        for (int j = 0, n_un = schools_unit_checks(s, NULL, un, SCHOOLS_UNIT_MAX); j < n_un; j++) {
            char key[96], zh[96];
            if (un[j].extra) {
                snprintf(key, sizeof key, "%s", schools_extra_key(un[j].x));
                snprintf(zh, sizeof zh, "%s", schools_extra_zh(un[j].x));
            } else if (un[j].part >= 0) { /* a level's column: equipment_value_primary, 小学教学仪器设备值 */
                snprintf(key, sizeof key, "%s_%s", schools_field_key(un[j].f), stats_part_code((stats_part_t)un[j].part));
                snprintf(zh, sizeof zh, "%s%s", stats_part_zh((stats_part_t)un[j].part), schools_field_zh(un[j].f));
            } else {
                snprintf(key, sizeof key, "%s", schools_field_key(un[j].f));
                snprintf(zh, sizeof zh, "%s", schools_field_zh(un[j].f));
            }
            char *w_en = jh_sprintf("school %s %s: register column '%s' (%s) %.10g for %.0f students is %s %s a student, "
                            "far below any real school: was it typed in %s? The register is read in %s: check it "
                            "and load it again (junheng schools) before using the resource figures",
                            s->code, s->name, key, zh, un[j].value, un[j].students, un[j].per, un[j].unit,
                            un[j].scaled, un[j].unit);
            char *w_zh = jh_sprintf("学校 %s %s：学校名册中“%s”为 %.10g，在校生 %.0f 人，每生仅 %s %s，远低于任何实际学校："
                            "是否按%s填写了？名册此列按%s读取：请核对名册并重新导入（junheng schools）后再使用资源配置数据",
                            s->code, s->name, zh, un[j].value, un[j].students, un[j].per, un[j].unit,
                            un[j].scaled, un[j].unit);
            cJSON *e = cJSON_CreateObject();
            /* the warning's own text, which `junheng stats` and `junheng
             * report` print labelled 警告 (review r2bureau9 item 3) */
            cJSON_AddStringToObject(e, "warning", w_en);
            cJSON_AddStringToObject(e, "warning_zh", w_zh);
            warn(warnings, w_en, w_zh);
            cJSON_AddStringToObject(e, "school_code", s->code);
            cJSON_AddStringToObject(e, "school_name", s->name);
            cJSON_AddStringToObject(e, "column", key);
            cJSON_AddStringToObject(e, "column_zh", zh);
            cJSON_AddNumberToObject(e, "value", un[j].value);
            cJSON_AddNumberToObject(e, "students", un[j].students);
            cJSON_AddStringToObject(e, "per_student", un[j].per);
            cJSON_AddStringToObject(e, "unit", un[j].unit);
            cJSON_AddStringToObject(e, "unit_suspected", un[j].scaled);
            cJSON *arr = cJSON_GetObjectItem(doc, "register_units");
            if (!arr) arr = cJSON_AddArrayToObject(doc, "register_units");
            cJSON_AddItemToArray(arr, e);
        }
        if (reg.exclusion[i] && reg.basic_exclusion[i]) continue;
        unsigned parts = stats_level_parts(s->level);
        for (int p = STATS_PART_PRIMARY; p <= STATS_PART_JUNIOR; p++) {
            bool kept = false;
            for (int u = 0; u < reg.n_units[i]; u++) kept |= reg.units[i][u].part == (stats_part_t)p;
            if (!(parts & (1u << p)) || kept) continue;
            warn(warnings,
                 jh_sprintf("school %s %s: its %s part has no students (%s在校生数为 0): it is not "
                            "counted as a %s school",
                            s->code, s->name, stats_part_code((stats_part_t)p),
                            stats_part_zh((stats_part_t)p), stats_part_code((stats_part_t)p)),
                 jh_sprintf("学校 %s %s：%s在校生数为 0，不算作%s学校", s->code, s->name,
                            stats_part_zh((stats_part_t)p), stats_part_zh((stats_part_t)p)));
        }
    }
    if (reg.n == 0)
        warn(warnings,
             jh_strdup("no school register is loaded (junheng schools): resource indicators, weights and "
                       "localities from the register are missing"),
             jh_strdup("尚未导入学校名册（junheng schools）：资源配置指标、在校生权重和城乡属性缺失，"
                       "请先导入名册再统计"));

    char today_day[16];
    beijing_day(o.now_ms, today_day);
    if ((st = census_take(c, &view, round.opened_ms, have_round, since_day, until_day, today_day, &census, err)) !=
        JH_OK)
        goto fail;
    /* answers dated after today: a kiosk's clock ahead (merge says so too);
     * they count by that date, which may put them in a later round */
    for (int i = 0; i < census.n_k; i++) {
        const census_kiosk_t *k = &census.k[i];
        if (!k->n_future) continue;
        warn(warnings,
             /* (stats.json's English text: one answer or several) */
             jh_sprintf(k->n_future == 1 ? "kiosk %s (school %s): %lld answer dated after today (%s), %s to %s: the "
                                           "kiosk's clock is probably ahead; it counts by the date it gave it, so in "
                                           "the round of that date; have the school set the clock"
                                         : "kiosk %s (school %s): %lld answers dated after today (%s), %s to %s: the "
                                           "kiosk's clock is probably ahead; they count by the date it gave them, so "
                                           "in the round of that date; have the school set the clock",
                        k->kiosk, k->school, (long long)k->n_future, today_day, k->future_first, k->future_last),
             jh_sprintf("答题机 %s（学校 %s）有 %lld 份答卷的日期晚于今天（%s），为 %s 至 %s：这台答题机的时钟很可能"
                        "偏快；这些答卷按答题机记录的日期计入该日期所在的轮次；请学校校正时钟",
                        k->kiosk, k->school, (long long)k->n_future, today_day, k->future_first, k->future_last));
    }
    /* tests (stats/during_merge.sh): a pause where a merge's commits once
     * came between the census and the import log */
    jh_test_pause("JH_STATS_TEST_PAUSE_MS");
    /* the import log and the coverage per kiosk on a second connection
     * (the view's) and thread while the answers are counted (else here, on
     * this one) */
    ijob.im = cJSON_AddObjectToObject(doc, "imports");
    ijob.cs = &census;
    ijob.db = view.imports;
    view.imports = NULL;
    if (ijob.db) ij_started = pthread_create(&ij_thread, NULL, imports_thread, &ijob) == 0;
    if (!ij_started && (st = imports_json(db, ijob.im, &census, err)) != JH_OK) goto fail;

    /* -- responses, aggregated as they are read */
    int64_t n_total = 0, n_submitted = 0, n_abandoned = 0, n_flagged = 0, n_unknown_survey = 0;
    int64_t n_timeout = 0; /* of n_submitted: complete, left at the summary */
    int64_t n_empty = 0;   /* of n_submitted: no valid rated answer (review rgroups7 item 4) */
    /* Responses of schools not in the register are held out of every county
     * figure until the school is registered (issue 19 item 11); only when a
     * register is loaded. */
    bool hold_out = reg.n > 0;
    int64_t n_held = 0, n_held_abandoned = 0;
    int64_t flag_counts[3] = {0};
    /* the sample per registered school and for the county (issue 18) */
    sample_acc_t sacc_county;
    sacc = jh_xcalloc((size_t)reg.n + 1, sizeof *sacc);
    memset(&sacc_county, 0, sizeof sacc_county);
    int g_county = group_get(&gs, G_COUNTY, "county", "");
    int g_clean = group_get(&gs, G_COUNTY_CLEAN, "county", "");
    int64_t n_earlier = census.n_earlier;
    {
        cJSON *rd = cJSON_AddObjectToObject(doc, "round");
        cJSON_AddStringToObject(rd, "name", round.name);
        cJSON_AddNumberToObject(rd, "since_ms", (double)round.since_ms);
        cJSON_AddNumberToObject(rd, "opened_ms", (double)round.opened_ms);
        cJSON_AddNumberToObject(rd, "earlier_responses", (double)n_earlier);
        /* of those, merged after the round opened: frozen in no earlier
         * round, counted in none (merge's warning says so) */
        cJSON_AddNumberToObject(rd, "late_responses", (double)census.n_late);
        /* computed now: the open round (a closed one's frozen document gets
         * closed true and its end when read back, rounds_frozen) */
        cJSON_AddBoolToObject(rd, "closed", false);
    }
    /* every definition answered in the round first (merged before or after
     * the round opened), so that the versions
     * of one questionnaire can be compared before any answer is counted;
     * the same pass counts every questionnaire's responses (the list of
     * questionnaires shows them): one scan of the questionnaire column
     * instead of a sort of it and a scan per questionnaire */
    for (int i = 0; i < census.n_s; i++)
        if (census.s[i].in_round || census.s[i].counted) survey_get(&sc, db, &gs, census.s[i].hash, warnings);
    versions_compare(&sc, &gs);
    /* The round's responses, as the census kept them: those with a day
     * from since_day (up to until_day), those without one merged since the
     * round opened. */
    /* per census questionnaire: its index in the survey cache, -1 while not loaded */
    int *sv_of = jh_xmalloc(((size_t)census.n_s + 1) * sizeof *sv_of);
    for (int h = 0; h < census.n_s; h++) {
        int sv = 0;
        while (sv < sc.n && strcmp(sc.v[sv].hash, census.row_hash[h])) sv++;
        sv_of[h] = sv < sc.n ? sv : -1;
    }
    /* the rate by questionnaires named by the rules its questionnaires use
     * (with an overall item or without) */
    bool q_with = false, q_without = false;
    for (int h = 0; h < census.n_s; h++) {
        if (!census.s[h].in_round || sv_of[h] < 0 || !sc.v[sv_of[h]].s) continue;
        if (sc.v[sv_of[h]].overall >= 0) q_with = true;
        else q_without = true;
    }
    const char *q_zh = q_method_zh(q_with, q_without);
    /* per census string (as a school code): its index in the register */
    int *si_of = jh_xmalloc(((size_t)census.n_str + 1) * sizeof *si_of);
    for (int i = 0; i <= census.n_str; i++)
        si_of[i] = school_find_typed(&reg, i < census.n_str && census.str[i] ? census.str[i] : "");
    for (int i = 0; i < sc.n; i++)
        if (sc.v[i].s) count_prepare(&sc.v[i]);
    /* The census's two halves counted side by side, each into sums of its
     * own per combination of school, locality, role, flags and
     * questionnaire (whole numbers: the same in any order).  Groups are
     * made afterwards, combination by combination in the order the
     * responses first met them (the first half's, then the second's): the
     * order counting response by response made them in. */
    count_part_t part[2];
    for (int i = 0; i < 2; i++)
        part[i] = (count_part_t){.census = &census, .reg = &reg, .hold_out = hold_out, .si_of = si_of,
                                 .sv_of = sv_of, .sv = sc.v, .n_sv = sc.n,
                                 .sacc = jh_xcalloc((size_t)reg.n + 1, sizeof *part[i].sacc)};
    part[0].blk_to = part[1].blk_from = census.n_blk_first;
    part[1].blk_to = census.n_blk;
    {
        pthread_t ct;
        bool ct_started = part[1].blk_from < part[1].blk_to && pthread_create(&ct, NULL, count_part, &part[1]) == 0;
        count_part(&part[0]);
        if (ct_started)
            pthread_join(ct, NULL);
        else
            count_part(&part[1]);
    }
    count_keys_t keys = {0}; /* every combination, with its groups */
    vparts_t vparts = {0};   /* questionnaires per school x role and version (suppress) */
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < part[i].keys.n; k++) {
            const count_key_t *lk = &part[i].keys.k[k];
            census_row_t kr = {.school = lk->school, .loc = lk->loc, .role = lk->role, .flags = lk->flags,
                               .hash = lk->hash};
            bool fresh;
            count_key_t *ck = count_key(&keys, &kr, &fresh);
            if (!fresh) continue;
            ck->si = lk->si;
            ck->held = lk->held;
            ck->flagged = lk->flagged;
            ck->flag_bits = lk->flag_bits;
            ck->sr = lk->sr;
            /* survey_get loads a definition (and warns) the first time only */
            int sv = sv_of[kr.hash];
            if (sv < 0) {
                survey_get(&sc, db, &gs, census.row_hash[kr.hash], warnings);
                for (sv = 0; sv < sc.n && strcmp(sc.v[sv].hash, census.row_hash[kr.hash]); sv++) {}
                sv_of[kr.hash] = sv;
            }
            ck->sv = sv;
            ck->known = sc.v[sv].s != NULL;
            ck->ng = 0;
            ck->g_sr = -1;
            if (!ck->known) continue;
            const char *school = census.str[kr.school];
            if (!school) school = "";
            const char *loc = census.str[kr.loc];
            const char *role = census.str[kr.role];
            if (ck->si >= 0) loc = stats_locality_code(reg.s[ck->si].locality);
            if (!loc || !loc[0]) loc = "unknown";
            if (!role) role = "";
            /* a registered school's answers under its register code (a
             * kiosk's "A01　" joins A01) */
            if (ck->si >= 0) school = reg.s[ck->si].code;
            /* The public's questionnaire asks about the county, not the
             * school whose kiosk it was answered at: its answers count in
             * the county's and the role's figures, not in the school's nor
             * (the schools' figures by locality) in the locality's (review
             * rgroups7 item 1).  Its school x role group stays, never
             * published as such: the sample counts questionnaires where
             * they were collected, and suppression needs its cells.  A
             * school held out keeps every questionnaire it holds. */
            bool county_level = stats_role_county_level(role) && !ck->held;
            int g_school = county_level ? -1 : group_get(&gs, G_SCHOOL, school, ""); /* (made first, as before) */
            ck->g_sr = group_get(&gs, G_SCHOOL_ROLE, school, role);
            gs.g[ck->g_sr].held = ck->held;
            if (g_school >= 0) {
                ck->g[ck->ng++] = g_school;
                gs.g[g_school].held = ck->held;
                group_t *gsch = &gs.g[g_school];
                if (!gsch->loc)
                    gsch->loc = jh_strdup(loc);
                else if (strcmp(gsch->loc, loc))
                    gsch->loc_mixed = true;
            }
            ck->g[ck->ng++] = ck->g_sr;
            if (!ck->held) {
                ck->g[ck->ng++] = g_county;
                if (!ck->flagged) ck->g[ck->ng++] = g_clean;
                int g_role = group_get(&gs, G_ROLE, role, "");
                ck->g[ck->ng++] = g_role;
                if (!county_level) ck->g[ck->ng++] = group_get(&gs, G_LOCALITY, loc, "");
                if (!ck->flagged) ck->g[ck->ng++] = group_get(&gs, G_ROLE_CLEAN, role, "");
                if (sc.v[sv].g_version >= 0) ck->g[ck->ng++] = sc.v[sv].g_version;
            }
        }
    }
    /* the responses of definitions loaded just now: counted here, into the
     * first part */
    for (int i = 0; i < sc.n; i++)
        if (sc.v[i].s) count_prepare(&sc.v[i]);
    part[0].sv = sc.v;
    part[0].n_sv = sc.n;
    for (int k = 0; k < part[0].keys.n; k++) {
        count_key_t *lk = &part[0].keys.k[k];
        if (lk->sv >= 0) continue;
        lk->sv = sv_of[lk->hash];
        lk->known = sc.v[lk->sv].s != NULL;
    }
    {
        int n_later[2] = {part[0].n_later, part[1].n_later};
        const census_row_t **later[2] = {part[0].later, part[1].later};
        part[0].later = NULL;
        part[0].n_later = part[0].cap_later = 0;
        for (int i = 0; i < 2; i++)
            for (int r = 0; r < n_later[i]; r++) count_row(&part[0], later[i][r]);
        JH_EXPECT(part[0].n_later == 0); /* every questionnaire is loaded now */
        free(later[0]);
    }
    for (int i = 0; i < 2; i++) {
        count_part_t *pt = &part[i];
        for (int k = 0; k < pt->keys.n; k++) {
            const count_key_t *lk = &pt->keys.k[k];
            census_row_t kr = {.school = lk->school, .loc = lk->loc, .role = lk->role, .flags = lk->flags,
                               .hash = lk->hash};
            bool fresh;
            const count_key_t *ck = count_key(&keys, &kr, &fresh);
            JH_EXPECT(!fresh); /* every combination met was resolved above */
            count_sums_fold(&lk->sum, ck, &gs);
            if (ck->known && !ck->held && ck->g_sr >= 0 && lk->sum.n > 0)
                vparts_add(&vparts, ck->g_sr, sc.v[ck->sv].g_version, lk->sum.n);
        }
        count_fold(&pt->cn, &sc, &gs);
        n_total += pt->n_total;
        n_submitted += pt->n_submitted;
        n_abandoned += pt->n_abandoned;
        n_held_abandoned += pt->n_held_abandoned;
        n_timeout += pt->n_timeout;
        n_unknown_survey += pt->n_unknown;
        n_flagged += pt->n_flagged;
        n_held += pt->n_held;
        n_empty += pt->n_empty;
        for (int f = 0; f < 3; f++) flag_counts[f] += pt->flag_counts[f];
        for (int k = 0; k < reg.n; k++) sample_acc_add(&sacc[k], &pt->sacc[k]);
        sample_acc_add(&sacc_county, &pt->county);
        bg_add(&bgc, &n_bgc, pt, &sc);
        count_part_free(pt);
    }
    free(sv_of);
    free(si_of);
    count_keys_free(&keys);
    census_free_rows(&census); /* counted: their memory serves the document */
    /* The schools' figures (from the register alone) on a second thread
     * while the rest is made: only now, so that their ~25 MB of items take
     * the census's memory instead of fresh pages (fresh memory costs
     * ~2 ms a MB here; the counting keeps both cores busy anyway). */
    if (pthread_create(&sj_thread, NULL, schools_thread, &sjob) == 0)
        sj_started = true;
    else
        schools_thread(&sjob);
    if (ij_started) {
        pthread_join(ij_thread, NULL);
        ij_started = false;
        if (ijob.st != JH_OK) {
            /* the second connection could not read it: again on this one */
            while (ijob.im->child) cJSON_Delete(cJSON_DetachItemViaPointer(ijob.im, ijob.im->child));
            if ((st = imports_json(db, ijob.im, &census, err)) != JH_OK) {
                free(vparts.p);
                goto fail;
            }
        }
    }
    /* topic groups count questionnaires too: approximate n by items is not
     * meaningful, so n of a topic is the most answered item of it */
    for (int i = 0; i < gs.n; i++)
        if (gs.g[i].kind == G_TOPIC) gs.g[i].n = 0;
    for (int i = 0; i < gs.n; i++) {
        if (gs.g[i].kind != G_ITEM || !gs.g[i].survey) continue;
        int t = gs.g[i].topic_g;
        JH_EXPECT(t >= 0); /* made with the item in survey_groups */
        if (gs.g[i].n > gs.g[t].n) gs.g[t].n = gs.g[i].n;
    }
    /* Every group exists now: pointers into gs.g taken below stay valid. */
    gs.frozen = true;
    bool left_derivable = suppress(&gs, &reg, hold_out, o.min_group, g_county, g_clean, &vparts, &sc);
    free(vparts.p);

    const char *method = survey_method_of(&sc);
    bool by_q = !strcmp(method, "questionnaires");
    /* the evaluation on a second thread, with the rate it is given below
     * (satisfaction.county[method].rate, made the same way) */
    if ((st = eval_facts_load(c, &ejob.facts, err)) != JH_OK) goto fail;
    if ((st = stale_inputs(c, db, have_round ? &round : NULL, reg.n, &ejob.facts, warnings, err)) != JH_OK)
        goto fail;
    if (left_derivable)
        warn(warnings,
             jh_sprintf("a figure hidden for having fewer than %d questionnaires can still be worked out from the "
                        "published ones and the county's total (no other figure could be hidden to protect it)",
                        o.min_group),
             jh_sprintf("有一项因问卷少于 %d 份而不公布的数字，仍可由已公布的数字和全县总数推算出来"
                        "（已无其他数字可隐去以保护它）",
                        o.min_group));
    {
        cJSON *r = by_q || !strcmp(method, "answers") ? recognition(&gs.g[g_county], method, o.threshold, q_zh) : NULL;
        cJSON *rate = cJSON_GetObjectItem(r, "rate");
        ejob.rate = cJSON_IsNumber(rate) ? rate->valuedouble : NAN;
        cJSON_Delete(r);
    }
    if (pthread_create(&ej_thread, NULL, eval_thread, &ejob) == 0)
        ej_started = true;
    else
        eval_thread(&ejob);

    /* -- responses summary */
    cJSON *rj = cJSON_AddObjectToObject(doc, "responses");
    cJSON_AddNumberToObject(rj, "total", (double)n_total);
    cJSON_AddNumberToObject(rj, "submitted", (double)n_submitted);
    cJSON_AddNumberToObject(rj, "submitted_timeout", (double)n_timeout);
    cJSON_AddNumberToObject(rj, "abandoned", (double)n_abandoned);
    /* valid: submitted, of a known questionnaire, with a valid rated answer
     * (review rgroups7 item 4: all 不了解 is collected, not valid) */
    cJSON_AddNumberToObject(rj, "valid", (double)(n_submitted - n_unknown_survey - n_empty));
    cJSON_AddNumberToObject(rj, "no_rated_answer", (double)n_empty);
    cJSON_AddNumberToObject(rj, "unknown_questionnaire", (double)n_unknown_survey);
    cJSON_AddNumberToObject(rj, "flagged", (double)n_flagged);
    cJSON_AddNumberToObject(rj, "held_out_unregistered", (double)n_held);

    /* -- questionnaires */
    cJSON *sj = cJSON_AddArrayToObject(doc, "surveys");
    for (int i = 0; i < sc.n; i++) {
        const survey_t *s = sc.v[i].s;
        if (!s) continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "hash", s->hash);
        cJSON_AddStringToObject(e, "id", s->id);
        cJSON_AddStringToObject(e, "version", s->version ? s->version : "");
        cJSON_AddStringToObject(e, "audience", s->audience ? s->audience : "");
        cJSON_AddStringToObject(e, "title_zh", survey_text_get(&s->title, "zh-CN"));
        cJSON_AddStringToObject(e, "method", s->method ? s->method : "answers");
        cJSON *sat = cJSON_AddArrayToObject(e, "satisfied_options");
        cJSON *exc = cJSON_AddArrayToObject(e, "excluded_options");
        for (int k = 0; k < s->n_scales; k++)
            for (int m = 0; m < s->scales[k].n_options; m++) {
                const survey_option_t *op = &s->scales[k].options[m];
                char *lbl = jh_sprintf("%s:%s (%s)", s->scales[k].id, op->code,
                                       survey_text_get(&op->label, "zh-CN"));
                if (op->satisfied) cJSON_AddItemToArray(sat, cJSON_CreateString(lbl));
                if (op->excluded) cJSON_AddItemToArray(exc, cJSON_CreateString(lbl));
                free(lbl);
            }
        /* Items with their own satisfied set (yes/no, choice, 0-10 ratings)
         * count in the rates too: their sets are listed after the scales'
         * (issue 19 item 13). */
        for (int k = 0; k < s->n_items; k++) {
            const survey_item_t *it = &s->items[k];
            if (!survey_item_rated(it) || it->type == SURVEY_ITEM_SCALE) continue;
            static const char *kind_zh[] = {[SURVEY_ITEM_CHOICE] = "单选题", [SURVEY_ITEM_MULTI] = "多选题",
                                            [SURVEY_ITEM_RATING] = "0–10 分评分题",
                                            [SURVEY_ITEM_YESNO] = "是/否题", [SURVEY_ITEM_TEXT] = "文字题"};
            const char *kz = kind_zh[it->type];
            if (it->type == SURVEY_ITEM_RATING) {
                char *lbl = jh_sprintf("%s（%s）: %d–10 (≥ %d 分)", it->id, kz, it->satisfied_min,
                                       it->satisfied_min);
                cJSON_AddItemToArray(sat, cJSON_CreateString(lbl));
                free(lbl);
                continue;
            }
            if (it->type == SURVEY_ITEM_MULTI || it->type == SURVEY_ITEM_TEXT) {
                char *lbl = jh_sprintf("%s（%s）: 不计为满意 (never satisfied)", it->id, kz);
                cJSON_AddItemToArray(sat, cJSON_CreateString(lbl));
                free(lbl);
                continue;
            }
            int n_opt;
            const survey_option_t *opts = survey_item_options(it, &n_opt);
            for (int m = 0; m < n_opt; m++) {
                const survey_option_t *op = &opts[m];
                if (!op->satisfied && !op->excluded) continue;
                char *lbl = jh_sprintf("%s（%s）: %s (%s)", it->id, kz, op->code,
                                       survey_text_get(&op->label, "zh-CN"));
                cJSON_AddItemToArray(op->satisfied ? sat : exc, cJSON_CreateString(lbl));
                free(lbl);
            }
        }
        if (sc.v[i].overall >= 0)
            cJSON_AddStringToObject(e, "overall_item", s->items[sc.v[i].overall].id);
        else
            cJSON_AddNullToObject(e, "overall_item");
        cJSON_AddItemToArray(sj, e);
    }
    /* Which definition each is: pinned by the county or not (issue 19.1). */
    {
        county_survey_count_t *counts = jh_xcalloc((size_t)census.n_s + 1, sizeof *counts);
        for (int i = 0; i < census.n_s; i++) {
            counts[i] = (county_survey_count_t){census.s[i].hash, census.s[i].n};
            /* A questionnaire's answers are its audience's (its version's,
             * where versions are side by side): where that role or version
             * is hidden, so is their count (public-2026 with 3 answers gave
             * the hidden public away, review rnum3 of session 18). */
            for (int v = 0; v < sc.n; v++) {
                const survey_t *s = sc.v[v].s;
                if (!s || strcmp(s->hash, census.s[i].hash)) continue;
                int r = group_find(&gs, G_ROLE, s->audience ? s->audience : "", "");
                if ((r >= 0 && gs.g[r].hidden) || (sc.v[v].g_version >= 0 && gs.g[sc.v[v].g_version].hidden))
                    counts[i].n = -1;
            }
        }
        st = county_surveys_annotate(c, sj, counts, census.n_s, warnings->en, warnings->zh, err);
        free(counts);
        if (st != JH_OK) goto fail;
    }

    /* -- satisfaction */
    cJSON *sat = cJSON_AddObjectToObject(doc, "satisfaction");
    cJSON *county = cJSON_AddObjectToObject(sat, "county");
    const group_t *gc = &gs.g[g_county];
    cJSON_AddNumberToObject(county, "n_questionnaires", (double)gc->n);
    cJSON_AddNumberToObject(county, "n_valid_questionnaires", (double)gc->n_rated);
    cJSON_AddStringToObject(county, "headline_method", method);
    cJSON_AddItemToObject(county, "answers", recognition(gc, "answers", o.threshold, q_zh));
    cJSON_AddItemToObject(county, "questionnaires", recognition(gc, "questionnaires", o.threshold, q_zh));
    int n;
    const group_t **list;
    static const struct { gkind_t kind; const char *name, *a, *b; } kinds[] = {
        {G_ROLE, "by_role", "role", NULL},
        {G_LOCALITY, "by_locality", "locality", NULL},
        {G_SCHOOL, "by_school", "school_code", NULL},
        {G_SCHOOL_ROLE, "by_school_role", "school_code", "role"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        cJSON *arr = (cJSON_AddArrayToObject)(sat, kinds[k].name);
        list = groups_of(&gs, kinds[k].kind, &n);
        for (int i = 0; i < n; i++) {
            if (list[i]->held) continue; /* shown in "unregistered" */
            /* the public's answers are no school's figures (they are the
             * county's): counted, never published by school */
            if (kinds[k].kind == G_SCHOOL_ROLE && stats_role_county_level(list[i]->b)) continue;
            cJSON *e = group_json(list[i], kinds[k].a, kinds[k].b);
            if (kinds[k].kind == G_SCHOOL || kinds[k].kind == G_SCHOOL_ROLE) {
                int si = school_find(&reg, list[i]->a);
                cJSON_AddStringToObject(e, "school_name", si >= 0 ? reg.s[si].name : "");
                cJSON_AddBoolToObject(e, "in_register", si >= 0);
            }
            if (kinds[k].kind == G_LOCALITY) {
                stats_locality_t l;
                cJSON_AddStringToObject(e, "locality_zh",
                                        stats_locality_parse(list[i]->a, &l) ? stats_locality_zh(l) : "未知");
            }
            cJSON_AddItemToArray(arr, e);
        }
        free(list);
    }
    cJSON *items = cJSON_AddArrayToObject(sat, "by_item");
    list = groups_of(&gs, G_ITEM, &n);
    for (int i = 0; i < n; i++) {
        const group_t *g = list[i];
        cJSON *e = cJSON_CreateObject();
        const survey_item_t *it = &g->survey->items[g->item_index];
        cJSON_AddStringToObject(e, "survey_id", g->a);
        cJSON_AddStringToObject(e, "item_id", it->id);
        if (g->version)
            cJSON_AddStringToObject(e, "version", g->version);
        else
            cJSON_AddNullToObject(e, "version");
        cJSON_AddStringToObject(e, "text_zh", survey_text_get(&it->text, "zh-CN"));
        rate_name(e, it);
        cJSON_AddStringToObject(e, "topic", it->topic ? it->topic : "");
        cJSON_AddStringToObject(e, "topic_zh", topic_label(g->survey, it->topic ? it->topic : ""));
        cJSON_AddBoolToObject(e, "overall", it->overall);
        bool sup = g->hidden;
        add_num(e, "n_answers", sup ? NAN : (double)g->n);
        add_num(e, "excluded", sup ? NAN : (double)g->ans_excl);
        add_suppression(e, g);
        cJSON_AddItemToObject(e, "answers", answers_obj(g, sup));
        cJSON_AddItemToArray(items, e);
    }
    free(list);
    cJSON *topics = cJSON_AddArrayToObject(sat, "by_topic");
    list = groups_of(&gs, G_TOPIC, &n);
    for (int i = 0; i < n; i++) {
        const group_t *g = list[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "topic", g->a);
        cJSON_AddStringToObject(e, "topic_zh", topic_label(g->survey, g->a));
        cJSON_AddStringToObject(e, "role", topic_role(g));
        /* a topic's items that differ between versions: apart, per version */
        if (g->version) {
            cJSON_AddStringToObject(e, "survey_id", g->survey->id);
            cJSON_AddStringToObject(e, "version", g->version);
        } else {
            cJSON_AddNullToObject(e, "survey_id");
            cJSON_AddNullToObject(e, "version");
        }
        topic_rate_name(e, &gs, (int)(g - gs.g));
        bool sup = g->hidden;
        add_num(e, "n_answers_max_item", sup ? NAN : (double)g->n);
        add_suppression(e, g);
        cJSON_AddItemToObject(e, "answers", answers_obj(g, sup));
        cJSON_AddItemToArray(topics, e);
    }
    free(list);

    versions_json(doc, sat, county, &sc, &gs);

    /* -- answers of schools not in the register: held out, shown apart */
    cJSON *un = cJSON_AddObjectToObject(doc, "unregistered");
    cJSON_AddBoolToObject(un, "held_out", hold_out);
    cJSON_AddNumberToObject(un, "n_questionnaires", (double)n_held);
    cJSON_AddStringToObject(un, "method", M_UNREGISTERED);
    cJSON *uns = cJSON_AddArrayToObject(un, "schools");
    list = groups_of(&gs, G_SCHOOL, &n);
    for (int i = 0; i < n; i++) {
        if (school_find(&reg, list[i]->a) >= 0) continue;
        if (hold_out) {
            cJSON *e = group_json(list[i], "school_code", NULL);
            cJSON_AddStringToObject(e, "locality", list[i]->loc ? list[i]->loc : "unknown");
            cJSON *roles = cJSON_AddArrayToObject(e, "by_role");
            int nr;
            const group_t **rl = groups_of(&gs, G_SCHOOL_ROLE, &nr);
            for (int j = 0; j < nr; j++)
                if (!strcmp(rl[j]->a, list[i]->a)) cJSON_AddItemToArray(roles, group_json(rl[j], "school_code", "role"));
            free(rl);
            cJSON_AddItemToArray(uns, e);
        }
        if (hold_out)
            warn(warnings,
                 jh_sprintf("school %s has responses but is not in the register: its %lld "
                            "questionnaire%s are held out of every county figure until it is "
                            "registered (未在学校名册中的学校，其问卷暂不计入全县结果)",
                            list[i]->a, (long long)list[i]->n, list[i]->n == 1 ? "" : "s"),
                 jh_sprintf("学校 %s 有答卷，但不在学校名册中：其 %lld 份问卷暂不计入全县结果；"
                            "请在名册中补充该校后重新统计",
                            list[i]->a, (long long)list[i]->n));
        else
            warn(warnings, jh_sprintf("school %s has responses but is not in the register", list[i]->a),
                 jh_sprintf("学校 %s 有答卷，但不在学校名册中；请在名册中补充该校后重新统计", list[i]->a));
    }
    free(list);
    /* a school whose only answers are the public's has no school group */
    list = groups_of(&gs, G_SCHOOL_ROLE, &n);
    for (int i = 0; i < n; i++)
        if (!list[i]->held && stats_role_county_level(list[i]->b) && school_find(&reg, list[i]->a) < 0 &&
            group_find(&gs, G_SCHOOL, list[i]->a, "") < 0)
            warn(warnings, jh_sprintf("school %s has responses but is not in the register", list[i]->a),
                 jh_sprintf("学校 %s 有答卷，但不在学校名册中；请在名册中补充该校后重新统计", list[i]->a));
    free(list);

    /* -- satisfaction balance between schools */
    cJSON *bal = cJSON_AddObjectToObject(doc, "satisfaction_balance");
    cJSON_AddStringToObject(bal, "method", method);
    cJSON *bl = cJSON_AddArrayToObject(bal, "by_level");
    for (int part = STATS_PART_PRIMARY; part <= STATS_PART_JUNIOR; part++) {
        double *x = jh_xmalloc((size_t)(reg.n + 1) * sizeof *x), *p = jh_xmalloc((size_t)(reg.n + 1) * sizeof *p);
        int m = 0;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "level", stats_part_code((stats_part_t)part));
        cJSON_AddStringToObject(e, "level_zh", stats_part_zh((stats_part_t)part));
        cJSON *sch = cJSON_AddArrayToObject(e, "schools");
        for (int i = 0; i < reg.n; i++) {
            if (reg.exclusion[i]) continue;
            for (int u = 0; u < reg.n_units[i]; u++) {
                if (reg.units[i][u].part != (stats_part_t)part) continue;
                /* group_find: a school without responses has no group, and
                 * adding one here would move gs.g under gc (issue 19 item 0) */
                int gi = group_find(&gs, G_SCHOOL, reg.s[i].code, "");
                if (gi < 0 || gs.g[gi].hidden) continue;
                int64_t k, nn;
                headline(&gs.g[gi], by_q, &k, &nn);
                if (nn == 0) continue;
                x[m] = (double)k / (double)nn;
                p[m] = reg.units[i][u].enrolment;
                cJSON *se = cJSON_CreateObject();
                cJSON_AddStringToObject(se, "school_code", reg.s[i].code);
                cJSON_AddNumberToObject(se, "rate", x[m]);
                cJSON_AddNumberToObject(se, "enrolment", p[m]);
                cJSON_AddItemToArray(sch, se);
                m++;
            }
        }
        stats_cv_t cv = stats_weighted_cv(x, p, m);
        cJSON_AddNumberToObject(e, "n_schools", cv.n);
        add_num(e, "mean", cv.mean);
        add_num(e, "sd", cv.sd);
        add_num(e, "cv", cv.cv);
        char why[512];
        add_reason(e, "cv_reason", cv_reason(&reg, &cv, why, sizeof why));
        cJSON_AddItemToArray(bl, e);
        free(x);
        free(p);
    }
    {
        int gu = -1, gr = -1;
        for (int k = 0; k < gs.n; k++) {
            if (gs.g[k].kind != G_LOCALITY) continue;
            if (!strcmp(gs.g[k].a, "urban")) gu = k;
            if (!strcmp(gs.g[k].a, "rural")) gr = k;
        }
        cJSON *gap = cJSON_AddObjectToObject(bal, "urban_rural_gap");
        int64_t k1 = 0, n1 = 0, k2 = 0, n2 = 0;
        if (gu >= 0) headline(&gs.g[gu], by_q, &k1, &n1);
        if (gr >= 0) headline(&gs.g[gr], by_q, &k2, &n2);
        bool sup = gu < 0 || gr < 0 || gs.g[gu].hidden || gs.g[gr].hidden;
        cJSON_AddStringToObject(gap, "method", method);
        /* by answers the interval is cluster-robust (issue 19 item 12) */
        cJSON_AddItemToObject(gap, "urban", by_q || gu < 0 ? rate_obj(k1, n1, sup) : answers_obj(&gs.g[gu], sup));
        cJSON_AddItemToObject(gap, "rural", by_q || gr < 0 ? rate_obj(k2, n2, sup) : answers_obj(&gs.g[gr], sup));
        stats_ci_t d = sup    ? (stats_ci_t){NAN, NAN, NAN}
                       : by_q ? stats_diff_ci(k1, n1, k2, n2, STATS_Z95)
                              : stats_cluster_diff_ci(&gs.g[gu].cl, &gs.g[gr].cl, STATS_Z95);
        add_num(gap, "difference", d.p);
        add_num(gap, "ci_low", d.lo);
        add_num(gap, "ci_high", d.hi);
        if (isnan(d.p))
            cJSON_AddNullToObject(gap, "significant");
        else
            cJSON_AddBoolToObject(gap, "significant", d.lo > 0 || d.hi < 0);
        cJSON_AddBoolToObject(gap, "suppressed", sup);
    }

    /* -- resource indicators, compliance, balance, rectification */
    cJSON_AddItemToObject(doc, "indicators", indicator_defs());
    if (sj_started) pthread_join(sj_thread, NULL);
    sj_started = false;
    cJSON *rect = sjob.rect, *over = sjob.over;
    cJSON_AddItemToObject(doc, "schools", sjob.schools);
    cJSON *balance = cJSON_AddObjectToObject(doc, "balance");
    cJSON_AddItemToObject(balance, "primary", sjob.primary);
    cJSON_AddItemToObject(balance, "junior", sjob.junior);
    cJSON_AddItemToObject(doc, "rectification", rect);
    cJSON_AddItemToObject(doc, "cv_over_limit", over);
    sjob.schools = sjob.primary = sjob.junior = sjob.rect = sjob.over = NULL;
    /* its warnings where they were written when this was done here */
    for (cJSON *w; (w = cJSON_DetachItemFromArray(sjob.warnings.en, 0));) cJSON_AddItemToArray(warnings->en, w);
    for (cJSON *w; (w = cJSON_DetachItemFromArray(sjob.warnings.zh, 0));) cJSON_AddItemToArray(warnings->zh, w);

    /* -- response quality */
    cJSON *qj = cJSON_AddObjectToObject(doc, "response_quality");
    cJSON_AddNumberToObject(qj, "flagged", (double)n_flagged);
    cJSON_AddNumberToObject(qj, "submitted", (double)n_submitted);
    add_num(qj, "flagged_share", n_submitted ? (double)n_flagged / (double)n_submitted : NAN);
    cJSON *bf = cJSON_AddObjectToObject(qj, "by_flag");
    for (int f = 0; f < 3; f++) (cJSON_AddNumberToObject)(bf, flag_names[f], (double)flag_counts[f]);
    cJSON *wo = cJSON_AddObjectToObject(qj, "without_flagged");
    const group_t *gcl = &gs.g[g_clean];
    /* hidden when so few are flagged that the difference would show how
     * they answered (complementary suppression) */
    add_num(wo, "n_questionnaires", gcl->hidden ? NAN : (double)gcl->n);
    add_suppression(wo, gcl);
    if (gcl->hidden) {
        add_rates(wo, gcl, true);
        cJSON_AddNullToObject(wo, "headline_change");
    } else {
        cJSON_AddItemToObject(wo, "answers", recognition(gcl, "answers", o.threshold, q_zh));
        cJSON_AddItemToObject(wo, "questionnaires", recognition(gcl, "questionnaires", o.threshold, q_zh));
        int64_t k1, n1, k2, n2;
        headline(gc, by_q, &k1, &n1);
        headline(gcl, by_q, &k2, &n2);
        add_num(wo, "headline_change",
                n1 && n2 ? (double)k2 / (double)n2 - (double)k1 / (double)n1 : NAN);
    }
    cJSON *wr = cJSON_AddArrayToObject(wo, "by_role");
    list = groups_of(&gs, G_ROLE_CLEAN, &n);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(wr, group_json(list[i], "role", NULL));
    free(list);

    /* -- sample composition */
    cJSON *sm = cJSON_AddObjectToObject(doc, "sample");
    /* a questionnaire without a valid rated answer is collected (started)
     * but no valid questionnaire: it counts in no figure below but started
     * (review rgroups7 item 4) */
    int64_t valid_q = gc->n_rated;
    cJSON_AddNumberToObject(sm, "valid_questionnaires", (double)valid_q);
    /* schools held out (not in the register) count in no sample figure */
    int64_t c_submitted = n_submitted - n_held - sacc_county.empty, c_started = n_submitted + n_abandoned - n_held - n_held_abandoned;
    cJSON_AddNumberToObject(sm, "started", (double)c_started);
    double vshare = c_started ? (double)c_submitted / (double)c_started : NAN;
    add_num(sm, "valid_share", vshare);
    cJSON_AddNumberToObject(sm, "valid_share_min", 0.70);
    if (isnan(vshare))
        cJSON_AddNullToObject(sm, "valid_share_pass");
    else
        cJSON_AddBoolToObject(sm, "valid_share_pass", vshare >= 0.70);
    int64_t parents = 0;
    bool parents_hidden = false;
    for (int k = 0; k < gs.n; k++)
        if (gs.g[k].kind == G_ROLE && !strcmp(gs.g[k].a, "parent")) {
            parents = gs.g[k].n_rated;
            parents_hidden = gs.g[k].hidden;
        }
    add_num(sm, "parents", parents_hidden ? NAN : (double)parents);
    double pshare = valid_q && !parents_hidden ? (double)parents / (double)valid_q : NAN;
    add_num(sm, "parent_share", pshare);
    cJSON_AddNumberToObject(sm, "parent_share_min", 0.50);
    if (isnan(pshare))
        cJSON_AddNullToObject(sm, "parent_share_pass");
    else
        cJSON_AddBoolToObject(sm, "parent_share_pass", pshare >= 0.50);
    double enrol_loc[STATS_LOC_COUNT] = {0}, enrol_all = 0;
    for (int i = 0; i < reg.n; i++) {
        double e = 0;
        for (int u = 0; u < reg.n_units[i]; u++) e += reg.units[i][u].enrolment;
        if (isnan(e)) continue;
        enrol_loc[reg.s[i].locality] += e;
        enrol_all += e;
    }
    cJSON *sl = cJSON_AddArrayToObject(sm, "by_locality");
    for (int l = 0; l < STATS_LOC_COUNT; l++) {
        /* every valid questionnaire of a registered school by the school's
         * locality, the public's too (they are in no locality's figures,
         * but the sample counts them where they were collected: review
         * r2stats item 4, the shares lost them) */
        int64_t cnt = 0;
        for (int i = 0; i < reg.n; i++)
            if ((int)reg.s[i].locality == l) cnt += sacc[i].valid;
        bool hid = false;
        for (int k = 0; k < gs.n; k++)
            if (gs.g[k].kind == G_LOCALITY && !strcmp(gs.g[k].a, stats_locality_code((stats_locality_t)l)))
                hid = gs.g[k].hidden; /* a suppressed locality shows no count here either */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "locality", stats_locality_code((stats_locality_t)l));
        cJSON_AddStringToObject(e, "locality_zh", stats_locality_zh((stats_locality_t)l));
        add_num(e, "n", hid ? NAN : (double)cnt);
        add_num(e, "share", valid_q && !hid ? (double)cnt / (double)valid_q : NAN);
        add_num(e, "population_share", enrol_all > 0 ? enrol_loc[l] / enrol_all : NAN);
        add_num(e, "difference", valid_q && enrol_all > 0 && !hid
                                     ? (double)cnt / (double)valid_q - enrol_loc[l] / enrol_all
                                     : NAN);
        cJSON_AddBoolToObject(e, "suppressed", hid);
        cJSON_AddItemToArray(sl, e);
    }
    int n_bgr = 0;
    bg_row_t *bgr = bg_rows(&sc, bgc, n_bgc, &n_bgr);
    sample_rules(sm, &gs, &reg, sacc, &sacc_county, c_started, &o, bgr, n_bgr);
    sample_background(sm, &gs, bgr, n_bgr);
    free(bgr);
    cJSON *sz = cJSON_AddObjectToObject(sm, "size");
    if (o.population > 0) {
        double need = ceil((double)o.population * 0.0015);
        if (o.population < 400000 && need < 600) need = 600;
        cJSON_AddNumberToObject(sz, "population", (double)o.population);
        cJSON_AddNumberToObject(sz, "required", need);
        cJSON_AddBoolToObject(sz, "pass", (double)valid_q >= need);
    } else {
        cJSON_AddNullToObject(sz, "population");
        cJSON_AddNullToObject(sz, "required");
        cJSON_AddNullToObject(sz, "pass");
        cJSON_AddStringToObject(sz, "note", "resident population not given (--population): sample size not checked");
    }

    /* -- verdicts first for readers */
    cJSON *v = cJSON_CreateObject();
    cJSON *sr = cJSON_AddObjectToObject(v, "social_recognition");
    cJSON_AddStringToObject(sr, "method", method);
    cJSON *hl = cJSON_GetObjectItem(county, method);
    cJSON_AddItemToObject(sr, "rate", cJSON_Duplicate(cJSON_GetObjectItem(hl, "rate"), true));
    cJSON_AddItemToObject(sr, "pass", cJSON_Duplicate(cJSON_GetObjectItem(hl, "pass"), true));
    cJSON_AddNumberToObject(sr, "threshold", o.threshold);
    /* per group and overall, with how the groups are combined (issue 18) */
    cJSON_AddItemToObject(doc, "social_recognition", recognition_groups(&gs, gc, method, o.threshold, q_zh));
    cJSON_AddItemToObject(v, "sample", cJSON_Duplicate(cJSON_GetObjectItem(sm, "verdict"), true));
    for (int part = 0; part < 2; part++) {
        const char *pn = part ? "junior" : "primary";
        cJSON *lv = cJSON_GetObjectItem(balance, pn);
        cJSON *e = (cJSON_AddObjectToObject)(v, pn);
        cJSON_AddItemToObject(e, "n_schools", cJSON_Duplicate(cJSON_GetObjectItem(lv, "n_schools"), true));
        cJSON_AddItemToObject(e, "quality_cvs_pass", cJSON_Duplicate(cJSON_GetObjectItem(lv, "quality_cvs_pass"), true));
        cJSON_AddItemToObject(e, "basic_composite_pass",
                              cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(lv, "basic_composite"), "pass"), true));
        cJSON_AddItemToObject(e, "schools_compliant", cJSON_Duplicate(cJSON_GetObjectItem(lv, "schools_compliant"), true));
        cJSON_AddItemToObject(e, "all_schools_compliant",
                              cJSON_Duplicate(cJSON_GetObjectItem(lv, "all_schools_compliant"), true));
        cJSON_AddItemToObject(e, "cv_reason", cJSON_Duplicate(cJSON_GetObjectItem(lv, "cv_reason"), true));
    }
    cJSON_AddNumberToObject(v, "rectification_items", cJSON_GetArraySize(rect));
    /* the whole evaluation: 32 indicators, veto items (issue 17) */
    {
        if (ej_started) pthread_join(ej_thread, NULL);
        ej_started = false;
        cJSON *ev = ejob.ev;
        ejob.ev = NULL;
        cJSON *ov = cJSON_GetObjectItem(ev, "overall");
        cJSON_AddItemToObject(v, "evaluation", cJSON_Duplicate(ov, true));
        cJSON_AddItemToObject(doc, "evaluation", ev);
    }
    cJSON_AddItemToObject(doc, "verdicts", v);
    quarantine_warning(db, warnings);
    copied_warning(db, warnings);
    cJSON_AddItemToObject(doc, "warnings", wl.en);
    cJSON_AddItemToObject(doc, "warnings_zh", wl.zh);
    wl.en = wl.zh = NULL;
    /* the trend over the rounds: needs the verdicts above */
    {
        cJSON *trend = NULL;
        /* outside the arena: every closed round's whole document is parsed
         * and freed in there (in the arena each would stay to the end) */
        json_arena_scope_t outside = json_arena_enter(NULL);
        st = rounds_trend(c, doc, &trend, err);
        json_arena_leave(&outside);
        if (st != JH_OK) goto fail;
        cJSON_AddItemToObject(doc, "trend", trend);
        /* (a trend over rounds computed under other rules says so: the basic
         * composite moved only because the teaching-point rule did, L1
         * because the qualification baseline did, a verdict of social
         * recognition because its threshold did) */
        trend_rules_warnings(trend, doc);
        /* (a closed round whose frozen figures count a kiosk caught later) */
        rounds_copy_warnings(c, NULL, doc);
        /* the plans of earlier rounds against this round's figures */
        rectify_item_t *plan = NULL;
        int n_plan = 0;
        if ((st = rectify_load(c, &plan, &n_plan, err)) != JH_OK) goto fail;
        cJSON_AddItemToObject(doc, "rectification_plan", rectify_status(plan, n_plan, doc, round.name));
        free(plan);
    }

    *out = doc;
    doc = NULL;
fail:
    if (ij_started) pthread_join(ij_thread, NULL);
    sqlite3_close(ijob.db);
    view_end(&view);
    if (sj_started) pthread_join(sj_thread, NULL);
    if (ej_started) pthread_join(ej_thread, NULL);
    cJSON_Delete(ejob.ev);
    schools_job_free(&sjob);
    sqlite3_finalize(q);
    cJSON_Delete(wl.en);
    cJSON_Delete(wl.zh);
    groups_free(&gs);
    survey_cache_free(&sc);
    free(sacc);
    for (int i = 0; i < n_bgc; i++) free(bgc[i]);
    free(bgc);
    census_free(&census);
    free(reg.s);
    free(reg.exclusion);
    free(reg.exclusion_zh);
    free(reg.basic_exclusion);
    free(reg.basic_exclusion_zh);
    free(reg.units);
    free(reg.n_units);
    json_arena_leave(&arena_scope);
    cJSON_Delete(doc); /* last (NULL when handed out): on failure the arena goes with it */
    return st;
}
