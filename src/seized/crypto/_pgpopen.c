/* The compiled fast path of seized.crypto.decrypt: opening the common kind of PGP message in C.
 *
 * Seized markets' keys are mostly Curve25519 (the default of GnuPG since 2.3 and of most
 * market software) or RSA (older keys), some ECDH on a NIST curve, so nearly every blob is: one
 * or more v3 public-key session-key packets (RSA with PKCS #1 v1.5, or ECDH over Curve25519 or
 * NIST P-256/P-384/P-521, RFC 6637 / RFC 9580 §5.1), then a v1 symmetrically encrypted and
 * integrity-protected data packet (AES in CFB mode, SHA-1 modification detection code), holding
 * a literal data packet, possibly inside a ZIP or ZLIB compressed data packet. That is opened
 * here with OpenSSL's primitives (RSA, X25519, ECDH, SHA-2 key derivation, AES key unwrap,
 * AES-CFB, SHA-1) and zlib, without the GIL.
 *
 * Anything else, and anything that does not check out (an unknown packet, a key id not held,
 * a failed key unwrap, a bad quick check or MDC, a compression other than ZIP/ZLIB, a signed
 * message, more than one literal packet, trailing data), is declined: open() returns None and
 * seized.crypto.decrypt hands the blob to pysequoia, which gives the result and the error
 * message of record. A plaintext is only returned after its MDC matched, so this path can only
 * ever agree with pysequoia or step aside; the tests compare the two on every kind of blob.
 *
 * The plaintext of a message is bounded (the opener's max_plain): a literal packet longer than
 * that, or compressed data that inflates past it, is reported as too large once the MDC
 * matched, after inflating at most a little more than the bound. seized.crypto.bounded holds
 * pysequoia to the same bound with Drain, a pipe read on a thread of its own.
 *
 * Every read is checked against the end of its buffer first; lengths are compared with what
 * remains, never added to a position before the check.
 */

#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE /* memmem */
#include <Python.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <zlib.h>

#include <errno.h>
#include <pthread.h>
#include <unistd.h>

/* The bound on a message's plaintext when Opener() is given none (seized.crypto.decrypt passes
 * its own). */
#define DEFAULT_MAX_PLAIN ((Py_ssize_t)16 << 20)
/* The largest literal packet header: tag and length (6), format, name length, name, date. */
#define LITERAL_HEADER_MAX (6 + 1 + 1 + 255 + 4)
/* The largest RSA modulus this path takes, in bytes (16384 bits; seized.crypto.fast agrees). */
#define MAX_RSA_BYTES 2048
/* The largest ECDH shared secret: a P-521 coordinate. */
#define MAX_SHARED 66

/* What opening a message gave: declined (pysequoia's), opened, or opened to a plaintext over
 * the bound (its MDC matched; the plaintext is not returned). */
enum { DECLINED = 0, OPENED = 1, TOO_LARGE = 2 };

enum { PKESK = 1, SKESK = 3, SED = 9, LITERAL = 11, COMPRESSED = 8, MARKER = 10, SEIPD = 18 };

/* --- OpenSSL algorithms, fetched once ---------------------------------------------------- */

static EVP_MD *md_sha1, *md_sha256, *md_sha384, *md_sha512;
static EVP_CIPHER *cfb[3], *ecb[3]; /* AES-128, AES-192, AES-256 */

static int
fetch_algorithms(void)
{
    static const char *cfb_names[3] = {"AES-128-CFB", "AES-192-CFB", "AES-256-CFB"};
    static const char *ecb_names[3] = {"AES-128-ECB", "AES-192-ECB", "AES-256-ECB"};
    md_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    md_sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
    md_sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
    if (!md_sha1 || !md_sha256 || !md_sha384 || !md_sha512) {
        return 0;
    }
    for (int i = 0; i < 3; i++) {
        cfb[i] = EVP_CIPHER_fetch(NULL, cfb_names[i], NULL);
        ecb[i] = EVP_CIPHER_fetch(NULL, ecb_names[i], NULL);
        if (!cfb[i] || !ecb[i]) {
            return 0;
        }
    }
    return 1;
}

/* OpenPGP symmetric algorithm ids 7, 8, 9 (AES-128/192/256): index 0..2, else -1. */
static int
aes_index(unsigned algo)
{
    return (algo >= 7 && algo <= 9) ? (int)algo - 7 : -1;
}

static const EVP_MD *
kdf_digest(unsigned algo)
{
    switch (algo) {
    case 8:
        return md_sha256;
    case 9:
        return md_sha384;
    case 10:
        return md_sha512;
    default:
        return NULL;
    }
}

/* --- packets ----------------------------------------------------------------------------- */

typedef struct {
    unsigned tag;
    size_t start;  /* first body byte */
    size_t length; /* of the first chunk (partial) or of the whole body */
    int partial;   /* new format partial body length: more chunks follow */
    int to_end;    /* old format indeterminate length: the body runs to the end */
} header_t;

/* The packet header at d[pos] (pos < n), whether or not its body fits in d. 0 if it is no
 * header or the header itself does not fit. */
static int
parse_header(const uint8_t *d, size_t n, size_t pos, header_t *h)
{
    uint8_t first;
    size_t left;
    if (pos >= n) {
        return 0;
    }
    first = d[pos];
    left = n - pos;
    h->partial = 0;
    h->to_end = 0;
    if (!(first & 0x80)) {
        return 0;
    }
    if (first & 0x40) {
        uint8_t octet;
        h->tag = first & 0x3F;
        if (left < 2) {
            return 0;
        }
        octet = d[pos + 1];
        if (octet < 192) {
            h->start = pos + 2;
            h->length = octet;
        } else if (octet < 224) {
            if (left < 3) {
                return 0;
            }
            h->start = pos + 3;
            h->length = ((size_t)(octet - 192) << 8) + d[pos + 2] + 192;
        } else if (octet == 255) {
            if (left < 6) {
                return 0;
            }
            h->start = pos + 6;
            h->length = ((size_t)d[pos + 2] << 24) | ((size_t)d[pos + 3] << 16)
                        | ((size_t)d[pos + 4] << 8) | d[pos + 5];
        } else {
            h->start = pos + 2;
            h->length = (size_t)1 << (octet & 0x1F);
            h->partial = 1;
        }
    } else {
        unsigned kind = first & 0x03;
        h->tag = (first >> 2) & 0x0F;
        if (kind == 3) {
            h->start = pos + 1;
            h->length = n - pos - 1;
            h->to_end = 1;
        } else {
            size_t width = kind == 0 ? 1 : kind == 1 ? 2 : 4;
            if (left < 1 + width) {
                return 0;
            }
            h->length = 0;
            for (size_t i = 0; i < width; i++) {
                h->length = (h->length << 8) | d[pos + 1 + i];
            }
            h->start = pos + 1 + width;
        }
    }
    return h->start <= n;
}

/* The packet header at d[pos] (pos < n). 0 if it is no header or does not fit. */
static int
read_header(const uint8_t *d, size_t n, size_t pos, header_t *h)
{
    return parse_header(d, n, pos, h) && h->length <= n - h->start;
}

/* The whole body of the packet whose header is h: *body points into d when it is one piece,
 * else into *owned (malloc'd, the chunks joined). *next is the offset after the packet.
 * 0 if a chunk does not fit or memory runs out. */
