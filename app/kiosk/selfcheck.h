/* selfcheck.h - `junheng-kiosk --self-check`: what a technician needs to
 * know about an installed kiosk, in Chinese and English, without changing
 * anything (the database is opened read-only, so a running kiosk's
 * unfinished questionnaire stays as it is). */
#ifndef JH_SELFCHECK_H
#define JH_SELFCHECK_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *db;           /* the kiosk database (need not exist yet) */
    const char *config;       /* settings file, or NULL when none is used */
    const char *surveys;      /* questionnaire directory */
    const char *font;         /* font file, or NULL: the bundled one */
    const char *unit_dir;     /* where the systemd unit is installed (/lib/systemd/system) */
    const char *wants_dir;    /* where enabling links it (/etc/systemd/system/graphical.target.wants) */
    int64_t now_ms;           /* the clock to check (the system's) */
    const char *rime_shared;  /* the pinyin data, NULL: Debian's /usr/share/rime-data */
    const char *zinnia_model; /* the handwriting model, NULL: Debian's */
    const char *locale_dir;   /* the compiled catalogs (jh_i18n_locale_dir), NULL: none: the settings
                                 file's errors are then in English only */
} selfcheck_opts_t;

/* Prints one line per check to out, each "[正常 OK]", "[注意 WARN]" or
 * "[错误 FAIL]" with what was found and, when something is wrong, what to
 * do; then a summary line.  Returns the exit status: 0 when nothing failed
 * (warnings allowed), 1 otherwise.  Borrows everything in o. */
int kiosk_self_check(const selfcheck_opts_t *o, FILE *out);

#endif
