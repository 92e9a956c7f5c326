/* usb_targets.c - finds mounted USB sticks from mountinfo (see
 * usb_targets.h). */
#include "usb_targets.h"

#include "i18n.h"
#include "jh.h"

#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- static functions ------------------------------------------------------ */

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(const char *in, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = in; *p && o + 1 < n; p++) {
        if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
            out[o++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
            p += 3;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* With the kernel's own list (live): path is reached as the mount it
 * names, a folder itself (no symbolic link) on another device than the
 * folder above it.  A mount covered by a later mount over a folder above
 * it is still listed, but its path then leads into the covering one (an
 * empty folder there, on that one's device). */
static bool reached_as_mount(const char *path)
{
    struct stat sb, up;
    char *parent = jh_sprintf("%s/..", path);
    bool ok = lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && stat(parent, &up) == 0 && up.st_dev != sb.st_dev;
    free(parent);
    return ok;
}

/* Adds path unless it is no directory, listed already, or on the device
 * `not_dev` (when have_dev): the kiosk's own disk is no USB stick.  live:
 * a mount point read from the kernel's list, which must be reached as a
 * mount (reached_as_mount). */
static bool add(usb_target_t *out, int *n, int max, const char *path, bool ro, bool have_dev, dev_t not_dev,
                bool live)
{
    struct stat sb;
    if (*n >= max || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) return false;
    if (have_dev && sb.st_dev == not_dev) return false;
    if (live && !reached_as_mount(path)) return false;
    for (int i = 0; i < *n; i++)
        if (!strcmp(out[i].path, path)) return false;
    if (strlen(path) >= USB_TARGET_PATH_MAX) return false;
    snprintf(out[*n].path, USB_TARGET_PATH_MAX, "%s", path);
    out[*n].writable = !ro && access(path, W_OK) == 0;
    (*n)++;
    return true;
}

static int cmp_target(const void *a, const void *b)
{
    return strcmp(((const usb_target_t *)a)->path, ((const usb_target_t *)b)->path);
}

/* ---- public functions ------------------------------------------------------ */

int usb_targets_list(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                     usb_target_t *out, int max)
{
    return usb_targets_list_except(mountinfo, prefixes, globs, NULL, out, max);
}

int usb_targets_list_except(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                            const char *db_path, usb_target_t *out, int max)
{
    /* The device that holds the database's folder (st_dev of the folder,
     * so a database not created yet counts too). */
    bool have_dev = false;
    dev_t db_dev = 0;
    if (db_path) {
        char *copy = jh_strdup(db_path);
        struct stat sb;
        if (stat(dirname(copy), &sb) == 0) {
            have_dev = true;
            db_dev = sb.st_dev;
        }
        free(copy);
    }
    static const char *const default_prefixes[] = {"/media/", "/run/media/", NULL};
    if (!prefixes) prefixes = default_prefixes;
    int n = 0;
    /* A file given for tests describes mounts that are not there. */
    bool live = !mountinfo || !strcmp(mountinfo, "/proc/self/mountinfo");
    FILE *f = fopen(mountinfo ? mountinfo : "/proc/self/mountinfo", "re");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        /* id parent major:minor root mount-point options ... */
        char *save = NULL, *tok = strtok_r(line, " ", &save);
        char *mp = NULL, *opts = NULL;
        for (int i = 0; tok && i < 6; i++, tok = strtok_r(NULL, " ", &save)) {
            if (i == 4) mp = tok;
            if (i == 5) opts = tok;
        }
        if (!mp || !opts) continue;
        char path[USB_TARGET_PATH_MAX];
        unescape(mp, path, sizeof path);
        bool match = false;
        for (int i = 0; prefixes[i]; i++)
            if (!strncmp(path, prefixes[i], strlen(prefixes[i])) && strlen(path) > strlen(prefixes[i])) match = true;
        if (!match) continue;
        /* Hidden mount points (a last name starting with a dot) are not
         * sticks for the admin screen; junheng-usb-mount never makes one. */
        const char *last = strrchr(path, '/');
        if (last && last[1] == '.') continue;
        bool ro = !strncmp(opts, "ro", 2) && (opts[2] == ',' || opts[2] == '\0');
        add(out, &n, max, path, ro, have_dev, db_dev, live);
    }
    if (f) fclose(f);
    for (int g = 0; globs && globs[g]; g++) {
        glob_t gl;
        if (glob(globs[g], GLOB_ONLYDIR, NULL, &gl) != 0) continue;
        for (size_t i = 0; i < gl.gl_pathc; i++) add(out, &n, max, gl.gl_pathv[i], false, false, 0, false);
        globfree(&gl);
    }
    if (n > 1) qsort(out, (size_t)n, sizeof *out, cmp_target);
    return n;
}

jh_status_t usb_target_check(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                             const char *db_path, const char *path, jh_err_t *err)
{
    usb_target_t *t = jh_xcalloc(USB_TARGETS_CHECK_MAX, sizeof *t);
    int n = usb_targets_list_except(mountinfo, prefixes, globs, db_path, t, USB_TARGETS_CHECK_MAX);
    bool found = false;
    for (int i = 0; i < n && !found; i++) found = !strcmp(t[i].path, path);
    free(t);
    if (found) return JH_OK;
    return jh_err_set(err, JH_ERR_NOTFOUND,
                      /* (asked before the write and again after it: what was
                       * written or recorded is for the caller to say) */
                      _("%s: the USB drive is no longer mounted there (pulled out, or mounted at another place; "
                        "what is left there is no USB drive): plug it in and look for USB drives again"),
                      path);
}
