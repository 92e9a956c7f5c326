/* store.h - the kiosk's local SQLite store: settings, questionnaire
 * definitions, responses written answer by answer, admin PIN, signing key.
 *
 * Durability: WAL, synchronous=FULL, foreign keys on.  Every call that
 * changes data is one transaction.  A response is identified by the kiosk
 * id, a sequence number that only grows (AUTOINCREMENT) and a random UUID.
 *
 * Ownership: store_open returns a store_t owned by the caller, closed with
 * store_close().  Drafts are owned by the caller (store_draft_init/free);
 * the store never keeps pointers into them.  Surveys passed in are borrowed. */
#ifndef JH_STORE_H
#define JH_STORE_H

#include "jh.h"
#include "survey.h"

typedef struct store store_t;

/* The schema version (user_version) this program writes and reads; a
 * database of a higher one was written by a newer junheng-kiosk. */
#define STORE_SCHEMA_VERSION 2

/* What store_open found and did; reported on the admin screen and stderr. */
typedef struct {
    int schema_from;          /* user_version before migration (0 = new file) */
    int schema_to;            /* user_version after */
    int newer_schema;         /* the database's schema version when it is newer than
                                 STORE_SCHEMA_VERSION (written by a newer
                                 junheng-kiosk): refused with JH_ERR_INVALID, the
                                 file untouched; 0 = not */
    int abandoned_on_start;   /* in-progress responses marked abandoned */
    int counted_on_start;     /* in-progress responses left with every required
                                 question answered, whether or not the summary was
                                 seen (store_draft_t.counts_if_left), finalised
                                 as submitted by timeout, as the idle countdown
                                 would have (not in abandoned_on_start) */
    bool moved_aside;         /* the file was corrupt and was renamed */
    char moved_to[512];       /* where the corrupt file went */
    int64_t seq_continued_from; /* new file after a move: highest seq found in the
                                   moved-aside file(s); the new sequence starts
                                   1000 above it (0 = not applicable) */
    int64_t seq_restored_from; /* the database is older than this kiosk's identity
                                  (restored from an older copy): its highest seq; the
                                  sequence continues above every seq used (0 = no) */
    bool other_owner;         /* another live process (the running kiosk) owns the
                                 database: its unfinished responses were left open */
    int other_owner_pid;      /* other_owner: that process's id, as it wrote it into
                                 PATH.lock (0 = unknown) */
    char lock_problem[1024];  /* PATH.lock cannot be opened (another user's file):
                                 what to do, Chinese first; "" = none.  Not
                                 other_owner: the store works as a non-owner */
    bool key_replaced;        /* PATH.key was missing and a new key was made for a
                                 kiosk with answers or exports from before: the bureau
                                 must accept it (said on stderr; the setting
                                 key_replaced holds the day, for the admin screen) */
} store_open_info_t;

/* Opens (creating if needed) the database at path, migrates the schema,
 * runs a quick integrity check, and (when it can take the owner lock, see
 * store_is_owner) marks responses left in progress by a
 * previous run as abandoned (their end time is the time of their last saved
 * answer, so a long power cut does not inflate durations; they are finalised
 * in sequence order before anything new starts).  A corrupt file (or a file
 * that is not a database) is renamed intact to PATH.corrupt-<time> (with its
 * -wal/-shm) and reported in info and err with JH_ERR_CORRUPT; it is never
 * overwritten or deleted.  *out is NULL then: calling store_open again with
 * the same path starts a fresh, empty database there (the kiosk does this
 * after showing the message); its sequence continues 1000 above the highest
 * seq readable in the moved-aside file(s), so (kiosk id, seq) never
 * repeats.  The signing key lives beside the database in PATH.key (mode
 * 0600), created on first open and kept when a database is moved aside; a
 * damaged key file is JH_ERR_CORRUPT and is never replaced.  A missing one
 * is made anew; when the kiosk had answers or exports before, info's
 * key_replaced is set, stderr says what to tell the bureau and the setting
 * key_replaced records the day (the bureau must accept the new key).  A database written by a newer schema is refused
 * (JH_ERR_INVALID, info->newer_schema set, a message saying to install a
 * newer junheng-kiosk) before the integrity check, the journal mode or
 * anything else touches it: it is never taken for damaged, moved aside or
 * written; a read-only file or directory gives
 * JH_ERR_READONLY.  info may be NULL. */