static int
read_body(const uint8_t *d, size_t n, const header_t *h, const uint8_t **body, size_t *length,
          uint8_t **owned, size_t *next)
{
    size_t pos, total, cap;
    uint8_t *buf;
    *owned = NULL;
    if (!h->partial) {
        *body = d + h->start;
        *length = h->length;
        *next = h->start + h->length;
        return 1;
    }
    if (h->length < 512) {
        return 0; /* RFC 9580 §4.2.1.4: a partial chunk is at least 512 bytes (pysequoia agrees) */
    }
    cap = h->length * 2 + 1024;
    buf = malloc(cap);
    if (!buf) {
        return 0;
    }
    memcpy(buf, d + h->start, h->length);
    total = h->length;
    pos = h->start + h->length;
    for (;;) {
        size_t chunk, at;
        int more = 0;
        uint8_t octet;
        if (pos >= n) {
            goto fail;
        }
        octet = d[pos];
        if (octet < 192) {
            chunk = octet;
            at = pos + 1;
        } else if (octet < 224) {
            if (n - pos < 2) {
                goto fail;
            }
            chunk = ((size_t)(octet - 192) << 8) + d[pos + 1] + 192;
            at = pos + 2;
        } else if (octet == 255) {
            if (n - pos < 5) {
                goto fail;
            }
            chunk = ((size_t)d[pos + 1] << 24) | ((size_t)d[pos + 2] << 16)
                    | ((size_t)d[pos + 3] << 8) | d[pos + 4];
            at = pos + 5;
        } else {
            chunk = (size_t)1 << (octet & 0x1F);
            at = pos + 1;
            more = 1;
            if (chunk < 512) {
                goto fail;
            }
        }
        if (chunk > n - at) {
            goto fail;
        }
        if (total + chunk > cap) {
            uint8_t *grown;
            cap = (total + chunk) * 2;
            grown = realloc(buf, cap);
            if (!grown) {
                goto fail;
            }
            buf = grown;
        }
        memcpy(buf + total, d + at, chunk);
        total += chunk;
        pos = at + chunk;
        if (!more) {
            break;
        }
    }
    *owned = buf;
    *body = buf;
    *length = total;
    *next = pos;
    return 1;
fail:
    free(buf);
    return 0;
}

/* --- keys -------------------------------------------------------------------------------- */

enum { KEY_X25519 = 0, KEY_EC = 1, KEY_RSA = 2 };

typedef struct {
    uint8_t key_id[8];
    int kind;              /* KEY_X25519, KEY_EC or KEY_RSA */
    EVP_PKEY *secret;
    const char *group;     /* KEY_EC: OpenSSL's name of the curve */
    int curve;             /* KEY_EC: its index in CURVES */
    size_t size;           /* ECDH: bytes of the shared secret; RSA: bytes of the modulus */
    size_t point_length;   /* KEY_EC: bytes of an uncompressed point */
    uint8_t param[96];     /* ECDH: RFC 6637 §8 KDF parameters, after the shared point */
    size_t param_length;
    const EVP_MD *digest;  /* ECDH: KDF hash */
    int kek;               /* ECDH: index of the key-wrap cipher (AES-128/192/256) */
} held_t;

/* The NIST curves of ECDH keys: OID (the bytes after its length), OpenSSL's name, coordinate
 * size. */
static const struct {
    const char *oid;
    size_t oid_length;
    const char *group;
    size_t size;
} CURVES[] = {
    {"\x2a\x86\x48\xce\x3d\x03\x01\x07", 8, "P-256", 32},
    {"\x2b\x81\x04\x00\x22", 5, "P-384", 48},
    {"\x2b\x81\x04\x00\x23", 5, "P-521", 66},
};
static const char CV25519_OID[] = "\x2b\x06\x01\x04\x01\x97\x55\x01\x05\x01";

/* A key from OpenSSL parameters that push() adds; NULL if OpenSSL refuses them. */
static EVP_PKEY *
key_from(const char *type, int (*push)(OSSL_PARAM_BLD *, void *), void *arg)
{
    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *key = NULL;
    if (build && push(build, arg) && (params = OSSL_PARAM_BLD_to_param(build))
        && (ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL)) && EVP_PKEY_fromdata_init(ctx) > 0
        && EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) <= 0) {
        key = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params); /* OpenSSL clears the secret numbers it copied (BLD keeps copies) */
    OSSL_PARAM_BLD_free(build);
    return key;
}

/* The key's parts: RSA n, e, d, p, q, dp, dq, qinv; EC the scalar and the public point. */
typedef struct {
    const char *group;
    const uint8_t *part[8];
    size_t length[8];
    BIGNUM *number[8];
} parts_t;

static int
push_rsa(OSSL_PARAM_BLD *build, void *arg)
{
    static const char *names[8] = {
        OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_D,
        OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
    };
    parts_t *parts = arg;
    for (int i = 0; i < 8; i++) {
        parts->number[i] = BN_bin2bn(parts->part[i], (int)parts->length[i], NULL);
        if (!parts->number[i] || !OSSL_PARAM_BLD_push_BN(build, names[i], parts->number[i])) {
            return 0;
        }
    }
    return 1;
}

static int
push_ec(OSSL_PARAM_BLD *build, void *arg)
{
    parts_t *parts = arg;
    parts->number[0] = BN_bin2bn(parts->part[0], (int)parts->length[0], NULL);
    return parts->number[0]
           && OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, parts->group, 0)
           && OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_PRIV_KEY, parts->number[0])
           && OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, parts->part[1],
                                               parts->length[1]);
}

/* key->secret (and kind, group, sizes) from the parts of one key tuple; 0 with a Python error
 * set when they are not a key this path opens. */
static int
held_secret(held_t *key, Py_ssize_t index, unsigned algorithm, const char *oid, size_t oid_length,
            PyObject *secret)
{
    PyObject *seq = PySequence_Fast(secret, "a key's secret is a sequence of bytes");
    parts_t parts;
    Py_ssize_t count;
    int ok = 0;
    memset(&parts, 0, sizeof parts);
    if (!seq) {
        return 0;
    }
    count = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < count && i < 8; i++) {
        char *data;
        Py_ssize_t length;
        if (PyBytes_AsStringAndSize(PySequence_Fast_GET_ITEM(seq, i), &data, &length) < 0) {
            Py_DECREF(seq);
            return 0;
        }
        parts.part[i] = (const uint8_t *)data;
        parts.length[i] = (size_t)length;
    }
    if (algorithm == 18 && oid_length == sizeof CV25519_OID - 1
        && memcmp(oid, CV25519_OID, oid_length) == 0) {
        key->kind = KEY_X25519;
        key->size = 32;
        if (count == 1 && parts.length[0] == 32) {
            key->secret = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, parts.part[0], 32);
        }
    } else if (algorithm == 18) {
        for (size_t c = 0; c < sizeof CURVES / sizeof CURVES[0]; c++) {
            if (oid_length == CURVES[c].oid_length && memcmp(oid, CURVES[c].oid, oid_length) == 0) {
                key->kind = KEY_EC;
                key->curve = (int)c;
                key->group = parts.group = CURVES[c].group;
                key->size = CURVES[c].size;
                key->point_length = 1 + 2 * CURVES[c].size;
            }
        }
        if (key->group && count == 2 && parts.length[1] == key->point_length) {
            key->secret = key_from("EC", push_ec, &parts);
        }
    } else if (algorithm == 1 || algorithm == 2) {
        key->kind = KEY_RSA;
        if (count == 8 && parts.length[0] <= MAX_RSA_BYTES) {
            key->secret = key_from("RSA", push_rsa, &parts);
            key->size = key->secret ? (size_t)EVP_PKEY_get_size(key->secret) : 0;
            if (key->size > MAX_RSA_BYTES) {
                EVP_PKEY_free(key->secret);
                key->secret = NULL;
            }
        }
    }
    ok = key->secret != NULL;
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "key %zd: not a key this path opens (or OpenSSL refused it)",
                     index);
    }
    for (int i = 0; i < 8; i++) {
        BN_clear_free(parts.number[i]);
    }
    Py_DECREF(seq);
    return ok;
}

/* OpenSSL contexts for one message at a time, made on first use and kept: making them anew
 * for every message cost about a sixth of the time. derive[i] is key i's context (ECDH
 * derivation or RSA decryption). */
