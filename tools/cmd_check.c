/* cmd_check.c - `junheng check FILE...`: validates questionnaire definitions
 * (syntax, structure, references, translations and the bundled font's
 * character coverage) and reports every problem of every file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmap.h"
#include "jh.h"
#include "survey.h"
#include "i18n.h"
#include "wav.h"

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONT_FILE "NotoSansSC-Junheng.otf"

/* The kiosk's font, to check characters against: installed beside the
 * program (/usr/bin -> /usr/share/junheng/check/, what the junheng package
 * ships, or /usr/share/junheng/fonts/ of junheng-kiosk), else the source
 * tree's fonts/ (a build tree).  Owned by the caller. */
static char *default_font(void)
{
    static const char *const rel[] = {"../share/junheng/check/" FONT_FILE, "../share/junheng/fonts/" FONT_FILE};
    char *exe = jh_exe_dir();
    for (size_t i = 0; exe && i < sizeof rel / sizeof *rel; i++) {
        char *p = jh_sprintf("%s/%s", exe, rel[i]);
        char *real = realpath(p, NULL); /* /usr/share/... in messages */
        free(p);
        struct stat sb;
        if (real && stat(real, &sb) == 0 && S_ISREG(sb.st_mode)) {
            free(exe);
            return real;
        }
        free(real);
    }
    free(exe);
    return jh_strdup(JH_SOURCE_DIR "/fonts/" FONT_FILE);
}

/* Whether name (a file in the voice folder) is key + ".wav" for a key of s. */
static bool voice_key_known(const survey_t *s, const char *name)
{
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".wav")) return false;
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        size_t il = strlen(it->id);
        if (strncmp(name, it->id, il)) continue;
        const char *rest = name + il;
        if (!strcmp(rest, ".wav")) return true;
        if (*rest != '.') continue;
        rest++;
        if (it->type == SURVEY_ITEM_RATING && !strcmp(rest, "range.wav")) return true;
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        for (int k = 0; k < n; k++)
            if (!strncmp(rest, o[k].code, strlen(o[k].code)) && !strcmp(rest + strlen(o[k].code), ".wav"))
                return true;
    }
    return false;
}

/* 1 recorded and playable, 0 none, -1 there but unusable (printed). */
static int voice_one(const char *dir, const survey_t *s, const char *key, const char *file)
{
    char *path = wav_path(dir, s->id, key);
    wav_t w;
    jh_err_t err;
    jh_status_t st = wav_read(path, &w, &err);
    free(path);
    if (st == JH_OK) {
        wav_free(&w);
        return 1;
    }
    if (st == JH_ERR_NOTFOUND) return 0;
    fprintf(stderr, "%s: read-aloud: %s (it would be synthesised instead)\n", file, err.msg);
    return -1;
}

/* The read-aloud report of questionnaire s loaded from file: which
 * questions are recorded, which synthesised.  Returns the number of
 * problems (unusable or unknown recordings). */