jh_status_t store_open(const char *path, int64_t now_ms, store_t **out,
                       store_open_info_t *info, jh_err_t *err);

/* The schema version (user_version) that the database file at path says
 * in its own header (bytes 60-63; a county database's is refused as the
 * county's, whatever its version), read without SQLite and without
 * changing anything: -1 when the file cannot be read or is no SQLite
 * database.  A newer version is refused from this alone, before SQLite
 * parses the schema (a newer junheng-kiosk's schema may use SQL this
 * SQLite does not know: that is no damage) or switches the journal mode.
 * Only what the main file says: a WAL may hold a newer first page. */
int store_file_schema_version(const char *path);
/* The application id in the same header (a county database's is
 * COUNTY_APPLICATION_ID; a kiosk's 0), or -1 like above. */
int64_t store_file_application_id(const char *path);
void store_close(store_t *st);

/* Whether this store owns the database: it holds PATH.lock (flock), taken
 * by store_open and kept until store_close; tried again here and whenever
 * a response is saved.  Only the owner closes responses left unfinished
 * (store_open); a second process (junheng-kiosk --export while the kiosk
 * runs) leaves them to the kiosk and exports only finished ones.  The
 * owner writes its process id into PATH.lock.  The kiosk refuses to start
 * while another process owns the database (two kiosk windows on one
 * database, issue of review 13). */
bool store_is_owner(store_t *st);

/* Whether db_path's PATH.lock exists but cannot be opened by this process
 * (EACCES: a file root made, ...); then fills msg (Chinese first, naming
 * the file, its owner and the fix).  Opening it is the only test: a lock
 * held by another process is no problem here. */
bool store_lock_problem(const char *db_path, char *msg, size_t n);

/* Sequence numbers this kiosk once finished that its database no longer
 * holds (the database was put back from an older copy, or its -wal file
 * was deleted after a power cut), as found at each start (identity file
 * ahead of the database) and kept in the database from then on, so the
 * admin screen can say so until the bureau knows.  Fills up to max ranges
 * from[i]..to[i] (oldest first) and returns how many there are. */
int store_lost_ranges(store_t *st, int64_t *from, int64_t *to, int max);

/* The lost ranges (store_lost_ranges) as text, "4-5, 9" (the first few,
 * "…" after them when more), into buf; returns how many seqs they hold
 * (0: none lost, buf ""). */
int64_t store_lost_text(store_t *st, char *buf, size_t n);

/* Why the last answers counted lost went (the admin screen's note names
 * it): the database put back from an older copy or its -wal deleted
 * (STORE_LOST_OLDER, also when unknown), damaged and moved aside
 * (STORE_LOST_DAMAGED: a salvage may recover them), or gone and made anew
 * (STORE_LOST_MISSING).  Seqs at or below the highest one exported
 * (seq_exported in the identity file) are never counted lost: the bureau
 * has them. */
typedef enum { STORE_LOST_OLDER = 0, STORE_LOST_DAMAGED, STORE_LOST_MISSING } store_lost_cause_t;
store_lost_cause_t store_lost_cause(store_t *st);

/* The n seqs a salvaged bundle carried (bundle_salvage_export): no longer
 * lost; removed from the lost ranges and the identity file. */
jh_status_t store_lost_recovered(store_t *st, const int64_t *seqs, size_t n, jh_err_t *err);

/* Whether an export recorded through st leaves the admin screen's note on
 * a replaced key (setting key_replaced) in place: a headless export
 * (junheng-kiosk --export) prints what to tell the bureau and keeps the
 * note; the admin screen's export says it and lets it go (review
 * rrepair5, item 3).  Default false. */
void store_key_note_keep(store_t *st, bool keep);
bool store_key_note_kept(const store_t *st);

/* Writes the identity file again inside the caller's write transaction
 * (BEGIN IMMEDIATE): an export records its last seq there (seq_exported). */
