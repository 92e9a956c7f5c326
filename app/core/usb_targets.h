/* usb_targets.h - where USB sticks are mounted: the mount points the
 * kernel lists in mountinfo under /media and /run/media (udisks2 mounts a
 * stick at /media/USER/LABEL or /run/media/USER/LABEL, some systems at
 * /media/LABEL), plus directories matching extra glob patterns (tests and
 * unusual systems).  No SDL: the kiosk's admin screen and the packaging
 * self-check use it.
 *
 * Ownership: results are copied into the caller's array. */
#ifndef JH_USB_TARGETS_H
#define JH_USB_TARGETS_H

#include <stdbool.h>

#define USB_TARGET_PATH_MAX 512

typedef struct {
    char path[USB_TARGET_PATH_MAX]; /* the mount point (or the matching directory) */
    bool writable;                  /* mounted read-write and access(W_OK) allows writing */
} usb_target_t;

/* Lists at most max targets into out and returns how many.  mountinfo: the
 * file to read (NULL: /proc/self/mountinfo; a missing file lists nothing);
 * prefixes: the mount point prefixes that mean removable media (NULL:
 * "/media/" and "/run/media/"); globs: NULL-terminated extra patterns of
 * directories (may be NULL).  Mount points are decoded (\040 is a space),
 * sorted, without duplicates, and only directories that exist; mount points
 * whose last name starts with a dot are skipped (so are such folders for a
 * glob's '*'). */
int usb_targets_list(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                     usb_target_t *out, int max);

/* usb_targets_list without the mount points on the device that holds the
 * folder of db_path (the kiosk's own disk: its EFI partition mounted under
 * /media, say): an export there would stay on the kiosk.  Directories from
 * globs are not checked (tests put them beside the database).  db_path NULL:
 * as usb_targets_list. */
int usb_targets_list_except(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                            const char *db_path, usb_target_t *out, int max);

#endif
