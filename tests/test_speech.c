/* test_speech.c - read-aloud without a sound card: every question and
 * option of the bundled questionnaires synthesised by espeak-ng into
 * memory, each checked to be speech (not silence) of a plausible length,
 * and their phonemes checked to be Mandarin (English for the English
 * texts) with no stretch read in another language; stopping mid-sentence;
 * the parts and ordinals read. */
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "readaloud.h"
#include "tts.h"
#include "ui_i18n.h"

typedef struct {
    size_t n;         /* samples */
    double sum_sq;
    int chunks;
    size_t stop_after; /* samples; 0 = never stop */
} capture_t;

static bool sink(void *ctx, const int16_t *s, size_t n)
{
    capture_t *c = ctx;
    for (size_t i = 0; i < n; i++) c->sum_sq += (double)s[i] * s[i];
    c->n += n;
    c->chunks++;
    return !(c->stop_after && c->n >= c->stop_after);
}

/* Code points of a UTF-8 string that are letters or CJK (what takes time
 * to say), roughly. */
static int spoken_chars(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80 && (*p >= 0x80 || (*p >= 'A' && *p <= 'z') || (*p >= '0' && *p <= '9'))) n++;
    return n;
}

static void test_every_bundled_text(void)
{
    tts_t *t = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, tts_open(NULL, &t, &err));
    if (!t) return;
    int rate = tts_sample_rate(t);
    CHECK(rate >= 8000 && rate <= 48000);
    glob_t g;
    CHECK_INT(0, glob(JH_SOURCE_DIR "/data/surveys/*.json", 0, NULL, &g));
    int texts = 0, surveys = 0;
    double worst_rms = 1e9;
    for (size_t f = 0; f < g.gl_pathc; f++) {
        survey_t *s = NULL;
        if (survey_load_file(g.gl_pathv[f], NULL, &s, NULL, &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.msg);
            check_failures_++;
            continue;
        }
        surveys++;
        for (int i = 0; i < s->n_items; i++) {
            readaloud_part_t parts[READALOUD_MAX_PARTS];
            int n = readaloud_item(s, i, "zh-CN", parts, READALOUD_MAX_PARTS);
            CHECK(n >= 1);
            CHECK_INT(-1, parts[0].option);
            CHECK_STR(s->items[i].id, parts[0].key);
            for (int k = 0; k < n; k++) {
                capture_t c = {0};
                bool stopped = true;
                CHECK_INT(JH_OK, tts_speak(t, parts[k].text, sink, &c, &stopped, &err));
                CHECK(!stopped);
                double secs = (double)c.n / rate, rms = c.n ? sqrt(c.sum_sq / (double)c.n) : 0;
                int chars = spoken_chars(parts[k].text);
                /* Mandarin at the kiosk's pace: about 0.1-0.6 s a
                 * character, plus the pause at the end. */
                if (!(secs >= 0.08 * chars && secs <= 0.6 * chars + 1.5) || rms < 300) {
                    fprintf(stderr, "%s %s: \"%s\": %.2f s for %d characters, RMS %.0f\n", s->id, parts[k].key,
                            parts[k].text, secs, chars, rms);
                    check_failures_++;
                }
                if (rms < worst_rms) worst_rms = rms;
                texts++;
            }
            readaloud_free(parts, n);
        }
        survey_free(s);
    }
    globfree(&g);
    CHECK(surveys >= 2);
    CHECK(texts > 50);
    printf("synthesised %d texts of %d questionnaires; quietest RMS %.0f\n", texts, surveys, worst_rms);
    tts_close(t);
}

/* The samples arrive in small chunks (playing can start early), and a sink
 * that says stop ends the speech at once. */
static void test_stream_and_stop(void)
{
    tts_t *t = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, tts_open(NULL, &t, &err));
    if (!t) return;
    const char *text = "您对孩子所在学校的课后服务满意吗？第一个，满意；第二个，比较满意；第三个，基本满意。";
    capture_t whole = {0};
    CHECK_INT(JH_OK, tts_speak(t, text, sink, &whole, NULL, &err));
    CHECK(whole.chunks >= 10);
    CHECK(whole.n > (size_t)tts_sample_rate(t) * 3);
    capture_t part = {.stop_after = (size_t)tts_sample_rate(t) / 2};
    bool stopped = false;
    CHECK_INT(JH_OK, tts_speak(t, text, sink, &part, &stopped, &err));
    CHECK(stopped);
    CHECK(part.n < whole.n / 3);
    /* the synthesiser is usable again after a stop */
    capture_t again = {0};
    CHECK_INT(JH_OK, tts_speak(t, "满意", sink, &again, &stopped, &err));
    CHECK(!stopped);
    CHECK(again.n > 0 && again.n < whole.n);
    /* a slower rate makes longer speech */
    capture_t slow = {0};
    tts_set_rate(t, 90);
    CHECK_INT(JH_OK, tts_speak(t, "满意", sink, &slow, NULL, &err));
    CHECK(slow.n > again.n);
    tts_set_rate(t, 0);
    tts_close(t);
}

