/* headless.h - `junheng-kiosk --db FILE --export DIR [--full]`: export a
 * bundle without opening a window (for scripts, tests and maintenance). */
#ifndef JH_HEADLESS_H
#define JH_HEADLESS_H

#include <stdbool.h>
#include <stdint.h>

/* Opens the database at db_path (which must exist), exports to dir the
 * responses finished since the last export (full: all of them) with the
 * same checks as the admin screen, prints what was written (bundle path,
 * sequence range, count, backup path, key fingerprint) on stdout or an
 * actionable error on stderr.  Returns the process exit status: 0 written
 * (or nothing new to export), 3 failed.  Needs no SDL. */
int kiosk_headless_export(const char *db_path, const char *dir, bool full, int64_t now_ms);

#endif
