/* test_voice.c - read-aloud end to end on SDL's dummy audio driver (which
 * consumes queued sound in real time, like a sound card): the kiosk's UI
 * core and its speaking thread together, as in junheng-kiosk's event loop.
 * 读题 starts the voice, the option being heard is ringed in turn, tapping an
 * answer stops it (nothing more is queued), the next person starts without
 * it; the audio device (and SDL's thread that wakes for every buffer) is
 * open only while there is sound: none before, one while speaking, none
 * again 2 s after; recordings named by item and option replace synthesis; a broken
 * recording falls back to synthesis (whole texts on the disk driver sped up).  With "bench": the median time from
 * 读题 to the first samples queued, and the frame loop's time per frame while
 * speaking and silent (figures, no assertion). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "screens.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "voice.h"
#include "wav.h"

static voice_t *voice;
static char tmpdir[256];
static const ui_measure_t fake = {ut_fake_width, NULL};

static ui_app_t *make_app(store_t **st, const char *surveys)
{
    static int k;
    char db[300];
    snprintf(db, sizeof db, "%s/k%d.db", tmpdir, k++);
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, 1795395600000LL, st, NULL, &err));
    store_ensure_defaults(*st, &err);
    ui_app_config_t cfg = {.store = *st, .surveys_dir = surveys, .now_ms = 1795395600000LL, .width = 1920,
                           .height = 1080, .measure = fake, .idle_seconds = 120};
    ui_app_t *app = ui_app_create(&cfg);
    ui_app_set_speech(app, true);
    return app;
}

/* Runs the host loop (pump, 10 ms steps of real time) until done() or
 * ms pass; returns whether done() became true. */
static bool run_until(ui_app_t *app, int ms, bool (*done)(ui_app_t *))
{
    for (int t = 0; t < ms; t += 10) {
        voice_pump(voice, app);
        if (done(app)) return true;
        SDL_Delay(10);
        ui_app_update(app, 10);
    }
    return false;
}

static int ringed(ui_app_t *app)
{
    const ui_frame_t *f = ui_app_frame(app);
    int r = -1, n = 0;
    for (int i = 0; i < f->n; i++)
        if (f->w[i].flags & UI_BTN_READING) r = f->w[i].arg, n++;
    return n == 1 ? r : n ? -9 : -1;
}

static int max_ring;
static bool second_ringed(ui_app_t *app)
{
    int r = ringed(app);
    if (r > max_ring) max_ring = r;
    return r == 1;
}
static bool option_ringed(ui_app_t *app)
{
    return ringed(app) >= 0;
}
static bool silent(ui_app_t *app)
{
    return !app->speaking;
}

static void to_first_question(ui_app_t *app)
{
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\n"
                             "tap-text 我知道了，开始\nwait 500\ntap-text 初中\nwait 1000\nexpect-screen question\n"));
}

/* SDL's audio threads in this process ("SDLAudioP<n>": one per open
 * device; each wakes for every buffer, sound or silence). */
static int audio_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d))) {
        char path[300], comm[64] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        if (fgets(comm, sizeof comm, f) && !strncmp(comm, "SDLAudio", 8)) n++;
        fclose(f);
    }
    if (d) closedir(d);
    return n;
}

/* Waits up to ms for SDL's audio thread to end (the device closed). */
static bool audio_closed_within(int ms)
{
    for (int t = 0; t < ms && audio_threads() > 0; t += 50) SDL_Delay(50);
    return audio_threads() == 0;
}

/* The device is opened through this (voice_sdl.c's VOICE_TEST_OPEN): a
 * sound server that takes open_delay_ms to open it. */
static int open_delay_ms;
static SDL_atomic_t opening; /* set when an open begins */
SDL_AudioDeviceID test_slow_open(const char *device, int iscapture, const SDL_AudioSpec *desired,
                                 SDL_AudioSpec *obtained, int allowed_changes);
SDL_AudioDeviceID test_slow_open(const char *device, int iscapture, const SDL_AudioSpec *desired,
                                 SDL_AudioSpec *obtained, int allowed_changes)
{
    SDL_AtomicSet(&opening, 1);
    if (open_delay_ms) SDL_Delay((Uint32)open_delay_ms);
    return SDL_OpenAudioDevice(device, iscapture, desired, obtained, allowed_changes);
}

