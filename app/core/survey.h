/* survey.h - questionnaire definitions: the in-memory model, the JSON loader
 * and the validator shared by the kiosk and the bureau tool.
 *
 * The format is documented in docs/questionnaire-format.md.
 *
 * Ownership: survey_load* returns a survey_t owned by the caller, released
 * with survey_free().  Every pointer inside it (texts, scales, items) belongs
 * to the survey and lives until survey_free(); callers borrow them. */
#ifndef JH_SURVEY_H
#define JH_SURVEY_H

#include "jh.h"

/* A text in several languages.  zh-CN is mandatory; a loaded questionnaire
 * gives every text of the file every locale it declares (survey_t.locales);
 * the built-in yes/no labels have zh-CN and en. */
typedef struct {
    char *locale;  /* "zh-CN", "en", ... */
    char *text;    /* UTF-8 */
} survey_tr_t;

typedef struct {
    survey_tr_t *tr;  /* tr[0] is always zh-CN */
    int n;
} survey_text_t;

/* One answer option (of a scale or of a choice item). */
typedef struct {
    char *code;           /* stable code stored with answers: [A-Za-z0-9_-], unique in its list */
    survey_text_t label;  /* what the button says */
    double score;         /* numeric score (e.g. 5 = 满意 ... 1 = 不满意); 0 for excluded */
    bool satisfied;       /* counts as satisfied in satisfaction rates */
    bool excluded;        /* "不了解 / don't know", "prefer not to say": in no denominator */
} survey_option_t;

/* What a scale shows beside its words ("pictures", issue 14): nothing,
 * faces (green smiling for the best score ... red frowning for the worst,
 * grey with "?" for excluded options such as 不了解) or the same colours as
 * plain discs.  Drawn by the kiosk; the words stay. */
typedef enum { SURVEY_PICTURES_NONE = 0, SURVEY_PICTURES_FACES, SURVEY_PICTURES_COLOURS } survey_pictures_t;

/* What a scale measures ("kind", issue 18), so the validator can tell a
 * question from its scale (a 多不多 question on a satisfaction scale) and
 * reports can name the rate: 满意率 for satisfaction, 认同率 for agreement,
 * the share answering the satisfied set for frequency.  Absent means
 * satisfaction (questionnaires written before kinds existed). */
typedef enum {
    SURVEY_KIND_SATISFACTION = 0, /* "satisfaction": 满意 ... 不满意 */
    SURVEY_KIND_AGREEMENT,        /* "agreement": 完全同意 ... 不同意 */
    SURVEY_KIND_FREQUENCY,        /* "frequency": 从不 / 偶尔 / 经常 ... */
} survey_scale_kind_t;

/* An answer scale defined once and referenced by items. */
typedef struct {
    char *id;
    survey_option_t *options;
    int n_options;
    survey_pictures_t pictures;
    survey_scale_kind_t kind;
} survey_scale_t;

#define SURVEY_MAX_PHRASES 24

typedef enum {
    SURVEY_ITEM_SCALE = 0,  /* single choice on a referenced scale ("type": "scale") */
    SURVEY_ITEM_CHOICE,     /* single choice from listed options ("choice") */
    SURVEY_ITEM_MULTI,      /* multiple choice with a maximum ("multi") */
    SURVEY_ITEM_RATING,     /* integer 0..10 ("rating") */
    SURVEY_ITEM_YESNO,      /* yes / no ("yesno"); codes "yes" and "no" */
    SURVEY_ITEM_TEXT,       /* optional free text ("text") */
} survey_item_type_t;

/* show_if: the item is shown only when an earlier item's answer matches. */
typedef struct {
    int item_index;   /* index of the earlier item in survey_t.items; -1 = always shown */
    char **codes;     /* the item is shown when the answer is (or, for multi, includes) any of these */
    int n_codes;
    bool negate;      /* "not_in": shown when the answer is none of codes (or unanswered) */
} survey_cond_t;

