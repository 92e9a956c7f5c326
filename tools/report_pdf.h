/* report_pdf.h - prints the HTML report to PDF with headless Chromium, when a
 * Chromium is installed.  The PDF is optional: nothing else depends on it.
 *
 * Ownership: strings returned are heap copies owned by the caller (free()). */
#ifndef JH_REPORT_PDF_H
#define JH_REPORT_PDF_H

#include <time.h>

#include "jh.h"

/* Finds a Chromium binary: $JH_CHROMIUM when set (an empty value means
 * "none"), else the first of chromium, chromium-browser, google-chrome,
 * google-chrome-stable on PATH.  Returns a heap path or NULL. */
char *rpdf_find_browser(void);

/* Runs browser headless (fresh temporary profile, no network services,
 * without Chromium's own date/address header and footer: the report's CSS
 * page-margin boxes give its own) to print html_path (absolute) to pdf_path, killing it
 * after timeout_s seconds.  The PDF is written atomically and checked to
 * start with "%PDF-"; its links to files in html_path's folder are relative
 * (the file's name), so they lead to the files wherever the folder's set is
 * placed.  Errors: JH_ERR_IO (browser failed or timed out; the
 * message quotes its last output line), JH_ERR_INVALID (no PDF produced). */
jh_status_t rpdf_print(const char *browser, const char *html_path, const char *pdf_path,
                       int timeout_s, jh_err_t *err);

/* Kills the Chromium rpdf_print runs now (its whole process group) and
 * removes its temporary folder; for another thread (the report's, when a
 * signal ends the run).  From then on rpdf_print starts no Chromium (it
 * fails: the run is being ended). */
void rpdf_cancel(void);

#endif
