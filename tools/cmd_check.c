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

#define DEFAULT_FONT JH_SOURCE_DIR "/fonts/NotoSansSC-Junheng.otf"

static void usage(FILE *f)
{
    fprintf(f,
            _("Usage: junheng check [--font PATH | --no-font-check] FILE...\n"
            "\n"
            "Checks questionnaire definitions (docs/questionnaire-format.md): JSON syntax\n"
            "(with line and column), fields, codes, references, show_if conditions,\n"
            "translations, and that the kiosk font can draw every character.\n"
            "Every problem of every file is printed on stderr, one per line; a good file\n"
            "prints \"FILE: ok (N items, hash ...)\" on stdout.\n"
            "\n"
            "Options:\n"
            "  --font PATH       font to check characters against\n"
            "                    (default: %s)\n"
            "  --no-font-check   do not check characters against a font\n"
            "\n"
            "Exit status: 0 all files good, 1 some file has problems, 2 usage error,\n"
            "3 the font cannot be read.\n"),
            DEFAULT_FONT);
}

int cmd_check(int argc, char **argv)
{
    const char *font = DEFAULT_FONT;
    bool font_check = true;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        const char *a = argv[first];
        if (!strcmp(a, "--")) {
            first++;
            break;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(a, "--no-font-check")) {
            font_check = false;
        } else if (!strcmp(a, "--font") && first + 1 < argc) {
            font = argv[++first];
            font_check = true;
        } else if (!strncmp(a, "--font=", 7)) {
            font = a + 7;
            font_check = true;
        } else {
            fprintf(stderr, _("junheng check: unknown option '%s'\n"), a);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (first >= argc) {
        fprintf(stderr, _("junheng check: no questionnaire files given\n"));
        usage(stderr);
        return CLI_USAGE;
    }

    cmap_t *cmap = NULL;
    if (font_check) {
        jh_err_t err = {0};
        if (cmap_load_file(font, &cmap, &err) != JH_OK) {
            fprintf(stderr, _("junheng check: %s (use --font PATH or --no-font-check)\n"), err.msg);
            return CLI_FAILED;
        }
    }
    survey_check_opts_t opts = {
        .has_glyph = cmap ? cmap_glyph_fn : NULL,
        .glyph_ctx = cmap,
        .max_errors = 100,
    };
    int rc = CLI_OK;
    for (int i = first; i < argc; i++) {
        jh_buf_t errors = {0};
        survey_t *s = NULL;
        if (survey_load_file(argv[i], &opts, &s, &errors, NULL) == JH_OK) {
            printf(_("%s: ok (%d items, hash %.12s...)\n"), argv[i], s->n_items, s->hash);
        } else {
            cli_put_lines(stderr, errors.data);
            rc = CLI_REJECTED;
        }
        survey_free(s);
        jh_buf_free(&errors);
    }
    cmap_free(cmap);
    return rc;
}
