/* readaloud.c - the parts of a question read aloud; see readaloud.h. */
#include "readaloud.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_zh(const char *locale)
{
    return !locale || !strncmp(locale, "zh", 2);
}

void readaloud_ordinal(int n, const char *locale, char *out, size_t size)
{
    static const char *digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (!is_zh(locale)) {
        snprintf(out, size, "Option %d", n);
        return;
    }
    if (n < 1 || n > 99) {
        snprintf(out, size, "第%d个", n);
        return;
    }
    int tens = n / 10, ones = n % 10;
    snprintf(out, size, "第%s%s%s个", tens > 1 ? digit[tens] : "", tens ? "十" : "", digit[ones]);
}

static int add(readaloud_part_t *parts, int n, int max, char *text, char *key, int option)
{
    if (n >= max) {
        free(text);
        free(key);
        return n;
    }
    parts[n] = (readaloud_part_t){text, key, option};
    return n + 1;
}

int readaloud_item(const survey_t *s, int item, const char *locale, readaloud_part_t *parts, int max)
{
    JH_EXPECT(item >= 0 && item < s->n_items);
    const survey_item_t *it = &s->items[item];
    bool zh = is_zh(locale);
    int n = 0;
    const char *q = survey_text_get(&it->text, locale);
    const char *help = it->help.n ? survey_text_get(&it->help, locale) : NULL;
    n = add(parts, n, max, help && *help ? jh_sprintf("%s %s", q, help) : jh_strdup(q), jh_strdup(it->id), -1);
    if (it->type == SURVEY_ITEM_RATING) {
        n = add(parts, n, max,
                jh_strdup(zh ? "从0分到10分，分数越高越满意" : "From 0 to 10: the higher, the more satisfied"),
                jh_sprintf("%s.range", it->id), -1);
        return n;
    }
    if (it->type == SURVEY_ITEM_TEXT) {
        /* the line under the question on the screen (ui_i18n's
         * UI_S_TEXT_HINT): that it may be left empty, and how to write */
        n = add(parts, n, max,
                jh_strdup(zh ? "这道题可以不填，点“跳过”即可。想写的话点一下方框：可以手写、拼音或选常用语。"
                             : "You may leave this empty and touch Skip. To write, touch the box: handwriting, "
                               "pinyin, letters or ready phrases."),
                jh_sprintf("%s.hint", it->id), -1);
        return n;
    }
    if (it->type == SURVEY_ITEM_MULTI) {
        /* the line under the question (ui_i18n's UI_S_MULTI_HINT): several
         * may be chosen, and 确定 after (review rspeech4 item 6) */
        int most = it->max_choices > 0 ? it->max_choices : 1;
        n = add(parts, n, max,
                zh ? jh_sprintf("可以选多项，最多 %d 项。选好后点“确定”。", most)
                   : jh_sprintf("Choose up to %d, then touch Confirm.", most),
                jh_sprintf("%s.hint", it->id), -1);
    }
    int n_opt = 0;
    const survey_option_t *o = survey_item_options(it, &n_opt);
    for (int i = 0; i < n_opt; i++) {
        char ord[32];
        readaloud_ordinal(i + 1, locale, ord, sizeof ord);
        n = add(parts, n, max, jh_sprintf("%s%s%s", ord, zh ? "，" : ": ", survey_text_get(&o[i].label, locale)),
                jh_sprintf("%s.%s", it->id, o[i].code), i);
    }
    return n;
}

void readaloud_free(readaloud_part_t *parts, int n)
{
    for (int i = 0; i < n; i++) {
        free(parts[i].text);
        free(parts[i].key);
    }
}
