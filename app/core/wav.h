/* wav.h - recorded voices for read-aloud (issue 14): where a county's
 * recording of a question or option lives, and a small reader for the one
 * format accepted (RIFF WAVE, PCM, 16-bit, mono, 8000-48000 Hz; docs/kiosk.md
 * "Recording your own voice").  No SDL: `junheng check` uses it too.
 *
 * Naming: <questionnaire folder>/voice/<questionnaire id>/<ITEM>.wav for a
 * question and <ITEM>.<OPTION>.wav for an option (the readaloud key plus
 * ".wav"), e.g. data/surveys/voice/parent-2026/care.satisfied.wav.
 *
 * Ownership: wav_path returns a heap string; wav_read fills a caller-owned
 * wav_t whose samples are released with wav_free. */
#ifndef JH_WAV_H
#define JH_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "jh.h"

typedef struct {
    int16_t *samples;   /* owned */
    size_t n;           /* samples (mono) */
    int rate;           /* samples a second */
} wav_t;

/* The recording path for key ("ITEM" or "ITEM.OPTION") of questionnaire
 * survey_id under dir (the questionnaires' folder). */
char *wav_path(const char *dir, const char *survey_id, const char *key);

/* Reads a WAV file.  JH_ERR_NOTFOUND when there is none; JH_ERR_INVALID
 * naming the file and what is wrong (not RIFF/WAVE, not PCM, not 16-bit
 * mono, a rate outside 8000-48000, no data, longer than 60 s). */
jh_status_t wav_read(const char *path, wav_t *out, jh_err_t *err);
/* The same from memory (name is used in messages). */
jh_status_t wav_parse(const char *name, const unsigned char *data, size_t len, wav_t *out, jh_err_t *err);
void wav_free(wav_t *w);

/* Writes samples as a WAV file of the accepted format (tests, and the
 * admin's "record from synthesis" helpers). */
jh_status_t wav_write(const char *path, const int16_t *samples, size_t n, int rate, jh_err_t *err);

#endif
