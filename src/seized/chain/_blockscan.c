/* The compiled core of seized.chain.block: the walk over a block's transactions, the cutting
 * of input, output and witness fields out of the block's bytes, and the merkle root.
 *
 * Everything here reads bytes from seized media, which may be damaged or crafted: every read is
 * checked against the end of the buffer before it happens, CompactSize counts and lengths are
 * read as unsigned 64-bit values and compared against the bytes that remain (never added to a
 * position first), so no arithmetic overflows. A transaction that does not fit raises
 * ScanError(index, start); block.py turns that into an InputError naming the offset.
 *
 * scan() walks and hashes without the GIL into C arrays, then hands them over as bytes
 * objects (columns of int64); the fields of inputs, outputs and witnesses are cut out later,
 * when block.py first needs them, by the functions below it. txids, wtxids and merkle roots
 * are double SHA-256 (_sha256.h). The pure-Python walk in tests/chain/block_reference.py is
 * the reference this one is tested against, result for result and error for error.
 *
 * standard_addresses() gives the address of each P2SH, P2PKH, P2WPKH, P2WSH and P2TR output
 * script (base58check and bech32/bech32m written here) for seized.chain.record, which asks the
 * pure-Python seized.chain.address.script_to_address, the reference, about every other script.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

#include "_sha256.h"

/* --- reading ----------------------------------------------------------------------------- */

static uint32_t
load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t
load_le64(const uint8_t *p)
{
    return (uint64_t)load_le32(p) | ((uint64_t)load_le32(p + 4) << 32);
}

/* The CompactSize at *p (before end): its value in *out, *p moved past it. 0 if it does not
 * fit. Non-minimal encodings are accepted, as the pure-Python parser accepted them. */
static int
read_varint(const uint8_t *d, size_t end, size_t *p, uint64_t *out)
{
    size_t at = *p;
    uint8_t first;
    if (at >= end) {
        return 0;
    }
    first = d[at];
    if (first < 0xFD) {
        *out = first;
        *p = at + 1;
        return 1;
    }
    if (first == 0xFD) {
        if (end - at < 3) {
            return 0;
        }
        *out = (uint64_t)d[at + 1] | ((uint64_t)d[at + 2] << 8);
        *p = at + 3;
        return 1;
    }
    if (first == 0xFE) {
        if (end - at < 5) {
            return 0;
        }
        *out = load_le32(d + at + 1);
        *p = at + 5;
        return 1;
    }
    if (end - at < 9) {
        return 0;
    }
    *out = load_le64(d + at + 1);
    *p = at + 9;
    return 1;
}

/* The length-prefixed field whose CompactSize is at *p: *start is where its bytes begin,
 * *p moves past them. 0 if the field does not fit. */
static int
read_field(const uint8_t *d, size_t end, size_t *p, size_t *start)
{
    uint64_t n;
    if (!read_varint(d, end, p, &n) || n > end - *p) {
        return 0;
    }
    *start = *p;
    *p += (size_t)n;
    return 1;
}

/* --- columns of 64-bit integers ----------------------------------------------------------- */

/* The walk's results go to Python as bytes objects of native int64 values, one bytes object
 * per column; block.py turns one into a list the first time it is read. Filled without the
 * GIL, so with the raw allocator. */
typedef struct {
    int64_t *v;
    size_t n, cap;
} column;

static int
column_push(column *c, size_t x)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        int64_t *v = PyMem_RawRealloc(c->v, cap * sizeof *v);
        if (v == NULL) {
            return 0;
        }
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = (int64_t)x;
    return 1;
}

static PyObject *
column_bytes(const column *c)
{
    return PyBytes_FromStringAndSize((const char *)c->v, (Py_ssize_t)(c->n * sizeof(int64_t)));
}

/* A column handed back from Python: any buffer of int64 values. */
typedef struct {
    Py_buffer buf;
    size_t n;
} packed;

static int
packed_get(PyObject *obj, packed *p)
{
    if (PyObject_GetBuffer(obj, &p->buf, PyBUF_SIMPLE) < 0) {
        return 0;
    }
    if (p->buf.len % (Py_ssize_t)sizeof(int64_t)) {
        PyBuffer_Release(&p->buf);
        PyErr_SetString(PyExc_ValueError, "a column holds whole 64-bit integers");
        return 0;
    }
    p->n = (size_t)p->buf.len / sizeof(int64_t);
    return 1;
}

static int64_t
packed_at(const packed *p, size_t i)
{
    int64_t v;
    memcpy(&v, (const char *)p->buf.buf + i * sizeof v, sizeof v);
    return v;
}

/* --- the walk ----------------------------------------------------------------------------- */

enum { SCAN_OK, SCAN_CORRUPT, SCAN_NOMEM };

typedef struct {
    const uint8_t *d;
    size_t end;
    column tx_start, tx_size, tx_base_size; /* per transaction */
    column tx_in, tx_out;                   /* inputs (outputs) before each transaction, and all */
    column ins, outs;                       /* offset of each input's outpoint, output's value */
    column witness;                         /* pairs: input index, offset of its witness stack */
    uint8_t *txids;                         /* 32 bytes per transaction */
    size_t n_tx;                            /* transactions walked */
} scan_state;

