/* seized.model._rowdigest: the custody digest of a table's rows (seized.integrity), computed here
 * instead of by DuckDB's own SHA-256, which is several times slower than OpenSSL's.
 *
 * A Digest takes the rows' JSON texts as Arrow string arrays (their offsets and data buffers),
 * hashes each with SHA-256 (OpenSSL: the CPU's SHA instructions where it has them) without the
 * GIL, and files each hash in one of 256 buckets by its first byte. finish() sorts every bucket
 * and gives, for each non-empty one, (bucket as two hex digits, row count, SHA-256 of the
 * bucket's hashes as lowercase hex, concatenated in order): what
 *     SELECT left(h, 2), count(*), sha256(string_agg(h, '' ORDER BY h))
 *     FROM (SELECT sha256(json) AS h ...) GROUP BY 1
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

/* update(offsets, data, start, count, wide): rows start..start+count-1 of an Arrow string
 * array: offsets holds int32 (int64 when wide) offsets into data. */
static PyObject *digest_update(Digest *self, PyObject *args) {
    Py_buffer offsets, data;
    Py_ssize_t start, count;
    int wide;
    if (!PyArg_ParseTuple(args, "y*y*nnp", &offsets, &data, &start, &count, &wide)) return NULL;
    size_t width = wide ? 8 : 4;
    PyObject *result = NULL;
    if (start < 0 || count < 0 || (size_t)(start + count + 1) * width > (size_t)offsets.len) {
        PyErr_SetString(PyExc_ValueError, "offsets too short for the rows given");
        goto done;
    }
    /* room first (with the GIL, for the error), then the hashing without it */
    unsigned char (*hashes)[HASH] = malloc((size_t)(count ? count : 1) * HASH);
    if (!hashes) {
        PyErr_NoMemory();
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t a, b;
        if (wide) {
            a = ((const int64_t *)offsets.buf)[start + i];
            b = ((const int64_t *)offsets.buf)[start + i + 1];
        } else {
            a = ((const int32_t *)offsets.buf)[start + i];
            b = ((const int32_t *)offsets.buf)[start + i + 1];
        }
        if (a < 0 || b < a || b > data.len) {
            bad = 1;
            break;
        }
        SHA256((const unsigned char *)data.buf + a, (size_t)(b - a), hashes[i]);
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        free(hashes);
        PyErr_SetString(PyExc_ValueError, "an offset points outside the data");
        goto done;
    }
    size_t per[256] = {0};
    for (Py_ssize_t i = 0; i < count; i++) per[hashes[i][0]]++;
    for (int k = 0; k < 256; k++) {
        if (per[k] && bucket_reserve(&self->buckets[k], per[k]) < 0) {
            free(hashes);
            PyErr_NoMemory();
            goto done;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Bucket *b = &self->buckets[hashes[i][0]];
        memcpy(b->data + b->count * HASH, hashes[i], HASH);
        b->count++;
    }
    self->rows += (uint64_t)count;
    free(hashes);
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    return result;
}

static int compare_hashes(const void *a, const void *b) { return memcmp(a, b, HASH); }

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
        qsort(b->data, b->count, HASH, compare_hashes);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        char line[2 * HASH * 64];
        unsigned char sum[HASH];
        unsigned int length = 0;
        if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
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
    {"update", (PyCFunction)digest_update, METH_VARARGS,
     "update(offsets, data, start, count, wide): hash rows start..start+count-1 of an Arrow "
     "string array (int32 offsets, int64 when wide)"},
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
    if (PyType_Ready(&DigestType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "Digest", (PyObject *)&DigestType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
