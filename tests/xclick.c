/* xclick.c - clicks in an X server with the XTEST extension, as a mouse
 * would, for tests of the kiosk's real event loop (tests/scripts/
 * kiosk_x11_loop.sh).  libX11 and libXtst are opened at run time (the
 * runtime libraries come with SDL's X11 support; no -dev package needed).
 *
 * Usage: xclick COMMAND...   (on $DISPLAY)
 *   click X Y    move the pointer to X, Y and press and release button 1
 *   sleep MS     flush, then wait MS milliseconds
 * Exit status: 0 done, 77 no libX11/libXtst or no display (the test skips),
 * 2 usage error. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*open_display_fn)(const char *);
typedef int (*display_fn)(void *);
typedef int (*sync_fn)(void *, int);
typedef int (*motion_fn)(void *, int, int, int, unsigned long);
typedef int (*button_fn)(void *, unsigned int, int, unsigned long);

int main(int argc, char **argv)
{
    void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_GLOBAL);
    void *xtst = x11 ? dlopen("libXtst.so.6", RTLD_NOW) : NULL;
    if (!x11 || !xtst) {
        fprintf(stderr, "xclick: %s\n", dlerror());
        return 77;
    }
    open_display_fn open_display = (open_display_fn)dlsym(x11, "XOpenDisplay");
    display_fn flush = (display_fn)dlsym(x11, "XFlush");
    display_fn close_display = (display_fn)dlsym(x11, "XCloseDisplay");
    sync_fn xsync = (sync_fn)dlsym(x11, "XSync");
    motion_fn motion = (motion_fn)dlsym(xtst, "XTestFakeMotionEvent");
    button_fn button = (button_fn)dlsym(xtst, "XTestFakeButtonEvent");
    if (!open_display || !flush || !close_display || !xsync || !motion || !button) {
        fprintf(stderr, "xclick: libX11 or libXtst lacks a function\n");
        return 77;
    }
    void *d = open_display(NULL);
    if (!d) {
        fprintf(stderr, "xclick: cannot open the display '%s'\n", getenv("DISPLAY") ? getenv("DISPLAY") : "");
        return 77;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "click") && i + 2 < argc) {
            motion(d, -1, atoi(argv[i + 1]), atoi(argv[i + 2]), 0);
            button(d, 1, 1, 0);
            button(d, 1, 0, 0);
            flush(d);
            i += 2;
        } else if (!strcmp(argv[i], "sleep") && i + 1 < argc) {
            xsync(d, 0);
            usleep((useconds_t)atoi(argv[++i]) * 1000);
        } else {
            fprintf(stderr, "xclick: expected click X Y or sleep MS, found '%s'\n", argv[i]);
            close_display(d);
            return 2;
        }
    }
    xsync(d, 0);
    close_display(d);
    return 0;
}
