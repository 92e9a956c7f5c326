/* tts.c - espeak-ng speech synthesis into a sink; see tts.h. */
#include "tts.h"

#include <espeak-ng/espeak_ng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A little slower than espeak-ng's 175 words a minute: many listeners are
 * grandparents. */
#define DEFAULT_RATE 150
/* Samples reach the sink in chunks of this many milliseconds. */
#define CHUNK_MS 50

struct tts {
    char voice[64];
    int rate;
    int sample_rate;
};

typedef struct {
    tts_sink_fn sink;
    void *ctx;
    bool stopped;
} speaking_t;

/* espeak-ng is set up once and kept until the process ends: its
 * espeak_ng_Terminate() can hang after a second initialisation. */
static bool engine_up;
static int engine_rate;
static char engine_voice[64];

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    speaking_t *s = events ? (speaking_t *)events->user_data : NULL;
    if (!s || s->stopped) return 1;
    if (wav && n > 0 && !s->sink(s->ctx, (const int16_t *)wav, (size_t)n)) {
        s->stopped = true;
        return 1; /* espeak-ng stops synthesising */
    }
    return 0;
}

static jh_status_t fail(jh_err_t *err, jh_status_t st, espeak_ng_STATUS es, const char *what)
{
    char msg[256];
    espeak_ng_GetStatusCodeMessage(es, msg, sizeof msg);
    return jh_err_set(err, st, "speech synthesis (espeak-ng) %s: %s", what, msg);
}

jh_status_t tts_open(const char *voice, tts_t **out, jh_err_t *err)
{
    *out = NULL;
    if (!voice) voice = "cmn";
    if (!engine_up) {
        espeak_ng_InitializePath(NULL);
        espeak_ng_ERROR_CONTEXT ectx = NULL;
        espeak_ng_STATUS es = espeak_ng_Initialize(&ectx);
        espeak_ng_ClearErrorContext(&ectx);
        if (es != ENS_OK)
            return fail(err, JH_ERR_NOTFOUND, es, "cannot start (Debian package espeak-ng-data)");
        if ((es = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, CHUNK_MS, NULL)) != ENS_OK)
            return fail(err, JH_ERR_IO, es, "cannot set up its output");
        espeak_SetSynthCallback(on_samples);
        engine_up = true;
    }
    espeak_ng_STATUS es = espeak_ng_SetVoiceByName(voice);
    if (es != ENS_OK) {
        jh_err_t e2;
        fail(&e2, JH_ERR_NOTFOUND, es, "has no such voice");
        return jh_err_set(err, JH_ERR_NOTFOUND, "%s '%s'", e2.msg, voice);
    }
    snprintf(engine_voice, sizeof engine_voice, "%s", voice);
    tts_t *t = jh_xcalloc(1, sizeof *t);
    snprintf(t->voice, sizeof t->voice, "%s", voice);
    t->rate = DEFAULT_RATE;
    t->sample_rate = espeak_ng_GetSampleRate();
    *out = t;
    return JH_OK;
}

void tts_close(tts_t *t)
{
    free(t);
}

int tts_sample_rate(const tts_t *t)
{
    return t->sample_rate;
}

void tts_set_rate(tts_t *t, int wpm)
{
    if (wpm == 0) wpm = DEFAULT_RATE;
    if (wpm < espeakRATE_MINIMUM) wpm = espeakRATE_MINIMUM;
    if (wpm > espeakRATE_MAXIMUM) wpm = espeakRATE_MAXIMUM;
    t->rate = wpm;
}

jh_status_t tts_speak(tts_t *t, const char *text, tts_sink_fn sink, void *ctx, bool *stopped, jh_err_t *err)
{
    speaking_t s = {sink, ctx, false};
    if (stopped) *stopped = false;
    if (strcmp(engine_voice, t->voice)) { /* another tts_t chose another voice since */
        espeak_ng_STATUS vs = espeak_ng_SetVoiceByName(t->voice);
        if (vs != ENS_OK) return fail(err, JH_ERR_NOTFOUND, vs, "cannot select the voice again");
        snprintf(engine_voice, sizeof engine_voice, "%s", t->voice);
        engine_rate = 0; /* a voice brings its own rate */
    }
    if (engine_rate != t->rate) {
        espeak_ng_SetParameter(espeakRATE, t->rate, 0);
        engine_rate = t->rate;
    }
    espeak_ng_STATUS es = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8 | espeakENDPAUSE, NULL, &s);
    if (stopped) *stopped = s.stopped;
    if (es != ENS_OK && !(s.stopped && es == ENS_SPEECH_STOPPED)) return fail(err, JH_ERR_IO, es, "failed");
    return JH_OK;
}