/* Walk the transaction at *pos, record it and hash its txid; *pos moves past it on success
 * and stays at its start otherwise. Mirrors the pure-Python walk in the tests exactly. */
static int
scan_one(scan_state *s, size_t *pos)
{
    const uint8_t *d = s->d;
    const size_t end = s->end;
    const size_t n_inputs = s->ins.n;
    size_t p = *pos, start = p, ins_start, outs_end, field;
    uint64_t n_in, n_out, i, j, n_items;
    int segwit;

    if (end - p < 5) { /* version, then the marker or the input count */
        return SCAN_CORRUPT;
    }
    p += 4;
    segwit = d[p] == 0;
    if (segwit) {
        if (end - p < 2 || d[p + 1] != 1) {
            return SCAN_CORRUPT; /* an unknown flag */
        }
        p += 2;
    }
    ins_start = p;
    /* an input takes at least 41 bytes, an output 9: a larger count cannot fit */
    if (!read_varint(d, end, &p, &n_in) || n_in > (end - p) / 41) {
        return SCAN_CORRUPT;
    }
    for (i = 0; i < n_in; i++) {
        if (!column_push(&s->ins, p)) {
            return SCAN_NOMEM;
        }
        if (end - p < 37) {
            return SCAN_CORRUPT;
        }
        p += 36; /* outpoint */
        if (!read_field(d, end, &p, &field) || end - p < 4) {
            return SCAN_CORRUPT;
        }
        p += 4; /* sequence */
    }
    if (!read_varint(d, end, &p, &n_out) || n_out > (end - p) / 9) {
        return SCAN_CORRUPT;
    }
    for (i = 0; i < n_out; i++) {
        if (!column_push(&s->outs, p)) {
            return SCAN_NOMEM;
        }
        if (end - p < 9) {
            return SCAN_CORRUPT;
        }
        p += 8; /* value */
        if (!read_field(d, end, &p, &field)) {
            return SCAN_CORRUPT;
        }
    }
    outs_end = p;
    if (segwit) {
        for (i = 0; i < n_in; i++) {
            if (p >= end) {
                return SCAN_CORRUPT;
            }
            /* a stack is recorded when its count's first byte is not zero */
            if (d[p] && (!column_push(&s->witness, n_inputs + (size_t)i) ||
                         !column_push(&s->witness, p))) {
                return SCAN_NOMEM;
            }
            /* each item takes at least one byte */
            if (!read_varint(d, end, &p, &n_items) || n_items > end - p) {
                return SCAN_CORRUPT;
            }
            for (j = 0; j < n_items; j++) {
                if (!read_field(d, end, &p, &field)) {
                    return SCAN_CORRUPT;
                }
            }
        }
    }
    if (end - p < 4) {
        return SCAN_CORRUPT;
    }
    p += 4; /* lock time */

    if (segwit) {
        /* the txid leaves out marker, flag and witnesses */
        sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, d + start, 4);
        sha256_update(&ctx, d + ins_start, outs_end - ins_start);
        sha256_update(&ctx, d + p - 4, 4);
        sha256d_final(&ctx, s->txids + 32 * s->n_tx);
    }
    else {
        sha256d(d + start, p - start, s->txids + 32 * s->n_tx);
    }
    if (!column_push(&s->tx_start, start) || !column_push(&s->tx_size, p - start) ||
        !column_push(&s->tx_base_size, segwit ? 8 + (outs_end - ins_start) : p - start) ||
        !column_push(&s->tx_in, s->ins.n) || !column_push(&s->tx_out, s->outs.n)) {
        return SCAN_NOMEM;
    }
    s->n_tx++;
    *pos = p;
    return SCAN_OK;
}

static PyObject *ScanError;

static PyObject *
scan_result(const scan_state *s, size_t end_pos, PyObject *txids)
{
    const column *cols[8] = {&s->tx_start, &s->tx_size, &s->tx_base_size, &s->tx_in,
                             &s->tx_out,   &s->ins,     &s->outs,         &s->witness};
    PyObject *result = PyTuple_New(10), *x;
    int k;
    if (result == NULL) {
        return NULL;
    }
    if ((x = PyLong_FromSize_t(end_pos)) == NULL) {
        goto fail;
    }
    PyTuple_SET_ITEM(result, 0, x);
    Py_INCREF(txids);
    PyTuple_SET_ITEM(result, 1, txids);
    for (k = 0; k < 8; k++) {
        if ((x = column_bytes(cols[k])) == NULL) {
            goto fail;
        }
        PyTuple_SET_ITEM(result, 2 + k, x);
    }
    return result;
fail:
    Py_DECREF(result);
    return NULL;
}

PyDoc_STRVAR(scan_doc,
             "scan(data, pos, n_tx)\n--\n\n"
             "Walk n_tx transactions of the block in data from byte pos. Returns (end, txids, "
             "tx_start, tx_size, tx_base_size, tx_in, tx_out, in_offset, out_offset, "
             "witness_offset): txids as 32-byte hashes one after the other, the rest as "
             "columns of native int64 (witness_offset as pairs of input index and offset). "
             "Raises ScanError(index, start) for the first transaction that does not fit or "
             "is malformed.");

