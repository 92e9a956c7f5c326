/* voice_sdl.c - read-aloud through SDL audio and one speaking thread (see
 * voice.h).  The thread waits for a job; for each part it queues either the
 * recording (converted to the device's rate with SDL_AudioCVT) or espeak-ng
 * samples as they are synthesised.  The start of each part in the stream of
 * queued samples is noted, so the part heard now is the last whose start
 * the device has played past.  A stop sets a flag the sink checks under the
 * same lock as it queues, then clears the device queue.
 *
 * The device is open only while there is sound to play: an open SDL 2 device
 * has a thread that wakes for every buffer (23 ms) and feeds it, silence
 * when paused or empty, so a kiosk with a sound card used 0.4 % of a core
 * idle (issue 20).  The speaking thread opens it for a job and closes it
 * when its queue has been empty for VOICE_LINGER_MS (the next question's
 * reading soon after finds it open). */
#include "voice.h"

#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "tts.h"
#include "ui_app.h"
#include "wav.h"

#define MAX_PARTS READALOUD_MAX_PARTS

/* Tests open the device through their own function (a sound server that
 * takes its time: test_voice's test_speak_while_opening). */
#ifdef VOICE_TEST_OPEN
SDL_AudioDeviceID VOICE_TEST_OPEN(const char *device, int iscapture, const SDL_AudioSpec *desired,
                                  SDL_AudioSpec *obtained, int allowed_changes);
#define open_device VOICE_TEST_OPEN
#else
#define open_device SDL_OpenAudioDevice
#endif

/* How long the device stays open after the last sound was played. */
#define VOICE_LINGER_MS 2000

typedef struct {
    char *text, *key;
    int option;
} vpart_t;

struct voice {
    SDL_AudioDeviceID dev;       /* under lock; 0 while closed (opened and closed by the thread) */
    SDL_AudioSpec want;          /* what the device is opened with (SDL converts to the card's) */
    SDL_AudioSpec spec;
    tts_t *tts;                  /* Mandarin */
    tts_t *tts_en;               /* English; NULL when espeak-ng has none (Mandarin reads it then) */
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *cond;
    /* under lock */
    bool quit;
    bool pending;                /* a job waits for the thread */
    bool stop;                   /* the job in progress must stop */
    int seq;                     /* of the job (pending or in progress) */
    vpart_t parts[MAX_PARTS];
    int n_parts;
    char *dir, *survey_id;
    bool english;                /* the job's texts are English (not Chinese) */
    char last_voice[64];         /* the espeak-ng voice of the last synthesised part */
    char voices_used[160];       /* the voices of the job in progress or last, in order, comma-separated */
    bool busy;                   /* the thread works on a job */
    uint64_t queued;             /* samples queued since the device opened */
    uint64_t part_start[MAX_PARTS]; /* queued count when part k began (UINT64_MAX: not yet) */
    int part_option[MAX_PARTS];  /* option of part k of the job (-1 the question) */
    uint64_t job_end;            /* queued count when the job's last part was queued (0: not yet) */
    uint64_t speak_ticks;        /* SDL_GetTicks64 at voice_speak */
    int64_t first_ms;
    int volume;
    bool recordings;
    int n_recorded;
    /* main thread only */
    int last_seq, last_option;
    int last_part;               /* the part of job last_seq last reported (-1 none) */
};

static void free_parts(voice_t *v)
{
    for (int i = 0; i < v->n_parts; i++) {
        free(v->parts[i].text);
        free(v->parts[i].key);
    }
    v->n_parts = 0;
}

/* Queues n samples (volume applied) unless the job was stopped; called
 * with the lock released. */
static bool queue_samples(voice_t *v, const int16_t *s, size_t n)
{
    int16_t buf[4096];
    SDL_LockMutex(v->lock);
    bool go = !v->stop && !v->quit;
    if (go) {
        for (size_t off = 0; off < n;) {
            size_t k = n - off < 4096 ? n - off : 4096;
            for (size_t i = 0; i < k; i++) buf[i] = (int16_t)((int32_t)s[off + i] * v->volume / 100);
            SDL_QueueAudio(v->dev, buf, (Uint32)(k * sizeof(int16_t)));
            off += k;
        }
        if (v->first_ms < 0 && n) v->first_ms = (int64_t)(SDL_GetTicks64() - v->speak_ticks);
        v->queued += n;
    }
    SDL_UnlockMutex(v->lock);
    return go;
}

