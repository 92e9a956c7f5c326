/* test_survey.c - unit tests of the questionnaire loader and validator:
 * one exact-message test per error class, show_if visibility, answer
 * checks, satisfied/excluded, the content hash, the font coverage reader,
 * the wording checks and the bundled questionnaires. */
#include <cjson/cJSON.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "cmap.h"
#include "jh.h"
#include "json_locate.h"
#include "survey.h"

static char *base_json;   /* tests/survey/base.json */
static bool print_actual; /* JH_PRINT_ACTUAL=1: print messages instead of failing (to write new cases) */

/* Test glyph callback: everything but U+2714 and U+5586 '喆'. */
static bool fake_glyph(void *ctx, uint32_t cp)
{
    (void)ctx;
    return cp != 0x2714 && cp != 0x5586;
}

/* base.json with the first occurrence of from replaced by to (from must occur). */
static char *variant(const char *from, const char *to)
{
    const char *at = strstr(base_json, from);
    if (!at) {
        fprintf(stderr, "test bug: '%s' not in base.json\n", from);
        exit(2);
    }
    return jh_sprintf("%.*s%s%s", (int)(at - base_json), base_json, to, at + strlen(from));
}

/* Loads text; returns the error lines ("" when it loaded) and frees the survey. */
static char *load_errors(const char *text, int max_errors)
{
    survey_check_opts_t opts = {.has_glyph = fake_glyph, .max_errors = max_errors};
    jh_buf_t errors = {0};
    survey_t *s = NULL;
    jh_err_t err = {0};
    jh_status_t st = survey_load_text("t.json", text, strlen(text), &opts, &s, &errors, &err);
    CHECK((st == JH_OK) == (s != NULL));
    CHECK((st == JH_OK) == (errors.len == 0));
    if (st != JH_OK) {
        /* err holds exactly the first line */
        const char *nl = strchr(errors.data, '\n');
        CHECK(nl != NULL && strlen(err.msg) == (size_t)(nl - errors.data) &&
              !strncmp(err.msg, errors.data, strlen(err.msg)));
        CHECK_INT(JH_ERR_INVALID, err.status);
    }
    survey_free(s);
    return jh_buf_take(&errors);
}

#define EXPECT_ERRORS(expected, text)                                         \
    do {                                                                      \
        char *t_ = (text);                                                    \
        char *got_ = load_errors(t_, 0);                                      \
        if (print_actual) printf("  %s:%d\n%s", __FILE__, __LINE__, got_);    \
        else CHECK_STR(expected, got_);                                       \
        free(got_);                                                           \
        free(t_);                                                             \
    } while (0)

/* One substitution in base.json must give exactly these error lines. */
#define EXPECT_VARIANT(from, to, expected) EXPECT_ERRORS(expected, variant(from, to))

static void test_base_loads(void)
{
    EXPECT_ERRORS("", jh_strdup(base_json));
}

/* Inserts an item before the last one ("comment", items[7]). */
#define ADD_ITEM "{\"id\": \"comment\""
#define ADD(item) item ", {\"id\": \"comment\""

static void test_syntax_errors(void)
{
    /* Columns count characters: "宿舍好吗？" is 5 characters, 15 bytes. */
    EXPECT_VARIANT("\"text\": {\"zh-CN\": \"宿舍好吗？\", \"en\": \"Dorm?\"},",
                   "\"text\": {\"zh-CN\": \"宿舍好吗？\", \"en\": \"Dorm?\",},",
                   "t.json:27:48: JSON syntax error: '}' after a comma (remove the last comma)\n");
    EXPECT_VARIANT("\"title\": {\"zh-CN\": \"问卷\", \"en\": \"Survey\"},",
                   "\"title\": {\"zh-CN\": \"问卷\" \"en\": \"Survey\"},",
                   "t.json:7:27: JSON syntax error: '\"' (a comma is missing before it)\n");
    EXPECT_VARIANT("\"method\": \"answers\",", "\"method\": answers,",
                   "t.json:8:13: JSON syntax error: unexpected 'a'\n");
    EXPECT_ERRORS("t.json:3:1: JSON syntax error: unexpected end of file (a missing } ] or \")\n",
                  jh_strdup("{\n  \"id\": \"x\",\n"));
    EXPECT_ERRORS("t.json:1:13: JSON syntax error: unexpected '中'\n", jh_strdup("{\"id\": \"x\"} 中文"));
    EXPECT_ERRORS("t.json:2:7: JSON syntax error: unexpected full-width '：' (use ASCII : , \" { } [ ])\n",
                  jh_strdup("{\n  \"id\"：\"x\"}"));
    /* Invisible characters are named by code point, not shown as an empty
     * quote; a comment is named as one (review rquest3 item 5). */
    EXPECT_ERRORS("t.json:3:1: JSON syntax error: unexpected U+3000 full-width space (invisible; replace it with "
                  "an ordinary space)\n",
                  jh_strdup("{\n  \"id\": \"x\",\n\xE3\x80\x80\"version\": \"1\"}"));
    EXPECT_ERRORS("t.json:2:3: JSON syntax error: unexpected U+00A0 no-break space (invisible; replace it with "
                  "an ordinary space)\n",
                  jh_strdup("{\n  \xC2\xA0\"id\": \"x\"}"));
    EXPECT_ERRORS("t.json:2:3: JSON syntax error: unexpected U+200B zero-width space (invisible; delete it)\n",
                  jh_strdup("{\n  \xE2\x80\x8B\"id\": \"x\"}"));
    EXPECT_ERRORS("t.json:2:3: JSON syntax error: unexpected U+FEFF byte order mark (invisible; delete it)\n",
                  jh_strdup("{\n  \xEF\xBB\xBF\"id\": \"x\"}"));
    EXPECT_ERRORS("t.json:2:9: JSON syntax error: unexpected full-width '\xE2\x80\x98' (use ASCII : , \" { } [ ])\n",
                  jh_strdup("{\n  \"id\": \xE2\x80\x98x\xE2\x80\x99}"));
    EXPECT_ERRORS("t.json:2:3: JSON syntax error: unexpected '/': JSON allows no comments (delete the // or /* */ "
                  "comment)\n",
                  jh_strdup("{\n  // the id\n  \"id\": \"x\"}"));
    EXPECT_ERRORS("t.json:1:13: JSON syntax error: unexpected 'v' (field names need double quotes)\n",
                  jh_strdup("{\"id\": \"x\", version: 1}"));
    EXPECT_ERRORS("t.json:2:11: JSON syntax error: invalid escape '\\q' (write \\\\ for a backslash)\n",
                  jh_strdup("{\n  \"id\": \"a\\qb\"}"));
    EXPECT_ERRORS("t.json:2:11: JSON syntax error: invalid escape (\\u needs 4 hex digits, like \\u4e2d)\n",
                  jh_strdup("{\n  \"id\": \"a\\u12\"}"));
    EXPECT_ERRORS("t.json:2:9: JSON syntax error: a string is not closed (a missing \")\n",
                  jh_strdup("{\n  \"id\": \"好abc\n}\n"));
    EXPECT_ERRORS("t.json: expected a JSON object {...} at the top level, got an array\n", jh_strdup("[1, 2]"));
    /* A NUL byte inside the file is reported where it is. */
    survey_t *s = NULL;
    jh_buf_t errors = {0};
    CHECK_INT(JH_ERR_INVALID, survey_load_text("t.json", "{}\n\0{}", 6, NULL, &s, &errors, NULL));
    CHECK_STR("t.json:2:1: JSON syntax error: a NUL byte; a questionnaire is UTF-8 text\n", errors.data);
    jh_buf_free(&errors);
    /* A UTF-8 byte-order mark is accepted and not counted in columns. */
    char *bom = jh_sprintf("\xEF\xBB\xBF%s", base_json);
    EXPECT_ERRORS("", bom);
    bom = jh_sprintf("\xEF\xBB\xBF{,}");
    EXPECT_ERRORS("t.json:1:2: JSON syntax error: unexpected ','\n", bom);
}

static void test_unknown_fields(void)
{
    EXPECT_VARIANT("\"method\": \"answers\",", "\"method\": \"answers\", \"colour\": \"red\",",
                   "t.json:8:34: colour: unknown field (a questionnaire has: id, version, audience, audience_label, locales, title, intro, closing, method, topics, scales, items)\n");
    EXPECT_VARIANT("{\"id\": \"boards\", \"type\": \"yesno\",", "{\"id\": \"boards\", \"type\": \"yesno\", \"colour\": 1,",
                   "t.json:24:49: items[0].colour: unknown field (an item has: id, type, text, help, required, show_if, topic, overall, background, locality, scale, options, max_choices, satisfied_min, max_length, phrases, satisfied, yes_label, no_label)\n");
    EXPECT_VARIANT("\"max_length\": 50", "\"max_choices\": 50",
                   "t.json:57:54: items[7].max_choices: not used by a 'text' item (only by: multi)\n");
    EXPECT_VARIANT("{\"code\": \"low\",", "{\"code\": \"low\", \"value\": 1,",
                   "t.json:38:34: items[3].options[0].value: unknown field (an option has: code, label, score, satisfied, excluded)\n");
    EXPECT_VARIANT("\"item\": \"boards\",", "\"item\": \"boards\", \"when\": 1,",
                   "t.json:28:45: items[1].show_if.when: unknown field (a show_if condition has: item, in, not_in)\n");
    EXPECT_VARIANT("\"version\": \"1\",", "\"version\": \"1\", \"version\": \"2\",",
                   "t.json:3:14: version: field given twice (remove one)\n");
}

