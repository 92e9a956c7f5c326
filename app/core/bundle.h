/* bundle.h - export bundles: writing them on the kiosk and reading and
 * verifying them at the bureau.
 *
 * A bundle is one JSON file: a manifest (format version, school and kiosk
 * settings, export time, sequence range, counts, questionnaire definitions
 * with their hashes, the kiosk's public key), the responses each with a hash
 * chained to the one before, and an Ed25519 signature over the manifest.
 * The format is documented in docs/bundle-format.md.
 *
 * Ownership: bundle_read returns a bundle_t owned by the caller, released
 * with bundle_free(); all strings and arrays inside belong to it (the
 * responses' strings live in one arena that bundle_free releases: do not
 * free or realloc them one by one). */
#ifndef JH_BUNDLE_H
#define JH_BUNDLE_H

#include "jh.h"
#include "store.h"
#include "survey.h"

/* ---- writing (kiosk) ----------------------------------------------------- */
typedef struct {
    char path[1024];          /* the bundle written */
    char backup_path[1024];   /* the SQLite backup written beside it */
    int64_t first_seq, last_seq;
    int64_t n_responses;      /* 0: nothing to export, no file written */
    bool full;
    char file_sha256[65];     /* SHA-256 of the bundle file */
    bool recorded;            /* the export was recorded in the store */
    char warning[1024];       /* set when the files were written but not recorded */
    int n_altered;            /* JH_ERR_CORRUPT: responses whose text or chain hash was
                                 changed in the database since they were recorded */
    int64_t altered_seq[8];   /* the first of them (at most 8) */
    int backup_left_out;      /* JH_OK with a bureau key, but no backup: 1 the export drive, 2 the
                                 kiosk's own disk lacked room for it (backup_note says so) */
    int64_t backup_need_bytes, backup_free_bytes; /* then: the room it needed, the room there was */
    char backup_note[1024];   /* then: why, in a sentence (translated) */
    int target_lost;          /* JH_ERR_NOTFOUND, nothing recorded: 1 the target was no longer the
                                 export drive before anything was written (the target check); 2 it
                                 went away while the export wrote (the USB drive pulled out) */
} bundle_export_info_t;

/* Asked whether dir is still where the export may go (the kiosk's admin
 * screen: still the USB drive its scan found, usb_target_check): JH_OK, or
 * a status with err saying why not. */
typedef jh_status_t (*bundle_target_check_fn)(const char *dir, void *ctx, jh_err_t *err);

/* Exports to directory dir: responses finalised since the last export
 * (full = false) or all of them (full = true).  Writes atomically (temporary
 * file, fsync, rename, fsync dir, read back and verify), then a SQLite
 * backup of the database beside it, then records the export in the store.
 * A failing or full target leaves earlier exports and the database as they
 * were, and err says why.
 *
 * Only the contiguous run of finished responses is exported (a response
 * still being answered ends the run).  When there is nothing to export the
 * result is JH_OK with info->n_responses == 0 and no file is written.  The
 * school code must be set (JH_ERR_INVALID otherwise).  Files:
 *   DIR/junheng-<kiosk>-<UTC time>-<full|incremental>-<first>-<last>.json
 *   the same name ending in .db: the backup, with the PIN hash removed.
 * When the export drive (or the kiosk's own disk, for the temporary copy
 * the backup is made from) lacks room for the sealed backup, the bundle is
 * still written and recorded, without the backup: JH_OK with
 * info->backup_left_out set and backup_note saying why (the room needed
 * and the room there was).
 * If the files were written but the kiosk's own disk refused to record the
 * export, the result is still JH_OK with info->recorded false and a
 * warning (the next incremental export then repeats those responses, which
 * merging tolerates).  The chain is checked before anything is written: a
 * response changed in the database since it was recorded (its text no
 * longer gives its chain hash) is never exported; the result is then
 * JH_ERR_CORRUPT with info->n_altered and altered_seq naming them, and err
 * says so in Chinese and English (bundle_export_intact exports the rest).
 * The seqs named are the ones bundle_export_intact leaves out: the whole
 * chain is checked from seq 1 when the range fails or the response before
 * it is not the end of a recorded export that still carries the chain hash
 * recorded then. */
jh_status_t bundle_export(store_t *st, const char *dir, bool full, int64_t now_ms,
                          bundle_export_info_t *info, jh_err_t *err);