static bool tts_sink(void *ctx, const int16_t *samples, size_t n)
{
    return queue_samples(ctx, samples, n);
}

/* The recording for key converted to the device's rate; false when there
 * is none (or it cannot be used: the message goes to the log once a part). */
static bool play_recording(voice_t *v, const char *dir, const char *survey_id, const char *key)
{
    if (!dir || !survey_id) return false;
    char *path = wav_path(dir, survey_id, key);
    wav_t w;
    jh_err_t err;
    jh_status_t s = wav_read(path, &w, &err);
    free(path);
    if (s != JH_OK) {
        if (s != JH_ERR_NOTFOUND) SDL_Log("junheng-kiosk: %s (synthesised instead)", err.msg);
        return false;
    }
    SDL_AudioCVT cvt;
    int r = SDL_BuildAudioCVT(&cvt, AUDIO_S16SYS, 1, w.rate, v->spec.format, v->spec.channels, v->spec.freq);
    bool ok = r >= 0;
    if (ok && r > 0) {
        cvt.len = (int)(w.n * sizeof(int16_t));
        cvt.buf = SDL_malloc((size_t)cvt.len * (size_t)cvt.len_mult);
        memcpy(cvt.buf, w.samples, (size_t)cvt.len);
        ok = SDL_ConvertAudio(&cvt) == 0;
        if (ok) queue_samples(v, (const int16_t *)cvt.buf, (size_t)cvt.len_cvt / sizeof(int16_t));
        SDL_free(cvt.buf);
    } else if (ok) {
        queue_samples(v, w.samples, w.n);
    }
    wav_free(&w);
    if (ok) {
        SDL_LockMutex(v->lock);
        v->n_recorded++;
        SDL_UnlockMutex(v->lock);
    }
    return ok;
}

/* The script of the UTF-8 character at p (its length in *len): 1 Han (and
 * CJK punctuation, full-width forms), 2 a Latin letter, 0 neither (digits,
 * blanks, other punctuation go with the run they are in). */
static int script_of(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) {
        *len = 1;
        return ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') ? 2 : 0;
    }
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80) n = k; /* broken: the bytes so far */
    *len = n;
    if (n != 3) return n == 4 ? 1 : 0; /* (4 bytes: CJK extension B and on) */
    unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ? 1
                                                                                                           : 0;
}

static void note_voice(voice_t *v, tts_t *tts)
{
    SDL_LockMutex(v->lock);
    snprintf(v->last_voice, sizeof v->last_voice, "%s", tts_voice(tts));
    size_t l = strlen(v->voices_used);
    if (l + strlen(tts_voice(tts)) + 2 < sizeof v->voices_used)
        snprintf(v->voices_used + l, sizeof v->voices_used - l, "%s%s", l ? "," : "", tts_voice(tts));
    SDL_UnlockMutex(v->lock);
}

/* One part, each run of one script with its voice when both are there:
 * Chinese runs by the Mandarin voice, runs of Latin letters by the English
 * one, whatever the screen's language (review r2speech4 item 4: an English
 * comment in Chinese mode came out as "Chinese letter ..." and WiFi/QQ as
 * pinyin letters).  tts: the job's voice, for text of neither script. */
static jh_status_t speak_runs(voice_t *v, tts_t *tts, const char *text, bool *stopped, jh_err_t *err)
{
    if (!v->tts_en) {
        jh_status_t st = tts_speak(tts, text, tts_sink, v, stopped, err);
        note_voice(v, tts);
        return st;
    }
    const char *start = text, *p = text;
    int script = 0;
    for (;;) {
        size_t len = 0;
        int s = *p ? script_of(p, &len) : -1;
        if (s == -1 || (s && script && s != script)) {
            tts_t *use = script == 2 ? v->tts_en : script == 1 ? v->tts : tts;
            char *run = jh_xcalloc(1, (size_t)(p - start) + 1);
            memcpy(run, start, (size_t)(p - start));
            jh_status_t st = tts_speak(use, run, tts_sink, v, stopped, err);
            free(run);
            note_voice(v, use);
            if (st != JH_OK || (stopped && *stopped) || s == -1) return st;
            start = p;
            script = s;
        } else if (s && !script) {
            script = s;
        }
        p += len;
    }
}

