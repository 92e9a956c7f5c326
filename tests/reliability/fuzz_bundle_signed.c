/* fuzz_bundle_signed.c - libFuzzer target that gets past the signature.
 * fuzz_bundle (store area) feeds raw bytes to the bundle reader, so almost
 * every mutation stops at a hash or the signature.  Here each input that
 * parses as JSON is repaired first the way a forger would (chains, manifest
 * hashes and counts, questionnaire hashes recomputed; signed with a fixed
 * test key; tests/reliability/resign.h), so the mutations reach the
 * reader's checks of meaning (step 7 in docs/bundle-format.md) and then the
 * county merge.  Never a crash, a leak or undefined behaviour, and:
 *   - a bundle the reader accepts is self-consistent (its seqs increase
 *     from first_seq to last_seq, with gaps only where n_responses says);
 *   - the merge accounts for every response of an accepted bundle
 *     (new + already there + quarantined = responses) and stores nothing
 *     from a rejected one.
 * The county database (in TMPDIR or /dev/shm) starts afresh every 256 inputs. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bundle.h"
#include "county.h"
#include "resign.h"

static unsigned char sk[64];
static county_t *county;
static char db_path[256], bundle_path[256];
static int n_runs;

static void cleanup(void)
{
    county_close(county);
    county = NULL;
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *p = jh_sprintf("%s%s", db_path, suffix[i]);
        unlink(p);
        free(p);
    }
    unlink(bundle_path);
}

static void setup(void)
{
    jh_crypto_init();
    unsigned char pk[32], seed[32];
    for (int i = 0; i < 32; i++) seed[i] = (unsigned char)(i * 7 + 1);
    crypto_sign_seed_keypair(pk, sk, seed);
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(db_path, sizeof db_path, "%s/jh-fuzz-county-%ld.db", base, (long)getpid());
    snprintf(bundle_path, sizeof bundle_path, "%s/jh-fuzz-bundle-%ld.json", base, (long)getpid());
    atexit(cleanup);
}

static int64_t count_responses(void)
{
    sqlite3_stmt *q = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(county_db(county), "SELECT count(*) FROM responses", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db_path[0]) setup();
    cJSON *root = cJSON_ParseWithLength((const char *)data, size);
    if (!root) return 0;
    char *text = rs_build(root, true, sk);
    cJSON_Delete(root);
    if (!text) return 0;
    bundle_t *b = NULL;
    jh_err_t err;
    if (bundle_read_text("fuzz.json", text, strlen(text), &b, &err) == JH_OK) {
        /* The seqs increase from first_seq to last_seq; a gap only where the
         * manifest's n_responses is smaller than its range (format 3,
         * docs/bundle-format.md step 4: regressions/gapped-full.json). */
        int n = b->n_responses;
        if (n < 1 || n > b->last_seq - b->first_seq + 1) __builtin_trap();
        if (b->responses[0].seq != b->first_seq || b->responses[n - 1].seq != b->last_seq) __builtin_trap();
        for (int i = 1; i < n; i++)
            if (b->responses[i].seq <= b->responses[i - 1].seq) __builtin_trap();
        if (n_runs++ % 256 == 0 || !county) {
            cleanup();
            if (county_open(db_path, &county, &err) != JH_OK) __builtin_trap();
        }
        FILE *f = fopen(bundle_path, "wb");
        if (f) {
            fwrite(text, 1, strlen(text), f);
            fclose(f);
            int64_t before = count_responses();
            county_merge_opts_t opts = {0};
            county_import_t res;
            if (county_merge_file(county, bundle_path, &opts, 1795500000000LL, &res, &err) == JH_OK) {
                int64_t added = count_responses() - before;
                if (res.verdict == COUNTY_REJECTED && added != 0) __builtin_trap();
                if (res.verdict != COUNTY_REJECTED &&
                    (res.n_new + res.n_duplicate + res.n_quarantined != res.n_responses || added != res.n_new))
                    __builtin_trap();
            }
            unlink(bundle_path);
        }
    }
    bundle_free(b);
    free(text);
    return 0;
}