/* A second reading asked while the speaking thread opens the device (the
 * person moved on to the next question at once) is read: its parts were
 * taken as the first job's and dropped with it, so nothing was heard and
 * 停止 went back to 读题. */
static void test_speak_while_opening(void)
{
    CHECK(audio_closed_within(5000)); /* the thread will open the device */
    open_delay_ms = 300;
    readaloud_part_t a[1] = {{"第一题", "q1", -1}};
    readaloud_part_t b[2] = {{"第二题的问题", "q2", -1}, {"第一个，满意", "q2.a", 0}};
    SDL_AtomicSet(&opening, 0);
    voice_speak(voice, 1, a, 1, NULL, "s", "zh-CN");
    for (int t = 0; t < 5000 && !SDL_AtomicGet(&opening); t++) SDL_Delay(1);
    CHECK(SDL_AtomicGet(&opening)); /* the thread is opening the device (for 300 ms) */
    SDL_Delay(20);
    voice_speak(voice, 2, b, 2, NULL, "s", "zh-CN");
    uint64_t q0 = voice_samples_queued(voice);
    int seq = 0, option = -2, max_option = -3;
    for (int t = 0; t < 10000 && max_option < 0; t += 10) {
        voice_poll(voice, &seq, &option);
        if (seq == 2 && option > max_option) max_option = option;
        SDL_Delay(10);
    }
    CHECK(voice_samples_queued(voice) > q0); /* the second reading was synthesised */
    CHECK_INT(0, max_option);                /* and heard up to its option */
    voice_stop(voice);
    open_delay_ms = 0;
    CHECK(audio_closed_within(5000)); /* as the next test expects it */
}

static void test_read_stop(void)
{
    store_t *st;
    char *dir = ut_surveys_dir();
    ui_app_t *app = make_app(&st, dir);
    to_first_question(app);
    /* Nothing to say: no device open, so no audio thread waking every
     * buffer (issue 20: an idle kiosk uses no CPU). */
    CHECK_INT(0, audio_threads());
    /* The second question (城区 / 镇上 / 乡村 ...) read aloud. */
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    max_ring = -1;
    CHECK(run_until(app, 20000, second_ringed)); /* the question, then option 0, then 1 */
    CHECK(app->speaking);
    CHECK_INT(1, max_ring);
    CHECK_INT(1, audio_threads());
    uint64_t before = voice_samples_queued(voice);
    CHECK(before > 0);
    /* An answer stops it: the ring goes, nothing more is queued. */
    CHECK_INT(0, ut_run(app, "tap-text 镇上\n"));
    CHECK(!app->speaking);
    CHECK_INT(-1, ringed(app));
    voice_pump(voice, app);
    SDL_Delay(300);
    voice_pump(voice, app);
    uint64_t after = voice_samples_queued(voice);
    SDL_Delay(300);
    CHECK(voice_samples_queued(voice) == after);
    int seq, option;
    voice_poll(voice, &seq, &option);
    CHECK_INT(-2, option);
    /* Silent again: the device is closed soon after (2 s), its thread gone. */
    CHECK(audio_closed_within(5000));
    /* The next question read: the device opens again and the voice is heard
     * (an option ringed), until an answer stops it. */
    ui_app_update(app, 1500); /* the answer's advance to the next question */
    ui_app_update(app, 500);  /* and the input guard after a screen change */
    voice_pump(voice, app);
    CHECK(ui_frame_find(ui_app_frame(app), "都不是", true) != NULL);
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    CHECK(run_until(app, 20000, option_ringed));
    CHECK_INT(1, audio_threads());
    CHECK_INT(0, ut_run(app, "tap-text 都不是\n"));
    CHECK(!app->speaking);
    /* The next person: nothing is read until asked. */
    ui_app_finish(app, STORE_ABANDONED);
    voice_pump(voice, app);
    CHECK(!app->speaking);
    ui_app_destroy(app);
    store_close(st);
    free(dir);
}