static PyObject *
blockscan_scan(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer buf;
    Py_ssize_t pos, n_tx;
    scan_state s;
    size_t p, cap;
    int status = SCAN_OK;
    PyObject *txids = NULL, *result = NULL;

    if (!PyArg_ParseTuple(args, "y*nn:scan", &buf, &pos, &n_tx)) {
        return NULL;
    }
    if (pos < 0 || pos > buf.len || n_tx < 0) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "scan: position or count out of range");
        return NULL;
    }
    memset(&s, 0, sizeof s);
    s.d = buf.buf;
    s.end = (size_t)buf.len;
    p = (size_t)pos;
    /* a transaction takes at least 10 bytes: when fewer remain for n_tx, the walk fails
     * before it needs more room than that */
    cap = (s.end - p) / 10 + 1;
    if ((size_t)n_tx < cap) {
        cap = (size_t)n_tx;
    }
    if ((txids = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(32 * cap))) == NULL) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    s.txids = (uint8_t *)PyBytes_AS_STRING(txids);
    if (!column_push(&s.tx_in, 0) || !column_push(&s.tx_out, 0)) {
        status = SCAN_NOMEM;
    }

    Py_BEGIN_ALLOW_THREADS
    while (status == SCAN_OK && s.n_tx < (size_t)n_tx) {
        status = s.n_tx < cap ? scan_one(&s, &p) : SCAN_CORRUPT;
    }
    Py_END_ALLOW_THREADS

    if (status == SCAN_NOMEM) {
        PyErr_NoMemory();
    }
    else if (status == SCAN_CORRUPT) {
        PyObject *exc_args = Py_BuildValue("(nn)", (Py_ssize_t)s.n_tx, (Py_ssize_t)p);
        if (exc_args != NULL) {
            PyErr_SetObject(ScanError, exc_args);
            Py_DECREF(exc_args);
        }
    }
    else {
        /* the walk got through all n_tx transactions, so n_tx == cap and txids is full */
        result = scan_result(&s, p, txids);
    }
    Py_DECREF(txids);
    PyMem_RawFree(s.tx_start.v);
    PyMem_RawFree(s.tx_size.v);
    PyMem_RawFree(s.tx_base_size.v);
    PyMem_RawFree(s.tx_in.v);
    PyMem_RawFree(s.tx_out.v);
    PyMem_RawFree(s.ins.v);
    PyMem_RawFree(s.outs.v);
    PyMem_RawFree(s.witness.v);
    PyBuffer_Release(&buf);
    return result;
}

/* --- columns cut out of the block's bytes, on first use ----------------------------------- */

static PyObject *
bad_field(void)
{
    PyErr_SetString(PyExc_ValueError, "a field runs past the end of the data");
    return NULL;
}

/* PyArg_ParseTuple converter ("O&") for a packed column; its buffer is released by the caller
 * after a successful parse, by PyArg_ParseTuple when a later argument fails. */
static int
packed_arg(PyObject *obj, void *out)
{
    packed *p = out;
    if (obj == NULL) {
        PyBuffer_Release(&p->buf);
        return 1;
    }
    return packed_get(obj, p) ? Py_CLEANUP_SUPPORTED : 0;
}

/* The position given by a column entry, checked to lie inside the data; -1 when not. */
static Py_ssize_t
position(const packed *col, size_t i, const Py_buffer *data)
{
    int64_t o = packed_at(col, i);
    if (o < 0 || o > (int64_t)data->len) {
        bad_field();
        return -1;
    }
    return (Py_ssize_t)o;
}

PyDoc_STRVAR(wtxids_doc,
             "wtxids(data, txids, tx_start, tx_size, tx_base_size)\n--\n\n"
             "The wtxids, 32 bytes each one after the other: the txid where a transaction has "
             "no witness, else the double SHA-256 of all its bytes.");

static PyObject *
blockscan_wtxids(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer data, txids;
    packed start, size, base;
    PyObject *out = NULL;
    size_t n, i;

    if (!PyArg_ParseTuple(args, "y*y*O&O&O&:wtxids", &data, &txids, packed_arg, &start,
                          packed_arg, &size, packed_arg, &base)) {
        return NULL;
    }
    n = start.n;
    if (size.n != n || base.n != n || (size_t)txids.len != 32 * n) {
        PyErr_SetString(PyExc_ValueError, "wtxids: the columns differ in length");
        goto done;
    }
    for (i = 0; i < n; i++) {
        int64_t o = packed_at(&start, i), k = packed_at(&size, i);
        if (o < 0 || k < 0 || o > (int64_t)data.len || k > (int64_t)data.len - o) {
            bad_field();
            goto done;
        }
    }
    if ((out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(32 * n))) != NULL) {
        uint8_t *w = (uint8_t *)PyBytes_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        for (i = 0; i < n; i++) {
            int64_t k = packed_at(&size, i);
            if (k == packed_at(&base, i)) {
                memcpy(w + 32 * i, (const uint8_t *)txids.buf + 32 * i, 32);
            }
            else {
                sha256d((const uint8_t *)data.buf + packed_at(&start, i), (size_t)k, w + 32 * i);
            }
        }
        Py_END_ALLOW_THREADS
    }