typedef struct {
    EVP_PKEY_CTX **derive;
    EVP_PKEY_CTX *point;    /* makes the sender's ephemeral X25519 public key */
    EVP_PKEY_CTX *ec_point; /* ... or NIST curve point */
    EVP_PKEY *ec_peer[3];   /* the last ephemeral key on each NIST curve, given the next point */
    EVP_PKEY *x_peer;       /* ... and on Curve25519 */
    EVP_CIPHER_CTX *ecb[3];    /* AES-128/192/256 blocks for the key unwrap */
    EVP_CIPHER_CTX *cfb[3];    /* AES-128/192/256 CFB */
    EVP_MD_CTX *digest;
    z_stream z;
    int z_ready;
    Py_ssize_t count;
} scratch_t;

static int
scratch_make(scratch_t *s, Py_ssize_t count)
{
    memset(s, 0, sizeof *s);
    s->derive = calloc(count ? (size_t)count : 1, sizeof(EVP_PKEY_CTX *));
    s->count = count;
    return s->derive != NULL;
}

static void
scratch_free(scratch_t *s)
{
    if (s->derive) {
        for (Py_ssize_t i = 0; i < s->count; i++) {
            EVP_PKEY_CTX_free(s->derive[i]);
        }
    }
    free(s->derive);
    EVP_PKEY_CTX_free(s->point);
    EVP_PKEY_CTX_free(s->ec_point);
    EVP_PKEY_free(s->x_peer);
    for (int i = 0; i < 3; i++) {
        EVP_PKEY_free(s->ec_peer[i]);
        EVP_CIPHER_CTX_free(s->ecb[i]);
        EVP_CIPHER_CTX_free(s->cfb[i]);
    }
    EVP_MD_CTX_free(s->digest);
    if (s->z_ready) {
        inflateEnd(&s->z);
    }
    memset(s, 0, sizeof *s);
}

typedef struct {
    PyObject_HEAD
    held_t *keys;
    Py_ssize_t count;
    size_t max_plain; /* the bound on a plaintext */
    scratch_t scratch; /* the kept contexts; a second thread in open() makes its own */
    atomic_flag busy;
} OpenerObject;

static void
opener_dealloc(OpenerObject *self)
{
    for (Py_ssize_t i = 0; i < self->count; i++) {
        EVP_PKEY_free(self->keys[i].secret);
    }
    PyMem_Free(self->keys);
    scratch_free(&self->scratch);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Opener(keys, max_plain=16 MiB): keys is a sequence of (key id: 8 bytes, fingerprint: 20
 * bytes, algorithm (1 RSA, 18 ECDH), curve OID (ECDH), KDF hash id, KDF cipher id (ECDH),
 * secret parts (see seized.crypto.fast.FastKey)); a message whose plaintext is longer than
 * max_plain bytes is too large. */
static int
opener_init(OpenerObject *self, PyObject *args, PyObject *kwargs)
{
    static const char anonymous[] = "Anonymous Sender    ";
    PyObject *seq, *fast;
    Py_ssize_t count, max_plain = DEFAULT_MAX_PLAIN;
    if (kwargs && PyDict_Size(kwargs)) {
        PyErr_SetString(PyExc_TypeError, "Opener() takes no keyword arguments");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O|n:Opener", &seq, &max_plain)) {
        return -1;
    }
    if (max_plain < 0 || (size_t)max_plain > SIZE_MAX / 2) {
        PyErr_SetString(PyExc_ValueError, "max_plain must be a size in bytes");
        return -1;
    }
    if (self->keys) {
        PyErr_SetString(PyExc_RuntimeError, "Opener is already initialised");
        return -1;
    }
    fast = PySequence_Fast(seq, "Opener() needs a sequence of keys");
    if (!fast) {
        return -1;
    }
    count = PySequence_Fast_GET_SIZE(fast);
    self->keys = PyMem_Calloc(count ? (size_t)count : 1, sizeof(held_t));
    if (!self->keys) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        const char *key_id, *fingerprint, *oid;
        Py_ssize_t id_len, fpr_len, oid_len;
        unsigned int algorithm, hash, cipher;
        PyObject *secret;
        held_t *key = &self->keys[i];
        uint8_t *p = key->param;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "y#y#Iy#IIO", &key_id, &id_len,
                              &fingerprint, &fpr_len, &algorithm, &oid, &oid_len, &hash, &cipher,
                              &secret)) {
            goto error;
        }
        if (id_len != 8 || fpr_len != 20 || oid_len > 16
            || (algorithm == 18 && (oid_len < 1 || !kdf_digest(hash) || aes_index(cipher) < 0))) {
            PyErr_Format(PyExc_ValueError, "key %zd: not a key this path opens", i);
            goto error;
        }
        memcpy(key->key_id, key_id, 8);
        if (!held_secret(key, i, algorithm, oid, (size_t)oid_len, secret)) {
            goto error;
        }
        self->count = i + 1;
        if (key->kind == KEY_RSA) {
            continue;
        }
        key->digest = kdf_digest(hash);
        key->kek = aes_index(cipher);
        *p++ = (uint8_t)oid_len;
        memcpy(p, oid, (size_t)oid_len);
        p += oid_len;
        *p++ = 18; /* ECDH */
        *p++ = 3;
        *p++ = 1;
        *p++ = (uint8_t)hash;
        *p++ = (uint8_t)cipher;
        memcpy(p, anonymous, 20);
        p += 20;
        memcpy(p, fingerprint, 20);
        p += 20;
        key->param_length = (size_t)(p - key->param);
    }
    self->count = count;
    self->max_plain = (size_t)max_plain;
    Py_DECREF(fast);
    atomic_flag_clear(&self->busy);
    if (!scratch_make(&self->scratch, count)) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
error:
    Py_DECREF(fast);
    return -1;
}

/* --- opening ----------------------------------------------------------------------------- */

/* *slot keyed with key (and iv) for decryption: made with its cipher the first time, then only
 * re-keyed, which spares OpenSSL making a new cipher context for every message. */
static EVP_CIPHER_CTX *
keyed(EVP_CIPHER_CTX **slot, const EVP_CIPHER *cipher, const uint8_t *key, const uint8_t *iv)
{
    if (!*slot) {
        *slot = EVP_CIPHER_CTX_new();
        if (!*slot || !EVP_DecryptInit_ex(*slot, cipher, NULL, NULL, NULL)
            || !EVP_CIPHER_CTX_set_padding(*slot, 0)) {
            EVP_CIPHER_CTX_free(*slot);
            *slot = NULL;
            return NULL;
        }
    }
    return EVP_DecryptInit_ex(*slot, NULL, NULL, key, iv) ? *slot : NULL;
}

/* AES key unwrap (RFC 3394 §2.2.2) of n bytes (a multiple of 8, at least 24) into out (n - 8
 * bytes), with the AES-ECB context block keyed with the key-encryption key. OpenSSL's own
 * AES-WRAP cipher took 6 µs a message here; these 6 (n / 8 - 1) block decryptions take 1.5. */
static int
aes_unwrap(EVP_CIPHER_CTX *block, const uint8_t *in, size_t n, uint8_t *out)
{
    static const uint8_t check[8] = {0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6};
    uint8_t a[8], b[16], plain[16];
    size_t blocks = n / 8 - 1;
    int length = 0;
    memcpy(a, in, 8);
    memcpy(out, in + 8, n - 8);
    for (int j = 5; j >= 0; j--) {
        for (size_t i = blocks; i >= 1; i--) {
            uint64_t t = (uint64_t)blocks * (uint64_t)j + i;
            memcpy(b, a, 8);
            for (int k = 7; k >= 0; k--) {
                b[k] ^= (uint8_t)t;
                t >>= 8;
            }
            memcpy(b + 8, out + 8 * (i - 1), 8);
            if (!EVP_DecryptUpdate(block, plain, &length, b, 16) || length != 16) {
                return 0;
            }
            memcpy(a, plain, 8);
            memcpy(out + 8 * (i - 1), plain + 8, 8);
        }
    }
    OPENSSL_cleanse(plain, sizeof plain);
    OPENSSL_cleanse(b, sizeof b);
    return CRYPTO_memcmp(a, check, 8) == 0;
}

