/* fuzz_survey.c - libFuzzer target for the questionnaire loader: any input
 * must give either a valid survey or error lines, never a crash or a leak.
 * A loaded survey must also keep its own promises: its canonical text loads
 * again to the same hash, every option code is a valid answer, and the
 * answer helpers accept what the kiosk would store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jh.h"
#include "survey.h"

/* Deterministic fake font: lacks a few code points so the glyph path runs. */
static bool fuzz_glyph(void *ctx, uint32_t cp)
{
    (void)ctx;
    return cp != 0x2714 && cp != 0x5586 && cp < 0x1F000;
}

static void fail(const char *what, const survey_t *s)
{
    fprintf(stderr, "fuzz_survey: %s (survey '%s')\n", what, s && s->id ? s->id : "?");
    abort();
}

static void exercise(const survey_t *s, const survey_check_opts_t *opts)
{
    /* 1. the canonical text is a fixed point */
    survey_t *again = NULL;
    jh_buf_t errors = {0};
    if (survey_load_text("canonical", s->source_json, strlen(s->source_json), opts, &again, &errors, NULL) != JH_OK)
        fail(errors.data ? errors.data : "canonical text does not load", s);
    if (strcmp(again->hash, s->hash) || strcmp(again->source_json, s->source_json))
        fail("canonical text loads to a different hash", s);
    survey_free(again);
    jh_buf_free(&errors);

    /* 2. answers built from the definition are accepted; visibility and
     * satisfaction never crash whatever is stored */
    const char **values = calloc((size_t)s->n_items + 1, sizeof *values);
    char rating[4];
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        int n = 0;
        const survey_option_t *o = survey_item_options(it, &n);
        jh_err_t err;
        for (int k = 0; k < n; k++) {
            if (survey_value_check(it, o[k].code, &err) != JH_OK) fail(err.msg, s);
            if (survey_value_satisfied(it, o[k].code) != (o[k].satisfied && survey_item_rated(it)))
                fail("satisfied flag and survey_value_satisfied disagree", s);
            if (survey_value_excluded(it, o[k].code) != o[k].excluded)
                fail("excluded flag and survey_value_excluded disagree", s);
        }
        if (it->type == SURVEY_ITEM_RATING) {
            snprintf(rating, sizeof rating, "%d", i % 11);
            if (survey_value_check(it, rating, &err) != JH_OK) fail(err.msg, s);
        }
        if ((it->type == SURVEY_ITEM_RATING) != (n == 0 && it->type != SURVEY_ITEM_TEXT))
            fail("only rating and text items have no options", s);
        if (it->show_if.item_index >= i) fail("show_if refers forward", s);
        if (survey_item_rated(it) != (it->topic != NULL)) fail("rated item without topic", s);
        values[i] = n ? o[i % n].code : it->type == SURVEY_ITEM_RATING ? "7" : NULL;
        (void)survey_text_get(&it->text, "en");
    }
    survey_answers_t a = {values, s->n_items};
    for (int i = 0; i < s->n_items; i++) {
        (void)survey_item_visible(s, i, &a);
        (void)survey_item_visible(s, i, NULL);
    }
    free(values);

    /* 3. the wording checks (issue 18): the count matches the lines, with
     * or without buffers */
    jh_buf_t werr = {0}, wwarn = {0};
    int n_err = survey_check_wording(s, "fuzz.json", &werr, &wwarn);
    if (n_err != survey_check_wording(s, "fuzz.json", NULL, NULL)) fail("wording count depends on the buffers", s);
    int lines = 0;
    for (size_t k = 0; k < werr.len; k++) lines += werr.data[k] == '\n';
    if (lines != n_err) fail("wording errors and lines differ", s);
    jh_buf_free(&werr);
    jh_buf_free(&wwarn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    survey_check_opts_t opts = {.has_glyph = fuzz_glyph, .max_errors = 40};
    survey_t *s = NULL;
    jh_buf_t errors = {0};
    jh_err_t err;
    jh_status_t st = survey_load_text("fuzz.json", (const char *)data, size, &opts, &s, &errors, &err);
    if (st == JH_OK) {
        if (!s || errors.len) fail("success with errors", s);
        exercise(s, &opts);
    } else {
        if (s || !errors.len || errors.data[errors.len - 1] != '\n' || !err.msg[0])
            fail("failure without error lines", s);
    }
    survey_free(s);
    jh_buf_free(&errors);
    return 0;
}
