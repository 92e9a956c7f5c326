/* i18n.c - binds the message catalog (domain "junheng") for the bureau tool
 * and the kiosk: where the compiled catalog is, and the language. */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jh.h"

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

char *jh_i18n_locale_dir(const char *installed_rel, const char *installed_dir)
{
    const char *env = getenv("JH_LOCALEDIR");
    if (env && *env) return jh_strdup(env);
    char *exe = jh_exe_dir();
    if (exe) {
        char *p = jh_sprintf("%s/locale", exe);
        if (!is_dir(p)) {
            free(p);
            p = jh_sprintf("%s/%s", exe, installed_rel);
        }
        free(exe);
        if (is_dir(p)) return p;
        free(p);
    }
    return jh_strdup(installed_dir);
}

void jh_i18n_bind(bool english, const char *locale_dir)
{
    /* gettext translates under any message locale but "C"/"POSIX": then
     * C.UTF-8 (built into glibc), so no zh_CN locale needs generating. */
    const char *loc = setlocale(LC_MESSAGES, "");
    if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX")) setlocale(LC_MESSAGES, "C.UTF-8");
    /* Other catalogs (libc's strerror) are converted to LC_CTYPE's
     * character set: in "C", ASCII, every Chinese character a '?'. */
    loc = setlocale(LC_CTYPE, "");
    if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX")) setlocale(LC_CTYPE, "C.UTF-8");
    setenv("LANGUAGE", english ? "en" : "zh_CN", 1);
    bindtextdomain(JH_TEXTDOMAIN, locale_dir);
    bind_textdomain_codeset(JH_TEXTDOMAIN, "UTF-8");
}