/* What t says for text has phonemes and no stretch in another language
 * ("(en)heItu: zIfaIv(cmn)": Debian 12's espeak-ng 1.51 "cmn" voice read
 * Chinese as English-pronounced pinyin, review rspeech4). */
static int bad_phonemes;
static void check_phonemes(tts_t *t, const char *where, const char *text)
{
    char ph[8192];
    jh_err_t err;
    CHECK_INT(JH_OK, tts_phonemes(t, text, ph, sizeof ph, &err));
    bool any = false;
    for (const char *c = ph; *c; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) any = true;
    if (!any || strchr(ph, '(')) {
        if (bad_phonemes++ < 12) fprintf(stderr, "%s (voice %s): \"%s\"\n  => %s\n", where, tts_voice(t), text, ph);
        check_failures_++;
    }
}

/* The kiosk's own strings it reads aloud (听读 on the role, notice, summary,
 * idle and thanks screens, the multiple-choice hint), with their %d. */
static const ui_str_id_t spoken_ui[] = {
    UI_S_WELCOME_TITLE, UI_S_WELCOME_SUB,     UI_S_START,          UI_S_ROLE_TITLE,       UI_S_NOTICE_BODY,
    UI_S_NOTICE_START,  UI_S_MULTI_HINT,      UI_S_SUMMARY_TITLE,  UI_S_SUMMARY_SKIPPED,  UI_S_SUMMARY_SKIPPED_ONE,
    UI_S_SUMMARY_NONE,  UI_S_THANKS_TITLE,    UI_S_THANKS_BODY,    UI_S_IDLE_TITLE,       UI_S_IDLE_BODY,
    UI_S_IDLE_CONTINUE, UI_S_SUBMIT,          UI_S_MULTI_MAX,      UI_S_MULTI_CHOSEN,     UI_S_MULTI_NONE,
    UI_S_IDLE_SAY_CONTINUE, UI_S_SUMMARY_SAY_SUBMIT, UI_S_NOTICE_SAY_START, UI_S_SUMMARY_SAY_MORE,
};

static void check_language(const char *lang)
{
    tts_t *t = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, tts_open_lang(lang, &t, &err));
    if (!t) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    glob_t g;
    CHECK_INT(0, glob(JH_SOURCE_DIR "/data/surveys/*.json", 0, NULL, &g));
    int texts = 0;
    char where[256];
    for (size_t f = 0; f < g.gl_pathc; f++) {
        survey_t *s = NULL;
        if (survey_load_file(g.gl_pathv[f], NULL, &s, NULL, &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.msg);
            check_failures_++;
            continue;
        }
        const survey_text_t *own[] = {&s->title, &s->intro, &s->audience_label};
        for (size_t k = 0; k < sizeof own / sizeof *own; k++) {
            if (!own[k]->n) continue;
            snprintf(where, sizeof where, "%s %s", s->id, lang);
            check_phonemes(t, where, survey_text_get(own[k], lang));
            texts++;
        }
        for (int i = 0; i < s->n_items; i++) {
            readaloud_part_t parts[READALOUD_MAX_PARTS];
            int n = readaloud_item(s, i, lang, parts, READALOUD_MAX_PARTS);
            for (int k = 0; k < n; k++) {
                snprintf(where, sizeof where, "%s %s %s", s->id, lang, parts[k].key);
                check_phonemes(t, where, parts[k].text);
                texts++;
            }
            readaloud_free(parts, n);
        }
        survey_free(s);
    }
    globfree(&g);
    for (size_t k = 0; k < sizeof spoken_ui / sizeof *spoken_ui; k++) {
        char text[1024];
        const char *f = ui_str(lang, spoken_ui[k]);
        if (strstr(f, "%s"))
            snprintf(text, sizeof text, f, strncmp(lang, "zh", 2) ? "Pay, Housing" : "工资待遇、住房");
        else
            snprintf(text, sizeof text, f, 3);
        snprintf(where, sizeof where, "kiosk string %d %s", (int)spoken_ui[k], lang);
        check_phonemes(t, where, text);
        texts++;
    }
    CHECK(texts > 100);
    printf("%s: phonemes of %d texts checked, voice %s\n", lang, texts, tts_voice(t));
    tts_close(t);
}

static void test_phonemes_chinese(void)
{
    check_language("zh-CN");
}

static void test_phonemes_english(void)
{
    check_language("en");
}

static void test_missing_voice(void)
{
    tts_t *t = NULL;
    jh_err_t err;
    CHECK_INT(JH_ERR_NOTFOUND, tts_open("no-such-voice", &t, &err));
    CHECK(t == NULL);
    CHECK_CONTAINS("no-such-voice", err.msg);
    /* and the real one still opens afterwards */
    CHECK_INT(JH_OK, tts_open("cmn", &t, &err));
    tts_close(t);
}

