/* survey_wording.c - wording checks of a loaded questionnaire (issue 18):
 * where the zh-CN question text shows that the question and its answer scale
 * disagree, or that one item asks two things.  The rules and their reasons
 * are in docs/questionnaire-format.md ("Wording and scale").
 *
 * The checks read words, not meaning, so each rule is narrow: it names the
 * words that triggered it, and a rule that is often wrong only warns. */
#include "survey.h"
#include "json_locate.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- types ----------------------------------------------------------------- */

#define W_MAX_SENTENCES 16
#define W_SENTENCE 512   /* bytes of one sentence kept (longer ones are cut) */
#define W_TRIGGERS 160   /* bytes of the trigger list in a message */

/* One sentence of a question: its text and whether it ends in a question mark. */
typedef struct {
    char text[W_SENTENCE];  /* without the terminating punctuation */
    bool question;
} sentence_t;

/* Where the messages of one check go. */
typedef struct {
    const char *name;
    jh_buf_t *errors, *warnings;
    int n_errors;
    const char *text; /* the questionnaire's text as given (to name lines), or NULL */
} wctx_t;

/* ---- word lists -------------------------------------------------------------- */

/* A satisfaction question: whoever reads it is asked how satisfied they are. */
static const char *const w_satisfaction[] = {"满意", NULL};
/* A satisfaction question in the form of a question (for yes/no, agreement
 * and frequency items, where 满意 may appear in a statement such as
 * "有不满意的地方吗"). */
static const char *const w_sat_question[] = {"满意吗", "满意么", "满意嘛", "满不满意", "满意不满意", "是否满意",
                                             "满意吧", NULL};
/* How often: answered by a frequency scale (从不 / 偶尔 / 经常). */
static const char *const w_frequency[] = {"经常", "常常", "时常", "多久", "多长时间", "几次", "多少次", "每天",
                                          "每周", "每星期", "每月", "每学期", "频繁", "总是", "次数", NULL};
/* Yes/no or how much: answered by yes/no or a number, not by 满意. */
static const char *const w_howmuch[] = {"是否", "有无", "多少", "几个", "几节", "几天", "几小时", "几门", "多长",
                                        NULL};
/* Joining two alternatives: one item asks two things. */
static const char *const w_or[] = {"或者", "以及", "或", NULL};
/* Words in which 或 joins nothing. */
static const char *const w_or_not[] = {"或许", "或多或少", "不可或缺", NULL};
/* Joining two things, or naming one thing in two words (投入和支持): only
 * warned.  A list with 、 (教室、厕所、图书) is nearly always one thing's
 * parts, so it is not checked at all. */
static const char *const w_and[] = {"和", "与", NULL};
/* Words in which 和 / 与 joins nothing, and "和您" (with you): a preposition. */
static const char *const w_and_not[] = {"和谐", "和平", "和蔼", "和气", "和善", "温和", "暖和", "总和", "柔和",
                                        "随和", "亲和", "参与", "给与", "与其", "和您", "和你", "和我", "和他",
                                        "和她", "与您", "与你", "与我", "与他", "与她", NULL};

/* ---- static prototypes ------------------------------------------------------- */

