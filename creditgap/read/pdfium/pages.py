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