/* bundle_export, asking target_ok(dir, ctx) (NULL: never) before anything is
 * done in dir, just before the bundle is written, and again before the
 * export is recorded, when the bundle written must also still be in dir
 * (on its device).  Refused before the write: nothing is written,
 * info->target_lost 1 and target_ok's status and message.  Refused after it, or
 * a write failed and dir is gone or refused now (the USB drive pulled out):
 * what was written is removed as far as it can be, nothing is recorded,
 * JH_ERR_NOTFOUND with info->target_lost 2 (review rusb4, items 1 and 5). */
jh_status_t bundle_export_checked(store_t *st, const char *dir, bool full, int64_t now_ms,
                                  bundle_target_check_fn target_ok, void *ctx, bundle_export_info_t *info,
                                  jh_err_t *err);

/* What bundle_salvage_export read and wrote. */
typedef struct {
    char path[1024];          /* the salvaged bundle ("" when nothing could be read) */
    int64_t n_responses;      /* finished responses in it */
    int64_t first_seq, last_seq;
    int64_t max_seq;          /* the highest seq the damaged database knew of */
    int64_t n_unfinished;     /* questionnaires still being answered when it broke (not exported) */
    int64_t n_damaged;        /* rows found but damaged inside (not exported) */
    int64_t n_unreadable;     /* seqs in 1..max_seq not exported: lost or damaged */
    int64_t left_out_seq[8];  /* the first n_damaged of them (at most 8), in seq order */
    char backup_path[1024];   /* bundle_export_intact: the sealed backup beside it ("" without a bureau key) */
    bool recorded;            /* bundle_export_intact: the export was recorded in the store */
    char warning[1024];       /* bundle_export_intact: written but not recorded */
} bundle_salvage_info_t;

/* Salvage: writes one bundle of kind "salvaged" to dir holding every
 * finished response readable in rec, a database recovered from a damaged
 * kiosk database (salvage.h), signed with st's key and carrying st's school
 * settings.  Each response keeps its seq, uuid, canonical text and chain
 * hash, so the bureau stores each exactly once however often it arrives
 * (through earlier exports or this salvage).  A response whose hash does
 * not follow from the response before it (when that one was read), or
 * whose questionnaire definition is neither in rec nor (the same text, by
 * its hash) in st, is counted as damaged.  No
 * backup is written and nothing is recorded as exported.  JH_OK with
 * info->n_responses == 0 when nothing could be read (no file written). */
jh_status_t bundle_salvage_export(store_t *st, struct sqlite3 *rec, const char *rec_name, const char *dir,
                                  int64_t now_ms, bundle_salvage_info_t *info, jh_err_t *err);

/* The way forward when bundle_export found altered responses: writes one
 * bundle of kind "salvaged" (as bundle_salvage_export, read from st's own
 * database) with every finished response whose chain hash still follows
 * from its text and the response before it, leaving the altered ones out
 * (info->n_damaged of them, the first named in info->left_out_seq).
 * Nothing altered leaves the kiosk in the bundle; the bureau sees the gap,
 * and merges the rest once each however often it arrives.  As
 * bundle_export, the sealed backup is written beside it (holding the
 * altered rows too, for the bureau to examine) and the export is recorded
 * (kind "salvaged", up to the last finished response before any still
 * being answered, an altered one included), so the next export continues
 * incrementally after it; info->recorded and warning as bundle_export's. */
jh_status_t bundle_export_intact(store_t *st, const char *dir, int64_t now_ms, bundle_salvage_info_t *info,
                                 jh_err_t *err);

/* The check bundle_export_intact makes, on a kiosk database opened
 * read-only (--self-check, review rrepair5 item 4): every finished
 * response against the one before it and against the chain hashes its
 * exports recorded.  info->n_damaged responses fail (the first named in
 * info->left_out_seq), as the export would find; nothing is written. */
void bundle_check_db(struct sqlite3 *db, bundle_salvage_info_t *info);

/* bundle_export_intact with target_ok asked as bundle_export_checked asks it
 * (before the write, and before the export is recorded); refused: nothing
 * left written, nothing recorded, JH_ERR_NOTFOUND (before the write:
 * target_ok's status) and err saying why. */
jh_status_t bundle_export_intact_checked(store_t *st, const char *dir, int64_t now_ms,
                                         bundle_target_check_fn target_ok, void *ctx, bundle_salvage_info_t *info,
                                         jh_err_t *err);