static int voice_report(const char *file, const survey_t *s, bool force)
{
    const char *slash = strrchr(file, '/');
    char *dir = slash ? jh_strndup(file, (size_t)(slash - file)) : jh_strdup(".");
    char *vdir = jh_sprintf("%s/voice/%s", dir, s->id);
    DIR *d = opendir(vdir);
    int problems = 0;
    if (!d && !force) goto out;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.' && !voice_key_known(s, e->d_name)) {
                fprintf(stderr, "%s: read-aloud: %s/%s is named after no question or option of %s "
                                "(expected ITEM.wav or ITEM.OPTION.wav)\n", file, vdir, e->d_name, s->id);
                problems++;
            }
        closedir(d);
    }
    int full = 0, part = 0, none = 0;
    jh_buf_t lines = {0};
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        int have = 0, want = 0;
        jh_buf_t missing = {0};
        char key[512];
        int r = voice_one(dir, s, it->id, file);
        problems += r < 0;
        want++, have += r > 0;
        if (r <= 0) jh_buf_puts(&missing, " question");
        if (it->type == SURVEY_ITEM_RATING) {
            snprintf(key, sizeof key, "%s.range", it->id);
            r = voice_one(dir, s, key, file);
            problems += r < 0;
            want++, have += r > 0;
            if (r <= 0) jh_buf_puts(&missing, " range");
        } else {
            int n;
            const survey_option_t *o = survey_item_options(it, &n);
            for (int k = 0; k < n; k++) {
                snprintf(key, sizeof key, "%s.%s", it->id, o[k].code);
                r = voice_one(dir, s, key, file);
                problems += r < 0;
                want++, have += r > 0;
                if (r <= 0) jh_buf_printf(&missing, " %s", o[k].code);
            }
        }
        if (have == want) {
            full++;
            jh_buf_printf(&lines, "  %s: recorded\n", it->id);
        } else if (have) {
            part++;
            jh_buf_printf(&lines, "  %s: recorded in part; synthesised:%s\n", it->id, missing.data);
        } else {
            none++;
            jh_buf_printf(&lines, "  %s: synthesised\n", it->id);
        }
        jh_buf_free(&missing);
    }
    printf("%s: read-aloud (%s): %d question(s) recorded, %d in part, %d synthesised\n%s", file, vdir, full, part,
           none, lines.data ? lines.data : "");
    jh_buf_free(&lines);
out:
    free(vdir);
    free(dir);
    return problems;
}

/* The help is a translated message with golden outputs (tests/i18n); the
 * read-aloud report and --voice are documented in docs/questionnaire-format.md. */
static void usage(FILE *f)
{
    fprintf(f,
            _("Usage: junheng check [--font PATH | --no-font-check] [--voice] FILE|FOLDER...\n"
            "\n"
            "Checks questionnaire definitions (docs/questionnaire-format.md): JSON syntax\n"
            "(with line and column), fields, codes, references, show_if conditions,\n"
            "translations, that the kiosk font can draw every character, and that\n"
            "each question's wording fits its answer scale (a 多不多 question on a\n"
            "satisfaction scale, two things joined by 或者 in one item ...).\n"
            "Every problem of every file is printed on stderr, one per line; a good file\n"
            "prints \"FILE: ok (N items, hash ...)\" on stdout.\n"
            "A FOLDER is checked as a kiosk loads it: its *.json files, a file named\n"
            "student.JSON or teacher.json.txt, and several files of one questionnaire\n"
            "id (the kiosk uses the highest version).  Two files of one id and version\n"
            "with different content are a problem.\n"
            "\n"
            "Options:\n"
            "  --font PATH       font to check characters against\n"
            "                    (default: the kiosk's font, NotoSansSC-Junheng.otf in\n"
            "                    /usr/share/junheng/check/ when installed)\n"
            "  --no-font-check   do not check characters against a font\n"
            "  --voice           report which questions have recorded read-aloud\n"
            "                    (voice/ID/ beside the file) even when there is none\n"
            "\n"
            "Exit status: 0 all files good, 1 some file has problems, 2 usage error,\n"
            "3 the font cannot be read.\n"));
}

