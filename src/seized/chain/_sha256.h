/* SHA-256 for seized.chain._blockscan: only what txids and merkle roots need (streaming over a
 * few pieces, and the double hash). Included once, by _blockscan.c; every function is static.
 *
 * The compression function runs on the x86 SHA extensions (SHA-NI) where CPUID reports them
 * (most x86-64 processors since 2017-2019), else in portable C; sha256_use() switches, and the
 * tests check both against hashlib. The intrinsics are compiled only for GCC and Clang on x86,
 * with a target attribute, so the rest of the module stays plain C99.
 */

#ifndef SEIZED_SHA256_H
#define SEIZED_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static const uint32_t IV256[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

typedef void (*compress_fn)(uint32_t state[8], const uint8_t *blocks, size_t n);

static uint32_t
load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void
store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
compress_portable(uint32_t state[8], const uint8_t *blocks, size_t n)
{
    uint32_t w[64];
    while (n--) {
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        int i;
        for (i = 0; i < 16; i++) {
            w[i] = load_be32(blocks + 4 * i);
        }
        for (i = 16; i < 64; i++) {
            uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        for (i = 0; i < 64; i++) {
            uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) +
                          K256[i] + w[i];
            uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
        blocks += 64;
    }
}

#ifdef HAVE_SHA_NI
/* Four rounds: g is the group (rounds 4g..4g+3), m0 holds its message words, m1..m3 the
 * next three groups' (m1 is completed here for group g+1 with msg2, m3 started with msg1). */
#define SHA_NI_ROUNDS(g, m0, m1, m2, m3)                                                   \
    do {                                                                                   \
        msg = _mm_add_epi32(m0, _mm_loadu_si128((const __m128i *)(K256 + 4 * (g))));       \
        st1 = _mm_sha256rnds2_epu32(st1, st0, msg);                                        \
        if ((g) >= 3 && (g) <= 14) {                                                       \
            m1 = _mm_sha256msg2_epu32(_mm_add_epi32(m1, _mm_alignr_epi8(m0, m3, 4)), m0); \
        }                                                                                  \
        st0 = _mm_sha256rnds2_epu32(st0, st1, _mm_shuffle_epi32(msg, 0x0E));               \
        if ((g) >= 1 && (g) <= 12) {                                                       \
            m3 = _mm_sha256msg1_epu32(m3, m0);                                             \
        }                                                                                  \
    } while (0)

__attribute__((target("sha,sse4.1"))) static void
compress_sha_ni(uint32_t state[8], const uint8_t *blocks, size_t n)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i st0, st1, msg, tmp, m0, m1, m2, m3, save0, save1;

    tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1); /* CDAB */
    st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B); /* EFGH */
    st0 = _mm_alignr_epi8(tmp, st1, 8);                                           /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0);                                        /* CDGH */

    while (n--) {
        save0 = st0;
        save1 = st1;
        m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 0)), mask);
        m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16)), mask);
        m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 32)), mask);
        m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 48)), mask);
        /* the groups' message registers rotate: group g uses m(g mod 4) */
        SHA_NI_ROUNDS(0, m0, m1, m2, m3);
        SHA_NI_ROUNDS(1, m1, m2, m3, m0);
        SHA_NI_ROUNDS(2, m2, m3, m0, m1);
        SHA_NI_ROUNDS(3, m3, m0, m1, m2);
        SHA_NI_ROUNDS(4, m0, m1, m2, m3);
        SHA_NI_ROUNDS(5, m1, m2, m3, m0);
        SHA_NI_ROUNDS(6, m2, m3, m0, m1);
        SHA_NI_ROUNDS(7, m3, m0, m1, m2);
        SHA_NI_ROUNDS(8, m0, m1, m2, m3);
        SHA_NI_ROUNDS(9, m1, m2, m3, m0);
        SHA_NI_ROUNDS(10, m2, m3, m0, m1);
        SHA_NI_ROUNDS(11, m3, m0, m1, m2);
        SHA_NI_ROUNDS(12, m0, m1, m2, m3);
        SHA_NI_ROUNDS(13, m1, m2, m3, m0);
        SHA_NI_ROUNDS(14, m2, m3, m0, m1);
        SHA_NI_ROUNDS(15, m3, m0, m1, m2);
        st0 = _mm_add_epi32(st0, save0);
        st1 = _mm_add_epi32(st1, save1);
        blocks += 64;
    }

    tmp = _mm_shuffle_epi32(st0, 0x1B);    /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);    /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0); /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)&state[0], st0);
    _mm_storeu_si128((__m128i *)&state[4], st1);
}

