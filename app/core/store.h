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

/* What store_open found and did; reported on the admin screen and stderr. */
typedef struct {
    int schema_from;          /* user_version before migration (0 = new file) */
    int schema_to;            /* user_version after */
    int abandoned_on_start;   /* in-progress responses marked abandoned */
    bool moved_aside;         /* the file was corrupt and was renamed */
    char moved_to[512];       /* where the corrupt file went */
} store_open_info_t;

/* Opens (creating if needed) the database at path, migrates the schema,
 * runs a quick integrity check, and marks responses left in progress by a
 * previous run as abandoned (at now_ms).  A corrupt file is renamed intact
 * to PATH.corrupt-<time> (with its -wal/-shm) and reported in info and err
 * with JH_ERR_CORRUPT; it is never overwritten or deleted.  The signing key
 * lives beside the database in PATH.key (mode 0600), created on first open.
 * info may be NULL. */
jh_status_t store_open(const char *path, int64_t now_ms, store_t **out,
                       store_open_info_t *info, jh_err_t *err);
void store_close(store_t *st);

/* Path the store was opened with (borrowed). */
const char *store_path(const store_t *st);

/* ---- settings ---------------------------------------------------------- */
/* Known keys: school_code, school_name, school_level (primary|junior|
 * nine_year|complete_middle), locality (urban|town|rural), county_code,
 * kiosk_id, idle_seconds, active_surveys (comma-separated questionnaire ids). */

/* Returns a heap copy of the value or NULL when unset (caller frees). */
char *store_setting_get(store_t *st, const char *key);
jh_status_t store_setting_set(store_t *st, const char *key, const char *value, jh_err_t *err);

/* Reads a config file of `key = value` lines (# comments, UTF-8) and stores
 * each known key; `admin_pin = 1234` sets the PIN.  Unknown keys or bad
 * values are errors naming file, line and key; nothing is stored then. */
jh_status_t store_load_config(store_t *st, const char *path, int64_t now_ms, jh_err_t *err);

/* Fills in defaults for unset settings (kiosk_id: "K-" + 8 random hex). */
jh_status_t store_ensure_defaults(store_t *st, jh_err_t *err);

/* ---- questionnaire definitions ---------------------------------------- */
/* Records the definition (by content hash) so exports can include it. */
jh_status_t store_survey_register(store_t *st, const survey_t *s, jh_err_t *err);

/* ---- responses ---------------------------------------------------------- */
typedef enum {
    STORE_IN_PROGRESS = 0,
    STORE_SUBMITTED = 1,
    STORE_ABANDONED = 2,
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
} store_draft_t;

void store_draft_init(store_draft_t *d, const survey_t *s, const char *role,
                      const char *lang, int64_t now_ms);
void store_draft_free(store_draft_t *d);
/* Sets (value != NULL, copied) or clears (NULL) the answer of item i. */
void store_draft_set(store_draft_t *d, int item_index, const char *value, int64_t now_ms);
/* Answers of the draft in the form survey_item_visible expects. */
survey_answers_t store_draft_answers(const store_draft_t *d);

/* Writes the draft's current state (insert or replace, one transaction). */
jh_status_t store_draft_save(store_t *st, store_draft_t *d, int64_t now_ms, jh_err_t *err);

/* Saves and finalises the draft as SUBMITTED or ABANDONED in one
 * transaction: sets the end time, computes quality flags (submitted only)
 * and the response's chain hash.  Idempotent for an already final draft. */
jh_status_t store_draft_finish(store_t *st, store_draft_t *d, store_status_t status,
                               int64_t now_ms, jh_err_t *err);

/* Quality flags, stored as a comma-separated list on the response. */
#define STORE_FLAG_TOO_FAST "too_fast"      /* much faster than a plausible reading time */
#define STORE_FLAG_STRAIGHT "straight_line" /* the same answer to every rated item */
#define STORE_FLAG_BURST "burst"            /* submitted seconds after the previous one */

typedef struct {
    int64_t total;            /* all finished responses */
    int64_t submitted;
    int64_t abandoned;
    int64_t today;            /* submitted since local midnight of now_ms */
    int64_t flagged;
    int64_t in_progress;
    struct { char role[32]; int64_t n; } by_role[8];
    int n_roles;
    int64_t exported_up_to;   /* highest seq in the last export (0 = never) */
} store_counts_t;

jh_status_t store_counts(store_t *st, int64_t now_ms, store_counts_t *out, jh_err_t *err);

/* ---- administrator PIN -------------------------------------------------- */
/* The PIN (4-8 digits) is kept only as a salted crypto_pwhash string. */
jh_status_t store_pin_set(store_t *st, const char *pin, jh_err_t *err);
bool store_pin_is_set(store_t *st);

typedef enum {
    STORE_PIN_OK = 0,
    STORE_PIN_WRONG,     /* wrong; attempts_left says how many before lockout */
    STORE_PIN_LOCKED,    /* locked; locked_until_ms says until when */
} store_pin_result_t;

/* Checks a PIN.  Five wrong attempts lock the PIN for five minutes (the
 * counter and lock survive restarts).  A right PIN resets the counter. */
store_pin_result_t store_pin_check(store_t *st, const char *pin, int64_t now_ms,
                                   int *attempts_left, int64_t *locked_until_ms);

/* ---- signing key --------------------------------------------------------- */
/* Ed25519 public key (32 bytes) of this kiosk and its fingerprint
 * ("SHA256:" + first 16 hex of SHA-256 of the key, grouped as xxxx-xxxx-...). */
void store_public_key(const store_t *st, unsigned char pk[32]);
void store_key_fingerprint(const store_t *st, char out[64]);

/* Signs msg with the kiosk's secret key (never leaves the kiosk). */
void store_sign(const store_t *st, const void *msg, size_t len, unsigned char sig[64]);

/* The underlying connection, for the export module only (borrowed). */
struct sqlite3 *store_db(store_t *st);

#endif