jh_status_t store_identity_sync(store_t *st, jh_err_t *err);

/* Path the store was opened with (borrowed). */
const char *store_path(const store_t *st);

/* ---- settings ---------------------------------------------------------- */
/* Known keys: school_code ([A-Za-z0-9_-], 1-32), school_name (1-100
 * characters), school_level (primary|junior|nine_year|complete_middle),
 * locality (urban|town|rural), county_code (6 digits), kiosk_id
 * ([A-Za-z0-9_-], 1-32; cannot change once responses are recorded, because
 * it is part of every response's identity and hash), idle_seconds (15-3600),
 * active_surveys (comma-separated questionnaire ids), sample_target (the
 * school's target of valid questionnaires, 1-100000; overrides the county
 * pack's, issue 18).  store_setting_set
 * validates the value (JH_ERR_INVALID naming the key and what is expected). */

/* Whether value follows the rules store_setting_set applies to key (false
 * for an unknown key); *expected (may be NULL) gets what the key takes, in
 * English, e.g. "1 to 32 letters, digits, '_' or '-'".  The bureau checks
 * what a bundle carries by these same rules. */
bool store_setting_valid(const char *key, const char *value, const char **expected);

/* Returns a heap copy of the value or NULL when unset (caller frees). */
char *store_setting_get(store_t *st, const char *key);
jh_status_t store_setting_set(store_t *st, const char *key, const char *value, jh_err_t *err);
/* Sets n settings (keys[i] = values[i], each validated first, as
 * store_setting_set does) in one transaction with one identity file write:
 * all are stored or, on any error, none (a school picked from the register
 * is never half its own, half the one before).  Borrows the arrays. */
jh_status_t store_settings_set(store_t *st, const char *const *keys, const char *const *values, int n,
                               jh_err_t *err);
/* Removes a setting (the identity file follows, in the same transaction).
 * The admin screen uses it to forget the trusted bureau key. */
jh_status_t store_setting_clear(store_t *st, const char *key, jh_err_t *err);

/* Whether school_code may NOT change to code (review rseason): a school is
 * set, code differs, and the kiosk holds answers (or its identity file says
 * it recorded some before its database was lost).  Responses do not carry
 * the school, so a change would re-label them, and the bureau, which pins
 * a kiosk to its school, would reject every later bundle.  The setters
 * (store_setting_set, store_settings_set) refuse such a change with
 * JH_ERR_CONFLICT; store_load_config leaves the config's school (its code,
 * name, level, locality and county) unstored and carries on
 * (store_config_school_ignored).  *n_answers: responses in the database;
 * *n_unexported: finished ones after the last export. */
bool store_school_locked(store_t *st, const char *code, int64_t *n_answers, int64_t *n_unexported);

/* Whether the kiosk holds answers: a response in the database (finished or
 * not), or its identity file says it recorded some before its database was
 * lost.  A database that cannot be read counts as holding answers (fail
 * closed: the first PIN is chosen on the screen only while the kiosk is
 * being set up, review rusb4 item 2). */
bool store_has_answers(store_t *st);

/* Whether anything of this kiosk was ever exported: a row of its exports,
 * or its identity file's seq_exported (the database lost since).  Until
 * then the answers are only on this kiosk, and the admin screen may set
 * the first PIN although answers exist (review rsite9, item 3: one answer
 * taken before the office set a PIN locked the office out).  A database
 * that cannot be read counts as exported (fail closed). */
bool store_ever_exported(store_t *st);

/* The latest time an answer in the database was saved (its updated_ms),
 * 0 when none: for jh_clock_doubt. */
int64_t store_last_answer_ms(store_t *st);

/* Whether the admin screen may forget the trusted bureau key: nothing was
 * exported since it was trusted (every export seals a backup of the
 * database to that key, so a key forgotten later would let anyone with
 * the PIN redirect the backups to a key of their own).  Otherwise a
 * technician forgets it: `forget_bureau_key = <fingerprint>` in the config
 * file (store_load_config). */
bool store_bureau_key_forgettable(store_t *st);

