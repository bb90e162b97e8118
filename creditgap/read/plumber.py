"""The pdfplumber page path: the reference every other reader is tested against.

A page's tables (pdfplumber's default "lines" strategy) become table rows, the text outside them
text lines, in reading order. Rotated (watermark) characters are dropped; fake-bold copies are
removed by ``dedupe_chars`` where characters overlap (``has_duplicate_chars``: its cost, quadratic in
pdfplumber, is paid only there). pdfminer is imported only when a page needs this path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..errors import LimitError, PasswordRequiredError, PdfError, UsageError, WrongPasswordError
from .items import Item, TextSettings, normalize_text
from .tables import DEDUPE_TOL


def open_plumber(path: Path, password: str | None) -> Any:
    """pdfplumber's document, with its failures as the documented errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # forces the document to be parsed now
        return pdf
    except PDFPasswordIncorrect as e:
        raise (WrongPasswordError() if password else PasswordRequiredError()) from e
    except PDFEncryptionError as e:
        raise PdfError("这个 PDF 的加密方式不受支持。", "This PDF uses an unsupported encryption.") from e
    except (PDFSyntaxError, PSException) as e:
        raise PdfError() from e
    except LimitError:
        raise
    except Exception as e:  # pdfminer raises bare exceptions for many kinds of damage
        if type(e).__name__ == "PdfminerException" and isinstance(e.args[0] if e.args else None, PDFPasswordIncorrect):
            raise (WrongPasswordError() if password else PasswordRequiredError()) from e
        raise PdfError() from e


def filtered_page(pdf: Any, index: int, settings: TextSettings) -> Any:
    """pdfplumber's page ``index`` without rotated characters and fake-bold copies, as the settings say."""
    try:
        page = pdf.pages[index]
    except (PdfError, LimitError, UsageError):
        raise
    except Exception as e:
        raise PdfError() from e
    if settings.drop_rotated:
        page = page.filter(is_upright)
    if settings.dedupe and has_duplicate_chars(page.chars):  # dedupe_chars is most of this path's time
        page = page.dedupe_chars()
    return page


def read_page(pdf: Any, index: int, settings: TextSettings) -> list[Item]:
    """Page ``index`` (0-based) of pdfplumber's document ``pdf``: table rows and loose text lines, top to bottom."""
    raw = pdf.pages[index]
    try:
        page = filtered_page(pdf, index, settings)
        items: list[Item] = []
        boxes: list[tuple[float, float, float, float]] = []
        for table in page.find_tables():
            boxes.append(table.bbox)
            for row, cells in zip(table.rows, table.extract()):
                items.append(Item(page=index + 1, top=row.bbox[1],
                                  cells=tuple(None if c is None else normalize_text(c) for c in cells),
                                  xs=tuple(None if b is None else (b[0], b[2]) for b in row.cells), box=tuple(row.bbox)))
        rest = page.filter(lambda o: not inside(o, boxes)) if boxes else page
        for line in rest.extract_text_lines(return_chars=False):
            items.append(Item(page=index + 1, top=line["top"], text=normalize_text(line["text"]),
                              box=(line["x0"], line["top"], line["x1"], line["bottom"])))
    except (PdfError, LimitError):
        raise
    except Exception as e:  # a damaged content stream surfaces here, not at open
        raise PdfError(
            f"PDF 第 {index + 1} 页已损坏，无法读取。请重新下载报告。",
            f"Page {index + 1} of the PDF is damaged and cannot be read. Download the report again.",
        ) from e
    finally:
        raw.close()  # frees pdfplumber's per-page caches
    items.sort(key=lambda it: (it.top, 0 if it.is_row else 1))
    return items


def is_upright(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = obj.get("matrix", (1, 0, 0, 1, 0, 0))[:4]
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0


def inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def has_duplicate_chars(chars: Iterable[dict[str, Any]], tolerance: float = DEDUPE_TOL) -> bool:
    """True when pdfplumber's ``dedupe_chars(tolerance)`` would remove a character: two with the same
    upright, text, fontname and size whose doctop and x0 chain within ``tolerance`` (its clusters).

    When it is False, dedupe_chars returns the characters unchanged and in order, so skipping it
    changes nothing; pdfplumber's own implementation (quadratic: it sorts by ``list.index``) is about
    two thirds of the reference path's time on a page without a single overlap.
    """
    groups: dict[tuple, list[tuple[float, float]]] = {}
    for ch in chars:
        groups.setdefault((ch["upright"], ch["text"], ch["fontname"], ch["size"]), []).append((ch["doctop"], ch["x0"]))
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        start = 0
        for n in range(1, len(members) + 1):  # runs of doctop chained within the tolerance
            if n < len(members) and members[n][0] <= members[n - 1][0] + tolerance:
                continue
            if n - start > 1:
                xs = sorted(x for _, x in members[start:n])
                if any(b <= a + tolerance for a, b in zip(xs, xs[1:])):
                    return True
            start = n
    return False
