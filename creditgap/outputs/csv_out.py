"""CSV text: the to-do list (the contract's columns, then ours), batch lists, the whole lender mapping.

CRLF line ends and cells a spreadsheet never takes for a formula; ``files.write_text_file`` adds the
BOM Excel needs to read it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..lenders import LENDER_COLUMNS, SOURCE_COLUMNS, Matcher
from ..model import Report
from .todo_rows import CSV_HEADERS, safe_cell, todo_values
from .wording import subject

if TYPE_CHECKING:
    from ..model import FileResult


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def todo_rows(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None,
              notes: Mapping[int, str] | None = None) -> list[list[str]]:
    """``todo_values`` as CSV text cells (a cell a spreadsheet would take for a formula is quoted)."""
    return [[_csv_cell(value) for value in row] for row in todo_values(report, lang, done, notes)]


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    """CSV text with CRLF line ends (no BOM; ``write_text_file`` adds it for files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def todo_csv(report: Report, lang: str = "zh", done: Mapping[int, date] | None = None,
             notes: Mapping[int, str] | None = None) -> str:
    """The to-do list as CSV text, one row per item (people filter it); ``done`` fills 办理日期 and
    ``notes`` 凭证/备注 by item id (the local page's fields)."""
    return csv_text(CSV_HEADERS[lang], todo_rows(report, lang, done, notes))


def batch_csv(results: list[FileResult], lang: str = "zh", show_pii: bool = False) -> str:
    """Every file's to-do list in one CSV: the file and whose report it is (masked) first."""
    rows = ([safe_cell(r.path.name), safe_cell(subject(r.report.header, show_pii)[0])] + row
            for r in results if r.report is not None for row in todo_rows(r.report, lang))
    return csv_text((["文件", "姓名"] if lang == "zh" else ["file", "subject"]) + CSV_HEADERS[lang], rows)


def lender_table_csv(matcher: Matcher) -> str:
    """``lenders --list``: the whole lender → platform table, in the mapping CSV's own columns."""
    rows = ([r.lender, "|".join(r.aliases), r.platform, r.lender_type, "yes" if r.online else "no", f"{r.weight:g}",
             r.confidence, r.source, r.source_kind, r.source_date, r.sources]
            for lender_rows in matcher.rows_by_lender.values() for r in lender_rows)
    return csv_text(list(LENDER_COLUMNS + SOURCE_COLUMNS), rows)
