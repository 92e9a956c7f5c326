/* i18n.h - translated messages for the core library and the bureau tool.
 *
 * Messages a person reads are written in English in the source and wrapped
 * in _() (or N_() where a string is only marked, for a table); gettext
 * catalogs (domain "junheng") give the Chinese, which is the default
 * language. Until a program has bound the catalogs (jh_i18n_bind: the
 * bureau tool's and the kiosk's startup), _() returns the English text
 * unchanged.
 *
 * The returned string is owned by gettext: do not free or modify it. */
#ifndef JH_I18N_H
#define JH_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define JH_TEXTDOMAIN "junheng"
#define _(s) dgettext(JH_TEXTDOMAIN, s)
#define N_(s) (s)
/* Singular and plural by count n (Chinese has one form). */
#define P_(s, p, n) dngettext(JH_TEXTDOMAIN, s, p, (unsigned long)(n))

/* Where the compiled catalogs (LANG/LC_MESSAGES/junheng.mo) are, malloc'd
 * (owned by the caller): $JH_LOCALEDIR; else "locale" beside the program
 * (the build tree); else installed_rel from the program's folder (an
 * install under any prefix, e.g. "../share/locale"); else installed_dir
 * (the configured install prefix's). */
char *jh_i18n_locale_dir(const char *installed_rel, const char *installed_dir);

/* Binds domain "junheng" to the catalogs in locale_dir (borrowed) and picks
 * the language: Chinese unless english.  Sets LC_MESSAGES and LC_CTYPE
 * from the environment (C.UTF-8 when that is "C") and LANGUAGE; LC_NUMERIC
 * is left alone (numbers in CSV and JSON keep their decimal point).  Call once at startup, before any thread starts. */
void jh_i18n_bind(bool english, const char *locale_dir);

#endif
