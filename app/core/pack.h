/* pack.h - the county pack: what the bureau hands every school on a USB
 * stick to set up its kiosk.  One JSON file, junheng-county-pack.json,
 * holding the school register (code, name, level, locality), the county's
 * official questionnaires and the bureau's Ed25519 public key, signed with
 * the bureau's secret key.  `junheng kiosk-pack` writes it; the kiosk
 * installs from it only when the signature verifies against the bureau key
 * it already trusts (the first pack's key is shown as a fingerprint to
 * confirm).  Format: docs/kiosk.md, "County pack".
 *
 * Ownership: pack_read returns a pack_t owned by the caller (pack_free). */
#ifndef JH_PACK_H
#define JH_PACK_H

#include <stdbool.h>
#include <stdint.h>

#include "jh.h"

#define PACK_FILE_NAME "junheng-county-pack.json"
#define PACK_FORMAT_NAME "junheng-county-pack"
#define PACK_FORMAT_VERSION 1
/* The largest pack file read (a register of thousands of schools and a few
 * questionnaires is well under 1 MB). */
#define PACK_MAX_BYTES (8 << 20)

typedef struct {
    char code[64];            /* 学校代码 */
    char name[192];           /* 学校名称 */
    char level[24];           /* primary, junior, nine_year, complete_middle, twelve_year */
    char locality[16];        /* urban, town, rural */
    int sample_target;        /* valid questionnaires the bureau asks of the school; 0 = none
                               * (optional "sample_target", issue 18) */
} pack_school_t;

typedef struct {
    char county_code[8];      /* 6 digits */
    int64_t created_ms;
    unsigned char bureau_pk[32];
    char bureau_key_hex[65];
    char fingerprint[64];     /* SHA256:xxxx-xxxx-xxxx-xxxx of the bureau key */
    pack_school_t *schools;   /* sorted by code */
    int n_schools;
    int locality_permille[3]; /* the county's population shares urban, town, rural in ‰
                               * (optional "locality_permille"); all 0 = not given */
    char **surveys;           /* questionnaire definitions (JSON texts), each valid */
    char **survey_ids;
    int n_surveys;
    char *text;               /* the file's bytes as read and verified (what the kiosk keeps) */
    size_t text_len;
} pack_t;

/* Reads path and verifies it: format, signature with the key it carries,
 * every school (code, level, locality) and every questionnaire (the full
 * validator).  Only a regular file of at most PACK_MAX_BYTES is read (a
 * symlink, FIFO or device is refused unread).  p->text keeps the bytes.  Messages name the file and what is wrong.  JH_ERR_FORGED
 * when the signature does not verify. */
jh_status_t pack_read(const char *path, pack_t **out, jh_err_t *err);
/* pack_read for the copy this kiosk installed (NAME.db.pack.json): a school
 * name with a control or direction character, which an older version took
 * and pack_read now refuses, is read without those characters, so that the
 * kiosk keeps its register (review rattack5 finding 1). */
jh_status_t pack_read_installed(const char *path, pack_t **out, jh_err_t *err);
/* pack_read that also tells a pack of a newer format (a newer junheng
 * made it; this kiosk program must be updated; read before the signature,
 * so whether the pack is intact is not known):
 * *newer_format is then its format_version (JH_ERR_INVALID, the message
 * Chinese first saying to update junheng-kiosk), else 0. */
jh_status_t pack_read_info(const char *path, pack_t **out, int *newer_format, jh_err_t *err);
void pack_free(pack_t *p);

/* Writes a pack to path atomically, signed with sk (the bureau's 64-byte
 * Ed25519 secret key). survey_texts: definitions, each checked.
 * locality_permille: the county's population shares (urban, town, rural,
 * in ‰), or NULL; a school's sample_target is written when > 0. */
jh_status_t pack_write(const char *path, const unsigned char sk[64], const char *county_code,
                       const pack_school_t *schools, int n_schools, const int *locality_permille,
                       char *const *survey_texts, int n_surveys, int64_t now_ms, jh_err_t *err);

/* The sample the bureau asks of each school (issue 18, balance-rules §4):
 * the county's sample, about 1.5 ‰ of the resident population and at
 * least 600 under 400,000 (pack_sample_required), shared among the schools
 * in proportion to enrolment, each share rounded up.  enrolment[i] < 0 or
 * NAN-free zero: that school gets 0 (no target).  Writes targets[0..n). */
int64_t pack_sample_required(int64_t population);
void pack_sample_targets(int64_t population, const double *enrolment, int n, int *targets);

/* The school of the register with code, or NULL. */
const pack_school_t *pack_school_find(const pack_t *p, const char *code);

/* Whether pack p may come on the kiosk st, as far as its school goes
 * (review rusb4 item 4, r2admin4 item 2): a school that holds answers stays,
 * so must its county.  PACK_OTHER_COUNTY: the kiosk's county (its
 * county_code, else its school code's first 6 characters when they are
 * digits; written to county, 7 bytes) is not p's; PACK_SCHOOL_MISSING: the
 * county fits or is not known, but the school is not in p's register
 * (county: the kiosk's county, "" when not known).  PACK_FITS otherwise, and
 * when the school is not set or holds no answers. */
typedef enum { PACK_FITS, PACK_OTHER_COUNTY, PACK_SCHOOL_MISSING } pack_fit_t;
struct store;
pack_fit_t pack_school_fit(struct store *st, const pack_t *p, char county[7]);

