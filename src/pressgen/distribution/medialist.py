"""Media lists (CSV in UTF-8 or Shift_JIS, or YAML) checked row by row, duplicates merged; the suppression list."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressgenError, Problem
from ..output import write_atomic
from ..spec.model import LANGUAGES
from ..spec.yamlsource import display_path, dotted, load_yaml
from .addresses import line_break, parse_address

COLUMNS = ("name", "outlet", "email", "language", "tags")
MAX_BYTES = 20_000_000
MAX_CELL = 500
# Headings as Japanese spreadsheets often have them.
_HEADING_ALIASES = {
    "氏名": "name", "名前": "name", "お名前": "name", "媒体": "outlet", "媒体名": "outlet", "e-mail": "email",
    "メール": "email", "メールアドレス": "email", "言語": "language", "タグ": "tags", "tag": "tags",
}
_REGIONAL = {"ja": "ja", "en": "en", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant": "zh-Hant"}
_TAG_SEPARATORS = re.compile(r"[,;、，；]")


@dataclass(frozen=True)
class Cells:
    """Where the fields of one row are, so that a message points at the right cell."""

    path: str
    label: str  # "row 7" in a CSV file, "line 12" in a YAML file
    positions: Mapping[str, tuple[int, int]]  # field → (row or line, column)
    names: Mapping[str, str]  # field → as messages name it (the CSV column, or recipients[3].email)

    def problem(self, field: str, message: str) -> Problem:
        line, col = self.positions.get(field) or min(self.positions.values(), default=(1, 1))
        return Problem(self.path, line, col, self.names.get(field, field), message)


@dataclass(frozen=True)
class Recipient:
    name: str
    outlet: str
    email: str  # normal form: ASCII, domain in IDNA and lower case
    language: str
    tags: tuple[str, ...]
    cells: Cells

    @property
    def key(self) -> str:
        """Two rows are the same journalist when their addresses match, ignoring case."""
        return self.email.casefold()

    def richness(self) -> int:
        return bool(self.name) + bool(self.outlet) + len(self.tags)

    def has_tag(self, tags: tuple[str, ...]) -> bool:
        wanted = {t.casefold() for t in tags}
        return not wanted or any(t.casefold() in wanted for t in self.tags)


Row = tuple[Mapping[str, object], Cells]


@dataclass(frozen=True)
class MediaList:
    recipients: list[Recipient]
    merged: list[Problem]  # one notice per duplicate row that was merged away


def load_media_list(path: Path, encoding: str | None = None) -> MediaList:
    """Every recipient of a CSV or YAML media list; every bad row in one PressgenError."""
    return load_media_lists([path], encoding)


def load_media_lists(paths: Sequence[Path], encoding: str | None = None) -> MediaList:
    """Every recipient of every list, in order, a journalist on several lists once; every bad row of all in one PressgenError."""
    problems: list[Problem] = []
    recipients = []
    for path in paths:
        try:
            rows, row_problems = _yaml_rows(path) if path.suffix.lower() in (".yaml", ".yml") else _csv_rows(path, encoding, COLUMNS)
        except PressgenError as exc:
            problems += exc.problems
            continue
        problems += row_problems
        for values, cells in rows:
            row_problems, recipient = _recipient(values, cells)
            problems += row_problems
            if recipient is not None:
                recipients.append(recipient)
    if problems:
        raise PressgenError(problems)
    return _merge_duplicates(recipients)


def load_suppression(path: Path, required: bool, encoding: str | None = None) -> frozenset[str]:
    """The addresses never to send to (unsubscribed, hard-bounced): a CSV with an email column."""
    if not path.is_file() and not required:
        return frozenset()
    suppressed = set()
    rows, problems = _csv_rows(path, encoding, ("email",))
    for values, cells in rows:
        try:
            suppressed.add(parse_address(values["email"]).casefold())
        except ValueError as exc:
            problems.append(cells.problem("email", str(exc)))
    if problems:
        raise PressgenError(problems)
    return frozenset(suppressed)


SUPPRESSION_COLUMNS = ("email", "reason", "date", "source")


def add_to_suppression(path: Path, required: bool, rows: Sequence[Mapping[str, str]]) -> list[str]:
    """Append the rows (email, reason, date, source) whose address the list does not hold; the addresses added.

    The file keeps its encoding, line ends, columns and rows: a new row fills the columns its heading
    has (any others stay empty), and the file is replaced whole, never half-written. A list that does
    not exist yet is created with the four columns, unless it is configured and must exist.
    """
    present = load_suppression(path, required)
    if path.is_file():
        raw = path.read_bytes()
        text = _decoded(path, None)
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8" if _is_utf8(raw) else "cp932"
        heading = next(r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r))
        columns = [_HEADING_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in heading]
        newline = "\r\n" if "\r\n" in text else "\n"
    else:
        text, encoding, columns, newline = "", "utf-8", list(SUPPRESSION_COLUMNS), "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not text:
        writer.writerow(columns)
    elif not text.endswith(("\n", "\r")):
        buffer.write(newline)
    added = []
    for row in rows:
        address = parse_address(row["email"]).casefold()
        if address in present or address in added:
            continue
        added.append(address)
        writer.writerow([safe_cell(" ".join(row.get(column, "").split())[:MAX_CELL]) for column in columns])
    if added:
        write_atomic(path, (text + buffer.getvalue()).encode(encoding, errors="replace"))
    return added


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(cell: str) -> str:
    """A cell as a spreadsheet shows it, never runs it: one that would start a formula is quoted."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _recipient(values: Mapping[str, object], cells: Cells) -> tuple[list[Problem], Recipient | None]:
    problems = []
    text: dict[str, str] = {}
    for field in ("name", "outlet", "email", "language"):
        value = values.get(field) or ""
        if not isinstance(value, str):
            problems.append(cells.problem(field, "must be text"))
            continue
        text[field] = value.strip()
        bad = line_break(text[field])
        if bad:
            problems.append(cells.problem(field, f"contains {bad}; a mail header could be forged with it"))
        elif len(text[field]) > MAX_CELL:
            problems.append(cells.problem(field, f"is longer than {MAX_CELL} characters"))
    if "name" in text and not text["name"]:
        problems.append(cells.problem("name", "is empty; the greeting needs the journalist's name"))
    email = language = ""
    try:
        email = parse_address(text.get("email", ""))
    except ValueError as exc:
        problems.append(cells.problem("email", str(exc)))
    try:
        language = _language(text.get("language", ""))
    except ValueError as exc:
        problems.append(cells.problem("language", str(exc)))
    tags, tag_problem = _tags(values.get("tags"))
    if tag_problem:
        problems.append(cells.problem("tags", tag_problem))
    if problems:
        return problems, None
    return [], Recipient(text["name"], text["outlet"], email, language, tags, cells)


