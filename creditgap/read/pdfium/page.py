"""The 详版 reading path on pypdfium2 alone: the same ``Item``s as ``plumber.read_page``, many times faster.

pdfplumber is the reference. Every stage below reproduces one step of it, on pdfium's data:

1. ``chars``       characters with pdfminer's boxes (pdfium's origin, font size, matrix and the PDF's
                    own glyph widths and font descent), rotated ones dropped, fake-bold duplicates
                    removed (``dedupe_chars``);
2. ``objects``     ruling lines from path objects, form XObjects included, classified the way pdfminer
                    classifies paths (line, rect, curve) and turned into edges the way pdfplumber does;
3. ``find_tables`` pdfplumber's default "lines" strategy (``read.tables``, shared with OCR);
4. ``text``        ``Table.extract()`` (``table_cells``) and ``extract_text_lines()`` (``text_lines``)
                    on the characters outside every table.

No pdfminer or pdfplumber import: the point is to skip their start-up and their per-character
Python objects. pdfium is asked for everything per character in one pass (ctypes calls are the
cost; each one is ~1 us).
"""

from __future__ import annotations

from typing import Any

import pypdfium2.raw as pdfium_c

from ..items import Item, normalize_text
from ..tables import find_tables
from .chars import Char, FontCache, dedupe_chars, page_chars
from .fidelity import unexplained
from .objects import page_edges, page_objects
from .pages import check_page_chars
from .text import chars_by_middle, inside, table_cells, text_lines


class Unsupported(Exception):
    """A page this path does not reproduce exactly (rotated page, offset MediaBox): read it with pdfplumber."""


def read_items(doc: Any, index: int, drop_rotated: bool = True, dedupe: bool = True,
               faithful: bool = False) -> list[Item] | None:
    """Table rows and loose text lines of page ``index`` (0-based), as ``plumber.read_page`` makes them.

    With ``faithful``, None when pdfium's text page left out text pdfminer reads (a text object
    without a character that is neither a space pdfium replaced nor an overprint dedupe removes;
    see fidelity.lost_text): pdfplumber must read the page."""
    page = doc[index]
    try:
        if pdfium_c.FPDFPage_GetRotation(page.raw) != 0:
            raise Unsupported("rotated page")
        left, bottom, right, top_ = page.get_mediabox()
        if left != 0 or bottom != 0:
            raise Unsupported("MediaBox not at the origin")
        height = top_ - bottom
        doctop0 = sum(doc.get_page_size(i)[1] for i in range(index))  # pdfplumber's doctop: heights of earlier pages
        textpage = page.get_textpage()
        try:
            check_page_chars(textpage, index)
            paths, dropped = page_objects(page, textpage)
            chars = page_chars(textpage, height, doctop0, FontCache(), drop_rotated, dropped)
        finally:
            textpage.close()
        if faithful and unexplained(dropped, drop_rotated):
            return None
        edges = page_edges(paths, height)
    finally:
        page.close()
    return items_from(chars, edges, index, dedupe)


def items_from(chars: list[Char], edges: list[dict], index: int, dedupe: bool = True) -> list[Item]:
    """Stages 3-5 on extracted characters and edges (split out so the bench can time them)."""
    # plumber.read_page passes cell and line text through normalize_text (radical code points a
    # browser's text layer uses -> ideographs); so does this path, so the Items are equal.
    _normalize = normalize_text
    if dedupe:
        chars = dedupe_chars(chars)
    items: list[Item] = []
    boxes = []
    by_middle = None
    for table in find_tables(edges):
        boxes.append((min(c[0] for c in table), min(c[1] for c in table), max(c[2] for c in table), max(c[3] for c in table)))
        by_middle = by_middle or chars_by_middle(chars)
        for box, row, xs in table_cells(table, chars, by_middle):
            items.append(Item(page=index + 1, top=box[1], cells=tuple(None if c is None else _normalize(c) for c in row), xs=xs,
                              box=box))
    rest = [ch for ch in chars if not inside(ch, boxes)] if boxes else chars
    for top, text, box in text_lines(rest):
        items.append(Item(page=index + 1, top=top, text=_normalize(text), box=box))
    items.sort(key=lambda it: (it.top, 0 if it.is_row else 1))
    return items
