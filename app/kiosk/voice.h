/* voice.h - read-aloud in the platform layer (issue 14): an SDL audio
 * device and one speaking thread.  voice_speak() hands over the parts of a
 * question (readaloud.h); the thread plays each part's recording when the
 * county recorded one (wav.h naming) and synthesises it with espeak-ng
 * otherwise, queueing samples as they are made, so the first sound comes
 * after the first 50 ms chunk and not after the whole text.  The main loop
 * polls voice_poll() for the part being heard (to pass on to the UI with
 * ui_app_speech_progress) and never waits for the thread.
 *
 * Ownership: voice_open returns a voice_t owned by the caller (voice_close
 * stops the thread and closes the device).  Parts are copied. */
#ifndef VOICE_H
#define VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "jh.h"
#include "readaloud.h"

typedef struct voice voice_t;

/* Opens SDL's audio (the default driver, or SDL_AUDIODRIVER) and the
 * synthesiser: its Mandarin voice (tts_open_lang) and, when espeak-ng has
 * one, its English voice for English texts.  JH_ERR_NOTFOUND with a
 * message a person can act on when there is no audio device or no Mandarin
 * voice, JH_ERR_CORRUPT when the Mandarin voice gives no Mandarin (no
 * cmn_dict): the kiosk then hides read-aloud and says why on the admin
 * screen. */
jh_status_t voice_open(voice_t **out, jh_err_t *err);
void voice_close(voice_t *v);
/* Whether espeak-ng has a working English voice (without one, read-aloud is
 * not offered in English). */
bool voice_has_english(const voice_t *v);

/* Volume 0-100 (applied to every sample). */
void voice_set_volume(voice_t *v, int pct);
/* Whether recordings replace synthesis (true by default). */
void voice_use_recordings(voice_t *v, bool on);

/* Speaks parts (copied) as request seq, stopping what was being spoken.
 * Recordings are looked up under dir for questionnaire survey_id (both may
 * be NULL: synthesis only).  lang ("zh-CN", "en"; NULL: zh-CN) is the
 * language of the texts: English is synthesised with an English voice. */
void voice_speak(voice_t *v, int seq, const readaloud_part_t *parts, int n, const char *dir,
                 const char *survey_id, const char *lang);
/* Stops at once (the queued sound is dropped). */
void voice_stop(voice_t *v);

/* What is heard now: *seq of the request and *option of the part heard
 * (its option index, -1 the question, -2 nothing: finished or stopped).
 * Parts are reported in order, at most one new part a call, so none is
 * skipped when calls come late (the next call brings the one after).
 * Returns true when that changed since the last call. */
bool voice_poll(voice_t *v, int *seq, int *option);

/* The host's part of read-aloud, called after input and updates: passes
 * the app's speak/stop command on (the parts of the item via readaloud_item,
 * recordings looked up in the app's questionnaire folder, the app's volume)
 * and what is heard back with ui_app_speech_progress.  Never waits. */
struct ui_app;
void voice_pump(voice_t *v, struct ui_app *app);

/* For tests and benchmarks: milliseconds from the last voice_speak to its
 * first samples reaching the device queue (-1 before), how many parts came
 * from recordings, and the samples queued so far. */
int64_t voice_first_sound_ms(voice_t *v);
/* The espeak-ng voice that synthesised the last part ("" before any). */
void voice_last_voice(voice_t *v, char *out, size_t size);
/* The voices the last job used, in order, comma-separated ("cmn-latn-pinyin,en,cmn-latn-pinyin"). */
void voice_voices_used(voice_t *v, char *out, size_t size);
int voice_recorded_parts(voice_t *v);
uint64_t voice_samples_queued(voice_t *v);

#endif