/* The digest of n bytes with the scratch's kept context. */
static int
digest_of(scratch_t *s, const EVP_MD *md, const uint8_t *data, size_t n, uint8_t *out,
          unsigned *out_length)
{
    if (!s->digest && !(s->digest = EVP_MD_CTX_new())) {
        return 0;
    }
    return EVP_DigestInit_ex2(s->digest, md, NULL) && EVP_DigestUpdate(s->digest, data, n)
           && EVP_DigestFinal_ex(s->digest, out, out_length);
}

/* The session key in a decrypted session-key field m[0..n): algorithm octet, key, two-octet
 * checksum. 1 and *algo, session[], *session_length if it is an AES key whose checksum matches. */
static int
session_of(const uint8_t *m, size_t n, unsigned *algo, uint8_t *session, size_t *session_length)
{
    unsigned sum = 0;
    if (n < 3) {
        return 0;
    }
    *algo = m[0];
    *session_length = n - 3;
    if (aes_index(*algo) < 0 || *session_length != 16 + 8 * (size_t)aes_index(*algo)) {
        return 0;
    }
    for (size_t i = 1; i < n - 2; i++) {
        sum += m[i];
    }
    if ((sum & 0xFFFF) != ((unsigned)m[n - 2] << 8 | m[n - 1])) {
        return 0;
    }
    memcpy(session, m + 1, *session_length);
    return 1;
}

/* The session key from a v3 RSA PKESK body (version, key id, algorithm, one MPI). */
static int
rsa_session_key(const held_t *key, EVP_PKEY_CTX **ctx, const uint8_t *body, size_t length,
                unsigned *algo, uint8_t *session, size_t *session_length)
{
    uint8_t input[MAX_RSA_BYTES], output[MAX_RSA_BYTES];
    size_t bytes, output_length = sizeof output;
    int out = 0;
    if (length < 12 || (body[9] != 1 && body[9] != 2)) {
        return 0;
    }
    bytes = (((size_t)body[10] << 8 | body[11]) + 7) / 8;
    if (bytes != length - 12 || bytes == 0 || bytes > key->size) {
        return 0;
    }
    if (!*ctx) {
        *ctx = EVP_PKEY_CTX_new(key->secret, NULL);
        if (!*ctx || EVP_PKEY_decrypt_init(*ctx) <= 0
            || EVP_PKEY_CTX_set_rsa_padding(*ctx, RSA_PKCS1_PADDING) <= 0) {
            EVP_PKEY_CTX_free(*ctx);
            *ctx = NULL;
            return 0;
        }
    }
    /* the MPI drops leading zero octets; OpenSSL wants the modulus' length */
    memset(input, 0, key->size - bytes);
    memcpy(input + key->size - bytes, body + 12, bytes);
    if (EVP_PKEY_decrypt(*ctx, output, &output_length, input, key->size) > 0
        && output_length <= sizeof output) {
        out = session_of(output, output_length, algo, session, session_length);
    }
    OPENSSL_cleanse(output, sizeof output);
    return out;
}

/* The sender's ephemeral public key of an ECDH PKESK, for key's curve; NULL if it is none.
 * It is the last key made on that curve, given the new point: making a key anew makes a NIST
 * curve anew (Montgomery constants and all), a good part of the time, and costs a Curve25519
 * message about a twentieth of its time in allocations and parameter parsing. */
static EVP_PKEY *
ephemeral_key(const held_t *key, scratch_t *s, const uint8_t *point, size_t length)
{
    EVP_PKEY_CTX **slot = key->kind == KEY_X25519 ? &s->point : &s->ec_point;
    EVP_PKEY *peer = NULL, **kept = key->kind == KEY_EC ? &s->ec_peer[key->curve] : &s->x_peer;
    OSSL_PARAM params[3], *p = params;
    if (*kept) {
        /* OpenSSL refuses a point that is not on the curve; the key is then made anew */
        if (EVP_PKEY_set1_encoded_public_key(*kept, point, length) > 0
            && EVP_PKEY_up_ref(*kept)) {
            return *kept;
        }
        EVP_PKEY_free(*kept);
        *kept = NULL;
    }
    if (!*slot) {
        *slot = EVP_PKEY_CTX_new_from_name(NULL, key->kind == KEY_X25519 ? "X25519" : "EC", NULL);
        if (!*slot || EVP_PKEY_fromdata_init(*slot) <= 0) {
            EVP_PKEY_CTX_free(*slot);
            *slot = NULL;
            return NULL;
        }
    }
    if (key->kind == KEY_EC) {
        *p++ = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)key->group, 0);
    }
    /* OpenSSL refuses a NIST point that is not on the curve; every X25519 u-coordinate is one */
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, length);
    *p = OSSL_PARAM_construct_end();
    if (EVP_PKEY_fromdata(*slot, &peer, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
        return NULL;
    }
    if (EVP_PKEY_up_ref(peer)) {
        *kept = peer;
    }
    return peer;
}

/* The session key from a v3 ECDH PKESK body addressed to key: 1 and *algo, key[], *key_len. */
static int
ecdh_session_key(const held_t *key, EVP_PKEY_CTX **derive, scratch_t *s, const uint8_t *body,
                 size_t length, unsigned *algo, uint8_t *session, size_t *session_length)
{
    uint8_t shared[MAX_SHARED], digest[EVP_MAX_MD_SIZE], input[4 + MAX_SHARED + 96];
    uint8_t unwrapped[64];
    size_t shared_length = sizeof shared, point_bytes, wrapped_length, at;
    unsigned digest_length = 0;
    const uint8_t *point, *wrapped;
    EVP_PKEY *peer = NULL;
    EVP_CIPHER_CTX *cipher;
    int out = 0;
    unsigned pad;
    size_t m;
    /* version 3, key id (8), algorithm 18, MPI point, wrapped key length, wrapped key */
    if (length < 13 || body[9] != 18) {
        return 0;
    }
    point_bytes = (((size_t)body[10] << 8 | body[11]) + 7) / 8;
    if (key->kind == KEY_X25519 ? point_bytes != 33 || body[12] != 0x40
                                : point_bytes != key->point_length || body[12] != 0x04) {
        return 0;
    }
    at = 12 + point_bytes;
    if (length < at + 1) {
        return 0;
    }
    point = key->kind == KEY_X25519 ? body + 13 : body + 12;
    wrapped_length = body[at];
    wrapped = body + at + 1;
    if (wrapped_length != length - at - 1 || wrapped_length < 24 || wrapped_length > 56
        || wrapped_length % 8) {
        return 0;
    }
    if (!*derive) {
        *derive = EVP_PKEY_CTX_new(key->secret, NULL);
        if (!*derive || EVP_PKEY_derive_init(*derive) <= 0) {
            EVP_PKEY_CTX_free(*derive);
            *derive = NULL;
            return 0;
        }
    }
    peer = ephemeral_key(key, s, point, key->kind == KEY_X25519 ? 32 : point_bytes);
    if (!peer || EVP_PKEY_derive_set_peer_ex(*derive, peer, 0) <= 0
        || EVP_PKEY_derive(*derive, shared, &shared_length) <= 0 || shared_length != key->size) {
        goto done;
    }
    memcpy(input, "\x00\x00\x00\x01", 4);
    memcpy(input + 4, shared, key->size);
    memcpy(input + 4 + key->size, key->param, key->param_length);
    if (!digest_of(s, key->digest, input, 4 + key->size + key->param_length, digest,
                   &digest_length)) {
        goto done;
    }
    cipher = keyed(&s->ecb[key->kek], ecb[key->kek], digest, NULL);
    if (!cipher || !aes_unwrap(cipher, wrapped, wrapped_length, unwrapped)) {
        goto done;
    }
    m = wrapped_length - 8;
    /* algorithm octet, session key, two-octet checksum, PKCS #5 padding */
    if (m < 8 || m > sizeof unwrapped) {
        goto done;
    }
    pad = unwrapped[m - 1];
    if (pad == 0 || pad > 8 || pad + 3 > m) {
        goto done;
    }
    for (size_t i = m - pad; i < m; i++) {
        if (unwrapped[i] != pad) {
            goto done;
        }
    }
    out = session_of(unwrapped, m - pad, algo, session, session_length);
done:
    OPENSSL_cleanse(shared, sizeof shared);
    OPENSSL_cleanse(digest, sizeof digest);
    OPENSSL_cleanse(input, sizeof input);
    OPENSSL_cleanse(unwrapped, sizeof unwrapped);
    EVP_PKEY_free(peer);
    return out;
}

