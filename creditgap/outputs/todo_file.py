"""Reading a to-do list back: the CSV or workbook ``analyze`` wrote, as the user kept and filled it in.

The inverse of the to-do outputs (``csv_out``, ``xlsx``): their columns (Chinese or English headers)
back to ``judge.compare.TodoMark``s, with 办理日期 read as people and spreadsheets write it and
凭证/备注 (the person's proof) as typed. Heading rows of the grouped workbook (no 账户) are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..errors import UsageError
from ..judge.compare import TodoMark
from ..judge.rules import ACTION_LABELS
from ..lenders import Matcher, default_matcher
from .files import openpyxl_module
from .todo_rows import PROOF_HEADERS, UNKNOWN_PLATFORM

# The 操作 column of the Chinese CSV back to the action codes (the English CSV writes the codes).
ACTION_CODES = {zh: code for code, (zh, _) in ACTION_LABELS.items()}

# What a to-do file may hold. The list analyze writes has one row per lender (tens, a consultant's
# batch a few thousand) and short cells; a file far past these was not written by creditgap, and
# reading it whole would take the machine's memory (a 1 MB workbook can hold a 1 GiB string).
MAX_FILE = 16 * 1024 * 1024  # bytes of a CSV file
# bytes of one part of a workbook, uncompressed (as its zip directory says): openpyxl scans a whole
# sheet without <dimension> before the first row (about 0.3 s a MB)
MAX_ENTRY = 8 * 1024 * 1024
MAX_ENTRIES_TOTAL = 32 * 1024 * 1024  # bytes of all its parts, uncompressed
MAX_ROWS = 20_000
MAX_CELL = 4_000  # characters of one cell (a platform's steps are a few hundred)


def read_todo_csv(path: str | Path, matcher: Matcher | None = None) -> list[TodoMark]:
    """The to-do CSV that ``analyze --csv`` wrote, as filled in by the user (Chinese or English headers),
    or the workbook ``analyze --xlsx`` wrote (by the suffix .xlsx; its first sheet, 待办).

    People re-save it: Excel on Chinese Windows writes GB18030 ("CSV") and some locales use ``;``
    or tabs; 办理日期 comes as they type it (in a workbook: a date cell, or text). A date that cannot
    be read is kept as a note on its row.
    """
    matcher = matcher or default_matcher()
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        rows = _workbook_rows(Path(path))
    else:
        rows = _csv_rows(Path(path))
    if not rows:
        return []
    head = [h.strip().lstrip("\ufeff") for h in rows[0]]
    col = {name: head.index(name) for name in head}
    accounts = col.get("账户", col.get("accounts"))
    done = col.get("办理日期", col.get("done_on"))
    platform = col.get("平台", col.get("platform"))
    action = col.get("操作", col.get("action"))
    lender = col.get("放款机构", col.get("lender"))
    report_no = col.get("报告编号", col.get("report_no"))
    proof = col.get(PROOF_HEADERS[0], col.get(PROOF_HEADERS[1]))  # absent from files written before it
    if accounts is None or done is None:
        raise UsageError(f"{Path(path).name} 缺少“账户”或“办理日期”列。请用 creditgap analyze --csv 生成的文件。",
                         f"{Path(path).name} lacks the accounts or done_on column. Use the file analyze --csv wrote.")
    marks = []
    for n, row in enumerate(rows[1:], 2):
        cell = lambda i: (row[i].lstrip("'").strip() if i is not None and i < len(row) else "")  # noqa: E731
        refs = tuple(cell(accounts).split())
        if not refs:  # a note row (the partial-read warning), not an item
            continue
        name = cell(platform) or None
        if name in UNKNOWN_PLATFORM:  # the list says 未知 where no platform is known
            name = None
        known = matcher.platforms.get(name) if name else None
        done_on, note = done_date(cell(done))
        marks.append(TodoMark(refs=refs, platform=name, done_on=done_on,
                              expected_update_days=known.expected_update_days if known else None,
                              action=ACTION_CODES.get(cell(action), cell(action) or None),
                              lender=cell(lender) or None, report_no=cell(report_no) or None, row=n,
                              date_note=note, proof=cell(proof) or None))
    return marks


def _too_big(path: Path, zh: str, en: str) -> UsageError:
    return UsageError(f"待办清单 {path.name} {zh}，不像 creditgap 生成的文件。请用 creditgap analyze --csv / --xlsx 生成的文件。",
                      f"The to-do list {path.name} {en}: not a file creditgap wrote. Use the file analyze --csv / --xlsx wrote.")


def _checked_rows(path: Path, rows: Iterator[Sequence[str]]) -> list[list[str]]:
    """The rows, stopped at the first that passes the row or cell limit (nothing more is read)."""
    out = []
    for row in rows:
        if len(out) >= MAX_ROWS:
            raise _too_big(path, f"超过 {MAX_ROWS} 行", f"has more than {MAX_ROWS} rows")
        if len(row) > 100 or any(len(c) > MAX_CELL for c in row):
            raise _too_big(path, f"有超过 {MAX_CELL} 个字的单元格或超过 100 列", f"has a cell over {MAX_CELL} characters or over 100 columns")
        out.append(list(row))
    return out


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        if path.stat().st_size > MAX_FILE:
            raise _too_big(path, f"超过 {MAX_FILE // (1024 * 1024)} MB", f"is over {MAX_FILE // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except OSError as e:
        raise UsageError(f"无法读取待办清单 {path.name}。请用 creditgap analyze --csv 生成的文件。",
                         f"Cannot read the to-do list {path.name}. Use the file analyze --csv wrote.") from e
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 decodes almost anything: it goes last
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UsageError(f"待办清单 {path.name} 的编码无法识别。请另存为“CSV UTF-8”。",
                         f"The to-do list {path.name} has an unknown encoding. Save it as CSV UTF-8.")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return _checked_rows(path, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:  # a field over csv's own limit, a NUL byte
        raise UsageError(f"待办清单 {path.name} 无法按 CSV 读取。请用 creditgap analyze --csv 生成的文件。",
                         f"The to-do list {path.name} cannot be read as CSV. Use the file analyze --csv wrote.") from e


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)


def done_date(text: str) -> tuple[date | None, tuple[str, str] | None]:
    """办理日期 as people and spreadsheets write it, and a note (zh, en) when it is unsure or unreadable.

    2025-08-02, 2025-8-2, 2025/8/2, 2025.8.2, 2025年8月2日, an Excel serial (45871), and
    8/2/2025 or 2/8/2025 (day and month told apart when one is over 12; otherwise month first, as
    Excel writes it, with a note). Empty is "not done yet", without a note.
    """
    text = text.strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{5}(?:\.0+)?", text) and 20000 <= float(text) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(float(text))), None
    if m := re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text):
        return _date_or_note(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _date_or_note(text, year, b, a)
        when, bad = _date_or_note(text, year, a, b)
        if when is not None and a != b and b <= 12:
            return when, (f"办理日期“{text}”可能是 {year}-{a:02d}-{b:02d} 或 {year}-{b:02d}-{a:02d}，按 {when} 计算；"
                          "请改写成 年-月-日",
                          f"done_on “{text}” could be {year}-{a:02d}-{b:02d} or {year}-{b:02d}-{a:02d}; read as {when}. "
                          "Write it as year-month-day")
        return when, bad
    return None, (f"办理日期“{text}”无法识别，按未办理计算；请写成 2025-08-02",
                  f"done_on “{text}” cannot be read and counts as not done; write it as 2025-08-02")


def _date_or_note(text: str, year: int, month: int, day: int) -> tuple[date | None, tuple[str, str] | None]:
    try:
        return date(year, month, day), None
    except ValueError:
        return None, (f"办理日期“{text}”不是有效日期，按未办理计算", f"done_on “{text}” is not a valid date and counts as not done")


def _workbook_rows(path: Path) -> list[list[str]]:
    """The first sheet of a workbook as text rows: a date cell as YYYY-MM-DD, a whole number
    without .0, text as typed (done_date reads it). Its parts' sizes are checked in the zip
    directory before openpyxl reads any (zipfile never inflates a part past its stated size), the
    rows and cells as they come; the file is closed whatever happens."""
    import zipfile

    openpyxl = openpyxl_module()
    not_excel = UsageError(f"无法读取待办清单 {path.name}（不是有效的 Excel 文件）。请用 creditgap analyze --xlsx 生成的文件。",
                           f"Cannot read the to-do list {path.name} (not a valid Excel file). Use the file analyze --xlsx "
                           "wrote.")
    try:
        with path.open("rb") as f:
            try:
                with zipfile.ZipFile(f) as archive:
                    parts = archive.infolist()
            except (zipfile.BadZipFile, ValueError, EOFError) as e:
                raise not_excel from e
            if any(p.file_size > MAX_ENTRY for p in parts) or sum(p.file_size for p in parts) > MAX_ENTRIES_TOTAL \
                    or len(parts) > 1000:
                raise _too_big(path, "解压后过大", "inflates to too much")
            f.seek(0)
            wb = None
            try:
                wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
                return _sheet_rows(path, wb.worksheets[0])
            except UsageError:
                raise
            except MemoryError:
                raise _too_big(path, "解压后过大", "inflates to too much") from None
            except Exception as e:  # not a workbook, a malformed part, a password, a part that fails its checksum
                raise not_excel from e
            finally:
                if wb is not None:
                    wb.close()
    except OSError as e:
        raise UsageError(f"无法读取待办清单 {path.name}。请用 creditgap analyze --xlsx 生成的文件。",
                         f"Cannot read the to-do list {path.name}. Use the file analyze --xlsx wrote.") from e


def _sheet_rows(path: Path, ws: Any) -> list[list[str]]:
    from datetime import datetime

    def text(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, datetime):
            return v.date().isoformat()
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    # max_col: a row is never widened to a huge stated column count
    rows = _checked_rows(path, ([text(v) for v in values] for values in ws.iter_rows(values_only=True, max_col=100)))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows
