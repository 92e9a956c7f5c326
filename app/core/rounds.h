/* rounds.h - evaluation rounds (issue 17): one county database holds several
 * rounds (2025, 2026 …).  A round is opened with its campaign's start date
 * (a label); the survey answers merged into the database after it was
 * opened belong to it, those merged before to the rounds before (kiosks send
 * no times: bundle format 2 carries the day only, which the county database
 * does not keep).  Opening the next round closes the current one and
 * freezes its whole statistics document (stats.json, with the register, the
 * county facts and the evaluation as they were) in the database, so every
 * statistic of a closed round stays what was reported, and the trend set
 * beside the current round's figures is read from those frozen documents.
 *
 * Schema (additive, created on first use): county_rounds(name, since_ms,
 * opened_ms, closed_ms, stats).  A database without rounds is one implicit
 * open round named "" that starts at the beginning of time.
 *
 * Ownership: rounds_list returns a heap array the caller frees; cJSON trees
 * returned are the caller's to delete. */
#ifndef JH_ROUNDS_H
#define JH_ROUNDS_H

#include "jh.h"

struct county;
struct cJSON;

typedef struct {
    char name[64];
    int64_t since_ms;   /* the campaign's start (00:00 Beijing time), a label */
    int64_t opened_ms;  /* answers merged at or after this belong to the round */
    int64_t closed_ms;  /* 0 while open */
} round_t;

/* Every round, oldest first; *n = 0 for a database without rounds. */
jh_status_t rounds_list(struct county *c, round_t **out, int *n, jh_err_t *err);

/* The open round; *have = false (and out zeroed: name "", since 0) when the
 * database has no rounds. */
jh_status_t rounds_current(struct county *c, round_t *out, bool *have, jh_err_t *err);

/* Opens round `name` starting at since_ms.  The open round (if any) is
 * closed with `frozen`, its statistics document (borrowed, stored as
 * JSON).  A database without rounds whose data should become a round needs
 * `previous` (its name) and `frozen`; pass previous NULL when there is no
 * earlier data.  Names are unique; since_ms must be after the open round's.
 * All in one transaction: when the caller has one open (the write
 * transaction, BEGIN IMMEDIATE, in which it computed `frozen`, so that no
 * merge comes between the statistics and the round's end), a savepoint of
 * it, which the caller then commits. */
jh_status_t rounds_open(struct county *c, const char *name, int64_t since_ms, const char *previous,
                        const struct cJSON *frozen, int64_t now_ms, jh_err_t *err);

/* The round that the data of a database without rounds became: the one
 * `round --open NEXT --previous NAME` froze (a closed round from the
 * beginning, since_ms 0), into name[n]; "" when no such round is known
 * (the first round was opened on a new database) or, not written by
 * rounds_open, more than one. */
jh_status_t rounds_unrounded(struct county *c, char *name, size_t n, jh_err_t *err);

/* The frozen statistics document of a closed round (NULL in *out when the
 * round is open or unknown). */
jh_status_t rounds_frozen(struct county *c, const char *name, struct cJSON **out, jh_err_t *err);

/* Review r3copy, item 2: a kiosk caught holding another kiosk's answers
 * after a round was closed: the round's frozen figures count those of its
 * answers merged before the close (moved to quarantine by the catch, not
 * out of the frozen document).  Adds a warning (warnings, warnings_zh of
 * doc) for each such kiosk and closed round (only round `name` when not
 * NULL) saying how many and how to correct it.  Reads copied_kiosks,
 * quarantine and imports (small: no response row); nothing on a database
 * without caught kiosks or closed rounds. */
void rounds_copy_warnings(struct county *c, const char *name, struct cJSON *doc);

/* The number of responses of caught kiosk `kiosk` (NULL: any) counted in
 * the frozen figures of a closed round, caught after it closed, and that
 * round's name (the latest such round): 0 when none. */
int64_t rounds_copies_frozen(struct county *c, const char *kiosk, char *round, size_t n);

/* The figures of one statistics document that a trend compares: social
 * recognition, satisfaction, every CV, each school's compliance,
 * satisfaction and failed evaluation indicators, the evaluation verdicts. */
struct cJSON *rounds_trend_entry(const struct cJSON *doc, const char *name, int64_t since_ms,
                                 bool frozen);

/* Adds to into the survey rules a statistics document was computed under:
 * "public_scope" ("county": the public's answers count for the county
 * only; "school": a document from before, also for the school whose kiosk
 * took them) and "dont_know_questionnaires" ("not_valid": a questionnaire
 * answered 不了解 throughout is not valid; "valid": before). */
void rounds_survey_rules(const struct cJSON *doc, struct cJSON *into);

/* The trend: the closed rounds' entries (from their frozen documents) and
 * the current document's, oldest first, and what changed for each school
 * since the previous round.  Documented in docs/stats-json.md ("trend"). */
jh_status_t rounds_trend(struct county *c, const struct cJSON *current, struct cJSON **out,
                         jh_err_t *err);

/* Parses "YYYY-MM-DD" as 00:00 Beijing time (UTC+8) in ms since the epoch. */
bool rounds_parse_date(const char *s, int64_t *ms);

#endif