static int speaker(void *arg)
{
    voice_t *v = arg;
    SDL_LockMutex(v->lock);
    uint64_t empty_since = 0; /* SDL_GetTicks64 when the open device's queue was first seen empty */
    for (;;) {
        while (!v->pending && !v->quit) {
            if (!v->dev) {
                SDL_CondWait(v->cond, v->lock);
                continue;
            }
            /* Played out and nothing new for a while: close the device (its
             * thread would wake every buffer for ever). */
            uint64_t now = SDL_GetTicks64();
            if (SDL_GetQueuedAudioSize(v->dev) > 0) {
                empty_since = 0;
            } else if (!empty_since) {
                empty_since = now;
            } else if (now - empty_since >= VOICE_LINGER_MS) {
                SDL_AudioDeviceID id = v->dev;
                v->dev = 0;
                SDL_UnlockMutex(v->lock);
                SDL_CloseAudioDevice(id);
                SDL_LockMutex(v->lock);
                continue;
            }
            SDL_CondWaitTimeout(v->cond, v->lock, 100);
        }
        if (v->quit) break;
        v->pending = false;
        v->stop = false;
        v->busy = true;
        empty_since = 0;
        if (!v->dev) {
            /* Opened outside the lock: the main thread polls meanwhile (busy:
             * the question is being prepared). */
            SDL_UnlockMutex(v->lock);
            SDL_AudioDeviceID id = open_device(NULL, 0, &v->want, NULL, 0);
            if (id) SDL_PauseAudioDevice(id, 0);
            else SDL_Log("junheng-kiosk: read-aloud: the audio device could not be opened: %s", SDL_GetError());
            SDL_LockMutex(v->lock);
            v->dev = id;
            if (!id) v->stop = true; /* nothing is spoken; the job ends at once */
            /* Another reading was asked meanwhile (the person moved on):
             * its parts are the ones stored now; start over with them, or
             * they would be taken as this job's and dropped by its stop. */
            if (v->pending) continue;
        }
        int n = v->n_parts;
        vpart_t parts[MAX_PARTS];
        memcpy(parts, v->parts, sizeof(vpart_t) * (size_t)n);
        v->n_parts = 0; /* the thread owns the strings now */
        char *dir = v->dir, *sid = v->survey_id;
        v->dir = v->survey_id = NULL;
        bool rec = v->recordings;
        v->voices_used[0] = 0;
        /* English text with an English voice: the Mandarin voice read its
         * numbers in Mandarin ("Option èr", review rspeech4 item 3). */
        tts_t *tts = v->english && v->tts_en ? v->tts_en : v->tts;
        for (int k = 0; k < n; k++) {
            if (v->stop || v->pending || v->quit) break;
            v->part_start[k] = v->queued;
            SDL_UnlockMutex(v->lock);
            if (!(rec && play_recording(v, dir, sid, parts[k].key))) {
                jh_err_t err;
                bool stopped = false;
                if (speak_runs(v, tts, parts[k].text, &stopped, &err) != JH_OK)
                    SDL_Log("junheng-kiosk: read-aloud: %s", err.msg);
            }
            /* A short pause between parts ("第一个，满意" | "第二个，…"). */
            int16_t silence[2205];
            memset(silence, 0, sizeof silence);
            size_t ns = (size_t)v->spec.freq / 10;
            if (ns > 2205) ns = 2205;
            queue_samples(v, silence, ns);
            SDL_LockMutex(v->lock);
        }
        if (!v->stop && !v->pending) v->job_end = v->queued ? v->queued : 1;
        v->busy = false;
        for (int k = 0; k < n; k++) {
            free(parts[k].text);
            free(parts[k].key);
        }
        free(dir);
        free(sid);
    }
    SDL_UnlockMutex(v->lock);
    return 0;
}

bool voice_has_english(const voice_t *v)
{
    return v && v->tts_en;
}

