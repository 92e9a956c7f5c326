/* resign.h - rebuilding a bundle's hashes and signature after its content
 * was changed: what a forger without the kiosk's key can do, and what lets
 * a fuzzer's mutations get past the hash and signature checks into the
 * reader's and the merge's deeper checks.  Shared by forge.c and
 * fuzz_bundle_signed.c (header-only, static functions).
 *
 * rs_build(root, rechain, sk) takes a parsed bundle (cJSON, modified in
 * place) and returns the bundle text (heap, caller frees), or NULL when
 * root is not shaped like a bundle (no manifest object / responses array):
 *   rechain  recompute every response's chain from manifest.prev_chain,
 *            manifest.responses_sha256 (when the manifest has one), last_chain, first/last_seq,
 *            n_responses, counts, and each questionnaire's hash from its
 *            definition text;
 *   sk       when not NULL, a 64-byte Ed25519 secret key: public_key and
 *            fingerprint follow it and the manifest is signed with it
 *            (otherwise the signature in root is kept). */
#ifndef RESIGN_H
#define RESIGN_H

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "jh.h"
#include "store.h"

/* Compact JSON in document order, as bundle.c prints canonical texts. */
static void rs_canon(jh_buf_t *b, const cJSON *it)
{
    if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;
        if (d == floor(d) && fabs(d) < 9e18)
            jh_buf_printf(b, "%lld", (long long)d);
        else
            jh_buf_printf(b, "%.17g", isfinite(d) ? d : 0.0); /* the reader refuses these anyway */
    } else if (cJSON_IsString(it)) {
        store_json_put_string(b, it->valuestring);
    } else if (cJSON_IsTrue(it) || cJSON_IsFalse(it) || cJSON_IsNull(it)) {
        jh_buf_puts(b, cJSON_IsTrue(it) ? "true" : cJSON_IsFalse(it) ? "false" : "null");
    } else if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
        bool obj = cJSON_IsObject(it);
        jh_buf_puts(b, obj ? "{" : "[");
        for (const cJSON *c = it->child; c; c = c->next) {
            if (c != it->child) jh_buf_puts(b, ",");
            if (obj) {
                store_json_put_string(b, c->string ? c->string : "");
                jh_buf_puts(b, ":");
            }
            rs_canon(b, c);
        }
        jh_buf_puts(b, obj ? "}" : "]");
    } else {
        jh_buf_puts(b, "null");
    }
}

static char *rs_canon_text(const cJSON *it)
{
    jh_buf_t b = {0};
    rs_canon(&b, it);
    return jh_buf_take(&b);
}

/* Sets key in object o to a number or string, adding it when missing. */
static void rs_set_num(cJSON *o, const char *k, double v)
{
    if (!cJSON_IsObject(o)) return;
    if (cJSON_GetObjectItemCaseSensitive(o, k))
        cJSON_ReplaceItemInObjectCaseSensitive(o, k, cJSON_CreateNumber(v));
    else
        cJSON_AddNumberToObject(o, k, v);
}

static void rs_set_str(cJSON *o, const char *k, const char *v)
{
    if (!cJSON_IsObject(o)) return;
    if (cJSON_GetObjectItemCaseSensitive(o, k))
        cJSON_ReplaceItemInObjectCaseSensitive(o, k, cJSON_CreateString(v));
    else
        cJSON_AddStringToObject(o, k, v);
}

static const char *rs_str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