/* Reads a config file of `key = value` lines (# comments, UTF-8) and stores
 * each known key; `admin_pin = 1234` sets the PIN, and clears the failure
 * count and any lockout, only when the line is new or changed since the
 * last load (the kiosk reads its config at every start: a line left in
 * place neither puts back a PIN changed on the screen nor undoes a
 * lockout; the PIN applied is remembered as pin_conf_hash, and a load
 * without the line forgets it).  Unknown keys or bad values of the
 * school, the id and the PIN are errors naming file, line and key;
 * nothing is stored then; a bad value of an optional setting is left out
 * (store_config_ignored).  school_level and locality take the Chinese
 * words too (小学, 乡村...).  A kiosk_id line naming another id than the
 * kiosk's renames a kiosk that has answers: their texts carry the new id
 * and the chain is hashed again (a copied kiosk_id line, review rsite9).
 * Lines: blank, `# comment` (only whole lines, so '#' may appear in values),
 * or `key = value`; spaces around key and value are trimmed and a value may
 * be wrapped in double quotes.  A key given twice is an error.  Messages:
 *   "kiosk.conf:4: unknown setting 'schol_code' (expected one of: ...)"
 *   "kiosk.conf:5: school_level: 'high' is not valid (expected one of: ...)" */
jh_status_t store_load_config(store_t *st, const char *path, int64_t now_ms, jh_err_t *err);

/* The config file's school_code when store_load_config left it unstored
 * because the kiosk's answers belong to another school (store_school_locked;
 * with it the config's school_name, school_level, locality and county_code;
 * the kiosk program warns on stderr, the admin screen says so); NULL
 * otherwise.  Owned by
 * st, valid until the next store_load_config or store_close. */
const char *store_config_school_ignored(const store_t *st);

/* The config file's lines of optional settings (idle_seconds, theme,
 * voice..., sample_target, screen_inches, active_surveys) that
 * store_load_config did not take because their value is not valid, one
 * message a line ("kiosk.conf:5: idle_seconds: '120秒' is not valid ...");
 * the setting keeps the value it had or its default, the rest of the file
 * is taken, and the kiosk program tells it on stderr and the admin screen
 * (review rsite9, item 4).  NULL when none.  Owned by st, valid until the
 * next store_load_config or store_close. */
const char *store_config_ignored(const store_t *st);

/* The config file's kiosk_id line as last loaded, NULL when it has none:
 * the admin screen warns that a copy of the file gives two kiosks one id
 * (review rsite9, item 1).  Owned by st. */
const char *store_config_kiosk_id(const store_t *st);

/* The ids of the questionnaires installed on this kiosk: from then on
 * active_surveys (config or store_setting_set) may name only these, and a
 * typo is an error naming the installed ids.  ids are copied. */
void store_set_known_surveys(store_t *st, const char *const *ids, int n);

/* Fills in defaults for unset settings (kiosk_id: "K-" + 8 random hex). */
jh_status_t store_ensure_defaults(store_t *st, jh_err_t *err);

/* ---- questionnaire definitions ---------------------------------------- */
/* Records the definition (by content hash) so exports can include it. */
jh_status_t store_survey_register(store_t *st, const survey_t *s, jh_err_t *err);

/* Whether answers in st were given against another definition with s's id
 * and version (a different content hash): then answers given against s
 * would share an id and version with different questions, which no county
 * can tell apart (review rquest3 item 1).  A definition recorded but never
 * answered does not count (no export carries it).  Nor is there a clash
 * when s itself has answers here (the old content put back, or a kiosk
 * holding answers under two contents: either is accepted; review r2quest3
 * item 1): its answers are told apart by their hash already.  The other
 * definition's
 * hash into other (may be NULL).  false when the database cannot say. */
bool store_survey_version_clash(store_t *st, const survey_t *s, char other[65]);
/* The same, on a kiosk database opened by the caller (read-only is enough:
 * the self-check, review r2quest3 item 3). */
struct sqlite3;
bool store_db_survey_version_clash(struct sqlite3 *db, const survey_t *s, char other[65]);