done:
    PyBuffer_Release(&base.buf);
    PyBuffer_Release(&size.buf);
    PyBuffer_Release(&start.buf);
    PyBuffer_Release(&txids);
    PyBuffer_Release(&data);
    return out;
}

PyDoc_STRVAR(tx_fields_doc,
             "tx_fields(data, tx_start, tx_size)\n--\n\n"
             "(versions, lock_times) of the transactions at tx_start of tx_size bytes.");

static PyObject *
blockscan_tx_fields(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer data;
    packed start, size;
    PyObject *versions = NULL, *lock_times = NULL, *result = NULL;
    size_t n, i;

    if (!PyArg_ParseTuple(args, "y*O&O&:tx_fields", &data, packed_arg, &start, packed_arg,
                          &size)) {
        return NULL;
    }
    n = start.n;
    if (size.n != n) {
        PyErr_SetString(PyExc_ValueError, "tx_fields: the columns differ in length");
        goto done;
    }
    if ((versions = PyList_New((Py_ssize_t)n)) == NULL ||
        (lock_times = PyList_New((Py_ssize_t)n)) == NULL) {
        goto done;
    }
    for (i = 0; i < n; i++) {
        const uint8_t *d = data.buf;
        int64_t o = packed_at(&start, i), k = packed_at(&size, i);
        PyObject *x;
        if (o < 0 || k < 8 || o > (int64_t)data.len || k > (int64_t)data.len - o) {
            bad_field();
            goto done;
        }
        if ((x = PyLong_FromUnsignedLong(load_le32(d + o))) == NULL) {
            goto done;
        }
        PyList_SET_ITEM(versions, (Py_ssize_t)i, x);
        if ((x = PyLong_FromUnsignedLong(load_le32(d + o + k - 4))) == NULL) {
            goto done;
        }
        PyList_SET_ITEM(lock_times, (Py_ssize_t)i, x);
    }
    result = PyTuple_Pack(2, versions, lock_times);
done:
    Py_XDECREF(versions);
    Py_XDECREF(lock_times);
    PyBuffer_Release(&size.buf);
    PyBuffer_Release(&start.buf);
    PyBuffer_Release(&data);
    return result;
}

PyDoc_STRVAR(input_fields_doc,
             "input_fields(data, in_offset)\n--\n\n"
             "(prev_txids, prev_vouts, scripts, sequences) of the inputs at in_offset.");

static PyObject *
blockscan_input_fields(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer data;
    packed offsets;
    PyObject *cols[4] = {NULL, NULL, NULL, NULL}, *result = NULL;
    size_t n, i;
    int k;

    if (!PyArg_ParseTuple(args, "y*O&:input_fields", &data, packed_arg, &offsets)) {
        return NULL;
    }
    n = offsets.n;
    for (k = 0; k < 4; k++) {
        if ((cols[k] = PyList_New((Py_ssize_t)n)) == NULL) {
            goto done;
        }
    }
    for (i = 0; i < n; i++) {
        const uint8_t *d = data.buf;
        const size_t end = (size_t)data.len;
        size_t p, script;
        PyObject *x[4];
        Py_ssize_t o = position(&offsets, i, &data);
        if (o < 0) {
            goto done;
        }
        p = (size_t)o;
        if (end - p < 37) {
            bad_field();
            goto done;
        }
        p += 36;
        if (!read_field(d, end, &p, &script) || end - p < 4) {
            bad_field();
            goto done;
        }
        x[0] = PyBytes_FromStringAndSize((const char *)d + o, 32);
        x[1] = PyLong_FromUnsignedLong(load_le32(d + o + 32));
        x[2] = PyBytes_FromStringAndSize((const char *)d + script, (Py_ssize_t)(p - script));
        x[3] = PyLong_FromUnsignedLong(load_le32(d + p));
        if (x[0] == NULL || x[1] == NULL || x[2] == NULL || x[3] == NULL) {
            for (k = 0; k < 4; k++) {
                Py_XDECREF(x[k]);
            }
            goto done;
        }
        for (k = 0; k < 4; k++) {
            PyList_SET_ITEM(cols[k], (Py_ssize_t)i, x[k]);
        }
    }
    result = PyTuple_Pack(4, cols[0], cols[1], cols[2], cols[3]);
done:
    for (k = 0; k < 4; k++) {
        Py_XDECREF(cols[k]);
    }
    PyBuffer_Release(&offsets.buf);
    PyBuffer_Release(&data);
    return result;
}

PyDoc_STRVAR(output_fields_doc,
             "output_fields(data, out_offset)\n--\n\n"
             "(values, scripts) of the outputs at out_offset.");

