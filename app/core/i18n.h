/* i18n.h - translated messages for the core library and the bureau tool.
 *
 * Messages a person reads are written in English in the source and wrapped
 * in _() (or N_() where a string is only marked, for a table); gettext
 * catalogs (domain "junheng") give the Chinese, which is the default
 * language. Until a program has bound the catalogs (the bureau tool's
 * startup does), _() returns the English text unchanged.
 *
 * The returned string is owned by gettext: do not free or modify it. */
#ifndef JH_I18N_H
#define JH_I18N_H

#include <libintl.h>

#define JH_TEXTDOMAIN "junheng"
#define _(s) dgettext(JH_TEXTDOMAIN, s)
#define N_(s) (s)
/* Singular and plural by count n (Chinese has one form). */
#define P_(s, p, n) dngettext(JH_TEXTDOMAIN, s, p, (unsigned long)(n))

#endif
