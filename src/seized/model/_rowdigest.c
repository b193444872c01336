/* seized.model._rowdigest: the custody digest of a table's rows (seized.integrity), computed here
 * instead of by DuckDB, whose to_json and sha256 are several times slower.
 *
 * A Digest takes batches of a table's rows as Arrow columns, writes each row's JSON text (the
 * text DuckDB's to_json gives the row; see update_columns), hashes it with SHA-256 (OpenSSL: the
 * CPU's SHA instructions where it has them) without the GIL, and files each hash in one of 256
 * buckets by its first byte. finish() sorts every bucket and gives, for each non-empty one,
 * (bucket as two hex digits, row count, SHA-256 of the bucket's hashes as lowercase hex,
 * concatenated in order): what
 *     SELECT left(h, 2), count(*), sha256(string_agg(h, '' ORDER BY h))
 *     FROM (SELECT sha256(to_json(t)::VARCHAR) AS h FROM t) GROUP BY 1
 * gives. Hashes sort the same as raw bytes and as hex text.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HASH 32

/* SHA-256, fetched once when the module loads: OpenSSL's one-shot SHA256() fetches it again on
 * every call, which costs more than hashing a row */
static EVP_MD *sha256_md;

/* one text's SHA-256 with a context used again for every row; 0 when OpenSSL fails */
static int sha256_into(EVP_MD_CTX *ctx, const void *data, size_t n, unsigned char *out) {
    unsigned int length = 0;
    return EVP_DigestInit_ex2(ctx, sha256_md, NULL) && EVP_DigestUpdate(ctx, data, n) &&
           EVP_DigestFinal_ex(ctx, out, &length);
}

typedef struct {
    unsigned char *data;
    size_t count;
    size_t capacity;
} Bucket;

typedef struct {
    PyObject_HEAD
    Bucket buckets[256];
    uint64_t rows;
} Digest;

static int bucket_reserve(Bucket *b, size_t more) {
    if (b->count + more <= b->capacity) return 0;
    size_t capacity = b->capacity ? b->capacity * 2 : 1024;
    while (capacity < b->count + more) capacity *= 2;
    unsigned char *grown = realloc(b->data, capacity * HASH);
    if (!grown) return -1;
    b->data = grown;
    b->capacity = capacity;
    return 0;
}

static void digest_dealloc(Digest *self) {
    for (int i = 0; i < 256; i++) free(self->buckets[i].data);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* each hash into the bucket of its first byte; -1 when out of memory (nothing filed) */
static int file_hashes(Digest *self, unsigned char (*hashes)[HASH], Py_ssize_t count) {
    size_t per[256] = {0};
    for (Py_ssize_t i = 0; i < count; i++) per[hashes[i][0]]++;
    for (int k = 0; k < 256; k++) {
        if (per[k] && bucket_reserve(&self->buckets[k], per[k]) < 0) return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Bucket *b = &self->buckets[hashes[i][0]];
        memcpy(b->data + b->count * HASH, hashes[i], HASH);
        b->count++;
    }
    self->rows += (uint64_t)count;
    return 0;
}

/* ---- rows as JSON, written here from Arrow columns ----
 *
 * update_columns(columns, count) hashes the JSON text DuckDB's to_json gives each of count rows,
 * writing it from the columns instead: {"name":value,...}. A column is a tuple
 *     (kind, width, key, validity, offset, values, data)
 * kind: COL_JSON (a string array of JSON texts DuckDB wrote for the column: copied), COL_STR
 * (strings: quoted and escaped as DuckDB's JSON writer does), COL_BOOL, COL_INT (signed) or
 * COL_UINT (unsigned); width: bytes per integer, or per string offset (4 or 8); key: the text
 * before the value ('{"name":' for the first column, ',"name":' after); validity: the Arrow
 * validity bitmap or None; offset: the array's offset; values: the integers, booleans or string
 * offsets; data: the string bytes (None otherwise). A null value is written as null. */

enum { COL_JSON = 0, COL_STR = 1, COL_BOOL = 2, COL_INT = 3, COL_UINT = 4 };

typedef struct {
    int kind, width;
    Py_buffer key, validity, values, data;
    int has_validity, has_data;
    Py_ssize_t offset;
} Column;

typedef struct {
    char *buf;
    size_t len, cap;
} Text;

static int text_reserve(Text *t, size_t more) {
    if (t->len + more <= t->cap) return 0;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + more) cap *= 2;
    char *grown = realloc(t->buf, cap);
    if (!grown) return -1;
    t->buf = grown;
    t->cap = cap;
    return 0;
}

static inline int is_valid(const Column *c, Py_ssize_t row) {
    if (!c->has_validity) return 1;
    Py_ssize_t i = c->offset + row;
    return (((const uint8_t *)c->validity.buf)[i >> 3] >> (i & 7)) & 1;
}

