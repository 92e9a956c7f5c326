/* pinyin.h - pinyin input through librime (Luna Pinyin, simplified
 * characters), for the kiosk's on-screen keyboard.  No SDL: the panel feeds
 * it letters and reads back the composition and the candidates.
 *
 * Privacy: the engine never learns from what is typed (librime's user
 * dictionary is switched off), so nothing one parent writes is suggested to
 * the next.
 *
 * librime is one engine per process: the first pinyin_open() starts it
 * (deploying the schema into user_dir once; later starts of the kiosk reuse
 * that) and it stays up until the process ends; each pinyin_open() creates
 * a session and pinyin_close() ends it.  Not thread-safe.
 *
 * Damaged data: librime throws C++ exceptions through its C API at a
 * compiled dictionary it cannot read, which aborts the process.  So the
 * compiled files are checked before librime sees them, and the first load
 * is tried in a child process (fork) whose exit status tells whether
 * loading works; only then does this process load the data.  The child
 * compares the compiled files with the MD5 sums their Debian package
 * lists (/var/lib/dpkg/info/rime-data-*.md5sums; for data elsewhere,
 * JH_RIME_MD5SUMS or a "md5sums" file beside it, when there is one) and
 * types a few words; it gets 10 s.
 *
 * Ownership: a pinyin_t belongs to the caller of pinyin_open() and is
 * released with pinyin_close().  Strings returned by pinyin_state() and
 * pinyin_select() belong to the engine and stay valid until the next call
 * on the same pinyin_t. */
#ifndef JH_PINYIN_H
#define JH_PINYIN_H

#include <stdbool.h>

#include "jh.h"

/* Debian's rime-data-luna-pinyin installs here. */
#define PINYIN_SHARED_DIR "/usr/share/rime-data"
#define PINYIN_SCHEMA "luna_pinyin_simp"
#define PINYIN_MAX_CANDIDATES 10

typedef struct pinyin pinyin_t;

typedef struct {
    const char *preedit;                      /* "xue xiao"; "" when nothing is composed */
    int n;                                    /* candidates on this page */
    const char *text[PINYIN_MAX_CANDIDATES];  /* 学校, 学习, … */
    int page;                                 /* 0-based page of candidates */
    bool last_page;
} pinyin_state_t;

/* Opens the engine with the schema data in shared_dir (NULL: the Debian
 * path) and its compiled data in user_dir (created if missing; a kiosk keeps
 * it beside its database).  page_size candidates a page (1-10).  Fails with
 * JH_ERR_NOTFOUND when the schema data or a compiled file it needs is not
 * installed, JH_ERR_CORRUPT when a compiled file is damaged, librime cannot
 * load the data, a compiled file differs from its package's MD5 sum or
 * typing a word gives no candidate; JH_ERR_IO when the load could not be
 * tried or took too long (pinyin_retry_later). */
jh_status_t pinyin_open(const char *shared_dir, const char *user_dir, int page_size, pinyin_t **out,
                        jh_err_t *err);
/* Whether the last pinyin_open() or pinyin_check() failed only for now
 * (JH_ERR_IO): the first load took longer than 10 s (a slow or busy disk)
 * or no process could be started to try it.  Then opening may be tried
 * again later (the next time the panel opens); any other failure stays. */
bool pinyin_retry_later(void);
/* What pinyin_open() checks, without starting the engine in this process
 * (the load is tried in a child only): for a self-check.  user_dir as for
 * pinyin_open() (created; the kiosk's schema is written into it): a scratch
 * folder.  kiosk_dir (NULL: none) is the kiosk's own folder: the compiled
 * files in its build/, which librime reads before the shared ones, are
 * checked and loaded instead of those (linked into user_dir/build). */
jh_status_t pinyin_check(const char *shared_dir, const char *kiosk_dir, const char *user_dir, jh_err_t *err);
void pinyin_close(pinyin_t *p);

/* A letter a-z (either case) or the syllable separator '\''.  Returns false
 * when the engine did not take it (anything else). */
bool pinyin_key(pinyin_t *p, int ch);
/* Deletes the last letter of the composition; false when nothing is
 * composed (the panel then deletes from the answer text). */
bool pinyin_backspace(pinyin_t *p);
/* Next (dir > 0) or previous page of candidates; false when there is none. */
bool pinyin_page(pinyin_t *p, int dir);
/* Chooses candidate index of the current page.  Returns the text to insert
 * when the whole composition is converted, or NULL when part of it is still
 * composed (choosing 学 for "xuexiao" leaves "xiao" to convert). */
const char *pinyin_select(pinyin_t *p, int index);
/* Commits the composition as its preedit shows it and clears it: the
 * candidates chosen so far, the highlighted candidate of the rest, then
 * the letters librime could not convert as typed ("woi" with 我 chosen:
 * "我i").  The text, or NULL when nothing was composed. */
const char *pinyin_commit_shown(pinyin_t *p);
/* Drops the composition. */
void pinyin_clear(pinyin_t *p);
/* The letters typed for the composition, all of them, also those of the
 * part already chosen ("xuexiaolaoshi" with 学校 chosen); "" when nothing
 * is composed.  Belongs to the engine, valid until the next call. */
const char *pinyin_input(pinyin_t *p);
/* The composition and the current page of candidates. */
void pinyin_state(pinyin_t *p, pinyin_state_t *out);

#endif