static PyObject *
blockscan_output_fields(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer data;
    packed offsets;
    PyObject *values = NULL, *scripts = NULL, *result = NULL;
    size_t n, i;

    if (!PyArg_ParseTuple(args, "y*O&:output_fields", &data, packed_arg, &offsets)) {
        return NULL;
    }
    n = offsets.n;
    if ((values = PyList_New((Py_ssize_t)n)) == NULL ||
        (scripts = PyList_New((Py_ssize_t)n)) == NULL) {
        goto done;
    }
    for (i = 0; i < n; i++) {
        const uint8_t *d = data.buf;
        const size_t end = (size_t)data.len;
        size_t p, script;
        PyObject *x;
        Py_ssize_t o = position(&offsets, i, &data);
        if (o < 0) {
            goto done;
        }
        p = (size_t)o;
        if (end - p < 9) {
            bad_field();
            goto done;
        }
        p += 8;
        if (!read_field(d, end, &p, &script)) {
            bad_field();
            goto done;
        }
        if ((x = PyLong_FromUnsignedLongLong(load_le64(d + o))) == NULL) {
            goto done;
        }
        PyList_SET_ITEM(values, (Py_ssize_t)i, x);
        x = PyBytes_FromStringAndSize((const char *)d + script, (Py_ssize_t)(p - script));
        if (x == NULL) {
            goto done;
        }
        PyList_SET_ITEM(scripts, (Py_ssize_t)i, x);
    }
    result = PyTuple_Pack(2, values, scripts);
done:
    Py_XDECREF(values);
    Py_XDECREF(scripts);
    PyBuffer_Release(&offsets.buf);
    PyBuffer_Release(&data);
    return result;
}

/* The witness stack whose item count is at position o, as a tuple of bytes. */
static PyObject *
witness_stack(const Py_buffer *data, Py_ssize_t o)
{
    const uint8_t *d = data->buf;
    const size_t end = (size_t)data->len;
    size_t p = (size_t)o, start;
    uint64_t count, j;
    PyObject *items;

    /* each item takes at least one byte */
    if (!read_varint(d, end, &p, &count) || count > end - p) {
        return bad_field();
    }
    if ((items = PyTuple_New((Py_ssize_t)count)) == NULL) {
        return NULL;
    }
    for (j = 0; j < count; j++) {
        PyObject *item;
        if (!read_field(d, end, &p, &start)) {
            Py_DECREF(items);
            return bad_field();
        }
        item = PyBytes_FromStringAndSize((const char *)d + start, (Py_ssize_t)(p - start));
        if (item == NULL) {
            Py_DECREF(items);
            return NULL;
        }
        PyTuple_SET_ITEM(items, (Py_ssize_t)j, item);
    }
    return items;
}

PyDoc_STRVAR(witness_stacks_doc,
             "witness_stacks(data, witness_offset)\n--\n\n"
             "{input index: tuple of witness items} for the (input index, offset) pairs.");

static PyObject *
blockscan_witness_stacks(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer data;
    packed pairs;
    PyObject *stacks = NULL;
    size_t i;

    if (!PyArg_ParseTuple(args, "y*O&:witness_stacks", &data, packed_arg, &pairs)) {
        return NULL;
    }
    if (pairs.n % 2) {
        PyErr_SetString(PyExc_ValueError, "witness_stacks: pairs of input index and offset");
        goto done;
    }
    if ((stacks = PyDict_New()) == NULL) {
        goto done;
    }
    for (i = 0; i < pairs.n; i += 2) {
        PyObject *key, *items;
        int failed;
        Py_ssize_t o = position(&pairs, i + 1, &data);
        if (o < 0 || (items = witness_stack(&data, o)) == NULL) {
            Py_CLEAR(stacks);
            goto done;
        }
        key = PyLong_FromLongLong(packed_at(&pairs, i));
        failed = key == NULL || PyDict_SetItem(stacks, key, items) < 0;
        Py_XDECREF(key);
        Py_DECREF(items);
        if (failed) {
            Py_CLEAR(stacks);
            goto done;
        }
    }
done:
    PyBuffer_Release(&pairs.buf);
    PyBuffer_Release(&data);
    return stacks;
}

/* --- hashes ------------------------------------------------------------------------------- */

PyDoc_STRVAR(merkle_root_doc,
             "merkle_root(hashes)\n--\n\n"
             "Bitcoin's merkle root of 32-byte internal-order hashes given one after the other "
             "(the last one doubled on odd levels); 32 zero bytes for none.");

