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

static jh_status_t engine_start(jh_err_t *err)
{
    if (engine_up) return JH_OK;
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ectx = NULL;
    espeak_ng_STATUS es = espeak_ng_Initialize(&ectx);
    espeak_ng_ClearErrorContext(&ectx);
    if (es != ENS_OK) return fail(err, JH_ERR_NOTFOUND, es, "cannot start (Debian package espeak-ng-data)");
    if ((es = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, CHUNK_MS, NULL)) != ENS_OK)
        return fail(err, JH_ERR_IO, es, "cannot set up its output");
    espeak_SetSynthCallback(on_samples);
    engine_up = true;
    return JH_OK;
}

static jh_status_t select_voice(const char *voice, jh_err_t *err)
{
    if (!strcmp(engine_voice, voice)) return JH_OK;
    espeak_ng_STATUS es = espeak_ng_SetVoiceByName(voice);
    if (es != ENS_OK) {
        engine_voice[0] = 0;
        jh_err_t e2;
        fail(&e2, JH_ERR_NOTFOUND, es, "has no such voice");
        return jh_err_set(err, JH_ERR_NOTFOUND, "%s '%s'", e2.msg, voice);
    }
    snprintf(engine_voice, sizeof engine_voice, "%s", voice);
    engine_rate = 0; /* a voice brings its own rate */
    return JH_OK;
}

/* The phonemes of text in the selected voice, clauses separated by " | ". */
static void phonemes_now(const char *text, char *out, size_t size)
{
    size_t len = 0;
    out[0] = 0;
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph) break;
        int w = snprintf(out + len, size - len, "%s%s", len ? " | " : "", ph);
        if (w < 0 || (size_t)w >= size - len) break;
        len += (size_t)w;
    }
}

/* A voice is usable for a language when espeak-ng has phonemes for a phrase
 * of it and does not switch to another language for them: Debian 12's
 * espeak-ng 1.51 "cmn" reads most Chinese characters as English-pronounced
 * pinyin ("(en)heItu: zIfaIv", espeak-ng issues #1236, #1028) and
 * "cmn-latn-pinyin" reads them in Mandarin; without cmn_dict a voice is
 * selected but has no phonemes at all (review rspeech4). */
static bool voice_speaks(const char *probe, char *ph, size_t size)
{
    phonemes_now(probe, ph, size);
    bool any = false;
    for (const char *c = ph; *c; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) any = true;
    return any && !strchr(ph, '(');
}

static tts_t *new_tts(const char *voice)
{
    tts_t *t = jh_xcalloc(1, sizeof *t);
    snprintf(t->voice, sizeof t->voice, "%s", voice);
    t->rate = DEFAULT_RATE;
    t->sample_rate = espeak_ng_GetSampleRate();
    return t;
}

jh_status_t tts_open(const char *voice, tts_t **out, jh_err_t *err)
{
    *out = NULL;
    if (!voice) return tts_open_lang("zh-CN", out, err);
    jh_status_t st = engine_start(err);
    if (st == JH_OK) st = select_voice(voice, err);
    if (st != JH_OK) return st;
    *out = new_tts(voice);
    return JH_OK;
}

jh_status_t tts_open_lang(const char *lang, tts_t **out, jh_err_t *err)
{
    static const char *const mandarin[] = {"cmn", "cmn-latn-pinyin", NULL};
    static const char *const english[] = {"en", "en-us", NULL};
    *out = NULL;
    bool zh = !lang || !strncmp(lang, "zh", 2);
    const char *const *voices = zh ? mandarin : english;
    const char *probe = zh ? "您好，请选择您的身份。" : "Hello, please choose who you are.";
    jh_status_t st = engine_start(err);
    if (st != JH_OK) return st;
    char ph[512] = "", switched_ph[512] = "";
    bool pinyin_missing = false, switched = false;
    for (int i = 0; voices[i]; i++) {
        jh_err_t e2;
        if (select_voice(voices[i], &e2) != JH_OK) {
            pinyin_missing |= zh && !strcmp(voices[i], "cmn-latn-pinyin");
            continue;
        }
        if (voice_speaks(probe, ph, sizeof ph)) {
            *out = new_tts(voices[i]);
            return JH_OK;
        }
        if (strchr(ph, '(') && !switched) { /* "(en)heItu: zIfaIv": another language's phonemes */
            switched = true;
            snprintf(switched_ph, sizeof switched_ph, "%s", ph);
        }
    }
    /* Review r2speech4 item 7: the cmn voice reading English-pronounced
     * pinyin with cmn-latn-pinyin absent was blamed on cmn_dict. */
    if (zh && switched && pinyin_missing)
        return jh_err_set(err, JH_ERR_CORRUPT,
                          "普通话声音不能用：espeak-ng 的 cmn 声音把汉字读成英语发音的拼音（espeak-ng 1.51 的问题），"
                          "能读普通话的 cmn-latn-pinyin 声音又没有安装（espeak-ng-data 里缺少 lang/sit/cmn-Latn-pinyin），"
                          "读题已关闭；请重新安装 espeak-ng-data / the Mandarin voice does not work: espeak-ng's cmn "
                          "voice reads Chinese as English-pronounced pinyin (an espeak-ng 1.51 bug; phonemes "
                          "\"%.80s\") and the cmn-latn-pinyin voice that reads it in Mandarin is missing "
                          "(lang/sit/cmn-Latn-pinyin in espeak-ng-data), read-aloud is off; reinstall espeak-ng-data",
                          switched_ph);
    if (zh)
        return jh_err_set(err, JH_ERR_CORRUPT,
                          "普通话声音不能用：espeak-ng 的 cmn 声音读不出普通话（缺少 cmn_dict？），读题已关闭；请重新安装 "
                          "espeak-ng-data / the Mandarin voice does not work: espeak-ng's cmn voices give no Mandarin "
                          "for \"%s\" (phonemes \"%.80s\"; cmn_dict missing?), read-aloud is off; reinstall "
                          "espeak-ng-data",
                          probe, ph);
    return jh_err_set(err, JH_ERR_CORRUPT,
                      "英语声音不能用：espeak-ng 的 en 声音读不出英语（缺少 en_dict？）；请重新安装 espeak-ng-data / "
                      "the English voice does not work: espeak-ng's en voices give no English for \"%s\" "
                      "(phonemes \"%.80s\"; en_dict missing?); reinstall espeak-ng-data",
                      probe, ph);
}

const char *tts_voice(const tts_t *t)
{
    return t->voice;
}

jh_status_t tts_phonemes(tts_t *t, const char *text, char *out, size_t size, jh_err_t *err)
{
    out[0] = 0;
    jh_status_t st = select_voice(t->voice, err);
    if (st == JH_OK) phonemes_now(text, out, size);
    return st;
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
    /* another tts_t may have chosen another voice since */
    jh_status_t vs = select_voice(t->voice, err);
    if (vs != JH_OK) return vs;
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