jh_status_t voice_open(voice_t **out, jh_err_t *err)
{
    *out = NULL;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND, "no sound: SDL cannot start its audio (%s); read-aloud is off",
                          SDL_GetError());
    /* English first: the voice opened last stays selected, and Mandarin,
     * the one used most, then needs no switch at the first 读题. */
    tts_t *tts, *tts_en;
    jh_err_t e2;
    if (tts_open_lang("en", &tts_en, &e2) != JH_OK)
        SDL_Log("junheng-kiosk: read-aloud: %s (no read-aloud in English)", e2.msg);
    jh_status_t s = tts_open(NULL, &tts, err);
    if (s != JH_OK) {
        tts_close(tts_en);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return s;
    }
    voice_t *v = jh_xcalloc(1, sizeof *v);
    v->tts = tts;
    v->tts_en = tts_en;
    SDL_AudioSpec want;
    SDL_zero(want);
    want.freq = tts_sample_rate(tts);
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 512; /* about 23 ms at 22050 Hz: the first sound soon after the first chunk */
    /* Opened once to know there is a device, then closed until there is
     * something to say. */
    SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &v->spec, 0);
    if (!dev) {
        jh_err_set(err, JH_ERR_NOTFOUND, "no sound: no audio device could be opened (%s); read-aloud is off",
                   SDL_GetError());
        tts_close(tts);
        tts_close(v->tts_en);
        free(v);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return JH_ERR_NOTFOUND;
    }
    SDL_CloseAudioDevice(dev);
    v->want = want;
    v->lock = SDL_CreateMutex();
    v->cond = SDL_CreateCond();
    v->volume = 80;
    v->recordings = true;
    v->first_ms = -1;
    v->last_option = -2;
    v->last_part = -1;
    for (int k = 0; k < MAX_PARTS; k++) v->part_start[k] = UINT64_MAX;
    v->thread = SDL_CreateThread(speaker, "jh-voice", v);
    *out = v;
    return JH_OK;
}