/* Issue 18: a scale's "kind" and the respondent's locality item. */
static void test_kind_and_locality(void)
{
    EXPECT_VARIANT("\"id\": \"sat\",", "\"id\": \"sat\", \"kind\": \"agreement\",", "");
    EXPECT_VARIANT("\"id\": \"sat\",", "\"id\": \"sat\", \"kind\": \"often\",",
                   "t.json:15:28: scales[0].kind: unknown scale kind 'often' (expected \"satisfaction\", \"agreement\" or \"frequency\")\n");
    EXPECT_VARIANT("\"id\": \"grade\", \"type\": \"choice\", \"background\": true,",
                   "\"id\": \"grade\", \"type\": \"choice\", \"background\": true, \"locality\": true,",
                   "t.json:35:72: items[3].locality: option 'low' of the locality item is not a locality (expected the codes "
                   "\"urban\", \"town\" and \"rural\", plus excluded answers)\n");
    EXPECT_VARIANT("{\"code\": \"low\", \"label\": {\"zh-CN\": \"低年级\", \"en\": \"Low\"}}",
                   "{\"code\": \"rural\", \"label\": {\"zh-CN\": \"乡村\", \"en\": \"Rural\"}}", "");
    EXPECT_VARIANT("\"id\": \"grade\", \"type\": \"choice\", \"background\": true,",
                   "\"id\": \"grade\", \"type\": \"choice\", \"locality\": true,",
                   "t.json:35:52: items[3].locality: the locality item must also be a background item (\"background\": true)\n");
    /* The model: kind defaults to satisfaction; the flag is kept. */
    char *text = variant("\"id\": \"sat\",", "\"id\": \"sat\", \"kind\": \"frequency\",");
    survey_t *sv = NULL;
    CHECK_INT(JH_OK, survey_load_text("t.json", text, strlen(text), NULL, &sv, NULL, NULL));
    if (sv) CHECK_INT(SURVEY_KIND_FREQUENCY, sv->scales[0].kind);
    survey_free(sv);
    free(text);
    sv = NULL;
    CHECK_INT(JH_OK, survey_load_text("t.json", base_json, strlen(base_json), NULL, &sv, NULL, NULL));
    if (sv) {
        CHECK_INT(SURVEY_KIND_SATISFACTION, sv->scales[0].kind);
        CHECK(!sv->items[3].locality);
    }
    survey_free(sv);
}

/* Issue 13: "phrases" on a text item: texts in every locale, 1..24 of
 * them, none longer than max_length; loaded into the model. */
static void test_phrases(void)
{
    EXPECT_VARIANT("\"max_length\": 50", "\"max_length\": 50, \"phrases\": [{\"zh-CN\": \"感谢老师\", \"en\": \"Thanks\"}]",
                   "");
    EXPECT_VARIANT("\"max_length\": 50", "\"max_length\": 50, \"phrases\": []",
                   "t.json:57:68: items[7].phrases: expected a list of 1 to 24 phrases, each {\"zh-CN\": \"...\"}\n");
    EXPECT_VARIANT("\"max_length\": 50", "\"max_length\": 50, \"phrases\": \"感谢老师\"",
                   "t.json:57:68: items[7].phrases: expected a list of 1 to 24 phrases, each {\"zh-CN\": \"...\"}\n");
    EXPECT_VARIANT("\"max_length\": 50", "\"max_length\": 50, \"phrases\": [{\"zh-CN\": \"感谢老师\"}]",
                   "t.json:57:69: items[7].phrases[0]: missing the 'en' translation (\"locales\" declares zh-CN, en)\n");
    EXPECT_VARIANT("\"max_length\": 50", "\"max_length\": 3, \"phrases\": [{\"zh-CN\": \"感谢老师\", \"en\": \"Hi\"}]",
                   "t.json:57:68: items[7].phrases[0]: the zh-CN phrase has 4 characters, more than max_length 3\n");
    EXPECT_VARIANT("\"id\": \"boards\", \"type\": \"yesno\",",
                   "\"id\": \"boards\", \"type\": \"yesno\", \"phrases\": [{\"zh-CN\": \"是\", \"en\": \"Y\"}],",
                   "t.json:24:50: items[0].phrases: not used by a 'yesno' item (only by: text)\n");
    survey_t *sv = NULL;
    jh_buf_t errors = {0};
    char *text = variant("\"max_length\": 50",
                         "\"max_length\": 50, \"phrases\": [{\"zh-CN\": \"感谢老师\", \"en\": \"Thanks\"}, "
                         "{\"zh-CN\": \"饭菜可以更好\", \"en\": \"Better meals\"}]");
    CHECK_INT(JH_OK, survey_load_text("t.json", text, strlen(text), NULL, &sv, &errors, NULL));
    if (sv) {
        const survey_item_t *c = &sv->items[7];
        CHECK_INT(2, c->n_phrases);
        if (c->n_phrases == 2) {
            CHECK_STR("饭菜可以更好", survey_text_get(&c->phrases[1], "zh-CN"));
            CHECK_STR("Better meals", survey_text_get(&c->phrases[1], "en"));
        }
        survey_free(sv);
    }
    jh_buf_free(&errors);
    free(text);
}

static void test_missing_fields(void)
{
    EXPECT_VARIANT("\"version\": \"1\",", "",
                   "t.json: missing field 'version'; expected a version string such as \"1.0\"\n");
    EXPECT_VARIANT("{\"id\": \"boards\", \"type\": \"yesno\", \"text\": {\"zh-CN\": \"住校吗？\", \"en\": \"Boards?\"}}",
                   "{\"id\": \"boards\", \"type\": \"yesno\"}",
                   "t.json:24:5: items[0]: missing field 'text'; expected a text object such as {\"zh-CN\": \"...\", \"en\": \"...\"}\n");
    EXPECT_VARIANT("{\"code\": \"low\", \"label\": {\"zh-CN\": \"低年级\", \"en\": \"Low\"}}", "{\"code\": \"low\"}",
                   "t.json:38:9: items[3].options[0]: missing field 'label'; expected a text object such as {\"zh-CN\": \"...\", \"en\": \"...\"}\n");
    EXPECT_VARIANT("\"max_choices\": 2,", "",
                   "t.json:42:5: items[4]: missing field 'max_choices'; expected an integer from 1 to 4 (the item has 4 options)\n");
    EXPECT_VARIANT("\"show_if\": {\"item\": \"boards\", \"in\": [\"yes\"]}", "\"show_if\": {\"item\": \"boards\"}",
                   "t.json:28:18: items[1].show_if: missing field 'in' or 'not_in'; expected a list of answer codes of item 'boards'\n");
}

static void test_wrong_types(void)
{
    EXPECT_VARIANT("\"score\": 2,", "\"score\": \"2\",",
                   "t.json:17:77: scales[0].options[0].score: expected a number, got a string\n");
    EXPECT_VARIANT("\"required\": true,", "\"required\": \"yes\",",
                   "t.json:31:101: items[2].required: expected true or false, got a string\n");
    EXPECT_VARIANT("\"title\": {\"zh-CN\": \"问卷\", \"en\": \"Survey\"},", "\"title\": \"问卷\",",
                   "t.json:7:12: title: expected a text object such as {\"zh-CN\": \"...\", \"en\": \"...\"}, got a string\n");
    EXPECT_VARIANT("\"type\": \"rating\"", "\"type\": \"slider\"",
                   "t.json:52:29: items[5].type: unknown type 'slider' (expected one of scale, choice, multi, rating, yesno, text)\n");
    EXPECT_VARIANT("\"method\": \"answers\"", "\"method\": \"average\"",
                   "t.json:8:13: method: expected \"answers\" or \"questionnaires\", got 'average'\n");
    EXPECT_VARIANT("\"items\": [", "\"items\": {}, \"x\": [",
                   "t.json:23:21: x: unknown field (a questionnaire has: id, version, audience, audience_label, locales, title, intro, closing, method, topics, scales, items)\n"
                   "t.json:23:12: items: expected an array of items, got an object\n");
}