/* ---- responses ---------------------------------------------------------- */
typedef enum {
    STORE_IN_PROGRESS = 0,
    STORE_SUBMITTED = 1,
    STORE_ABANDONED = 2,
    /* Complete (every required item answered) but the person left at the
     * summary without touching 提交: counted as submitted everywhere.  The
     * kiosk database keeps it as status 1 with timed_out = 1; bundles carry
     * "submitted_timeout". */
    STORE_SUBMITTED_TIMEOUT = 3,
} store_status_t;

/* A person's questionnaire in memory.  The kiosk keeps it while the person
 * answers; every change is written with store_draft_save, and if that fails
 * (disk full, read-only) the draft still holds everything and can be saved
 * again later. */
typedef struct {
    char uuid[37];            /* random UUID v4, set by store_draft_init */
    int64_t seq;              /* sequence number; 0 until first saved */
    const survey_t *survey;   /* borrowed */
    char role[32];            /* audience chosen: "parent", "teacher", ... */
    char lang[16];            /* "zh-CN" or "en" */
    int64_t started_ms;
    char **values;            /* owned; survey->n_items entries, NULL = unanswered */
    int64_t *answered_ms;     /* owned; when each value was last set */
    store_status_t status;    /* STORE_IN_PROGRESS until store_draft_finish succeeds */
    char flags[64];           /* quality flags set by store_draft_finish ("" = none) */
    /* Set by the caller before each store_draft_save: the person has reached
     * the summary with every required item answered, so leaving now would
     * count (submitted by timeout).  The save records it in the same
     * transaction, with the quality flags and the answers hidden by show_if
     * as of that moment; when the kiosk stops before the questionnaire ends
     * (a power cut), the next store_open finalises the response as
     * submitted by timeout (ended at its last save) instead of abandoned. */
    bool counts_if_left;
} store_draft_t;

void store_draft_init(store_draft_t *d, const survey_t *s, const char *role,
                      const char *lang, int64_t now_ms);
void store_draft_free(store_draft_t *d);
/* Makes an unfinished draft a fresh one of questionnaire s (role, lang,
 * started now, no answers) that keeps its UUID and seq: the next
 * store_draft_save rewrites its row in place (questionnaire, role, start,
 * answers), so a role chosen by mistake and corrected leaves neither an
 * abandoned questionnaire nor a gap in the sequence.  Nothing is written
 * until that save. */
void store_draft_retarget(store_draft_t *d, const survey_t *s, const char *role, const char *lang,
                          int64_t now_ms);
/* Gives an unfinished draft a new UUID and seq 0, keeping its answers: the
 * next save starts a new response.  For a draft whose row was closed by
 * someone else (JH_ERR_CONFLICT from store_draft_save or _finish): the
 * closed row stays as it was (abandoned), the person's answers go on in the
 * new one. */
void store_draft_detach(store_draft_t *d);
/* Sets (value != NULL, copied) or clears (NULL) the answer of item i. */
void store_draft_set(store_draft_t *d, int item_index, const char *value, int64_t now_ms);
/* Answers of the draft in the form survey_item_visible expects. */
survey_answers_t store_draft_answers(const store_draft_t *d);

/* Writes the draft's current state (insert or replace, one transaction).
 * The first successful save assigns d->seq.  On failure (JH_ERR_FULL,
 * JH_ERR_READONLY, JH_ERR_IO) the database is unchanged and the draft keeps
 * everything; call again later.  A draft already finished is not written
 * again (JH_OK).  JH_ERR_CONFLICT when the row was finalised meanwhile (an
 * older draft overtaken by store_draft_finish of a newer one). */
jh_status_t store_draft_save(store_t *st, store_draft_t *d, int64_t now_ms, jh_err_t *err);

/* Saves and finalises the draft as SUBMITTED or ABANDONED in one
 * transaction: sets the end time, computes quality flags (submitted only)
 * and the response's chain hash.  Idempotent for an already final draft.
 * Any older response still in progress is finalised as abandoned first, so
 * responses are always finalised (and chained) in sequence order.  On
 * failure the draft stays in progress and can be finished again later.
 *
 * Quality flag rules (documented in docs/bundle-format.md):
 *   too_fast       duration < 1.5 s per answered item (no one reads and
 *                  answers a question faster than that)
 *   straight_line  at least 5 rated scale items answered, all with the same
 *                  option (ratings and yes/no items are not compared)
 *   burst          submitted less than 30 s after the previous submission on
 *                  this kiosk (less than any plausible questionnaire time) */