void voice_close(voice_t *v)
{
    if (!v) return;
    SDL_LockMutex(v->lock);
    v->quit = true;
    v->stop = true;
    SDL_CondSignal(v->cond);
    SDL_UnlockMutex(v->lock);
    SDL_WaitThread(v->thread, NULL);
    if (v->dev) SDL_CloseAudioDevice(v->dev);
    free_parts(v);
    free(v->dir);
    free(v->survey_id);
    SDL_DestroyCond(v->cond);
    SDL_DestroyMutex(v->lock);
    tts_close(v->tts);
    tts_close(v->tts_en);
    free(v);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void voice_set_volume(voice_t *v, int pct)
{
    SDL_LockMutex(v->lock);
    v->volume = pct < 0 ? 0 : pct > 100 ? 100 : pct;
    SDL_UnlockMutex(v->lock);
}

void voice_use_recordings(voice_t *v, bool on)
{
    SDL_LockMutex(v->lock);
    v->recordings = on;
    SDL_UnlockMutex(v->lock);
}

void voice_speak(voice_t *v, int seq, const readaloud_part_t *parts, int n, const char *dir,
                 const char *survey_id, const char *lang)
{
    if (n > MAX_PARTS) n = MAX_PARTS;
    SDL_LockMutex(v->lock);
    v->stop = true; /* the job in progress, if any */
    if (v->dev) SDL_ClearQueuedAudio(v->dev);
    free_parts(v);
    free(v->dir);
    free(v->survey_id);
    for (int k = 0; k < n; k++)
    {
        v->parts[k] = (vpart_t){jh_strdup(parts[k].text), jh_strdup(parts[k].key), parts[k].option};
        v->part_option[k] = parts[k].option;
    }
    v->n_parts = n;
    v->dir = jh_strdup(dir);
    v->survey_id = jh_strdup(survey_id);
    v->english = lang && strncmp(lang, "zh", 2);
    v->seq = seq;
    v->pending = true;
    v->job_end = 0;
    v->first_ms = -1;
    v->speak_ticks = SDL_GetTicks64();
    v->n_recorded = 0;
    for (int k = 0; k < MAX_PARTS; k++) v->part_start[k] = UINT64_MAX;
    SDL_CondSignal(v->cond);
    SDL_UnlockMutex(v->lock);
}

void voice_stop(voice_t *v)
{
    SDL_LockMutex(v->lock);
    v->stop = true;
    v->pending = false;
    free_parts(v);
    if (v->dev) SDL_ClearQueuedAudio(v->dev);
    v->job_end = v->queued ? v->queued : 1;
    for (int k = 0; k < MAX_PARTS; k++) v->part_start[k] = UINT64_MAX;
    SDL_UnlockMutex(v->lock);
}

bool voice_poll(voice_t *v, int *seq, int *option)
{
    SDL_LockMutex(v->lock);
    uint64_t left = v->dev ? SDL_GetQueuedAudioSize(v->dev) / sizeof(int16_t) : 0;
    uint64_t played = v->queued > left ? v->queued - left : 0;
    /* The parts are reported in order, one a call: a host loop held up
     * longer than an option takes to say (a loaded machine) rings that
     * option for a frame late rather than never (test_read_to_end). */
    if (v->seq != v->last_seq || (v->last_part >= 0 && v->part_start[v->last_part] == UINT64_MAX))
        v->last_part = -1; /* a new job, or this one stopped or restarted */
    int next = v->last_part + 1, opt;
    if (next < MAX_PARTS && v->part_start[next] <= played) {
        v->last_part = next;
        opt = v->part_option[next];
    } else if (v->job_end && left == 0) {
        opt = -2; /* finished or stopped */
    } else if (v->last_part >= 0) {
        opt = v->part_option[v->last_part];
    } else {
        opt = v->pending || v->busy ? -1 : -2;
    }
    *seq = v->seq;
    SDL_UnlockMutex(v->lock);
    *option = opt;
    bool changed = *seq != v->last_seq || opt != v->last_option;
    v->last_seq = *seq;
    v->last_option = opt;
    return changed;
}

int64_t voice_first_sound_ms(voice_t *v)
{
    SDL_LockMutex(v->lock);
    int64_t ms = v->first_ms;
    SDL_UnlockMutex(v->lock);
    return ms;
}

uint64_t voice_samples_queued(voice_t *v)
{
    SDL_LockMutex(v->lock);
    uint64_t n = v->queued;
    SDL_UnlockMutex(v->lock);
    return n;
}

void voice_voices_used(voice_t *v, char *out, size_t size)
{
    SDL_LockMutex(v->lock);
    snprintf(out, size, "%s", v->voices_used);
    SDL_UnlockMutex(v->lock);
}

void voice_last_voice(voice_t *v, char *out, size_t size)
{
    SDL_LockMutex(v->lock);
    snprintf(out, size, "%s", v->last_voice);
    SDL_UnlockMutex(v->lock);
}

int voice_recorded_parts(voice_t *v)
{
    SDL_LockMutex(v->lock);
    int n = v->n_recorded;
    SDL_UnlockMutex(v->lock);
    return n;
}

void voice_pump(voice_t *v, ui_app_t *app)
{
    ui_speech_cmd_t cmd;
    if (ui_app_speech_take(app, &cmd)) {
        if (cmd.kind == UI_SPEECH_SPEAK) {
            readaloud_part_t parts[READALOUD_MAX_PARTS];
            int n;
            if (cmd.survey) {
                n = readaloud_item(cmd.survey, cmd.item, cmd.lang, parts, READALOUD_MAX_PARTS);
            } else { /* a screen's text (听读 on role, notice, summary, thanks) */
                parts[0] = (readaloud_part_t){jh_strdup(cmd.text), jh_strdup("screen"), -1};
                n = 1;
            }
            voice_set_volume(v, app->voice_volume);
            voice_use_recordings(v, app->voice_recorded);
            /* Recordings are in the county's Chinese, for questions: used
             * for 简体中文 only. */
            const char *dir = cmd.survey && !strcmp(cmd.lang, "zh-CN") ? app->surveys_dir : NULL;
            voice_speak(v, cmd.seq, parts, n, dir, cmd.survey ? cmd.survey->id : "", cmd.lang);
            readaloud_free(parts, n);
        } else {
            voice_stop(v);
        }
    }
    int seq, option;
    if (voice_poll(v, &seq, &option)) ui_app_speech_progress(app, seq, option);
}