static inline void string_bounds(const Column *c, Py_ssize_t row, int64_t *a, int64_t *b) {
    Py_ssize_t i = c->offset + row;
    if (c->width == 8) {
        *a = ((const int64_t *)c->values.buf)[i];
        *b = ((const int64_t *)c->values.buf)[i + 1];
    } else {
        *a = ((const int32_t *)c->values.buf)[i];
        *b = ((const int32_t *)c->values.buf)[i + 1];
    }
}

static const char UPPER_HEX[] = "0123456789ABCDEF";

/* the string's JSON text: quotes, \" \\ \b \t \n \f \r, other bytes below 0x20 as \u00XX
 * (capital hex), every other byte (UTF-8 included) as it is */
static char *write_string(char *out, const unsigned char *s, size_t n) {
    *out++ = '"';
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        memcpy(out, s + run, i - run);
        out += i - run;
        run = i + 1;
        *out++ = '\\';
        switch (ch) {
            case '"': *out++ = '"'; break;
            case '\\': *out++ = '\\'; break;
            case '\b': *out++ = 'b'; break;
            case '\t': *out++ = 't'; break;
            case '\n': *out++ = 'n'; break;
            case '\f': *out++ = 'f'; break;
            case '\r': *out++ = 'r'; break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = UPPER_HEX[ch >> 4];
                *out++ = UPPER_HEX[ch & 15];
        }
    }
    memcpy(out, s + run, n - run);
    out += n - run;
    *out++ = '"';
    return out;
}

static char *write_unsigned(char *out, uint64_t v) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *out++ = digits[--n];
    return out;
}

static inline int64_t signed_at(const Column *c, Py_ssize_t i) {
    switch (c->width) {
        case 1: return ((const int8_t *)c->values.buf)[i];
        case 2: return ((const int16_t *)c->values.buf)[i];
        case 4: return ((const int32_t *)c->values.buf)[i];
        default: return ((const int64_t *)c->values.buf)[i];
    }
}

static inline uint64_t unsigned_at(const Column *c, Py_ssize_t i) {
    switch (c->width) {
        case 1: return ((const uint8_t *)c->values.buf)[i];
        case 2: return ((const uint16_t *)c->values.buf)[i];
        case 4: return ((const uint32_t *)c->values.buf)[i];
        default: return ((const uint64_t *)c->values.buf)[i];
    }
}

/* the row's JSON text into t (reset first); -1 when out of memory, -2 on a bad offset */
static int write_row(Text *t, const Column *cols, Py_ssize_t ncols, Py_ssize_t row) {
    t->len = 0;
    for (Py_ssize_t k = 0; k < ncols; k++) {
        const Column *c = &cols[k];
        size_t room = (size_t)c->key.len + 24; /* an integer, a boolean or null */
        int64_t a = 0, b = 0;
        int valid = is_valid(c, row);
        if (valid && (c->kind == COL_STR || c->kind == COL_JSON)) {
            string_bounds(c, row, &a, &b);
            if (a < 0 || b < a || b > c->data.len) return -2;
            room += (size_t)(b - a) * (c->kind == COL_STR ? 6 : 1) + 2;
        }
        if (text_reserve(t, room + 1) < 0) return -1;
        char *out = t->buf + t->len;
        memcpy(out, c->key.buf, (size_t)c->key.len);
        out += c->key.len;
        Py_ssize_t i = c->offset + row;
        if (!valid) {
            memcpy(out, "null", 4);
            out += 4;
        } else if (c->kind == COL_STR) {
            out = write_string(out, (const unsigned char *)c->data.buf + a, (size_t)(b - a));
        } else if (c->kind == COL_JSON) {
            memcpy(out, (const char *)c->data.buf + a, (size_t)(b - a));
            out += b - a;
        } else if (c->kind == COL_BOOL) {
            int v = (((const uint8_t *)c->values.buf)[i >> 3] >> (i & 7)) & 1;
            memcpy(out, v ? "true" : "false", v ? 4 : 5);
            out += v ? 4 : 5;
        } else if (c->kind == COL_INT) {
            int64_t v = signed_at(c, i);
            if (v < 0) {
                *out++ = '-';
                out = write_unsigned(out, (uint64_t)0 - (uint64_t)v);
            } else {
                out = write_unsigned(out, (uint64_t)v);
            }
        } else {
            out = write_unsigned(out, unsigned_at(c, i));
        }
        t->len = (size_t)(out - t->buf);
    }
    if (text_reserve(t, 1) < 0) return -1;
    t->buf[t->len++] = '}';
    return 0;
}

static void release_column(Column *c) {
    PyBuffer_Release(&c->key);
    PyBuffer_Release(&c->values);
    if (c->has_validity) PyBuffer_Release(&c->validity);
    if (c->has_data) PyBuffer_Release(&c->data);
}

