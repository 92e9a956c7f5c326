/* test_ui_monkey.c - random taps, drags, keys, text and waits against the
 * kiosk UI with a real store and the bundled questionnaires: no crash, no
 * sanitizer report, and every questionnaire the UI reports as submitted is
 * in the database.  Usage: test_ui_monkey [EVENTS [SEED]]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "screens.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_text.h"

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}
static int rnd_n(int n)
{
    return n > 0 ? (int)(rnd() % (uint32_t)n) : 0;
}

static void send(ui_app_t *app, ui_input_type_t t, int x, int y)
{
    ui_input_t in;
    memset(&in, 0, sizeof in);
    in.type = t;
    in.x = x;
    in.y = y;
    in.t_ms = app->mono_ms; /* made now, on the app clock (the input guard compares it) */
    ui_app_input(app, &in);
}

int main(int argc, char **argv)
{
    long events = argc > 1 ? atol(argv[1]) : 20000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261123;
    char dir[256];
    /* /dev/shm when present: the store fsyncs every answer, and the monkey
     * is about the UI, not the disk. */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/jh-monkey-XXXXXX", base);
    if (!mkdtemp(dir)) return 2;
    jh_crypto_init();
    char *db = jh_sprintf("%s/kiosk.db", dir);
    const int64_t t0 = 1795395600000LL;
    store_t *st;
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, t0, &st, NULL, &err));
    store_ensure_defaults(st, &err);
    CHECK_INT(JH_OK, store_pin_set(st, "86420", &err)); /* keep the monkey out of the admin screen mostly */
    char *surveys = ut_surveys_dir();
    static const int sizes[3][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}};
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = t0, .width = 1920,
                           .height = 1080, .measure = {ut_fake_width, NULL}, .idle_seconds = 40};
    ui_app_t *app = ui_app_create(&cfg);
    static const char *const texts[] = {"好", "abc", "老师辛苦了！", "1234", " ", "\xF0\x9F\x98\x80", "\xE4\xB8"};
    int screens_seen[16] = {0};
    for (long i = 0; i < events; i++) {
        const ui_frame_t *f = ui_app_frame(app);
        int r = rnd_n(100);
        if (r < 72) {
            /* a finger needs a moment between taps (50-550 ms): taps come
             * both inside and after the input guard */
            for (int64_t dt = 50 + rnd_n(500); dt > 0; dt -= 50) ui_app_update(app, dt > 50 ? 50 : dt);
            f = ui_app_frame(app);
        }
        if (r < 60) {
            /* a tap on a button: the monkey prefers what a person would touch */
            int nb = 0;
            for (int k = 0; k < f->n; k++) nb += f->w[k].kind == UI_W_BUTTON;
            int pick = rnd_n(nb), x = rnd_n(app->width), y = rnd_n(app->height);
            for (int k = 0; k < f->n && nb; k++)
                if (f->w[k].kind == UI_W_BUTTON && pick-- == 0) {
                    x = f->w[k].r.x + rnd_n(f->w[k].r.w);
                    y = f->w[k].r.y + rnd_n(f->w[k].r.h);
                }
            send(app, UI_IN_DOWN, x, y);
            send(app, UI_IN_UP, x, y);
        } else if (r < 72) {
            int x = rnd_n(app->width + 40) - 20, y = rnd_n(app->height + 40) - 20;
            send(app, UI_IN_DOWN, x, y);
            if (rnd_n(2)) send(app, UI_IN_UP, x, y);
        } else if (r < 77) {
            int x = rnd_n(app->width), y = rnd_n(app->height);
            send(app, UI_IN_DOWN, x, y);
            for (int k = 0; k < 4; k++) send(app, UI_IN_MOVE, rnd_n(app->width), rnd_n(app->height));
            send(app, UI_IN_UP, rnd_n(app->width), rnd_n(app->height));
        } else if (r < 84) {
            ui_input_t in;
            memset(&in, 0, sizeof in);
            in.type = UI_IN_KEY;
            in.key = (ui_key_t)(1 + rnd_n(UI_KEY_COUNT_ - 1));
            in.t_ms = app->mono_ms;
            ui_app_input(app, &in);
        } else if (r < 88) {
            ui_input_t in;
            memset(&in, 0, sizeof in);
            in.type = UI_IN_TEXT;
            snprintf(in.text, sizeof in.text, "%s", texts[rnd_n(7)]);
            in.t_ms = app->mono_ms;
            ui_app_input(app, &in);
        } else if (r < 89) {
            for (int k = 0; k < 5; k++) { /* the admin gesture */
                send(app, UI_IN_DOWN, 3, 3);
                send(app, UI_IN_UP, 3, 3);
            }
        } else if (r < 90) {
            int s = rnd_n(3);
            ui_app_resize(app, sizes[s][0], sizes[s][1]);
        } else {
            /* time passes: mostly short, sometimes long enough for the idle prompt */
            int64_t dt = rnd_n(10) ? rnd_n(800) : rnd_n(90000);
            while (dt > 0) {
                ui_app_update(app, dt > 50 ? 50 : dt);
                dt -= 50;
            }
        }
        if (app->quit) app->quit = false; /* the admin chose Quit: keep going */
        const char *name = ui_app_screen_name(app);
        for (int k = 0; ui_screens[k]; k++)
            if (!strcmp(ui_screens[k]->name, name)) screens_seen[k] = 1;
        if (app->has_draft && !app->survey) {
            fprintf(stderr, "event %ld: a draft without a questionnaire on screen %s\n", i, name);
            check_failures_++;
            break;
        }
    }
    /* a complete questionnaire left on its summary counts when the kiosk
     * ends (ui_app_destroy: submitted by timeout) */
    int submitted = app->n_submitted + ui_app_draft_counts(app), failures = app->n_store_failures;
    ui_app_destroy(app);
    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, t0 + 86400000LL * 365, &c, &err));
    printf("%ld events: %d submitted (store: %lld), %lld abandoned, %d store failures; screens seen:",
           events, submitted, (long long)c.submitted, (long long)c.abandoned, failures);
    for (int k = 0; ui_screens[k]; k++)
        if (screens_seen[k]) printf(" %s", ui_screens[k]->name);
    printf("\n");
    CHECK_INT(submitted, c.submitted);
    CHECK_INT(0, failures);
    CHECK_INT(0, c.in_progress); /* destroy finished the last one */
    if (events >= 20000) CHECK(submitted > 0); /* the monkey does get through */
    store_close(st);
    char *cmd = jh_sprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    free(db);
    free(surveys);
    CHECK_DONE();
}
