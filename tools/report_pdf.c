/* report_pdf.c - headless Chromium print-to-PDF (see report_pdf.h). */
#include "report_pdf.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- static prototypes ---------------------------------------------------- */

static char *which(const char *name);
static void last_line(const char *path, char *out, size_t size);
static char *file_url(const char *path);
static void relative_links(char *pdf, size_t len, const char *prefix);

/* ---- state ---------------------------------------------------------------- */

/* The Chromium printing now, for rpdf_cancel (another thread's). */
static pthread_mutex_t cur_mu = PTHREAD_MUTEX_INITIALIZER;
static pid_t cur_pid;     /* its process (and group) id; 0: none */
static char cur_dir[64];  /* its temporary folder; "": none */
static bool cancelled;    /* rpdf_cancel ran: no Chromium is started any more */

/* ---- public functions ----------------------------------------------------- */

char *rpdf_find_browser(void)
{
    const char *env = getenv("JH_CHROMIUM");
    if (env) {
        if (!*env) return NULL;
        if (strchr(env, '/')) return access(env, X_OK) == 0 ? jh_strdup(env) : NULL;
        return which(env);
    }
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome",
                                        "google-chrome-stable", NULL};
    for (const char *const *n = names; *n; n++) {
        char *p = which(*n);
        if (p) return p;
    }
    return NULL;
}

jh_status_t rpdf_print(const char *browser, const char *html_path, const char *pdf_path,
                       int timeout_s, jh_err_t *err)
{
    jh_status_t st = JH_OK;
    char tmpl[] = "/tmp/junheng-chromium-XXXXXX";
    char *profile = NULL, *out_pdf = NULL, *log = NULL, *url = NULL, *print_arg = NULL;
    char *pdf = NULL;
    size_t pdf_len = 0;
    int lock = -1;
    if (!mkdtemp(tmpl)) {
        st = jh_err_set(err, JH_ERR_IO, _("cannot create a temporary directory for Chromium: %s"),
                        strerror(errno));
        goto fail;
    }
    jh_run_dir_mark(tmpl);        /* ours: jh_run_dir_sweep may remove it once left */
    lock = jh_dir_lock(tmpl); /* in use: jh_run_dir_sweep leaves it */
    pthread_mutex_lock(&cur_mu);
    snprintf(cur_dir, sizeof cur_dir, "%s", tmpl);
    pthread_mutex_unlock(&cur_mu);
    profile = jh_sprintf("--user-data-dir=%s/profile", tmpl);
    out_pdf = jh_sprintf("%s/out.pdf", tmpl);
    log = jh_sprintf("%s/chromium.log", tmpl);
    url = file_url(html_path);
    print_arg = jh_sprintf("--print-to-pdf=%s", out_pdf);

    /* The check for a cancel and the fork under one lock: once rpdf_cancel
     * has run (a signal ends the run), no Chromium is started after it. */
    pthread_mutex_lock(&cur_mu);
    if (cancelled) {
        pthread_mutex_unlock(&cur_mu);
        st = jh_err_set(err, JH_ERR_IO, _("cannot start %s: the run is being interrupted"), browser);
        goto fail;
    }
    pid_t pid = fork();
    if (pid < 0) {
        pthread_mutex_unlock(&cur_mu);
        st = jh_err_set(err, JH_ERR_IO, _("cannot start %s: %s"), browser, strerror(errno));
        goto fail;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (null >= 0) dup2(null, 0);
        setpgid(0, 0); /* own group: a timeout kills Chromium's helpers too */
        sigset_t none; /* (the report blocks the signals its own thread waits for) */
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL); /* (junheng ignores them: tools/main.c) */
        signal(SIGXFSZ, SIG_DFL);
        execl(browser, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions", profile, print_arg,
              "--no-pdf-header-footer", url, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    cur_pid = pid;
    pthread_mutex_unlock(&cur_mu);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            st = jh_err_set(err, JH_ERR_IO, _("waiting for %s: %s"), browser, strerror(errno));
            goto fail;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= timeout_s) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            st = jh_err_set(err, JH_ERR_IO, _("%s did not finish printing within %d s; killed"),
                            browser, timeout_s);
            goto fail;
        }
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* Helpers left in the group (crashpad) would hold the profile directory. */
    kill(-pid, SIGKILL);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char line[300];
        last_line(log, line, sizeof line);
        st = jh_err_set(err, JH_ERR_IO, _("%s failed (%s %d): %s"), browser,
                        WIFEXITED(status) ? _("exit status") : _("signal"),
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), line);
        goto fail;
    }
    jh_err_t rerr;
    if (jh_read_file(out_pdf, &pdf, &pdf_len, &rerr) != JH_OK || pdf_len < 5 ||
        memcmp(pdf, "%PDF-", 5) != 0) {
        char line[300];
        last_line(log, line, sizeof line);
        st = jh_err_set(err, JH_ERR_INVALID, _("%s produced no PDF: %s"), browser, line);
        goto fail;
    }
    /* links to the files beside html_path: relative (url up to its last
     * '/' is the folder's: file_url keeps '/' as it is) */
    char *slash = strrchr(url, '/');
    slash[1] = '\0';
    relative_links(pdf, pdf_len, url);
    st = jh_write_file_atomic(pdf_path, pdf, pdf_len, err);