static void test_duplicates(void)
{
    EXPECT_VARIANT("{\"code\": \"d\",", "{\"code\": \"s\",",
                   "t.json:18:18: scales[0].options[1].code: duplicate code 's' (already used by scales[0].options[0])\n");
    EXPECT_VARIANT("{\"id\": \"comment\"", "{\"id\": \"why\"",
                   "t.json:57:12: items[7].id: duplicate item id 'why' (already used by items[6])\n");
    EXPECT_VARIANT("{\"id\": \"overall\",", "{\"id\": \"meals\",",
                   "t.json:11:12: topics[1].id: duplicate topic id 'meals'\n"
                   "t.json:52:48: items[5].topic: unknown topic 'overall' (declared topics: meals)\n");
    EXPECT_VARIANT("\"locales\": [\"zh-CN\", \"en\"]", "\"locales\": [\"zh-CN\", \"en\", \"en\"]",
                   "t.json:6:30: locales[2]: locale 'en' is listed twice\n");
}

static void test_references(void)
{
    EXPECT_VARIANT("\"scale\": \"sat\", \"topic\": \"meals\", \"overall\"", "\"scale\": \"sat7\", \"topic\": \"meals\", \"overall\"",
                   "t.json:31:47: items[2].scale: unknown scale 'sat7' (declared scales: sat)\n");
    EXPECT_VARIANT("\"item\": \"boards\"", "\"item\": \"boarding\"",
                   "t.json:28:27: items[1].show_if.item: unknown item 'boarding' (show_if must name an earlier item)\n");
    EXPECT_VARIANT("\"item\": \"score\"", "\"item\": \"comment\"",
                   "t.json:55:27: items[6].show_if.item: item 'comment' comes later (items[7]); show_if may only name an earlier item, so cycles cannot occur\n");
    EXPECT_VARIANT("\"item\": \"boards\"", "\"item\": \"dorm\"",
                   "t.json:28:27: items[1].show_if.item: item 'dorm' refers to itself (show_if may only name an earlier item, so cycles cannot occur)\n");
    EXPECT_VARIANT("\"in\": [\"yes\"]", "\"in\": [\"maybe\"]",
                   "t.json:28:44: items[1].show_if.in[0]: 'maybe' is not an answer of item 'boards' (expected one of: yes, no)\n");
    EXPECT_VARIANT("\"in\": [\"0\", \"1\", \"2\"]", "\"in\": [\"0\", \"11\"]",
                   "t.json:55:48: items[6].show_if.in[1]: '11' is not an answer of item 'score' (expected one of: 0 to 10)\n");
    EXPECT_VARIANT(ADD_ITEM, ADD("{\"id\": \"x\", \"type\": \"text\", \"text\": {\"zh-CN\": \"乙\", \"en\": \"B\"}, "
                                 "\"show_if\": {\"item\": \"why\", \"not_in\": [\"a\"]}}"),
                   "t.json:57:88: items[7].show_if.item: item 'why' is a free-text item (show_if needs an item with answer codes)\n");
    EXPECT_VARIANT("\"topic\": \"meals\", \"overall\"", "\"topic\": \"food\", \"overall\"",
                   "t.json:31:63: items[2].topic: unknown topic 'food' (declared topics: meals, overall)\n");
}

static void test_translations(void)
{
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"en\": \"Score\"}",
                   "t.json:52:67: items[5].text: missing the zh-CN text (every text needs one)\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打分\"}",
                   "t.json:52:67: items[5].text: missing the 'en' translation (\"locales\" declares zh-CN, en)\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打分\", \"en\": \"Score\", \"fr\": \"Note\"}",
                   "t.json:52:104: items[5].text.fr: locale 'fr' is not declared in \"locales\" (declared: zh-CN, en)\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打分\", \"en\": \"Score\", \"French\": \"Note\"}",
                   "t.json:52:108: items[5].text.French: 'French' is not a locale (expected a declared locale: zh-CN, en)\n");
    EXPECT_VARIANT("\"locales\": [\"zh-CN\", \"en\"]", "\"locales\": [\"en\"]",
                   "t.json:6:14: locales: must include \"zh-CN\" (every text needs a zh-CN version)\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \" \", \"en\": \"Score\"}",
                   "t.json:52:77: items[5].text.zh-CN: empty text\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打\\t分\", \"en\": \"Score\"}",
                   "t.json:52:77: items[5].text.zh-CN: control character U+0009 (only \\n is allowed)\n");
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打\xff分\", \"en\": \"Score\"}",
                   "t.json:52:77: items[5].text.zh-CN: invalid UTF-8 at byte 3 (save the file as UTF-8)\n");
}

static void test_glyphs(void)
{
    EXPECT_VARIANT("{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打分✔喆✔\", \"en\": \"Score ✔\"}",
                   "t.json:52:77: items[5].text.zh-CN: the font cannot draw U+2714 '✔', U+5586 '喆' (use other characters)\n"
                   "t.json:52:92: items[5].text.en: the font cannot draw U+2714 '✔' (use other characters)\n");
}

static void test_item_rules(void)
{
    EXPECT_VARIANT("{\"id\": \"score\", \"type\": \"rating\", \"topic\": \"overall\",",
                   "{\"id\": \"score\", \"type\": \"rating\",",
                   "t.json:52:5: items[5]: a rated item needs a \"topic\" (declared topics: meals, overall)\n");
    EXPECT_VARIANT("{\"id\": \"score\", \"type\": \"rating\", \"topic\": \"overall\",",
                   "{\"id\": \"score\", \"type\": \"rating\", \"topic\": \"overall\", \"overall\": true,",
                   "t.json:52:70: items[5].overall: more than one overall item (items[2] is already the overall item)\n");
    EXPECT_VARIANT("\"max_choices\": 2", "\"max_choices\": 5",
                   "t.json:43:56: items[4].max_choices: expected an integer from 1 to 4 (the item has 4 options), got 5\n");
    EXPECT_VARIANT("\"max_choices\": 2", "\"max_choices\": 0",
                   "t.json:43:56: items[4].max_choices: expected an integer from 1 to 4 (the item has 4 options), got 0\n");
    EXPECT_VARIANT("\"max_choices\": 2", "\"max_choices\": 1.5",
                   "t.json:43:56: items[4].max_choices: expected an integer from 1 to 4 (the item has 4 options), got 1.5\n");
    EXPECT_VARIANT("\"type\": \"rating\",", "\"type\": \"rating\", \"satisfied_min\": 11,",
                   "t.json:52:56: items[5].satisfied_min: expected an integer from 1 to 10 (the lowest rating that counts as satisfied), got 11\n");
    EXPECT_VARIANT("{\"code\": \"low\",", "{\"code\": \"low grade\",",
                   "t.json:38:18: items[3].options[0].code: 'low grade' is not a valid code (expected 1-32 characters from A-Z a-z 0-9 _ -)\n");
    EXPECT_VARIANT("{\"code\": \"low\",", "{\"code\": \"a,b\",",
                   "t.json:38:18: items[3].options[0].code: 'a,b' is not a valid code (expected 1-32 characters from A-Z a-z 0-9 _ -)\n");
    EXPECT_VARIANT(ADD_ITEM, ADD("{\"id\": \"x\", \"type\": \"choice\", \"text\": {\"zh-CN\": \"乙\", \"en\": \"B\"}, \"options\": []}"),
                   "t.json:57:81: items[7].options: the option list is empty (expected 2 to 16 options)\n");
    EXPECT_VARIANT(ADD_ITEM, ADD("{\"id\": \"x\", \"type\": \"choice\", \"text\": {\"zh-CN\": \"乙\", \"en\": \"B\"}, "
                                 "\"options\": [{\"code\": \"a\", \"label\": {\"zh-CN\": \"甲\", \"en\": \"A\"}}]}"),
                   "t.json:57:81: items[7].options: 1 option (expected 2 to 16 options)\n");
    EXPECT_VARIANT("\"audience\": \"parent\"", "\"audience\": \"Parents!\"",
                   "t.json:4:15: audience: 'Parents!' is not an identifier (expected a-z, 0-9 and _, starting with a letter, like \"parent\")\n");
    EXPECT_VARIANT("\"score\": 2, \"satisfied\": true}", "\"score\": 2, \"satisfied\": true, \"excluded\": true}",
                   "t.json:17:9: scales[0].options[0]: an option cannot be both \"satisfied\" and \"excluded\"\n");
    EXPECT_VARIANT("\"score\": 2, \"satisfied\": true}", "\"score\": 2}",
                   "t.json:16:18: scales[0].options: no option is marked \"satisfied\": true (a scale needs at least one)\n");
    EXPECT_VARIANT("{\"code\": \"na\", \"label\": {\"zh-CN\": \"不愿回答\", \"en\": \"No answer\"}, \"excluded\": true}",
                   "{\"code\": \"na\", \"label\": {\"zh-CN\": \"不愿回答\", \"en\": \"No answer\"}}",
                   "t.json:35:54: items[3].background: a background item must offer an excluded answer such as \"不愿回答 / prefer not to say\"\n");
    EXPECT_VARIANT("{\"id\": \"comment\", \"type\": \"text\",", "{\"id\": \"comment\", \"type\": \"text\", \"required\": true,",
                   "t.json:57:51: items[7].required: a free-text item is always optional (remove \"required\")\n");
    EXPECT_VARIANT("{\"code\": \"a\",", "{\"code\": \"a\", \"satisfied\": true,",
                   "t.json:46:36: items[4].options[0].satisfied: a multi item does not count in satisfaction (remove \"satisfied\")\n");
    EXPECT_VARIANT("{\"id\": \"boards\", \"type\": \"yesno\",", "{\"id\": \"boards\", \"type\": \"yesno\", \"topic\": \"meals\",",
                   "t.json:24:48: items[0].topic: only rated items have a topic (add \"satisfied\": \"yes\" or remove the topic)\n");
    EXPECT_VARIANT("{\"id\": \"boards\", \"type\": \"yesno\",", "{\"id\": \"boards\", \"type\": \"yesno\", \"satisfied\": \"maybe\",",
                   "t.json:24:52: items[0].satisfied: expected \"yes\" or \"no\", got 'maybe'\n");
    EXPECT_VARIANT("{\"id\": \"boards\", \"type\": \"yesno\",", "{\"id\": \"boards\", \"type\": \"yesno\", \"overall\": true,",
                   "t.json:24:50: items[0].overall: the overall item must be rated (a scale or rating item, or one with satisfied answers)\n");
    EXPECT_VARIANT("{\"id\": \"boards\",", "{\"id\": \"Boards\",",
                   "t.json:24:12: items[0].id: 'Boards' is not an identifier (expected a-z, 0-9 and _, starting with a letter)\n"
                   "t.json:28:27: items[1].show_if.item: unknown item 'boards' (show_if must name an earlier item)\n");
    EXPECT_VARIANT("\"id\": \"t-1\"", "\"id\": \"t 1\"",
                   "t.json:2:9: id: 't 1' is not a valid id (expected 1-64 characters from A-Z a-z 0-9 _ . -)\n");
    EXPECT_VARIANT("\"in\": [\"yes\"]", "\"in\": [\"yes\"], \"not_in\": [\"no\"]",
                   "t.json:28:18: items[1].show_if: give either \"in\" or \"not_in\", not both\n");
}