typedef struct {
    char *id;                 /* unique within the questionnaire */
    survey_item_type_t type;
    survey_text_t text;       /* the question */
    survey_text_t help;       /* optional explanation (n == 0 when absent) */
    char *topic;              /* topic id (e.g. "after_school"); required on rated items, else may be NULL */
    bool required;
    bool overall;             /* the overall-judgement item (at most one per questionnaire) */
    bool background;          /* a background/breakdown item (grade band, residence ...) */
    bool locality;            /* the respondent's locality ("locality": true, issue 18): a
                               * background choice whose non-excluded option codes are
                               * "urban", "town" and "rural" (城区 / 镇区 / 乡村); at most one
                               * per questionnaire; counted against the sampling rules */
    const survey_scale_t *scale;   /* SCALE: the referenced scale; NULL otherwise */
    survey_option_t *options;      /* CHOICE / MULTI / YESNO: own options (YESNO gets yes/no) */
    int n_options;
    int max_choices;          /* MULTI: maximum number of options picked (>= 1) */
    int satisfied_min;        /* RATING: a rating >= this counts as satisfied (default 7) */
    int max_length;           /* TEXT: maximum length in characters (default 200) */
    survey_text_t *phrases;   /* TEXT: ready phrases for the input panel's 常用语 (may be NULL) */
    int n_phrases;
    survey_cond_t show_if;
} survey_item_t;

/* A topic: id and its label. */
typedef struct {
    char *id;
    survey_text_t label;
} survey_topic_t;

typedef struct {
    char *id;                 /* "parent-2026" */
    char *version;            /* "1.0" */
    char *audience;           /* "parent", "teacher", "student", "public", ... */
    survey_text_t audience_label; /* what the role button says: 家长 / Parent */
    survey_text_t title;
    survey_text_t intro;
    survey_text_t closing;
    char *method;             /* satisfaction method named in reports: "answers" or "questionnaires" */
    char **locales;           /* declared locales ("locales"), locales[0] = "zh-CN" */
    int n_locales;
    survey_topic_t *topics;
    int n_topics;
    survey_scale_t *scales;
    int n_scales;
    survey_item_t *items;
    int n_items;
    char hash[65];            /* SHA-256 hex of the canonical definition (see survey_hash) */
    char *source_json;        /* the canonical JSON text the hash was computed over (owned) */
    char *text;               /* the text as given, NUL-terminated, to name the lines of later
                               * checks' problems (owned); NULL unless survey_check_opts_t.keep_text */
} survey_t;

/* Answers given so far, used for show_if and validation of values.
 * values[i] is the stored answer of items[i] or NULL when unanswered:
 * SCALE/CHOICE/YESNO: the option code; MULTI: codes joined by ',';
 * RATING: decimal "0".."10"; TEXT: the text. */
typedef struct {
    const char *const *values;
    int n;
} survey_answers_t;

/* Optional check that every character of every text can be drawn.  Returns
 * true when codepoint cp is available.  NULL skips the check. */
typedef bool (*survey_glyph_fn)(void *ctx, uint32_t cp);

typedef struct {
    survey_glyph_fn has_glyph;  /* may be NULL */
    void *glyph_ctx;
    int max_errors;             /* stop collecting after this many (0 = 100) */
    bool keep_text;             /* keep the text as given in survey_t.text (`junheng check`) */
} survey_check_opts_t;

/* Loads and validates a questionnaire from JSON text.  name is used in
 * messages (usually the file path).  On failure returns JH_ERR_INVALID, *out
 * is NULL and errors holds every problem found, one per line, each of the form
 *   NAME:LINE:COL: message            (JSON syntax)
 *   NAME:LINE:COL: items[3].options[1].score: message   (semantic: where
 *   that value stands; a missing field: where its object starts)
 * (errors may be NULL; a jh_err_t receives the first line).  On success
 * *out is the validated survey. */
jh_status_t survey_load_text(const char *name, const char *json, size_t len,
                             const survey_check_opts_t *opts, survey_t **out,
                             jh_buf_t *errors, jh_err_t *err);

/* Reads path and calls survey_load_text. */
jh_status_t survey_load_file(const char *path, const survey_check_opts_t *opts,
                             survey_t **out, jh_buf_t *errors, jh_err_t *err);

void survey_free(survey_t *s);

/* The questionnaire files of dir (*.json, not hidden), sorted by name:
 * *names is a heap array of heap strings (free each, then the array), *n
 * their number.  JH_ERR_IO when the folder cannot be opened. */
jh_status_t survey_list_dir(const char *dir, char ***names, int *n, jh_err_t *err);

/* Whether the file name (in folder dir, "" or NULL: the current one) looks
 * like a questionnaire saved under a wrong name, which survey_list_dir
 * passes over: "student.JSON" (the case) or "teacher.json.txt" (Notepad's
 * .txt).  Then a line into problems ("NAME: not used: ... (rename it
 * NAME.json)"; no advice to rename over a file that is there already) and
 * 1.  A backup beside the file it was made of (demo.json.bak, .orig, .old
 * beside demo.json) is no problem: a line into notes (may be NULL) and 0
 * (review r2quest3 item 6).  0 for any other name. */
