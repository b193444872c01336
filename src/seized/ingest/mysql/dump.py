"""The statement loop of the mysqldump parser: each statement to its reader.

How statements, and INSERT statements above all, are routed between the readers and when a fast
path falls back is told once, in :mod:`seized.ingest.mysql`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from seized.errors import InputError, SeizedError
from seized.ingest.base import ParseOptions, RawSink, Source, TableDef
from seized.ingest.mysql.batcher import Batcher, FastStatement
from seized.ingest.mysql.column_types import is_bits, is_blob
from seized.ingest.mysql.encoding import (
    Prefixed,
    Transcoded,
    ascii_compatible,
    byte_order_mark,
    encoding_named,
)
from seized.ingest.mysql.insert_csv import HEADER, fast_csv
from seized.ingest.mysql.insert_exact import (
    BadText,
    Insert,
    InsertHeader,
    StatementError,
    column_order,
    read_header,
    read_rows,
    until_values,
)
from seized.ingest.mysql.insert_vector import quotes_pair_up
from seized.ingest.mysql.lexer import raw_tokens, significant
from seized.ingest.mysql.report import (
    MAX_RAW_TEXT,
    NOT_A_DUMP,
    GuardedSink,
    Reporter,
    SinkFailure,
    unknown_message,
)
from seized.ingest.mysql.splitter import (
    JUNK_SCAN,
    NEED_MORE,
    NeedMore,
    NotADump,
    Readable,
    TooFar,
    Unterminated,
    Window,
)
from seized.ingest.mysql.statement import (
    STARTS,
    BadStatement,
    Statement,
    check_runs_on,
    first_words,
    kind_of,
)
from seized.ingest.mysql.tables import Tables


def parse(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Read a mysqldump file into ``sink`` (see :mod:`seized.ingest.base`)."""
    parse_dump(source, sink, options)


def parse_dump(source: Source, sink: RawSink, options: ParseOptions, *, fast: bool = True) -> None:
    """:func:`parse`, with the fast path optional (the slow path alone gives the same rows)."""
    encoding = encoding_named(options.encoding)
    progress = options.progress
    with source.open() as stream:
        head = stream.read(4)
        encoding = byte_order_mark(head) or encoding
        text: Readable = Prefixed(head, stream)
        offsets = ascii_compatible(encoding)
        if not offsets:  # read through a converter to UTF-8 (see .encoding)
            text = converted = Transcoded(text, encoding, source.path)
            encoding = "utf-8"
            if progress is not None:
                progress = _source_progress(progress, converted)
        window = Window(text, progress)
        reader = _DumpParser(source.path, window, GuardedSink(sink), options, offsets)
        reader.encoding = reader.report.encoding = encoding
        reader.fast = fast
        reader.run()


def _source_progress(progress: Callable[[int], None], source: Transcoded) -> Callable[[int], None]:
    def update(_done: int) -> None:
        progress(source.consumed)

    return update