static void test_collects_all(void)
{
    char *a = variant("\"version\": \"1\",", "");
    char *b = jh_strdup(a);
    free(a);
    const char *subs[][2] = {{"\"audience\": \"parent\"", "\"audience\": \"Parent\""},
                             {"\"max_choices\": 2", "\"max_choices\": 9"},
                             {"{\"zh-CN\": \"打分\", \"en\": \"Score\"}", "{\"zh-CN\": \"打分\"}"}};
    for (int i = 0; i < 3; i++) {
        char *at = strstr(b, subs[i][0]);
        CHECK(at != NULL);
        char *n = jh_sprintf("%.*s%s%s", (int)(at - b), b, subs[i][1], at + strlen(subs[i][0]));
        free(b);
        b = n;
    }
    EXPECT_ERRORS("t.json: missing field 'version'; expected a version string such as \"1.0\"\n"
                  "t.json:4:15: audience: 'Parent' is not an identifier (expected a-z, 0-9 and _, starting with a "
                  "letter, like \"parent\")\n"
                  "t.json:43:56: items[4].max_choices: expected an integer from 1 to 4 (the item has 4 options), got 9\n"
                  "t.json:52:67: items[5].text: missing the 'en' translation (\"locales\" declares zh-CN, en)\n",
                  jh_strdup(b));
    /* max_errors: the rest are counted, not listed. */
    char *got = load_errors(b, 2);
    CHECK_STR("t.json: missing field 'version'; expected a version string such as \"1.0\"\n"
              "t.json:4:15: audience: 'Parent' is not an identifier (expected a-z, 0-9 and _, starting with a "
              "letter, like \"parent\")\n"
              "t.json: 2 more errors not shown\n",
              got);
    free(got);
    free(b);
}

/* Loads base.json (or text) or fails the test. */
static survey_t *load_ok(const char *text)
{
    survey_t *s = NULL;
    jh_buf_t errors = {0};
    jh_err_t err = {0};
    survey_load_text("t.json", text, strlen(text), NULL, &s, &errors, &err);
    CHECK_STR("", errors.data ? errors.data : "");
    jh_buf_free(&errors);
    return s;
}

static void test_model(void)
{
    survey_t *s = load_ok(base_json);
    if (!s) return;
    CHECK_STR("t-1", s->id);
    CHECK_STR("parent", s->audience);
    CHECK_STR("answers", s->method);
    CHECK_INT(2, s->n_locales);
    CHECK_STR("zh-CN", s->locales[0]);
    CHECK_STR("家长", survey_text_get(&s->audience_label, "zh-CN"));
    CHECK_STR("Parent", survey_text_get(&s->audience_label, "en"));
    CHECK_STR("家长", survey_text_get(&s->audience_label, "ug")); /* falls back to zh-CN */
    CHECK_STR("", survey_text_get(&s->intro, "en"));              /* absent text */
    CHECK_INT(8, s->n_items);
    CHECK_INT(2, survey_item_index(s, "food"));
    CHECK_INT(-1, survey_item_index(s, "nope"));
    const survey_item_t *food = &s->items[2], *boards = &s->items[0], *improve = &s->items[4];
    const survey_item_t *score = &s->items[5], *comment = &s->items[7], *grade = &s->items[3];
    CHECK(food->overall && food->required && food->type == SURVEY_ITEM_SCALE);
    CHECK(food->scale == &s->scales[0]);
    int n = 0;
    const survey_option_t *o = survey_item_options(food, &n);
    CHECK_INT(3, n);
    CHECK_STR("dk", o[2].code);
    CHECK(o[0].satisfied && !o[0].excluded && o[2].excluded && !o[2].satisfied);
    CHECK_NEAR(2.0, o[0].score, 1e-9);
    o = survey_item_options(boards, &n);
    CHECK_INT(2, n);
    CHECK_STR("yes", o[0].code);
    CHECK_STR("是", survey_text_get(&o[0].label, "zh-CN"));
    CHECK_STR("不是", survey_text_get(&o[1].label, "zh-CN"));
    CHECK_STR("No", survey_text_get(&o[1].label, "en"));
    CHECK_INT(2, improve->max_choices);
    CHECK_INT(7, score->satisfied_min); /* default */
    CHECK_INT(50, comment->max_length);
    CHECK_INT(200, s->items[6].max_length); /* default */
    CHECK(grade->background && !survey_item_rated(grade));
    CHECK(survey_item_rated(food) && survey_item_rated(score));
    CHECK(!survey_item_rated(boards) && !survey_item_rated(improve) && !survey_item_rated(comment));
    CHECK_STR("meals", food->topic);
    CHECK_STR("饭菜", survey_text_get(&survey_topic_find(s, "meals")->label, NULL));
    CHECK(survey_topic_find(s, "nope") == NULL);
    CHECK_INT(0, s->items[1].show_if.item_index);
    CHECK_INT(-1, food->show_if.item_index);
    survey_free(s);
}

static void test_visibility(void)
{
    char *t = variant(ADD_ITEM, ADD("{\"id\": \"not_low\", \"type\": \"text\", \"text\": {\"zh-CN\": \"乙\", \"en\": \"B\"}, "
                                    "\"show_if\": {\"item\": \"improve\", \"not_in\": [\"a\", \"b\"]}}, "
                                    "{\"id\": \"dorm_bad\", \"type\": \"text\", \"text\": {\"zh-CN\": \"丙\", \"en\": \"C\"}, "
                                    "\"show_if\": {\"item\": \"dorm\", \"in\": [\"d\"]}}"));
    survey_t *s = load_ok(t);
    free(t);
    if (!s) return;
    const char *v[10] = {0};
    survey_answers_t a = {v, 10};
    int dorm = 1, why = 6, not_low = 7, dorm_bad = 8;
    CHECK(!survey_item_visible(s, dorm, &a)); /* unanswered: hidden */
    CHECK(survey_item_visible(s, 0, &a));     /* no condition */
    CHECK(survey_item_visible(s, 2, NULL));
    v[0] = "no";
    CHECK(!survey_item_visible(s, dorm, &a));
    v[0] = "yes";
    CHECK(survey_item_visible(s, dorm, &a));
    /* rating codes */
    v[5] = "2";
    CHECK(survey_item_visible(s, why, &a));
    v[5] = "10";
    CHECK(!survey_item_visible(s, why, &a));
    /* not_in on a multi item: shown unless a or b was picked (and when unanswered) */
    CHECK(survey_item_visible(s, not_low, &a));
    v[4] = "c";
    CHECK(survey_item_visible(s, not_low, &a));
    v[4] = "c,b";
    CHECK(!survey_item_visible(s, not_low, &a));
    v[4] = "ab";
    CHECK(survey_item_visible(s, not_low, &a)); /* whole codes only */
    /* chains: the answer of a hidden item does not count */
    v[1] = "d";
    CHECK(survey_item_visible(s, dorm_bad, &a));
    v[0] = "no";
    CHECK(!survey_item_visible(s, dorm_bad, &a));
    /* answers shorter than the item list */
    survey_answers_t few = {v, 1};
    CHECK(!survey_item_visible(s, why, &few));
    survey_free(s);
}