int survey_name_problem(const char *dir, const char *name, jh_buf_t *problems, jh_buf_t *notes);

/* survey_name_problem for each file of dir, in name order (review rquest3
 * item 4).  Returns the number of problems (0 when dir cannot be opened). */
int survey_list_misnamed(const char *dir, jh_buf_t *problems, jh_buf_t *notes);

/* survey_version_cmp's answer for two versions it cannot order. */
#define SURVEY_VERSION_UNORDERED 2

/* Orders version strings: a leading v or V is left out ("v2" is 2), runs of
 * digits compare by their number (2.10 after 2.9, 02 as 2), letters and
 * marks in any case must be the same: -1, 0 or 1; SURVEY_VERSION_UNORDERED
 * when they differ (2026-spring, 2026-autumn: review r2quest3 item 4). */
int survey_version_cmp(const char *a, const char *b);

/* Of n questionnaires loaded from the files names (one folder, in name
 * order), which ones a kiosk offers when several have one id (reviews
 * rquest3 item 3, r2quest3 items 4 and 5), decided over all files of an id
 * at once: the files no other one is newer than (survey_version_cmp) are
 * the candidates; one of them is used when they all have one version and
 * one content (copies: the first by name), none when their versions cannot
 * be ordered or their content differs (answers would share an id and
 * version with different questions), and every candidate is named then.
 * use[i] is set false for each file left out, which gets a line in
 * problems (may be NULL).  Returns the number left out. */
int survey_pick_unique(survey_t *const *s, const char *const *names, int n, bool *use, jh_buf_t *problems);

/* The questionnaires a kiosk offers from the folder dir (review r2quest3
 * item 3: the kiosk and its self-check decide with this one function):
 * misnamed files (survey_name_problem), files that do not load, files that
 * clash(ctx, s) refuses (NULL: none; the kiosk's answers were given
 * against another content of that id and version: a line from clash_fmt,
 * "%s file, %s id, %s version") and those survey_pick_unique leaves out are
 * problems, in blocks that name the file only; *n_problems counts them.
 * The others into *out / *files (heap arrays of *n, in name order; free
 * with survey_folder_free).  JH_ERR_IO when dir cannot be opened. */
typedef bool (*survey_clash_fn)(void *ctx, const survey_t *s);
jh_status_t survey_folder_load(const char *dir, const survey_check_opts_t *opts, survey_clash_fn clash, void *ctx,
                               const char *clash_fmt, survey_t ***out, char ***files, int *n, jh_buf_t *problems,
                               int *n_problems, jh_err_t *err);
void survey_folder_free(survey_t **s, char **files, int n);

/* The text in locale, falling back to zh-CN. Never NULL for a present text
 * ("" when the text is absent). Borrowed. */
const char *survey_text_get(const survey_text_t *t, const char *locale);

/* The topic with id topic_id, or NULL.  Borrowed. */
const survey_topic_t *survey_topic_find(const survey_t *s, const char *topic_id);

/* Index of item id, or -1. */
int survey_item_index(const survey_t *s, const char *item_id);

/* Options of an item (scale options, own options, yes/no); n set. Borrowed. */
const survey_option_t *survey_item_options(const survey_item_t *it, int *n);

/* The option with code, or NULL. */
const survey_option_t *survey_item_option(const survey_item_t *it, const char *code);

/* Whether item i is shown given the answers so far (show_if). */
bool survey_item_visible(const survey_t *s, int i, const survey_answers_t *answers);

/* Checks that value is a valid answer of item (known code, count within
 * max_choices, rating 0..10, text length).  Fills err on failure. */
jh_status_t survey_value_check(const survey_item_t *it, const char *value, jh_err_t *err);

/* Whether an answer counts as satisfied / excluded.  satisfied: the option's
 * flag (RATING: value >= satisfied_min); always false for unrated items
 * (TEXT, MULTI, background items, CHOICE without satisfied options, YESNO
 * without "satisfied").  excluded: the option's flag on any item, so
 * 不愿回答 on a background item is excluded too (MULTI: when every chosen
 * code is excluded).  NULL or unknown values are neither. */
