/* seal.h - files sealed to the bureau's public key (a kiosk's database
 * backup, NAME.db.sealed on the export stick), written and opened a chunk at
 * a time so that memory does not grow with the file.
 *
 * Two forms (docs/bundle-format.md, "The sealed backup"):
 *   1 (kiosks before 2026-12, only read): one libsodium sealed box over the
 *     whole file (crypto_box_seal: ephemeral key, MAC, ciphertext).
 *   2: the 8 bytes "JHSEAL2\n"; a random key sealed to the bureau's key
 *     (crypto_box_seal of 32 bytes: 80 bytes); the secretstream header
 *     (24 bytes); then the plain file in chunks of SEAL_CHUNK bytes, each
 *     encrypted with crypto_secretstream_xchacha20poly1305 (17 bytes more
 *     each), the last one (shorter, possibly empty) tagged FINAL: a file cut
 *     short, reordered or extended does not open.
 *
 * Ownership: paths and keys are borrowed; nothing returned is owned. */
#ifndef JH_SEAL_H
#define JH_SEAL_H

#include "jh.h"

#include <stdint.h>

#define SEAL_MAGIC "JHSEAL2\n"
#define SEAL_MAGIC_LEN 8
#define SEAL_CHUNK 65536

/* The size of a plain file of n bytes sealed in form 2. */
uint64_t seal_sealed_size(uint64_t n);

/* Seals the plain file src (read a chunk at a time) to the X25519 public key
 * xpk into path, in form 2: a temporary file beside path, fsync, rename,
 * fsync of the folder (jh_write_file_durable_with), then the file's pages
 * dropped from the cache and read back in chunks from the device and
 * compared (a hash of what was written).  Memory: a few chunks, whatever the
 * file's size.  On any failure nothing new is left at path or beside it and
 * err says why (JH_ERR_FULL when the target is full, JH_ERR_IO when src
 * cannot be read or the read-back differs). */
jh_status_t seal_file_write(const char *src, const char *path, const unsigned char xpk[32], jh_err_t *err);

/* Opens path, sealed in either form, with the bureau's X25519 key pair and
 * writes the plain file to out, mode 0600 (the kiosk's whole database, for
 * the bureau's eyes; jh_write_file_durable_with_mode: nothing left at out on
 * failure).  JH_ERR_FORGED when it does not open with this key, or
 * was changed or cut short; JH_ERR_NOMEM when a form-1 file is too large
 * for memory (that form opens only whole); JH_ERR_IO and the like for the
 * files. */
jh_status_t seal_file_open(const char *path, const char *out, const unsigned char xpk[32],
                           const unsigned char xsk[32], jh_err_t *err);

#endif
