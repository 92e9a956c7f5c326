/* ui_i18n.h - the kiosk's own strings in 简体中文 (first) and English.
 * Questionnaire texts come from the questionnaire itself (survey_text_get).
 *
 * Ownership: returned strings are static. */
#ifndef UI_I18N_H
#define UI_I18N_H

typedef enum {
    UI_S_WELCOME_TITLE = 0,
    UI_S_WELCOME_SUB,
    UI_S_START,
    UI_S_START_HINT,
    UI_S_LANG_ZH,
    UI_S_LANG_EN,
    UI_S_LARGE_TEXT,
    UI_S_ROLE_TITLE,
    UI_S_BACK,
    UI_S_PREV,
    UI_S_NEXT,
    UI_S_SKIP,
    UI_S_CONFIRM,
    UI_S_NOTICE_TITLE,
    UI_S_NOTICE_BODY,
    UI_S_NOTICE_START,
    UI_S_PROGRESS,          /* %d %d */
    UI_S_REQUIRED_MARK,
    UI_S_REQUIRED_HINT,
    UI_S_MULTI_HINT,        /* %d */
    UI_S_MULTI_MAX,         /* %d */
    UI_S_RATING_HINT,
    UI_S_TEXT_HINT,
    UI_S_SUMMARY_TITLE,
    UI_S_SUMMARY_SKIPPED,
    UI_S_SUMMARY_SKIPPED_ONE, /* the same for one question */
    UI_S_SUMMARY_NONE,
    UI_S_SUBMIT,
    UI_S_SUMMARY_BACK,
    UI_S_THANKS_TITLE,
    UI_S_THANKS_BODY,
    UI_S_THANKS_RETURN,     /* %d */
    UI_S_DONE,
    UI_S_IDLE_TITLE,
    UI_S_IDLE_BODY,         /* %d */
    UI_S_IDLE_CONTINUE,
    UI_S_PIN_ENTER,
    UI_S_PIN_SET,
    UI_S_PIN_CONFIRM,
    UI_S_PIN_WRONG,         /* %d */
    UI_S_PIN_LOCKED,        /* %d */
    UI_S_PIN_LOCKED_HOURS,  /* %d (hours, rounded up) */
    UI_S_PIN_UNREADABLE,
    UI_S_PIN_MISMATCH,
    UI_S_PIN_SHORT,
    UI_S_PIN_SAVE_FAILED,   /* %s */
    UI_S_DELETE,
    UI_S_OK,
    UI_S_CANCEL,
    UI_S_PIN_CANCEL, /* the PIN pad's way back, in the visitor's language too */
    UI_S_ADMIN_TITLE,
    UI_S_ADMIN_NOTES,          /* the button that shows every note whole */
    UI_S_ADMIN_NOTES_TITLE,
    UI_S_ADMIN_COUNTS,      /* %lld today, %lld submitted, %lld abandoned, %lld total */
    UI_S_ADMIN_BY_ROLE,
    UI_S_ROLE_CODE_STUDENT,    /* a role code's name when no loaded questionnaire names it */
    UI_S_ROLE_CODE_PARENT,
    UI_S_ROLE_CODE_TEACHER,
    UI_S_ROLE_CODE_PUBLIC,
    UI_S_ADMIN_KIOSK,       /* %s id, %s fingerprint */
    UI_S_ADMIN_SCHOOL,      /* %s name, %s code, %s level, %s locality, %s county */
    UI_S_ADMIN_SURVEYS,
    UI_S_ADMIN_SURVEY_VERSION, /* %s title, %s version: a questionnaire's button */
    UI_S_SURVEY_CLASH,         /* %s file, %s id, %s version: changed without a new version */
    UI_S_SURVEY_NOT_RECORDED,  /* %s file, %s the database's error */
    UI_S_ADMIN_EXPORT,
    UI_S_ADMIN_EXPORT_FULL,
    UI_S_ADMIN_EXPORT_OK,   /* %lld responses, %s path */
    UI_S_ADMIN_EXPORT_FAIL, /* %s */
    UI_S_ADMIN_NO_TARGET,
    UI_S_ADMIN_RESCAN,
    UI_S_ADMIN_PROBLEMS,
    UI_S_ADMIN_CLOSE,
    UI_S_QUIT,
    UI_S_ERR_NO_SURVEY,
    UI_S_ERR_NO_SURVEY_BODY,
    UI_S_ERR_INVALID,
    UI_S_ERR_INVALID_BODY,
    UI_S_UNAVAILABLE_TITLE,
    UI_S_UNAVAILABLE_BODY,
    UI_S_UNAVAILABLE_IDLE,  /* %d */
    UI_S_UNAVAILABLE_SUBMITTED,
    UI_S_UNAVAILABLE_ENDED,
    UI_S_UNAVAILABLE_DETAIL, /* %s: what staff do (UI_S_UNAVAILABLE_STAFF_*), %s: the store's message */
    UI_S_CHOSEN_AFTER,      /* %d */
    UI_S_CHOSEN_BEFORE,     /* %d */
    UI_S_CHOSEN_OTHER,      /* %d */
    UI_S_PAGER_CHOSEN_AFTER,  /* %d */
    UI_S_PAGER_CHOSEN_BEFORE, /* %d */
    UI_S_MULTI_MAX_ELSEWHERE, /* %d %s */
    UI_S_ADMIN_EXPORT_NEW,
    UI_S_ADMIN_EXPORT_DONE,          /* %lld */
    UI_S_ADMIN_EXPORT_NONE,
    UI_S_ADMIN_EXPORT_EMPTY,
    UI_S_ADMIN_EXPORT_WHERE,          /* %s */
    UI_S_ADMIN_TARGET_PICK,
    UI_S_ADMIN_SETUP,
    UI_S_ADMIN_PIN_CHANGE,
    UI_S_ADMIN_UNSET,
    UI_S_ADMIN_QUIT_ASK,
    UI_S_ADMIN_QUIT_YES,
    UI_S_ERR_NOT_FOUND,
    UI_S_ERR_NOT_DIR,
    UI_S_ERR_FULL,
    UI_S_ERR_READONLY,
    UI_S_ERR_NO_SCHOOL,
    UI_S_ERR_EXPORT_IO,
    UI_S_ERR_EXPORT_NOMEM,   /* the kiosk ran out of memory during an export */
    UI_S_ADMIN_EXPORT_NO_BACKUP_STICK, /* %s free on the stick, %s the backup needs */
    UI_S_ADMIN_EXPORT_NO_BACKUP_KIOSK, /* %s free on the kiosk's disk, %s needed */
    UI_S_ADMIN_DISK_LOW,    /* %s free on the kiosk's disk (under 200 MB) */
    UI_S_ERR_DETAIL,          /* %s */
    UI_S_PACK_TITLE,
    UI_S_PACK_NEW,          /* %s */
    UI_S_PACK_TRUST,
    UI_S_PACK_WHICH,          /* %s file, %s county code */
    UI_S_PACK_SEVERAL_NAMED,  /* %d packs found, %s file offered */
    UI_S_PACK_SEVERAL_NEWEST, /* %d packs found, %s file offered */
    UI_S_PACK_READY,          /* %d %d */
    UI_S_PACK_INSTALL,
    UI_S_PACK_INSTALLED,          /* %s made */
    UI_S_PACK_OTHER_KEY,          /* %s %s */
    UI_S_PACK_BAD,
    UI_S_PACK_NEWER,          /* a pack of a newer format: update junheng-kiosk */
    UI_S_PACK_DONE,          /* %d %d */
    UI_S_PACK_FAILED,          /* %s what to do (a cause, UI_S_PACK_FAILED_OTHER), %s the technical message */
    UI_S_PACK_FORGET,
    UI_S_PACK_FORGET_ASK,          /* %s %lld */
    UI_S_PACK_FORGET_YES,
    UI_S_PACK_FORGET_NO,
    UI_S_PACK_FORGOTTEN,
    UI_S_PACK_OTHER_KEY_TECH,     /* %s %s %s: UI_S_PACK_OTHER_KEY, the key not forgettable here */
    UI_S_PACK_OLDER,          /* %s %s */
    UI_S_SETUP_TITLE,
    UI_S_SETUP_PICK,
    UI_S_SETUP_NO_REGISTER,
    UI_S_SETUP_CODE,
    UI_S_SETUP_NAME,
    UI_S_SETUP_LEVEL,
    UI_S_SETUP_LOCALITY,
    UI_S_SETUP_COUNTY,
    UI_S_SETUP_CHANGE,
    UI_S_SETUP_DONE,
    UI_S_SETUP_UNSET_VALUE,
    UI_S_SETUP_ENTER_CODE,
    UI_S_SETUP_ENTER_COUNTY,
    UI_S_SETUP_ENTER_NAME,
    UI_S_SETUP_BAD_CODE,
    UI_S_SETUP_BAD_COUNTY,
    UI_S_SETUP_BAD_NAME,
    UI_S_SETUP_SAVED,
    UI_S_SETUP_SAVE_FAILED,          /* %s */
    UI_S_SETUP_FIRST,
    UI_S_PICK_TITLE,
    UI_S_PICK_FILTER,          /* %s */
    UI_S_PICK_FILTER_HINT,
    UI_S_PICK_COUNT,          /* %d %d %d */
    UI_S_PICK_NONE,
    UI_S_PICK_PREV,
    UI_S_PICK_NEXT,
    UI_S_PICK_CLEAR,
    UI_S_WELCOME_UNSET,
    UI_S_WELCOME_UNSET_PLAIN,
    UI_S_PACK_OTHER_COUNTY,    /* %s pack county, %s school, %s kiosk county, %s kiosk county */
    UI_S_PACK_SCHOOL_MISSING,  /* %s school, %s county */
    UI_S_PACK_SCHOOL_REFUSED,  /* %s school, %s pack county */
    UI_S_PACK_SURVEY_REFUSED,  /* %s questionnaire id, %s version: changed without a new version */
    UI_S_PIN_NONE_TITLE,
    UI_S_PIN_NONE_BODY,
    UI_S_LEVEL_PRIMARY,
    UI_S_LEVEL_JUNIOR,
    UI_S_LEVEL_NINE_YEAR,
    UI_S_LEVEL_COMPLETE_MIDDLE,
    UI_S_LEVEL_TWELVE_YEAR,
    UI_S_LOC_URBAN,
    UI_S_LOC_TOWN,
    UI_S_LOC_RURAL,
    UI_S_STARTUP_TITLE,
    UI_S_STARTUP_DB,
    UI_S_STARTUP_CONFIG,
    UI_S_STARTUP_OTHER_DB,
    UI_S_STARTUP_FONT,
    UI_S_STARTUP_NO_DIR,
    UI_S_STARTUP_FULL,
    UI_S_STARTUP_KEY,
    UI_S_STARTUP_IDENTITY,
    UI_S_STARTUP_ACCESS,    /* the kiosk's user may not read its key, identity or database */
    UI_S_STARTUP_OPEN,
    UI_S_STARTUP_NEWER_DB,  /* the database was written by a newer junheng-kiosk */
    UI_S_CAUSE_FULL,
    UI_S_CAUSE_READONLY,
    UI_S_CAUSE_IO,
    UI_S_SAVE_FAILED_CAUSE,          /* %s %s */
    UI_S_SETUP_SCHOOL_LOCKED,        /* %lld answers, %s school code, %lld not exported */
    UI_S_SETUP_SCHOOL_LOCKED_BEFORE, /* %s school code */
    UI_S_STARTUP_RETRY,
    UI_S_SALVAGE_FOUND,
    UI_S_SALVAGE_NEED_STICK,   /* %d damaged databases moved aside, no USB stick in */
    UI_S_SALVAGE_BUTTON,
    UI_S_SALVAGE_DONE,
    UI_S_SALVAGE_NONE,
    UI_S_SALVAGE_FAILED,
    UI_S_SALVAGE_DONE_PLAIN,   /* %lld saved (lost answers follow: UI_S_SALVAGE_LOST) */
    UI_S_SALVAGE_NONE_PLAIN,   /* (lost answers follow) */
    UI_S_SALVAGE_LOST,         /* %s seqs, %lld how many, %s kiosk id, %s seqs */
    UI_S_SALVAGE_NO_PROGRAM,
    UI_S_CLOCK_WRONG,          /* %s %s */
    UI_S_PACK_DATE_WRONG,      /* %s %s */
    UI_S_CLOCK_BEFORE_ANSWERS, /* %s answers' day, %s clock's day, %s clock's day */
    UI_S_CLOCK_FAR_AHEAD,      /* %s clock's day, %s latest record's day, %d days, %s clock's day */
    UI_S_CLOCK_AHEAD,          /* %s */
    UI_S_CLOCK_HOWTO,          /* how a technician sets the clock (admin: 全部提示) */
    UI_S_CLOCK_HOWTO_BUTTON,   /* 全部提示: opens UI_S_CLOCK_HOWTO */
    UI_S_WELCOME_CLOCK,        /* %s: the clock's day; the welcome screen's small note */
    UI_S_ERR_CLOCK_AHEAD,      /* %s */
    UI_S_PAGE_PREV,
    UI_S_PAGE_MORE,         /* %d more below */
    UI_S_PAGE_OF,           /* %d page, %d pages */
    UI_S_PAGE_NEXT,
    UI_S_TEXT_COUNT,        /* %d typed, %d maximum */
    UI_S_TEXT_FULL,         /* %d maximum */
    UI_S_TEXT_GLYPH,
    UI_S_TEXT_WORD_LONG,    /* %d characters of the word, %d left */
    UI_S_HAND_UNSURE,       /* a character written, not chosen: choose it in the bar */
    /* the sample on the admin screen (issue 18) */
    UI_S_SAMPLE_TITLE,
    UI_S_SAMPLE_NONE,
    UI_S_SAMPLE_NO_VALID,    /* no complete questionnaire, abandoned ones only */
    UI_S_SAMPLE_PARENTS_OK,     /* %lld parents, %d per cent */
    UI_S_SAMPLE_PARENTS_NEED,   /* %lld parents, %lld more */
    UI_S_SAMPLE_PARENTS_RULE,
    UI_S_SAMPLE_TARGET_NEED,    /* %lld target, %lld valid, %lld more */
    UI_S_SAMPLE_TARGET_MET,     /* %lld target, %lld valid */
    UI_S_SAMPLE_NO_TARGET,      /* %lld valid */
    UI_S_SAMPLE_LOCALITY,
    UI_S_SAMPLE_LOC_ITEM,       /* %s locality, %lld */
    UI_S_SAMPLE_SHARES,
    UI_S_SAMPLE_LOC_UNKNOWN,    /* %lld */
    UI_S_SAMPLE_POPULATION,
    UI_S_SAMPLE_POP_ITEM,       /* %s locality, %d per cent */
    UI_S_SAMPLE_VALID,          /* %lld valid, %lld abandoned, %d per cent (none collected but not valid) */
    UI_S_SAMPLE_PUBLIC,         /* %lld valid public questionnaires: the county's, not the school's */
    UI_S_SAMPLE_VALID_NOT,      /* %lld valid, %lld not valid (all 不了解), %lld abandoned, %d per cent */
    UI_S_READ_ALOUD,        /* the speaker button on a question */
    UI_S_READING,           /* the same button while it reads (tap: stop) */
    UI_S_LISTEN_MODE,       /* welcome: read every question aloud */
    UI_S_START_HINT_HC,
    UI_S_ACCESS_BUTTON,     /* admin: open the accessibility screen */
    UI_S_ACCESS_TITLE,
    UI_S_ACCESS_READY,      /* read-aloud works */
    UI_S_ACCESS_NO_AUDIO,   /* %s: why not */
    UI_S_THEME_DEFAULT,
    UI_S_THEME_HC,
    UI_S_VOICE_ON,
    UI_S_VOICE_OFF,
    UI_S_VOLUME,            /* %d per cent */
    UI_S_VOICE_RECORDED,
    UI_S_VOICE_SYNTH,
    UI_S_VOICE_TEST,     /* the start hint in the high-contrast theme (a yellow button) */
    UI_S_TEXT_TAP,          /* placeholder of the empty free-text box */
    UI_S_ADMIN_TARGET_FIRST, /* several sticks: export asks which one first */
    UI_S_ADMIN_EXPORTING,   /* shown while the export runs */
    UI_S_ADMIN_EXPORT_UNRECORDED, /* written but not recorded on the kiosk */
    UI_S_STARTUP_RUNNING,   /* another kiosk program holds the database */
    UI_S_ADMIN_EXPORT_ALTERED,      /* %d altered, %s their seqs, %lld the others exported */
    UI_S_ADMIN_EXPORT_ALTERED_ONLY, /* %d altered, %s their seqs: nothing else could be exported */
    UI_S_ADMIN_LOST,        /* %s: the numbers of answers saved once but no longer in the database */
    UI_S_ADMIN_LOST_DAMAGED, /* %s: the same, the database damaged and moved aside */
    UI_S_ADMIN_LOST_MISSING, /* %s: the same, the database file gone and made anew */
    UI_S_ADMIN_KEY_REPLACED, /* %s day the key was replaced, %s kiosk id, %s new fingerprint */
    UI_S_ADMIN_EXPORT_ALTERED_ALL,  /* %d altered, %s their seqs: there is no other answer */
    UI_S_ADMIN_CONF_SCHOOL, /* %s the config's school, %s the kiosk's (kept) */
    UI_S_PACK_NONE_ON_STICK, /* a stick without a county pack, none installed */
    UI_S_ADMIN_CONF_IGNORED, /* %s the config's lines not taken (one message a line) */
    UI_S_ADMIN_CONF_KIOSK_ID, /* %s the id the config's kiosk_id line gives */
    UI_S_ADMIN_RENAMED, /* %s the old id, %s the new one */
    UI_S_UNAVAILABLE_STAFF_FULL,     /* out of service, for staff: the disk is full */
    UI_S_UNAVAILABLE_STAFF_READONLY, /* ... the disk cannot be written */
    UI_S_UNAVAILABLE_STAFF_IO,       /* ... any other store failure */
    UI_S_PACK_FAILED_OTHER, /* a pack install failed, not for the disk: what to do */
    UI_S_ADMIN_EXPORT_NEW_KEY, /* %s kiosk id, %s new fingerprint: the first export after the key was replaced */
    UI_S_ERR_STICK_GONE,     /* the chosen stick is no longer there as the export begins: nothing written */
    UI_S_ERR_STICK_PULLED,   /* the stick went away while the export wrote: nothing recorded */
    UI_S_ERR_NO_PERMISSION,  /* the stick's folder may not be written by the kiosk (not write protection) */
    UI_S_MULTI_CHOSEN,      /* %s the options chosen: 听读 after a tap on a multiple-choice option */
    UI_S_MULTI_NONE,        /* ... when none is left chosen */
    UI_S_IDLE_SAY_CONTINUE, /* 听读 on "您还在吗？": what to touch */
    UI_S_SUMMARY_SAY_SUBMIT, /* 听读 on the summary: how to finish */
    UI_S_NOTICE_SAY_START,  /* 听读 on the notice: what to touch */
    UI_S_SUMMARY_SAY_MORE,  /* %d %d (the same): 听读 on the summary, the skipped questions on later pages */
    UI_S_LISTEN_ON_SAY,     /* 听读 just switched on (then the welcome screen is said) */
    UI_S_WELCOME_SAY,       /* %s the start button: 听读 on the welcome screen, what to touch */
    UI_S_TO_SUBMIT,         /* the last question's Next: to the summary */
    UI_S_IDLE_NEW_PERSON,   /* "您还在吗？": the next person ends the last one's questionnaire */
    UI_S_IDLE_SAY_NEW,      /* 听读 on "您还在吗？": the button for the next person */
    UI_S_COUNT_
} ui_str_id_t;

/* The string in lang ("zh-CN" or "en"; anything else gives zh-CN). */
const char *ui_str(const char *lang, ui_str_id_t id);

#endif