static int split_sentences(const char *text, sentence_t *out, int max);
static bool any_word(const char *s, const char *const *words);
static void add_words(const char *s, const char *const *words, const char *const *not_words, char *out, size_t cap);
static void add_a_not_a(const char *s, bool weak, char *out, size_t cap);
static bool ends_in_ma(const char *s);
static void add_and(const char *s, char *out, size_t cap);
static void strip_brackets(const char *in, char *out, size_t cap);
static void report(wctx_t *w, bool error, int i, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void report_at(wctx_t *w, bool error, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int split_clauses(const char *text, char out[][W_SENTENCE], int max);
static void check_options(wctx_t *w, const char *path, const survey_option_t *o, int n);
static int text_units(const char *s);

/* ---- public functions -------------------------------------------------------- */

int survey_check_wording(const survey_t *s, const char *name, jh_buf_t *errors, jh_buf_t *warnings)
{
    return survey_check_wording_ex(s, name, false, errors, warnings);
}

int survey_check_wording_ex(const survey_t *s, const char *name, bool counting_only, jh_buf_t *errors,
                            jh_buf_t *warnings)
{
    wctx_t w = {.name = name, .errors = errors, .warnings = warnings, .text = name ? s->text : NULL};
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        if (counting_only) {
            /* 6 only: the options' counting */
            if (it->type == SURVEY_ITEM_CHOICE && survey_item_rated(it)) {
                char path[64];
                snprintf(path, sizeof path, "items[%d].options", i);
                check_options(&w, path, it->options, it->n_options);
            }
            continue;
        }
        const char *text = survey_text_get(&it->text, "zh-CN");
        sentence_t sn[W_MAX_SENTENCES];
        int n = split_sentences(text, sn, W_MAX_SENTENCES);
        bool any_question = false, any_sat = false;
        for (int k = 0; k < n; k++) {
            any_question |= sn[k].question;
            any_sat |= any_word(sn[k].text, w_satisfaction);
        }
        /* The asked part: the sentences ending in a question mark, or the
         * whole text when none does ("请评价学校的饭菜"). */
        bool sat_scale = it->type == SURVEY_ITEM_SCALE && it->scale && it->scale->kind == SURVEY_KIND_SATISFACTION;
        bool other_scale = it->type == SURVEY_ITEM_YESNO ||
                           (it->type == SURVEY_ITEM_SCALE && it->scale && it->scale->kind != SURVEY_KIND_SATISFACTION);
        const char *answered_on = it->type == SURVEY_ITEM_YESNO ? N_("a yes/no item")
                                  : other_scale && it->scale->kind == SURVEY_KIND_AGREEMENT ? N_("an agreement scale")
                                                                                            : N_("a frequency scale");

        /* 1 and 2: a how-often or yes/no question on a satisfaction scale. */
        if (sat_scale) {
            bool done_freq = false, done_yesno = false;
            for (int k = 0; k < n; k++) {
                const sentence_t *q = &sn[k];
                if (any_question && !q->question) continue;
                if (any_word(q->text, w_satisfaction)) {
                    /* 孩子的作业多不多，您对作业量满意吗？ -- the 满意 does
                     * not make the other clauses a satisfaction question */
                    if (done_freq && done_yesno) continue;
                    char cl[W_MAX_SENTENCES][W_SENTENCE];
                    int ncl = split_clauses(q->text, cl, W_MAX_SENTENCES);
                    /* a 满意 clause without its own object (您满意吗)
                     * is about the clauses before it */
                    bool bare_sat = false;
                    for (int c = 0; c < ncl; c++)
                        bare_sat |= any_word(cl[c], w_satisfaction) && !strstr(cl[c], "对");
                    for (int c = 0; c < ncl; c++) {
                        bool sat_clause = any_word(cl[c], w_satisfaction);
                        char trig[W_TRIGGERS] = "";
                        if (!sat_clause && !done_freq) {
                            add_words(cl[c], w_frequency, NULL, trig, sizeof trig);
                            if (trig[0]) {
                                report(&w, bare_sat, i,
                                       bare_sat ? _("item '%s': \"%s\" asks how often (%s) but is answered on the "
                                                    "satisfaction scale '%s': an answer such as 满意 does not say how "
                                                    "often; ask it on a frequency scale (\"kind\": \"frequency\", 从不 "
                                                    "/ 偶尔 / 经常) and ask \"您对……满意吗？\" in an item of its own")
                                                : _("item '%s': \"%s\" names how often (%s) before a question answered "
                                                    "on the satisfaction scale '%s': if the answer should say how "
                                                    "often, ask that on a frequency scale in an item of its own"),
                                       it->id, cl[c], trig, it->scale->id);
                                done_freq = true;
                                continue;
                            }
                        }
                        if (done_yesno) continue;
                        if (!sat_clause) add_words(cl[c], w_howmuch, NULL, trig, sizeof trig);
                        add_a_not_a(cl[c], false, trig, sizeof trig);
                        if (!trig[0]) continue;
                        report(&w, true, i,
                               _("item '%s': \"%s\" asks yes/no or how much (%s) but is answered on the satisfaction scale "
                                 "'%s': an answer such as 满意 does not say yes or no, or how much; ask the fact in a yesno "
                                 "item or on a frequency or agreement scale, and ask \"您对……满意吗？\" in an item of its own"),
                               it->id, cl[c], trig, it->scale->id);
                        done_yesno = true;
                    }
                    continue;
                }
                char trig[W_TRIGGERS] = "";
                add_words(q->text, w_frequency, NULL, trig, sizeof trig);
                if (trig[0] && !done_freq) {
                    report(&w, true, i,
                           _("item '%s': \"%s\" asks how often (%s) but is answered on the satisfaction scale '%s': "
                             "an answer such as 满意 does not say how often; ask it on a frequency scale "
                             "(\"kind\": \"frequency\", 从不 / 偶尔 / 经常) and ask \"您对……满意吗？\" in an item of its own"),
                           it->id, q->text, trig, it->scale->id);
                    done_freq = true;
                    continue;
                }
                if (trig[0] || done_yesno) continue;
                add_words(q->text, w_howmuch, NULL, trig, sizeof trig);
                add_a_not_a(q->text, false, trig, sizeof trig);
                /* A question ending in 吗 (孩子在学校吃得好吗？) is a lead-in
                 * when the item goes on to ask 您满意吗; alone it is yes/no. */
                if (!trig[0] && !any_sat && q->question) {
                    add_a_not_a(q->text, true, trig, sizeof trig);
                    if (!trig[0] && ends_in_ma(q->text)) snprintf(trig, sizeof trig, "“吗”");
                }
                if (!trig[0]) continue;
                report(&w, true, i,
                       _("item '%s': \"%s\" asks yes/no or how much (%s) but is answered on the satisfaction scale "
                         "'%s': an answer such as 满意 does not say yes or no, or how much; ask the fact in a yesno "
                         "item or on a frequency or agreement scale, and ask \"您对……满意吗？\" in an item of its own"),
                       it->id, q->text, trig, it->scale->id);
                done_yesno = true;
            }
        }

        /* 3: a satisfaction question on a yes/no, agreement or frequency item. */
        if (other_scale) {
            for (int k = 0; k < n; k++) {
                char trig[W_TRIGGERS] = "";
                add_words(sn[k].text, w_sat_question, NULL, trig, sizeof trig);
                if (!trig[0]) continue;
                report(&w, true, i,
                       _("item '%s': \"%s\" asks about satisfaction (%s) but is answered on %s: the answers do "
                         "not say how satisfied; answer it on a satisfaction scale, or ask the fact the item is about "
                         "(\"孩子每天的作业多吗？\")"),
                       it->id, sn[k].text, trig, _(answered_on));
                break;
            }
        }

        /* 4: two things in one rated or yes/no item. */
        if (survey_item_rated(it) || it->type == SURVEY_ITEM_YESNO) {
            bool done_or = false, done_and = false;
            for (int k = 0; k < n; k++) {
                if (any_question && !sn[k].question) continue;
                char bare[W_SENTENCE], trig[W_TRIGGERS] = "";
                strip_brackets(sn[k].text, bare, sizeof bare);
                add_words(bare, w_or, w_or_not, trig, sizeof trig);
                if (trig[0] && !done_or) {
                    report(&w, true, i,
                           _("item '%s': \"%s\" joins two things with %s: whoever means only one of them cannot "
                             "answer; ask one thing per item (split it into two items)"),
                           it->id, sn[k].text, trig);
                    done_or = true;
                    continue;
                }
                if (trig[0] || done_and) continue;
                add_and(bare, trig, sizeof trig);
                if (!trig[0]) continue;
                report(&w, false, i,
                       _("item '%s': \"%s\" may ask about two things joined by %s: if they can differ (外地来的孩子和"
                         "留守孩子), ask one per item; one thing named in two words (投入和支持) can stay"),
                       it->id, sn[k].text, trig);
                done_and = true;
            }
        }

        /* 5: a question longer than the kiosk shows whole above its
         * answers at its smallest size (800x480, large text) */
        for (int k = 0; k < it->text.n; k++) {
            int u = text_units(it->text.tr[k].text);
            if (u <= SURVEY_QUESTION_FIT_UNITS) continue;
            char path[96];
            snprintf(path, sizeof path, "items[%d].text.%s", i, it->text.tr[k].locale);
            report_at(&w, false, path,
                      _("item '%s': the question is %d characters long (a Chinese character counts as 2): at "
                        "800x480 in large text the kiosk shows about %d (%d Chinese characters) above the answers "
                        "and cuts the rest; shorten it, or move the explanation into \"help\""),
                      it->id, u, SURVEY_QUESTION_FIT_UNITS, SURVEY_QUESTION_FIT_UNITS / 2);
        }
        if (it->type == SURVEY_ITEM_CHOICE && survey_item_rated(it)) {
            char path[64];
            snprintf(path, sizeof path, "items[%d].options", i);
            check_options(&w, path, it->options, it->n_options);
        }
    }
    /* 6: scales that cannot be counted as the rules say */
    for (int k = 0; k < s->n_scales; k++) {
        char path[64];
        snprintf(path, sizeof path, "scales[%d].options", k);
        check_options(&w, path, s->scales[k].options, s->scales[k].n_options);
    }
    return w.n_errors;
}

/* ---- static functions -------------------------------------------------------- */

static void vreport_at(wctx_t *w, bool error, const char *path, const char *fmt, va_list ap)
{
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (error) w->n_errors++;
    jh_buf_t *out = error ? w->errors : w->warnings;
    if (!out) return;
    if (!w->name) { /* no name: the path and the message */
        if (error)
            jh_buf_printf(out, "%s: %s\n", path, msg);
        else
            jh_buf_printf(out, _("%s: warning: %s\n"), path, msg);
        return;
    }
    /* NAME:LINE:COL when the text as given was kept */
    char *where;
    int line, col;
    if (w->text) {
        jh_json_locate(w->text, strlen(w->text), path, &line, &col);
        where = jh_sprintf("%s:%d:%d", w->name, line, col);
    } else {
        where = jh_strdup(w->name);
    }
    if (error)
        jh_buf_printf(out, "%s: %s: %s\n", where, path, msg);
    else
        jh_buf_printf(out, _("%s: %s: warning: %s\n"), where, path, msg);
    free(where);
}

/* A problem of item i's question (items[i].text.zh-CN). */
static void report(wctx_t *w, bool error, int i, const char *fmt, ...)
{
    char path[48];
    snprintf(path, sizeof path, "items[%d].text.zh-CN", i);
    va_list ap;
    va_start(ap, fmt);
    vreport_at(w, error, path, fmt, ap);
    va_end(ap);
}

/* A problem at path (a scale's or an option's). */
static void report_at(wctx_t *w, bool error, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_at(w, error, path, fmt, ap);
    va_end(ap);
}

/* Labels of a "don't know" or "prefer not to say" answer (rules §4: in no
 * denominator, so "excluded": true). */
static const char *const w_dont_know[] = {"不了解", "不知道", "不清楚", "不愿回答", "说不清", "不好说", NULL};

/* The options of a rated scale (or choice item) against the counting rules:
 * an error when every counted option is satisfied (the rate could only be
 * 100 %); for a label that reads as "don't know" but is counted, an error
 * when the label is only those words (不了解), else a warning (不太清楚 may
 * be a point of the scale). */
static void check_options(wctx_t *w, const char *path, const survey_option_t *o, int n)
{
    bool any_sat = false, any_not = false;
    for (int k = 0; k < n; k++) {
        any_sat |= o[k].satisfied;
        any_not |= !o[k].satisfied && !o[k].excluded;
    }
    if (!any_sat) return; /* not rated (the loader requires one on a scale) */
    if (!any_not)
        report_at(w, true, path,
                  _("every counted option is marked \"satisfied\": the rate would be 100 %% whatever is answered; "
                    "an answer such as 不满意 must count as not satisfied (no \"satisfied\")"));
    for (int k = 0; k < n; k++) {
        if (o[k].excluded || !o[k].label.n) continue;
        const char *label = o[k].label.tr[0].text;
        char trig[W_TRIGGERS] = "";
        add_words(label, w_dont_know, NULL, trig, sizeof trig);
        if (!trig[0]) continue;
        bool exact = false;
        for (int d = 0; w_dont_know[d]; d++) exact |= !strcmp(label, w_dont_know[d]);
        char p[96];
        snprintf(p, sizeof p, "%s[%d]", path, k);
        report_at(w, exact, p,
                  _("option '%s' (\"%s\") reads as \"don't know\" (%s) but counts in the denominator as not "
                    "satisfied; such answers count in no denominator: add \"excluded\": true"),
                  o[k].code, label, trig);
    }
}

/* Display width of s in half-width units: a CJK or other wide character 2,
 * anything else 1 (what a line of the kiosk holds, roughly). */
static int text_units(const char *s)
{
    int u = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        u += *p >= 0xE1 ? 2 : 1; /* U+1000 and above: wide enough to count double */
    }
    return u;
}