/* The session key from a v3 PKESK body addressed to key. */
static int
unwrap_session_key(const held_t *key, EVP_PKEY_CTX **ctx, scratch_t *s, const uint8_t *body,
                   size_t length, unsigned *algo, uint8_t *session, size_t *session_length)
{
    if (key->kind == KEY_RSA) {
        return rsa_session_key(key, ctx, body, length, algo, session, session_length);
    }
    return ecdh_session_key(key, ctx, s, body, length, algo, session, session_length);
}

/* The data of the one literal packet that a decrypted packet stream holds, at most limit
 * bytes. The result points into the stream or into *owned. DECLINED, OPENED or TOO_LARGE. */
static int literal_of(scratch_t *s, const uint8_t *d, size_t n, int depth, size_t limit,
                      const uint8_t **data, size_t *length, uint8_t **owned);

/* Whether d[0..n) starts with a literal packet whose data may be longer than limit bytes: in
 * chunks, running to the end, or with a length over it. */
static int
starts_long_literal(const uint8_t *d, size_t n, size_t limit)
{
    header_t h;
    if (!parse_header(d, n, 0, &h) || h.tag != LITERAL) {
        return 0;
    }
    if (h.partial || h.to_end) {
        return 1;
    }
    /* format, name length, name, date: then the data */
    return h.start + 2 <= n && h.length >= 6 + (size_t)d[h.start + 1]
           && h.length - 6 - d[h.start + 1] > limit;
}

/* Inflate compressed data (raw: ZIP, else ZLIB) into *out (malloc'd). Its literal data may be
 * at most limit bytes: the output stops growing a little past that (room for the literal
 * header and partial-length chunk headers, at most one byte in 512), and an output over it
 * that starts with a literal packet is TOO_LARGE. DECLINED for anything that does not inflate
 * cleanly. */
static int
inflate_all(scratch_t *s, const uint8_t *in, size_t n, int raw, size_t limit, uint8_t **out,
            size_t *out_length)
{
    z_stream *z = &s->z;
    size_t bound = limit + limit / 256 + 2 * LITERAL_HEADER_MAX + 1;
    size_t cap = n < bound / 4 ? n * 4 + 256 : bound, total = 0;
    uint8_t *buf;
    int status;
    if (n > UINT_MAX) {
        return DECLINED; /* zlib counts its input in unsigned ints */
    }
    if (cap > bound) {
        cap = bound;
    }
    buf = malloc(cap);
    if (!buf) {
        return DECLINED;
    }
    /* one inflate state per scratch, reset for each message (it costs 40 KB to make) */
    if (!s->z_ready) {
        memset(z, 0, sizeof *z);
        if (inflateInit2(z, raw ? -15 : 15) != Z_OK) {
            free(buf);
            return DECLINED;
        }
        s->z_ready = 1;
    } else if (inflateReset2(z, raw ? -15 : 15) != Z_OK) {
        free(buf);
        return DECLINED;
    }
    z->next_in = (Bytef *)in;
    z->avail_in = (uInt)n;
    for (;;) {
        if (total == cap) {
            uint8_t *grown;
            if (cap >= bound) {
                /* past the bound, and not at the end: never inflated further */
                int large = starts_long_literal(buf, total, limit);
                free(buf);
                return large ? TOO_LARGE : DECLINED;
            }
            cap = cap > bound / 2 ? bound : cap * 2;
            grown = realloc(buf, cap);
            if (!grown) {
                status = Z_MEM_ERROR;
                break;
            }
            buf = grown;
        }
        z->next_out = buf + total;
        z->avail_out = (uInt)(cap - total > UINT_MAX ? UINT_MAX : cap - total);
        status = inflate(z, Z_NO_FLUSH);
        total = (size_t)(z->next_out - buf);
        if (status == Z_STREAM_END) {
            break;
        }
        if (status != Z_OK && !(status == Z_BUF_ERROR && z->avail_out == 0)) {
            break;
        }
        if (z->avail_in == 0 && z->avail_out != 0) {
            status = Z_DATA_ERROR; /* input ended before the stream did */
            break;
        }
    }
    /* ZIP (raw deflate) may legitimately end without the final block marker in old writers;
     * decline those too: pysequoia decides */
    if (status != Z_STREAM_END || z->avail_in != 0) {
        free(buf);
        return DECLINED;
    }
    *out = buf;
    *out_length = total;
    return OPENED;
}

static int
literal_of(scratch_t *s, const uint8_t *d, size_t n, int depth, size_t limit,
           const uint8_t **data, size_t *length, uint8_t **owned)
{
    header_t h;
    const uint8_t *body;
    size_t body_length, next;
    uint8_t *joined = NULL;
    *owned = NULL;
    if (!read_header(d, n, 0, &h) || !read_body(d, n, &h, &body, &body_length, &joined, &next)
        || next != n) {
        free(joined);
        return DECLINED; /* no packet, or more than one */
    }
    if (h.tag == LITERAL) {
        size_t name, skip;
        if (body_length < 6) {
            free(joined);
            return DECLINED;
        }
        name = body[1];
        skip = 2 + name + 4;
        if (skip > body_length) {
            free(joined);
            return DECLINED;
        }
        if (body_length - skip > limit) {
            free(joined);
            return TOO_LARGE;
        }
        *data = body + skip;
        *length = body_length - skip;
        *owned = joined;
        return OPENED;
    }
    if (h.tag == COMPRESSED && depth == 0 && body_length >= 1) {
        uint8_t *inflated = NULL;
        size_t inflated_length = 0;
        int got;
        unsigned algo = body[0];
        if (algo == 0) {
            got = literal_of(s, body + 1, body_length - 1, 1, limit, data, length, owned);
            if (got == OPENED && !*owned && joined) {
                *owned = joined; /* the literal points into the joined chunks */
                return OPENED;
            }
            free(joined);
            return got;
        }
        if (algo != 1 && algo != 2) {
            free(joined);
            return DECLINED;
        }
        got = inflate_all(s, body + 1, body_length - 1, algo == 1, limit, &inflated,
                          &inflated_length);
        free(joined);
        if (got != OPENED) {
            return got;
        }
        got = literal_of(s, inflated, inflated_length, 1, limit, data, length, owned);
        if (got != OPENED) {
            free(inflated);
            free(*owned);
            *owned = NULL;
            return got;
        }
        if (*owned) {
            /* the literal was in chunks inside the inflated data: that copy is the result */
            free(inflated);
        } else {
            *owned = inflated;
        }
        return OPENED;
    }
    free(joined);
    return DECLINED;
}

/* Decrypt a v1 SEIPD body with the session key; the plaintext in *plain, which points into
 * *owned (malloc'd). DECLINED, OPENED or TOO_LARGE (a plaintext over limit bytes). */