static char *rs_build(cJSON *root, bool rechain, const unsigned char *sk)
{
    cJSON *man = cJSON_GetObjectItemCaseSensitive(root, "manifest");
    cJSON *resp = cJSON_GetObjectItemCaseSensitive(root, "responses");
    if (!cJSON_IsObject(man) || !cJSON_IsArray(resp)) return NULL;
    int n = cJSON_GetArraySize(resp);
    if (rechain) {
        cJSON *surveys = cJSON_GetObjectItemCaseSensitive(man, "surveys");
        cJSON *s;
        cJSON_ArrayForEach(s, surveys) {
            const char *def = rs_str(s, "definition");
            if (!def) continue;
            char h[65];
            jh_sha256_hex(def, strlen(def), h);
            rs_set_str(s, "hash", h);
        }
    }
    char prev[65] = "";
    const char *pc = rs_str(man, "prev_chain");
    if (pc && strlen(pc) < sizeof prev) memcpy(prev, pc, strlen(pc) + 1);
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    int submitted = 0, abandoned = 0, flagged = 0;
    jh_buf_t lines = {0};
    for (int i = 0; i < n; i++) {
        cJSON *r = cJSON_GetArrayItem(resp, i);
        if (!cJSON_IsObject(r)) {
            char *t = rs_canon_text(r);
            jh_buf_printf(&lines, "%s%s\n", t, i + 1 < n ? "," : "");
            free(t);
            continue;
        }
        cJSON *chain = cJSON_DetachItemFromObjectCaseSensitive(r, "chain");
        char *c = rs_canon_text(r);
        char h[65] = "";
        if (rechain) {
            store_chain_hash(prev, c, h);
            memcpy(prev, h, 65);
        } else if (cJSON_IsString(chain) && chain->valuestring && strlen(chain->valuestring) < sizeof h) {
            memcpy(h, chain->valuestring, strlen(chain->valuestring) + 1);
        }
        cJSON_Delete(chain);
        crypto_hash_sha256_update(&hs, (const unsigned char *)c, strlen(c));
        crypto_hash_sha256_update(&hs, (const unsigned char *)"\n", 1);
        size_t cl = strlen(c);
        if (cl >= 2) {
            jh_buf_append(&lines, c, cl - 1);
            jh_buf_puts(&lines, ",");
        } else {
            jh_buf_puts(&lines, "{");
        }
        jh_buf_printf(&lines, "\"chain\":\"%s\"}%s\n", h, i + 1 < n ? "," : "");
        const char *st = rs_str(r, "status"), *fl = rs_str(r, "flags");
        if (st && !strcmp(st, "submitted")) submitted++;
        else abandoned++;
        if (fl && fl[0]) flagged++;
        free(c);
    }
    if (rechain) {
        unsigned char rh[32];
        char hex[65];
        crypto_hash_sha256_final(&hs, rh);
        jh_hex(rh, 32, hex);
        if (cJSON_GetObjectItemCaseSensitive(man, "responses_sha256")) /* format 3 full/incremental: none */
            rs_set_str(man, "responses_sha256", hex);
        rs_set_str(man, "last_chain", prev);
        rs_set_num(man, "n_responses", n);
        if (n > 0) {
            cJSON *first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(resp, 0), "seq");
            cJSON *last = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(resp, n - 1), "seq");
            if (cJSON_IsNumber(first)) rs_set_num(man, "first_seq", first->valuedouble);
            if (cJSON_IsNumber(last)) rs_set_num(man, "last_seq", last->valuedouble);
        }
        cJSON *counts = cJSON_GetObjectItemCaseSensitive(man, "counts");
        rs_set_num(counts, "submitted", submitted);
        rs_set_num(counts, "abandoned", abandoned);
        rs_set_num(counts, "flagged", flagged);
    }
    char sighex[129] = "";
    const char *old_sig = rs_str(root, "signature");
    if (old_sig && strlen(old_sig) < sizeof sighex) memcpy(sighex, old_sig, strlen(old_sig) + 1);
    if (sk) {
        unsigned char pk[32], sig[64];
        crypto_sign_ed25519_sk_to_pk(pk, sk);
        char pkhex[65], fp[64];
        jh_hex(pk, 32, pkhex);
        store_fingerprint_of(pk, fp);
        rs_set_str(man, "public_key", pkhex);
        rs_set_str(man, "fingerprint", fp);
        char *mc = rs_canon_text(man);
        crypto_sign_detached(sig, NULL, (const unsigned char *)mc, strlen(mc), sk);
        jh_hex(sig, 64, sighex);
        free(mc);
    }
    char *mt = cJSON_Print(man);
    jh_buf_t file = {0};
    jh_buf_printf(&file, "{\"format\":\"junheng-bundle\",\n\"manifest\":%s,\n\"signature\":\"%s\",\n\"responses\":[\n",
                  mt ? mt : "{}", sighex);
    jh_buf_append(&file, lines.data ? lines.data : "", lines.len);
    jh_buf_puts(&file, "]}\n");
    free(mt);
    jh_buf_free(&lines);
    return jh_buf_take(&file);
}

#endif