def _language(value: str) -> str:
    if not value:
        raise ValueError(f"is empty; use one of {', '.join(LANGUAGES)}")
    key = value.replace("_", "-").casefold()
    for language in LANGUAGES:
        if key == language.casefold():
            return language
    for prefix, language in _REGIONAL.items():
        if key.startswith(prefix + "-"):
            return language
    raise ValueError(f"unknown language '{value}'; use one of {', '.join(LANGUAGES)}")


def _tags(value: object) -> tuple[tuple[str, ...], str | None]:
    if value is None or value == "":
        return (), None
    if isinstance(value, str):
        items: list[object] = _TAG_SEPARATORS.split(value)
    elif isinstance(value, list):
        items = value
    else:
        return (), "must be text or a list of tags"
    if not all(isinstance(t, str) for t in items):
        return (), "each tag must be text"
    tags = tuple(t.strip() for t in items if isinstance(t, str) and t.strip())
    bad = next((line_break(t) for t in tags if line_break(t)), None)
    return tags, f"contains {bad}" if bad else None


def _merge_duplicates(recipients: list[Recipient]) -> MediaList:
    """One recipient per address: the row with more filled in is kept (the first on a tie), the merge reported."""
    kept: dict[str, Recipient] = {}
    notices = []
    for recipient in recipients:
        first = kept.get(recipient.key)
        if first is None:
            kept[recipient.key] = recipient
            continue
        winner = recipient if recipient.richness() > first.richness() else first
        kept[recipient.key] = winner

        def where(other: Recipient) -> str:  # a row of another list is named with its file
            return other.cells.label if other.cells.path == recipient.cells.path else f"{other.cells.label} of {other.cells.path}"

        message = (
            f"same address as {where(first)} (ignoring case): merged, keeping {where(winner)}"
            f"{', which has more filled in' if winner is recipient else ''}"
        )
        notices.append(recipient.cells.problem("email", message))
    return MediaList(list(kept.values()), notices)  # a merged journalist keeps the place of the first row


