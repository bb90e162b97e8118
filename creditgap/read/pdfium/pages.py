"""A document on pdfium, opened with its fonts installed, and what a page holds: text, or anything drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_pdfium(path: Path, password: str | None) -> Any:
    try:
        import pypdfium2

        from . import fonts

        fonts.ensure_installed()  # a font for every glyph, before pdfium maps any

        return pypdfium2.PdfDocument(str(path), password=password)
    except Exception:  # not installed, or it cannot open what pdfplumber could: use pdfplumber alone
        return None


def page_has_text(doc: Any, index: int) -> bool | None:
    """True when the page's text layer has a character that is not white space; None when pdfium
    cannot load the page (damage: the text paths say what is wrong)."""
    try:
        page = doc[index]
    except Exception:
        return None
    try:
        textpage = page.get_textpage()
        try:
            return bool(textpage.get_text_range().strip())
        finally:
            textpage.close()
    except Exception:
        return None
    finally:
        page.close()


def page_shows_something(doc: Any, index: int) -> bool:
    """True when the page draws anything (an image, paths, text): a blank page is not worth OCR.
    False for a page pdfium cannot load."""
    import pypdfium2.raw as pdfium_c

    try:
        page = doc[index]
    except Exception:
        return False
    try:
        return pdfium_c.FPDFPage_CountObjects(page.raw) > 0
    finally:
        page.close()


# characters on one page: a 详版 page has about 2,000; a page of a million glyphs (a text bomb)
# would take minutes and gigabytes to lay out, by pdfium's path or pdfplumber's
MAX_PAGE_CHARS = 50_000


def check_page_chars(textpage: Any, index: int) -> None:
    """Raise OversizedError (exit 3) when page ``index``'s text page holds over MAX_PAGE_CHARS characters."""
    import pypdfium2.raw as pdfium_c

    from ..streams import OversizedError

    count = pdfium_c.FPDFText_CountChars(textpage.raw if hasattr(textpage, "raw") else textpage)
    if count > MAX_PAGE_CHARS:
        raise OversizedError(f"这个 PDF 已损坏或内容过大：第 {index + 1} 页有 {count} 个字符（征信报告一页只有约 2000 个），已停止读取。"
                             "请重新下载报告。",
                             f"This PDF is damaged or oversized: page {index + 1} holds {count} characters (a credit report "
                             "page has about 2,000) and was not read. Download the report again.")
