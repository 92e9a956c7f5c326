/* wav.c - the recorded-voice naming and a RIFF WAVE reader for 16-bit PCM
 * mono (see wav.h).  Only the header is parsed here; no codec. */
#include "wav.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WAV_MAX_SECONDS 60

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

char *wav_path(const char *dir, const char *survey_id, const char *key)
{
    return jh_sprintf("%s/voice/%s/%s.wav", dir, survey_id, key);
}

jh_status_t wav_parse(const char *name, const unsigned char *d, size_t len, wav_t *out, jh_err_t *err)
{
    memset(out, 0, sizeof *out);
    const char *want = "expected RIFF WAVE, PCM 16-bit mono, 8000-48000 Hz (docs/kiosk.md)";
    if (len < 12 || memcmp(d, "RIFF", 4) || memcmp(d + 8, "WAVE", 4))
        return jh_err_set(err, JH_ERR_INVALID, "%s: not a WAV file; %s", name, want);
    bool have_fmt = false;
    size_t pos = 12;
    while (pos + 8 <= len) {
        uint32_t size = le32(d + pos + 4);
        size_t body = pos + 8;
        if (size > len - body) size = (uint32_t)(len - body); /* a truncated last chunk: what is there */
        if (!memcmp(d + pos, "fmt ", 4)) {
            if (size < 16) return jh_err_set(err, JH_ERR_INVALID, "%s: the fmt chunk is too short; %s", name, want);
            int format = le16(d + body), channels = le16(d + body + 2), bits = le16(d + body + 14);
            uint32_t rate = le32(d + body + 4);
            if (format != 1 && format != 0xFFFE)
                return jh_err_set(err, JH_ERR_INVALID, "%s: compressed audio (format %d); %s", name, format, want);
            if (channels != 1)
                return jh_err_set(err, JH_ERR_INVALID, "%s: %d channels; %s", name, channels, want);
            if (bits != 16) return jh_err_set(err, JH_ERR_INVALID, "%s: %d-bit samples; %s", name, bits, want);
            if (rate < 8000 || rate > 48000)
                return jh_err_set(err, JH_ERR_INVALID, "%s: %u Hz; %s", name, (unsigned)rate, want);
            out->rate = (int)rate;
            have_fmt = true;
        } else if (!memcmp(d + pos, "data", 4)) {
            if (!have_fmt)
                return jh_err_set(err, JH_ERR_INVALID, "%s: the data chunk comes before the fmt chunk; %s", name,
                                  want);
            size_t n = size / 2;
            if (n == 0) return jh_err_set(err, JH_ERR_INVALID, "%s: no sound in it (an empty data chunk)", name);
            if (n > (size_t)out->rate * WAV_MAX_SECONDS)
                return jh_err_set(err, JH_ERR_INVALID, "%s: %zu s long; a recording may last %d s at most", name,
                                  n / (size_t)out->rate, WAV_MAX_SECONDS);
            out->samples = jh_xmalloc(n * sizeof(int16_t));
            for (size_t i = 0; i < n; i++) out->samples[i] = (int16_t)le16(d + body + 2 * i);
            out->n = n;
            return JH_OK;
        }
        pos = body + size + (size & 1);
    }
    return jh_err_set(err, JH_ERR_INVALID, "%s: %s; %s", name, have_fmt ? "no data chunk" : "no fmt chunk", want);
}

jh_status_t wav_read(const char *path, wav_t *out, jh_err_t *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return jh_err_set(err, JH_ERR_NOTFOUND, "%s: no recording", path);
    char *data;
    size_t len;
    jh_status_t s = jh_read_file_max(path, (size_t)48000 * 2 * WAV_MAX_SECONDS + 4096, &data, &len, err);
    if (s != JH_OK) return s;
    s = wav_parse(path, (const unsigned char *)data, len, out, err);
    free(data);
    return s;
}

void wav_free(wav_t *w)
{
    if (!w) return;
    free(w->samples);
    w->samples = NULL;
    w->n = 0;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
    p[3] = (unsigned char)(v >> 24);
}

jh_status_t wav_write(const char *path, const int16_t *samples, size_t n, int rate, jh_err_t *err)
{
    size_t len = 44 + 2 * n;
    unsigned char *b = jh_xmalloc(len);
    memcpy(b, "RIFF", 4);
    put32(b + 4, (uint32_t)(len - 8));
    memcpy(b + 8, "WAVEfmt ", 8);
    put32(b + 16, 16);
    b[20] = 1, b[21] = 0, b[22] = 1, b[23] = 0; /* PCM, mono */
    put32(b + 24, (uint32_t)rate);
    put32(b + 28, (uint32_t)rate * 2);
    b[32] = 2, b[33] = 0, b[34] = 16, b[35] = 0;
    memcpy(b + 36, "data", 4);
    put32(b + 40, (uint32_t)(2 * n));
    for (size_t i = 0; i < n; i++) {
        b[44 + 2 * i] = (unsigned char)((uint16_t)samples[i] & 0xFF);
        b[45 + 2 * i] = (unsigned char)((uint16_t)samples[i] >> 8);
    }
    jh_status_t s = jh_write_file_atomic(path, b, len, err);
    free(b);
    return s;
}