static int
cpu_has_sha_ni(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) {
        return 0; /* SSSE3, SSE4.1 */
    }
    if (__get_cpuid_max(0, NULL) < 7) {
        return 0;
    }
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 29) & 1;
}
#endif

static compress_fn compress = compress_portable;

/* A SHA-256 over a message given in up to three pieces (the txid of a segwit transaction
 * skips its marker, flag and witnesses). Whole 64-byte blocks are compressed in place. */
typedef struct {
    uint32_t h[8];
    uint8_t buf[64];
    size_t used;
    uint64_t total;
} sha256_ctx;

static void
sha256_init(sha256_ctx *ctx)
{
    memcpy(ctx->h, IV256, sizeof IV256);
    ctx->used = 0;
    ctx->total = 0;
}

static void
sha256_update(sha256_ctx *ctx, const uint8_t *p, size_t n)
{
    if (n == 0) {
        return;
    }
    ctx->total += n;
    if (ctx->used) {
        size_t take = 64 - ctx->used < n ? 64 - ctx->used : n;
        memcpy(ctx->buf + ctx->used, p, take);
        ctx->used += take;
        p += take;
        n -= take;
        if (ctx->used < 64) {
            return;
        }
        compress(ctx->h, ctx->buf, 1);
        ctx->used = 0;
    }
    if (n >= 64) {
        compress(ctx->h, p, n / 64);
        p += n - n % 64;
        n %= 64;
    }
    memcpy(ctx->buf, p, n);
    ctx->used = n;
}

/* Finishes the hash and hashes the 32-byte digest once more: out = SHA256(SHA256(message)). */
static void
sha256d_final(sha256_ctx *ctx, uint8_t out[32])
{
    uint8_t block[64];
    uint64_t bits = ctx->total * 8;
    uint32_t h[8];
    int i;

    ctx->buf[ctx->used++] = 0x80;
    if (ctx->used > 56) {
        memset(ctx->buf + ctx->used, 0, 64 - ctx->used);
        compress(ctx->h, ctx->buf, 1);
        ctx->used = 0;
    }
    memset(ctx->buf + ctx->used, 0, 56 - ctx->used);
    for (i = 0; i < 8; i++) {
        ctx->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    compress(ctx->h, ctx->buf, 1);

    for (i = 0; i < 8; i++) {
        store_be32(block + 4 * i, ctx->h[i]);
    }
    memset(block + 32, 0, 32);
    block[32] = 0x80;
    block[62] = 0x01; /* 256 bits */
    memcpy(h, IV256, sizeof IV256);
    compress(h, block, 1);
    for (i = 0; i < 8; i++) {
        store_be32(out + 4 * i, h[i]);
    }
}

static void
sha256d(const uint8_t *p, size_t n, uint8_t out[32])
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, p, n);
    sha256d_final(&ctx, out);
}

/* Switch the compression function: "portable", or "sha-ni" where the processor has it.
 * 0 when that one is not available. Not thread-safe: for module start-up and tests. */
static int
sha256_use(const char *name)
{
    if (strcmp(name, "portable") == 0) {
        compress = compress_portable;
        return 1;
    }
#ifdef HAVE_SHA_NI
    if (strcmp(name, "sha-ni") == 0 && cpu_has_sha_ni()) {
        compress = compress_sha_ni;
        return 1;
    }
#endif
    return 0;
}

static const char *
sha256_in_use(void)
{
#ifdef HAVE_SHA_NI
    if (compress == compress_sha_ni) {
        return "sha-ni";
    }
#endif
    return "portable";
}

#endif /* SEIZED_SHA256_H */