# ── reading the files ───────────────────────────────────────────────────────


def _csv_rows(path: Path, encoding: str | None, required: tuple[str, ...]) -> tuple[list[Row], list[Problem]]:
    """(values by column, cells) for each non-blank row after the heading row, and the rows that do not fit."""
    name = display_path(path)
    reader = csv.reader(io.StringIO(_decoded(path, encoding), newline=""))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise PressgenError([Problem(name, reader.line_num, 1, "", f"not readable as CSV: {exc}")]) from None
    heading_row = next((n for n, record in enumerate(records) if any(c.strip() for c in record)), None)
    if heading_row is None:
        raise PressgenError([Problem(name, 1, 1, "", f"no heading row; the columns are {', '.join(COLUMNS)}")])
    width = len(records[heading_row])
    columns = _columns(records[heading_row], name, heading_row + 1, required)
    rows: list[Row] = []
    problems = []
    for number, record in enumerate(records[heading_row + 1 :], heading_row + 2):
        extra = [n for n in range(width, len(record)) if record[n].strip()]
        if extra:
            problems.append(Problem(name, number, extra[0] + 1, "", f"row has {len(record)} cells; the heading row has {width}"))
        elif any(c.strip() for c in record):
            positions = {column: (number, index + 1) for column, index in columns.items()}
            cells = Cells(name, f"row {number}", positions, {c: c for c in columns})
            rows.append(({column: record[index] if index < len(record) else "" for column, index in columns.items()}, cells))
    return rows, problems


def _columns(heading: list[str], name: str, row: int, required: tuple[str, ...]) -> dict[str, int]:
    columns: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(heading):
        column = _HEADING_ALIASES.get(cell.strip().lower(), cell.strip().lower())
        if column in columns and column in required:
            problems.append(Problem(name, row, index + 1, column, f"column appears twice (first in column {columns[column] + 1})"))
        columns.setdefault(column, index)
    for column in required:
        if column not in columns:
            found = ", ".join(c.strip() for c in heading if c.strip())
            problems.append(Problem(name, row, 1, column, f"missing column '{column}' (the heading row has: {found})"))
    if problems:
        raise PressgenError(problems)
    return {column: index for column, index in columns.items() if column in required}


def _decoded(path: Path, encoding: str | None) -> str:
    """The file's text: the given encoding, else UTF-8 (with or without BOM), else Shift_JIS (CP932)."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PressgenError([Problem(name, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise PressgenError([Problem(name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]) from None
    if encoding is not None:
        try:
            return _decode(raw, codecs.lookup(encoding).name, name)
        except LookupError:
            raise PressgenError([Problem(name, 1, 1, "", f"unknown encoding '{encoding}'")]) from None
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(raw[len(codecs.BOM_UTF8) :], "utf-8", name)
    for candidate in ("utf-8", "cp932"):
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    return _decode(raw, "utf-8", name, hint="; neither UTF-8 nor Shift_JIS: give --encoding")


def _decode(raw: bytes, encoding: str, name: str, hint: str = "") -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PressgenError([Problem(name, line, column, "", f"not valid {encoding}{hint}")]) from None


def _yaml_rows(path: Path) -> tuple[list[Row], list[Problem]]:
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict) or set(data) != {"recipients"} or not isinstance(data["recipients"], list):
        raise PressgenError([doc.problem((), "expected a mapping with one key, recipients: a list of journalists")])
    rows: list[Row] = []
    problems = []
    for n, entry in enumerate(data["recipients"]):
        loc = ("recipients", n)
        if not isinstance(entry, dict):
            problems.append(doc.problem(loc, f"expected a mapping with {', '.join(COLUMNS)}"))
            continue
        for key in entry:
            if key not in COLUMNS:
                problems.append(doc.problem((*loc, key), f"unknown field '{key}' (known: {', '.join(COLUMNS)})", key=True))
        positions = {field: doc.where((*loc, field)) for field in COLUMNS}
        line = doc.where(loc)[0]
        rows.append((entry, Cells(doc.path, f"line {line}", positions, {field: dotted((*loc, field)) for field in COLUMNS})))
    return rows, problems
