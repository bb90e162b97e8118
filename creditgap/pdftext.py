"""Stage 1: PDF access. Opens a PDF with pdfplumber and yields, per page, its table rows and
the text lines outside tables, in reading order. Knows nothing about credit reports.

Pages are extracted once (tables and text in one pass), cached as plain strings, and closed right after use so memory stays
flat with the page count.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .errors import (
    LimitError,
    NoTextLayerError,
    PasswordRequiredError,
    PdfError,
    UsageError,
    WrongPasswordError,
)


ENGINES = ("auto", "pdfium", "pdfplumber")


@dataclass(frozen=True, slots=True)
class TextSettings:
    """How pages are read. ``drop_rotated`` removes diagonal watermark text."""

    drop_rotated: bool = True
    dedupe: bool = True  # some producers fake bold by printing each glyph twice
    max_pages: int = 300
    time_limit: float = 120.0  # seconds for one file, checked before each page
    # pdfium (pypdfium2) reads many times faster than pdfplumber; "auto" uses it where the guard
    # trusts a page and pdfplumber (the reference) elsewhere; "pdfplumber" never uses pdfium.
    engine: str = "auto"

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")
        if self.time_limit <= 0:
            raise ValueError("time_limit must be positive")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a page: a table row (``cells``) or a loose text line (``text``)."""

    page: int  # 1-based
    top: float
    cells: tuple[str | None, ...] | None = None
    text: str | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None

    def joined(self) -> str:
        """The whole line as one string; cells joined with a single space."""
        if self.cells is None:
            return self.text or ""
        return " ".join(c for c in self.cells if c)


def _is_upright(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = obj.get("matrix", (1, 0, 0, 1, 0, 0))[:4]
    return abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


class PdfText:
    """An open PDF. Use as a context manager; ``items(n)`` is cached."""

    def __init__(self, path: str | Path, password: str | None = None, settings: TextSettings | None = None):
        self.path = Path(path)
        self.settings = settings or TextSettings()
        self._pdf = _open(self.path, password)
        try:
            self.page_count = len(self._pdf.pages)
        except Exception as e:  # pdfminer raises many kinds on a broken page tree
            self._pdf.close()
            raise PdfError() from e
        if self.page_count > self.settings.max_pages:
            self._pdf.close()
            raise LimitError(
                f"这个 PDF 有 {self.page_count} 页，超过上限 {self.settings.max_pages} 页。确认文件无误后可用 --max-pages 调高上限。",
                f"This PDF has {self.page_count} pages, over the limit of {self.settings.max_pages}. "
                "If the file is right, raise it with --max-pages.",
            )
        self._items: dict[int, list[Item]] = {}
        self._lines: dict[int, list[Item]] = {}
        self._deadline = time.monotonic() + self.settings.time_limit
        self._fast = _open_pdfium(self.path, password) if self.settings.engine != "pdfplumber" else None

    def __enter__(self) -> PdfText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pdf.close()
        if self._fast is not None:
            self._fast.close()

    def sha256(self) -> str:
        h = hashlib.sha256()
        with self.path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
        return h.hexdigest()

    def _page(self, index: int) -> Any:
        try:
            page = self._pdf.pages[index]
        except Exception as e:
            raise PdfError() from e
        if self.settings.drop_rotated:
            page = page.filter(_is_upright)
        if self.settings.dedupe:
            page = page.dedupe_chars()
        return page

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise time_limit_error(self.settings.time_limit)

    def _read(self, index: int) -> list[Item]:
        self._check_time()
        raw = self._pdf.pages[index]
        try:
            page = self._page(index)
            items: list[Item] = []
            boxes: list[tuple[float, float, float, float]] = []
            for table in page.find_tables():
                boxes.append(table.bbox)
                for row, cells in zip(table.rows, table.extract()):
                    items.append(Item(page=index + 1, top=row.bbox[1], cells=tuple(cells)))
            rest = page.filter(lambda o: not _inside(o, boxes)) if boxes else page
            for line in rest.extract_text_lines(return_chars=False):
                items.append(Item(page=index + 1, top=line["top"], text=line["text"]))
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

    def items(self, index: int) -> list[Item]:
        """Table rows and loose text lines of page ``index`` (0-based), top to bottom."""
        if index not in self._items:
            self._items[index] = self._read(index)
        return self._items[index]

    def all_items(self) -> Iterator[Item]:
        for i in range(self.page_count):
            yield from self.items(i)

    def lines(self, index: int) -> list[Item]:
        """Text lines of page ``index`` (0-based), tables not told apart; pypdfium2 when available."""
        if index in self._items:
            return self._items[index]
        if self._fast is None:
            return self.items(index)
        if index not in self._lines:
            self._check_time()
            try:
                self._lines[index] = _pdfium_lines(self._fast, index)
            except Exception:  # pdfium and pdfminer differ on damaged files: take the slow path
                self._fast = None
                return self.items(index)
        return self._lines[index]

    def all_lines(self) -> Iterator[Item]:
        for i in range(self.page_count):
            yield from self.lines(i)

    def first_text(self, pages: int = 2) -> str:
        """Text of the first pages, for cheap layout identification."""
        return "\n".join(it.joined() for i in range(min(pages, self.page_count)) for it in self.lines(i))

    def require_text(self) -> None:
        """Raise NoTextLayerError when no page has any character (a scan or photo)."""
        for i in range(min(3, self.page_count)):
            if any(it.joined().strip() for it in self.lines(i)):
                return
        raise NoTextLayerError()


def _open_pdfium(path: Path, password: str | None) -> Any:
    try:
        import pypdfium2

        return pypdfium2.PdfDocument(str(path), password=password)
    except Exception:  # not installed, or it cannot open what pdfplumber could: use pdfplumber alone
        return None


def _pdfium_lines(doc: Any, index: int) -> list[Item]:
    """Lines of a page from pdfium's text layer, without rotated (watermark) characters."""
    import pypdfium2.raw as pdfium_c

    page = doc[index]
    textpage = page.get_textpage()
    try:
        chars = []
        for i in range(textpage.count_chars()):
            if not pdfium_c.FPDFText_IsGenerated(textpage, i) and abs(pdfium_c.FPDFText_GetCharAngle(textpage, i)) > 1e-3:
                continue
            chars.append(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)))
    finally:
        textpage.close()
        page.close()
    lines = [line for line in "".join(chars).replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    return [Item(page=index + 1, top=float(n), text=line) for n, line in enumerate(lines)]


def time_limit_error(seconds: float) -> LimitError:
    return LimitError(f"读取超过 {seconds:g} 秒仍未完成，已停止。文件可能异常；确认无误后可用 --timeout 调高上限。",
                      f"Reading took more than {seconds:g} s and was stopped. The file may be malformed; "
                      "if it is right, raise the limit with --timeout.")


def _open(path: Path, password: str | None) -> Any:
    if not path.exists():
        raise UsageError(f"找不到文件：{path.name}。请检查路径和文件名。", f"File not found: {path.name}. Check the path.")
    if path.is_dir():
        raise UsageError(f"{path.name} 是文件夹，不是 PDF 文件。", f"{path.name} is a folder, not a PDF file.")
    if path.stat().st_size == 0:
        raise PdfError(f"文件 {path.name} 是空的（0 字节）。请重新下载报告。", f"{path.name} is empty (0 bytes). Download the report again.")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PdfError(
            f"{path.name} 不是 PDF 文件。请提供征信中心或银行给您的 PDF 原件。",
            f"{path.name} is not a PDF file. Use the PDF the credit centre or your bank gave you.",
        )
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