bool survey_value_satisfied(const survey_item_t *it, const char *value);
bool survey_value_excluded(const survey_item_t *it, const char *value);
/* Whether the item is rated: it counts in satisfaction and has a topic
 * (SCALE and RATING items, CHOICE items with a satisfied option, YESNO items
 * with "satisfied"; see docs/questionnaire-format.md). */
bool survey_item_rated(const survey_item_t *it);
/* Whether an answer makes its questionnaire valid (balance-rules §4): an
 * answer to a rated item that is not excluded (不了解, 不愿回答).  A
 * submitted questionnaire is valid when at least one of its answers is; one
 * answered 不了解 (or skipped) throughout is collected but not valid.  The
 * one rule of the bureau's statistics (stats.json responses.valid,
 * no_rated_answer) and the kiosk's own sample (store_sample). */
bool survey_value_makes_valid(const survey_item_t *it, const char *value);

/* Wording checks (issue 18): where the zh-CN question text shows that the
 * wording and the answer scale disagree.  Run by the bureau tool (`junheng
 * check` rejects a questionnaire with errors; `junheng surveys` prints them
 * as warnings so an old version with answers can still be pinned), never by
 * the kiosk, which must keep working with whatever it was given.
 *
 * Errors (rules in docs/questionnaire-format.md "Wording and scale"):
 *   - a yes/no or how-much question (多不多, 有没有, 是否, 多少 ...) on a
 *     satisfaction scale, or a question ending in 吗 there with no
 *     satisfaction question (满意) in the item;
 *   - a how-often question (经常, 多久, 几次, 每周, 每天 ...) on a
 *     satisfaction scale;
 *   - a satisfaction question (满意吗, 满不满意 ...) on a yes/no item or on an
 *     agreement or frequency scale;
 *   - two things asked in one rated or yes/no item, joined by 或者 / 或 / 以及.
 *   - a scale (or rated choice item) whose counted options are all
 *     satisfied, or with an option labelled only 不了解 / 不知道 / ... that
 *     is not "excluded" (reported at scales[N].options / items[N].options).
 * A sentence mentioning 满意 is read clause by clause (at ，：), so the 满意
 * does not hide a 多不多 or 经常 clause beside it.
 * Warnings: two things joined by 和 / 与 in such an item (often one thing
 * named in two words, 投入和支持, so only the author can tell); a how-often
 * word before a satisfaction question with its own object; a counted option
 * whose label contains a "don't know" word; a question longer than
 * SURVEY_QUESTION_FIT_UNITS (any locale).
 *
 * name is used in messages (the file path).  Every problem is appended to
 * errors or warnings (either may be NULL) as one line
 *   NAME: items[3].text.zh-CN: message   (or the path of the scale / option)
 * (name NULL: "items[3].text.zh-CN: message", no name or line).
 * Returns the number of errors. */
int survey_check_wording(const survey_t *s, const char *name, jh_buf_t *errors, jh_buf_t *warnings);
/* The same; counting_only: only the checks of how options count (every
 * counted option satisfied, a bare "don't know" counted), the errors that
 * make a rate meaningless whatever the wording (a merge applies them to
 * every questionnaire a bundle brings that the county has no pin for; the
 * wording of the question alone, which old versions fail, only where the
 * county has official files for the id: docs/bureau.md). */
int survey_check_wording_ex(const survey_t *s, const char *name, bool counting_only, jh_buf_t *errors,
                            jh_buf_t *warnings);

/* The longest question (in half-width units: a Chinese character counts 2)
 * the kiosk shows whole on every supported screen in large text, with the
 * red "这道题要先回答" line under it (the room the question is given keeps
 * that line's height) — measured in session 13 (test_ui_layout's walk_fit):
 * the tightest is a nine-option multiple choice in large text at 1024x768,
 * where 90 characters were cut and 80 fit (1920x1080: 100 cut); above a
 * five-option scale at 800x480, 125 fit.  Longer ones are set smaller and
 * then cut, the last line ending in "…".  `junheng check` warns above it:
 * 80 characters. */
#define SURVEY_QUESTION_FIT_UNITS 160

/* Puts a parsed JSON tree in canonical order: the keys of every object
 * sorted by byte value (arrays keep their order).  cJSON_PrintUnformatted of
 * the result is the canonical text the content hash is computed over.  The
 * tree is modified in place (borrowed, not freed). */
struct cJSON;
void survey_canonicalize(struct cJSON *node);

#endif