jh_status_t store_draft_finish(store_t *st, store_draft_t *d, store_status_t status,
                               int64_t now_ms, jh_err_t *err);

/* Quality flags, stored as a comma-separated list on the response. */
#define STORE_FLAG_TOO_FAST "too_fast"      /* much faster than a plausible reading time */
#define STORE_FLAG_STRAIGHT "straight_line" /* the same answer to every rated item */
#define STORE_FLAG_BURST "burst"            /* submitted seconds after the previous one */
#define STORE_TOO_FAST_MS_PER_ITEM 1500
#define STORE_STRAIGHT_MIN_ITEMS 5
#define STORE_BURST_MS 30000

typedef struct {
    int64_t total;            /* all finished responses */
    int64_t submitted;
    int64_t abandoned;
    int64_t today;            /* submitted on the day (Beijing time) of now_ms */
    int64_t flagged;
    int64_t in_progress;
    struct { char role[32]; int64_t n; } by_role[8]; /* submitted, by role */
    int n_roles;
    int64_t exported_up_to;   /* highest seq in the last export (0 = never) */
} store_counts_t;

jh_status_t store_counts(store_t *st, int64_t now_ms, store_counts_t *out, jh_err_t *err);

/* ---- the sample against the sampling rules (issue 18) ------------------------
 * balance-rules.md §4: parents at least 50 % of the sample, urban / town /
 * rural shares in proportion to the population, valid questionnaires at
 * least 70 % of those started, about 1.5 per mille of the resident
 * population.  The admin screen shows where this kiosk stands. */

/* The respondent's locality, from the answer to the questionnaire's
 * locality item ("locality": true): urban, town, rural, or unknown (the
 * questionnaire has no locality item, it was not answered, or the answer
 * was an excluded one such as 不愿回答). */
typedef enum { STORE_LOC_URBAN = 0, STORE_LOC_TOWN, STORE_LOC_RURAL, STORE_LOC_UNKNOWN, STORE_LOC_COUNT } store_loc_t;

#define STORE_SAMPLE_ROLES 8
#define STORE_SAMPLE_PARENT_MIN 0.50 /* parents' share of the valid questionnaires */
#define STORE_SAMPLE_VALID_MIN 0.70  /* valid questionnaires' share of those started */

typedef struct {
    int64_t valid;            /* submitted (also by timeout) with an answer that makes them valid
                               * (survey_value_makes_valid): the valid questionnaires */
    int64_t not_valid;        /* submitted without one (every rated item 不了解 or skipped):
                               * collected but not valid, as in the bureau's statistics */
    int64_t abandoned;        /* started and not finished */
    struct {
        char role[32];
        int64_t valid, not_valid, abandoned;
    } by_role[STORE_SAMPLE_ROLES]; /* sorted by role; roles beyond the 8th are counted in valid only */
    int n_roles;
    int64_t by_locality[STORE_LOC_COUNT]; /* valid questionnaires by the respondent's locality */
} store_sample_t;

/* Counts the finished questionnaires by role, valid or not (the rule of
 * the bureau's statistics, survey_value_makes_valid) and, for the valid
 * ones, by the respondent's locality.  The locality item of each questionnaire is found
 * in the definition stored with it (surveys table), so answers given to an
 * older definition count too.  Questionnaires still in progress count
 * nowhere.  JH_ERR_IO when the database cannot be read. */
jh_status_t store_sample(store_t *st, store_sample_t *out, jh_err_t *err);

/* What the school aims for; from the kiosk's settings and the county pack
 * (ui_app: the setting sample_target, else the pack's target for this
 * school; the county's locality shares from the pack). */
typedef struct {
    int64_t target;                       /* valid questionnaires aimed at; 0 = none given */
    int locality_permille[STORE_LOC_RURAL + 1]; /* the county's population shares, ‰; all 0 = unknown */
} store_sample_goal_t;