/* Splits a sentence at ，,：: into clauses (empty ones skipped); returns
 * how many. */
static int split_clauses(const char *text, char out[][W_SENTENCE], int max)
{
    static const char *const ends[] = {"，", ",", "：", ":", NULL};
    int n = 0;
    const char *p = text;
    while (*p && n < max) {
        const char *best = NULL;
        size_t best_len = 0;
        for (int k = 0; ends[k]; k++) {
            const char *e = strstr(p, ends[k]);
            if (e && (!best || e < best)) best = e, best_len = strlen(ends[k]);
        }
        size_t len = best ? (size_t)(best - p) : strlen(p);
        if (len >= W_SENTENCE) len = W_SENTENCE - 1;
        if (len > 0) {
            memcpy(out[n], p, len);
            out[n][len] = '\0';
            n++;
        }
        if (!best) break;
        p = best + best_len;
    }
    return n;
}

/* Splits text at 。？！；?!; and line breaks; returns the number of
 * sentences (empty ones are skipped).  Leading spaces are dropped. */
static int split_sentences(const char *text, sentence_t *out, int max)
{
    static const struct { const char *p; bool question; } ends[] = {
        {"？", true}, {"?", true}, {"。", false}, {"！", false}, {"!", false},
        {"；", false}, {";", false}, {"\n", false},
    };
    int n = 0;
    const char *p = text;
    while (*p && n < max) {
        while (*p == ' ' || *p == '\t') p++;
        const char *best = NULL;
        size_t best_len = 0;
        bool q = false;
        for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
            const char *e = strstr(p, ends[k].p);
            if (e && (!best || e < best)) {
                best = e;
                best_len = strlen(ends[k].p);
                q = ends[k].question;
            }
        }
        size_t len = best ? (size_t)(best - p) : strlen(p);
        if (len > 0) {
            if (len >= W_SENTENCE) len = W_SENTENCE - 1;
            while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80) len--; /* whole characters */
            memcpy(out[n].text, p, len);
            out[n].text[len] = '\0';
            out[n].question = q;
            n++;
        }
        if (!best) break;
        p = best + best_len;
    }
    return n;
}

