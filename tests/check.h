/* check.h - a minimal test harness: assertions that report "expected X, got
 * Y" with file and line, and a runner that counts failures per test case. */
#ifndef JH_CHECK_H
#define JH_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures_;
static int check_cases_;
static int check_skips_;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures_++;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_INT(expected, actual)                                            \
    do {                                                                       \
        long long e_ = (long long)(expected), a_ = (long long)(actual);        \
        if (e_ != a_) {                                                        \
            fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, #actual, e_, a_); \
            check_failures_++;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_NEAR(expected, actual, tol)                                      \
    do {                                                                       \
        double e_ = (double)(expected), a_ = (double)(actual);                 \
        if (!(a_ >= e_ - (tol) && a_ <= e_ + (tol))) {                         \
            fprintf(stderr, "%s:%d: %s: expected %.9g, got %.9g\n", __FILE__, __LINE__, #actual, e_, a_); \
            check_failures_++;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_STR(expected, actual)                                            \
    do {                                                                       \
        const char *e_ = (expected), *a_ = (actual);                           \
        if (!a_ || strcmp(e_, a_) != 0) {                                      \
            fprintf(stderr, "%s:%d: %s:\n  expected \"%s\"\n       got \"%s\"\n", __FILE__, __LINE__, #actual, e_, a_ ? a_ : "(null)"); \
            check_failures_++;                                                 \
        }                                                                      \
    } while (0)

/* Substring check, for messages whose tail names a temporary path. */
#define CHECK_CONTAINS(needle, haystack)                                       \
    do {                                                                       \
        const char *n_ = (needle), *h_ = (haystack);                           \
        if (!h_ || !strstr(h_, n_)) {                                          \
            fprintf(stderr, "%s:%d: %s: expected to contain \"%s\", got \"%s\"\n", __FILE__, __LINE__, #haystack, n_, h_ ? h_ : "(null)"); \
            check_failures_++;                                                 \
        }                                                                      \
    } while (0)

/* Records that part of a test could not run here (e.g. no permission to
 * mount a tmpfs), with the reason.  A run with skips and no failures exits
 * 77, which CTest shows as "Skipped" (SKIP_RETURN_CODE), never as passed. */
#define CHECK_SKIP(...)                                                        \
    do {                                                                       \
        printf("SKIP ");                                                       \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
        check_skips_++;                                                        \
    } while (0)

/* Runs fn(); prints PASS/FAIL per case. */
#define RUN(fn)                                                                \
    do {                                                                       \
        int before_ = check_failures_;                                         \
        const char *only_ = getenv("JH_TEST_ONLY"); /* one case, by name */    \
        if (only_ && *only_ && !strstr(#fn, only_)) break;                     \
        check_cases_++;                                                        \
        fn();                                                                  \
        printf("%s %s\n", check_failures_ == before_ ? "PASS" : "FAIL", #fn);  \
        fflush(stdout);                                                        \
    } while (0)

/* Ends main(): summary line and exit status (0 passed, 1 failed, 77 passed
 * except for skipped parts). */
#define CHECK_DONE()                                                           \
    do {                                                                       \
        printf("%d cases, %d failed checks, %d parts skipped\n", check_cases_, \
               check_failures_, check_skips_);                                 \
        return check_failures_ ? 1 : check_skips_ ? 77 : 0;                    \
    } while (0)

#endif