/* The sample held against the rules.  Pure.  The school's own groups only:
 * the public's questionnaires (role "public") taken at the kiosk count for
 * the county, not in the school's valid count, shares or target, as in the
 * bureau's sample.by_school. */
typedef struct {
    int64_t own_valid, own_not_valid, own_abandoned; /* the sample's, less the public's */
    int64_t parents;          /* valid parent questionnaires */
    double parent_share;      /* parents / own_valid (NAN without valid questionnaires) */
    bool parents_ok;          /* share ≥ 50 % and, with a target, at least half the target */
    int64_t parents_needed;   /* more parent questionnaires needed for both (0 when ok) */
    double valid_share;       /* own: valid / (valid + not_valid + abandoned) (NAN when none started) */
    bool valid_ok;            /* valid_share ≥ 70 % (false when none started) */
    int64_t total_needed;     /* target − own_valid, at least 0; -1 without a target */
    double locality_share[STORE_LOC_RURAL + 1]; /* of the valid questionnaires with a known locality
                                                 * (NAN when there is none) */
    int64_t locality_known;   /* valid questionnaires with a known locality */
} store_sample_check_t;

store_sample_check_t store_sample_check(const store_sample_t *s, const store_sample_goal_t *g);

/* The locality code of l: "urban", "town", "rural", "unknown". */
const char *store_loc_code(store_loc_t l);

/* ---- administrator PIN -------------------------------------------------- */
/* The PIN (4-8 digits) is kept only as a salted crypto_pwhash string
 * (Argon2id, 8 MiB, 4 passes: small enough for the kiosk's memory budget).
 * Setting it resets the failure counter.  JH_ERR_INVALID for a bad PIN. */
jh_status_t store_pin_set(store_t *st, const char *pin, jh_err_t *err);
/* false only when the PIN row was read and holds no PIN: a row that cannot
 * be read counts as set (fail closed; store_pin_check then refuses). */
bool store_pin_is_set(store_t *st);

typedef enum {
    STORE_PIN_OK = 0,
    STORE_PIN_WRONG,     /* wrong; attempts_left says how many before lockout */
    STORE_PIN_LOCKED,    /* locked; locked_until_ms says until when */
    STORE_PIN_UNREADABLE, /* the PIN row cannot be read (fail closed: refused,
                           * and no attempt counted) */
} store_pin_result_t;

/* Checks a PIN.  Five wrong attempts lock the PIN for five minutes; after
 * that each further five wrong attempts lock it twice as long as the last
 * time, up to 24 hours (the counter and lock survive restarts).  A right
 * PIN resets the counter.  A lock ends at most its length after now_ms, so
 * a clock set back does not stretch it.  The way out of a lock without
 * waiting: a new admin_pin in the config file (store_load_config).
 * While locked, even the right PIN gives STORE_PIN_LOCKED.  When no PIN is
 * set the result is STORE_PIN_OK (the kiosk should then ask for a new PIN).
 * attempts_left and locked_until_ms may be NULL. */
store_pin_result_t store_pin_check(store_t *st, const char *pin, int64_t now_ms,
                                   int *attempts_left, int64_t *locked_until_ms);

/* ---- signing key --------------------------------------------------------- */
/* Ed25519 public key (32 bytes) of this kiosk and its fingerprint
 * ("SHA256:" + first 16 hex of SHA-256 of the key, grouped as xxxx-xxxx-...). */
void store_public_key(const store_t *st, unsigned char pk[32]);
void store_key_fingerprint(const store_t *st, char out[64]);
/* The same fingerprint for any public key. */
void store_fingerprint_of(const unsigned char pk[32], char out[64]);
/* The id a kiosk with public key pk gives itself: "K-" + the first 12 hex
 * digits of SHA-256(pk) (unique by construction; a config may still set
 * another id, which the bureau then checks against the key). */
void store_kiosk_id_of(const unsigned char pk[32], char out[32]);

/* Signs msg with the kiosk's secret key (never leaves the kiosk). */
void store_sign(const store_t *st, const void *msg, size_t len, unsigned char sig[64]);

/* The underlying connection, for the export module and tests only (borrowed). */
struct sqlite3 *store_db(store_t *st);

