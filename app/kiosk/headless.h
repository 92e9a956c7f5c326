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

/* `junheng-kiosk [--db DB] --salvage DAMAGED --export DIR`: recovers what
 * is readable in the damaged database (salvage.h) and writes it as one
 * salvaged bundle signed with the key of DB (default: DAMAGED's original
 * name, kiosk.db for kiosk.db.corrupt-…).  Prints how many answers were
 * saved and how many could not be read.  Returns 0 or 3 as above. */
int kiosk_headless_salvage(const char *db_path, const char *damaged, const char *dir, int64_t now_ms);

#endif