static int
open_seipd(scratch_t *s, const uint8_t *body, size_t length, unsigned algo, size_t limit,
           const uint8_t *session, uint8_t **plain, size_t *plain_length, uint8_t **owned)
{
    static const uint8_t zero_iv[16] = {0};
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned digest_length = 0;
    EVP_CIPHER_CTX *ctx;
    uint8_t *clear = NULL;
    size_t n;
    int out_length = 0, ok = DECLINED;
    const uint8_t *data;
    size_t data_length;
    uint8_t *literal_owned = NULL;
    if (length < 1 || body[0] != 1) {
        return DECLINED; /* v2 (AEAD) is pysequoia's */
    }
    body++;
    length--;
    if (length < 16 + 2 + 22 || length > INT32_MAX) {
        return DECLINED;
    }
    n = length;
    ctx = keyed(&s->cfb[aes_index(algo)], cfb[aes_index(algo)], session, zero_iv);
    clear = malloc(n);
    if (!ctx || !clear || !EVP_DecryptUpdate(ctx, clear, &out_length, body, (int)n)
        || (size_t)out_length != n) {
        goto done;
    }
    /* quick check: the last two octets of the random prefix repeat */
    if (clear[14] != clear[16] || clear[15] != clear[17]) {
        goto done;
    }
    /* modification detection code: SHA-1 over prefix, content and the MDC packet header */
    if (clear[n - 22] != 0xD3 || clear[n - 21] != 0x14
        || !digest_of(s, md_sha1, clear, n - 20, digest, &digest_length) || digest_length != 20
        || CRYPTO_memcmp(digest, clear + n - 20, 20) != 0) {
        goto done;
    }
    ok = literal_of(s, clear + 18, n - 18 - 22, 0, limit, &data, &data_length, &literal_owned);
    if (ok != OPENED) {
        goto done;
    }
    *plain = (uint8_t *)data;
    *plain_length = data_length;
    if (literal_owned) {
        free(clear);
        clear = NULL;
        *owned = literal_owned;
    } else {
        *owned = clear; /* the literal lies inside the decrypted buffer */
        clear = NULL;
    }
done:
    free(clear);
    return ok;
}

/* The whole path for one binary message: which key (index) opened it, and the plaintext.
 * DECLINED, OPENED, or TOO_LARGE (*which is set, no plaintext). */
static int
open_message(const OpenerObject *self, scratch_t *s, const uint8_t *d, size_t n,
             Py_ssize_t *which, uint8_t **plain, size_t *plain_length, uint8_t **owned)
{
    size_t pos = 0;
    const uint8_t *pkesk = NULL;
    size_t pkesk_length = 0;
    Py_ssize_t chosen = -1;
    uint8_t session[32];
    size_t session_length = 0;
    unsigned algo = 0;
    header_t h;
    for (;;) {
        if (!read_header(d, n, pos, &h)) {
            return 0;
        }
        if (h.tag == SEIPD) {
            break;
        }
        if (h.partial || h.to_end) {
            return 0;
        }
        if (h.tag == PKESK && chosen < 0) {
            const uint8_t *b = d + h.start;
            if (h.length < 10 || b[0] != 3) {
                return 0; /* v6 session-key packets are pysequoia's */
            }
            for (Py_ssize_t i = 0; i < self->count; i++) {
                if (memcmp(self->keys[i].key_id, b + 1, 8) == 0) {
                    chosen = i;
                    pkesk = b;
                    pkesk_length = h.length;
                    break;
                }
            }
        } else if (h.tag != PKESK && h.tag != SKESK && h.tag != MARKER) {
            return 0;
        }
        pos = h.start + h.length;
    }
    if (chosen < 0) {
        return 0;
    }
    if (!unwrap_session_key(&self->keys[chosen], &s->derive[chosen], s, pkesk, pkesk_length,
                            &algo, session, &session_length)) {
        return 0;
    }
    {
        const uint8_t *body;
        size_t body_length, next;
        uint8_t *joined = NULL;
        int got;
        if (!read_body(d, n, &h, &body, &body_length, &joined, &next) || next != n) {
            free(joined);
            OPENSSL_cleanse(session, sizeof session);
            return DECLINED;
        }
        got = open_seipd(s, body, body_length, algo, self->max_plain, session, plain,
                         plain_length, owned);
        free(joined);
        OPENSSL_cleanse(session, sizeof session);
        if (got != DECLINED) {
            *which = chosen;
        }
        return got;
    }
}

/* The opener's kept contexts, or (when another thread holds them) new ones in *own; NULL when
 * there is no memory. Hand them back with scratch_give. Called without the GIL. */
static scratch_t *
scratch_take(OpenerObject *self, scratch_t *own)
{
    if (!atomic_flag_test_and_set(&self->busy)) {
        return &self->scratch;
    }
    if (!scratch_make(own, self->count)) {
        scratch_free(own);
        return NULL;
    }
    return own;
}

static void
scratch_give(OpenerObject *self, scratch_t *s)
{
    if (s == &self->scratch) {
        atomic_flag_clear(&self->busy);
    } else {
        scratch_free(s);
    }
}

/* open_message with the opener's kept contexts or contexts of its own. Without the GIL. */
static int
open_shared(OpenerObject *self, const uint8_t *d, size_t n, Py_ssize_t *which, uint8_t **plain,
            size_t *plain_length, uint8_t **owned)
{
    scratch_t own;
    scratch_t *s = scratch_take(self, &own);
    int got = s ? open_message(self, s, d, n, which, plain, plain_length, owned) : DECLINED;
    if (s) {
        scratch_give(self, s);
    }
    return got;
}

static PyObject *
opener_open(OpenerObject *self, PyObject *arg)
{
    Py_buffer view;
    Py_ssize_t which = -1;
    uint8_t *plain = NULL, *owned = NULL;
    size_t plain_length = 0;
    int got;
    PyObject *data, *result;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (!self->keys) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_RuntimeError, "Opener was not initialised");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    got = open_shared(self, view.buf, (size_t)view.len, &which, &plain, &plain_length, &owned);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    if (got == DECLINED) {
        Py_RETURN_NONE;
    }
    if (got == TOO_LARGE) {
        return Py_BuildValue("(nO)", which, Py_None);
    }
    data = PyBytes_FromStringAndSize((const char *)plain, (Py_ssize_t)plain_length);
    free(owned);
    if (!data) {
        return NULL;
    }
    result = Py_BuildValue("(nN)", which, data);
    return result;
}

/* --- a whole seized value ----------------------------------------------------------------- */

static const char BEGIN[] = "-----BEGIN PGP MESSAGE-----";
static const char END[] = "-----END PGP MESSAGE-----";

static int
is_base64(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
           || c == '/';
}

static int
base64_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
}

/* The ASCII armor checksum (RFC 9580 §6.1.1), bitwise: about 1 ns a bit, so 4 µs for a
 * 500-byte message, where the pure-Python table loop it replaces took about 40. */
static uint32_t
crc24_of(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xB704CE;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint32_t)p[i] << 16;
        for (int bit = 0; bit < 8; bit++) {
            crc <<= 1;
            if (crc & 0x1000000) {
                crc ^= 0x1864CFB;
            }
        }
    }
    return crc & 0xFFFFFF;
}

/* The bytes of a tidy armored block t[0..n) as seized.crypto.armor._PLAIN_ARMOR reads it:
 * the BEGIN line, header lines (each with a colon), a blank line, base64 lines (padding only at
 * the very end), an optional checksum line, the END line, nothing else. Anything else: 0 (the
 * Python reader decides). The base64 is decoded into out (at least n bytes), the checksum the
 * block carries into *crc (-1: none). */