static void test_values(void)
{
    survey_t *s = load_ok(base_json);
    if (!s) return;
    const survey_item_t *boards = &s->items[0], *food = &s->items[2], *grade = &s->items[3];
    const survey_item_t *improve = &s->items[4], *score = &s->items[5], *comment = &s->items[7];
    jh_err_t err = {0};
    CHECK_INT(JH_OK, survey_value_check(food, "s", &err));
    CHECK_INT(JH_OK, survey_value_check(food, "dk", &err));
    CHECK_INT(JH_ERR_INVALID, survey_value_check(food, "x", &err));
    CHECK_STR("item 'food': 'x' is not one of its answer codes", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(food, NULL, &err));
    CHECK_STR("item 'food': no answer given", err.msg);
    CHECK_INT(JH_OK, survey_value_check(boards, "no", &err));
    CHECK_INT(JH_ERR_INVALID, survey_value_check(boards, "No", &err));
    CHECK_INT(JH_OK, survey_value_check(grade, "na", &err));
    CHECK_INT(JH_OK, survey_value_check(improve, "a", &err));
    CHECK_INT(JH_OK, survey_value_check(improve, "c,a", &err));
    CHECK_INT(JH_OK, survey_value_check(improve, "na", &err));
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "a,b,c", &err));
    CHECK_STR("item 'improve': 3 answers chosen, at most 2 allowed", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "a,a", &err));
    CHECK_STR("item 'improve': 'a' is chosen twice", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "a,na", &err));
    CHECK_STR("item 'improve': an answer like \"prefer not to say\" cannot be combined with others", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "a,", &err));
    CHECK_STR("item 'improve': 'a,' is not a comma-separated list of answer codes", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "", &err));
    CHECK_INT(JH_ERR_INVALID, survey_value_check(improve, "a,z", &err));
    CHECK_STR("item 'improve': 'z' is not one of its answer codes", err.msg);
    const char *good[] = {"0", "7", "10"}, *bad[] = {"11", "-1", "07", "", "7.5", " 7", "100"};
    for (int i = 0; i < 3; i++) CHECK_INT(JH_OK, survey_value_check(score, good[i], &err));
    for (int i = 0; i < 7; i++) CHECK_INT(JH_ERR_INVALID, survey_value_check(score, bad[i], &err));
    CHECK_STR("item 'score': '100' is not a rating from 0 to 10", err.msg);
    CHECK_INT(JH_OK, survey_value_check(comment, "", &err));
    /* max_length 50 counts characters, not bytes: 50 hanzi are 150 bytes */
    char text[256] = "";
    for (int i = 0; i < 50; i++) strcat(text, "好");
    CHECK_INT(JH_OK, survey_value_check(comment, text, &err));
    strcat(text, "好");
    CHECK_INT(JH_ERR_INVALID, survey_value_check(comment, text, &err));
    CHECK_STR("item 'comment': the text has 51 characters, at most 50 allowed", err.msg);
    CHECK_INT(JH_ERR_INVALID, survey_value_check(comment, "\xC3\x28", &err));
    CHECK_STR("item 'comment': the text is not valid UTF-8", err.msg);
    survey_free(s);
}

static void test_satisfied_excluded(void)
{
    char *t = variant("{\"id\": \"boards\", \"type\": \"yesno\",",
                      "{\"id\": \"boards\", \"type\": \"yesno\", \"topic\": \"meals\", \"satisfied\": \"no\",");
    survey_t *s = load_ok(t);
    free(t);
    if (!s) return;
    const survey_item_t *boards = &s->items[0], *food = &s->items[2], *grade = &s->items[3];
    const survey_item_t *improve = &s->items[4], *score = &s->items[5], *comment = &s->items[7];
    CHECK(survey_value_satisfied(food, "s"));
    CHECK(!survey_value_satisfied(food, "d") && !survey_value_excluded(food, "d"));
    CHECK(!survey_value_satisfied(food, "dk") && survey_value_excluded(food, "dk"));
    CHECK(!survey_value_satisfied(food, NULL) && !survey_value_excluded(food, NULL));
    CHECK(!survey_value_satisfied(food, "bogus") && !survey_value_excluded(food, "bogus"));
    CHECK(survey_item_rated(boards));
    CHECK(survey_value_satisfied(boards, "no") && !survey_value_satisfied(boards, "yes"));
    CHECK(!survey_value_satisfied(score, "6") && survey_value_satisfied(score, "7") && survey_value_satisfied(score, "10"));
    CHECK(!survey_value_satisfied(score, "x") && !survey_value_excluded(score, "0"));
    CHECK(!survey_value_satisfied(grade, "low") && survey_value_excluded(grade, "na") && !survey_value_excluded(grade, "low"));
    CHECK(survey_value_excluded(improve, "na") && !survey_value_excluded(improve, "a,b"));
    CHECK(!survey_value_satisfied(improve, "a"));
    CHECK(!survey_value_satisfied(comment, "很好") && !survey_value_excluded(comment, "很好"));
    survey_free(s);
    /* satisfied_min moves the threshold */
    t = variant("\"type\": \"rating\",", "\"type\": \"rating\", \"satisfied_min\": 9,");
    s = load_ok(t);
    free(t);
    if (!s) return;
    CHECK(!survey_value_satisfied(&s->items[5], "8") && survey_value_satisfied(&s->items[5], "9"));
    survey_free(s);
}

/* The hash covers content, not formatting: re-indented or key-reordered
 * text hashes the same, any edit does not, and the canonical text loads
 * back to the same hash. */
static void test_hash(void)
{
    survey_t *a = load_ok(base_json);
    if (!a) return;
    CHECK_INT(64, strlen(a->hash));
    char check[65];
    jh_sha256_hex(a->source_json, strlen(a->source_json), check);
    CHECK_STR(check, a->hash);
    CHECK(strchr(a->source_json, '\n') == NULL);
    CHECK(strncmp(a->source_json, "{\"audience\":\"parent\",\"audience_label\":{\"en\":\"Parent\",\"zh-CN\":\"家长\"}", 60) == 0);

    /* reformatted: pretty-printed by cJSON with tabs, keys as in the file */
    cJSON *tree = cJSON_Parse(base_json);
    char *pretty = cJSON_Print(tree);
    survey_t *b = load_ok(pretty);
    CHECK(b && !strcmp(a->hash, b->hash));
    survey_free(b);
    /* key order changed: move "id" to the end of the top-level object */
    cJSON *id = cJSON_DetachItemFromObject(tree, "id");
    cJSON_AddItemToObject(tree, "id", id);
    char *moved = cJSON_PrintUnformatted(tree);
    CHECK(strcmp(moved, pretty) != 0);
    b = load_ok(moved);
    CHECK(b && !strcmp(a->hash, b->hash));
    survey_free(b);
    /* escapes are content-equal: \u5bb6 is 家 */
    char *esc = variant("\"家长\"", "\"\\u5bb6长\"");
    b = load_ok(esc);
    CHECK(b && !strcmp(a->hash, b->hash));
    survey_free(b);
    /* the canonical text itself loads to the same hash */
    b = load_ok(a->source_json);
    CHECK(b && !strcmp(a->hash, b->hash) && !strcmp(a->source_json, b->source_json));
    survey_free(b);
    /* any edit changes it: a label, a score, the order of items */
    const char *edits[][2] = {{"\"满意\"", "\"很满意\""},
                              {"\"score\": 2,", "\"score\": 3,"},
                              {"\"required\": true,", ""},
                              {"\"version\": \"1\"", "\"version\": \"1.1\""}};
    for (int i = 0; i < 4; i++) {
        char *e = variant(edits[i][0], edits[i][1]);
        b = load_ok(e);
        CHECK(b && strcmp(a->hash, b->hash) != 0);
        survey_free(b);
        free(e);
    }
    free(esc);
    cJSON_free(moved);
    cJSON_free(pretty);
    cJSON_Delete(tree);
    survey_free(a);
}