/* A 0.4 s tone (different per part, not silence). */
static void write_tone(const char *dir, const char *key, int hz)
{
    int rate = 16000, n = rate * 2 / 5;
    int16_t *s = malloc(sizeof(int16_t) * (size_t)n);
    for (int i = 0; i < n; i++) s[i] = (int16_t)((i * hz * 2 / rate) % 2 ? 6000 : -6000);
    char *path = wav_path(dir, "parent-2026", key);
    jh_err_t err;
    char *d = jh_sprintf("%s/voice/parent-2026", dir);
    CHECK_INT(JH_OK, jh_mkdir_p(d, &err));
    CHECK_INT(JH_OK, wav_write(path, s, (size_t)n, rate, &err));
    free(d);
    free(path);
    free(s);
}

static void test_recordings(void)
{
    /* A copy of the bundled questionnaires with recordings of the first
     * item's question and every option but the last. */
    char *src = ut_surveys_dir();
    char *dir = jh_sprintf("%s/surveys", tmpdir);
    jh_err_t err;
    CHECK_INT(JH_OK, jh_mkdir_p(dir, &err));
    char *cmd = jh_sprintf("cp '%s'/*.json '%s'/", src, dir);
    CHECK_INT(0, system(cmd));
    free(cmd);
    store_t *st;
    ui_app_t *app = make_app(&st, dir);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\n"
                             "tap-text 我知道了，开始\nwait 500\n"));
    const survey_item_t *it = &app->draft.survey->items[app->item];
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    CHECK(n >= 2);
    write_tone(dir, it->id, 440);
    for (int i = 0; i + 1 < n; i++) {
        char key[200];
        snprintf(key, sizeof key, "%s.%s", it->id, o[i].code);
        write_tone(dir, key, 300 + 50 * i);
    }
    /* A broken recording for the last option: synthesised instead. */
    char *bad = jh_sprintf("%s/voice/parent-2026/%s.%s.wav", dir, it->id, o[n - 1].code);
    CHECK_INT(JH_OK, jh_write_file_atomic(bad, "RIFF....WAVEjunk", 16, &err));
    free(bad);
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    CHECK(run_until(app, 30000, silent));
    CHECK_INT(n, voice_recorded_parts(voice)); /* the question and n - 1 options */
    /* Recordings switched off by the administrator: all synthesised. */
    app->voice_recorded = false; /* setting voice_source = synthesised */
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    CHECK(run_until(app, 30000, silent));
    CHECK_INT(0, voice_recorded_parts(voice));
    ui_app_destroy(app);
    store_close(st);
    free(dir);
    free(src);
}

/* Read to the end by itself: every option ringed in turn, then DONE. */
static int seen_mask, last_seen, out_of_turn;
static bool watch_silent(ui_app_t *app)
{
    int r = ringed(app);
    if (r >= 0 && r < 30) {
        seen_mask |= 1 << r;
        if (r < last_seen) out_of_turn++;
        last_seen = r;
    }
    return !app->speaking;
}

/* Reads the first question to the end with the host loop held up hold_ms
 * after every frame (0: not held up) and checks that every option was
 * ringed, in order, and that the reading ended. */
static void read_to_end(ui_app_t *app, int n, int hold_ms)
{
    seen_mask = 0;
    last_seen = -1;
    out_of_turn = 0;
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    bool ended = false;
    for (int t = 0; t < 30000 && !ended; t += 10 + hold_ms) {
        voice_pump(voice, app);
        ended = watch_silent(app);
        SDL_Delay((Uint32)(10 + hold_ms));
        ui_app_update(app, 10 + hold_ms);
    }
    CHECK(ended);
    CHECK_INT((1 << n) - 1, seen_mask);
    CHECK_INT(0, out_of_turn);
    CHECK(!app->speaking);
    CHECK_INT(-1, ringed(app));
    CHECK(ui_frame_find(ui_app_frame(app), "读题", true) != NULL);
}