static bool any_word(const char *s, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strstr(s, words[i])) return true;
    return false;
}

/* Appends “w” to out for every word of words found in s that is not part
 * of a longer listed word found there (不可或缺 is no 或; 或者 is not also 或). */
static void add_words(const char *s, const char *const *words, const char *const *not_words, char *out, size_t cap)
{
    for (int i = 0; words[i]; i++) {
        size_t wl = strlen(words[i]);
        for (const char *p = strstr(s, words[i]); p; p = strstr(p + wl, words[i])) {
            bool skip = false;
            /* inside a longer word of this list (或 in 或者) */
            for (int k = 0; words[k] && !skip; k++) {
                size_t kl = strlen(words[k]);
                if (k == i || kl <= wl) continue;
                for (const char *q = strstr(s, words[k]); q && !skip; q = strstr(q + 1, words[k]))
                    skip = p >= q && p + wl <= q + kl;
            }
            for (int k = 0; not_words && not_words[k] && !skip; k++) {
                size_t kl = strlen(not_words[k]);
                for (const char *q = strstr(s, not_words[k]); q && !skip; q = strstr(q + 1, not_words[k]))
                    skip = p >= q && p + wl <= q + kl;
            }
            if (skip) continue;
            char quoted[64];
            snprintf(quoted, sizeof quoted, "“%s”", words[i]);
            if (!strstr(out, quoted) && strlen(out) + strlen(quoted) + 1 < cap) strcat(out, quoted);
            break;
        }
    }
}