static int
tidy_armor(const uint8_t *t, size_t n, uint8_t *out, size_t *out_length, long *crc)
{
    size_t pos = sizeof BEGIN - 1, end = n - (sizeof END - 1), total = 0;
    uint32_t bits = 0;
    int count = 0, padding = 0;
    *crc = -1;
    if (pos >= end || t[pos] != '\n') {
        return 0;
    }
    pos++;
    while (pos < end && t[pos] != '\n') { /* header lines: each has a colon */
        int colon = 0;
        while (pos < end && t[pos] != '\n') {
            colon |= t[pos] == ':';
            pos++;
        }
        if (!colon || pos >= end) {
            return 0;
        }
        pos++;
    }
    if (pos >= end) {
        return 0;
    }
    pos++; /* the blank line */
    for (;;) { /* base64 lines, then maybe the checksum line, then END */
        size_t line = pos;
        if (pos >= end) {
            return 0;
        }
        if (t[pos] == '=') {
            /* the checksum: '=' and four base64 characters, after the last base64 line */
            if (line + 6 != end || total == 0) {
                return 0;
            }
            *crc = 0;
            for (size_t i = 1; i < 5; i++) {
                if (!is_base64(t[pos + i])) {
                    return 0;
                }
                *crc = (*crc << 6) | base64_value(t[pos + i]);
            }
            if (t[pos + 5] != '\n') {
                return 0;
            }
            break;
        }
        if (padding) {
            return 0; /* a line after the padded one */
        }
        while (pos < end && is_base64(t[pos])) {
            bits = (bits << 6) | (uint32_t)base64_value(t[pos]);
            if (++count == 4) {
                out[total++] = (uint8_t)(bits >> 16);
                out[total++] = (uint8_t)(bits >> 8);
                out[total++] = (uint8_t)bits;
                bits = 0;
                count = 0;
            }
            pos++;
        }
        if (pos == line) {
            return 0; /* an empty or foreign line */
        }
        while (pos < end && t[pos] == '=' && padding < 2) {
            padding++;
            pos++;
        }
        if (pos >= end || t[pos] != '\n') {
            return 0;
        }
        pos++;
        if (padding) {
            /* the last group: 'xx==' gives one byte, 'xxx=' two */
            if (count + padding != 4 || count < 2) {
                return 0;
            }
            if (count == 2) {
                out[total++] = (uint8_t)(bits >> 4);
            } else {
                out[total++] = (uint8_t)(bits >> 10);
                out[total++] = (uint8_t)(bits >> 2);
            }
            count = 0;
            padding = -1; /* done: only the checksum line may follow */
        }
        if (pos == end) {
            break;
        }
    }
    if (count != 0 || total == 0) {
        return 0;
    }
    *out_length = total;
    return 1;
}

/* At most this many recipients in a message the whole-value path opens (more: Python's). */
#define MAX_RECIPIENTS 32

/* The key ids of the v3 session-key packets before the encrypted data, into ids: their
 * number, or 0 for a packet this path does not take (an anonymous recipient, whose message
 * every key is tried on, in Python). Called without the GIL. */
static int
recipient_ids(const uint8_t *d, size_t n, uint8_t ids[][8])
{
    size_t pos = 0;
    int count = 0;
    header_t h;
    for (;;) {
        if (!read_header(d, n, pos, &h)) {
            return 0;
        }
        if (h.tag == SEIPD) {
            return count;
        }
        if (h.partial || h.to_end) {
            return 0;
        }
        if (h.tag == PKESK) {
            int zero = 1;
            if (h.length < 10 || d[h.start] != 3 || count == MAX_RECIPIENTS) {
                return 0;
            }
            for (int i = 0; i < 8; i++) {
                zero &= d[h.start + 1 + i] == 0;
            }
            if (zero) {
                return 0;
            }
            memcpy(ids[count++], d + h.start + 1, 8);
        } else if (h.tag != SKESK && h.tag != MARKER) {
            return 0;
        }
        pos = h.start + h.length;
    }
}

/* One seized value for the whole-value path: its ASCII text in, the result out. */
typedef struct {
    const uint8_t *text;
    size_t length;
    int recipients; /* 0: declined (or not ASCII text) */
    uint8_t ids[MAX_RECIPIENTS][8];
    Py_ssize_t start, end, which;
    int too_large; /* opened by key which, but its plaintext is over the bound */
    uint8_t *plain, *owned;
    size_t plain_length;
} value_t;

/* Whether any of the recipients is one of the opener's keys. */
static int
addressed_here(const OpenerObject *self, uint8_t ids[][8], int count)
{
    for (int r = 0; r < count; r++) {
        for (Py_ssize_t i = 0; i < self->count; i++) {
            if (memcmp(self->keys[i].key_id, ids[r], 8) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

/* Open a value holding exactly one tidy armored message; or, when the message is addressed to
 * none of the opener's keys and its armor checksum (if any) matches, give its recipients with
 * v->which = -1. Called without the GIL. */
static void
open_value(OpenerObject *self, scratch_t *s, value_t *v)
{
    const uint8_t *t = v->text, *begin, *again, *stop;
    size_t n = v->length, block, data_length = 0;
    uint8_t *data;
    long crc;
    int count;
    v->recipients = 0;
    begin = memmem(t, n, BEGIN, sizeof BEGIN - 1);
    if (!begin) {
        return;
    }
    again = memmem(begin + 1, n - (size_t)(begin + 1 - t), BEGIN, sizeof BEGIN - 1);
    stop = memmem(begin + sizeof BEGIN - 1, n - (size_t)(begin - t) - (sizeof BEGIN - 1), END,
                  sizeof END - 1);
    if (again || !stop) {
        return; /* several messages, or no END line: the Python reader's */
    }
    stop += sizeof END - 1;
    block = (size_t)(stop - begin);
    data = malloc(block);
    if (!data) {
        return; /* declined: the Python reader will say what is wrong */
    }
    if (tidy_armor(begin, block, data, &data_length, &crc)
        && (count = recipient_ids(data, data_length, v->ids)) > 0) {
        int known = addressed_here(self, v->ids, count), got = DECLINED;
        if (known) {
            got = open_message(self, s, data, data_length, &v->which, &v->plain,
                               &v->plain_length, &v->owned);
            v->too_large = got == TOO_LARGE;
        }
        if (known ? got != DECLINED : crc < 0 || (uint32_t)crc == crc24_of(data, data_length)) {
            v->recipients = count;
            v->start = begin - t;
            v->end = stop - t;
            if (!known) {
                v->which = -1;
            }
        }
    }
    free(data);
}

/* (start, end, recipients, key index, plaintext) of an opened value (plaintext None: over the
 * bound), (start, end, recipients, -1, None) of one addressed to none of the keys, or None;
 * frees its plaintext either way. */
static PyObject *
value_result(value_t *v)
{
    static const char hex[] = "0123456789ABCDEF";
    PyObject *recipients, *text;
    if (!v->recipients) {
        Py_RETURN_NONE;
    }
    if (v->which < 0 || v->too_large) {
        text = Py_None;
        Py_INCREF(text);
    } else {
        text = PyBytes_FromStringAndSize((const char *)v->plain, (Py_ssize_t)v->plain_length);
        free(v->owned);
        v->owned = NULL;
    }
    recipients = text ? PyTuple_New(v->recipients) : NULL;
    for (int i = 0; recipients && i < v->recipients; i++) {
        char id[16];
        PyObject *item;
        for (int j = 0; j < 8; j++) {
            id[2 * j] = hex[v->ids[i][j] >> 4];
            id[2 * j + 1] = hex[v->ids[i][j] & 15];
        }
        item = PyUnicode_FromStringAndSize(id, 16);
        if (!item) {
            Py_CLEAR(recipients);
            break;
        }
        PyTuple_SET_ITEM(recipients, i, item);
    }
    if (!recipients) {
        Py_XDECREF(text);
        return NULL;
    }
    return Py_BuildValue("(nnNnN)", v->start, v->end, recipients, v->which, text);
}

/* open_armored_many(values): for each value holding exactly one tidy armored message that this
 * path opens, (start, end, recipients, key index, plaintext or None when it is over the
 * bound); for one addressed to none of the
 * keys, with an intact armor checksum, (start, end, recipients, -1, None); else None. Only
 * ASCII text: the offsets are then character offsets, as seized.crypto.blobs gives them. The
 * values are read and opened in one stretch without the GIL, so threads open in parallel. */
static PyObject *
opener_open_armored_many(OpenerObject *self, PyObject *arg)
{
    PyObject *values, *results;
    Py_ssize_t count;
    value_t *v;
    scratch_t own, *s;
    if (!self->keys) {
        PyErr_SetString(PyExc_RuntimeError, "Opener was not initialised");
        return NULL;
    }
    values = PySequence_Tuple(arg); /* holds the values while the GIL is released */
    if (!values) {
        return NULL;
    }
    count = PyTuple_GET_SIZE(values);
    v = calloc(count ? (size_t)count : 1, sizeof *v);
    results = PyList_New(count);
    if (!v || !results) {
        free(v);
        Py_XDECREF(results);
        Py_DECREF(values);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *value = PyTuple_GET_ITEM(values, i);
        if (PyUnicode_Check(value) && PyUnicode_IS_ASCII(value)) {
            v[i].text = PyUnicode_1BYTE_DATA(value);
            v[i].length = (size_t)PyUnicode_GET_LENGTH(value);
        }
    }
    Py_BEGIN_ALLOW_THREADS
    s = scratch_take(self, &own);
    for (Py_ssize_t i = 0; s && i < count; i++) {
        if (v[i].text) {
            open_value(self, s, &v[i]);
        }
    }
    if (s) {
        scratch_give(self, s);
    }
    Py_END_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *result = results ? value_result(&v[i]) : NULL;
        if (!result) {
            Py_CLEAR(results);
            free(v[i].owned);
            continue;
        }
        PyList_SET_ITEM(results, i, result);
    }
    free(v);
    Py_DECREF(values);
    return results;
}

static PyMethodDef opener_methods[] = {
    {"open", (PyCFunction)opener_open, METH_O,
     "open(message) -> (key index, plaintext), or None when this path declines the message; "
     "the plaintext is None when it is longer than the opener's max_plain"},
    {"open_armored_many", (PyCFunction)opener_open_armored_many, METH_O,
     "open_armored_many(values) -> for each value holding exactly one tidy armored message "
     "that this path opens (start, end, recipients, key index, plaintext or None when over "
     "max_plain); addressed to none "
     "of the keys (start, end, recipients, -1, None); else None. Opened without the GIL"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject OpenerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "seized.crypto._pgpopen.Opener",
    .tp_basicsize = sizeof(OpenerObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "RSA and ECDH secret keys, ready to open messages addressed to them",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)opener_init,
    .tp_dealloc = (destructor)opener_dealloc,
    .tp_methods = opener_methods,
};

/* --- a bounded reader of a pipe ------------------------------------------------------------ */

/* pysequoia writes a plaintext as a whole, either into memory or into a file it opens by name.
 * Drain(fd, limit) reads the read end of a pipe on a thread of its own, which never needs the
 * GIL (pysequoia holds it while it writes): it keeps at most limit + 1 bytes, then closes the
 * pipe, so the writer's next write fails (EPIPE) instead of producing the rest. finish() waits
 * for the writer to close its end (or for the bound) and gives the bytes, or None when there
 * were more than limit. */

typedef struct {
    int fd;
    size_t limit, length, cap;
    uint8_t *buf;
    int exceeded, error;
    atomic_int refs; /* the thread's and the Drain object's */
} drain_t;

static void
drain_release(drain_t *d)
{
    if (atomic_fetch_sub(&d->refs, 1) == 1) {
        free(d->buf);
        free(d);
    }
}

static void *
drain_run(void *arg)
{
    drain_t *d = arg;
    for (;;) {
        ssize_t got;
        if (d->length == d->cap) {
            size_t cap = d->cap ? d->cap * 2 : 65536;
            uint8_t *grown;
            if (d->cap == d->limit + 1) {
                d->exceeded = 1;
                break;
            }
            if (cap > d->limit + 1) {
                cap = d->limit + 1;
            }
            grown = realloc(d->buf, cap);
            if (!grown) {
                d->error = ENOMEM;
                break;
            }
            d->buf = grown;
            d->cap = cap;
        }
        got = read(d->fd, d->buf + d->length, d->cap - d->length);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            d->error = errno;
            break;
        }
        if (got == 0) {
            break;
        }
        d->length += (size_t)got;
    }
    close(d->fd);
    drain_release(d);
    return NULL;
}

typedef struct {
    PyObject_HEAD
    drain_t *d;
    pthread_t thread;
    int running; /* started and not yet joined */
} DrainObject;

static PyObject *
drain_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"fd", "limit", NULL};
    int fd;
    Py_ssize_t limit;
    pthread_attr_t attr;
    int failed;
    DrainObject *self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "in:Drain", names, &fd, &limit)) {
        return NULL;
    }
    if (fd < 0 || limit < 0 || (size_t)limit >= SIZE_MAX / 2) {
        PyErr_SetString(PyExc_ValueError, "Drain needs a file descriptor and a size in bytes");
        return NULL;
    }
    self = (DrainObject *)type->tp_alloc(type, 0);
    if (!self) {
        return NULL;
    }
    self->d = calloc(1, sizeof *self->d);
    if (!self->d) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->d->fd = fd;
    self->d->limit = (size_t)limit;
    atomic_init(&self->d->refs, 2);
    failed = pthread_attr_init(&attr);
    if (!failed) {
        failed = pthread_attr_setstacksize(&attr, 256 << 10);
        if (!failed) {
            failed = pthread_create(&self->thread, &attr, drain_run, self->d);
        }
        pthread_attr_destroy(&attr);
    }
    if (failed) {
        free(self->d);
        self->d = NULL;
        Py_DECREF(self);
        errno = failed;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    self->running = 1;
    return (PyObject *)self;
}