fail:
    pthread_mutex_lock(&cur_mu);
    cur_pid = 0;
    cur_dir[0] = '\0';
    pthread_mutex_unlock(&cur_mu);
    if (tmpl[strlen(tmpl) - 1] != 'X') jh_rm_tree(tmpl);
    if (lock >= 0) close(lock);
    free(profile);
    free(out_pdf);
    free(log);
    free(url);
    free(print_arg);
    free(pdf);
    return st;
}

/* ---- static functions ----------------------------------------------------- */

/* Looks name up on PATH; heap path or NULL. */
static char *which(const char *name)
{
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    char *copy = jh_strdup(path), *save = NULL, *found = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *cand = jh_sprintf("%s/%s", *dir ? dir : ".", name);
        struct stat sb;
        if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode) && access(cand, X_OK) == 0) {
            found = cand;
            break;
        }
        free(cand);
    }
    free(copy);
    return found;
}

void rpdf_cancel(void)
{
    pthread_mutex_lock(&cur_mu);
    cancelled = true;
    if (cur_pid > 0) {
        kill(-cur_pid, SIGKILL);
        kill(cur_pid, SIGKILL);
        waitpid(cur_pid, NULL, 0);
        cur_pid = 0;
    }
    if (cur_dir[0]) {
        jh_rm_tree(cur_dir);
        cur_dir[0] = '\0';
    }
    pthread_mutex_unlock(&cur_mu);
}

/* The file:// URL (heap) of an absolute path: every byte but the
 * unreserved ones and '/' percent-encoded, so '#', '?', '%' and spaces in a
 * folder's name stay part of the path (第2轮#报告 is not a fragment). */
static char *file_url(const char *path)
{
    jh_buf_t b = {0};
    jh_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            strchr("/-._~", *p))
            jh_buf_append(&b, (const char *)p, 1);
        else
            jh_buf_printf(&b, "%%%02X", *p);
    }
    return b.data;
}

/* Chromium writes each link of the document as an absolute URL: a link
 * between the report's files points into the temporary folder they were
 * printed in (dead once they are moved into place, and the folder's whole
 * path in the PDF).  Every link that starts with prefix (the folder's URL,
 * ending in '/') is made relative: the string's rest (file name, fragment,
 * ')') moves up and the bytes freed become spaces after it, so no object of
 * the PDF moves and its cross-reference table stays right.  A PDF reader
 * resolves a relative link against the PDF's own folder, where the files
 * are placed. */
static void relative_links(char *pdf, size_t len, const char *prefix)
{
    static const char key[] = "/URI (";
    size_t kl = sizeof key - 1, pl = strlen(prefix);
    char *end = pdf + len;
    for (char *p = memmem(pdf, len, key, kl); p; p = memmem(p, (size_t)(end - p), key, kl)) {
        p += kl;
        if ((size_t)(end - p) < pl || memcmp(p, prefix, pl) != 0) continue;
        /* the string's end: the first ')' not escaped (the folder's URL
         * has none: file_url encodes them) */
        char *close = p + pl;
        while (close < end && (*close != ')' || close[-1] == '\\')) close++;
        if (close == end) break;
        size_t rest = (size_t)(close + 1 - (p + pl));
        memmove(p, p + pl, rest);
        memset(p + rest, ' ', pl);
        p += rest + pl;
    }
}

/* The last non-empty line of a log file ("(no output)" when none). */
static void last_line(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s", _("(no output)"));
    char *text = NULL;
    size_t len = 0;
    jh_err_t e;
    if (jh_read_file(path, &text, &len, &e) != JH_OK) return;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        text[--len] = '\0';
    char *nl = strrchr(text, '\n');
    if (len > 0) snprintf(out, size, "%s", nl ? nl + 1 : text);
    free(text);
}
