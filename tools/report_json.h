/* report_json.h - reading the statistics document (docs/stats-json.md) for
 * the report: members by key with typed defaults, array elements walked in
 * order in O(1) a step, and the Chinese names of respondent roles.  Shared by
 * the HTML report (report_doc.c) and the workbook (report_book.c).
 *
 * Ownership: every function borrows what it is given; returned nodes and
 * strings point into the document (or are static) and live as long as it. */
#ifndef JH_REPORT_JSON_H
#define JH_REPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Element i of arr (NULL when out of range).  Walking an array in order is
 * O(1) a step (cJSON's own lookup is O(i), which made large reports
 * quadratic): a few cursors are kept, one per array being walked.  Not
 * thread-safe. */
const cJSON *rjson_at(const cJSON *arr, int i);

/* Forgets every cursor.  Call before walking a new document: it may reuse a
 * freed one's addresses. */
void rjson_reset(void);

/* Member key of object o; NULL when o is NULL or has no such member. */
const cJSON *rjson_get(const cJSON *o, const char *key);

/* Member key as a number; NAN when absent or not a number. */
double rjson_num(const cJSON *o, const char *key);

/* Member key as a string; "" when absent or not a string. */
const char *rjson_str(const cJSON *o, const char *key);

/* Member key is true (false when absent, false, or not a boolean). */
bool rjson_bool(const cJSON *o, const char *key);

/* 家长, 教师, 学生, 校长, 社会公众 for the document's role codes; any other
 * code is returned as it is. */
const char *rjson_role_zh(const char *role);

/* A round's name as the title page writes its year: "2026年" for a bare
 * year "2026"; any other name ("2027年", "2027年春季") as it is, with no
 * second 年 (review r2book item 1).  Writes into out (size n), returns out;
 * "" for NULL. */
const char *rjson_round_zh(const char *round, char *out, size_t n);

/* A satisfaction group's row, shared by the HTML report and the workbook:
 * the key of its count ("n_questionnaires", else "n_answers", else
 * "n_answers_max_item": what the group counts), and whether a suppressed
 * group was hidden so that a smaller one cannot be derived (its reason
 * "complementary": 隐藏（防推算）) rather than for its own size (样本不足). */
const char *rjson_group_count_key(const cJSON *group);
/* What a satisfaction entry's rate counts: its rate_name_zh (满意率,
 * 认同率, 选“很少”“从不”的比例, 满意答案比例); else, a topic of a document
 * written before topics named theirs, the name its items in root's by_item
 * share, or the neutral 满意答案比例; else 满意率 (review r2book item 3). */
const char *rjson_rate_name_zh(const cJSON *root, const cJSON *e);
bool rjson_hidden_complementary(const cJSON *group);

/* The Chinese sentences of a bilingual text ("中文。 English."): the text is
 * cut after each "。", ". " or "; " and only the pieces holding a Chinese
 * character are kept.  Returns a heap string the caller frees. */
char *rjson_zh_text(const char *text);
/* The English sentences of such a text (the pieces without a Chinese
 * character), or the whole text when it has none (a Chinese-only text is
 * better than nothing).  Returns a heap string the caller frees. */
char *rjson_en_text(const char *text);

/* An ISO time "2026-11-30T02:24:20Z" as the date and time in Beijing
 * (UTC+8): "2026年11月30日" and "10:24"; the text as it is when unreadable. */
void rjson_beijing_time(const char *iso, char *date, size_t dsize, char *time, size_t tsize);

/* With JH_REPORT_TRACE set in the environment, prints to stderr the wall
 * time since the first call, the calling thread's CPU time and what: where
 * `junheng report`'s time goes, thread by thread.  Nothing otherwise. */
void rjson_trace(const char *what);

#endif