static void test_ordinals_and_parts(void)
{
    char b[32];
    readaloud_ordinal(1, "zh-CN", b, sizeof b);
    CHECK_STR("第一个", b);
    readaloud_ordinal(10, "zh-CN", b, sizeof b);
    CHECK_STR("第十个", b);
    readaloud_ordinal(12, "zh-CN", b, sizeof b);
    CHECK_STR("第十二个", b);
    readaloud_ordinal(20, "zh-CN", b, sizeof b);
    CHECK_STR("第二十个", b);
    readaloud_ordinal(3, "en", b, sizeof b);
    CHECK_STR("Option 3", b);
    survey_t *s = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, survey_load_file(JH_SOURCE_DIR "/data/surveys/parent.json", NULL, &s, NULL, &err));
    if (!s) return;
    int i = -1;
    for (int k = 0; k < s->n_items && i < 0; k++)
        if (s->items[k].type == SURVEY_ITEM_SCALE) i = k;
    CHECK(i >= 0);
    readaloud_part_t p[READALOUD_MAX_PARTS];
    int n = readaloud_item(s, i, "zh-CN", p, READALOUD_MAX_PARTS);
    int n_opt;
    const survey_option_t *o = survey_item_options(&s->items[i], &n_opt);
    CHECK_INT(n_opt + 1, n);
    char want[256];
    snprintf(want, sizeof want, "第一个，%s", survey_text_get(&o[0].label, "zh-CN"));
    CHECK_STR(want, p[1].text);
    CHECK_INT(0, p[1].option);
    snprintf(want, sizeof want, "%s.%s", s->items[i].id, o[n_opt - 1].code);
    CHECK_STR(want, p[n - 1].key);
    readaloud_free(p, n);
    /* English texts where the questionnaire has them */
    n = readaloud_item(s, i, "en", p, READALOUD_MAX_PARTS);
    snprintf(want, sizeof want, "Option 1: %s", survey_text_get(&o[0].label, "en"));
    CHECK_STR(want, p[1].text);
    readaloud_free(p, n);
    /* A free-text item: its question, then the line under it on the screen
     * (可以不填 / how to write), which 读题 never read (rinput3). */
    int t = -1;
    for (int k = 0; k < s->n_items && t < 0; k++)
        if (s->items[k].type == SURVEY_ITEM_TEXT) t = k;
    CHECK(t >= 0);
    n = readaloud_item(s, t, "zh-CN", p, READALOUD_MAX_PARTS);
    CHECK_INT(2, n);
    if (n == 2) {
        CHECK(strstr(p[1].text, "这道题可以不填") != NULL);
        CHECK_INT(-1, p[1].option);
        snprintf(want, sizeof want, "%s.hint", s->items[t].id);
        CHECK_STR(want, p[1].key);
    }
    readaloud_free(p, n);
    n = readaloud_item(s, t, "en", p, READALOUD_MAX_PARTS);
    CHECK(n == 2 && strstr(p[1].text, "Skip") != NULL);
    readaloud_free(p, n);
    survey_free(s);
    /* A multiple-choice item: after its question the line under it (several
     * may be chosen, up to how many, 确定 after), which was never read
     * (review rspeech4 item 6); then its options. */
    CHECK_INT(JH_OK, survey_load_file(JH_SOURCE_DIR "/data/surveys/teacher.json", NULL, &s, NULL, &err));
    if (!s) return;
    int m = -1;
    for (int k = 0; k < s->n_items && m < 0; k++)
        if (s->items[k].type == SURVEY_ITEM_MULTI) m = k;
    CHECK(m >= 0);
    survey_item_options(&s->items[m], &n_opt);
    n = readaloud_item(s, m, "zh-CN", p, READALOUD_MAX_PARTS);
    CHECK_INT(n_opt + 2, n);
    if (n == n_opt + 2) {
        snprintf(want, sizeof want, "可以选多项，最多 %d 项。选好后点“确定”。", s->items[m].max_choices);
        CHECK_STR(want, p[1].text);
        CHECK_INT(-1, p[1].option);
        snprintf(want, sizeof want, "%s.hint", s->items[m].id);
        CHECK_STR(want, p[1].key);
        CHECK_INT(0, p[2].option);
    }
    readaloud_free(p, n);
    n = readaloud_item(s, m, "en", p, READALOUD_MAX_PARTS);
    CHECK(n == n_opt + 2 && strstr(p[1].text, "Confirm") != NULL);
    readaloud_free(p, n);
    survey_free(s);
}

int main(void)
{
    RUN(test_ordinals_and_parts);
    RUN(test_missing_voice);
    RUN(test_phonemes_chinese);
    RUN(test_phonemes_english);
    RUN(test_stream_and_stop);
    RUN(test_every_bundled_text);
    CHECK_DONE();
}