/* one column's buffers, checked to hold what count rows from its offset need */
static int column_from(PyObject *spec, Column *c, Py_ssize_t count) {
    PyObject *validity, *data;
    memset(c, 0, sizeof *c);
    if (!PyTuple_Check(spec)) {
        PyErr_SetString(PyExc_TypeError, "a column is a tuple");
        return -1;
    }
    if (!PyArg_ParseTuple(spec, "iiy*Ony*O;a column is (kind, width, key, validity, offset, "
                          "values, data)", &c->kind, &c->width, &c->key, &validity, &c->offset,
                          &c->values, &data)) {
        return -1;
    }
    if (data != Py_None) {
        if (PyObject_GetBuffer(data, &c->data, PyBUF_SIMPLE) < 0) goto failed;
        c->has_data = 1;
    }
    if (validity != Py_None) {
        if (PyObject_GetBuffer(validity, &c->validity, PyBUF_SIMPLE) < 0) goto failed;
        c->has_validity = 1;
    }
    const char *problem = NULL;
    size_t end = (size_t)(c->offset + count);
    if (c->offset < 0) {
        problem = "a negative offset";
    } else if (c->kind < COL_JSON || c->kind > COL_UINT) {
        problem = "an unknown column kind";
    } else if (c->has_validity && (size_t)c->validity.len < (end + 7) / 8) {
        problem = "a validity bitmap too short for the rows";
    } else if (c->kind == COL_STR || c->kind == COL_JSON) {
        if ((c->width != 4 && c->width != 8) || !c->has_data) {
            problem = "a string column needs 4- or 8-byte offsets and data";
        } else if ((size_t)c->values.len < (end + 1) * (size_t)c->width) {
            problem = "string offsets too short for the rows";
        }
    } else if (c->kind == COL_BOOL) {
        if ((size_t)c->values.len < (end + 7) / 8) problem = "booleans too short for the rows";
    } else if (c->width != 1 && c->width != 2 && c->width != 4 && c->width != 8) {
        problem = "integers of 1, 2, 4 or 8 bytes only";
    } else if ((size_t)c->values.len < end * (size_t)c->width) {
        problem = "integers too short for the rows";
    }
    if (!problem) return 0;
    PyErr_SetString(PyExc_ValueError, problem);
failed:
    release_column(c);
    return -1;
}

static void release_columns(Column *cols, Py_ssize_t n) {
    for (Py_ssize_t k = 0; k < n; k++) release_column(&cols[k]);
    free(cols);
}

static PyObject *digest_update_columns(Digest *self, PyObject *args) {
    PyObject *given;
    Py_ssize_t count;
    if (!PyArg_ParseTuple(args, "On", &given, &count)) return NULL;
    PyObject *specs = PySequence_Fast(given, "columns must be a sequence of tuples");
    if (!specs) return NULL;
    Py_ssize_t ncols = PySequence_Fast_GET_SIZE(specs);
    if (count < 0 || ncols < 1) {
        Py_DECREF(specs);
        PyErr_SetString(PyExc_ValueError, "rows need a count of at least 0 and a column");
        return NULL;
    }
    Column *cols = calloc((size_t)ncols, sizeof(Column));
    if (!cols) {
        Py_DECREF(specs);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < ncols; k++) {
        if (column_from(PySequence_Fast_GET_ITEM(specs, k), &cols[k], count) < 0) {
            release_columns(cols, k);
            Py_DECREF(specs);
            return NULL;
        }
    }
    /* the buffers are held: the tuples may go */
    Py_DECREF(specs);
    unsigned char (*hashes)[HASH] = malloc((size_t)(count ? count : 1) * HASH);
    if (!hashes) {
        release_columns(cols, ncols);
        return PyErr_NoMemory();
    }
    int failed = 0;
    Py_BEGIN_ALLOW_THREADS
    Text text = {NULL, 0, 0};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx) failed = -3;
    for (Py_ssize_t row = 0; row < count && !failed; row++) {
        failed = write_row(&text, cols, ncols, row);
        if (!failed && !sha256_into(ctx, text.buf, text.len, hashes[row])) failed = -3;
    }
    EVP_MD_CTX_free(ctx);
    free(text.buf);
    Py_END_ALLOW_THREADS
    release_columns(cols, ncols);
    if (failed) {
        free(hashes);
        if (failed == -1) return PyErr_NoMemory();
        if (failed == -2) PyErr_SetString(PyExc_ValueError, "a string offset points outside the data");
        else PyErr_SetString(PyExc_RuntimeError, "OpenSSL's SHA-256 failed");
        return NULL;
    }
    int filed = file_hashes(self, hashes, count);
    free(hashes);
    if (filed < 0) return PyErr_NoMemory();
    return Py_NewRef(Py_None);
}