static void test_read_to_end(void)
{
    store_t *st;
    char *dir = ut_surveys_dir();
    ui_app_t *app = make_app(&st, dir);
    to_first_question(app);
    const survey_item_t *it = &app->draft.survey->items[app->item];
    int n;
    survey_item_options(it, &n);
    read_to_end(app, n, 0);
    /* A loaded machine: the loop comes back only every 300 ms, longer than
     * an option takes to say on this driver (tens of ms); the options it
     * slept through are still ringed, each for a frame (the ring follows
     * the voice's parts in order, not the moment the loop looks). */
    read_to_end(app, n, 300);
    ui_app_destroy(app);
    store_close(st);
    free(dir);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool first_sound(ui_app_t *app)
{
    (void)app;
    return voice_first_sound_ms(voice) >= 0;
}

/* Figures: 读题 to first samples queued (the device buffer, 512 samples,
 * about 23 ms, comes on top), and the frame loop's cost while speaking. */
static void bench(void)
{
    store_t *st;
    char *dir = ut_surveys_dir();
    ui_app_t *app = make_app(&st, dir);
    to_first_question(app);
    enum { N = 15 };
    int64_t ms[N];
    for (int i = 0; i < N; i++) {
        double t0 = now_ms();
        CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
        voice_pump(voice, app);
        while (voice_first_sound_ms(voice) < 0 && now_ms() - t0 < 5000) SDL_Delay(1);
        ms[i] = (int64_t)(now_ms() - t0 + 0.5);
        CHECK_INT(0, ut_run(app, "tap-text 停止\n"));
        voice_pump(voice, app);
        SDL_Delay(50);
    }
    qsort(ms, N, sizeof ms[0], cmp_i64);
    printf("read-aloud: 读题 to first samples queued: median %lld ms, max %lld ms (%d taps; + ~23 ms device buffer)\n",
           (long long)ms[N / 2], (long long)ms[N - 1], N);
    /* The same with the device closed first (it closes 2 s after the last
     * sound, so an idle kiosk has no audio thread): the open is counted. */
    enum { NC = 5 };
    int64_t mc[NC];
    for (int i = 0; i < NC; i++) {
        CHECK(audio_closed_within(5000));
        double t0 = now_ms();
        CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
        voice_pump(voice, app);
        while (voice_first_sound_ms(voice) < 0 && now_ms() - t0 < 5000) SDL_Delay(1);
        mc[i] = (int64_t)(now_ms() - t0 + 0.5);
        CHECK_INT(0, ut_run(app, "tap-text 停止\n"));
        voice_pump(voice, app);
    }
    qsort(mc, NC, sizeof mc[0], cmp_i64);
    printf("read-aloud with the device closed before (opened by 读题; %s driver): median %lld ms, max %lld ms "
           "(%d taps)\n", SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?", (long long)mc[NC / 2],
           (long long)mc[NC - 1], NC);
    /* Frame loop: rebuild + pump, speaking vs silent. */
    for (int speaking = 0; speaking < 2; speaking++) {
        if (speaking) {
            CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
            run_until(app, 2000, first_sound);
        }
        double t0 = now_ms(), worst = 0;
        int frames = 200;
        for (int i = 0; i < frames; i++) {
            double a = now_ms();
            app->dirty = true;
            ui_app_frame(app);
            voice_pump(voice, app);
            ui_app_update(app, 1);
            double d = now_ms() - a;
            if (d > worst) worst = d;
        }
        printf("frame loop %s: %.3f ms a frame on average, worst %.3f ms (%d frames)\n",
               speaking ? "while speaking" : "silent", (now_ms() - t0) / frames, worst, frames);
    }
    ui_app_destroy(app);
    store_close(st);
    free(dir);
}

/* English mode reads with an English voice: the Mandarin voice read
 * "Option 2: 15 to 30 minutes" with Mandarin numbers (review rspeech4
 * item 3); Chinese again with the Mandarin one. */
static void test_english_voice(void)
{
    store_t *st;
    char *dir = ut_surveys_dir();
    ui_app_t *app = make_app(&st, dir);
    CHECK_INT(0, ut_run(app, "tap-text English\nwait 300\ntap-text Start\nwait 500\ntap-text Parent\nwait 500\n"
                             "tap-text OK, begin\nwait 500\nexpect-screen question\n"));
    CHECK_INT(0, ut_run(app, "tap-text Listen\n"));
    CHECK(run_until(app, 30000, silent));
    char name[64];
    voice_last_voice(voice, name, sizeof name);
    CHECK(!strncmp(name, "en", 2));
    if (strncmp(name, "en", 2)) fprintf(stderr, "English read by espeak-ng voice \"%s\"\n", name);
    ui_app_destroy(app);
    store_close(st);
    app = make_app(&st, dir);
    to_first_question(app);
    CHECK_INT(0, ut_run(app, "tap-text 读题\n"));
    CHECK(run_until(app, 30000, silent));
    voice_last_voice(voice, name, sizeof name);
    CHECK(!strncmp(name, "cmn", 3));
    ui_app_destroy(app);
    store_close(st);
    free(dir);
}

/* A comment read by the script it is written in (review r2speech4 item 4):
 * in Chinese mode the Latin words by the English voice ("Chinese letter"
 * and pinyin letters before), in English mode the Chinese by the Mandarin
 * one; a text of one script by one voice. */
static void wait_job(int want_seq)
{
    int seq = 0, option = -1;
    for (int t = 0; t < 30000; t += 10) {
        voice_poll(voice, &seq, &option);
        if (seq == want_seq && option == -2) break;
        SDL_Delay(10);
    }
}

static void test_mixed_scripts(void)
{
    char used[160];
    readaloud_part_t a[1] = {{"您写的是：家里的 WiFi 不好，请加 QQ 群", NULL, -1}};
    voice_speak(voice, 71, a, 1, NULL, NULL, "zh-CN");
    wait_job(71);
    voice_voices_used(voice, used, sizeof used);
    CHECK(!strncmp(used, "cmn", 3) && strstr(used, ",en") && strstr(strstr(used, ",en") + 3, "cmn"));
    fprintf(stderr, "Chinese with WiFi, QQ: %s\n", used);
    readaloud_part_t b[1] = {{"You wrote: the teacher said 好好学习 every day", NULL, -1}};
    voice_speak(voice, 72, b, 1, NULL, NULL, "en");
    wait_job(72);
    voice_voices_used(voice, used, sizeof used);
    CHECK(!strncmp(used, "en", 2) && strstr(used, ",cmn") && strstr(strstr(used, ",cmn") + 4, ",en"));
    fprintf(stderr, "English with 好好学习: %s\n", used);
    readaloud_part_t c[1] = {{"电话一三八，3年级。", NULL, -1}};
    voice_speak(voice, 73, c, 1, NULL, NULL, "zh-CN");
    wait_job(73);
    voice_voices_used(voice, used, sizeof used);
    CHECK(!strncmp(used, "cmn", 3) && !strchr(used, ','));
    voice_stop(voice);
    CHECK(audio_closed_within(5000));
}

int main(int argc, char **argv)
{
    setenv("SDL_AUDIODRIVER", "dummy", 0);
    snprintf(tmpdir, sizeof tmpdir, "%s/jh-test-voice-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    jh_err_t err;
    if (SDL_Init(0) != 0 || voice_open(&voice, &err) != JH_OK) {
        fprintf(stderr, "voice_open: %s\n", err.msg);
        return 1;
    }
    if (argc > 1 && !strcmp(argv[1], "bench")) {
        RUN(bench);
    } else {
        RUN(test_speak_while_opening);
        RUN(test_read_stop);
        /* Whole texts on SDL's disk driver told to take 1 ms a buffer
         * (about 40 times real time): the same code, a fast test. */
        voice_close(voice);
        char *out = jh_sprintf("%s/audio.raw", tmpdir);
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", out, 1);
        setenv("SDL_DISKAUDIODELAY", "1", 1);
        free(out);
        if (voice_open(&voice, &err) != JH_OK) {
            fprintf(stderr, "voice_open (disk driver): %s\n", err.msg);
            return 1;
        }
        RUN(test_read_to_end);
        RUN(test_english_voice);
        RUN(test_mixed_scripts);
        RUN(test_recordings);
    }
    voice_close(voice);
    SDL_Quit();
    char *cmd = jh_sprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    CHECK_DONE();
}