static void test_load_file(void)
{
    /* Without an errors buffer, err still gets the first line; no name
     * gives "questionnaire". */
    jh_err_t e1 = {0};
    survey_t *q = NULL;
    CHECK_INT(JH_ERR_INVALID, survey_load_text(NULL, "{\"id\": 1}", 9, NULL, &q, NULL, &e1));
    CHECK(q == NULL);
    CHECK_STR("questionnaire:1:8: id: expected an id (1-64 characters from A-Z a-z 0-9 _ . -, like \"parent-2026\"), "
              "got a number", e1.msg);
    CHECK_INT(JH_ERR_INVALID, survey_load_text("e.json", "", 0, NULL, &q, NULL, &e1));
    CHECK_STR("e.json:1:1: JSON syntax error: unexpected end of file (a missing } ] or \")", e1.msg);

    survey_t *s = NULL;
    jh_buf_t errors = {0};
    jh_err_t err = {0};
    CHECK_INT(JH_ERR_NOTFOUND, survey_load_file("/nonexistent/q.json", NULL, &s, &errors, &err));
    CHECK(s == NULL);
    CHECK_CONTAINS("/nonexistent/q.json", errors.data);
    CHECK_CONTAINS("/nonexistent/q.json", err.msg);
    jh_buf_free(&errors);
}

/* A font with a format 12 cmap built in memory: 'A'-'C' (the group starting
 * at glyph 0 loses 'A'), U+4E2D, U+1F600. */
static void test_cmap_synthetic(void)
{
    unsigned char f[128] = {0};
    unsigned char *p = f;
#define PUT16(v) (p[0] = (unsigned char)((v) >> 8), p[1] = (unsigned char)(v), p += 2)
#define PUT32(v) (PUT16((uint32_t)(v) >> 16), PUT16((v) & 0xFFFF))
    PUT32(0x00010000); PUT16(1); PUT16(0); PUT16(0); PUT16(0);   /* offset table, 1 table */
    PUT32(0x636D6170); PUT32(0); PUT32(28); PUT32(64);           /* "cmap" at 28 */
    PUT16(0); PUT16(1); PUT16(3); PUT16(10); PUT32(12);          /* cmap header, (3,10) at +12 */
    PUT16(12); PUT16(0); PUT32(52); PUT32(0); PUT32(3);          /* format 12, 3 groups */
    PUT32(0x40); PUT32(0x43); PUT32(0);                          /* '@'..'C' from glyph 0 */
    PUT32(0x4E2D); PUT32(0x4E2D); PUT32(5);
    PUT32(0x1F600); PUT32(0x1F600); PUT32(6);
    cmap_t *c = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, cmap_load_mem(f, (size_t)(p - f), "f.otf", &c, &err));
    if (c) {
        CHECK_INT(5, cmap_count(c));
        CHECK(!cmap_has(c, 0x40) && cmap_has(c, 'A') && cmap_has(c, 'C') && !cmap_has(c, 'D'));
        CHECK(cmap_has(c, 0x4E2D) && cmap_has(c, 0x1F600) && !cmap_has(c, 0x4E2E));
        cmap_free(c);
    }
    /* cut short: every truncation is an error, never a read past the end */
    for (size_t n = 0; n < (size_t)(p - f); n++) {
        c = NULL;
        jh_status_t st = cmap_load_mem(f, n, "f.otf", &c, &err);
        CHECK(st == JH_ERR_INVALID && c == NULL);
    }
    CHECK_INT(JH_ERR_INVALID, cmap_load_mem("ttcf\0\0\0\0\0\0\0\0", 12, "x.ttc", &c, &err));
    CHECK_STR("x.ttc: a font collection (.ttc); give a single .otf or .ttf font", err.msg);
    CHECK_INT(JH_ERR_INVALID, cmap_load_mem("{\"id\": \"parent-2026\"}", 21, "p.json", &c, &err));
    CHECK_STR("p.json: not an OpenType or TrueType font", err.msg);
}

static char *src_path(const char *rel)
{
    const char *src = getenv("JH_SOURCE_DIR");
    return jh_sprintf("%s/%s", src ? src : ".", rel);
}

static void test_cmap_bundled_font(void)
{
    char *path = src_path("fonts/NotoSansSC-Junheng.otf");
    cmap_t *c = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, cmap_load_file(path, &c, &err));
    free(path);
    if (!c) return;
    /* fonts/README.md: 10,905 mapped code points; no ✔ U+2714, no 喆 */
    CHECK_INT(10905, cmap_count(c));
    CHECK(cmap_has(c, 0x4E2D) && cmap_has(c, 0x5B66) && cmap_has(c, 0x2713) && cmap_has(c, 0xD7));
    CHECK(cmap_has(c, 0x3002) && cmap_has(c, 0xFF1F) && cmap_has(c, 'A') && cmap_has(c, ' '));
    CHECK(!cmap_has(c, 0x2714) && !cmap_has(c, 0x5586) && !cmap_has(c, 0x1F600));
    cmap_free(c);
}

/* The national survey topics (balance-rules.md §4: the eight of the
 * quality-balance survey, the basic-balance form's items, the overall
 * judgement): every rated item of a shipped questionnaire names one. */
static const char *const national_topics[] = {
    "moral_education", "equity", "resource_sharing", "compliance", "well_rounded", "assessment",
    "teaching_quality", "workload", "nearby", "school_choice", "conditions", "staff_gap", "government",
    "overall", NULL};

/* Characters (not bytes) of a UTF-8 string. */
static int u8_chars(const char *p)
{
    int n = 0;
    for (; *p; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

/* Whether hanzi cp (BMP) is a level-1 common character of GB 2312 (rows
 * 16-55: the 3,755 most used characters, 一级常用汉字). */
static bool gb2312_level1(uint32_t cp)
{
    char in[4] = {0}, out[8] = {0};
    in[0] = (char)(0xE0 | (cp >> 12));
    in[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    in[2] = (char)(0x80 | (cp & 0x3F));
    iconv_t cd = iconv_open("GB2312", "UTF-8");
    if (cd == (iconv_t)-1) return false;
    char *ip = in, *op = out;
    size_t il = 3, ol = sizeof out;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1 || op - out != 2) return false;
    unsigned char hi = (unsigned char)out[0];
    return hi >= 0xB0 && hi <= 0xD7;
}

/* The first hanzi of text that is not a level-1 common character, or 0. */
static uint32_t uncommon_hanzi(const char *p)
{
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0xE0 && c < 0xF0 && p[1] && p[2]) {
            uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (uint32_t)(p[2] & 0x3F);
            if (cp >= 0x4E00 && cp <= 0x9FFF && !gb2312_level1(cp)) return cp;
            p += 3;
        } else {
            p++;
        }
    }
    return 0;
}

/* A shipped questionnaire loads against the real font and has what issue
 * 18 asks for: the version given (2.0, or 2.1 for the parents' and pupils'
 * after the review of session 13), English everywhere, short option labels, one
 * overall item, background items with 不愿回答, a locality item (residence)
 * unless it is the teachers', every rated item on a national topic, one
 * question per item (at most one question mark) and no "多不多 / 有没有 /
 * 安全吗" question on a satisfaction scale. */
static survey_t *check_shipped(const char *rel, const char *audience, const char *version, int min_items,
                               int max_items)
{
    char *path = src_path(rel);
    char *font = src_path("fonts/NotoSansSC-Junheng.otf");
    cmap_t *c = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, cmap_load_file(font, &c, &err));
    survey_check_opts_t opts = {.has_glyph = cmap_glyph_fn, .glyph_ctx = c};
    survey_t *s = NULL;
    jh_buf_t errors = {0};
    CHECK_INT(JH_OK, survey_load_file(path, c ? &opts : NULL, &s, &errors, &err));
    CHECK_STR("", errors.data ? errors.data : "");
    jh_buf_free(&errors);
    free(path);
    free(font);
    cmap_free(c);
    if (!s) return NULL;
    CHECK_STR(audience, s->audience);
    CHECK_STR(version, s->version);
    CHECK_INT(2, s->n_locales);
    if (!(s->n_items >= min_items && s->n_items <= max_items))
        fprintf(stderr, "%s: expected %d-%d items, got %d\n", rel, min_items, max_items, s->n_items);
    CHECK(s->n_items >= min_items && s->n_items <= max_items);
    int overall = 0, background = 0, locality = 0, text = 0;
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        const char *zh = survey_text_get(&it->text, "zh-CN");
        overall += it->overall;
        text += it->type == SURVEY_ITEM_TEXT && !it->required;
        locality += it->locality;
        if (it->background) {
            background++;
            /* always "prefer not to say", excluded */
            const survey_option_t *o = survey_item_option(it, "no_answer");
            CHECK(o && o->excluded && !strcmp("不愿回答", survey_text_get(&o->label, "zh-CN")));
            CHECK(!it->required);
        }
        if (survey_item_rated(it)) {
            bool national = false;
            for (int k = 0; national_topics[k]; k++) national |= it->topic && !strcmp(it->topic, national_topics[k]);
            if (!national) fprintf(stderr, "%s: item %s: topic '%s' is not a national survey topic\n", rel, it->id,
                                   it->topic ? it->topic : "(none)");
            CHECK(national);
        }
        /* one question per item */
        int q = 0;
        for (const char *p = zh; (p = strstr(p, "？")); p += 3) q++;
        if (q > 1) fprintf(stderr, "%s: item %s asks %d questions: %s\n", rel, it->id, q, zh);
        CHECK(q <= 1);
        if (it->type == SURVEY_ITEM_SCALE && it->scale && it->scale->kind == SURVEY_KIND_SATISFACTION) {
            bool mismatch = strstr(zh, "多不多") || strstr(zh, "有没有") || strstr(zh, "安全吗") || strstr(zh, "多吗");
            if (mismatch) fprintf(stderr, "%s: item %s: a yes/no or frequency question on a satisfaction scale\n",
                                  rel, it->id);
            CHECK(!mismatch);
        }
        /* English everywhere, labels short enough for a big button */
        CHECK(strcmp(survey_text_get(&it->text, "en"), zh) != 0);
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        for (int k = 0; k < n; k++) {
            CHECK(u8_chars(survey_text_get(&o[k].label, "zh-CN")) <= 8);
            CHECK(o[k].label.n == 2);
        }
    }
    CHECK_INT(1, overall);
    CHECK(background >= 2);
    CHECK(text >= 1);
    CHECK_INT(strcmp(audience, "teacher") ? 1 : 0, locality);
    return s;
}

