/* tts.h - offline Mandarin speech synthesis through espeak-ng, for reading
 * questions aloud.  No SDL and no audio device: the synthesised samples are
 * handed to a sink as they are made (about every 50 ms of speech), so the
 * platform layer can start playing the first part while the rest is still
 * being synthesised, on a thread of its own.
 *
 * espeak-ng is one synthesiser per process: the first tts_open() starts it
 * and it stays up until the process ends; tts_open() also selects the voice
 * for every tts_t (tts_speak selects its own again when another tts_t chose
 * another one).  Calls must not overlap (the platform layer owns one
 * speaking thread).
 *
 * Ownership: a tts_t belongs to the caller of tts_open() and is released
 * with tts_close().  The samples passed to a sink are borrowed for the call. */
#ifndef JH_TTS_H
#define JH_TTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jh.h"

typedef struct tts tts_t;

/* Receives n 16-bit mono samples; returns false to stop the speech (a tap
 * on an answer stops the voice). */
typedef bool (*tts_sink_fn)(void *ctx, const int16_t *samples, size_t n);

/* Opens the synthesiser with voice (NULL: Mandarin, as tts_open_lang("zh-CN")).
 * JH_ERR_NOTFOUND when espeak-ng's data or the voice is not installed. */
jh_status_t tts_open(const char *voice, tts_t **out, jh_err_t *err);
/* Opens the voice for lang ("zh…": Mandarin, anything else: English): the
 * first installed voice whose phonemes for a known phrase are that language
 * with no switch to another (Debian 12's espeak-ng 1.51 "cmn" reads Chinese
 * as English-pronounced pinyin, its "cmn-latn-pinyin" as Mandarin).
 * JH_ERR_CORRUPT, with a message in Chinese then English, when none is
 * usable (espeak-ng-data without cmn_dict). */
jh_status_t tts_open_lang(const char *lang, tts_t **out, jh_err_t *err);
/* The espeak-ng voice chosen ("cmn-latn-pinyin"). */
const char *tts_voice(const tts_t *t);
/* What t would say for text, as espeak-ng phoneme mnemonics; a stretch in
 * another language is marked "(en)…(cmn)". */
jh_status_t tts_phonemes(tts_t *t, const char *text, char *out, size_t size, jh_err_t *err);
void tts_close(tts_t *t);
int tts_sample_rate(const tts_t *t);
/* Speaking rate in words a minute (espeak-ng's 80-450; 0 keeps the
 * default, slowed a little for older listeners). */
void tts_set_rate(tts_t *t, int wpm);
/* Synthesises UTF-8 text, passing samples to sink as they are made.
 * *stopped (may be NULL) tells whether the sink stopped it. */
jh_status_t tts_speak(tts_t *t, const char *text, tts_sink_fn sink, void *ctx, bool *stopped, jh_err_t *err);

#endif