static int compare_hashes(const void *a, const void *b) { return memcmp(a, b, HASH); }

/* sorts a bucket's hashes (all with the same first byte): spread by their second byte into
 * scratch (room for n), then each small run sorted and copied back */
static void sort_bucket(unsigned char *data, size_t n, unsigned char *scratch) {
    size_t start[257] = {0};
    for (size_t i = 0; i < n; i++) start[data[i * HASH + 1] + 1]++;
    for (int k = 0; k < 256; k++) start[k + 1] += start[k];
    size_t next[256];
    memcpy(next, start, sizeof next);
    for (size_t i = 0; i < n; i++) {
        unsigned char second = data[i * HASH + 1];
        memcpy(scratch + next[second]++ * HASH, data + i * HASH, HASH);
    }
    for (int k = 0; k < 256; k++) {
        size_t m = start[k + 1] - start[k];
        if (m > 1) qsort(scratch + start[k] * HASH, m, HASH, compare_hashes);
    }
    memcpy(data, scratch, n * HASH);
}

static const char HEX[] = "0123456789abcdef";

static void to_hex(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX[in[i] >> 4];
        out[2 * i + 1] = HEX[in[i] & 15];
    }
}

/* finish() -> [(bucket, count, sha256 hex)] for the non-empty buckets, in order */
static PyObject *digest_finish(Digest *self, PyObject *unused) {
    (void)unused;
    char sums[256][2 * HASH];
    int failed = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int k = 0; k < 256 && !failed; k++) {
        Bucket *b = &self->buckets[k];
        if (!b->count) continue;
        unsigned char *scratch = malloc(b->count * HASH);
        if (!scratch) {
            failed = 2;
            break;
        }
        sort_bucket(b->data, b->count, scratch);
        free(scratch);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        char line[2 * HASH * 64];
        unsigned char sum[HASH];
        unsigned int length = 0;
        if (!ctx || !EVP_DigestInit_ex2(ctx, sha256_md, NULL)) {
            failed = 1;
        } else {
            for (size_t i = 0; i < b->count && !failed; i += 64) {
                size_t n = b->count - i < 64 ? b->count - i : 64;
                for (size_t j = 0; j < n; j++) to_hex(b->data + (i + j) * HASH, HASH, line + j * 2 * HASH);
                if (!EVP_DigestUpdate(ctx, line, n * 2 * HASH)) failed = 1;
            }
            if (!failed && !EVP_DigestFinal_ex(ctx, sum, &length)) failed = 1;
        }
        EVP_MD_CTX_free(ctx);
        if (!failed) to_hex(sum, HASH, sums[k]);
    }
    Py_END_ALLOW_THREADS
    if (failed == 2) return PyErr_NoMemory();
    if (failed) {
        PyErr_SetString(PyExc_RuntimeError, "OpenSSL's SHA-256 failed");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (int k = 0; k < 256; k++) {
        Bucket *b = &self->buckets[k];
        if (!b->count) continue;
        char name[3] = {HEX[k >> 4], HEX[k & 15], 0};
        PyObject *item = Py_BuildValue("(sns#)", name, (Py_ssize_t)b->count, sums[k], (Py_ssize_t)(2 * HASH));
        if (!item || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    return out;
}

static PyObject *digest_rows(Digest *self, void *closure) {
    (void)closure;
    return PyLong_FromUnsignedLongLong(self->rows);
}

static PyMethodDef digest_methods[] = {
    {"update_columns", (PyCFunction)digest_update_columns, METH_VARARGS,
     "update_columns(columns, count): hash count rows' JSON texts, written from Arrow columns"},
    {"finish", (PyCFunction)digest_finish, METH_NOARGS,
     "finish() -> [(bucket, count, sha256 hex)]: each non-empty bucket's sorted hashes, hashed"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef digest_getset[] = {
    {"rows", (getter)digest_rows, NULL, "rows hashed so far", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject DigestType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "seized.model._rowdigest.Digest",
    .tp_basicsize = sizeof(Digest),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "SHA-256 of each row's JSON text, in 256 buckets by the hash's first byte",
    .tp_new = PyType_GenericNew,
    .tp_dealloc = (destructor)digest_dealloc,
    .tp_methods = digest_methods,
    .tp_getset = digest_getset,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "seized.model._rowdigest",
    "The rows of a table digested for the custody log (see seized.integrity)", -1, NULL,
};

PyMODINIT_FUNC PyInit__rowdigest(void) {
    if (!sha256_md && !(sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL))) {
        PyErr_SetString(PyExc_ImportError, "OpenSSL has no SHA-256");
        return NULL;
    }
    if (PyType_Ready(&DigestType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "Digest", (PyObject *)&DigestType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