/* Wording checks (issue 18): a separate pass over a loaded questionnaire.
 * The loader, which is all the kiosk runs, accepts what they reject. */
static void test_wording(void)
{
    survey_t *sv = NULL;
    CHECK_INT(JH_OK, survey_load_text("t.json", base_json, strlen(base_json), NULL, &sv, NULL, NULL));
    if (!sv) return;
    jh_buf_t errors = {0}, warnings = {0};
    /* 宿舍好吗？ and 饭菜好吗？ on the satisfaction scale 'sat', no 满意 in either */
    CHECK_INT(2, survey_check_wording(sv, "t.json", &errors, &warnings));
    CHECK_CONTAINS("t.json: items[1].text.zh-CN: item 'dorm': \"宿舍好吗\" asks yes/no or how much (“吗”)",
                   errors.data ? errors.data : "");
    CHECK_CONTAINS("t.json: items[2].text.zh-CN: item 'food'", errors.data ? errors.data : "");
    CHECK(warnings.data == NULL);
    /* the count is the same without buffers */
    CHECK_INT(2, survey_check_wording(sv, NULL, NULL, NULL));
    jh_buf_free(&errors);
    survey_free(sv);
    /* asked as satisfaction: one error left; on a frequency scale: none
     * (a 好吗 question is no satisfaction question) */
    static const struct { const char *from, *to; int errors; } cases[] = {
        {"\"宿舍好吗？\"", "\"宿舍好吗？您满意吗？\"", 1},
        {"\"id\": \"sat\",", "\"id\": \"sat\", \"kind\": \"frequency\",", 0},
        {"\"住校吗？\"", "\"您对住校满意吗？\"", 3},
        {"\"宿舍好吗？\"", "\"您对宿舍或食堂满意吗？\"", 2},
        {"\"宿舍好吗？\"", "\"您对宿舍和食堂满意吗？\"", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = variant(cases[i].from, cases[i].to);
        sv = NULL;
        CHECK_INT(JH_OK, survey_load_text("t.json", text, strlen(text), NULL, &sv, NULL, NULL));
        if (sv) CHECK_INT(cases[i].errors, survey_check_wording(sv, "t.json", NULL, NULL));
        survey_free(sv);
        free(text);
    }
}

/* The "don't know" answer the intro names (不清楚的题，就选“不了解”): the
 * text between the intro's first “ and ”, or "" when it names none. */
static char *intro_dont_know(const survey_t *s)
{
    const char *zh = survey_text_get(&s->intro, "zh-CN");
    const char *a = zh ? strstr(zh, "“") : NULL, *b = a ? strstr(a, "”") : NULL;
    if (!a || !b) return jh_strdup("");
    a += strlen("“");
    return jh_strndup(a, (size_t)(b - a));
}

/* Whether a zh-CN label says "don't know" in one of its usual words. */
static bool says_dont_know(const char *zh)
{
    return !strcmp(zh, "不了解") || !strcmp(zh, "不知道") || !strcmp(zh, "不清楚") || !strcmp(zh, "说不清");
}

/* Review of session 13: the intro tells a person who does not know to pick
 * its "don't know" answer, so (1) every rated item with answer buttons
 * offers that answer, excluded — a yes/no item cannot, and a parent who
 * does not know taps 没有, which counts as satisfied — except the items in
 * exempt (NULL-terminated: questions the respondent always knows the answer
 * to, e.g. a teacher's own allowance); (2) every "don't know" option reads
 * as the intro says (不了解, not 不清楚 beside it). Returns the number of
 * faults, each printed. */
static int check_dont_know(const survey_t *s, const char *rel, const char *const *exempt)
{
    char *dk = intro_dont_know(s);
    int faults = 0;
    if (!*dk) {
        fprintf(stderr, "%s: the intro names no \"don't know\" answer in “”\n", rel);
        faults++;
    }
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        bool offers = false;
        for (int k = 0; k < n; k++) {
            const char *zh = survey_text_get(&o[k].label, "zh-CN");
            if (says_dont_know(zh) && (strcmp(zh, dk) || !o[k].excluded)) {
                fprintf(stderr, "%s: item %s: option '%s' reads %s%s; the intro says “%s”\n", rel, it->id,
                        o[k].code, zh, o[k].excluded ? "" : " and is not excluded", dk);
                faults++;
            }
            offers |= o[k].excluded && !strcmp(zh, dk);
        }
        bool is_exempt = false;
        for (int e = 0; exempt && exempt[e]; e++) is_exempt |= !strcmp(exempt[e], it->id);
        if (survey_item_rated(it) && it->type != SURVEY_ITEM_RATING && !offers && !is_exempt) {
            fprintf(stderr, "%s: item %s is rated but offers no “%s” (a person who does not know must pick an "
                            "answer that counts)\n", rel, it->id, dk);
            faults++;
        }
    }
    free(dk);
    return faults;
}

static void test_shipped_dont_know(void)
{
    static const struct {
        const char *rel, *exempt[3];
    } files[] = {
        {"data/surveys/parent.json", {NULL}},
        {"data/surveys/student.json", {NULL}},
        /* a teacher knows whether they are paid for their after-school work */
        {"data/surveys/teacher.json", {"after_school_paid", NULL}},
        {"data/surveys/public.json", {NULL}},
    };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char *path = src_path(files[f].rel);
        survey_t *s = NULL;
        jh_err_t err = {0};
        CHECK_INT(JH_OK, survey_load_file(path, NULL, &s, NULL, &err));
        free(path);
        if (!s) continue;
        CHECK_INT(0, check_dont_know(s, files[f].rel, files[f].exempt));
        survey_free(s);
    }
    /* The check really tells: a rated yes/no item, a 不清楚 option. */
    static const char yn[] =
        "{\"id\": \"t\", \"version\": \"1\", \"audience\": \"parent\", \"audience_label\": {\"zh-CN\": \"家长\"},"
        " \"title\": {\"zh-CN\": \"问卷\"}, \"intro\": {\"zh-CN\": \"不清楚的题，就选“不了解”。\"}, \"method\": \"answers\","
        " \"topics\": [{\"id\": \"c\", \"label\": {\"zh-CN\": \"规范\"}}], \"items\": ["
        "{\"id\": \"fees\", \"type\": \"yesno\", \"topic\": \"c\", \"text\": {\"zh-CN\": \"学校有没有乱收钱？\"},"
        " \"satisfied\": \"no\"},"
        "{\"id\": \"size\", \"type\": \"choice\", \"text\": {\"zh-CN\": \"班上多少人？\"}, \"options\": ["
        "{\"code\": \"small\", \"label\": {\"zh-CN\": \"45人以内\"}},"
        "{\"code\": \"dont_know\", \"label\": {\"zh-CN\": \"不清楚\"}, \"excluded\": true}]}]}";
    survey_t *s = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, survey_load_text("t.json", yn, strlen(yn), NULL, &s, NULL, &err));
    if (s) {
        CHECK_INT(2, check_dont_know(s, "t.json (expected: 2 faults)", NULL));
        static const char *const fees[] = {"fees", NULL};
        CHECK_INT(1, check_dont_know(s, "t.json (expected: 1 fault)", fees));
    }
    survey_free(s);
}