/* Decodes one UTF-8 character at *p (advancing it); 0 at the end or on a
 * bad byte (texts are validated UTF-8 once loaded). */
static unsigned next_cp(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (!*s) return 0;
    unsigned cp;
    int n;
    if (s[0] < 0x80) cp = s[0], n = 1;
    else if ((s[0] & 0xE0) == 0xC0) cp = s[0] & 0x1F, n = 2;
    else if ((s[0] & 0xF0) == 0xE0) cp = s[0] & 0x0F, n = 3;
    else cp = s[0] & 0x07, n = 4;
    for (int k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *p += n;
    return cp;
}

/* Appends the A-not-A questions of s (多不多, 有没有, 是不是): strong ones
 * (a yes/no or how-much question), or with weak the evaluative ones
 * (好不好, 行不行, 放不放心) that a satisfaction answer can follow. */
static void add_a_not_a(const char *s, bool weak, char *out, size_t cap)
{
    static const unsigned evaluative[] = {0x597D /* 好 */, 0x884C /* 行 */, 0x653E /* 放 */, 0x6EE1 /* 满 */};
    unsigned c[3] = {0};
    const char *at[3] = {0};
    const char *p = s;
    for (;;) {
        c[0] = c[1], c[1] = c[2], at[0] = at[1], at[1] = at[2];
        at[2] = p;
        if (!(c[2] = next_cp(&p))) break;
        if (!at[0] || c[0] != c[2] || (c[1] != 0x4E0D /* 不 */ && c[1] != 0x6CA1 /* 没 */)) continue;
        if (c[0] < 0x4E00 || c[0] > 0x9FFF || c[0] == c[1]) continue;
        bool eval = false;
        for (size_t k = 0; k < sizeof evaluative / sizeof evaluative[0]; k++) eval |= c[0] == evaluative[k];
        if (eval != weak) continue;
        char quoted[64];
        snprintf(quoted, sizeof quoted, "“%.*s”", (int)(p - at[0]), at[0]);
        if (!strstr(out, quoted) && strlen(out) + strlen(quoted) + 1 < cap) strcat(out, quoted);
    }
}

/* Appends 和 / 与 when one joins two things in s: not in a word of
 * w_and_not, not a preposition (a clause starting with it, 和县里别的学校比;
 * a comparison in its clause, 和本地孩子一样), and not the last link of a
 * list with 、 (体育、艺术和实践活动: one thing's parts). */
static void add_and(const char *s, char *out, size_t cap)
{
    static const char *const clause_ends[] = {"，", ",", "：", ":", NULL};
    static const char *const comparison[] = {"比", "一样", "相同", "不同", "差不多", NULL};
    for (int i = 0; w_and[i]; i++) {
        size_t wl = strlen(w_and[i]);
        for (const char *p = strstr(s, w_and[i]); p; p = strstr(p + wl, w_and[i])) {
            bool in_word = false;
            for (int k = 0; w_and_not[k] && !in_word; k++) {
                size_t kl = strlen(w_and_not[k]);
                for (const char *q = strstr(s, w_and_not[k]); q && !in_word; q = strstr(q + 1, w_and_not[k]))
                    in_word = p >= q && p + wl <= q + kl;
            }
            if (in_word) continue;
            /* the clause around p */
            const char *start = s, *end = s + strlen(s);
            for (int k = 0; clause_ends[k]; k++) {
                for (const char *q = strstr(s, clause_ends[k]); q; q = strstr(q + 1, clause_ends[k])) {
                    if (q < p && q + strlen(clause_ends[k]) > start) start = q + strlen(clause_ends[k]);
                    if (q >= p + wl && q < end) end = q;
                }
            }
            if (p == start) continue; /* 和县里别的学校比，… */
            char clause[W_SENTENCE];
            size_t cl = (size_t)(end - start) < sizeof clause ? (size_t)(end - start) : sizeof clause - 1;
            memcpy(clause, start, cl);
            clause[cl] = '\0';
            if (strstr(clause, "、") || any_word(clause, comparison)) continue;
            char quoted[64];
            snprintf(quoted, sizeof quoted, "“%s”", w_and[i]);
            if (!strstr(out, quoted) && strlen(out) + strlen(quoted) + 1 < cap) strcat(out, quoted);
            break;
        }
    }
}

/* Whether the sentence ends in a yes/no particle (吗, 么, 嘛). */
static bool ends_in_ma(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ')) n--;
    static const char *const particles[] = {"吗", "么", "嘛"};
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(particles[k]);
        if (n >= l && !memcmp(s + n - l, particles[k], l)) return true;
    }
    return false;
}

/* Copies in without bracketed asides （学校提供的住处） / (...): an
 * explanation in brackets asks nothing. */
static void strip_brackets(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    int depth = 0;
    for (const char *p = in; *p && o + 1 < cap;) {
        /* an opening bracket never closed is no aside: its text is read */
        bool opens = !strncmp(p, "（", 3) || *p == '(';
        if (opens && !strstr(p, "）") && !strchr(p, ')')) {
            out[o++] = *p++;
            continue;
        }
        if (!strncmp(p, "（", 3)) depth++, p += 3;
        else if (!strncmp(p, "）", 3)) depth -= depth > 0, p += 3;
        else if (*p == '(') depth++, p++;
        else if (*p == ')') depth -= depth > 0, p++;
        else if (depth) p++;
        else out[o++] = *p++;
    }
    out[o] = '\0';
}