class _DumpParser:
    def __init__(
        self,
        path: Path,
        window: Window,
        sink: RawSink,
        options: ParseOptions,
        offsets: bool = True,
    ) -> None:
        self.path = path
        self.window = window
        self.sink = sink
        self.keep_going = options.keep_going
        self.encoding = "utf-8"
        self.fast = True
        self.delimiter = b";"
        self.batcher = Batcher(sink, options.batch_rows, self._reread)
        self.report = Reporter(path, sink, options.keep_going, self.batcher, offsets)
        self.tables = Tables(sink, self.batcher, self._name, self._forget_headers)
        self._headers: dict[bytes, tuple[TableDef, tuple[int, ...]] | None] = {}

    # -- the statement loop ------------------------------------------------------------------

    def run(self) -> None:
        try:
            self._loop()
            self.batcher.flush()
        except SeizedError:
            raise
        except SinkFailure as failure:  # the sink's own trouble, unchanged
            raise failure.original from None
        except NotADump as exc:
            raise InputError(
                exc.message,
                self.path,
                line=exc.line,
                offset=self.report.offset(exc.offset),
                hint=NOT_A_DUMP,
            ) from None
        except Exception as exc:  # a bug must still name the place in the dump
            raise InputError(
                f"cannot read this statement ({type(exc).__name__}: {exc})",
                self.path,
                line=self.window.line,
                offset=self.report.offset(self.window.base + self.window.pos),
                hint="this is a fault in seized's MySQL reader; please report it with the "
                "position above",
            ) from exc
        finally:
            self.batcher.close()

    def _loop(self) -> None:
        win = self.window
        win.more()
        if win.buf.startswith(b"\xef\xbb\xbf"):
            win.advance(3)
        while True:
            if not win.skip_gap():
                win.more()
                continue
            if win.pos >= len(win.buf):
                if win.eof:
                    return
                win.more()
                continue
            command = win.delimiter_command()
            if command is NEED_MORE:
                win.more()
                continue
            if isinstance(command, tuple):
                self.delimiter = command[0]
                win.advance(command[1])
                continue
            word = win.first_word(self.delimiter)
            if word is NEED_MORE:
                win.more()
                continue
            if isinstance(word, str) and word not in STARTS:
                if not self._junk():
                    win.more()
                continue
            if self.fast and self.delimiter == b";":
                done = self._fast_at_window()
                if done is None:
                    win.more()
                    continue
                if done:
                    continue
            end = win.statement_end(self.delimiter)
            if isinstance(end, NeedMore):
                win.more()
                continue
            if isinstance(end, Unterminated):
                self._unterminated(end)
                continue
            assert not isinstance(end, TooFar)  # no limit was given
            self._slow_at_window(end[0], end[1])

    def _fast_at_window(self) -> bool | None:
        """Read the INSERT at the window's position on the fast path: True when done, False
        when it needs the slow path, None when more bytes are needed first."""
        win = self.window
        buf, pos = win.buf, win.pos
        head = HEADER.match(buf, pos)
        if head is None:
            if len(buf) - pos < 65536 and not win.eof:
                return None
            return False
        end = win.semicolon_end()
        if end is None:
            return False
        if isinstance(end, NeedMore):
            return None
        lines = self._fast(buf, pos, head.end(), end, win.base + pos, win.line)
        if lines is None:
            return False
        win.advance(end, lines)
        return True

    def _fast(
        self, buf: bytes, pos: int, rows_at: int, end: int, offset: int, line: int
    ) -> int | None:
        """Send the INSERT ``buf[pos:end]`` (rows from ``rows_at``) through the fast path; the
        number of its line breaks, None when it cannot take the fast path."""
        found = self._header(buf[pos:rows_at])
        if found is None:
            return None
        table, order = found
        if any(is_bits(table.columns[i]) for i in order) or (
            self.encoding != "utf-8" and any(is_blob(table.columns[i]) for i in order)
        ):
            return None
        transcode = None if self.encoding == "utf-8" else self.encoding
        if (
            buf[rows_at : rows_at + 1] == b"("
            and buf[end - 2 : end - 1] == b")"
            and buf.find(b"\n", rows_at, end) < 0
            and quotes_pair_up(buf, rows_at, end)
        ):
            # one line, as mysqldump writes, that surely ends at this ';': read with many
            # others (insert_vector); anything odd in it sends it on a slower path then
            statement = FastStatement(offset, line, buf[pos:end], rows_at - pos)
            self.batcher.add_values(table, order, transcode, statement)
            lines = buf.count(b"\n", pos, rows_at)  # none in the rows
        else:
            converted = fast_csv(buf, rows_at, end)
            if converted is None:
                return None
            statement = FastStatement(offset, line, buf[pos:end], rows_at - pos)
            self.batcher.add_csv(table, order, transcode, converted, statement)
            lines = buf.count(b"\n", pos, end)
        self.tables.with_rows.add(table.name)
        return lines

    def _forget_headers(self) -> None:
        self._headers.clear()

    def _header(self, text: bytes) -> tuple[TableDef, tuple[int, ...]] | None:
        if text in self._headers:
            return self._headers[text]
        found: tuple[TableDef, tuple[int, ...]] | None = None
        try:
            header = read_header(list(significant(text)), self._name)
            table = self.tables.defs.get(header.table)
            if table is not None:
                found = table, tuple(column_order(table, header.columns, 0))
        except StatementError:
            found = None
        if len(self._headers) > 10_000:
            self._headers.clear()
        self._headers[text] = found
        return found

    def _slow_at_window(self, text_end: int, after: int) -> None:
        # Rows read before must be checked (and any error in them raised) first.
        self.batcher.check_fast()
        win = self.window
        pos = win.pos
        statement = Statement(win.buf[pos:text_end], win.base + pos, win.line)
        try:
            if self.delimiter == b";":
                check_runs_on(statement)
            try:
                self._statement(statement, win.buf, pos, text_end + 1)
            except StatementError as error:  # a name in a USE or TRUNCATE
                raise BadStatement(str(error), error.start, error.hint) from None
        except BadStatement as exc:
            resync = win.resync(pos, text_end)
            cut = statement
            if resync is not None:
                cut = self._runs_on(exc, pos, resync)
            self.report.statement(self._salvage(cut, exc), exc)
            after = resync if resync is not None else after
        win.advance(after)

    def _junk(self) -> bool:
        """A statement that starts with no word a dump's statements start with: as any bad
        statement when it ends soon; else an error at once, or (keep-going) rejected up to the
        next line that begins a statement. False when more bytes are needed first."""
        win = self.window
        end = win.statement_end(self.delimiter, JUNK_SCAN)
        if isinstance(end, NeedMore):
            return False
        if isinstance(end, Unterminated):
            self._unterminated(end)
        elif isinstance(end, TooFar):
            self.batcher.check_fast()
            start = Statement(
                win.buf[win.pos : win.pos + MAX_RAW_TEXT], win.base + win.pos, win.line
            )
            exc = BadStatement(unknown_message(start.text), 0, hint=NOT_A_DUMP)
            if not self.keep_going:
                self.report.statement(start, exc)
            self.report.statement(start, exc, size=win.skip_to_resync())
        else:
            self._slow_at_window(*end)
        return True

    def _unterminated(self, open_: Unterminated) -> None:
        self.batcher.check_fast()
        win = self.window
        pos = win.pos
        statement = Statement(win.buf[pos:], win.base + pos, win.line)
        words = first_words(statement.text[:4096], 1)
        if kind_of(words) == "unknown":
            exc = BadStatement(unknown_message(statement.text), 0, hint=NOT_A_DUMP)
        else:
            what = open_.what
            exc = BadStatement(
                f"the dump ends inside a {what} that starts at line {win.line_of(open_.start)}",
                open_.start - pos,
                hint=f"the file is truncated or the {what} is never closed; compare its size and "
                "SHA-256 with the seizure record",
            )
        resync = win.resync(pos, len(win.buf))
        if resync is not None:
            statement = self._runs_on(exc, pos, resync)
        self.report.statement(self._salvage(statement, exc), exc)
        win.advance(resync if resync is not None else len(win.buf))

    def _salvage(self, statement: Statement, exc: BadStatement) -> Statement:
        """With keep-going, a broken INSERT keeps the whole rows it starts with: they are
        stored, and only the rest of it is rejected (with its table). Returns what to reject."""
        if not self.keep_going or first_words(statement.text[:4096], 1) not in (
            ["INSERT"],
            ["REPLACE"],
        ):
            return statement
        try:
            table, insert = self._read_insert(statement)
        except BadStatement as bad:
            if bad.partial is None:
                return statement
            table, insert = bad.partial
        exc.table = table.name
        if not insert.rows and not insert.errors:
            return statement
        self._store(table, insert, statement)
        kept = len(insert.rows)
        exc.message += f" ({kept} whole row{'' if kept == 1 else 's'} before it kept)"
        exc.args = (exc.message,)
        text, rest = statement.text, insert.rest
        exc.start = max(exc.start - rest, 0)
        line = statement.line + text.count(b"\n", 0, rest)
        return Statement(text[rest:], statement.offset + rest, line)

    def _runs_on(self, exc: BadStatement, pos: int, resync: int) -> Statement:
        """A broken statement that runs on into a line starting another statement: blame the
        string that spans that line if there is one; the statement ends before that line."""
        win = self.window
        for tok in raw_tokens(win.buf, pos, len(win.buf)):
            if tok.end > resync:
                if tok.kind in ("str", "dstr", "ident", "open") and tok.start < resync:
                    exc.start = tok.start - pos
                    exc.message = f"a string that starts at line {win.line_of(tok.start)} is "
                    exc.message += "never closed"
                break
        exc.add_runs_on(win.line_of(resync))
        text = win.buf[pos:resync].rstrip()
        return Statement(text, win.base + pos, win.line)

    # -- one statement -----------------------------------------------------------------------

    def _statement(self, statement: Statement, buf: bytes, pos: int, end: int) -> None:
        words = first_words(statement.text, 5)
        kind = kind_of(words)
        if kind == "insert":
            if self.fast and self.delimiter == b";":
                head = HEADER.match(buf, pos)
                if head is not None and (
                    self._fast(buf, pos, head.end(), end, statement.offset, statement.line)
                    is not None
                ):
                    return
            self._slow_insert(statement)
        elif kind == "table":
            self.tables.create(statement)
        elif kind == "alter":
            self.tables.alter(statement)
        elif kind == "use":
            self.tables.use(statement)
        elif kind == "truncate":
            self.tables.truncate(statement)
        elif kind == "unknown":
            raise BadStatement(unknown_message(statement.text), 0, hint=NOT_A_DUMP)
        elif kind == "unsupported":
            raise BadStatement(
                f"{' '.join(words[:2])} changes rows; seized cannot replay it",
                0,
                hint="a plain mysqldump holds no such statement; use keep-going to set it aside",
            )
        # "skip": statements that hold no rows

    def _slow_insert(self, statement: Statement) -> None:
        table, insert = self._read_insert(statement)
        self._store(table, insert, statement)

    def _store(self, table: TableDef, insert: Insert, statement: Statement) -> None:
        self.tables.with_rows.add(table.name)
        for row, start in zip(insert.rows, insert.starts, strict=True):
            self.batcher.add_row(table, row, statement.offset + start)
        for error in insert.errors:
            self.report.row(statement, table, error)

    def _read_insert(self, statement: Statement) -> tuple[TableDef, Insert]:
        """The rows of an INSERT, by the exact reader; BadStatement (with the rows read before
        the trouble) when it cannot be read."""
        text = statement.text
        head_toks = list(until_values(significant(text)))
        try:
            header: InsertHeader = read_header(head_toks, self._name)
        except StatementError as exc:
            raise BadStatement(str(exc), exc.start, hint=exc.hint) from None
        table = self.tables.defs.get(header.table)
        if table is None:
            raise BadStatement(
                f"rows for table {header.table!r}, which the dump never defines",
                0,
                hint="the CREATE TABLE for it is missing: the dump may be partial",
                table=header.table,
            )
        values_tok = head_toks[header.index - 1]
        try:
            order = column_order(table, header.columns, values_tok.start)
            insert = read_rows(
                text,
                values_tok.start + len(values_tok.text),
                table,
                order,
                lambda raw, start: self._text(raw, start, text),
            )
        except StatementError as exc:
            bad = BadStatement(str(exc), exc.start, hint=exc.hint, table=table.name)
            if exc.partial is not None:
                bad.partial = table, exc.partial
            raise bad from None
        return table, insert

    def _reread(self, statements: list[FastStatement], table: TableDef) -> None:
        """Read again on the slow path statements whose CSV batch failed."""
        for fast in statements:
            statement = Statement(fast.text[:-1], fast.start, fast.line)
            try:
                self._slow_insert(statement)
            except BadStatement as exc:
                self.report.statement(self._salvage(statement, exc), exc)

    # -- text --------------------------------------------------------------------------------

    def _name(self, raw: bytes, start: int) -> str:
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise StatementError(
                f"a name that is not valid {self.encoding} text", start + exc.start
            ) from None

    def _text(self, raw: bytes, start: int, stmt: bytes) -> str:
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError:
            bad = start
            try:
                stmt[start : start + len(raw) * 4 + 8].decode(self.encoding)
            except UnicodeDecodeError as exc:
                bad = start + exc.start
            byte = stmt[bad : bad + 1].hex().upper()
            raise BadText(
                f"a string value is not valid {self.encoding} text (byte 0x{byte})", bad
            ) from None
