/* readaloud.h - what the kiosk says when it reads a question aloud: the
 * question, then each option with its place ("第一个，满意；第二个，比较满意
 * …"), as separate parts so the screen can highlight the option being read.
 * No SDL, no audio: the parts are text for the synthesiser and a key naming
 * the recording that replaces it where a county recorded its own voice.
 *
 * Ownership: readaloud_item() fills a caller-owned array; the text and key
 * of each part are heap strings released by readaloud_free(). */
#ifndef JH_READALOUD_H
#define JH_READALOUD_H

#include "survey.h"

#define READALOUD_MAX_PARTS 64

typedef struct {
    char *text;    /* what is said: "您对孩子学校的校风满意吗？" / "第一个，满意" */
    char *key;     /* recording name: "ITEM" for the question, "ITEM.OPTION" for an option */
    int option;    /* index of the option being read, -1 for the question */
} readaloud_part_t;

/* The parts for item index of s in locale ("zh-CN" or another locale the
 * questionnaire declares; texts fall back to zh-CN).  Returns the number of
 * parts (question first).  A rating item reads its range ("从0到10分"), a
 * text item the line the screen shows under it (这道题可以不填……; key
 * "ITEM.hint", for which `junheng check --voice` expects no recording:
 * synthesised), a multiple-choice item after its question the line under
 * it (可以选多项，最多 3 项。选好后点“确定”; key "ITEM.hint") before the
 * options. */
int readaloud_item(const survey_t *s, int item, const char *locale, readaloud_part_t *parts, int max);
void readaloud_free(readaloud_part_t *parts, int n);

/* "第一个" … "第二十个" for 1-based n (zh), "Option n" otherwise. */
void readaloud_ordinal(int n, const char *locale, char *out, size_t size);

#endif