/* ---- reading (bureau) ---------------------------------------------------- */
typedef struct {
    char *item_id;
    char *value;
    int item_index;           /* the item's index in its questionnaire's items (set once the bundle is read) */
} bundle_answer_t;

/* A read response's uuid is always this long (8-4-4-4-12 lowercase hex,
 * checked by the reader) and its chain 64 hex digits: the merge binds them
 * with these lengths. */
#define BUNDLE_UUID_LEN 36

typedef struct {
    int64_t seq;
    char *uuid;               /* BUNDLE_UUID_LEN characters */
    char *survey_id;
    char *survey_hash;
    char *role;
    char *lang;
    int64_t started_ms;       /* format 1 responses only (0 otherwise) */
    int64_t ended_ms;         /* submitted or abandoned at (format 1 only) */
    int64_t duration_ms;      /* format 1 only */
    char *day;                /* format 2 and 3: "YYYY-MM-DD" the kiosk's local date; NULL in format 1 */
    int64_t duration_min;     /* format 2: duration rounded to whole minutes */
    char *status;             /* "submitted", "submitted_timeout" or "abandoned" */
    char *flags;              /* comma-separated quality flags, "" when none */
    char *kiosk_id;           /* the kiosk that recorded it (same as the manifest's) */
    char chain[65];           /* hash chained to the previous response */
    char *canonical;          /* canonical JSON the chain hash covers (in the bundle's arena or text) */
    size_t canonical_len;     /* strlen(canonical) */
    bundle_answer_t *answers;
    int n_answers;
    bool canonical_in_text;   /* private: canonical is the response's own bytes in the file's text, closed
                               * ('}' and NUL over its ",\"chain\"") once the text has been checked */
} bundle_response_t;

typedef struct {
    char *path;
    char file_sha256[65];
    int format_version;
    char *kind;               /* "full", "incremental" or "salvaged" */
    char *kiosk_id;
    char public_key[65];      /* hex */
    char fingerprint[64];
    char *school_code, *school_name, *school_level, *locality, *county_code;
    int64_t exported_ms;
    int64_t first_seq, last_seq;
    char prev_chain[65];      /* chain hash of the response before first_seq ("" for seq 1 / none) */
    char last_chain[65];
    char responses_sha256[65];/* SHA-256 over the responses' canonical texts; "" in a format 3
                               * full or incremental bundle (its chain covers them) */
    int64_t n_submitted, n_abandoned, n_flagged; /* counts from the manifest (verified) */
    char *idle_seconds, *active_surveys;  /* kiosk settings at export ("" when unset) */
    survey_t **surveys;       /* validated definitions carried in the bundle */
    int n_surveys;
    bundle_response_t *responses;
    int n_responses;
    struct bundle_arena *arena; /* private: holds the responses' strings */
    uint64_t surveys_shared;  /* private: bit i set = surveys[i] belongs to a bundle_cache_t */
    int n_fast;               /* responses read in canonical form without a parse tree (bundle_set_fast_path) */
    char *text;               /* private: the file's text, kept when canonical texts point into it */
} bundle_t;

/* Reads and verifies a bundle: JSON format, format version, signature with
 * the public key it carries, questionnaire hashes, every response's chain
 * hash and the sequence.  Never crashes on any input.  Messages name the
 * file and what is wrong, e.g.
 *   "b.json: truncated: JSON ends at line 40 column 3"
 *   "b.json: response 17 (seq 17) was edited: its hash does not match"
 *   "b.json: responses out of order at position 5: seq 9 follows seq 11"
 *   "b.json: response seq 12 is missing (sequence jumps from 11 to 13)"
 *   "b.json: signature does not verify with the key in the manifest"
 *   "b.json: questionnaire parent-2026: hash mismatch"
 *   "b.json: response 3 (seq 3): unknown key 'colour'"
 * Returns JH_ERR_INVALID (format) or JH_ERR_FORGED (hash, chain, signature).
 * The signature proves the bundle came from the holder of the key in the
 * manifest; whether that key belongs to the kiosk is for the caller to
 * check (bundle_t.fingerprint against earlier bundles of the kiosk). */
jh_status_t bundle_read(const char *path, bundle_t **out, jh_err_t *err);
jh_status_t bundle_read_text(const char *name, const char *text, size_t len,
                             bundle_t **out, jh_err_t *err);