int cmd_check(int argc, char **argv)
{
    char *font_default = default_font();
    const char *font = font_default;
    const char *font_given = NULL; /* --font's value, once */
    bool font_check = true, voice = false;
    /* Options may come before or after the files (junheng check FILE
     * --no-font-check); after "--" everything is a file. */
    char **files = jh_xcalloc((size_t)argc + 1, sizeof *files);
    int n_files = 0;
    bool opts_done = false;
    for (int first = 1; first < argc; first++) {
        const char *a = argv[first];
        if (opts_done || a[0] != '-' || !a[1]) {
            files[n_files++] = argv[first];
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            free(files);
            free(font_default);
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(a, "--voice")) {
            voice = true;
        } else if (!strcmp(a, "--no-font-check")) {
            font_check = false;
        } else if (!strcmp(a, "--font")) {
            if (!cli_take_value("check", argc, argv, &first, &font_given)) {
                free(files);
                free(font_default);
                return CLI_USAGE;
            }
            font = font_given;
            font_check = true;
        } else if (!strncmp(a, "--font=", 7)) {
            if (!cli_value_once("check", "--font", a + 7, font_given)) {
                free(files);
                free(font_default);
                return CLI_USAGE;
            }
            font = font_given = a + 7;
            font_check = true;
        } else {
            fprintf(stderr, _("junheng check: unknown option '%s'\n"), a);
            usage(stderr);
            free(files);
            free(font_default);
            return CLI_USAGE;
        }
    }
    if (!n_files) {
        fprintf(stderr, _("junheng check: no questionnaire files given\n"));
        usage(stderr);
        free(files);
        free(font_default);
        return CLI_USAGE;
    }

    cli_output_is_product(); /* the verdict of each file ("FILE: ok") */
    cmap_t *cmap = NULL;
    if (font_check) {
        jh_err_t err = {0};
        if (cmap_load_file(font, &cmap, &err) != JH_OK) {
            fprintf(stderr, _("junheng check: %s (use --font PATH or --no-font-check)\n"), err.msg);
            free(files);
            free(font_default);
            return CLI_FAILED;
        }
    }
    survey_check_opts_t opts = {
        .has_glyph = cmap ? cmap_glyph_fn : NULL,
        .glyph_ctx = cmap,
        .max_errors = 100,
        .keep_text = true,
    };
    int rc = CLI_OK;
    /* A folder stands for the questionnaires a kiosk would load from it
     * (review rquest3 items 3 and 4): its *.json files, its misnamed ones
     * as problems, and several files of one id resolved as the kiosk does. */
    char **paths = NULL;
    int *group = NULL; /* the folder argument each path came from, -1: a file */
    int n_paths = 0;
    for (int f = 0; f < n_files; f++) {
        struct stat sb;
        if (stat(files[f], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            char **names = NULL;
            int n = 0;
            jh_err_t lerr;
            if (survey_list_dir(files[f], &names, &n, &lerr) != JH_OK) {
                fprintf(stderr, "%s\n", lerr.msg);
                rc = CLI_REJECTED;
                continue;
            }
            jh_buf_t mis = {0};
            char *prefix = jh_sprintf("%s/", files[f]);
            if (survey_list_misnamed(files[f], &mis, &mis)) rc = CLI_REJECTED; /* (notes: no problem) */
            for (const char *l = mis.data; l && *l;) { /* each line names the file with its folder */
                const char *e = strchr(l, '\n');
                fprintf(stderr, "%s%.*s\n", prefix, (int)(e ? e - l : (long)strlen(l)), l);
                l = e ? e + 1 : l + strlen(l);
            }
            jh_buf_free(&mis);
            if (!n) {
                fprintf(stderr, _("%s: no questionnaire (*.json) in this folder\n"), files[f]);
                rc = CLI_REJECTED;
            }
            for (int i = 0; i < n; i++) {
                paths = jh_xrealloc(paths, (size_t)(n_paths + 1) * sizeof *paths);
                group = jh_xrealloc(group, (size_t)(n_paths + 1) * sizeof *group);
                paths[n_paths] = jh_sprintf("%s%s", prefix, names[i]);
                group[n_paths++] = f;
                free(names[i]);
            }
            free(names);
            free(prefix);
        } else {
            /* a file the kiosk would not load by its name: said as the
             * kiosk says it (review r2quest3 item 6) */
            char *dir = jh_strdup(files[f]);
            char *slash = strrchr(dir, '/');
            const char *base = slash ? files[f] + (slash + 1 - dir) : files[f];
            if (slash) *slash = '\0';
            jh_buf_t mis = {0};
            int bad_name = survey_name_problem(slash ? dir : ".", base, &mis, &mis);
            if (mis.len) {
                fprintf(stderr, "%.*s%s", (int)(base - files[f]), files[f], mis.data);
            }
            jh_buf_free(&mis);
            free(dir);
            if (bad_name) {
                rc = CLI_REJECTED;
                continue;
            }
            paths = jh_xrealloc(paths, (size_t)(n_paths + 1) * sizeof *paths);
            group = jh_xrealloc(group, (size_t)(n_paths + 1) * sizeof *group);
            paths[n_paths] = jh_strdup(files[f]);
            group[n_paths++] = -1;
        }
    }
    survey_t **loaded = jh_xcalloc((size_t)n_paths + 1, sizeof *loaded);
    bool *good = jh_xcalloc((size_t)n_paths + 1, sizeof *good);
    for (int f = 0; f < n_paths; f++) {
        const char *file = paths[f];
        jh_buf_t errors = {0};
        survey_t *s = NULL;
        jh_buf_t warnings = {0};
        if (survey_load_file(file, &opts, &s, &errors, NULL) == JH_OK &&
            survey_check_wording(s, file, &errors, &warnings) == 0) {
            cli_put_lines(stderr, warnings.data);
            printf(P_("%s: ok (%d item, hash %.12s...)\n", "%s: ok (%d items, hash %.12s...)\n", s->n_items), file, s->n_items,
                   s->hash);
            if (voice_report(file, s, voice)) rc = CLI_REJECTED;
            good[f] = true;
        } else {
            cli_put_lines(stderr, errors.data);
            cli_put_lines(stderr, warnings.data);
            rc = CLI_REJECTED;
        }
        loaded[f] = s;
        jh_buf_free(&errors);
        jh_buf_free(&warnings);
    }
    /* Two good files with one id and version but different content (review
     * rquest3 item 1): answers to them could not be told apart.  Each file
     * is compared with the first good one of its id and version.  Within a
     * folder, several files of one id: what a kiosk would leave out. */
    for (int j = 0; j < n_paths; j++) {
        for (int i = 0; i < j && good[j]; i++) {
            const survey_t *a = loaded[i], *b = loaded[j];
            if (!good[i] || strcmp(a->id, b->id) || strcmp(a->version, b->version)) continue;
            if (!strcmp(a->hash, b->hash) || (group[i] >= 0 && group[i] == group[j])) break; /* (below) */
            fprintf(stderr,
                    _("%s and %s: both are questionnaire %s version %s but their content differs (a changed "
                      "questionnaire needs a new version number)\n"),
                    paths[i], paths[j], a->id, a->version);
            rc = CLI_REJECTED;
            break;
        }
    }
    for (int f = 0; f < n_files; f++) {
        survey_t **gs = jh_xcalloc((size_t)n_paths + 1, sizeof *gs);
        const char **gn = jh_xcalloc((size_t)n_paths + 1, sizeof *gn);
        bool *use = jh_xcalloc((size_t)n_paths + 1, sizeof *use);
        int n = 0;
        for (int i = 0; i < n_paths; i++)
            if (group[i] == f && loaded[i]) {
                gs[n] = loaded[i];
                gn[n++] = paths[i];
            }
        jh_buf_t dup = {0};
        if (n > 1 && survey_pick_unique(gs, gn, n, use, &dup)) {
            cli_put_lines(stderr, dup.data);
            rc = CLI_REJECTED;
        }
        jh_buf_free(&dup);
        free(gs);
        free(gn);
        free(use);
    }
    for (int f = 0; f < n_paths; f++) {
        survey_free(loaded[f]);
        free(paths[f]);
    }
    free(loaded);
    free(good);
    free(paths);
    free(group);
    cmap_free(cmap);
    free(files);
    free(font_default);
    return rc;
}