/* ---- canonical response text (shared with bundle.c) ---------------------- */
/* The fields of a finished response exactly as its chain hash covers them.
 * Strings are borrowed. */
typedef struct {
    const char *item_id;
    const char *value;
} store_answer_ref_t;

typedef struct {
    const char *kiosk_id;
    int64_t seq;
    const char *uuid;
    const char *survey_id;
    const char *survey_hash;
    const char *role;
    const char *lang;
    int64_t started_ms, ended_ms, duration_ms; /* only when day is NULL (below) */
    const char *status;       /* "submitted", "submitted_timeout" or "abandoned" */
    const char *flags;        /* "" when none */
    const store_answer_ref_t *answers;
    int n_answers;
    /* Responses finished since issue 19.7 (day != NULL) carry only the day
     * and the duration in whole minutes; older ones carry the three times
     * in milliseconds (their canonical text and hash cannot change). */
    const char *day;          /* "2026-11-23": the date at the end, Beijing time (UTC+8) */
    int64_t duration_min;     /* rounded to the nearest minute */
} store_record_t;

/* The date of ms in Beijing time (UTC+8, jh_format_day) as "YYYY-MM-DD":
 * the kiosk's day is the day merge, the statistics and the clock checks
 * use, whatever the system's time zone (which nothing sets on a kiosk). */
void store_day_of(int64_t ms, char out[16]);

/* Canonical JSON of a response (compact, keys in a fixed order, strings
 * escaped as store_json_put_string does).  Heap string, caller frees. */
char *store_record_canonical(const store_record_t *r);
/* The same text appended to b (the bureau reuses one buffer per bundle). */
void store_record_canonical_put(jh_buf_t *b, const store_record_t *r);

/* chain = SHA-256 hex of (prev_chain || canonical); prev_chain is "" before
 * the first response of a database. */
void store_chain_hash(const char *prev_chain, const char *canonical, char out[65]);
/* The same with the canonical text's length given (it need not end in NUL). */
void store_chain_hash_len(const char *prev_chain, const char *canonical, size_t len, char out[65]);

/* Appends s as a JSON string: '"', '\\' and control characters escaped
 * (\n \t ... or \u00XX), everything else (UTF-8) as is. */
void store_json_put_string(jh_buf_t *b, const char *s);

/* A copy of text with phone and ID numbers masked: each digit of them (ASCII,
 * full-width or the Chinese numerals 〇一二三四五六七八九零幺) becomes one
 * '*', the separators stay.  A number is digit groups joined by at most
 * three separators: blanks and dashes always join; brackets and marks (. ,
 * ， 、 。 : ： / _ ~ ·) join only a following group of 3 or more digits
 * (before 1-2 digits they are a decimal point, a time or a list: "7.30",
 * "8:00", "五一、六一").  Masked within it are the stretches of whole
 * groups shaped as: a mobile (11 digits, 13-19…, any joiners); a landline
 * with its area code (0 then 9-11 digits, joined by blanks, dashes or
 * brackets); a local number (7-8 digits in groups of 3 or more joined by
 * blanks or dashes, not two years 19xx/20xx: "2025-2026"); an ID (15 or 18
 * digits, or 17 and an X, joined by blanks or dashes); and any group of 7 or
 * more digits with no separator.  一 directly followed by another CJK
 * character that is no numeral is the word (一次), not a digit, unless a
 * Chinese numeral comes right before it.  Shorter and other numbers stay (ages,
 * fees "1,200,000", times, dates "2026-09-01", lists "801、802、803").
 * The report masks comments again with this same function.  Heap string,
 * caller frees; NULL for NULL.  Applied to every answer when a response's
 * canonical text (what an export carries) is built, once, at its end: the
 * canonical text of a response finished earlier is stored and never built
 * again, so a change of these rules leaves old chains verifying. */
char *store_mask_personal(const char *text);

/* Whether s is well-formed UTF-8 without NUL. */
bool store_utf8_valid(const char *s, size_t len);

/* Name of a status: "in_progress", "submitted", "abandoned", "submitted_timeout". */
const char *store_status_name(store_status_t s);

#endif
