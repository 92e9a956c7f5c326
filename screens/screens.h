/* screens.h - every screen of the kiosk, one file each, registered in a
 * NULL-terminated table.  A screen is a const table of callbacks
 * (ui_screen_t, see ui_app.h): enter, leave, event, update, draw. */
#ifndef SCREENS_H
#define SCREENS_H

#include "ui_app.h"

extern const ui_screen_t screen_welcome;     /* school name, start, language, large text */
extern const ui_screen_t screen_role;        /* 家长 / 教师 / ... */
extern const ui_screen_t screen_notice;      /* answers are anonymous */
extern const ui_screen_t screen_question;    /* one item per screen */
extern const ui_screen_t screen_summary;     /* skipped optional items, submit */
extern const ui_screen_t screen_thanks;      /* returns to welcome by itself */
extern const ui_screen_t screen_idle;        /* "are you still there?" countdown */
extern const ui_screen_t screen_pin;         /* administrator PIN pad */
extern const ui_screen_t screen_admin;       /* counts, questionnaires, export, quit */
extern const ui_screen_t screen_setup;       /* the school, set by touch */
extern const ui_screen_t screen_access;      /* admin: theme, read-aloud, volume, test */
extern const ui_screen_t screen_startup;     /* the kiosk could not start: what to do */
extern const ui_screen_t screen_school;      /* the school picked from the county register */
extern const ui_screen_t screen_error;       /* no / invalid questionnaire */
extern const ui_screen_t screen_unavailable; /* the database cannot be written */

/* All screens, NULL-terminated. */
extern const ui_screen_t *const ui_screens[];

/* The screen called name, or NULL. */
const ui_screen_t *ui_screen_find(const char *name);

/* Layout shared by screens: the content column (centred, margins). */
typedef struct {
    int x, w;      /* content column */
    int margin;    /* outer margin */
} screen_layout_t;
screen_layout_t screen_layout(const ui_frame_t *f, int max_design_w);

/* Background and the screen title at the top; returns the y below it. */
int screen_title(ui_app_t *app, ui_frame_t *f, const char *title);

/* The navigation row at the bottom of a screen (Back / Next): its top and
 * height, at least the minimum button size and tall enough for its label. */
typedef struct {
    int y, h;
} screen_nav_t;
screen_nav_t screen_nav(const ui_frame_t *f);
/* The width the 读题 button needs for its wider label (读题 or 停止) with
 * its speaker mark, at the navigation row's font. */
int screen_read_button_width(const ui_app_t *app, const ui_frame_t *f);

/* Paging of a list that does not fit (options, skipped questions): the
 * height of the pager row, and the row itself at y: "▲ 上一页" when not on
 * the first page, "还有 n 项，点这里 ▼" when n more follow (n_after > 0),
 * "下一页，点这里 ▼" when more text follows (n_after < 0).  Its buttons use the
 * ids SCREEN_PAGE_PREV / SCREEN_PAGE_NEXT; screen_pager_event turns them
 * into a page change (returns true when it took the event). */
enum { SCREEN_PAGE_PREV = 900, SCREEN_PAGE_NEXT = 901 };
int screen_pager_height(const ui_frame_t *f);
void screen_pager(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int n_after);
/* The pager of a multiple choice: as screen_pager, and where the free half
 * of its row allows (no 上一页 on the first page; the last page's "第 x / y
 * 页"), how many choices are made on the other pages (chosen_before /
 * chosen_after: on earlier / later pages). */
void screen_pager_chosen(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int n_after, int chosen_before,
                         int chosen_after);
/* "另有 N 项已选在后面的页" and its kin for the choices made on other pages;
 * "" when there are none. */
void screen_chosen_elsewhere(const ui_app_t *app, int chosen_before, int chosen_after, char *out, size_t out_len);
bool screen_pager_event(ui_app_t *app, const ui_widget_t *hit);

#endif