static PyObject *
blockscan_merkle_root(PyObject *Py_UNUSED(module), PyObject *arg)
{
    Py_buffer hashes;
    uint8_t *level;
    size_t n, i;
    PyObject *root;

    if (PyObject_GetBuffer(arg, &hashes, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (hashes.len % 32) {
        PyBuffer_Release(&hashes);
        PyErr_SetString(PyExc_ValueError, "merkle_root: hashes are 32 bytes each");
        return NULL;
    }
    n = (size_t)hashes.len / 32;
    /* room for one more hash: an odd level doubles its last */
    if ((level = PyMem_Malloc(32 * n + 32)) == NULL) {
        PyBuffer_Release(&hashes);
        return PyErr_NoMemory();
    }
    memset(level, 0, 32);
    if (n) {
        memcpy(level, hashes.buf, 32 * n);
    }
    PyBuffer_Release(&hashes);
    Py_BEGIN_ALLOW_THREADS
    while (n > 1) {
        if (n & 1) {
            memcpy(level + 32 * n, level + 32 * (n - 1), 32);
            n++;
        }
        for (i = 0; i < n / 2; i++) {
            sha256d(level + 64 * i, 64, level + 32 * i);
        }
        n /= 2;
    }
    Py_END_ALLOW_THREADS
    root = PyBytes_FromStringAndSize((const char *)level, 32);
    PyMem_Free(level);
    return root;
}

PyDoc_STRVAR(hash_list_doc,
             "hash_list(hashes)\n--\n\n"
             "The 32-byte hashes given one after the other, as a list of bytes.");

static PyObject *
blockscan_hash_list(PyObject *Py_UNUSED(module), PyObject *arg)
{
    Py_buffer hashes;
    PyObject *list = NULL;
    Py_ssize_t n, i;

    if (PyObject_GetBuffer(arg, &hashes, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (hashes.len % 32) {
        PyErr_SetString(PyExc_ValueError, "hash_list: hashes are 32 bytes each");
        goto done;
    }
    n = hashes.len / 32;
    if ((list = PyList_New(n)) == NULL) {
        goto done;
    }
    for (i = 0; i < n; i++) {
        PyObject *h = PyBytes_FromStringAndSize((const char *)hashes.buf + 32 * i, 32);
        if (h == NULL) {
            Py_CLEAR(list);
            goto done;
        }
        PyList_SET_ITEM(list, i, h);
    }
done:
    PyBuffer_Release(&hashes);
    return list;
}

PyDoc_STRVAR(sha256d_doc, "sha256d(data)\n--\n\nDouble SHA-256 of data (internal byte order).");

static PyObject *
blockscan_sha256d(PyObject *Py_UNUSED(module), PyObject *arg)
{
    Py_buffer buf;
    uint8_t out[32];
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    sha256d(buf.buf, (size_t)buf.len, out);
    PyBuffer_Release(&buf);
    return PyBytes_FromStringAndSize((const char *)out, 32);
}

PyDoc_STRVAR(sha256_impl_doc,
             "sha256_impl(name=None)\n--\n\n"
             "The SHA-256 compression in use ('sha-ni' or 'portable'); with a name, switch to "
             "it first (for tests; 'sha-ni' only where the processor has it).");

static PyObject *
blockscan_sha256_impl(PyObject *Py_UNUSED(module), PyObject *args)
{
    const char *name = NULL;
    if (!PyArg_ParseTuple(args, "|z:sha256_impl", &name)) {
        return NULL;
    }
    if (name != NULL && !sha256_use(name)) {
        PyErr_Format(PyExc_ValueError, "SHA-256 implementation %s is not available", name);
        return NULL;
    }
    return PyUnicode_FromString(sha256_in_use());
}

/* --- addresses of standard output scripts ------------------------------------------------- */

/* The five output forms that carry nearly every address on the chain, classified and encoded
 * exactly as seized.chain.address.script_to_address does it (the same tests in the same order,
 * the same byte patterns); that function stays the reference, and the caller falls back to it
 * for every script this returns None for (other witness versions, OP_RETURN, P2PK, multisig,
 * nonstandard). P2PKH and P2SH become base58check (version byte, hash160, 4 bytes of double
 * SHA-256), P2WPKH and P2WSH bech32 (BIP173), P2TR bech32m (BIP350). The constants are those of
 * address.py (Bitcoin Core's chainparams.cpp). */

enum { NET_MAINNET, NET_TESTNET, NET_REGTEST, N_NETWORKS };

static const uint8_t PUBKEY_PREFIX[N_NETWORKS] = {0x00, 0x6F, 0x6F};
static const uint8_t SCRIPT_PREFIX[N_NETWORKS] = {0x05, 0xC4, 0xC4};
static const char *const HRP[N_NETWORKS] = {"bc", "tb", "bcrt"};

enum { KIND_P2SH, KIND_P2PKH, KIND_P2WPKH, KIND_P2WSH, KIND_P2TR, N_KINDS };

static const char *const KIND_NAMES[N_KINDS] = {"p2sh", "p2pkh", "p2wpkh", "p2wsh", "p2tr"};
static PyObject *kind_names[N_KINDS]; /* interned at module start */

#define OP_0 0x00
#define OP_1 0x51
#define OP_DUP 0x76
#define OP_EQUAL 0x87
#define OP_EQUALVERIFY 0x88
#define OP_HASH160 0xA9
#define OP_CHECKSIG 0xAC

/* The longest address written here: bech32 of a 32-byte program under "bcrt" is
 * 4 + 1 + 1 + 52 + 6 = 64 characters; base58check of 25 bytes at most 35. */
#define ADDRESS_MAX 64

static const char B58_ALPHABET[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* The base58check address of a version byte and a 20-byte hash into out (ADDRESS_MAX bytes);
 * returns its length. As base58_encode: every leading zero byte becomes '1', then the digits
 * of the number the 25 bytes make, most significant first. */
static size_t
base58check_20(uint8_t version, const uint8_t *h160, char *out)
{
    uint8_t raw[25], check[32];
    uint32_t limbs[7];  /* the number, base 2^32, most significant first: 8 + 6 * 32 bits */
    uint8_t digits[40]; /* base 58, least significant first: 58^35 > 2^200, so 35 at most */
    size_t zeros = 0, n_digits = 0, top = 0, i, k, len = 0;

    raw[0] = version;
    memcpy(raw + 1, h160, 20);
    sha256d(raw, 21, check);
    memcpy(raw + 21, check, 4);

    while (zeros < sizeof raw && raw[zeros] == 0) {
        zeros++;
    }
    limbs[0] = raw[0];
    for (i = 0; i < 6; i++) {
        limbs[1 + i] = load_be32(raw + 1 + 4 * i);
    }
    /* 58^5 < 2^32: each long division of the number by it gives five digits; limbs before
     * top are zero. Seven rounds at most, as 58^35 > 2^200. */
    while (top < 7 && n_digits + 5 <= sizeof digits) {
        uint64_t rem = 0;
        for (i = top; i < 7; i++) {
            uint64_t cur = (rem << 32) | limbs[i];
            limbs[i] = (uint32_t)(cur / 656356768u);
            rem = cur % 656356768u;
        }
        while (top < 7 && limbs[top] == 0) {
            top++;
        }
        for (k = 0; k < 5; k++) {
            digits[n_digits++] = (uint8_t)(rem % 58);
            rem /= 58;
        }
    }
    while (n_digits && digits[n_digits - 1] == 0) { /* the last round's leading zeros */
        n_digits--;
    }
    for (i = 0; i < zeros; i++) {
        out[len++] = '1';
    }
    while (n_digits) {
        out[len++] = B58_ALPHABET[digits[--n_digits]];
    }
    return len;
}

static const char BECH32_CHARSET[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
#define BECH32_CONST 1u
#define BECH32M_CONST 0x2BC830A3u

/* One step of BIP173's checksum: each of the five bits shifted out selects a generator to
 * XOR in (without branches: the data are hashes). */
static uint32_t
polymod_step(uint32_t chk, uint32_t value)
{
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1FFFFFF) << 5) ^ value;
    chk ^= (0u - (top & 1)) & 0x3B6A57B2u;
    chk ^= (0u - ((top >> 1) & 1)) & 0x26508E6Du;
    chk ^= (0u - ((top >> 2) & 1)) & 0x1EA119FAu;
    chk ^= (0u - ((top >> 3) & 1)) & 0x3D4233DDu;
    chk ^= (0u - ((top >> 4) & 1)) & 0x2A1462B3u;
    return chk;
}

/* The segwit address of a witness version and a 20- or 32-byte program into out (ADDRESS_MAX
 * bytes); returns its length. As segwit_encode: the version, then the program in 5-bit groups
 * (the last one padded with zero bits), then six checksum characters, bech32m for version 1+. */
static size_t
segwit_address(const char *hrp, unsigned version, const uint8_t *program, size_t n, char *out)
{
    uint8_t data[1 + 52 + 6]; /* version, 256 bits in 5-bit groups, checksum */
    size_t n_data = 0, len = 0, i;
    uint32_t acc = 0, chk = 1;
    unsigned bits = 0;
    const size_t hrp_len = strlen(hrp);

    data[n_data++] = (uint8_t)version;
    for (i = 0; i < n; i++) {
        acc = ((acc << 8) | program[i]) & 0xFFF; /* at most 4 + 8 bits are pending */
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            data[n_data++] = (uint8_t)((acc >> bits) & 31);
        }
    }
    if (bits) {
        data[n_data++] = (uint8_t)((acc << (5 - bits)) & 31);
    }

    for (i = 0; i < hrp_len; i++) {
        chk = polymod_step(chk, (uint8_t)hrp[i] >> 5);
    }
    chk = polymod_step(chk, 0);
    for (i = 0; i < hrp_len; i++) {
        chk = polymod_step(chk, (uint8_t)hrp[i] & 31);
    }
    for (i = 0; i < n_data; i++) {
        chk = polymod_step(chk, data[i]);
    }
    for (i = 0; i < 6; i++) {
        chk = polymod_step(chk, 0);
    }
    chk ^= version ? BECH32M_CONST : BECH32_CONST;
    for (i = 0; i < 6; i++) {
        data[n_data++] = (uint8_t)((chk >> (5 * (5 - i))) & 31);
    }

    memcpy(out, hrp, hrp_len);
    len = hrp_len;
    out[len++] = '1';
    for (i = 0; i < n_data; i++) {
        out[len++] = BECH32_CHARSET[data[i]];
    }
    return len;
}

/* The kind of a standard output script (KIND_*) with its address in out (ADDRESS_MAX bytes)
 * and the address's length in *len; -1 for any other script. The tests and their order are
 * script_to_address's: P2SH first (as Bitcoin Core's Solver), P2PKH, then the witness programs
 * (BIP141: a version opcode, then one push that makes up the rest of the script). */
static int
standard_address(const uint8_t *s, size_t n, int network, char *out, size_t *len)
{
    if (n == 23 && s[0] == OP_HASH160 && s[1] == 20 && s[22] == OP_EQUAL) {
        *len = base58check_20(SCRIPT_PREFIX[network], s + 2, out);
        return KIND_P2SH;
    }
    if (n == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 &&
        s[23] == OP_EQUALVERIFY && s[24] == OP_CHECKSIG) {
        *len = base58check_20(PUBKEY_PREFIX[network], s + 3, out);
        return KIND_P2PKH;
    }
    if (n == 22 && s[0] == OP_0 && s[1] == 20) {
        *len = segwit_address(HRP[network], 0, s + 2, 20, out);
        return KIND_P2WPKH;
    }
    if (n == 34 && s[0] == OP_0 && s[1] == 32) {
        *len = segwit_address(HRP[network], 0, s + 2, 32, out);
        return KIND_P2WSH;
    }
    if (n == 34 && s[0] == OP_1 && s[1] == 32) {
        *len = segwit_address(HRP[network], 1, s + 2, 32, out);
        return KIND_P2TR;
    }
    return -1;
}

/* (kind name, address) for a standard script, else None (a new reference either way). */
static PyObject *
address_entry(const uint8_t *s, size_t n, int network)
{
    char text[ADDRESS_MAX];
    size_t len = 0;
    PyObject *address, *entry;
    int kind = standard_address(s, n, network, text, &len);

    if (kind < 0) {
        Py_RETURN_NONE;
    }
    /* the text is ASCII: a compact string of one byte per character */
    if ((address = PyUnicode_New((Py_ssize_t)len, 127)) == NULL) {
        return NULL;
    }
    memcpy(PyUnicode_1BYTE_DATA(address), text, len);
    if ((entry = PyTuple_New(2)) == NULL) {
        Py_DECREF(address);
        return NULL;
    }
    Py_INCREF(kind_names[kind]);
    PyTuple_SET_ITEM(entry, 0, kind_names[kind]);
    PyTuple_SET_ITEM(entry, 1, address);
    return entry;
}

PyDoc_STRVAR(standard_addresses_doc,
             "standard_addresses(scripts, network)\n--\n\n"
             "For each output script (bytes): (kind, address) where it is P2SH, P2PKH, P2WPKH, "
             "P2WSH or P2TR, exactly as seized.chain.address.script_to_address gives them, else "
             "None (the caller asks script_to_address). network: 0 mainnet, 1 testnet, "
             "2 regtest.");

static PyObject *
blockscan_standard_addresses(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *scripts, *seq, *out;
    PyObject **items;
    Py_ssize_t n, i;
    int network;

    if (!PyArg_ParseTuple(args, "Oi:standard_addresses", &scripts, &network)) {
        return NULL;
    }
    if (network < 0 || network >= N_NETWORKS) {
        PyErr_Format(PyExc_ValueError, "standard_addresses: unknown network %d", network);
        return NULL;
    }
    seq = PySequence_Fast(scripts, "standard_addresses: scripts must be a sequence of bytes");
    if (seq == NULL) {
        return NULL;
    }
    n = PySequence_Fast_GET_SIZE(seq);
    items = PySequence_Fast_ITEMS(seq);
    if ((out = PyList_New(n)) == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *entry;
        if (!PyBytes_Check(items[i])) {
            PyErr_Format(PyExc_TypeError, "standard_addresses: script %zd is not bytes", i);
            Py_CLEAR(out);
            break;
        }
        entry = address_entry((const uint8_t *)PyBytes_AS_STRING(items[i]),
                              (size_t)PyBytes_GET_SIZE(items[i]), network);
        if (entry == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, entry);
    }
    Py_DECREF(seq);
    return out;
}

static PyMethodDef blockscan_methods[] = {
    {"scan", blockscan_scan, METH_VARARGS, scan_doc},
    {"wtxids", blockscan_wtxids, METH_VARARGS, wtxids_doc},
    {"tx_fields", blockscan_tx_fields, METH_VARARGS, tx_fields_doc},
    {"input_fields", blockscan_input_fields, METH_VARARGS, input_fields_doc},
    {"output_fields", blockscan_output_fields, METH_VARARGS, output_fields_doc},
    {"witness_stacks", blockscan_witness_stacks, METH_VARARGS, witness_stacks_doc},
    {"merkle_root", blockscan_merkle_root, METH_O, merkle_root_doc},
    {"hash_list", blockscan_hash_list, METH_O, hash_list_doc},
    {"sha256d", blockscan_sha256d, METH_O, sha256d_doc},
    {"sha256_impl", blockscan_sha256_impl, METH_VARARGS, sha256_impl_doc},
    {"standard_addresses", blockscan_standard_addresses, METH_VARARGS, standard_addresses_doc},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef blockscan_module = {
    PyModuleDef_HEAD_INIT,
    "seized.chain._blockscan",
    "The compiled block walk of seized.chain.block.",
    -1,
    blockscan_methods,
    NULL,
    NULL,
    NULL,
    NULL};

PyMODINIT_FUNC
PyInit__blockscan(void)
{
    PyObject *m = PyModule_Create(&blockscan_module);
    int k;
    if (m == NULL) {
        return NULL;
    }
    ScanError = PyErr_NewExceptionWithDoc(
        "seized.chain._blockscan.ScanError",
        "A transaction of the block does not fit or is malformed: args are its index and its "
        "start offset.",
        PyExc_ValueError, NULL);
    if (ScanError == NULL || PyModule_AddObjectRef(m, "ScanError", ScanError) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    for (k = 0; k < N_KINDS; k++) {
        if (kind_names[k] == NULL) {
            kind_names[k] = PyUnicode_InternFromString(KIND_NAMES[k]);
        }
        if (kind_names[k] == NULL) {
            Py_DECREF(m);
            return NULL;
        }
    }
    sha256_use("sha-ni"); /* where the processor has it */
    return m;
}