static PyObject *
drain_finish(DrainObject *self, PyObject *unused)
{
    drain_t *d = self->d;
    (void)unused;
    if (!self->running) {
        PyErr_SetString(PyExc_ValueError, "Drain.finish() was called already");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    pthread_join(self->thread, NULL);
    Py_END_ALLOW_THREADS
    self->running = 0;
    if (d->error) {
        errno = d->error;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    if (d->exceeded) {
        Py_RETURN_NONE;
    }
    return PyBytes_FromStringAndSize((const char *)d->buf, (Py_ssize_t)d->length);
}

static void
drain_dealloc(DrainObject *self)
{
    if (self->d) {
        if (self->running) {
            pthread_detach(self->thread); /* it ends when the writer closes; it frees d */
        }
        drain_release(self->d);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef drain_methods[] = {
    {"finish", (PyCFunction)drain_finish, METH_NOARGS,
     "finish() -> the bytes read (once the writer closed its end), or None when there were "
     "more than limit"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DrainType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "seized.crypto._pgpopen.Drain",
    .tp_basicsize = sizeof(DrainObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Drain(fd, limit): reads a pipe on a thread without the GIL, keeping at most limit "
              "bytes; the fd is closed by it",
    .tp_new = drain_new,
    .tp_dealloc = (destructor)drain_dealloc,
    .tp_methods = drain_methods,
};

static PyObject *
x25519_public(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    EVP_PKEY *key;
    uint8_t public[32];
    size_t length = sizeof public;
    (void)module;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (view.len != 32) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "an X25519 secret is 32 bytes");
        return NULL;
    }
    key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, view.buf, 32);
    PyBuffer_Release(&view);
    if (!key || !EVP_PKEY_get_raw_public_key(key, public, &length)) {
        EVP_PKEY_free(key);
        PyErr_SetString(PyExc_ValueError, "OpenSSL refused the X25519 secret");
        return NULL;
    }
    EVP_PKEY_free(key);
    return PyBytes_FromStringAndSize((const char *)public, 32);
}

/* crc24(data): the armor checksum, computed by crc24_of. */
static PyObject *
crc24(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    uint32_t crc;
    (void)module;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    crc = crc24_of(view.buf, (size_t)view.len);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(crc);
}

static PyMethodDef module_methods[] = {
    {"crc24", crc24, METH_O, "crc24(data) -> the OpenPGP armor checksum of data"},
    {"x25519_public", x25519_public, METH_O,
     "x25519_public(secret) -> the public point of a 32-byte X25519 secret"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "seized.crypto._pgpopen",
    .m_doc = "Opening RSA / ECDH / AES PGP messages in C (see seized.crypto.fast).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__pgpopen(void)
{
    PyObject *m;
    if (!fetch_algorithms()) {
        PyErr_SetString(PyExc_ImportError, "OpenSSL lacks SHA-1, SHA-2 or AES (CFB, key wrap)");
        return NULL;
    }
    if (PyType_Ready(&OpenerType) < 0 || PyType_Ready(&DrainType) < 0) {
        return NULL;
    }
    m = PyModule_Create(&module);
    if (!m) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Opener", (PyObject *)&OpenerType) < 0
        || PyModule_AddObjectRef(m, "Drain", (PyObject *)&DrainType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