void bundle_free(bundle_t *b);

/* Questionnaire definitions already loaded and validated, by hash, for
 * reading many bundles (a merge meets the same few definitions in every
 * bundle).  Each bundle still checks the SHA-256 of the definition it
 * carries against the hash; only the parse and validation of a text already
 * seen are skipped.  The cache owns its surveys: it must outlive every
 * bundle read with it, whose surveys[] then borrow from it. */
typedef struct bundle_cache bundle_cache_t;
bundle_cache_t *bundle_cache_create(void);
void bundle_cache_destroy(bundle_cache_t *c);
/* bundle_read_text using cache (NULL: none). */
jh_status_t bundle_read_text_cached(const char *name, const char *text, size_t len, bundle_cache_t *cache,
                                    bundle_t **out, jh_err_t *err);

/* Appends the canonical JSON text of it (compact, document order, integers
 * only) to b, as signatures cover it; false for floats or invalid UTF-8. */
struct cJSON;
bool bundle_canonical_json(jh_buf_t *b, const struct cJSON *it);

/* Whether s[0..len) is the canonical JSON text (bundle_canonical_json) of
 * the value cJSON parses it to, but for white space between its tokens;
 * if so appends that text (s without the white space) to out.  False
 * (nothing appended) also when that cannot be told without parsing (e.g. a
 * number of more than 15 digits): the reader then builds the text. */
bool bundle_canonical_slice(const char *s, size_t len, jh_buf_t *out);

/* Reads and verifies the bundle file at path (named name in messages) with
 * cache (may be NULL), reading only a regular file of at most max bytes
 * (jh_read_file_max).  Memory stays near the file's size: the responses are
 * parsed one at a time and the text is freed before the chain is checked.
 * sha256 receives the file's SHA-256 whenever the file could be read ("" when
 * not). */
jh_status_t bundle_read_file(const char *path, const char *name, size_t max, bundle_cache_t *cache, bundle_t **out,
                             char sha256[65], jh_err_t *err);

/* The advice of a rejection for a file not written to its end ("copy the
 * file again from the kiosk's USB drive, or export again …"), translated:
 * the merge replaces it when nothing is missing (review rclerk9 item 3). */
const char *bundle_copy_again_advice(void);

/* bundle_read_file's parse and verification of a file already read into
 * *textp (len bytes, NUL-terminated, malloc'd: taken over and freed, *textp
 * set to NULL) whose SHA-256 the caller computed (64 hex digits). */
jh_status_t bundle_read_owned(const char *name, char **textp, size_t len, const char sha256[65], bundle_cache_t *cache,
                              bundle_t **out, jh_err_t *err);

/* Whether reading a bundle may take a response written exactly in its
 * canonical form without building a parse tree (on by default).  Both ways
 * read the same bundle and give the same messages; tests turn it off to
 * compare.  Process-wide: not to be changed while a bundle is read. */
void bundle_set_fast_path(bool on);

/* Installs, once for the process, the cJSON allocation hooks the readers
 * use (an arena per thread while a bundle is parsed, otherwise
 * json_arena_malloc: a document's json_arena where the thread is inside
 * one, else malloc).
 * Every reader calls it; a program that reads bundles on several threads
 * while another uses cJSON calls it first, before starting them (cJSON's
 * hooks are one process-wide setting).  Bundles may then be read on any
 * number of threads at once, also with one shared bundle_cache_t. */
void bundle_reader_init(void);

/* Fingerprint of a 32-byte Ed25519 public key, as store_key_fingerprint. */
void bundle_fingerprint(const unsigned char pk[32], char out[64]);

/* The largest bundle file the bureau reads by default (merge --max-size
 * changes it): a kiosk's full export of 100,000 questionnaires is 55-80 MB.
 * See docs/bundle-format.md. */
#define BUNDLE_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* The bundle format version this code writes and reads.  Format 3 drops
 * manifest.responses_sha256 from full and incremental bundles, whose chain
 * from prev_chain to the signed last_chain already covers every text
 * (docs/bundle-format.md); salvaged bundles keep it. */
#define BUNDLE_FORMAT_VERSION 3
/* The oldest version the reader still accepts (already exported bundles). */
#define BUNDLE_FORMAT_VERSION_MIN 1

#endif
