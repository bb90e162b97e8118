"""The report's own lines behind a record: a PNG of the page at its ``where`` box (``creditgap show``,
the page's to-do cards). Rendered from the PDF when asked, in memory; nothing is written but what the
caller writes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Report, TodoItem, Where

MARGIN = 6.0  # points around the box, so that a row's rulings show
SCALE = 2.0  # pixels per point: 144 dpi, sharp enough for 9-point text


def record_where(report: Report, ref: str) -> Where | None:
    """The ``where`` of the account, agreement or liability ``ref`` (e.g. A12, P4, L1).

    Raises:
        UsageError: no record has that ref (exit 2).
    """
    for record in (*report.accounts, *report.agreements, *report.liabilities):
        if record.ref.upper() == ref.strip().upper():
            return record.where
    refs = " ".join(r.ref for r in (*report.accounts, *report.agreements, *report.liabilities))
    raise UsageError(f"报告里没有编号 {ref}。编号是待办清单“账户”列里的 A12、P4 这样的写法；这份报告有：{refs[:200]}",
                     f"The report has no ref {ref}. Refs are as in the to-do list's accounts column (A12, P4); "
                     f"this report has: {refs[:200]}")


def item_where(report: Report, item: TodoItem) -> Where | None:
    """Where a to-do item's first record (an account before an agreement) is printed."""
    for ref in item.accounts + item.agreements:
        if (where := record_where(report, ref)) is not None:
            return where
    return None


def crop_png(pdf: Any, where: Where, scale: float = SCALE, password: str | None = None) -> bytes:
    """The PNG of ``where`` on an open pypdfium2 document ``pdf`` (or a path), a margin around it."""
    import pypdfium2

    doc = pdf if isinstance(pdf, pypdfium2.PdfDocument) else pypdfium2.PdfDocument(str(Path(pdf)), password=password)
    try:
        page = doc[where.page - 1]
        try:
            left, bottom, right, top = page.get_mediabox()
            width, height = right - left, top - bottom
            x0, t, x1, b = where.box
            crop = (max(0.0, x0 - MARGIN), max(0.0, height - b - MARGIN), max(0.0, width - x1 - MARGIN), max(0.0, t - MARGIN))
            image = page.render(scale=scale, crop=crop, grayscale=True).to_pil()
        finally:
            page.close()
    finally:
        if doc is not pdf:
            doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