static void test_shipped_questionnaires(void)
{
    survey_t *p = check_shipped("data/surveys/parent.json", "parent", "2.1", 30, 42);
    survey_t *t = check_shipped("data/surveys/teacher.json", "teacher", "2.0", 28, 36);
    survey_t *k = check_shipped("data/surveys/student.json", "student", "2.1", 15, 25);
    survey_t *q = check_shipped("data/surveys/public.json", "public", "2.0", 15, 25);
    /* The kiosk tells them apart by audience; the old ids stay. */
    if (p) CHECK_STR("parent-2026", p->id);
    if (t) CHECK_STR("teacher-2026", t->id);
    if (k) CHECK_STR("student-2026", k->id);
    if (q) CHECK_STR("public-2026", q->id);
    /* Every scale kind is used; the five-level satisfaction scale of 1.0
     * (满意 比较满意 基本满意 satisfied, 不满意 not, 不了解 excluded) is
     * unchanged for the adults, so kept items compare across versions. */
    survey_t *adults[3] = {p, t, q};
    for (int a = 0; a < 3; a++) {
        if (!adults[a]) continue;
        const survey_t *s = adults[a];
        int kinds[3] = {0, 0, 0};
        const survey_scale_t *sat5 = NULL;
        for (int i = 0; i < s->n_scales; i++) {
            kinds[s->scales[i].kind]++;
            if (!strcmp(s->scales[i].id, "sat5")) sat5 = &s->scales[i];
        }
        CHECK(kinds[SURVEY_KIND_SATISFACTION] >= 1 && kinds[SURVEY_KIND_AGREEMENT] >= 1 &&
              kinds[SURVEY_KIND_FREQUENCY] >= 1);
        CHECK(sat5 != NULL);
        if (sat5 && sat5->n_options == 5) {
            const survey_option_t *o = sat5->options;
            const char *zh[5] = {"满意", "比较满意", "基本满意", "不满意", "不了解"};
            for (int k2 = 0; k2 < 5; k2++) CHECK_STR(zh[k2], survey_text_get(&o[k2].label, "zh-CN"));
            CHECK(o[0].satisfied && o[1].satisfied && o[2].satisfied && !o[3].satisfied && !o[4].satisfied);
            CHECK(!o[3].excluded && o[4].excluded);
        } else {
            CHECK(!"sat5 has 5 options");
        }
    }
    /* Teachers: housing only for those who need it; pay for after-school
     * service and pay against civil servants' are asked. */
    if (t) {
        int h = survey_item_index(t, "housing");
        CHECK(h >= 0 && t->items[h].show_if.item_index >= 0);
        CHECK(survey_item_index(t, "after_school_paid") >= 0 && survey_item_index(t, "pay_civil") >= 0);
    }
    /* Pupils are surveyed from grade 3 (balance-rules.md §4): the grade
     * item offers 三年级. Grades 3-9: every hanzi a level-1 common character
     * (GB 2312's 3,755 most used), every question at most 20 characters. */
    if (k) {
        bool grade3 = false;
        for (int i = 0; i < k->n_items; i++) {
            const survey_option_t *g3 = k->items[i].background ? survey_item_option(&k->items[i], "g3") : NULL;
            grade3 |= g3 && !strcmp("三年级", survey_text_get(&g3->label, "zh-CN"));
        }
        if (!grade3) fprintf(stderr, "student.json: no background item offers g3 三年级\n");
        CHECK(grade3);
        for (int i = 0; i < k->n_items; i++) {
            const survey_item_t *it = &k->items[i];
            const char *texts[3] = {survey_text_get(&it->text, "zh-CN"),
                                    it->help.n ? survey_text_get(&it->help, "zh-CN") : "", NULL};
            for (int j = 0; texts[j]; j++) {
                uint32_t cp = uncommon_hanzi(texts[j]);
                if (cp) fprintf(stderr, "student.json: item %s: U+%04X is not a level-1 common character\n", it->id,
                                (unsigned)cp);
                CHECK_INT(0, (int)cp);
            }
            int n;
            const survey_option_t *o = survey_item_options(it, &n);
            for (int m = 0; m < n; m++) CHECK_INT(0, (int)uncommon_hanzi(survey_text_get(&o[m].label, "zh-CN")));
            if (u8_chars(texts[0]) > 20) fprintf(stderr, "student.json: item %s: %d characters\n", it->id,
                                                 u8_chars(texts[0]));
            CHECK(u8_chars(texts[0]) <= 20);
        }
    }
    /* The check really tells: 乡 is level 1, 琛 is not. */
    CHECK(gb2312_level1(0x4E61) && !gb2312_level1(0x741B));
    survey_free(p);
    survey_free(t);
    survey_free(k);
    survey_free(q);
}

/* Where a path stands in the text (json_locate.h): members and elements
 * stepped over whatever they hold (strings with brackets, quotes and
 * escapes, nested values), columns in characters, a BOM not counted, and a
 * missing step stopping at the deepest value found. */
static void test_json_locate(void)
{
    static const char *const t =
        "{\n"
        "  \"id\": \"a[1]}{\\\"x\\\"\",\n"          /* line 2 */
        "  \"items\": [\n"                          /* line 3 */
        "    {\"id\": \"甲乙\", \"n\": [1, [2, 3], {\"k\": \"]\"}]},\n" /* line 4 */
        "    {\"id\": \"b\",\n"                     /* line 5 */
        "     \"text\": {\"zh-CN\": \"好\", \"en\": \"ok\"}}\n" /* line 6 */
        "  ],\n"
        "  \"items2\": 7\n"                         /* line 8 */
        "}\n";
    int line = 0, col = 0;
    CHECK_INT(0, jh_json_locate(t, strlen(t), "", &line, &col));
    CHECK_INT(1, line);
    CHECK_INT(1, col);
    CHECK_INT(1, jh_json_locate(t, strlen(t), "id", &line, &col));
    CHECK_INT(2, line);
    CHECK_INT(9, col);
    CHECK_INT(2, jh_json_locate(t, strlen(t), "items[1]", &line, &col));
    CHECK_INT(5, line);
    CHECK_INT(5, col);
    CHECK_INT(4, jh_json_locate(t, strlen(t), "items[1].text.en", &line, &col));
    CHECK_INT(6, line);
    CHECK_INT(35, col);
    /* 甲乙 counts as two columns, not six bytes */
    CHECK_INT(3, jh_json_locate(t, strlen(t), "items[0].n", &line, &col));
    CHECK_INT(4, line);
    CHECK_INT(23, col);
    CHECK_INT(4, jh_json_locate(t, strlen(t), "items[0].n[2]", &line, &col));
    CHECK_INT(35, col);
    /* "items2" is not "items"; a missing member or element: the deepest
     * value found */
    CHECK_INT(1, jh_json_locate(t, strlen(t), "items2", &line, &col));
    CHECK_INT(8, line);
    CHECK_INT(2, jh_json_locate(t, strlen(t), "items[1].topic", &line, &col));
    CHECK_INT(5, line);
    CHECK_INT(5, col);
    CHECK_INT(1, jh_json_locate(t, strlen(t), "items[9].id", &line, &col));
    CHECK_INT(3, line);
    CHECK_INT(12, col);
    /* a byte-order mark is not a column; a text cut short stops the walk */
    char *bom = jh_sprintf("\xEF\xBB\xBF{\"a\": 1}");
    CHECK_INT(1, jh_json_locate(bom, strlen(bom), "a", &line, &col));
    CHECK_INT(1, line);
    CHECK_INT(7, col);
    free(bom);
    CHECK_INT(0, jh_json_locate("{\"a\": \"x", 8, "b", &line, &col));
    CHECK_INT(1, col);
}

int main(int argc, char **argv)
{
    const char *src = getenv("JH_SOURCE_DIR");
    print_actual = getenv("JH_PRINT_ACTUAL") != NULL;
    char *path = jh_sprintf("%s/tests/survey/base.json", src ? src : ".");
    jh_err_t err;
    if (jh_read_file(path, &base_json, NULL, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    free(path);
    RUN(test_base_loads);
    RUN(test_syntax_errors);
    RUN(test_json_locate);
    RUN(test_unknown_fields);
    RUN(test_missing_fields);
    RUN(test_phrases);
    RUN(test_kind_and_locality);
    RUN(test_wording);
    RUN(test_wrong_types);
    RUN(test_duplicates);
    RUN(test_references);
    RUN(test_translations);
    RUN(test_glyphs);
    RUN(test_item_rules);
    RUN(test_collects_all);
    RUN(test_model);
    RUN(test_visibility);
    RUN(test_values);
    RUN(test_satisfied_excluded);
    RUN(test_hash);
    RUN(test_load_file);
    RUN(test_cmap_synthetic);
    RUN(test_cmap_bundled_font);
    RUN(test_shipped_questionnaires);
    RUN(test_shipped_dont_know);
    free(base_json);
    CHECK_DONE();
}