/* The index of the first questionnaire of p with the id and version of one
 * st's answers were given to but another content (changed without a new
 * version: store_survey_version_clash), its version into version (may be
 * NULL); -1 when none (review rfield6 item 1). */
int pack_survey_clash(struct store *st, const pack_t *p, char version[64]);

/* The bureau's key pair in a file of 64 bytes (mode 0600): loaded, or
 * created when the file does not exist (*created then true). */
jh_status_t pack_key_load_or_create(const char *path, unsigned char sk[64], unsigned char pk[32], bool *created,
                                    jh_err_t *err);

/* Installs a verified pack on the kiosk: trusts its bureau key (the
 * caller asked the administrator to confirm the fingerprint of a first
 * pack; a pack signed with another key than the trusted one is refused,
 * JH_ERR_FORGED), refuses a pack older (created_ms) than the installed one
 * of the same key (JH_ERR_INVALID naming both dates; the same pack again
 * is allowed) and a pack dated more than a day after the kiosk's clock
 * (JH_ERR_INVALID naming both; its date would make every later pack look
 * older) and a pack of another county than the one of a kiosk whose
 * school holds answers (JH_ERR_CONFLICT naming both counties; review
 * rusb4 item 4) or a register without that school (JH_ERR_CONFLICT; review
 * r2admin4 item 2; see pack_school_fit) or a questionnaire changed
 * without a new version after answers were given to its old content
 * (JH_ERR_CONFLICT naming it; see pack_survey_clash),
 * writes its questionnaires into dir (created; other *.json files there
 * removed) and makes them the active ones (one that was installed before
 * keeps the administrator's switch; if that leaves none on, all come on),
 * keeps a copy of the pack (p->text, the bytes verified: the file is not
 * read again) as DB.pack.json (the register), and sets county_code.
 * pack_path (the file p was read from) only names it in messages.
 * All or nothing: everything is written beside the installed pack first
 * (DIR.new/, DB.pack.json.new), then the journal DB.pack.pending; an
 * install cut short after that (power cut) is finished by
 * pack_install_resume at the next start, one cut before it left the old
 * pack as it was.  After the journal, DIR is swapped whole for DIR.new
 * (the old one kept as DIR.old), DB.pack.json replaced (the old one kept
 * as a hard link) and the settings saved last; a failure before the
 * settings (a rename that fails every time, a full disk) puts the old pack
 * back and drops the journal. */
struct store;
jh_status_t pack_install(struct store *st, const char *pack_path, const pack_t *p, const char *dir, jh_err_t *err);

/* Finishes an install a power cut interrupted (DB.pack.pending there), for
 * the kiosk's start, before it reads its questionnaires from dir.  Every
 * questionnaire and the register copy installed are the bytes of the
 * signed pack in the journal (a staged file missing or changed is written
 * again from it).  When it cannot be finished, the install is undone (the
 * old pack whole, the message says so) if the settings were not saved.
 * *resumed (may be NULL): whether one was finished.  Nothing to do: JH_OK
 * (what finished installs left, DIR.old, DIR.new, is removed). */
jh_status_t pack_install_resume(struct store *st, const char *dir, bool *resumed, jh_err_t *err);

/* Whether dir is a folder holding a questionnaire file (a non-empty
 * regular *.json, not hidden): the kiosk uses the installed DIR only then,
 * never an empty folder instead of its bundled questionnaires. */
bool pack_dir_has_surveys(const char *dir);

/* Tests only: the next installs end the process (_exit(0), a power cut)
 * right after step 1..6 (staged questionnaires, staged register copy,
 * journal, DIR moved to DIR.old, DIR.new moved to DIR, settings); 0 =
 * never. */
void pack_test_cut_after(int step);

/* How far after the kiosk's clock a pack may be dated (clocks a little
 * wrong): a day. */
#define PACK_FUTURE_SLACK_MS (24LL * 3600 * 1000)

/* created_ms of the pack installed on the kiosk (DB.pack.json) when it is
 * signed with key_hex (64 hex digits; NULL: any key), else 0 (none).  0
 * too when it is dated more than PACK_FUTURE_SLACK_MS after the kiosk's
 * clock: a date that is wrong orders nothing.  The trusted key is not
 * consulted: after the key is forgotten, the same bureau's older pack is
 * still older (pack_install refuses it as a first pack too). */
int64_t pack_installed_created_ms(struct store *st, const char *key_hex);
/* created_ms when it is believable, else 0: a pack dated more than
 * PACK_FUTURE_SLACK_MS after now_ms has a wrong date (the bureau's
 * computer was set wrong), which orders nothing and is no floor for the
 * kiosk's clock (review rk3, item 2). */
int64_t pack_created_believable_ms(int64_t created_ms, int64_t now_ms);

/* ms since the epoch as "YYYY-MM-DD HH:MM" in Beijing time (UTC+8). */
void pack_beijing_time(int64_t ms, char out[24]);
/* Two times as pack_beijing_time, with the seconds ("YYYY-MM-DD HH:MM:SS")
 * on both when they differ within the same minute. */
void pack_beijing_times(int64_t a_ms, int64_t b_ms, char a[24], char b[24]);

/* Whether level / locality is one the kiosk accepts. */
bool pack_level_valid(const char *level);
bool pack_locality_valid(const char *locality);

#endif
